"""Lesson 02's time stepper: a slider for t and a choice of random or trained weights.

Both forward passes are computed once (stepper.walk); moving the slider only moves the artists
of the figure (figures/stepper.py) to another step.
"""
from __future__ import annotations

import ipywidgets as widgets

from ..figures.stepper import show_step, stepper_figure
from ..stepper import fit_word, walk
from .live import LiveFigure


def time_stepper(word="tomorrow", *, n_hidden=8, steps=40, seed=0):
    """A slider for t and a choice of random or trained weights; returns the widget box.

    Both forward passes are computed here, once; the slider only updates bar heights and texts.
    """
    walks = {"random": walk(fit_word(word, n_hidden=n_hidden, steps=0, seed=seed), word),
             "trained": walk(fit_word(word, n_hidden=n_hidden, steps=steps, seed=seed), word)}
    fig, art = stepper_figure(walks["trained"])
    live = LiveFigure(fig)
    T = len(word) - 1
    slider = widgets.IntSlider(value=1, min=1, max=T, step=1, description="step t",
                               continuous_update=True, layout=widgets.Layout(width="420px"))
    weights = widgets.ToggleButtons(options=[("random weights", "random"),
                                             (f"after {steps} training steps", "trained")],
                                    value="trained", description="weights",
                                    style={"button_width": "auto"})

    def update(change=None):
        box.view = show_step(walks[weights.value], art, slider.value)
        live.redraw()

    box = widgets.VBox([widgets.HBox([slider, weights]), live.out])
    slider.observe(update, names="value")
    weights.observe(update, names="value")
    update()
    box.live, box.slider, box.weights, box.walks, box.artists = live, slider, weights, walks, art
    return box
