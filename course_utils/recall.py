"""The recall task (remember the first token) trained and scored at a given sequence length.

Shared by lessons 05, 06 and 07: the same experiment, first to show the problem, then its cure.
A model family is three functions following rnn.py's conventions, registered in MODELS:
init(n_in, n_hidden, n_out, seed) -> params; loss_and_grads(params, xs, ys, loss_on="last");
forward(params, xs) -> (hs, probs).
"""
from __future__ import annotations

import numpy as np

from . import gated, rnn
from .data import long_range_task
from .train import Adam, train
from .validation import check_choice, check_int, check_positive_float, check_seed

MODELS = {
    "rnn": (lambda D, H, V, seed: rnn.init_params(D, H, V, seed=seed),
            rnn.loss_and_grads,
            rnn.forward),
}
# Lesson 07's gated cells, with their init's defaults (LSTM forget bias 1.0); for another
# start, pass params=gated.init_lstm(V, H, K, forget_bias=3.0) to train_recall.
MODELS["lstm"] = (lambda D, H, V, seed: gated.init_lstm(D, H, V, seed=seed),
                  gated.lstm_loss_and_grads, gated.lstm_forward)
MODELS["gru"] = (lambda D, H, V, seed: gated.init_gru(D, H, V, seed=seed),
                 gated.gru_loss_and_grads, gated.gru_forward)


def recall_accuracy(model, params, seq_len, *, n_classes=4, n_test=1000, distractors=False,
                    seed=12345) -> float:
    """Accuracy of the answer read at step T on ``n_test`` fresh sequences (chance 1/n_classes)."""
    _, _, fwd = MODELS[check_choice("model", model, tuple(MODELS))]
    n_test = check_int("n_test", n_test, min_value=1)
    xs, ys = long_range_task(n_test, seq_len, n_classes=n_classes, distractors=distractors, seed=seed)
    _, probs = fwd(params, xs)
    return float(np.mean(np.argmax(probs[-1], axis=-1) == ys))


def train_recall(seq_len, *, model="rnn", n_hidden=32, n_classes=4, steps=300, batch=64,
                 lr=1e-2, clip_norm=1.0, distractors=False, seed=0, params=None):
    """Train ``model`` on the recall task at ``seq_len`` steps with Adam and norm clipping.

    Every step draws a fresh batch (no example repeats), so the score on fresh sequences is a
    held-out score. Returns (params, history, accuracy) where accuracy is on 1000 fresh sequences.
    """
    T = check_int("seq_len", seq_len, min_value=1)
    steps = check_int("steps", steps, min_value=1)
    batch = check_int("batch", batch, min_value=1)
    check_positive_float("lr", lr)
    clip_norm = check_positive_float("clip_norm", clip_norm)
    seed = check_seed(seed)
    n_classes = check_int("n_classes", n_classes, min_value=2)
    init, loss_grads, _ = MODELS[check_choice("model", model, tuple(MODELS))]
    V = n_classes + 1
    if params is None:
        params = init(V, check_int("n_hidden", n_hidden, min_value=1), n_classes, seed)

    def step_fn(p, step):
        xs, ys = long_range_task(batch, T, n_classes=n_classes, distractors=distractors,
                                 seed=seed * 1_000_003 + step)
        return loss_grads(p, xs, ys, loss_on="last")

    hist = train(params, step_fn, Adam(lr), steps, clip_norm=clip_norm)
    acc = recall_accuracy(model, params, T, n_classes=n_classes, distractors=distractors)
    return params, hist, acc
