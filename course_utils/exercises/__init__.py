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
    lesson03b       bits per character from nats, an add-k bigram baseline, Pearson's r
    lesson04        wiring for a task, each sequence's last real step, a last-value forecast
    lesson04b       the loss of a uniform guess, counting full bars, notes to a waveform
    lesson05        what a longer window adds, where it overtakes the RNN, a padded loss, the
                    masked mean loss as code
    lesson06        reading the bound, the sigmoid's bound, a saturated regime, one step's
                    Jacobian and power iteration for λ₁ as code
    lesson07        the clipping rules, clipping by norm in code, the forget bias, why gated
                    gradients survive, one LSTM step in code, the size of an LSTM
    lesson08        the decoder's inputs, the attention weights of one step, one step of beam search
"""
from .feedback import NOT_ATTEMPTED, Feedback  # noqa: F401
from .lesson00 import *  # noqa: F401,F403
from .lesson01 import *  # noqa: F401,F403
from .lesson02 import *  # noqa: F401,F403
from .lesson03 import *  # noqa: F401,F403
from .lesson03b import *  # noqa: F401,F403
from .lesson04 import *  # noqa: F401,F403
from .lesson04b import *  # noqa: F401,F403
from .lesson05 import *  # noqa: F401,F403
from .lesson06 import *  # noqa: F401,F403
from .lesson07 import *  # noqa: F401,F403
from .lesson08 import *  # noqa: F401,F403
