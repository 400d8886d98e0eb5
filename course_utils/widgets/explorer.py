"""Lesson 06's gradient explorer: sliders and menus over vanishing.explorer_data, one live figure.

The numbers come from vanishing.py (theory and measurement), the picture from
figures/vanishing.py; this module only builds the controls, and on every change recomputes,
moves the figure's artists and rewrites the two lines of text.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from ..figures.vanishing import explorer_figure, update_explorer_figure
from ..gradients import CELLS
from ..numerics import ACTIVATIONS
from ..plots import COLORS
from ..validation import check_choice, check_int, check_scalar, check_seed
from ..vanishing import differ_note, explorer_data, measured_text, theory_text
from .live import LiveFigure

# The explorer's ranges. Within them nothing overflows float64 (the largest value is
# 8^199 ~ 1e180), but every function below also handles an overflow reached through the API.
SEQ_LEN_RANGE = (2, 200)
WEIGHT_SCALE_RANGE = (0.25, 8.0)      # a log slider whose grid hits 0.25, 0.5, 1, 2, 4, 8
INPUT_SCALE_RANGE = (0.01, 10.0)


# ---------------------------------------------------------------- the widget

def _snap(value: float, digits: int) -> float:
    """Round to `digits` significant digits: what the slider shows is what is computed
    (a log slider's 10**exponent gives 3.9999999999999996 where it shows 4)."""
    return float(f"{value:.{digits}g}")


def _check_cells(cells) -> tuple:
    if isinstance(cells, str) or not isinstance(cells, (tuple, list)):
        raise TypeError(f"cells must be a tuple of cell names such as ('vanilla',), got {cells!r}")
    if not cells:
        raise ValueError(f"cells must name at least one of {CELLS}, got an empty {type(cells).__name__}")
    for c in cells:
        check_choice("cells entry", c, CELLS)
    return tuple(cells)


def gradient_explorer(seq_len=100, weight_scale=0.9, activation="tanh", input_scale=0.1, *,
                      n_hidden=32, seed=0, cells=("vanilla",)):
    """Sliders for T and lambda_1, menus for the activation (and the cell), one live figure.

    Shows measured ||dL/dh_k|| with Pascanu's bound on a log axis, and two lines of text:
    the measured regime and what theory guarantees. With more than one entry in ``cells``
    (names from gradients.CELLS) a "cell" menu appears; a gated cell ignores the activation
    menu and draws no bound. Returns the widget box; handles for tests are attributes:
    box.seq_len, box.weight_scale, box.activation, box.input_scale, box.cell (None when one
    cell), box.text (HTML), box.live (LiveFigure), box.ax, box.artists, box.state["data"].
    """
    low, high = SEQ_LEN_RANGE
    check_scalar("seq_len", seq_len, int, min_value=low, max_value=high)
    low, high = WEIGHT_SCALE_RANGE
    check_scalar("weight_scale", weight_scale, min_value=low, max_value=high)
    low, high = INPUT_SCALE_RANGE
    check_scalar("input_scale", input_scale, min_value=low, max_value=high)
    check_choice("activation", activation, ACTIVATIONS)
    cells = _check_cells(cells)
    n_hidden = check_int("n_hidden", n_hidden, min_value=1)
    seed = check_seed(seed)

    controls = _explorer_controls(seq_len, weight_scale, activation, input_scale, cells)
    fig, ax, artists = explorer_figure()
    live = LiveFigure(fig)
    text = widgets.HTML(layout=widgets.Layout(max_width="700px"))   # wraps in a narrow window
    state = {"data": None}

    def update(change=None):
        cell = controls["cell"].value if controls["cell"] is not None else cells[0]
        controls["activation"].disabled = cell != "vanilla"
        data = explorer_data(controls["seq_len"].value, _snap(controls["weight_scale"].value, 3),
                             controls["activation"].value,
                             _snap(controls["input_scale"].value, 2),
                             n_hidden=n_hidden, seed=seed, cell=cell)
        state["data"] = data
        update_explorer_figure(ax, artists, data)
        text.value = explorer_html(data)
        live.redraw()

    for w in controls.values():
        if w is not None:
            w.observe(update, names="value")
    update()
    rows = [widgets.HBox([controls["seq_len"], controls["weight_scale"]]),
            widgets.HBox([w for w in (controls["activation"], controls["input_scale"],
                                      controls["cell"]) if w is not None])]
    box = widgets.VBox(rows + [text, live.out])
    for name, w in controls.items():
        setattr(box, name, w)
    box.text, box.live, box.ax, box.artists, box.state = text, live, ax, artists, state
    return box


def _explorer_controls(seq_len, weight_scale, activation, input_scale, cells) -> dict:
    style = {"description_width": "initial"}
    wide, narrow = widgets.Layout(width="320px"), widgets.Layout(width="220px")
    log4 = np.log10(4.0)
    return {
        "seq_len": widgets.IntSlider(value=seq_len, min=SEQ_LEN_RANGE[0], max=SEQ_LEN_RANGE[1],
                                     description="sequence length T", style=style, layout=wide),
        # exponent grid log10(4)/120: it passes exactly through 0.25, 0.5, 1, 2, 4 and 8
        "weight_scale": widgets.FloatLogSlider(value=weight_scale, base=10, min=-log4,
                                               max=np.log10(WEIGHT_SCALE_RANGE[1]),
                                               step=log4 / 120, readout_format=".3g",
                                               description="weight scale λ₁", style=style,
                                               layout=wide),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=activation,
                                       description="activation f", style=style, layout=narrow),
        "input_scale": widgets.FloatLogSlider(value=input_scale, base=10, min=-2, max=1, step=0.1,
                                              readout_format=".2g", description="input scale",
                                              style=style, layout=wide),
        "cell": (widgets.Dropdown(options=list(cells), value=cells[0], description="cell",
                                  style=style, layout=narrow) if len(cells) > 1 else None),
    }


def _html(text: str) -> str:
    return html.escape(text).replace("h_T", "h<sub>T</sub>").replace("a_t", "a<sub>t</sub>")


def explorer_html(data: dict) -> str:
    """The explorer's text: measured regime, theory, and (when they differ) why."""
    colour = {"vanishing": COLORS["blue"], "stable": COLORS["green"],
              "exploding": COLORS["vermillion"]}
    m = data["measured"]
    c = colour[m["regime"]] if m else "black"
    lines = [f"<b style='color:{c}'>{_html(measured_text(data))}</b>", _html(theory_text(data))]
    note = differ_note(data)
    if note:
        lines.append(f"<i>{_html(note)}</i>")
    return "<div style='line-height:1.4'>" + "<br>".join(lines) + "</div>"
