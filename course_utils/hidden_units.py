"""Reading a long text with a trained RNN or LSTM, and finding hidden units that track a property of it.

A unit is one coordinate of h_t (or, in an LSTM, of its cell c_t). Its activation over a text is a series, one value per character;
a property of the text (code_properties) is another. Pearson's r between the two says how well a
straight line through the unit's values follows the property: r near +1 or -1, the unit tracks it.

Honest search: the unit is chosen on the TRAINING text (largest |r| for each property) and only
then measured on held-out text it never saw. A property that the current character alone gives
away (a "#" starts a comment) is found without memory; ``char_baseline_r`` measures how far the
character alone gets, so a unit can be seen to do better than that.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import gated, rnn
from .code_model import cell_of, run_steps
from .numerics import log_softmax
from .validation import check_array, check_choice, check_int


@dataclass
class Reading:
    """What read_text saw over a text of N characters.

    log_probs (N - 1,): natural log p(ids[i] | what the model read before i), i = 1..N-1;
    r (P, H): Pearson r of each unit with each property over the N characters (None without properties);
    kept (N, K): the activations of the units asked for in ``keep``.
    """
    log_probs: np.ndarray | None
    r: np.ndarray | None
    kept: np.ndarray


def _check_ids(ids, V) -> np.ndarray:
    ids = check_array("ids", ids, ndim=1)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"ids must hold integer character ids, got dtype {ids.dtype}")
    if ids.size < 2:
        raise ValueError(f"ids must hold at least 2 characters, got {ids.size}")
    if ids.min() < 0 or ids.max() >= V:
        raise ValueError(f"ids must lie in [0, {V}), got values from {ids.min()} to {ids.max()}")
    return ids.astype(np.int64)


def _check_properties(properties, N) -> tuple[list, np.ndarray | None]:
    if properties is None:
        return [], None
    if not isinstance(properties, dict) or not properties:
        raise TypeError("properties must be a non-empty dict {name: (N,) values} or None")
    names = list(properties)
    cols = [check_array(f"properties[{k!r}]", properties[k], shape=(N,)).astype(np.float64)
            for k in names]
    return names, np.stack(cols, axis=1)                        # (N, P)


class _Moments:
    """Running sums for Pearson r between every column of X (n, H) and of Y (n, P)."""

    def __init__(self, H, P):
        self.n = 0
        self.sx, self.sxx = np.zeros(H), np.zeros(H)
        self.sy, self.syy = np.zeros(P), np.zeros(P)
        self.sxy = np.zeros((P, H))

    def add(self, X, Y):
        self.n += X.shape[0]
        self.sx += X.sum(axis=0)
        self.sxx += (X * X).sum(axis=0)
        self.sy += Y.sum(axis=0)
        self.syy += (Y * Y).sum(axis=0)
        self.sxy += Y.T @ X

    def r(self) -> np.ndarray:
        n = self.n
        cov = n * self.sxy - np.outer(self.sy, self.sx)
        var_x = np.maximum(n * self.sxx - self.sx ** 2, 0.0)
        var_y = np.maximum(n * self.syy - self.sy ** 2, 0.0)
        den = np.sqrt(np.outer(var_y, var_x))
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, cov / np.where(den > 0, den, 1.0), 0.0)


def unit_correlations(hs, properties) -> np.ndarray:
    """Pearson r (P, H) of each column of hs (N, H) with each property {name: (N,)} (dict order).
    A constant unit or property has r = 0."""
    hs = check_array("hs", hs, ndim=2).astype(np.float64)
    _, Y = _check_properties(properties, hs.shape[0])
    m = _Moments(hs.shape[1], Y.shape[1])
    m.add(hs, Y)
    return m.r()


def read_text(params, ids, *, properties=None, keep=(), n_streams=16, chunk_len=512,
              log_probs=True, state="h") -> Reading:
    """Run the model over a whole text ids (N,), cut into n_streams contiguous pieces read side by side.

    params: a vanilla tanh RNN (rnn.init_params) or an LSTM (gated.init_lstm). Each piece starts from a
    zero state and is read in chunks of chunk_len steps with the state carried, so memory stays
    small for long texts. The units are h_i, the state after reading character i, or for an LSTM
    with state="c" its cells c_i. properties: {name: (N,)} values per character, or None; keep:
    unit indices whose activations are returned. log_probs=False skips the output layer.
    """
    cell = cell_of(params)
    D, H, V = rnn.check_params(params) if cell == "rnn" else gated.check_gated_params(params, "lstm")
    check_choice("state", state, ("h", "c") if cell == "lstm" else ("h",))
    ids = _check_ids(ids, D)
    S = check_int("n_streams", n_streams, min_value=1)
    chunk_len = check_int("chunk_len", chunk_len, min_value=1)
    keep = [check_int("keep[...]", u, min_value=0) for u in keep]
    if any(u >= H for u in keep):
        raise ValueError(f"keep must hold unit indices in [0, {H}), got {keep}")
    N = ids.size
    if S > N // 2:
        raise ValueError(f"n_streams must be at most half the text length ({N // 2}), got {S}")
    names, Y = _check_properties(properties, N)
    L = -(-N // S)                                              # steps per stream
    pos = np.arange(S * L).reshape(S, L).T                      # (L, S): position read at (t, s)
    padded = np.concatenate([ids, np.zeros(S * L - N + 1, dtype=np.int64)])
    moments = _Moments(H, len(names)) if names else None
    out_logp = np.zeros(N - 1) if log_probs else None
    kept = np.zeros((N, len(keep)))
    carry = None                                                # zeros: each stream starts cold
    for t0 in range(0, L, chunk_len):
        p = pos[t0:t0 + chunk_len]                              # (t, S)
        hs, units, carry = run_steps(params, padded[p], carry)
        real = p < N                                            # padding only ends the last stream
        p_real = p[real]                                        # (n,)
        u_real = units[real] if state == "c" else hs[real]      # (n, H)
        if moments is not None:
            moments.add(u_real, Y[p_real])
        kept[p_real] = u_real[:, keep]
        if log_probs:
            h_real = hs[real]
            has_next = p_real < N - 1
            logits = h_real[has_next] @ params["W_s"].T + params["b_s"]
            logp = log_softmax(logits)
            nxt = padded[p_real[has_next] + 1]
            out_logp[p_real[has_next]] = logp[np.arange(nxt.size), nxt]
    return Reading(out_logp, None if moments is None else moments.r(), kept)


def best_units(r, names) -> list:
    """For each property (row of r (P, H)), the unit with the largest |r|: [(name, unit, r), ...]."""
    r = check_array("r", r, ndim=2)
    if not isinstance(names, (list, tuple)) or len(names) != r.shape[0]:
        raise ValueError(f"names must be a list of {r.shape[0]} property names (one per row of r), got {names!r:.80}")
    units = np.argmax(np.abs(r), axis=1)
    return [(name, int(u), float(r[i, u])) for i, (name, u) in enumerate(zip(names, units))]


def char_baseline_r(train_ids, train_values, held_ids, held_values, vocab_size) -> float:
    """How far the current character alone gets: r on held-out text between a property and its
    mean over the training text's occurrences of the same character (a look-up table, no memory).

    A unit whose held-out |r| is clearly above this uses context, not just the character it reads.
    """
    V = check_int("vocab_size", vocab_size, min_value=1)
    tr, he = (check_array(n, a, ndim=1) for n, a in (("train_ids", train_ids), ("held_ids", held_ids)))
    for name, a in (("train_ids", tr), ("held_ids", he)):
        if not np.issubdtype(a.dtype, np.integer) or a.min() < 0 or a.max() >= V:
            raise ValueError(f"{name} must hold integer ids in [0, {V})")
    y_tr = check_array("train_values", train_values, shape=tr.shape).astype(np.float64)
    y_he = check_array("held_values", held_values, shape=he.shape).astype(np.float64)
    count = np.bincount(tr, minlength=V)
    table = np.bincount(tr, weights=y_tr, minlength=V) / np.maximum(count, 1)
    table[count == 0] = y_tr.mean()
    return float(unit_correlations(table[he][:, None], {"y": y_he})[0, 0])
