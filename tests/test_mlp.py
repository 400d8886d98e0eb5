"""The two-layer network of lesson 01: shapes, gradients checked numerically, named errors."""
import numpy as np
import pytest

from course_utils.data import two_moons
from course_utils.gradients import TOLERANCE, compare_gradients
from course_utils.mlp import (accuracy, cross_entropy, init_mlp, mlp_backward, mlp_forward,
                              mlp_loss, mlp_loss_and_grads, predict)
from course_utils.train import SGD, train


def random_problem(N=7, D=3, H=5, V=4, seed=0):
    """Parameters with non-zero biases (so their gradients are tested too), inputs, labels."""
    rng = np.random.default_rng(seed)
    params = init_mlp(D, H, V, seed=seed)
    params["b_h"] = rng.standard_normal(H)
    params["b_s"] = rng.standard_normal(V)
    return params, rng.standard_normal((N, D)), rng.integers(0, V, size=N)


# ---------------------------------------------------------------- init

def test_init_shapes_dtype_and_zero_biases():
    p = init_mlp(2, 16, 3, seed=0)
    assert {k: v.shape for k, v in p.items()} == {"W_hx": (16, 2), "b_h": (16,), "W_s": (3, 16), "b_s": (3,)}
    assert all(v.dtype == np.float64 for v in p.values())
    assert not p["b_h"].any() and not p["b_s"].any()


def test_init_same_seed_same_weights_other_seed_other_weights():
    a, b, c = init_mlp(2, 8, 2, seed=3), init_mlp(2, 8, 2, seed=3), init_mlp(2, 8, 2, seed=4)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["W_hx"], c["W_hx"])


def test_init_weight_variance_is_scale_squared_over_fan_in():
    p = init_mlp(400, 300, 2, seed=0, weight_scale=2.0)
    assert np.var(p["W_hx"]) == pytest.approx(4.0 / 400, rel=0.05)


@pytest.mark.parametrize("kwargs, error, word", [
    (dict(n_in=0, n_hidden=4, n_out=2), ValueError, "n_in"),
    (dict(n_in=2.5, n_hidden=4, n_out=2), TypeError, "n_in"),
    (dict(n_in=2, n_hidden=0, n_out=2), ValueError, "n_hidden"),
    (dict(n_in=2, n_hidden=4, n_out=1), ValueError, "n_out"),
    (dict(n_in=2, n_hidden=4, n_out=2, weight_scale=-1.0), ValueError, "weight_scale"),
    (dict(n_in=2, n_hidden=4, n_out=2, seed=-1), ValueError, "seed"),
])
def test_init_bad_input(kwargs, error, word):
    with pytest.raises(error, match=word):
        init_mlp(**kwargs)


# ---------------------------------------------------------------- forward

def test_forward_shapes_and_probabilities():
    params, X, _ = random_problem()
    probs, (Xc, h, logits) = mlp_forward(params, X)
    assert probs.shape == (7, 4) and h.shape == (7, 5) and logits.shape == (7, 4)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    assert np.all(np.abs(h) < 1)


def test_forward_matches_the_equations_for_one_example():
    params, X, _ = random_problem()
    x = X[2]
    h = np.tanh(params["W_hx"] @ x + params["b_h"])
    z = params["W_s"] @ h + params["b_s"]
    np.testing.assert_allclose(mlp_forward(params, X)[0][2], np.exp(z) / np.exp(z).sum())


def test_forward_accepts_integer_inputs_as_floats():
    params = init_mlp(2, 3, 2)
    probs, cache = mlp_forward(params, np.array([[1, 2], [0, -1]]))
    assert cache[0].dtype == np.float64 and probs.shape == (2, 2)


def test_predict_and_accuracy():
    params, X, _ = random_problem()
    pred = predict(params, X)
    assert pred.shape == (7,) and pred.dtype.kind == "i"
    np.testing.assert_array_equal(pred, np.argmax(mlp_forward(params, X)[0], axis=1))
    assert accuracy(params, X, pred) == 1.0


# ---------------------------------------------------------------- loss and gradients

def test_cross_entropy_of_uniform_prediction_is_log_V():
    loss, _ = cross_entropy(np.zeros((5, 4)), np.array([0, 1, 2, 3, 0]))
    assert loss == pytest.approx(np.log(4))


def test_cross_entropy_is_minus_log_of_the_true_class_probability():
    logits = np.log(np.array([[0.7, 0.2, 0.1]]))
    loss, dlogits = cross_entropy(logits, np.array([0]))
    assert loss == pytest.approx(-np.log(0.7))
    np.testing.assert_allclose(dlogits, [[0.7 - 1, 0.2, 0.1]])


def test_cross_entropy_stays_finite_for_huge_logits():
    loss, dlogits = cross_entropy(np.array([[1000.0, -1000.0]]), np.array([1]))
    assert loss == pytest.approx(2000.0) and np.all(np.isfinite(dlogits))


@pytest.mark.parametrize("V", [2, 4])
def test_gradients_agree_with_central_differences(V):
    params, X, y = random_problem(V=V)
    _, grads = mlp_loss_and_grads(params, X, y)
    errors = compare_gradients(lambda p: mlp_loss_and_grads(p, X, y)[0], params, grads)
    assert set(errors) == set(params)
    assert all(e < TOLERANCE for e in errors.values()), errors


def test_cross_entropy_gradient_agrees_with_central_differences():
    rng = np.random.default_rng(1)
    z = {"z": rng.standard_normal((6, 3))}
    y = rng.integers(0, 3, size=6)
    _, dz = cross_entropy(z["z"], y)
    errors = compare_gradients(lambda p: cross_entropy(p["z"], y)[0], z, {"z": dz})
    assert errors["z"] < TOLERANCE


def test_mlp_loss_equals_the_loss_of_loss_and_grads():
    params, X, y = random_problem()
    assert mlp_loss(params, X, y) == mlp_loss_and_grads(params, X, y)[0]


def test_gradient_descent_learns_two_moons():
    X, y, X_held, y_held = two_moons(200, seed=0)
    params = init_mlp(2, 16, 2, seed=1)
    hist = train(params, lambda p, s: mlp_loss_and_grads(p, X, y), SGD(0.5), 400)
    assert hist.train_loss[-1] < 0.5 * hist.train_loss[0]
    assert accuracy(params, X_held, y_held) > 0.9


# ---------------------------------------------------------------- named errors

def good():
    params, X, y = random_problem()
    return params, X, y


def test_params_not_a_dict():
    _, X, _ = good()
    with pytest.raises(TypeError, match="params"):
        mlp_forward([1, 2], X)


def test_params_missing_a_key():
    params, X, _ = good()
    del params["b_s"]
    with pytest.raises(ValueError, match="b_s"):
        mlp_forward(params, X)


def test_params_entry_not_an_array():
    params, X, _ = good()
    params["b_h"] = [0.0] * 5
    with pytest.raises(TypeError, match="b_h"):
        mlp_forward(params, X)


def test_params_entry_wrong_shape():
    params, X, _ = good()
    params["b_h"] = np.zeros(6)
    with pytest.raises(ValueError, match="b_h"):
        mlp_forward(params, X)


def test_params_entry_not_finite():
    params, X, _ = good()
    params["W_s"][0, 0] = np.nan
    with pytest.raises(ValueError, match="W_s"):
        mlp_forward(params, X)


def test_X_one_dimensional():
    params, X, _ = good()
    with pytest.raises(ValueError, match="X must have 2 dimensions"):
        mlp_forward(params, X[0])


def test_X_wrong_number_of_columns():
    params, X, _ = good()
    with pytest.raises(ValueError, match="n_in = 3"):
        mlp_forward(params, X[:, :2])


def test_X_empty():
    params, _, _ = good()
    with pytest.raises(ValueError, match="at least one example"):
        mlp_forward(params, np.zeros((0, 3)))


def test_X_not_numbers():
    params, _, _ = good()
    with pytest.raises(TypeError, match="X must hold real numbers"):
        mlp_forward(params, np.array([["a", "b", "c"]]))


def test_X_not_finite():
    params, X, _ = good()
    X[1, 1] = np.inf
    with pytest.raises(ValueError, match="X contains NaN or inf"):
        mlp_forward(params, X)


def test_X_not_an_array():
    params, _, _ = good()
    with pytest.raises(TypeError, match="X must be an array"):
        mlp_forward(params, {"x": 1})


def test_y_not_integers():
    params, X, y = good()
    with pytest.raises(TypeError, match="y must hold integer"):
        mlp_loss_and_grads(params, X, y.astype(float))


def test_y_wrong_length():
    params, X, y = good()
    with pytest.raises(ValueError, match="y must have shape"):
        mlp_loss_and_grads(params, X, y[:-1])


def test_y_class_out_of_range():
    params, X, y = good()
    y[0] = 4
    with pytest.raises(ValueError, match=r"classes in \[0, 4\)"):
        mlp_loss(params, X, y)


def test_cross_entropy_logits_one_dimensional():
    with pytest.raises(ValueError, match="logits"):
        cross_entropy(np.zeros(3), np.array([0]))


def test_backward_cache_not_from_forward():
    params, X, _ = good()
    with pytest.raises(TypeError, match="cache"):
        mlp_backward(params, {"X": X}, np.zeros((7, 4)))


def test_backward_dlogits_wrong_shape():
    params, X, _ = good()
    _, cache = mlp_forward(params, X)
    with pytest.raises(ValueError, match="dlogits"):
        mlp_backward(params, cache, np.zeros((7, 3)))
