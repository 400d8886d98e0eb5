"""course_utils.data.load_eeg: a real series from matplotlib, normalised with training statistics,
and predictable beyond its last value."""
import numpy as np
import pytest

from course_utils import baselines, data
from course_utils.architectures import rnn_forecast, train_forecaster


def test_eeg_file_is_shipped_and_read_whole():
    from matplotlib import cbook
    with cbook.get_sample_data("eeg.dat") as f:
        raw = np.frombuffer(f.read(), dtype=np.float64)
    assert raw.size == 800 * 4
    s = data.load_eeg(2, train_fraction=0.5)
    assert np.allclose(s.full() * s.std + s.mean, raw.reshape(800, 4)[:, 2])


@pytest.mark.parametrize("channel", range(4))
def test_shapes_and_training_statistics(channel):
    s = data.load_eeg(channel, train_fraction=0.7)
    assert s.train.shape == (560,) and s.test.shape == (240,)
    assert abs(s.train.mean()) < 1e-12 and abs(s.train.std() - 1) < 1e-12
    # the test part is scaled with the training statistics, so it is not itself standardised
    assert abs(s.test.mean()) > 1e-6
    assert s.dt == pytest.approx(1 / 80) and data.EEG_CHANNELS[channel] in s.name


def test_statistics_come_from_training_part_only():
    a = data.load_eeg(1, train_fraction=0.5)
    b = data.load_eeg(1, train_fraction=0.7)
    assert a.mean != b.mean and a.std != b.std


def test_channel_used_in_lesson_is_predictable_beyond_last_value():
    s = data.load_eeg(1)
    full, n = s.full(), s.train.size
    mse = lambda pred: np.mean((pred[n - 1:] - full[n:]) ** 2)   # noqa: E731
    last = mse(baselines.last_value_forecast(full))
    ar = mse(baselines.autoregressive_forecast(baselines.fit_autoregressive(s.train, 4), full))
    assert ar < 0.85 * last


def test_rnn_forecaster_beats_last_value_on_held_out():
    s = data.load_eeg(1)
    full, n = s.full(), s.train.size
    params, _ = train_forecaster(s.train, seed=0)
    rnn = np.mean((rnn_forecast(params, full)[n - 1:] - full[n:]) ** 2)
    last = np.mean((full[n - 1:-1] - full[n:]) ** 2)
    assert rnn < 0.85 * last


@pytest.mark.parametrize("kwargs, err, match", [
    ({"channel": 4}, ValueError, "channel"),
    ({"channel": -1}, ValueError, "channel"),
    ({"channel": 1.0}, TypeError, "channel"),
    ({"train_fraction": 0.05}, ValueError, "train_fraction"),
    ({"train_fraction": 0.95}, ValueError, "train_fraction"),
    ({"train_fraction": 1}, ValueError, "train_fraction"),
])
def test_load_eeg_errors(kwargs, err, match):
    with pytest.raises(err, match=match):
        data.load_eeg(**kwargs)
