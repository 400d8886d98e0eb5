"""One gated step on its own (course_utils.gated_step) and the probe taken apart (gradients.gated_flow):
the step is the library's sequence code at T = 1, the Jacobian is the step's central differences, its
split is by route, and the product of the Jacobians is gated_gradient_norms' probe."""
import numpy as np
import pytest

from course_utils import gated, gated_step
from course_utils.gradients import gated_flow, gated_gradient_norms, per_step_factor

D, H, B = 3, 4, 5


def _lstm(seed=1):
    params = gated.init_lstm(D, H, 2, seed=seed)
    params["b_h"] = params["b_h"] + 0.4 * np.random.default_rng(seed).standard_normal(4 * H)
    return params


def _gru(seed=1):
    params = gated.init_gru(D, H, 2, seed=seed)
    params["b_h"] = params["b_h"] + 0.4 * np.random.default_rng(seed).standard_normal(3 * H)
    return params


def _state(seed=2, rows=()):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(rows + (D,)), np.tanh(rng.standard_normal(rows + (H,))),
            rng.standard_normal(rows + (H,)))


@pytest.mark.parametrize("rows", [(), (B,)])
def test_lstm_step_is_the_first_step_of_lstm_forward(rows):
    params, (x, h, c) = _lstm(), _state(rows=rows)
    step = gated_step.lstm_step(params, x, h, c)
    hs, _ = gated.lstm_forward(params, np.reshape(x, (1, -1, D)), np.reshape(h, (-1, H)),
                               c0=np.reshape(c, (-1, H)))
    assert np.allclose(np.reshape(step["h"], (-1, H)), hs[0], rtol=1e-13, atol=0)
    assert step["c"].shape == step["f"].shape == np.shape(h)
    assert np.allclose(step["c"], step["f"] * c + step["i"] * step["g"])
    assert np.all((step["f"] > 0) & (step["f"] < 1)) and np.all(np.abs(step["g"]) < 1)


@pytest.mark.parametrize("rows", [(), (B,)])
def test_gru_step_is_the_first_step_of_gru_forward(rows):
    params, (x, h, _) = _gru(), _state(rows=rows)
    step = gated_step.gru_step(params, x, h)
    hs, _ = gated.gru_forward(params, np.reshape(x, (1, -1, D)), np.reshape(h, (-1, H)))
    assert np.allclose(np.reshape(step["h"], (-1, H)), hs[0], rtol=1e-13, atol=0)
    assert np.allclose(step["h"], step["z"] * h + (1 - step["z"]) * step["n"])


def _central_differences(f, s, eps=1e-6):
    return np.stack([(f(s + e) - f(s - e)) / (2 * eps) for e in np.eye(s.size) * eps], axis=1)


def test_lstm_jacobian_is_exact_and_split_by_route():
    params, (x, h, c) = _lstm(), _state()

    def state_after(s):            # s = (c_{t-1}, h_{t-1}) -> (c_t, h_t)
        out = gated_step.lstm_step(params, x, s[H:], s[:H])
        return np.concatenate([out["c"], out["h"]])

    keep, rest = gated_step.lstm_step_jacobian(params, x, h, c)
    numeric = _central_differences(state_after, np.concatenate([c, h]))
    assert np.linalg.norm(keep + rest - numeric) / np.linalg.norm(numeric) < 1e-8
    f = gated_step.lstm_step(params, x, h, c)["f"]
    assert np.array_equal(keep[:H, :H], np.diag(f))                   # dc_t/dc_{t-1} = diag(f_t)
    assert not keep[:, H:].any() and not rest[:, :H].any()            # columns of c_{t-1} | of h_{t-1}


def test_gru_jacobian_is_exact_and_split_by_route():
    params, (x, h, _) = _gru(), _state()
    keep, rest = gated_step.gru_step_jacobian(params, x, h)
    numeric = _central_differences(lambda s: gated_step.gru_step(params, x, s)["h"], h)
    assert np.linalg.norm(keep + rest - numeric) / np.linalg.norm(numeric) < 1e-8
    assert np.array_equal(keep, np.diag(gated_step.gru_step(params, x, h)["z"]))


@pytest.mark.parametrize("cell, bias", [("lstm", {"forget_bias": 0.0}), ("lstm", {"forget_bias": 3.0}),
                                        ("gru", {"update_bias": 0.0}), ("gru", {"update_bias": 3.0})])
def test_the_product_of_the_jacobians_is_the_probe(cell, bias):
    kw = dict(cell=cell, seq_len=40, weight_scale=0.5, n_hidden=8, input_scale=0.1, seed=3, **bias)
    flow = gated_flow(**kw)
    probe = gated_gradient_norms(**kw)
    assert np.allclose(flow["norms"], probe, rtol=1e-12, atol=0)
    S = 16 if cell == "lstm" else 8
    assert flow["keep"].shape == flow["rest"].shape == (40, S, S) and flow["gate"].shape == (40, 8)


def test_the_keeping_path_alone_is_the_product_of_the_gates():
    """With one unit everything is a number: the keeping path alone multiplies by z_t at each step."""
    flow = gated_flow("gru", 30, 0.5, n_hidden=1, input_scale=0.1, update_bias=1.0)
    z, kept = flow["gate"][:, 0], flow["keeping_path"]
    assert kept[-1] == pytest.approx(1.0)                    # from dL/dh_T = r, a unit vector
    for k in range(30):                                      # back to step k + 1: z_{k+2} ... z_T
        assert kept[k] == pytest.approx(np.prod(z[k + 1:]), rel=1e-12)
    assert 0.7 < per_step_factor(kept) < 0.76                # a gate near sigmoid(1) = 0.73


def test_the_other_routes_add_to_the_keeping_path():
    """Lesson 07's table: at forget bias 0 the gate equals the vanilla lambda_1 (0.5), yet the
    LSTM's gradient shrinks by about 0.61 per step, not 0.5: the routes through W_hh add."""
    flow = gated_flow("lstm", 100, 0.5, input_scale=0.1, forget_bias=0.0)
    keep, full = per_step_factor(flow["keeping_path"]), per_step_factor(flow["norms"])
    assert keep == pytest.approx(0.5, abs=0.01) and full == pytest.approx(0.61, abs=0.01)


def test_per_step_factor():
    assert per_step_factor([0.125, 0.25, 0.5, 1.0]) == pytest.approx(0.125 ** (1 / 3))
    assert per_step_factor(np.array([4.0, 2.0, 1.0])) == pytest.approx(2.0)


@pytest.mark.parametrize("call, error, match", [
    (lambda: gated_step.lstm_step(_lstm(), np.zeros(D + 1), np.zeros(H), np.zeros(H)), ValueError, "x must have 3"),
    (lambda: gated_step.lstm_step(_lstm(), np.zeros((2, D)), np.zeros((3, H)), np.zeros((3, H))),
     ValueError, "h_prev has shape"),
    (lambda: gated_step.lstm_step(_gru(), np.zeros(D), np.zeros(H), np.zeros(H)), ValueError, "LSTM"),
    (lambda: gated_step.gru_step(_gru(), np.zeros(D), np.full(H, np.nan)), ValueError, "h_prev contains NaN"),
    (lambda: gated_step.gru_step(_gru(), {"x": 1}, np.zeros(H)), TypeError, "x must be an array"),
    (lambda: gated_step.lstm_step_jacobian(_lstm(), np.zeros((2, D)), np.zeros((2, H)), np.zeros((2, H))),
     ValueError, "one vector"),
    (lambda: gated_step.gru_step_jacobian(_gru(), np.zeros(D), np.zeros((1, H))), ValueError, "one vector"),
    (lambda: gated_flow("rnn", 5, 0.5), ValueError, "cell must be one of"),
    (lambda: per_step_factor([1.0]), ValueError, "at least 2"),
    (lambda: per_step_factor([0.0, 1.0]), ValueError, "positive"),
])
def test_bad_input_names_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()
