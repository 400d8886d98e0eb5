"""One figure that a widget redraws in place: data changes, the figure object stays.

Every move of a slider redraws a matplotlib figure, and a learner waits for it, so the redraw
is made cheap in three ways, each measured (benchmarks/bench_widgets.py):

- Blitting: the artists that change are declared ``animated``; everything else (axes, ticks,
  labels, images, legends) is drawn once into a background that every redraw copies back
  before drawing only the animated artists over it. A change that moves the axes themselves
  asks for a full draw (``redraw(full=True)``).
- Text drawn once: with matplotlib's FreeType text, laying out and rasterising the strings
  (tick labels, titles) is most of a draw. A TextCache keeps each string's picture and pastes
  it again wherever the same string, font, colour and angle come back (placed to a quarter
  pixel: the difference from a fresh rendering is invisible).
- A cheap picture: exactly one Agg draw per change (no second pass to find a tight bounding
  box), encoded by ``png_bytes`` (no filtering, zlib level 1: 2-3x faster than Pillow's
  default and about the same size for a plot), and shown by an ``ipywidgets.Image``, which
  sends the bytes as a binary message and only swaps the picture's source in the page.
"""
from __future__ import annotations

import math
import struct
import zlib
from collections import OrderedDict

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

from ..validation import check_array, check_int

PNG_LEVEL = 1          # zlib level: 1 is the fastest that still shrinks a plot ~20x
SUBPIXEL = 4           # text is placed to 1/SUBPIXEL of a pixel


def png_bytes(rgba) -> bytes:
    """An 8-bit RGBA PNG of an (h, w, 4) uint8 array (e.g. a canvas's buffer_rgba())."""
    a = check_array("rgba", np.asarray(rgba), shape=(None, None, 4))
    if a.dtype != np.uint8:
        raise TypeError(f"rgba must hold uint8 values (0-255), got dtype {a.dtype}")
    h, w = a.shape[:2]
    rows = np.zeros((h, 4 * w + 1), dtype=np.uint8)     # each row starts with filter type 0
    rows[:, 1:] = a.reshape(h, 4 * w)

    def chunk(tag: bytes, data) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(tag)))

    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)   # 8 bits, RGBA, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, PNG_LEVEL)) + chunk(b"IEND", b""))


class TextCache:
    """Remembers the picture of every string an Agg renderer draws, and pastes it back.

    ``install(renderer)`` routes the renderer's draw_text through the cache. A string's
    picture depends on its text, font, size, colour, angle, the renderer's dpi and where it
    falls within a pixel (to 1/SUBPIXEL); a clip applies when it is pasted. Text with a forced
    alpha, or drawn by TeX, is drawn as usual. At most ``size`` pictures are kept, the least recently used go first.
    """

    def __init__(self, size=2048):
        self.size = check_int("size", size, min_value=1)
        self.pictures: OrderedDict = OrderedDict()
        self.hits = self.misses = 0

    def install(self, renderer):
        if getattr(renderer, "text_cache", None) is self:
            return renderer
        direct = renderer.draw_text

        def draw_text(gc, x, y, s, prop, angle, ismath=False, mtext=None):
            if gc.get_forced_alpha() or ismath == "TeX":      # rare: drawn as usual
                return direct(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
            return self.draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)

        renderer.text_cache, renderer.draw_text = self, draw_text
        return renderer

    def draw_text(self, renderer, gc, x, y, s, prop, angle, ismath=False, mtext=None) -> None:
        """RendererAgg.draw_text's arguments (x, y: the text's origin, y downwards)."""
        xi, yi = math.floor(x), math.floor(y)
        fx, fy = (round((v - vi) * SUBPIXEL) / SUBPIXEL for v, vi in ((x, xi), (y, yi)))
        shaping = None if mtext is None else tuple(
            str(getattr(mtext, name, lambda: None)()) for name in ("get_fontfeatures", "get_language"))
        key = (s, prop.copy(), float(angle), ismath, tuple(gc.get_rgb()), gc.get_antialiased(),
               renderer.dpi, fx, fy, shaping)
        picture = self.pictures.get(key)
        if picture is None:
            self.misses += 1
            picture = self.pictures[key] = self._rasterise(renderer, gc, s, prop, angle, ismath,
                                                           mtext, fx, fy)
            if len(self.pictures) > self.size:
                self.pictures.popitem(last=False)
        else:
            self.hits += 1
            self.pictures.move_to_end(key)
        image, ox, oy = picture
        # draw_image takes the lower-left corner, y upwards, and rows from the bottom up
        renderer.draw_image(gc, xi - ox, renderer.height - (yi - oy + image.shape[0]), image)

    @staticmethod
    def _rasterise(renderer, gc, s, prop, angle, ismath, mtext, fx, fy, pad=3):
        """The string drawn alone on a transparent canvas just big enough for it: (image,
        ox, oy) with (ox, oy) the pixel of the canvas that holds the text's origin."""
        w, h, d = renderer.get_text_width_height_descent(s, prop, ismath)
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        xs, ys = zip(*((u * cos - v * sin, u * sin + v * cos) for u in (0, w) for v in (-d, h - d)))
        ox, oy = math.ceil(-min(xs)) + pad, math.ceil(max(ys)) + pad
        alone = RendererAgg(ox + math.ceil(max(xs)) + pad + 1, oy + math.ceil(-min(ys)) + pad + 1,
                            renderer.dpi)
        gc_alone = alone.new_gc()
        gc_alone.copy_properties(gc)
        gc_alone.set_clip_rectangle(None)
        gc_alone.set_clip_path(None)
        RendererAgg.draw_text(alone, gc_alone, ox + fx, oy + fy, s, prop, angle, ismath, mtext)
        gc_alone.restore()
        return np.ascontiguousarray(np.asarray(alone.buffer_rgba())[::-1]), ox, oy


class LiveFigure:
    """Holds a matplotlib figure and the Image widget that shows it.

    Build the figure once, change its artists (set_data, set_text, ...), then call
    ``redraw()``: the figure is drawn again (only ``animated`` artists over the cached
    background, unless ``full=True`` or nothing is cached yet) and the same Image widget
    shows the new picture, so a slider never piles up figures and never leaks memory.
    ``animated`` lists the artists a widget changes, and any artist that must stay above
    them (e.g. a legend they would pass under); they are drawn in order of zorder.
    ``steady`` lists artists that change now and then (e.g. an axis whose limits rarely move):
    drawn over the background once, kept in a second background with it, and drawn again
    only after ``redraw(steady=True)``. They are drawn before every animated artist, so
    they must lie below those they overlap.
    """

    def __init__(self, fig, animated=(), *, steady=()):
        self.fig = fig
        plt.close(fig)        # the inline backend must not show it a second time by itself
        self.canvas = FigureCanvasAgg(fig)     # drawn here, whatever backend the kernel uses
        self.animated = sorted(animated, key=lambda a: a.get_zorder())
        self.steady = sorted(steady, key=lambda a: a.get_zorder())
        for artist in self.animated + self.steady:
            artist.set_animated(True)
        self.text_cache = TextCache()
        self.background = None
        self.steady_background = None
        # at its own size: a box stretches its children to its width, which would blow a small
        # picture up into a blurred one
        self.image = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start"))
        self.draws = 0        # how many times it was drawn: tests read this
        self.full_draws = 0   # ... and how many of those drew everything

    def render(self, *, full=False, steady=False) -> None:
        """Draw the figure into its canvas: everything, or the animated artists over the
        background (and the steady ones too when ``steady``, or over their own background)."""
        renderer = self.text_cache.install(self.canvas.get_renderer())
        blits = self.animated or self.steady
        if full or self.background is None:
            self.canvas.draw()                 # draws every artist that is not animated
            if self.fig.get_layout_engine() is not None:
                self.fig.set_layout_engine("none")   # laid out once: keep it, measure no more
            self.background = self.canvas.copy_from_bbox(self.fig.bbox) if blits else None
            self.steady_background = None
            self.full_draws += 1
        elif not self.steady or steady or self.steady_background is None:
            self.canvas.restore_region(self.background)
        if self.steady and (steady or self.steady_background is None):
            for artist in self.steady:
                artist.draw(renderer)
            self.steady_background = self.canvas.copy_from_bbox(self.fig.bbox)
        elif self.steady:
            self.canvas.restore_region(self.steady_background)
        for artist in self.animated:
            artist.draw(renderer)

    def encode(self) -> bytes:
        return png_bytes(self.canvas.buffer_rgba())

    def redraw(self, *, full=False, steady=False) -> None:
        self.render(full=full, steady=steady)
        self.image.value = self.encode()
        self.draws += 1
