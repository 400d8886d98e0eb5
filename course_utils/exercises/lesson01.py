"""Lesson 01 checkers: the error signal at the output, one gradient-descent step, the stopping rule,
and two update rules written by the learner (momentum, Adam), run against train.py's on fresh arrays."""
from __future__ import annotations


import numpy as np

from ..train import EarlyStopping, History, adam_update, momentum_update
from .feedback import Feedback, as_array, as_whole_number, not_attempted, report, untouched

__all__ = ["DLOGITS_EXERCISE", "STEP_EXERCISE", "STOP_EXERCISE",
           "check_dlogits", "check_update", "check_stop_step", "check_momentum_step", "check_adam_step"]

# Exercise 1: dJ/dz for one example, J = -log softmax(z)[target].
DLOGITS_EXERCISE = {"y_hat": np.array([0.2, 0.5, 0.3]), "target": 2}
# Exercise 2: one step of gradient descent on a weight matrix.
STEP_EXERCISE = {"W": np.array([[1.0, -2.0], [0.5, 0.0]]),
                 "dW": np.array([[0.5, -1.0], [0.0, 2.0]]),
                 "lr": 0.1}
# Exercise 3: held-out losses measured every 10 steps; EarlyStopping(min_delta=0.01, patience=2).
STOP_EXERCISE = {"every": 10, "min_delta": 0.01, "patience": 2,
                 "held_out_loss": [0.69, 0.52, 0.41, 0.36, 0.355, 0.351, 0.352, 0.30]}


def _fmt(arr) -> str:
    """[0.2, 0.5, -0.7] or [[0.95, -1.9], [0.5, -0.2]]: rounded, no padding."""
    arr = np.asarray(arr, dtype=float)
    if arr.ndim == 2:
        return "[" + ", ".join(_fmt(row) for row in arr) + "]"
    return "[" + ", ".join(f"{round(v, 3) + 0.0:g}" for v in arr) + "]"


def check_dlogits(answer) -> Feedback:
    """dJ/dz (3 numbers) for DLOGITS_EXERCISE: the prediction minus the one-hot target."""
    name = "error signal at the output"
    if untouched(answer):
        return not_attempted(name)
    vec = as_array(answer, (3,))
    if vec is None:
        return report(name, False, f"give the 3 numbers of dJ/dz, e.g. [0.1, 0.2, -0.3]; you gave {answer!r}")
    y_hat = DLOGITS_EXERCISE["y_hat"]
    y = np.eye(3)[DLOGITS_EXERCISE["target"]]
    close = lambda v: np.allclose(vec, v, atol=1e-3)   # noqa: E731
    if close(y_hat - y):
        return report(name, True, f"y^ - y = {_fmt(y_hat)} - {_fmt(y)} = {_fmt(y_hat - y)}: push the target's "
                                  "score up, the others down")
    if close(y - y_hat):
        return report(name, False, "that is y - y^, the direction that increases the loss: the gradient is y^ - y")
    if close(y_hat):
        return report(name, False, "that is y^ alone: subtract the one-hot target y (1 at the target class)")
    if close(-1 / y_hat * y):
        return report(name, False, "that is dJ/dy^; go one step further, through the softmax, to dJ/dz")
    return report(name, False, f"{_fmt(vec)} is not y^ - y; write the target as a one-hot vector first")


def check_update(answer) -> Feedback:
    """W after one gradient-descent step for STEP_EXERCISE: a (2, 2) array."""
    name = "one gradient-descent step"
    if untouched(answer):
        return not_attempted(name)
    W, dW, lr = STEP_EXERCISE["W"], STEP_EXERCISE["dW"], STEP_EXERCISE["lr"]
    arr = as_array(answer, W.shape)
    if arr is None:
        return report(name, False, f"give a 2 x 2 array like W; you gave {answer!r}")
    close = lambda v: np.allclose(arr, v, atol=1e-6)   # noqa: E731
    if close(W - lr * dW):
        return report(name, True, f"W - lr * dW = {_fmt(W - lr * dW)}: "
                                  "each weight moves a little against its gradient")
    if close(W + lr * dW):
        return report(name, False, "you added the gradient: that climbs the loss; subtract lr * dW")
    if close(W - dW):
        return report(name, False, "the learning rate is missing: the step is lr * dW, not dW")
    if close(-lr * dW) or close(lr * dW):
        return report(name, False, "that is the step alone; the new W is the old W minus the step")
    return report(name, False, "the update is W_new = W - lr * dW, entry by entry")


def fire_step(held_out_loss, every, min_delta, patience):
    """The step at which EarlyStopping fires on these held-out losses, or None if it never does."""
    stop, hist = EarlyStopping(min_delta=min_delta, patience=patience), History()
    for i, loss in enumerate(held_out_loss, start=1):
        hist.train_loss.append(loss)
        hist.eval_loss.append(loss)
        if stop(i * every, hist):
            return i * every
    return None


def check_stop_step(answer) -> Feedback:
    """The step at which EarlyStopping(min_delta=0.01, patience=2) fires on STOP_EXERCISE (None: never)."""
    name = "when the stopping rule fires"
    if answer is Ellipsis:
        return not_attempted(name)
    e = STOP_EXERCISE
    right = fire_step(e["held_out_loss"], e["every"], e["min_delta"], e["patience"])
    if answer is not None and as_whole_number(answer) is None:
        return report(name, False, f"give a step number such as 30 (or None for never); you gave {answer!r}")
    if answer == right:
        return report(name, True, f"last improvement 0.36 at step 40; 0.355 and 0.351 do not beat 0.36 - {e['min_delta']} = 0.35, "
                                  f"so after {e['patience']} evaluations without improvement it fires at step {right}")
    if answer is None:
        return report(name, False, f"an improvement must beat the best loss by more than min_delta = {e['min_delta']}: "
                                   "0.355 is lower than 0.36, but not by enough")
    if answer in (right - e["every"], right + e["every"]):
        return report(name, False, f"count again: it fires at the evaluation that makes {e['patience']} in a row "
                                   "without an improvement, counting after the best one")
    if answer % e["every"]:
        return report(name, False, f"the loss is only measured every {e['every']} steps: the rule fires on one of those")
    return report(name, False, f"step {answer} is not where the rule fires; track the best loss and the count, "
                               "evaluation by evaluation")


# ---------------------------------------------------------------- exercises 4 and 5: write an update rule

def _rule_case(seed, t=3):
    """Fresh arrays for one call of an update rule: theta, g, and two memories (rows (2, 3))."""
    rng = np.random.default_rng(seed)
    theta, g = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    return theta, g, 0.5 * rng.standard_normal((2, 3)), rng.uniform(0.1, 1.0, (2, 3)), t


def _call(fn, name, args):
    """(outputs as float arrays, None) or (None, a Feedback saying what went wrong)."""
    if untouched(fn):
        return None, not_attempted(name)
    if not callable(fn):
        return None, report(name, False, f"give the function itself (its name, without brackets); you gave {fn!r}")
    try:
        got = fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    except Exception as exc:   # a learner's bug must not end in a traceback
        return None, report(name, False, f"your function raised {type(exc).__name__}: {exc}")
    if isinstance(got, tuple) and any(untouched(x) for x in got):
        return None, not_attempted(name, "replace every ... in the function's body, then run the cell again")
    return got, None


def _same(got, want) -> bool:
    got = np.asarray(got, dtype=float) if not isinstance(got, np.ndarray) else got
    return got.shape == want.shape and np.allclose(got, want, rtol=1e-9, atol=1e-12)


def check_momentum_step(momentum_step) -> Feedback:
    """momentum_step(theta, g, v, lr, beta) -> (theta_new, v_new), checked against train.momentum_update."""
    name = "one step of momentum"
    lr, beta = 0.1, 0.9
    theta, g, v, _, _ = _rule_case(11)
    got, problem = _call(momentum_step, name, (theta, g, v, lr, beta))
    if problem is not None:
        return problem
    if not isinstance(got, tuple) or len(got) != 2:
        return report(name, False, "return two arrays: (theta_new, v_new)")
    theta_new, v_new = (np.asarray(x, dtype=float) for x in got)
    want = momentum_update(theta, g, v, lr, beta)
    if not (_same(theta_new, want[0]) and _same(v_new, want[1])):
        return report(name, False, _momentum_hint(theta_new, v_new, (theta, g, v, lr, beta)))
    t2, g2, v2, _, _ = _rule_case(12)               # a fresh case, other settings
    again, _ = _call(momentum_step, name, (t2, g2, v2, 0.05, 0.8))
    want2 = momentum_update(t2, g2, v2, 0.05, 0.8)
    if not (isinstance(again, tuple) and len(again) == 2 and all(_same(a, w) for a, w in zip(again, want2))):
        return report(name, False, "right on one case but not on a fresh one: use the arguments lr and beta, "
                                   "not numbers typed in")
    return report(name, True, "v_new = beta * v + g, then theta_new = theta - lr * v_new: "
                              "the steps build up where the gradients agree")


def _momentum_hint(theta_new, v_new, args) -> str:
    theta, g, v, lr, beta = args
    want_theta, want_v = momentum_update(theta, g, v, lr, beta)
    if _same(v_new, want_theta) and _same(theta_new, want_v):
        return "the two results are swapped: return (theta_new, v_new) in that order"
    if _same(theta_new, theta - lr * g):
        return "theta_new is a plain gradient step (theta - lr * g): step along the velocity v_new instead"
    if _same(v_new, beta * v + (1 - beta) * g):
        return "v_new = beta * v + (1 - beta) * g is a moving average; this lesson's momentum adds the whole " \
               "gradient: v_new = beta * v + g"
    if _same(v_new, v * beta - g) or _same(theta_new, theta + lr * want_v):
        return "a sign is flipped: v_new = beta * v + g, and theta_new = theta - lr * v_new steps downhill"
    if _same(theta_new, theta - lr * v):
        return "theta_new uses the old velocity v; update v first, then step with v_new"
    if _same(v_new, v):
        return "v_new is the old v: the velocity must take in the new gradient, v_new = beta * v + g"
    if not _same(v_new, want_v):
        return "v_new differs from beta * v + g; check it against the equation above"
    return "v_new is right, but theta_new is not theta - lr * v_new"


def check_adam_step(adam_step) -> Feedback:
    """adam_step(theta, g, m, v, t, lr, beta1, beta2, eps) -> (theta_new, m_new, v_new), against train.adam_update."""
    name = "one step of Adam"
    theta, g, m, v, t = _rule_case(21)
    hyper = (0.01, 0.9, 0.99, 1e-3)     # eps large enough that a misplaced eps shows
    got, problem = _call(adam_step, name, (theta, g, m, v, t) + hyper)
    if problem is not None:
        return problem
    if not isinstance(got, tuple) or len(got) != 3:
        return report(name, False, "return three arrays: (theta_new, m_new, v_new)")
    out = [np.asarray(x, dtype=float) for x in got]
    want = adam_update(theta, g, m, v, t, *hyper)
    if all(_same(a, b) for a, b in zip(out, want)):
        t1, g1, m1, v1, _ = _rule_case(22)          # a fresh case, at the first step
        again, _ = _call(adam_step, name, (t1, g1, 0 * m1, 0 * v1, 1, 0.1, 0.8, 0.999, 1e-8))
        w1 = adam_update(t1, g1, 0 * m1, 0 * v1, 1, 0.1, 0.8, 0.999, 1e-8)
        if isinstance(again, tuple) and len(again) == 3 and all(_same(a, b) for a, b in zip(again, w1)):
            return report(name, True, "two moving averages (of g and of g^2), both divided by 1 - beta^t, "
                                      "then theta - lr * m_hat / (sqrt(v_hat) + eps)")
        return report(name, False, "right on one case but not on a fresh one: use the arguments "
                                   "(t, lr, beta1, beta2, eps), not numbers typed in")
    return report(name, False, _adam_hint(out, (theta, g, m, v, t) + hyper))


def _adam_hint(out, args) -> str:
    theta, g, m, v, t, lr, beta1, beta2, eps = args
    theta_new, m_new, v_new = out
    m_want, v_want = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g ** 2
    if not _same(m_new, m_want):
        return "m_new is not beta1 * m + (1 - beta1) * g (the moving average of the gradient)"
    if _same(v_new, beta2 * v + (1 - beta2) * g):
        return "v_new averages g; Adam's second average is of g**2, the squared gradient"
    if not _same(v_new, v_want):
        return "v_new is not beta2 * v + (1 - beta2) * g**2"
    m_hat, v_hat = m_want / (1 - beta1 ** t), v_want / (1 - beta2 ** t)
    if _same(theta_new, theta - lr * m_want / (np.sqrt(v_want) + eps)):
        return "the bias correction is missing: divide m by 1 - beta1**t and v by 1 - beta2**t before the step"
    if _same(theta_new, theta - lr * m_hat / np.sqrt(v_hat + eps)):
        return "eps belongs outside the square root: sqrt(v_hat) + eps"
    if _same(theta_new, theta - lr * m_hat / (v_hat + eps)):
        return "the square root is missing: divide by sqrt(v_hat) + eps, which has the units of g"
    if _same(theta_new, theta + lr * m_hat / (np.sqrt(v_hat) + eps)):
        return "the step goes uphill: theta_new = theta - lr * m_hat / (sqrt(v_hat) + eps)"
    return "m_new and v_new are right; theta_new is not theta - lr * m_hat / (sqrt(v_hat) + eps)"
