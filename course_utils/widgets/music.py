"""Lesson 04b's tune maker: a temperature, a first bar, a key and a tune number; the RNN writes a new
tune (musicmodel.new_tune), its piano roll is redrawn (figures/music.py) and its player reloaded.

The roll is blitted (PianoRoll.png: only the notes, bar lines and labels are drawn for a new tune),
and the picture is shown before the sound is encoded, so a move answers with a picture first.
"""
from __future__ import annotations

import ipywidgets as widgets
from IPython.display import Image, display

from ..audio import synthesize, wav_data
from ..data.music import KEYS, motif_bar
from ..figures.music import widget_roll
from ..melody import describe_tune
from ..musicmodel import new_tune
from ..validation import check_choice, check_positive_float, check_seed

# The menu's first bars: a figure of data.music.FIGURES played with a rhythm (eighths), in the key.
FIRST_BARS = {"none (the key alone)": None,
              "arpeggio, long-short": ("arpeggio", (3, 1, 3, 1)),
              "run up, even": ("run up", (2, 2, 2, 2)),
              "turn, ending long": ("turn", (1, 1, 2, 4)),
              "leap and fill, long first": ("leap and fill", (4, 2, 1, 1)),
              "neighbour, dotted": ("neighbour", (3, 1, 2, 2))}


def first_bar_notes(name, key):
    """The notes of the menu entry ``name`` of FIRST_BARS in ``key`` (None for the key alone)."""
    choice = FIRST_BARS[check_choice("first_bar", name, tuple(FIRST_BARS))]
    return None if choice is None else motif_bar(key, *choice)


def tune_maker(params, *, temperature=0.8, first_bar="arpeggio, long-short", key="C", seed=0):
    """Sliders for the temperature and the tune number, menus for the first bar and the key; the
    RNN ``params`` (musicmodel.train_melody_rnn) writes a tune, shown as a piano roll with a
    line on its measures and a player. Returns the widget box."""
    check_positive_float("temperature", temperature)
    first = first_bar_notes(first_bar, check_choice("key", key, tuple(KEYS)))
    tune = new_tune(params, temperature=temperature, first_bar=first, key=key, seed=check_seed(seed))
    fig, roll = widget_roll(tune["tune"])
    style, wide = {"description_width": "initial"}, widgets.Layout(width="420px")
    temp = widgets.FloatSlider(value=temperature, min=0.2, max=1.5, step=0.1, description="temperature",
                               readout_format=".1f", style=style, layout=wide)
    number = widgets.IntSlider(value=seed, min=0, max=99, description="tune number (seed)",
                               style=style, layout=wide)
    bars = widgets.Dropdown(options=tuple(FIRST_BARS), value=first_bar, description="first bar",
                            style=style, layout=wide)
    keys = widgets.Dropdown(options=tuple(KEYS), value=key, description="key", style=style)
    out, status = widgets.Output(), widgets.HTML()
    player = widgets.Audio(format="wav", autoplay=False, controls=True, layout=widgets.Layout(width="420px"))

    def update(change=None):
        made = new_tune(params, temperature=temp.value, first_bar=first_bar_notes(bars.value, keys.value),
                        key=keys.value, seed=number.value)
        roll.show(made["roll"])
        with out:
            out.clear_output(wait=True)
            display(Image(data=roll.png(), format="png"))
        box.draws += 1
        status.value = f"<small>this tune: {describe_tune(made['tune'])}</small>"
        player.value = wav_data(synthesize(made["tune"]))      # after the picture: the sound comes second

    box = widgets.VBox([widgets.HBox([temp, keys]), widgets.HBox([number, bars]), out, status, player])
    box.draws, box.fig, box.roll, box.out, box.player, box.status = 0, fig, roll, out, player, status
    box.temperature, box.number, box.first_bar, box.key = temp, number, bars, keys    # handles for tests
    for control in (temp, number, bars, keys):
        control.observe(update, names="value")
    update()
    return box
