"""Can lesson 08 train both translation models and run its experiments within its time budget?

Everything on ONE BLAS thread (pinned before NumPy is imported), as the lesson runs. With the
recipe of course_utils.translator (the defaults of train_translator), prints:

1. the time to make the data set, and its statistics (sizes, lengths, how far words move);
2. for the plain model and the attention model: training time (wall clock and this process's
   CPU time, which a busy shared machine inflates less) and time per step, final training loss,
   held-out exact-match accuracy by source length, and the time to evaluate it;
3. the lesson's experiments on the held-out sentences of the longest length, each timed:
   the gradient reaching each source position (untrained models: once trained, the loss and
   every gradient are near 0), teacher forcing against free running (exposure bias), greedy
   against beam search;
4. the total, against the course's budget of 20 s per lesson (the lesson trains the two models side by
   side, one per core, so on 2 cores it waits for about one model's training, not two; it also
   imports, draws and writes).

Run it under several numerical environments to see whether the printed numbers move:

    .venv/bin/python benchmarks/bench_seq2seq.py
    OPENBLAS_CORETYPE=Haswell .venv/bin/python benchmarks/bench_seq2seq.py
    OPENBLAS_CORETYPE=Sandybridge .venv/bin/python benchmarks/bench_seq2seq.py
    NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SPR" \
        .venv/bin/python benchmarks/bench_seq2seq.py
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

from course_utils import seq2seq, translator  # noqa: E402
from course_utils.data import translation as translation_data  # noqa: E402

BUDGET_S = 20.0


class Clock:
    """Wall-clock and CPU seconds of a block: ``with clock("name"):``; totals kept."""

    def __init__(self):
        self.total_wall = self.total_cpu = 0.0

    def __call__(self, name):
        self.name = name
        return self

    def __enter__(self):
        self.w0, self.c0 = time.perf_counter(), time.process_time()

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.w0, time.process_time() - self.c0
        self.total_wall += self.wall
        self.total_cpu += self.cpu
        print(f"   [{self.name}: {self.wall:.2f} s wall, {self.cpu:.2f} s CPU]")


def data_summary(train, held) -> None:
    print(f"   vocabularies: {len(translation_data.SOURCE_VOCAB)} source, "
          f"{len(translation_data.TARGET_VOCAB)} target ids (3 of each are PAD, START, END)")
    print(f"   training pairs {len(train)}, held-out pairs {len(held)}; source lengths "
          f"{held.src_len.min()}..{held.src_len.max()}")
    moved = translation_data.displacements(held)
    lens = held.src_len
    print("   length  held-out  training  target words  mean distance moved")
    for L in np.unique(lens):
        t = held.tgt_mask[:, lens == L].sum(axis=0) - 1
        print(f"   {L:>6}  {np.sum(lens == L):>8}  {np.sum(train.src_len == L):>8}  "
              f"{int(t.min()):>5}..{int(t.max()):<5}  {moved[lens == L].mean():>10.2f}")
    print(f"   sentences of >= 8 words: mean distance a word moves {moved[lens >= 8].mean():.2f}")


def train_one(name, train, held, clock, args):
    with clock(f"train {name}"):
        params, hist = translator.train_translator(
            train, attention=(name == "attention"), n_hidden=args.hidden, steps=args.steps,
            batch_size=args.batch, seed=args.seed)
    print(f"   {name}: {1e3 * clock.wall / args.steps:.1f} ms/step wall, "
          f"{1e3 * clock.cpu / args.steps:.1f} ms/step CPU; loss of the last 50 steps "
          f"{np.mean(hist.train_loss[-50:]):.4f}")
    with clock(f"evaluate {name}"):
        acc = translator.accuracy_by_length(params, held)
    print("   exact match by source length: "
          + ", ".join(f"{L}: {100 * a:.1f}%" for L, a in acc.items()))
    return params, acc


def experiments(models, longest, clock, args) -> None:
    with clock("gradient at each source position"):
        for name in models:        # at the start of training: a trained model's loss is ~0
            params = seq2seq.init_params(len(translation_data.SOURCE_VOCAB),
                                         len(translation_data.TARGET_VOCAB), args.hidden,
                                         attention=(name == "attention"), seed=args.seed)
            norms = seq2seq.source_gradient_norms(params, longest.src, longest.tgt_in,
                                                  longest.tgt_out, src_mask=longest.src_mask,
                                                  tgt_mask=longest.tgt_mask)
            prof = norms.mean(axis=1) / norms.mean(axis=1)[-1]
            print(f"   {name:>9}, untrained: ||dL/dh_j|| relative to the last word's, "
                  f"j = 1..S: " + " ".join(f"{r:.2g}" for r in prof))
    with clock("teacher forcing vs free running"):
        for name, params in models.items():
            tf = translator.token_accuracy(params, longest)
            fr = translator.token_accuracy(params, longest, free_running=True)
            print(f"   {name:>9}: words right with the reference prefix fed in {100 * tf:.1f}%, "
                  f"with its own words fed back {100 * fr:.1f}%")
    with clock("greedy vs beam"):
        for name, params in models.items():
            r = translator.greedy_vs_beam(params, longest, beam_width=3)
            print(f"   {name:>9}: beam (3) more likely than greedy in {r['beam_more_likely']}, "
                  f"less in {r['beam_less_likely']}, same in {r['same_likelihood']} of {r['n']}; "
                  f"exact match greedy {100 * r['greedy_exact']:.1f}%, "
                  f"beam {100 * r['beam_exact']:.1f}%")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    clock = Clock()
    print(f"recipe: GRU, H={args.hidden}, {args.steps} steps of Adam, batch {args.batch}, "
          f"seed {args.seed}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
          f"NPY_DISABLE_CPU_FEATURES={os.environ.get('NPY_DISABLE_CPU_FEATURES', '(unset)')}")
    print("1. data")
    with clock("make the data set"):
        train, held = translation_data.translation_data()
    data_summary(train, held)
    print("2. training")
    models = {}
    for name in ("plain", "attention"):
        models[name], _ = train_one(name, train, held, clock, args)
    longest = held.of_length(int(held.src_len.max()))
    print(f"3. experiments on the {len(longest)} held-out sentences of "
          f"{longest.src.shape[0]} words")
    experiments(models, longest, clock, args)
    print(f"4. total {clock.total_wall:.1f} s wall, {clock.total_cpu:.1f} s CPU "
          f"(lesson budget {BUDGET_S:.0f} s, for everything)")


if __name__ == "__main__":
    main()
