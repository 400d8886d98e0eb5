"""The recall task (remember the first token) trained and scored at a given sequence length.

Shared by lessons 05, 06 and 07: the same experiment, first to show the problem, then its cure.
A model family is three functions following rnn.py's conventions, registered in MODELS:
init(n_in, n_hidden, n_out, seed) -> params; loss_and_grads(params, xs, ys, loss_on="last");
forward(params, xs) -> (hs, probs).

Why a run fails is measured, not assumed: ``recall_gradient_ratio`` is how much of the gradient
that the loss at step T sends into h_T is left when it reaches h_1 (||dL/dh_1|| / ||dL/dh_T||,
through the trained network itself), and ``train_recall(..., ratio_every=k)`` records it during
training.
"""
from __future__ import annotations

import numpy as np

from . import gated, rnn
from .data import long_range_task
from .layers import output_loss_and_grads
from .train import Adam, train
from .validation import check_choice, check_int, check_positive_float, check_scalar, check_seed

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


RATIO_SEED = 54321       # the sequences recall_gradient_ratio measures on, unless told otherwise


def _state_gradients(model, params, xs, ys) -> np.ndarray:
    """dL/dh_t for t = 1..T of the recall loss (read at step T only): (T, B, H), real backward pass."""
    if model == "rnn":
        hs, cache = rnn.rnn_forward(params, xs)
        _, dhs, _ = output_loss_and_grads(params, hs, ys, loss_on="last")
        _, dh_total, _ = rnn.recurrence_backward(dhs, hs, params["W_hh"], "tanh")
        return dh_total
    hs, cache = gated.gated_forward(model, params, xs)
    _, dhs, _ = output_loss_and_grads(params, hs, ys, loss_on="last")
    dhsT = dhs.transpose(0, 2, 1)                  # (T, H, B): the gated loops keep states as columns
    if model == "lstm":
        return gated.lstm_steps_backward(dhsT, cache.steps, params["W_hh"])[1].transpose(0, 2, 1)
    return gated.gru_steps_backward(dhsT, cache.steps, params["W_hh"])[2].transpose(0, 2, 1)


def recall_gradient_ratio(model, params, seq_len, *, n_classes=4, distractors=False, n_test=200,
                          seed=RATIO_SEED) -> float:
    """How much gradient reaches step 1: ||dL/dh_1|| / ||dL/dh_T|| for ``params`` on the recall task.

    model: a name in MODELS ("rnn", "lstm", "gru"); params: that model's dict (trained or not).
    On ``n_test`` fresh sequences of ``seq_len`` steps (the task of train_recall), the loss of each
    sequence is read at step T, as in training; a real backward pass gives dL/dh_t. Per sequence
    the ratio of the norms at t = 1 and t = T; returned: their GEOMETRIC mean (the mean of the
    log ratios, exponentiated), because the ratios spread over orders of magnitude. 1e-7 means
    that what the loss says about step 1 arrives ten million times weaker than at step T.
    Returns 0.0 if a ratio underflows to 0, inf if a norm overflows.
    """
    _, _, _ = MODELS[check_choice("model", model, tuple(MODELS))]
    T = check_int("seq_len", seq_len, min_value=2)
    n_classes = check_int("n_classes", n_classes, min_value=2)
    n_test = check_int("n_test", n_test, min_value=1)
    xs, ys = long_range_task(n_test, T, n_classes=n_classes, distractors=distractors,
                             seed=check_seed(seed))
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        dh = _state_gradients(model, params, xs, ys)
        first, last = np.linalg.norm(dh[0], axis=-1), np.linalg.norm(dh[-1], axis=-1)   # (B,)
        log_ratio = np.mean(np.log(first) - np.log(last))
    return float(np.exp(log_ratio)) if not np.isnan(log_ratio) else float("nan")


def power_of_ten(x) -> str:
    """A ratio as the nearest power of ten, in the lessons' notation: 3.6e-7 -> '10⁻⁶', 1.8 -> '10⁰'.

    For quantities known to an order of magnitude (recall_gradient_ratio of a trained network):
    their digits can move with the machine's rounding, their power of ten does not.
    """
    x = check_scalar("x", x, min_value=0)
    if x == 0:
        return "0"
    return "10" + str(int(np.round(np.log10(x)))).translate(_SUPERSCRIPT)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def recall_accuracy(model, params, seq_len, *, n_classes=4, n_test=1000, distractors=False,
                    seed=12345) -> float:
    """Accuracy of the answer read at step T on ``n_test`` fresh sequences (chance 1/n_classes)."""
    _, _, fwd = MODELS[check_choice("model", model, tuple(MODELS))]
    n_test = check_int("n_test", n_test, min_value=1)
    xs, ys = long_range_task(n_test, seq_len, n_classes=n_classes, distractors=distractors, seed=seed)
    _, probs = fwd(params, xs)
    return float(np.mean(np.argmax(probs[-1], axis=-1) == ys))


def train_recall(seq_len, *, model="rnn", n_hidden=32, n_classes=4, steps=300, batch=64,
                 lr=1e-2, clip_norm=1.0, distractors=False, seed=0, params=None, ratio_every=None):
    """Train ``model`` on the recall task at ``seq_len`` steps with Adam and norm clipping.

    Every step draws a fresh batch (no example repeats), so the score on fresh sequences is a
    held-out score. Returns (params, history, accuracy) where accuracy is on 1000 fresh sequences.
    ratio_every=k also records recall_gradient_ratio (its default sequences) before the first
    update, after every k updates and at the end: history.ratio_steps holds the number of
    updates done, history.gradient_ratio the ratios.
    """
    T = check_int("seq_len", seq_len, min_value=1)
    steps = check_int("steps", steps, min_value=1)
    batch = check_int("batch", batch, min_value=1)
    check_positive_float("lr", lr)
    clip_norm = check_positive_float("clip_norm", clip_norm)
    seed = check_seed(seed)
    n_classes = check_int("n_classes", n_classes, min_value=2)
    every = None if ratio_every is None else check_int("ratio_every", ratio_every, min_value=1)
    if every is not None and T < 2:
        raise ValueError(f"ratio_every needs seq_len >= 2 (a step 1 before step T), got seq_len={T}")
    init, loss_grads, _ = MODELS[check_choice("model", model, tuple(MODELS))]
    V = n_classes + 1
    if params is None:
        params = init(V, check_int("n_hidden", n_hidden, min_value=1), n_classes, seed)
    ratios: list[tuple[int, float]] = []

    def record(p, done):
        ratios.append((done, recall_gradient_ratio(model, p, T, n_classes=n_classes,
                                                   distractors=distractors)))

    def step_fn(p, step):
        if every is not None and (step - 1) % every == 0:
            record(p, step - 1)                     # before update number `step`
        xs, ys = long_range_task(batch, T, n_classes=n_classes, distractors=distractors,
                                 seed=seed * 1_000_003 + step)
        return loss_grads(p, xs, ys, loss_on="last")

    hist = train(params, step_fn, Adam(lr), steps, clip_norm=clip_norm)
    if every is not None:
        record(params, len(hist.steps))
        hist.ratio_steps = [d for d, _ in ratios]
        hist.gradient_ratio = [r for _, r in ratios]
    acc = recall_accuracy(model, params, T, n_classes=n_classes, distractors=distractors)
    return params, hist, acc
