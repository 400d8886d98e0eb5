"""How every exercise checker answers: PASS or FAIL with the reason, or 'not attempted yet'.

Checkers never raise into a learner's face for a wrong answer: they print and return a bool.
The placeholder a learner replaces is ``...`` (Ellipsis).
"""
from __future__ import annotations

import numbers

import numpy as np

NOT_ATTEMPTED = "not attempted yet"


def untouched(answer) -> bool:
    """True while the learner has not replaced the ``...`` placeholder."""
    return answer is Ellipsis or answer is None


def report(exercise: str, ok: bool, reason: str) -> bool:
    print(f"{'PASS' if ok else 'FAIL'}: {exercise}: {reason}")
    return bool(ok)


def not_attempted(exercise: str, hint: str = "replace the ... with your answer and run the cell again") -> bool:
    print(f"{exercise}: {NOT_ATTEMPTED} ({hint})")
    return False


def as_number(answer) -> float | None:
    """The answer as a float, or None when it is not a real number (bools are not numbers)."""
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None
    return float(answer)


def as_whole_number(answer) -> int | None:
    """The answer as an int when it is a whole-number type (bools are not numbers), else None."""
    if isinstance(answer, bool) or not isinstance(answer, numbers.Integral):
        return None
    return int(answer)


def as_array(answer, shape: tuple) -> np.ndarray | None:
    """The answer as a float array of ``shape`` (a flat answer may fill a 1-D shape), or None."""
    try:
        arr = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if len(shape) == 1 and arr.size == shape[0]:
        arr = arr.reshape(shape)
    return arr if arr.shape == tuple(shape) else None
