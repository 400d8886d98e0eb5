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
