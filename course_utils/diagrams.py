"""Draws the course's diagrams into images/ (``python3 course.py images``).

Each diagram is a function returning a matplotlib figure, registered with @diagram("name.png").
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

DIAGRAMS: dict = {}


def diagram(filename: str):
    """Register a figure-making function as the source of images/<filename>."""
    def register(fn):
        DIAGRAMS[filename] = fn
        return fn
    return register


def save(fig, path: Path) -> Path:
    # No software/date metadata, so redrawing an unchanged diagram gives the same bytes.
    fig.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None},
                facecolor="white")
    return path


def draw_all(outdir) -> list[Path]:
    """Draw every registered diagram into ``outdir``; returns the paths written."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, make in sorted(DIAGRAMS.items()):
        fig = make()
        written.append(save(fig, outdir / filename))
        plt.close(fig)
    return written


@diagram("rnn_unrolled.png")
def rnn_unrolled():
    """Lesson 02: the RNN folded (one cell with a loop) = unrolled into a chain of
    feed-forward networks that pass h_t along, with the same weights at every step."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path as MplPath

    from .plots import COLORS
    fig, ax = plt.subplots(figsize=(12.5, 4.4))
    ax.set(xlim=(-2.4, 14.9), ylim=(-0.95, 4.6), aspect="equal")
    ax.axis("off")
    # light fills for the values, strong colours for the weights that connect them
    col = {"x": COLORS["sky"], "h": COLORS["orange"], "y": COLORS["green"],
           "W_hx": COLORS["blue"], "W_hh": COLORS["vermillion"], "W_s": COLORS["green"]}
    ys = {"x": 0.3, "h": 2.0, "y": 3.7}

    def node(x, level, text):
        ax.add_patch(FancyBboxPatch((x - 0.36, ys[level] - 0.3), 0.72, 0.6, alpha=0.55,
                                    boxstyle="round,pad=0.08,rounding_size=0.15",
                                    fc=col[level], ec="black", lw=1.2))
        ax.text(x, ys[level], text, ha="center", va="center", fontsize=14)

    def arrow(p, q, weight, label_at=None, ha="left"):
        ax.add_patch(FancyArrowPatch(p, q, arrowstyle="-|>", mutation_scale=16, lw=2,
                                     color=col[weight], shrinkA=0, shrinkB=0))
        if label_at is not None:
            ax.text(*label_at, rf"$W_{{{weight[2:]}}}$", color=col[weight], fontsize=13,
                    ha=ha, va="center")

    def column(x, t):
        node(x, "x", rf"$x_{{{t}}}$")
        node(x, "h", rf"$h_{{{t}}}$")
        node(x, "y", rf"$\hat y_{{{t}}}$")
        arrow((x, ys["x"] + 0.38), (x, ys["h"] - 0.38), "W_hx", (x + 0.08, 1.15))
        arrow((x, ys["h"] + 0.38), (x, ys["y"] - 0.38), "W_s", (x + 0.08, 2.85))

    # folded: one cell whose hidden state feeds back into itself
    column(0.0, "t")
    loop = MplPath([(-0.46, 2.15), (-1.5, 3.0), (-1.5, 1.0), (-0.46, 1.85)],
                   [MplPath.MOVETO] + [MplPath.CURVE4] * 3)
    ax.add_patch(FancyArrowPatch(path=loop, arrowstyle="-|>", mutation_scale=16, lw=2,
                                 color=col["W_hh"]))
    ax.text(-1.4, 2.0, r"$W_{hh}$", color=col["W_hh"], fontsize=13, ha="right", va="center")
    ax.text(1.05, 2.0, "=", fontsize=30, ha="center", va="center")

    # unrolled: h_0 -> h_1 -> h_2 -> h_3 ... -> h_T
    ax.text(2.0, ys["h"], r"$h_0$", fontsize=14, ha="center", va="center")
    prev = 2.3
    for x, t in zip([4.0, 6.4, 8.8, 12.0], ["1", "2", "3", "T"]):
        column(x, t)
        ax.add_patch(FancyBboxPatch((x - 0.72, -0.1), 1.44, 4.15, fc="none", ec="0.55", lw=1,
                                    ls="--", boxstyle="round,pad=0,rounding_size=0.2"))
        if t == "T":
            ax.text(10.15, ys["h"], r"$\cdots$", fontsize=20, ha="center", va="center")
            arrow((prev, ys["h"]), (9.85, ys["h"]), "W_hh")
            prev = 10.45
        arrow((prev, ys["h"]), (x - 0.45, ys["h"]), "W_hh",
              ((prev + x - 0.72) / 2, ys["h"] + 0.24), ha="center")
        prev = x + 0.45
    for level, name in (("y", "outputs"), ("h", "hidden states"), ("x", "inputs")):
        ax.text(12.9, ys[level], name, fontsize=12, ha="left", va="center")
    ax.text(0.0, 4.45, "folded", ha="center", fontsize=12, style="italic")
    ax.text(8.0, 4.45, "unrolled in time", ha="center", fontsize=12, style="italic")
    ax.text(8.0, -0.62, "each dashed column is a small feed-forward network; all of them use\n"
            r"the same $W_{hx}$, $W_{hh}$, $W_s$ (and biases): one set of weights for every step "
            r"$t = 1, \dots, T$", ha="center", va="center", fontsize=12)
    return fig
