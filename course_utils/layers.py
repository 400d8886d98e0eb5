"""The layers every network of the course shares: the input projection and the output layer.

A recurrent network (rnn.py, gated.py) reads its inputs through W_hx and writes its outputs
through W_s; only the recurrence between them differs. Both halves live here once, in the style
of the models: a forward returns what its backward needs, and the backward mirrors it.

  input layer:   a_x = x_t @ W_hx.T for every step    (input_projection / input_weight_grad)
  output layer:  logits_t = h_t @ W_s.T + b_s          (output_forward / output_backward)
                 loss = weighted mean of the head's loss on each counted step (head_loss)

Shapes are time-major: T steps, B sequences, D inputs, H hidden units, V outputs. Inputs are floats
(T, B, D) or integer token ids (T, B), which act as one-hot rows. The checks of these arguments
(inputs, starting state, mask, targets) live here too, so every network checks them the same way.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .numerics import softmax
from .validation import check_array, check_finite, check_float_dtype, check_param_dict, check_real

PARAM_NAMES = ("W_hx", "W_hh", "b_h", "W_s", "b_s")   # every recurrent network's parameters
HEADS = ("softmax", "squared")
LOSS_ON = ("all", "last")


# ---------------------------------------------------------------- argument checks

def check_layer_params(params, names) -> tuple[int, int, int]:
    """The input and output layers every network of the course has: W_hx (H, D), b_h (H,),
    W_s (V, H), b_s (V,); every array in ``names`` present and finite. Returns (D, H, V)."""
    check_param_dict(params, names)
    H, D = check_array("params['W_hx']", params["W_hx"], ndim=2).shape
    V = check_array("params['W_s']", params["W_s"], ndim=2).shape[0]
    check_array("params['b_h']", params["b_h"], shape=(H,))
    check_array("params['W_s']", params["W_s"], shape=(V, H))
    check_array("params['b_s']", params["b_s"], shape=(V,))
    for name in names:
        check_finite(f"params[{name!r}]", params[name])
    return D, H, V


def check_inputs(xs, n_in: int) -> np.ndarray:
    """Token ids (T, B) of an integer dtype, or floats (T, B, n_in); T, B >= 1."""
    xs = check_array("xs", xs, ndim=(2, 3))
    if xs.shape[0] == 0 or xs.shape[1] == 0:
        raise ValueError(f"xs must have at least one step and one sequence (T, B >= 1), got shape {xs.shape}")
    if xs.ndim == 2:
        if not np.issubdtype(xs.dtype, np.integer):
            raise TypeError(f"xs of shape (T, B) must hold integer token ids, got dtype {xs.dtype}; "
                            f"pass floats as (T, B, {n_in})")
        if xs.min() < 0 or xs.max() >= n_in:
            raise ValueError(f"xs token ids must lie in [0, {n_in}), got values from {xs.min()} to {xs.max()}")
        return xs
    if xs.shape[2] != n_in:
        raise ValueError(f"xs must have last axis n_in = {n_in}, got shape {xs.shape}")
    return check_real("xs", xs)


def with_dtype(params: dict, dtype) -> dict:
    """params with every array as ``dtype``: float64 (the course's default) or float32.

    float32 holds about 7 significant digits instead of 16: half the bytes to move, and NumPy's
    float32 tanh and exp are vectorised, so a gated cell trains about 1.5x faster (what GPU
    frameworks train in). Gradient checks need float64: a central difference in float32 is
    swamped by rounding. Every layer computes in its parameters' dtype.
    """
    dt = check_float_dtype("dtype", dtype)
    return {k: np.asarray(v).astype(dt, copy=False) for k, v in params.items()}


def check_state(name: str, state, B: int, H: int, dtype=np.float64) -> np.ndarray:
    """A starting state (h0, or an LSTM's c0): (B, H) finite floats of ``dtype`` (the
    parameters'), zeros when None; never broadcast from (H,)."""
    if state is None:
        return np.zeros((B, H), dtype=dtype)
    state = check_array(name, state, shape=(B, H)).astype(dtype, copy=False)
    check_finite(name, state)
    return state


def check_mask(mask, T: int, B: int) -> np.ndarray | None:
    """None, or (T, B) of 0/1 (1 marks a real step), every sequence with at least one real step."""
    if mask is None:
        return None
    mask = check_array("mask", mask, shape=(T, B))
    if not np.all((mask == 0) | (mask == 1)):
        raise ValueError("mask must hold only 0/1 or False/True (1 marks a real step)")
    if not np.all(mask.any(axis=0)):
        raise ValueError("mask leaves a sequence with no real step; every column needs at least one 1")
    return mask.astype(np.float64)


def check_targets(targets, T, B, V, head, loss_on) -> np.ndarray:
    """Integer classes in [0, V) (head "softmax") or floats (.., V) (head "squared"), for every
    step (T, B) or, with loss_on="last", one per sequence (B,). Returned with a leading step axis."""
    lead = (B,) if loss_on == "last" else (T, B)
    if head == "squared":
        targets = check_array("targets", targets, shape=lead + (V,))
        if not np.issubdtype(targets.dtype, np.number):
            raise TypeError(f"targets must hold real numbers for head='squared', got dtype {targets.dtype}")
        targets = targets.astype(np.float64, copy=False)
        check_finite("targets", targets)
        return targets
    targets = check_array("targets", targets, shape=lead)
    if not np.issubdtype(targets.dtype, np.integer):
        raise TypeError(f"targets must hold integer class ids, got dtype {targets.dtype}")
    if targets.min() < 0 or targets.max() >= V:
        raise ValueError(f"targets must lie in [0, {V}), got values from {targets.min()} to {targets.max()}")
    return targets if loss_on == "all" else targets[None]


# ---------------------------------------------------------------- the input layer

def input_projection(W_hx: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """x_t @ W_hx.T for every step at once -> (T, B, H); for token ids, a row lookup."""
    if xs.ndim == 2:
        return W_hx.T[xs]                      # (T, B, H): column `id` of W_hx
    return xs @ W_hx.T                         # (T, B, D) @ (D, H)


def input_weight_grad(da2: np.ndarray, xs: np.ndarray, D: int) -> np.ndarray:
    """dW_hx (H, D) from da2 (T*B, H); for token ids a one-hot product (a scatter-add)."""
    if xs.ndim == 2:
        onehot = np.zeros((da2.shape[0], D), dtype=da2.dtype)
        onehot[np.arange(da2.shape[0]), xs.reshape(-1)] = 1.0
        return da2.T @ onehot
    return da2.T @ xs.reshape(-1, D)


# ---------------------------------------------------------------- the output layer

class OutputCache(NamedTuple):
    """What output_backward needs: the states that have an output, and the number of steps."""
    h_out: np.ndarray      # (T', B, H), T' = T or 1 (loss_on="last")
    T: int


def output_forward(params, hs, *, loss_on="all"):
    """logits (T', B, V) = h_t @ W_s.T + b_s for every step that has an output: all T steps, or
    only the last (loss_on="last", many-to-one). Returns (logits, cache) for output_backward."""
    h_out = hs[-1:] if loss_on == "last" else hs          # (T', B, H), T' = 1 or T
    logits = h_out @ params["W_s"].T + params["b_s"]      # (T', B, V)
    return logits, OutputCache(h_out, hs.shape[0])


def head_outputs(logits, head="softmax") -> np.ndarray:
    """What a network's forward returns: the softmax probabilities, or (head "squared") the
    linear outputs themselves."""
    return softmax(logits) if head == "softmax" else logits


def step_weights(mask, loss_on, T, B) -> np.ndarray:
    """Weight of each counted step in the mean: 1/(number of counted steps). (T', B), sums to 1."""
    if loss_on == "last":
        return np.full((1, B), 1.0 / B)
    if mask is None:
        return np.full((T, B), 1.0 / (T * B))
    return mask / mask.sum()


def head_loss(logits, targets, weights, head):
    """Loss and dL/dlogits for the output head; weights (T', B) sum to one.

    softmax: -log softmax(logits)[target], computed stably; squared: 0.5 * ||logits - target||^2.
    """
    if head == "squared":
        diff = logits - (targets if targets.ndim == 3 else targets[None])
        loss = 0.5 * np.sum(weights * np.sum(diff * diff, axis=-1))
        return float(loss), diff * weights[..., None]
    z = logits - logits.max(axis=-1, keepdims=True)           # (T', B, V), stable
    e = np.exp(z)
    total = e.sum(axis=-1)                                    # (T', B)
    idx = targets[..., None]
    logp_target = np.take_along_axis(z, idx, axis=-1)[..., 0] - np.log(total)
    loss = -np.sum(weights * logp_target)
    dlogits = e * (weights / total)[..., None]                # weighted softmax ...
    np.put_along_axis(dlogits, idx, np.take_along_axis(dlogits, idx, axis=-1)
                      - weights[..., None], axis=-1)          # ... minus weighted one-hot
    return float(loss), dlogits


def output_backward(params, cache: OutputCache, dlogits):
    """Backpropagate dL/dlogits (T', B, V) through the output layer; mirrors output_forward.

    Returns (dhs, grads): dhs (T, B, H) the gradient reaching each h_t from its output (zero on
    steps without one), grads {"W_s": (V, H), "b_s": (V,)}.
    """
    h_out, T = cache
    W_s = params["W_s"]
    V, H = W_s.shape
    dW_s = dlogits.reshape(-1, V).T @ h_out.reshape(-1, H)     # (V, H)
    db_s = dlogits.sum(axis=(0, 1))                            # (V,)
    dhs = np.zeros((T,) + h_out.shape[1:], dtype=h_out.dtype)
    dhs[T - h_out.shape[0]:] = dlogits @ W_s                   # (T', B, H)
    return dhs, {"W_s": dW_s, "b_s": db_s}


def output_loss_and_grads(params, hs, targets, *, head="softmax", loss_on="all", mask=None):
    """The output layer from the hidden states to the loss and back, for any recurrent network.

    hs (T, B, H) from the recurrence; targets as check_targets; mask (T, B) 0/1 or None.
    Returns (loss, dhs, grads): dhs (T, B, H) reaches each h_t from the output layer (what the
    recurrence's backward pass starts from); grads {"W_s", "b_s"}.
    """
    T, B = hs.shape[:2]
    targets = check_targets(targets, T, B, params["W_s"].shape[0], head, loss_on)
    logits, cache = output_forward(params, hs, loss_on=loss_on)
    weights = step_weights(mask, loss_on, T, B).astype(logits.dtype, copy=False)   # the parameters' dtype
    loss, dlogits = head_loss(logits, targets, weights, head)
    dhs, grads = output_backward(params, cache, dlogits)
    return loss, dhs, grads
