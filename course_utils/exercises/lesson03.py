"""Lesson 03 checkers: backpropagation through time and a character model."""
from __future__ import annotations

import ast

import numpy as np

from .. import sourcecode
from ..numerics import softmax
from .feedback import Feedback, as_number, not_attempted, report, untouched

__all__ = ["check_initial_loss", "check_carry_line", "check_bptt_step", "check_temperature_probs"]

V_EXERCISE = 65   # the character set of a typical plays-of-Shakespeare corpus


def check_initial_loss(answer) -> Feedback:
    """The mean loss per character of an untrained model over V = 65 characters: ln 65."""
    name = "loss at initialisation"
    if untouched(answer):
        return not_attempted(name)
    if as_number(answer) is None:
        return report(name, False, f"give a number such as 1.23; you gave {answer!r}")
    right = np.log(V_EXERCISE)
    if abs(answer - right) < 0.03:   # "about": 4.17 and 4.2 both pass
        return report(name, True, f"each character gets p = 1/{V_EXERCISE}, so -log p = ln {V_EXERCISE} "
                                  f"= {right:.3f}, and the perplexity exp(loss) is {V_EXERCISE}")
    if abs(answer - V_EXERCISE) < 0.5:
        return report(name, False, f"{V_EXERCISE} is the perplexity, exp(loss); the loss is its logarithm")
    if abs(answer + right) < 0.01:
        return report(name, False, "the sign: the loss is -log p, and log p < 0, so the loss is positive")
    if abs(answer - np.log10(V_EXERCISE)) < 0.01:
        return report(name, False, "that is log base 10; the cross-entropy uses the natural log (np.log)")
    if abs(answer - 1 / V_EXERCISE) < 1e-3:
        return report(name, False, "that is the probability of each character; the loss is -log of it")
    return report(name, False, f"{answer} is not it; what probability does a model that knows nothing "
                               f"give each of the {V_EXERCISE} characters?")


def _carry_statement() -> str:
    """The line of rnn.recurrence_backward that exercise 2 asks for, read from the current source."""
    (_, _, func, pattern), = [row for row in sourcecode.BPTT_LINES if row[1] is None]
    return sourcecode.find_statement(func, pattern)


# Names the loop's lines use, and the only calls an answer may make when it is evaluated.
_CARRY_CALLS = {"dot", "matmul", "multiply", "add", "transpose"}
_CARRY_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.Attribute, ast.Constant,
                ast.Call, ast.Subscript, ast.Slice, ast.Tuple, ast.operator, ast.unaryop)


def _carry_values(seed=0, B=3, H=4) -> dict:
    """Arrays the loop's names stand for at one step without a mask (B != H, W_hh not symmetric)."""
    rng = np.random.default_rng(seed)
    return {"da": rng.standard_normal((B, H)), "W_hh": rng.standard_normal((H, H)),
            "dh": rng.standard_normal((B, H)), "m": np.ones((B, 1)), "np": np}


def _evaluate(expr: ast.expr, values: dict):
    """The value of an expression made of the loop's names, products, sums and .T; None when it
    uses anything else or fails (a learner's line is evaluated, never executed as a statement)."""
    tree = ast.Expression(expr)
    for node in ast.walk(tree):
        if not isinstance(node, _CARRY_NODES):
            return None
        if isinstance(node, ast.Name) and node.id not in values:
            return None
        if isinstance(node, ast.Attribute) and not (
                node.attr == "T" or (isinstance(node.value, ast.Name) and node.value.id == "np"
                                     and node.attr in _CARRY_CALLS)):
            return None
    try:
        with np.errstate(all="ignore"):
            return np.asarray(eval(compile(tree, "<answer>", "eval"), {"__builtins__": {}}, dict(values)))
    except Exception:   # a learner's line that does not compute: judged, never raised
        return None


def _parse_line(answer: str):
    """(target name or None, value expression) of a one-line answer, or None if it is not one."""
    try:
        tree = ast.parse(answer.strip())
    except SyntaxError:
        return None
    if len(tree.body) != 1:
        return None
    node = tree.body[0]
    if isinstance(node, ast.Expr):
        return None, node.value
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        return (ast.unparse(target), node.value)
    return None


def check_carry_line(answer) -> Feedback:
    """The line of recurrence_backward that sends the gradient on to step t - 1, as a string.

    The answer is parsed and its right-hand side evaluated on arrays (B != H, W_hh not
    symmetric), against the library's own line evaluated on the same arrays: only what computes
    the same value passes (the transposed ``da @ W_hh.T`` does not)."""
    name = "the line that carries the gradient back in time"
    if untouched(answer):
        return not_attempted(name)
    if not isinstance(answer, str):
        return report(name, False, f"paste the line of code as a string, in quotes; you gave {answer!r}")
    parsed = _parse_line(answer)
    if parsed is None:
        return report(name, False, f"{answer.strip()!r} is not one line of Python; copy one line exactly "
                                   "as printed above (the comment may be left out)")
    target, expr = parsed
    code = ast.unparse(expr).replace(" ", "")
    if target == "dh" or "dh_next" in code:
        return report(name, False, "this line receives what the later step sent (it adds dh_next); "
                                   "which line computes what is sent on to step t - 1?")
    if "fprime" in code:
        return report(name, False, "this line passes the gradient through f at the same step t; "
                                   "it does not move it back in time yet")
    if target not in (None, "dh_next"):
        return report(name, False, f"this line stores {target}, a value that stays at step t; "
                                   "look for the line that sets dh_next, the product with W_hh")
    values = _carry_values()
    right = _evaluate(_parse_line(_carry_statement())[1], values)
    got = _evaluate(expr, values)
    if got is not None and got.shape == right.shape and np.allclose(got, right, rtol=1e-12, atol=0):
        return report(name, True, "dh_next = da @ W_hh is W_hh^T da_t in column form: the gradient "
                                  "that reaches h_{t-1} through the recurrent weights")
    if got is not None and got.shape == right.shape and np.allclose(
            got, values["da"] @ values["W_hh"].T, rtol=1e-12, atol=0):
        return report(name, False, "W_hh is transposed: in rows, the column form W_hh^T da_t becomes "
                                   "da @ W_hh (da @ W_hh.T would be W_hh da_t); copy the line as printed")
    return report(name, False, f"{answer.strip()!r} is not a line of the loop in recurrence_backward; "
                               "copy one line exactly as printed above")


def _reference_step(dh_from_output, dh_next, h_t, h_prev, W_hh):
    dh = dh_from_output + dh_next
    da = dh * (1.0 - h_t * h_t)
    return da, da.T @ h_prev, da @ W_hh


def _step_case(seed=3, B=3, H=4):
    rng = np.random.default_rng(seed)
    h_prev = np.tanh(rng.standard_normal((B, H)))
    h_t = np.tanh(rng.standard_normal((B, H)))
    return (rng.standard_normal((B, H)), rng.standard_normal((B, H)), h_t, h_prev,
            rng.standard_normal((H, H)))


def check_bptt_step(bptt_step) -> Feedback:
    """bptt_step(dh_from_output, dh_next, h_t, h_prev, W_hh) -> (da, dW_hh_t, dh_prev), tanh, rows (B, H)."""
    name = "one step of BPTT"
    if untouched(bptt_step):
        return not_attempted(name)
    if not callable(bptt_step):
        return report(name, False, f"give the function itself (bptt_step, without brackets); you gave {bptt_step!r}")
    args = _step_case()
    try:
        got = bptt_step(*[a.copy() for a in args])
    except Exception as exc:   # a learner's bug must not end in a traceback
        return report(name, False, f"your function raised {type(exc).__name__}: {exc}")
    if not isinstance(got, tuple) or len(got) != 3:
        return report(name, False, "return three arrays: (da, dW_hh_t, dh_prev)")
    if any(untouched(g) for g in got):
        return not_attempted(name, "replace every ... in the function's body, then run the cell again")
    want = _reference_step(*args)
    dh_from_output, dh_next, h_t, h_prev, W_hh = args
    for label, g, w in zip(("da", "dW_hh_t", "dh_prev"), got, want):
        g = np.asarray(g, dtype=float)
        if g.shape != w.shape:
            return report(name, False, f"{label} has shape {g.shape}, expected {w.shape}")
        if np.allclose(g, w, rtol=1e-10, atol=1e-12):
            continue
        return report(name, False, _step_hint(label, g, args))
    return report(name, True, "da = (dh_from_output + dh_next) * (1 - h_t**2); dW_hh_t = da.T @ h_prev; "
                              "dh_prev = da @ W_hh")


def _step_hint(label, g, args) -> str:
    """A reason for the commonest slips, recognised by recomputing them."""
    dh_from_output, dh_next, h_t, h_prev, W_hh = args
    da_right = (dh_from_output + dh_next) * (1.0 - h_t ** 2)
    close = lambda a: np.allclose(g, a, rtol=1e-10, atol=1e-12)   # noqa: E731
    if label == "da" and close(dh_from_output * (1.0 - h_t ** 2)):
        return "da leaves out dh_next: h_t also feeds every later step, so dh = dh_from_output + dh_next"
    if label == "da" and close((dh_from_output + dh_next) * (1.0 - h_prev ** 2)):
        return "f'(a_t) = 1 - h_t**2 uses h_t, the output of this step, not h_prev"
    if label == "da" and close(dh_from_output + dh_next):
        return "da forgets the slope of tanh: multiply dh by 1 - h_t**2"
    if label == "dW_hh_t" and close(h_prev.T @ da_right):
        return "dW_hh_t is transposed: in rows it is da.T @ h_prev (W_hh is (H_out, H_in))"
    if label == "dW_hh_t" and close(da_right.T @ h_t):
        return "dW_hh_t multiplies by h_t; W_hh acted on h_prev, so use h_prev"
    if label == "dh_prev" and close(da_right @ W_hh.T):
        return "dh_prev = da @ W_hh: the column form W_hh^T da becomes, in rows, da @ W_hh"
    return f"{label} differs from the expected value; check it against the equations above"


# ---------------------------------------------------------------- exercise 4: sampling with a temperature

def _temperature_cases():
    """(logits (V,), temperature): cooler and hotter than 1, and logits large enough that a
    softmax without its max subtracted overflows."""
    rng = np.random.default_rng(5)
    z = rng.standard_normal(6) * 2
    return [(z, 0.5), (z, 2.0), (z, 1.0), (np.array([800.0, 799.0, 0.0]), 0.5)]


def check_temperature_probs(temperature_probs) -> Feedback:
    """temperature_probs(logits (V,), temperature > 0) -> the probabilities (V,) that sampling at
    that temperature draws from: softmax(logits / temperature), as rnn.sample uses."""
    name = "the distribution at a temperature"
    if untouched(temperature_probs):
        return not_attempted(name)
    if not callable(temperature_probs):
        return report(name, False, "give the function itself (temperature_probs, without brackets); "
                                   f"you gave {temperature_probs!r}")
    for z, T in _temperature_cases():
        want = softmax(z / T)
        try:
            with np.errstate(all="ignore"):
                got = temperature_probs(z.copy(), T)
        except Exception as exc:   # a learner's bug must not end in a traceback
            return report(name, False, f"your function raised {type(exc).__name__}: {exc}")
        if untouched(got):
            return not_attempted(name, "replace the ... in the function's body, then run the cell again")
        try:
            got = np.asarray(got, dtype=np.float64).reshape(want.shape)
        except (TypeError, ValueError):
            return report(name, False, f"return one probability per logit, an array of shape {want.shape}")
        if np.allclose(got, want, rtol=1e-9, atol=1e-12):
            continue
        return report(name, False, _temperature_slip(got, z, T))
    return report(name, True, "softmax(logits / temperature): below 1 the largest logit gains, above 1 "
                              "the choice flattens; the same as rnn.sample draws from")


def _temperature_slip(got, z, T) -> str:
    close = lambda a: np.allclose(got, a, rtol=1e-9, atol=1e-12)   # noqa: E731
    if not np.all(np.isfinite(got)):
        return (f"for logits {z.tolist()} at temperature {T:g} you return {got.tolist()}: np.exp overflowed; "
                "subtract the largest logit before np.exp (it cancels in the division)")
    if close(softmax(z * T)):
        return "you multiplied the logits by the temperature; divide them by it"
    if close(softmax(z)):
        return "the temperature has no effect: divide the logits by it before the softmax"
    if not np.isclose(got.sum(), 1.0):
        return f"your probabilities sum to {got.sum():.3g}, not 1: normalise after np.exp"
    return "not softmax(logits / temperature); divide first, then take the softmax"
