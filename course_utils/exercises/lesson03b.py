"""Lesson 03b checkers: bits per character from a loss in nats, an add-k bigram baseline, Pearson's r.

Each runs the learner's function on fresh cases; the answers come from the library (ngram,
hidden_units), and the commonest slips are recognised by recomputing them.
"""
from __future__ import annotations

import numpy as np

from ..hidden_units import unit_correlations
from ..ngram import bits_per_char, fit_ngram, ngram_bits_per_char
from .feedback import Feedback, as_number, not_attempted, report, untouched

__all__ = ["check_bits_per_char", "check_bigram_bits", "check_pearson_r"]


def _call(name, function, *args):
    """(result, None), or (None, a FAIL Feedback) when the function is missing, raised or gave
    something that is not a finite number; (Ellipsis, None) while its body is untouched."""
    if not callable(function):
        return None, report(name, False, f"give the function itself (its name, without brackets); "
                                         f"you gave {function!r}")
    try:
        got = function(*args)
    except Exception as exc:   # a learner's bug must not end in a traceback
        return None, report(name, False, f"your function raised {type(exc).__name__}: {exc}")
    if untouched(got):
        return Ellipsis, None
    value = as_number(np.asarray(got).item()) if np.size(got) == 1 else None
    if value is None or not np.isfinite(value):
        return None, report(name, False, f"return one finite number; your function returned {got!r:.60}")
    return value, None


# ---------------------------------------------------------------- bits per character

LOSSES_NATS = (1.7, 0.35, 2.9)          # fresh cases, none of them the lesson's own numbers


def check_bits_per_char(to_bits) -> Feedback:
    """to_bits(loss_nats) -> the same mean loss per character in bits (a float)."""
    name = "bits per character from a loss in nats"
    if untouched(to_bits):
        return not_attempted(name)
    for loss in LOSSES_NATS:
        got, failed = _call(name, to_bits, loss)
        if failed is not None:
            return failed
        if got is Ellipsis:
            return not_attempted(name, "replace the ... in the function's body, then run the cell again")
        right = bits_per_char(loss)
        if np.isclose(got, right, rtol=1e-9):
            continue
        slips = ((loss * np.log(2), "you multiplied by ln 2; a bit is ln 2 nats, so divide by it"),
                 (loss / np.log(10), "you divided by ln 10, which gives decimal digits (log base 10), not bits"),
                 (np.log2(loss), "log2 of the loss is not it: the loss is already a logarithm, "
                                 "so only its base changes (divide by ln 2)"),
                 (np.exp(loss), "exp(loss) is the perplexity, not bits per character"))
        for value, reason in slips:
            if np.isclose(got, value, rtol=1e-9):
                return report(name, False, reason)
        return report(name, False, f"for a loss of {loss} nats your function gave {got:.6g}; "
                                   "expected a value in bits (log base 2)")
    return report(name, True, "bits = nats / ln 2: log2 p = ln p / ln 2, so the mean of -log2 p is "
                              "the mean of -ln p divided by ln 2 (about 1.44 times the loss)")


# ---------------------------------------------------------------- an add-k bigram

def _bigram_case(seed=7, V=6):
    """A small text over V ids with structure (id 0 is always followed by 1, so 0 -> 0 is never
    counted), and a held-out text."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, V, size=500)
    ids[1:][ids[:-1] == 0] = 1
    held = rng.integers(0, V, size=120)
    held[1:][held[:-1] == 0] = 1
    return ids, held, V


def _bigram_bits_variant(train, held, V, k, *, fit_on=None, normalise=True, transpose=False,
                         bits=True, context=True):
    """The add-k bigram's held-out cost, computed right or with one of the slips."""
    src = held if fit_on == "held" else train
    counts = np.zeros((V, V))
    np.add.at(counts, (src[:-1], src[1:]), 1.0)
    if transpose:
        counts = counts.T
    if not context:
        counts = np.tile(np.bincount(src, minlength=V).astype(float), (V, 1))
    denom = counts.sum(axis=1, keepdims=True) + (k * V if normalise else 0.0)
    with np.errstate(all="ignore"):
        cost = -np.mean(np.log(((counts + k) / denom)[held[:-1], held[1:]]))
    return cost / np.log(2) if bits else cost


def check_bigram_bits(bigram_bits) -> Feedback:
    """bigram_bits(train_ids, held_ids, V, k) -> held-out bits per character of an add-k bigram."""
    name = "an add-k bigram baseline"
    if untouched(bigram_bits):
        return not_attempted(name)
    train, held, V = _bigram_case()
    for k in (0.5, 0.1):
        got, failed = _call(name, bigram_bits, train.copy(), held.copy(), V, k)
        if failed is not None:
            return failed
        if got is Ellipsis:
            return not_attempted(name, "replace every ... in the function's body, then run the cell again")
        right = ngram_bits_per_char(fit_ngram(train, V, 2, smoothing="add-k", k=k), held)
        if np.isclose(got, right, rtol=1e-9):
            continue
        slips = (({"bits": False}, "that is in nats: divide by ln 2 (or use np.log2) for bits"),
                 ({"normalise": False}, "the probabilities do not sum to 1: every one of the V characters "
                                        "gets k extra counts, so the denominator is count(a) + k V"),
                 ({"fit_on": "held"}, "you counted the held-out text: the counts must come from the "
                                      "training text alone, or the baseline has seen the answers"),
                 ({"transpose": True}, "counts[a, b] and counts[b, a] are swapped: p(b | a) divides the "
                                       "pairs a -> b by how often a occurs (row a)"),
                 ({"context": False}, "this ignores the previous character: that is the unigram model"))
        for kwargs, reason in slips:
            if np.isclose(got, _bigram_bits_variant(train, held, V, k, **kwargs), rtol=1e-9):
                return report(name, False, reason)
        return report(name, False, f"with k = {k} your function gave {got:.6g} bits per character; "
                                   f"expected {right:.6g}")
    return report(name, True, "p(b | a) = (count(a b) + k) / (count(a) + k V), counted on the training text, "
                              "scored on held-out pairs in bits: the same number as "
                              "ngram_bits_per_char(fit_ngram(train, V, 2, smoothing='add-k', k=k), held)")


# ---------------------------------------------------------------- Pearson's r

def _r_cases(seed=11, n=200):
    rng = np.random.default_rng(seed)
    prop = (rng.random(n) < 0.4).astype(float)
    unit = 0.8 * prop + 0.5 * rng.standard_normal(n) + 3.0          # an offset: centring matters
    other = -2.0 * rng.standard_normal(n) * 0.3 - 0.5 * prop        # negative, another scale
    return [(unit, prop), (other, prop)]


def check_pearson_r(pearson_r) -> Feedback:
    """pearson_r(unit, prop) -> Pearson's r between two (N,) arrays."""
    name = "Pearson's r"
    if untouched(pearson_r):
        return not_attempted(name)
    for unit, prop in _r_cases():
        got, failed = _call(name, pearson_r, unit.copy(), prop.copy())
        if failed is not None:
            return failed
        if got is Ellipsis:
            return not_attempted(name, "replace the ... in the function's body, then run the cell again")
        right = float(unit_correlations(unit[:, None], {"p": prop})[0, 0])
        if np.isclose(got, right, rtol=1e-9):
            continue
        raw = np.mean(unit * prop) / (np.std(unit) * np.std(prop))
        cov = np.mean((unit - unit.mean()) * (prop - prop.mean()))
        slips = ((raw, "centre both series first: subtract each one's mean before multiplying"),
                 (cov, "that is the covariance: divide by both standard deviations, so r lies in [-1, 1]"),
                 (abs(right), "keep the sign: a unit that falls when the property rises has r < 0"))
        for value, reason in slips:
            if np.isclose(got, value, rtol=1e-9):
                return report(name, False, reason)
        return report(name, False, f"your function gave {got:.6g}; expected {right:.6g}")
    return report(name, True, "r = mean((u - mean u)(p - mean p)) / (std u * std p), between -1 and 1; "
                              "it does not change when the unit is shifted or scaled")
