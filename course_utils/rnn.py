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

As a layer: rnn_forward returns (hs, cache) and rnn_backward(params, cache, dhs) mirrors it;
the input and output layers around the recurrence are layers.py's, shared with gated.py.
loss_and_grads is forward, the output layer's loss, backward.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .layers import (HEADS, LOSS_ON, PARAM_NAMES, check_inputs, check_layer_params, check_mask,
                     check_state, head_outputs, input_projection, input_weight_grad, output_forward,
                     output_loss_and_grads, with_dtype)
from .numerics import ACTIVATIONS, activate, activation_grad, random_orthogonal, softmax
from .validation import check_array, check_choice, check_int, check_positive_float, check_scalar, check_seed

INITS = ("orthogonal", "identity", "gaussian")


# ---------------------------------------------------------------- initialisation

def init_params(n_in, n_hidden, n_out, *, weight_scale=1.0, seed=0, init="orthogonal",
                dtype=np.float64) -> dict:
    """Random initial parameters, float64 (dtype=np.float32: the same numbers rounded, for speed).

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
    rng = np.random.default_rng(check_seed(seed))
    if init == "orthogonal":
        W_hh = scale * random_orthogonal(H, rng)
    elif init == "identity":
        W_hh = scale * np.eye(H)
    else:
        W_hh = rng.standard_normal((H, H)) * (scale / np.sqrt(H))
    return with_dtype({
        "W_hx": rng.standard_normal((H, D)) / np.sqrt(D),
        "W_hh": W_hh,
        "b_h": np.zeros(H),
        "W_s": rng.standard_normal((V, H)) / np.sqrt(H),
        "b_s": np.zeros(V),
    }, dtype)


# ---------------------------------------------------------------- input checks

def check_params(params) -> tuple[int, int, int]:
    """Validate a parameter dict from init_params; return its sizes (D, H, V)."""
    D, H, V = check_layer_params(params, PARAM_NAMES)
    check_array("params['W_hh']", params["W_hh"], shape=(H, H))
    return D, H, V


# ---------------------------------------------------------------- forward pieces

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


# ---------------------------------------------------------------- the recurrent layer

class RNNCache(NamedTuple):
    """What rnn_backward needs from rnn_forward."""
    xs: np.ndarray                  # (T, B, D) floats or (T, B) ids, checked
    h0: np.ndarray                  # (B, H)
    hs: np.ndarray                  # (T, B, H): h_1..h_T
    activation: str
    mask: np.ndarray | None         # (T, B) float 0/1, or None


def rnn_forward(params, xs, h0=None, *, activation="tanh", mask=None):
    """The recurrence over a batch: inputs in, hidden states out (no output layer).

    params from init_params; xs (T, B, D) floats or (T, B) integer ids; h0 (B, H) or None for
    zeros; mask (T, B) 0/1 or None. Returns (hs, cache): hs (T, B, H) = h_1..h_T, and what
    rnn_backward needs.
    """
    D, H, _ = check_params(params)
    check_choice("activation", activation, ACTIVATIONS)
    xs = check_inputs(xs, D)
    T, B = xs.shape[:2]
    h0 = check_state("h0", h0, B, H, params["W_hh"].dtype)
    mask = check_mask(mask, T, B)
    hs = recurrence_forward(input_projection(params["W_hx"], xs), params["W_hh"],
                            params["b_h"], h0, activation, mask)
    return hs, RNNCache(xs, h0, hs, activation, mask)


def rnn_backward(params, cache: RNNCache, dhs):
    """Backpropagation through time, mirroring rnn_forward.

    dhs (T, B, H): the gradient reaching each h_t from the output layer. Returns (grads, dh0):
    grads {"W_hx": (H, D), "W_hh": (H, H), "b_h": (H,)}, dh0 (B, H) reaching the initial state.
    """
    xs, h0, hs, activation, mask = cache
    D, H = params["W_hx"].shape[1], hs.shape[2]
    das, _, dh0 = recurrence_backward(dhs, hs, params["W_hh"], activation, mask)
    h_prev = np.concatenate([h0[None], hs[:-1]])               # (T, B, H): h_0..h_{T-1}
    da2 = das.reshape(-1, H)                                   # (T*B, H)
    grads = {
        "W_hx": input_weight_grad(da2, xs, D),                 # (H, D)
        "W_hh": da2.T @ h_prev.reshape(-1, H),                 # (H, H)
        "b_h": da2.sum(axis=0),                                # (H,)
    }
    return grads, dh0


# ---------------------------------------------------------------- public API

def forward(params, xs, h0=None, *, activation="tanh", mask=None, head="softmax"):
    """Run the RNN over a batch of sequences.

    params: dict from ``init_params``; xs: (T, B, D) floats or (T, B) integer ids;
    h0: (B, H) or None for zeros (never broadcast from (H,)); mask: (T, B) 0/1 or None.
    Returns (hs, probs): hs (T, B, H) = h_1..h_T; probs (T, B, V) the softmax outputs
    (for head="squared", the linear outputs h_t @ W_s.T + b_s instead).
    """
    check_choice("head", head, HEADS)
    hs, _ = rnn_forward(params, xs, h0, activation=activation, mask=mask)
    logits, _ = output_forward(params, hs)                    # (T, B, V)
    return hs, head_outputs(logits, head)


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
    check_choice("head", head, HEADS)
    check_choice("loss_on", loss_on, LOSS_ON)
    hs, cache = rnn_forward(params, xs, h0, activation=activation, mask=mask)
    loss, dhs, output_grads = output_loss_and_grads(params, hs, targets, head=head,
                                                    loss_on=loss_on, mask=cache.mask)
    grads, _ = rnn_backward(params, cache, dhs)
    grads.update(output_grads)                                 # W_hx, W_hh, b_h, W_s, b_s
    if return_state:
        return loss, grads, hs[-1].copy()
    return loss, grads


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
    temperature = check_scalar("temperature", temperature, min_value=0)
    check_choice("activation", activation, ACTIVATIONS)
    h = np.zeros(H) if h0 is None else np.asarray(h0, dtype=np.float64).reshape(-1)
    if h.shape != (H,):
        raise ValueError(f"h0 must have shape ({H},) or (1, {H}), got {np.shape(h0)}")
    rng = np.random.default_rng(check_seed(seed))
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
