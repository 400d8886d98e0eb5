"""The lessons' figures: static pictures a lesson shows (so it reads in a viewer that runs no
code), and the pictures the widgets build once and redraw in place. Each draws numbers computed
by the library, never by hand. Modules, in lesson order:

    start           lesson 00: a sine wave (the first slider's picture)
    training_loop   lesson 01: the data, loss curves, decision boundaries, three learning rates
    stepper         lesson 02: one forward pass step by step, as heat maps and as bars
    sentiment       lesson 04: the RNN's answer after every word, beside a bag of words
    vanishing       lesson 06: the explorer's picture, three regimes, the heat map, non-normal W_hh
    cliff           lesson 07: the loss cliff with a clipped and an unclipped step
    translation     lesson 08: accuracy by length, embeddings, attention maps, the translator
"""
