"""course_utils: the NumPy code under the course "Recurrent Neural Networks, from the training
loop to vanishing gradients".

Modules: rnn (vanilla RNN + BPTT), gradients (gradient checking, gradient norms through time),
train (optimisers, clipping, loop), data (data sets), plots (style), widgets, diagrams
(draws images/), exercises (checkers).
"""
__version__ = "0.1.0"
