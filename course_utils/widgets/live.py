"""One figure that a widget redraws in place: data changes, the figure object stays.

Every move of a slider redraws a matplotlib figure, and a learner waits for it, so the redraw
is made cheap (measured by benchmarks/bench_widgets.py): exactly one Agg draw per change (no
second pass to find a tight bounding box, no layout engine after the first draw), encoded by
``png_bytes`` (no filtering, zlib level 1: 2-3x faster than Pillow's default and about the same
size for a plot), and shown by an ``ipywidgets.Image``, which sends the bytes as a binary
message and only swaps the picture's source in the page.
"""
from __future__ import annotations

import struct
import zlib

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ..validation import check_array

PNG_LEVEL = 1          # zlib level: 1 is the fastest that still shrinks a plot ~20x


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


class LiveFigure:
    """Holds a matplotlib figure and the Image widget that shows it.

    Build the figure once, change its artists (set_data, set_text, ...), then call
    ``redraw()``: the figure is drawn again and the same Image widget shows the new picture,
    so a slider never piles up figures and never leaks memory.
    """

    def __init__(self, fig):
        self.fig = fig
        plt.close(fig)        # the inline backend must not show it a second time by itself
        self.canvas = FigureCanvasAgg(fig)     # drawn here, whatever backend the kernel uses
        self.image = widgets.Image(format="png")
        self.draws = 0        # how many times it was drawn: tests read this
        self.full_draws = 0   # ... and how many of those drew everything

    def render(self, *, full=True) -> None:
        """Draw the figure into its canvas."""
        self.canvas.draw()
        if self.fig.get_layout_engine() is not None:
            self.fig.set_layout_engine("none")   # laid out once: keep it, measure no more
        self.full_draws += 1

    def encode(self) -> bytes:
        return png_bytes(self.canvas.buffer_rgba())

    def redraw(self, *, full=True) -> None:
        self.render(full=full)
        self.image.value = self.encode()
        self.draws += 1
