"""Lesson 05 checkers: counting parameters, and the token-weighted loss of a padded batch."""
from __future__ import annotations


import numpy as np

from .feedback import Feedback, as_number, not_attempted, report, untouched

__all__ = ["COUNT_EXERCISE", "TOKEN_LOSS_EXERCISE", "check_window_count", "check_crossover_length",
           "check_token_weighted_loss"]

# Exercises 1-2: sizes other than the lesson's sentiment classifier (whose counts are printed above
# the exercises): D inputs per step, H hidden units, V outputs, and a window of T steps.
COUNT_EXERCISE = {"D": 20, "H": 128, "V": 3, "T": 20}
# Exercise 3: three sequences, their lengths and the mean loss per step of each, run alone.
TOKEN_LOSS_EXERCISE = {"lengths": [2, 5, 3], "mean_loss": [1.0, 0.4, 0.7]}


def _sizes():
    return (COUNT_EXERCISE[k] for k in ("D", "H", "V", "T"))


def check_window_count(answer) -> Feedback:
    """Parameters of a one-hidden-layer network (H units) reading T inputs of size D at once."""
    name = "parameters of the feed-forward network over the window"
    if untouched(answer):
        return not_attempted(name)
    n = as_number(answer)
    if n is None:
        return report(name, False, f"give one whole number; you gave {answer!r}")
    D, H, V, T = _sizes()
    want = T * D * H + H + V * H + V
    if n == want:
        return report(name, True, f"(T*D)*H = {T * D * H} input weights + {H} + {V * H} + {V} = {want}: "
                                  f"every position has its own weights, and T = {T + 1} needs a new network")
    if n == D * H + H + V * H + V:
        return report(name, False, f"that network reads one input; the window holds T = {T} inputs, "
                                   f"T*D = {T * D} numbers")
    if n == T * D * H + V * H:
        return report(name, False, f"close: you left out the biases ({H} hidden, {V} output)")
    return report(name, False, f"{answer} is not it: input (T*D) -> hidden H -> output V, with biases")


def check_crossover_length(answer) -> Feedback:
    """The smallest T at which the window network has more parameters than the RNN (same D, H, V)."""
    name = "shortest window where the feed-forward network is bigger"
    if untouched(answer):
        return not_attempted(name)
    n = as_number(answer)
    if n is None:
        return report(name, False, f"give one whole number; you gave {answer!r}")
    D, H, V, _ = _sizes()
    n_rnn = H * D + H * H + H + V * H + V
    window = lambda T: T * D * H + H + V * H + V
    want = next(T for T in range(1, 10 ** 6) if window(T) > n_rnn)
    if n == want:
        return report(name, True, f"T = {want}: the window network has {window(want)} parameters, the RNN "
                                  f"{n_rnn} (at T = {want - 1}: {window(want - 1)}). Both share the output "
                                  f"layer; the window pays T*D*H, the RNN (D + H)*H: bigger once T > 1 + H/D "
                                  f"= {1 + H / D:g}")
    if not np.isfinite(n) or n < 1:
        return report(name, False, f"{answer} is not it; a window holds at least one step")
    if n != int(n):
        return report(name, False, f"{n:g} is not a whole number of steps: the answer is the first "
                                   "whole T at which the window network has more parameters")
    T = int(n)
    if T < want:
        return report(name, False, f"at T = {T} the window network has {window(T)} parameters, "
                                   f"fewer than the RNN's {n_rnn}")
    return report(name, False, f"at T = {T - 1} the window network already has {window(T - 1)} "
                               f"parameters, more than the RNN's {n_rnn}: look for a shorter window")


def check_token_weighted_loss(answer) -> Feedback:
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
