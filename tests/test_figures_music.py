"""course_utils.figures.music: piano rolls (drawn, and blitted for the widget), the loss bar by bar."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import melody
from course_utils.data import music as M
from course_utils.figures import music as R

A = ((60, 2), (62, 2), (64, 2), (65, 2))
A_UP = ((67, 2), (69, 2), (71, 2), (72, 2))
ODD = ((60, 2), (66, 3))                      # F# in C, and 5 eighths: not a full bar


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
    roll.show(melody.roll_data(M.Tune("G", (A_UP,) * 8)))
    n_artists = len(ax.get_children())
    roll.show(melody.roll_data(M.Tune("G", (A_UP, A_UP))))
    assert len(ax.get_children()) == n_artists and len(roll.notes.get_paths()) == 8
    roll.show(melody.roll_data(M.Tune("F", (A,))))          # another key: its scale is shaded
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "Bb4" in ticks and "B4" not in ticks
    plt.close(fig)


def test_a_generated_tune_renders(tmp_path):
    roll = R.piano_roll(M.melody_data(1, 1).train[0])
    roll.ax.figure.savefig(tmp_path / "roll.png")
    assert (tmp_path / "roll.png").stat().st_size > 1000
    plt.close(roll.ax.figure)


def png_pixels(data: bytes) -> np.ndarray:
    from PIL import Image
    import io
    return np.asarray(Image.open(io.BytesIO(data)))


def test_a_blitted_roll_shows_what_a_fresh_one_shows():
    a, b = M.Tune("C", (A, ODD, A_UP)), M.Tune("C", (A_UP,) * 8)
    fig, roll = R.widget_roll(a)
    first = png_pixels(roll.png())
    for artist in roll.moving:                       # left out of a normal draw: png() draws them
        assert artist.get_animated()
    roll.show(melody.roll_data(b))
    blitted = png_pixels(roll.png())
    fresh = png_pixels(R.widget_roll(b)[1].png())
    assert blitted.shape == fresh.shape == first.shape and blitted.shape[2] == 4
    assert np.array_equal(blitted, fresh) and not np.array_equal(blitted, first)


def test_the_background_is_drawn_again_only_when_it_changes():
    fig, roll = R.widget_roll(M.Tune("C", (A,) * 8))
    roll.png()
    kept = roll.background
    roll.show(melody.roll_data(M.Tune("C", (A_UP,) * 8)))
    assert roll.background is kept                     # same key, same length: the notes move
    roll.show(melody.roll_data(M.Tune("G", (A_UP,) * 8)))
    assert roll.background is None                     # another key: other rows, other ticks
    roll.png()
    roll.show(melody.roll_data(M.Tune("G", (A_UP,) * 9)))
    assert roll.background is None and roll.ax.get_xlim() == (0, 36)   # longer than 8 bars


def test_roll_pair_and_bar_loss_figure():
    fig = R.roll_pair([M.Tune("C", (A,)), M.Tune("G", (ODD,))], ["one", "two"])
    assert [ax.get_title() for ax in fig.axes] == ["one", "two"]
    plt.close(fig)
    fig = R.bar_loss_figure(np.linspace(0.3, 1.7, 8))
    ax = fig.axes[0]
    assert len(ax.patches) == 8 and [t.get_text() for t in ax.get_xticklabels()][4] == "bar 5\nA"
    assert ax.patches[4].get_facecolor() != ax.patches[1].get_facecolor()   # back from earlier
    plt.close(fig)


def test_form_roles():
    assert R.form_roles() == ["new", "after the bar before", "new", "after the bar before",
                              "back from earlier", "after the bar before", "new", "after the bar before"]


def test_bad_input():
    with pytest.raises(TypeError, match="tune must be a Tune"):
        R.piano_roll("tune")
    with pytest.raises(ValueError, match="titles must be one title per tune"):
        R.roll_pair([M.Tune("C", (A,))], ["one", "two"])
    with pytest.raises(ValueError, match="by_bar must hold one loss per bar"):
        R.bar_loss_figure([1.0, 2.0])
