"""Lesson 06 checkers: reading the bound, predicting a ratio, and seeing saturation.

The right answers are computed from the library (the bound's formula, gradient_norms and the
explorer's regime), not typed in, so a checker and the lesson can never disagree.
"""
from __future__ import annotations


import numpy as np

from ..gradients import gradient_norms, probe_slopes
from ..vanishing import REGIMES, explorer_data
from .feedback import Feedback, as_number, not_attempted, report, untouched

__all__ = ["check_vanishing_scale", "check_linear_ratio", "check_saturated_regime"]

# Exercise 1: the largest lambda_1 for which the bound promises ||dL/dh_1|| <= 1e-3 ||dL/dh_T||
VANISH_T, VANISH_FACTOR = 50, 1e-3
# Exercise 2: linear, lambda_1 = 1.1, T = 30
RATIO_T, RATIO_SCALE = 30, 1.1
# Exercise 3: tanh with large inputs, as in section 5, but lambda_1 = 4 instead of 2:
# saturation no longer wins (lambda_1 * rms(f') is about 1.3 > 1)
SATURATED = {"seq_len": 100, "weight_scale": 4.0, "activation": "tanh", "input_scale": 3.0}


def check_vanishing_scale(answer) -> Feedback:
    """The largest lambda_1 for which the bound guarantees (tanh, gamma = 1) that
    ||dL/dh_1|| <= 1e-3 * ||dL/dh_T|| with T = 50."""
    name = "largest λ₁ that guarantees a 1000-fold shrink over T = 50 (tanh)"
    if untouched(answer):
        return not_attempted(name)
    lam = as_number(answer)
    if lam is None:
        return report(name, False, f"give a number such as 0.5; you gave {answer!r}")
    truth = VANISH_FACTOR ** (1.0 / (VANISH_T - 1))       # (gamma lambda_1)^(T-1) = 1e-3
    if abs(lam - truth) <= 1e-3 * truth:
        ratio = gradient_norms(VANISH_T, truth, activation="tanh")
        return report(name, True, f"λ₁ = 10^(−3/{VANISH_T - 1}) ≈ {truth:.4f}: (γλ₁)^(T−1) = 10⁻³ "
                      f"over the {VANISH_T - 1} Jacobians from h_50 back to h_1 (measured at this "
                      f"λ₁: {ratio[0] / ratio[-1]:.1e}, below the bound as it must be)")
    if abs(lam - VANISH_FACTOR ** (1.0 / VANISH_T)) <= 1e-3 * truth:
        return report(name, False, f"off by one: h_1 and h_50 are {VANISH_T - 1} steps apart, "
                      f"so the bound is (γλ₁)^{VANISH_T - 1}, not (γλ₁)^{VANISH_T}")
    if lam >= 1.0:
        return report(name, False, f"with λ₁ = {lam:g} ≥ 1/γ = 1 the bound does not shrink at all, "
                      "so it guarantees nothing; solve (γλ₁)^(T−1) = 10⁻³")
    if lam < truth:
        return report(name, False, f"λ₁ = {lam:g} does guarantee it (bound {lam ** (VANISH_T - 1):.1e}), "
                      "but a larger λ₁ does too; find where the bound equals exactly 10⁻³")
    return report(name, False, f"too large: the bound at λ₁ = {lam:g} is "
                  f"{lam ** (VANISH_T - 1):.2g} > 10⁻³; solve (γλ₁)^(T−1) = 10⁻³ for λ₁")


def check_linear_ratio(answer) -> Feedback:
    """||dL/dh_1|| / ||dL/dh_T|| for a linear RNN with lambda_1 = 1.1 and T = 30."""
    name = "ratio ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ for linear, λ₁ = 1.1, T = 30"
    if untouched(answer):
        return not_attempted(name)
    value = as_number(answer)
    if value is None:
        return report(name, False, f"give a number such as 0.5; you gave {answer!r}")
    norms = gradient_norms(RATIO_T, RATIO_SCALE, activation="linear")
    truth = norms[0] / norms[-1]                              # measured: 1.1^29
    if abs(value - truth) <= 0.01 * truth:
        return report(name, True, f"{RATIO_SCALE}^{RATIO_T - 1} ≈ {truth:.3g}: for a linear RNN with "
                      "an orthogonal W_hh every step back multiplies the norm by exactly λ₁")
    if abs(value - RATIO_SCALE ** RATIO_T) <= 0.01 * truth:
        return report(name, False, f"off by one: from h_{RATIO_T} back to h_1 there are "
                      f"{RATIO_T - 1} steps, not {RATIO_T}")
    if value > 0 and abs(1.0 / value - truth) <= 0.01 * truth:
        return report(name, False, "upside down: going back in time the gradient grows when λ₁ > 1, "
                      "so the ratio first/last is above 1")
    return report(name, False, f"{value:g} is not it; each step back multiplies by λ₁ = {RATIO_SCALE}")


def check_saturated_regime(answer) -> Feedback:
    """tanh, lambda_1 = 4, input scale 3, T = 100: the measured regime, as one word."""
    name = "measured regime of tanh at λ₁ = 4 with input scale 3"
    if untouched(answer):
        return not_attempted(name)
    choices = REGIMES
    if not isinstance(answer, str) or answer.strip().lower() not in choices:
        return report(name, False, f"answer with one of {', '.join(map(repr, choices))}; you gave {answer!r}")
    data = explorer_data(**SATURATED)
    truth, rate = data["measured"]["regime"], data["measured"]["rate"]
    slopes = probe_slopes(SATURATED["seq_len"], SATURATED["weight_scale"], "tanh",
                          SATURATED["input_scale"])
    estimate = SATURATED["weight_scale"] * float(np.sqrt(np.mean(slopes ** 2)))
    if answer.strip().lower() == truth:
        return report(name, True, f"{truth} (×{rate:.2f} per step back): the inputs saturate many "
                      f"units, but λ₁ · rms(f′) ≈ {estimate:.2f} is still above 1, so the typical "
                      "step stretches the gradient; saturation only wins when it pulls that below 1")
    return report(name, False, "large inputs do saturate units, but whether the gradient shrinks "
                  "depends on λ₁ times the typical slope, not on saturation alone; compute "
                  "λ₁ · rms(f′) with probe_slopes as in section 5 (or set the explorer to these values)")
