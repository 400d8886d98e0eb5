"""Lesson 04b: a new tune from a temperature and a first bar; its piano roll and its sound.

``new_tune`` is the pure function behind the widget: everything the widget shows, computed
without drawing, so that it can be tested and timed on its own.
"""
from __future__ import annotations

from ..audio import RATE, TEMPO, synthesize
from ..music import KEYS, N_BARS
from ..musicmodel import prompt_ids, sample_tunes
from ..pianoroll import roll_data


def new_tune(params, *, temperature=1.0, first_bar=None, key="C", seed=0, n_bars=N_BARS,
             rate=RATE, tempo=TEMPO) -> dict:
    """A tune sampled from the RNN ``params`` (musicmodel.train_melody_rnn) in ``key``, going on
    from ``first_bar`` (notes (pitch, eighths), e.g. music.motif_bar; None: from the key alone).

    Returns {"tune": music.Tune, "roll": pianoroll.roll_data(tune),
             "samples": (N,) float32 audio in [-1, 1] at ``rate`` samples per second}.
    """
    if key not in KEYS:
        raise ValueError(f"key must be one of {', '.join(KEYS)}; got {key!r}")
    tune = sample_tunes(params, [prompt_ids(key, first_bar)], temperature=temperature, seed=seed,
                        n_bars=n_bars)[0]
    return {"tune": tune, "roll": roll_data(tune), "samples": synthesize(tune, rate=rate, tempo=tempo)}
