"""Tunes you can hear (lesson 04b): additive synthesis in NumPy, and IPython's audio player.

Each note is a sum of a few harmonics of its frequency f = 440 Hz * 2^((pitch - 69) / 12), shaped by
an envelope that rises from 0 (attack), decays like a plucked string, and falls back to exactly 0
at the end of the note (release): a waveform that jumps at a note boundary is heard as a click.
No audio file and no audio package: ``wav_data`` writes the samples as a 16-bit WAV (the standard
library's ``wave``), which IPython's player keeps inside the notebook and the widget's player plays.
"""
from __future__ import annotations

import io
import wave

import numpy as np

from .data.music import Tune
from .validation import check_array, check_int, check_positive_float, check_scalar

HARMONICS = (1.0, 0.5, 0.25, 0.12)   # amplitude of the 1st, 2nd, 3rd, 4th harmonic
ATTACK = 0.01                        # seconds from silence to full level
RELEASE = 0.02                       # seconds back to silence at the end of each note
DECAY = 0.6                          # seconds for the level to fall by a factor e
RATE = 8000                          # samples per second: enough for these pitches, and small
TEMPO = 160                          # quarter notes (beats) per minute


def frequency(pitch):
    """Frequency in Hz of a MIDI pitch (69 = A4 = 440 Hz), equal temperament."""
    return 440.0 * 2.0 ** ((np.asarray(pitch, dtype=np.float64) - 69.0) / 12.0)


def _levels(i, n, rate) -> np.ndarray:
    """Envelope level at sample i of a note n samples long (arrays of the same shape):
    a linear attack from 0, an exponential decay, a linear release to exactly 0 at i = n - 1."""
    n_attack = np.maximum(1, np.minimum(int(ATTACK * rate), n // 2))
    n_release = np.maximum(1, np.minimum(int(RELEASE * rate), n - n_attack))
    attack = np.minimum(1.0, i / n_attack)
    release = np.minimum(1.0, (n - 1 - i) / n_release)
    return np.exp(-i / (DECAY * rate)) * attack * release


def envelope(n_samples, rate=RATE) -> np.ndarray:
    """(n_samples,) levels in [0, 1] of one note; the first and the last are exactly 0, so notes
    join without a jump."""
    n = check_int("n_samples", n_samples, min_value=2)
    return _levels(np.arange(n), np.full(n, n), check_positive_float("rate", rate))


def tone(pitch, seconds, rate=RATE) -> np.ndarray:
    """One note, (round(seconds * rate),) float64 in [-1, 1] (see synthesize)."""
    seconds = check_positive_float("seconds", seconds)
    pitch = check_int("pitch", pitch, min_value=0)
    rate = check_positive_float("rate", rate)
    return _waveform(np.array([pitch]), np.array([max(int(round(seconds * rate)), 2)]), rate)


def _waveform(pitches, lengths, rate, harmonics=HARMONICS) -> np.ndarray:
    """Notes of ``lengths`` samples one after another: harmonics below the Nyquist frequency
    rate / 2 (higher ones would fold back as other pitches), times each note's envelope."""
    n = np.repeat(lengths, lengths)                        # each sample: its note's length ...
    i = np.arange(n.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)   # ... and place in it
    f0 = np.repeat(frequency(pitches), lengths)
    phase = 2 * np.pi * f0 * i / rate
    wave = sum(amp * np.sin(k * phase) * (k * f0 < rate / 2)
               for k, amp in enumerate(harmonics, start=1))
    return wave / sum(harmonics) * _levels(i, n, rate)


def eighth_seconds(tempo=TEMPO) -> float:
    """Length of an eighth note in seconds at ``tempo`` quarter notes per minute."""
    return 30.0 / check_positive_float("tempo", tempo)


def synthesize(notes, *, tempo=TEMPO, rate=RATE, harmonics=HARMONICS) -> np.ndarray:
    """The waveform of a melody: a Tune, or a list of (MIDI pitch, duration in eighths) notes.

    Note k lasts n_k = round(eighths_k * eighth_seconds(tempo) * rate) samples (at least 2), and
    its sample i is  sum_j a_j sin(2 pi j f_k i / rate) / sum_j a_j * envelope(n_k)[i],  with
    f_k = frequency(pitch_k) and a_j = harmonics[j - 1] (j = 1 the fundamental; harmonics at or
    above rate / 2 left out). ``harmonics=(1.0,)`` gives pure sine tones. Returns float32
    samples (N,) in [-1, 1], the notes one after another; mono, ``rate`` samples per second.
    """
    if isinstance(notes, Tune):
        notes = notes.notes
    if not isinstance(notes, (list, tuple)) or not notes:
        raise TypeError(f"notes must be a Tune or a non-empty list of (pitch, eighths) pairs, "
                        f"got {type(notes).__name__}")
    rate = check_int("rate", rate, min_value=1000)
    harmonics = _check_harmonics(harmonics)
    step = eighth_seconds(tempo)
    pitches, lengths = [], []
    for i, note in enumerate(notes):
        if not isinstance(note, (tuple, list)) or len(note) != 2:
            raise TypeError(f"notes[{i}] must be a (pitch, eighths) pair, got {note!r}")
        pitch = check_int(f"notes[{i}] pitch", note[0], min_value=0)
        if pitch > 127:
            raise ValueError(f"notes[{i}] pitch must be a MIDI number in [0, 127], got {pitch}")
        eighths = check_int(f"notes[{i}] duration", note[1], min_value=1)
        pitches.append(pitch)
        lengths.append(max(int(round(eighths * step * rate)), 2))
    return _waveform(np.array(pitches), np.array(lengths), rate, harmonics).astype(np.float32)


def _check_harmonics(harmonics) -> tuple:
    if not isinstance(harmonics, (tuple, list)) or not harmonics:
        raise TypeError(f"harmonics must be a non-empty tuple of amplitudes, got {harmonics!r}")
    amps = tuple(check_scalar(f"harmonics[{j}]", a, min_value=0) for j, a in enumerate(harmonics))
    if sum(amps) == 0:
        raise ValueError(f"harmonics must have an amplitude above 0, got {harmonics!r}")
    return amps


def _check_samples(samples) -> np.ndarray:
    samples = check_array("samples", samples, ndim=1)
    if samples.size == 0 or not np.issubdtype(samples.dtype, np.number) \
            or not np.all(np.isfinite(samples)) or np.abs(samples).max() > 1:
        raise ValueError("samples must be a non-empty array of finite values in [-1, 1]")
    return samples


def wav_data(samples, rate=RATE) -> bytes:
    """The bytes of a 16-bit mono WAV file of float samples (N,) in [-1, 1] (1 -> 32767),
    ``rate`` samples per second: what a player plays."""
    pcm = np.round(_check_samples(samples).astype(np.float64) * 32767).astype("<i2")
    rate = check_int("rate", rate, min_value=1000)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def wav_bytes(n_samples) -> tuple:
    """Size of wav_data for n_samples samples, and of its base64 text inside a notebook's
    player: returns (wav bytes, base64 characters)."""
    n = check_int("n_samples", n_samples, min_value=0)
    wav = 44 + 2 * n
    return wav, 4 * ((wav + 2) // 3)


def player(samples, rate=RATE):
    """IPython's audio player for float samples (N,) in [-1, 1], played at their own level
    (wav_data, stored in the notebook as base64)."""
    from IPython.display import Audio
    return Audio(data=wav_data(samples, rate))
