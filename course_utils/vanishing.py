"""Lesson 06: why gradients vanish or explode, in theory and as measured. No widgets, no plots.

Measured: ||dL/dh_k|| for k = 1..T from a real forward and backward pass (gradients.gradient_norms;
the other probes the lesson uses, e.g. probe_slopes and log_ratio_grid, live there too).
Theory (Pascanu, Mikolov & Bengio, 2013): going one step back multiplies the gradient by the
transposed Jacobian dh_t/dh_{t-1} = diag(f'(a_t)) W_hh, whose norm is at most gamma * lambda_1
(gamma = max |f'|, lambda_1 = the largest singular value of W_hh), so

    ||dL/dh_k|| <= ||dL/dh_T|| * (gamma * lambda_1)^(T - k).

``explorer_data`` gathers both for one setting: what the explorer (widgets/explorer.py) and the
lesson's figures (figures/vanishing.py) show, and what lesson 06's checkers compare with.
"""
from __future__ import annotations

import numpy as np

from .gradients import gradient_norms, probe_slopes
from .numerics import ACTIVATIONS
from .validation import check_array, check_choice, check_int, check_positive_float

GAMMA = {"tanh": 1.0, "sigmoid": 0.25, "relu": 1.0, "linear": 1.0}   # max |f'(a)| over a
STABLE_TOL = 0.01     # "stable": the mean per-step factor lies within exp(+-0.01), about +-1 %
EDGE_RTOL = 1e-9      # lambda_1 within this relative distance of 1/gamma counts as equal
REGIMES = ("vanishing", "stable", "exploding")

THEORY_VANISHING = "vanishing guaranteed: λ₁ < 1/γ"
THEORY_EXPLODING = "exploding possible: λ₁ > 1/γ"
THEORY_EDGE = "no growth possible, vanishing not guaranteed: λ₁ = 1/γ"
THEORY_GATED = ("the Pascanu bound (γ·λ₁)^(T−k) is for the vanilla recurrence; a gated cell's "
                "Jacobian has other terms, so no bound is drawn")


# ---------------------------------------------------------------- theory

def gamma(activation) -> float:
    """gamma = max over a of |f'(a)|: 1 for tanh, relu and linear, 1/4 for sigmoid."""
    return GAMMA[check_choice("activation", activation, ACTIVATIONS)]


def pascanu_bound(seq_len, weight_scale, activation="tanh", last_norm=1.0) -> np.ndarray:
    """The bound ||dL/dh_T|| * (gamma * lambda_1)^(T - k) for k = 1..T, shape (T,).

    Computed through logarithms; a value beyond float64's range is inf (no warning).
    """
    T = check_int("seq_len", seq_len, min_value=1)
    lam = check_positive_float("weight_scale", weight_scale)
    last = check_positive_float("last_norm", last_norm)
    steps_back = np.arange(T - 1, -1, -1, dtype=np.float64)            # T - k
    with np.errstate(over="ignore"):
        return np.exp(np.log(last) + steps_back * np.log(gamma(activation) * lam))


def theory_verdict(weight_scale, activation="tanh") -> str:
    """What Pascanu et al. (2013) guarantee for a vanilla RNN with W_hh's lambda_1 = weight_scale.

    lambda_1 < 1/gamma: every step back shrinks the bound, so vanishing is guaranteed.
    lambda_1 > 1/gamma: the bound grows, so exploding is possible (not certain: saturation
    can keep f' far below gamma). lambda_1 = 1/gamma (within EDGE_RTOL): the bound is flat,
    so the gradient can never grow, yet nothing forces it to shrink (linear at 1.0 keeps it).
    """
    lam = check_positive_float("weight_scale", weight_scale)
    product = gamma(activation) * lam
    if abs(product - 1.0) <= EDGE_RTOL:
        return THEORY_EDGE
    return THEORY_VANISHING if product < 1.0 else THEORY_EXPLODING


# ---------------------------------------------------------------- measurement

def measured_regime(norms, tol=STABLE_TOL) -> dict:
    """Name what the measured norms do going back in time.

    norms (T,), T >= 2: ||dL/dh_k|| for k = 1..T, >= 0, the last finite and > 0; inf marks
    an overflow (gradient_norms sets every entry before an overflow to inf too).
    Returns {"regime": one of REGIMES, "ratio": ||dL/dh_1|| / ||dL/dh_T||,
             "rate": the geometric mean of the per-step ratios ||dL/dh_{k}|| / ||dL/dh_{k+1}||,
             "overflow_step": the latest k whose norm overflowed, or None}.
    The regime is "stable" when |ln rate| <= tol, else vanishing (rate < 1) or exploding.
    After an overflow the rate is measured over the finite part and the regime is exploding.
    """
    norms = check_array("norms", norms, ndim=1).astype(np.float64)
    if norms.size < 2:
        raise ValueError(f"norms must hold at least 2 steps to measure a rate, got {norms.size}")
    if np.isnan(norms).any() or (norms < 0).any():
        raise ValueError("norms must hold norms (>= 0, or inf for an overflow), got NaN or a negative value")
    if not np.isfinite(norms[-1]) or norms[-1] <= 0:
        raise ValueError(f"norms[-1] (||dL/dh_T||) must be finite and > 0, got {norms[-1]}")
    tol = check_positive_float("tol", tol)
    overflow = np.flatnonzero(np.isinf(norms))
    first = int(overflow[-1]) + 1 if overflow.size else 0      # first finite index
    with np.errstate(divide="ignore"):
        log_ratio = np.log(norms[first]) - np.log(norms[-1])
    n_steps = norms.size - 1 - first
    rate = float(np.exp(log_ratio / n_steps)) if n_steps else float("inf")
    if overflow.size:
        regime = "exploding"
    elif rate > 0 and abs(np.log(rate)) <= tol:
        regime = "stable"
    else:
        regime = "vanishing" if rate < 1 else "exploding"
    ratio = float("inf") if overflow.size else float(norms[0] / norms[-1])
    return {"regime": regime, "ratio": ratio, "rate": rate,
            "overflow_step": int(overflow[-1]) + 1 if overflow.size else None}


def explorer_data(seq_len, weight_scale, activation="tanh", input_scale=1.0, *, n_hidden=32,
                  seed=0, cell="vanilla", tol=STABLE_TOL) -> dict:
    """Everything the explorer shows for one setting of its controls.

    Returns {"k": (T,) steps 1..T, "norms": (T,) measured ||dL/dh_k|| (inf where it overflowed),
             "bound": (T,) Pascanu's bound, or None for a gated cell,
             "measured": measured_regime(norms), "theory": the theory sentence, "gamma",
             "slope_rms": root-mean-square of f'(a_t) on the probe, only where theory and
             measurement differ (else None),
             and the settings: "seq_len", "weight_scale", "activation", "input_scale", "cell"}.
    """
    norms = gradient_norms(seq_len, weight_scale, n_hidden=n_hidden, activation=activation,
                           input_scale=input_scale, seed=seed, cell=cell)
    T = norms.size
    vanilla = cell == "vanilla"
    measured = measured_regime(norms, tol) if T >= 2 else None
    theory = theory_verdict(weight_scale, activation) if vanilla else THEORY_GATED
    slope_rms = None
    if vanilla and _differ(theory, measured):     # only then is it shown: skip the extra pass
        slopes = probe_slopes(T, weight_scale, activation, input_scale, n_hidden=n_hidden, seed=seed)
        slope_rms = float(np.sqrt(np.mean(slopes ** 2)))
    return {
        "k": np.arange(1, T + 1),
        "norms": norms,
        "bound": pascanu_bound(T, weight_scale, activation, norms[-1]) if vanilla else None,
        "measured": measured, "theory": theory,
        "gamma": GAMMA[activation] if vanilla else None,
        "slope_rms": slope_rms,
        "seq_len": T, "weight_scale": float(weight_scale), "activation": activation,
        "input_scale": float(input_scale), "cell": cell,
    }


def measured_text(data: dict) -> str:
    """One line naming the measured regime, its mean per-step factor and the first/last ratio."""
    m = data["measured"]
    if m is None:
        return "measured: one step only, nothing to compare"
    if m["overflow_step"] is not None:
        return (f"measured: exploding, overflowed at step {m['overflow_step']} "
                f"(‖∂L/∂h_k‖ beyond 1.8e308 for k ≤ {m['overflow_step']}); "
                f"×{_rate(m['rate'])} per step back over the steps that fit")
    band = f"{np.exp(-STABLE_TOL):.2f}–{np.exp(STABLE_TOL):.2f}"
    return (f"measured: {m['regime']}, ×{_rate(m['rate'])} per step back (stable: {band}); "
            f"‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ = {m['ratio']:.2g}")


def _rate(rate: float) -> str:
    """A per-step factor: three decimals near 1 (so 1.004 does not print as 1), else 3 digits."""
    return f"{rate:.3f}" if 0.01 <= rate < 10 else f"{rate:.3g}"


def theory_text(data: dict) -> str:
    """One line: what Pascanu et al. (2013) guarantee, with the numbers behind it."""
    if data["bound"] is None:
        return f"theory: {data['theory']}"
    g, lam = data["gamma"], data["weight_scale"]
    return (f"theory: {data['theory']} (γ = {g:g} for {data['activation']}, 1/γ = {1 / g:g}, "
            f"λ₁ = {lam:.3g}; the bound changes by ×{g * lam:.3g} per step back)")


def _differ(theory: str, measured: dict | None) -> bool:
    """Theory allows growth, the measurement shows none: the case the lesson explains."""
    return theory == THEORY_EXPLODING and measured is not None and measured["regime"] != "exploding"


def _flat_units(activation: str) -> str:
    return "units that are off have f′ = 0" if activation == "relu" else "saturated units have f′ ≈ 0"


def differ_note(data: dict) -> str:
    """Why measurement and theory differ, when they do (saturation), else ''."""
    if data["bound"] is None or not _differ(data["theory"], data["measured"]):
        return ""
    rms, lam, g = data["slope_rms"], data["weight_scale"], data["gamma"]
    return (f"They differ, and that is allowed: the bound assumes the steepest slope γ = {g:g} on "
            f"every step, but along this sequence the slopes f′(a_t) have a root-mean-square of "
            f"{rms:.2f} ({_flat_units(data['activation'])}), so a typical step multiplies the gradient "
            f"by about λ₁ × {rms:.2f} = {lam * rms:.2f}, not by γλ₁ = {g * lam:.2f}.")
