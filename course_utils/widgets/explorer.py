"""Lesson 06: the vanishing/exploding gradient explorer, its theory, and the lesson's figures.

Measured: ||dL/dh_k|| for k = 1..T from a real forward and backward pass (gradients.gradient_norms;
the other measurements the lesson plots, e.g. probe_slopes and log_ratio_grid, live there too).
Theory (Pascanu, Mikolov & Bengio, 2013): going one step back multiplies the gradient by the
transposed Jacobian dh_t/dh_{t-1} = diag(f'(a_t)) W_hh, whose norm is at most gamma * lambda_1
(gamma = max |f'|, lambda_1 = the largest singular value of W_hh), so

    ||dL/dh_k|| <= ||dL/dh_T|| * (gamma * lambda_1)^(T - k).

Pure functions come first (tested without a browser), then figures, then the widget.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..validation import check_array, check_choice, check_int, check_positive_float
from ..gradients import CELLS, gradient_norms, probe_slopes
# lesson 07 imports matrix_gradient_norms from here; it lives in gradients.py
from ..gradients import matrix_gradient_norms  # noqa: F401
from ..plots import COLORS, DIVERGING_CMAP
from ..numerics import ACTIVATIONS
from ._live import LiveFigure

GAMMA = {"tanh": 1.0, "sigmoid": 0.25, "relu": 1.0, "linear": 1.0}   # max |f'(a)| over a
STABLE_TOL = 0.01     # "stable": the mean per-step factor lies within exp(+-0.01), about +-1 %
EDGE_RTOL = 1e-9      # lambda_1 within this relative distance of 1/gamma counts as equal
REGIMES = ("vanishing", "stable", "exploding")

# The explorer's ranges. Within them nothing overflows float64 (the largest value is
# 8^199 ~ 1e180), but every function below also handles an overflow reached through the API.
SEQ_LEN_RANGE = (2, 200)
WEIGHT_SCALE_RANGE = (0.25, 8.0)      # a log slider whose grid hits 0.25, 0.5, 1, 2, 4, 8
INPUT_SCALE_RANGE = (0.01, 10.0)

# Plain Unicode, no mathtext: parsing TeX on every redraw cost more than everything else.
BOUND_LABEL = "bound (γλ₁)ᵀ⁻ᵏ × (norm at k = T)"
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")

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


# ---------------------------------------------------------------- the explorer's figure

def _positive_finite(values) -> np.ndarray:
    """A copy with inf and 0 turned into NaN: a log axis shows neither, and NaN breaks the line."""
    v = np.array(values, dtype=np.float64)
    v[~np.isfinite(v) | (v <= 0)] = np.nan
    return v


def _log_limits(*curves) -> tuple[float, float]:
    """y-limits for a log axis showing every finite positive value, with a margin."""
    vals = np.concatenate([_positive_finite(c) for c in curves if c is not None])
    vals = vals[np.isfinite(vals)]
    lo, hi = (np.log10(vals.min()), np.log10(vals.max())) if vals.size else (0.0, 0.0)
    pad = max(0.5, 0.06 * (hi - lo))
    return 10.0 ** max(lo - pad, -300.0), 10.0 ** min(hi + pad, 300.0)


def explorer_figure(data: dict | None = None, *, figsize=(6.4, 3.4), dpi=90):
    """The explorer's figure, built once. Returns (fig, ax, artists) for update_explorer_figure.

    With data (from explorer_data) it is drawn at once: a static picture of one setting.
    """
    fig, ax = plt.subplots(figsize=figsize, dpi=dpi)
    measured, = ax.plot([], [], color=COLORS["blue"], lw=2, label="measured (backward pass)")
    bound, = ax.plot([], [], color=COLORS["orange"], lw=1.8, ls="--", label=BOUND_LABEL)
    note = ax.text(0.02, 0.04, "", transform=ax.transAxes, color=COLORS["vermillion"],
                   fontsize=10, fontweight="bold")
    ax.set_yscale("log")
    ax.yaxis.set_minor_locator(plt.NullLocator())      # fewer ticks: a cheaper redraw
    ax.set_xlabel("step k")
    ax.xaxis.set_major_locator(plt.MaxNLocator(nbins=5, integer=True))
    ax.set_ylabel("‖∂L/∂hₖ‖  (log scale)")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(_power_of_ten))
    # fixed places for the labels and the title: matplotlib then skips measuring the tick
    # labels to place them, which is a good part of every redraw
    ax.yaxis.set_label_coords(-0.1, 0.5)
    ax.xaxis.set_label_coords(0.5, -0.12)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, frameon=False,
              borderaxespad=0.1, fontsize=9.5)
    fig.subplots_adjust(left=0.13, right=0.97, bottom=0.14, top=0.80)
    artists = {"measured": measured, "bound": bound, "note": note}
    if data is not None:
        update_explorer_figure(ax, artists, data)
    return fig, ax, artists


def update_explorer_figure(ax, artists: dict, data: dict) -> None:
    """Put one setting's data into the existing artists; no new artist, no layout pass."""
    k, T = data["k"], data["seq_len"]
    marker = "o" if T <= 40 else ""
    artists["measured"].set_data(k, _positive_finite(data["norms"]))
    artists["measured"].set_marker(marker)
    artists["measured"].set_markersize(3)
    has_bound = data["bound"] is not None
    artists["bound"].set_data(k, _positive_finite(data["bound"]) if has_bound else [])
    artists["bound"].set_visible(has_bound)
    legend = ax.get_legend()
    if legend is not None:       # grey the bound's legend entry for a gated cell
        legend.get_texts()[1].set_color("black" if has_bound else "0.6")
        legend.legend_handles[1].set_alpha(1.0 if has_bound else 0.25)
        legend.get_texts()[1].set_text(BOUND_LABEL if has_bound else "bound: vanilla RNN only")
    m = data["measured"]
    over = m and m["overflow_step"]
    artists["note"].set_text(f"overflowed at step {over}" if over else "")
    ax.set_xlim(0.5, T + 0.5)
    low, high = _log_limits(data["norms"], data["bound"])
    ax.set_ylim(low, high)
    ax.set_yticks(_decade_ticks(low, high))
    ax.set_title(_settings_title(data), fontsize=10.5, loc="left", y=1.1)


def _decade_ticks(low: float, high: float, most: int = 8) -> np.ndarray:
    """Powers of ten at a round stride (1, 2, 5, 10, 20, 50... decades), 10^0 among them."""
    lo, hi = np.log10(low), np.log10(high)
    stride = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200) if (hi - lo) / s <= most)
    exps = np.arange(np.ceil(lo / stride), np.floor(hi / stride) + 1) * stride
    return 10.0 ** exps


def _power_of_ten(value, _pos=None) -> str:
    """10⁻²⁰ as plain text (a tick label)."""
    return "10" + str(int(round(np.log10(value)))).translate(SUPERSCRIPT) if value > 0 else ""


def _settings_title(data: dict) -> str:
    if data["cell"] != "vanilla":
        return (f"{data['cell'].upper()}, λ₁ = {data['weight_scale']:.3g}, "
                f"input scale {data['input_scale']:.2g}, T = {data['seq_len']}")
    return (f"{data['activation']}, λ₁ = {data['weight_scale']:.3g}, "
            f"input scale {data['input_scale']:.2g}, T = {data['seq_len']}")


# ---------------------------------------------------------------- the widget

def _snap(value: float, digits: int) -> float:
    """Round to `digits` significant digits: what the slider shows is what is computed
    (a log slider's 10**exponent gives 3.9999999999999996 where it shows 4)."""
    return float(f"{value:.{digits}g}")


def _check_range(name: str, value, low, high, check) -> None:
    value = check(name, value)
    if not low <= value <= high:
        raise ValueError(f"{name} must lie in the explorer's range [{low}, {high}], got {value}")


def _check_cells(cells) -> tuple:
    if isinstance(cells, str) or not isinstance(cells, (tuple, list)):
        raise TypeError(f"cells must be a tuple of cell names such as ('vanilla',), got {cells!r}")
    if not cells:
        raise ValueError(f"cells must name at least one of {CELLS}, got an empty {type(cells).__name__}")
    for c in cells:
        check_choice("cells entry", c, CELLS)
    return tuple(cells)


def gradient_explorer(seq_len=100, weight_scale=0.9, activation="tanh", input_scale=0.1, *,
                      n_hidden=32, seed=0, cells=("vanilla",)):
    """Sliders for T and lambda_1, menus for the activation (and the cell), one live figure.

    Shows measured ||dL/dh_k|| with Pascanu's bound on a log axis, and two lines of text:
    the measured regime and what theory guarantees. With more than one entry in ``cells``
    (names from gradients.CELLS) a "cell" menu appears; a gated cell ignores the activation
    menu and draws no bound. Returns the widget box; handles for tests are attributes:
    box.seq_len, box.weight_scale, box.activation, box.input_scale, box.cell (None when one
    cell), box.text (HTML), box.live (LiveFigure), box.ax, box.artists, box.state["data"].
    """
    _check_range("seq_len", seq_len, *SEQ_LEN_RANGE, lambda n, v: check_int(n, v, min_value=1))
    _check_range("weight_scale", weight_scale, *WEIGHT_SCALE_RANGE, check_positive_float)
    _check_range("input_scale", input_scale, *INPUT_SCALE_RANGE, check_positive_float)
    check_choice("activation", activation, ACTIVATIONS)
    cells = _check_cells(cells)
    n_hidden = check_int("n_hidden", n_hidden, min_value=1)
    seed = check_int("seed", seed, min_value=0)

    controls = _explorer_controls(seq_len, weight_scale, activation, input_scale, cells)
    fig, ax, artists = explorer_figure()
    live = LiveFigure(fig)
    text = widgets.HTML(layout=widgets.Layout(max_width="700px"))   # wraps in a narrow window
    state = {"data": None}

    def update(change=None):
        cell = controls["cell"].value if controls["cell"] is not None else cells[0]
        controls["activation"].disabled = cell != "vanilla"
        data = explorer_data(controls["seq_len"].value, _snap(controls["weight_scale"].value, 3),
                             controls["activation"].value,
                             _snap(controls["input_scale"].value, 2),
                             n_hidden=n_hidden, seed=seed, cell=cell)
        state["data"] = data
        update_explorer_figure(ax, artists, data)
        text.value = explorer_html(data)
        live.redraw()

    for w in controls.values():
        if w is not None:
            w.observe(update, names="value")
    update()
    rows = [widgets.HBox([controls["seq_len"], controls["weight_scale"]]),
            widgets.HBox([w for w in (controls["activation"], controls["input_scale"],
                                      controls["cell"]) if w is not None])]
    box = widgets.VBox(rows + [text, live.out])
    for name, w in controls.items():
        setattr(box, name, w)
    box.text, box.live, box.ax, box.artists, box.state = text, live, ax, artists, state
    return box


def _explorer_controls(seq_len, weight_scale, activation, input_scale, cells) -> dict:
    style = {"description_width": "initial"}
    wide, narrow = widgets.Layout(width="320px"), widgets.Layout(width="220px")
    log4 = np.log10(4.0)
    return {
        "seq_len": widgets.IntSlider(value=seq_len, min=SEQ_LEN_RANGE[0], max=SEQ_LEN_RANGE[1],
                                     description="sequence length T", style=style, layout=wide),
        # exponent grid log10(4)/120: it passes exactly through 0.25, 0.5, 1, 2, 4 and 8
        "weight_scale": widgets.FloatLogSlider(value=weight_scale, base=10, min=-log4,
                                               max=np.log10(WEIGHT_SCALE_RANGE[1]),
                                               step=log4 / 120, readout_format=".3g",
                                               description="weight scale λ₁", style=style,
                                               layout=wide),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=activation,
                                       description="activation f", style=style, layout=narrow),
        "input_scale": widgets.FloatLogSlider(value=input_scale, base=10, min=-2, max=1, step=0.1,
                                              readout_format=".2g", description="input scale",
                                              style=style, layout=wide),
        "cell": (widgets.Dropdown(options=list(cells), value=cells[0], description="cell",
                                  style=style, layout=narrow) if len(cells) > 1 else None),
    }


def _html(text: str) -> str:
    return html.escape(text).replace("h_T", "h<sub>T</sub>").replace("a_t", "a<sub>t</sub>")


def explorer_html(data: dict) -> str:
    """The explorer's text: measured regime, theory, and (when they differ) why."""
    colour = {"vanishing": COLORS["blue"], "stable": COLORS["green"],
              "exploding": COLORS["vermillion"]}
    m = data["measured"]
    c = colour[m["regime"]] if m else "black"
    lines = [f"<b style='color:{c}'>{_html(measured_text(data))}</b>", _html(theory_text(data))]
    note = differ_note(data)
    if note:
        lines.append(f"<i>{_html(note)}</i>")
    return "<div style='line-height:1.4'>" + "<br>".join(lines) + "</div>"


# ---------------------------------------------------------------- the lesson's static figures

# The three regimes side by side: one tanh network, small inputs, three weight scales.
REGIME_EXAMPLES = (0.9, 1.2, 2.0)


def regimes_figure(weight_scales=REGIME_EXAMPLES, *, seq_len=100, activation="tanh",
                   input_scale=0.1, n_hidden=32, seed=0):
    """Measured norms and the bound at three weight scales, one panel each (log y-axes).

    The static picture beside the explorer: each panel is what the explorer shows at that
    setting, titled with the measured regime. Returns the figure.
    """
    datas = [explorer_data(seq_len, s, activation, input_scale, n_hidden=n_hidden, seed=seed)
             for s in weight_scales]
    fig, axes = plt.subplots(1, len(datas), figsize=(3.3 * len(datas), 3.8))
    for ax, d in zip(np.atleast_1d(axes), datas):
        low, high = _log_limits(d["norms"], d["bound"])
        ax.plot(d["k"], _positive_finite(d["norms"]), color=COLORS["blue"], lw=2,
                label="measured (backward pass)")
        ax.plot(d["k"], _positive_finite(d["bound"]), color=COLORS["orange"], lw=1.8, ls="--",
                label=BOUND_LABEL)
        m = d["measured"]
        ax.set_title(f"λ₁ = {d['weight_scale']:g}: {m['regime']}\n×{m['rate']:.3f} per step back",
                     fontsize=11)
        ax.set(yscale="log", ylim=(low, high), xlabel="step k", xlim=(0.5, seq_len + 0.5))
        ax.yaxis.set_minor_locator(plt.NullLocator())
        ax.set_yticks(_decade_ticks(low, high))
        ax.yaxis.set_major_formatter(plt.FuncFormatter(_power_of_ten))
    axes[0].set_ylabel("‖∂L/∂hₖ‖  (log scale)")
    fig.suptitle(f"Three regimes of one {activation} RNN (T = {seq_len}, input scale "
                 f"{input_scale:g}): only λ₁ changes", fontsize=12, y=0.99)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="upper center", ncol=2, frameon=False,
               bbox_to_anchor=(0.5, 0.93), fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.87))
    return fig


# ---------------------------------------------------------------- the heat map over (T, lambda_1)

def heatmap_figure(seq_lens, weight_scales, grid, *, activation="tanh", input_scale=1.0,
                   limit=30.0):
    """The grid of log_ratio_grid as a heat map: length across, lambda_1 up (log axis).

    Diverging colours centred at 0 (blue: vanishing, red: exploding), saturating at
    +-limit decades; a black contour where the measured ratio is 1 (log = 0), and a dashed
    line at lambda_1 = 1/gamma, the theory's threshold.
    """
    fig, ax = plt.subplots(figsize=(7.2, 4.2))
    shown = np.clip(np.nan_to_num(grid, posinf=limit, neginf=-limit), -limit, limit)
    mesh = ax.pcolormesh(seq_lens, weight_scales, shown, cmap=DIVERGING_CMAP,
                         vmin=-limit, vmax=limit, shading="nearest")
    bar = fig.colorbar(mesh, ax=ax, extend="both")
    bar.set_label(r"$\log_{10}(\|\partial L/\partial h_1\| \,/\, \|\partial L/\partial h_T\|)$  (decades)")
    if np.nanmin(shown) < 0 < np.nanmax(shown):
        ax.contour(seq_lens, weight_scales, shown, levels=[0.0], colors="black", linewidths=1.5)
    threshold = 1.0 / gamma(activation)
    ax.axhline(threshold, color="black", ls="--", lw=1.5)
    ax.text(seq_lens[0] + 2, threshold * 1.04, f"λ₁ = 1/γ = {threshold:g}: theory's threshold",
            ha="left", va="bottom", fontsize=10)
    ax.plot([], [], color="black", lw=1.5, label="measured ratio = 1 (log = 0)")
    ax.plot([], [], color="black", lw=1.5, ls="--", label="λ₁ = 1/γ")
    ax.legend(loc="lower right", fontsize=9, framealpha=0.9)
    ax.set_yscale("log")
    ax.set_yticks([t for t in (0.25, 0.5, 1, 2, 4, 8) if weight_scales[0] <= t <= weight_scales[-1]])
    ax.yaxis.set_major_formatter(plt.FormatStrFormatter("%g"))
    ax.yaxis.set_minor_locator(plt.NullLocator())
    ax.set(xlabel="sequence length T (steps)", ylabel="weight scale λ₁ (log scale)",
           title=f"Gradients shrink (blue) or grow (red) over T steps: "
                 f"{activation}, input scale {input_scale:g}")
    ax.title.set_fontsize(11)
    ax.grid(False)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- eigenvalues are not the whole story

def nonnormal_figure(curves: dict, seq_len: int, spectral_radius: float):
    """Measured norms against steps back (T - k), one curve per labelled matrix.

    curves: {label: norms (T,)}; spectral_radius^(T-k) is drawn dotted: what the eigenvalues
    alone would predict for every matrix of the same spectral radius.
    """
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    back = np.arange(seq_len - 1, -1, -1)
    for (label, norms), c in zip(curves.items(), (COLORS["blue"], COLORS["vermillion"], COLORS["green"])):
        ax.plot(back, _positive_finite(norms), color=c, lw=2, label=label)
    ax.plot(back, spectral_radius ** back.astype(float), color="0.2", lw=1.2, ls=(0, (1, 2)),
            label=f"(spectral radius)$^{{T-k}}$ = {spectral_radius:g}$^{{T-k}}$")
    ax.axhline(1.0, color="0.4", lw=0.8)
    ax.set(yscale="log", xlabel="steps back from the loss, T − k",
           ylabel=r"$\|\partial L/\partial h_k\|$  (log scale)", xlim=(0, seq_len - 1),
           title=r"Same eigenvalues, different fate: a non-normal $W_{hh}$ amplifies first")
    ax.yaxis.set_minor_locator(plt.NullLocator())
    ax.legend(fontsize=9, loc="lower left")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- the cost for learning

def recall_figure(seq_lens, accuracies, *, chance, title="Remembering the first token gets "
                  "harder as T grows"):
    """Accuracy of the recall task against T: accuracies (n_runs, L), one dot per run
    (e.g. per seed) and a line through the means; chance level dashed."""
    acc = np.atleast_2d(np.asarray(accuracies, dtype=float))
    lens = np.asarray(seq_lens)
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for row in acc:
        ax.plot(lens, row, "o", color=COLORS["sky"], ms=6, alpha=0.8)
    ax.plot([], [], "o", color=COLORS["sky"], label="one training run (seed)")
    ax.plot(lens, acc.mean(axis=0), "-", color=COLORS["blue"], lw=2.2, label="mean over runs")
    ax.axhline(chance, color=COLORS["vermillion"], ls="--", lw=1.5, label=f"chance ({chance:g})")
    ax.set(xscale="log", xlabel="sequence length T (log scale)", ylabel="accuracy on fresh sequences",
           ylim=(0, 1.05), title=title)
    ax.set_xticks(lens)
    ax.xaxis.set_major_formatter(plt.FormatStrFormatter("%d"))
    ax.xaxis.set_minor_locator(plt.NullLocator())
    ax.legend(loc="center left", fontsize=9)
    fig.tight_layout()
    return fig
