"""A character model of real Python source: the course's RNN trained in seconds on NumPy's code.

The recipe (RECIPE) was chosen so that training fits a lesson's time budget on one core and the
model beats the n-gram baselines on held-out files (benchmarks/bench_real_text.py measures both).
Training is charmodel's truncated BPTT with the state carried between chunks (reused, not
copied), plus two things that matter when there are only a few seconds:
- the output bias starts at the log frequency of each character, so step 0 is already the
  unigram model and no steps are spent learning how common "e" is;
- the learning rate falls linearly over the run to ``final_lr_fraction`` of its start.
Snapshots of the parameters are kept at chosen steps, to sample from the model as it learns.
"""
from __future__ import annotations

import numpy as np

from . import rnn
from ._checks import check_array, check_int, check_positive_float
from .charmodel import carried_state_step
from .data import bptt_chunks
from .train import Adam, History, train

RECIPE = {"n_hidden": 96, "seq_len": 32, "batch_size": 16, "lr": 2e-2, "final_lr_fraction": 0.05,
          "n_steps": 1400, "clip_norm": 5.0, "seed": 0}


def init_code_model(train_ids, vocab_size, n_hidden, *, seed=0, init="orthogonal", weight_scale=1.0) -> dict:
    """rnn.init_params(V, H, V) with b_s = log of each character's frequency in train_ids (N,)
    (add-one smoothed): the untrained model predicts the unigram distribution."""
    V = check_int("vocab_size", vocab_size, min_value=1)
    ids = check_array("train_ids", train_ids, ndim=1)
    if not np.issubdtype(ids.dtype, np.integer) or ids.size == 0 or ids.min() < 0 or ids.max() >= V:
        raise ValueError(f"train_ids must be a non-empty array of integer ids in [0, {V})")
    params = rnn.init_params(V, n_hidden, V, seed=seed, init=init, weight_scale=weight_scale)
    counts = np.bincount(ids, minlength=V) + 1.0
    params["b_s"] = np.log(counts / counts.sum())
    return params


def train_with_snapshots(params, train_ids, n_steps, *, snapshot_steps=(), lr=2e-2,
                         final_lr_fraction=0.05, seq_len=32, batch_size=16, clip_norm=5.0):
    """Train ``params`` (in place) for n_steps of Adam on train_ids (N,), truncated BPTT with carried state.

    The learning rate goes linearly from lr (step 1) to lr * final_lr_fraction (last step).
    snapshot_steps: step numbers s (0 <= s <= n_steps) at which a copy of the parameters is kept,
    as they are after s updates. Returns (history, {s: params copy}).
    """
    rnn.check_params(params)
    n_steps = check_int("n_steps", n_steps, min_value=1)
    lr = check_positive_float("lr", lr)
    final = check_positive_float("final_lr_fraction", final_lr_fraction)
    if final > 1:
        raise ValueError(f"final_lr_fraction must lie in (0, 1], got {final}")
    wanted = {check_int("snapshot_steps[...]", s, min_value=0) for s in snapshot_steps}
    if any(s > n_steps for s in wanted):
        raise ValueError(f"snapshot_steps must lie in [0, n_steps = {n_steps}], got {sorted(wanted)}")
    xs, targets = bptt_chunks(train_ids, seq_len, batch_size)
    base_step = carried_state_step(xs, targets)
    optimizer = Adam(lr)
    snapshots = {}

    def step_fn(p, step):
        if step - 1 in wanted:
            snapshots[step - 1] = {k: v.copy() for k, v in p.items()}
        optimizer.lr = lr * (1.0 - (1.0 - final) * (step - 1) / max(n_steps - 1, 1))
        return base_step(p, step)

    history: History = train(params, step_fn, optimizer, n_steps, clip_norm=clip_norm)
    if n_steps in wanted and not history.stopped_early:
        snapshots[n_steps] = {k: v.copy() for k, v in params.items()}
    return history, snapshots
