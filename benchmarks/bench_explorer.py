"""How long one change of the gradient explorer takes at T = 200: compute + redraw.

Drives the widget's controls as a learner would (each change runs the widget's own update:
gradient_norms, the artists' new data, the text) and then renders the figure to PNG the way
the inline backend does in a kernel (IPython's print_figure, bbox_inches="tight", base64),
which is the part a headless test would otherwise skip. Prints the median per change and
where the time goes: compute (explorer_data alone), update (artists + text), PNG rendering,
both as wall-clock time and as this process's CPU time (on a shared machine the wall clock
includes waiting for a core; the CPU time is close to what an idle machine would show).

    .venv/bin/python benchmarks/bench_explorer.py [--changes 50]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
from IPython.core.pylabtools import print_figure  # noqa: E402

from course_utils.vanishing import explorer_data  # noqa: E402
from course_utils.widgets import explorer  # noqa: E402


def changes(n: int):
    """n control changes at T = 200: the weight-scale slider swept up, one notch per change,
    with an activation switch and an input-scale change every few steps."""
    scales = 10 ** np.linspace(np.log10(0.5), np.log10(4.0), n)
    acts = ("sigmoid", "relu", "linear", "tanh")       # the widget starts at tanh
    inputs = (1.0, 3.0, 0.1)                           # ... and at input scale 0.1
    for i, s in enumerate(scales):
        if i % 10 == 5:
            yield "activation", acts[(i // 10) % len(acts)]
        elif i % 10 == 9:
            yield "input_scale", inputs[(i // 10) % len(inputs)]
        else:
            yield "weight_scale", float(s)


def render(fig) -> str:
    """What the inline backend does with display(fig): a PNG, base64-encoded."""
    return print_figure(fig, "png", bbox_inches="tight", base64=True)


def main(n_changes: int) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        box = explorer.gradient_explorer(seq_len=200)
    fig = box.live.fig
    render(fig)                                    # warm-up: fonts, mathtext caches
    draws0 = box.live.draws
    times = {clock: {"total": [], "compute": [], "draw": []} for clock in CLOCKS}
    for name, value in changes(n_changes):
        t0 = {c: f() for c, f in CLOCKS.items()}
        # outside a kernel, LiveFigure's display(fig) prints the figure's repr: keep it off the report
        with contextlib.redirect_stdout(io.StringIO()):
            getattr(box, name).value = value       # runs update(): compute + artists + text
        t1 = {c: f() for c, f in CLOCKS.items()}
        png = render(fig)
        t2 = {c: f() for c, f in CLOCKS.items()}
        d = box.state["data"]                      # compute alone, same arguments
        explorer_data(200, d["weight_scale"], d["activation"], d["input_scale"])
        t3 = {c: f() for c, f in CLOCKS.items()}
        for c in CLOCKS:
            times[c]["total"].append(t2[c] - t0[c])
            times[c]["draw"].append(t2[c] - t1[c])
            times[c]["compute"].append(t3[c] - t2[c])
    assert box.live.draws - draws0 == n_changes, "every change must redraw once"
    print(f"gradient explorer, T = 200, {n_changes} changes ({box.live.draws - draws0} redraws), "
          f"PNG {len(png) * 3 // 4 // 1024} kB, figure {fig.get_size_inches()} in at {fig.dpi:g} dpi; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"{'median per change (ms)':<44}{'wall clock':>12}{'CPU time':>12}")
    rows = [("compute + update + PNG (target <= 50 ms)", "total"),
            ("  compute: explorer_data (fwd + bwd + regime)", "compute"),
            ("  PNG rendering as the inline backend does", "draw")]
    for label, key in rows:
        print(f"{label:<44}" + "".join(f"{ms(times[c][key]):>12.1f}" for c in CLOCKS))
    print(f"{'  update of artists and text (the rest)':<44}"
          + "".join(f"{max(ms(times[c]['total']) - ms(times[c]['compute']) - ms(times[c]['draw']), 0):>12.1f}"
                    for c in CLOCKS))
    print(f"slowest change, wall clock: {1e3 * max(times['wall']['total']):.1f} ms")


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def ms(xs) -> float:
    return 1e3 * float(np.median(xs))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50)
    main(parser.parse_args().changes)
