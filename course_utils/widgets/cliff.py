"""Lesson 07: the loss cliff of a one-unit RNN, and how norm clipping keeps a step near it.

The network of Pascanu, Mikolov & Bengio (2013, Fig. 6): one unit, no input,
    h_t = w * sigmoid(h_{t-1}) + b,   h_0 = 0.5,   L(w, b) = (h_T - 0.7)^2,  T = 50.
For large w the map has two stable fixed points; which one h_T ends near flips abruptly as
b crosses a critical value, so L has a wall: a step of height ~10 that is only ~1e-5 wide.
On its face the gradient is huge, and a plain gradient step is thrown far away.
"""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..validation import check_int, check_positive_float
from ..plots import COLORS, SEQUENTIAL_CMAP
from ..numerics import activate
from ._live import LiveFigure

N_STEPS, H0, TARGET = 50, 0.5, 0.7
START_W, START_GRAD_NORM, LR = 6.0, 2000.0, 0.004
W_RANGE, B_RANGE = (2.0, 11.0), (-8.0, 6.0)


def _real(name, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise TypeError(f"{name} must be a finite real number, got {value!r}")
    return float(value)


def cliff_loss_and_grad(w, b, *, n_steps=N_STEPS, h0=H0, target=TARGET):
    """L = (h_T - target)^2 and its gradient (dL/dw, dL/db); w and b broadcast (any shape).

    The derivatives are carried forward with h (forward mode): with two parameters and a
    whole grid of (w, b) at once, that is simpler than backpropagation and just as exact.
    Returns (loss, dL_dw, dL_db), arrays of the broadcast shape.
    """
    n_steps = check_int("n_steps", n_steps, min_value=1)
    w, b = np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)
    h = np.full(np.broadcast(w, b).shape, _real("h0", h0))
    dh_dw, dh_db = np.zeros_like(h), np.zeros_like(h)
    for _ in range(n_steps):
        s = activate(h, "sigmoid")                     # sigmoid(h_{t-1})
        slope = w * s * (1.0 - s)                      # dh_t / dh_{t-1}
        dh_dw = s + slope * dh_dw
        dh_db = 1.0 + slope * dh_db
        h = w * s + b
    err = h - _real("target", target)
    return err ** 2, 2.0 * err * dh_dw, 2.0 * err * dh_db


def cliff_loss(w, b, **kw):
    """L(w, b) alone; see cliff_loss_and_grad."""
    return cliff_loss_and_grad(w, b, **kw)[0]


def wall_point(w=START_W, grad_norm=START_GRAD_NORM, *, n_steps=N_STEPS):
    """A point (w, b) on the wall's face, on its high-loss side, where ||grad L|| = grad_norm.

    Found by bisection: first the b where h_T flips between the two fixed points (searched
    in [-w, 0]), then the distance below it at which the gradient norm equals grad_norm.
    """
    w = _real("w", w)
    grad_norm = check_positive_float("grad_norm", grad_norm)
    lo, hi = -w, 0.0
    high_side = cliff_loss(w, lo, n_steps=n_steps) > cliff_loss(w, hi, n_steps=n_steps)
    for _ in range(200):                               # the flip of h_T: to float precision
        mid = 0.5 * (lo + hi)
        if (cliff_loss(w, mid, n_steps=n_steps) > cliff_loss(w, hi, n_steps=n_steps)) == high_side:
            lo = mid
        else:
            hi = mid
    b_flip = lo
    near, far = 1e-15, 1.0                             # log-bisection on the distance below
    for _ in range(200):
        d = np.sqrt(near * far)
        _, gw, gb = cliff_loss_and_grad(w, b_flip - d, n_steps=n_steps)
        near, far = (d, far) if np.hypot(gw, gb) > grad_norm else (near, d)
    return w, b_flip - np.sqrt(near * far)


def gradient_step(w, b, lr=LR, threshold=None, *, n_steps=N_STEPS):
    """One gradient-descent step from (w, b), norm-clipped at ``threshold`` (None: no clipping).

    Returns a dict: start (2,), grad (2,), norm, end (2,), loss_start, loss_end, length
    (the distance moved).
    """
    lr = check_positive_float("lr", lr)
    L0, gw, gb = cliff_loss_and_grad(_real("w", w), _real("b", b), n_steps=n_steps)
    g = np.array([gw, gb], dtype=np.float64)
    norm = float(np.hypot(gw, gb))
    if threshold is not None and norm > check_positive_float("threshold", threshold):
        g = g * (threshold / norm)                     # Pascanu et al., Algorithm 1
    start = np.array([w, b], dtype=np.float64)
    end = start - lr * g
    return {"start": start, "grad": np.array([gw, gb]), "norm": norm, "end": end,
            "loss_start": float(L0), "loss_end": float(cliff_loss(end[0], end[1], n_steps=n_steps)),
            "length": float(np.linalg.norm(end - start))}


# ---------------------------------------------------------------- figures

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
    text = ax2.text(0.98, 0.04, _summary(plain, clipped, threshold), transform=ax2.transAxes,
                    ha="right", va="bottom", fontsize=9,
                    bbox=dict(boxstyle="round", fc="white", ec="0.7"))
    fig.tight_layout()
    artists = {"clipped_arrow": arrows["clipped"], "zoom_step": zoom_step, "clip_dot": clip_dot, "clip_line": clip_line,
               "text": text}
    return fig, (ax, ax2), artists


def _summary(plain, clipped, threshold) -> str:
    return (f"‖g‖ = {plain['norm']:.0f}, threshold {threshold:.3g}\n"
            f"clipped: moves {clipped['length']:.3g}, loss {plain['loss_start']:.3g} → {clipped['loss_end']:.3g}\n"
            f"unclipped: moves {plain['length']:.3g}, loss → {plain['loss_end']:.3g}")


def cliff_explorer(threshold=20.0, *, lr=LR):
    """A clipping-threshold slider over cliff_figure. Returns the widget box."""
    fig, (ax, ax2), artists = cliff_figure(threshold, lr=lr)
    live = LiveFigure(fig)
    w0, b0 = wall_point()
    plain = gradient_step(w0, b0, lr)
    slider = widgets.FloatLogSlider(value=threshold, base=10, min=0, max=np.log10(plain["norm"]),
                                    step=0.05, description="clipping threshold",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="480px"), readout_format=".3g")

    def update(change=None):
        step = gradient_step(w0, b0, lr, slider.value)
        artists["clipped_arrow"].xy = tuple(step["end"])
        artists["zoom_step"].set_data(*np.transpose([step["start"], step["end"]]))
        artists["clip_dot"].set_data([step["end"][0]], [step["end"][1]])
        artists["clip_line"].set_xdata([step["length"], step["length"]])
        artists["text"].set_text(_summary(plain, step, slider.value))
        live.redraw()

    slider.observe(update, names="value")
    update()
    box = widgets.VBox([slider, live.out])
    box.live, box.slider, box.artists = live, slider, artists     # handles for tests
    return box
