"""Sequences into batches: padding with a mask (lessons 04-05), and a stream cut into chunks for
truncated BPTT with the hidden state carried over (lesson 03)."""
from __future__ import annotations

import numpy as np

from ..validation import check_array, check_choice, check_int


def bptt_chunks(ids, seq_len, batch_size) -> tuple[np.ndarray, np.ndarray]:
    """Cut a stream of ids into chunks for truncated BPTT with the hidden state carried over.

    The stream (N,) is split into ``batch_size`` contiguous rows of L = (N - 1) // B ids each; row b
    reads ids[b*L : (b+1)*L] and predicts the next id, ids[b*L + 1 : (b+1)*L + 1]. Each row is then cut
    into K = L // seq_len pieces of seq_len steps (the last < seq_len ids of a row are dropped).
    Returns (xs, targets), both (K, T, B) int64, time-major: chunk k + 1 continues chunk k in every
    column, so the state h_T after chunk k is the right h0 for chunk k + 1.
    """
    ids = check_array("ids", ids, ndim=1)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"ids must hold integer token ids, got dtype {ids.dtype}")
    T = check_int("seq_len", seq_len, min_value=1)
    B = check_int("batch_size", batch_size, min_value=1)
    if ids.size < B * T + 1:
        raise ValueError(f"ids has {ids.size} entries; batch_size * seq_len + 1 = {B * T + 1} are needed "
                         f"for one chunk of {B} rows of {T} steps")
    L = (ids.size - 1) // B
    K = L // T
    rows_x = ids[: B * L].reshape(B, L)[:, : K * T]              # (B, K*T)
    rows_y = ids[1: B * L + 1].reshape(B, L)[:, : K * T]         # the same rows, shifted by one
    xs = rows_x.reshape(B, K, T).transpose(1, 2, 0)               # (K, T, B)
    targets = rows_y.reshape(B, K, T).transpose(1, 2, 0)
    return xs.astype(np.int64), targets.astype(np.int64)


def pad_sequences(sequences, *, side="right", pad_id=0):
    """Stack sequences of different lengths into one time-major batch, with a mask.

    sequences: a list of B one-dimensional integer arrays (lengths T_b >= 1).
    side: "right" puts the padding after each sequence, "left" before it.
    Returns (ids (T, B) int64 with T = max T_b, padded with ``pad_id``; mask (T, B) float64,
    1 on real steps, 0 on padding).
    """
    if not isinstance(sequences, (list, tuple)) or not sequences:
        raise TypeError(f"sequences must be a non-empty list of 1-D integer arrays, got {sequences!r:.60}")
    check_choice("side", side, ("right", "left"))
    pad_id = check_int("pad_id", pad_id, min_value=0)
    seqs = []
    for b, s in enumerate(sequences):
        s = check_array(f"sequences[{b}]", s, ndim=1)
        if s.size == 0:
            raise ValueError(f"sequences[{b}] is empty; every sequence needs at least one step")
        if not np.issubdtype(s.dtype, np.integer):
            raise TypeError(f"sequences[{b}] must hold integer ids, got dtype {s.dtype}")
        seqs.append(s)
    T, B = max(s.size for s in seqs), len(seqs)
    ids = np.full((T, B), pad_id, dtype=np.int64)
    mask = np.zeros((T, B))
    for b, s in enumerate(seqs):
        rows = slice(0, s.size) if side == "right" else slice(T - s.size, T)
        ids[rows, b] = s
        mask[rows, b] = 1.0
    return ids, mask
