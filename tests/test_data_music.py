"""course_utils.data.music: the tunes the course composes, and their tokens."""
import numpy as np
import pytest

from course_utils import melody
from course_utils.data import music as M


@pytest.fixture(scope="module")
def data():
    return M.melody_data(300, 60, seed=0)


def tune(key, *bars):
    return M.Tune(key, tuple(tuple(b) for b in bars))


# ---------------------------------------------------------------- the data set

def test_sizes_and_shape(data):
    assert len(data.train) == 300 and len(data.held_out) == 60
    for t in data.train + data.held_out:
        assert len(t.bars) == M.N_BARS and all(len(bar) == 4 for bar in t.bars)


def test_every_bar_adds_up_and_every_note_is_in_the_key(data):
    tunes = list(data.train)
    assert all(sum(d for _, d in bar) == M.BAR_LENGTH for t in tunes for bar in t.bars)
    assert all(M.in_key(p, t.key) for t in tunes for p, _ in t.notes)
    assert melody.full_bar_share(tunes) == 1.0 and melody.in_key_share(tunes) == 1.0


def test_motifs_return_and_phrases_end_on_cadences(data):
    for t in data.train:
        patterns = [melody.bar_pattern(bar) for bar in t.bars]
        assert patterns[0] == patterns[1] == patterns[4]          # A A . . A: at once and 4 bars later
        tonic = M.KEYS[t.key] % 12
        assert (t.bars[7][-1][0] - tonic) % 12 == 0               # the tune ends on the tonic
        assert (t.bars[3][-1][0] - tonic) % 12 in (2, 7)          # the first phrase on re or sol
    assert melody.returning_motif_share(list(data.train)) > 0.3


def test_same_seed_same_tunes_other_seed_other_tunes(data):
    again = M.melody_data(300, 60, seed=0)
    assert again == data
    assert M.melody_data(300, 60, seed=1).train != data.train


def test_held_out_tunes_are_not_training_tunes(data):
    assert not set(data.train) & set(data.held_out)
    assert len(set(data.train)) == len(data.train)


def test_all_keys_occur_and_compose_keeps_a_given_key(data):
    assert {t.key for t in data.train} == set(M.KEYS)
    rng = np.random.default_rng(0)
    assert all(M.compose(rng, key="F").key == "F" for _ in range(5))


@pytest.mark.parametrize("kwargs, error", [({"n_train": 0}, ValueError), ({"n_held_out": 1.5}, TypeError),
                                           ({"seed": -1}, ValueError)])
def test_melody_data_bad_arguments(kwargs, error):
    args = {"n_train": 5, "n_held_out": 5} | kwargs
    seed = args.pop("seed", 0)
    with pytest.raises(error, match=next(iter(kwargs))):
        M.melody_data(args["n_train"], args["n_held_out"], seed=seed)


# ---------------------------------------------------------------- tokens

def test_encode_decode_round_trip(data):
    for t in data.train[:50] + data.held_out:
        ids = M.encode(t)
        assert ids.dtype == np.int64 and ids.shape == (1 + M.N_BARS * 5,)
        assert ids[0] == M.KEY_TOKENS[t.key] and (ids == M.BAR).sum() == M.N_BARS
        assert M.decode(ids) == t


def test_every_note_token_round_trips():
    for t in range(M.N_NOTE_TOKENS):
        assert M.note_token(*M.token_note(t)) == t
    assert M.VOCAB_SIZE == M.N_NOTE_TOKENS + 1 + len(M.KEYS)


def test_decode_reads_sampled_tokens_loosely():
    c4, e4 = M.note_token(60, 2), M.note_token(64, 4)
    ids = np.array([M.KEY_TOKENS["C"], c4, M.KEY_TOKENS["G"], e4, M.BAR, c4])
    assert M.decode(ids) == tune("C", [(60, 2), (64, 4)], [(60, 2)])   # key skipped, last bar unfinished


@pytest.mark.parametrize("ids, error, words", [
    (np.array([0, M.BAR]), ValueError, "key token"),
    (np.array([M.KEY_TOKENS["C"], M.VOCAB_SIZE]), ValueError, "token ids"),
    (np.array([float(M.KEY_TOKENS["C"])]), TypeError, "integer"),
    (np.zeros((2, 2), dtype=int), ValueError, "dimensions")])
def test_decode_bad_input(ids, error, words):
    with pytest.raises(error, match=words):
        M.decode(ids)


@pytest.mark.parametrize("pitch, duration, error, words", [
    (54, 2, ValueError, "pitch must be a MIDI number in \\[55, 79\\], got 54"),
    (60, 8, ValueError, "duration must be one of"),
    (60.0, 2, TypeError, "pitch must be an integer"),
    (60, True, TypeError, "duration must be an integer")])
def test_note_token_bad_input(pitch, duration, error, words):
    with pytest.raises(error, match=words):
        M.note_token(pitch, duration)


def test_encode_bad_input():
    with pytest.raises(TypeError, match="tune must be a Tune"):
        M.encode([(60, 2)])
    with pytest.raises(ValueError, match="tune.key"):
        M.encode(tune("H", [(60, 8)]))


def test_note_features_describe_pitch_and_duration():
    F = M.note_features()
    assert F.shape == (M.VOCAB_SIZE, M.N_FEATURES)
    assert (F[:M.N_NOTE_TOKENS].sum(axis=1) == 2).all() and (F[M.N_NOTE_TOKENS:].sum(axis=1) == 1).all()
    assert len({tuple(r) for r in F}) == M.VOCAB_SIZE             # no two tokens look alike
    same_pitch = F[M.note_token(60, 1)] * F[M.note_token(60, 4)]
    assert same_pitch.sum() == 1 and same_pitch[60 - M.PITCH_LOW] == 1


def test_pitch_names_and_keys():
    assert [M.pitch_name(p) for p in (55, 60, 66, 70, 79)] == ["G3", "C4", "F#4", "Bb4", "G5"]
    assert M.in_key(66, "G") and not M.in_key(66, "C") and M.in_key(70, "F")
    with pytest.raises(ValueError, match="key must be one of"):
        M.in_key(60, "E")


def test_motif_bar():
    assert M.motif_bar("C", "run up", (2, 2, 2, 2)) == ((60, 2), (62, 2), (64, 2), (65, 2))
    assert M.motif_bar("G", "arpeggio", (3, 1, 3, 1), start=-3)[0] == (62, 3)
    with pytest.raises(ValueError, match="figure must be one of"):
        M.motif_bar("C", "scale", (2, 2, 2, 2))
    with pytest.raises(ValueError, match="rhythm must be 4 durations"):
        M.motif_bar("C", "run up", (2, 2, 4))
    with pytest.raises(ValueError, match="pitch must be a MIDI number"):
        M.motif_bar("G", "run up", (2, 2, 2, 2), start=8)


@pytest.mark.parametrize("tunes, error, words", [
    (tune("C", [(60, 8)]), TypeError, "wrap a single tune"),
    ([], TypeError, "non-empty list"),
    ((tune("C", [(60, 8)]), "tune"), TypeError, "songs\\[1\\] must be a Tune")])
def test_check_tunes(tunes, error, words):
    with pytest.raises(error, match=words):
        M.check_tunes(tunes, "songs")
    assert M.check_tunes((tune("C", [(60, 8)]),)) == [tune("C", [(60, 8)])]
