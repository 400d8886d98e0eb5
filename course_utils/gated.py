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
dc_{t-1} = dc_t * f_t + dh_{t-1} * o_{t-1} * (1 - tanh(c_{t-1})^2): the keeping path (times f_t,
no W_hh) plus every route through h_{t-1}, W_hh and the gates; the two add (gated_step splits
one step's Jacobian that way). b_f starts at ``forget_bias``: 1 is Keras/TensorFlow's default
(unit_forget_bias=True, after Jozefowicz et al., 2015; PyTorch draws it like any other bias):
sigmoid(1) = 0.73, so the cell starts out remembering.

GRU (Cho et al., 2014; the reset gate acts after the matrix product, as in PyTorch and in cuDNN,
NVIDIA's GPU library that PyTorch calls, which keeps one product per step)
  z_t = sigmoid(W_z [x_t, h_{t-1}] + b_z)     update gate: how much of h_{t-1} is kept
  r_t = sigmoid(W_r [x_t, h_{t-1}] + b_r)     reset gate: how much of the past the candidate sees
  n_t = tanh(W_nx x_t + r_t * (W_nh h_{t-1}) + b_n)
  h_t = z_t * h_{t-1} + (1 - z_t) * n_t
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .layers import (HEADS, LOSS_ON, PARAM_NAMES, check_inputs, check_state, head_outputs,
                     input_projection, output_forward, output_loss_and_grads, with_dtype)
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


def init_lstm(n_in, n_hidden, n_out, *, weight_scale=1.0, forget_bias=1.0, seed=0, dtype=np.float64) -> dict:
    """LSTM parameters, float64: W_hx (4H, D), W_hh (4H, H), b_h (4H,), W_s (V, H), b_s (V,).

    Gate blocks in the order i, f, o, g. Each block of W_hh is weight_scale times a random
    orthogonal matrix; W_hx, W_s have N(0, 1/fan_in) entries; biases are 0 except the forget
    gate's, which starts at ``forget_bias`` (1.0: the cell starts by keeping 73% per step;
    0.0: 50%, and a gradient along the cell halves at every step).
    dtype=np.float32 rounds the same numbers to float32 (see layers.with_dtype).
    """
    forget_bias = check_scalar("forget_bias", forget_bias)
    params = _init(4, n_in, n_hidden, n_out, weight_scale, seed)
    H = params["W_hh"].shape[1]
    params["b_h"][H:2 * H] = forget_bias
    return with_dtype(params, dtype)


def init_gru(n_in, n_hidden, n_out, *, weight_scale=1.0, update_bias=0.0, seed=0, dtype=np.float64) -> dict:
    """GRU parameters, float64: W_hx (3H, D), W_hh (3H, H), b_h (3H,), W_s (V, H), b_s (V,).

    Gate blocks in the order z, r, n; initialised as in init_lstm. Biases are 0 except the
    update gate's, which starts at ``update_bias``: z is the share of h_{t-1} kept, so it
    plays the LSTM forget gate's role (0, the usual default: half is kept at first).
    dtype=np.float32 rounds the same numbers to float32 (see layers.with_dtype).
    """
    update_bias = check_scalar("update_bias", update_bias)
    params = _init(3, n_in, n_hidden, n_out, weight_scale, seed)
    H = params["W_hh"].shape[1]
    params["b_h"][:H] = update_bias
    return with_dtype(params, dtype)


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

# The step loops work gate-major, with states as columns: h_t.T (H, B), the gates of a step
# as (G*H, B) = W_hh @ h_{t-1}.T + a_x[t].T. Each gate is then one contiguous block, which
# NumPy's elementwise loops run through 3-4x faster than a block strided across (B, G*H) rows
# (the same products, the same numbers). Every array of the steps is time-major with states
# as columns, (T, K, B), from the input side to the weight gradients: no copy changes layout.

def lstm_steps(a_x, W_hh, h0, c0):
    """The LSTM recurrence, given the input side of every gate a_x (T, 4H, B) (a view will do)
    = (x_t @ W_hx.T + b_h).T for every step, and h0, c0 (H, B), the starting states as columns.

    Returns (hs, cache): hs (T + 1, H, B) = h_0..h_T as columns; cache holds what
    lstm_steps_backward needs.
    """
    T, B, H, dt = a_x.shape[0], a_x.shape[2], W_hh.shape[1], W_hh.dtype   # dt: the parameters'
    gates = np.empty((T, 4 * H, B), dt)             # i, f, o, g after their nonlinearity
    hs, cs, tanh_cs = np.empty((T + 1, H, B), dt), np.empty((T + 1, H, B), dt), np.empty((T, H, B), dt)
    ig = np.empty((H, B), dt)
    hs[0], cs[0] = h, c = h0, c0
    for t in range(T):
        a = np.matmul(W_hh, h, out=gates[t])        # (4H, B): every gate in one product ...
        a += a_x[t]                                 # ... plus the input side
        sigmoid(a[:3 * H], out=a[:3 * H])           # i, f, o: input, forget, output gates
        np.tanh(a[3 * H:], out=a[3 * H:])           # g: candidate
        i, f, o, g = a[:H], a[H:2 * H], a[2 * H:3 * H], a[3 * H:]
        c = np.multiply(f, c, out=cs[t + 1])        # c = f * c_prev + i * g: the cell
        c += np.multiply(i, g, out=ig)
        h = np.multiply(o, np.tanh(c, out=tanh_cs[t]), out=hs[t + 1])   # h = o * tanh(c)
    return hs, (gates, cs, tanh_cs)


def _chunks(T: int, H: int, B: int):
    """(start, stop) of stretches of time, last first, whose (steps, H, B) arrays stay small
    (about 128 kB): the backward pass works out each stretch's local derivatives while they
    are still in the processor's cache, rather than all steps' at once from main memory."""
    n = max(1, 16384 // (H * B))
    return [(start, min(start + n, T)) for start in range(((T - 1) // n) * n, -1, -n)]


def _lstm_local(gates, c_prev, tanh_cs):
    """What lstm_steps_backward needs that no later step changes, for a stretch of steps:
    local (n, 4H, B): da/dc for i, f, g and da/dh for o; dc_dh (n, H, B): dc/dh through h."""
    n, H, B = tanh_cs.shape
    i, f, o, g = (gates[:, k * H:(k + 1) * H] for k in range(4))      # (n, H, B) each
    local, tmp = np.empty((n, 4 * H, B), gates.dtype), np.empty((n, H, B), gates.dtype)
    L_i, L_f, L_o, L_g = (local[:, k * H:(k + 1) * H] for k in range(4))
    # c = f c_prev + i g  ->  dc/da_i = g i (1 - i), dc/da_f = c_prev f (1 - f), dc/da_g = i (1 - g^2)
    np.multiply(np.multiply(g, i, out=L_i), np.subtract(1.0, i, out=tmp), out=L_i)
    np.multiply(np.multiply(c_prev, f, out=L_f), np.subtract(1.0, f, out=tmp), out=L_f)
    np.multiply(i, np.subtract(1.0, np.multiply(g, g, out=tmp), out=tmp), out=L_g)
    # h = o tanh(c)  ->  dh/da_o = tanh(c) o (1 - o), dh/dc = o (1 - tanh(c)^2)
    np.multiply(np.multiply(tanh_cs, o, out=L_o), np.subtract(1.0, o, out=tmp), out=L_o)
    dc_dh = np.multiply(o, np.subtract(1.0, np.square(tanh_cs, out=tmp), out=tmp), out=tmp)
    return local.reshape(n, 4, H, B), dc_dh


def lstm_steps_backward(dhs, cache, W_hh):
    """BPTT through lstm_steps. dhs (T, H, B) (a view will do): the gradient reaching each h_t
    from outside the recurrence (the output layer).

    Returns (das, dh_total, dh0, dc0): das (T, 4H, B) = dL/da_t for the gates' pre-activations
    (what W_hh, W_hx and b_h see); dh_total (T, H, B) the total dL/dh_t; dh0, dc0 (H, B).
    """
    gates, cs, tanh_cs = cache
    T, H, B = dhs.shape
    dt = gates.dtype
    das = np.empty((T, 4 * H, B), dt)
    das4 = das.reshape(T, 4, H, B)                   # gate blocks i, f, o, g
    dh_total = np.empty((T, H, B), dt)
    dh_next, dc_next, dc = np.zeros((H, B), dt), np.zeros((H, B), dt), np.empty((H, B), dt)
    for start, stop in _chunks(T, H, B):
        local4, dc_dh = _lstm_local(gates[start:stop], cs[start:stop], tanh_cs[start:stop])
        for k in range(stop - start - 1, -1, -1):
            t = start + k
            dh = np.add(dhs[t], dh_next, out=dh_total[t])    # dL/dh_t
            np.multiply(dh, dc_dh[k], out=dc)        # dL/dc_t: from h_t ...
            dc += dc_next                            # ... and from c_{t+1}
            # i, f and g act through the cell, o through h
            np.multiply(local4[k, :2], dc, out=das4[t, :2])
            np.multiply(local4[k, 2], dh, out=das4[t, 2])
            np.multiply(local4[k, 3], dc, out=das4[t, 3])
            np.multiply(dc, gates[t, H:2 * H], out=dc_next)   # the cell path: times f, not W_hh
            np.matmul(W_hh.T, das[t], out=dh_next)   # (H, 4H) @ (4H, B)
    return das, dh_total, dh_next, dc_next


# ---------------------------------------------------------------- GRU

def gru_steps(a_x, W_hh, h0):
    """The GRU recurrence, given a_x (T, 3H, B) (a view will do) = (x_t @ W_hx.T + b_h).T for
    every step and h0 (H, B). Returns (hs, cache): hs (T + 1, H, B) = h_0..h_T as columns;
    cache holds what gru_steps_backward needs.
    """
    T, B, H, dt = a_x.shape[0], a_x.shape[2], W_hh.shape[1], W_hh.dtype   # dt: the parameters'
    gates = np.empty((T, 3 * H, B), dt)             # z, r, n after their nonlinearity
    u_n = np.empty((T, H, B), dt)                   # W_nh h_{t-1}, before the reset gate
    hs, u, zh = np.empty((T + 1, H, B), dt), np.empty((3 * H, B), dt), np.empty((H, B), dt)
    hs[0] = h = h0
    for t in range(T):
        np.matmul(W_hh, h, out=u)                   # (3H, B): every gate in one product
        zr = np.add(a_x[t, :2 * H], u[:2 * H], out=gates[t, :2 * H])
        sigmoid(zr, out=zr)                         # z, r: update and reset gates
        z, r = zr[:H], zr[H:]
        n = np.multiply(r, u[2 * H:], out=gates[t, 2 * H:])
        n += a_x[t, 2 * H:]
        np.tanh(n, out=n)                           # n = tanh(a_n + r * (W_nh h_prev))
        np.multiply(z, h, out=zh)                   # h = z * h_prev + (1 - z) * n
        h_new = np.multiply(np.subtract(1.0, z, out=hs[t + 1]), n, out=hs[t + 1])
        h = np.add(zh, h_new, out=hs[t + 1])
        u_n[t] = u[2 * H:]
    return hs, (gates, u_n, hs[:-1])


def _gru_local(gates, u_n, h_prev):
    """dh_t/da for the three gates over a stretch of steps (n, 3H, B): no later step changes it."""
    n, H, B = u_n.shape
    z, r, n_ = (gates[:, k * H:(k + 1) * H] for k in range(3))        # (n, H, B) each
    local, tmp = np.empty((n, 3 * H, B), gates.dtype), np.empty((n, H, B), gates.dtype)
    L_z, L_r, L_n = (local[:, k * H:(k + 1) * H] for k in range(3))
    # h = z h_prev + (1 - z) n, n = tanh(a_n), a_n = ... + r u_n
    np.multiply(np.subtract(1.0, z, out=L_n), np.subtract(1.0, np.multiply(n_, n_, out=tmp), out=tmp),
                out=L_n)                                               # dh/da_n
    np.multiply(np.multiply(np.subtract(h_prev, n_, out=L_z), z, out=L_z),
                np.subtract(1.0, z, out=tmp), out=L_z)                 # dh/da_z
    np.multiply(np.multiply(np.multiply(L_n, u_n, out=L_r), r, out=L_r),
                np.subtract(1.0, r, out=tmp), out=L_r)                 # dh/da_r
    return local.reshape(n, 3, H, B)


def gru_steps_backward(dhs, cache, W_hh):
    """BPTT through gru_steps. dhs (T, H, B) (a view will do): the gradient from outside.

    Returns (das, dus, dh_total, dh0): das (T, 3H, B) = dL/da_t for the input side of each
    gate (what W_hx and b_h see); dus (T, 3H, B) the same for the recurrent products
    (what W_hh sees; they differ in the n block by the reset gate); dh_total (T, H, B) the
    total dL/dh_t; dh0 (H, B).
    """
    gates, u_n, h_prev = cache
    T, H, B = dhs.shape
    dt = gates.dtype
    das, dus = np.empty((T, 3 * H, B), dt), np.empty((T, 3 * H, B), dt)
    das3 = das.reshape(T, 3, H, B)
    dh_total = np.empty((T, H, B), dt)
    dh_next, through_W = np.zeros((H, B), dt), np.empty((H, B), dt)
    for start, stop in _chunks(T, H, B):
        local3 = _gru_local(gates[start:stop], u_n[start:stop], h_prev[start:stop])
        for k in range(stop - start - 1, -1, -1):
            t = start + k
            dh = np.add(dhs[t], dh_next, out=dh_total[t])    # dL/dh_t
            np.multiply(local3[k], dh, out=das3[t])
            dus[t, :2 * H] = das[t, :2 * H]          # the reset gate scales W_nh's product
            np.multiply(das[t, 2 * H:], gates[t, H:2 * H], out=dus[t, 2 * H:])
            np.matmul(W_hh.T, dus[t], out=through_W)
            np.multiply(dh, gates[t, :H], out=dh_next)   # the direct path z, plus through W_hh
            dh_next += through_W
    return das, dus, dh_total, dh_next


# ---------------------------------------------------------------- the recurrent layer

class GatedCache(NamedTuple):
    """What gated_backward needs from gated_forward."""
    cell: str                       # "lstm" or "gru"
    xs: np.ndarray                  # (T, B, D) floats or (T, B) ids, checked
    h_prev: np.ndarray              # (T, H, B): h_0..h_{T-1} as columns
    steps: tuple                    # the cache of lstm_steps or gru_steps


def _input_side(W_hx, b_h, xs) -> np.ndarray:
    """a_x (T, G*H, B) = (x_t @ W_hx.T + b_h).T for every step, for the step loops. Token ids
    pick columns of W_hx + b_h (the same sums as W_hx[:, id] + b_h): one gather, laid out
    (G*H, T, B) and viewed as (T, G*H, B)."""
    if xs.ndim == 2:
        return np.take(W_hx + b_h[:, None], xs, axis=1).transpose(1, 0, 2)
    return np.ascontiguousarray((input_projection(W_hx, xs) + b_h).transpose(0, 2, 1))


def _input_weight_grad(das, xs, D: int) -> np.ndarray:
    """dW_hx (G*H, D) = sum over t of das[t] @ x_t, das (T, G*H, B); token ids as one-hot rows."""
    if xs.ndim == 2:
        onehot = np.zeros(xs.shape + (D,), das.dtype)
        np.put_along_axis(onehot, xs[..., None], 1.0, axis=-1)
        xs = onehot
    return np.matmul(das, xs).sum(axis=0)             # (T, G*H, B) @ (T, B, D), summed over t


def gated_forward(cell, params, xs, h0=None, c0=None):
    """The recurrence of an LSTM or GRU over a batch: inputs in, hidden states out.

    params from init_lstm / init_gru; xs (T, B, D) floats or (T, B) ids; h0, c0 (B, H) or None
    for zeros (c0: LSTM only). Returns (hs, cache): hs (T, B, H) = h_1..h_T (a view of the
    states as columns), and what gated_backward needs.
    """
    check_choice("cell", cell, CELLS)
    D, H, _ = check_gated_params(params, cell)
    xs = check_inputs(xs, D)
    B = xs.shape[1]
    dt = params["W_hh"].dtype                                # float64, or float32 for speed
    h0 = check_state("h0", h0, B, H, dt)
    a_x = _input_side(params["W_hx"], params["b_h"], xs)     # (T, G*H, B)
    if cell == "lstm":
        hs, steps = lstm_steps(a_x, params["W_hh"], h0.T, check_state("c0", c0, B, H, dt).T)
    else:
        hs, steps = gru_steps(a_x, params["W_hh"], h0.T)
    return hs[1:].transpose(0, 2, 1), GatedCache(cell, xs, hs[:-1], steps)


def gated_backward(params, cache: GatedCache, dhs) -> dict:
    """Backpropagation through time for an LSTM or GRU, mirroring gated_forward.

    dhs (T, B, H): the gradient reaching each h_t from the output layer. Returns
    {"W_hx": (G*H, D), "W_hh": (G*H, H), "b_h": (G*H,)}.
    """
    cell, xs, h_prev, steps = cache
    dhsT = dhs.transpose(0, 2, 1)                            # (T, H, B), a view
    if cell == "lstm":
        das, _, _, _ = lstm_steps_backward(dhsT, steps, params["W_hh"])
        dus = das                                            # both sides see the same gates
    else:
        das, dus, _, _ = gru_steps_backward(dhsT, steps, params["W_hh"])
    return {
        "W_hx": _input_weight_grad(das, xs, params["W_hx"].shape[1]),    # (G*H, D)
        "W_hh": np.matmul(dus, h_prev.transpose(0, 2, 1)).sum(axis=0),   # (G*H, H)
        "b_h": das.sum(axis=(0, 2)),                                     # (G*H,)
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


def _loss_and_grads(cell, params, xs, targets, h0, c0, loss_on, head, return_state=False):
    """Forward, the output layer's loss, backward: as rnn.loss_and_grads, for a gated cell."""
    check_choice("head", head, HEADS)
    check_choice("loss_on", loss_on, LOSS_ON)
    hs, cache = gated_forward(cell, params, xs, h0, c0)
    loss, dhs, output_grads = output_loss_and_grads(params, hs, targets, head=head, loss_on=loss_on)
    grads = gated_backward(params, cache, dhs)
    grads.update(output_grads)                                 # W_hx, W_hh, b_h, W_s, b_s
    if return_state:                                           # the state that seeds the next chunk
        h_T = hs[-1].copy()
        return loss, grads, ((h_T, cache.steps[1][-1].T.copy()) if cell == "lstm" else h_T)   # c_T as (B, H)
    return loss, grads


def lstm_loss_and_grads(params, xs, targets, h0=None, *, c0=None, loss_on="all", head="softmax",
                        return_state=False):
    """Mean loss and its gradient for every LSTM parameter; the loss of rnn.loss_and_grads.

    targets (T, B) integer classes (or (B,) with loss_on="last"; floats (.., V) for
    head="squared"). Returns (loss, grads), grads shaped like params; with return_state=True,
    (loss, grads, (h_T, c_T)), both (B, H), to seed the next chunk (truncated BPTT).
    """
    return _loss_and_grads("lstm", params, xs, targets, h0, c0, loss_on, head, return_state)


def gru_loss_and_grads(params, xs, targets, h0=None, *, loss_on="all", head="softmax",
                       return_state=False):
    """Mean loss and its gradient for every GRU parameter; as lstm_loss_and_grads (with
    return_state=True the state is h_T (B, H) alone)."""
    return _loss_and_grads("gru", params, xs, targets, h0, None, loss_on, head, return_state)
