"""Lesson 08's translation models trained and scored on the course's translation task.

Training: mini-batch Adam with norm clipping through train.train; each step's batch is drawn
from ``np.random.default_rng(seed)``, so a run is the same on every call. A batch holds
sentences of one source length (a length is drawn first, then sentences of that length), so
little time goes into padding; every length is seen equally often.
"""
from __future__ import annotations

import numpy as np

from . import seq2seq
from ._checks import check_array, check_int, check_positive_float
from .train import Adam, train
from .translation_data import SOURCE_VOCAB, TARGET_VOCAB, TranslationSet


def _check_set(name, data):
    if not isinstance(data, TranslationSet):
        raise TypeError(f"{name} must be a TranslationSet (from translation_data), "
                        f"got {type(data).__name__}")
    return data


def batch_schedule(data, n_steps, batch_size, seed=0) -> list:
    """The column indices of every step's batch: (n_steps lists of <= batch_size ints).
    Each step draws a source length uniformly, then batch_size sentences of that length."""
    lengths = data.src_len
    groups = [np.flatnonzero(lengths == L) for L in np.unique(lengths)]
    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(groups), size=n_steps)
    return [groups[g][rng.integers(0, groups[g].size, size=batch_size)] for g in which]


def train_translator(data, *, attention, n_hidden=32, cell="gru", steps=1000, batch_size=64,
                     lr=1e-2, final_lr=1e-4, clip_norm=1.0, seed=0, params=None):
    """Train a seq2seq model (plain or with attention) on ``data`` with teacher forcing.

    The defaults are the lesson's recipe. The learning rate goes linearly from ``lr`` at the
    first step to ``final_lr`` at the last (None: constant): with a constant 1e-2, two runs
    whose arithmetic differs in the last bit (another CPU or BLAS) drift apart within a few
    hundred steps once attention sharpens; with the decay they stay within ~1e-8 of each
    other, so the trained model, and every number printed from it, is the same on every machine.

    Returns (params, history) with history from train.train (training loss per step).
    """
    data = _check_set("data", data)
    steps = check_int("steps", steps, min_value=1)
    batch_size = check_int("batch_size", batch_size, min_value=1)
    lr = check_positive_float("lr", lr)
    seed = check_int("seed", seed, min_value=0)
    if params is None:
        params = seq2seq.init_params(len(SOURCE_VOCAB), len(TARGET_VOCAB), n_hidden,
                                     attention=attention, cell=cell, seed=seed)
    schedule = batch_schedule(data, steps, batch_size, seed)
    final_lr = lr if final_lr is None else check_positive_float("final_lr", final_lr)
    optimizer = Adam(lr)

    def step_fn(p, step):
        optimizer.lr = lr + (final_lr - lr) * (step - 1) / max(steps - 1, 1)
        b = data.take(schedule[step - 1])
        return seq2seq.loss_and_grads(p, b.src, b.tgt_in, b.tgt_out, src_mask=b.src_mask,
                                      tgt_mask=b.tgt_mask)

    history = train(params, step_fn, optimizer, steps, clip_norm=clip_norm)
    return params, history


def matches_reference(pred, data) -> np.ndarray:
    """(N,) True where each column of pred (L, N) (as translate returns: words, END, then PAD)
    is exactly the reference translation of the same pair of ``data``."""
    data = _check_set("data", data)
    pred = check_array("pred", pred, ndim=2, shape=(None, len(data)))
    T = max(pred.shape[0], data.tgt_out.shape[0])
    pad = lambda a: np.pad(a, ((0, T - a.shape[0]), (0, 0)), constant_values=seq2seq.PAD)
    return np.all(pad(pred) == pad(data.tgt_out), axis=0)


def exact_match(params, data, *, beam_width=1) -> np.ndarray:
    """(N,) True where the translation of each source of ``data`` is exactly its reference."""
    data = _check_set("data", data)
    pred = seq2seq.translate(params, data.src, src_mask=data.src_mask,
                             max_len=data.tgt_out.shape[0] + 5, beam_width=beam_width)
    return matches_reference(pred, data)


def accuracy_by_length(params, data, *, beam_width=1) -> dict:
    """{source length: fraction of exact translations} over the pairs of ``data``."""
    ok = exact_match(params, data, beam_width=beam_width)
    lengths = _check_set("data", data).src_len
    return {int(L): float(ok[lengths == L].mean()) for L in np.unique(lengths)}


def token_accuracy(params, data) -> float:
    """Fraction of target words predicted right under teacher forcing (the reference prefix
    fed in, as in training)."""
    data = _check_set("data", data)
    probs = seq2seq.forward(params, data.src, data.tgt_in, src_mask=data.src_mask)["probs"]
    right = (np.argmax(probs, axis=-1) == data.tgt_out) * data.tgt_mask
    return float(right.sum() / data.tgt_mask.sum())


def free_running_token_accuracy(params, data) -> float:
    """Fraction of target positions where the model's own translation (greedy, each word fed
    back in) has the reference word: what it achieves at test time, to set beside
    token_accuracy (the reference prefix fed in, as in training)."""
    data = _check_set("data", data)
    pred = seq2seq.translate(params, data.src, src_mask=data.src_mask,
                             max_len=data.tgt_out.shape[0])
    T = data.tgt_out.shape[0]
    pred = np.pad(pred, ((0, T - pred.shape[0]), (0, 0)), constant_values=seq2seq.PAD)
    return float(((pred == data.tgt_out) * data.tgt_mask).sum() / data.tgt_mask.sum())


def greedy_vs_beam(params, data, *, beam_width=3) -> dict:
    """Greedy against beam search on every source of ``data``: counts of sentences where the
    beam's translation is more likely, less likely or equally likely (within 1e-9) than the
    greedy one, and the exact-match accuracy of each."""
    data = _check_set("data", data)
    kw = dict(src_mask=data.src_mask, max_len=data.tgt_out.shape[0] + 5, return_log_prob=True)
    greedy, lp_greedy = seq2seq.translate(params, data.src, **kw)
    beam, lp_beam = seq2seq.translate(params, data.src, beam_width=beam_width, **kw)
    diff = lp_beam - lp_greedy
    return {"n": len(data), "beam_more_likely": int(np.sum(diff > 1e-9)),
            "beam_less_likely": int(np.sum(diff < -1e-9)),
            "same_likelihood": int(np.sum(np.abs(diff) <= 1e-9)),
            "greedy_exact": float(matches_reference(greedy, data).mean()),
            "beam_exact": float(matches_reference(beam, data).mean())}
