"""Lesson 07 checkers: the two clipping rules, clipping by norm in code, the forget bias, why gated
gradients survive, one LSTM step in code, the size of an LSTM."""
from __future__ import annotations

from functools import lru_cache
from itertools import permutations

import numpy as np

from .. import gated, gated_step, rnn
from ..gradients import gated_flow, per_step_factor
from ..train import clip_by_global_norm, clip_elementwise, global_norm, gradient_angle
from .feedback import Feedback, as_number, as_whole_number, not_attempted, report, untouched

__all__ = ["check_clipping_rules", "check_clip_by_norm", "check_forget_bias", "check_gated_reason",
           "check_lstm_step", "check_lstm_size"]


def _pair(answer):
    """The answer as a float array of shape (2,), or None if it is not a pair of numbers."""
    try:
        arr = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr if arr.shape == (2,) and np.all(np.isfinite(arr)) else None


def _show(v) -> str:
    """A pair as plain numbers: (0.6, 0.8), never (np.float64(0.6), ...)."""
    return "(" + ", ".join(f"{float(x):.4g}" for x in v) + ")"


def check_clipping_rules(norm_clipped, elementwise_clipped) -> Feedback:
    """g = (3, 4): clipped by norm at 1, and element-wise at 1. Two pairs of numbers."""
    name = "the two clipping rules"
    if untouched(norm_clipped) or untouched(elementwise_clipped):
        return not_attempted(name, "replace both ... with pairs such as (0.5, 0.5)")
    a, b = _pair(norm_clipped), _pair(elementwise_clipped)
    if a is None or b is None:
        return report(name, False, "give each answer as a pair of two numbers, e.g. (0.5, 0.5)")
    g = {"g": np.array([3.0, 4.0])}
    right_a, right_b = clip_by_global_norm(g, 1.0)[0]["g"], clip_elementwise(g, 1.0)["g"]
    if np.allclose(a, right_b) and np.allclose(b, right_a):
        return report(name, False, "the two answers are swapped: which rule keeps the direction (3, 4)?")
    if not np.allclose(a, right_a, atol=1e-3):
        if not np.isclose(np.linalg.norm(a), 1.0, atol=1e-3):
            return report(name, False, f"{_show(a)} has norm {np.linalg.norm(a):.3g}; clipping by norm at 1 "
                                       "leaves a vector of norm exactly 1")
        return report(name, False, "norm 1 is right, but clipping by norm keeps the direction of (3, 4)")
    if not np.allclose(b, right_b, atol=1e-3):
        return report(name, False, "element-wise clipping cuts each entry to [-1, 1] on its own: "
                                   "3 -> ?, 4 -> ?")
    turn = gradient_angle(g, {"g": right_b})
    return report(name, True, f"norm clipping gives {_show(right_a)}, the same direction; element-wise "
                              f"gives {_show(right_b)}, turned by {turn:.1f} degrees")


# ---------------------------------------------------------------- clipping by norm, in code

def _clip_cases():
    """(grads, max_norm) pairs: one to clip, whose arrays differ in size, and one to leave alone."""
    rng = np.random.default_rng(7)
    big = {"W_hh": 3.0 * rng.standard_normal((3, 3)), "b_h": 0.1 * rng.standard_normal(3)}
    small = {"W_hh": 0.05 * rng.standard_normal((3, 3)), "b_h": 0.05 * rng.standard_normal(3)}
    return [(big, 2.0), (small, 2.0)]


def _clip_slip(got, grads, max_norm) -> str:
    """Why ``got`` differs from clipping ``grads`` by their global norm: the slip, recognised."""
    norm = global_norm(grads)
    slips = [
        ({k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()},
         "you clipped each parameter by its own norm; clipping by norm scales ALL arrays by one factor, "
         "max_norm / ||g||, where ||g|| is the norm of every entry of every array together"),
        ({k: g * (max_norm / norm) for k, g in grads.items()},
         f"a gradient whose norm ({norm:.3g}) is already below max_norm ({max_norm:g}) must be left "
         "unchanged; scale only when ||g|| > max_norm"),
        ({k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()},
         "that is element-wise clipping (np.clip); clipping by norm multiplies every entry by one factor"),
        ({k: g * (norm / max_norm) for k, g in grads.items()},
         "the factor is upside down: multiply by max_norm / ||g||, which is below 1, not ||g|| / max_norm"),
        (grads, f"the gradient came back unchanged, but its norm {norm:.3g} is above max_norm {max_norm:g}"),
    ]
    for wrong, why in slips:
        if all(np.allclose(got[k], wrong[k], rtol=1e-9, atol=1e-12) for k in grads):
            return why
    return "the result differs from clipping by the global norm: g * max_norm / ||g|| when ||g|| > max_norm"


def check_clip_by_norm(clip_by_norm) -> Feedback:
    """clip_by_norm(grads, max_norm) -> a new dict, clipped by the global norm (Pascanu et al.)."""
    name = "clipping by norm, in code"
    if untouched(clip_by_norm):
        return not_attempted(name)
    if not callable(clip_by_norm):
        return report(name, False, f"give the function itself (clip_by_norm, without brackets); you gave "
                                   f"{clip_by_norm!r}")
    for grads, max_norm in _clip_cases():
        given = {k: g.copy() for k, g in grads.items()}
        try:
            got = clip_by_norm(given, max_norm)
        except Exception as exc:   # a learner's bug must not end in a traceback
            return report(name, False, f"your function raised {type(exc).__name__}: {exc}")
        if untouched(got):
            return not_attempted(name, "replace every ... in the function's body, then run the cell again")
        if isinstance(got, tuple):
            return report(name, False, "return the clipped dict alone (the library's clip_by_global_norm "
                                       "also returns the norm; yours should not)")
        if not isinstance(got, dict) or set(got) != set(grads):
            return report(name, False, f"return a dict with the same keys as grads {sorted(grads)}")
        got = {k: np.asarray(v, dtype=np.float64) for k, v in got.items()}
        bad = [k for k in grads if got[k].shape != grads[k].shape]
        if bad:
            return report(name, False, f"{bad[0]} has shape {got[bad[0]].shape}, expected {grads[bad[0]].shape}")
        want = clip_by_global_norm(grads, max_norm)[0]
        if not all(np.allclose(got[k], want[k], rtol=1e-9, atol=1e-12) for k in grads):
            return report(name, False, _clip_slip(got, grads, max_norm))
        if any(not np.array_equal(given[k], grads[k]) for k in grads):
            return report(name, False, "your function changed the arrays it was given (g *= ...); build "
                                       "new ones (g * factor), so the caller's gradients stay as they were")
    return report(name, True, "one factor, min(1, max_norm / ||g||), for every array: the direction is kept "
                              "and a short gradient is left alone")


# ---------------------------------------------------------------- the forget bias, and why it matters

def check_forget_bias(answer) -> Feedback:
    """The forget-gate bias b_f with sigmoid(b_f)^50 = 0.1 (inputs ignored): the keeping path alone."""
    name = "forget bias for 10% along the keeping path after 50 steps"
    if untouched(answer):
        return not_attempted(name)
    if as_number(answer) is None or not np.isfinite(answer):
        return report(name, False, f"give one number, the bias b_f; you gave {answer!r}")
    keep = 0.1 ** (1 / 50)                      # the forget gate needed
    right = float(np.log(keep / (1 - keep)))    # its bias: the logit of that
    if abs(answer - keep) < 2e-3:
        return report(name, False, f"{answer:.3g} is the gate value sigmoid(b_f); now undo the sigmoid to get b_f")
    if abs(answer - right) <= 0.02 * right:
        default = 1 / (1 + np.exp(-1.0))
        return report(name, True, f"b_f = {right:.2f}: sigmoid(b_f) = {keep:.3f}, and {keep:.3f}^50 = 0.1 "
                                  f"along the keeping path alone (with b_f = 1 it carries only "
                                  f"{default:.3f}^50, about {default ** 50:.0e}). The routes through W_hh "
                                  "come on top: in section 4's probe they added to it at every bias")
    got = 1 / (1 + np.exp(-answer))
    return report(name, False, f"with b_f = {answer:.3g} the gate is {got:.3f} and {got:.3f}^50 = "
                               f"{got ** 50:.2g}, not 0.1")


@lru_cache(maxsize=1)
def _flow_at_bias_0() -> tuple[float, float]:
    """Section 4's probe, LSTM at forget bias 0: per-step factors of the keeping path alone and of all
    routes."""
    flow = gated_flow("lstm", 100, 0.5, input_scale=0.1, forget_bias=0.0)
    return per_step_factor(flow["keeping_path"]), per_step_factor(flow["norms"])


def check_gated_reason(answer) -> Feedback:
    """Why the LSTM at forget bias 0 keeps far more gradient than the vanilla RNN: one letter, A to D."""
    name = "why gated gradients survive"
    if untouched(answer):
        return not_attempted(name, "replace the ... with one letter in quotes, e.g. \"A\"")
    letter = answer.strip().strip(".)").upper() if isinstance(answer, str) else None
    if letter not in ("A", "B", "C", "D"):
        return report(name, False, f"answer with one letter in quotes: \"A\", \"B\", \"C\" or \"D\"; you gave {answer!r}")
    keep, full = _flow_at_bias_0()
    if letter == "C":
        return report(name, True, f"one step back multiplies the gradient by diag(f_t) + the rest: the keeping "
                                  f"path alone keeps {keep:.3f} per step, the routes through W_hh add "
                                  f"{full - keep:.3f}, and the LSTM keeps {full:.3f}")
    why = {
        "A": f"at forget bias 0 the gate is 0.5, exactly the vanilla RNN's lambda_1: gate values alone predict "
             f"the vanilla RNN's loss ({keep:.3f} per step), but the LSTM keeps {full:.3f} per step",
        "B": "every recurrent block of the LSTM is 0.5 Q, like the vanilla RNN's W_hh: the same largest "
             "singular value, so the matrices cannot be the difference",
        "D": "saturation is not what differs: the keeping path alone (times f_t, no tanh on the way) keeps "
             f"only {keep:.3f} per step; the rest comes from the routes through W_hh and the gates",
    }
    return report(name, False, why[letter])


# ---------------------------------------------------------------- one LSTM step, in code

def _step_case(seed=11, B=2, D=3, H=4):
    """Fresh LSTM parameters with distinct gate biases (so the gate order shows) and a state."""
    rng = np.random.default_rng(seed)
    params = gated.init_lstm(D, H, 2, seed=seed)
    params["b_h"] = rng.normal(0.0, 1.0, 4 * H)
    return (rng.standard_normal((B, D)), np.tanh(rng.standard_normal((B, H))),
            rng.standard_normal((B, H)), params)


def _variant_step(x, h_prev, c_prev, params, order="ifog", g_sigmoid=False, input_gate=True,
                  h_from="c", bias=True):
    """One LSTM step with one slip built in: the gate order, the candidate's nonlinearity, ..."""
    H = h_prev.shape[1]
    a = x @ params["W_hx"].T + h_prev @ params["W_hh"].T + (params["b_h"] if bias else 0.0)
    block = {gate: a[:, k * H:(k + 1) * H] for k, gate in enumerate(order)}
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))   # noqa: E731
    i, f, o = sig(block["i"]), sig(block["f"]), sig(block["o"])
    g = sig(block["g"]) if g_sigmoid else np.tanh(block["g"])
    c = f * c_prev + (i * g if input_gate else g)
    h = o * {"c": np.tanh(c), "c_raw": c, "c_prev": np.tanh(c_prev)}[h_from]
    return h, c


_STEP_SLIPS = [
    (dict(order="ifgo"), "your gates are in PyTorch's order i, f, g, o; the course stacks them i, f, o, g "
                         "(gated.LSTM_GATES): rows 2H:3H are the output gate, 3H:4H the candidate"),
    (dict(g_sigmoid=True), "the candidate g_t uses tanh, not sigmoid: it is new content in [-1, 1], not a gate"),
    (dict(input_gate=False), "the new content is scaled by the input gate: c = f * c_prev + i * g"),
    (dict(h_from="c_raw"), "h = o * tanh(c): the cell is squashed by tanh before the output gate"),
    (dict(h_from="c_prev"), "h reads the NEW cell c, computed in this step, not c_prev"),
    (dict(bias=False), "the gates' inputs include the bias: a = x @ W_hx.T + h_prev @ W_hh.T + b_h"),
]


def _step_slip(h, c, args) -> str:
    """Name the slip that reproduces the learner's (h, c), if one does."""
    same = lambda got, want: np.allclose(got, want, rtol=1e-9, atol=1e-12)   # noqa: E731
    right_h, right_c = _variant_step(*args)
    if same(h, right_c) and same(c, right_h):
        return "return (h, c) in that order"
    for kwargs, why in _STEP_SLIPS:
        wrong_h, wrong_c = _variant_step(*args, **kwargs)
        if same(h, wrong_h) and same(c, wrong_c):
            return why
    for order in map("".join, permutations("ifog")):
        if same(c, _variant_step(*args, order=order)[1]) and order != "ifog":
            return f"your gate blocks are in the order {', '.join(order)}; the course stacks i, f, o, g"
    if same(c, right_c):
        return "c is right; h is not: h = o * tanh(c), with o the third block (rows 2H:3H)"
    return "c differs from f * c_prev + i * g: check each gate's block and nonlinearity against the maths"


def check_lstm_step(lstm_step) -> Feedback:
    """lstm_step(x, h_prev, c_prev, params) -> (h, c), rows (B, H), params from gated.init_lstm."""
    name = "one LSTM step, in code"
    if untouched(lstm_step):
        return not_attempted(name)
    if not callable(lstm_step):
        return report(name, False, f"give the function itself (lstm_step, without brackets); you gave {lstm_step!r}")
    x, h_prev, c_prev, params = args = _step_case()
    try:
        got = lstm_step(x.copy(), h_prev.copy(), c_prev.copy(), {k: v.copy() for k, v in params.items()})
    except Exception as exc:   # a learner's bug must not end in a traceback
        return report(name, False, f"your function raised {type(exc).__name__}: {exc}; in rows, every gate's "
                                   "input is x @ W_hx.T + h_prev @ W_hh.T + b_h, shape (B, 4H)")
    if not isinstance(got, tuple) or len(got) != 2:
        return report(name, False, "return two arrays: (h, c)")
    if any(untouched(v) for v in got):
        return not_attempted(name, "replace every ... in the function's body, then run the cell again")
    h, c = (np.asarray(v, dtype=np.float64) for v in got)
    want = gated_step.lstm_step(params, x, h_prev, c_prev)
    for label, value in (("h", h), ("c", c)):
        if value.shape != want[label].shape:
            return report(name, False, f"{label} has shape {value.shape}, expected {want[label].shape}: "
                                       "rows are examples, (B, H)")
    if np.allclose(h, want["h"], rtol=1e-9, atol=1e-12) and np.allclose(c, want["c"], rtol=1e-9, atol=1e-12):
        return report(name, True, "i, f, o = sigmoid, g = tanh of the four blocks; c = f * c_prev + i * g; "
                                  "h = o * tanh(c): the same as gated_step.lstm_step")
    return report(name, False, _step_slip(h, c, args))


# ---------------------------------------------------------------- the price of the gates

def check_lstm_size(answer) -> Feedback:
    """Number of parameters of init_lstm(5, 32, 4): D = 5, H = 32, V = 4."""
    name = "parameters of an LSTM"
    if untouched(answer):
        return not_attempted(name)
    if as_whole_number(answer) is None:
        return report(name, False, f"give a whole number; you gave {answer!r}")
    lstm, vanilla = gated.init_lstm(5, 32, 4), rnn.init_params(5, 32, 4)
    gates = sum(lstm[k].size for k in ("W_hx", "W_hh", "b_h"))
    head = sum(lstm[k].size for k in ("W_s", "b_s"))
    if answer == gates + head:
        return report(name, True, f"4H(D + H + 1) + V(H + 1) = {gates} + {head}: four times a vanilla "
                                  "RNN's recurrent layer, the same output layer")
    if answer == gates:
        return report(name, False, "that is the gates alone: add the output layer W_s and b_s")
    if answer == sum(p.size for p in vanilla.values()):
        return report(name, False, "that is a vanilla RNN: an LSTM has four such blocks (i, f, o, g)")
    return report(name, False, f"{answer} is not it; count W_hx (4H, D), W_hh (4H, H), b_h (4H,), "
                               "W_s (V, H), b_s (V,)")
