"""The lessons' figures: static pictures a lesson shows (so it reads in a viewer that runs no
code), and the pictures the widgets build once and redraw in place. Each draws numbers computed
by the library, never by hand. Modules, in lesson order:

    start           lesson 00: a sine wave (the first slider's picture)
    training_loop   lesson 01: the data, loss curves, decision boundaries, three learning rates
    stepper         lesson 02: one forward pass step by step, as heat maps and as bars
    real_text       lesson 03b: bits per character against the baselines; a passage coloured by a unit
    sentiment       lesson 04: the RNN's answer after every word, beside a bag of words
    music           lesson 04b: piano rolls (one drawn once and blitted), the loss bar by bar
    vanishing       lesson 06: the unit circle under a matrix, the explorer's picture, three
                    regimes, the heat map, non-normal W_hh, the recall runs' gradient ratio
    cliff           lesson 07: the loss cliff with a clipped and an unclipped step
    translation     lesson 08: accuracy by length, embeddings, attention maps, the translator
"""
