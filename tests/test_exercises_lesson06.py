"""Lesson 06 checkers: PASS for the right answer, FAIL with a reason for wrong ones, and
"not attempted yet" for the untouched placeholder; never an exception."""
import pytest

from course_utils.exercises import (check_linear_ratio, check_saturated_regime,
                                    check_vanishing_scale)

CHECKS = [check_vanishing_scale, check_linear_ratio, check_saturated_regime]


@pytest.mark.parametrize("check", CHECKS)
def test_untouched_placeholder_is_not_attempted(check, feedback):
    ok, out = feedback(check, ...)
    assert ok is False and "not attempted yet" in out and "FAIL" not in out


@pytest.mark.parametrize("check, answer", [
    (check_vanishing_scale, 10 ** (-3 / 49)),
    (check_vanishing_scale, 0.8685),                      # rounded to 4 digits
    (check_linear_ratio, 1.1 ** 29),
    (check_linear_ratio, 15.9),
    (check_saturated_regime, "exploding"),
    (check_saturated_regime, " Exploding "),
])
def test_right_answers_pass(check, answer, feedback):
    ok, out = feedback(check, answer)
    assert ok is True and out.startswith("PASS")


@pytest.mark.parametrize("check, answer, reason", [
    (check_vanishing_scale, 10 ** (-3 / 50), "off by one"),
    (check_vanishing_scale, 1.0, "guarantees nothing"),
    (check_vanishing_scale, 0.5, "a larger λ₁ does too"),
    (check_vanishing_scale, 0.95, "too large"),
    (check_vanishing_scale, "0.87", "give a number"),
    (check_vanishing_scale, True, "give a number"),
    (check_linear_ratio, 1.1 ** 30, "off by one"),
    (check_linear_ratio, 1.1 ** -29, "upside down"),
    (check_linear_ratio, 1.0, "is not it"),
    (check_linear_ratio, [15.9], "give a number"),
    (check_saturated_regime, "vanishing", "probe_slopes"),
    (check_saturated_regime, "stable", "typical slope"),
    (check_saturated_regime, "vanish", "answer with one of"),
    (check_saturated_regime, 0, "answer with one of"),
])
def test_wrong_answers_fail_with_a_reason(check, answer, reason, feedback):
    ok, out = feedback(check, answer)
    assert ok is False and out.startswith("FAIL") and reason in out
