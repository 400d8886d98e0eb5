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
    assert scale.count("<span") == 9 and ">+1.0<" in scale and ">-1.0<" in scale and ">+0.0<" in scale


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
