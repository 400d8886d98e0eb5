"""Simple baselines that an RNN has to beat, and the models it is compared with.

- bag of words: logistic (softmax) regression on word counts; it sees which words occur,
  never in which order;
- next-step forecasts of a series: "repeat the last value", and a linear autoregression;
- parameter counts: the RNN against a feed-forward network reading the whole window at once.
"""
from __future__ import annotations

import numpy as np

from .numerics import log_softmax, softmax
from .train import Adam, train
from .validation import check_array, check_finite, check_int, check_positive_float, check_seed


# ---------------------------------------------------------------- bag of words

def bag_of_words(ids, mask, vocab_size) -> np.ndarray:
    """Word counts of each sequence: counts[b, v] = how often id v occurs on b's real steps.

    ids (T, B) integer token ids; mask (T, B) 0/1 (1 = real step) or None for all real.
    Returns counts (B, vocab_size) float64. Any order of the same words gives the same row.
    """
    V = check_int("vocab_size", vocab_size, min_value=1)
    ids = check_array("ids", ids, ndim=2)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"ids must hold integer token ids, got dtype {ids.dtype}")
    if ids.size == 0 or ids.min() < 0 or ids.max() >= V:
        raise ValueError(f"ids must be non-empty token ids in [0, {V}), got shape {ids.shape}"
                         + (f" with values from {ids.min()} to {ids.max()}" if ids.size else ""))
    mask = np.ones(ids.shape) if mask is None else check_array("mask", mask, shape=ids.shape)
    if not np.all((mask == 0) | (mask == 1)):
        raise ValueError("mask must hold only 0/1 (1 marks a real step)")
    T, B = ids.shape
    counts = np.zeros((B, V))
    np.add.at(counts, (np.tile(np.arange(B), T), ids.reshape(-1)), mask.reshape(-1))
    return counts


def init_bow(vocab_size, n_classes=2) -> dict:
    """Logistic regression parameters {"W": (C, V), "b": (C,)}, all zero (the loss is convex)."""
    V = check_int("vocab_size", vocab_size, min_value=1)
    C = check_int("n_classes", n_classes, min_value=2)
    return {"W": np.zeros((C, V)), "b": np.zeros(C)}


def _check_bow(params, counts):
    if not isinstance(params, dict) or set(params) != {"W", "b"}:
        raise TypeError("params must be a dict with keys 'W' and 'b' (from init_bow)")
    C, V = check_array("params['W']", params["W"], ndim=2).shape
    check_array("params['b']", params["b"], shape=(C,))
    counts = check_array("counts", counts, shape=(None, V)).astype(np.float64, copy=False)
    check_finite("counts", counts)
    return counts, C


def bow_probs(params, counts) -> np.ndarray:
    """P(class | counts): softmax(counts @ W.T + b), (B, C)."""
    counts, _ = _check_bow(params, counts)
    return softmax(counts @ params["W"].T + params["b"])


def bow_loss_and_grads(params, counts, labels):
    """Mean cross-entropy -log P(label) over the B rows, and its gradient {"W", "b"}.

    counts (B, V) floats; labels (B,) integer classes in [0, C).
    """
    counts, C = _check_bow(params, counts)
    labels = check_array("labels", labels, shape=(counts.shape[0],))
    if not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0 or labels.max() >= C:
        raise ValueError(f"labels must be integer classes in [0, {C}), got {labels[:5]}...")
    B = counts.shape[0]
    logp = log_softmax(counts @ params["W"].T + params["b"])   # (B, C)
    loss = -logp[np.arange(B), labels].mean()
    dz = np.exp(logp)                                          # softmax - onehot, / B
    dz[np.arange(B), labels] -= 1.0
    dz /= B
    return float(loss), {"W": dz.T @ counts, "b": dz.sum(axis=0)}


def train_bow(counts, labels, *, n_classes=2, steps=300, lr=0.1):
    """Fit the bag-of-words model with Adam on the full batch. Returns (params, History)."""
    counts = check_array("counts", counts, ndim=2)
    params = init_bow(counts.shape[1], n_classes)
    hist = train(params, lambda p, step: bow_loss_and_grads(p, counts, labels),
                 Adam(check_positive_float("lr", lr)), check_int("steps", steps, min_value=1))
    return params, hist


# ---------------------------------------------------------------- next-step forecasts
# Every forecaster returns (N - 1,) predictions: entry t predicts series[t + 1] from series[:t + 1].

def _check_series(series, min_len=2) -> np.ndarray:
    series = check_array("series", series, ndim=1).astype(np.float64, copy=False)
    if series.size < min_len:
        raise ValueError(f"series must have at least {min_len} values, got {series.size}")
    check_finite("series", series)
    return series


def last_value_forecast(series) -> np.ndarray:
    """"Tomorrow equals today": the prediction of series[t + 1] is series[t]. (N - 1,)"""
    return _check_series(series)[:-1].copy()


def _lags(series, order) -> np.ndarray:
    """(N, order) rows [x_{t-order+1}, ..., x_t], the start padded with the first value."""
    padded = np.concatenate([np.full(order - 1, series[0]), series])
    return np.stack([padded[k: k + series.size] for k in range(order)], axis=1)


def fit_autoregressive(series, order=4) -> np.ndarray:
    """Least-squares AR(order): x_{t+1} ~ w . [x_{t-order+1} .. x_t] + c. Returns (order + 1,)."""
    p = check_int("order", order, min_value=1)
    series = _check_series(series, min_len=p + 2)
    X = np.c_[_lags(series, p)[:-1], np.ones(series.size - 1)]
    coef, *_ = np.linalg.lstsq(X[p - 1:], series[p:], rcond=None)
    return coef


def autoregressive_forecast(coef, series) -> np.ndarray:
    """Next-step predictions (N - 1,) of the AR model ``coef`` from fit_autoregressive."""
    coef = check_array("coef", coef, ndim=1).astype(np.float64, copy=False)
    if coef.size < 2:
        raise ValueError(f"coef must have order + 1 >= 2 entries, got {coef.size}")
    series = _check_series(series)
    return _lags(series, coef.size - 1)[:-1] @ coef[:-1] + coef[-1]


# ---------------------------------------------------------------- parameter counts

def rnn_parameter_count(n_in, n_hidden, n_out) -> int:
    """W_hx, W_hh, b_h, W_s, b_s: H*D + H*H + H + V*H + V, whatever the sequence length."""
    D = check_int("n_in", n_in, min_value=1)
    H = check_int("n_hidden", n_hidden, min_value=1)
    V = check_int("n_out", n_out, min_value=1)
    return H * D + H * H + H + V * H + V


def window_mlp_parameter_count(seq_len, n_in, n_hidden, n_out) -> int:
    """A one-hidden-layer network reading all T inputs at once (T*D numbers) and giving V
    outputs: (T*D)*H + H + V*H + V. It grows with T, and a length it was not built for
    needs a new network."""
    T = check_int("seq_len", seq_len, min_value=1)
    D = check_int("n_in", n_in, min_value=1)
    H = check_int("n_hidden", n_hidden, min_value=1)
    V = check_int("n_out", n_out, min_value=1)
    return T * D * H + H + V * H + V


# ---------------------------------------------------------------- a bigram language model

def fit_bigram(xs, ys, mask, vocab_size, *, alpha=0.1) -> np.ndarray:
    """P(next | previous) from counts of (input, target) pairs on real steps, add-alpha smoothed.

    xs, ys (T, B) integer ids (input and next token), mask (T, B) 0/1. Returns P (V, V),
    row = previous token, each row sums to 1. It remembers one token back, nothing more.
    """
    V = check_int("vocab_size", vocab_size, min_value=1)
    alpha = check_positive_float("alpha", alpha)
    bag_of_words(xs, mask, V)                   # validates xs and mask
    xs, ys = np.asarray(xs), check_array("ys", ys, shape=np.shape(xs))
    if not np.issubdtype(ys.dtype, np.integer) or ys.min() < 0 or ys.max() >= V:
        raise ValueError(f"ys must be integer token ids in [0, {V}) shaped like xs")
    counts = np.full((V, V), alpha)
    np.add.at(counts, (xs.reshape(-1), ys.reshape(-1)), np.asarray(mask, dtype=float).reshape(-1))
    return counts / counts.sum(axis=1, keepdims=True)


def bigram_loss(P, xs, ys, mask) -> float:
    """Mean -log P[x_t, y_t] per real step (token-weighted): comparable with an RNN's loss."""
    P = check_array("P", P, ndim=2)
    if P.shape[0] != P.shape[1]:
        raise ValueError(f"P must be square (V, V), got shape {P.shape}")
    mask = np.asarray(mask, dtype=float)
    bag_of_words(xs, mask, P.shape[0])          # validates xs and mask
    logp = np.log(P[np.asarray(xs), np.asarray(ys)])
    return float(-(logp * mask).sum() / mask.sum())


def bigram_sample(P, first, n_steps, *, seed=0) -> np.ndarray:
    """Token ids (n_steps,) drawn one after another from P[previous], starting after ``first``."""
    P = check_array("P", P, ndim=2)
    V = P.shape[0]
    if P.shape != (V, V):
        raise ValueError(f"P must be square (V, V), got shape {P.shape}")
    x = check_int("first", first, min_value=0)
    if x >= V:
        raise ValueError(f"first must be a token id in [0, {V}), got {x}")
    rng = np.random.default_rng(check_seed(seed))
    ids = np.empty(check_int("n_steps", n_steps, min_value=1), dtype=np.int64)
    for t in range(ids.size):
        ids[t] = x = int(rng.choice(V, p=P[x]))
    return ids
