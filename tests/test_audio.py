"""course_utils.audio: additive synthesis without clicks, a WAV, and IPython's player."""
import base64
import io
import re
import wave

import numpy as np
import pytest

from course_utils import audio as A
from course_utils.data import music as M

NOTES = [(60, 2), (64, 1), (67, 3), (72, 2), (55, 8)]


def note_lengths(notes, rate=A.RATE, tempo=A.TEMPO):
    return [int(round(d * A.eighth_seconds(tempo) * rate)) for _, d in notes]


def test_shape_dtype_and_range():
    y = A.synthesize(NOTES)
    assert y.dtype == np.float32 and y.shape == (sum(note_lengths(NOTES)),)
    assert np.abs(y).max() <= 1.0 and np.abs(y).max() > 0.3
    assert A.synthesize(NOTES, rate=16000, tempo=80).size == sum(note_lengths(NOTES, 16000, 80))


def test_a_tune_plays_its_notes():
    t = M.melody_data(2, 1).train[0]
    assert np.array_equal(A.synthesize(t), A.synthesize(t.notes))
    assert A.synthesize(t).size == round(M.N_BARS * 8 * A.eighth_seconds() * A.RATE)


def test_no_clicks_every_note_starts_and_ends_at_zero():
    y = A.synthesize(NOTES).astype(np.float64)
    ends = np.cumsum(note_lengths(NOTES))
    starts = np.r_[0, ends[:-1]]
    assert (y[starts] == 0).all() and (y[ends - 1] == 0).all()
    # near a boundary the level is small: no jump bigger than the attack lets through
    for b in ends[:-1]:
        assert np.abs(y[b - 3: b + 3]).max() < 0.05


def test_envelope():
    e = A.envelope(400)
    assert e[0] == 0 and e[-1] == 0 and (e >= 0).all() and 0.9 < e.max() <= 1
    assert np.argmax(e) == int(A.ATTACK * A.RATE)          # rises for ATTACK seconds, then decays
    assert A.envelope(2).tolist() == [0.0, 0.0]


def test_pitch_is_heard_where_it_should_be():
    x = A.tone(69, 1.0, rate=8000)                         # A4 = 440 Hz
    spectrum = np.abs(np.fft.rfft(x))
    assert np.fft.rfftfreq(x.size, 1 / 8000)[np.argmax(spectrum)] == pytest.approx(440, abs=1.5)
    assert A.frequency(81) == pytest.approx(880.0)


def level_near(x, rate, hz):
    f = np.fft.rfftfreq(x.size, 1 / rate)
    spectrum = np.abs(np.fft.rfft(x))
    return spectrum[np.abs(f - hz) < 20].max() / spectrum.max()


def test_harmonics_above_nyquist_are_left_out():
    assert not A.tone(96, 0.5, rate=4000).any()            # C7 ~ 2093 Hz: even the first is too high
    f0 = A.frequency(79)                                   # G5 ~ 784 Hz; its 3rd harmonic, 2352 Hz, ...
    assert level_near(A.tone(79, 0.5, rate=16000), 16000, 3 * f0) > 0.1
    # ... above 4000 / 2 would fold back to 4000 - 2352 = 1648 Hz: left out, nothing there
    assert level_near(A.tone(79, 0.5, rate=4000), 4000, 4000 - 3 * f0) < 0.01


def test_pure_sines_and_the_harmonics():
    notes = [(69, 8)]
    y = A.synthesize(notes, harmonics=(1.0,)).astype(np.float64)
    n = y.size
    i = np.arange(n)
    assert np.allclose(y, np.sin(2 * np.pi * 440.0 * i / A.RATE) * A.envelope(n), atol=1e-6)
    assert not np.allclose(A.synthesize(notes), y, atol=1e-3)          # four harmonics by default
    assert np.allclose(A.synthesize(notes, harmonics=(2.0,)), y, atol=1e-6)   # scaled to the same level


@pytest.mark.parametrize("harmonics, error, words", [
    ((), TypeError, "harmonics must be a non-empty tuple"), (1.0, TypeError, "harmonics must be"),
    ((1.0, -0.5), ValueError, "harmonics\\[1\\] must be a finite number >= 0"),
    ((0.0,), ValueError, "an amplitude above 0"), ((1.0, "x"), TypeError, "harmonics\\[1\\] must be a real number")])
def test_harmonics_bad_input(harmonics, error, words):
    with pytest.raises(error, match=words):
        A.synthesize(NOTES, harmonics=harmonics)


def test_wav_data_is_a_16_bit_mono_wav_of_the_samples():
    y = np.array([0.0, 0.5, -1.0, 1.0], dtype=np.float32)
    with wave.open(io.BytesIO(A.wav_data(y, rate=8000))) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (1, 2, 8000, 4)
        pcm = np.frombuffer(w.readframes(4), dtype="<i2")
    assert pcm.tolist() == [0, 16384, -32767, 32767]


def test_wav_size_is_what_the_player_stores():
    y = A.synthesize(NOTES)
    html = A.player(y)._repr_html_()
    b64 = re.search(r"base64,([A-Za-z0-9+/=]+)", html).group(1)
    assert (len(base64.b64decode(b64)), len(b64)) == A.wav_bytes(y.size)


@pytest.mark.parametrize("notes, error, words", [
    ([], TypeError, "non-empty list"),
    ("C4", TypeError, "notes must be a Tune"),
    ([(60, 2), 60], TypeError, "notes\\[1\\] must be a \\(pitch, eighths\\) pair"),
    ([(60, 2), (128, 2)], ValueError, "notes\\[1\\] pitch must be a MIDI number in \\[0, 127\\], got 128"),
    ([(60, 0)], ValueError, "notes\\[0\\] duration must be an integer >= 1, got 0"),
    ([(60.5, 2)], TypeError, "notes\\[0\\] pitch must be an integer")])
def test_synthesize_bad_input(notes, error, words):
    with pytest.raises(error, match=words):
        A.synthesize(notes)


def test_bad_rate_tempo_and_samples():
    with pytest.raises(ValueError, match="rate must be an integer >= 1000"):
        A.synthesize(NOTES, rate=500)
    with pytest.raises(ValueError, match="tempo must be a finite number > 0"):
        A.synthesize(NOTES, tempo=0)
    with pytest.raises(ValueError, match="samples must be a non-empty array of finite values in \\[-1, 1\\]"):
        A.player(np.array([0.0, 1.5]))
    with pytest.raises(ValueError, match="samples must have 1 dimensions"):
        A.player(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="samples must be a non-empty array"):
        A.wav_data(np.array(["a"]))
    with pytest.raises(ValueError, match="rate must be an integer >= 1000"):
        A.wav_data(np.zeros(3), rate=10)
    with pytest.raises(ValueError, match="n_samples must be an integer >= 2"):
        A.envelope(1)
