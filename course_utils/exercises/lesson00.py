"""Lesson 00 checkers: reading the notation table."""
from __future__ import annotations

import numbers

from .feedback import Feedback, not_attempted, report, untouched

__all__ = ["check_shape_W_hx", "check_hidden_states_shape"]


def _as_shape(answer):
    """A tuple (or list) of whole numbers as a tuple, e.g. [16, 10] -> (16, 10); None for anything else."""
    if isinstance(answer, (tuple, list)) and all(
            isinstance(k, numbers.Integral) and not isinstance(k, bool) for k in answer):
        return tuple(int(k) for k in answer)
    return None


def check_shape_W_hx(answer) -> Feedback:
    """D = 10 inputs, H = 16 hidden units, V = 5 outputs: the shape of W_hx, as a tuple."""
    name = "shape of W_hx"
    if untouched(answer):
        return not_attempted(name)
    shape = _as_shape(answer)
    if shape is None:
        return report(name, False, f"give a tuple of whole numbers such as (3, 4); you gave {answer!r}")
    answer = shape
    if answer == (16, 10):
        return report(name, True, "W_hx maps an input (D = 10) to the hidden layer (H = 16): (H, D)")
    if answer == (10, 16):
        return report(name, False, "that is W_hx.T: the code multiplies x_t @ W_hx.T, but W_hx itself is (H, D)")
    return report(name, False, f"{answer} is not (H, D); look at the W_hx row of the table")


def check_hidden_states_shape(answer) -> Feedback:
    """T = 20 steps, B = 8 sequences, H = 16: the shape of hs returned by forward."""
    name = "shape of hs"
    if untouched(answer):
        return not_attempted(name)
    shape = _as_shape(answer)
    if shape is None:
        return report(name, False, f"give a tuple of whole numbers such as (3, 4, 5); you gave {answer!r}")
    answer = shape
    if answer == (20, 8, 16):
        return report(name, True, "time-major: (T, B, H)")
    if sorted(answer) == [8, 16, 20]:
        return report(name, False, "right sizes, wrong order: the course is time-major, time comes first")
    return report(name, False, f"{answer} is not (T, B, H)")
