"""Lesson 06's first steps: one Jacobian with numbers, and what a matrix does to the unit circle.

Column vectors here, as in the lesson's maths: one step of the recurrence is
h_t = f(W_hh h_{t-1} + W_hx x_t), and its Jacobian (how h_t moves when h_{t-1} moves) is

    dh_t/dh_{t-1} = diag(f'(a_t)) W_hh        (H, H): row i is unit i's slope times row i of W_hh.

``step_jacobian`` computes it from h_t (f' is written through h_t = f(a_t), as numerics does),
``numerical_jacobian`` by central differences, to check it; ``jacobian_product`` multiplies them
over several steps. ``matrix_geometry`` and ``unit_circle_image`` describe a 2 x 2 matrix:
eigen-directions (kept, only stretched by the eigenvalue) and singular directions (the unit
circle becomes an ellipse whose longest half-axis is lambda_1, the largest singular value).
"""
from __future__ import annotations

import numpy as np

from .numerics import ACTIVATIONS, activate, activation_grad
from .validation import check_array, check_choice, check_int, check_positive_float, check_real

EPS = 1e-6      # central differences: error ~ eps^2 (truncation) + 1e-16/eps (round-off)


def _vector(name: str, v, size: int | None = None) -> np.ndarray:
    v = check_real(name, check_array(name, v, ndim=1))
    if size is not None and v.size != size:
        raise ValueError(f"{name} must have {size} entries (one per hidden unit), got {v.size}")
    return v


def _square(name: str, W) -> np.ndarray:
    W = check_real(name, check_array(name, W, ndim=2))
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"{name} must be square (H, H), got shape {W.shape}")
    return W


def rnn_step(W_hh, W_hx, h_prev, x_t, activation="tanh") -> np.ndarray:
    """One step of the recurrence, column form: h_t = f(W_hh h_prev + W_hx x_t), shape (H,).

    W_hh (H, H), W_hx (H, D), h_prev (H,), x_t (D,). No bias, as in the lesson's equations.
    """
    W_hh = _square("W_hh", W_hh)
    H = W_hh.shape[0]
    W_hx = check_real("W_hx", check_array("W_hx", W_hx, ndim=2))
    if W_hx.shape[0] != H:
        raise ValueError(f"W_hx must have {H} rows (one per hidden unit), got shape {W_hx.shape}")
    h_prev = _vector("h_prev", h_prev, H)
    x_t = _vector("x_t", x_t, W_hx.shape[1])
    check_choice("activation", activation, ACTIVATIONS)
    return activate(W_hh @ h_prev + W_hx @ x_t, activation)


def step_jacobian(W_hh, h_t, activation="tanh") -> np.ndarray:
    """dh_t/dh_{t-1} = diag(f'(a_t)) W_hh, (H, H), with f'(a_t) read from h_t = f(a_t).

    Entry (i, j) is how much unit i at step t moves per unit move of unit j at step t - 1.
    """
    W_hh = _square("W_hh", W_hh)
    h_t = _vector("h_t", h_t, W_hh.shape[0])
    check_choice("activation", activation, ACTIVATIONS)
    return activation_grad(h_t, activation)[:, None] * W_hh


def numerical_jacobian(f, h, eps=EPS) -> np.ndarray:
    """Central differences of a vector function: column j is (f(h + eps e_j) - f(h - eps e_j)) / 2 eps.

    f(h) -> (M,) for h (N,); returns (M, N). Agrees with an exact Jacobian to about 1e-9.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of a vector, got {type(f).__name__}")
    h = _vector("h", h)
    eps = check_positive_float("eps", eps)
    columns = []
    for j in range(h.size):
        step = np.zeros_like(h)
        step[j] = eps
        columns.append((np.asarray(f(h + step), dtype=np.float64)
                        - np.asarray(f(h - step), dtype=np.float64)) / (2 * eps))
    return np.stack(columns, axis=1)


def jacobian_product(W_hh, hs, activation="tanh") -> np.ndarray:
    """dh_T/dh_0 through the states hs (T, H) = h_1..h_T: J_T ... J_2 J_1, (H, H).

    J_t = step_jacobian(W_hh, h_t); the latest step stands on the left, as in the chain rule.
    """
    W_hh = _square("W_hh", W_hh)
    hs = check_real("hs", check_array("hs", hs, ndim=2))
    if hs.shape[1] != W_hh.shape[0] or hs.shape[0] < 1:
        raise ValueError(f"hs must have shape (T, {W_hh.shape[0]}) with T >= 1, got {hs.shape}")
    product = np.eye(W_hh.shape[0])
    for h_t in hs:
        product = step_jacobian(W_hh, h_t, activation) @ product
    return product


def matrix_geometry(M) -> dict:
    """Eigen- and singular directions of a real 2 x 2 matrix with real eigenvalues.

    Returns {"eigenvalues": (2,) largest |value| first, "eigenvectors": (2, 2) unit columns,
             "singular_values": (2,) lambda_1 >= lambda_2, "right": (2, 2) unit columns v_i
             (M v_i = lambda_i u_i), "left": (2, 2) unit columns u_i,
             "spectral_radius": max |eigenvalue|, "lambda_1": the largest singular value}.
    An eigenvector only changes length (M v = mu v); v_1 is the direction M stretches most.
    """
    M = _square("M", M)
    if M.shape != (2, 2):
        raise ValueError(f"M must be 2 x 2 (a picture in the plane), got shape {M.shape}")
    values, vectors = np.linalg.eig(M)
    if np.iscomplexobj(values) and np.any(np.abs(values.imag) > 1e-12):
        raise ValueError(f"M must have real eigenvalues (a rotation has none to draw), got {values}")
    values, vectors = values.real, vectors.real
    order = np.argsort(-np.abs(values), kind="stable")
    u, s, vt = np.linalg.svd(M)
    signs = np.where(vt[:, 0] < 0, -1.0, 1.0)         # v_i with a non-negative first entry
    return {"eigenvalues": values[order], "eigenvectors": vectors[:, order],
            "singular_values": s, "right": vt.T * signs, "left": u * signs,
            "spectral_radius": float(np.max(np.abs(values))), "lambda_1": float(s[0])}


def unit_circle_image(M, n_points=200) -> tuple[np.ndarray, np.ndarray]:
    """Points x on the unit circle and their images M x: two arrays (2, n_points).

    The images lie on an ellipse whose half-axes are the singular values of M (2 x 2).
    """
    M = _square("M", M)
    n = check_int("n_points", n_points, min_value=8)
    angle = np.linspace(0.0, 2 * np.pi, n)
    circle = np.stack([np.cos(angle), np.sin(angle)])
    return circle, M @ circle
