"""A tune drawn as a piano roll: time in beats across, pitch up, one bar per bar line.

``roll_data`` is the pure part (what the lesson's widget recomputes on every move); a ``PianoRoll``
draws it on axes built once (every pitch of the token scheme, so two rolls compare at a glance) and
then only moves its artists, which keeps a widget's redraw cheap; ``piano_roll`` is the one-call
figure. Notes in the key are blue, notes outside it vermilion and hatched (told apart without
colour too); a bar that does not add up to a full bar is labelled with its length; bars with the
same motif (music.bar_pattern: rhythm and intervals) share a letter above the roll.
"""
from __future__ import annotations

import string

import numpy as np

from .music import BAR_LENGTH, KEYS, N_BARS, PITCH_HIGH, PITCH_LOW, Tune, bar_pattern, in_key, pitch_name
from .plots import COLORS


def _check_tune(tune) -> Tune:
    if not isinstance(tune, Tune):
        raise TypeError(f"tune must be a music.Tune, got {type(tune).__name__}")
    return tune


def motif_letters(tune) -> list:
    """One label per bar: bars with the same pattern (of >= 3 notes) that occurs more than once
    get the same letter, A for the first such pattern, B for the next...; other bars get ''."""
    patterns = [bar_pattern(bar) if len(bar) >= 3 else None for bar in _check_tune(tune).bars]
    letters, out = {}, []
    for p in patterns:
        if p is not None and patterns.count(p) > 1:
            letters.setdefault(p, string.ascii_uppercase[len(letters) % 26])
        out.append(letters.get(p, ""))
    return out


def roll_data(tune) -> dict:
    """What a piano roll shows, in beats (quarter notes):
    "start", "length" (N,) float, "pitch" (N,) int, "in_key" (N,) bool: one entry per note;
    "bar_lines" (n_bars,) beats where each bar ends; "bar_eighths" (n_bars,) int: each bar's
    length; "letters": motif_letters; "key": the key's name.
    """
    tune = _check_tune(tune)
    eighths = [d for _, d in tune.notes]
    ends = np.cumsum(eighths) / 2.0
    bar_eighths = np.array([sum(d for _, d in bar) for bar in tune.bars], dtype=np.int64)
    return {
        "start": ends - np.array(eighths) / 2.0,
        "length": np.array(eighths) / 2.0,
        "pitch": np.array([p for p, _ in tune.notes], dtype=np.int64),
        "in_key": np.array([in_key(p, tune.key) for p, _ in tune.notes], dtype=bool),
        "bar_lines": np.cumsum(bar_eighths) / 2.0,
        "bar_eighths": bar_eighths,
        "letters": motif_letters(tune),
        "key": tune.key,
    }


def _boxes(data, mask) -> list:
    """Rectangles (4 corners each) of the notes selected by mask, 0.8 semitone high."""
    s, L, p = data["start"][mask], data["length"][mask], data["pitch"][mask]
    return [[(a, y - 0.4), (a + w, y - 0.4), (a + w, y + 0.4), (a, y + 0.4)]
            for a, w, y in zip(s, L * 0.95, p)]


class PianoRoll:
    """A piano roll on ``ax``: the axes are laid out once, ``show(data)`` moves the artists.

    data: a dict from roll_data. Rows span PITCH_LOW..PITCH_HIGH (every note a tune can have),
    time spans n_bars full bars (more if a tune is longer).
    """

    def __init__(self, ax, *, n_bars=N_BARS):
        from matplotlib.collections import LineCollection, PolyCollection
        self.ax, self.n_bars, self.key = ax, n_bars, None
        self.top = PITCH_HIGH + 3.0                    # three rows above the notes for labels
        ax.set_ylim(PITCH_LOW - 0.5, self.top)
        ax.set_ylabel("pitch")
        ax.set_xlabel("time (beats; a full bar is 4 beats)")
        ax.grid(False)
        self.rows = []
        self.notes = ax.add_collection(PolyCollection([], facecolor=COLORS["blue"], edgecolor="white",
                                                      zorder=2, label="note in the key"))
        self.outside = ax.add_collection(PolyCollection(
            [], facecolor=COLORS["vermillion"], edgecolor="black", hatch="////", zorder=2,
            label="note outside the key"))
        self.lines = ax.add_collection(LineCollection([], colors=COLORS["black"], linewidths=1.0, zorder=1))
        self.labels = [ax.text(0, self.top - 0.3, "", ha="left", va="top", fontsize=9)
                       for _ in range(n_bars)]
        self.lengths = [ax.text(0, self.top - 1.7, "", ha="center", va="top", fontsize=7,
                                color=COLORS["vermillion"]) for _ in range(n_bars)]
        ax.legend(handles=[self.notes, self.outside], loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  fontsize=8, frameon=False)

    def _set_key(self, key) -> None:
        """Shade the rows of the key's scale and name them on the pitch axis."""
        for r in self.rows:
            r.remove()
        scale = [p for p in range(PITCH_LOW, PITCH_HIGH + 1) if in_key(p, key)]
        self.rows = [self.ax.axhspan(p - 0.5, p + 0.5, color="0.92", zorder=0, lw=0) for p in scale]
        self.ax.set_yticks(scale, [pitch_name(p) for p in scale], fontsize=8)
        self.notes.set_label(f"note in {key} major")
        self.ax.legend(handles=[self.notes, self.outside], loc="upper left",
                       bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
        self.key = key

    def show(self, data, title="") -> None:
        """Draw the tune described by ``data`` (roll_data), replacing the one shown before."""
        if data["key"] != self.key:
            self._set_key(data["key"])
        self.notes.set_verts(_boxes(data, data["in_key"]))
        self.outside.set_verts(_boxes(data, ~data["in_key"]))
        ends = data["bar_lines"]
        starts = np.r_[0.0, ends[:-1]]
        self.lines.set_segments([[(b, PITCH_LOW - 0.5), (b, self.top)] for b in ends])
        for i, (label, length) in enumerate(zip(self.labels, self.lengths)):
            on = i < len(ends)
            label.set_visible(on)
            length.set_visible(on and data["bar_eighths"][i] != BAR_LENGTH)
            if on:
                a, b = starts[i], ends[i]
                label.set_text(f"{i + 1} {data['letters'][i]}".strip())
                label.set_position((a + 0.15, self.top - 0.3))
                label.set_fontweight("bold" if data["letters"][i] else "normal")
                beats = data["bar_eighths"][i] / 2
                length.set_text(f"{beats:g} beats" if b - a >= 2 else f"{beats:g}")
                length.set_position(((a + b) / 2, self.top - 1.7))
        end = max(float(ends[-1]) if ends.size else 0.0, self.n_bars * BAR_LENGTH / 2)
        self.ax.set_xlim(0, end)
        self.ax.set_xticks(np.arange(0, end + 1e-9, BAR_LENGTH / 2))
        self.ax.set_title(title or f"a tune in {data['key']} major")


def piano_roll(tune, ax=None, *, title=""):
    """Draw a tune as a piano roll on ``ax`` (a new figure when None). Returns the PianoRoll.

    Above each bar: its number, and a letter shared by bars with the same motif (bar_pattern,
    3 notes or more) when that motif occurs more than once.
    """
    import matplotlib.pyplot as plt
    data = roll_data(tune)
    if ax is None:
        _, ax = plt.subplots(figsize=(9.0, 4.0), layout="constrained")
    roll = PianoRoll(ax, n_bars=max(N_BARS, len(data["bar_lines"])))
    roll.show(data, title)
    return roll
