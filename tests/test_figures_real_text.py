"""A passage coloured by a unit: HTML for JupyterLab, a matplotlib figure for static viewers."""
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.figures.real_text import passage_figure, passage_html


def test_html_has_one_coloured_span_per_character_and_a_scale():
    text = "a = (b)\n<c>"
    values = np.linspace(-1, 1, len(text))
    out = passage_html(text, values, title="unit 3")
    body = out.split("<pre", 1)[1]
    spans = re.findall(r'<span style="background:(#[0-9a-f]{6});color:(#000|#fff)">', body)
    assert len(spans) == len(text)
    assert ">&lt;<" in body and ">&gt;<" in body and "<b>unit 3</b>" in out   # escaped, titled
    assert "\u21b5\n" in body                                     # a newline keeps its colour block
    assert spans[0][0] != spans[-1][0]                            # -1 and +1 differ
    scale = out.split("<pre", 1)[0]
    assert scale.count("<span") == 9 and ">+1.00<" in scale and ">-0.25<" in scale and ">+0.00<" in scale
    # labels as exact as the ticks: 9 ticks over -3..3 step by 0.75
    scale3 = passage_html("ab", np.zeros(2), vmax=3.0).split("<pre", 1)[0]
    assert ">-2.25<" in scale3 and ">+3.00<" in scale3 and ">-2.2<" not in scale3


def test_zero_is_white_and_the_ends_are_strong():
    out = passage_html("xyz", np.array([-1.0, 0.0, 1.0]))
    colours = re.findall(r'background:(#[0-9a-f]{6})', out.split("<pre", 1)[1])
    rgb = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in colours]
    assert min(rgb[1]) > 235                                      # near white
    assert min(rgb[0]) < 120 and min(rgb[2]) < 120                # strong colours both ends


def test_figure_draws_every_visible_character():
    text = "def f(x):\n    return x  # y\n"
    values = np.tanh(np.arange(len(text)) / 10.0 - 1.0)
    fig = passage_figure(text, values, title="unit 0")
    ax = fig.axes[0]
    drawn = "".join(t.get_text() for t in ax.texts)
    assert drawn == text.replace(" ", "").replace("\n", "")
    assert len(fig.axes) == 2                                      # the passage and its colour bar
    plt.close(fig)


@pytest.mark.parametrize("text, values, kwargs, exc, match", [
    ("abc", np.zeros(2), {}, ValueError, r"values must have shape \(3\), got \(2,\)"),
    ("abc", np.array([0.0, np.nan, 0.0]), {}, ValueError, "values must be finite"),
    ("", np.zeros(0), {}, TypeError, "text must be a non-empty string"),
    ("abc", np.zeros(3), {"vmax": 0.0}, ValueError, "vmax must be a finite number > 0"),
])
def test_bad_input(text, values, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        passage_html(text, values, **kwargs)


def test_size_figure_draws_every_order_and_the_network():
    from course_utils.figures.real_text import size_figure
    sizes, bits = {1: 95, 2: 2293, 3: 13055, 4: 38643}, {1: 4.6, 2: 3.6, 3: 2.7, 4: 2.3}
    fig = size_figure(sizes, bits, 47777, 2.2, model_label="LSTM")
    left, right = fig.axes
    for ax in (left, right):
        line, star = ax.lines[:2]
        assert list(line.get_xdata()) == [95, 2293, 13055, 38643] and list(star.get_xdata()) == [47777]
        assert ax.get_xscale() == "log"
    # the zoom shows the orders within a factor 5 of the network's size, with their values
    texts = [t.get_text() for t in right.texts]
    assert "3-gram  2.70" in texts and "4-gram  2.30" in texts and "LSTM  2.20" in texts
    assert not any(t.startswith("2-gram") for t in texts)
    plt.close(fig)
    with pytest.raises(ValueError, match="the same orders"):
        size_figure({1: 95}, {2: 3.0}, 10, 2.0)
    with pytest.raises(ValueError, match="model_bits must be a finite number > 0"):
        size_figure(sizes, bits, 10, 0.0)


def test_trace_figure_draws_the_unit_over_the_property():
    from course_utils.figures.real_text import trace_figure
    text = "ab\ncd\n"
    fig = trace_figure(np.arange(6.0), np.array([1, 2, 0, 1, 2, 0]), unit_label="c[3]", prop_label="column",
                       text=text, title="t")
    top, bottom = fig.axes
    np.testing.assert_array_equal(top.lines[0].get_ydata(), np.arange(6.0))
    np.testing.assert_array_equal(bottom.lines[0].get_ydata(), [1, 2, 0, 1, 2, 0])
    assert top.get_ylabel() == "c[3]" and bottom.get_ylabel() == "column" and top.get_title() == "t"
    # one grey line per newline on each panel
    assert sum(1 for ln in bottom.lines if list(ln.get_xdata()) in ([2, 2], [5, 5])) == 2
    plt.close(fig)
    with pytest.raises(ValueError, match="text must be a string of 6 characters"):
        trace_figure(np.zeros(6), np.zeros(6), text="abc")
    with pytest.raises(ValueError, match=r"prop must have shape \(6\)"):
        trace_figure(np.zeros(6), np.zeros(5))
