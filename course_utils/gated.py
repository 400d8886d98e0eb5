"""Gated recurrent cells in NumPy: the LSTM and the GRU, forward and backward over a sequence.

Same conventions as rnn.py: time-major (T, B, ...), inputs as floats (T, B, D) or integer
token ids (T, B), a named parameter dict, h0 optional, the same heads and losses. The gates
of one step are computed with ONE matrix product: the weight matrices of all gates are stacked
row-wise, so W_hx is (G*H, D) and W_hh is (G*H, H), G = 4 (LSTM) or 3 (GRU), in the order
given by LSTM_GATES / GRU_GATES. Row block k of W_hh is the recurrent matrix of gate k.

LSTM (Hochreiter & Schmidhuber, 1997, with the forget gate of Gers et al., 2000)
  i_t = sigmoid(W_i [x_t, h_{t-1}] + b_i)     input gate: how much new content is written
  f_t = sigmoid(W_f [x_t, h_{t-1}] + b_f)     forget gate: how much of the cell is kept
  o_t = sigmoid(W_o [x_t, h_{t-1}] + b_o)     output gate: how much of the cell is shown
  g_t = tanh(W_g [x_t, h_{t-1}] + b_g)        candidate content
  c_t = f_t * c_{t-1} + i_t * g_t             the cell: a sum, not a squashing
  h_t = o_t * tanh(c_t)
dc_{t-1} = f_t * dc_t: along the cell the gradient is multiplied by f_t, not by W_hh, so with
f_t near 1 it survives many steps. b_f starts at ``forget_bias`` (1 is the common default,
Jozefowicz et al., 2015): sigmoid(1) = 0.73, so the cell starts out remembering.

GRU (Cho et al., 2014; the reset gate acts after the matrix product, as in cuDNN and PyTorch,
which keeps one product per step)
  z_t = sigmoid(W_z [x_t, h_{t-1}] + b_z)     update gate: how much of h_{t-1} is kept
  r_t = sigmoid(W_r [x_t, h_{t-1}] + b_r)     reset gate: how much of the past the candidate sees
  n_t = tanh(W_nx x_t + r_t * (W_nh h_{t-1}) + b_n)
  h_t = z_t * h_{t-1} + (1 - z_t) * n_t
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .layers import (HEADS, LOSS_ON, PARAM_NAMES, check_inputs, check_state, head_outputs,
                     input_projection, input_weight_grad, output_forward, output_loss_and_grads)
from .numerics import random_orthogonal, sigmoid
from .validation import (check_array, check_choice, check_finite, check_int, check_param_dict,
                         check_positive_float, check_scalar, check_seed)

LSTM_GATES = ("i", "f", "o", "g")
GRU_GATES = ("z", "r", "n")
CELLS = ("lstm", "gru")
# the parameters have rnn.py's names (layers.PARAM_NAMES); W_hx, W_hh, b_h are stacked over the gates


# ---------------------------------------------------------------- initialisation

def _init(n_gates, n_in, n_hidden, n_out, weight_scale, seed):
    D = check_int("n_in", n_in, min_value=1)
    H = check_int("n_hidden", n_hidden, min_value=1)
    V = check_int("n_out", n_out, min_value=1)
    scale = check_positive_float("weight_scale", weight_scale)
    rng = np.random.default_rng(check_seed(seed))
    # each gate's recurrent matrix: weight_scale * its own random orthogonal matrix
    W_hh = np.concatenate([scale * random_orthogonal(H, rng) for _ in range(n_gates)])
    return {
        "W_hx": rng.standard_normal((n_gates * H, D)) / np.sqrt(D),   # (G*H, D)
        "W_hh": W_hh,                                                 # (G*H, H)
        "b_h": np.zeros(n_gates * H),                                 # (G*H,)
        "W_s": rng.standard_normal((V, H)) / np.sqrt(H),              # (V, H)
        "b_s": np.zeros(V),                                           # (V,)
    }


def init_lstm(n_in, n_hidden, n_out, *, weight_scale=1.0, forget_bias=1.0, seed=0) -> dict:
    """LSTM parameters, float64: W_hx (4H, D), W_hh (4H, H), b_h (4H,), W_s (V, H), b_s (V,).

    Gate blocks in the order i, f, o, g. Each block of W_hh is weight_scale times a random
    orthogonal matrix; W_hx, W_s have N(0, 1/fan_in) entries; biases are 0 except the forget
    gate's, which starts at ``forget_bias`` (1.0: the cell starts by keeping 73% per step;
    0.0: 50%, and a gradient along the cell halves at every step).
    """
    forget_bias = check_scalar("forget_bias", forget_bias)
    params = _init(4, n_in, n_hidden, n_out, weight_scale, seed)
    H = params["W_hh"].shape[1]
    params["b_h"][H:2 * H] = forget_bias
    return params


def init_gru(n_in, n_hidden, n_out, *, weight_scale=1.0, update_bias=0.0, seed=0) -> dict:
    """GRU parameters, float64: W_hx (3H, D), W_hh (3H, H), b_h (3H,), W_s (V, H), b_s (V,).

    Gate blocks in the order z, r, n; initialised as in init_lstm. Biases are 0 except the
    update gate's, which starts at ``update_bias``: z is the share of h_{t-1} kept, so it
    plays the LSTM forget gate's role (0, the usual default: half is kept at first).
    """
    update_bias = check_scalar("update_bias", update_bias)
    params = _init(3, n_in, n_hidden, n_out, weight_scale, seed)
    H = params["W_hh"].shape[1]
    params["b_h"][:H] = update_bias
    return params


# ---------------------------------------------------------------- input checks

def check_gated_params(params, cell: str) -> tuple[int, int, int]:
    """Validate an LSTM (G = 4) or GRU (G = 3) parameter dict; return its sizes (D, H, V)."""
    check_param_dict(params, PARAM_NAMES)
    G = 4 if cell == "lstm" else 3
    GH, H = check_array("params['W_hh']", params["W_hh"], ndim=2).shape
    if GH != G * H:
        raise ValueError(f"params['W_hh'] of a {cell.upper()} must have shape ({G}*H, H), "
                         f"got {params['W_hh'].shape}; was it made by init_{cell}?")
    D = check_array("params['W_hx']", params["W_hx"], shape=(G * H, None)).shape[1]
    V = check_array("params['W_s']", params["W_s"], shape=(None, H)).shape[0]
    check_array("params['b_h']", params["b_h"], shape=(G * H,))
    check_array("params['b_s']", params["b_s"], shape=(V,))
    for name in PARAM_NAMES:
        check_finite(f"params[{name!r}]", params[name])
    return D, H, V


# ---------------------------------------------------------------- LSTM

def lstm_steps(a_x, W_hh, h0, c0):
    """The LSTM recurrence, given a_x (T, B, 4H) = x_t @ W_hx.T + b_h for every step.

    Returns (hs, cache): hs (T, B, H) = h_1..h_T; cache holds what lstm_steps_backward needs.
    """
    T, B, H = a_x.shape[0], a_x.shape[1], W_hh.shape[1]
    W_hhT = W_hh.T                                  # (H, 4H)
    hs, cs = np.empty((T, B, H)), np.empty((T, B, H))
    gates = np.empty((T, B, 4 * H))                 # i, f, o, g after their nonlinearity
    h, c = h0, c0
    for t in range(T):
        a = a_x[t] + h @ W_hhT                      # (B, 4H): every gate in one product
        i = sigmoid(a[:, :H])                       # (B, H) input gate
        f = sigmoid(a[:, H:2 * H])                  # (B, H) forget gate
        o = sigmoid(a[:, 2 * H:3 * H])              # (B, H) output gate
        g = np.tanh(a[:, 3 * H:])                   # (B, H) candidate
        c = f * c + i * g                           # (B, H) cell
        h = o * np.tanh(c)                          # (B, H)
        gates[t, :, :H], gates[t, :, H:2 * H], gates[t, :, 2 * H:3 * H], gates[t, :, 3 * H:] = i, f, o, g
        hs[t], cs[t] = h, c
    return hs, (gates, cs, np.tanh(cs), c0)


def lstm_steps_backward(dhs, cache, W_hh):
    """Backpropagation through time for the LSTM recurrence, mirroring lstm_steps.

    dhs (T, B, H): gradient reaching each h_t from the output layer (not through time).
    Returns (das, dh_total, dh0, dc0): das (T, B, 4H) at the gate pre-activations;
    dh_total (T, B, H) the total dL/dh_t; dh0, dc0 (B, H) reaching the initial state.
    """
    gates, cs, tanh_cs, c0 = cache
    T, B, H = dhs.shape
    i, f, o, g = (gates[..., k * H:(k + 1) * H] for k in range(4))    # (T, B, H) each
    c_prev = np.concatenate([c0[None], cs[:-1]])                       # c_0..c_{T-1}
    # Local derivatives need no gradient from later steps: all steps at once, outside the loop.
    dc_dh = o * (1.0 - tanh_cs ** 2)                 # h = o * tanh(c)
    local = np.concatenate([g * i * (1.0 - i),       # c = f c_prev + i g  ->  dc/da_i
                            c_prev * f * (1.0 - f),  #                         dc/da_f
                            tanh_cs * o * (1.0 - o),  # h = o tanh(c)      ->  dh/da_o
                            i * (1.0 - g * g)],      #                         dc/da_g
                           axis=-1)                  # (T, B, 4H)
    das = np.empty((T, B, 4 * H))
    dh_total = np.empty_like(dhs)
    dh_next, dc_next = np.zeros((B, H)), np.zeros((B, H))
    for t in range(T - 1, -1, -1):
        dh = dhs[t] + dh_next                        # dL/dh_t
        dh_total[t] = dh
        dc = dc_next + dh * dc_dh[t]                 # dL/dc_t: from c_{t+1} and from h_t
        # i, f and g act through the cell, o through h
        np.multiply(np.concatenate((dc, dc, dh, dc), axis=1), local[t], out=das[t])
        dc_next = dc * f[t]                          # the cell path: times f, not W_hh
        dh_next = das[t] @ W_hh                      # (B, 4H) @ (4H, H)
    return das, dh_total, dh_next, dc_next


# ---------------------------------------------------------------- GRU

def gru_steps(a_x, W_hh, h0):
    """The GRU recurrence, given a_x (T, B, 3H) = x_t @ W_hx.T + b_h for every step.

    Returns (hs, cache): hs (T, B, H) = h_1..h_T; cache holds what gru_steps_backward needs.
    """
    T, B, H = a_x.shape[0], a_x.shape[1], W_hh.shape[1]
    W_hhT = W_hh.T                                  # (H, 3H)
    hs = np.empty((T, B, H))
    gates = np.empty((T, B, 3 * H))                 # z, r, n after their nonlinearity
    u_n = np.empty((T, B, H))                       # W_nh h_{t-1}, before the reset gate
    h = h0
    for t in range(T):
        u = h @ W_hhT                               # (B, 3H): every gate in one product
        z = sigmoid(a_x[t, :, :H] + u[:, :H])       # (B, H) update gate
        r = sigmoid(a_x[t, :, H:2 * H] + u[:, H:2 * H])   # (B, H) reset gate
        n = np.tanh(a_x[t, :, 2 * H:] + r * u[:, 2 * H:])  # (B, H) candidate
        h = z * h + (1.0 - z) * n                   # (B, H)
        gates[t, :, :H], gates[t, :, H:2 * H], gates[t, :, 2 * H:] = z, r, n
        u_n[t], hs[t] = u[:, 2 * H:], h
    h_prev = np.concatenate([h0[None], hs[:-1]])   # (T, B, H): h_0..h_{T-1}
    return hs, (gates, u_n, h_prev)


def gru_steps_backward(dhs, cache, W_hh):
    """Backpropagation through time for the GRU recurrence, mirroring gru_steps.

    Returns (das, dus, dh_total, dh0): das (T, B, 3H) at the input side of the gates (what
    W_hx and b_h see); dus (T, B, 3H) at the recurrent products u = h_{t-1} @ W_hh.T
    (what W_hh sees; they differ in the n block by the reset gate); dh_total (T, B, H) the
    total dL/dh_t; dh0 (B, H).
    """
    gates, u_n, h_prev = cache
    T, B, H = dhs.shape
    z, r, n = (gates[..., k * H:(k + 1) * H] for k in range(3))       # (T, B, H) each
    # Local derivatives need no gradient from later steps: all steps at once, outside the loop.
    dh_dan = (1.0 - z) * (1.0 - n * n)               # h = z h_prev + (1 - z) n, n = tanh(a_n)
    local = np.concatenate([(h_prev - n) * z * (1.0 - z),     # dh/da_z
                            dh_dan * u_n * r * (1.0 - r),     # dh/da_r: a_n = ... + r u_n
                            dh_dan],                          # dh/da_n
                           axis=-1)                  # (T, B, 3H)
    reset = np.concatenate([np.ones_like(z), np.ones_like(r), r], axis=-1)   # du = da * reset
    das, dus = np.empty((T, B, 3 * H)), np.empty((T, B, 3 * H))
    dh_total = np.empty_like(dhs)
    dh_next = np.zeros((B, H))
    for t in range(T - 1, -1, -1):
        dh = dhs[t] + dh_next                        # dL/dh_t
        dh_total[t] = dh
        np.multiply(np.concatenate((dh, dh, dh), axis=1), local[t], out=das[t])
        np.multiply(das[t], reset[t], out=dus[t])    # the reset gate scales W_nh's product
        dh_next = dh * z[t] + dus[t] @ W_hh          # the direct path z, plus through W_hh
    return das, dus, dh_total, dh_next


# ---------------------------------------------------------------- the recurrent layer

class GatedCache(NamedTuple):
    """What gated_backward needs from gated_forward."""
    cell: str                       # "lstm" or "gru"
    xs: np.ndarray                  # (T, B, D) floats or (T, B) ids, checked
    h_prev: np.ndarray              # (T, B, H): h_0..h_{T-1}
    steps: tuple                    # the cache of lstm_steps or gru_steps


def gated_forward(cell, params, xs, h0=None, c0=None):
    """The recurrence of an LSTM or GRU over a batch: inputs in, hidden states out.

    params from init_lstm / init_gru; xs (T, B, D) floats or (T, B) ids; h0, c0 (B, H) or None
    for zeros (c0: LSTM only). Returns (hs, cache): hs (T, B, H) = h_1..h_T, and what
    gated_backward needs.
    """
    check_choice("cell", cell, CELLS)
    D, H, _ = check_gated_params(params, cell)
    xs = check_inputs(xs, D)
    B = xs.shape[1]
    h0 = check_state("h0", h0, B, H)
    # the input side of every gate for every step in one product: (T, B, G*H)
    a_x = input_projection(params["W_hx"], xs) + params["b_h"]
    if cell == "lstm":
        hs, steps = lstm_steps(a_x, params["W_hh"], h0, check_state("c0", c0, B, H))
    else:
        hs, steps = gru_steps(a_x, params["W_hh"], h0)
    h_prev = np.concatenate([h0[None], hs[:-1]])       # (T, B, H): h_0..h_{T-1}
    return hs, GatedCache(cell, xs, h_prev, steps)


def gated_backward(params, cache: GatedCache, dhs) -> dict:
    """Backpropagation through time for an LSTM or GRU, mirroring gated_forward.

    dhs (T, B, H): the gradient reaching each h_t from the output layer. Returns
    {"W_hx": (G*H, D), "W_hh": (G*H, H), "b_h": (G*H,)}.
    """
    cell, xs, h_prev, steps = cache
    T, B, H = dhs.shape
    if cell == "lstm":
        das, _, _, _ = lstm_steps_backward(dhs, steps, params["W_hh"])
        dus = das                                            # both sides see the same gates
    else:
        das, dus, _, _ = gru_steps_backward(dhs, steps, params["W_hh"])
    da2, du2 = das.reshape(T * B, -1), dus.reshape(T * B, -1)   # (T*B, G*H)
    return {
        "W_hx": input_weight_grad(da2, xs, params["W_hx"].shape[1]),   # (G*H, D)
        "W_hh": du2.T @ h_prev.reshape(-1, H),                 # (G*H, H)
        "b_h": da2.sum(axis=0),                                # (G*H,)
    }


# ---------------------------------------------------------------- public API

def lstm_forward(params, xs, h0=None, *, c0=None, head="softmax"):
    """Run an LSTM over a batch. params from init_lstm; xs (T, B, D) floats or (T, B) ids;
    h0, c0 (B, H) or None for zeros. Returns (hs, probs): hs (T, B, H), probs (T, B, V)
    (for head="squared", the linear outputs instead)."""
    check_choice("head", head, HEADS)
    hs, _ = gated_forward("lstm", params, xs, h0, c0)
    return hs, head_outputs(output_forward(params, hs)[0], head)


def gru_forward(params, xs, h0=None, *, head="softmax"):
    """Run a GRU over a batch. params from init_gru; otherwise as lstm_forward."""
    check_choice("head", head, HEADS)
    hs, _ = gated_forward("gru", params, xs, h0)
    return hs, head_outputs(output_forward(params, hs)[0], head)


def _loss_and_grads(cell, params, xs, targets, h0, c0, loss_on, head):
    """Forward, the output layer's loss, backward: as rnn.loss_and_grads, for a gated cell."""
    check_choice("head", head, HEADS)
    check_choice("loss_on", loss_on, LOSS_ON)
    hs, cache = gated_forward(cell, params, xs, h0, c0)
    loss, dhs, output_grads = output_loss_and_grads(params, hs, targets, head=head, loss_on=loss_on)
    grads = gated_backward(params, cache, dhs)
    grads.update(output_grads)                                 # W_hx, W_hh, b_h, W_s, b_s
    return loss, grads


def lstm_loss_and_grads(params, xs, targets, h0=None, *, c0=None, loss_on="all", head="softmax"):
    """Mean loss and its gradient for every LSTM parameter; the loss of rnn.loss_and_grads.

    targets (T, B) integer classes (or (B,) with loss_on="last"; floats (.., V) for
    head="squared"). Returns (loss, grads), grads shaped like params.
    """
    return _loss_and_grads("lstm", params, xs, targets, h0, c0, loss_on, head)


def gru_loss_and_grads(params, xs, targets, h0=None, *, loss_on="all", head="softmax"):
    """Mean loss and its gradient for every GRU parameter; as lstm_loss_and_grads."""
    return _loss_and_grads("gru", params, xs, targets, h0, None, loss_on, head)
