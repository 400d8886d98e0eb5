"""parallel.run_all: the same results as running the jobs one after another, in the jobs' order,
with a run's exception raised in the caller and bad arguments named."""
import numpy as np
import pytest

from course_utils.parallel import in_background, run_all, usable_cores
from course_utils.recall import train_recall

JOBS = [dict(seq_len=4, steps=3, batch=8, n_hidden=4, seed=s) for s in (0, 1, 2)]


def test_the_same_numbers_in_the_same_order_as_one_after_another():
    alone = [train_recall(**job) for job in JOBS]
    side_by_side = run_all(train_recall, JOBS, workers=2)
    assert len(side_by_side) == len(JOBS)
    for (p1, h1, a1), (p2, h2, a2) in zip(alone, side_by_side):
        assert a1 == a2 and h1.train_loss == h2.train_loss
        assert all(np.array_equal(p1[k], p2[k]) for k in p1)


def test_one_worker_runs_here_one_job_after_another():
    assert run_all(train_recall, JOBS[:1], workers=1)[0][2] == train_recall(**JOBS[0])[2]
    assert run_all(abs, []) == []
    assert usable_cores() >= 1


def test_an_error_in_a_run_reaches_the_caller():
    with pytest.raises(ValueError, match="seq_len"):
        run_all(train_recall, [dict(seq_len=0), dict(seq_len=3, steps=1)], workers=2)


@pytest.mark.parametrize("call, error, message", [
    (lambda: run_all("train_recall", JOBS), TypeError, "fn must be a function, got str"),
    (lambda: run_all(train_recall, JOBS[0]), TypeError, "jobs must be a list of dicts"),
    (lambda: run_all(train_recall, [(4,)]), TypeError, "jobs must be a list of dicts"),
    (lambda: run_all(train_recall, JOBS, workers=0), ValueError, "workers"),
])
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_run_in_the_background_gives_what_a_run_here_gives():
    job = JOBS[1]
    here = train_recall(**job)
    for run in (in_background(train_recall, here=False, **job), in_background(train_recall, here=True, **job)):
        p, h, a = run.result()
        assert a == here[2] and h.train_loss == here[1].train_loss
        assert all(np.array_equal(p[k], here[0][k]) for k in p)
        assert run.done() and run.result() is run.result()      # asked again: the same object


def test_a_run_here_waits_for_its_result_and_a_background_error_reaches_the_caller():
    lazy = in_background(train_recall, here=True, seq_len=0)
    assert not lazy.in_background and not lazy.done()          # nothing computed yet
    for run in (lazy, in_background(train_recall, here=False, seq_len=0)):
        for _ in range(2):                                      # raised again when asked again
            with pytest.raises(ValueError, match="seq_len"):
                run.result()


@pytest.mark.parametrize("call, error, message", [
    (lambda: in_background("train_recall"), TypeError, "fn must be a function, got str"),
    (lambda: in_background(train_recall, here=1), TypeError, "here must be None, True or False, got 1"),
])
def test_bad_background_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_no_helper_process_is_left_once_the_runs_are_done(capfd):
    # multiprocessing's resource tracker ignores the signals a Jupyter kernel sends its children
    # at shutdown, and would hold every lesson that ran side by side 2.5 s at its end
    from multiprocessing import resource_tracker
    tracker = resource_tracker._resource_tracker
    for _ in range(2):                                           # and a second round starts afresh
        assert run_all(train_recall, JOBS[:2], workers=2)[1][2] == train_recall(**JOBS[1])[2]
        assert tracker._pid is None
        assert in_background(train_recall, here=False, **JOBS[0]).result()[2] == train_recall(**JOBS[0])[2]
        assert tracker._pid is None
    assert "leaked" not in capfd.readouterr().err


def test_an_interrupted_wait_leaves_the_run_going(monkeypatch):
    run = in_background(train_recall, here=False, **JOBS[0])
    future_result = run._future.result
    calls = []

    def interrupted_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise KeyboardInterrupt             # the learner stops the cell while it waits
        return future_result(*args, **kwargs)

    monkeypatch.setattr(run._future, "result", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        run.result()
    assert run.result()[2] == train_recall(**JOBS[0])[2]      # asked again: the run's own result
