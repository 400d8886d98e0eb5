"""Lesson 01's widget and figures, driven without a browser: slider values, button clicks."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.data import two_moons  # noqa: E402
from course_utils.mlp import init_mlp, mlp_loss  # noqa: E402
from course_utils.figures.training_loop import (boundary_figure, data_figure,  # noqa: E402
                                                learning_rate_figure, loss_figure, overfit_figure,
                                                point_legend)
from course_utils.training_loop import (TrainingRun, class1_probability, grid_around,  # noqa: E402
                                        learning_rate_runs)
from course_utils.widgets import training_loop_widget  # noqa: E402

DATA = two_moons(120, seed=0)


# ---------------------------------------------------------------- pure parts

def test_run_starts_at_step_0_with_the_losses_of_the_random_start():
    run = TrainingRun(DATA, n_hidden=8, seed=1)
    assert run.steps == [0]
    assert run.train_loss == [mlp_loss(init_mlp(2, 8, 2, seed=1), DATA[0], DATA[1])]


def test_train_more_continues_and_records_one_entry_per_step():
    run = TrainingRun(DATA, seed=1)
    run.train_more(0.5, 30)
    run.train_more(0.5, 20)
    assert run.steps == list(range(51))
    assert len(run.train_loss) == len(run.held_loss) == 51
    # the recorded losses are those after each step: the last one is the current network's
    assert run.train_loss[-1] == pytest.approx(mlp_loss(run.params, DATA[0], DATA[1]))
    assert run.held_loss[-1] == pytest.approx(mlp_loss(run.params, DATA[2], DATA[3]))


def test_losses_after_each_step_are_those_of_the_network_after_that_step():
    """Exactly (not approximately) what mlp_loss gives for the network after each update."""
    from course_utils.mlp import mlp_loss_and_grads
    from course_utils.train import SGD, train
    run = TrainingRun(DATA, seed=1)
    run.train_more(0.5, 20)
    X, y, Xh, yh = DATA
    params, after = init_mlp(2, 16, 2, seed=1), []
    hist = train(params, lambda p, s: mlp_loss_and_grads(p, X, y), SGD(0.5), 20,
                 eval_fn=lambda p: after.append(mlp_loss(p, X, y)) or mlp_loss(p, Xh, yh), eval_every=1)
    assert run.train_loss[1:] == after and run.held_loss[1:] == hist.eval_loss


def test_two_short_runs_equal_one_long_run():
    a, b = TrainingRun(DATA, seed=1), TrainingRun(DATA, seed=1)
    a.train_more(0.5, 25)
    a.train_more(0.5, 25)
    b.train_more(0.5, 50)
    np.testing.assert_allclose(a.train_loss, b.train_loss)


def test_reset_returns_to_the_same_random_start():
    run = TrainingRun(DATA, seed=1)
    start = {k: v.copy() for k, v in run.params.items()}
    run.train_more(0.5, 10)
    run.reset()
    assert run.steps == [0] and all(np.array_equal(start[k], run.params[k]) for k in start)


def test_learning_rates_too_small_good_too_large():
    small, good, large = learning_rate_runs(DATA, (0.01, 0.5, 30.0), 200, seed=1)
    assert good.train_loss[-1] < 0.5 * small.train_loss[-1]         # too small: hardly moves
    assert small.train_loss[-1] > 0.3
    jumps = np.diff(large.train_loss)
    assert np.sum(jumps > 0) > 20 and max(large.train_loss) > 2.0   # too large: the loss jumps up
    assert np.all(np.diff(good.train_loss) < 1e-9)                   # about right: steadily down


def test_status_line_is_rounded():
    run = TrainingRun(DATA, seed=1)
    line = run.train_more(0.5, 10)
    assert line.startswith("step 10 at learning rate 0.5: train loss 0.")
    assert len(line.split("train loss ")[1].split(",")[0]) == 5


def test_boundary_path_is_the_path_ax_contour_draws():
    from course_utils.figures.training_loop import boundary_path
    grid, extent = grid_around(DATA[0], n=40)
    P = class1_probability(TrainingRun(DATA, seed=1).params, grid)
    fig, ax = plt.subplots()
    expected = ax.contour(P, levels=[0.5], origin="lower", extent=extent).get_paths()[0]
    path = boundary_path(P, extent)
    np.testing.assert_array_equal(path.vertices, expected.vertices)
    np.testing.assert_array_equal(path.codes, expected.codes)
    assert len(boundary_path(np.full((5, 5), 0.7), extent).vertices) == 0     # no boundary inside
    plt.close(fig)


def test_class1_probability_on_a_grid():
    grid, extent = grid_around(DATA[0], n=30)
    assert grid.shape == (900, 2) and extent[0] < DATA[0][:, 0].min()
    P = class1_probability(init_mlp(2, 4, 2), grid)
    assert P.shape == (30, 30) and np.all((P > 0) & (P < 1))


@pytest.mark.parametrize("call, error, word", [
    (lambda: TrainingRun([1, 2, 3, 4]), TypeError, "data"),
    (lambda: TrainingRun(DATA, n_hidden=0), ValueError, "n_hidden"),
    (lambda: TrainingRun(DATA, seed=-2), ValueError, "seed"),
    (lambda: TrainingRun(DATA).train_more(-0.1, 5), ValueError, "lr"),
    (lambda: TrainingRun(DATA).train_more(0.1, 0), ValueError, "n_steps"),
    (lambda: learning_rate_runs(DATA, (0.1,), 2.5), TypeError, "n_steps"),
    (lambda: grid_around(np.zeros((5, 3))), ValueError, "X"),
    (lambda: grid_around(DATA[0], n=1), ValueError, "n"),
])
def test_bad_input(call, error, word):
    with pytest.raises(error, match=word):
        call()


# ---------------------------------------------------------------- the widget

def test_train_button_extends_the_curves_and_moves_the_boundary():
    box = training_loop_widget(DATA, seed=1)
    ax_loss, ax_map = box.fig.axes[:2]
    draws = box.live.draws
    image_before = ax_map.images[0].get_array().copy()
    box.button.click()
    train_line, held_line = ax_loss.lines[:2]
    assert len(train_line.get_xdata()) == 51 and len(held_line.get_ydata()) == 51
    assert box.run.steps[-1] == 50 and box.live.draws == draws + 1
    assert not np.allclose(ax_map.images[0].get_array(), image_before)
    assert "step 50" in ax_map.get_title()


def test_a_click_redraws_only_what_moves_and_draws_what_a_full_draw_draws():
    box = training_loop_widget(DATA, seed=1)
    # at 0.5 the losses stay within the loss axis' limits; at 30 they jump out of them, and the
    # loss axis is drawn again (never the whole figure); reset shrinks them again
    full_draws = box.live.full_draws
    for lr, n in ((0.5, 50), (0.5, 50), (30.0, 200), (0.5, 10), (0.5, 50)):
        box.slider.value, box.n_more.value = lr, n
        box.button.click()
        assert box.live.full_draws == full_draws
        shown = np.array(box.live.canvas.buffer_rgba())
        box.live.render(full=True)
        np.testing.assert_array_equal(np.array(box.live.canvas.buffer_rgba()), shown)
        box.live.render()        # from the backgrounds the full draw kept: the same picture
        np.testing.assert_array_equal(np.array(box.live.canvas.buffer_rgba()), shown)
        full_draws = box.live.full_draws
    box.reset.click()
    assert box.live.full_draws == full_draws


def test_steps_menu_changes_the_button_and_the_number_of_steps():
    box = training_loop_widget(DATA, seed=1)
    box.n_more.value = 200
    assert box.button.description == "train 200 more steps"
    box.button.click()
    assert box.run.steps[-1] == 200


def test_the_slider_sets_the_learning_rate_of_the_next_steps():
    slow, fast = training_loop_widget(DATA, seed=1), training_loop_widget(DATA, seed=1)
    slow.slider.value = 0.001
    fast.slider.value = 1.0
    slow.button.click()
    fast.button.click()
    assert "learning rate 0.001" in slow.children[2].value
    assert fast.run.train_loss[-1] < slow.run.train_loss[-1] - 0.1
    expected = learning_rate_runs(DATA, (1.0,), 50, seed=1)[0]
    np.testing.assert_allclose(fast.fig.axes[0].lines[0].get_ydata(), expected.train_loss)


def test_slider_is_logarithmic_from_a_thousandth_to_a_hundred():
    box = training_loop_widget(DATA)
    assert type(box.slider).__name__ == "FloatLogSlider"
    assert (box.slider.base ** box.slider.min, box.slider.base ** box.slider.max) == (1e-3, 1e2)


def test_reset_button_clears_the_curves():
    box = training_loop_widget(DATA, seed=1)
    box.button.click()
    box.reset.click()
    assert len(box.fig.axes[0].lines[0].get_xdata()) == 1 and box.run.steps == [0]
    assert box.children[2].value.startswith("step 0: train loss")


# ---------------------------------------------------------------- figures

def test_static_figures_have_titles_and_labels():
    from course_utils.mlp import mlp_loss_and_grads
    from course_utils.train import SGD, EarlyStopping, train
    params = init_mlp(2, 8, 2, seed=1)
    X, y, Xh, yh = DATA
    hist = train(params, lambda p, s: mlp_loss_and_grads(p, X, y), SGD(0.5), 3000,
                 eval_fn=lambda p: mlp_loss(p, Xh, yh), eval_every=25, callback=EarlyStopping(patience=3))
    figs = [data_figure(DATA), loss_figure(hist), boundary_figure(init_mlp(2, 8, 2, seed=1), params, DATA),
            learning_rate_figure(DATA, (0.01, 0.5), 20)]
    for fig in figs:
        for ax in fig.axes:
            if ax.get_label() == "<colorbar>":
                continue
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert figs[1].axes[0].get_yscale() == "log"
    assert any("stopping rule fired" in t.get_text() for t in figs[1].axes[0].get_legend().get_texts())


def test_boundary_figure_has_a_key_for_every_mark():
    fig = boundary_figure(init_mlp(2, 8, 2, seed=1), init_mlp(2, 8, 2, seed=2), DATA)
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts == ["class 0 (training)", "class 1 (training)", "class 0 (validation)",
                     "class 1 (validation)", "decision boundary, P = 0.5"]


def test_point_legend_takes_a_column_count():
    fig = plt.figure(layout="constrained")
    assert point_legend(fig, ncol=2)._ncols == 2


def test_overfit_figure_marks_the_lowest_held_out_loss():
    from course_utils.mlp import mlp_loss_and_grads
    from course_utils.train import SGD, train
    params = init_mlp(2, 8, 2, seed=1)
    X, y, Xh, yh = DATA
    hist = train(params, lambda p, s: mlp_loss_and_grads(p, X, y), SGD(0.5), 60,
                 eval_fn=lambda p: mlp_loss(p, Xh, yh), eval_every=20)
    fig = overfit_figure(hist, params, DATA)
    ax_loss, ax_map = fig.axes[:2]
    best = int(np.argmin(hist.eval_loss))
    assert f"step {hist.eval_steps[best]}" in ax_loss.get_legend().get_texts()[2].get_text()
    assert ax_loss.get_yscale() == "log" and ax_map.get_title() == "decision boundary after 60 steps"
    assert len(fig.legends) == 1


def test_overfit_figure_needs_held_out_losses():
    from course_utils.mlp import mlp_loss_and_grads
    from course_utils.train import SGD, train
    params = init_mlp(2, 8, 2, seed=1)
    hist = train(params, lambda p, s: mlp_loss_and_grads(p, DATA[0], DATA[1]), SGD(0.5), 5)
    with pytest.raises(ValueError, match="history must come from a train run with an eval_fn"):
        overfit_figure(hist, params, DATA)


def test_the_step_axis_grows_in_jumps():
    from course_utils.figures.training_loop import step_axis_end
    assert [step_axis_end(s) for s in (0, 50, 51, 150, 201, 600, 1001, 2500)] == \
        [50, 50, 100, 200, 500, 1000, 2000, 5000]


def test_a_loss_axis_over_many_decades_still_has_labelled_ticks():
    # a diverging run (learning rate 30) spreads the losses from 1e-11 to 1e2: 1-2-5 ticks would
    # be too many and matplotlib would draw none
    import matplotlib.pyplot as plt

    from course_utils.figures.training_loop import log_loss_ticks
    for lo, hi in ((2e-11, 155.0), (0.05, 1.0), (0.2, 0.9)):
        fig, ax = plt.subplots()
        ax.set_yscale("log")
        ax.set_ylim(lo, hi)
        log_loss_ticks(ax)
        fig.canvas.draw()
        shown = [t for t, label in zip(ax.get_yticks(), ax.get_yticklabels())
                 if lo <= t <= hi and label.get_text()]
        assert len(shown) >= 3, (lo, hi, shown)
        plt.close(fig)
