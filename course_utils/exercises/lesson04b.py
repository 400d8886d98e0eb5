"""Lesson 04b checkers: the loss per note of a uniform guess, a function that counts full bars, and
a function that turns notes into a waveform (pure sine tones under the library's envelope)."""
from __future__ import annotations

import numpy as np

from ..audio import RATE, TEMPO, envelope, frequency, eighth_seconds, synthesize
from ..data.music import BAR_LENGTH, N_NOTE_TOKENS, VOCAB_SIZE, Tune, encode, melody_data
from ..melody import bar_eighths
from .feedback import Feedback, as_number, as_whole_number, call_learner, not_attempted, report, untouched

__all__ = ["check_uniform_loss", "check_full_bars", "check_melody_wave", "WAVE_NOTES"]

# Exercise 3: the melody the learner's function is first tried on (pitch, eighths).
WAVE_NOTES = ((60, 2), (64, 1), (67, 3), (72, 2), (55, 8))


def _uniform_case():
    """(tokens predicted per tune, notes per tune) for the data set's tunes."""
    tune = melody_data(1, 1).train[0]
    return len(encode(tune)) - 1, len(tune.notes)


def check_uniform_loss(answer) -> Feedback:
    """Loss per note, in nats, of a model that gives every one of the VOCAB_SIZE tokens the same
    probability (a number): predicted tokens per tune / notes per tune * ln(VOCAB_SIZE)."""
    name = "loss per note of a uniform guess"
    if untouched(answer):
        return not_attempted(name)
    x = as_number(answer)
    if x is None:
        return report(name, False, f"give one number (nats per note); you gave {answer!r}")
    predicted, notes = _uniform_case()
    per_token = np.log(VOCAB_SIZE)
    want = predicted / notes * per_token
    if abs(x - want) < 0.01:
        return report(name, True, f"{predicted} predicted tokens ({notes} notes and {predicted - notes} bar lines) "
                                  f"of ln {VOCAB_SIZE} = {per_token:.3f} nats each, over {notes} notes: "
                                  f"{want:.3f} nats per note; the unigram and the bigram must beat it")
    slips = [(per_token, f"that is the loss per token; the bar lines are predicted too, and the total "
                         f"is divided by the {notes} notes"),
             ((predicted + 1) / notes * per_token, "the key token is given, not predicted: count the "
                                                   "tokens after it"),
             (predicted / notes * np.log2(VOCAB_SIZE), "that is in bits (log base 2); a loss in nats uses "
                                                       "the natural log"),
             (predicted / notes * np.log(N_NOTE_TOKENS), f"every token can be guessed, not only the "
                                                         f"{N_NOTE_TOKENS} notes: V = {VOCAB_SIZE}"),
             (notes / predicted * per_token, "upside down: the loss is the total over the predicted "
                                             "tokens, divided by the notes")]
    for value, why in slips:
        if abs(x - value) < 0.01:
            return report(name, False, why)
    return report(name, False, f"{x:g} is not it: each predicted token costs -ln(1/{VOCAB_SIZE}) nats; "
                               f"add them up over a tune and divide by its notes")


# ---------------------------------------------------------------- exercise 2: full bars

def _bar_cases() -> list:
    """Tunes that tell the slips apart: bars of 3, 4 and 5 notes that fill a bar, bars that fall
    short or spill over, and an unfinished last bar."""
    tune = melody_data(1, 1).train[0]
    odd = (((60, 2), (62, 2), (64, 4)),                   # full, 3 notes
           ((60, 1), (62, 1), (64, 2), (65, 2), (67, 2)),  # full, 5 notes
           ((60, 2), (62, 2), (64, 2)),                   # 6 eighths, 3 notes
           ((60, 4), (62, 2), (64, 2), (65, 2)),           # 10 eighths, 4 notes
           ((60, 1), (62, 1), (64, 1), (65, 1)),           # 4 eighths (4 beats would be 8), 4 notes
           ((60, 4), (62, 4)))                            # full, 2 notes
    return [tune, Tune("C", odd), Tune("G", tune.bars[:3] + odd[3:]), Tune("F", odd[:2] + ((((65, 2),)),))]


def check_full_bars(fn) -> Feedback:
    """fn(tune) -> int: how many of tune.bars have durations adding up to BAR_LENGTH eighths."""
    name = "counting full bars"
    if untouched(fn):
        return not_attempted(name)
    if not callable(fn):
        return report(name, False, f"give the function itself (count_full_bars, without brackets); "
                                   f"you gave {type(fn).__name__}")
    for tune in _bar_cases():
        got, feedback = call_learner(name, fn, tune)
        if feedback is not None:
            return feedback
        want = sum(bar_eighths(bar) == BAR_LENGTH for bar in tune.bars)
        n = as_whole_number(got)
        if n == want:
            continue
        return report(name, False, _bar_hint(tune, got, n, want))
    return report(name, True, "a bar is full when its durations add up to 8 eighths, "
                              "whatever its number of notes")


def _bar_hint(tune, got, n, want) -> str:
    lengths = [bar_eighths(bar) for bar in tune.bars]
    shown = f"for bars of {lengths} eighths ({[len(b) for b in tune.bars]} notes) expected {want}, got {got!r}"
    if n is None:
        if isinstance(got, float) and np.isclose(got, want / len(tune.bars)):
            return f"{shown}: that is the share of full bars; return the count"
        return f"{shown}: return a whole number (the count of full bars)"
    if n == sum(len(bar) == 4 for bar in tune.bars):
        return f"{shown}: you counted bars of four notes; a bar is full when its durations add up to 8 eighths"
    if n == sum(s == BAR_LENGTH // 2 for s in lengths):
        return f"{shown}: durations are in eighths: a full bar of 4/4 holds 4 beats = 8 eighths"
    if n == sum(s >= BAR_LENGTH for s in lengths):
        return f"{shown}: a bar of more than 8 eighths spills over: it is not full either"
    return shown


# ---------------------------------------------------------------- exercise 3: notes to a waveform

def _sines(notes, rate, *, hz=frequency, per_sample=False, global_time=False):
    """Sine tones, one per note (no envelope), under one of the slips the hints name."""
    lengths = [max(int(round(d * eighth_seconds() * rate)), 2) for _, d in notes]
    starts = np.cumsum([0] + lengths[:-1])
    out = []
    for (p, _), n, s in zip(notes, lengths, starts):
        i = np.arange(n) + (s if global_time else 0)
        out.append(np.sin(2 * np.pi * hz(p) * (i if per_sample else i / rate)))
    return out, lengths


def _wave_hint(got, notes, rate) -> str:
    want = synthesize(list(notes), rate=rate, harmonics=(1.0,))
    if got.shape != want.shape:
        samples = lambda seconds: sum(max(int(round(d * seconds * rate)), 2) for _, d in notes)  # noqa: E731
        if got.size == samples(2 * eighth_seconds()):
            return f"{got.size} samples instead of {want.size}: you counted quarter notes; a duration is in eighths"
        if got.size == samples(1.0):
            return (f"{got.size} samples instead of {want.size}: an eighth lasts eighth_seconds() = "
                    f"{eighth_seconds():g} s at {TEMPO} beats a minute, not 1 s")
        return (f"{got.size} samples instead of {want.size}: each note lasts round(eighths * "
                f"eighth_seconds() * rate) samples, rounded on its own")
    sines, lengths = _sines(notes, rate)
    envelopes = [envelope(n, rate) for n in lengths]
    candidates = [
        (np.concatenate(sines), "no envelope: multiply each note by envelope(n, rate), or it clicks"),
        (np.concatenate(sines) * envelope(want.size, rate), "one envelope over the whole melody: each note gets "
                                                            "its own, envelope(n, rate) for its n samples"),
        (np.concatenate([s * e for s, e in zip(_sines(notes, rate, hz=float)[0], envelopes)]),
         "the pitch is a MIDI number, not hertz: the frequency is frequency(pitch)"),
        (np.concatenate([s * e for s, e in zip(_sines(notes, rate, per_sample=True)[0], envelopes)]),
         "time is in seconds: t = np.arange(n) / rate, not the sample number"),
        (np.concatenate([s * e for s, e in zip(_sines(notes, rate, global_time=True)[0], envelopes)]),
         "count each note's time from its own start (t = 0 at its first sample)")]
    for wave, why in candidates:
        if np.allclose(got, wave, atol=1e-4):
            return why
    return "not the expected wave: sin(2 pi f t) with f = frequency(pitch), t = np.arange(n) / rate, times envelope(n, rate)"


def check_melody_wave(fn) -> Feedback:
    """fn(notes, rate) -> (N,) floats: pure sine tones, one per note, each under envelope(n, rate);
    the library's synthesize(notes, rate=rate, harmonics=(1.0,))."""
    name = "notes to a waveform"
    if untouched(fn):
        return not_attempted(name)
    if not callable(fn):
        return report(name, False, f"give the function itself (melody_wave, without brackets); "
                                   f"you gave {type(fn).__name__}")
    for notes, rate in ((WAVE_NOTES, RATE), (melody_data(1, 1).train[0].bars[0], 4000)):
        try:
            got = fn(list(notes), rate)
        except Exception as err:   # the learner's code: report, never raise
            return report(name, False, f"your function raised {type(err).__name__}: {err}")
        if untouched(got):
            return not_attempted(name, "replace every ... in the function's body, then run the cell again")
        try:
            got = np.asarray(got, dtype=np.float64).ravel()
        except (TypeError, ValueError):
            return report(name, False, f"return one array of samples; you returned {type(got).__name__}")
        want = synthesize(list(notes), rate=rate, harmonics=(1.0,))
        if got.shape != want.shape or not np.allclose(got, want, atol=1e-4):
            return report(name, False, f"for {list(notes)} at {rate} Hz: {_wave_hint(got, notes, rate)}")
    return report(name, True, "each note a sine at its frequency under its own envelope, which starts "
                              "and ends at 0: the notes join without a click")
