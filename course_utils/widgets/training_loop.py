"""Lesson 01's training widget: a learning rate, "train N more steps" and "reset", over one network.

The network and its loss curves are a TrainingRun (training_loop.py); the picture is
figures/training_loop.py's, built once and moved to the run's latest step after every click.
"""
from __future__ import annotations

import ipywidgets as widgets

from ..figures.training_loop import training_figure, update_training_figure
from ..training_loop import TrainingRun
from ..validation import check_scalar
from .live import LiveFigure


def training_loop_widget(data, *, lr=0.5, n_hidden=16, seed=0):
    """A learning-rate slider (log scale), "train N more steps" and "reset" buttons, redrawing
    the loss curves and the decision boundary of one network in one figure. Returns the box."""
    lr = check_scalar("lr", lr, min_value=1e-3, max_value=100.0)   # the slider's range
    run = TrainingRun(data, n_hidden=n_hidden, seed=seed)
    fig, ax_loss, view = training_figure(run, data)
    ax_map = view.ax
    # Blitted: the figure, the frames and the map's ticks stay. The curves, titles and legend
    # (which moves to where the curves leave room) move; on the map the probabilities, the
    # boundary and the title move, and the points are drawn again over them. Spines are drawn
    # again so that every mark keeps its place above or below them. Both axes of the loss are
    # steady: drawn again only when the run outgrows the step axis (it grows in jumps, see
    # step_axis_end) or a loss leaves its limits.
    live = LiveFigure(fig, animated=[*ax_loss.lines, ax_loss.title,
                                     ax_loss.get_legend(), *ax_loss.spines.values(),
                                     view.image, *ax_map.collections, ax_map.title,
                                     *ax_map.spines.values()],
                      steady=[ax_loss.xaxis, ax_loss.yaxis])
    slider = widgets.FloatLogSlider(value=lr, base=10, min=-3, max=2, step=0.1, readout_format=".3g",
                                    description="learning rate", continuous_update=False,
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="360px"))
    n_more = widgets.Dropdown(options=[10, 50, 200, 1000], value=50, description="steps per click",
                              style={"description_width": "initial"}, layout=widgets.Layout(width="190px"))
    button = widgets.Button(description="train 50 more steps", button_style="primary",
                            layout=widgets.Layout(width="190px"))
    reset = widgets.Button(description="reset to the random start", layout=widgets.Layout(width="200px"))
    status = widgets.Label(value=run.status())

    def redraw():
        limits = ax_loss.get_xlim(), ax_loss.get_ylim()
        update_training_figure(ax_loss, view, run)
        live.redraw(steady=(ax_loss.get_xlim(), ax_loss.get_ylim()) != limits)

    def on_train(_=None):
        status.value = run.train_more(slider.value, n_more.value)
        redraw()

    def on_reset(_=None):
        run.reset()
        status.value = run.status()
        redraw()

    def on_n_more(change):
        button.description = f"train {change['new']} more steps"

    button.on_click(on_train)
    reset.on_click(on_reset)
    n_more.observe(on_n_more, names="value")
    redraw()
    # the step axis' label stays where the first draw placed it (the tick labels under it are
    # digits, always as tall): placing it again at every click was a third of the axis' draw
    for axis in (ax_loss.xaxis, ax_loss.yaxis):     # the loss axis' label too: powers of ten (a
        label = axis.label                          # diverging run) would push it off the picture
        axis.set_label_coords(*label.get_position(), transform=label.get_transform())
    box = widgets.VBox([widgets.HBox([slider, n_more]), widgets.HBox([button, reset]), status, live.image])
    box.run, box.live, box.fig = run, live, fig          # handles for tests
    box.slider, box.n_more, box.button, box.reset = slider, n_more, button, reset
    return box
