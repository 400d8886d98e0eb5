"""Lesson 02's figures: every step of one forward pass as heat maps, and the time stepper's
picture of one step (input, hidden state, output), which the widget moves with ``show_step``.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..plots import COLORS, DIVERGING_CMAP, SEQUENTIAL_CMAP
from ..stepper import Walk, check_walk, step_view


# ---------------------------------------------------------------- static figure

def history_figure(w: Walk, title="Every step of one forward pass"):
    """Heat maps over t of the hidden states h_t (fixed scale -1..1) and outputs y^_t,
    with the true next character of each step outlined."""
    T, H = check_walk(w).hs.shape
    V = len(w.vocab)
    fig, (ax_h, ax_p) = plt.subplots(1, 2, figsize=(10.5, 3.6), width_ratios=[1, 1])
    im_h = ax_h.imshow(w.hs.T, cmap=DIVERGING_CMAP, vmin=-1, vmax=1, aspect="auto")
    im_p = ax_p.imshow(w.probs.T, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=1, aspect="auto")
    labels = [f"{t}\n'{c}'" for t, c in enumerate(w.chars, start=1)]
    for ax in (ax_h, ax_p):
        ax.set_xticks(range(T), labels)
        ax.set_xlabel("step $t$ and input character $x_t$")
        ax.grid(False)
    ax_h.set(yticks=range(H), yticklabels=range(1, H + 1), ylabel="hidden unit",
             title="hidden state $h_t$")
    ax_p.set(yticks=range(V), yticklabels=[f"'{c}'" for c in w.vocab], ylabel="next character",
             title=r"output $\hat y_t$ (outlined: the true next character)")
    for t, k in enumerate(w.targets):
        ax_p.add_patch(plt.Rectangle((t - 0.5, k - 0.5), 1, 1, fill=False, ec=COLORS["vermillion"], lw=2.5))
    fig.colorbar(im_h, ax=ax_h, label="value of $h_{t,j}$ (tanh: -1..1)")
    fig.colorbar(im_p, ax=ax_p, label="probability")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- the stepper's figure

def stepper_figure(w: Walk):
    """The figure the slider redraws: input, hidden state, output at one step t.

    Every key press renders it to PNG again, so it is kept cheap to draw: no mathtext (Unicode
    subscripts instead), titles and axis labels at fixed positions (matplotlib would otherwise
    measure every tick label to place them, at every draw), horizontal grid lines only, three
    ticks per value axis, three texts for the word, no tight_layout.
    """
    T, H = w.hs.shape
    V = len(w.vocab)
    with plt.rc_context({"axes.titley": 1.02, "axes.titlesize": 11, "axes.labelsize": 10}):
        fig, (ax_x, ax_h, ax_p) = plt.subplots(1, 3, figsize=(9.6, 3.3), width_ratios=[V, H, V])
    fig.subplots_adjust(top=0.72, bottom=0.26, wspace=0.3, left=0.06, right=0.99)
    art = {
        "x": ax_x.bar(range(V), np.zeros(V), color=COLORS["sky"], ec="black"),
        "h_prev": ax_h.bar(range(1, H + 1), np.zeros(H), fill=False, ec="0.5", ls="--", lw=1.2),
        "h": ax_h.bar(range(1, H + 1), np.zeros(H), width=0.6, color=COLORS["orange"],
                      ec="black"),
        "probs": ax_p.bar(range(V), np.zeros(V), color=COLORS["green"], ec="black"),
    }
    letters = [f"'{c}'" for c in w.vocab]
    ax_x.set(xticks=range(V), xticklabels=letters, ylim=(0, 1.05), yticks=[0, 1],
             title="input x\u209c (one-hot)")
    ax_h.set(xticks=range(1, H + 1), ylim=(-1.05, 1.05), yticks=[-1, 0, 1],
             xlabel="hidden unit j", ylabel="value of unit j",
             title="hidden state h\u209c (dashed: h\u209c\u208b\u2081)")
    ax_h.axhline(0, color="black", lw=0.8)
    ax_p.set(xticks=range(V), xticklabels=letters, ylim=(0, 1.05), yticks=[0, 0.5, 1],
             ylabel="probability", title="output \u0177\u209c (next character)")
    for ax in (ax_x, ax_h, ax_p):
        ax.grid(False, axis="x")
        ax.xaxis.set_label_coords(0.5, -0.19)
        ax.yaxis.set_label_coords(-0.08 if ax is ax_h else -0.2, 0.5)
    # the word along the top in three overlaid monospace strings (read, being read, to come),
    # each with blanks where the others' letters are
    kw = dict(ha="center", va="center", fontsize=16, family="monospace")
    art["letters"] = {"done": fig.text(0.5, 0.91, "", color="black", **kw),
                      "now": fig.text(0.5, 0.91, "", color=COLORS["vermillion"], fontweight="bold", **kw),
                      "later": fig.text(0.5, 0.91, "", color="0.6", **kw)}
    art["title"] = fig.text(0.02, 0.91, "", fontsize=12, va="center")
    art["caption"] = fig.text(0.5, 0.03, "", ha="center", fontsize=10.5)
    return fig, art


def _spaced(chars, keep) -> str:
    """The word with a blank instead of every letter whose position is not in ``keep``."""
    return " ".join(c if i in keep else " " for i, c in enumerate(chars))


def show_step(w: Walk, art: dict, t: int) -> dict:
    """Move every artist to step t; returns the step_view it shows."""
    view = step_view(w, t)
    for key in ("x", "h", "h_prev", "probs"):
        for bar, value in zip(art[key], view[key]):
            bar.set_height(value)
    for k, bar in enumerate(art["probs"]):
        bar.set_facecolor(COLORS["vermillion"] if k == w.targets[t - 1] else COLORS["green"])
    T = len(w.chars)
    art["letters"]["done"].set_text(_spaced(w.chars, range(t - 1)))
    art["letters"]["now"].set_text(_spaced(w.chars, [t - 1]))
    art["letters"]["later"].set_text(_spaced(w.chars, range(t, T)))
    art["title"].set_text(f"step t = {t} of {T}")
    art["caption"].set_text(view["caption"] + "   (red bar: the true next character)")
    return view
