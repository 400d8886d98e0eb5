"""Lesson 05 checkers: PASS for the right answer, FAIL with a reason for wrong ones,
"not attempted yet" for the untouched placeholder; never an exception."""
import numpy as np
import pytest

from course_utils import rnn
from course_utils.exercises import (COUNT_EXERCISE, TOKEN_LOSS_EXERCISE, check_rnn_count,
                                    check_token_weighted_loss, check_window_count)

D, H, V, T = (COUNT_EXERCISE[k] for k in ("D", "H", "V", "T"))


def run(check, answer, capsys):
    ok = check(answer)
    return ok, capsys.readouterr().out


@pytest.mark.parametrize("check", [check_rnn_count, check_window_count, check_token_weighted_loss])
def test_untouched_placeholder_is_not_attempted(check, capsys):
    ok, out = run(check, ..., capsys)
    assert ok is False and "not attempted yet" in out and "FAIL" not in out


def test_rnn_count_right_and_equal_to_the_library(capsys):
    n = sum(p.size for p in rnn.init_params(D, H, V).values())
    ok, out = run(check_rnn_count, n, capsys)
    assert ok and out.startswith("PASS") and str(n) in out


@pytest.mark.parametrize("answer, reason", [
    (2082 - 32 - 2, "left out the biases"),
    (2082 - 32 * 32, "left out W_hh"),
    (9698, "is not it"),
    ("2082", "give one whole number"),
])
def test_rnn_count_wrong(answer, reason, capsys):
    ok, out = run(check_rnn_count, answer, capsys)
    assert ok is False and out.startswith("FAIL") and reason in out


def test_window_count_right(capsys):
    ok, out = run(check_window_count, T * D * H + H + V * H + V, capsys)
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer, reason", [
    (D * H + H + V * H + V, "reads one input"),
    (T * D * H, "is not it"),
    (None, "not attempted"),
    ([9698], "give one whole number"),
])
def test_window_count_wrong(answer, reason, capsys):
    ok, out = run(check_window_count, answer, capsys)
    assert ok is False and reason in out


def test_token_weighted_loss_right(capsys):
    n = np.array(TOKEN_LOSS_EXERCISE["lengths"])
    m = np.array(TOKEN_LOSS_EXERCISE["mean_loss"])
    ok, out = run(check_token_weighted_loss, float((n * m).sum() / n.sum()), capsys)
    assert ok and out.startswith("PASS") and "0.61" in out


@pytest.mark.parametrize("answer, reason", [
    (0.7, "mean of the three means"),
    (6.1, "total loss"),
    (0.5, "is not it"),
    ("0.61", "give one number"),
])
def test_token_weighted_loss_wrong(answer, reason, capsys):
    ok, out = run(check_token_weighted_loss, answer, capsys)
    assert ok is False and out.startswith("FAIL") and reason in out
