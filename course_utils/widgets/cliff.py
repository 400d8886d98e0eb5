"""Lesson 07's clipping slider: the threshold of norm clipping, over cliff_figure."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..cliff import LR, gradient_step, wall_point
from ..figures.cliff import cliff_figure, step_summary
from .live import LiveFigure


def cliff_explorer(threshold=20.0, *, lr=LR):
    """A clipping-threshold slider over cliff_figure. Returns the widget box."""
    fig, (ax, ax2), artists = cliff_figure(threshold, lr=lr)
    live = LiveFigure(fig)
    w0, b0 = wall_point()
    plain = gradient_step(w0, b0, lr)
    slider = widgets.FloatLogSlider(value=threshold, base=10, min=0, max=np.log10(plain["norm"]),
                                    step=0.05, description="clipping threshold",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="480px"), readout_format=".3g")

    def update(change=None):
        step = gradient_step(w0, b0, lr, slider.value)
        artists["clipped_arrow"].xy = tuple(step["end"])
        artists["zoom_step"].set_data(*np.transpose([step["start"], step["end"]]))
        artists["clip_dot"].set_data([step["end"][0]], [step["end"][1]])
        artists["clip_line"].set_xdata([step["length"], step["length"]])
        artists["text"].set_text(step_summary(plain, step, slider.value))
        live.redraw()

    slider.observe(update, names="value")
    update()
    box = widgets.VBox([slider, live.out])
    box.live, box.slider, box.artists = live, slider, artists     # handles for tests
    return box
