"""The loss cliff of a one-unit RNN (course_utils.cliff), its figure and its clipping slider."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.gradients import TOLERANCE, compare_gradients  # noqa: E402
from course_utils.cliff import LR, cliff_loss, cliff_loss_and_grad, gradient_step, wall_point  # noqa: E402
from course_utils.figures.cliff import cliff_figure  # noqa: E402
from course_utils.widgets.cliff import cliff_explorer  # noqa: E402


@pytest.mark.parametrize("w, b", [(2.0, -1.0), (6.0, -3.0), (6.0, -3.5), (-1.5, 0.7)])
def test_gradient_matches_central_differences(w, b):
    params = {"w": np.array(w), "b": np.array(b)}
    _, gw, gb = cliff_loss_and_grad(w, b)
    errors = compare_gradients(lambda p: float(cliff_loss(p["w"], p["b"])), params,
                               {"w": np.array(gw), "b": np.array(gb)})
    assert max(errors.values()) < TOLERANCE, errors


def test_grid_evaluation_equals_pointwise():
    w = np.array([[2.0, 6.0], [8.0, 3.0]])
    b = np.array([[-1.0, -3.0], [-4.0, 0.5]])
    grid = cliff_loss(w, b)
    for i in np.ndindex(w.shape):
        assert grid[i] == pytest.approx(float(cliff_loss(w[i], b[i])))


def test_wall_point_sits_on_a_wall():
    w, b = wall_point(6.0, 2000.0)
    _, gw, gb = cliff_loss_and_grad(w, b)
    assert np.hypot(gw, gb) == pytest.approx(2000.0, rel=1e-3)
    assert cliff_loss(w, b - 1e-3) - cliff_loss(w, b + 1e-3) > 5.0   # a step down within 0.002


def test_clipped_step_keeps_direction_and_has_the_threshold_length():
    w, b = wall_point()
    plain = gradient_step(w, b, LR)
    clipped = gradient_step(w, b, LR, 20.0)
    assert plain["length"] == pytest.approx(LR * plain["norm"])
    assert clipped["length"] == pytest.approx(LR * 20.0)
    u = (plain["end"] - plain["start"]) / plain["length"]
    v = (clipped["end"] - clipped["start"]) / clipped["length"]
    np.testing.assert_allclose(u, v)


def test_clipped_step_stays_low_unclipped_is_thrown_high():
    w, b = wall_point()
    plain = gradient_step(w, b, LR)
    clipped = gradient_step(w, b, LR, 20.0)
    assert clipped["loss_end"] < plain["loss_start"] < plain["loss_end"]
    assert plain["length"] > 50 * clipped["length"]


def test_threshold_above_the_norm_changes_nothing():
    w, b = 2.0, -1.0
    np.testing.assert_array_equal(gradient_step(w, b, 0.1)["end"], gradient_step(w, b, 0.1, 1e6)["end"])


def test_static_figure_has_two_panels():
    fig, axes, artists = cliff_figure(20.0)
    assert len(axes) == 2 and "20" in artists["text"].get_text()


def test_slider_moves_the_clipped_step_in_place():
    box = cliff_explorer(20.0)
    draws = box.live.draws
    box.slider.value = 100.0
    assert box.live.draws == draws + 1
    assert box.artists["clip_line"].get_xdata()[0] == pytest.approx(LR * 100.0)
    assert "threshold 100" in box.artists["text"].get_text()
    np.testing.assert_allclose(box.artists["zoom_step"].get_xydata()[1], box.artists["clipped_arrow"].xy)


BAD = {
    "n_steps_zero": (ValueError, "n_steps", lambda: cliff_loss_and_grad(1.0, 0.0, n_steps=0)),
    "h0_nan": (ValueError, "h0", lambda: cliff_loss(1.0, 0.0, h0=np.nan)),
    "target_text": (TypeError, "target", lambda: cliff_loss(1.0, 0.0, target="0.7")),
    "lr_negative": (ValueError, "lr", lambda: gradient_step(1.0, 0.0, -0.1)),
    "threshold_zero": (ValueError, "threshold", lambda: gradient_step(6.0, -3.0, 0.1, 0.0)),
    "w_text": (TypeError, "w", lambda: gradient_step("6", -3.0)),
    "grad_norm_negative": (ValueError, "grad_norm", lambda: wall_point(6.0, -5.0)),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_names_the_argument(case):
    error, name, call = BAD[case]
    with pytest.raises(error, match=name):
        call()
