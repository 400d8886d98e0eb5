"""Lesson 01: figures of the training loop, and a widget that trains a network a few steps at a time.

Pure parts (tested without a browser): ``TrainingRun`` (train more steps at a learning rate,
remembering the loss curves) and ``learning_rate_runs``. Figures: the data, the loss curves,
the decision boundary, and three learning rates side by side (the static twin of the widget).
"""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, to_rgb

from ..validation import check_array, check_int, check_positive_float
from ..mlp import init_mlp, mlp_forward, mlp_loss, mlp_loss_and_grads
from ..plots import COLORS, plain_log_ticks
from ..train import SGD, train
from ._live import LiveFigure

CLASS_COLORS = (COLORS["blue"], COLORS["orange"])
CLASS_MARKERS = ("o", "^")


def _pale(color: str, amount: float = 0.45):
    """``color`` mixed with white: a background tint that leaves the points readable."""
    return tuple(amount * c + (1 - amount) for c in to_rgb(color))


# P(class 1) from 0 to 1: pale blue (class 0 is likely), white (unsure), pale orange (class 1).
PROB_CMAP = LinearSegmentedColormap.from_list(
    "course_two_class", [_pale(CLASS_COLORS[0]), (1.0, 1.0, 1.0), _pale(CLASS_COLORS[1])])


# ---------------------------------------------------------------- pure parts

def grid_around(X, n=150, margin=0.4):
    """A square grid of n*n points covering the points X (N, 2) plus a margin.

    Returns (grid (n*n, 2), extent (xmin, xmax, ymin, ymax)) for imshow.
    """
    X = check_array("X", X, ndim=2, shape=(None, 2))
    n = check_int("n", n, min_value=2)
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs, ys = np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()]), (lo[0], hi[0], lo[1], hi[1])


def class1_probability(params, grid) -> np.ndarray:
    """The network's P(class 1) at every grid point (n*n, 2), reshaped to (n, n) for imshow."""
    n = int(round(np.sqrt(len(grid))))
    probs, _ = mlp_forward(params, grid)
    return probs[:, 1].reshape(n, n)


class TrainingRun:
    """One network trained by gradient descent a few steps at a time, with its loss curves.

    data = (X_train (N, 2), y_train (N,), X_held (M, 2), y_held (M,)). ``train_more(lr, n)``
    continues from where the last call stopped, at the learning rate given; ``reset()``
    goes back to the same random start (same seed).
    steps, train_loss, held_loss: one entry per step taken (losses after that step).
    """

    def __init__(self, data, *, n_hidden=16, seed=0):
        if not (isinstance(data, tuple) and len(data) == 4):
            raise TypeError("data must be the tuple (X_train, y_train, X_held, y_held) from two_moons")
        self.data = data
        self.n_hidden = check_int("n_hidden", n_hidden, min_value=1)
        self.seed = check_int("seed", seed, min_value=0)
        self.reset()

    def reset(self) -> None:
        X, y, X_held, y_held = self.data
        self.params = init_mlp(X.shape[1], self.n_hidden, 2, seed=self.seed)
        self.steps = [0]
        self.train_loss = [mlp_loss(self.params, X, y)]
        self.held_loss = [mlp_loss(self.params, X_held, y_held)]
        self.message = ""

    def train_more(self, lr, n_steps) -> str:
        """Take n_steps steps of gradient descent (full batch) at learning rate lr; return a status line."""
        lr = check_positive_float("lr", lr)
        n_steps = check_int("n_steps", n_steps, min_value=1)
        X, y, X_held, y_held = self.data
        after = []                       # train loss after each update, next to the held-out one

        def losses_after_step(params):
            after.append(mlp_loss(params, X, y))
            return mlp_loss(params, X_held, y_held)

        hist = train(self.params, lambda p, step: mlp_loss_and_grads(p, X, y), SGD(lr), n_steps,
                     eval_fn=losses_after_step, eval_every=1)
        start = self.steps[-1]
        self.steps += [start + s for s in hist.eval_steps]
        self.train_loss += after
        self.held_loss += hist.eval_loss
        self.message = hist.message
        return self.status(lr)

    def status(self, lr=None) -> str:
        where = f"step {self.steps[-1]}" + ("" if lr is None else f" at learning rate {lr:.3g}")
        return (f"{where}: train loss {self.train_loss[-1]:.3f}, held-out loss {self.held_loss[-1]:.3f}"
                + (f" ({self.message})" if self.message else ""))


def learning_rate_runs(data, learning_rates, n_steps, *, n_hidden=16, seed=0) -> list:
    """Train the same starting network once per learning rate; returns the TrainingRuns."""
    n_steps = check_int("n_steps", n_steps, min_value=1)
    runs = []
    for lr in learning_rates:
        run = TrainingRun(data, n_hidden=n_hidden, seed=seed)
        run.train_more(lr, n_steps)
        runs.append(run)
    return runs


# ---------------------------------------------------------------- figures

def scatter_classes(ax, X, y, *, held_out=False, label=True):
    """The points X (N, 2) coloured by class y (N,); held-out points are drawn hollow."""
    for k in (0, 1):
        pts = X[y == k]
        style = dict(facecolors="none", edgecolors=CLASS_COLORS[k], linewidths=1.2) if held_out \
            else dict(color=CLASS_COLORS[k], edgecolors="white", linewidths=0.4)
        name = f"class {k}" + (" (held out)" if held_out else " (training)")
        ax.scatter(pts[:, 0], pts[:, 1], s=22, marker=CLASS_MARKERS[k],
                   label=name if label else None, zorder=3, **style)
    ax.set(xlabel="$x_1$ (feature 1, no unit)", ylabel="$x_2$ (feature 2, no unit)")
    ax.set_aspect("equal")


def data_figure(data):
    """Step 1: the two classes, training points filled, held-out points hollow."""
    X, y, X_held, y_held = data
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    scatter_classes(ax, X, y)
    scatter_classes(ax, X_held, y_held, held_out=True)
    ax.set_title(f"Two moons: {len(X)} training points, {len(X_held)} held out")
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
    fig.tight_layout()
    return fig


def point_legend(fig, *, ncol=5):
    """A key under the figure for the marks of BoundaryView: the four kinds of point and the boundary.

    fig must use layout="constrained" (the key takes its room below the axes, never over the data).
    """
    handles = [plt.Line2D([], [], ls="none", marker=CLASS_MARKERS[k], markersize=6,
                          color=CLASS_COLORS[k], markerfacecolor=CLASS_COLORS[k] if not held else "none",
                          label=f"class {k} ({'held out' if held else 'training'})")
               for held in (False, True) for k in (0, 1)]
    handles.append(plt.Line2D([], [], color=COLORS["black"], lw=1.6, label="decision boundary, P = 0.5"))
    return fig.legend(handles=handles, loc="outside lower center", ncol=ncol, frameon=False)


class BoundaryView:
    """P(class 1) as a background image, the 0.5 contour (the decision boundary) and the points."""

    def __init__(self, ax, params, data, title=""):
        X, y, X_held, y_held = data
        self.ax = ax
        self.grid, extent = grid_around(np.vstack([X, X_held]))
        self.image = ax.imshow(class1_probability(params, self.grid), origin="lower", extent=extent,
                               cmap=PROB_CMAP, vmin=0.0, vmax=1.0, aspect="equal", zorder=1)
        self.extent = extent
        self.contour = None
        scatter_classes(ax, X, y, label=False)
        scatter_classes(ax, X_held, y_held, held_out=True, label=False)
        ax.grid(False)
        self.update(params, title)

    def update(self, params, title="") -> None:
        P = class1_probability(params, self.grid)
        self.image.set_data(P)
        if self.contour is not None:
            self.contour.remove()
        self.contour = None
        if P.min() < 0.5 < P.max():       # a boundary exists inside the window
            self.contour = self.ax.contour(P, levels=[0.5], origin="lower", extent=self.extent,
                                           colors=COLORS["black"], linewidths=1.6, zorder=2)
        self.ax.set_title(title)


def boundary_figure(before, after, data, titles=("before training", "after training")):
    """Two decision boundaries side by side (e.g. random start and trained network)."""
    fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.2), layout="constrained")
    views = [BoundaryView(ax, p, data, t) for ax, p, t in zip(axes, (before, after), titles)]
    fig.colorbar(views[0].image, ax=axes, shrink=0.8, label="network's P(class 1)")
    point_legend(fig)
    return fig


def log_loss_ticks(ax) -> None:
    """Readable ticks on a log loss axis: 0.1, 0.2, 0.5, ... over decades; finer within one."""
    lo, hi = ax.get_ylim()
    plain_log_ticks(ax.yaxis, subs=(1.0, 2.0, 5.0) if hi / lo > 8 else (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0))


def plot_losses(ax, steps, train_loss, held_loss, *, stop_step=None, legend=True):
    """Train and held-out loss against step (log y axis); a dotted line where the run stopped."""
    ax.plot(steps, train_loss, color=COLORS["blue"], lw=2, label="training loss")
    ax.plot(steps, held_loss, color=COLORS["vermillion"], lw=2, ls="--", label="held-out loss")
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
                 label=f"lowest held-out loss (step {steps[best]})")
    ax_loss.relim()
    ax_loss.autoscale_view()
    log_loss_ticks(ax_loss)
    ax_loss.legend(frameon=False, loc="lower left")
    ax_loss.set_title("Training loss keeps falling; held-out loss turns up")
    BoundaryView(ax_map, params, data, f"decision boundary after {history.steps[-1]} steps")
    point_legend(fig)
    return fig


def learning_rate_figure(data, learning_rates=(0.01, 0.5, 30.0), n_steps=300, *, n_hidden=16, seed=0):
    """The static twin of the widget: one column per learning rate, loss on top, boundary below."""
    runs = learning_rate_runs(data, learning_rates, n_steps, n_hidden=n_hidden, seed=seed)
    fig, axes = plt.subplots(2, len(runs), figsize=(4.0 * len(runs), 7.6), layout="constrained")
    top = max(max(r.train_loss + r.held_loss) for r in runs)
    bottom = min(min(r.train_loss + r.held_loss) for r in runs)
    for col, (lr, run) in enumerate(zip(learning_rates, runs)):
        plot_losses(axes[0, col], run.steps, run.train_loss, run.held_loss, legend=False)
        axes[0, col].set(ylim=(bottom / 1.3, top * 1.3), title=f"learning rate {lr:g}")
        log_loss_ticks(axes[0, col])
        BoundaryView(axes[1, col], run.params, data, f"after {n_steps} steps at {lr:g}")
    fig.suptitle("The same network after the same number of steps, at three learning rates")
    axes[0, 0].legend(loc="upper right", frameon=False)     # that panel's curves stay low: room
    return fig


# ---------------------------------------------------------------- the widget

def training_loop_widget(data, *, lr=0.5, n_hidden=16, seed=0):
    """A learning-rate slider (log scale), "train N more steps" and "reset" buttons, redrawing
    the loss curves and the decision boundary of one network in one figure. Returns the box."""
    run = TrainingRun(data, n_hidden=n_hidden, seed=seed)
    fig, (ax_loss, ax_map) = plt.subplots(1, 2, figsize=(11.0, 4.2), layout="constrained",
                                          gridspec_kw={"width_ratios": [1.15, 1.0]})
    plot_losses(ax_loss, run.steps, run.train_loss, run.held_loss)
    view = BoundaryView(ax_map, run.params, data, "decision boundary at step 0")
    live = LiveFigure(fig)
    slider = widgets.FloatLogSlider(value=lr, base=10, min=-3, max=2, step=0.1, readout_format=".3g",
                                    description="learning rate", continuous_update=False,
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="360px"))
    n_more = widgets.Dropdown(options=[10, 50, 200, 1000], value=50, description="steps per click",
                              style={"description_width": "initial"}, layout=widgets.Layout(width="190px"))
    button = widgets.Button(description="train 50 more steps", button_style="primary",
                            layout=widgets.Layout(width="190px"))
    reset = widgets.Button(description="reset to the random start", layout=widgets.Layout(width="200px"))
    status = widgets.Label(value=run.status())

    def redraw():
        train_line, held_line = ax_loss.lines[:2]
        train_line.set_data(run.steps, run.train_loss)
        held_line.set_data(run.steps, run.held_loss)
        losses = run.train_loss + run.held_loss
        ax_loss.set_xlim(0, max(run.steps[-1], 50) * 1.02)
        ax_loss.set_ylim(min(0.05, min(losses) / 1.5), max(1.0, max(losses) * 1.5))
        log_loss_ticks(ax_loss)
        ax_loss.set_title("Loss so far: press the train button" if run.steps[-1] == 0
                          else f"Loss over {run.steps[-1]} steps")
        view.update(run.params, f"decision boundary at step {run.steps[-1]}")
        live.redraw()

    def on_train(_=None):
        status.value = run.train_more(slider.value, n_more.value)
        redraw()

    def on_reset(_=None):
        run.reset()
        status.value = run.status()
        redraw()

    def on_n_more(change):
        button.description = f"train {change['new']} more steps"

    button.on_click(on_train)
    reset.on_click(on_reset)
    n_more.observe(on_n_more, names="value")
    redraw()
    box = widgets.VBox([widgets.HBox([slider, n_more]), widgets.HBox([button, reset]), status, live.out])
    box.run, box.live, box.fig = run, live, fig          # handles for tests
    box.slider, box.n_more, box.button, box.reset = slider, n_more, button, reset
    return box
