"""Lesson 05 checkers: PASS for the right answer, FAIL with a reason for every slip they name (one
test per message), "not attempted yet" for the untouched placeholder; never an exception, never
NumPy's types echoed back."""
import numpy as np
import pytest

from course_utils import rnn
from course_utils.baselines import rnn_parameter_count, window_mlp_parameter_count
from course_utils.exercises import (COUNT_EXERCISE, TOKEN_LOSS_EXERCISE, check_crossover_length,
                                    check_masked_loss, check_new_position_count, check_token_weighted_loss)

D, H, V, T = (COUNT_EXERCISE[k] for k in ("D", "H", "V", "T"))
CHECKS = [check_crossover_length, check_new_position_count, check_token_weighted_loss, check_masked_loss]


@pytest.mark.parametrize("check", CHECKS)
def test_untouched_placeholder_is_not_attempted(check, feedback):
    ok, out = feedback(check, ...)
    assert ok is False and "not attempted yet" in out and "FAIL" not in out


def test_exercise_sizes_differ_from_the_lesson_classifier():
    # the lesson prints the counts of D=30, H=32, V=2 (and T=10) right above the exercises
    assert (D, H, V) != (30, 32, 2)


# ---------------------------------------------------------------- 1: what one more step adds

def test_new_position_right_is_the_library_difference(feedback):
    want = window_mlp_parameter_count(T + 1, D, H, V) - window_mlp_parameter_count(T, D, H, V)
    for answer in (want, np.int64(want), float(want)):
        ok, out = feedback(check_new_position_count, answer)
        assert ok and out.startswith("PASS") and f"{want} = D*H" in out and "np." not in out


@pytest.mark.parametrize("answer, reason", [
    (window_mlp_parameter_count(T + 1, D, H, V), "the whole network for T = 21"),
    (np.int64(0), "0 is the RNN's answer"),
    (D, "connects to every one of the"),
    (H, "connects to every one of the"),
    (D * H + H, "only the input weights grow"),
    (D * H + H + V * H + V, "only the input weights grow"),
    (D * H + 1, "is not it; write the window network's count"),
    ("2560", "give one whole number; you gave '2560'"),
    (np.array([2560.0]), "you gave [2560.0]"),
    (float("inf"), "give one whole number"),
])
def test_new_position_slips(answer, reason, feedback):
    ok, out = feedback(check_new_position_count, answer)
    assert ok is False and out.startswith("FAIL") and reason in out and "np." not in out


# ---------------------------------------------------------------- 2: the crossover

def test_crossover_right_and_equal_to_the_library(feedback):
    want = next(t for t in range(1, 1000)
                if window_mlp_parameter_count(t, D, H, V) > rnn_parameter_count(D, H, V))
    assert window_mlp_parameter_count(want - 1, D, H, V) <= rnn_parameter_count(D, H, V)
    assert rnn_parameter_count(D, H, V) == sum(p.size for p in rnn.init_params(D, H, V).values())
    ok, out = feedback(check_crossover_length, want)
    assert ok and out.startswith("PASS") and f"T = {want}" in out


@pytest.mark.parametrize("offset, reason", [(-1, "fewer than the RNN"), (1, "look for a shorter window")])
def test_crossover_off_by_one(offset, reason, feedback):
    want = int(np.floor(1 + H / D)) + 1
    ok, out = feedback(check_crossover_length, want + offset)
    assert ok is False and out.startswith("FAIL") and reason in out


@pytest.mark.parametrize("answer, reason", [
    (1 + H / D, "not a whole number"),
    (0, "at least one step"),
    (np.float64(-3.0), "-3 is not it; a window holds at least one step"),
    (float("nan"), "at least one step"),
    ("8", "give one whole number"),
    (True, "give one whole number"),
])
def test_crossover_wrong(answer, reason, feedback):
    ok, out = feedback(check_crossover_length, answer)
    assert ok is False and out.startswith("FAIL") and reason in out and "np." not in out


# ---------------------------------------------------------------- 3: the padded loss by hand

def test_token_weighted_loss_right(feedback):
    n = np.array(TOKEN_LOSS_EXERCISE["lengths"])
    m = np.array(TOKEN_LOSS_EXERCISE["mean_loss"])
    ok, out = feedback(check_token_weighted_loss, float((n * m).sum() / n.sum()))
    assert ok and out.startswith("PASS") and "0.61" in out


@pytest.mark.parametrize("answer, reason", [
    (0.7, "mean of the three means"),
    (6.1, "total loss"),
    (np.float64(0.5), "0.5 is not it"),
    ("0.61", "give one number"),
])
def test_token_weighted_loss_wrong(answer, reason, feedback):
    ok, out = feedback(check_token_weighted_loss, answer)
    assert ok is False and out.startswith("FAIL") and reason in out and "np." not in out


# ---------------------------------------------------------------- 4: the masked loss as code

def _p(probs, targets):
    return np.take_along_axis(probs, targets[..., None], axis=-1)[..., 0]


def right(probs, targets, mask):
    return float((-np.log(_p(probs, targets)) * mask).sum() / mask.sum())


def test_masked_loss_right(feedback):
    ok, out = feedback(check_masked_loss, right)
    assert ok and out.startswith("PASS") and "loss_and_grads" in out


def test_masked_loss_right_with_a_loop_and_numpy_scalar(feedback):
    def loop(probs, targets, mask):
        total, count = np.float64(0.0), 0
        for t in range(mask.shape[0]):
            for b in range(mask.shape[1]):
                if mask[t, b]:
                    total += -np.log(probs[t, b, targets[t, b]])
                    count += 1
        return total / count
    assert feedback(check_masked_loss, loop)[0]


@pytest.mark.parametrize("slip, reason", [
    (lambda p, t, m: (-np.log(_p(p, t))).mean(), "padding included: multiply the step losses by the mask"),
    (lambda p, t, m: np.mean((-np.log(_p(p, t)) * m).sum(0) / m.sum(0)), "mean of each sequence's mean"),
    (lambda p, t, m: (-np.log(_p(p, t)) * m).sum() / m.size, "divided by every step, padding included"),
    (lambda p, t, m: (-np.log(_p(p, t)) * m).sum(), "the total over the real steps"),
    (lambda p, t, m: (np.log(_p(p, t)) * m).sum() / m.sum(), "the sign"),
    (lambda p, t, m: (-np.log10(_p(p, t)) * m).sum() / m.sum(), "log base 10"),
    (lambda p, t, m: (-np.log(_p(p, t)) * (1 - m)).sum() / (1 - m).sum(), "averages over the padding"),
    (lambda p, t, m: right(p, t, m) + 0.1, "your function gives"),
    (lambda p, t, m: -np.log(_p(p, t)) * m, "return one number"),
    (lambda p, t, m: p[10], "raised IndexError"),
])
def test_masked_loss_slips(slip, reason, feedback):
    ok, out = feedback(check_masked_loss, slip)
    assert ok is False and out.startswith("FAIL") and reason in out


def test_masked_loss_body_left_as_placeholder(feedback):
    def untouched(probs, targets, mask):
        ...
    ok, out = feedback(check_masked_loss, untouched)
    assert ok is False and "not attempted yet" in out


def test_masked_loss_not_a_function(feedback):
    ok, out = feedback(check_masked_loss, 0.61)
    assert ok is False and "give the function itself" in out
