"""A passage of text with each character coloured by a hidden unit's activation.

Two versions of one picture: ``passage_html`` for JupyterLab (real text you can select, a colour
scale beside it) and ``passage_figure`` (matplotlib) for viewers that show only stored images.
The colour map is ColorBrewer's PuOr, diverging and safe for the common forms of colour
blindness: orange for negative activations, white for 0, purple for positive, so a tanh unit's
-1 and +1 are equally strong colours.
"""
from __future__ import annotations

import html

import numpy as np

from .validation import check_array, check_positive_float

CMAP = "PuOr"               # negative -> orange, 0 -> white, positive -> purple


def _colours(values, vmax):
    import matplotlib
    cmap = matplotlib.colormaps[CMAP]
    return cmap(np.clip(0.5 + 0.5 * values / vmax, 0.0, 1.0))           # (N, 4) RGBA in [0, 1]


def _ink(rgba) -> str:
    """Black text on light backgrounds, white on dark ones (relative luminance)."""
    lum = 0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2]
    return "#000" if lum > 0.45 else "#fff"


def _check(text, values, vmax):
    if not isinstance(text, str) or not text:
        raise TypeError(f"text must be a non-empty string, got {type(text).__name__}")
    values = check_array("values", values, shape=(len(text),)).astype(np.float64)
    if not np.all(np.isfinite(values)):
        raise ValueError("values must be finite (one activation per character)")
    vmax = check_positive_float("vmax", vmax)
    return values, vmax


def _hex(rgba) -> str:
    return "#" + "".join(f"{int(round(255 * c)):02x}" for c in rgba[:3])


def passage_html(text, values, *, vmax=1.0, title="") -> str:
    """HTML of ``text`` in a monospace block, each character on a background coloured by values
    (len(text),), -vmax..+vmax; a colour scale and ``title`` above it. Show it with
    IPython.display.HTML. Newlines are kept; a newline's own colour is shown as a small block."""
    values, vmax = _check(text, values, vmax)
    rgba = _colours(values, vmax)
    spans = []
    for c, col in zip(text, rgba):
        shown = "\u21b5\n" if c == "\n" else html.escape(c)
        spans.append(f'<span style="background:{_hex(col)};color:{_ink(col)}">{shown}</span>')
    ticks = np.linspace(-vmax, vmax, 9)
    digits = 0 if vmax >= 10 else 1 if vmax >= 1 else 2
    scale = "".join(f'<span style="background:{_hex(col)};color:{_ink(col)};padding:0 0.6em">'
                    f"{t:+.{digits}f}</span>" for t, col in zip(ticks, _colours(ticks, vmax)))
    head = f"<div><b>{html.escape(title)}</b></div>" if title else ""
    return (f'<div style="font-family:monospace">{head}<div>activation: {scale}'
            f' (orange negative, purple positive)</div>'
            f'<pre style="line-height:1.35;font-size:12px;margin-top:0.4em">{"".join(spans)}</pre></div>')


def passage_figure(text, values, *, vmax=1.0, title="", max_columns=80, ax=None):
    """The same picture in matplotlib: one cell per character on a grid of lines, coloured by
    values (len(text),), with a colour bar. Lines longer than max_columns are cut there.
    Returns the figure."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize
    values, vmax = _check(text, values, vmax)
    lines, line_vals, start = [], [], 0
    for line in text.split("\n"):
        lines.append(line[:max_columns])
        line_vals.append(values[start:start + min(len(line), max_columns)])
        start += len(line) + 1
    width = max(1, max(len(s) for s in lines))
    grid = np.full((len(lines), width), np.nan)
    for i, v in enumerate(line_vals):
        grid[i, :v.size] = v
    if ax is None:
        fig, ax = plt.subplots(figsize=(0.105 * width + 1.6, 0.2 * len(lines) + 0.9))
    fig = ax.figure
    im = ax.imshow(grid, cmap=CMAP, vmin=-vmax, vmax=vmax, aspect="auto", interpolation="nearest")
    cmap = plt.get_cmap(CMAP)
    norm = Normalize(-vmax, vmax)
    for i, line in enumerate(lines):
        for j, c in enumerate(line):
            if c != " ":
                ax.text(j, i, c, ha="center", va="center", family="monospace", fontsize=8,
                        color=_ink(cmap(norm(grid[i, j]))))
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    fig.colorbar(im, ax=ax, fraction=0.025, pad=0.01, label="unit activation")
    return fig
