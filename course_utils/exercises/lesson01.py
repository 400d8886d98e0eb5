"""Lesson 01 checkers: the error signal at the output, one gradient-descent step, the stopping rule."""
from __future__ import annotations


import numpy as np

from ..train import EarlyStopping, History
from .feedback import Feedback, as_array, as_whole_number, not_attempted, report, untouched

__all__ = ["DLOGITS_EXERCISE", "STEP_EXERCISE", "STOP_EXERCISE",
           "check_dlogits", "check_update", "check_stop_step"]

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
