"""Gradient tools: analytic gradients compared with central differences, and every probe of how a
gradient flows back through time (the vanilla recurrence of lessons 03-06, and lesson 07's LSTM
and GRU), all measured by real forward and backward passes of the library's own models."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import gated, gated_step
from .numerics import ACTIVATIONS, activation_grad, random_orthogonal
from .rnn import recurrence_backward, recurrence_forward
from .validation import (check_array, check_choice, check_int, check_positive_float, check_scalar,
                         check_seed)

TOLERANCE = 1e-7   # "agrees": relative error per parameter below this, in float64


def numerical_gradient(f, params: dict, name: str, eps: float = 1e-5) -> np.ndarray:
    """Central differences (f(p + eps) - f(p - eps)) / 2 eps for every entry of params[name].

    f(params) -> float; params[name] is perturbed in place and restored.
    """
    eps = check_positive_float("eps", eps)
    p = params[name]
    grad = np.zeros_like(p, dtype=np.float64)
    it = np.nditer(p, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = p[i]
        p[i] = old + eps
        up = f(params)
        p[i] = old - eps
        down = f(params)
        p[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """||analytic - numeric|| / max(||analytic|| + ||numeric||, 1e-12)."""
    diff = np.linalg.norm(analytic - numeric)
    return float(diff / max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-12))


def compare_gradients(f, params: dict, analytic: dict, eps: float = 1e-5) -> dict:
    """Compare analytic gradients with central differences, parameter by parameter.

    f(params) -> loss (float); analytic: {name: array shaped like params[name]}.
    Returns {name: relative error}; the gradient agrees when every error < TOLERANCE.
    """
    if not isinstance(params, dict) or not isinstance(analytic, dict):
        raise TypeError("params and analytic must be dicts of arrays")
    eps = check_positive_float("eps", eps)
    missing = set(analytic) - set(params)
    if missing:
        raise ValueError(f"analytic has names that params lacks: {sorted(missing)}")
    return {name: relative_error(np.asarray(analytic[name]),
                                 numerical_gradient(f, params, name, eps))
            for name in analytic}


def gradients_agree(errors: dict) -> bool:
    return all(e < TOLERANCE for e in errors.values())


def format_check_table(errors: dict) -> str:
    """A small table: parameter, verdict, and the bound the relative error meets.

    An error that agrees is round-off (around 1e-10 in float64), and its digits change with the
    CPU, the BLAS kernel and the summation order, so it is shown as the bound it meets,
    "agrees (< 1e-7)", never as digits. An error that disagrees is a real one and shows its size.
    """
    bound = f"{TOLERANCE:.0e}".replace("e-0", "e-")           # "1e-7"
    lines = [f"{'parameter':<10} verdict (relative error against {bound})"]
    for name, err in errors.items():
        verdict = f"agrees (< {bound})" if err < TOLERANCE else f"DISAGREES ({err:.1e}, not < {bound})"
        lines.append(f"{name:<10} {verdict}")
    return "\n".join(lines)


# ---------------------------------------------------------------- gradient norms through time

@lru_cache(maxsize=64)
def _probe(n_hidden: int, seed: int):
    """The fixed parts of the probe for (n_hidden, seed): Q (H, H) and a unit read-out r (H,)."""
    rng = np.random.default_rng(seed)
    Q = random_orthogonal(n_hidden, rng)
    r = rng.standard_normal(n_hidden)
    Q.setflags(write=False)
    r /= np.linalg.norm(r)
    r.setflags(write=False)
    return Q, r


def probe_inputs(seq_len: int, n_hidden: int, seed: int) -> np.ndarray:
    """x_1..x_T ~ N(0, 1), (T, n_hidden); a shorter seq_len gives a prefix of a longer one."""
    seq_len = check_int("seq_len", seq_len, min_value=1)
    n_hidden = check_int("n_hidden", n_hidden, min_value=1)
    return _probe_draws(seq_len, n_hidden, check_seed(seed)).copy()


@lru_cache(maxsize=64)
def _probe_draws(seq_len: int, n_hidden: int, seed: int) -> np.ndarray:
    """probe_inputs' draws, made once: a widget asks for the same ones at every move."""
    rng = np.random.default_rng([seed, 1])               # its own stream: Q and r never shift it
    xs = rng.standard_normal((seq_len, n_hidden))
    xs.setflags(write=False)
    return xs


CELLS = ("vanilla", "lstm", "gru")


def _probe_args(seq_len, weight_scale, n_hidden, activation, input_scale, seed):
    """The checked arguments of a probe: (T, weight_scale, H, input_scale, seed)."""
    T = check_int("seq_len", seq_len, min_value=1)
    scale = check_positive_float("weight_scale", weight_scale)
    H = check_int("n_hidden", n_hidden, min_value=1)
    check_choice("activation", activation, ACTIVATIONS)
    x_scale = check_positive_float("input_scale", input_scale)
    return T, scale, H, x_scale, check_seed(seed)


def gradient_norms(seq_len, weight_scale, *, n_hidden=32, activation="tanh", input_scale=1.0,
                   seed=0, cell="vanilla"):
    """||dL/dh_k|| for k = 1..T, from a real forward and backward pass.

    One sequence (B = 1), h_0 = 0, h_t = f(W_hh h_{t-1} + x_t) with x_t ~ N(0, input_scale^2)
    of size n_hidden, W_hh = weight_scale * Q (Q random orthogonal, so lambda_1 = weight_scale).
    The loss reads h_T alone, L = r . h_T with a fixed unit vector r, so gradients reach h_k
    only through the recurrence and the last entry is 1.
    Returns an array (seq_len,): entry k-1 is ||dL/dh_k||. For "linear" the ratio to the
    last entry is exactly weight_scale^(T-k).
    The same seed gives the same Q, r and inputs (a prefix for a shorter seq_len), so changing
    one argument changes only what it names.
    Overflow: where a norm exceeds float64's range (e.g. linear, weight_scale 50, T 400) the
    entry is inf, and so is every earlier one; no warning is emitted.
    cell="lstm" or "gru" measures the same probe through a gated cell (see gated.py), whose
    recurrent matrices are weight_scale times random orthogonal ones.
    """
    T, scale, H, x_scale, seed = _probe_args(seq_len, weight_scale, n_hidden, activation,
                                             input_scale, seed)
    if check_choice("cell", cell, CELLS) != "vanilla":          # lesson 07's cells, same probe
        return gated_gradient_norms(cell, T, scale, n_hidden=H, input_scale=x_scale, seed=seed)
    Q, _ = _probe(H, seed)
    return _probe_norms(scale * Q, T, activation, x_scale, seed)


def _safe_norms(g: np.ndarray) -> np.ndarray:
    """Row norms of g (T, H) that stay finite while the true norm fits in float64."""
    m = np.max(np.abs(g), axis=1)
    safe = np.where((m > 0) & np.isfinite(m), m, 1.0)
    return m * np.sqrt(np.sum((g / safe[:, None]) ** 2, axis=1))


# ---------------------------------------------------------------- the probe through a gated cell

def _gated_probe(cell, seq_len, weight_scale, n_hidden, input_scale, seed, forget_bias, update_bias):
    """The checked probe through a gated cell: (params, xs (T, H), r (H,))."""
    check_choice("cell", cell, gated.CELLS)
    forget_bias = check_scalar("forget_bias", forget_bias)      # both checked, whichever cell
    update_bias = check_scalar("update_bias", update_bias)
    T = check_int("seq_len", seq_len, min_value=1)
    scale = check_positive_float("weight_scale", weight_scale)
    H = check_int("n_hidden", n_hidden, min_value=1)
    x_scale = check_positive_float("input_scale", input_scale)
    seed = check_seed(seed)
    if cell == "lstm":
        params = gated.init_lstm(H, H, 1, weight_scale=scale, forget_bias=forget_bias, seed=seed)
    else:
        params = gated.init_gru(H, H, 1, weight_scale=scale, update_bias=update_bias, seed=seed)
    return params, x_scale * probe_inputs(T, H, seed), _probe(H, seed)[1]


def gated_gradient_norms(cell, seq_len, weight_scale, *, n_hidden=32, input_scale=1.0, seed=0,
                         forget_bias=1.0, update_bias=0.0):
    """||dL/dh_k|| for k = 1..T through an LSTM or GRU: the probe of gradient_norms.

    One sequence, h_0 = c_0 = 0, inputs input_scale * probe_inputs(T, H, seed)
    (fed to the gates through N(0, 1/H) input weights), every recurrent matrix weight_scale
    times a random orthogonal one, L = r . h_T with the probe's unit read-out r.
    forget_bias (LSTM) and update_bias (GRU) are the starting biases of the gate that decides
    how much of the state is kept (see gated.init_lstm, gated.init_gru). Returns (seq_len,);
    inf where a norm leaves float64's range (and before it), without warnings.
    """
    params, xs, r = _gated_probe(cell, seq_len, weight_scale, n_hidden, input_scale, seed,
                                 forget_bias, update_bias)
    T, H = xs.shape
    xs = xs[:, None, :]                                                # (T, 1, H)
    h0 = np.zeros((H, 1))                                             # states as columns
    with np.errstate(over="ignore", invalid="ignore"):
        a_x = (xs @ params["W_hx"].T + params["b_h"]).transpose(0, 2, 1)   # (T, G*H, 1)
        dhs = np.zeros((T, H, 1))
        dhs[-1, :, 0] = r
        if cell == "lstm":
            _, cache = gated.lstm_steps(a_x, params["W_hh"], h0, h0)
            _, dh_total, _, _ = gated.lstm_steps_backward(dhs, cache, params["W_hh"])
        else:
            _, cache = gated.gru_steps(a_x, params["W_hh"], h0)
            _, _, dh_total, _ = gated.gru_steps_backward(dhs, cache, params["W_hh"])
        norms = _safe_norms(dh_total[:, :, 0])
    return _inf_before_overflow(norms)


def gated_flow(cell, seq_len, weight_scale, *, n_hidden=32, input_scale=1.0, seed=0,
               forget_bias=1.0, update_bias=0.0) -> dict:
    """gated_gradient_norms' probe taken apart: the exact Jacobian of every step, split by route.

    The same cell, inputs and read-out, run one step at a time (gated_step). Returns a dict:
      "gate"  (T, H): the keeping gate at every step, f_t (LSTM) or z_t (GRU);
      "keep", "rest"  (T, S, S): each step's Jacobian split as in gated_step (S = 2H for the
          LSTM's state (c, h), H for the GRU): the keeping path, and every route through W_hh;
      "norms"  (T,): ||dL/dh_k|| carried back through keep + rest (gated_gradient_norms' values);
      "keeping_path"  (T,): the norm of the gradient carried back by the keeping path alone,
          times f_t (or z_t) at every step, from the gradient reaching the cell at step T.
    """
    params, xs, r = _gated_probe(cell, seq_len, weight_scale, n_hidden, input_scale, seed,
                                 forget_bias, update_bias)
    T, H = xs.shape
    S = 2 * H if cell == "lstm" else H
    gate, keep, rest = np.empty((T, H)), np.empty((T, S, S)), np.empty((T, S, S))
    h, c = np.zeros(H), np.zeros(H)
    for t in range(T):
        if cell == "lstm":
            keep[t], rest[t] = gated_step.lstm_step_jacobian(params, xs[t], h, c)
            step = gated_step.lstm_step(params, xs[t], h, c)
            gate[t], c = step["f"], step["c"]
        else:
            keep[t], rest[t] = gated_step.gru_step_jacobian(params, xs[t], h)
            step = gated_step.gru_step(params, xs[t], h)
            gate[t] = step["z"]
        h = step["h"]
    g = np.concatenate([np.zeros(S - H), r])            # dL/ds_T: the loss reads h_T alone
    # the gradient reaching the cell at step T: dL/dc_T through h_T = o_T tanh(c_T); the GRU's is h_T's
    cell_grad = r * step["o"] * (1.0 - np.tanh(c) ** 2) if cell == "lstm" else r
    norms, kept = np.empty(T), np.empty(T)
    norms[-1], kept[-1] = np.linalg.norm(g[S - H:]), np.linalg.norm(cell_grad)
    for t in range(T - 1, 0, -1):                        # from step t + 1 back to step t
        g = g @ (keep[t] + rest[t])
        cell_grad = cell_grad * gate[t]
        norms[t - 1], kept[t - 1] = np.linalg.norm(g[S - H:]), np.linalg.norm(cell_grad)
    return {"gate": gate, "keep": keep, "rest": rest, "norms": norms, "keeping_path": kept}


def per_step_factor(norms) -> float:
    """(norms[0] / norms[-1])^(1 / (T - 1)): the mean factor by which one step back multiplies
    a gradient's norm (a geometric mean), for norms (T,), T >= 2, such as gradient_norms'."""
    norms = check_array("norms", norms, ndim=1).astype(np.float64)
    if norms.size < 2 or not np.all(norms > 0):
        raise ValueError(f"norms must hold at least 2 positive numbers, got {norms.size} values "
                         f"(smallest {norms.min() if norms.size else 'none'})")
    return float((norms[0] / norms[-1]) ** (1.0 / (norms.size - 1)))


# ---------------------------------------------------------------- the probe with any W_hh

def _check_square(name: str, W) -> np.ndarray:
    W = check_array(name, W, ndim=2).astype(np.float64)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"{name} must be square (H, H), got shape {W.shape}")
    return W


def _probe_forward(W_hh, seq_len, activation, input_scale, seed):
    """gradient_norms' forward pass with a given W_hh (H, H): hs (T, 1, H) and the read-out r (H,)."""
    H = W_hh.shape[0]
    _, r = _probe(H, seed)
    xs = (input_scale * probe_inputs(seq_len, H, seed))[:, None, :]      # (T, 1, H)
    with np.errstate(over="ignore", invalid="ignore"):
        return recurrence_forward(xs, W_hh, 0.0, np.zeros((1, H)), activation), r


def matrix_gradient_norms(W_hh, seq_len, *, activation="linear", input_scale=1.0,
                          seed=0) -> np.ndarray:
    """||dL/dh_k|| for k = 1..T, as gradient_norms, but through a given W_hh (H, H).

    Same inputs, h_0 = 0 and unit read-out r as gradient_norms(seq_len, ..., n_hidden=H,
    seed=seed), a real forward and backward pass; so W_hh = weight_scale * Q reproduces it.
    Returns (T,). An overflow is inf there and at every earlier step, as in gradient_norms.
    """
    W_hh = _check_square("W_hh", W_hh)
    T = check_int("seq_len", seq_len, min_value=1)
    check_choice("activation", activation, ACTIVATIONS)
    x_scale = check_positive_float("input_scale", input_scale)
    return _probe_norms(W_hh, T, activation, x_scale, check_seed(seed))


def _probe_norms(W_hh, T, activation, input_scale, seed) -> np.ndarray:
    """The probe's forward and backward pass through W_hh (H, H): ||dL/dh_k||, (T,), inf on overflow."""
    hs, r = _probe_forward(W_hh, T, activation, input_scale, seed)
    with np.errstate(over="ignore", invalid="ignore"):
        dhs = np.zeros_like(hs)
        dhs[-1, 0] = r
        _, dh_total, _ = recurrence_backward(dhs, hs, W_hh, activation)
        norms = _safe_norms(dh_total[:, 0, :])
    if activation == "relu" and np.isnan(hs).any():
        norms[:-1] = np.inf      # the states overflowed: relu's slopes after that are undefined
    return _inf_before_overflow(norms)


def _inf_before_overflow(norms: np.ndarray) -> np.ndarray:
    """norms with inf at the last step that is not finite and at every step before it."""
    bad = np.flatnonzero(~np.isfinite(norms))
    if bad.size:
        norms[: bad[-1] + 1] = np.inf
    return norms


def probe_slopes(seq_len, weight_scale, activation="tanh", input_scale=1.0, *, n_hidden=32,
                 seed=0) -> np.ndarray:
    """f'(a_t) of every unit at every step of gradient_norms' probe: (T, H).

    These are the diagonals of the Jacobians diag(f'(a_t)) W_hh: where they sit far below
    gamma = max |f'| (saturated units), the gradient shrinks faster than the bound says.
    """
    T, lam, H, x_scale, seed = _probe_args(seq_len, weight_scale, n_hidden, activation,
                                           input_scale, seed)
    Q, _ = _probe(H, seed)
    hs, _ = _probe_forward(lam * Q, T, activation, x_scale, seed)
    return activation_grad(hs[:, 0, :], activation)


def log_ratio_grid(seq_lens, weight_scales, *, activation="tanh", input_scale=1.0, n_hidden=32,
                   seed=0) -> np.ndarray:
    """log10(||dL/dh_1|| / ||dL/dh_T||) from gradient_norms for every (weight scale, length).

    seq_lens (L,) integers >= 2, weight_scales (S,) > 0; returns (S, L). +inf where the norm
    overflowed, -inf where it reached exactly 0.
    """
    lens = [check_int("seq_lens entry", int(T) if isinstance(T, np.integer) else T, min_value=2)
            for T in np.atleast_1d(seq_lens)]
    scales = [check_positive_float("weight_scales entry", float(s))
              for s in np.atleast_1d(weight_scales)]
    grid = np.empty((len(scales), len(lens)))
    with np.errstate(divide="ignore", invalid="ignore"):
        for i, s in enumerate(scales):
            for j, T in enumerate(lens):
                n = gradient_norms(T, s, n_hidden=n_hidden, activation=activation,
                                   input_scale=input_scale, seed=seed)
                grid[i, j] = np.log10(n[0]) - np.log10(n[-1])
    return grid


def spectral_summary(W_hh) -> dict:
    """{"spectral_radius": max |eigenvalue|, "lambda_1": largest singular value} of W_hh (H, H).

    Always spectral_radius <= lambda_1; they are equal for a normal matrix (e.g. scale * Q).
    """
    W_hh = _check_square("W_hh", W_hh)
    return {"spectral_radius": float(np.max(np.abs(np.linalg.eigvals(W_hh)))),
            "lambda_1": float(np.linalg.norm(W_hh, 2))}


def shear_matrix(n, rho=0.8, shear=1.0) -> np.ndarray:
    """rho * I + shear * (ones on the superdiagonal), (n, n): every eigenvalue is rho, yet for a
    large shear the largest singular value is far above rho (a non-normal matrix)."""
    n = check_int("n", n, min_value=2)
    rho = check_positive_float("rho", rho)
    shear = check_positive_float("shear", shear)
    return rho * np.eye(n) + shear * np.eye(n, k=1)
