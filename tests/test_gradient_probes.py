"""course_utils.gradients: the probe of gradient_norms with any W_hh, its slopes, the grid of
ratios over (lambda_1, T), and the spectral numbers of a matrix (lessons 06 and 07)."""
import numpy as np
import pytest

from course_utils import gradients as G
from course_utils.gradients import (gradient_norms, log_ratio_grid, matrix_gradient_norms,
                                    probe_slopes, shear_matrix, spectral_summary)
from course_utils.numerics import random_orthogonal


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
@pytest.mark.parametrize("T, scale, x_scale", [(1, 0.5, 1.0), (40, 1.3, 0.5), (400, 50.0, 1.0)])
def test_matrix_gradient_norms_reproduces_gradient_norms(activation, T, scale, x_scale):
    H, seed = 16, 3
    Q, _ = G._probe(H, seed)       # private: the probe's own Q, to build its W_hh by hand
    np.testing.assert_allclose(
        matrix_gradient_norms(scale * Q, T, activation=activation, input_scale=x_scale, seed=seed),
        gradient_norms(T, scale, n_hidden=H, activation=activation, input_scale=x_scale, seed=seed),
        rtol=1e-12)


def test_an_overflow_is_inf_back_to_step_1():
    norms = matrix_gradient_norms(50.0 * np.eye(4), 400)       # linear: 50^399 overflows
    assert np.isinf(norms[0]) and norms[-1] == pytest.approx(1.0)
    over = np.flatnonzero(np.isinf(norms))
    np.testing.assert_array_equal(over, np.arange(over[-1] + 1))


def test_a_non_normal_matrix_grows_before_it_decays():
    W = shear_matrix(8, 0.8, 1.0)
    s = spectral_summary(W)
    assert s["spectral_radius"] == pytest.approx(0.8) and s["lambda_1"] > 1.5
    norms = matrix_gradient_norms(W, 150)[::-1]            # by steps back from T
    assert norms.max() > 100 and 10 < norms.argmax() < 100 and norms[-1] < 1e-2
    Q = 0.8 * random_orthogonal(8, np.random.default_rng(0))
    assert spectral_summary(Q)["lambda_1"] == pytest.approx(0.8)               # normal: equal
    np.testing.assert_allclose(matrix_gradient_norms(Q, 50)[::-1], 0.8 ** np.arange(50), rtol=1e-9)


def test_probe_slopes_are_the_forward_pass_slopes():
    f = probe_slopes(60, 2.0, "tanh", input_scale=3.0)
    assert f.shape == (60, 32) and np.all((f >= 0) & (f <= 1))
    assert f.mean() < probe_slopes(60, 2.0, "tanh", input_scale=0.1).mean()   # saturation
    np.testing.assert_array_equal(probe_slopes(10, 1.0, "linear"), np.ones((10, 32)))
    assert probe_slopes(10, 1.0, "sigmoid").max() <= 0.25


def test_probe_slopes_times_W_hh_are_the_jacobians_of_the_probe():
    """One step back through the probe is dh_{t-1} = (dh_t * f'(a_t)) @ W_hh."""
    H, T, lam, seed = 8, 12, 1.5, 2
    Q, r = G._probe(H, seed)       # private: the probe's own Q and read-out r, to step back by hand
    f = probe_slopes(T, lam, "tanh", input_scale=0.7, n_hidden=H, seed=seed)
    g = np.array(r)
    norms = [np.linalg.norm(g)]
    for t in range(T - 1, 0, -1):
        g = (g * f[t]) @ (lam * Q)
        norms.append(np.linalg.norm(g))
    np.testing.assert_allclose(norms[::-1], gradient_norms(T, lam, n_hidden=H, input_scale=0.7,
                                                           seed=seed), rtol=1e-10)


def test_log_ratio_grid_matches_direct_measurements():
    lens, scales = [2, 10, 30], [0.5, 1.0, 1.5]
    g = log_ratio_grid(lens, scales, activation="linear")
    np.testing.assert_allclose(g, [[(T - 1) * np.log10(s) for T in lens] for s in scales], atol=1e-9)
    g = log_ratio_grid(np.array(lens), scales, input_scale=2.0)
    n = gradient_norms(30, 1.5, input_scale=2.0)
    assert g.shape == (3, 3) and g[2, 2] == pytest.approx(np.log10(n[0] / n[-1]))


@pytest.mark.parametrize("call, error, match", [
    (lambda: matrix_gradient_norms(np.ones((2, 3)), 5), ValueError, "W_hh must be square"),
    (lambda: matrix_gradient_norms(np.ones(3), 5), ValueError, "W_hh must have 2 dimensions"),
    (lambda: matrix_gradient_norms(np.eye(2), 0), ValueError, "seq_len must be an integer >= 1"),
    (lambda: matrix_gradient_norms(np.eye(2), 5, activation="elu"), ValueError, "activation must be one of"),
    (lambda: matrix_gradient_norms(np.eye(2), 5, input_scale=0), ValueError, "input_scale must be a finite number > 0"),
    (lambda: matrix_gradient_norms(np.eye(2), 5, seed=-1), ValueError, "seed must be an integer >= 0"),
    (lambda: probe_slopes(0, 1.0), ValueError, "seq_len must be an integer >= 1"),
    (lambda: probe_slopes(10, -1.0), ValueError, "weight_scale must be a finite number > 0"),
    (lambda: probe_slopes(10, 1.0, "gelu"), ValueError, "activation must be one of"),
    (lambda: probe_slopes(10, 1.0, input_scale=-2), ValueError, "input_scale must be a finite number > 0"),
    (lambda: probe_slopes(10, 1.0, n_hidden=0), ValueError, "n_hidden must be an integer >= 1"),
    (lambda: probe_slopes(10, 1.0, seed=-1), ValueError, "seed must be an integer >= 0"),
    (lambda: log_ratio_grid([1, 5], [1.0]), ValueError, "seq_lens entry must be an integer >= 2"),
    (lambda: log_ratio_grid([5], [0.0]), ValueError, "weight_scales entry must be a finite number > 0"),
    (lambda: spectral_summary(np.ones(3)), ValueError, "W_hh must have 2 dimensions"),
    (lambda: spectral_summary(np.ones((2, 3))), ValueError, "W_hh must be square"),
    (lambda: shear_matrix(1), ValueError, "n must be an integer >= 2"),
    (lambda: shear_matrix(4, rho=0), ValueError, "rho must be a finite number > 0"),
    (lambda: shear_matrix(4, shear=-1), ValueError, "shear must be a finite number > 0"),
])
def test_bad_input_names_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()
