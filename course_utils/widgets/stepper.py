"""Lesson 02: step through time. A small RNN reads a word one character at a time and
predicts the next one; a slider for t shows the input x_t, the hidden state h_t and the
output distribution y^_t. Everything is computed once, by one real forward pass, so moving
the slider only changes the data of existing artists.
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .. import rnn
from ..validation import check_int, check_positive_float
from ..plots import COLORS, DIVERGING_CMAP, SEQUENTIAL_CMAP
from ..train import Adam, train
from ._live import LiveFigure

WEIGHTS = ("random", "trained")


@dataclass
class Walk:
    """One forward pass over a word, kept for display.

    chars: the T input characters (the word without its last letter);
    next_chars: the T targets (the word without its first letter);
    vocab: the V characters, sorted; xs (T, V) one-hot inputs; hs (T, H) hidden states h_1..h_T;
    probs (T, V) outputs y^_1..y^_T; targets (T,) ids of next_chars.
    """
    chars: list
    next_chars: list
    vocab: list
    xs: np.ndarray
    hs: np.ndarray
    probs: np.ndarray
    targets: np.ndarray


def _check_word(word) -> str:
    if not isinstance(word, str):
        raise TypeError(f"word must be a str, got {type(word).__name__}")
    if len(word) < 2:
        raise ValueError(f"word must have at least 2 characters (an input and a next one), got {word!r}")
    return word


def encode(word):
    """(vocab, ids): the sorted distinct characters of ``word`` and its (len(word),) ids."""
    vocab = sorted(set(_check_word(word)))
    index = {c: i for i, c in enumerate(vocab)}
    return vocab, np.array([index[c] for c in word], dtype=np.int64)


def fit_word(word, *, n_hidden=8, steps=40, lr=0.01, seed=0) -> dict:
    """Parameters of an RNN (D = V = number of distinct characters, H = n_hidden) trained
    with Adam for ``steps`` steps to predict each next character of ``word``.
    steps=0 returns the random initial parameters."""
    vocab, ids = encode(word)
    n_hidden = check_int("n_hidden", n_hidden, min_value=1)
    steps = check_int("steps", steps, min_value=0)
    lr = check_positive_float("lr", lr)
    V = len(vocab)
    params = rnn.init_params(V, n_hidden, V, seed=seed)
    if steps:
        xs, ys = ids[:-1, None], ids[1:, None]              # (T, 1): one sequence
        train(params, lambda p, _: rnn.loss_and_grads(p, xs, ys), Adam(lr), steps)
    return params


def walk(params, word) -> Walk:
    """Feed word[:-1] to the RNN (one sequence, h_0 = 0) and keep every step for display."""
    vocab, ids = encode(word)
    D, H, V = rnn.check_params(params)
    if D != len(vocab) or V != len(vocab):
        raise ValueError(f"params must have n_in = n_out = {len(vocab)} (the distinct characters "
                         f"of {word!r}), got n_in = {D}, n_out = {V}")
    hs, probs = rnn.forward(params, ids[:-1, None])         # (T, 1, H), (T, 1, V)
    return Walk(chars=list(word[:-1]), next_chars=list(word[1:]), vocab=vocab,
                xs=np.eye(V)[ids[:-1]], hs=hs[:, 0], probs=probs[:, 0], targets=ids[1:])


def _check_walk(w) -> Walk:
    if not isinstance(w, Walk):
        raise TypeError(f"w must be a Walk (from walk(params, word)), got {type(w).__name__}")
    return w


def step_view(w: Walk, t) -> dict:
    """What the widget shows at step t (1..T): the pure function behind the slider."""
    T = len(_check_walk(w).chars)
    t = check_int("t", t, min_value=1)
    if t > T:
        raise ValueError(f"t must be a step in 1..{T}, got {t}")
    p = w.probs[t - 1]
    best = int(np.argmax(p))
    return {
        "x": w.xs[t - 1], "h": w.hs[t - 1], "h_prev": w.hs[t - 2] if t > 1 else np.zeros_like(w.hs[0]),
        "probs": p, "char": w.chars[t - 1], "next_char": w.next_chars[t - 1],
        "guess": w.vocab[best],
        "caption": (f"guess '{w.vocab[best]}' (p = {p[best]:.2f}); the next character is "
                    f"'{w.next_chars[t - 1]}' (p = {p[w.targets[t - 1]]:.2f})"),
    }


# ---------------------------------------------------------------- static figure

def history_figure(w: Walk, title="Every step of one forward pass"):
    """Heat maps over t of the hidden states h_t (fixed scale -1..1) and outputs y^_t,
    with the true next character of each step outlined."""
    T, H = _check_walk(w).hs.shape
    V = len(w.vocab)
    fig, (ax_h, ax_p) = plt.subplots(1, 2, figsize=(10.5, 3.6), width_ratios=[1, 1])
    im_h = ax_h.imshow(w.hs.T, cmap=DIVERGING_CMAP, vmin=-1, vmax=1, aspect="auto")
    im_p = ax_p.imshow(w.probs.T, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=1, aspect="auto")
    labels = [f"{t}\n'{c}'" for t, c in enumerate(w.chars, start=1)]
    for ax in (ax_h, ax_p):
        ax.set_xticks(range(T), labels)
        ax.set_xlabel("step $t$ and input character $x_t$")
        ax.grid(False)
    ax_h.set(yticks=range(H), yticklabels=range(1, H + 1), ylabel="hidden unit",
             title="hidden state $h_t$")
    ax_p.set(yticks=range(V), yticklabels=[f"'{c}'" for c in w.vocab], ylabel="next character",
             title=r"output $\hat y_t$ (outlined: the true next character)")
    for t, k in enumerate(w.targets):
        ax_p.add_patch(plt.Rectangle((t - 0.5, k - 0.5), 1, 1, fill=False, ec=COLORS["vermillion"], lw=2.5))
    fig.colorbar(im_h, ax=ax_h, label="value of $h_{t,j}$ (tanh: -1..1)")
    fig.colorbar(im_p, ax=ax_p, label="probability")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- the widget

def _stepper_figure(w: Walk):
    """The figure the slider redraws: input, hidden state, output at one step t.

    Every key press renders it to PNG again, so it is kept cheap to draw: no mathtext (Unicode
    subscripts instead), titles and axis labels at fixed positions (matplotlib would otherwise
    measure every tick label to place them, at every draw), horizontal grid lines only, three
    ticks per value axis, three texts for the word, no tight_layout.
    """
    T, H = w.hs.shape
    V = len(w.vocab)
    with plt.rc_context({"axes.titley": 1.02, "axes.titlesize": 11, "axes.labelsize": 10}):
        fig, (ax_x, ax_h, ax_p) = plt.subplots(1, 3, figsize=(9.6, 3.3), width_ratios=[V, H, V])
    fig.subplots_adjust(top=0.72, bottom=0.26, wspace=0.3, left=0.06, right=0.99)
    art = {
        "x": ax_x.bar(range(V), np.zeros(V), color=COLORS["sky"], ec="black"),
        "h_prev": ax_h.bar(range(1, H + 1), np.zeros(H), fill=False, ec="0.5", ls="--", lw=1.2),
        "h": ax_h.bar(range(1, H + 1), np.zeros(H), width=0.6, color=COLORS["orange"],
                      ec="black"),
        "probs": ax_p.bar(range(V), np.zeros(V), color=COLORS["green"], ec="black"),
    }
    letters = [f"'{c}'" for c in w.vocab]
    ax_x.set(xticks=range(V), xticklabels=letters, ylim=(0, 1.05), yticks=[0, 1],
             title="input x\u209c (one-hot)")
    ax_h.set(xticks=range(1, H + 1), ylim=(-1.05, 1.05), yticks=[-1, 0, 1],
             xlabel="hidden unit j", ylabel="value of unit j",
             title="hidden state h\u209c (dashed: h\u209c\u208b\u2081)")
    ax_h.axhline(0, color="black", lw=0.8)
    ax_p.set(xticks=range(V), xticklabels=letters, ylim=(0, 1.05), yticks=[0, 0.5, 1],
             ylabel="probability", title="output \u0177\u209c (next character)")
    for ax in (ax_x, ax_h, ax_p):
        ax.grid(False, axis="x")
        ax.xaxis.set_label_coords(0.5, -0.19)
        ax.yaxis.set_label_coords(-0.08 if ax is ax_h else -0.2, 0.5)
    # the word along the top in three overlaid monospace strings (read, being read, to come),
    # each with blanks where the others' letters are
    kw = dict(ha="center", va="center", fontsize=16, family="monospace")
    art["letters"] = {"done": fig.text(0.5, 0.91, "", color="black", **kw),
                      "now": fig.text(0.5, 0.91, "", color=COLORS["vermillion"], fontweight="bold", **kw),
                      "later": fig.text(0.5, 0.91, "", color="0.6", **kw)}
    art["title"] = fig.text(0.02, 0.91, "", fontsize=12, va="center")
    art["caption"] = fig.text(0.5, 0.03, "", ha="center", fontsize=10.5)
    return fig, art


def _spaced(chars, keep) -> str:
    """The word with a blank instead of every letter whose position is not in ``keep``."""
    return " ".join(c if i in keep else " " for i, c in enumerate(chars))


def _show_step(w: Walk, art: dict, t: int) -> dict:
    """Move every artist to step t; returns the step_view it shows."""
    view = step_view(w, t)
    for key in ("x", "h", "h_prev", "probs"):
        for bar, value in zip(art[key], view[key]):
            bar.set_height(value)
    for k, bar in enumerate(art["probs"]):
        bar.set_facecolor(COLORS["vermillion"] if k == w.targets[t - 1] else COLORS["green"])
    T = len(w.chars)
    art["letters"]["done"].set_text(_spaced(w.chars, range(t - 1)))
    art["letters"]["now"].set_text(_spaced(w.chars, [t - 1]))
    art["letters"]["later"].set_text(_spaced(w.chars, range(t, T)))
    art["title"].set_text(f"step t = {t} of {T}")
    art["caption"].set_text(view["caption"] + "   (red bar: the true next character)")
    return view


def time_stepper(word="tomorrow", *, n_hidden=8, steps=40, seed=0):
    """A slider for t and a choice of random or trained weights; returns the widget box.

    Both forward passes are computed here, once; the slider only updates bar heights and texts.
    """
    walks = {"random": walk(fit_word(word, n_hidden=n_hidden, steps=0, seed=seed), word),
             "trained": walk(fit_word(word, n_hidden=n_hidden, steps=steps, seed=seed), word)}
    fig, art = _stepper_figure(walks["trained"])
    live = LiveFigure(fig)
    T = len(word) - 1
    slider = widgets.IntSlider(value=1, min=1, max=T, step=1, description="step t",
                               continuous_update=True, layout=widgets.Layout(width="420px"))
    weights = widgets.ToggleButtons(options=[("random weights", "random"),
                                             (f"after {steps} training steps", "trained")],
                                    value="trained", description="weights",
                                    style={"button_width": "auto"})

    def update(change=None):
        box.view = _show_step(walks[weights.value], art, slider.value)
        live.redraw()

    box = widgets.VBox([widgets.HBox([slider, weights]), live.out])
    slider.observe(update, names="value")
    weights.observe(update, names="value")
    update()
    box.live, box.slider, box.weights, box.walks, box.artists = live, slider, weights, walks, art
    return box
