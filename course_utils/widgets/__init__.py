"""The lessons' widgets (ipywidgets + matplotlib): controls and their callbacks, nothing else.

Each widget computes through pure functions of the library and draws through a figure of
``course_utils.figures`` (the same figure a lesson shows, static, beside the widget), built once
and changed in place on every move. Modules, in lesson order:

    live            LiveFigure: one figure redrawn in place in an Output area
    start           lesson 00: sine_slider, a first slider
    training_loop   lesson 01: training_loop_widget, a learning rate and "train N more steps"
    stepper         lesson 02: time_stepper, one forward pass step by step
    sentiment       lesson 04: sentiment_explorer, the RNN and a bag of words on one sentence
    music           lesson 04b: tune_maker, a temperature and a first bar; a tune drawn and played
    explorer        lessons 06-07: gradient_explorer, measured gradient norms against the bound
    cliff           lesson 07: cliff_explorer, the clipping threshold on the loss cliff
    translation     lesson 08: translation_explorer, a sentence's translation and attention map
"""
from .start import sine_slider  # noqa: F401
from .training_loop import training_loop_widget  # noqa: F401
from .stepper import time_stepper  # noqa: F401
from .sentiment import sentiment_explorer  # noqa: F401
from .music import tune_maker  # noqa: F401
from .explorer import gradient_explorer  # noqa: F401
from .cliff import cliff_explorer  # noqa: F401
from .translation import translation_explorer  # noqa: F401
