"""Lesson 00: the smallest working widget, to prove the set-up renders sliders and figures."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..validation import check_positive_float
from ..plots import COLORS
from ._live import LiveFigure

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


def sine_slider(frequency=3.0):
    """A frequency slider (Hz) redrawing a sine wave. Returns the widget box."""
    fig, ax, line = sine_figure(frequency)
    live = LiveFigure(fig)
    slider = widgets.FloatSlider(value=frequency, min=0.5, max=10.0, step=0.5,
                                 description="frequency (Hz)", continuous_update=True,
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width="420px"))

    def update(change=None):
        f = slider.value
        line.set_ydata(sine_wave(f))
        ax.set_title(f"A sine wave at f = {f:g} Hz")
        live.redraw()

    slider.observe(update, names="value")
    update()
    box = widgets.VBox([slider, live.out])
    box.live, box.slider = live, slider     # handles for tests
    return box
