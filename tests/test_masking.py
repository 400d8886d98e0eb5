"""Padded batches with a mask give exactly what each sequence gives alone (lesson 05, criterion 1).

Many-to-many: the padded loss is the token-weighted mean of the per-sequence losses,
sum_b T_b J_b / sum_b T_b, and so are the gradients. Many-to-one (loss_on="last"): the plain mean
over sequences. Both with the padding on the right or on the left.
"""
import numpy as np
import pytest

from course_utils import rnn
from course_utils.data import pad_sequences
from course_utils.gradients import TOLERANCE, compare_gradients

D, H, V = 5, 6, 4
LENGTHS = np.array([3, 7, 1, 5])


def make_case(seed=0):
    rng = np.random.default_rng(seed)
    params = rnn.init_params(D, H, V, weight_scale=0.9, seed=seed)
    params["b_h"] = 0.1 * rng.standard_normal(H)
    params["b_s"] = 0.1 * rng.standard_normal(V)
    seqs = [rng.integers(0, D, size=n) for n in LENGTHS]
    step_targets = [rng.integers(0, V, size=n) for n in LENGTHS]
    labels = rng.integers(0, V, size=LENGTHS.size)
    return params, seqs, step_targets, labels


def weighted(runs, weights):
    loss = sum(w * l for w, (l, _) in zip(weights, runs))
    grads = {k: sum(w * g[k] for w, (_, g) in zip(weights, runs)) for k in rnn.PARAM_NAMES}
    return loss, grads


def assert_same(a, b):
    (loss_a, grads_a), (loss_b, grads_b) = a, b
    assert loss_a == pytest.approx(loss_b, rel=1e-12, abs=1e-12)
    for k in rnn.PARAM_NAMES:
        np.testing.assert_allclose(grads_a[k], grads_b[k], rtol=1e-10, atol=1e-12, err_msg=k)


@pytest.mark.parametrize("side", ["right", "left"])
def test_many_to_many_padded_equals_alone_token_weighted(side):
    params, seqs, targets, _ = make_case()
    ids, mask = pad_sequences(seqs, side=side)
    tgt, _ = pad_sequences(targets, side=side)
    padded = rnn.loss_and_grads(params, ids, tgt, mask=mask)
    alone = [rnn.loss_and_grads(params, s[:, None], y[:, None]) for s, y in zip(seqs, targets)]
    assert_same(padded, weighted(alone, LENGTHS / LENGTHS.sum()))


@pytest.mark.parametrize("side", ["right", "left"])
def test_many_to_one_padded_equals_alone(side):
    params, seqs, _, labels = make_case(1)
    ids, mask = pad_sequences(seqs, side=side)
    padded = rnn.loss_and_grads(params, ids, labels, mask=mask, loss_on="last")
    alone = [rnn.loss_and_grads(params, s[:, None], np.array([y]), loss_on="last")
             for s, y in zip(seqs, labels)]
    assert_same(padded, weighted(alone, np.full(LENGTHS.size, 1 / LENGTHS.size)))


@pytest.mark.parametrize("side", ["right", "left"])
def test_many_to_many_squared_head_padded_equals_alone(side):
    rng = np.random.default_rng(2)
    params, _, _, _ = make_case(2)
    seqs = [rng.standard_normal((n, D)) for n in LENGTHS]
    targets = [rng.standard_normal((n, V)) for n in LENGTHS]
    T = LENGTHS.max()
    xs, ys, mask = np.zeros((T, LENGTHS.size, D)), np.zeros((T, LENGTHS.size, V)), np.zeros((T, LENGTHS.size))
    for b, (x, y) in enumerate(zip(seqs, targets)):
        rows = slice(0, len(x)) if side == "right" else slice(T - len(x), T)
        xs[rows, b], ys[rows, b], mask[rows, b] = x, y, 1
    padded = rnn.loss_and_grads(params, xs, ys, mask=mask, head="squared")
    alone = [rnn.loss_and_grads(params, x[:, None], y[:, None], head="squared") for x, y in zip(seqs, targets)]
    assert_same(padded, weighted(alone, LENGTHS / LENGTHS.sum()))


def test_hidden_state_after_padding_is_the_state_after_the_last_word():
    params, seqs, _, _ = make_case(3)
    for side in ("right", "left"):
        ids, mask = pad_sequences(seqs, side=side)
        hs, _ = rnn.forward(params, ids, mask=mask)
        for b, s in enumerate(seqs):
            hs_alone, _ = rnn.forward(params, s[:, None])
            np.testing.assert_allclose(hs[-1, b], hs_alone[-1, 0], rtol=1e-12, atol=1e-14)


def test_without_mask_padding_changes_the_answer():
    # the test above has power: padding read as data gives another loss
    params, seqs, targets, labels = make_case()
    ids, mask = pad_sequences(seqs, side="right")
    with_mask = rnn.loss_and_grads(params, ids, labels, mask=mask, loss_on="last")[0]
    without = rnn.loss_and_grads(params, ids, labels, loss_on="last")[0]
    assert abs(with_mask - without) > 1e-3


@pytest.mark.parametrize("side", ["right", "left"])
def test_masked_many_to_one_gradients_match_central_differences(side):
    params, seqs, _, labels = make_case(4)
    ids, mask = pad_sequences(seqs, side=side)
    f = lambda p: rnn.loss_and_grads(p, ids, labels, mask=mask, loss_on="last")[0]   # noqa: E731
    _, grads = rnn.loss_and_grads(params, ids, labels, mask=mask, loss_on="last")
    errors = compare_gradients(f, params, grads)
    assert all(e < TOLERANCE for e in errors.values()), errors
