"""course_utils.melody: three measures of a set of tunes, and what a piano roll shows."""
import pytest

from course_utils import melody as R
from course_utils.data import music as M

A = ((60, 2), (62, 2), (64, 2), (65, 2))
A_UP = ((67, 2), (69, 2), (71, 2), (72, 2))
ODD = ((60, 2), (66, 3))                      # F# in C, and 5 eighths: not a full bar


def tune(key, *bars):
    return M.Tune(key, tuple(tuple(b) for b in bars))


# ---------------------------------------------------------------- measures on hand-made tunes

def test_in_key_share_counts_notes():
    t = tune("C", [(60, 2), (62, 2), (66, 2), (67, 2)])               # F# is not in C major
    assert R.in_key_share([t]) == 0.75
    assert R.in_key_share([t, tune("G", [(66, 8)])]) == 0.8          # ... but it is in G


def test_full_bar_share_counts_bars():
    t = tune("C", [(60, 4), (62, 4)], [(60, 4), (62, 3)], [(60, 8)], [(60, 4), (62, 4), (64, 1)])
    assert R.full_bar_share([t]) == 0.5


def test_returning_motifs_any_transposition_same_rhythm():
    a = [(60, 2), (62, 2), (64, 2), (65, 2)]          # C D E F: steps 2 2 1
    a_up = [(67, 2), (69, 2), (71, 2), (72, 2)]       # G A B C: the same steps, a fifth higher
    a_minor = [(62, 2), (64, 2), (65, 2), (67, 2)]    # D E F G: steps 2 1 2, not the same motif
    a_swung = [(60, 3), (62, 1), (64, 2), (65, 2)]    # same notes, another rhythm
    assert R.bar_pattern(a) == R.bar_pattern(a_up) != R.bar_pattern(a_minor)
    assert R.bar_pattern(a) != R.bar_pattern(a_swung)
    t = tune("C", a, a_minor, a_up, a_swung)
    assert R.returning_motif_share([t]) == 0.25                      # only bar 1 returns (in bar 3)
    assert R.returning_motif_share([t], min_distance=2) == 0.25
    assert R.returning_motif_share([t], min_distance=3) == 0.0
    assert R.returning_motif_share([tune("C", a, a)]) == 0.5          # the next bar counts by default
    assert R.returning_motif_share([tune("C", a, a)], min_distance=2) == 0.0


def test_returning_motifs_ignore_short_bars():
    t = tune("C", [(60, 4), (62, 4)], [(60, 4), (62, 4)])             # two notes: not a motif
    assert R.returning_motif_share([t]) == 0.0
    assert R.returning_motif_share([t], min_notes=2) == 0.5


def test_melody_measures_keys():
    assert set(R.melody_measures([tune("C", [(60, 8)])])) == {"in key", "full bars", "returning motifs"}


@pytest.mark.parametrize("tunes, error, words", [
    (tune("C", [(60, 8)]), TypeError, "wrap a single tune"),
    ([], TypeError, "non-empty list"),
    ([tune("C", [(60, 8)]), "tune"], TypeError, "tunes\\[1\\]")])
def test_measures_bad_input(tunes, error, words):
    for f in (R.in_key_share, R.full_bar_share, R.returning_motif_share, R.melody_measures):
        with pytest.raises(error, match=words):
            f(tunes)


def test_returning_motifs_bad_distance():
    with pytest.raises(ValueError, match="min_distance must be an integer >= 1, got 0"):
        R.returning_motif_share([tune("C", [(60, 8)])], min_distance=0)


# ---------------------------------------------------------------- what a piano roll shows

def test_roll_data_in_beats():
    d = R.roll_data(M.Tune("C", (A, ODD, A_UP)))
    assert d["start"].tolist() == [0, 1, 2, 3, 4, 5, 6.5, 7.5, 8.5, 9.5]
    assert d["length"][:6].tolist() == [1, 1, 1, 1, 1, 1.5]
    assert d["pitch"][4:6].tolist() == [60, 66] and d["in_key"].tolist() == [True] * 5 + [False] + [True] * 4
    assert d["bar_lines"].tolist() == [4, 6.5, 10.5] and d["bar_eighths"].tolist() == [8, 5, 8]
    assert d["letters"] == ["A", "", "A"] and d["key"] == "C"


def test_motif_letters():
    assert R.motif_letters(M.Tune("C", (A, ODD, A_UP, ODD))) == ["A", "", "A", ""]   # ODD has 2 notes
    B = ((60, 4), (62, 2), (60, 2))
    assert R.motif_letters(M.Tune("C", (B, A, B, A))) == ["A", "B", "A", "B"]


def test_describe_tune_names_the_returning_motifs():
    assert R.describe_tune(M.Tune("C", (A, ODD, A_UP))) == \
        "10 notes, 9 in C major; 3 bars, 2 full; motifs back: bar 1 in bar 3"
    assert R.describe_tune(M.Tune("G", (A_UP,) * 3)).endswith("3 full; motifs back: bar 1 in bars 2, 3")
    assert R.describe_tune(M.Tune("C", (ODD,))).endswith("motifs back: none")


def test_roll_data_bad_input():
    with pytest.raises(TypeError, match="tune must be a Tune"):
        R.roll_data([(60, 2)])
    with pytest.raises(TypeError, match="tune must be a Tune"):
        R.describe_tune("tune")


def test_repeats_compares_two_bars_of_one_tune():
    t = M.Tune("C", (A, ODD, A_UP, ODD))
    assert R.repeats(t, 3) and not R.repeats(t, 2) and R.repeats(t, 4, earlier=2)
    assert not R.repeats(t, 5)                          # no bar 5: not a repeat
    with pytest.raises(ValueError, match="later must be an integer >= 3, got 2"):
        R.repeats(t, 2, earlier=2)

