"""How fast is the NumPy RNN? Forward + BPTT against PyTorch, gradient_norms, training throughput.

Everything runs on ONE thread (BLAS pinned before NumPy is imported, torch.set_num_threads(1)):
at teaching sizes a thread pool mostly waits, and two pools spinning side by side on a small
machine distort both figures. Prints, as medians over many repetitions (wall clock, and this
process's CPU time, which a busy shared machine inflates less):

1. forward + BPTT of course_utils.rnn.loss_and_grads at T=32, B=32, V=D=65 (token ids), H=128;
   and the same step in PyTorch on the CPU (nn.RNN(tanh) + Linear + cross-entropy, float64,
   autograd), interleaved with NumPy in the same process, and the ratio NumPy / PyTorch
   (target <= 0.5);
2. gradient_norms at T=200, H=64 (target <= 2 ms), the call behind every move of lesson 06's explorer;
3. min-char-rnn's recipe (benchmarks/min_char_rnn.py: one sequence at a time) against the course's
   batched training (rnn.loss_and_grads, batch 32, the state carried, Adagrad), each for the same
   wall time on the same real text (licence texts Debian ships, >= 35 kB): characters per second,
   and the loss per character on the whole text afterwards (the course's forward scores both).
   Target: the course at >= 8x the characters per second, and at a lower loss.

    .venv/bin/python benchmarks/bench_rnn.py [--reps 200] [--train-seconds 20]

PyTorch is never a dependency of the course: the first run makes a venv of its own,
.bench-venv/ (torch==2.13.0 and the course's NumPy, from PyPI), and runs there; --no-torch skips it.
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
             "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"      # before NumPy is imported: its BLAS reads these once

import argparse  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

# The malloc settings of the kernels course.py starts (see course.ALLOC_ENV), read by glibc at
# start-up: run again with them when the shell has not set them.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import course  # noqa: E402

if any(name not in os.environ for name in course.ALLOC_ENV):
    os.execve(sys.executable, [sys.executable, *sys.argv], {**course.ALLOC_ENV, **os.environ})

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))                  # course_utils from this checkout
sys.path.insert(0, str(ROOT / "benchmarks"))
BENCH_VENV = ROOT / ".bench-venv"
TORCH = "torch==2.13.0"

import numpy as np  # noqa: E402

from course_utils import rnn  # noqa: E402
from course_utils.data import bptt_chunks, char_vocab  # noqa: E402
from course_utils.gradients import gradient_norms  # noqa: E402
from course_utils.train import Adagrad  # noqa: E402

import min_char_rnn  # noqa: E402

T, B, V, H = 32, 32, 65, 128          # the forward + BPTT comparison
RATIO_TARGET = 0.5
NORMS_T, NORMS_H, NORMS_TARGET_MS = 200, 64, 2.0
CHAR_H, CHAR_T, CHAR_B = 100, 25, 32  # the character model
TEXTS = ("/usr/share/common-licenses/GPL-3", "/usr/share/common-licenses/Apache-2.0")
SPEED_TARGET = 8.0


def timed(fn) -> tuple[float, float]:
    """(wall, cpu) seconds of one call."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def med_ms(samples, i) -> float:
    return 1e3 * statistics.median(s[i] for s in samples)


def numpy_step_fn():
    """One forward + BPTT of the NumPy RNN on fixed random token ids; returns (fn, data)."""
    rng = np.random.default_rng(0)
    xs = rng.integers(0, V, size=(T, B))
    targets = rng.integers(0, V, size=(T, B))
    params = rnn.init_params(V, H, V, seed=0)
    return (lambda: rnn.loss_and_grads(params, xs, targets)), (params, xs, targets)


def torch_step_fn(params, xs, targets):
    """The same step in PyTorch (float64, one thread), or None when torch is not importable.

    Token ids go in as one-hot rows (nn.RNN takes vectors), built once outside the timing;
    the weights are NumPy's, so both compute the same loss (checked below).
    """
    try:
        import torch
    except ImportError:
        return None, None
    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass      # already set once in this process
    cell = torch.nn.RNN(V, H, nonlinearity="tanh", dtype=torch.float64)
    head = torch.nn.Linear(H, V, dtype=torch.float64)
    with torch.no_grad():
        cell.weight_ih_l0.copy_(torch.from_numpy(params["W_hx"]))
        cell.weight_hh_l0.copy_(torch.from_numpy(params["W_hh"]))
        cell.bias_ih_l0.copy_(torch.from_numpy(params["b_h"]))
        cell.bias_hh_l0.zero_()
        head.weight.copy_(torch.from_numpy(params["W_s"]))
        head.bias.copy_(torch.from_numpy(params["b_s"]))
    x = torch.nn.functional.one_hot(torch.from_numpy(xs), V).to(torch.float64)   # (T, B, V)
    y = torch.from_numpy(targets).reshape(-1)
    weights = list(cell.parameters()) + list(head.parameters())

    def step():
        for w in weights:
            w.grad = None
        out, _ = cell(x)                                   # (T, B, H), h0 = 0
        loss = torch.nn.functional.cross_entropy(head(out).reshape(-1, V), y)
        loss.backward()
        return loss

    return step, torch.__version__


def compare_with_torch(reps: int) -> None:
    np_step, data = numpy_step_fn()
    torch_step, torch_version = torch_step_fn(*data)
    print(f"1. forward + BPTT, T={T}, B={B}, V=D={V} (token ids), H={H}, float64, one thread")
    if torch_step is not None:
        np_loss, t_loss = np_step()[0], float(torch_step().detach())
        assert abs(np_loss - t_loss) < 1e-9 * abs(np_loss), (np_loss, t_loss)   # the same computation
    for _ in range(10):                                    # warm-up: caches, allocator
        np_step()
        if torch_step is not None:
            torch_step()
    np_t, torch_t = [], []
    for _ in range(reps):                                  # interleaved: both see the same load
        np_t.append(timed(np_step))
        if torch_step is not None:
            torch_t.append(timed(torch_step))
    print(f"   NumPy  loss_and_grads   median {med_ms(np_t, 0):7.2f} ms wall, "
          f"{med_ms(np_t, 1):7.2f} ms CPU   ({reps} reps)")
    if torch_step is None:
        print("   PyTorch: skipped (not installed)")
        return
    print(f"   PyTorch {torch_version:<15s} median {med_ms(torch_t, 0):7.2f} ms wall, "
          f"{med_ms(torch_t, 1):7.2f} ms CPU   (nn.RNN + Linear + cross-entropy, autograd)")
    ratio_wall = med_ms(np_t, 0) / med_ms(torch_t, 0)
    ratio_cpu = med_ms(np_t, 1) / med_ms(torch_t, 1)
    verdict = "met" if ratio_wall <= RATIO_TARGET else "MISSED"
    print(f"   ratio NumPy / PyTorch   {ratio_wall:.2f} wall, {ratio_cpu:.2f} CPU   "
          f"(target <= {RATIO_TARGET}: {verdict})")


def bench_gradient_norms(reps: int) -> None:
    call = lambda: gradient_norms(NORMS_T, 1.0, n_hidden=NORMS_H)   # noqa: E731
    for _ in range(10):
        call()
    samples = [timed(call) for _ in range(reps)]
    wall = med_ms(samples, 0)
    verdict = "met" if wall <= NORMS_TARGET_MS else "MISSED"
    print(f"2. gradient_norms(T={NORMS_T}, n_hidden={NORMS_H})   median {wall:.2f} ms wall, "
          f"{med_ms(samples, 1):.2f} ms CPU   (target <= {NORMS_TARGET_MS:g} ms: {verdict})")


def real_text() -> str:
    """GPL-3 and Apache-2.0 as Debian ships them (base-files): about 46 kB of English prose."""
    return "".join(Path(p).read_text(encoding="utf-8") for p in TEXTS)


def train_course(ids: np.ndarray, V: int, seconds: float):
    """The course's recipe: batch 32 of parallel streams, T = 25, the state carried, Adagrad."""
    xs, targets = bptt_chunks(ids, CHAR_T, CHAR_B)                      # (K, T, B) each
    params = rnn.init_params(V, CHAR_H, V, weight_scale=0.9, seed=0)
    opt = Adagrad(lr=0.1)
    h, step, K = None, 0, xs.shape[0]
    w0 = time.perf_counter()
    while time.perf_counter() - w0 < seconds:
        k = step % K
        if k == 0:
            h = None                                       # a new pass over the text
        _, grads, h = rnn.loss_and_grads(params, xs[k], targets[k], h0=h, return_state=True)
        opt.step(params, grads)
        step += 1
    return params, step * CHAR_T * CHAR_B


def text_loss(params, ids: np.ndarray) -> float:
    """Mean cross-entropy per character (nats) over the whole text, read as one stream."""
    _, probs = rnn.forward(params, ids[:-1, None])                      # (N-1, 1, V)
    return float(-np.mean(np.log(probs[np.arange(len(ids) - 1), 0, ids[1:]])))


def bench_training(seconds: float) -> None:
    text = real_text()
    vocab = char_vocab(text)
    ids = np.asarray(vocab.encode(text))
    print(f"3. the same real text ({len(text) / 1e3:.1f} kB, V={vocab.size}), {seconds:g} s of wall time each")
    rows = {}
    for name, fn in (("min-char-rnn (batch 1)", min_char_rnn.train), ("course (batch 32)", train_course)):
        w0, c0 = time.perf_counter(), time.process_time()
        params, chars = fn(ids, vocab.size, seconds)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        rows[name] = (chars / wall, text_loss(params, ids))
        print(f"   {name:<24} {chars / wall:>9,.0f} chars/s wall ({chars / cpu:>9,.0f} per CPU s), "
              f"{chars:>9,} chars seen, loss {rows[name][1]:.3f} nats/char", flush=True)
    (s_min, l_min), (s_course, l_course) = rows.values()
    verdict = "met" if s_course >= SPEED_TARGET * s_min and l_course < l_min else "MISSED"
    print(f"   course / min-char-rnn: {s_course / s_min:.1f}x the characters per second, loss "
          f"{l_course:.3f} vs {l_min:.3f} (target >= {SPEED_TARGET:g}x and lower: {verdict})")


def torch_python() -> Path | None:
    """The Python of .bench-venv, made on first use with torch and the course's NumPy."""
    python = BENCH_VENV / "bin" / "python"
    if not python.exists() or subprocess.call([str(python), "-c", "import torch"]) != 0:
        print(f"bench: making {BENCH_VENV.name}/ with {TORCH} (once) ...", flush=True)
        if (subprocess.call([sys.executable, "-m", "venv", "--clear", str(BENCH_VENV)]) != 0
                or subprocess.call([str(python), "-m", "pip", "install", "-q", TORCH,
                                    f"numpy=={np.__version__}"]) != 0):
            print("bench: could not install PyTorch; going on without it", flush=True)
            return None
    return python


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=200, help="repetitions per timed call")
    ap.add_argument("--train-seconds", type=float, default=20.0, help="how long each trains")
    ap.add_argument("--no-torch", action="store_true", help="skip PyTorch (no venv made)")
    args = ap.parse_args()
    try:
        import torch  # noqa: F401
    except ImportError:
        python = None if args.no_torch else torch_python()
        if python is not None:               # run again where torch is
            env = dict(os.environ, PYTHONPATH=str(ROOT))
            raise SystemExit(subprocess.call([str(python), __file__, *sys.argv[1:]], env=env))
    print(f"NumPy {np.__version__}, one thread (OPENBLAS_NUM_THREADS=1); medians of {args.reps} reps\n")
    compare_with_torch(args.reps)
    bench_gradient_norms(args.reps)
    bench_training(args.train_seconds)


if __name__ == "__main__":
    main()
