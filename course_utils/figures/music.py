"""Lesson 04b: a tune drawn as a piano roll: time in beats across, pitch up, one bar per bar line.

A ``PianoRoll`` draws melody.roll_data on axes built once (every pitch of the token scheme, so two
rolls compare at a glance) and then only moves its artists, which keeps a widget's redraw cheap;
``piano_roll`` is the one-call figure, ``roll_pair`` two tunes one above the other, and
``bar_loss_figure`` the RNN's loss bar by bar. A widget's roll (``widget_roll``) is blitted: what
does not move is drawn once, and each new tune only draws its notes, bar lines and labels. Notes in the key are blue, notes outside it vermilion and
hatched (told apart without colour too); a bar that does not add up to a full bar is labelled with
its length; bars with the same motif (melody.bar_pattern: rhythm and intervals) share a letter
above the roll.
"""
from __future__ import annotations

import io

import numpy as np

from ..data.music import BAR_LENGTH, FORM, N_BARS, PITCH_HIGH, PITCH_LOW, check_tunes, in_key, pitch_name
from ..melody import roll_data
from ..plots import COLORS
from ..validation import check_int, check_positive_float


def _boxes(data, mask) -> list:
    """Rectangles (4 corners each) of the notes selected by mask, 0.8 semitone high."""
    s, L, p = data["start"][mask], data["length"][mask], data["pitch"][mask]
    return [[(a, y - 0.4), (a + w, y - 0.4), (a + w, y + 0.4), (a, y + 0.4)]
            for a, w, y in zip(s, L * 0.95, p)]


class PianoRoll:
    """A piano roll on ``ax``: the axes are laid out once, ``show(data)`` moves the artists.

    data: a dict from melody.roll_data. Rows span PITCH_LOW..PITCH_HIGH (every note a tune can
    have), time spans n_bars full bars (more if a tune is longer). With ``blit=True`` the moving
    artists are left out of a normal draw and ``png()`` renders the figure (see there).
    """

    def __init__(self, ax, *, n_bars=N_BARS, blit=False):
        from matplotlib.collections import LineCollection, PolyCollection
        n_bars = check_int("n_bars", n_bars, min_value=1)
        self.ax, self.n_bars, self.key, self.background = ax, n_bars, None, None
        self.top = PITCH_HIGH + 3.0                    # three rows above the notes for labels
        ax.set_ylim(PITCH_LOW - 0.5, self.top)
        ax.set_ylabel("pitch")
        ax.set_xlabel("time (beats; a full bar is 4 beats)")
        ax.grid(False)
        self.rows = ax.add_collection(PolyCollection([], facecolor="0.92", edgecolor="none", zorder=0))
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
        self.moving = [self.notes, self.outside, self.lines, *self.labels, *self.lengths]
        for artist in self.moving if blit else ():
            artist.set_animated(True)

    def _set_key(self, key) -> None:
        """Shade the rows of the key's scale and name them on the pitch axis."""
        scale = [p for p in range(PITCH_LOW, PITCH_HIGH + 1) if in_key(p, key)]
        x0, x1 = -1e3, 1e4                             # wider than any tune
        self.rows.set_verts([[(x0, p - 0.5), (x1, p - 0.5), (x1, p + 0.5), (x0, p + 0.5)] for p in scale])
        self.ax.set_yticks(scale, [pitch_name(p) for p in scale], fontsize=8)
        self.notes.set_label(f"note in {key} major")
        self.ax.legend(handles=[self.notes, self.outside], loc="upper left",
                       bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
        self.key, self.background = key, None

    def show(self, data, title="") -> None:
        """Draw the tune described by ``data`` (melody.roll_data), replacing the one shown before."""
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
        if self.ax.get_xlim() != (0, end):
            self.ax.set_xlim(0, end)
            self.ax.set_xticks(np.arange(0, end + 1e-9, BAR_LENGTH / 2))
            self.background = None
        title = title or f"a tune in {data['key']} major"
        if title != self.ax.get_title():
            self.ax.set_title(title)
            self.background = None

    def png(self) -> bytes:
        """The figure as PNG bytes, drawn cheaply (for ``blit=True``): what does not move (axes,
        ticks, the key's rows, legend, title) is drawn once and kept, and each call draws only the
        notes, bar lines and labels over a copy of it. Needs an Agg canvas (widget_roll's)."""
        canvas = self.ax.figure.canvas
        if self.background is None:
            canvas.draw()
            self.background = canvas.copy_from_bbox(self.ax.figure.bbox)
        else:
            canvas.restore_region(self.background)
        for artist in self.moving:
            self.ax.draw_artist(artist)
        from PIL import Image
        buf = io.BytesIO()
        Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buf, format="png", compress_level=1)
        return buf.getvalue()


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


def roll_pair(tunes, titles):
    """Two or more tunes as piano rolls, one above the other on the same time axis. Returns the figure."""
    import matplotlib.pyplot as plt
    tunes = check_tunes(tunes)
    if not isinstance(titles, (list, tuple)) or len(titles) != len(tunes):
        raise ValueError(f"titles must be one title per tune ({len(tunes)}), got {titles!r}")
    fig, axes = plt.subplots(len(tunes), 1, figsize=(9.0, 3.4 * len(tunes)), layout="constrained",
                             sharex=True)
    n_bars = max(N_BARS, *(len(t.bars) for t in tunes))
    for ax, tune, title in zip(axes, tunes, titles):
        PianoRoll(ax, n_bars=n_bars).show(roll_data(tune), title)
    for ax in axes[:-1]:
        ax.set_xlabel("")
    return fig


def widget_roll(tune, *, dpi=80):
    """A figure outside pyplot (an Agg canvas of its own: never shown by itself) with a blitted
    PianoRoll of ``tune``, for a widget. Returns (fig, roll); ``roll.png()`` renders it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(9.0, 4.0), dpi=check_positive_float("dpi", dpi))
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.08, right=0.8, bottom=0.13, top=0.9)
    roll = PianoRoll(fig.add_subplot(), blit=True)
    roll.show(roll_data(tune))
    return fig, roll


def form_roles(form=FORM) -> list:
    """What each bar of the form is to a listener: "new" (a motif not heard yet), "after the bar
    before" (its motif, exact or varied, was the previous bar's), "back from earlier" (its motif
    was heard before, but not in the previous bar)."""
    roles = []
    for i, part in enumerate(form):
        heard = [p[0] for p in form[:i]]
        roles.append("new" if part[0] not in heard else
                     "after the bar before" if heard[-1] == part[0] else "back from earlier")
    return roles


ROLE_COLORS = {"new": COLORS["sky"], "after the bar before": COLORS["blue"],
               "back from earlier": COLORS["orange"]}


def bar_loss_figure(by_bar, *, form=FORM):
    """The RNN's held-out loss bar by bar (musicmodel.rnn_loss_by_bar, nats per note), each bar
    named by its part of the form and coloured by form_roles. Returns the figure."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    by_bar = np.asarray(by_bar, dtype=np.float64)
    if by_bar.ndim != 1 or by_bar.size != len(form):
        raise ValueError(f"by_bar must hold one loss per bar of the form ({len(form)}), got shape {by_bar.shape}")
    roles = form_roles(form)
    fig, ax = plt.subplots(figsize=(8.0, 3.4), layout="constrained")
    x = np.arange(1, len(form) + 1)
    ax.bar(x, by_bar, color=[ROLE_COLORS[r] for r in roles])
    for i, v in zip(x, by_bar):
        ax.text(i, v + 0.03, f"{v:.1f}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, [f"bar {i}\n{part}" for i, part in zip(x, form)])
    ax.set(ylabel="loss (nats per note)", ylim=(0, by_bar.max() * 1.25),
           title="The RNN's held-out loss, bar by bar")
    ax.grid(axis="x", visible=False)
    ax.legend(handles=[Patch(color=c, label=f"motif {r}") for r, c in ROLE_COLORS.items()],
              loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, frameon=False)
    return fig
