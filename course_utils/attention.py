"""Attention for the decoder of seq2seq.py: a learned weighting of the encoder's states.

Multiplicative ("general") attention of Luong, Pham & Manning (2015). At target step t the
decoder's state s_t asks every source position j how well it matches, then takes the weighted
mean of the encoder states h_j:

    e_tj = s_t . (W_a h_j)                  scores           (T, B, S)
    alpha_tj = softmax_j(e_tj)              weights, sum_j alpha_tj = 1
    c_t = sum_j alpha_tj h_j                context           (T, B, H)

Padding positions get the score -inf, so their weight is exactly 0 and the rest sum to 1.
Time-major, all target steps at once (the decoder's states are known under teacher forcing).
"""
from __future__ import annotations

import numpy as np

from .numerics import softmax


def attention_forward(W_a, ss, hs, src_mask=None):
    """Attention of every target step over the source.

    W_a (H, H); ss (T, B, H) decoder states (the queries); hs (S, B, H) encoder states (keys
    and values); src_mask (S, B) 1 on words, 0 on padding, or None (no padding).
    Returns (ctx (T, B, H), alpha (T, B, S), cache for attention_backward).
    """
    keys = hs @ W_a.T                                          # (S, B, H): W_a h_j
    scores = np.matmul(ss.transpose(1, 0, 2), keys.transpose(1, 2, 0))     # (B, T, S)
    if src_mask is not None:
        scores = np.where(src_mask.T[:, None, :] > 0, scores, -np.inf)  # padding: weight 0
    alpha = softmax(scores)                                    # (B, T, S), rows sum to 1
    ctx = np.matmul(alpha, hs.transpose(1, 0, 2))              # (B, T, H)
    return ctx.transpose(1, 0, 2), alpha.transpose(1, 0, 2), (W_a, ss, hs, keys, alpha)


def attention_backward(dctx, cache):
    """Mirror of attention_forward. dctx (T, B, H): gradient at the contexts.

    Returns (dss (T, B, H) to the decoder states, dhs (S, B, H) to the encoder states,
    dW_a (H, H)). Padding positions receive nothing: their alpha is 0.
    """
    W_a, ss, hs, keys, alpha = cache
    H = hs.shape[2]
    dctx_b = dctx.transpose(1, 0, 2)                           # (B, T, H)
    hs_b = hs.transpose(1, 0, 2)                               # (B, S, H)
    dalpha = np.matmul(dctx_b, hs_b.transpose(0, 2, 1))        # (B, T, S)
    dvalues = np.matmul(alpha.transpose(0, 2, 1), dctx_b)      # (B, S, H): c = alpha h
    # softmax: de_j = alpha_j (dalpha_j - sum_k alpha_k dalpha_k)
    dscores = alpha * (dalpha - np.sum(alpha * dalpha, axis=-1, keepdims=True))
    dss = np.matmul(dscores, keys.transpose(1, 0, 2))          # (B, T, H): e = s . k
    dkeys = np.matmul(dscores.transpose(0, 2, 1), ss.transpose(1, 0, 2))    # (B, S, H)
    dkeys = dkeys.transpose(1, 0, 2)                           # (S, B, H)
    dW_a = dkeys.reshape(-1, H).T @ hs.reshape(-1, H)          # (H, H): k = W_a h
    dhs = dvalues.transpose(1, 0, 2) + dkeys @ W_a             # (S, B, H)
    return dss.transpose(1, 0, 2), dhs, dW_a
