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
    digits = next((d for d in range(4) if np.allclose(np.round(ticks, d), ticks)), 4)   # exact labels
    scale = "".join(f'<span style="background:{_hex(col)};color:{_ink(col)};padding:0 0.6em">'
                    f"{t:+.{digits}f}</span>" for t, col in zip(ticks, _colours(ticks, vmax)))
    head = f"<div><b>{html.escape(title)}</b></div>" if title else ""
    return (f'<div style="font-family:monospace">{head}<div>activation: {scale}'
            f' (blue negative, red positive)</div>'
            f'<pre style="line-height:1.35;font-size:12px;margin-top:0.4em">{"".join(spans)}</pre></div>')


def passage_figure(text, values, *, vmax=1.0, title="", max_columns=80, value_label="unit activation",
                   ax=None):
    """The same picture in matplotlib: one cell per character on a grid of lines, coloured by
    values (len(text),), with a colour bar labelled value_label. Lines longer than max_columns
    are cut there. Returns the figure."""
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
        fig, ax = plt.subplots(figsize=(0.105 * width + 1.6, 0.2 * len(lines) + 0.9),
                               layout="constrained")
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
    ax.grid(False)
    ax.spines[:].set_visible(False)
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    fig.colorbar(im, ax=ax, fraction=0.025, pad=0.01, label=value_label)
    return fig


def size_figure(ngram_sizes, ngram_bits, model_size, model_bits, *, model_label="LSTM"):
    """Held-out bits per character against how many numbers a model keeps (log axis): the
    n-grams of orders 1, 2, ... as one line ({order: size}, {order: bits}), the network as a star.
    Left: every order; right: the same, zoomed on the orders around the network's size."""
    import matplotlib.pyplot as plt
    orders = sorted(ngram_sizes)
    if not orders or sorted(ngram_bits) != orders:
        raise ValueError("ngram_sizes and ngram_bits must be non-empty dicts with the same orders")
    sizes = np.array([check_positive_float(f"ngram_sizes[{n}]", ngram_sizes[n]) for n in orders])
    bits = np.array([check_positive_float(f"ngram_bits[{n}]", ngram_bits[n]) for n in orders])
    model_size = check_positive_float("model_size", model_size)
    model_bits = check_positive_float("model_bits", model_bits)
    fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.0), layout="constrained", width_ratios=[1.1, 1])
    near = (sizes >= model_size / 5) & (sizes <= model_size * 5)
    for ax, zoom in zip(axes, (False, True)):
        ax.plot(sizes, bits, "o-", color=COLORS["blue"], label="n-gram (counts of the training text)")
        for n, x, y, show in zip(orders, sizes, bits, near if zoom else ~near):
            if show:
                label = ("unigram" if n == 1 else f"{n}-gram") + (f"  {y:.2f}" if zoom else "")
                ax.annotate(label, (x, y), textcoords="offset points", xytext=(4, 7), fontsize=9,
                            color=COLORS["blue"])
        ax.plot([model_size], [model_bits], "*", ms=17, color=COLORS["vermillion"], zorder=3,
                label=f"{model_label} (its parameters)")
        ax.axvline(model_size, color=COLORS["vermillion"], lw=1, ls=":")
        ax.set_xscale("log")
        ax.set_xlabel("numbers the model keeps (log scale)")
    lo, hi = sizes[near].min() if near.any() else model_size, sizes[near].max() if near.any() else model_size
    in_view = np.append(bits[near], model_bits)
    axes[1].set_xlim(min(lo, model_size) / 1.6, max(hi, model_size) * 1.6)
    axes[1].set_ylim(in_view.min() - 0.08, in_view.max() + 0.12)
    axes[1].annotate(f"{model_label}  {model_bits:.2f}", (model_size, model_bits), textcoords="offset points",
                     xytext=(-12, -16), ha="right", fontsize=9, color=COLORS["vermillion"])
    axes[0].set(ylabel="held-out bits per character (lower is better)",
                title="every n-gram order, and the network")
    axes[0].annotate("zoomed on the right", (model_size, model_bits), textcoords="axes fraction",
                     xytext=(0.35, 0.12), ha="right", va="center", fontsize=9, color="0.3",
                     arrowprops={"arrowstyle": "->", "color": "0.5"})
    axes[1].set_title("zoomed on the models near the network's size")
    axes[0].legend(loc="upper right", fontsize=9)
    fig.text(0.5, -0.02, "n-gram: one count per distinct string of up to n characters it has seen; "
             "network: its parameters (dotted line)", ha="center", fontsize=9, color="0.3")
    return fig


def trace_figure(values, prop, *, unit_label="unit", prop_label="property", text=None, title=""):
    """A unit's activation (top) and a property of the text (bottom) over the same characters,
    values and prop (N,); with ``text``, each newline is marked by a faint vertical line."""
    import matplotlib.pyplot as plt
    values = check_array("values", values, ndim=1).astype(np.float64)
    prop = check_array("prop", prop, shape=values.shape).astype(np.float64)
    fig, (ax_u, ax_p) = plt.subplots(2, 1, figsize=(9.0, 3.8), sharex=True, layout="constrained")
    x = np.arange(values.size)
    ax_u.plot(x, values, color=COLORS["vermillion"], lw=1.2)
    ax_u.axhline(0, color="0.5", lw=0.8)
    ax_p.step(x, prop, where="mid", color=COLORS["blue"], lw=1.2)
    if text is not None:
        if not isinstance(text, str) or len(text) != values.size:
            raise ValueError(f"text must be a string of {values.size} characters (one per value)")
        for i in (j for j, c in enumerate(text) if c == "\n"):
            for ax in (ax_u, ax_p):
                ax.axvline(i, color="0.85", lw=0.8, zorder=0)
    ax_u.set(ylabel=unit_label, title=title)
    ax_p.set(ylabel=prop_label, xlabel="character of the held-out passage (grey lines: newlines)"
             if text is not None else "character of the held-out passage")
    ax_u.grid(False, axis="x")
    ax_p.grid(False, axis="x")
    return fig
