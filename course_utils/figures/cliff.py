"""Lesson 07's loss cliff, drawn: the surface with a clipped and an unclipped step from its face.

cliff_figure is the static picture; the clipping slider (widgets/cliff.py) builds it once and
moves the clipped step's artists. The numbers come from cliff.py.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..cliff import LR, N_STEPS, cliff_loss, gradient_step, wall_point
from ..plots import COLORS, SEQUENTIAL_CMAP
from ..validation import check_positive_float

W_RANGE, B_RANGE = (2.0, 11.0), (-8.0, 6.0)     # the part of the (w, b) plane drawn


def _surface(ax, w_range=W_RANGE, b_range=B_RANGE, n=300):
    Wg, Bg = np.meshgrid(np.linspace(*w_range, n), np.linspace(*b_range, n))
    # an image, not a mesh of n^2 quads: the grid is uniform, and an image redraws ~10x faster
    mesh = ax.imshow(np.log10(cliff_loss(Wg, Bg) + 1e-3), origin="lower", aspect="auto",
                     extent=(*w_range, *b_range), interpolation="nearest",
                     cmap=SEQUENTIAL_CMAP, vmin=-3, vmax=2.4)
    ax.set(xlim=w_range, ylim=b_range)
    return mesh


def _zoom(ax, start, clipped):
    """An inset around the start, where the short clipped step can be seen."""
    inset = ax.inset_axes([0.03, 0.6, 0.36, 0.37])
    w0, b0 = start
    _surface(inset, (w0 - 0.25, w0 + 0.25), (b0 - 0.2, b0 + 0.2), n=120)
    inset.plot(w0, b0, "o", color=COLORS["black"], ms=5)
    # a line, not an arrow: a line is clipped at the inset's edge when the step leaves it
    step, = inset.plot(*np.transpose([start, clipped["end"]]), "-", color=COLORS["orange"], lw=2,
                       marker="D", markevery=[1], ms=4, mec=COLORS["black"])
    inset.set_xticks([])
    inset.set_yticks([])
    inset.spines[["top", "right"]].set_visible(True)
    inset.text(0.04, 0.95, "zoomed in", transform=inset.transAxes, va="top", fontsize=8,
               bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
    ax.indicate_inset_zoom(inset, edgecolor="white", alpha=0.9)
    return step


def cliff_figure(threshold=20.0, *, lr=LR):
    """Static figure: the surface with a clipped and an unclipped step from the wall's face
    (left), and the loss along the step's line (right). Returns (fig, axes, artists)."""
    threshold, lr = check_positive_float("threshold", threshold), check_positive_float("lr", lr)
    w0, b0 = wall_point()
    plain = gradient_step(w0, b0, lr)
    clipped = gradient_step(w0, b0, lr, threshold)
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11.5, 4.6), gridspec_kw={"width_ratios": [1, 1.15]})
    mesh = _surface(ax)
    ax.set(xlabel="recurrent weight w", ylabel="bias b")
    fig.colorbar(mesh, ax=ax, label="log₁₀ L")
    ax.set_title(rf"Loss of $h_t = w\,\sigma(h_{{t-1}}) + b$ after T = {N_STEPS} steps")
    arrows = {}
    for key, step, colour in (("plain", plain, COLORS["vermillion"]), ("clipped", clipped, COLORS["orange"])):
        arrows[key] = ax.annotate("", xy=step["end"], xytext=step["start"],
                                  arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.2,
                                                  shrinkA=0, shrinkB=0))
    ax.plot(*plain["start"], "o", color=COLORS["black"], ms=6, label="start, on the wall")
    clip_dot, = ax.plot(*clipped["end"], "D", color=COLORS["orange"], ms=5, mec=COLORS["black"])
    zoom_step = _zoom(ax, plain["start"], clipped)
    for key, colour, text in (("plain", COLORS["vermillion"], "unclipped step"),
                              ("clipped", COLORS["orange"], "clipped step")):
        ax.plot([], [], color=colour, lw=2.2, label=text)
    ax.legend(loc="lower left", fontsize=8)

    direction = -plain["grad"] / plain["norm"]         # the line both steps move along
    s = np.linspace(-0.5, 1.1 * plain["length"], 1500)
    ax2.plot(s, cliff_loss(w0 + s * direction[0], b0 + s * direction[1]), color=COLORS["blue"],
             lw=1.8, label="loss along −gradient")
    ax2.axvline(plain["length"], color=COLORS["vermillion"], lw=2, label="unclipped step lands")
    clip_line = ax2.axvline(clipped["length"], color=COLORS["orange"], lw=2, ls="--",
                            label="clipped step lands")
    ax2.plot(0, plain["loss_start"], "o", color=COLORS["black"], ms=6)
    ax2.set(xlabel="distance moved from the start (units of (w, b))", ylabel="loss L (log scale)",
            yscale="log", title="The same two steps, along the line they share")
    ax2.legend(loc="upper left", fontsize=9)
    text = ax2.text(0.98, 0.04, step_summary(plain, clipped, threshold), transform=ax2.transAxes,
                    ha="right", va="bottom", fontsize=9,
                    bbox=dict(boxstyle="round", fc="white", ec="0.7"))
    fig.tight_layout()
    artists = {"clipped_arrow": arrows["clipped"], "zoom_step": zoom_step, "clip_dot": clip_dot, "clip_line": clip_line,
               "text": text}
    return fig, (ax, ax2), artists


def step_summary(plain, clipped, threshold) -> str:
    """Three lines: the gradient norm and threshold, then where each step moves and what it costs."""
    return (f"‖g‖ = {plain['norm']:.0f}, threshold {threshold:.3g}\n"
            f"clipped: moves {clipped['length']:.3g}, loss {plain['loss_start']:.3g} → {clipped['loss_end']:.3g}\n"
            f"unclipped: moves {plain['length']:.3g}, loss → {plain['loss_end']:.3g}")
