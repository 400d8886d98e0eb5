"""Lesson 06 checkers: reading the bound, the sigmoid's bound, seeing saturation, and two
functions written by the learner (one step's Jacobian, power iteration for lambda_1).

The right answers are computed from the library (the bound, gradient_norms, the explorer's
regime, jacobians.step_jacobian, gradients.spectral_summary), not typed in, so a checker and the
lesson can never disagree.
"""
from __future__ import annotations


import numpy as np

from ..gradients import gradient_norms, probe_slopes, shear_matrix, spectral_summary
from ..jacobians import step_jacobian
from ..numerics import random_orthogonal
from ..vanishing import REGIMES, explorer_data, pascanu_bound
from .feedback import Feedback, as_array, as_number, call_learner, echo, not_attempted, report, untouched

__all__ = ["check_vanishing_scale", "check_sigmoid_bound", "check_saturated_regime",
           "check_step_jacobian", "check_power_iteration"]

# Exercise 1: the largest lambda_1 for which the bound promises ||dL/dh_1|| <= 1e-3 ||dL/dh_T||
VANISH_T, VANISH_FACTOR = 50, 1e-3
# Exercise 2: the largest ratio the bound allows for a sigmoid RNN, lambda_1 = 2, T = 30
SIGMOID_T, SIGMOID_SCALE = 30, 2.0
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
        return report(name, False, f"give a number such as 0.5; you gave {echo(answer)}")
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


def check_sigmoid_bound(answer) -> Feedback:
    """The largest ||dL/dh_1|| / ||dL/dh_T|| the bound allows: sigmoid, lambda_1 = 2, T = 30."""
    name = "the bound on ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ for sigmoid, λ₁ = 2, T = 30"
    if untouched(answer):
        return not_attempted(name)
    value = as_number(answer)
    if value is None or not np.isfinite(value):
        return report(name, False, f"give a number such as 0.5; you gave {echo(answer)}")
    T, lam = SIGMOID_T, SIGMOID_SCALE
    truth = float(pascanu_bound(T, lam, "sigmoid")[0])            # (gamma lambda_1)^(T-1)
    close = lambda x: abs(value - x) <= 0.01 * abs(x)              # noqa: E731
    if close(truth):
        norms = gradient_norms(T, lam, activation="sigmoid")
        return report(name, True, f"(γλ₁)^(T−1) = (2/4)^{T - 1} ≈ {truth:.3g}: γ = 1/4 for the sigmoid, "
                      f"so each step back at least halves the gradient's largest possible size. Measured at "
                      f"this setting: "
                      f"{norms[0] / norms[-1]:.1e}, below the bound as it must be")
    if close(lam ** (T - 1)) or close(lam ** T):      # 2^29 is also 1 / truth, upside down
        return report(name, False, "that bound uses γ = 1 (and grows going back); the sigmoid's slope "
                      "is at most 1/4, so each step's factor is γλ₁ = 2/4")
    if close((lam / 4) ** T):
        return report(name, False, f"off by one: from h_{T} back to h_1 there are {T - 1} steps, not {T}")
    if close(0.25 ** (T - 1)):
        return report(name, False, "you left out λ₁: each step's factor is γ·λ₁, not γ alone")
    return report(name, False, f"{value:g} is not it; the bound multiplies by γλ₁ once per step back")


def check_saturated_regime(answer) -> Feedback:
    """tanh, lambda_1 = 4, input scale 3, T = 100: the measured regime, as one word."""
    name = "measured regime of tanh at λ₁ = 4 with input scale 3"
    if untouched(answer):
        return not_attempted(name)
    choices = REGIMES
    if not isinstance(answer, str) or answer.strip().lower() not in choices:
        return report(name, False, f"answer with one of {', '.join(map(repr, choices))}; you gave {echo(answer)}")
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


# ---------------------------------------------------------------- exercise 4: one step's Jacobian

def _jacobian_case(seed: int, H: int):
    rng = np.random.default_rng(seed)
    W_hh = rng.standard_normal((H, H))
    h_t = np.tanh(rng.standard_normal(H))
    return W_hh, h_t


def _jacobian_hint(J, W_hh, h_t) -> str:
    """The reason for the commonest slips, recognised by recomputing them."""
    slope = 1.0 - h_t ** 2
    slips = [
        (W_hh, "you left out f′: each row i is scaled by unit i's slope 1 − h_t[i]**2"),
        (W_hh * slope[None, :], "the slopes scale the columns; they belong to the rows (unit i at "
                                "step t): (1 - h_t**2)[:, None] * W_hh, i.e. diag(f′) @ W_hh"),
        ((slope[:, None] * W_hh).T, "transposed: entry (i, j) is how unit i at step t moves with "
                                    "unit j at step t − 1"),
        (slope[:, None] * W_hh.T, "W_hh is transposed: the step multiplies W_hh @ h_{t-1}"),
        ((1 - np.tanh(h_t) ** 2)[:, None] * W_hh, "h_t is already tanh(a_t): f′(a_t) = 1 − h_t², "
                                                  "without another tanh"),
        ((h_t * (1 - h_t))[:, None] * W_hh, "that is the sigmoid's slope h(1 − h); tanh's is 1 − h²"),
        ((1 - h_t)[:, None] * W_hh, "the slope of tanh is 1 − h_t**2: square h_t"),
    ]
    for wrong, reason in slips:
        if np.allclose(J, wrong, rtol=1e-10, atol=1e-12):
            return reason
    return "your matrix differs from diag(1 − h_t²) W_hh; compare it with section 2's example"


def check_step_jacobian(jacobian) -> Feedback:
    """jacobian(W_hh (H, H), h_t (H,)) -> dh_t/dh_{t-1} (H, H) for a tanh RNN, run on fresh cases."""
    name = "one step's Jacobian"
    if untouched(jacobian):
        return not_attempted(name)
    if not callable(jacobian):
        return report(name, False, "give the function itself (jacobian, without brackets); "
                                   f"you gave {type(jacobian).__name__}")
    for seed, H in ((21, 3), (22, 5), (23, 2)):
        W_hh, h_t = _jacobian_case(seed, H)
        got, feedback = call_learner(name, jacobian, W_hh.copy(), h_t.copy())
        if feedback is not None:
            return feedback
        J = as_array(got, (H, H))
        if J is None:
            return report(name, False, f"return an (H, H) matrix; for H = {H} yours has shape "
                                       f"{np.shape(got)}")
        if not np.allclose(J, step_jacobian(W_hh, h_t), rtol=1e-10, atol=1e-12):
            return report(name, False, _jacobian_hint(J, W_hh, h_t))
    return report(name, True, "diag(1 − h_t²) W_hh, as jacobians.step_jacobian computes it, on three "
                              "fresh cases (H = 3, 5 and 2): row i is W_hh's row i times unit i's slope")


# ---------------------------------------------------------------- exercise 5: power iteration

def _power_cases():
    """Matrices whose lambda_1 differs from the spectral radius, with a clear gap to lambda_2."""
    rng = np.random.default_rng(31)
    U, V = random_orthogonal(4, rng), random_orthogonal(4, rng)
    return [np.array([[0.9, 0.8], [0.0, 0.5]]),           # section 2's matrix first
            U @ np.diag([2.5, 1.2, 0.7, 0.3]) @ V.T,
            shear_matrix(6, rho=0.8, shear=1.0)]


def check_power_iteration(largest_singular_value) -> Feedback:
    """largest_singular_value(W (H, H)) -> lambda_1 by power iteration, to a relative 1e-6."""
    name = "λ₁ by power iteration"
    if untouched(largest_singular_value):
        return not_attempted(name)
    if not callable(largest_singular_value):
        return report(name, False, "give the function itself (largest_singular_value, without "
                                   f"brackets); you gave {type(largest_singular_value).__name__}")
    for W in _power_cases():
        truth = spectral_summary(W)
        got, feedback = call_learner(name, largest_singular_value, W.copy())
        if feedback is not None:
            return feedback
        value = as_number(got) if np.ndim(got) == 0 else None
        if value is None:
            return report(name, False, f"return one number, λ₁; yours returned {type(got).__name__} "
                                       f"of shape {np.shape(got)}")
        lam, rho = truth["lambda_1"], truth["spectral_radius"]
        if abs(value - lam) <= 1e-6 * lam:
            continue
        H = W.shape[0]
        if abs(value - rho) <= 1e-3 * rho:
            reason = (f"{value:.4g} is the spectral radius (largest |eigenvalue|) of this {H} x {H} "
                      f"matrix, whose λ₁ is {lam:.4g}: iterate with W.T @ W (or W, then W.T), not W alone")
        elif abs(value - lam ** 2) <= 1e-3 * lam ** 2:
            reason = "that is λ₁²: W.T @ W stretches v₁ by λ₁², so take the square root (or return ‖W v‖)"
        elif abs(value - np.linalg.norm(W)) <= 1e-6 * value:
            reason = "that is the Frobenius norm (all entries squared); λ₁ is the largest stretch ‖W v‖"
        elif abs(value - lam) <= 0.05 * lam:
            reason = (f"close ({value:.7g} against {lam:.7g} for this {H} x {H} matrix) but not "
                      "converged: run more iterations (100), and normalise v after each")
        else:
            reason = (f"{value:.4g} is not λ₁ = {lam:.4g} of this {H} x {H} matrix; v ← W.T @ (W @ v), "
                      "normalise, repeat, then λ₁ = ‖W v‖")
        return report(name, False, reason)
    return report(name, True, "your λ₁ matches the largest singular value (np.linalg.norm(W, 2)) within "
                              "a millionth on section 2's 2 x 2 matrix, a 4 x 4 matrix and a 6 x 6 shear, none "
                              "of them normal: their spectral radius is smaller")
