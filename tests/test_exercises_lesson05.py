"""Lesson 05 checkers: PASS for the right answer, FAIL with a reason for wrong ones,
"not attempted yet" for the untouched placeholder; never an exception."""
import numpy as np
import pytest

from course_utils.baselines import rnn_parameter_count, window_mlp_parameter_count
from course_utils.exercises import (COUNT_EXERCISE, TOKEN_LOSS_EXERCISE, check_crossover_length,
                                    check_token_weighted_loss, check_window_count)

D, H, V, T = (COUNT_EXERCISE[k] for k in ("D", "H", "V", "T"))


@pytest.mark.parametrize("check", [check_crossover_length, check_window_count, check_token_weighted_loss])
def test_untouched_placeholder_is_not_attempted(check, feedback):
    ok, out = feedback(check, ...)
    assert ok is False and "not attempted yet" in out and "FAIL" not in out


def test_exercise_sizes_differ_from_the_lesson_classifier():
    # the lesson prints the counts of D=30, H=32, V=2 (and T=10) right above the exercises
    assert (D, H, V) != (30, 32, 2)


def test_crossover_right_and_equal_to_the_library(feedback):
    want = next(t for t in range(1, 1000)
                if window_mlp_parameter_count(t, D, H, V) > rnn_parameter_count(D, H, V))
    assert window_mlp_parameter_count(want - 1, D, H, V) <= rnn_parameter_count(D, H, V)
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
    (float("nan"), "at least one step"),
    ("8", "give one whole number"),
    (True, "give one whole number"),
])
def test_crossover_wrong(answer, reason, feedback):
    ok, out = feedback(check_crossover_length, answer)
    assert ok is False and out.startswith("FAIL") and reason in out


def test_window_count_right(feedback):
    n = T * D * H + H + V * H + V
    assert n == window_mlp_parameter_count(T, D, H, V)
    ok, out = feedback(check_window_count, n)
    assert ok and out.startswith("PASS") and str(n) in out


@pytest.mark.parametrize("answer, reason", [
    (D * H + H + V * H + V, "reads one input"),
    (T * D * H + V * H, "left out the biases"),
    (T * D * H + 1, "is not it"),
    (None, "not attempted"),
    ([T * D * H + H + V * H + V], "give one whole number"),
])
def test_window_count_wrong(answer, reason, feedback):
    ok, out = feedback(check_window_count, answer)
    assert ok is False and reason in out


def test_token_weighted_loss_right(feedback):
    n = np.array(TOKEN_LOSS_EXERCISE["lengths"])
    m = np.array(TOKEN_LOSS_EXERCISE["mean_loss"])
    ok, out = feedback(check_token_weighted_loss, float((n * m).sum() / n.sum()))
    assert ok and out.startswith("PASS") and "0.61" in out


@pytest.mark.parametrize("answer, reason", [
    (0.7, "mean of the three means"),
    (6.1, "total loss"),
    (0.5, "is not it"),
    ("0.61", "give one number"),
])
def test_token_weighted_loss_wrong(answer, reason, feedback):
    ok, out = feedback(check_token_weighted_loss, answer)
    assert ok is False and out.startswith("FAIL") and reason in out
