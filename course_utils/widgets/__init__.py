"""Interactive widgets of the lessons (ipywidgets + matplotlib). One module per widget.

Each widget has a pure function behind it (tested without a browser) and a static figure
function for viewers that run no code.
"""
from .start import sine_slider  # noqa: F401
from .training_loop import training_loop_widget  # noqa: F401
from .stepper import time_stepper  # noqa: F401
from .explorer import gradient_explorer  # noqa: F401
from .sentiment import sentiment_explorer  # noqa: F401
from .cliff import cliff_explorer  # noqa: F401
