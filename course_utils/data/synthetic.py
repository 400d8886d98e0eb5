"""Data generated in NumPy: two moons (lesson 01) and the recall task (lessons 05-07)."""
from __future__ import annotations

import numpy as np

from ..validation import check_int, check_scalar, check_seed


def long_range_task(n_sequences, seq_len, *, n_classes=4, distractors=False, seed=0):
    """Remember the first token: the answer sits at step 1 and is asked for at step T.

    Token ids: 0..n_classes-1 are the classes, n_classes is the blank that fills steps 2..T
    (with distractors=True those steps hold random class tokens instead, which makes the task
    noisier from seed to seed). Vocabulary size n_classes + 1.
    Returns (xs, ys): xs (T, N) int64 token ids, ys (N,) int64 the class shown at step 1.
    Chance accuracy is 1 / n_classes.
    """
    N = check_int("n_sequences", n_sequences, min_value=1)
    T = check_int("seq_len", seq_len, min_value=1)
    K = check_int("n_classes", n_classes, min_value=2)
    rng = np.random.default_rng(check_seed(seed))
    ys = rng.integers(0, K, size=N)
    if distractors:
        xs = rng.integers(0, K, size=(T, N))
    else:
        xs = np.full((T, N), K, dtype=np.int64)
    xs[0] = ys
    return xs.astype(np.int64), ys.astype(np.int64)


def two_moons(n_points, *, noise=0.15, held_out=0.3, seed=0):
    """Two interleaved half circles in 2-D, one per class: no straight line separates them.

    Class 0 lies on the upper arc (cos t, sin t), class 1 on the lower arc (1 - cos t, 0.5 - sin t),
    t uniform in [0, pi]; both are shifted so the cloud is centred near the origin, and every
    point gets Gaussian noise of standard deviation ``noise``. The points are shuffled and the
    last ``held_out`` fraction is kept apart, for measuring the loss on data never trained on.
    Returns (X_train (N_train, 2) float64, y_train (N_train,) int64,
             X_held (N_held, 2) float64, y_held (N_held,) int64), N_train + N_held = n_points.
    """
    n = check_int("n_points", n_points, min_value=4)
    noise = check_scalar("noise", noise, min_value=0)
    held_out = check_scalar("held_out", held_out, min_value=0, max_value=1, include_boundaries="neither")
    seed = check_seed(seed)
    n_held = int(round(held_out * n))
    if not 1 <= n_held <= n - 1:
        raise ValueError(f"held_out = {held_out} of n_points = {n} leaves {n_held} held-out points; "
                         "both parts need at least one")
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2                                  # balanced classes
    t = rng.uniform(0.0, np.pi, size=n)
    X = np.where(y[:, None] == 0,
                 np.stack([np.cos(t), np.sin(t)], axis=1),
                 np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], axis=1))
    X = X - np.array([0.5, 0.25]) + noise * rng.standard_normal((n, 2))
    order = rng.permutation(n)
    X, y = X[order], y[order].astype(np.int64)
    return X[n_held:], y[n_held:], X[:n_held], y[:n_held]
