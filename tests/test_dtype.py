"""float32 parameters: the same initial numbers rounded, every layer computing in float32, the
gradients close to float64's (within float32's precision), Adam keeping the dtype; bad dtypes named."""
import numpy as np
import pytest

from course_utils import gated, rnn
from course_utils.data import long_range_task
from course_utils.layers import with_dtype
from course_utils.recall import train_recall

MODELS = [(rnn.init_params, rnn.loss_and_grads), (gated.init_lstm, gated.lstm_loss_and_grads),
          (gated.init_gru, gated.gru_loss_and_grads)]


@pytest.mark.parametrize("init, loss_and_grads", MODELS)
def test_float32_parameters_compute_in_float32_close_to_float64(init, loss_and_grads):
    p64, p32 = init(5, 6, 4, seed=3), init(5, 6, 4, seed=3, dtype=np.float32)
    assert all(p32[k].dtype == np.float32 and np.array_equal(p32[k], p64[k].astype(np.float32)) for k in p64)
    xs, ys = long_range_task(8, 12, n_classes=4, distractors=True, seed=1)
    for loss_on, targets in (("last", ys), ("all", np.tile(ys, (12, 1)))):
        l64, g64 = loss_and_grads(p64, xs, targets, loss_on=loss_on)
        l32, g32 = loss_and_grads(p32, xs, targets, loss_on=loss_on)
        assert abs(l32 - l64) <= 1e-5 * abs(l64)
        for k in g64:
            assert g32[k].dtype == np.float32, k
            np.testing.assert_allclose(g32[k], g64[k], rtol=0, atol=1e-5 * np.abs(g64[k]).max())


def test_training_keeps_float32():
    params = gated.init_gru(5, 4, 4, seed=0, dtype=np.float32)
    params, _, acc = train_recall(5, model="gru", steps=3, batch=8, seed=0, params=params)
    assert all(v.dtype == np.float32 for v in params.values()) and 0 <= acc <= 1


@pytest.mark.parametrize("dtype, error, message", [
    (np.float16, ValueError, "dtype must be float64 or float32, got float16"),
    ("int64", ValueError, "dtype must be float64 or float32, got int64"),
    ("nonsense", TypeError, "dtype must be a float dtype .*got 'nonsense'"),
    (None, TypeError, "dtype must be a float dtype .*got None"),
])
def test_a_bad_dtype_is_named(dtype, error, message):
    for make in (lambda: gated.init_lstm(2, 3, 2, dtype=dtype), lambda: rnn.init_params(2, 3, 2, dtype=dtype),
                 lambda: with_dtype({"w": np.ones(2)}, dtype)):
        with pytest.raises(error, match=message):
            make()
