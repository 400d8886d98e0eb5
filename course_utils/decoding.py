"""Decoding: turning a model of the next word into a whole output sequence, greedy or beam.

A model is given as ``step(y, state) -> (state, logp)``: y (R,) the previous word of each of R
rows, state an array whose first axis is the R rows, logp (R, V) the log-probabilities of the
next word. The first word fed in is ``start``; a sequence ends with ``end`` (kept), after which
its column holds ``pad``.

Greedy takes the most likely word at every step. Beam search keeps, for every sentence, the
``width`` most likely partial sequences (Graves, 2012; Sutskever et al., 2014): each step
extends every one by every word and keeps the ``width`` best by total log-probability. A
finished sequence stays in the beam with its score; the best one at the end is returned.
"""
from __future__ import annotations

import numpy as np


def greedy(step, state, *, max_len, start, end, pad):
    """The most likely word at every step, for the R rows of ``state``.
    Returns (ids (L, R), log_prob (R,)), L <= max_len."""
    R = state.shape[0]
    y = np.full(R, start)
    done, total, out = np.zeros(R, dtype=bool), np.zeros(R), []
    for _ in range(max_len):
        state, logp = step(y, state)
        y = np.where(done, pad, np.argmax(logp, axis=1))
        total += np.where(done, 0.0, logp[np.arange(R), y])
        out.append(y)
        done |= y == end
        if done.all():
            break
    return np.array(out), total


def top_extensions(scores, logp, width):
    """One step of beam search: the ``width`` most likely one-word extensions of each sentence's
    beams, best first, by total log-probability (the beam's score plus the new word's log p).

    scores (B, k) the beams' log-probabilities so far; logp (B, k, V) each beam's next-word
    log-probabilities. Returns (new scores (B, width), parent (B, width): the beam each
    extends, word (B, width)). Ties go to the lower index (beam first, then word)."""
    B, k, V = logp.shape
    cand = (scores[..., None] + logp).reshape(B, k * V)          # every extension of every beam
    top = np.argsort(-cand, axis=1, kind="stable")[:, :width]    # (B, width)
    return np.take_along_axis(cand, top, axis=1), top // V, top % V


def beam(step, state, *, width, max_len, start, end, pad):
    """Beam search. ``state`` holds B sentences times ``width`` rows (row b * width + i is beam
    i of sentence b; all beams of a sentence start alike). Returns (ids (L, B),
    log_prob (B,)) of each sentence's best sequence, L <= max_len."""
    k = width
    B = state.shape[0] // k
    scores = np.full((B, k), -np.inf)
    scores[:, 0] = 0.0                           # one live beam at the start
    y = np.full(B * k, start)
    done, words = np.zeros((B, k), dtype=bool), np.zeros((0, B, k), dtype=np.int64)
    rows = np.arange(B)[:, None]
    for _ in range(max_len):
        state, logp = step(y, state)
        V = logp.shape[1]
        finished = np.where(np.arange(V) == pad, 0.0, -np.inf)   # ended: only pad, for free
        logp = np.where(done[..., None], finished, logp.reshape(B, k, V))
        scores, parent, y2 = top_extensions(scores, logp, k)
        state = state[(rows * k + parent).reshape(-1)]
        words = np.concatenate([words[:, rows, parent], y2[None]])
        done = np.take_along_axis(done, parent, axis=1) | (y2 == end)
        y = y2.reshape(-1)
        if done.all():
            break
    best = np.argmax(scores, axis=1)
    return words[:, np.arange(B), best], scores[np.arange(B), best]
