"""Lesson 06 checkers: PASS for the right answer, FAIL with a reason for every slip they name (one
test per message), and "not attempted yet" for the untouched placeholder; never an exception."""
import numpy as np
import pytest

from course_utils.exercises import (check_power_iteration, check_saturated_regime, check_sigmoid_bound,
                                    check_step_jacobian, check_vanishing_scale)
from course_utils.vanishing import pascanu_bound

CHECKS = [check_vanishing_scale, check_sigmoid_bound, check_saturated_regime, check_step_jacobian,
          check_power_iteration]


@pytest.mark.parametrize("check", CHECKS)
def test_untouched_placeholder_is_not_attempted(check, feedback):
    ok, out = feedback(check, ...)
    assert ok is False and "not attempted yet" in out and "FAIL" not in out


def test_sigmoid_bound_is_the_library_bound():
    assert pascanu_bound(30, 2.0, "sigmoid")[0] == pytest.approx(0.5 ** 29, rel=1e-12)


@pytest.mark.parametrize("check, answer", [
    (check_vanishing_scale, 10 ** (-3 / 49)),
    (check_vanishing_scale, 0.8685),                      # rounded to 4 digits
    (check_sigmoid_bound, (2 / 4) ** 29),
    (check_sigmoid_bound, np.float64(1.86e-9)),
    (check_saturated_regime, "exploding"),
    (check_saturated_regime, " Exploding "),
])
def test_right_answers_pass(check, answer, feedback):
    ok, out = feedback(check, answer)
    assert ok is True and out.startswith("PASS") and "np." not in out


@pytest.mark.parametrize("check, answer, reason", [
    (check_vanishing_scale, 10 ** (-3 / 50), "off by one"),
    (check_vanishing_scale, 1.0, "guarantees nothing"),
    (check_vanishing_scale, 0.5, "a larger λ₁ does too"),
    (check_vanishing_scale, np.float64(0.95), "too large: the bound at λ₁ = 0.95"),
    (check_vanishing_scale, "0.87", "give a number"),
    (check_vanishing_scale, True, "give a number"),
    (check_sigmoid_bound, 2.0 ** 29, "uses γ = 1"),
    (check_sigmoid_bound, 2.0 ** 30, "uses γ = 1"),
    (check_sigmoid_bound, 0.5 ** 30, "off by one"),
    (check_sigmoid_bound, 0.25 ** 29, "left out λ₁"),
    (check_sigmoid_bound, 1 / (0.5 ** 29), "uses γ = 1"),     # upside down is the same number
    (check_sigmoid_bound, np.float64(1.0), "1 is not it"),
    (check_sigmoid_bound, [1.86e-9], "give a number"),
    (check_sigmoid_bound, float("nan"), "give a number"),
    (check_saturated_regime, "vanishing", "probe_slopes"),
    (check_saturated_regime, "stable", "typical slope"),
    (check_saturated_regime, "vanish", "answer with one of"),
    (check_saturated_regime, 0, "answer with one of"),
    (check_saturated_regime, np.int64(2), "you gave 2"),
    (check_sigmoid_bound, np.float64("nan"), "you gave nan"),
    (check_vanishing_scale, [np.float64(0.87)], "you gave [0.87]"),
])
def test_wrong_answers_fail_with_a_reason(check, answer, reason, feedback):
    ok, out = feedback(check, answer)
    assert ok is False and out.startswith("FAIL") and reason in out and "np." not in out


# ---------------------------------------------------------------- 4: one step's Jacobian

def right_jacobian(W_hh, h_t):
    return (1 - h_t ** 2)[:, None] * W_hh


def test_step_jacobian_right(feedback):
    ok, out = feedback(check_step_jacobian, right_jacobian)
    assert ok and out.startswith("PASS")
    assert feedback(check_step_jacobian, lambda W, h: np.diag(1 - h ** 2) @ W)[0]


@pytest.mark.parametrize("slip, reason", [
    (lambda W, h: W, "left out f′"),
    (lambda W, h: W * (1 - h ** 2), "scale the columns"),
    (lambda W, h: right_jacobian(W, h).T, "transposed: entry (i, j)"),
    (lambda W, h: (1 - h ** 2)[:, None] * W.T, "W_hh is transposed"),
    (lambda W, h: (1 - np.tanh(h) ** 2)[:, None] * W, "already tanh"),
    (lambda W, h: (h * (1 - h))[:, None] * W, "the sigmoid's slope"),
    (lambda W, h: (1 - h)[:, None] * W, "square h_t"),
    (lambda W, h: 2 * right_jacobian(W, h), "differs from diag"),
    (lambda W, h: np.ones(len(h)), "return an (H, H) matrix"),
    (lambda W, h: W @ h, "return an (H, H) matrix"),
    (lambda W, h: W[5], "raised IndexError"),
])
def test_step_jacobian_slips(slip, reason, feedback):
    ok, out = feedback(check_step_jacobian, slip)
    assert ok is False and out.startswith("FAIL") and reason in out


def test_step_jacobian_body_left_as_placeholder_and_not_a_function(feedback):
    def untouched(W_hh, h_t):
        ...
    assert "not attempted yet" in feedback(check_step_jacobian, untouched)[1]
    assert "give the function itself" in feedback(check_step_jacobian, np.eye(2))[1]


# ---------------------------------------------------------------- 5: power iteration

def power(W, n_steps=100, of_gram=True):
    v = np.ones(W.shape[1])
    for _ in range(n_steps):
        v = W.T @ (W @ v) if of_gram else W @ v
        v /= np.linalg.norm(v)
    return float(np.linalg.norm(W @ v))


def test_power_iteration_right(feedback):
    ok, out = feedback(check_power_iteration, power)
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("slip, reason", [
    (lambda W: power(W, of_gram=False), "is the spectral radius"),
    (lambda W: power(W) ** 2, "that is λ₁²"),
    (lambda W: np.linalg.norm(W), "Frobenius norm"),
    (lambda W: power(W, n_steps=3), "not converged"),
    (lambda W: 1.0, "1 is not λ₁ = 1.253"),
    (lambda W: np.ones(W.shape[0]), "return one number"),
    (lambda W: W[9], "raised IndexError"),
])
def test_power_iteration_slips(slip, reason, feedback):
    ok, out = feedback(check_power_iteration, slip)
    assert ok is False and out.startswith("FAIL") and reason in out and "np." not in out


def test_power_iteration_body_left_as_placeholder_and_not_a_function(feedback):
    def untouched(W):
        ...
    assert "not attempted yet" in feedback(check_power_iteration, untouched)[1]
    assert "give the function itself" in feedback(check_power_iteration, 1.25)[1]
