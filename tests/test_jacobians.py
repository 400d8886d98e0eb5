"""Lesson 06's first steps (jacobians.py): one step's Jacobian against central differences, the
product over steps, and the geometry of a 2 x 2 matrix (eigen- and singular directions)."""
import numpy as np
import pytest

from course_utils import jacobians as J
from course_utils.gradients import TOLERANCE, relative_error, spectral_summary
from course_utils.numerics import ACTIVATIONS

RNG = np.random.default_rng(5)
W_HH, W_HX = RNG.standard_normal((4, 4)), RNG.standard_normal((4, 3))
H_PREV, X_T = np.tanh(RNG.standard_normal(4)), RNG.standard_normal(3)
M = np.array([[0.9, 0.8], [0.0, 0.5]])


@pytest.mark.parametrize("activation", [a for a in ACTIVATIONS if a != "relu"])
def test_step_jacobian_agrees_with_central_differences(activation):
    h_t = J.rnn_step(W_HH, W_HX, H_PREV, X_T, activation)
    exact = J.step_jacobian(W_HH, h_t, activation)
    numeric = J.numerical_jacobian(lambda h: J.rnn_step(W_HH, W_HX, h, X_T, activation), H_PREV)
    assert relative_error(exact, numeric) < TOLERANCE


def test_relu_jacobian_keeps_the_rows_of_active_units():
    h_t = J.rnn_step(W_HH, W_HX, H_PREV, X_T, "relu")
    exact = J.step_jacobian(W_HH, h_t, "relu")
    np.testing.assert_array_equal(exact[h_t > 0], W_HH[h_t > 0])
    assert not exact[h_t <= 0].any()


def test_step_jacobian_is_diag_of_slopes_times_w():
    h_t = np.tanh(RNG.standard_normal(4))
    np.testing.assert_allclose(J.step_jacobian(W_HH, h_t), np.diag(1 - h_t ** 2) @ W_HH, rtol=1e-15)


def test_jacobian_product_agrees_with_central_differences_over_steps():
    xs = RNG.standard_normal((5, 3))

    def run(h0):
        h = h0
        for x in xs:
            h = J.rnn_step(0.9 * W_HH, W_HX, h, x)
        return h

    hs, h = [], H_PREV
    for x in xs:
        h = J.rnn_step(0.9 * W_HH, W_HX, h, x)
        hs.append(h)
    exact = J.jacobian_product(0.9 * W_HH, np.array(hs))
    assert relative_error(exact, J.numerical_jacobian(run, H_PREV)) < TOLERANCE


def test_geometry_of_a_two_by_two_matrix():
    g = J.matrix_geometry(M)
    np.testing.assert_allclose(g["eigenvalues"], [0.9, 0.5])
    for mu, e in zip(g["eigenvalues"], g["eigenvectors"].T):
        np.testing.assert_allclose(M @ e, mu * e, atol=1e-14)             # only stretched
    for lam, v, u in zip(g["singular_values"], g["right"].T, g["left"].T):
        np.testing.assert_allclose(M @ v, lam * u, atol=1e-14)
        assert v[0] >= 0 and np.linalg.norm(v) == pytest.approx(1.0)
    summary = spectral_summary(M)
    assert g["lambda_1"] == pytest.approx(summary["lambda_1"]) and g["lambda_1"] > 1 > g["spectral_radius"]
    assert g["spectral_radius"] == pytest.approx(summary["spectral_radius"])


def test_unit_circle_becomes_an_ellipse_with_half_axes_the_singular_values():
    circle, image = J.unit_circle_image(M, n_points=2001)
    np.testing.assert_allclose(np.linalg.norm(circle, axis=0), 1.0)
    lengths = np.linalg.norm(image, axis=0)
    s = J.matrix_geometry(M)["singular_values"]
    assert lengths.max() == pytest.approx(s[0], rel=1e-5) and lengths.min() == pytest.approx(s[1], rel=1e-5)


@pytest.mark.parametrize("call, error, match", [
    (lambda: J.step_jacobian(np.ones((2, 3)), np.ones(2)), ValueError, "W_hh must be square"),
    (lambda: J.step_jacobian(np.eye(2), np.ones(3)), ValueError, "h_t must have 2 entries"),
    (lambda: J.step_jacobian(np.eye(2), np.ones(2), "softplus"), ValueError, "activation must be one of"),
    (lambda: J.step_jacobian(np.eye(2), [np.nan, 0.0]), ValueError, "h_t contains NaN"),
    (lambda: J.rnn_step(np.eye(2), np.ones((3, 1)), np.ones(2), np.ones(1)), ValueError, "W_hx must have 2 rows"),
    (lambda: J.rnn_step(np.eye(2), np.ones((2, 1)), np.ones(2), np.ones(2)), ValueError, "x_t must have 1 entries"),
    (lambda: J.numerical_jacobian("f", np.ones(2)), TypeError, "f must be a function"),
    (lambda: J.numerical_jacobian(np.sin, np.ones(2), eps=0.0), ValueError, "eps must be a finite number > 0"),
    (lambda: J.jacobian_product(np.eye(2), np.ones((3, 4))), ValueError, "hs must have shape"),
    (lambda: J.matrix_geometry(np.eye(3)), ValueError, "M must be 2 x 2"),
    (lambda: J.matrix_geometry([[0.0, -1.0], [1.0, 0.0]]), ValueError, "M must have real eigenvalues"),
    (lambda: J.matrix_geometry(None), TypeError, "M must be an array"),
    (lambda: J.unit_circle_image(M, n_points=3), ValueError, "n_points must be an integer >= 8"),
])
def test_bad_input_names_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()

