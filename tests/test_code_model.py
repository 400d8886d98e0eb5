"""Training the character model of real source: initial bias, snapshots, learning-rate decay."""
import numpy as np
import pytest

from course_utils import rnn
from course_utils.numerics import softmax
from course_utils.charmodel import carried_state_step
from course_utils.code_model import RECIPE, WIDE_RECIPE, init_code_model, train_recipe, train_with_snapshots
from course_utils.data import bptt_chunks
from course_utils.train import Adam, train


@pytest.fixture(scope="module")
def ids():
    rng = np.random.default_rng(0)
    return rng.integers(0, 6, size=400)


def test_untrained_model_predicts_the_unigram_distribution(ids):
    params = init_code_model(ids, 7, 5)
    counts = np.bincount(ids, minlength=7) + 1.0
    np.testing.assert_allclose(softmax(params["b_s"]), counts / counts.sum())
    assert params["W_hh"].shape == (5, 5) and params["W_hx"].shape == (5, 7)


def test_snapshots_and_same_updates_as_the_library_loop(ids):
    params = init_code_model(ids, 6, 4)
    start = {k: v.copy() for k, v in params.items()}
    hist, snaps = train_with_snapshots(params, ids, 12, snapshot_steps=(0, 5, 12), lr=1e-2,
                                       final_lr_fraction=1.0, seq_len=8, batch_size=4)
    assert sorted(snaps) == [0, 5, 12] and len(hist.train_loss) == 12
    for k in params:
        np.testing.assert_array_equal(snaps[0][k], start[k])
        np.testing.assert_array_equal(snaps[12][k], params[k])
    # a constant learning rate: exactly train.train with charmodel's carried-state steps
    xs, ys = bptt_chunks(ids, 8, 4)
    again = {k: v.copy() for k, v in start.items()}
    train(again, carried_state_step(xs, ys), Adam(1e-2), 5, clip_norm=5.0)
    for k in params:
        np.testing.assert_allclose(snaps[5][k], again[k], rtol=0, atol=1e-13)


def test_learning_rate_falls_linearly(ids, monkeypatch):
    seen = []
    original = Adam.step

    def spy(self, params, grads):
        seen.append(self.lr)
        original(self, params, grads)

    monkeypatch.setattr(Adam, "step", spy)
    train_with_snapshots(init_code_model(ids, 6, 3), ids, 5, lr=0.1, final_lr_fraction=0.2,
                         seq_len=4, batch_size=2)
    np.testing.assert_allclose(seen, [0.1, 0.08, 0.06, 0.04, 0.02])


def test_bad_input(ids):
    params = init_code_model(ids, 6, 3)
    with pytest.raises(ValueError, match=r"snapshot_steps must lie in \[0, n_steps = 4\], got \[0, 9\]"):
        train_with_snapshots(params, ids, 4, snapshot_steps=(0, 9))
    with pytest.raises(ValueError, match=r"final_lr_fraction must be a finite number in \(0, 1\], got 2.0"):
        train_with_snapshots(params, ids, 4, final_lr_fraction=2.0)
    with pytest.raises(ValueError, match=r"train_ids must be a non-empty array of integer ids in \[0, 3\)"):
        init_code_model(ids, 3, 4)


def test_lstm_trains_with_carried_state_like_chained_chunks(ids):
    from course_utils import gated
    from course_utils.code_model import carried_lstm_step
    params = init_code_model(ids, 6, 4, cell="lstm")
    assert params["W_hh"].shape == (16, 4)
    np.testing.assert_allclose(softmax(params["b_s"]),
                               (np.bincount(ids, minlength=6) + 1.0) / (ids.size + 6))
    xs, ys = bptt_chunks(ids, 8, 4)
    step = carried_lstm_step(xs, ys)
    step(params, 1)
    loss2, _ = step(params, 2)
    # chunk 2 read from the state chunk 1 ended in: the same loss as both chunks read at once
    _, probs = gated.lstm_forward(params, np.concatenate([xs[0], xs[1]]))
    want = -np.mean(np.log(np.take_along_axis(probs[8:], ys[1][..., None], axis=-1)))
    assert loss2 == pytest.approx(want, rel=1e-12)
    hist, snaps = train_with_snapshots(params, ids, 6, snapshot_steps=(6,), seq_len=8, batch_size=4)
    assert len(hist.train_loss) == 6 and hist.train_loss[-1] < hist.train_loss[0]


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_sample_code(cell, ids):
    from course_utils.code_model import sample_code
    from course_utils.data import CharVocab
    vocab = CharVocab("abcdef")
    params = init_code_model(ids, 6, 5, cell=cell)
    a = sample_code(params, vocab, "ab", 30, n_samples=3, temperature=1.0, seed=3)
    assert len(a) == 3 and len(set(a)) == 3
    assert all(s.startswith("ab") and len(s) == 32 and set(s) <= set("abcdef") for s in a)
    assert sample_code(params, vocab, "ab", 30, n_samples=3, temperature=1.0, seed=3) == a
    # temperature 0: the likeliest character each time, the same in every sample
    greedy = sample_code(params, vocab, "a", 5, n_samples=2, temperature=0)
    assert len(greedy[0]) == 6 and greedy[0] == greedy[1]
    with pytest.raises(ValueError, match="prime must be a non-empty string"):
        sample_code(params, vocab, "", 5)
    with pytest.raises(ValueError, match="not in the vocabulary"):
        sample_code(params, vocab, "z", 5)


def test_samples_follow_the_model_one_step_ahead(ids):
    from course_utils.code_model import run_steps, sample_code
    from course_utils.data import CharVocab
    vocab = CharVocab("abcdef")
    params = init_code_model(ids, 6, 5, cell="lstm", seed=2)
    params["W_s"] *= 8.0                                    # a peaked next-character distribution
    hs, _, _ = run_steps(params, vocab.encode("cab")[:, None])
    p = softmax(hs[-1, 0] @ params["W_s"].T + params["b_s"])
    drawn = [s[3] for s in sample_code(params, vocab, "cab", 1, n_samples=4000, seed=0)]
    freq = np.array([drawn.count(c) for c in "abcdef"]) / len(drawn)
    np.testing.assert_allclose(freq, p, atol=0.03)        # 4000 draws: sd <= 0.008


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_run_steps_carries_the_state(cell, ids):
    from course_utils.code_model import run_steps
    params = init_code_model(ids, 6, 5, cell=cell, seed=1)
    x = ids[:12].reshape(6, 2)                              # (t, S): two streams
    hs, cells, _ = run_steps(params, x)
    hs1, _, state = run_steps(params, x[:4])
    hs2, cells2, _ = run_steps(params, x[4:], state)
    np.testing.assert_allclose(np.concatenate([hs1, hs2]), hs, atol=1e-14)
    np.testing.assert_allclose(cells2, cells[4:], atol=1e-14)
    if cell == "rnn":
        np.testing.assert_array_equal(cells, hs)
    else:
        from course_utils import gated
        np.testing.assert_allclose(hs, gated.lstm_forward(params, x)[0], atol=1e-14)
        assert not np.allclose(cells, hs)


def test_cell_of():
    from course_utils import gated
    from course_utils.code_model import cell_of
    assert cell_of(rnn.init_params(3, 4, 3)) == "rnn"
    assert cell_of(gated.init_lstm(3, 4, 3)) == "lstm"
    with pytest.raises(TypeError, match="params must be a parameter dict"):
        cell_of([1, 2])
    with pytest.raises(ValueError, match="cell must be one of 'rnn', 'lstm'; got 'gru'"):
        init_code_model(np.array([0, 1]), 3, 4, cell="gru")


def _chunk(seed=0, T=6, B=3, H=5, V=7):
    from course_utils import gated
    rng = np.random.default_rng(seed)
    params = gated.init_lstm(V, H, V, seed=1)
    params["b_h"] += 0.1 * rng.standard_normal(4 * H)
    x, y = rng.integers(0, V, (T, B)), rng.integers(0, V, (T, B))
    h0, c0 = 0.3 * rng.standard_normal((H, B)), 0.3 * rng.standard_normal((H, B))
    return rng, params, x, y, h0, c0


def test_chunk_gradients_with_a_dropout_mask_match_central_differences():
    from course_utils.code_model import lstm_chunk_loss_and_grads
    from course_utils.gradients import TOLERANCE, compare_gradients
    rng, params, x, y, h0, c0 = _chunk()
    keep = (rng.random(x.shape + (5,)) >= 0.3) / 0.7          # (T, B, H), a fixed mask
    loss, grads, _ = lstm_chunk_loss_and_grads(params, x, y, h0, c0, keep)
    errors = compare_gradients(lambda p: lstm_chunk_loss_and_grads(p, x, y, h0, c0, keep)[0], params, grads)
    assert max(errors.values()) < TOLERANCE, errors


def test_chunk_without_dropout_is_the_library_lstm():
    from course_utils import gated
    from course_utils.code_model import lstm_chunk_loss_and_grads
    _, params, x, y, h0, c0 = _chunk(seed=2)
    loss, grads, (h_T, c_T) = lstm_chunk_loss_and_grads(params, x, y, h0, c0)
    want, want_grads, (want_h, want_c) = gated.lstm_loss_and_grads(params, x, y, h0.T, c0=c0.T, return_state=True)
    assert loss == pytest.approx(want, rel=1e-14)
    for k in want_grads:
        np.testing.assert_allclose(grads[k], want_grads[k], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(h_T, want_h.T, atol=1e-15)
    np.testing.assert_allclose(c_T, want_c.T, atol=1e-15)


def test_dropout_masks_are_seeded_and_only_an_lstm_takes_them(ids):
    runs = []
    for seed in (0, 0, 1):
        params = init_code_model(ids, 6, 4, cell="lstm")
        hist, _ = train_with_snapshots(params, ids, 5, seq_len=8, batch_size=4, dropout=0.5, seed=seed)
        runs.append(hist.train_loss)
    assert runs[0] == runs[1] and runs[0] != runs[2]
    with pytest.raises(ValueError, match="dropout is for an LSTM; a vanilla RNN takes dropout=0, got 0.2"):
        train_with_snapshots(init_code_model(ids, 6, 3), ids, 2, dropout=0.2)
    with pytest.raises(ValueError, match=r"dropout must be a finite number in \[0, 1\), got 1.0"):
        train_with_snapshots(init_code_model(ids, 6, 3, cell="lstm"), ids, 2, dropout=1.0)


def test_a_recipe_is_init_then_train_with_its_values(ids):
    recipe = dict(n_hidden=4, n_steps=6, seq_len=8, batch_size=4, dropout=0.25, lr=2e-2, seed=3)
    params, hist, snaps = train_recipe(ids, 6, recipe, snapshot_steps=(0, 6))
    full = dict(RECIPE, **recipe)
    again = init_code_model(ids, 6, 4, cell=full["cell"], seed=3)
    hist2, _ = train_with_snapshots(again, ids, 6, lr=2e-2, final_lr_fraction=full["final_lr_fraction"],
                                    seq_len=8, batch_size=4, clip_norm=full["clip_norm"], dropout=0.25, seed=3)
    assert hist.train_loss == hist2.train_loss and sorted(snaps) == [0, 6]
    assert all(np.array_equal(params[k], again[k]) for k in params)
    assert set(WIDE_RECIPE) == set(RECIPE) and WIDE_RECIPE["dtype"] == "float32"


def test_a_float32_recipe_trains_in_float32_with_dropout(ids):
    params, hist, _ = train_recipe(ids, 6, dict(n_hidden=4, n_steps=3, seq_len=8, batch_size=4,
                                                dropout=0.3, dtype="float32"))
    assert all(v.dtype == np.float32 for v in params.values()) and np.isfinite(hist.train_loss).all()
    start = init_code_model(ids, 6, 4, cell="lstm", dtype=np.float32)
    np.testing.assert_array_equal(start["W_hh"], init_code_model(ids, 6, 4, cell="lstm")["W_hh"].astype(np.float32))


def test_a_bad_recipe_is_named(ids):
    with pytest.raises(ValueError, match=r"recipe has keys that code_model.RECIPE has not: \['hidden'\]"):
        train_recipe(ids, 6, dict(hidden=4))
    with pytest.raises(TypeError, match="recipe must be a dict with keys of code_model.RECIPE, got list"):
        train_recipe(ids, 6, [("n_hidden", 4)])
    with pytest.raises(ValueError, match="dtype"):
        train_recipe(ids, 6, dict(n_hidden=4, n_steps=1, seq_len=8, batch_size=4, dtype="float16"))
