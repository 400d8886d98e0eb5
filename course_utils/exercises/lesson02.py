"""Lesson 02 checkers: one step of the recurrence, counting parameters, the cross-entropy."""
from __future__ import annotations

import numpy as np

from .. import rnn
from .feedback import Feedback, as_array, as_whole_number, not_attempted, report, untouched

__all__ = ["H1_EXERCISE", "PARAMETER_COUNT_EXERCISE", "LOSS_EXERCISE",
           "check_h1", "check_parameter_count", "check_step_loss", "check_rnn_step"]

# Exercise 1: h_1 = tanh(W_hh h_0 + W_hx x_1), column vectors, no biases.
H1_EXERCISE = {
    "W_hx": np.array([[0.5, -1.0, 0.0],
                      [0.0, 1.0, 2.0]]),          # (H, D) = (2, 3)
    "W_hh": np.array([[1.0, 0.5],
                      [-0.5, 1.0]]),              # (H, H)
    "h_0": np.array([0.2, -0.4]),                 # (H,)
    "x_1": np.array([0.0, 1.0, 0.0]),             # (D,): token 1, one-hot
}
# Exercise 2: the library's RNN (with biases) for characters: min-char-rnn's sizes, not the lesson's.
PARAMETER_COUNT_EXERCISE = {"D": 65, "H": 100, "V": 65, "T": 25}
# Exercise 3: one step's loss J_t for a prediction and a target class.
LOSS_EXERCISE = {"y_hat": np.array([0.7, 0.2, 0.1]), "target": 1}


def _h1(W_hh, h_0, W_hx, x_1):
    return np.tanh(W_hh @ h_0 + W_hx @ x_1)


def _fmt(vec, digits=3) -> str:
    return "[" + ", ".join(f"{v:.{digits}f}" for v in vec) + "]"


def _rounded(vec, right) -> bool:
    """True when vec is right rounded (or cut) to 1 or 2 decimals: a method that was right."""
    for digits in (1, 2):
        scale = 10.0 ** digits
        for cut in (np.round(right, digits), np.trunc(right * scale) / scale):
            if np.allclose(vec, cut, rtol=0, atol=1e-9):
                return True
    return False


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
    if _rounded(vec, right):
        return report(name, False, "[" + ", ".join(f"{v:g}" for v in vec) + "] is close, but rounded too much: give 3 decimals "
                                   "(or the unrounded numbers)")
    if close(e["W_hh"] @ e["h_0"] + e["W_hx"] @ e["x_1"]):
        return report(name, False, "that is the pre-activation W_hh h_0 + W_hx x_1: apply f = tanh to it")
    if close(np.tanh(e["W_hx"] @ e["x_1"])):
        return report(name, False, "h_0 is not zero here: W_hh h_0 must be added before tanh")
    if close(_h1(e["W_hh"].T, e["h_0"], e["W_hx"], e["x_1"])):
        return report(name, False, "you used W_hh transposed: row i of W_hh times h_0 gives entry i")
    return report(name, False, f"{_fmt(vec)} is not tanh(W_hh h_0 + W_hx x_1); "
                               "compute the two products first, add them, then take tanh")


def _parameter_sizes() -> dict:
    """{name: size} of the library's RNN for PARAMETER_COUNT_EXERCISE (W_hx, W_hh, b_h, W_s, b_s)."""
    D, H, V = (PARAMETER_COUNT_EXERCISE[k] for k in "DHV")
    return {k: int(v.size) for k, v in rnn.init_params(D, H, V).items()}


def check_parameter_count(answer) -> Feedback:
    """Number of parameters (weights and biases) of the library's RNN for PARAMETER_COUNT_EXERCISE."""
    name = "parameter count"
    if untouched(answer):
        return not_attempted(name)
    if as_whole_number(answer) is None:
        return report(name, False, f"give a whole number; you gave {answer!r}")
    T = PARAMETER_COUNT_EXERCISE["T"]
    sizes = _parameter_sizes()
    total = sum(sizes.values())
    weights = sum(v for k, v in sizes.items() if k.startswith("W_"))
    if answer == total:
        terms = " + ".join(str(sizes[k]) for k in ("W_hx", "W_hh", "b_h", "W_s", "b_s"))
        return report(name, True, f"H·D + H·H + H + V·H + V = {terms} = {total}, whatever the sequence length")
    if answer == weights:
        return report(name, False, "you counted the weights only; the library also has the biases b_h (H) and b_s (V)")
    if answer in (total * T, weights * T):
        return report(name, False, f"the same weights serve every step: the count does not grow with T = {T}")
    if answer in (total - sizes["W_hh"], weights - sizes["W_hh"]):
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


# ---------------------------------------------------------------- exercise 4: one step, in code

def _step_case(seed, B=3, D=5, H=4) -> dict:
    """A fresh case for rnn_step: B sequences, D inputs != H units, a non-zero state and bias."""
    params = rnn.init_params(D, H, 2, seed=seed)
    rng = np.random.default_rng(seed)
    params["b_h"] = rng.standard_normal(H)
    return {"x_t": rng.standard_normal((B, D)), "h_prev": np.tanh(rng.standard_normal((B, H))),
            "W_hx": params["W_hx"], "W_hh": params["W_hh"], "b_h": params["b_h"], "params": params}


def _library_step(case) -> np.ndarray:
    """h_1 computed by the library's forward pass, one step long, from h_prev."""
    hs, _ = rnn.forward(case["params"], case["x_t"][None], h0=case["h_prev"])
    return hs[0]


def _rnn_step_slip(got, case) -> str:
    """The reason for the commonest slips, recognised by recomputing them."""
    x, h, W_hx, W_hh, b = (case[k] for k in ("x_t", "h_prev", "W_hx", "W_hh", "b_h"))
    slips = [
        (x @ W_hx.T + h @ W_hh.T + b, "tanh is missing: h_t = np.tanh(a_t)"),
        (np.tanh(x @ W_hx.T + h @ W_hh + b), "h_prev @ W_hh uses W_hh untransposed: in rows, the "
                                              "column form W_hh h_{t-1} becomes h_prev @ W_hh.T"),
        (np.tanh(x @ W_hx.T + h @ W_hh.T), "the bias b_h is missing"),
        (np.tanh(x @ W_hx.T + b), "h_prev is missing: the past enters through h_prev @ W_hh.T"),
        (np.tanh(h @ W_hh.T + b), "x_t is missing: the input enters through x_t @ W_hx.T"),
    ]
    for value, reason in slips:
        if np.allclose(got, value, rtol=1e-10, atol=1e-12):
            return reason
    return "h_t differs from tanh(x_t @ W_hx.T + h_prev @ W_hh.T + b_h); check each term's shape"


def check_rnn_step(rnn_step) -> Feedback:
    """rnn_step(x_t (B, D), h_prev (B, H), W_hx (H, D), W_hh (H, H), b_h (H,)) -> h_t (B, H), tanh,
    row form; tried on fresh cases against the library's forward pass."""
    name = "one step of the RNN, in code"
    if untouched(rnn_step):
        return not_attempted(name)
    if not callable(rnn_step):
        return report(name, False, f"give the function itself (rnn_step, without brackets); you gave {rnn_step!r}")
    for seed in (11, 12):
        case = _step_case(seed)
        want = _library_step(case)
        try:
            with np.errstate(all="ignore"):
                got = rnn_step(*(case[k].copy() for k in ("x_t", "h_prev", "W_hx", "W_hh", "b_h")))
        except Exception as exc:   # a learner's bug must not end in a traceback
            return report(name, False, f"your function raised {type(exc).__name__}: {exc}")
        if untouched(got):
            return not_attempted(name, "replace the ... in the function's body, then run the cell again")
        got = as_array(got, want.shape)
        if got is None:
            return report(name, False, f"return h_t as an array of shape (B, H) = {want.shape}")
        if not np.allclose(got, want, rtol=1e-10, atol=1e-12):
            return report(name, False, _rnn_step_slip(got, case))
    return report(name, True, "h_t = np.tanh(x_t @ W_hx.T + h_prev @ W_hh.T + b_h), the same as "
                              "the library's forward pass on fresh inputs")
