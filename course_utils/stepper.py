"""Lesson 02: a small RNN reads a word one character at a time, every step kept for display.

``fit_word`` trains an RNN (rnn.py) to predict each next character of a word; ``walk`` runs it
once over the word and keeps the input x_t, the hidden state h_t and the output y^_t of every
step; ``step_view`` is what the time stepper (widgets/stepper.py) shows at step t.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import rnn
from .train import Adam, train
from .validation import check_int, check_positive_float


@dataclass
class Walk:
    """One forward pass over a word, kept for display.

    chars: the T input characters (the word without its last letter);
    next_chars: the T targets (the word without its first letter);
    vocab: the V characters, sorted; xs (T, V) one-hot inputs; hs (T, H) hidden states h_1..h_T;
    probs (T, V) outputs y^_1..y^_T; targets (T,) ids of next_chars.
    """
    chars: list
    next_chars: list
    vocab: list
    xs: np.ndarray
    hs: np.ndarray
    probs: np.ndarray
    targets: np.ndarray


def _check_word(word) -> str:
    if not isinstance(word, str):
        raise TypeError(f"word must be a str, got {type(word).__name__}")
    if len(word) < 2:
        raise ValueError(f"word must have at least 2 characters (an input and a next one), got {word!r}")
    return word


def encode(word):
    """(vocab, ids): the sorted distinct characters of ``word`` and its (len(word),) ids."""
    vocab = sorted(set(_check_word(word)))
    index = {c: i for i, c in enumerate(vocab)}
    return vocab, np.array([index[c] for c in word], dtype=np.int64)


def fit_word(word, *, n_hidden=8, steps=40, lr=0.01, seed=0) -> dict:
    """Parameters of an RNN (D = V = number of distinct characters, H = n_hidden) trained
    with Adam for ``steps`` steps to predict each next character of ``word``.
    steps=0 returns the random initial parameters."""
    vocab, ids = encode(word)
    n_hidden = check_int("n_hidden", n_hidden, min_value=1)
    steps = check_int("steps", steps, min_value=0)
    lr = check_positive_float("lr", lr)
    V = len(vocab)
    params = rnn.init_params(V, n_hidden, V, seed=seed)
    if steps:
        xs, ys = ids[:-1, None], ids[1:, None]              # (T, 1): one sequence
        train(params, lambda p, _: rnn.loss_and_grads(p, xs, ys), Adam(lr), steps)
    return params


def walk(params, word) -> Walk:
    """Feed word[:-1] to the RNN (one sequence, h_0 = 0) and keep every step for display."""
    vocab, ids = encode(word)
    D, H, V = rnn.check_params(params)
    if D != len(vocab) or V != len(vocab):
        raise ValueError(f"params must have n_in = n_out = {len(vocab)} (the distinct characters "
                         f"of {word!r}), got n_in = {D}, n_out = {V}")
    hs, probs = rnn.forward(params, ids[:-1, None])         # (T, 1, H), (T, 1, V)
    return Walk(chars=list(word[:-1]), next_chars=list(word[1:]), vocab=vocab,
                xs=np.eye(V)[ids[:-1]], hs=hs[:, 0], probs=probs[:, 0], targets=ids[1:])


def check_walk(w) -> Walk:
    """w itself, if it is a Walk; else TypeError."""
    if not isinstance(w, Walk):
        raise TypeError(f"w must be a Walk (from walk(params, word)), got {type(w).__name__}")
    return w


def step_view(w: Walk, t) -> dict:
    """What the widget shows at step t (1..T): the pure function behind the slider."""
    T = len(check_walk(w).chars)
    t = check_int("t", t, min_value=1)
    if t > T:
        raise ValueError(f"t must be a step in 1..{T}, got {t}")
    p = w.probs[t - 1]
    best = int(np.argmax(p))
    return {
        "x": w.xs[t - 1], "h": w.hs[t - 1], "h_prev": w.hs[t - 2] if t > 1 else np.zeros_like(w.hs[0]),
        "probs": p, "char": w.chars[t - 1], "next_char": w.next_chars[t - 1],
        "guess": w.vocab[best],
        "caption": (f"guess '{w.vocab[best]}' (p = {p[best]:.2f}); the next character is "
                    f"'{w.next_chars[t - 1]}' (p = {p[w.targets[t - 1]]:.2f})"),
    }
