"""One figure that a widget redraws in place: data changes, the figure object stays."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display


class LiveFigure:
    """Holds a matplotlib figure and the Output widget that shows it.

    Build the figure once, change its artists (set_data, set_text, ...), then call
    ``redraw()``: the same figure is drawn again into the same Output area, so a slider
    never piles up new figures and never leaks memory.
    """

    def __init__(self, fig):
        self.fig = fig
        self.out = widgets.Output()
        self.draws = 0        # how many times it was drawn: tests read this
        plt.close(fig)        # the inline backend must not show it a second time by itself

    def redraw(self) -> None:
        self.draws += 1
        with self.out:
            self.out.clear_output(wait=True)
            display(self.fig)
