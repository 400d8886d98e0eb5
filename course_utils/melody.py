"""What a tune shows (lesson 04b): three measures of a set of tunes, and what its piano roll draws.

The measures say, as shares between 0 and 1, how much of the data set's structure (data/music.py)
a set of tunes has: notes in the key, bars whose durations add up to a full bar, and motifs that
come back later in the tune. The tunes the course writes score 1, 1 and about a third; a model
that has learnt only which note follows which scores high on the first and low on the other two.
"""
from __future__ import annotations

import string

import numpy as np

from .data.music import BAR_LENGTH, Tune, check_tunes, in_key
from .validation import check_int


def bar_pattern(bar) -> tuple:
    """A bar's motif, transposition-invariant: (its durations, the semitone steps between its notes)."""
    pitches = [p for p, _ in bar]
    return tuple(d for _, d in bar), tuple(np.diff(pitches).tolist())


# ---------------------------------------------------------------- three measures of a set of tunes

def in_key_share(tunes) -> float:
    """Share of all notes (pooled over the tunes) that are in their tune's key."""
    hits = [in_key(p, t.key) for t in check_tunes(tunes) for p, _ in t.notes]
    return float(np.mean(hits)) if hits else 0.0


def bar_eighths(bar) -> int:
    """The length of a bar in eighths: the sum of its notes' durations (a full bar is BAR_LENGTH)."""
    return sum(d for _, d in bar)


def full_bar_share(tunes) -> float:
    """Share of all bars (pooled) whose durations add up to exactly BAR_LENGTH eighths."""
    sums = [bar_eighths(bar) for t in check_tunes(tunes) for bar in t.bars]
    return float(np.mean([s == BAR_LENGTH for s in sums])) if sums else 0.0


def returning_motif_share(tunes, *, min_distance=1, min_notes=3) -> float:
    """Share of motifs that return. Each bar with >= min_notes notes is a motif (pooled over the
    tunes); it returns if its pattern (bar_pattern: the same rhythm and the same intervals, in any
    transposition) is the pattern of a later bar of the same tune, at least ``min_distance`` bars
    later (1: any later bar, the next one included; 2: with at least one bar between them).
    """
    min_distance = check_int("min_distance", min_distance, min_value=1)
    min_notes = check_int("min_notes", min_notes, min_value=1)
    hits = []
    for t in check_tunes(tunes):
        patterns = [bar_pattern(bar) for bar in t.bars]
        for i, bar in enumerate(t.bars):
            if len(bar) >= min_notes:
                hits.append(patterns[i] in patterns[i + min_distance:])
    return float(np.mean(hits)) if hits else 0.0


def repeats(tune, later, earlier=1) -> bool:
    """Does bar ``later`` of the tune (counted from 1) play the motif of bar ``earlier``
    (bar_pattern: the same rhythm and the same steps, at any pitch)? False when the tune is
    shorter than ``later`` bars."""
    tune = _check_tune(tune)
    earlier = check_int("earlier", earlier, min_value=1)
    later = check_int("later", later, min_value=earlier + 1)
    return len(tune.bars) >= later and bar_pattern(tune.bars[later - 1]) == bar_pattern(tune.bars[earlier - 1])


def melody_measures(tunes) -> dict:
    """{"in key": ..., "full bars": ..., "returning motifs": ...}: the three shares of a set of tunes."""
    tunes = check_tunes(tunes)
    return {"in key": in_key_share(tunes), "full bars": full_bar_share(tunes),
            "returning motifs": returning_motif_share(tunes)}


# ---------------------------------------------------------------- what a piano roll shows

def _check_tune(tune) -> Tune:
    if not isinstance(tune, Tune):
        raise TypeError(f"tune must be a Tune, got {type(tune).__name__}")
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
    lengths = np.array([bar_eighths(bar) for bar in tune.bars], dtype=np.int64)
    return {
        "start": ends - np.array(eighths) / 2.0,
        "length": np.array(eighths) / 2.0,
        "pitch": np.array([p for p, _ in tune.notes], dtype=np.int64),
        "in_key": np.array([in_key(p, tune.key) for p, _ in tune.notes], dtype=bool),
        "bar_lines": np.cumsum(lengths) / 2.0,
        "bar_eighths": lengths,
        "letters": motif_letters(tune),
        "key": tune.key,
    }


def describe_tune(tune) -> str:
    """One line on a tune's three measures: notes in the key, full bars, and which bars' motifs
    come back (bar_pattern) in a later bar, e.g. "32 notes, 32 in C major; 8 bars, 8 full;
    motifs back: bar 1 in bars 2, 5"."""
    tune = _check_tune(tune)
    n_in = sum(in_key(p, tune.key) for p, _ in tune.notes)
    n_full = sum(bar_eighths(bar) == BAR_LENGTH for bar in tune.bars)
    patterns = [bar_pattern(bar) if len(bar) >= 3 else None for bar in tune.bars]
    back, seen = [], set()
    for i, p in enumerate(patterns):
        later = [j + 1 for j in range(i + 1, len(patterns)) if p is not None and patterns[j] == p]
        if later and p not in seen:
            seen.add(p)
            back.append(f"bar {i + 1} in bar{'s' if len(later) > 1 else ''} {', '.join(map(str, later))}")
    return (f"{len(tune.notes)} notes, {n_in} in {tune.key} major; {len(tune.bars)} bars, {n_full} full; "
            f"motifs back: {'; '.join(back) if back else 'none'}")
