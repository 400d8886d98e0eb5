"""Lesson 04's sentiment explorer: type a sentence, watch the RNN's answer after every word, next to
a bag of words (architectures.sentiment_readout, drawn by figures/sentiment.py)."""
from __future__ import annotations

import ipywidgets as widgets

from ..architectures import sentiment_readout
from ..data import SENTIMENT_SPECIALS, SENTIMENT_VOCAB
from ..figures.sentiment import draw_sentiment, sentiment_figure
from .live import LiveFigure

EXAMPLES = ("it was not bad at all", "not good", "good but boring", "boring but good",
            "the film was really clever", "not a bad movie", "very dull but very good")


def sentiment_explorer(rnn_params, bow_params, sentence="it was not bad at all"):
    """A text box and example menu; the figure redraws on every new sentence. Returns the box."""
    fig, arts = sentiment_figure(rnn_params, bow_params, sentence)
    live = LiveFigure(fig)
    text = widgets.Text(value=sentence, description="sentence", continuous_update=False,
                        layout=widgets.Layout(width="460px"))
    menu = widgets.Dropdown(options=("(examples)",) + EXAMPLES, description="try",
                            layout=widgets.Layout(width="460px"))
    words = SENTIMENT_VOCAB[len(SENTIMENT_SPECIALS):]
    status = widgets.HTML(f"<small>words it knows: {', '.join(words)}</small>")

    def update(change=None):
        try:
            r = sentiment_readout(rnn_params, bow_params, text.value)
        except ValueError as err:
            status.value = f"<b>{err}</b>"
            return
        status.value = f"<small>words it knows: {', '.join(words)}</small>"
        draw_sentiment(arts, r)
        live.redraw()

    def pick(change):
        if change["new"] in EXAMPLES:
            text.value = change["new"]

    text.observe(update, names="value")
    menu.observe(pick, names="value")
    live.redraw()
    box = widgets.VBox([text, menu, status, live.out])
    box.live, box.text, box.menu, box.status = live, text, menu, status   # handles for tests
    return box
