"""Lesson 07: the loss cliff of a one-unit RNN, and one gradient step from its face, clipped or not.

The network of Pascanu, Mikolov & Bengio (2013, Fig. 6): one unit, no input,
    h_t = w * sigmoid(h_{t-1}) + b,   h_0 = 0.5,   L(w, b) = (h_T - 0.7)^2,  T = 50.
For large w the map has two stable fixed points; which one h_T ends near flips abruptly as
b crosses a critical value, so L has a wall: a step of height ~10 that is only ~1e-5 wide.
On its face the gradient is huge, and a plain gradient step is thrown far away.
"""
from __future__ import annotations

import numpy as np

from .numerics import activate
from .validation import check_int, check_positive_float, check_scalar

N_STEPS, H0, TARGET = 50, 0.5, 0.7
START_W, START_GRAD_NORM, LR = 6.0, 2000.0, 0.004


def cliff_loss_and_grad(w, b, *, n_steps=N_STEPS, h0=H0, target=TARGET):
    """L = (h_T - target)^2 and its gradient (dL/dw, dL/db); w and b broadcast (any shape).

    The derivatives are carried forward with h (forward mode): with two parameters and a
    whole grid of (w, b) at once, that is simpler than backpropagation and just as exact.
    Returns (loss, dL_dw, dL_db), arrays of the broadcast shape.
    """
    n_steps = check_int("n_steps", n_steps, min_value=1)
    w, b = np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)
    h = np.full(np.broadcast(w, b).shape, check_scalar("h0", h0))
    dh_dw, dh_db = np.zeros_like(h), np.zeros_like(h)
    for _ in range(n_steps):
        s = activate(h, "sigmoid")                     # sigmoid(h_{t-1})
        slope = w * s * (1.0 - s)                      # dh_t / dh_{t-1}
        dh_dw = s + slope * dh_dw
        dh_db = 1.0 + slope * dh_db
        h = w * s + b
    err = h - check_scalar("target", target)
    return err ** 2, 2.0 * err * dh_dw, 2.0 * err * dh_db


def cliff_loss(w, b, **kw):
    """L(w, b) alone; see cliff_loss_and_grad."""
    return cliff_loss_and_grad(w, b, **kw)[0]


def wall_point(w=START_W, grad_norm=START_GRAD_NORM, *, n_steps=N_STEPS):
    """A point (w, b) on the wall's face, on its high-loss side, where ||grad L|| = grad_norm.

    Found by bisection: first the b where h_T flips between the two fixed points (searched
    in [-w, 0]), then the distance below it at which the gradient norm equals grad_norm.
    """
    w = check_scalar("w", w)
    grad_norm = check_positive_float("grad_norm", grad_norm)
    lo, hi = -w, 0.0
    high_side = cliff_loss(w, lo, n_steps=n_steps) > cliff_loss(w, hi, n_steps=n_steps)
    for _ in range(200):                               # the flip of h_T: to float precision
        mid = 0.5 * (lo + hi)
        if (cliff_loss(w, mid, n_steps=n_steps) > cliff_loss(w, hi, n_steps=n_steps)) == high_side:
            lo = mid
        else:
            hi = mid
    b_flip = lo
    near, far = 1e-15, 1.0                             # log-bisection on the distance below
    for _ in range(200):
        d = np.sqrt(near * far)
        _, gw, gb = cliff_loss_and_grad(w, b_flip - d, n_steps=n_steps)
        near, far = (d, far) if np.hypot(gw, gb) > grad_norm else (near, d)
    return w, b_flip - np.sqrt(near * far)


def gradient_step(w, b, lr=LR, threshold=None, *, n_steps=N_STEPS):
    """One gradient-descent step from (w, b), norm-clipped at ``threshold`` (None: no clipping).

    Returns a dict: start (2,), grad (2,), norm, end (2,), loss_start, loss_end, length
    (the distance moved).
    """
    lr = check_positive_float("lr", lr)
    threshold = None if threshold is None else check_positive_float("threshold", threshold)
    L0, gw, gb = cliff_loss_and_grad(check_scalar("w", w), check_scalar("b", b), n_steps=n_steps)
    g = np.array([gw, gb], dtype=np.float64)
    norm = float(np.hypot(gw, gb))
    if threshold is not None and norm > threshold:
        g = g * (threshold / norm)                     # Pascanu et al., Algorithm 1
    start = np.array([w, b], dtype=np.float64)
    end = start - lr * g
    return {"start": start, "grad": np.array([gw, gb]), "norm": norm, "end": end,
            "loss_start": float(L0), "loss_end": float(cliff_loss(end[0], end[1], n_steps=n_steps)),
            "length": float(np.linalg.norm(end - start))}
