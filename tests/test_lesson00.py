"""Lesson 00: the start-here slider, the notation checkers, the environment check."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import environment
from course_utils.exercises import NOT_ATTEMPTED, check_hidden_states_shape, check_shape_W_hx
from course_utils.figures.start import sine_wave
from course_utils.widgets import sine_slider


def test_sine_wave_values():
    y = sine_wave(1.0)
    assert y.shape == (400,) and y[0] == 0.0 and np.isclose(y.max(), 1.0, atol=1e-4)


@pytest.mark.parametrize("bad", [0.0, -2.0, float("nan")])
def test_sine_wave_bad_frequency(bad):
    with pytest.raises(ValueError, match="frequency must be a finite number > 0"):
        sine_wave(bad)


def test_slider_redraws_the_same_figure():
    before = plt.get_fignums()
    box = sine_slider(3.0)
    line = box.live.fig.axes[0].lines[0]
    draws = box.live.draws
    box.slider.value = 7.0
    assert box.live.draws == draws + 1
    np.testing.assert_array_equal(line.get_ydata(), sine_wave(7.0))
    assert "7 Hz" in box.live.fig.axes[0].get_title()
    assert plt.get_fignums() == before          # no new figure per change


@pytest.mark.parametrize("check, right, wrong", [
    (check_shape_W_hx, (16, 10), (10, 16)),
    (check_hidden_states_shape, (20, 8, 16), (8, 20, 16)),
])
def test_checkers(feedback, check, right, wrong):
    ok, text = feedback(check, right)
    assert ok is True and text.startswith("PASS")
    ok, text = feedback(check, wrong)
    assert ok is False and text.startswith("FAIL")
    ok, text = feedback(check, ...)
    assert ok is False and NOT_ATTEMPTED in text
    ok, text = feedback(check, "16x10")                     # no exception
    assert ok is False and text.startswith("FAIL")


@pytest.mark.parametrize("check, right", [
    (check_shape_W_hx, [16, 10]),
    (check_shape_W_hx, (np.int64(16), np.int64(10))),
    (check_hidden_states_shape, [20, 8, 16]),
])
def test_checkers_accept_a_list_or_numpy_integers(feedback, check, right):
    ok, text = feedback(check, right)
    assert ok is True and text.startswith("PASS")


@pytest.mark.parametrize("bad", [(16.5, 10), (True, 10), 16])
def test_checkers_reject_what_is_not_a_shape(feedback, bad):
    ok, text = feedback(check_shape_W_hx, bad)
    assert ok is False and "tuple of whole numbers" in text


def test_environment_check_passes_here(capsys):
    assert environment.problems() == []
    assert environment.environment_report() is None
    assert "requirements met" in capsys.readouterr().out


def test_environment_check_names_what_is_missing():
    found = environment.problems({"numpy": "99.0", "surely-not-installed-pkg": "1.0"})
    assert any("numpy" in p and "older" in p for p in found)
    assert any("surely-not-installed-pkg is not installed" in p for p in found)
