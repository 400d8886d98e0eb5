"""Lesson 06's figures: the explorer's picture, and the lesson's static figures beside it.

``explorer_figure`` draws one setting of the explorer (data from vanishing.explorer_data); the
widget builds it once and moves its artists with ``update_explorer_figure``. The static figures
(three regimes, the heat map over length and lambda_1, a non-normal W_hh, the recall task) are
drawn from numbers the lesson computes, never by hand.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..plots import COLORS, DIVERGING_CMAP
from ..validation import check_int, check_positive_float, check_scalar
from ..vanishing import explorer_data, gamma

# Plain Unicode, no mathtext: parsing TeX on every redraw cost more than everything else.
BOUND_LABEL = "bound (γλ₁)ᵀ⁻ᵏ × (norm at k = T)"
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


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
    fig, ax = plt.subplots(figsize=figsize, dpi=check_positive_float("dpi", dpi))
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
    input_scale = check_positive_float("input_scale", input_scale)
    limit = check_positive_float("limit", limit)
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
    seq_len = check_int("seq_len", seq_len, min_value=2)
    spectral_radius = check_positive_float("spectral_radius", spectral_radius)
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
    chance = check_scalar("chance", chance, min_value=0, max_value=1)
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
