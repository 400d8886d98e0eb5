"""Draws the course's diagrams into images/ (``python3 course.py images``).

Each diagram is a function returning a matplotlib figure, registered with @diagram("name.png").
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

DIAGRAMS: dict = {}


def diagram(filename: str):
    """Register a figure-making function as the source of images/<filename>."""
    def register(fn):
        DIAGRAMS[filename] = fn
        return fn
    return register


def save(fig, path: Path) -> Path:
    # No software/date metadata, so redrawing an unchanged diagram gives the same bytes.
    fig.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None},
                facecolor="white")
    return path


def draw_all(outdir) -> list[Path]:
    """Draw every registered diagram into ``outdir``; returns the paths written."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, make in sorted(DIAGRAMS.items()):
        fig = make()
        written.append(save(fig, outdir / filename))
        plt.close(fig)
    return written
