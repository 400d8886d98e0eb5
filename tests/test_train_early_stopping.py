"""EarlyStopping: the "repeat until converged" rule of lesson 01, as a callback for train."""
import numpy as np
import pytest

from course_utils.train import SGD, EarlyStopping, History, train


def feed(stop, losses, every=10):
    """Call the rule as train would, with these held-out losses; return the step it fired at."""
    hist = History()
    for i, loss in enumerate(losses, start=1):
        hist.train_loss.append(loss)
        hist.eval_loss.append(loss)
        if stop(i * every, hist):
            return i * every, hist
    return None, hist


def test_never_fires_while_the_loss_keeps_improving():
    assert feed(EarlyStopping(min_delta=0.01, patience=2), [1.0, 0.9, 0.8, 0.7, 0.6])[0] is None


def test_fires_after_patience_evaluations_without_improvement():
    step, hist = feed(EarlyStopping(min_delta=0.01, patience=3), [1.0, 0.5, 0.6, 0.55, 0.5, 0.4])
    assert step == 50
    assert "stopping rule fired at step 50" in hist.message
    assert "last improvement: 0.500, at step 20" in hist.message


def test_improvements_smaller_than_min_delta_do_not_count():
    step, _ = feed(EarlyStopping(min_delta=0.01, patience=2), [1.0, 0.995, 0.991, 0.5])
    assert step == 30


def test_a_real_improvement_resets_the_count():
    stop = EarlyStopping(min_delta=0.01, patience=2)
    step, _ = feed(stop, [1.0, 1.0, 0.5, 0.5, 0.4, 0.4, 0.4])
    assert step == 70 and stop.best_step == 50 and stop.best_loss == 0.4


def test_inside_train_it_stops_the_run_and_says_why():
    params = {"w": np.array([3.0])}

    def step_fn(p, step):                         # loss (w - 1)^2: converges to 0
        return float((p["w"][0] - 1) ** 2), {"w": 2 * (p["w"] - 1)}

    stop = EarlyStopping(min_delta=1e-4, patience=2)
    hist = train(params, step_fn, SGD(0.1), 10_000, eval_fn=lambda p: float((p["w"][0] - 1) ** 2),
                 eval_every=5, callback=stop)
    assert hist.stopped_early and hist.steps[-1] < 200
    assert hist.message.startswith(f"stopping rule fired at step {hist.steps[-1]}")


def test_report_every_prints_rounded_progress(capsys):
    feed(EarlyStopping(patience=5, report_every=20), [0.71234, 0.5, 0.4], every=10)
    assert capsys.readouterr().out == "step    20: train loss 0.500, validation loss 0.500\n"


@pytest.mark.parametrize("kwargs, error, word", [
    (dict(min_delta=0.0), ValueError, "min_delta"),
    (dict(min_delta="a"), TypeError, "min_delta"),
    (dict(patience=0), ValueError, "patience"),
    (dict(patience=1.5), TypeError, "patience"),
    (dict(report_every=0), ValueError, "report_every"),
])
def test_bad_input(kwargs, error, word):
    with pytest.raises(error, match=word):
        EarlyStopping(**kwargs)
