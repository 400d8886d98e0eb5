"""A vanilla recurrent network in NumPy: forward pass and backpropagation through time.

Maths (lessons, column vectors)      Code (row-batched: one row per sequence)
  h_t = f(W_hh h_{t-1} + W_hx x_t)     h_t = f(x_t @ W_hx.T + h_prev @ W_hh.T + b_h)
  y^_t = softmax(W_s h_t)              probs_t = softmax(h_t @ W_s.T + b_s)
  J_t = -sum_i y_{t,i} log y^_{t,i}    loss = mean over steps of -log probs_t[target_t]

Shapes are time-major: T steps, B sequences, D inputs, H hidden units, V outputs.
Inputs are floats (T, B, D) or integer token ids (T, B), which act as one-hot rows.

An optional ``mask (T, B)`` marks real steps (1) and padding (0). On a padded step the hidden
state is carried over unchanged and no loss is counted, so a padded batch gives the same
answer as each sequence run alone, whether the padding is on the left or the right.
"""
from __future__ import annotations

import numpy as np

from .numerics import ACTIVATIONS, activate, activation_grad, random_orthogonal, softmax
from .validation import (check_array, check_choice, check_finite, check_int, check_param_dict,
                         check_positive_float, check_real)

HEADS = ("softmax", "squared")
LOSS_ON = ("all", "last")
INITS = ("orthogonal", "identity", "gaussian")
PARAM_NAMES = ("W_hx", "W_hh", "b_h", "W_s", "b_s")


# ---------------------------------------------------------------- initialisation

def init_params(n_in, n_hidden, n_out, *, weight_scale=1.0, seed=0, init="orthogonal") -> dict:
    """Random initial parameters, float64.

    Returns {"W_hx": (H, D), "W_hh": (H, H), "b_h": (H,), "W_s": (V, H), "b_s": (V,)}.
    ``init`` chooses W_hh:
      "orthogonal" (default): weight_scale * Q, Q random orthogonal, so weight_scale is exactly
                    the largest singular value lambda_1 of W_hh;
      "identity":   weight_scale * I (with relu: the IRNN of Le et al., 2015);
      "gaussian":   entries N(0, weight_scale^2 / H); lambda_1 is then about 2 * weight_scale.
    W_hx and W_s have N(0, 1/fan_in) entries; biases start at zero.
    """
    D = check_int("n_in", n_in, min_value=1)
    H = check_int("n_hidden", n_hidden, min_value=1)
    V = check_int("n_out", n_out, min_value=1)
    scale = check_positive_float("weight_scale", weight_scale)
    check_choice("init", init, INITS)
    rng = np.random.default_rng(seed)
    if init == "orthogonal":
        W_hh = scale * random_orthogonal(H, rng)
    elif init == "identity":
        W_hh = scale * np.eye(H)
    else:
        W_hh = rng.standard_normal((H, H)) * (scale / np.sqrt(H))
    return {
        "W_hx": rng.standard_normal((H, D)) / np.sqrt(D),
        "W_hh": W_hh,
        "b_h": np.zeros(H),
        "W_s": rng.standard_normal((V, H)) / np.sqrt(H),
        "b_s": np.zeros(V),
    }


# ---------------------------------------------------------------- input checks

def check_params(params) -> tuple[int, int, int]:
    """Validate a parameter dict; return its sizes (D, H, V)."""
    D, H, V = check_layer_params(params, PARAM_NAMES)
    check_array("params['W_hh']", params["W_hh"], shape=(H, H))
    return D, H, V


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


def check_h0(h0, B: int, H: int) -> np.ndarray:
    if h0 is None:
        return np.zeros((B, H))
    h0 = check_array("h0", h0, shape=(B, H)).astype(np.float64, copy=False)
    check_finite("h0", h0)
    return h0


def check_mask(mask, T: int, B: int) -> np.ndarray | None:
    if mask is None:
        return None
    mask = check_array("mask", mask, shape=(T, B))
    if not np.all((mask == 0) | (mask == 1)):
        raise ValueError("mask must hold only 0/1 or False/True (1 marks a real step)")
    if not np.all(mask.any(axis=0)):
        raise ValueError("mask leaves a sequence with no real step; every column needs at least one 1")
    return mask.astype(np.float64)


# ---------------------------------------------------------------- forward pieces

def input_projection(W_hx: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """x_t @ W_hx.T for every step at once -> (T, B, H); for token ids, a row lookup."""
    if xs.ndim == 2:
        return W_hx.T[xs]                      # (T, B, H): column `id` of W_hx
    return xs @ W_hx.T                         # (T, B, D) @ (D, H)


def recurrence_forward(a_in, W_hh, b_h, h0, activation, mask=None) -> np.ndarray:
    """hs (T, B, H) = h_1..h_T, given a_in (T, B, H) = the input projections.

    Where mask[t] is 0 the state is carried: h_t = h_{t-1}.
    """
    T = a_in.shape[0]
    hs = np.empty_like(a_in)
    W_hhT = W_hh.T
    a_in = a_in + b_h                          # the bias once for all steps
    h = h0
    for t in range(T):
        h_new = activate(a_in[t] + h @ W_hhT, activation)
        if mask is not None:
            m = mask[t][:, None]
            h_new = m * h_new + (1.0 - m) * h
        hs[t] = h = h_new
    return hs


def recurrence_backward(dhs, hs, W_hh, activation, mask=None):
    """Backpropagation through time for the recurrence alone.

    dhs (T, B, H): gradient reaching each h_t from above (the output layer), not through time.
    Returns (das, dh_total, dh0):
      das (T, B, H)      gradient at the pre-activations a_t (gives dW_hx, dW_hh, db_h),
      dh_total (T, B, H) total dL/dh_t (from above plus from h_{t+1}: what lesson 06 measures),
      dh0 (B, H)         gradient reaching the initial state.
    """
    T = dhs.shape[0]
    fprime = activation_grad(hs, activation)   # (T, B, H), all steps at once
    das = np.empty_like(dhs)
    dh_total = np.empty_like(dhs)
    dh_next = np.zeros_like(dhs[0])
    for t in range(T - 1, -1, -1):
        dh = np.add(dhs[t], dh_next, out=dh_total[t])   # dL/dh_t
        da = np.multiply(dh, fprime[t], out=das[t])      # through f
        if mask is not None:
            m = mask[t][:, None]
            da *= m                             # padded step: nothing reached a_t ...
            dh_next = da @ W_hh + (1.0 - m) * dh   # ... and h_{t-1} was copied into h_t
        else:
            dh_next = da @ W_hh                 # dL/dh_{t-1} through W_hh
    return das, dh_total, dh_next


# ---------------------------------------------------------------- public API

def forward(params, xs, h0=None, *, activation="tanh", mask=None, head="softmax"):
    """Run the RNN over a batch of sequences.

    params: dict from ``init_params``; xs: (T, B, D) floats or (T, B) integer ids;
    h0: (B, H) or None for zeros (never broadcast from (H,)); mask: (T, B) 0/1 or None.
    Returns (hs, probs): hs (T, B, H) = h_1..h_T; probs (T, B, V) the softmax outputs
    (for head="squared", the linear outputs h_t @ W_s.T + b_s instead).
    """
    D, H, V = check_params(params)
    check_choice("activation", activation, ACTIVATIONS)
    check_choice("head", head, HEADS)
    xs = check_inputs(xs, D)
    T, B = xs.shape[:2]
    h0 = check_h0(h0, B, H)
    mask = check_mask(mask, T, B)
    hs = recurrence_forward(input_projection(params["W_hx"], xs), params["W_hh"],
                            params["b_h"], h0, activation, mask)
    logits = hs @ params["W_s"].T + params["b_s"]         # (T, B, V)
    return hs, (softmax(logits) if head == "softmax" else logits)


def loss_and_grads(params, xs, targets, h0=None, *, activation="tanh", mask=None,
                   loss_on="all", head="softmax", return_state=False):
    """Mean loss over the counted steps, and its gradient for every parameter.

    targets: (T, B) integer classes in [0, V) (head="softmax"), or (T, B, V) floats
    (head="squared"). With loss_on="last" only step T counts and targets is (B,) or (B, V):
    one answer per sequence (many-to-one); with a mask the state is carried over padding,
    so h_T is each sequence's state after its own last real step.
    Losses: softmax -> -log probs[target] (so exp(loss) is the perplexity);
            squared -> 0.5 * ||outputs - targets||^2 summed over V.
    Returns (loss, grads) with grads shaped like params; with return_state=True,
    (loss, grads, h_T) where h_T (B, H) can seed the next chunk (truncated BPTT).
    """
    D, H, V = check_params(params)
    check_choice("activation", activation, ACTIVATIONS)
    check_choice("head", head, HEADS)
    check_choice("loss_on", loss_on, LOSS_ON)
    xs = check_inputs(xs, D)
    T, B = xs.shape[:2]
    h0 = check_h0(h0, B, H)
    mask = check_mask(mask, T, B)
    targets = _check_targets(targets, T, B, V, head, loss_on)
    W_hx, W_hh, W_s = params["W_hx"], params["W_hh"], params["W_s"]

    # forward
    hs = recurrence_forward(input_projection(W_hx, xs), W_hh, params["b_h"], h0, activation, mask)
    h_out = hs[-1:] if loss_on == "last" else hs          # (T', B, H), T' = 1 or T
    weights = _step_weights(mask, loss_on, T, B)          # (T', B), sums to 1
    logits = h_out @ W_s.T + params["b_s"]                # (T', B, V)
    loss, dlogits = _head_loss(logits, targets, weights, head)

    # backward, mirroring the forward
    dW_s = dlogits.reshape(-1, V).T @ h_out.reshape(-1, H)     # (V, H)
    db_s = dlogits.sum(axis=(0, 1))                            # (V,)
    dhs = np.zeros_like(hs)
    dhs[T - h_out.shape[0]:] = dlogits @ W_s                   # (T', B, H)
    das, _, dh0 = recurrence_backward(dhs, hs, W_hh, activation, mask)
    h_prev = np.concatenate([h0[None], hs[:-1]])               # (T, B, H): h_0..h_{T-1}
    da2 = das.reshape(-1, H)                                   # (T*B, H)
    grads = {
        "W_hx": _input_weight_grad(da2, xs, D),                # (H, D)
        "W_hh": da2.T @ h_prev.reshape(-1, H),                 # (H, H)
        "b_h": da2.sum(axis=0),                                # (H,)
        "W_s": dW_s,
        "b_s": db_s,
    }
    if return_state:
        return loss, grads, hs[-1].copy()
    return loss, grads


def _check_targets(targets, T, B, V, head, loss_on):
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


def _step_weights(mask, loss_on, T, B) -> np.ndarray:
    """Weight of each counted step in the mean: 1/(number of counted steps)."""
    if loss_on == "last":
        return np.full((1, B), 1.0 / B)
    if mask is None:
        return np.full((T, B), 1.0 / (T * B))
    return mask / mask.sum()


def _head_loss(logits, targets, weights, head):
    """Loss and dL/dlogits for the output head; weights (T', B) sum to one."""
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


def _input_weight_grad(da2: np.ndarray, xs: np.ndarray, D: int) -> np.ndarray:
    """dW_hx (H, D) from da2 (T*B, H); for token ids a one-hot product (a scatter-add)."""
    if xs.ndim == 2:
        onehot = np.zeros((da2.shape[0], D))
        onehot[np.arange(da2.shape[0]), xs.reshape(-1)] = 1.0
        return da2.T @ onehot
    return da2.T @ xs.reshape(-1, D)


def sample(params, first, n_steps, *, h0=None, temperature=1.0, activation="tanh", seed=0):
    """Generate token ids by feeding each output back in as the next input (needs D == V).

    first: the id fed in at step 1; h0: (H,) or (1, H) starting state, zeros when None;
    temperature > 0 rescales the logits (lower: safer, higher: more varied); 0 picks the
    most likely token each step (greedy). Returns ids (n_steps,), int64.
    """
    D, H, V = check_params(params)
    if D != V:
        raise ValueError(f"sample feeds outputs back as inputs, so n_in must equal n_out; got {D} and {V}")
    first = check_int("first", first, min_value=0)
    if first >= D:
        raise ValueError(f"first must be a token id in [0, {D}), got {first}")
    n_steps = check_int("n_steps", n_steps, min_value=1)
    if temperature != 0:
        temperature = check_positive_float("temperature", temperature)
    check_choice("activation", activation, ACTIVATIONS)
    h = np.zeros(H) if h0 is None else np.asarray(h0, dtype=np.float64).reshape(-1)
    if h.shape != (H,):
        raise ValueError(f"h0 must have shape ({H},) or (1, {H}), got {np.shape(h0)}")
    rng = np.random.default_rng(seed)
    ids = np.empty(n_steps, dtype=np.int64)
    x = first
    for t in range(n_steps):
        h = activate(params["W_hx"][:, x] + params["W_hh"] @ h + params["b_h"], activation)
        logits = params["W_s"] @ h + params["b_s"]
        if temperature == 0:
            x = int(np.argmax(logits))
        else:
            x = int(rng.choice(V, p=softmax(logits / temperature)))
        ids[t] = x
    return ids
