"""Lesson 03b's figures: a model's bits per character against its size, and a passage of text
with each character coloured by a hidden unit's activation.

The passage comes in two versions of one picture: ``passage_html`` for JupyterLab (real text you
can select, a colour scale above it) and ``passage_figure`` (matplotlib) for viewers that show
only stored images. The colour map is the course's diverging map (plots.DIVERGING_CMAP,
ColorBrewer's RdBu reversed, safe for the common forms of colour blindness): blue for negative
activations, white for 0, red for positive, so -v and +v are equally strong colours.
"""
from __future__ import annotations

import html

import numpy as np

from ..plots import COLORS, DIVERGING_CMAP
from ..validation import check_array, check_int, check_positive_float

CMAP = DIVERGING_CMAP       # negative -> blue, 0 -> white, positive -> red


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
            f' (blue negative, red positive)</div>'
            f'<pre style="line-height:1.35;font-size:12px;margin-top:0.4em">{"".join(spans)}</pre></div>')


def passage_figure(text, values, *, vmax=1.0, title="", max_columns=80, ax=None):
    """The same picture in matplotlib: one cell per character on a grid of lines, coloured by
    values (len(text),), with a colour bar. Lines longer than max_columns are cut there.
    Returns the figure."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize
    values, vmax = _check(text, values, vmax)
    max_columns = check_int("max_columns", max_columns, min_value=1)
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


def size_figure(ngram_sizes, ngram_bits, model_size, model_bits, *, model_label="LSTM"):
    """Held-out bits per character against how many numbers a model keeps (log axis): the
    n-grams of orders 1, 2, ... as one line ({order: size}, {order: bits}), the network as a star."""
    import matplotlib.pyplot as plt
    orders = sorted(ngram_sizes)
    if not orders or sorted(ngram_bits) != orders:
        raise ValueError("ngram_sizes and ngram_bits must be non-empty dicts with the same orders")
    sizes = [check_positive_float(f"ngram_sizes[{n}]", ngram_sizes[n]) for n in orders]
    bits = [check_positive_float(f"ngram_bits[{n}]", ngram_bits[n]) for n in orders]
    model_size = check_positive_float("model_size", model_size)
    model_bits = check_positive_float("model_bits", model_bits)
    fig, ax = plt.subplots(figsize=(7.0, 4.0), layout="constrained")
    ax.plot(sizes, bits, "o-", color=COLORS["blue"], label="n-gram (counts of the training text)")
    for n, x, y in zip(orders, sizes, bits):
        ax.annotate(f"{n}-gram" if n > 1 else "unigram", (x, y), textcoords="offset points",
                    xytext=(6, 4), fontsize=9, color=COLORS["blue"])
    ax.plot([model_size], [model_bits], "*", ms=16, color=COLORS["vermillion"],
            label=f"{model_label} (its parameters)")
    ax.axvline(model_size, color=COLORS["vermillion"], lw=1, ls=":")
    ax.set_xscale("log")
    ax.set(xlabel="numbers the model keeps (n-gram: distinct strings counted; network: parameters)",
           ylabel="held-out bits per character", title="Smaller is better on both axes")
    ax.legend(loc="upper right")
    return fig
