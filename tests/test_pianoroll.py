"""course_utils.pianoroll: what a piano roll shows, and the figure (a smoke test)."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import music as M
from course_utils import pianoroll as R

A = ((60, 2), (62, 2), (64, 2), (65, 2))
A_UP = ((67, 2), (69, 2), (71, 2), (72, 2))
ODD = ((60, 2), (66, 3))                      # F# in C, and 5 eighths: not a full bar


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


def test_figure_shows_the_notes_bars_and_labels():
    fig, ax = plt.subplots()
    roll = R.piano_roll(M.Tune("C", (A, ODD, A_UP)), ax, title="hand-made")
    assert len(roll.notes.get_paths()) == 9 and len(roll.outside.get_paths()) == 1
    assert len(roll.lines.get_segments()) == 3
    shown = [t.get_text() for t in roll.labels if t.get_visible()]
    assert shown == ["1 A", "2", "3 A"]
    assert [t.get_text() for t in roll.lengths if t.get_visible()] == ["2.5 beats"]
    assert ax.get_title() == "hand-made" and ax.get_xlim() == (0, 32)     # always 8 full bars or more
    fig.canvas.draw()
    plt.close(fig)


def test_show_replaces_the_tune_in_place():
    fig, ax = plt.subplots()
    roll = R.PianoRoll(ax)
    roll.show(R.roll_data(M.Tune("G", (A_UP,) * 8)))
    n_artists = len(ax.get_children())
    roll.show(R.roll_data(M.Tune("G", (A_UP, A_UP))))
    assert len(ax.get_children()) == n_artists and len(roll.notes.get_paths()) == 8
    roll.show(R.roll_data(M.Tune("F", (A,))))          # another key: its scale is shaded
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "Bb4" in ticks and "B4" not in ticks
    plt.close(fig)


def test_a_generated_tune_renders(tmp_path):
    roll = R.piano_roll(M.melody_data(1, 1).train[0])
    roll.ax.figure.savefig(tmp_path / "roll.png")
    assert (tmp_path / "roll.png").stat().st_size > 1000
    plt.close(roll.ax.figure)


def test_bad_input():
    with pytest.raises(TypeError, match="tune must be a music.Tune"):
        R.roll_data([(60, 2)])
    with pytest.raises(TypeError, match="tune must be a music.Tune"):
        R.piano_roll("tune")
