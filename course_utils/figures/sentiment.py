"""Lesson 04's sentiment figure: the RNN's P(positive) after each word of one sentence, next to the
bag of words' single answer (architectures.sentiment_readout). The widget redraws it with ``draw_sentiment``.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..architectures import sentiment_readout
from ..plots import COLORS


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
    draw_sentiment(arts, r)
    fig.tight_layout()
    return fig, arts


def draw_sentiment(arts, r) -> None:
    n = len(r["words"])
    arts["line"].set_data(np.arange(1, n + 1), r["trace"])
    arts["ends"].set_data(np.flatnonzero(r["ends"]) + 1, r["trace"][r["ends"]])
    arts["bow"].set_ydata([r["bow"], r["bow"]])
    ax = arts["ax"]
    ax.set_xticks(np.arange(1, n + 1), r["words"])
    ax.set_xlim(0.5, max(n, 4) + 0.5)
    ax.set_title(f'"{" ".join(r["words"])}"\nRNN: {_verdict(r["rnn"])}   bag of words: {_verdict(r["bow"])}',
                 fontsize=11)
