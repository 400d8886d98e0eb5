"""Lesson 02 checkers: one step of the recurrence, counting parameters, the cross-entropy."""
from __future__ import annotations


import numpy as np

from .feedback import Feedback, as_array, as_whole_number, not_attempted, report, untouched

__all__ = ["H1_EXERCISE", "PARAMETER_COUNT_EXERCISE", "LOSS_EXERCISE",
           "check_h1", "check_parameter_count", "check_step_loss"]

# Exercise 1: h_1 = tanh(W_hh h_0 + W_hx x_1), column vectors, no biases.
H1_EXERCISE = {
    "W_hx": np.array([[0.5, -1.0, 0.0],
                      [0.0, 1.0, 2.0]]),          # (H, D) = (2, 3)
    "W_hh": np.array([[1.0, 0.5],
                      [-0.5, 1.0]]),              # (H, H)
    "h_0": np.array([0.2, -0.4]),                 # (H,)
    "x_1": np.array([0.0, 1.0, 0.0]),             # (D,): token 1, one-hot
}
# Exercise 2: the library's RNN (with biases) for characters.
PARAMETER_COUNT_EXERCISE = {"D": 27, "H": 64, "V": 27, "T": 50}
# Exercise 3: one step's loss J_t for a prediction and a target class.
LOSS_EXERCISE = {"y_hat": np.array([0.7, 0.2, 0.1]), "target": 1}


def _h1(W_hh, h_0, W_hx, x_1):
    return np.tanh(W_hh @ h_0 + W_hx @ x_1)


def _fmt(vec, digits=3) -> str:
    return "[" + ", ".join(f"{v:.{digits}f}" for v in vec) + "]"


def check_h1(answer) -> Feedback:
    """h_1 for H1_EXERCISE: a vector of H = 2 numbers (3 decimals are enough)."""
    name = "h_1 by hand"
    if untouched(answer):
        return not_attempted(name)
    vec = as_array(answer, (2,))
    if vec is None:
        return report(name, False, f"give the 2 numbers of h_1 (H = 2), e.g. [0.1, -0.2]; you gave {answer!r}")
    e = H1_EXERCISE
    right = _h1(e["W_hh"], e["h_0"], e["W_hx"], e["x_1"])
    close = lambda v: np.allclose(vec, v, atol=2e-3)   # noqa: E731
    if close(right):
        pre = e["W_hh"] @ e["h_0"] + e["W_hx"] @ e["x_1"]
        return report(name, True, f"h_1 = tanh({_fmt(pre, 1)}) = {_fmt(right)}")
    if close(e["W_hh"] @ e["h_0"] + e["W_hx"] @ e["x_1"]):
        return report(name, False, "that is the pre-activation W_hh h_0 + W_hx x_1: apply f = tanh to it")
    if close(np.tanh(e["W_hx"] @ e["x_1"])):
        return report(name, False, "h_0 is not zero here: W_hh h_0 must be added before tanh")
    if close(_h1(e["W_hh"].T, e["h_0"], e["W_hx"], e["x_1"])):
        return report(name, False, "you used W_hh transposed: row i of W_hh times h_0 gives entry i")
    return report(name, False, f"{_fmt(vec)} is not tanh(W_hh h_0 + W_hx x_1); "
                               "compute the two products first, add them, then take tanh")


def check_parameter_count(answer) -> Feedback:
    """Number of parameters (weights and biases) of the library's RNN for PARAMETER_COUNT_EXERCISE."""
    name = "parameter count"
    if untouched(answer):
        return not_attempted(name)
    if as_whole_number(answer) is None:
        return report(name, False, f"give a whole number; you gave {answer!r}")
    D, H, V, T = (PARAMETER_COUNT_EXERCISE[k] for k in "DHVT")
    weights = H * D + H * H + V * H
    total = weights + H + V
    if answer == total:
        return report(name, True, f"H·D + H·H + H + V·H + V = {H*D} + {H*H} + {H} + {V*H} + {V} = {total}, "
                                  f"whatever the sequence length")
    if answer == weights:
        return report(name, False, "you counted the weights only; the library also has the biases b_h (H) and b_s (V)")
    if answer in (total * T, weights * T):
        return report(name, False, f"the same weights serve every step: the count does not grow with T = {T}")
    if answer in (H * D + H + V * H + V, H * D + V * H):
        return report(name, False, "you forgot W_hh, the recurrent (H, H) matrix")
    return report(name, False, f"{answer} is not the sum of the sizes of W_hx, W_hh, b_h, W_s, b_s")


def _one_number(answer) -> float | None:
    """A real number, or an array of exactly one (``-np.log(y_hat[y == 1])`` gives shape (1,))."""
    try:
        raw = np.asarray(answer)
    except (TypeError, ValueError):
        return None
    if raw.dtype.kind not in "iuf" or raw.size != 1:      # no bools, strings, dicts, lists of two
        return None
    return float(raw.reshape(-1)[0])


def check_step_loss(answer) -> Feedback:
    """J_t = -sum_i y_i log y^_i for LOSS_EXERCISE (natural log; 3 decimals are enough)."""
    name = "one step's cross-entropy"
    if untouched(answer):
        return not_attempted(name)
    number = _one_number(answer)
    if number is None:
        return report(name, False, f"give one number; you gave {answer!r}")
    answer = number
    p = LOSS_EXERCISE["y_hat"][LOSS_EXERCISE["target"]]
    right = -np.log(p)
    if np.isclose(answer, right, atol=2e-3):
        return report(name, True, f"only the target's term survives: -log {p:g} = {right:.3f}")
    if np.isclose(answer, -right, atol=2e-3):
        return report(name, False, "the sign is missing: log of a probability is <= 0, the loss must be >= 0")
    if np.isclose(answer, -np.log10(p), atol=2e-3):
        return report(name, False, "that is log base 10; the cross-entropy uses the natural log (np.log)")
    if np.isclose(answer, -np.log(LOSS_EXERCISE["y_hat"].max()), atol=2e-3):
        return report(name, False, "that is -log of the largest probability; use the target class's probability")
    return report(name, False, f"{answer} is not -sum_i y_i log y^_i; with a one-hot y only one term is non-zero")
