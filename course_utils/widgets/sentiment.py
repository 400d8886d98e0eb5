"""Lesson 04: type a sentence, watch the RNN's answer after every word, next to a bag of words."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..architectures import N_WORDS, positive_trace
from ..baselines import bag_of_words, bow_probs
from ..data import SENTIMENT_SPECIALS, SENTIMENT_VOCAB, encode_sentences, sentiment_grammar
from ..plots import COLORS
from ._live import LiveFigure

MAX_WORDS = 12
EXAMPLES = ("it was not bad at all", "not good", "good but boring", "boring but good",
            "the film was really clever", "not a bad movie", "very dull but very good")
_SENTENCES = frozenset(sentiment_grammar())   # where an answer was trained: a sentence's last word


def sentiment_readout(rnn_params, bow_params, sentence) -> dict:
    """What both models say about ``sentence`` (words from SENTIMENT_VOCAB, at most MAX_WORDS).

    Returns {"words": list, "trace": (n,) RNN P(positive) after each word,
             "ends": (n,) bool, True where the words so far form a sentence of the grammar
             (the only places an output was trained), "rnn": trace[-1], "bow": the bag of words' P(positive)}.
    Raises ValueError for an empty sentence, an unknown word, or more than MAX_WORDS words.
    """
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a string, got {type(sentence).__name__}")
    words = sentence.split()
    if len(words) > MAX_WORDS:
        raise ValueError(f"sentence must have at most {MAX_WORDS} words, got {len(words)}")
    known = set(SENTIMENT_VOCAB[len(SENTIMENT_SPECIALS):])
    unknown = [w for w in words if w not in known]
    if unknown or not words:
        raise ValueError(f"sentence must be words from the vocabulary; unknown: {unknown}"
                         if unknown else "sentence must have at least one word, got an empty string")
    ids, mask = encode_sentences([sentence])
    trace = positive_trace(rnn_params, sentence)
    bow = float(bow_probs(bow_params, bag_of_words(ids, mask, N_WORDS))[0, 1])
    ends = np.array([" ".join(words[:k + 1]) in _SENTENCES for k in range(len(words))])
    return {"words": words, "trace": trace, "ends": ends, "rnn": float(trace[-1]), "bow": bow}


def _verdict(p) -> str:
    return f"{'positive' if p > 0.5 else 'negative'} ({p:.2f})"


def sentiment_figure(rnn_params, bow_params, sentence="it was not bad at all"):
    """Static figure: the RNN's P(positive) after each word, and the bag of words' answer."""
    r = sentiment_readout(rnn_params, bow_params, sentence)
    fig, ax = plt.subplots(figsize=(9.0, 3.6))
    ax.axhline(0.5, color="0.5", lw=1, ls=":", label="undecided (0.5)")
    line, = ax.plot([], [], "o-", color=COLORS["blue"], lw=2, ms=7, mfc="white",
                    label="RNN, mid-sentence (untrained)")
    ends, = ax.plot([], [], "o", color=COLORS["blue"], ms=9,
                    label="RNN, a sentence ends here")
    bow = ax.axhline(r["bow"], color=COLORS["orange"], lw=2.5, ls="--",
                     label="bag of words (whole sentence)")
    ax.set(ylim=(-0.05, 1.05), ylabel="P(positive)", xlabel="words read so far")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    arts = {"fig": fig, "ax": ax, "line": line, "ends": ends, "bow": bow}
    _draw(arts, r)
    fig.tight_layout()
    return fig, arts


def _draw(arts, r) -> None:
    n = len(r["words"])
    arts["line"].set_data(np.arange(1, n + 1), r["trace"])
    arts["ends"].set_data(np.flatnonzero(r["ends"]) + 1, r["trace"][r["ends"]])
    arts["bow"].set_ydata([r["bow"], r["bow"]])
    ax = arts["ax"]
    ax.set_xticks(np.arange(1, n + 1), r["words"])
    ax.set_xlim(0.5, max(n, 4) + 0.5)
    ax.set_title(f'"{" ".join(r["words"])}"\nRNN: {_verdict(r["rnn"])}   bag of words: {_verdict(r["bow"])}',
                 fontsize=11)


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
        _draw(arts, r)
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
