"""One step of a gated cell on its own, small enough to follow by hand, and its exact Jacobian.

Lesson 07 walks one step of the LSTM and of the GRU with two hidden units, and explains why a
gradient survives many steps from the Jacobian of one step, split by the route it takes. The
parameters are gated.init_lstm's and gated.init_gru's (gate blocks stacked in the order of
gated.LSTM_GATES and gated.GRU_GATES); rows are examples, as everywhere in the library:
x (B, D) or (D,), h_prev and c_prev (B, H) or (H,).

Why the split is exact. In the LSTM, c_{t-1} enters step t only through f_t * c_{t-1}, and h_{t-1}
only through W_hh (every gate reads it). So the Jacobian of the state (c_t, h_t) with respect to
(c_{t-1}, h_{t-1}), a (2H, 2H) matrix, is the sum of
    keep: the columns of c_{t-1}:  dc_t/dc_{t-1} = diag(f_t),  dh_t/dc_{t-1} = diag(o_t tanh'(c_t) f_t)
    rest: the columns of h_{t-1}:  every route through W_hh and the gates.
In the GRU, h_t = z_t * h_{t-1} + (1 - z_t) * n_t, so dh_t/dh_{t-1} = diag(z_t) (keep) plus the
routes through W_hh and the gates (rest). A gradient going back one step is multiplied by
keep + rest: the keeping path and the other routes add.
"""
from __future__ import annotations

import numpy as np

from .gated import check_gated_params
from .numerics import sigmoid
from .validation import check_array, check_real


def _rows(name: str, value, width: int) -> np.ndarray:
    """A vector (width,) or rows (B, width) of finite floats."""
    arr = check_real(name, check_array(name, value, ndim=(1, 2)))
    if arr.shape[-1] != width:
        raise ValueError(f"{name} must have {width} entries per row (last axis), got shape {arr.shape}")
    return arr


def _inputs(cell, params, x, states):
    """The checked x and states, all with the same leading shape."""
    D, H, _ = check_gated_params(params, cell)
    x = _rows("x", x, D)
    checked = [_rows(name, s, H) for name, s in states]
    for (name, _), s in zip(states, checked):
        if s.shape[:-1] != x.shape[:-1]:
            raise ValueError(f"{name} has shape {s.shape}, x has {x.shape}: give both one row per example")
    return H, x, checked


def lstm_step(params, x, h_prev, c_prev) -> dict:
    """One LSTM step: {"i", "f", "o", "g", "c", "h"}, each shaped like h_prev ((B, H) or (H,)).

    i, f, o = sigmoid(.), g = tanh(.) of x @ W_hx.T + h_prev @ W_hh.T + b_h, split in that order;
    c = f * c_prev + i * g; h = o * tanh(c). The same numbers as gated.lstm_forward's first step.
    """
    H, x, (h_prev, c_prev) = _inputs("lstm", params, x, [("h_prev", h_prev), ("c_prev", c_prev)])
    a = x @ params["W_hx"].T + h_prev @ params["W_hh"].T + params["b_h"]      # (..., 4H)
    i, f, o = (sigmoid(a[..., k * H:(k + 1) * H]) for k in range(3))
    g = np.tanh(a[..., 3 * H:])
    c = f * c_prev + i * g
    return {"i": i, "f": f, "o": o, "g": g, "c": c, "h": o * np.tanh(c)}


def gru_step(params, x, h_prev) -> dict:
    """One GRU step: {"z", "r", "n", "h"}, each shaped like h_prev ((B, H) or (H,)).

    z, r = sigmoid(.) of their blocks of x @ W_hx.T + h_prev @ W_hh.T + b_h;
    n = tanh(x @ W_nx.T + b_n + r * (h_prev @ W_nh.T)); h = z * h_prev + (1 - z) * n.
    """
    H, x, (h_prev,) = _inputs("gru", params, x, [("h_prev", h_prev)])
    a_x = x @ params["W_hx"].T + params["b_h"]                                 # (..., 3H)
    u = h_prev @ params["W_hh"].T                                              # (..., 3H)
    z, r = (sigmoid(a_x[..., k * H:(k + 1) * H] + u[..., k * H:(k + 1) * H]) for k in range(2))
    n = np.tanh(a_x[..., 2 * H:] + r * u[..., 2 * H:])
    return {"z": z, "r": r, "n": n, "h": z * h_prev + (1.0 - z) * n}


def _one_sequence(name: str, value) -> None:
    if np.ndim(value) != 1:
        raise ValueError(f"{name} must be one vector (one sequence), got shape {np.shape(value)}")


def lstm_step_jacobian(params, x, h_prev, c_prev) -> tuple[np.ndarray, np.ndarray]:
    """The exact Jacobian of one LSTM step for one sequence, split: (keep, rest), each (2H, 2H).

    x (D,), h_prev (H,), c_prev (H,). Rows and columns are the state (c, h): entry [j, k] is
    d s_t[j] / d s_{t-1}[k] with s = (c, h). keep holds the columns of c_{t-1} (the keeping
    path, diag(f_t) at the top), rest those of h_{t-1} (every route through W_hh and the
    gates); keep + rest is the whole Jacobian.
    """
    for name, v in (("x", x), ("h_prev", h_prev), ("c_prev", c_prev)):
        _one_sequence(name, v)
    s = lstm_step(params, x, h_prev, c_prev)
    i, f, o, g, c = (s[k] for k in "ifogc")
    H = f.shape[0]
    W_i, W_f, W_o, W_g = np.split(params["W_hh"], 4)                           # (H, H) each
    dh_dc = o * (1.0 - np.tanh(c) ** 2)                                        # h = o tanh(c)
    dc_dh_prev = ((np.asarray(c_prev) * f * (1.0 - f))[:, None] * W_f          # through f_t
                  + (g * i * (1.0 - i))[:, None] * W_i                         # through i_t
                  + (i * (1.0 - g * g))[:, None] * W_g)                        # through g_t
    dh_dh_prev = (np.tanh(c) * o * (1.0 - o))[:, None] * W_o + dh_dc[:, None] * dc_dh_prev
    keep, rest = np.zeros((2 * H, 2 * H)), np.zeros((2 * H, 2 * H))
    keep[:H, :H], keep[H:, :H] = np.diag(f), np.diag(dh_dc * f)
    rest[:H, H:], rest[H:, H:] = dc_dh_prev, dh_dh_prev
    return keep, rest


def gru_step_jacobian(params, x, h_prev) -> tuple[np.ndarray, np.ndarray]:
    """The exact Jacobian dh_t/dh_{t-1} of one GRU step for one sequence, split: (keep, rest).

    x (D,), h_prev (H,); both (H, H). keep = diag(z_t), the share of h_{t-1} kept; rest holds
    every route through W_hh and the gates (z_t, r_t and the candidate n_t); keep + rest is the
    whole Jacobian.
    """
    for name, v in (("x", x), ("h_prev", h_prev)):
        _one_sequence(name, v)
    s = gru_step(params, x, h_prev)
    z, r, n = s["z"], s["r"], s["n"]
    W_z, W_r, W_n = np.split(params["W_hh"], 3)                                # (H, H) each
    u_n = W_n @ np.asarray(h_prev, dtype=np.float64)                           # before the reset
    dn_da = (1.0 - z) * (1.0 - n * n)                                          # dh_t / d(n's input)
    rest = (((np.asarray(h_prev) - n) * z * (1.0 - z))[:, None] * W_z          # through z_t
            + dn_da[:, None] * (r[:, None] * W_n                              # through n_t
                                + (u_n * r * (1.0 - r))[:, None] * W_r))       # through r_t
    return np.diag(z), rest
