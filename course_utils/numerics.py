"""The numerical building blocks every network of the course shares.

Activations and their slopes, softmax and log-softmax computed stably, and random orthogonal
matrices (the course's recurrent initialisation). Plain NumPy functions of arrays, no checks:
the models that call them check their arguments first.
"""
from __future__ import annotations

import numpy as np

ACTIVATIONS = ("tanh", "sigmoid", "relu", "linear")


# ---------------------------------------------------------------- activations
# Derivatives are written in terms of the output h = f(a): that is what the forward pass keeps.

def activate(a: np.ndarray, activation: str) -> np.ndarray:
    """f(a) for one of ACTIVATIONS, elementwise; a new array of a's shape."""
    if activation == "tanh":
        return np.tanh(a)
    if activation == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * a))   # the logistic function, without exp overflow
    if activation == "relu":
        return np.maximum(a, 0.0)
    return a.copy()


def activation_grad(h: np.ndarray, activation: str) -> np.ndarray:
    """f'(a) expressed through h = f(a); same shape as h."""
    if activation == "tanh":
        return 1.0 - h * h
    if activation == "sigmoid":
        return h * (1.0 - h)
    if activation == "relu":
        return (h > 0).astype(h.dtype)
    return np.ones_like(h)


def sigmoid(a: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + exp(-a)), the gates' nonlinearity."""
    return activate(a, "sigmoid")


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, shifted by the max so exp never overflows."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log softmax(z) over the last axis, without ever taking log(0)."""
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


# ---------------------------------------------------------------- initialisation

def random_orthogonal(n: int, rng: np.random.Generator) -> np.ndarray:
    """An (n, n) orthogonal matrix drawn uniformly (QR of a Gaussian, signs fixed)."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))
