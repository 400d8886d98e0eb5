"""Exercise checkers, one module per lesson; each prints PASS/FAIL with the reason.

from course_utils.exercises import check_...
"""
from ._feedback import NOT_ATTEMPTED, not_attempted, report, untouched  # noqa: F401
from .lesson00 import *  # noqa: F401,F403
from .lesson01 import *  # noqa: F401,F403
from .lesson02 import *  # noqa: F401,F403
from .lesson03 import *  # noqa: F401,F403
from .lesson04 import *  # noqa: F401,F403
from .lesson05 import *  # noqa: F401,F403
from .lesson06 import *  # noqa: F401,F403
from .lesson07 import *  # noqa: F401,F403
