"""Lesson 02 checkers: PASS for the right answer, FAIL with a reason for wrong ones, and
'not attempted yet' for the untouched placeholder; never an exception."""
import numpy as np
import pytest

from course_utils import rnn
from course_utils.exercises.lesson02 import (H1_EXERCISE, LOSS_EXERCISE, PARAMETER_COUNT_EXERCISE,
                                             check_h1, check_parameter_count, check_step_loss)

E = H1_EXERCISE
PRE = E["W_hh"] @ E["h_0"] + E["W_hx"] @ E["x_1"]
RIGHT_H1 = np.tanh(PRE)


@pytest.mark.parametrize("check", [check_h1, check_parameter_count, check_step_loss])
def test_untouched_placeholder_is_not_attempted(check, feedback):
    ok, out = feedback(check, ...)
    assert ok is False and "not attempted yet" in out and "FAIL" not in out


def test_h1_right_answer_agrees_with_the_library(feedback):
    # the library's row-batched step, with zero biases, gives the same h_1
    params = {"W_hx": E["W_hx"], "W_hh": E["W_hh"], "b_h": np.zeros(2),
              "W_s": np.eye(2), "b_s": np.zeros(2)}
    hs, _ = rnn.forward(params, E["x_1"][None, None], h0=E["h_0"][None])
    assert np.allclose(hs[0, 0], RIGHT_H1)
    ok, out = feedback(check_h1, [round(v, 3) for v in RIGHT_H1])
    assert ok and out.startswith("PASS") and "[-0.762, 0.462]" in out


@pytest.mark.parametrize("answer, reason", [
    (PRE, "pre-activation"),
    (np.tanh(E["W_hx"] @ E["x_1"]), "h_0 is not zero"),
    (np.tanh(E["W_hh"].T @ E["h_0"] + E["W_hx"] @ E["x_1"]), "transposed"),
    ([0.5, 0.5], "is not tanh"),
    ([1.0, 2.0, 3.0], "give the 2 numbers"),
    ("h", "give the 2 numbers"),
    ({"a": 1}, "give the 2 numbers"),
])
def test_h1_wrong_answers_fail_with_a_reason(answer, reason, feedback):
    ok, out = feedback(check_h1, answer)
    assert ok is False and out.startswith("FAIL") and reason in out


def test_parameter_count_right_answer_is_the_size_of_init_params(feedback):
    D, H, V = (PARAMETER_COUNT_EXERCISE[k] for k in "DHV")
    total = sum(a.size for a in rnn.init_params(D, H, V).values())
    ok, out = feedback(check_parameter_count, total)
    assert ok and out.startswith("PASS") and str(total) in out
    assert feedback(check_parameter_count, np.int64(total))[0]


@pytest.mark.parametrize("answer, reason", [
    (7552, "weights only"),
    (7643 * 50, "does not grow with T"),
    (7552 * 50, "does not grow with T"),
    (7643 - 64 * 64, "forgot W_hh"),
    (100, "is not the sum"),
    (7643.0, "whole number"),
    ("7643", "whole number"),
    (True, "whole number"),
])
def test_parameter_count_wrong_answers_fail_with_a_reason(answer, reason, feedback):
    ok, out = feedback(check_parameter_count, answer)
    assert ok is False and out.startswith("FAIL") and reason in out


def test_step_loss_right_answer(feedback):
    right = -np.log(LOSS_EXERCISE["y_hat"][LOSS_EXERCISE["target"]])
    ok, out = feedback(check_step_loss, round(float(right), 3))
    assert ok and out.startswith("PASS") and "1.609" in out


def test_step_loss_accepts_the_one_element_array_a_mask_gives(feedback):
    y_hat, y = LOSS_EXERCISE["y_hat"], np.eye(3)[LOSS_EXERCISE["target"]]
    for answer in (-np.log(y_hat[y == 1]), [1.609], np.float32(1.609), -np.sum(y * np.log(y_hat))):
        ok, out = feedback(check_step_loss, answer)
        assert ok and out.startswith("PASS"), answer


@pytest.mark.parametrize("answer, reason", [
    (-1.609, "sign is missing"),
    (0.699, "log base 10"),
    (0.357, "largest probability"),
    (2.0, "only one term"),
    ("1.6", "one number"),
    ([1.609, 0.0], "one number"),
    (["1.609"], "one number"),
    (True, "one number"),
    ({"J": 1.609}, "one number"),
])
def test_step_loss_wrong_answers_fail_with_a_reason(answer, reason, feedback):
    ok, out = feedback(check_step_loss, answer)
    assert ok is False and out.startswith("FAIL") and reason in out
