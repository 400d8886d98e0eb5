"""Exercise checkers, one module per lesson: ``from course_utils.exercises import check_...``.

A checker runs on the learner's answer and returns a ``Feedback``: Jupyter shows PASS or FAIL with
the reason (or "not attempted yet" while the ``...`` placeholder is untouched), and it is truthy
only on PASS. The one exception to the library's rule for ``check_*`` (raise on bad input): a
learner's answer is never bad input here, it is what is judged, so a checker never raises for
one. Modules:

    feedback        Feedback, and the helpers every checker uses to read an answer
    lesson00        the notation table: shapes of W_hx and of the hidden states
    lesson01        the output error signal, one gradient-descent step, the stopping rule,
                    momentum and Adam written as functions
    lesson02        one step of the recurrence by hand, counting parameters, one step's loss
    lesson03        the loss at initialisation, the line that carries the gradient, one BPTT step
    lesson04        wiring for a task, each sequence's last real step, a last-value forecast
    lesson05        parameters of a window network, where it overtakes the RNN, a padded loss
    lesson06        reading the bound, a linear ratio, a saturated regime
    lesson07        the two clipping rules, the forget bias, the size of an LSTM
"""
from .feedback import NOT_ATTEMPTED, Feedback  # noqa: F401
from .lesson00 import *  # noqa: F401,F403
from .lesson01 import *  # noqa: F401,F403
from .lesson02 import *  # noqa: F401,F403
from .lesson03 import *  # noqa: F401,F403
from .lesson04 import *  # noqa: F401,F403
from .lesson05 import *  # noqa: F401,F403
from .lesson06 import *  # noqa: F401,F403
from .lesson07 import *  # noqa: F401,F403
