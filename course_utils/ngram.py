"""Character n-gram models: the baselines a character RNN must beat, scored in bits per character.

An n-gram model predicts the next character from the n - 1 characters before it, and from nothing
else, by counting in the training text. Order 1 (unigram) knows only how often each character
occurs; order 2 (bigram) knows which character tends to follow which; higher orders see more
context but meet contexts they never counted, so they need smoothing:

- ``"add-k"``: p(c | h) = (count(h c) + k) / (count(h) + k V): every character gets k extra counts.
- ``"kneser-ney"`` (interpolated, Chen & Goodman 1999): take a discount D off every count seen
  after the context h and give the freed mass to the next-shorter context's distribution,
      p(c | h) = (max(count(h c) - D, 0) + D * types(h) * p(c | h')) / count(h),
  h' being h without its first character and types(h) how many distinct characters followed h;
  shorter contexts count in how many distinct contexts a string followed (not how often),
  and the shortest ends in the uniform 1/V. An unseen context passes straight to h'.
Every distribution sums to 1 over the V characters (the tests check it).

Bits per character: the mean of -log2 p(next character) over a text; log2 V for a model that
knows nothing, 0 for one that is never surprised. A loss in nats (as rnn.py computes) / ln 2.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validation import check_array, check_choice, check_int, check_positive_float, check_scalar

SMOOTHINGS = ("add-k", "kneser-ney")


def bits_per_char(loss_nats):
    """A mean loss per character in nats (natural log, as rnn.loss_and_grads) in bits: / ln 2."""
    if isinstance(loss_nats, bool) or not np.all(np.isreal(loss_nats)):
        raise TypeError(f"loss_nats must be a real number or array of them, got {loss_nats!r:.60}")
    loss = np.asarray(loss_nats, dtype=np.float64)
    if np.any(loss < 0):
        raise ValueError(f"loss_nats must be >= 0 (a mean of -log p), got {loss_nats!r:.60}")
    out = loss / np.log(2.0)
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class NGramModel:
    """Counts of a fitted n-gram model (from fit_ngram). ``tables[m - 1]`` holds, for strings of
    m characters: sorted codes, their counts, and per context (the first m - 1 characters) its
    sorted codes, total count and number of distinct next characters."""
    order: int
    vocab_size: int
    smoothing: str
    k: float
    discount: float
    tables: tuple

    def __repr__(self) -> str:
        extra = f"k={self.k:g}" if self.smoothing == "add-k" else f"discount={self.discount:g}"
        return f"NGramModel(order={self.order}, V={self.vocab_size}, {self.smoothing}, {extra})"


def _check_ids(name, ids, V, min_len=1) -> np.ndarray:
    ids = check_array(name, ids, ndim=1)
    if ids.size == 0 and min_len == 0:
        return np.zeros(0, dtype=np.int64)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"{name} must hold integer character ids, got dtype {ids.dtype}")
    if ids.size < min_len:
        raise ValueError(f"{name} must hold at least {min_len} ids, got {ids.size}")
    if ids.size and (ids.min() < 0 or ids.max() >= V):
        raise ValueError(f"{name} must lie in [0, {V}), got values from {ids.min()} to {ids.max()}")
    return ids.astype(np.int64)


def _codes(ids: np.ndarray, m: int, V: int) -> np.ndarray:
    """Codes of every string of m characters in ids: sum of ids[i + j] * V**(m - 1 - j)."""
    n = ids.size - m + 1
    code = np.zeros(max(n, 0), dtype=np.int64)
    for j in range(m):
        code = code * V + ids[j:j + n]
    return code


def _table(keys: np.ndarray, counts: np.ndarray, V: int):
    """(keys, counts, context keys, context totals, context types) for sorted unique keys."""
    ctx, start = np.unique(keys // V, return_index=True)
    totals = np.add.reduceat(counts, start) if keys.size else np.zeros(0, dtype=np.int64)
    types = np.diff(np.append(start, keys.size))
    return keys, counts, ctx, totals, types


def fit_ngram(train_ids, vocab_size, order, *, smoothing="kneser-ney", k=1.0,
              discount=0.75) -> NGramModel:
    """Count the strings of 1..order characters of train_ids (N,) over a vocabulary of V ids.

    smoothing: "add-k" (k > 0 extra counts for every character) or "kneser-ney" (interpolated,
    with the absolute discount 0 < discount < 1). Returns an NGramModel for ngram_log_probs.
    """
    V = check_int("vocab_size", vocab_size, min_value=1)
    n = check_int("order", order, min_value=1)
    check_choice("smoothing", smoothing, SMOOTHINGS)
    k = check_positive_float("k", k)
    discount = check_scalar("discount", discount, min_value=0, max_value=1, include_boundaries="neither")
    if float(V) ** n >= 2.0 ** 62:
        raise ValueError(f"order {n} with vocab_size {V} gives codes past int64; use a lower order")
    ids = _check_ids("train_ids", train_ids, V, min_len=n)
    raw = [np.unique(_codes(ids, m, V), return_counts=True) for m in range(1, n + 1)]
    tables = []
    for m in range(1, n + 1):
        keys, counts = raw[m - 1]
        if smoothing == "kneser-ney" and m < n:
            # continuation counts: in how many distinct one-longer contexts each string occurs
            keys, counts = np.unique(raw[m][0] % V ** m, return_counts=True)
        tables.append(_table(keys, counts.astype(np.int64), V))
    return NGramModel(n, V, smoothing, k, discount, tuple(tables))


def _lookup(keys: np.ndarray, values: np.ndarray, query: np.ndarray) -> np.ndarray:
    """values[i] where keys[i] == query (keys sorted), 0 where a query is not among the keys."""
    if keys.size == 0:
        return np.zeros(query.shape, dtype=values.dtype)
    idx = np.minimum(np.searchsorted(keys, query), keys.size - 1)
    return np.where(keys[idx] == query, values[idx], 0)


def _probs(model: NGramModel, history: np.ndarray, targets: np.ndarray, n_hist: np.ndarray):
    """p(targets[i] | the last n_hist[i] characters of history[i]), all i at once.

    history (N, order - 1) ids, right-aligned (the character just before the target is last);
    targets (N,); n_hist (N,) how many history characters exist (fewer at a text's start).
    """
    V, n = model.vocab_size, model.order
    p = np.full(targets.shape, 1.0 / V)
    if model.smoothing == "add-k":
        m = np.minimum(n_hist + 1, n)               # use the longest context there is
        for order in range(1, n + 1):
            rows = m == order
            p[rows] = _add_k(model, history[rows], targets[rows], order)
        return p
    D = model.discount
    for order in range(1, n + 1):                   # shortest context first: interpolate upwards
        keys, counts, ctx, totals, types = model.tables[order - 1]
        code = np.zeros(targets.shape, dtype=np.int64)
        for j in range(order - 1, 0, -1):
            code = code * V + history[:, -j]
        c_h = _lookup(ctx, totals, code) if order > 1 else np.full(targets.shape, counts.sum())
        t_h = _lookup(ctx, types, code) if order > 1 else np.full(targets.shape, keys.size)
        c_hw = _lookup(keys, counts, code * V + targets)
        use = (n_hist >= order - 1) & (c_h > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            new = (np.maximum(c_hw - D, 0.0) + D * t_h * p) / c_h
        p = np.where(use, new, p)
    return p


def _add_k(model, history, targets, order):
    keys, counts, ctx, totals, _ = model.tables[order - 1]
    V = model.vocab_size
    code = np.zeros(targets.shape, dtype=np.int64)
    for j in range(order - 1, 0, -1):
        code = code * V + history[:, -j]
    c_h = _lookup(ctx, totals, code) if order > 1 else np.full(targets.shape, counts.sum())
    c_hw = _lookup(keys, counts, code * V + targets)
    return (c_hw + model.k) / (c_h + model.k * V)


def _check_model(model) -> NGramModel:
    if not isinstance(model, NGramModel):
        raise TypeError(f"model must be an NGramModel from fit_ngram, got {type(model).__name__}")
    return model


def ngram_log_probs(model, ids) -> np.ndarray:
    """Natural log p(ids[i] | up to order - 1 characters before it) for i = 1..N-1: (N - 1,).

    Character 0 is never predicted (it has no history), as in the RNN's loss over a text; the
    first few predictions use the shorter history there is.
    """
    model = _check_model(model)
    V, n = model.vocab_size, model.order
    ids = _check_ids("ids", ids, V, min_len=2)
    N = ids.size
    pad = np.concatenate([np.zeros(max(n - 1, 0), dtype=np.int64), ids])
    hist = np.stack([pad[j:j + N - 1] for j in range(1, n)], axis=1) if n > 1 \
        else np.zeros((N - 1, 0), dtype=np.int64)          # (N - 1, n - 1), right-aligned
    n_hist = np.arange(1, N)                                # characters before target i
    return np.log(_probs(model, hist, ids[1:], n_hist))


def ngram_next_probs(model, context) -> np.ndarray:
    """The distribution (V,) of the character after ``context`` (1-D ids; its last order - 1 count)."""
    model = _check_model(model)
    V, n = model.vocab_size, model.order
    context = _check_ids("context", context, V, min_len=0)[-(n - 1):] if n > 1 \
        else np.zeros(0, dtype=np.int64)
    hist = np.zeros((V, max(n - 1, 0)), dtype=np.int64)
    if context.size:
        hist[:, -context.size:] = context
    return _probs(model, hist, np.arange(V), np.full(V, context.size))


def ngram_size(model) -> int:
    """How many numbers the model keeps: one count per distinct string of 1..order characters
    it counted (what grows with the text; a neural network's size is fixed in advance)."""
    model = _check_model(model)
    return int(sum(table[0].size for table in model.tables))


def ngram_bits_per_char(model, ids) -> float:
    """Mean -log2 p(next character) of ``model`` over ids (N,), predicting ids[1:]."""
    return bits_per_char(-ngram_log_probs(model, ids).mean())
