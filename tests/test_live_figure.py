"""widgets/live.py: the machinery every widget redraws through.

png_bytes is a PNG any reader decodes to the canvas's exact pixels; a LiveFigure draws once
per redraw, into an Image widget, and lays its figure out once.
"""
from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from course_utils.widgets.live import LiveFigure, png_bytes


def decode(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def test_png_bytes_decodes_to_the_exact_pixels():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    png = png_bytes(rgba)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    np.testing.assert_array_equal(decode(png), rgba)


@pytest.mark.parametrize("bad, error", [(np.zeros((4, 4, 3), np.uint8), ValueError),
                                        (np.zeros((4, 4), np.uint8), ValueError),
                                        (np.zeros((4, 4, 4)), TypeError)])
def test_png_bytes_rejects_what_is_not_rgba_bytes(bad, error):
    with pytest.raises(error, match="rgba"):
        png_bytes(bad)


def test_live_figure_draws_once_per_redraw_and_freezes_the_layout():
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.plot([1, 2, 3])
    live = LiveFigure(fig)
    assert plt.fignum_exists(fig.number) is False          # never shown a second time inline
    live.redraw()
    position = ax.get_position().bounds
    ax.set_ylabel("a much longer label than before, which a layout engine would make room for")
    live.redraw()
    assert live.draws == 2 and live.full_draws == 2
    assert ax.get_position().bounds == position
    assert decode(live.image.value).shape[:2] == (300, 400)
