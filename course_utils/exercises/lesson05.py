"""Lesson 05 checkers: what a longer window costs, where the window network overtakes the RNN,
the token-weighted loss of a padded batch, and the masked mean loss written as code.

Every expected answer comes from the library: the parameter counts from baselines (the counts
the lesson prints), the masked loss from rnn.loss_and_grads with a mask.
"""
from __future__ import annotations

import numpy as np

from .. import data, rnn
from ..baselines import rnn_parameter_count, window_mlp_parameter_count
from .feedback import Feedback, as_number, call_learner, echo, not_attempted, report, untouched

__all__ = ["COUNT_EXERCISE", "TOKEN_LOSS_EXERCISE", "check_new_position_count", "check_crossover_length",
           "check_token_weighted_loss", "check_masked_loss"]

# Exercises 1-2: sizes other than the lesson's sentiment classifier (whose counts are printed above
# the exercises): D inputs per step, H hidden units, V outputs, and a window of T steps.
COUNT_EXERCISE = {"D": 20, "H": 128, "V": 3, "T": 20}
# Exercise 3: three sequences, their lengths and the mean loss per step of each, run alone.
TOKEN_LOSS_EXERCISE = {"lengths": [2, 5, 3], "mean_loss": [1.0, 0.4, 0.7]}


def _sizes():
    return (COUNT_EXERCISE[k] for k in ("D", "H", "V", "T"))


def _shown(x: float) -> str:
    """A number as a learner wrote it, without NumPy's type around it: 2560, 0.61."""
    return str(int(x)) if np.isfinite(x) and x == int(x) and abs(x) < 1e15 else f"{x:g}"


def _window(T: int) -> int:
    D, H, V, _ = _sizes()
    return window_mlp_parameter_count(T, D, H, V)


def check_new_position_count(answer) -> Feedback:
    """How many parameters the window network for T + 1 steps has that the one for T lacks."""
    name = "parameters a window one step longer adds"
    if untouched(answer):
        return not_attempted(name)
    n = as_number(answer)
    if n is None or not np.isfinite(n):
        return report(name, False, f"give one whole number; you gave {echo(answer)}")
    D, H, V, T = _sizes()
    want = _window(T + 1) - _window(T)
    if n == want:
        return report(name, True, f"{want} = D*H: one new block of input weights for the new position "
                                  f"(the {D} numbers of step {T + 1}, each to all {H} hidden units); "
                                  "nothing the network learnt about steps 1 to "
                                  f"{T} is reused there. The RNN adds 0")
    if n == _window(T + 1):
        return report(name, False, f"{_shown(n)} is the whole network for T = {T + 1}; "
                                   f"how many of those does the one for T = {T} not have?")
    if n == 0:
        return report(name, False, "0 is the RNN's answer (one W_hx for every step); the window network "
                                   "has separate input weights for every position")
    if n in (D, H, D + H):
        return report(name, False, f"each of the {D} new input numbers connects to every one of the "
                                   f"{H} hidden units")
    if n in (want + H, want + H + V * H + V, want + V * H):
        return report(name, False, "the hidden bias and the output layer are the same size for every "
                                   "T; only the input weights grow")
    return report(name, False, f"{_shown(n)} is not it; write the window network's count for T and for "
                               "T + 1 and subtract")


def check_crossover_length(answer) -> Feedback:
    """The smallest T at which the window network has more parameters than the RNN (same D, H, V)."""
    name = "shortest window where the feed-forward network is bigger"
    if untouched(answer):
        return not_attempted(name)
    n = as_number(answer)
    if n is None:
        return report(name, False, f"give one whole number; you gave {echo(answer)}")
    D, H, V, _ = _sizes()
    n_rnn = rnn_parameter_count(D, H, V)
    want = next(T for T in range(1, 10 ** 6) if _window(T) > n_rnn)
    if n == want:
        return report(name, True, f"T = {want}: the window network has {_window(want)} parameters, the "
                                  f"RNN {n_rnn} (at T = {want - 1}: {_window(want - 1)}). Both share "
                                  "the output layer; the window pays T*D*H, the RNN (D + H)*H: bigger "
                                  f"once T > 1 + H/D = {1 + H / D:g}")
    if not np.isfinite(n) or n < 1:
        return report(name, False, f"{_shown(n)} is not it; a window holds at least one step")
    if n != int(n):
        return report(name, False, f"{n:g} is not a whole number of steps: the answer is the first "
                                   "whole T at which the window network has more parameters")
    T = int(n)
    if T < want:
        return report(name, False, f"at T = {T} the window network has {_window(T)} parameters, "
                                   f"fewer than the RNN's {n_rnn}")
    return report(name, False, f"at T = {T - 1} the window network already has {_window(T - 1)} "
                               f"parameters, more than the RNN's {n_rnn}: look for a shorter window")


def check_token_weighted_loss(answer) -> Feedback:
    """The loss of the padded, masked batch of TOKEN_LOSS_EXERCISE: the mean over all real steps."""
    name = "loss of the padded batch"
    if untouched(answer):
        return not_attempted(name)
    x = as_number(answer)
    if x is None:
        return report(name, False, f"give one number; you gave {echo(answer)}")
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
    return report(name, False, f"{x:g} is not it; add up the loss of every real step, then divide "
                               "by how many there are")


# ---------------------------------------------------------------- exercise 4: the masked loss as code

def _masked_loss_case(seed: int, side: str):
    """A fresh padded batch: (probs (T, B, V), targets (T, B), mask (T, B), the library's loss)."""
    rng = np.random.default_rng(seed)
    D, H, V, B = 5, 6, 4, 4
    params = rnn.init_params(D, H, V, seed=seed)
    lengths = rng.permutation([2, 3, 5, 7][:B])
    ids, mask = data.pad_sequences([rng.integers(0, D, size=n) for n in lengths], side=side)
    targets, _ = data.pad_sequences([rng.integers(0, V, size=n) for n in lengths], side=side)
    _, probs = rnn.forward(params, ids, mask=mask)
    loss, _ = rnn.loss_and_grads(params, ids, targets, mask=mask)
    return probs, targets, mask, float(loss)


def _masked_slips(probs, targets, mask) -> dict:
    """What the commonest slips return on one case, each with the reason the checker gives."""
    p = np.take_along_axis(probs, targets[..., None], axis=-1)[..., 0]          # (T, B)
    J = -np.log(p)
    real = mask.sum()
    return {
        "unmasked": (J.mean(), "that is the mean over every step, padding included: multiply the "
                               "step losses by the mask before adding them up"),
        "mean of means": ((J * mask).sum(0).dot(1 / mask.sum(0)) / mask.shape[1],
                          "that is the mean of each sequence's mean: a short sequence's steps weigh "
                          "more; add up all real steps and divide by their number, mask.sum()"),
        "all steps": ((J * mask).sum() / mask.size, "you divided by every step, padding included "
                                                    "(T*B); divide by the number of real steps, mask.sum()"),
        "total": ((J * mask).sum(), "that is the total over the real steps; divide by their number"),
        "sign": (-(J * mask).sum() / real, "the sign: the loss is −log p, which is positive"),
        "log10": ((-np.log10(p) * mask).sum() / real, "that is log base 10; the cross-entropy uses the "
                                                      "natural log (np.log)"),
        "inverted": ((J * (1 - mask)).sum() / max((1 - mask).sum(), 1),
                     "that averages over the padding: the mask is 1 on real steps, 0 on padding"),
    }


def check_masked_loss(masked_mean_loss) -> Feedback:
    """masked_mean_loss(probs (T, B, V), targets (T, B), mask (T, B)) -> the mean of −log p[target]
    over the real steps, as rnn.loss_and_grads computes it with a mask."""
    name = "the masked mean loss"
    if untouched(masked_mean_loss):
        return not_attempted(name)
    if not callable(masked_mean_loss):
        return report(name, False, "give the function itself (masked_mean_loss, without brackets); "
                                   f"you gave {type(masked_mean_loss).__name__}")
    for seed, side in ((11, "right"), (12, "left"), (13, "right")):
        probs, targets, mask, want = _masked_loss_case(seed, side)
        got, feedback = call_learner(name, masked_mean_loss, probs.copy(), targets.copy(), mask.copy())
        if feedback is not None:
            return feedback
        value = as_number(got) if np.ndim(got) == 0 else None
        if value is None:
            return report(name, False, f"return one number (a float); yours returned "
                                       f"{type(got).__name__} of shape {np.shape(got)}")
        if abs(value - want) <= 1e-9 * max(1.0, abs(want)):
            continue
        for slip, reason in _masked_slips(probs, targets, mask).values():
            if abs(value - slip) <= 1e-9 * max(1.0, abs(slip)):
                return report(name, False, reason)
        return report(name, False, f"on a batch padded on the {side} your function gives {value:.4f}, "
                                   f"the library {want:.4f}; check it against the formula of section 1")
    return report(name, True, "sum of mask * (−log p[target]) / mask.sum(): the loss "
                              "rnn.loss_and_grads(..., mask=mask) computes, on three fresh batches "
                              "padded on the right and on the left")
