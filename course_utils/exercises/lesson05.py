"""Lesson 05 checkers: counting parameters, and the token-weighted loss of a padded batch."""
from __future__ import annotations


import numpy as np

from ._feedback import as_number, not_attempted, report, untouched

__all__ = ["COUNT_EXERCISE", "TOKEN_LOSS_EXERCISE", "check_rnn_count", "check_window_count",
           "check_token_weighted_loss"]

# Exercises 1-2: the sentiment RNN's sizes, and a window of T steps for the feed-forward net.
COUNT_EXERCISE = {"D": 30, "H": 32, "V": 2, "T": 10}
# Exercise 3: three sequences, their lengths and the mean loss per step of each, run alone.
TOKEN_LOSS_EXERCISE = {"lengths": [2, 5, 3], "mean_loss": [1.0, 0.4, 0.7]}


def check_rnn_count(answer) -> bool:
    """Parameters of an RNN with D, H, V of COUNT_EXERCISE (weights and biases)."""
    name = "parameters of the RNN"
    if untouched(answer):
        return not_attempted(name)
    n = as_number(answer)
    if n is None:
        return report(name, False, f"give one whole number; you gave {answer!r}")
    D, H, V = COUNT_EXERCISE["D"], COUNT_EXERCISE["H"], COUNT_EXERCISE["V"]
    want = H * D + H * H + H + V * H + V
    if n == want:
        return report(name, True, f"W_hx {H * D} + W_hh {H * H} + b_h {H} + W_s {V * H} + b_s {V} = {want}, "
                                  "for a sentence of any length")
    if n == want - H - V:
        return report(name, False, "close: you left out the biases b_h (H) and b_s (V)")
    if n == want - H * H:
        return report(name, False, "you left out W_hh, the weights from h_{t-1} to h_t")
    return report(name, False, f"{answer} is not it; add up the sizes of W_hx (H, D), W_hh (H, H), "
                               "b_h (H,), W_s (V, H), b_s (V,)")


def check_window_count(answer) -> bool:
    """Parameters of a one-hidden-layer network (H units) reading T inputs of size D at once."""
    name = "parameters of the feed-forward network over the window"
    if untouched(answer):
        return not_attempted(name)
    n = as_number(answer)
    if n is None:
        return report(name, False, f"give one whole number; you gave {answer!r}")
    D, H, V, T = (COUNT_EXERCISE[k] for k in ("D", "H", "V", "T"))
    want = T * D * H + H + V * H + V
    if n == want:
        return report(name, True, f"(T*D)*H = {T * D * H} input weights + {H} + {V * H} + {V} = {want}: "
                                  f"every position has its own weights, and T = {T + 1} needs a new network")
    if n == D * H + H + V * H + V:
        return report(name, False, f"that network reads one input; the window holds T = {T} inputs, "
                                   f"T*D = {T * D} numbers")
    return report(name, False, f"{answer} is not it: input (T*D) -> hidden H -> output V, with biases")


def check_token_weighted_loss(answer) -> bool:
    """The loss of the padded, masked batch of TOKEN_LOSS_EXERCISE: the mean over all real steps."""
    name = "loss of the padded batch"
    if untouched(answer):
        return not_attempted(name)
    x = as_number(answer)
    if x is None:
        return report(name, False, f"give one number; you gave {answer!r}")
    n = np.array(TOKEN_LOSS_EXERCISE["lengths"], dtype=float)
    m = np.array(TOKEN_LOSS_EXERCISE["mean_loss"])
    want = float((n * m).sum() / n.sum())
    if abs(x - want) < 1e-6:
        return report(name, True, f"sum of lengths x losses / total length = {(n * m).sum():g} / {n.sum():g} "
                                  f"= {want:g}: every real step counts once")
    if abs(x - m.mean()) < 1e-6:
        return report(name, False, "that is the mean of the three means: it gives a short sequence's steps "
                                   "more weight; weight each sequence by its length")
    if abs(x - (n * m).sum()) < 1e-6:
        return report(name, False, "that is the total loss; divide by the number of real steps")
    return report(name, False, f"{answer} is not it; add up the loss of every real step, then divide "
                               "by how many there are")
