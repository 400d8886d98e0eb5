"""Lesson 01 checkers: PASS for the right answer, FAIL with a reason for wrong ones, and
"not attempted yet" for the untouched placeholder; never an exception."""
import numpy as np
import pytest

from course_utils.exercises import (DLOGITS_EXERCISE, STEP_EXERCISE, STOP_EXERCISE, check_dlogits,
                                    check_stop_step, check_update)
from course_utils.exercises.lesson01 import fire_step

W, dW, LR = STEP_EXERCISE["W"], STEP_EXERCISE["dW"], STEP_EXERCISE["lr"]


@pytest.mark.parametrize("check", [check_dlogits, check_update, check_stop_step])
def test_untouched_placeholder_is_not_attempted(check, feedback):
    ok, out = feedback(check, ...)
    assert ok is False and "not attempted yet" in out and "FAIL" not in out


# ---------------------------------------------------------------- dJ/dz

def test_dlogits_right(feedback):
    y = np.eye(3)[DLOGITS_EXERCISE["target"]]
    ok, out = feedback(check_dlogits, DLOGITS_EXERCISE["y_hat"] - y)
    assert ok and out.startswith("PASS") and "[0.2, 0.5, -0.7]" in out


def test_dlogits_right_as_a_list_rounded(feedback):
    assert feedback(check_dlogits, [0.2, 0.5, -0.7])[0]


@pytest.mark.parametrize("answer, reason", [
    ([-0.2, -0.5, 0.7], "y - y^"),
    ([0.2, 0.5, 0.3], "y^ alone"),
    ([0.0, 0.0, -1 / 0.3], "dJ/dy^"),
    ([1.0, 2.0, 3.0], "one-hot"),
    ([0.2, 0.5], "3 numbers"),
    ("abc", "3 numbers"),
])
def test_dlogits_wrong(answer, reason, feedback):
    ok, out = feedback(check_dlogits, answer)
    assert ok is False and out.startswith("FAIL") and reason in out


# ---------------------------------------------------------------- one step

def test_update_right(feedback):
    ok, out = feedback(check_update, W - LR * dW)
    assert ok and out.startswith("PASS") and "[[0.95, -1.9], [0.5, -0.2]]" in out


@pytest.mark.parametrize("answer, reason", [
    (W + LR * dW, "added the gradient"),
    (W - dW, "learning rate is missing"),
    (-LR * dW, "step alone"),
    (W, "W - lr * dW"),
    ([[1.0]], "2 x 2"),
    ({"W": 1}, "2 x 2"),
])
def test_update_wrong(answer, reason, feedback):
    ok, out = feedback(check_update, answer)
    assert ok is False and out.startswith("FAIL") and reason in out


# ---------------------------------------------------------------- the stopping rule

def test_the_exercise_answer_comes_from_the_library_rule():
    e = STOP_EXERCISE
    assert fire_step(e["held_out_loss"], e["every"], e["min_delta"], e["patience"]) == 60


def test_stop_step_right(feedback):
    ok, out = feedback(check_stop_step, 60)
    assert ok and out.startswith("PASS") and "step 60" in out


def test_stop_step_accepts_a_numpy_integer(feedback):
    assert feedback(check_stop_step, np.int64(60))[0]


@pytest.mark.parametrize("answer, reason", [
    (None, "min_delta"),
    (50, "count again"),
    (70, "count again"),
    (55, "every 10 steps"),
    (80, "track the best loss"),
    ("60", "step number"),
    (60.0, "step number"),
    (True, "step number"),
])
def test_stop_step_wrong(answer, reason, feedback):
    ok, out = feedback(check_stop_step, answer)
    assert ok is False and out.startswith("FAIL") and reason in out


# ---------------------------------------------------------------- exercise 4: momentum written by the learner

from course_utils.exercises import check_adam_step, check_momentum_step  # noqa: E402
from course_utils.train import adam_update, momentum_update  # noqa: E402


def momentum_right(theta, g, v, lr, beta):
    v_new = beta * v + g
    return theta - lr * v_new, v_new


def test_momentum_right(feedback):
    ok, out = feedback(check_momentum_step, momentum_right)
    assert ok and out.startswith("PASS")


def test_momentum_library_function_passes(feedback):
    assert feedback(check_momentum_step, momentum_update)[0]


@pytest.mark.parametrize("answer", [..., lambda th, g, v, lr, beta: (..., ...),
                                    lambda th, g, v, lr, beta: (th - lr * (beta * v + g), ...)])
def test_momentum_untouched(feedback, answer):
    ok, out = feedback(check_momentum_step, answer)
    assert not ok and "not attempted yet" in out and "FAIL" not in out


@pytest.mark.parametrize("answer, reason", [
    (lambda th, g, v, lr, beta: momentum_right(th, g, v, lr, beta)[::-1], "swapped"),
    (lambda th, g, v, lr, beta: (th - lr * g, beta * v + g), "plain gradient step"),
    (lambda th, g, v, lr, beta: (th - lr * (beta * v + (1 - beta) * g), beta * v + (1 - beta) * g),
     "moving average"),
    (lambda th, g, v, lr, beta: (th + lr * (beta * v + g), beta * v + g), "sign is flipped"),
    (lambda th, g, v, lr, beta: (th - lr * (beta * v - g), beta * v - g), "sign is flipped"),
    (lambda th, g, v, lr, beta: (th - lr * v, beta * v + g), "old velocity"),
    (lambda th, g, v, lr, beta: (th - lr * (beta * v + g), v), "v_new is the old v"),
    (lambda th, g, v, lr, beta: (th - lr * (beta * v + g), beta * v + 2 * g), "differs from beta * v + g"),
    (lambda th, g, v, lr, beta: (th - 2 * lr * (beta * v + g), beta * v + g), "theta_new is not"),
    (lambda th, g, v, lr, beta: momentum_right(th, g, v, 0.1, 0.9), "fresh one"),
    (lambda th, g, v, lr, beta: th - lr * g, "return two arrays"),
    (lambda th, g, v, lr, beta: 1 / 0, "raised ZeroDivisionError"),
    ("momentum_step()", "the function itself"),
])
def test_momentum_slips(feedback, answer, reason):
    ok, out = feedback(check_momentum_step, answer)
    assert not ok and out.startswith("FAIL") and reason in out


# ---------------------------------------------------------------- exercise 5: Adam written by the learner

def adam_parts(th, g, m, v, t, lr, b1, b2, eps):
    m_new, v_new = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g ** 2
    return m_new, v_new, m_new / (1 - b1 ** t), v_new / (1 - b2 ** t)


def adam_right(th, g, m, v, t, lr, b1, b2, eps):
    m_new, v_new, m_hat, v_hat = adam_parts(th, g, m, v, t, lr, b1, b2, eps)
    return th - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def adam_with(step):
    """An Adam whose averages are right and whose last line is step(th, lr, m_new, v_new, m_hat, v_hat, eps)."""
    def adam_step(th, g, m, v, t, lr, b1, b2, eps):
        m_new, v_new, m_hat, v_hat = adam_parts(th, g, m, v, t, lr, b1, b2, eps)
        return step(th, lr, m_new, v_new, m_hat, v_hat, eps), m_new, v_new
    return adam_step


def test_adam_right(feedback):
    ok, out = feedback(check_adam_step, adam_right)
    assert ok and out.startswith("PASS")


def test_adam_library_function_passes(feedback):
    assert feedback(check_adam_step, adam_update)[0]


@pytest.mark.parametrize("answer", [..., lambda *a: (..., ..., ...)])
def test_adam_untouched(feedback, answer):
    ok, out = feedback(check_adam_step, answer)
    assert not ok and "not attempted yet" in out and "FAIL" not in out


@pytest.mark.parametrize("answer, reason", [
    (lambda th, g, m, v, t, lr, b1, b2, eps: (th, b1 * m + b1 * g, v), "moving average of the gradient"),
    (lambda th, g, m, v, t, lr, b1, b2, eps: (th, b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g), "squared gradient"),
    (lambda th, g, m, v, t, lr, b1, b2, eps: (th, b1 * m + (1 - b1) * g, b2 * v + b2 * g ** 2),
     "v_new is not beta2 * v"),
    (adam_with(lambda th, lr, m, v, m_hat, v_hat, eps: th - lr * m / (np.sqrt(v) + eps)), "bias correction"),
    (adam_with(lambda th, lr, m, v, m_hat, v_hat, eps: th - lr * m_hat / np.sqrt(v_hat + eps)), "outside the square"),
    (adam_with(lambda th, lr, m, v, m_hat, v_hat, eps: th - lr * m_hat / (v_hat + eps)), "square root is missing"),
    (adam_with(lambda th, lr, m, v, m_hat, v_hat, eps: th + lr * m_hat / (np.sqrt(v_hat) + eps)), "uphill"),
    (adam_with(lambda th, lr, m, v, m_hat, v_hat, eps: th - 2 * lr * m_hat / (np.sqrt(v_hat) + eps)),
     "theta_new is not"),
    (lambda th, g, m, v, t, lr, b1, b2, eps: adam_right(th, g, m, v, 3, 0.01, 0.9, 0.99, 1e-3), "fresh one"),
    (lambda th, g, m, v, t, lr, b1, b2, eps: adam_right(th, g, m, v, t, lr, b1, b2, eps)[:2], "three arrays"),
    (lambda th, g, m, v, t, lr, b1, b2, eps: np.sqrt("v"), "your function raised"),
    (42, "the function itself"),
])
def test_adam_slips(feedback, answer, reason):
    ok, out = feedback(check_adam_step, answer)
    assert not ok and out.startswith("FAIL") and reason in out
