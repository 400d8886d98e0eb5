"""Lesson 01's figures: the data, the loss curves, the decision boundary, three learning rates
side by side (the static twin of the widget), and the figure the widget redraws.
"""
from __future__ import annotations

import contourpy
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import ticker
from matplotlib.collections import PathCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgb
from matplotlib.path import Path

from ..plots import COLORS, plain_log_ticks
from ..training_loop import class1_probability, grid_around, learning_rate_runs, settled_loss
from ..validation import check_array, check_int

CLASS_COLORS = (COLORS["blue"], COLORS["orange"])
CLASS_MARKERS = ("o", "^")


def _pale(color: str, amount: float = 0.45):
    """``color`` mixed with white: a background tint that leaves the points readable."""
    return tuple(amount * c + (1 - amount) for c in to_rgb(color))


# P(class 1) from 0 to 1: pale blue (class 0 is likely), white (unsure), pale orange (class 1).
PROB_CMAP = LinearSegmentedColormap.from_list(
    "course_two_class", [_pale(CLASS_COLORS[0]), (1.0, 1.0, 1.0), _pale(CLASS_COLORS[1])])


# ---------------------------------------------------------------- figures

def scatter_classes(ax, X, y, *, held_out=False, label=True):
    """The points X (N, 2) coloured by class y (N,); held-out (validation) points are drawn hollow."""
    for k in (0, 1):
        pts = X[y == k]
        style = dict(facecolors="none", edgecolors=CLASS_COLORS[k], linewidths=1.2) if held_out \
            else dict(color=CLASS_COLORS[k], edgecolors="white", linewidths=0.4)
        name = f"class {k}" + (" (validation)" if held_out else " (training)")
        ax.scatter(pts[:, 0], pts[:, 1], s=22, marker=CLASS_MARKERS[k],
                   label=name if label else None, zorder=3, **style)
    ax.set(xlabel="$x_1$ (feature 1, no unit)", ylabel="$x_2$ (feature 2, no unit)")
    ax.set_aspect("equal")


def data_figure(data):
    """Step 1: the two classes, training points filled, validation points hollow (the test set is not drawn)."""
    X, y, X_held, y_held = data
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    scatter_classes(ax, X, y)
    scatter_classes(ax, X_held, y_held, held_out=True)
    ax.set_title(f"Two moons: {len(X)} training points, {len(X_held)} for validation")
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
    fig.tight_layout()
    return fig


def point_legend(fig, *, ncol=5):
    """A key under the figure for the marks of BoundaryView: the four kinds of point and the boundary.

    fig must use layout="constrained" (the key takes its room below the axes, never over the data).
    """
    ncol = check_int("ncol", ncol, min_value=1)
    handles = [plt.Line2D([], [], ls="none", marker=CLASS_MARKERS[k], markersize=6,
                          color=CLASS_COLORS[k], markerfacecolor=CLASS_COLORS[k] if not held else "none",
                          label=f"class {k} ({'validation' if held else 'training'})")
               for held in (False, True) for k in (0, 1)]
    handles.append(plt.Line2D([], [], color=COLORS["black"], lw=1.6, label="decision boundary, P = 0.5"))
    return fig.legend(handles=handles, loc="outside lower center", ncol=ncol, frameon=False)


class BoundaryView:
    """P(class 1) as a background image, the 0.5 contour (the decision boundary) and the points.

    Built once and moved with ``update``: the image takes the new probabilities (set_data) and
    the boundary line its new path, so a widget redraws the same artists at every step.
    """

    def __init__(self, ax, params, data, title=""):
        X, y, X_held, y_held = data
        self.ax = ax
        self.grid, extent = grid_around(np.vstack([X, X_held]))
        self.image = ax.imshow(class1_probability(params, self.grid), origin="lower", extent=extent,
                               cmap=PROB_CMAP, vmin=0.0, vmax=1.0, aspect="equal", zorder=1)
        self.extent = extent
        # the contour's line, drawn as ax.contour(P, levels=[0.5], origin="lower", extent=extent)
        # draws it (same path, same pixels), but one artist that keeps its place in the figure
        self.boundary = PathCollection([], facecolors="none", edgecolors=COLORS["black"],
                                       linewidths=1.6, zorder=2)
        ax.add_collection(self.boundary, autolim=False)
        scatter_classes(ax, X, y, label=False)
        scatter_classes(ax, X_held, y_held, held_out=True, label=False)
        ax.grid(False)
        self.update(params, title)

    def update(self, params, title="") -> None:
        P = class1_probability(params, self.grid)
        self.image.set_data(P)
        self.boundary.set_paths([boundary_path(P, self.extent)])
        self.ax.set_title(title)


def boundary_path(P, extent) -> Path:
    """The line where P (n, m) crosses 0.5, P's pixels centred as imshow(P, origin="lower",
    extent=extent) places them: the path ax.contour(P, levels=[0.5], ...) draws, computed by
    contourpy (matplotlib's own contouring library) without building a ContourSet (~10x faster).
    An empty path when P does not cross 0.5 inside the window."""
    P = check_array("P", P, ndim=2)
    if not P.min() < 0.5 < P.max():
        return Path(np.empty((0, 2)))
    (x0, x1, y0, y1), (ny, nx) = extent, P.shape
    xs = x0 + (np.arange(nx) + 0.5) * ((x1 - x0) / nx)
    ys = y0 + (np.arange(ny) + 0.5) * ((y1 - y0) / ny)
    gx, gy = np.meshgrid(xs, ys)
    # matplotlib's defaults (rcParams contour.algorithm and contour.corner_mask), as ax.contour uses
    lines = contourpy.contour_generator(gx, gy, P, name="mpl2014", corner_mask=True,
                                        line_type=contourpy.LineType.SeparateCode)
    vertices, codes = lines.create_contour(0.5)
    return Path(np.concatenate(vertices), np.concatenate(codes))


def boundary_figure(before, after, data, titles=("before training", "after training")):
    """Two decision boundaries side by side (e.g. random start and trained network)."""
    fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.2), layout="constrained")
    views = [BoundaryView(ax, p, data, t) for ax, p, t in zip(axes, (before, after), titles)]
    fig.colorbar(views[0].image, ax=axes, shrink=0.8, label="network's P(class 1)")
    point_legend(fig)
    return fig


def log_loss_ticks(ax) -> None:
    """Readable ticks on a log loss axis: 0.1, 0.2, 0.5, ... over a few decades; finer within one;
    powers of ten (10^-9, 10^-6, ...) when a diverging run spreads the losses over many decades,
    where 1-2-5 ticks would be too many to draw (matplotlib then draws none)."""
    lo, hi = ax.get_ylim()
    if hi / lo > 1e4:
        ax.yaxis.set_major_locator(ticker.LogLocator(base=10))
        ax.yaxis.set_major_formatter(ticker.LogFormatterSciNotation())
        return
    plain_log_ticks(ax.yaxis, subs=(1.0, 2.0, 5.0) if hi / lo > 8 else (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0))


def plot_losses(ax, steps, train_loss, held_loss, *, stop_step=None, legend=True):
    """Training and validation loss against step (log y axis); a dotted line where the run stopped."""
    ax.plot(steps, train_loss, color=COLORS["blue"], lw=2, label="training loss")
    ax.plot(steps, held_loss, color=COLORS["vermillion"], lw=2, ls="--", label="validation loss")
    if stop_step is not None:
        ax.axvline(stop_step, color=COLORS["black"], ls=":", lw=1.2,
                   label=f"stopping rule fired (step {stop_step})")
    ax.set(yscale="log", xlabel="gradient-descent step", ylabel="cross-entropy (nats, log scale)")
    log_loss_ticks(ax)
    if legend:
        ax.legend(frameon=False)


def loss_figure(history):
    """The loss curves of a ``train`` run that evaluated the held-out loss every few steps."""
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    plot_losses(ax, history.steps, history.train_loss, [np.nan] * len(history.steps),
                stop_step=history.eval_steps[-1] if history.stopped_early else None)
    ax.lines[1].set_data(history.eval_steps, history.eval_loss)
    log_loss_ticks(ax)
    ax.set_title("Loss while training: both curves fall, then flatten")
    fig.tight_layout()
    return fig


def overfit_figure(history, params, data):
    """Left: the loss curves of a run that overfits, the lowest held-out loss marked.
    Right: the decision boundary it ends with. history: a ``train`` run with an eval_fn."""
    steps, held = np.asarray(history.eval_steps), np.asarray(history.eval_loss)
    if len(held) == 0:
        raise ValueError("history must come from a train run with an eval_fn (it holds no held-out losses)")
    fig, (ax_loss, ax_map) = plt.subplots(1, 2, figsize=(11.0, 4.6), layout="constrained",
                                          gridspec_kw={"width_ratios": [1.15, 1.0]})
    plot_losses(ax_loss, history.steps, history.train_loss, [np.nan] * len(history.steps), legend=False)
    ax_loss.lines[1].set_data(steps, held)
    best = int(np.argmin(held))
    ax_loss.plot(steps[best], held[best], "o", color=COLORS["black"], ms=6,
                 label=f"lowest validation loss (step {steps[best]})")
    ax_loss.relim()
    ax_loss.autoscale_view()
    log_loss_ticks(ax_loss)
    ax_loss.legend(frameon=False, loc="lower left")
    ax_loss.set_title("Training loss keeps falling; validation loss turns up")
    view = BoundaryView(ax_map, params, data, f"decision boundary after {history.steps[-1]} steps")
    fig.colorbar(view.image, ax=ax_map, shrink=0.8, label="network's P(class 1)")
    point_legend(fig)
    return fig


def learning_rate_figure(data, learning_rates=(0.01, 0.5, 30.0), n_steps=300, *, n_hidden=16, seed=0):
    """The static twin of the widget: one column per learning rate, loss on top, boundary below."""
    runs = learning_rate_runs(data, learning_rates, n_steps, n_hidden=n_hidden, seed=seed)
    fig, axes = plt.subplots(2, len(runs), figsize=(4.0 * len(runs), 7.6), layout="constrained")
    top = max(max(r.train_loss + r.held_loss) for r in runs)
    # a lucky jump can take a loss on a few points to ~0: clip the axis at 0.02 so it keeps its ticks
    bottom = max(min(min(r.train_loss + r.held_loss) for r in runs), 0.026)
    for col, (lr, run) in enumerate(zip(learning_rates, runs)):
        plot_losses(axes[0, col], run.steps, run.train_loss, run.held_loss, legend=False)
        axes[0, col].set(ylim=(bottom / 1.3, top * 1.3), title=f"learning rate {lr:g}")
        log_loss_ticks(axes[0, col])
        view = BoundaryView(axes[1, col], run.params, data, f"after {n_steps} steps at {lr:g}")
    fig.colorbar(view.image, ax=axes[1, :], shrink=0.8, label="network's P(class 1)")
    point_legend(fig)
    fig.suptitle("The same network after the same number of steps, at three learning rates")
    axes[0, 0].legend(loc="upper right", frameon=False)     # that panel's curves stay low: room
    return fig


OPTIMISER_STYLES = {"SGD": (COLORS["black"], "-"), "momentum": (COLORS["blue"], "--"),
                    "Adagrad": (COLORS["green"], "-."), "RMSProp": (COLORS["purple"], ":"),
                    "Adam": (COLORS["vermillion"], "-")}


def optimiser_figure(runs):
    """Left: the training loss against step for each optimiser at its best learning rate.
    Right: where each run ended, against the learning rate (the sweep the choice came from); a run
    that did not settle (training_loop.settled_loss) is a cross at the median of its last steps.
    runs: {name: {lr: History}} from training_loop.optimiser_runs."""
    fig, (ax_steps, ax_sweep) = plt.subplots(1, 2, figsize=(11.5, 4.4), layout="constrained")
    for i, (name, by_lr) in enumerate(runs.items()):
        color, ls = OPTIMISER_STYLES.get(name, (COLORS["purple"], "-"))
        best = min(by_lr, key=lambda lr: settled_loss(by_lr[lr]))
        ax_steps.plot(by_lr[best].steps, by_lr[best].train_loss, color=color, ls=ls, lw=2, label=f"{name}, lr {best:g}")
        rates = sorted(by_lr)
        ax_sweep.plot(rates, [settled_loss(by_lr[lr]) for lr in rates], color=color, ls=ls, lw=2,
                      marker="os^Dv"[i % 5], label=name)
        unsettled = [lr for lr in rates if not np.isfinite(settled_loss(by_lr[lr])) and by_lr[lr].train_loss]
        ax_sweep.plot(unsettled, [np.median(by_lr[lr].train_loss[-20:]) for lr in unsettled], ls="none",
                      marker="x", ms=9, mew=2, color=color)
    ax_sweep.plot([], [], ls="none", marker="x", ms=9, mew=2, color=COLORS["black"],
                  label="did not settle (median\nof its last 20 steps)")
    n_steps = max(len(h.steps) for by_lr in runs.values() for h in by_lr.values())
    ax_steps.set(yscale="log", xlabel="step (full batch)", ylabel="training loss (nats, log scale)",
                 title="Each rule at its best learning rate")
    ax_sweep.set(xscale="log", yscale="log", xlabel="learning rate (log scale)",
                 ylabel=f"training loss after {n_steps} steps (log scale)", title="The sweep the best rates came from")
    for ax in (ax_steps, ax_sweep):
        log_loss_ticks(ax)
        ax.legend(frameon=False)
    plain_log_ticks(ax_sweep.xaxis, subs=(1.0,))
    return fig


# ---------------------------------------------------------------- the widget's figure

def training_figure(run, data):
    """The loss curves and the decision boundary of one TrainingRun, side by side.

    Built once; ``update_training_figure`` moves it to the run's latest step. Returns
    (fig, ax_loss, view) with view the BoundaryView of the right panel.
    """
    fig, (ax_loss, ax_map) = plt.subplots(1, 2, figsize=(11.0, 4.2), layout="constrained",
                                          gridspec_kw={"width_ratios": [1.15, 1.0]})
    plot_losses(ax_loss, run.steps, run.train_loss, run.held_loss)
    view = BoundaryView(ax_map, run.params, data, "decision boundary at step 0")
    return fig, ax_loss, view


def step_axis_end(step: int) -> int:
    """Where the widget's step axis ends: the first of 50, 100, 200, 500, 1000, 2000, ... that
    reaches ``step``. The axis grows in these jumps rather than at every click, so between jumps
    its ticks and labels stay as they are and need not be drawn again."""
    end = 50
    while end < step:
        end = end * 5 // 2 if str(end).startswith("2") else end * 2
    return end


def update_training_figure(ax_loss, view, run) -> None:
    """Show the run as it is now: both loss curves so far and the boundary at its last step."""
    train_line, held_line = ax_loss.lines[:2]
    train_line.set_data(run.steps, run.train_loss)
    held_line.set_data(run.steps, run.held_loss)
    losses = run.train_loss + run.held_loss
    ax_loss.set_xlim(0, step_axis_end(run.steps[-1]) * 1.02)
    ax_loss.set_ylim(min(0.05, min(losses) / 1.5), max(1.0, max(losses) * 1.5))
    log_loss_ticks(ax_loss)
    ax_loss.set_title("Loss so far: press the train button" if run.steps[-1] == 0
                      else f"Loss over {run.steps[-1]} steps")
    view.update(run.params, f"decision boundary at step {run.steps[-1]}")
