"""A two-layer feed-forward network in NumPy: the network of lesson 01, before time enters.

Maths (one input, column vectors)     Code (row-batched: one row per example)
  h = tanh(W_hx x + b_h)                h = tanh(X @ W_hx.T + b_h)
  y^ = softmax(W_s h + b_s)             probs = softmax(h @ W_s.T + b_s)
  J = -sum_i y_i log y^_i               loss = mean over examples of -log probs[target]

The parameters carry the RNN's names (W_hx, b_h, W_s, b_s): lesson 02's recurrent network is
this one plus W_hh, which feeds the hidden state back in.
Shapes: N examples, D inputs, H hidden units, V classes.
"""
from __future__ import annotations

import numpy as np

from .layers import check_layer_params
from .numerics import log_softmax, softmax
from .validation import check_array, check_finite, check_int, check_positive_float, check_real, check_seed

PARAM_NAMES = ("W_hx", "b_h", "W_s", "b_s")


def init_mlp(n_in, n_hidden, n_out, *, seed=0, weight_scale=1.0) -> dict:
    """Random initial parameters, float64.

    Returns {"W_hx": (H, D), "b_h": (H,), "W_s": (V, H), "b_s": (V,)}. Weights are
    N(0, weight_scale^2 / fan_in), so each unit's input starts with a variance about
    weight_scale^2 whatever the layer's width; biases start at zero.
    """
    D = check_int("n_in", n_in, min_value=1)
    H = check_int("n_hidden", n_hidden, min_value=1)
    V = check_int("n_out", n_out, min_value=2)
    scale = check_positive_float("weight_scale", weight_scale)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    return {
        "W_hx": rng.standard_normal((H, D)) * scale / np.sqrt(D),
        "b_h": np.zeros(H),
        "W_s": rng.standard_normal((V, H)) * scale / np.sqrt(H),
        "b_s": np.zeros(V),
    }


# ---------------------------------------------------------------- input checks

def check_mlp_params(params) -> tuple[int, int, int]:
    """Validate a parameter dict from init_mlp; return its sizes (D, H, V)."""
    return check_layer_params(params, PARAM_NAMES)


def check_features(X, n_in: int) -> np.ndarray:
    """X: (N, n_in) real numbers, N >= 1; returned as float64."""
    X = check_array("X", X, ndim=2)
    if X.shape[0] == 0:
        raise ValueError(f"X must hold at least one example (N >= 1), got shape {X.shape}")
    if X.shape[1] != n_in:
        raise ValueError(f"X must have n_in = {n_in} columns, got shape {X.shape}")
    return check_real("X", X)


def check_labels(y, N: int, V: int) -> np.ndarray:
    """y: (N,) integer classes in [0, V)."""
    y = check_array("y", y, shape=(N,))
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    if y.min() < 0 or y.max() >= V:
        raise ValueError(f"y must hold classes in [0, {V}), got values from {y.min()} to {y.max()}")
    return y


# ---------------------------------------------------------------- forward and backward

def mlp_forward(params, X, *, check=True):
    """Predict: X (N, D) -> (probs (N, V), cache).

    probs[n] is the network's probability of each class for example n (rows sum to one).
    cache = (X, h, logits) with h (N, H) and logits (N, V): what mlp_backward needs.
    check=False skips the argument checks, for a loop that checked its inputs once (every
    function of this module takes it): the same numbers, without the checks' cost at every step.
    """
    if check:
        D, _, _ = check_mlp_params(params)
        X = check_features(X, D)
    h = np.tanh(X @ params["W_hx"].T + params["b_h"])        # (N, H)
    logits = h @ params["W_s"].T + params["b_s"]              # (N, V)
    return softmax(logits), (X, h, logits)


def cross_entropy(logits, y, *, check=True) -> tuple[float, np.ndarray]:
    """Mean of -log softmax(logits)[n, y[n]] over the N examples, and its gradient.

    logits (N, V), y (N,) integer classes. Returns (loss, dlogits (N, V)); dlogits is
    (probs - one_hot(y)) / N, the famous "prediction minus target".
    """
    if check:
        logits = check_array("logits", logits, ndim=2).astype(np.float64, copy=False)
        check_finite("logits", logits)
        y = check_labels(y, *logits.shape)
    N, V = logits.shape
    logp = log_softmax(logits)                  # stable: never log(0)
    loss = -np.mean(logp[np.arange(N), y])
    dlogits = np.exp(logp)
    dlogits[np.arange(N), y] -= 1.0
    return float(loss), dlogits / N


def mlp_backward(params, cache, dlogits, *, check=True) -> dict:
    """Backpropagate dL/dlogits (N, V) through the network; mirrors mlp_forward line by line.

    Returns grads with the keys and shapes of params.
    """
    if check:
        if not (isinstance(cache, tuple) and len(cache) == 3):
            raise TypeError(f"cache must be the (X, h, logits) tuple from mlp_forward, got {type(cache).__name__}")
        check_mlp_params(params)
        check_array("dlogits", dlogits, shape=cache[2].shape)
    X, h, logits = cache
    dW_s = dlogits.T @ h                        # (V, H)
    db_s = dlogits.sum(axis=0)                  # (V,)
    dh = dlogits @ params["W_s"]                # (N, H)
    da = dh * (1.0 - h * h)                     # through tanh: tanh' = 1 - tanh^2
    dW_hx = da.T @ X                            # (H, D)
    db_h = da.sum(axis=0)                       # (H,)
    return {"W_hx": dW_hx, "b_h": db_h, "W_s": dW_s, "b_s": db_s}


def mlp_loss_and_grads(params, X, y, *, check=True) -> tuple[float, dict]:
    """Mean cross-entropy of the network on (X (N, D), y (N,)) and its gradient for every parameter."""
    _, cache = mlp_forward(params, X, check=check)
    if check:
        y = check_labels(y, cache[0].shape[0], params["W_s"].shape[0])
    loss, dlogits = cross_entropy(cache[2], y, check=check)
    return loss, mlp_backward(params, cache, dlogits, check=check)


def mlp_loss(params, X, y, *, check=True) -> float:
    """The mean cross-entropy alone (for held-out data, where no gradient is needed)."""
    _, cache = mlp_forward(params, X, check=check)
    if check:
        y = check_labels(y, cache[0].shape[0], params["W_s"].shape[0])
    return cross_entropy(cache[2], y, check=check)[0]


def predict(params, X) -> np.ndarray:
    """The most probable class of each row of X (N, D): an int array (N,)."""
    probs, _ = mlp_forward(params, X)
    return np.argmax(probs, axis=1)


def accuracy(params, X, y) -> float:
    """Fraction of the rows of X (N, D) whose predicted class equals y (N,)."""
    pred = predict(params, X)
    y = check_labels(y, pred.shape[0], params["W_s"].shape[0])
    return float(np.mean(pred == y))
