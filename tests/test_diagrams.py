"""The diagrams in images/ are drawn by code: every registered one draws, and draw_all writes them."""
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from course_utils.diagrams import DIAGRAMS, draw_all

IMAGES = Path(__file__).resolve().parent.parent / "images"


def test_lesson_02_diagram_is_registered():
    assert "rnn_unrolled.png" in DIAGRAMS


@pytest.mark.parametrize("filename", sorted(DIAGRAMS))
def test_every_diagram_draws_a_figure_with_text(filename):
    fig = DIAGRAMS[filename]()
    try:
        assert isinstance(fig, Figure)
        texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]
        assert any(texts), f"{filename} has no labels"
    finally:
        plt.close(fig)


@pytest.mark.parametrize("filename", sorted(DIAGRAMS))
def test_every_diagram_is_committed_in_images(filename):
    assert (IMAGES / filename).is_file(), f"run `python3 course.py images` and commit images/{filename}"


def test_rnn_unrolled_labels_every_shared_weight():
    fig = DIAGRAMS["rnn_unrolled.png"]()
    texts = [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)
    # folded cell + 4 unrolled columns, each with W_hx and W_s; W_hh on the loop and between steps
    assert texts.count(r"$W_{hx}$") >= 5 and texts.count(r"$W_{s}$") >= 5
    assert texts.count(r"$W_{hh}$") >= 5
    assert r"$h_0$" in texts and r"$\hat y_{T}$" in texts and r"$x_{1}$" in texts


def test_draw_all_writes_a_png_per_diagram_and_redraws_the_same_bytes(tmp_path):
    written = draw_all(tmp_path / "a")
    assert sorted(p.name for p in written) == sorted(DIAGRAMS)
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = draw_all(tmp_path / "b")
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in again]
