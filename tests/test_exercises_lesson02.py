"""Lesson 02 checkers: PASS for the right answer, FAIL with a reason for wrong ones, and
'not attempted yet' for the untouched placeholder; never an exception."""
import numpy as np
import pytest

from course_utils import rnn
from course_utils.exercises.lesson02 import (H1_EXERCISE, LOSS_EXERCISE, PARAMETER_COUNT_EXERCISE,
                                             check_h1, check_parameter_count, check_rnn_step,
                                             check_step_loss)

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
    ([-0.76, 0.46], "give 3 decimals"),
    ([-0.8, 0.5], "give 3 decimals"),
    ([-0.76, 0.47], "is not tanh"),
    ([1.0, 2.0, 3.0], "give the 2 numbers"),
    ("h", "give the 2 numbers"),
    ({"a": 1}, "give the 2 numbers"),
])
def test_h1_wrong_answers_fail_with_a_reason(answer, reason, feedback):
    ok, out = feedback(check_h1, answer)
    assert ok is False and out.startswith("FAIL") and reason in out


SIZES = {k: v.size for k, v in rnn.init_params(*(PARAMETER_COUNT_EXERCISE[k] for k in "DHV")).items()}
TOTAL = sum(SIZES.values())
WEIGHTS = TOTAL - SIZES["b_h"] - SIZES["b_s"]
T = PARAMETER_COUNT_EXERCISE["T"]


def test_parameter_count_right_answer_is_the_size_of_init_params(feedback):
    D, H, V = (PARAMETER_COUNT_EXERCISE[k] for k in "DHV")
    assert TOTAL == H * D + H * H + H + V * H + V
    ok, out = feedback(check_parameter_count, TOTAL)
    assert ok and out.startswith("PASS") and str(TOTAL) in out
    assert feedback(check_parameter_count, np.int64(TOTAL))[0]


def test_parameter_count_exercise_is_not_the_lessons_example():
    """Lesson 02 prints the count for D = V = 27, H = 64: the exercise must ask about other sizes."""
    assert (PARAMETER_COUNT_EXERCISE["D"], PARAMETER_COUNT_EXERCISE["H"]) != (27, 64)


@pytest.mark.parametrize("answer, reason", [
    (WEIGHTS, "weights only"),
    (TOTAL * T, "does not grow with T"),
    (WEIGHTS * T, "does not grow with T"),
    (TOTAL - SIZES["W_hh"], "forgot W_hh"),
    (WEIGHTS - SIZES["W_hh"], "forgot W_hh"),
    (100, "is not the sum"),
    (float(TOTAL), "whole number"),
    (str(TOTAL), "whole number"),
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


# ---------------------------------------------------------------- one step, in code

def right_rnn_step(x_t, h_prev, W_hx, W_hh, b_h):
    return np.tanh(x_t @ W_hx.T + h_prev @ W_hh.T + b_h)


def untouched_rnn_step(x_t, h_prev, W_hx, W_hh, b_h):
    h_t = ...
    return h_t


def test_rnn_step_right(feedback):
    ok, out = feedback(check_rnn_step, right_rnn_step)
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer", [..., untouched_rnn_step])
def test_rnn_step_untouched(answer, feedback):
    ok, out = feedback(check_rnn_step, answer)
    assert ok is False and "not attempted yet" in out and "FAIL" not in out


@pytest.mark.parametrize("fn, reason", [
    (lambda x, h, W_hx, W_hh, b: x @ W_hx.T + h @ W_hh.T + b, "tanh is missing"),
    (lambda x, h, W_hx, W_hh, b: np.tanh(x @ W_hx.T + h @ W_hh + b), "untransposed"),
    (lambda x, h, W_hx, W_hh, b: np.tanh(x @ W_hx.T + h @ W_hh.T), "bias b_h is missing"),
    (lambda x, h, W_hx, W_hh, b: np.tanh(x @ W_hx.T + b), "h_prev is missing"),
    (lambda x, h, W_hx, W_hh, b: np.tanh(h @ W_hh.T + b), "x_t is missing"),
    (lambda x, h, W_hx, W_hh, b: np.maximum(0, x @ W_hx.T + h @ W_hh.T + b), "differs"),
    (lambda x, h, W_hx, W_hh, b: np.tanh(x @ W_hx + h @ W_hh.T + b), "raised ValueError"),
    (lambda x, h, W_hx, W_hh, b: np.tanh(x @ W_hx.T + h @ W_hh.T + b)[0], "shape (B, H)"),
    ("rnn_step", "the function itself"),
])
def test_rnn_step_slips(fn, reason, feedback):
    ok, out = feedback(check_rnn_step, fn)
    assert ok is False and out.startswith("FAIL") and reason in out
