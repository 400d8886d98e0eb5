"""How every exercise checker answers: a Feedback, PASS or FAIL with the reason, or not attempted yet.

A checker judges a learner's answer; a wrong or malformed answer is what it is there to judge, so
it never raises for one (the lessons' promise) and never prints. It returns a ``Feedback``, which
Jupyter shows as one line (coloured HTML, or the plain text), and which is truthy only on PASS.
The placeholder a learner replaces is ``...`` (Ellipsis).
"""
from __future__ import annotations

import html
import numbers

import numpy as np

NOT_ATTEMPTED = "not attempted yet"
PASS, FAIL = "PASS", "FAIL"
# Okabe & Ito's green and vermillion, as in plots.COLORS (imported from there it would pull in
# matplotlib for every checker)
_VERDICT_COLOURS = {PASS: "#009E73", FAIL: "#D55E00", NOT_ATTEMPTED: "#555555"}


class Feedback:
    """A checker's verdict on one answer: ``verdict`` is PASS, FAIL or NOT_ATTEMPTED, ``reason``
    says why (for NOT_ATTEMPTED: what to do). ``bool(feedback)`` is True only on PASS."""

    __slots__ = ("exercise", "verdict", "reason")

    def __init__(self, exercise: str, verdict: str, reason: str):
        if verdict not in _VERDICT_COLOURS:
            raise ValueError(f"verdict must be one of {tuple(_VERDICT_COLOURS)}, got {verdict!r}")
        self.exercise, self.verdict, self.reason = exercise, verdict, reason

    def __bool__(self) -> bool:
        return self.verdict == PASS

    def __str__(self) -> str:
        if self.verdict == NOT_ATTEMPTED:
            return f"{self.exercise}: {NOT_ATTEMPTED} ({self.reason})"
        return f"{self.verdict}: {self.exercise}: {self.reason}"

    __repr__ = __str__          # what a console and Jupyter's text/plain show

    def _repr_html_(self) -> str:
        colour = _VERDICT_COLOURS[self.verdict]
        if self.verdict == NOT_ATTEMPTED:
            text = (f"{html.escape(self.exercise)}: <b style='color:{colour}'>{NOT_ATTEMPTED}</b> "
                    f"({html.escape(self.reason)})")
        else:
            text = (f"<b style='color:{colour}'>{self.verdict}</b>: {html.escape(self.exercise)}: "
                    f"{html.escape(self.reason)}")
        return f"<div style='white-space: pre-wrap'>{text}</div>"


def untouched(answer) -> bool:
    """True while the learner has not replaced the ``...`` placeholder."""
    return answer is Ellipsis or answer is None


def report(exercise: str, ok: bool, reason: str) -> Feedback:
    """PASS (ok) or FAIL, with the reason."""
    return Feedback(exercise, PASS if ok else FAIL, reason)


def not_attempted(exercise: str,
                  hint: str = "replace the ... with your answer and run the cell again") -> Feedback:
    return Feedback(exercise, NOT_ATTEMPTED, hint)


def call_learner(exercise: str, fn, *args,
                 placeholder: str = "replace the ... in the function's body, then run the cell again"):
    """Run the learner's function on ``args``: (what it returned, None), or (None, the Feedback to
    give) when it raised (a learner's bug must not end in a traceback) or still returns ``...``."""
    try:
        got = fn(*args)
    except Exception as exc:
        return None, report(exercise, False, f"your function raised {type(exc).__name__}: {exc}")
    if untouched(got):
        return None, not_attempted(exercise, placeholder)
    return got, None


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


def echo(answer) -> str:
    """An answer as the learner would write it: text in quotes, numbers plainly (0.2, not
    np.float64(0.2)), arrays and lists through their plain values."""
    if isinstance(answer, str):
        return repr(answer)
    if isinstance(answer, (np.ndarray, list, tuple)):
        try:
            return str(np.asarray(answer).tolist())
        except (TypeError, ValueError):
            return repr(answer)
    if isinstance(answer, np.generic):
        return repr(answer.item())
    return repr(answer)
