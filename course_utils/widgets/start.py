"""Lesson 00: the smallest working widget, to prove the set-up renders sliders and figures."""
from __future__ import annotations

import ipywidgets as widgets

from ..figures.start import sine_figure, sine_wave
from .live import LiveFigure


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
