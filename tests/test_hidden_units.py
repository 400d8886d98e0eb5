"""Reading a text with the RNN, and the search for units that track a property."""
import numpy as np
import pytest

from course_utils import rnn
from course_utils.charmodel import text_loss
from course_utils.hidden_units import best_units, char_baseline_r, read_text, unit_correlations


@pytest.fixture(scope="module")
def model_and_text():
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 7, size=203)
    return rnn.init_params(7, 10, 7, seed=1), ids


def test_a_planted_unit_is_found():
    rng = np.random.default_rng(0)
    N, H = 3000, 20
    prop = (rng.random(N) < 0.3).astype(float)
    depth = rng.integers(0, 4, size=N).astype(float)
    hs = rng.uniform(-1, 1, size=(N, H))
    hs[:, 7] = np.tanh(2 * prop - 1) + 0.3 * rng.standard_normal(N)    # tracks prop
    hs[:, 3] = -0.2 * depth + 0.1 * rng.standard_normal(N)              # tracks depth, sign -
    r = unit_correlations(hs, {"prop": prop, "depth": depth})
    assert r.shape == (2, H)
    found = best_units(r, ["prop", "depth"])
    assert [(name, unit) for name, unit, _ in found] == [("prop", 7), ("depth", 3)]
    assert found[0][2] > 0.9 and found[1][2] < -0.9


def test_correlations_match_numpy_and_constant_columns_give_zero():
    rng = np.random.default_rng(1)
    hs = rng.standard_normal((50, 4))
    hs[:, 2] = 0.5                                       # a dead unit
    y = rng.standard_normal(50)
    r = unit_correlations(hs, {"y": y})[0]
    for u in (0, 1, 3):
        assert r[u] == pytest.approx(np.corrcoef(hs[:, u], y)[0, 1], abs=1e-12)
    assert r[2] == 0.0
    assert unit_correlations(hs, {"c": np.ones(50)})[0].tolist() == [0.0] * 4


def test_one_stream_reads_like_the_library(model_and_text):
    params, ids = model_and_text
    hs, _ = rnn.forward(params, ids[:, None])
    props = {"id_is_3": (ids == 3).astype(float), "pos": np.arange(ids.size)}
    got = read_text(params, ids, properties=props, keep=[4, 0], n_streams=1, chunk_len=7)
    np.testing.assert_allclose(got.kept, hs[:, 0, [4, 0]], rtol=0, atol=1e-12)
    assert -got.log_probs.mean() == pytest.approx(text_loss(params, ids), rel=1e-12)
    np.testing.assert_allclose(got.r, unit_correlations(hs[:, 0], props), atol=1e-12)


def test_streams_start_from_zero_and_cover_every_character(model_and_text):
    params, ids = model_and_text                          # N = 203: 4 streams of 51, the last 50
    got = read_text(params, ids, keep=list(range(10)), n_streams=4, chunk_len=16)
    assert got.kept.shape == (203, 10) and got.log_probs.shape == (202,)
    for start, stop in ((0, 51), (51, 102), (102, 153), (153, 203)):
        hs, probs = rnn.forward(params, ids[start:stop, None])
        np.testing.assert_allclose(got.kept[start:stop], hs[:, 0], atol=1e-12)
        # each stream also predicts the first character of the next one
        nxt = ids[start + 1:stop + 1]
        want = np.log(probs[:nxt.size, 0][np.arange(nxt.size), nxt])
        np.testing.assert_allclose(got.log_probs[start:start + nxt.size], want, atol=1e-12)


def test_chunk_length_changes_nothing(model_and_text):
    params, ids = model_and_text
    a = read_text(params, ids, keep=[1], n_streams=3, chunk_len=5)
    b = read_text(params, ids, keep=[1], n_streams=3, chunk_len=1000, log_probs=False)
    np.testing.assert_allclose(a.kept, b.kept, atol=1e-12)
    assert b.log_probs is None and b.r is None


def test_char_baseline_r():
    rng = np.random.default_rng(2)
    tr, he = rng.integers(0, 5, 500), rng.integers(0, 5, 300)
    f = np.array([0.0, 2.0, 1.0, 5.0, 3.0])               # a property of the character alone
    assert char_baseline_r(tr, f[tr], he, f[he], 5) == pytest.approx(1.0)
    noise_tr, noise_he = rng.standard_normal(500), rng.standard_normal(300)
    assert abs(char_baseline_r(tr, noise_tr, he, noise_he, 5)) < 0.2


def test_bad_input(model_and_text):
    params, ids = model_and_text
    with pytest.raises(ValueError, match=r"keep must hold unit indices in \[0, 10\), got \[10\]"):
        read_text(params, ids, keep=[10])
    with pytest.raises(ValueError, match="n_streams must be at most half the text length"):
        read_text(params, ids[:6], n_streams=4)
    with pytest.raises(ValueError, match=r"properties\['p'\] must have shape \(203\)"):
        read_text(params, ids, properties={"p": np.zeros(5)})
    with pytest.raises(ValueError, match=r"ids must lie in \[0, 7\), got values from 0 to 9"):
        read_text(params, np.array([0, 9, 1]))
    with pytest.raises(TypeError, match="ids must hold integer character ids"):
        read_text(params, np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="names must be a list of 2 property names"):
        best_units(np.zeros((2, 3)), ["a"])


def test_an_lstm_is_read_with_its_cells(model_and_text):
    from course_utils import gated
    _, ids = model_and_text
    params = gated.init_lstm(7, 6, 7, seed=2)
    a_x = (rnn.input_projection(params["W_hx"], ids[:, None]) + params["b_h"]).transpose(0, 2, 1)
    hs, cache = gated.lstm_steps(a_x, params["W_hh"], np.zeros((6, 1)), np.zeros((6, 1)))   # columns
    got_c = read_text(params, ids, keep=[0, 5], state="c", n_streams=1, chunk_len=9)
    np.testing.assert_allclose(got_c.kept, cache[1][1:, [0, 5], 0], atol=1e-12)
    got_h = read_text(params, ids, keep=[2], n_streams=1, chunk_len=9)
    np.testing.assert_allclose(got_h.kept[:, 0], hs[1:, 2, 0], atol=1e-12)
    loss, _ = gated.lstm_loss_and_grads(params, ids[:-1, None], ids[1:, None])
    assert -got_h.log_probs.mean() == pytest.approx(loss, rel=1e-12)
    with pytest.raises(ValueError, match="state must be one of 'h'; got 'c'"):
        read_text(rnn.init_params(7, 3, 7), ids, state="c")
