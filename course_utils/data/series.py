"""A real series read at run time from what matplotlib ships: EEG recordings (lesson 04)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validation import check_int, check_scalar

EEG_CHANNELS = ("PG3", "PG5", "PG7", "PG9")   # the electrode names matplotlib's example gives
EEG_SAMPLE_RATE = 80.0                         # Hz: matplotlib's example plots 800 samples over 10 s


@dataclass(frozen=True)
class Series:
    """A series cut in time: train (N_train,) then test (N_test,), both normalised with the
    training part's mean and std (so nothing about the test part leaks into the model)."""
    train: np.ndarray
    test: np.ndarray
    mean: float
    std: float
    dt: float
    name: str

    def full(self) -> np.ndarray:
        """train followed by test, (N_train + N_test,)."""
        return np.concatenate([self.train, self.test])


def load_eeg(channel=0, *, train_fraction=0.7):
    """One channel of ``eeg.dat`` from matplotlib's sample data: 800 samples of real EEG.

    The first ``train_fraction`` of the samples is the training part, the rest the test part;
    both are normalised with the training part's statistics. Values are in the file's
    (unstated) units before normalisation; ``dt`` is the sampling step in seconds.
    """
    channel = check_int("channel", channel, min_value=0)
    if channel >= len(EEG_CHANNELS):
        raise ValueError(f"channel must be in [0, {len(EEG_CHANNELS)}), got {channel}")
    train_fraction = check_scalar("train_fraction", train_fraction, min_value=0.1, max_value=0.9)
    from matplotlib import cbook
    with cbook.get_sample_data("eeg.dat") as f:
        raw = np.frombuffer(f.read(), dtype=np.float64).reshape(800, len(EEG_CHANNELS))[:, channel]
    n_train = int(round(train_fraction * raw.size))
    mean, std = float(raw[:n_train].mean()), float(raw[:n_train].std())
    z = (raw - mean) / std
    return Series(z[:n_train].copy(), z[n_train:].copy(), mean, std, 1.0 / EEG_SAMPLE_RATE,
                  f"EEG channel {EEG_CHANNELS[channel]}")
