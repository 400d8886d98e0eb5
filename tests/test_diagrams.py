"""The diagrams in images/ are drawn by code: every registered one draws, draw_all writes them,
and what is committed in images/ is what the code draws now.

The comparison is made with the pinned matplotlib (requirements-lock.txt), which draws the same
pixels on every machine: images/<name> and a fresh drawing must have the same size, and at most
MAX_CHANGED_PIXELS pixels may differ by more than PIXEL_TOLERANCE of 255 levels in any colour
channel (room for a rasteriser's rounding, none for a changed line: moving one label by a twentieth
of a unit, or widening one box's edge from 1.1 to 1.4 points, changes 500 or more).
"""
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.image import imread

from course_utils.diagrams import DIAGRAMS, draw_all, save

IMAGES = Path(__file__).resolve().parent.parent / "images"
PIXEL_TOLERANCE = 8          # of 255 levels, in any of R, G, B
MAX_CHANGED_PIXELS = 20


def changed_pixels(expected: Path, actual: Path) -> int:
    """How many pixels differ by more than PIXEL_TOLERANCE; -1 when the sizes differ."""
    a, b = imread(expected)[..., :3], imread(actual)[..., :3]
    if a.shape != b.shape:
        return -1
    return int(np.sum(np.abs(a - b).max(axis=-1) * 255 > PIXEL_TOLERANCE))


@pytest.fixture(scope="module")
def drawn_now(tmp_path_factory):
    """Every diagram drawn by the current code, once for the module: {filename: path}."""
    return {p.name: p for p in draw_all(tmp_path_factory.mktemp("diagrams"))}


@pytest.mark.parametrize("filename", sorted(DIAGRAMS))
def test_every_diagram_draws_a_figure_with_text(filename):
    fig = DIAGRAMS[filename]()
    assert isinstance(fig, Figure)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]
    assert any(texts), f"{filename} has no labels"


@pytest.mark.parametrize("filename", sorted(DIAGRAMS))
def test_images_are_what_the_drawing_code_draws_now(filename, drawn_now):
    committed = IMAGES / filename
    assert committed.is_file(), f"run `python3 course.py images` and commit images/{filename}"
    changed = changed_pixels(committed, drawn_now[filename])
    assert changed != -1, f"images/{filename} has another size than the code draws: redraw it"
    assert changed <= MAX_CHANGED_PIXELS, (
        f"images/{filename} differs from what diagrams.py draws now in {changed} pixels: "
        "run `python3 course.py images` and commit the result")


def test_the_comparison_sees_a_small_change(tmp_path, drawn_now):
    fig = DIAGRAMS["rnn_unrolled.png"]()
    label = next(t for t in fig.axes[0].texts if t.get_text() == "folded")
    label.set_x(label.get_position()[0] + 0.05)               # a twentieth of a unit to the right
    moved = save(fig, tmp_path / "moved.png")
    assert changed_pixels(drawn_now["rnn_unrolled.png"], moved) > 10 * MAX_CHANGED_PIXELS


def test_rnn_unrolled_labels_every_shared_weight():
    fig = DIAGRAMS["rnn_unrolled.png"]()
    texts = [t.get_text() for t in fig.axes[0].texts]
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
