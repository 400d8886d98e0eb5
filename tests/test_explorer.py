"""Lesson 06: the data the explorer plots and its verdicts (vanishing.py), its figures, and the live widget."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.gradients import gradient_norms, log_ratio_grid, probe_slopes
from course_utils import vanishing as V
from course_utils.figures import vanishing as F
from course_utils.widgets import explorer as E
from course_utils.widgets import gradient_explorer


# ---------------------------------------------------------------- what is plotted

@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
@pytest.mark.parametrize("T, scale, x_scale", [(2, 0.5, 1.0), (50, 1.3, 0.1), (200, 4.0, 3.0)])
def test_plotted_norms_are_gradient_norms(activation, T, scale, x_scale):
    d = V.explorer_data(T, scale, activation, x_scale)
    np.testing.assert_array_equal(d["norms"], gradient_norms(T, scale, activation=activation,
                                                             input_scale=x_scale))
    np.testing.assert_array_equal(d["k"], np.arange(1, T + 1))


@pytest.mark.parametrize("activation, g", [("tanh", 1.0), ("sigmoid", 0.25), ("relu", 1.0),
                                           ("linear", 1.0)])
def test_bound_is_the_formula(activation, g):
    T, lam = 60, 1.7
    d = V.explorer_data(T, lam, activation, 1.0)
    expected = [d["norms"][-1] * (g * lam) ** (T - k) for k in range(1, T + 1)]
    np.testing.assert_allclose(d["bound"], expected, rtol=1e-12)
    assert V.gamma(activation) == g == d["gamma"]


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
@pytest.mark.parametrize("scale", [0.3, 0.9, 1.0, 1.1, 2.5, 8.0])
def test_measured_never_exceeds_the_bound(activation, scale):
    d = V.explorer_data(120, scale, activation, 1.0)
    assert np.all(d["norms"] <= d["bound"] * (1 + 1e-9))


def test_linear_measured_equals_the_bound_and_the_rate_is_lambda():
    d = V.explorer_data(30, 1.1, "linear", 1.0)
    np.testing.assert_allclose(d["norms"], d["bound"], rtol=1e-10)
    assert d["measured"]["rate"] == pytest.approx(1.1, rel=1e-10)
    assert d["measured"]["ratio"] == pytest.approx(1.1 ** 29, rel=1e-10)


def test_bound_overflows_to_inf_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        b = V.pascanu_bound(400, 50.0, "linear")
    assert np.isinf(b[0]) and b[-1] == 1.0


# ---------------------------------------------------------------- regimes and theory

@pytest.mark.parametrize("T, scale, activation, x_scale, regime", [
    (100, 0.8, "tanh", 1.0, "vanishing"),
    (100, 1.2, "linear", 1.0, "exploding"),
    (100, 1.0, "linear", 1.0, "stable"),
    (100, 2.0, "tanh", 3.0, "vanishing"),       # saturated: vanishing although lambda_1 > 1
    (100, 0.985, "linear", 1.0, "vanishing"),   # just outside the stable band ...
    (100, 0.995, "linear", 1.0, "stable"),      # ... and just inside it, on both sides
    (100, 1.005, "linear", 1.0, "stable"),
    (100, 1.015, "linear", 1.0, "exploding"),
])
def test_measured_regime_on_both_sides_of_the_thresholds(T, scale, activation, x_scale, regime):
    d = V.explorer_data(T, scale, activation, x_scale)
    assert d["measured"]["regime"] == regime
    assert V.measured_text(d).startswith(f"measured: {regime}")


@pytest.mark.parametrize("scale, activation, verdict", [
    (0.8, "tanh", V.THEORY_VANISHING), (1.01, "tanh", V.THEORY_EXPLODING),
    (0.99, "relu", V.THEORY_VANISHING), (1.2, "linear", V.THEORY_EXPLODING),
    (3.9, "sigmoid", V.THEORY_VANISHING), (4.1, "sigmoid", V.THEORY_EXPLODING),
    (4.0, "sigmoid", V.THEORY_EDGE), (1.0, "linear", V.THEORY_EDGE), (1.0, "tanh", V.THEORY_EDGE),
])
def test_theory_verdict_on_both_sides_of_one_over_gamma(scale, activation, verdict):
    assert V.theory_verdict(scale, activation) == verdict


def test_theory_sentences_say_what_the_issue_asks():
    assert V.theory_verdict(0.5, "tanh") == "vanishing guaranteed: λ₁ < 1/γ"
    assert V.theory_verdict(5.0, "sigmoid") == "exploding possible: λ₁ > 1/γ"


def test_theory_text_and_the_saturation_note():
    d = V.explorer_data(100, 2.0, "tanh", 3.0)
    assert "exploding possible" in V.theory_text(d) and "γ = 1 for tanh" in V.theory_text(d)
    assert "saturate" in V.differ_note(d)
    rms = np.sqrt(np.mean(probe_slopes(100, 2.0, "tanh", 3.0) ** 2))
    assert d["slope_rms"] == pytest.approx(rms) and f"λ₁ × {rms:.2f} = {2 * rms:.2f}" in V.differ_note(d)
    assert "units that are off" in V.differ_note(V.explorer_data(100, 1.2, "relu", 1.0))
    assert V.differ_note(V.explorer_data(100, 0.8, "tanh", 1.0)) == ""
    assert V.differ_note(V.explorer_data(100, 1.2, "linear", 1.0)) == ""


def test_measured_regime_reads_an_overflow_and_a_zero():
    m = V.measured_regime([np.inf, np.inf, 1e300, 1e200, 1.0])
    assert m["regime"] == "exploding" and m["overflow_step"] == 2 and m["ratio"] == np.inf
    assert m["rate"] == pytest.approx(1e150)          # 1e300 down to 1 in two steps
    z = V.measured_regime([0.0, 0.5, 1.0])
    assert z["regime"] == "vanishing" and z["ratio"] == 0.0 and z["overflow_step"] is None


def test_overflow_through_the_api_is_text_not_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = V.explorer_data(400, 50.0, "linear", 1.0)
        text = V.measured_text(d)
        html = E.explorer_html(d)
    k = int(np.flatnonzero(np.isinf(d["norms"]))[-1]) + 1
    assert f"overflowed at step {k}" in text and f"overflowed at step {k}" in html
    assert d["measured"]["regime"] == "exploding"


# ---------------------------------------------------------------- the widget

def line_y(line):
    return np.asarray(line.get_ydata(), dtype=float)


def test_widget_shows_the_default_setting_at_once():
    box = gradient_explorer()
    d = box.state["data"]
    assert box.live.draws == 1 and d["seq_len"] == 100
    np.testing.assert_array_equal(line_y(box.artists["measured"]), d["norms"])
    np.testing.assert_allclose(line_y(box.artists["bound"]), d["bound"])
    assert "measured: vanishing" in box.text.value and "vanishing guaranteed" in box.text.value
    assert box.ax.get_yscale() == "log"
    assert box.ax.get_xlabel() == "step k" and "∂L/∂hₖ" in box.ax.get_ylabel()
    assert [t.get_text() for t in box.ax.get_legend().get_texts()][0].startswith("measured")
    assert box.cell is None


def test_each_control_updates_the_same_figure_in_place():
    box = gradient_explorer()
    figs, fig, ax = plt.get_fignums(), box.live.fig, box.ax
    changes = [("seq_len", 150), ("weight_scale", 2.0), ("input_scale", 3.0),
               ("activation", "linear"), ("seq_len", 30), ("activation", "sigmoid")]
    for i, (name, value) in enumerate(changes, start=2):
        before = box.text.value
        getattr(box, name).value = value
        d = box.state["data"]
        assert box.live.draws == i
        assert d[name] == value
        np.testing.assert_array_equal(line_y(box.artists["measured"]), d["norms"])
        np.testing.assert_array_equal(box.artists["measured"].get_xdata(), np.arange(1, d["seq_len"] + 1))
        np.testing.assert_allclose(line_y(box.artists["bound"]), d["bound"])
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        assert box.text.value != before and shown in box.ax.get_title(loc="left")
        assert box.ax.get_xlim() == (0.5, d["seq_len"] + 0.5)
    assert plt.get_fignums() == figs and box.live.fig is fig and box.ax is ax
    assert len(ax.lines) == 2 and len(fig.axes) == 1


def test_widget_text_follows_the_regime_across_thresholds():
    box = gradient_explorer(activation="linear")
    box.weight_scale.value = 0.8
    assert "measured: vanishing" in box.text.value and "vanishing guaranteed" in box.text.value
    box.weight_scale.value = 1.2
    assert "measured: exploding" in box.text.value and "exploding possible" in box.text.value
    box.weight_scale.value = 1.0
    assert "measured: stable" in box.text.value and "no growth possible" in box.text.value


def test_log_slider_values_are_snapped_to_what_it_shows():
    box = gradient_explorer(activation="sigmoid")
    box.weight_scale.value = 10 ** np.log10(4.0)          # 3.9999999999999996
    assert box.state["data"]["weight_scale"] == 4.0
    assert "no growth possible" in box.text.value          # exactly at 1/gamma


def test_widget_ranges():
    box = gradient_explorer()
    assert (box.seq_len.min, box.seq_len.max) == (2, 200)
    assert 10 ** box.weight_scale.min == pytest.approx(0.25) and 10 ** box.weight_scale.max == pytest.approx(8)
    assert list(box.activation.options) == ["tanh", "sigmoid", "relu", "linear"]
    grid = 10 ** (box.weight_scale.min + box.weight_scale.step * np.arange(301))
    for target in (0.5, 1.0, 2.0, 4.0):                     # the grid hits the thresholds
        assert np.min(np.abs(grid - target)) < 1e-9


def test_widget_overflow_is_shown_as_text():
    box = gradient_explorer(activation="linear", seq_len=200)
    box.weight_scale.max = 2.0                               # beyond the explorer's own range
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        box.weight_scale.value = 50.0
    assert "overflowed at step" in box.text.value
    assert box.artists["note"].get_text().startswith("overflowed at step")
    y = line_y(box.artists["measured"])
    assert np.isnan(y[0]) and y[-1] == pytest.approx(1.0)    # the overflowed part is not drawn
    low, high = box.ax.get_ylim()
    assert np.isfinite(low) and np.isfinite(high)
    box.weight_scale.value = 2.0
    assert box.artists["note"].get_text() == "" and "overflowed" not in box.text.value


def test_cell_menu_appears_with_more_than_one_cell():
    pytest.importorskip("course_utils.gated")
    box = gradient_explorer(cells=("vanilla", "lstm"))
    assert list(box.cell.options) == ["vanilla", "lstm"]
    box.cell.value = "lstm"
    d = box.state["data"]
    np.testing.assert_array_equal(d["norms"], gradient_norms(100, 0.9, input_scale=0.1, cell="lstm"))
    assert d["bound"] is None and not box.artists["bound"].get_visible()
    assert box.activation.disabled and "vanilla recurrence" in box.text.value
    assert box.ax.get_legend().get_texts()[1].get_text() == "bound: vanilla RNN only"
    assert box.ax.get_title(loc="left").startswith("LSTM")
    box.cell.value = "vanilla"
    assert box.artists["bound"].get_visible() and not box.activation.disabled


# ---------------------------------------------------------------- the lesson's other pieces

def test_static_figures_build():
    fig = F.regimes_figure()
    titles = [ax.get_title() for ax in fig.axes]
    assert [t.split(": ")[1].split("\n")[0] for t in titles] == ["vanishing", "stable", "exploding"]
    lens, scales = np.arange(2, 41, 19), np.geomspace(0.5, 2, 3)
    fig = F.heatmap_figure(lens, scales, log_ratio_grid(lens, scales))
    assert "1/γ" in fig.axes[0].texts[0].get_text() and fig.axes[1].get_ylabel()
    fig = F.nonnormal_figure({"a": np.ones(5)}, 5, 0.8)
    assert len(fig.axes[0].lines) == 3
    fig = F.recall_figure([5, 20], [[1.0, 0.5], [1.0, 0.3]], chance=0.25)
    np.testing.assert_allclose(fig.axes[0].lines[3].get_ydata(), [1.0, 0.4])     # the means
    assert fig.axes[0].lines[4].get_ydata()[0] == 0.25
    fig, ax, artists = F.explorer_figure(V.explorer_data(20, 1.0, "linear"))
    assert artists["measured"].get_marker() == "o"


# ---------------------------------------------------------------- bad input names the argument

@pytest.mark.parametrize("kwargs, error, match", [
    ({"seq_len": 1}, ValueError, "seq_len must be an integer in \\[2, 200\\], got 1"),
    ({"seq_len": 201}, ValueError, "seq_len must be an integer in"),
    ({"seq_len": 2.5}, TypeError, "seq_len must be an integer"),
    ({"weight_scale": 0.1}, ValueError, "weight_scale must be a finite number in \\[0.25, 8\\]"),
    ({"weight_scale": "big"}, TypeError, "weight_scale must be a real number"),
    ({"input_scale": 0.0}, ValueError, "input_scale must be a finite number in \\[0.01, 10\\]"),
    ({"input_scale": 20.0}, ValueError, "input_scale must be a finite number in"),
    ({"activation": "softplus"}, ValueError, "activation must be one of 'tanh'"),
    ({"cells": ()}, ValueError, "cells must name at least one"),
    ({"cells": "vanilla"}, TypeError, "cells must be a tuple"),
    ({"cells": ("vanilla", "rnn")}, ValueError, "cells entry must be one of"),
    ({"n_hidden": 0}, ValueError, "n_hidden must be an integer >= 1"),
    ({"seed": -1}, ValueError, "seed must be an integer >= 0"),
])
def test_gradient_explorer_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        gradient_explorer(**kwargs)


@pytest.mark.parametrize("call, error, match", [
    (lambda: V.measured_regime([1.0]), ValueError, "at least 2 steps"),
    (lambda: V.measured_regime(np.ones((2, 2))), ValueError, "norms must have 1 dimensions"),
    (lambda: V.measured_regime([np.nan, 1.0]), ValueError, "got NaN or a negative"),
    (lambda: V.measured_regime([-1.0, 1.0]), ValueError, "got NaN or a negative"),
    (lambda: V.measured_regime([1.0, 0.0]), ValueError, "norms\\[-1\\] .* must be finite and > 0"),
    (lambda: V.measured_regime([1.0, 1.0], tol=0), ValueError, "tol must be a finite number > 0"),
    (lambda: V.theory_verdict(0.0, "tanh"), ValueError, "weight_scale must be a finite number > 0"),
    (lambda: V.theory_verdict(1.0, "elu"), ValueError, "activation must be one of"),
    (lambda: V.pascanu_bound(0, 1.0), ValueError, "seq_len must be an integer >= 1"),
    (lambda: V.pascanu_bound(5, 1.0, last_norm=-1), ValueError, "last_norm must be a finite number > 0"),
    (lambda: V.explorer_data(10, 1.0, "swish"), ValueError, "activation must be one of"),
    (lambda: V.explorer_data(10, -1.0), ValueError, "weight_scale must be a finite number > 0"),
])
def test_pure_functions_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
