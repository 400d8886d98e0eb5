"""course_utils.gradients: the checker, and gradient_norms against the theory it illustrates."""
import warnings

import numpy as np
import pytest

from course_utils import gradients as G


def test_checker_agrees_on_a_known_gradient():
    params = {"w": np.array([1.0, -2.0, 0.5])}
    f = lambda p: float(np.sum(p["w"] ** 3))
    errors = G.compare_gradients(f, params, {"w": 3 * params["w"] ** 2})
    assert G.gradients_agree(errors) and errors["w"] < 1e-9


def test_checker_catches_a_wrong_gradient():
    params = {"w": np.array([1.0, -2.0, 0.5])}
    f = lambda p: float(np.sum(p["w"] ** 3))
    errors = G.compare_gradients(f, params, {"w": 2 * params["w"] ** 2})
    assert not G.gradients_agree(errors)
    assert "DISAGREES" in G.format_check_table(errors)


def test_check_table_shows_round_off_as_a_bound():
    """Errors that agree print the same text whatever their round-off digits (other CPUs and
    BLAS kernels give other digits); a disagreeing error shows its size."""
    a = G.format_check_table({"W_hh": 8.7e-11, "b_h": 1.1e-10})
    b = G.format_check_table({"W_hh": 9.2e-11, "b_h": 1.4e-10})
    assert a == b
    assert a.splitlines()[1].split() == ["W_hh", "agrees", "(<", "1e-7)"]
    assert "DISAGREES (3.2e-02, not < 1e-7)" in G.format_check_table({"W_hh": 0.032})


def test_checker_restores_params():
    params = {"w": np.array([1.0, 2.0])}
    G.compare_gradients(lambda p: float(p["w"] @ p["w"]), params, {"w": 2 * params["w"]})
    np.testing.assert_array_equal(params["w"], [1.0, 2.0])


def test_checker_bad_input():
    with pytest.raises(ValueError, match="analytic has names that params lacks: \\['v'\\]"):
        G.compare_gradients(lambda p: 0.0, {"w": np.zeros(1)}, {"v": np.zeros(1)})


def test_relative_error_of_zero_gradients_is_zero():
    assert G.relative_error(np.zeros(3), np.zeros(3)) == 0.0


# ---------------------------------------------------------------- gradient_norms

@pytest.mark.parametrize("scale", [0.7, 1.0, 1.1, 1.6])
def test_linear_follows_the_power_law_exactly(scale):
    T = 30
    n = G.gradient_norms(T, scale, activation="linear")
    k = np.arange(1, T + 1)
    np.testing.assert_allclose(n / n[-1], scale ** (T - k), rtol=1e-10)


def test_last_entry_is_one_and_shape():
    n = G.gradient_norms(17, 0.9)
    assert n.shape == (17,) and n[-1] == pytest.approx(1.0)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("scale", [0.5, 1.0, 1.5, 3.0])
def test_tanh_relu_never_exceed_the_bound(activation, scale):
    T = 60
    n = G.gradient_norms(T, scale, activation=activation, input_scale=0.5)
    bound = scale ** (T - np.arange(1, T + 1))
    assert np.all(n / n[-1] <= bound * (1 + 1e-12))


@pytest.mark.parametrize("scale", [1.0, 4.0, 6.0])
def test_sigmoid_never_exceeds_a_quarter_bound(scale):
    T = 40
    n = G.gradient_norms(T, scale, activation="sigmoid")
    bound = (scale / 4) ** (T - np.arange(1, T + 1))
    assert np.all(n / n[-1] <= bound * (1 + 1e-12))


def test_same_seed_same_probe_and_prefix_inputs():
    long = G.probe_inputs(50, 8, 3)
    short = G.probe_inputs(20, 8, 3)
    np.testing.assert_array_equal(long[:20], short)
    np.testing.assert_array_equal(G.gradient_norms(25, 1.2, seed=3), G.gradient_norms(25, 1.2, seed=3))
    assert not np.array_equal(G.gradient_norms(25, 1.2, seed=3), G.gradient_norms(25, 1.2, seed=4))


def test_changing_scale_keeps_the_probe():
    """Only W_hh's scale changes: for linear the ratios differ exactly by the scale law."""
    a = G.gradient_norms(10, 1.0, activation="linear")
    b = G.gradient_norms(10, 2.0, activation="linear")
    np.testing.assert_allclose(a, 1.0)
    np.testing.assert_allclose(b, 2.0 ** (10 - np.arange(1, 11)), rtol=1e-12)


@pytest.mark.parametrize("activation", ["linear", "relu"])
def test_overflow_returns_inf_without_warning(activation):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        n = G.gradient_norms(400, 50, activation=activation)
    assert np.isinf(n[0]) and n[-1] == pytest.approx(1.0)
    first_finite = np.argmax(np.isfinite(n))
    assert np.all(np.isinf(n[:first_finite])) and np.all(np.isfinite(n[first_finite:]))


def test_large_but_finite_norms_are_not_reported_as_overflow():
    n = G.gradient_norms(200, 30, activation="linear")      # 30^199 ~ 1e294 fits in float64
    assert np.all(np.isfinite(n))
    assert n[0] == pytest.approx(30.0 ** 199, rel=1e-9)


@pytest.mark.parametrize("seq_len", [0, -3])
def test_seq_len_below_one(seq_len):
    with pytest.raises(ValueError, match=rf"seq_len must be an integer >= 1, got {seq_len}"):
        G.gradient_norms(seq_len, 1.0)


def test_seq_len_not_integer():
    with pytest.raises(TypeError, match="seq_len must be an integer, got 10.0"):
        G.gradient_norms(10.0, 1.0)


@pytest.mark.parametrize("scale", [0.0, -0.5])
def test_weight_scale_not_positive(scale):
    with pytest.raises(ValueError, match="weight_scale must be a finite number > 0"):
        G.gradient_norms(10, scale)


def test_weight_scale_nan():
    with pytest.raises(ValueError, match="weight_scale must be a finite number > 0, got nan"):
        G.gradient_norms(10, float("nan"))


def test_unknown_activation():
    with pytest.raises(ValueError, match="activation must be one of 'tanh', 'sigmoid', 'relu', 'linear'; got 'gelu'"):
        G.gradient_norms(10, 1.0, activation="gelu")


def test_unknown_cell():
    with pytest.raises(ValueError, match="cell must be one of 'vanilla', 'lstm', 'gru'; got 'transformer'"):
        G.gradient_norms(10, 1.0, cell="transformer")
