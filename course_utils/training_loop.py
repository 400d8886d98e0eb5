"""Lesson 01: a small network trained a few steps at a time, and what it predicts over the plane.

``TrainingRun`` trains one two-layer network (mlp.py) by gradient descent, a few steps per call, at
the learning rate given, and remembers its loss curves; ``learning_rate_runs`` trains the same
start at several rates; ``optimiser_runs`` trains it with each update rule of train.py at a few
learning rates (``settled_loss`` says where each ended). ``grid_around`` and ``class1_probability`` give P(class 1) over a grid of
the plane, for the decision-boundary pictures (figures/training_loop.py).
"""
from __future__ import annotations

import numpy as np

from .mlp import (check_features, check_labels, check_mlp_params, init_mlp, mlp_forward, mlp_loss,
                  mlp_loss_and_grads)
from .train import SGD, History, train
from .validation import check_array, check_int, check_positive_float, check_scalar, check_seed


def grid_around(X, n=150, margin=0.4):
    """A square grid of n*n points covering the points X (N, 2) plus a margin.

    Returns (grid (n*n, 2), extent (xmin, xmax, ymin, ymax)) for imshow.
    """
    X = check_array("X", X, ndim=2, shape=(None, 2))
    n = check_int("n", n, min_value=2)
    margin = check_scalar("margin", margin, min_value=0)
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
        self.seed = check_seed(seed)
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
        # checked once here, not at every step (check=False below): the same numbers, faster
        X, y, X_held, y_held = self.data
        D, _, V = check_mlp_params(self.params)
        X, X_held = check_features(X, D), check_features(X_held, D)
        y, y_held = check_labels(y, len(X), V), check_labels(y_held, len(X_held), V)
        hist = train(self.params, lambda p, step: mlp_loss_and_grads(p, X, y, check=False), SGD(lr),
                     n_steps, eval_fn=lambda p: mlp_loss(p, X_held, y_held, check=False), eval_every=1)
        # hist.train_loss holds the loss before each update, which is the loss after the update
        # before it (the same network, the same computation): after step s it is entry s + 1,
        # and only the last step needs a forward pass of its own. Where an overflow stopped the
        # run, self.params is the network before the step that overflowed, as that entry would be.
        after = hist.train_loss[1:] + [mlp_loss(self.params, X, y, check=False)]
        start = self.steps[-1]
        self.steps += [start + s for s in hist.eval_steps]
        self.train_loss += after
        self.held_loss += hist.eval_loss
        self.message = hist.message
        return self.status(lr)

    def status(self, lr=None) -> str:
        where = f"step {self.steps[-1]}" + ("" if lr is None else f" at learning rate {lr:.3g}")
        return (f"{where}: train loss {self.train_loss[-1]:.3f}, validation loss {self.held_loss[-1]:.3f}"
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


def optimiser_runs(data, optimisers: dict, learning_rates, n_steps, *, n_hidden=16, seed=1) -> dict:
    """The same start trained by each optimiser at each learning rate, full batch, no stopping rule.

    optimisers: {name: class}, each class built as ``cls(lr=lr)`` (e.g. train.Adam).
    Returns {name: {lr: History}}; a History's ``train_loss`` holds the training loss at each step
    (shorter, with a ``message``, when the run overflowed).
    """
    if not (isinstance(data, tuple) and len(data) == 4):
        raise TypeError("data must be the tuple (X_train, y_train, X_held, y_held) from two_moons")
    if not isinstance(optimisers, dict) or not all(callable(c) for c in optimisers.values()):
        raise TypeError("optimisers must be a dict {name: optimiser class}, e.g. {'Adam': Adam}")
    rates = [check_positive_float("learning_rates", lr) for lr in learning_rates]
    n_steps = check_int("n_steps", n_steps, min_value=1)
    X, y = data[0], data[1]
    start = init_mlp(X.shape[1], check_int("n_hidden", n_hidden, min_value=1), 2, seed=check_seed(seed))
    runs = {}
    for name, make in optimisers.items():
        runs[name] = {}
        for lr in rates:
            params = {k: v.copy() for k, v in start.items()}
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                runs[name][lr] = train(params, lambda p, step: mlp_loss_and_grads(p, X, y), make(lr=lr), n_steps)
    return runs


def settled_loss(history: History, *, window=20, spread=3.0) -> float:
    """The training loss after the last step, or inf when the run did not settle: it overflowed,
    or over its last ``window`` steps its loss still varied by more than a factor ``spread``
    (such a run's last value is an accident of where the bouncing stopped, and of the rounding)."""
    window = check_int("window", window, min_value=1)
    spread = check_scalar("spread", spread, min_value=1, include_boundaries="right")
    losses = history.train_loss[-window:]
    if history.stopped_early or len(losses) < window or max(losses) > spread * min(losses):
        return float("inf")
    return losses[-1]
