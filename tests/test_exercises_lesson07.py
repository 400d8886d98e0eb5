"""Lesson 07 checkers: right, wrong and untouched answers; feedback, never an exception."""
import pytest

from course_utils import gated
from course_utils.exercises import lesson07 as ex


@pytest.mark.parametrize("fn, args", [
    (ex.check_clipping_rules, (..., ...)),
    (ex.check_clipping_rules, ((0.6, 0.8), ...)),
    (ex.check_forget_bias, (...,)),
    (ex.check_lstm_size, (...,)),
])
def test_untouched_is_not_attempted(feedback, fn, args):
    ok, out = feedback(fn, *args)
    assert ok is False and "not attempted yet" in out


def test_clipping_rules_right(feedback):
    ok, out = feedback(ex.check_clipping_rules, (0.6, 0.8), (1, 1))
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("a, b, hint", [
    ((1, 1), (0.6, 0.8), "swapped"),
    ((3, 4), (1, 1), "norm"),
    ((0.8, 0.6), (1, 1), "direction"),
    ((0.6, 0.8), (0.6, 0.8), "element-wise"),
    ("0.6, 0.8", (1, 1), "pair"),
    ((0.6, 0.8, 0.0), (1, 1), "pair"),
])
def test_clipping_rules_wrong(feedback, a, b, hint):
    ok, out = feedback(ex.check_clipping_rules, a, b)
    assert ok is False and out.startswith("FAIL") and hint in out


def test_forget_bias_right(feedback):
    ok, out = feedback(ex.check_forget_bias, 3.05)
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer, hint", [(1.0, "not 0.1"), (0.955, "undo the sigmoid"),
                                          ("3", "one number"), (float("nan"), "one number")])
def test_forget_bias_wrong(feedback, answer, hint):
    ok, out = feedback(ex.check_forget_bias, answer)
    assert ok is False and out.startswith("FAIL") and hint in out


def test_lstm_size_right_and_matches_the_library(feedback):
    right = sum(p.size for p in gated.init_lstm(5, 32, 4).values())
    ok, out = feedback(ex.check_lstm_size, right)
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer, hint", [(4864, "output layer"), (1348, "four"), (12, "not it"),
                                          (4996.0, "whole number")])
def test_lstm_size_wrong(feedback, answer, hint):
    ok, out = feedback(ex.check_lstm_size, answer)
    assert ok is False and out.startswith("FAIL") and hint in out
