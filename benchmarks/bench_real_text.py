"""The real-text character model, end to end as its lesson runs it: timings and what it learns.

One BLAS thread (pinned before NumPy is imported), as the course runs its lessons. Prints:
1. the text slice (files, characters, SHA-256) and the time to read it and compute its properties;
2. n-gram baselines in bits per character on the held-out files and their sizes (add-k unigram
   and bigram, interpolated Kneser-Ney for orders 3 to 6) and their time;
3. training (code_model.RECIPE, or WIDE_RECIPE with --wide, unless overridden): total time and time per step, then held-out
   bits per character of the model against the best n-gram that keeps no more numbers than the
   model has parameters (the comparison lesson 03b makes; it prints the larger ones too);
4. for each property of code_properties: the unit with the largest |r| on the training text,
   its r on training and held-out text, and how far the current character alone gets;
5. the time to sample text at three temperatures (those of lessons 03 and 03b) from snapshots, and the total.
Numbers are printed with 4 decimals so runs under other BLAS kernels can be compared, e.g.
    OPENBLAS_CORETYPE=Haswell .venv/bin/python benchmarks/bench_real_text.py
    NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SPR" .venv/bin/python benchmarks/bench_real_text.py

    .venv/bin/python benchmarks/bench_real_text.py [--cell rnn --hidden 96 --steps 1400 --lr 3e-2]
    .venv/bin/python benchmarks/bench_real_text.py --wide   # WIDE_RECIPE: below every n-gram
    .venv/bin/python benchmarks/bench_real_text.py --wide --dtype float64   # the same, twice the time
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"      # before NumPy is imported: its BLAS reads these once

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # course_utils from this checkout

import numpy as np  # noqa: E402

from course_utils.code_model import RECIPE, WIDE_RECIPE, sample_code, train_recipe  # noqa: E402
from course_utils.layers import with_dtype  # noqa: E402
from course_utils.code_properties import PROPERTIES, code_properties  # noqa: E402
from course_utils.hidden_units import best_units, char_baseline_r, read_text  # noqa: E402
from course_utils.ngram import bits_per_char, fit_ngram, ngram_bits_per_char, ngram_size  # noqa: E402
from course_utils.data.real_text import VOCAB, load_numpy_source  # noqa: E402


class Clock:
    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> str:
        w, c = time.perf_counter(), time.process_time()
        out = f"{w - self.wall:6.2f} s wall, {c - self.cpu:6.2f} s CPU"
        self.wall, self.cpu = w, c
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wide", action="store_true", help="start from WIDE_RECIPE instead of RECIPE")
    ap.add_argument("--cell", choices=("rnn", "lstm"))
    ap.add_argument("--hidden", type=int, dest="n_hidden")
    ap.add_argument("--steps", type=int, dest="n_steps")
    ap.add_argument("--lr", type=float)
    ap.add_argument("--batch", type=int, dest="batch_size")
    ap.add_argument("--seq-len", type=int, dest="seq_len")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--dropout", type=float)
    ap.add_argument("--dtype", choices=("float64", "float32"))
    ap.add_argument("--save", help="write the trained parameters to this .npz file")
    args = vars(ap.parse_args())
    save = args.pop("save")
    recipe = dict(WIDE_RECIPE if args.pop("wide") else RECIPE,
                  **{k: v for k, v in args.items() if v is not None})
    a = argparse.Namespace(cell=recipe["cell"], hidden=recipe["n_hidden"], steps=recipe["n_steps"],
                           lr=recipe["lr"], batch=recipe["batch_size"], dropout=recipe["dropout"],
                           dtype=recipe["dtype"], save=save)
    state = "c" if a.cell == "lstm" else "h"
    total, clock = Clock(), Clock()

    src = load_numpy_source()
    train_ids, held_ids = VOCAB.encode(src.train), VOCAB.encode(src.held_out)
    props_train, props_held = code_properties(src.train), code_properties(src.held_out)
    print(f"1. slice: {len(src.train)} training + {len(src.held_out)} held-out characters, "
          f"sha256 {src.sha256[:16]}..., V = {VOCAB.size}  ({clock.lap()})")
    for path, part, start, end in src.files:
        print(f"     {part:8s} {path} ({end - start} characters)")

    models = {"unigram (add-1)": fit_ngram(train_ids, VOCAB.size, 1, smoothing="add-k", k=1.0),
              "bigram (add-0.1)": fit_ngram(train_ids, VOCAB.size, 2, smoothing="add-k", k=0.1)}
    models.update({f"{n}-gram (Kneser-Ney)": fit_ngram(train_ids, VOCAB.size, n) for n in range(3, 7)})
    bpc = {name: ngram_bits_per_char(m, held_ids) for name, m in models.items()}
    size = {name: ngram_size(m) for name, m in models.items()}
    print(f"2. n-gram baselines, held-out bits per character and numbers kept ({clock.lap()})")
    for name, v in bpc.items():
        print(f"     {name:22s} {v:.4f} {size[name]:>9,}")

    snap_steps = (0, a.steps // 6, a.steps // 2, a.steps)
    t0, c0 = time.perf_counter(), time.process_time()
    params, hist, snaps = train_recipe(train_ids, VOCAB.size, recipe, snapshot_steps=snap_steps)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    clock.lap()
    if a.save:
        np.savez(a.save, **params)
    params = with_dtype(params, np.float64)          # read in float64, whatever it trained in
    snaps = {s: with_dtype(p, np.float64) for s, p in snaps.items()}
    held = read_text(params, held_ids, properties=props_held, state=state, n_streams=16)
    model_bpc = bits_per_char(-held.log_probs.mean())
    n_params = sum(p.size for p in params.values())
    best_shown = min(v for name, v in bpc.items() if size[name] <= n_params)
    print(f"3. training {a.cell}, H = {a.hidden}, {a.steps} steps of {a.batch} x {recipe['seq_len']} characters, "
          f"lr {a.lr:g}, dropout {a.dropout:g}, {a.dtype}: {wall:.2f} s wall, {cpu:.2f} s CPU ({1e3 * wall / a.steps:.2f} ms wall, "
          f"{1e3 * cpu / a.steps:.2f} ms CPU per step){' ' + hist.message if hist.message else ''}")
    print(f"     fingerprint (changes with any rounding difference): last training loss "
          f"{hist.train_loss[-1]!r}, held-out mean log p {held.log_probs.mean()!r}")
    print(f"     held-out bits per character {model_bpc:.4f}  (best n-gram of its size {best_shown:.4f}: "
          f"{'below' if model_bpc < best_shown else 'NOT below'}; margin {best_shown - model_bpc:+.4f}; "
          f"{n_params:,} parameters)"
          f"  [held-out read: {clock.lap()}]")
    print(f"     best n-gram of all (lesson 03b shows up to the 6-gram) {min(bpc.values()):.4f}: "
          f"{'below' if model_bpc < min(bpc.values()) else 'NOT below'}")

    train_read = read_text(params, train_ids, properties=props_train, state=state, n_streams=64,
                           log_probs=False)
    found = best_units(train_read.r, list(PROPERTIES))
    print(f"4. units ({state}) chosen on training text, r on held-out ({clock.lap()})")
    for i, (name, unit, r_train) in enumerate(found):
        order = np.sort(np.abs(train_read.r[i]))[::-1]
        base = char_baseline_r(train_ids, props_train[name], held_ids, props_held[name], VOCAB.size)
        print(f"     {name:14s} {state}[{unit:3d}]  r train {r_train:+.4f}  held-out {held.r[i, unit]:+.4f}"
              f"  (runner-up |r| train {order[1]:.4f}; current character alone {base:+.4f})")

    samples = {(s, t): sample_code(snaps[s], VOCAB, "def ", 160, temperature=t)[0]
               for s in snap_steps[1:] for t in (0.5, 1.0, 1.5)}
    print(f"5. samples: 160 characters at 3 temperatures from {len(snap_steps) - 1} snapshots "
          f"({clock.lap()})")
    for (s, t), text in samples.items():
        print(f"   --- after {s} steps, temperature {t}:\n{text}")
    print(f"   total {total.lap()}")


if __name__ == "__main__":
    main()
