"""Lesson 08's figures: accuracy against source length, the learned embeddings, the gradient
reaching each source word, attention maps, teacher forcing against free running, and the
translator's picture (``translation_view``, which the widget builds once and redraws with
``draw_translation``). The numbers come from translator.py.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..plots import COLORS, plain_log_ticks
from ..validation import check_int, check_positive_float

MODEL_COLOURS = {"plain": COLORS["blue"], "attention": COLORS["orange"]}
MODEL_LABELS = {"plain": "plain encoder-decoder (c = last state)",
                "attention": "with attention (c_t = Σ α_tj h_j)"}
# word classes of the source language (data.translation.LEXICON), for the embedding picture
CLASS_STYLE = {            # class: (label, colour, marker); Okabe & Ito's colours, one shape each
    "noun": ("noun", COLORS["blue"], "o"), "adj": ("adjective", COLORS["orange"], "s"),
    "vt": ("verb with an object", COLORS["vermillion"], "^"),
    "vi": ("verb without an object", COLORS["purple"], "v"),
    "adv": ("adverb", COLORS["green"], "D"), "prep": ("preposition", COLORS["sky"], "P"),
    "det": ("article", COLORS["black"], "X"), "that": ("that", COLORS["black"], "*"),
}
ATTENTION_CMAP = "Greys"   # weight 0 white, 1 black: readable in grey and for every colour vision


def length_figure(accuracy: dict):
    """Exact-match accuracy (%) against source length, one line per model.
    accuracy: {"plain" | "attention": {length: fraction}}."""
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    for name, acc in accuracy.items():
        L = np.array(sorted(acc))
        ax.plot(L, [100 * acc[n] for n in L], "o-", color=MODEL_COLOURS[name], lw=2,
                label=MODEL_LABELS[name])
    ax.set(xlabel="source sentence length (words)", ylabel="exact translations (%)",
           ylim=(-3, 103), title="Held-out sentences translated exactly, by length")
    ax.set_xticks(L)
    ax.legend(loc="lower left")
    fig.tight_layout()
    return fig


def embedding_figure(coords, words, classes, explained):
    """The source embeddings on their two principal axes, each word labelled, coloured and
    shaped by its class (translator.embedding_plane)."""
    fig, ax = plt.subplots(figsize=(9.0, 6.2))
    for cls, (label, colour, marker) in CLASS_STYLE.items():
        idx = [i for i, c in enumerate(classes) if c == cls]
        if idx:
            ax.scatter(coords[idx, 0], coords[idx, 1], s=40, color=colour, marker=marker,
                       label=label, zorder=3)
    ax.set(xlabel=f"first principal axis ({100 * explained[0]:.0f}% of the variance)",
           ylabel=f"second principal axis ({100 * explained[1]:.0f}%)",
           title="Learned source embeddings (columns of the encoder's W_hx), in 2-D")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, title="word class")
    ax.margins(0.08)
    fig.tight_layout()
    _label_points(ax, coords, words)
    return fig


def _label_points(ax, coords, words, fontsize=8.5):
    """Label each point with its word, on the side (right/left, above/below) where the label
    overlaps the labels already placed least: a greedy placement, enough for a few dozen words."""
    fig = ax.figure
    fig.canvas.draw()                                   # fixes the limits, so data -> points is final
    to_points = ax.transData + fig.dpi_scale_trans.inverted()    # data -> inches
    placed = []                                         # label boxes in points: (x0, y0, x1, y1)
    marks = [(72 * x, 72 * y) for x, y in to_points.transform(coords)]
    for (px, py), w, xy in zip(marks, words, coords):
        width, height = 0.6 * fontsize * len(w), fontsize
        best = None
        for dx, dy, ha, va in ((4, 2, "left", "bottom"), (4, -2, "left", "top"),
                               (-4, 2, "right", "bottom"), (-4, -2, "right", "top")):
            x0 = px + dx if ha == "left" else px + dx - width
            y0 = py + dy if va == "bottom" else py + dy - height
            box = (x0, y0, x0 + width, y0 + height)
            cost = sum(_overlap(box, b) for b in placed)
            cost += sum(_overlap(box, (mx - 3, my - 3, mx + 3, my + 3)) for mx, my in marks)
            if best is None or cost < best[0]:
                best = (cost, box, dx, dy, ha, va)
        _, box, dx, dy, ha, va = best
        placed.append(box)
        ax.annotate(w, tuple(xy), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                    fontsize=fontsize)


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def source_gradient_figure(profiles: dict):
    """‖∂L/∂h_j‖ at each source position j, relative to the last word's, log scale.
    profiles: {"plain" | "attention": (S,) mean norms} (translator.source_gradient_profile)."""
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    for name, prof in profiles.items():
        j = np.arange(1, prof.size + 1)
        ax.plot(j, prof / prof[-1], "o-", color=MODEL_COLOURS[name], lw=2, label=MODEL_LABELS[name])
    ax.set_yscale("log")
    plain_log_ticks(ax.yaxis)
    ax.set_xticks(j)
    ax.set(xlabel="source position j (1 = first word)",
           ylabel="‖∂L/∂h_j‖ / ‖∂L/∂h_S‖ (log scale)",
           title=f"Gradient reaching each source word, untrained models, {prof.size}-word sentences")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def _attention_map(ax, r, *, fontsize=9):
    """One attention map: output words down, source words across; the grammar's alignment
    (when the sentence has one) as circles. Returns the image."""
    att = r["attention"]
    im = ax.imshow(att, cmap=ATTENTION_CMAP, vmin=0, vmax=1, aspect="auto",
                   interpolation="nearest")
    ax.set_xticks(np.arange(len(r["source"])), r["source"], rotation=60, ha="right",
                  rotation_mode="anchor", fontsize=fontsize)
    ax.set_yticks(np.arange(len(r["output"])), r["output"], fontsize=fontsize)
    ax.tick_params(length=0)
    ax.grid(False)
    if r["alignment"] is not None:
        j = np.flatnonzero(r["alignment"] >= 0)
        t = r["alignment"][j]
        keep = t < att.shape[0]
        ax.plot(j[keep], t[keep], "o", mfc="none", mec=COLORS["orange"], mew=1.8, ms=11)
    return im


def attention_figure(results: list):
    """Attention maps of a few translations (translator.translate_sentence of an attention
    model), side by side; circles mark the grammar's alignment of each source word."""
    widths = [max(len(r["source"]), 3) for r in results]
    fig, axes = plt.subplots(1, len(results), figsize=(2.2 + 0.5 * sum(widths), 4.9),
                             gridspec_kw={"width_ratios": widths}, layout="constrained")
    axes = np.atleast_1d(axes)
    for ax, r in zip(axes, results):
        im = _attention_map(ax, r)
        ax.set_xlabel("source word j")
    axes[0].set_ylabel("output word t")
    fig.colorbar(im, ax=axes.tolist(), label="attention weight α_tj", shrink=0.8)
    axes[-1].plot([], [], "o", mfc="none", mec=COLORS["orange"], mew=1.8, ms=9,
                  label="where the grammar puts the source word's translation")
    fig.legend(loc="outside lower right", fontsize=9, frameon=False)
    fig.suptitle("Where the decoder looks: attention weights of held-out translations")
    return fig


def exposure_figure(bias: dict, n_words: int):
    """Share of target words right at each position, the reference prefix fed in (teacher
    forcing) against the model's own words (free running): translator.exposure_bias."""
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    t = np.arange(1, bias["teacher_forced"].size + 1)
    ax.plot(t, 100 * bias["teacher_forced"], "o-", color=COLORS["green"], lw=2,
            label="teacher forcing: the reference's words fed in")
    ax.plot(t, 100 * bias["free_running"], "s--", color=COLORS["vermillion"], lw=2,
            label="free running: its own words fed back")
    ax.set(xlabel="target position t", ylabel="words right (%)", ylim=(-3, 103),
           title=f"Plain model, held-out sentences of {n_words} words")
    ax.set_xticks(t)
    ax.legend(loc="lower left")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- the translator's picture

def _caption(r) -> str:
    words = " ".join(w for w in r["output"] if w != "<end>")
    if r["reference"] is None:
        verdict = "not a sentence of the grammar: no reference to compare with"
    else:
        verdict = "= the reference" if r["exact"] else f"reference: {r['reference']}"
    return f"{words}   (p = {r['probability']:.3g})\n{verdict}"


def translation_view(result, *, figsize=(5.4, 4.2), dpi=110, max_words=20):
    """The translator's picture: one translation's attention map, with the translation, its
    probability and the reference above it. Returns (fig, artists) for draw_translation.

    Built for quick redraws: the words are a fixed pool of plain texts (no tick labels, whose
    layout is measured again on every draw) and the caption is a figure text, not a title."""
    dpi, max_words = check_positive_float("dpi", dpi), check_int("max_words", max_words, min_value=1)
    fig = plt.figure(figsize=figsize, dpi=dpi)
    ax = fig.add_axes((0.2, 0.2, 0.77, 0.62))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    image = ax.imshow(np.zeros((1, 1)), cmap=ATTENTION_CMAP, vmin=0, vmax=1, aspect="auto",
                      interpolation="nearest")
    marks, = ax.plot([], [], "o", mfc="none", mec=COLORS["orange"], mew=1.8, ms=10)
    text = dict(fontsize=10, clip_on=False)
    arts = {"fig": fig, "ax": ax, "image": image, "marks": marks,
            "caption": fig.text(0.02, 0.98, "", va="top", fontsize=10),
            # source words below the map (x in data, y in axes units), output words to its left
            "source": [ax.text(0, -0.012, "", rotation=60, ha="right", va="top", rotation_mode="anchor",
                               transform=ax.get_xaxis_transform(), **text) for _ in range(max_words)],
            "output": [ax.text(-0.02, 0, "", ha="right", va="center", transform=ax.get_yaxis_transform(),
                               **text) for _ in range(max_words)]}
    draw_translation(arts, result)
    return fig, arts


def draw_translation(arts, r) -> None:
    """Redraw translation_view for another result (translator.translate_sentence of an
    attention model): new weights, words and caption in the same artists."""
    if r["attention"] is None:
        raise ValueError("the translator's picture needs a model with attention")
    T, S = r["attention"].shape
    arts["image"].set_data(r["attention"])
    arts["image"].set_extent((-0.5, S - 0.5, T - 0.5, -0.5))
    arts["ax"].set(xlim=(-0.5, S - 0.5), ylim=(T - 0.5, -0.5))
    for kind, words, place in (("source", r["source"], lambda i: (i, -0.012)),
                               ("output", r["output"], lambda i: (-0.02, i))):
        if len(words) > len(arts[kind]):
            raise ValueError(f"the picture has room for {len(arts[kind])} {kind} words, "
                             f"got {len(words)}")
        for i, t in enumerate(arts[kind]):
            t.set_text(words[i] if i < len(words) else "")
            if i < len(words):
                t.set_position(place(i))
    if r["alignment"] is None:
        arts["marks"].set_data([], [])
    else:
        j = np.flatnonzero((r["alignment"] >= 0) & (r["alignment"] < T))
        arts["marks"].set_data(j, r["alignment"][j])
    arts["caption"].set_text(_caption(r))
