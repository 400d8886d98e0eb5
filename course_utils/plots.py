"""Plotting conventions shared by every lesson: colour-blind-safe colours, readable axes."""
from __future__ import annotations

import matplotlib.pyplot as plt

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
COLORS = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000",
}
CYCLE = [COLORS[c] for c in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]
# Diverging and sequential maps that stay readable in grey and for colour-blind readers.
DIVERGING_CMAP = "RdBu_r"
SEQUENTIAL_CMAP = "viridis"


def use_course_style() -> None:
    """Colour cycle, font sizes and grid used in every figure of the course."""
    plt.rcParams.update({
        "axes.prop_cycle": plt.cycler(color=CYCLE),
        "figure.figsize": (7.0, 4.0),
        "figure.dpi": 100,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "legend.fontsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })


use_course_style()


def plain_log_ticks(axis, subs=(1.0, 2.0, 5.0)) -> None:
    """On a log-scaled axis (e.g. ``ax.yaxis``), ticks at 1, 2, 5 x 10^k labelled as plain numbers
    (0.5, 2, 20, not 5x10^-1, 2x10^0): easier to read when the values span one to three decades."""
    from matplotlib import ticker
    axis.set_major_locator(ticker.LogLocator(base=10, subs=subs))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(ticker.NullFormatter())
