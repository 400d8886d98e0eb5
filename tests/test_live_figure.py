"""widgets/live.py: the machinery every widget redraws through.

The fast paths must draw what a plain matplotlib draw draws: blitting the animated artists over
the cached background gives the picture a full draw gives, the text cache pastes what FreeType
would have rendered (to a quarter pixel), and png_bytes is a PNG any reader decodes to the
canvas's exact pixels.
"""
from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from course_utils.widgets.live import LiveFigure, TextCache, png_bytes


def decode(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def plain_pixels(fig) -> np.ndarray:
    """The figure drawn the ordinary way, by a canvas of its own."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.array(canvas.buffer_rgba())


def differing_share(a: np.ndarray, b: np.ndarray, threshold: int = 0) -> float:
    return float(np.mean(np.abs(a.astype(int) - b.astype(int)).max(axis=-1) > threshold))


def wave_figure():
    fig, ax = plt.subplots(figsize=(4, 2.5), dpi=80)
    x = np.linspace(0, 1, 200)
    line, = ax.plot(x, np.sin(6 * x))
    ax.set(title="a wave", xlabel="time (s)", ylabel="value", ylim=(-1.2, 1.2))
    ax.legend([line], ["sin"], loc="upper right")
    return fig, ax, line


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


def test_text_cache_draws_what_freetype_draws_and_reuses_it():
    fig, ax, _ = wave_figure()
    ax.text(0.3, 0.2, "rotated", rotation=30, transform=ax.transAxes, color="tab:red")
    ax.set_ylabel("value (rotated 90°)")
    reference = plain_pixels(fig)
    canvas = FigureCanvasAgg(fig)
    cache = TextCache()
    cache.install(canvas.get_renderer())
    canvas.draw()
    first = np.array(canvas.buffer_rgba())
    canvas.draw()
    assert cache.misses > 0 and cache.hits >= cache.misses      # the second draw pasted every string
    np.testing.assert_array_equal(np.array(canvas.buffer_rgba()), first)
    # placed to a quarter pixel: only antialiased edges differ, and only a little
    assert differing_share(first, reference, threshold=64) < 0.002
    assert differing_share(first, reference) < 0.05
    plt.close(fig)


def test_text_cache_forgets_the_least_recently_used_picture():
    cache = TextCache(size=2)
    fig = plt.figure(figsize=(2, 1), dpi=50)
    canvas = FigureCanvasAgg(fig)
    cache.install(canvas.get_renderer())
    text = fig.text(0.1, 0.5, "")
    for s in ("a", "b", "c"):
        text.set_text(s)
        canvas.draw()
    assert len(cache.pictures) == 2 and [k[0] for k in cache.pictures] == ["b", "c"]
    plt.close(fig)


def test_blitting_draws_what_a_full_draw_draws():
    fig, ax, line = wave_figure()
    live = LiveFigure(fig, animated=[line, ax.title, ax.get_legend()])
    live.redraw()
    for f in (2.0, 9.0):
        line.set_ydata(np.sin(f * line.get_xdata()))
        ax.set_title(f"a wave at {f:g}")
        live.redraw()
        blitted = decode(live.image.value)
        live.redraw(full=True)
        np.testing.assert_array_equal(decode(live.image.value), blitted)
    assert (live.draws, live.full_draws) == (5, 3)


def test_steady_artists_are_drawn_again_only_when_asked():
    fig, ax, line = wave_figure()
    live = LiveFigure(fig, animated=[line, ax.title], steady=[ax.yaxis])
    live.redraw()
    for f, limits in ((2.0, None), (9.0, (-2.0, 2.0)), (4.0, None)):
        line.set_ydata(np.sin(f * line.get_xdata()))
        if limits:
            ax.set_ylim(*limits)
        live.redraw(steady=limits is not None)
        blitted = decode(live.image.value)
        live.redraw(full=True)
        np.testing.assert_array_equal(decode(live.image.value), blitted)
    ax.set_ylim(-3.0, 3.0)
    live.redraw()                # not asked: the y axis stays as it was drawn
    live.render(full=True)
    assert not np.array_equal(decode(live.image.value), np.array(live.canvas.buffer_rgba()))
    assert (live.draws, live.full_draws) == (8, 5)


def test_live_figure_draws_once_per_redraw_and_freezes_the_layout():
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.plot([1, 2, 3])
    live = LiveFigure(fig)
    assert plt.fignum_exists(fig.number) is False          # never shown a second time inline
    live.redraw()
    position = ax.get_position().bounds
    ax.set_ylabel("a much longer label than before, which a layout engine would make room for")
    live.redraw()
    assert live.draws == 2 and live.full_draws == 2        # nothing animated: every draw is full
    assert ax.get_position().bounds == position
    assert decode(live.image.value).shape[:2] == (300, 400)
