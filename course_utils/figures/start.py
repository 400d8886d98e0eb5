"""Lesson 00's figure: a sine wave, the picture of the first slider (the static twin, and what
widgets/start.py redraws)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..plots import COLORS
from ..validation import check_positive_float

T_GRID = np.linspace(0.0, 1.0, 400)


def sine_wave(frequency) -> np.ndarray:
    """sin(2 pi f t) on 400 points of t in [0, 1] s."""
    frequency = check_positive_float("frequency", frequency)
    return np.sin(2 * np.pi * frequency * T_GRID)


def sine_figure(frequency=3.0):
    """A static figure of the wave: what the slider shows, for viewers that run no code."""
    fig, ax = plt.subplots(figsize=(6.5, 2.6))
    line, = ax.plot(T_GRID, sine_wave(frequency), color=COLORS["blue"], lw=2)
    ax.set(xlabel="time t (s)", ylabel="sin(2πft)", ylim=(-1.15, 1.15),
           title=f"A sine wave at f = {frequency:g} Hz")
    fig.tight_layout()
    return fig, ax, line
