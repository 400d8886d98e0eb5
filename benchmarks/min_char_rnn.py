"""A faithful re-implementation of the recipe of Karpathy's min-char-rnn (2015), for the benchmark.

The recipe: a tanh RNN with H = 100 hidden units over one-hot characters, one sequence at a time
(batch 1), T = 25 characters per update, the state carried from one sequence to the next, the
loss summed over the 25 steps, every gradient entry clipped to [-5, 5], Adagrad with learning
rate 0.1, weights drawn N(0, 0.01^2), biases zero, one pass over the text after another.
Column vectors and a loop over time in both directions, as in the original. Parameters come back
under course_utils.rnn's names, so the course's code can score them.
"""
from __future__ import annotations

import time

import numpy as np

H, T, LR, CLIP = 100, 25, 0.1, 5.0


def loss_and_grads(p, inputs, targets, h_prev):
    """Summed cross-entropy of one sequence and its gradients; h_prev (H, 1) column."""
    V = p["Wxh"].shape[1]
    xs, hs, ps = {}, {-1: h_prev}, {}
    loss = 0.0
    for t, (i, j) in enumerate(zip(inputs, targets)):
        xs[t] = np.zeros((V, 1))
        xs[t][i] = 1.0
        hs[t] = np.tanh(p["Wxh"] @ xs[t] + p["Whh"] @ hs[t - 1] + p["bh"])
        y = p["Why"] @ hs[t] + p["by"]
        ps[t] = np.exp(y) / np.sum(np.exp(y))
        loss -= np.log(ps[t][j, 0])
    g = {k: np.zeros_like(v) for k, v in p.items()}
    dh_next = np.zeros_like(h_prev)
    for t in reversed(range(len(inputs))):
        dy = ps[t].copy()
        dy[targets[t]] -= 1.0
        g["Why"] += dy @ hs[t].T
        g["by"] += dy
        dh = p["Why"].T @ dy + dh_next
        da = (1.0 - hs[t] * hs[t]) * dh
        g["bh"] += da
        g["Wxh"] += da @ xs[t].T
        g["Whh"] += da @ hs[t - 1].T
        dh_next = p["Whh"].T @ da
    for v in g.values():
        np.clip(v, -CLIP, CLIP, out=v)
    return loss, g, hs[len(inputs) - 1]


def train(ids: np.ndarray, V: int, seconds: float, seed: int = 0):
    """Train for ``seconds`` of wall time. Returns (params under rnn.py's names, characters seen)."""
    rng = np.random.default_rng(seed)
    p = {"Wxh": 0.01 * rng.standard_normal((H, V)), "Whh": 0.01 * rng.standard_normal((H, H)),
         "Why": 0.01 * rng.standard_normal((V, H)), "bh": np.zeros((H, 1)), "by": np.zeros((V, 1))}
    memory = {k: np.zeros_like(v) for k, v in p.items()}
    pos, n, h = 0, 0, np.zeros((H, 1))
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if pos + T + 1 >= len(ids):
            pos, h = 0, np.zeros((H, 1))                 # back to the start of the text
        _, g, h = loss_and_grads(p, ids[pos:pos + T], ids[pos + 1:pos + T + 1], h)
        for k in p:                                      # Adagrad
            memory[k] += g[k] * g[k]
            p[k] -= LR * g[k] / np.sqrt(memory[k] + 1e-8)
        pos, n = pos + T, n + 1
    named = {"W_hx": p["Wxh"], "W_hh": p["Whh"], "b_h": p["bh"][:, 0], "W_s": p["Why"], "b_s": p["by"][:, 0]}
    return named, n * T
