"""Gated cells carry their state between chunks (truncated BPTT): return_state."""
import numpy as np
import pytest

from course_utils import gated


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_return_state_seeds_the_next_chunk(cell):
    rng = np.random.default_rng(0)
    init = gated.init_lstm if cell == "lstm" else gated.init_gru
    loss_and_grads = gated.lstm_loss_and_grads if cell == "lstm" else gated.gru_loss_and_grads
    forward = gated.lstm_forward if cell == "lstm" else gated.gru_forward
    params = init(5, 4, 5, seed=1)
    xs, ys = rng.integers(0, 5, size=(12, 3)), rng.integers(0, 5, size=(12, 3))
    loss, grads, state = loss_and_grads(params, xs[:7], ys[:7], return_state=True)
    want_loss, want_grads = loss_and_grads(params, xs[:7], ys[:7])
    assert loss == want_loss and all(np.array_equal(grads[k], want_grads[k]) for k in grads)
    # reading the rest from the returned state continues the long sequence exactly
    h_all, _ = forward(params, xs)
    if cell == "lstm":
        h_T, c_T = state
        np.testing.assert_allclose(h_T, h_all[6], atol=1e-14)
        h_rest, _ = forward(params, xs[7:], h0=h_T, c0=c_T)
    else:
        np.testing.assert_allclose(state, h_all[6], atol=1e-14)
        h_rest, _ = forward(params, xs[7:], h0=state)
    np.testing.assert_allclose(h_rest, h_all[7:], atol=1e-13)
