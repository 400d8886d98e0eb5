"""Melodies the course writes itself (lesson 04b): a data set of short tunes and their tokens.

A tune is 8 bars of 4/4 in a major key, four notes to a bar. Durations are counted in eighth notes
(a bar holds 8). A small random composer writes them with the shape of a simple song:

    bar:   1    2    3    4     5    6    7    8
           A    A    B    B'    A    A*   C    C'
                          half                 full cadence

A, B and C are one-bar motifs: a rhythm and a melodic figure (a run, an arpeggio, a turn...)
in the key's scale. A is played twice and comes back four bars later; A* is A once more, exactly
or varied (moved a scale step, or its last note changed). B' and C' answer B and C: the same bar
with its last note moved to a cadence, a note of the dominant chord after B (a half cadence, the
end of the first phrase) and the tonic after C (a full cadence, the end of the tune). Every note is
in the key and every bar adds up to 8 eighths. A bigram, which sees one note back, can count
neither the notes of a bar nor the bars since a motif began.

Token scheme (one token per note; ids fixed, whatever the data):
    0 .. N_NOTE_TOKENS-1   a note: pitch index * len(DURATIONS) + duration index,
                           pitch = PITCH_LOW + pitch index (MIDI number, 60 = middle C)
    BAR                    a bar line, after every bar (so a tune ends with one)
    KEY_TOKENS[k]          the key, first token of every tune (as ABC notation's "K:" field)
A tune is [key, notes of bar 1, BAR, notes of bar 2, BAR, ..., BAR]: 1 + 8 * 5 = 41 tokens.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validation import check_array, check_choice, check_int, check_seed

KEYS = {"C": 60, "D": 62, "F": 65, "G": 67}      # the tonic of each key (MIDI)
MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)             # semitones above the tonic
DURATIONS = (1, 2, 3, 4)                         # eighths: eighth, quarter, dotted quarter, half
BAR_LENGTH = 8                                   # eighths in a bar of 4/4
N_BARS = 8
LOWEST_DEGREE, HIGHEST_DEGREE = -3, 7            # the melody spans the fifth below to the octave above
PITCH_LOW = min(KEYS.values()) - 5               # 55 = G3
PITCH_HIGH = max(KEYS.values()) + 12             # 79 = G5
N_PITCHES = PITCH_HIGH - PITCH_LOW + 1
N_NOTE_TOKENS = N_PITCHES * len(DURATIONS)
BAR = N_NOTE_TOKENS
KEY_TOKENS = {k: BAR + 1 + i for i, k in enumerate(KEYS)}
VOCAB_SIZE = BAR + 1 + len(KEYS)
N_FEATURES = N_PITCHES + len(DURATIONS) + 1 + len(KEYS)   # see note_features
NOTE_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")

# Four notes to a bar: rhythms in eighths summing to 8. B and C, which end a phrase, end on a
# quarter or a half note, so that their cadence is heard.
MOTIF_RHYTHMS = ((2, 2, 2, 2), (3, 1, 2, 2), (2, 2, 3, 1), (3, 1, 3, 1), (4, 2, 1, 1),
                 (2, 1, 1, 4), (1, 1, 2, 4), (2, 3, 1, 2), (1, 1, 4, 2))
PHRASE_END_RHYTHMS = tuple(r for r in MOTIF_RHYTHMS if r[-1] >= 2)
# Melodic figures of four notes, in scale steps from the first note.
FIGURES = {"run up": (0, 1, 2, 3), "run down": (0, -1, -2, -3), "arch": (0, 1, 2, 1),
           "neighbour": (0, 1, 0, -1), "leap and fill": (0, 4, 3, 2), "zigzag": (0, 2, 1, 3),
           "arpeggio": (0, 2, 4, 2), "turn": (0, -1, 0, 2)}
HALF_CADENCE = (4, 1, -3)      # scale degrees of the dominant chord: sol, re (and the sol below)
FULL_CADENCE = (0, 7)          # the tonic, or its octave
FORM = ("A", "A", "B", "B'", "A", "A*", "C", "C'")


@dataclass(frozen=True)
class Tune:
    """key: a name in KEYS; bars: a tuple of bars, each a tuple of (MIDI pitch, eighths) notes."""
    key: str
    bars: tuple

    @property
    def notes(self) -> list:
        return [note for bar in self.bars for note in bar]


def check_tunes(tunes, name: str = "tunes") -> list:
    """A non-empty list (or tuple) of Tune, returned as a list; a single Tune is refused."""
    if isinstance(tunes, Tune):
        raise TypeError(f"{name} must be a list of Tune (wrap a single tune in a list)")
    if not isinstance(tunes, (list, tuple)) or not tunes:
        raise TypeError(f"{name} must be a non-empty list of Tune, got {type(tunes).__name__}")
    for i, t in enumerate(tunes):
        if not isinstance(t, Tune):
            raise TypeError(f"{name}[{i}] must be a Tune, got {type(t).__name__}")
    return list(tunes)


def pitch_name(pitch) -> str:
    """'C4' for MIDI 60, 'F#4' for 66, 'Bb4' for 70."""
    p = check_int("pitch", pitch, min_value=0)
    return f"{NOTE_NAMES[p % 12]}{p // 12 - 1}"


def in_key(pitch, key) -> bool:
    """Is the pitch one of the seven notes of the key's major scale (in any octave)?"""
    check_choice("key", key, tuple(KEYS))
    return (check_int("pitch", pitch, min_value=0) - KEYS[key]) % 12 in MAJOR_SCALE


def degree_pitch(key: str, degree: int) -> int:
    """MIDI pitch of a scale degree: 0 the tonic, 1 the second, 7 the octave, -1 the note below."""
    octave, step = divmod(degree, 7)
    return KEYS[key] + 12 * octave + MAJOR_SCALE[step]


# ---------------------------------------------------------------- tokens

def note_token(pitch, duration) -> int:
    """The id of one note (see the module docstring); ValueError outside the scheme."""
    p = check_int("pitch", pitch, min_value=0)
    d = check_int("duration", duration, min_value=1)
    if not PITCH_LOW <= p <= PITCH_HIGH:
        raise ValueError(f"pitch must be a MIDI number in [{PITCH_LOW}, {PITCH_HIGH}], got {p}")
    if d not in DURATIONS:
        raise ValueError(f"duration must be one of {DURATIONS} (eighths), got {d}")
    return (p - PITCH_LOW) * len(DURATIONS) + DURATIONS.index(d)


def token_note(token: int) -> tuple[int, int]:
    """(pitch, duration) of a note token id."""
    i, j = divmod(int(token), len(DURATIONS))
    return PITCH_LOW + i, DURATIONS[j]


def encode(tune) -> np.ndarray:
    """Token ids (N,) int64 of a Tune: [key, bar 1 notes, BAR, ..., bar n notes, BAR]."""
    if not isinstance(tune, Tune):
        raise TypeError(f"tune must be a Tune, got {type(tune).__name__}")
    check_choice("tune.key", tune.key, tuple(KEYS))
    ids = [KEY_TOKENS[tune.key]]
    for bar in tune.bars:
        ids += [note_token(p, d) for p, d in bar] + [BAR]
    return np.array(ids, dtype=np.int64)


def decode(ids) -> Tune:
    """The Tune of token ids that start with a key token. Sampled tokens are read loosely: a key
    token after the start is skipped, and notes after the last bar line make a last (unfinished)
    bar. Inverse of ``encode`` on every encoded tune."""
    ids = check_array("ids", ids, ndim=1)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"ids must hold integer token ids, got dtype {ids.dtype}")
    if ids.size == 0 or ids.min() < 0 or ids.max() >= VOCAB_SIZE:
        raise ValueError(f"ids must be a non-empty array of token ids in [0, {VOCAB_SIZE}), got {ids[:8]}")
    keys = {v: k for k, v in KEY_TOKENS.items()}
    if int(ids[0]) not in keys:
        raise ValueError(f"ids must start with a key token {sorted(keys)}, got {int(ids[0])}")
    bars, bar = [], []
    for t in ids[1:].tolist():
        if t == BAR:
            bars.append(tuple(bar))
            bar = []
        elif t < N_NOTE_TOKENS:
            bar.append(token_note(t))
    if bar:
        bars.append(tuple(bar))
    return Tune(keys[int(ids[0])], tuple(bars))


def note_features() -> np.ndarray:
    """(VOCAB_SIZE, N_FEATURES) 0/1 table: row t describes token t by what it is made of.

    A note has two ones, one among the N_PITCHES pitch columns and one among the len(DURATIONS)
    duration columns; the bar line and each key have a column of their own. Fed to an RNN as
    its input (``note_features()[ids]``, floats (T, B, N_FEATURES)), notes of the same pitch
    share what they say about pitch, whatever their length, and the other way round.
    """
    table = np.zeros((VOCAB_SIZE, N_FEATURES))
    for t in range(N_NOTE_TOKENS):
        i, j = divmod(t, len(DURATIONS))
        table[t, i] = table[t, N_PITCHES + j] = 1.0
    for t in range(N_NOTE_TOKENS, VOCAB_SIZE):        # the bar line, then the keys
        table[t, N_PITCHES + len(DURATIONS) + t - N_NOTE_TOKENS] = 1.0
    return table


def motif_bar(key, figure, rhythm, *, start=0) -> tuple:
    """One bar: the figure FIGURES[figure] from the scale degree ``start`` of ``key``, played with
    ``rhythm`` (four durations in eighths, from DURATIONS). A prompt's first bar, say."""
    check_choice("key", key, tuple(KEYS))
    steps = FIGURES[check_choice("figure", figure, tuple(FIGURES))]
    if not isinstance(rhythm, (tuple, list)) or len(rhythm) != len(steps) \
            or any(d not in DURATIONS for d in rhythm):
        raise ValueError(f"rhythm must be {len(steps)} durations from {DURATIONS}, got {rhythm!r}")
    bar = tuple((degree_pitch(key, check_int("start", start) + f), int(d)) for f, d in zip(steps, rhythm))
    for p, d in bar:
        note_token(p, d)             # in the scheme's range, or a ValueError naming the pitch
    return bar


# ---------------------------------------------------------------- the composer

def _pick(rng, options):
    return options[int(rng.integers(len(options)))]


def _fit(degrees) -> list:
    """The figure moved (by octaves first, else by steps) into LOWEST_DEGREE..HIGHEST_DEGREE."""
    for shift in (0, -7, 7):
        if LOWEST_DEGREE <= min(degrees) + shift and max(degrees) + shift <= HIGHEST_DEGREE:
            return [d + shift for d in degrees]
    shift = HIGHEST_DEGREE - max(degrees) if max(degrees) > HIGHEST_DEGREE else LOWEST_DEGREE - min(degrees)
    return [d + shift for d in degrees]


def _motif(rng, avoid=(), rhythms=MOTIF_RHYTHMS) -> tuple:
    """(rhythm, degrees) of a one-bar motif starting on a note of the tonic chord, different
    in rhythm or figure from every motif in ``avoid``."""
    while True:
        rhythm = _pick(rng, rhythms)
        figure = _pick(rng, tuple(FIGURES.values()))
        start = _pick(rng, (0, 2, 4))
        motif = (rhythm, tuple(_fit([start + f for f in figure])))
        if all(motif[0] != a[0] or np.diff(motif[1]).tolist() != np.diff(a[1]).tolist() for a in avoid):
            return motif


def _cadential(motif, goals) -> tuple:
    """The motif with its last note moved to the nearest of the degrees ``goals`` (an octave up or
    down allowed) to the note before it: the phrase now ends on a cadence."""
    rhythm, degrees = motif
    near = [g + o for g in goals for o in (-7, 0, 7) if LOWEST_DEGREE <= g + o <= HIGHEST_DEGREE]
    return rhythm, degrees[:-1] + (min(near, key=lambda g: (abs(g - degrees[-2]), g)),)


def _vary(rng, motif) -> tuple:
    """The motif again: exactly (half the time), moved one scale step, or its last note changed."""
    rhythm, degrees = motif
    how = int(rng.integers(4))
    if how == 2:
        return rhythm, tuple(_fit([d + _pick(rng, (1, -1)) for d in degrees]))
    if how == 3:
        last = degrees[-1] + (1 if degrees[-1] < HIGHEST_DEGREE else -1)
        return rhythm, degrees[:-1] + (last,)
    return motif


def compose(rng, key=None) -> Tune:
    """One tune of the form FORM (see the module docstring), in ``key`` (random when None)."""
    key = _pick(rng, tuple(KEYS)) if key is None else check_choice("key", key, tuple(KEYS))
    a = _motif(rng)
    b = _motif(rng, avoid=(a,), rhythms=PHRASE_END_RHYTHMS)
    c = _motif(rng, avoid=(a, b), rhythms=PHRASE_END_RHYTHMS)
    parts = {"A": a, "A*": _vary(rng, a), "B": b, "B'": _cadential(b, HALF_CADENCE),
             "C": c, "C'": _cadential(c, FULL_CADENCE)}
    bars = tuple(tuple((degree_pitch(key, d), r) for r, d in zip(*parts[name])) for name in FORM)
    return Tune(key, bars)


@dataclass(frozen=True)
class MelodySet:
    """Training and held-out tunes (no tune in both), from ``melody_data``."""
    train: tuple
    held_out: tuple


def melody_data(n_train=400, n_held_out=100, *, seed=0) -> MelodySet:
    """Distinct tunes from ``compose``, the same for the same arguments on every machine.

    The first n_train distinct tunes are for training, the next n_held_out for evaluation
    (a repeat of an earlier tune is drawn again, so the two parts never share a tune).
    """
    n_train = check_int("n_train", n_train, min_value=1)
    n_held_out = check_int("n_held_out", n_held_out, min_value=1)
    rng = np.random.default_rng(check_seed(seed))
    tunes, seen = [], set()
    while len(tunes) < n_train + n_held_out:
        tune = compose(rng)
        if tune not in seen:
            seen.add(tune)
            tunes.append(tune)
    return MelodySet(tuple(tunes[:n_train]), tuple(tunes[n_train:]))
