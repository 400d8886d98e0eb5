"""Lesson 07 checkers: the two clipping rules, the forget bias, the size of an LSTM."""
from __future__ import annotations

import numpy as np

from .feedback import Feedback, as_number, as_whole_number, not_attempted, report, untouched

__all__ = ["check_clipping_rules", "check_forget_bias", "check_lstm_size"]


def _pair(answer):
    """The answer as a float array of shape (2,), or None if it is not a pair of numbers."""
    try:
        arr = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr if arr.shape == (2,) and np.all(np.isfinite(arr)) else None


def check_clipping_rules(norm_clipped, elementwise_clipped) -> Feedback:
    """g = (3, 4): clipped by norm at 1, and element-wise at 1. Two pairs of numbers."""
    name = "the two clipping rules"
    if untouched(norm_clipped) or untouched(elementwise_clipped):
        return not_attempted(name, "replace both ... with pairs such as (0.5, 0.5)")
    a, b = _pair(norm_clipped), _pair(elementwise_clipped)
    if a is None or b is None:
        return report(name, False, "give each answer as a pair of two numbers, e.g. (0.5, 0.5)")
    right_a, right_b = np.array([0.6, 0.8]), np.array([1.0, 1.0])
    if np.allclose(a, right_b) and np.allclose(b, right_a):
        return report(name, False, "the two answers are swapped: which rule keeps the direction (3, 4)?")
    if not np.allclose(a, right_a, atol=1e-3):
        if not np.isclose(np.linalg.norm(a), 1.0, atol=1e-3):
            return report(name, False, f"{tuple(a)} has norm {np.linalg.norm(a):.3g}; clipping by norm at 1 "
                                       "leaves a vector of norm exactly 1")
        return report(name, False, "norm 1 is right, but clipping by norm keeps the direction of (3, 4)")
    if not np.allclose(b, right_b, atol=1e-3):
        return report(name, False, "element-wise clipping cuts each entry to [-1, 1] on its own: "
                                   "3 -> ?, 4 -> ?")
    return report(name, True, "norm clipping gives (0.6, 0.8), the same direction; element-wise gives "
                              "(1, 1), turned by 8.1 degrees")


def check_forget_bias(answer) -> Feedback:
    """The forget-gate bias b_f with sigmoid(b_f)^50 = 0.1 (inputs ignored)."""
    name = "forget bias for 10% after 50 steps"
    if untouched(answer):
        return not_attempted(name)
    if as_number(answer) is None or not np.isfinite(answer):
        return report(name, False, f"give one number, the bias b_f; you gave {answer!r}")
    keep = 0.1 ** (1 / 50)                      # the forget gate needed: 0.955
    right = float(np.log(keep / (1 - keep)))    # its bias: the logit of that, 3.05
    if abs(answer - keep) < 2e-3:
        return report(name, False, f"{answer:.3g} is the gate value sigmoid(b_f); now undo the sigmoid to get b_f")
    if abs(answer - right) <= 0.02 * right:
        return report(name, True, f"b_f = {right:.2f}: sigmoid(b_f) = {keep:.3f}, and {keep:.3f}^50 = 0.1. "
                                  "With the default 1.0 only 0.73^50, about 2e-7, would be left")
    got = 1 / (1 + np.exp(-answer))
    return report(name, False, f"with b_f = {answer:.3g} the gate is {got:.3f} and {got:.3f}^50 = "
                               f"{got ** 50:.2g}, not 0.1")


def check_lstm_size(answer) -> Feedback:
    """Number of parameters of init_lstm(5, 32, 4): D = 5, H = 32, V = 4."""
    name = "parameters of an LSTM"
    if untouched(answer):
        return not_attempted(name)
    if as_whole_number(answer) is None:
        return report(name, False, f"give a whole number; you gave {answer!r}")
    D, H, V = 5, 32, 4
    gates = 4 * H * (D + H + 1)
    head = V * (H + 1)
    if answer == gates + head:
        return report(name, True, f"4H(D + H + 1) + V(H + 1) = {gates} + {head}: four times a vanilla "
                                  "RNN's recurrent layer, the same output layer")
    if answer == gates:
        return report(name, False, "that is the gates alone: add the output layer W_s and b_s")
    if answer == H * (D + H + 1) + head:
        return report(name, False, "that is a vanilla RNN: an LSTM has four such blocks (i, f, o, g)")
    return report(name, False, f"{answer} is not it; count W_hx (4H, D), W_hh (4H, H), b_h (4H,), "
                               "W_s (V, H), b_s (V,)")
