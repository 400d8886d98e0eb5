"""Lesson 02's time stepper: the data it shows is one real forward pass, and the slider moves it."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import rnn
from course_utils.figures.stepper import history_figure
from course_utils.stepper import encode, fit_word, step_view, walk
from course_utils.widgets.stepper import time_stepper

WORD = "tomorrow"


@pytest.fixture(scope="module")
def box():
    return time_stepper(WORD, n_hidden=6, steps=40, seed=0)


def heights(bars):
    return np.array([b.get_height() for b in bars])


def test_encode_sorts_the_characters():
    vocab, ids = encode("abca")
    assert vocab == ["a", "b", "c"]
    assert ids.tolist() == [0, 1, 2, 0]


def test_walk_is_the_library_forward_pass():
    params = fit_word(WORD, n_hidden=5, steps=0, seed=3)
    w = walk(params, WORD)
    vocab, ids = encode(WORD)
    hs, probs = rnn.forward(params, ids[:-1, None])
    assert w.chars == list("tomorro") and w.next_chars == list("omorrow")
    assert np.array_equal(w.hs, hs[:, 0]) and np.array_equal(w.probs, probs[:, 0])
    assert np.array_equal(w.xs.argmax(axis=1), ids[:-1]) and np.array_equal(w.xs.sum(axis=1), np.ones(7))
    assert np.array_equal(w.targets, ids[1:])


def test_training_makes_the_true_next_character_likely():
    before = walk(fit_word(WORD, steps=0), WORD)
    after = walk(fit_word(WORD, steps=40), WORD)
    p_before = before.probs[np.arange(7), before.targets]
    p_after = after.probs[np.arange(7), after.targets]
    assert p_after.min() > 0.5 > p_before.max()
    assert np.array_equal(after.probs.argmax(axis=1), after.targets)


def test_fit_word_is_deterministic():
    a, b = fit_word(WORD, seed=1), fit_word(WORD, seed=1)
    assert all(np.array_equal(a[k], b[k]) for k in a)


def test_step_view_picks_row_t_minus_1():
    w = walk(fit_word(WORD, steps=0), WORD)
    v = step_view(w, 3)
    assert np.array_equal(v["h"], w.hs[2]) and np.array_equal(v["h_prev"], w.hs[1])
    assert np.array_equal(v["probs"], w.probs[2]) and np.array_equal(v["x"], w.xs[2])
    assert v["char"] == "m" and v["next_char"] == "o"
    assert np.array_equal(step_view(w, 1)["h_prev"], np.zeros(w.hs.shape[1]))   # h_0 = 0


def test_slider_moves_every_artist_to_the_forward_pass(box):
    w = box.walks["trained"]
    seen = []
    for t in [2, 3, 7, 1]:
        draws = box.live.draws
        box.slider.value = t
        assert box.live.draws == draws + 1                      # one redraw per move
        assert np.allclose(heights(box.artists["h"]), w.hs[t - 1])
        assert np.allclose(heights(box.artists["probs"]), w.probs[t - 1])
        assert np.allclose(heights(box.artists["x"]), w.xs[t - 1])
        prev = w.hs[t - 2] if t > 1 else np.zeros(w.hs.shape[1])
        assert np.allclose(heights(box.artists["h_prev"]), prev)
        assert box.artists["title"].get_text() == f"step t = {t} of 7"
        letters = box.artists["letters"]
        assert letters["now"].get_text().strip() == w.chars[t - 1]          # highlighted: x_t
        assert letters["done"].get_text().split() == w.chars[:t - 1]
        assert letters["later"].get_text().split() == w.chars[t:]
        seen.append(heights(box.artists["h"]))
    assert not np.allclose(seen[0], seen[1])                   # the data really changed


def test_weights_toggle_switches_to_the_random_forward_pass(box):
    box.slider.value = 4
    box.weights.value = "random"
    assert np.allclose(heights(box.artists["probs"]), box.walks["random"].probs[3])
    box.weights.value = "trained"
    assert np.allclose(heights(box.artists["probs"]), box.walks["trained"].probs[3])


def test_the_three_strings_of_the_word_line_up(box):
    # overlaid in a monospace font: same length, each letter in exactly one of them
    texts = [box.artists["letters"][k].get_text() for k in ("done", "now", "later")]
    assert len(set(map(len, texts))) == 1
    merged = "".join(max(chars) for chars in zip(*texts))
    assert merged == " ".join(box.walks["trained"].chars)


def test_the_redrawn_figure_uses_no_mathtext(box):
    # mathtext is parsed again at every draw: the slider's figure uses Unicode subscripts instead
    texts = [t for ax in box.live.fig.axes for t in (ax.title, ax.xaxis.label, ax.yaxis.label)]
    texts += box.live.fig.texts
    assert all("$" not in t.get_text() for t in texts)


def test_the_same_figure_is_reused(box):
    fig = box.live.fig
    box.slider.value = 5
    assert box.live.fig is fig and plt.fignum_exists(fig.number) is False


def test_history_figure_draws_both_heat_maps():
    w = walk(fit_word(WORD, n_hidden=4, steps=0), WORD)
    fig = history_figure(w)
    ax_h, ax_p = fig.axes[:2]
    assert np.array_equal(ax_h.images[0].get_array(), w.hs.T)
    assert ax_h.images[0].get_clim() == (-1, 1)                # fixed scale: comparable across runs
    assert np.array_equal(ax_p.images[0].get_array(), w.probs.T)


@pytest.mark.parametrize("word, err", [(42, TypeError), ("a", ValueError), ("", ValueError)])
def test_bad_word(word, err):
    with pytest.raises(err, match="word"):
        encode(word)


@pytest.mark.parametrize("kwargs, err, name", [
    ({"n_hidden": 0}, ValueError, "n_hidden"), ({"n_hidden": 2.5}, TypeError, "n_hidden"),
    ({"steps": -1}, ValueError, "steps"), ({"lr": 0.0}, ValueError, "lr"),
    ({"lr": "fast"}, TypeError, "lr"),
])
def test_bad_fit_word_arguments(kwargs, err, name):
    with pytest.raises(err, match=name):
        fit_word(WORD, **kwargs)


def test_walk_rejects_params_of_another_vocabulary():
    with pytest.raises(ValueError, match="params must have n_in = n_out = 5"):
        walk(rnn.init_params(3, 4, 3), WORD)


@pytest.mark.parametrize("t, err", [(0, ValueError), (8, ValueError), (2.0, TypeError)])
def test_bad_step(t, err):
    w = walk(fit_word(WORD, steps=0), WORD)
    with pytest.raises(err, match="t must be"):
        step_view(w, t)


@pytest.mark.parametrize("fn", [step_view, history_figure])
def test_functions_of_a_walk_reject_something_else(fn):
    args = (np.zeros((7, 4)), 1) if fn is step_view else (np.zeros((7, 4)),)
    with pytest.raises(TypeError, match="w must be a Walk"):
        fn(*args)


def test_time_stepper_rejects_a_bad_word():
    with pytest.raises(ValueError, match="word"):
        time_stepper("x")
