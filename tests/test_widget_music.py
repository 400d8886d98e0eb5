"""Lesson 04b's tune maker: every control writes a new tune, redraws the roll and reloads the player."""
import io
import wave

import numpy as np
import pytest

from course_utils import audio, melody, musicmodel
from course_utils.data import music
from course_utils.widgets.music import FIRST_BARS, first_bar_notes, tune_maker


@pytest.fixture(scope="module")
def params():
    return musicmodel.train_melody_rnn(list(music.melody_data(100, 1).train), n_hidden=16,
                                       steps=20, batch_size=16)[0]


def wav_frames(data: bytes) -> int:
    with wave.open(io.BytesIO(data)) as w:
        return w.getnframes()


def test_the_widget_shows_the_tune_new_tune_writes(params):
    box = tune_maker(params, temperature=0.7, first_bar="run up, even", key="F", seed=3)
    made = musicmodel.new_tune(params, temperature=0.7, first_bar=music.motif_bar("F", "run up", (2, 2, 2, 2)),
                               key="F", seed=3)
    assert box.draws == 1
    assert len(box.roll.notes.get_paths()) + len(box.roll.outside.get_paths()) == len(made["tune"].notes)
    assert box.player.value == audio.wav_data(audio.synthesize(made["tune"]))
    assert melody.describe_tune(made["tune"]) in box.status.value


@pytest.mark.parametrize("control, value", [("temperature", 1.2), ("number", 7), ("first_bar", "turn, ending long"),
                                            ("key", "G")])
def test_every_control_redraws_and_reloads_the_player(params, control, value):
    box = tune_maker(params)
    before = box.player.value
    getattr(box, control).value = value
    assert box.draws == 2 and box.player.value != before
    assert wav_frames(box.player.value) > audio.RATE            # more than a second of sound
    if control == "key":
        assert box.roll.key == "G"


def test_first_bars_and_bad_input(params):
    assert first_bar_notes("none (the key alone)", "C") is None
    assert first_bar_notes("arpeggio, long-short", "D") == music.motif_bar("D", "arpeggio", (3, 1, 3, 1))
    assert all(first_bar_notes(name, key) is None or len(first_bar_notes(name, key)) == 4
               for name in FIRST_BARS for key in music.KEYS)
    with pytest.raises(ValueError, match="first_bar must be one of"):
        tune_maker(params, first_bar="waltz")
    with pytest.raises(ValueError, match="key must be one of"):
        tune_maker(params, key="E")
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        tune_maker(params, temperature=0)
