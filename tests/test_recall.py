"""The recall task's gradient measurement (lessons 05-07): recall_gradient_ratio against an
independent computation, its record during training, and how lessons print it."""
import numpy as np
import pytest

from course_utils import gated, rnn
from course_utils.data import long_range_task
from course_utils.gradients import numerical_gradient
from course_utils.recall import RATIO_SEED, power_of_ten, recall_gradient_ratio, train_recall

T, K, H = 6, 4, 5


def numeric_ratio(params, xs, ys):
    """||dL/dh_1|| / ||dL/dh_T|| of ONE sequence, without the library's backward pass:
    dL/dh_1 is the gradient with respect to h0 of the same network run from h_1 on xs[1:]
    (central differences), dL/dh_T = W_s^T (p - y) from the softmax at step T."""
    hs, probs = rnn.forward(params, xs)
    shifted = {"h0": hs[0].copy()}

    def loss(p):
        return rnn.loss_and_grads(params, xs[1:], ys, h0=p["h0"], loss_on="last")[0]

    d_first = numerical_gradient(loss, shifted, "h0", eps=1e-6)
    err = probs[-1, 0].copy()
    err[ys[0]] -= 1.0
    d_last = params["W_s"].T @ err
    return np.linalg.norm(d_first) / np.linalg.norm(d_last)


@pytest.mark.parametrize("distractors", [False, True])
def test_ratio_is_the_geometric_mean_of_each_sequences_ratio(distractors):
    params = rnn.init_params(K + 1, H, K, weight_scale=1.3, seed=4)
    xs, ys = long_range_task(3, T, n_classes=K, distractors=distractors, seed=9)
    each = [numeric_ratio(params, xs[:, b:b + 1], ys[b:b + 1]) for b in range(3)]
    got = recall_gradient_ratio("rnn", params, T, n_classes=K, distractors=distractors, n_test=3, seed=9)
    assert got == pytest.approx(np.exp(np.mean(np.log(each))), rel=1e-6)


def test_ratio_shrinks_with_length_for_a_small_weight_scale():
    params = rnn.init_params(K + 1, 16, K, weight_scale=0.5, seed=0)
    ratios = [recall_gradient_ratio("rnn", params, t) for t in (2, 5, 10, 20)]
    assert all(a > b for a, b in zip(ratios, ratios[1:])) and ratios[-1] < 0.5 ** 18


@pytest.mark.parametrize("model, init", [("lstm", gated.init_lstm), ("gru", gated.init_gru)])
def test_ratio_of_gated_cells_is_a_positive_number(model, init):
    params = init(K + 1, 8, K, seed=1)
    r = recall_gradient_ratio(model, params, 10, n_test=20)
    assert np.isfinite(r) and r > 0


def test_ratio_default_sequences_are_fixed():
    params = rnn.init_params(K + 1, 8, K, seed=1)
    assert recall_gradient_ratio("rnn", params, 8) == recall_gradient_ratio("rnn", params, 8, seed=RATIO_SEED)
    assert recall_gradient_ratio("rnn", params, 8) != recall_gradient_ratio("rnn", params, 8, seed=1)


def test_train_recall_records_the_ratio_without_changing_training():
    plain_params, plain_hist, plain_acc = train_recall(5, n_hidden=8, steps=12, batch=8, seed=3)
    start = rnn.init_params(K + 1, 8, K, seed=3)
    params, hist, acc = train_recall(5, n_hidden=8, steps=12, batch=8, seed=3, ratio_every=5)
    for k in params:
        np.testing.assert_array_equal(params[k], plain_params[k])
    assert acc == plain_acc and plain_hist.ratio_steps == [] and plain_hist.gradient_ratio == []
    assert hist.ratio_steps == [0, 5, 10, 12]
    assert hist.gradient_ratio[0] == recall_gradient_ratio("rnn", start, 5)
    assert hist.gradient_ratio[-1] == recall_gradient_ratio("rnn", params, 5)


def test_train_recall_records_for_gated_cells_too():
    _, hist, _ = train_recall(4, model="gru", n_hidden=6, steps=4, batch=4, ratio_every=2)
    assert hist.ratio_steps == [0, 2, 4] and all(r > 0 for r in hist.gradient_ratio)


@pytest.mark.parametrize("x, text", [(3.6e-7, "10⁻⁶"), (1.8, "10⁰"), (0.31, "10⁻¹"), (0.32, "10⁰"),
                                     (12.0, "10¹"), (7.9e-28, "10⁻²⁷"), (0.0, "0")])
def test_power_of_ten(x, text):
    assert power_of_ten(x) == text


@pytest.mark.parametrize("call, error, match", [
    (lambda: power_of_ten(-1e-3), ValueError, "x must be a finite number >= 0, got -0.001"),
    (lambda: power_of_ten("1e-3"), TypeError, "x must be a real number"),
    (lambda: recall_gradient_ratio("rnn", rnn.init_params(5, 3, 4), 1), ValueError, "seq_len must be an integer >= 2"),
    (lambda: recall_gradient_ratio("vanilla", rnn.init_params(5, 3, 4), 4), ValueError, "model must be one of"),
    (lambda: train_recall(3, steps=2, ratio_every=0), ValueError, "ratio_every must be an integer >= 1"),
    (lambda: train_recall(1, steps=2, ratio_every=1), ValueError, "ratio_every needs seq_len >= 2"),
])
def test_bad_input_names_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()
