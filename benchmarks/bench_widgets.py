"""How long one change of every widget of the course takes outside the browser: compute + draw.

Each widget is built as its lesson builds it, then changed as a learner changes it (a slider
moved one notch, a button clicked, a sentence picked), many times over. Every change runs the
widget's own callback; its time is split into
    compute  the numbers and the artists' new data (everything before the figure is drawn),
    draw     matplotlib drawing the figure with Agg (LiveFigure.render: blit or full draw),
    encode   the PNG the Image widget sends to the page (LiveFigure.encode),
each as wall-clock time and as this process's CPU time (on a shared machine the wall clock
includes waiting for a core; the CPU time is close to what an idle machine would show).
Goal: compute + draw + encode <= 30 ms per change on two cores. The browser test
(tests/test_browser.py) prints the other half: key press -> new picture in JupyterLab.

    .venv/bin/python benchmarks/bench_widgets.py [--changes 30]
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # as course.py runs the kernels
os.environ.setdefault("MPLBACKEND", "Agg")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import io  # noqa: E402
import itertools  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

# The malloc settings of the kernels course.py starts (see course.ALLOC_ENV), read by glibc at
# start-up: run again with them when the shell has not set them.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import course  # noqa: E402

if any(name not in os.environ for name in course.ALLOC_ENV):
    os.execve(sys.executable, [sys.executable, *sys.argv], {**course.ALLOC_ENV, **os.environ})

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # course_utils from this checkout

import numpy as np  # noqa: E402

from course_utils import rnn  # noqa: E402
from course_utils.architectures import N_WORDS  # noqa: E402
from course_utils.baselines import init_bow  # noqa: E402
from course_utils.data import two_moons  # noqa: E402
from course_utils.widgets import (cliff_explorer, gradient_explorer, sentiment_explorer,  # noqa: E402
                                  sine_slider, time_stepper, training_loop_widget)
from course_utils.widgets.sentiment import EXAMPLES  # noqa: E402

GOAL_MS = 30.0
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
PARTS = ("compute", "draw", "encode")


def notches(values):
    """A slider swept back and forth over ``values``: each change moves it one notch."""
    return itertools.cycle(list(values) + list(values)[-2:0:-1])


def set_value(control, values):
    it = notches(values)
    return lambda: setattr(control, "value", next(it))


def gated_explorer(cell):
    """Lesson 07's explorer with a gated cell picked, at T = 200 (its most expensive length)."""
    box = gradient_explorer(seq_len=100, weight_scale=0.5, input_scale=0.1,
                            cells=("vanilla", "lstm", "gru"))
    box.cell.value, box.seq_len.value = cell, 200
    return box


def widgets_to_time():
    """(name, the box, one change) for every widget, as its lesson builds it."""
    data = two_moons(200, noise=0.15, held_out=0.3, seed=0)
    sentiment = (rnn.init_params(N_WORDS, 32, 2, seed=0), init_bow(N_WORDS))   # untrained: same work
    rows = [("00 sine slider", sine_slider(3.0), lambda b: set_value(b.slider, np.arange(0.5, 10.01, 0.5))),
            ("01 training loop (train 50 steps)", training_loop_widget(data, lr=0.5, seed=1),
             lambda b: b.button.click),
            ("02 time stepper", time_stepper("tomorrow", n_hidden=8, steps=40, seed=0),
             lambda b: set_value(b.slider, range(1, 8))),
            ("04 sentiment explorer", sentiment_explorer(*sentiment),
             lambda b: set_value(b.text, EXAMPLES)),
            ("06 gradient explorer, T", gradient_explorer(), lambda b: set_value(b.seq_len, range(90, 111))),
            ("06 gradient explorer, λ₁ at T = 200", gradient_explorer(seq_len=200),
             lambda b: set_value(b.weight_scale, np.geomspace(0.5, 4.0, 25))),
            ("07 cliff explorer", cliff_explorer(20.0),
             lambda b: set_value(b.slider, np.geomspace(1.0, 2000.0, 25))),
            ("07 gated explorer, LSTM, λ₁ at T = 200", gated_explorer("lstm"),
             lambda b: set_value(b.weight_scale, np.geomspace(0.25, 2.0, 25))),
            ("07 gated explorer, GRU, λ₁ at T = 200", gated_explorer("gru"),
             lambda b: set_value(b.weight_scale, np.geomspace(0.25, 2.0, 25)))]
    return [(name, box, make(box)) for name, box, make in rows]


def time_changes(box, change, n: int) -> dict:
    """Run ``change`` n times; per change and clock, the time of each part (seconds)."""
    live = box.live
    render, encode = live.render, live.encode
    spent = {c: {p: [] for p in PARTS} for c in CLOCKS}
    inside = {}

    def timed(part, fn):
        def run(*args, **kw):
            t0 = {c: f() for c, f in CLOCKS.items()}
            out = fn(*args, **kw)
            for c, f in CLOCKS.items():
                inside[c][part] += f() - t0[c]
            return out
        return run

    live.render, live.encode = timed("draw", render), timed("encode", encode)
    try:
        for _ in range(n):
            for c in CLOCKS:
                inside[c] = {"draw": 0.0, "encode": 0.0}
            draws = live.draws
            t0 = {c: f() for c, f in CLOCKS.items()}
            change()
            t1 = {c: f() for c, f in CLOCKS.items()}
            assert live.draws == draws + 1, "every change must draw exactly once"
            for c in CLOCKS:
                spent[c]["draw"].append(inside[c]["draw"])
                spent[c]["encode"].append(inside[c]["encode"])
                spent[c]["compute"].append(t1[c] - t0[c] - inside[c]["draw"] - inside[c]["encode"])
    finally:
        del live.render, live.encode
    return spent


def main(n: int) -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"one change of each widget, median of {n} changes, in ms; load average {load:.2f} on "
          f"{os.cpu_count()} cores at the start")
    print(f"{'':40}{'wall clock':^34}{'CPU time':^34}")
    head = "".join(f"{p:>8}" for p in PARTS) + f"{'total':>8}  "
    print(f"{'widget':40}{head}{head}{'full draws':>12}{'PNG':>8}")
    with contextlib.redirect_stdout(io.StringIO()):     # the sentiment explorer's untrained warning etc.
        rows = widgets_to_time()
    worst = 0.0
    for name, box, change in rows:
        with contextlib.redirect_stdout(io.StringIO()):
            change()                                     # warm-up: caches, first full draw
            full0, draws0 = box.live.full_draws, box.live.draws
            spent = time_changes(box, change, n)
        cells = ""
        for c in CLOCKS:
            med = {p: 1e3 * float(np.median(spent[c][p])) for p in PARTS}
            total = 1e3 * float(np.median(np.sum([spent[c][p] for p in PARTS], axis=0)))
            cells += "".join(f"{med[p]:8.1f}" for p in PARTS) + f"{total:8.1f}  "
            if c == "cpu":
                worst = max(worst, total)
        full = f"{box.live.full_draws - full0}/{box.live.draws - draws0}"
        print(f"{name:40}{cells}{full:>12}{len(box.live.image.value) // 1024:>6}kB")
    print(f"slowest widget: {worst:.1f} ms CPU per change (goal <= {GOAL_MS:g} ms: "
          f"{'met' if worst <= GOAL_MS else 'MISSED'}); load average now "
          f"{os.getloadavg()[0] if hasattr(os, 'getloadavg') else float('nan'):.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30, help="changes per widget")
    main(parser.parse_args().changes)
