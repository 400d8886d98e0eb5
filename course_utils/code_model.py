"""A character model of real Python source: trained in seconds on NumPy's code.

The recipe (RECIPE) was chosen so that training fits a lesson's time budget on one core (about
ten seconds), the model beats on held-out files every n-gram baseline that keeps no more numbers
than it has parameters (the 4-gram and below; longer Kneser-Ney n-grams, with tables 1.7 and 2.9
times its size, still beat it), with a margin that holds across seeds, and a cell of it can be
seen tracking the text (benchmarks/bench_real_text.py measures all three). The cell is an LSTM
(gated.py): in the same few seconds the vanilla RNN of rnn.py predicts as well, but none of its
units follows a property of the text much better than the current character alone does, while
an LSTM cell c_t, a running sum the forget gate keeps, becomes a counter.

Training is truncated BPTT with the state carried between chunks (charmodel's scheme; the
vanilla RNN reuses charmodel.carried_state_step), plus three things that matter in a few seconds:
- the output bias starts at the log frequency of each character, so step 0 is already the
  unigram model and no steps are spent learning how common "e" is;
- the learning rate falls linearly over the run to ``final_lr_fraction`` of its start;
- optionally, dropout (Srivastava et al., 2014) between the LSTM and its output layer, as
  Zaremba et al. (2014) regularise LSTM language models: only the non-recurrent connection, so
  the state the cell carries is never disturbed. RECIPE takes none: 64 units trained for a few
  seconds gain nothing from it. A wider LSTM does: WIDE_RECIPE (128 units, dropout 0.3, 1500
  steps) beats every n-gram lesson 03b shows, the 6-gram included. It needs about four times
  RECIPE's arithmetic, so it trains in float32 (twice as fast a step) on the lesson's second
  core (parallel.in_background) while the lesson studies RECIPE's model; float32 rounding makes
  its last digits differ between processors, so the lesson prints the verdict, not the digits
  (benchmarks/bench_real_text.py --wide measures it).
Snapshots of the parameters are kept at chosen steps, to sample from the model as it learns.
"""
from __future__ import annotations

import numpy as np

from . import gated, rnn
from .charmodel import carried_state_step
from .data import bptt_chunks
from .layers import input_projection, input_weight_grad, output_loss_and_grads, with_dtype
from .numerics import softmax
from .train import Adam, History, train
from .validation import check_array, check_choice, check_int, check_positive_float, check_scalar, check_seed

CELLS = ("rnn", "lstm")
RECIPE = {"cell": "lstm", "n_hidden": 64, "seq_len": 32, "batch_size": 16, "lr": 3e-2,
          "final_lr_fraction": 0.05, "n_steps": 1000, "clip_norm": 5.0, "dropout": 0.0, "seed": 0,
          "dtype": "float64"}
# Twice the units, dropout, 1.5 times the steps: below every n-gram lesson 03b shows. float32
# halves the time of a step; its last digits then depend on the processor (lesson 07).
WIDE_RECIPE = dict(RECIPE, n_hidden=128, dropout=0.3, n_steps=1500, dtype="float32")


def cell_of(params) -> str:
    """"lstm" when W_hh stacks four gate blocks (4H, H), "rnn" when it is square (H, H)."""
    if not isinstance(params, dict) or "W_hh" not in params:
        raise TypeError("params must be a parameter dict with 'W_hh' (from init_code_model)")
    rows, cols = np.shape(params["W_hh"])
    if rows == cols:
        rnn.check_params(params)
        return "rnn"
    gated.check_gated_params(params, "lstm")
    return "lstm"


def init_code_model(train_ids, vocab_size, n_hidden, *, cell="rnn", seed=0, dtype=np.float64) -> dict:
    """Parameters of a character model (rnn.init_params or gated.init_lstm, V inputs and V
    outputs), with b_s = log of each character's frequency in train_ids (N,) (add-one
    smoothed): the untrained model predicts the unigram distribution. dtype: float64, or
    float32 (the same numbers rounded, layers.with_dtype)."""
    V = check_int("vocab_size", vocab_size, min_value=1)
    check_choice("cell", cell, CELLS)
    ids = check_array("train_ids", train_ids, ndim=1)
    if not np.issubdtype(ids.dtype, np.integer) or ids.size == 0 or ids.min() < 0 or ids.max() >= V:
        raise ValueError(f"train_ids must be a non-empty array of integer ids in [0, {V})")
    init = rnn.init_params if cell == "rnn" else gated.init_lstm
    params = init(V, n_hidden, V, seed=seed)
    counts = np.bincount(ids, minlength=V) + 1.0
    params["b_s"] = np.log(counts / counts.sum())
    return with_dtype(params, dtype)


def train_recipe(train_ids, vocab_size, recipe=None, *, snapshot_steps=()):
    """init_code_model, then train_with_snapshots, as ``recipe`` says: a dict with RECIPE's
    keys (None: RECIPE; keys left out take RECIPE's values). train_ids (N,) token ids.
    Returns (params, history, snapshots), params in the recipe's dtype."""
    recipe = dict(RECIPE, **_check_recipe(recipe))
    params = init_code_model(train_ids, vocab_size, recipe["n_hidden"], cell=recipe["cell"],
                             seed=recipe["seed"], dtype=recipe["dtype"])
    history, snapshots = train_with_snapshots(
        params, train_ids, recipe["n_steps"], snapshot_steps=snapshot_steps, lr=recipe["lr"],
        final_lr_fraction=recipe["final_lr_fraction"], seq_len=recipe["seq_len"],
        batch_size=recipe["batch_size"], clip_norm=recipe["clip_norm"], dropout=recipe["dropout"],
        seed=recipe["seed"])
    return params, history, snapshots


def _check_recipe(recipe) -> dict:
    if recipe is None:
        return {}
    if not isinstance(recipe, dict):
        raise TypeError(f"recipe must be a dict with keys of code_model.RECIPE, got {type(recipe).__name__}")
    unknown = sorted(set(recipe) - set(RECIPE))
    if unknown:
        raise ValueError(f"recipe has keys that code_model.RECIPE has not: {unknown}; "
                         f"expected some of {sorted(RECIPE)}")
    return recipe


def lstm_chunk_loss_and_grads(params, x, targets, h0, c0, keep=None):
    """One chunk of truncated BPTT for a character LSTM, with dropout before the output layer.

    x, targets (T, B) token ids; h0, c0 (H, B): the state the chunk starts from, as columns
    (gated.py's step loops keep states as columns). keep: None, or a dropout mask (T, B, H) of
    0 and 1 / (1 - p) by which h_t is multiplied on its way to the output layer only (the next
    step still reads h_t itself). Returns (loss, grads, (h_T, c_T)), the state as columns.
    gated.lstm_loss_and_grads, with keep=None (up to rounding: the weight gradients are here
    one product over all T*B characters instead of a sum of T products).
    """
    W_hx, W_hh = params["W_hx"], params["W_hh"]
    T, B = x.shape
    H = W_hh.shape[1]
    a_x = np.take(W_hx + params["b_h"][:, None], x, axis=1).transpose(1, 0, 2)   # (T, 4H, B)
    hs, cache = gated.lstm_steps(a_x, W_hh, h0, c0)                             # (T+1, H, B)
    h_out = hs[1:].transpose(0, 2, 1)                                           # (T, B, H) view
    if keep is not None:
        h_out = h_out * keep
    loss, dh_out, grads = output_loss_and_grads(params, h_out, targets)
    if keep is not None:
        dh_out *= keep
    das = gated.lstm_steps_backward(dh_out.transpose(0, 2, 1), cache, W_hh)[0]  # (T, 4H, B)
    da2 = das.transpose(0, 2, 1).reshape(T * B, 4 * H)                          # one row per character
    grads["W_hx"] = input_weight_grad(da2, x, W_hx.shape[1])                    # (4H, D)
    grads["W_hh"] = da2.T @ hs[:-1].transpose(0, 2, 1).reshape(T * B, H)        # (4H, H)
    grads["b_h"] = da2.sum(axis=0)                                              # (4H,)
    return loss, grads, (hs[-1].copy(), cache[1][-1].copy())


def carried_lstm_step(xs, targets, *, dropout=0.0, seed=0):
    """charmodel.carried_state_step for the LSTM: the state (h, c) after chunk k seeds chunk
    k + 1; a new pass over the text restarts from zeros. dropout: the probability that a unit
    of h_t is dropped on its way to the output layer (0: none), masks drawn from
    np.random.default_rng(seed), one per step."""
    K, T, B = xs.shape
    dropout = check_scalar("dropout", dropout, min_value=0, max_value=1, include_boundaries="left")
    rng = np.random.default_rng(check_seed(seed))
    carry = {}

    def step_fn(params, step):
        k = (step - 1) % K
        dt, H = params["W_hh"].dtype, params["W_hh"].shape[1]
        if k == 0:
            carry["h"], carry["c"] = (np.zeros((H, B), dtype=dt) for _ in range(2))
        keep = None
        if dropout > 0:     # drawn and kept in the parameters' dtype, so float32 stays float32
            keep = np.divide(rng.random((T, B, H), dtype=dt) >= dropout, 1.0 - dropout, dtype=dt)
        loss, grads, (carry["h"], carry["c"]) = lstm_chunk_loss_and_grads(
            params, xs[k], targets[k], carry["h"], carry["c"], keep)
        return loss, grads

    return step_fn


def train_with_snapshots(params, train_ids, n_steps, *, snapshot_steps=(), lr=1e-2,
                         final_lr_fraction=0.05, seq_len=32, batch_size=16, clip_norm=5.0,
                         dropout=0.0, seed=0):
    """Train ``params`` (in place) for n_steps of Adam on train_ids (N,), truncated BPTT with carried state.

    The learning rate goes linearly from lr (step 1) to lr * final_lr_fraction (last step).
    snapshot_steps: step numbers s (0 <= s <= n_steps) at which a copy of the parameters is kept,
    as they are after s updates. dropout, seed: an LSTM's dropout before the output layer and
    the seed of its masks (carried_lstm_step); a vanilla RNN takes no dropout.
    Returns (history, {s: params copy}).
    """
    cell = cell_of(params)
    n_steps = check_int("n_steps", n_steps, min_value=1)
    lr = check_positive_float("lr", lr)
    final = check_scalar("final_lr_fraction", final_lr_fraction, min_value=0, max_value=1,
                         include_boundaries="right")
    wanted = {check_int("snapshot_steps[...]", s, min_value=0) for s in snapshot_steps}
    if any(s > n_steps for s in wanted):
        raise ValueError(f"snapshot_steps must lie in [0, n_steps = {n_steps}], got {sorted(wanted)}")
    dropout = check_scalar("dropout", dropout, min_value=0, max_value=1, include_boundaries="left")
    seed = check_seed(seed)
    if cell == "rnn" and dropout > 0:
        raise ValueError(f"dropout is for an LSTM; a vanilla RNN takes dropout=0, got {dropout}")
    xs, targets = bptt_chunks(train_ids, seq_len, batch_size)
    base_step = (carried_state_step(xs, targets) if cell == "rnn"
                 else carried_lstm_step(xs, targets, dropout=dropout, seed=seed))
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


def run_steps(params, x, state=None):
    """Read ids x (t, S) with a vanilla RNN (tanh) or an LSTM, from ``state`` (zeros when None).

    Returns (hs, cells, state): hs (t, S, H) = h_1..h_t; cells (t, S, H) the LSTM's c_1..c_t
    (the vanilla RNN's hs again); state, what reading on from here starts with: h_t (S, H), or
    (h_t, c_t) for an LSTM.
    """
    cell = cell_of(params)
    x = check_array("x", x, ndim=2)
    H = params["W_hh"].shape[1]
    if state is None:
        zeros = np.zeros((x.shape[1], H))
        state = zeros if cell == "rnn" else (zeros, zeros.copy())
    a_in = input_projection(params["W_hx"], x)                  # (t, S, G*H)
    if cell == "rnn":
        hs = rnn.recurrence_forward(a_in, params["W_hh"], params["b_h"], state, "tanh")
        return hs, hs, hs[-1]
    h0, c0 = state
    hs, cache = gated.lstm_steps((a_in + params["b_h"]).transpose(0, 2, 1), params["W_hh"], h0.T, c0.T)
    hs = hs[1:].transpose(0, 2, 1)                 # h_1..h_t (t, S, H): gated.py keeps columns
    cs = cache[1][1:].transpose(0, 2, 1)           # the cells c_1..c_t (gated.lstm_steps' cache)
    return hs, cs, (hs[-1], cs[-1])


def sample_code(params, vocab, prime, n_chars, *, n_samples=1, temperature=1.0, seed=0) -> list:
    """n_samples texts, each ``prime`` (a non-empty string, read first) followed by n_chars
    characters drawn one at a time from the model (a vanilla RNN or an LSTM), each fed back in
    as the next input. The samples are drawn side by side (a batch of n_samples streams).

    temperature > 0 divides the logits (below 1: safer, above 1: wilder); 0 always takes the
    likeliest character. Each draw inverts the cumulative distribution at one uniform number
    from np.random.default_rng(seed), so a last-digit change in a probability changes a
    character only when that number falls within rounding of a boundary.
    """
    if not isinstance(prime, str) or not prime:
        raise ValueError(f"prime must be a non-empty string, got {prime!r}")
    ids = vocab.encode(prime)
    n_chars = check_int("n_chars", n_chars, min_value=1)
    S = check_int("n_samples", n_samples, min_value=1)
    temperature = check_scalar("temperature", temperature, min_value=0)
    rng = np.random.default_rng(check_seed(seed))
    prefix = np.repeat(ids[:-1, None], S, axis=1)                   # (len(prime) - 1, S)
    state = run_steps(params, prefix)[2] if ids.size > 1 else None
    x = np.full(S, ids[-1])
    out = np.empty((n_chars, S), dtype=np.int64)
    for t in range(n_chars):
        hs, _, state = run_steps(params, x[None], state)
        logits = hs[0] @ params["W_s"].T + params["b_s"]            # (S, V)
        if temperature == 0:
            x = np.argmax(logits, axis=1)
        else:
            cdf = np.cumsum(softmax(logits / temperature), axis=1)  # (S, V)
            u = rng.random(S)[:, None]
            x = np.minimum((cdf <= u).sum(axis=1), logits.shape[1] - 1)
        out[t] = x
    return [prime + vocab.decode(out[:, s]) for s in range(S)]
