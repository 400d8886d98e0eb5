"""The pure function behind lesson 04b's widget: a new tune, its piano roll and its sound."""
import numpy as np
import pytest

from course_utils import audio, music, musicmodel, pianoroll
from course_utils.widgets.music import new_tune


@pytest.fixture(scope="module")
def params():
    return musicmodel.train_melody_rnn(list(music.melody_data(100, 1).train), n_hidden=16,
                                       steps=20, batch_size=16)[0]


def test_new_tune_is_a_sample_its_roll_and_its_sound(params):
    first = music.motif_bar("F", "turn", (2, 2, 2, 2))
    out = new_tune(params, temperature=0.7, first_bar=first, key="F", seed=3)
    assert out["tune"] == musicmodel.sample_tunes(params, [musicmodel.prompt_ids("F", first)],
                                                  temperature=0.7, seed=3)[0]
    assert out["tune"].bars[0] == first
    assert out["roll"]["pitch"].tolist() == [p for p, _ in out["tune"].notes]
    assert np.array_equal(out["samples"], audio.synthesize(out["tune"]))
    assert set(out["roll"]) == set(pianoroll.roll_data(out["tune"]))


def test_new_tune_from_the_key_alone_and_seeds(params):
    a = new_tune(params, key="D", seed=1)
    assert a["tune"].key == "D" and len(a["tune"].bars) == music.N_BARS
    assert new_tune(params, key="D", seed=1)["tune"] == a["tune"]
    assert a["samples"].dtype == np.float32 and a["samples"].size > audio.RATE


def test_new_tune_bad_input(params):
    with pytest.raises(ValueError, match="key must be one of C, D, F, G; got 'E'"):
        new_tune(params, key="E")
    with pytest.raises(ValueError, match="temperature"):
        new_tune(params, temperature=-1.0)
