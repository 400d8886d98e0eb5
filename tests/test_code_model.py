"""Training the character model of real source: initial bias, snapshots, learning-rate decay."""
import numpy as np
import pytest

from course_utils import rnn
from course_utils.charmodel import carried_state_step
from course_utils.code_model import init_code_model, train_with_snapshots
from course_utils.data import bptt_chunks
from course_utils.train import Adam, train


@pytest.fixture(scope="module")
def ids():
    rng = np.random.default_rng(0)
    return rng.integers(0, 6, size=400)


def test_untrained_model_predicts_the_unigram_distribution(ids):
    params = init_code_model(ids, 7, 5)
    counts = np.bincount(ids, minlength=7) + 1.0
    np.testing.assert_allclose(rnn.softmax(params["b_s"]), counts / counts.sum())
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
    with pytest.raises(ValueError, match=r"final_lr_fraction must lie in \(0, 1\], got 2.0"):
        train_with_snapshots(params, ids, 4, final_lr_fraction=2.0)
    with pytest.raises(ValueError, match=r"train_ids must be a non-empty array of integer ids in \[0, 3\)"):
        init_code_model(ids, 3, 4)
