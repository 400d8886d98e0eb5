"""The update rules of train.py: one step of each matches its equation written out by hand, the
optimiser classes apply the rule to every array of a model and keep its memory, and a bad argument
gets an error naming it."""
import numpy as np
import pytest

from course_utils.train import (SGD, Adagrad, Adam, Momentum, RMSProp, adagrad_update, adam_update,
                                momentum_update, rmsprop_update, sgd_update)

THETA = np.array([[1.0, -2.0], [0.5, 0.0]])
G = np.array([[0.5, -1.0], [0.0, 2.0]])
MEM = np.array([[0.2, 0.1], [-0.3, 0.4]])      # a velocity or first moment
SQ = np.array([[0.5, 0.25], [1.0, 0.04]])      # a sum or average of squares (>= 0)


def test_sgd_step_by_hand():
    assert np.allclose(sgd_update(THETA, G, 0.1), [[0.95, -1.9], [0.5, -0.2]])


def test_momentum_step_by_hand():
    theta, v = momentum_update(THETA, G, MEM, 0.1, beta=0.9)
    assert np.allclose(v, [[0.18 + 0.5, 0.09 - 1.0], [-0.27, 0.36 + 2.0]])
    assert np.allclose(theta, THETA - 0.1 * v)


def test_adagrad_step_by_hand():
    theta, G_new = adagrad_update(THETA, G, SQ, 0.1, eps=0.0 + 1e-12)
    assert np.allclose(G_new, [[0.75, 1.25], [1.0, 4.04]])
    assert np.allclose(theta[0, 0], 1.0 - 0.1 * 0.5 / np.sqrt(0.75))
    assert np.allclose(theta[1, 1], 0.0 - 0.1 * 2.0 / np.sqrt(4.04))


def test_rmsprop_step_by_hand():
    theta, s = rmsprop_update(THETA, G, SQ, 0.1, beta=0.9, eps=1e-8)
    assert np.allclose(s[0, 1], 0.9 * 0.25 + 0.1 * 1.0)
    assert np.allclose(theta[0, 1], -2.0 - 0.1 * -1.0 / (np.sqrt(0.325) + 1e-8))


def test_adam_step_by_hand():
    theta, m, v = adam_update(THETA, G, MEM, SQ, 3, 0.01, beta1=0.9, beta2=0.999, eps=1e-8)
    m00, v00 = 0.9 * 0.2 + 0.1 * 0.5, 0.999 * 0.5 + 0.001 * 0.25
    assert np.isclose(m[0, 0], m00) and np.isclose(v[0, 0], v00)
    m_hat, v_hat = m00 / (1 - 0.9 ** 3), v00 / (1 - 0.999 ** 3)
    assert np.isclose(theta[0, 0], 1.0 - 0.01 * m_hat / (np.sqrt(v_hat) + 1e-8))


def test_adam_first_step_moves_every_entry_by_lr():
    """With the bias correction, step 1 is lr * sign(g) (up to eps), whatever the gradient's size."""
    g = np.array([1e3, -1e-3, 0.5])
    theta, _, _ = adam_update(np.zeros(3), g, np.zeros(3), np.zeros(3), 1, 0.1)
    assert np.allclose(theta, -0.1 * np.sign(g), rtol=1e-4)


def test_rules_leave_their_inputs_alone():
    theta, g, m, v = THETA.copy(), G.copy(), MEM.copy(), SQ.copy()
    adam_update(theta, g, m, v, 1, 0.1)
    momentum_update(theta, g, m, 0.1)
    assert np.array_equal(theta, THETA) and np.array_equal(m, MEM) and np.array_equal(v, SQ)


@pytest.mark.parametrize("make, rule", [
    (lambda: SGD(lr=0.1), lambda th, g, st: (sgd_update(th, g, 0.1),)),
    (lambda: Momentum(lr=0.1, beta=0.8), lambda th, g, st: momentum_update(th, g, *st, 0.1, 0.8)),
    (lambda: Adagrad(lr=0.1), lambda th, g, st: adagrad_update(th, g, *st, 0.1)),
    (lambda: RMSProp(lr=0.1, beta=0.8), lambda th, g, st: rmsprop_update(th, g, *st, 0.1, 0.8)),
])
def test_optimiser_applies_its_rule_to_every_array_and_keeps_the_memory(make, rule):
    rng = np.random.default_rng(0)
    params = {"a": rng.standard_normal((2, 3)), "b": rng.standard_normal(3)}
    expected = {k: v.copy() for k, v in params.items()}
    memory = {k: (np.zeros_like(v),) for k, v in params.items()}
    opt, same_array = make(), params["a"]
    for _ in range(3):
        grads = {k: np.sin(3 * v) for k, v in params.items()}
        opt.step(params, grads)
        for k in expected:
            out = rule(expected[k], np.sin(3 * expected[k]), memory[k])
            expected[k], memory[k] = out[0], tuple(out[1:])
    assert all(np.array_equal(params[k], expected[k]) for k in params)
    assert params["a"] is same_array            # updated in place: references stay valid


def test_adam_class_counts_steps_for_the_bias_correction():
    params, grads = {"w": np.array([1.0, -1.0])}, {"w": np.array([0.3, -2.0])}
    opt = Adam(lr=0.1)
    opt.step(params, grads)
    assert opt.t == 1 and np.allclose(params["w"], [0.9, -0.9])
    theta, m, v = adam_update(params["w"].copy(), grads["w"], opt.m["w"], opt.v["w"], 2, 0.1)
    opt.step(params, grads)
    assert opt.t == 2 and np.array_equal(params["w"], theta)


def test_adam_class_updates_in_place_bit_for_bit_as_the_rule():
    # Adam.step does adam_update's arithmetic in place (speed): every bit must agree
    rng = np.random.default_rng(1)
    params = {"a": rng.standard_normal((4, 3)), "b": rng.standard_normal(5)}
    expected = {k: (v.copy(), np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    opt, same_array = Adam(lr=0.03, beta1=0.8, beta2=0.99, eps=1e-6), params["a"]
    for t in range(1, 8):
        grads = {k: np.sin(3 * v) * 10.0 ** rng.integers(-3, 3) for k, v in params.items()}
        for k, (theta, m, v) in expected.items():
            expected[k] = adam_update(theta, grads[k], m, v, t, 0.03, 0.8, 0.99, 1e-6)
        opt.step(params, grads)
        for k in params:
            assert np.array_equal(params[k], expected[k][0])
            assert np.array_equal(opt.m[k], expected[k][1]) and np.array_equal(opt.v[k], expected[k][2])
    assert params["a"] is same_array


@pytest.mark.parametrize("call, error, message", [
    (lambda: sgd_update(THETA, G, -0.1), ValueError, "lr must be a finite number > 0, got -0.1"),
    (lambda: sgd_update(THETA, G, "0.1"), TypeError, "lr must be a real number"),
    (lambda: sgd_update(THETA, G[0], 0.1), ValueError, "g has shape"),
    (lambda: sgd_update([1.0, 2.0], G, 0.1), TypeError, "theta must be a NumPy array"),
    (lambda: momentum_update(THETA, G, MEM, 0.1, beta=1.0), ValueError, r"beta must be a finite number in \[0, 1\)"),
    (lambda: momentum_update(THETA, G, MEM[0], 0.1), ValueError, "v has shape"),
    (lambda: adagrad_update(THETA, G, SQ, 0.1, eps=0), ValueError, "eps must be a finite number > 0"),
    (lambda: rmsprop_update(THETA, G, SQ, 0.1, beta=-0.1), ValueError, "beta must be"),
    (lambda: adam_update(THETA, G, MEM, SQ, 0, 0.1), ValueError, "t must be an integer >= 1, got 0"),
    (lambda: adam_update(THETA, G, MEM, SQ, 1.0, 0.1), TypeError, "t must be an integer"),
    (lambda: adam_update(THETA, G, MEM, SQ, 1, 0.1, beta2=1.5), ValueError, "beta2 must be"),
    (lambda: adam_update(THETA, G, MEM, None, 1, 0.1), TypeError, "v must be a NumPy array"),
    (lambda: Momentum(lr=0.1, beta=float("nan")), ValueError, "beta must be a finite number"),
    (lambda: RMSProp(lr=0), ValueError, "lr must be a finite number > 0"),
    (lambda: Momentum().step({"w": np.ones(2)}, {"v": np.ones(2)}), ValueError, "grads must have the same keys"),
])
def test_bad_arguments_raise_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
