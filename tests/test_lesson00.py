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


def test_environment_check_asks_only_for_the_lessons_packages(capsys):
    """A learner without the test tools is not told they are missing, but how to get them."""
    names = set(environment.requirements())
    assert {"numpy", "matplotlib", "ipywidgets", "jupyterlab", "ipykernel"} <= names
    assert not names & {"pytest", "nbval", "nbclient", "nbformat", "playwright", "uv"}
    environment.environment_report()
    out = capsys.readouterr().out
    assert f"all {len(names)} packages the lessons need" in out
    assert "python3 course.py test" in out and '".[test]"' in out


def test_requirements_without_a_checkout_come_from_the_installed_package(monkeypatch, tmp_path):
    """After a plain `pip install .` there is no pyproject.toml beside course_utils."""
    requires = ["numpy>=2.0", "matplotlib>=3.8", 'pytest>=8.0; extra == "test"',
                'uv>=0.9; extra == "lock"']
    monkeypatch.setattr(environment.metadata, "requires",
                        lambda name: requires if name == "rnn-course" else None)
    missing = tmp_path / "pyproject.toml"
    assert environment.requirements(missing) == {"numpy": "2.0", "matplotlib": "3.8"}
    assert environment.requirements(missing, extra="test") == {"pytest": "8.0"}
