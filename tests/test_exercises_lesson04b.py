"""Lesson 04b checkers: PASS for the right answer, "not attempted yet" for the untouched placeholder,
and FAIL naming each slip they recognise; never an exception."""
import numpy as np
import pytest

from course_utils.audio import envelope, eighth_seconds, frequency
from course_utils.exercises import check_full_bars, check_melody_wave, check_uniform_loss


@pytest.mark.parametrize("check", [check_uniform_loss, check_full_bars, check_melody_wave])
def test_untouched_placeholder_is_not_attempted(check, feedback):
    ok, out = feedback(check, ...)
    assert ok is False and "not attempted yet" in out and "FAIL" not in out


# ---------------------------------------------------------------- a uniform guess

UNIFORM = 40 / 32 * np.log(105)


@pytest.mark.parametrize("answer", [UNIFORM, 5.82, np.float64(UNIFORM)])
def test_uniform_loss_right(answer, feedback):
    ok, out = feedback(check_uniform_loss, answer)
    assert ok and out.startswith("PASS") and "5.817 nats per note" in out


@pytest.mark.parametrize("answer, reason", [
    (np.log(105), "that is the loss per token"),
    (41 / 32 * np.log(105), "the key token is given, not predicted"),
    (40 / 32 * np.log2(105), "that is in bits"),
    (40 / 32 * np.log(100), "every token can be guessed, not only the 100 notes"),
    (32 / 40 * np.log(105), "upside down"),
    (6.5, "6.5 is not it"),
    ("5.8", "give one number"),
    (True, "give one number"),
])
def test_uniform_loss_wrong(answer, reason, feedback):
    ok, out = feedback(check_uniform_loss, answer)
    assert ok is False and out.startswith("FAIL") and reason in out


# ---------------------------------------------------------------- full bars

def count_full_bars(tune):
    return sum(sum(d for _, d in bar) == 8 for bar in tune.bars)


def skeleton(tune):
    full = ...
    return full


def test_full_bars_right(feedback):
    ok, out = feedback(check_full_bars, count_full_bars)
    assert ok and out.startswith("PASS")


def test_full_bars_skeleton_is_not_attempted(feedback):
    ok, out = feedback(check_full_bars, skeleton)
    assert ok is False and "not attempted yet" in out and "replace the ..." in out


@pytest.mark.parametrize("fn, reason", [
    (lambda t: sum(len(bar) == 4 for bar in t.bars), "you counted bars of four notes"),
    (lambda t: sum(sum(d for _, d in bar) == 4 for bar in t.bars), "durations are in eighths"),
    (lambda t: sum(sum(d for _, d in bar) >= 8 for bar in t.bars), "spills over"),
    (lambda t: count_full_bars(t) / len(t.bars), "that is the share of full bars"),
    (lambda t: str(count_full_bars(t)), "return a whole number"),
    (lambda t: count_full_bars(t) + 1, "expected 8, got 9"),
    (lambda t: 1 / 0, "your function raised ZeroDivisionError"),
    (8, "give the function itself"),
])
def test_full_bars_wrong(fn, reason, feedback):
    ok, out = feedback(check_full_bars, fn)
    assert ok is False and out.startswith("FAIL") and reason in out


# ---------------------------------------------------------------- notes to a waveform

def wave_with(notes, rate, *, hz=frequency, per_sample=False, global_time=False, whole_envelope=False,
              seconds=None, extra=0):
    """The right wave, or the same with one slip."""
    seconds = eighth_seconds() if seconds is None else seconds
    pieces, start = [], 0
    for pitch, eighths in notes:
        n = round(eighths * seconds * rate) + extra
        i = np.arange(n) + (start if global_time else 0)
        t = i if per_sample else i / rate
        piece = np.sin(2 * np.pi * hz(pitch) * t)
        pieces.append(piece if whole_envelope else piece * envelope(n, rate))
        start += n
    wave = np.concatenate(pieces)
    return wave * envelope(wave.size, rate) if whole_envelope else wave


def melody_wave(notes, rate=8000):
    return wave_with(notes, rate)


def wave_skeleton(notes, rate=8000):
    pieces = []
    for pitch, eighths in notes:
        n = ...
        piece = ...
        pieces.append(piece)
    return ...


def test_wave_right(feedback):
    ok, out = feedback(check_melody_wave, melody_wave)
    assert ok and out.startswith("PASS")
    ok, _ = feedback(check_melody_wave, lambda notes, rate: list(melody_wave(notes, rate).astype(np.float32)))
    assert ok


def test_wave_skeleton_is_not_attempted(feedback):
    ok, out = feedback(check_melody_wave, wave_skeleton)
    assert ok is False and "not attempted yet" in out and "replace every ..." in out


def no_envelope(notes, rate):
    return np.concatenate([np.sin(2 * np.pi * frequency(p) * np.arange(round(d * eighth_seconds() * rate)) / rate)
                           for p, d in notes])


@pytest.mark.parametrize("fn, reason", [
    (no_envelope, "no envelope: multiply each note by envelope(n, rate)"),
    (lambda n, r: wave_with(n, r, whole_envelope=True), "one envelope over the whole melody"),
    (lambda n, r: wave_with(n, r, hz=float), "the pitch is a MIDI number, not hertz"),
    (lambda n, r: wave_with(n, r, per_sample=True), "time is in seconds: t = np.arange(n) / rate"),
    (lambda n, r: wave_with(n, r, global_time=True), "count each note's time from its own start"),
    (lambda n, r: wave_with(n, r, seconds=2 * eighth_seconds()), "you counted quarter notes"),
    (lambda n, r: wave_with(n, r, seconds=1.0), "an eighth lasts eighth_seconds() = 0.1875 s"),
    (lambda n, r: wave_with(n, r, extra=1), "rounded on its own"),
    (lambda n, r: -melody_wave(n, r), "not the expected wave"),
    (lambda n, r: {"wave": 1}, "return one array of samples"),
    (lambda n, r: 1 / 0, "your function raised ZeroDivisionError"),
    ("melody_wave", "give the function itself"),
])
def test_wave_wrong(fn, reason, feedback):
    ok, out = feedback(check_melody_wave, fn)
    assert ok is False and out.startswith("FAIL") and reason in out


def test_wave_uses_the_rate_it_is_given(feedback):
    ok, out = feedback(check_melody_wave, lambda notes, rate: melody_wave(notes, 8000))
    assert ok is False and "at 4000 Hz" in out
