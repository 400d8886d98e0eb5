"""Data sets for the lessons: all generated here or written by us; nothing is downloaded."""
from __future__ import annotations

import numpy as np

from ._checks import check_int


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
    rng = np.random.default_rng(seed)
    ys = rng.integers(0, K, size=N)
    if distractors:
        xs = rng.integers(0, K, size=(T, N))
    else:
        xs = np.full((T, N), K, dtype=np.int64)
    xs[0] = ys
    return xs.astype(np.int64), ys.astype(np.int64)
