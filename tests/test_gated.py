"""LSTM and GRU (course_utils.gated): gradient checks, shapes, the cell path, errors."""
import numpy as np
import pytest

from course_utils import gated, gradients, rnn
from course_utils.data import long_range_task
from course_utils.gradients import TOLERANCE, compare_gradients, gated_gradient_norms, gradient_norms
from course_utils.recall import MODELS, train_recall

T, B, D, H, V = 6, 3, 4, 5, 3       # T >= 5: the cell state is carried over several steps

CELLS = {
    "lstm": (gated.init_lstm, gated.lstm_forward, gated.lstm_loss_and_grads, 4),
    "gru": (gated.init_gru, gated.gru_forward, gated.gru_loss_and_grads, 3),
}


def _case(cell, inputs, loss_on, head, seed=1):
    init, _, _, _ = CELLS[cell]
    params = init(D, H, V, seed=seed)
    rng = np.random.default_rng(seed)
    for k in params:      # non-zero biases, so every term of the backward pass is exercised
        params[k] = params[k] + 0.3 * rng.standard_normal(params[k].shape)
    xs = rng.integers(0, D, (T, B)) if inputs == "ids" else rng.standard_normal((T, B, D))
    lead = (B,) if loss_on == "last" else (T, B)
    targets = rng.integers(0, V, lead) if head == "softmax" else rng.standard_normal(lead + (V,))
    h0 = 0.5 * rng.standard_normal((B, H))
    return params, xs, targets, h0


@pytest.mark.parametrize("head", ["softmax", "squared"])
@pytest.mark.parametrize("loss_on", ["all", "last"])
@pytest.mark.parametrize("inputs", ["ids", "floats"])
@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_every_parameter_gradient_checks(cell, inputs, loss_on, head):
    params, xs, targets, h0 = _case(cell, inputs, loss_on, head)
    loss_grads = CELLS[cell][2]
    kw = dict(loss_on=loss_on, head=head)
    _, grads = loss_grads(params, xs, targets, h0, **kw)
    errors = compare_gradients(lambda p: loss_grads(p, xs, targets, h0, **kw)[0], params, grads)
    assert set(errors) == set(rnn.PARAM_NAMES)
    for name, err in errors.items():
        assert err < TOLERANCE, f"{cell} {name}: relative error {err:.2e}"


def test_lstm_gradient_checks_with_a_starting_cell():
    params, xs, targets, h0 = _case("lstm", "floats", "all", "softmax")
    c0 = np.random.default_rng(5).standard_normal((B, H))
    _, grads = gated.lstm_loss_and_grads(params, xs, targets, h0, c0=c0)
    errors = compare_gradients(lambda p: gated.lstm_loss_and_grads(p, xs, targets, h0, c0=c0)[0],
                               params, grads)
    assert max(errors.values()) < TOLERANCE


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_shapes_and_loss_matches_forward(cell):
    init, forward, loss_grads, G = CELLS[cell]
    params = init(D, H, V)
    assert params["W_hx"].shape == (G * H, D) and params["W_hh"].shape == (G * H, H)
    assert params["b_h"].shape == (G * H,) and params["W_s"].shape == (V, H)
    xs = np.random.default_rng(0).integers(0, D, (T, B))
    targets = np.random.default_rng(1).integers(0, V, (T, B))
    hs, probs = forward(params, xs)
    assert hs.shape == (T, B, H) and probs.shape == (T, B, V)
    np.testing.assert_allclose(probs.sum(axis=-1), 1.0)
    picked = np.take_along_axis(probs, targets[..., None], axis=-1)
    loss, grads = loss_grads(params, xs, targets)
    assert loss == pytest.approx(-np.mean(np.log(picked)))
    assert {k: g.shape for k, g in grads.items()} == {k: p.shape for k, p in params.items()}


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_token_ids_equal_one_hot_rows(cell):
    init, forward, _, _ = CELLS[cell]
    params = init(D, H, V)
    ids = np.random.default_rng(0).integers(0, D, (T, B))
    np.testing.assert_allclose(forward(params, ids)[0], forward(params, np.eye(D)[ids])[0])


def test_init_lstm_forget_bias_and_orthogonal_blocks():
    params = gated.init_lstm(D, H, V, weight_scale=0.7, forget_bias=3.0)
    b = params["b_h"]
    np.testing.assert_array_equal(b[H:2 * H], 3.0)
    np.testing.assert_array_equal(np.delete(b, np.s_[H:2 * H]), 0.0)
    for k in range(4):
        block = params["W_hh"][k * H:(k + 1) * H]
        np.testing.assert_allclose(np.linalg.svd(block, compute_uv=False), 0.7)
    assert gated.init_lstm(D, H, V)["b_h"][H] == 1.0      # the common default


def test_init_gru_update_bias():
    b = gated.init_gru(D, H, V, update_bias=2.0)["b_h"]
    np.testing.assert_array_equal(b[:H], 2.0)
    np.testing.assert_array_equal(b[H:], 0.0)
    assert not gated.init_gru(D, H, V)["b_h"].any()


def test_update_bias_lets_the_gru_gradient_survive():
    far = {ub: gated_gradient_norms("gru", 60, 1.0, update_bias=ub)[0] for ub in (0.0, 3.0)}
    assert far[0.0] < 1e-6 * far[3.0]


def test_init_is_deterministic_and_scale_only_scales():
    a = gated.init_gru(D, H, V, weight_scale=1.0, seed=3)
    b = gated.init_gru(D, H, V, weight_scale=2.0, seed=3)
    np.testing.assert_allclose(2.0 * a["W_hh"], b["W_hh"])
    np.testing.assert_array_equal(a["W_hx"], b["W_hx"])


def test_lstm_cell_keeps_its_content_when_forget_gate_open_and_input_gate_shut():
    params = gated.init_lstm(D, H, V)
    params["b_h"][:H] = -50.0           # i = 0: nothing written
    params["b_h"][H:2 * H] = 50.0       # f = 1: everything kept
    params["b_h"][2 * H:3 * H] = 50.0   # o = 1: h = tanh(c)
    c0 = np.full((B, H), 0.4)
    hs, _ = gated.lstm_forward(params, np.zeros((20, B, D)), c0=c0)
    np.testing.assert_allclose(hs, np.tanh(0.4))


def test_gru_keeps_its_state_when_update_gate_is_one():
    params = gated.init_gru(D, H, V)
    params["b_h"][:H] = 50.0            # z = 1: h_t = h_{t-1}
    h0 = np.random.default_rng(0).standard_normal((B, H))
    hs, _ = gated.gru_forward(params, np.random.default_rng(1).standard_normal((20, B, D)), h0)
    np.testing.assert_allclose(hs, np.broadcast_to(h0, hs.shape))


# ---------------------------------------------------------------- gradient norms through time

@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_gated_gradient_norms_match_central_differences(cell):
    """||dL/dh_k|| of the gated probe against a numerical gradient: nudge h_k alone (c_k held),
    run the cell on to step T, read L = r . h_T. Independent of the backward pass it checks."""
    T, H, scale, seed, eps = 6, 4, 0.8, 2, 1e-6
    norms = gated_gradient_norms(cell, T, scale, n_hidden=H, input_scale=0.5, seed=seed)
    init = gated.init_lstm if cell == "lstm" else gated.init_gru
    params = init(H, H, 1, weight_scale=scale, seed=seed)            # the probe's cell, rebuilt
    _, r = gradients._probe(H, seed)          # private: the probe's read-out r, to rebuild its loss
    xs = 0.5 * gradients.probe_inputs(T, H, seed)[:, None, :]        # (T, 1, H)
    hs, cache = gated.gated_forward(cell, params, xs)
    cs = cache.steps[1] if cell == "lstm" else hs                     # c_1..c_T (unused for a GRU)

    def loss_after(k, h_k):
        """L when h_k is replaced by h_k (c_k kept), the cell run on from step k + 1."""
        if k == T:
            return float(r @ h_k[0])
        rest, _ = gated.gated_forward(cell, params, xs[k:], h_k, cs[k - 1] if cell == "lstm" else None)
        return float(r @ rest[-1, 0])

    numeric = []
    for k in range(1, T + 1):
        g = np.zeros(H)
        for i in range(H):
            step = np.zeros((1, H))
            step[0, i] = eps
            g[i] = (loss_after(k, hs[k - 1] + step) - loss_after(k, hs[k - 1] - step)) / (2 * eps)
        numeric.append(np.linalg.norm(g))
    np.testing.assert_allclose(norms, numeric, rtol=1e-6)
    assert norms[-1] == pytest.approx(1.0)            # dL/dh_T = r, a unit vector
    np.testing.assert_array_equal(norms, gradient_norms(T, scale, n_hidden=H, input_scale=0.5,
                                                        cell=cell, seed=seed))


def test_forget_bias_lets_the_lstm_gradient_survive():
    far = {fb: gated_gradient_norms("lstm", 60, 1.0, forget_bias=fb)[0] for fb in (0.0, 1.0, 3.0)}
    assert far[0.0] < 1e-6 * far[1.0] and far[1.0] < 1e-3 * far[3.0]
    vanilla = gradient_norms(60, 1.0)[0]
    assert far[3.0] > 1e6 * vanilla


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_gated_gradient_norms_huge_scale_gives_no_warnings_and_no_nan(cell):
    # the gates saturate, so the norms stay in range; pytest turns any RuntimeWarning into an error
    norms = gated_gradient_norms(cell, 200, 1e300, input_scale=1e-3)
    assert not np.isnan(norms).any() and np.all(norms >= 0)
    assert norms[-1] == pytest.approx(1.0)


# ---------------------------------------------------------------- the recall task

@pytest.mark.parametrize("model", ["lstm", "gru"])
def test_recall_with_gated_cells_learns_a_short_task(model):
    params, hist, acc = train_recall(3, model=model, n_hidden=8, steps=60, batch=32)
    assert acc == 1.0                                     # chance is 0.25
    assert hist.train_loss[-1] < 0.1 * hist.train_loss[0]
    xs, ys = long_range_task(1000, 3, seed=12345)         # recall_accuracy's fresh sequences
    _, probs = MODELS[model][2](params, xs)
    assert acc == np.mean(np.argmax(probs[-1], axis=-1) == ys)


# ---------------------------------------------------------------- bad input

def _good():
    params = gated.init_lstm(D, H, V)
    xs = np.zeros((T, B), dtype=np.int64)
    targets = np.zeros((T, B), dtype=np.int64)
    return params, xs, targets


BAD_LOSS_CALLS = {
    "params_not_dict": (TypeError, "params", lambda p, x, y: gated.lstm_loss_and_grads([1], x, y)),
    "params_missing_key": (ValueError, "W_hh",
                           lambda p, x, y: gated.lstm_loss_and_grads({k: v for k, v in p.items() if k != "W_hh"}, x, y)),
    "gru_params_into_lstm": (ValueError, "W_hh",
                             lambda p, x, y: gated.lstm_loss_and_grads(gated.init_gru(D, H, V), x, y)),
    "vanilla_params_into_gru": (ValueError, "W_hh",
                                lambda p, x, y: gated.gru_loss_and_grads(rnn.init_params(D, H, V), x, y)),
    "param_nan": (ValueError, "b_s", lambda p, x, y: gated.lstm_loss_and_grads({**p, "b_s": np.full(V, np.nan)}, x, y)),
    "xs_wrong_ndim": (ValueError, "xs", lambda p, x, y: gated.lstm_loss_and_grads(p, x[0], y)),
    "xs_float_ids": (TypeError, "xs", lambda p, x, y: gated.lstm_loss_and_grads(p, x.astype(float), y)),
    "xs_id_out_of_range": (ValueError, "xs", lambda p, x, y: gated.lstm_loss_and_grads(p, x + D, y)),
    "xs_wrong_width": (ValueError, "xs",
                       lambda p, x, y: gated.lstm_loss_and_grads(p, np.zeros((T, B, D + 1)), y)),
    "h0_from_H_only": (ValueError, "h0", lambda p, x, y: gated.lstm_loss_and_grads(p, x, y, np.zeros(H))),
    "c0_wrong_shape": (ValueError, "c0", lambda p, x, y: gated.lstm_loss_and_grads(p, x, y, c0=np.zeros((B + 1, H)))),
    "c0_nan": (ValueError, "c0", lambda p, x, y: gated.lstm_loss_and_grads(p, x, y, c0=np.full((B, H), np.nan))),
    "targets_out_of_range": (ValueError, "targets", lambda p, x, y: gated.lstm_loss_and_grads(p, x, y + V)),
    "targets_wrong_shape": (ValueError, "targets", lambda p, x, y: gated.lstm_loss_and_grads(p, x, y[0])),
    "loss_on_unknown": (ValueError, "loss_on", lambda p, x, y: gated.lstm_loss_and_grads(p, x, y, loss_on="first")),
    "head_unknown": (ValueError, "head", lambda p, x, y: gated.gru_forward(gated.init_gru(D, H, V), x, head="relu")),
}


@pytest.mark.parametrize("case", sorted(BAD_LOSS_CALLS))
def test_bad_input_names_the_argument(case):
    error, name, call = BAD_LOSS_CALLS[case]
    with pytest.raises(error, match=name):
        call(*_good())


BAD_OTHER_CALLS = {
    "init_n_hidden_zero": (ValueError, "n_hidden", lambda: gated.init_lstm(D, 0, V)),
    "init_n_in_float": (TypeError, "n_in", lambda: gated.init_gru(2.5, H, V)),
    "init_weight_scale_negative": (ValueError, "weight_scale", lambda: gated.init_gru(D, H, V, weight_scale=-1)),
    "init_forget_bias_text": (TypeError, "forget_bias", lambda: gated.init_lstm(D, H, V, forget_bias="1")),
    "init_forget_bias_nan": (ValueError, "forget_bias", lambda: gated.init_lstm(D, H, V, forget_bias=np.nan)),
    "init_update_bias_text": (TypeError, "update_bias", lambda: gated.init_gru(D, H, V, update_bias=None)),
    "init_seed_negative": (ValueError, "seed", lambda: gated.init_lstm(D, H, V, seed=-1)),
    "norms_cell_unknown": (ValueError, "cell", lambda: gated_gradient_norms("vanilla", 5, 1.0)),
    "norms_seq_len_zero": (ValueError, "seq_len", lambda: gated_gradient_norms("gru", 0, 1.0)),
    "norms_weight_scale_zero": (ValueError, "weight_scale", lambda: gated_gradient_norms("gru", 5, 0.0)),
    "norms_input_scale_text": (TypeError, "input_scale",
                               lambda: gated_gradient_norms("lstm", 5, 1.0, input_scale="big")),
}


@pytest.mark.parametrize("case", sorted(BAD_OTHER_CALLS))
def test_bad_arguments_name_themselves(case):
    error, name, call = BAD_OTHER_CALLS[case]
    with pytest.raises(error, match=name):
        call()
