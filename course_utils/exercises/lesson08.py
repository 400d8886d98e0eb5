"""Lesson 08 checkers: the decoder's inputs under teacher forcing, the attention weights of one
step, one step of beam search. Each runs the learner's function on fresh cases and compares it
with the library (seq2seq, attention, decoding)."""
from __future__ import annotations

import numpy as np

from ..attention import attention_forward
from ..decoding import top_extensions
from ..numerics import softmax
from ..seq2seq import END, PAD, START
from .feedback import Feedback, not_attempted, report, untouched

__all__ = ["check_decoder_inputs", "check_attention_weights", "check_beam_step"]


def _call(name, fn, *args):
    """(result, None), or (None, a FAIL Feedback) when fn is no function or raises."""
    if not callable(fn):
        return None, report(name, False, f"give the function itself (its name, without brackets); "
                                         f"you gave {fn!r}")
    try:
        return fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args]), None
    except Exception as exc:   # a learner's bug must not end in a traceback
        return None, report(name, False, f"your function raised {type(exc).__name__}: {exc}")


def _array(answer):
    """The answer as a float array, or None (also when it still holds the placeholder)."""
    try:
        return np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- exercise 1: teacher forcing

def _targets(seed=5, T=6, B=4, V=9):
    """tgt_out (T, B): words (ids 3..V-1), then END in the last row."""
    words = np.random.default_rng(seed).integers(3, V, size=(T - 1, B))
    return np.concatenate([words, np.full((1, B), END)])


def check_decoder_inputs(make_decoder_inputs) -> Feedback:
    """make_decoder_inputs(tgt_out (T, B)) -> tgt_in (T, B): START, then tgt_out without its last row."""
    name = "the decoder's inputs under teacher forcing"
    if untouched(make_decoder_inputs):
        return not_attempted(name)
    tgt_out = _targets()
    got, fail = _call(name, make_decoder_inputs, tgt_out)
    if fail is not None:
        return fail
    if untouched(got):
        return not_attempted(name, "replace the ... in the function's body, then run the cell again")
    got = _array(got)
    T, B = tgt_out.shape
    right = np.concatenate([np.full((1, B), START), tgt_out[:-1]])     # as seq2seq builds it
    if got is None or got.ndim != 2:
        return report(name, False, f"return a (T, B) array of ids like tgt_out {tgt_out.shape}")
    if got.shape == (T + 1, B) and np.array_equal(got[1:], tgt_out):
        return report(name, False, "START then all of tgt_out is one step too long: the last word "
                                   "(END) is never an input, there is nothing left to predict after it")
    if got.shape != (T, B):
        return report(name, False, f"tgt_in has shape {got.shape}; it must have tgt_out's {tgt_out.shape}: "
                                   "one input per step")
    if np.array_equal(got, right):
        return report(name, True, "tgt_in = START, y_1, ..., y_{T-1}: at step t the decoder reads the "
                                  "reference's word t - 1 and is asked for word t")
    if np.array_equal(got, tgt_out):
        return report(name, False, "that is tgt_out itself: the decoder would be fed the very word it "
                                   "must predict. Shift it one step to the right, behind START")
    if np.array_equal(got[:-1], tgt_out[1:]):
        return report(name, False, "shifted the wrong way: step t would see word t + 1, the future; "
                                   "the input at step t is the word BEFORE the one to predict")
    if np.array_equal(got[1:], tgt_out[:-1]):
        first = got[0, 0]
        return report(name, False, f"the shift is right, but the first input is {first:g}, not "
                                   f"START = {START} (PAD is {PAD}, END is {END})")
    return report(name, False, "the ids differ from START followed by tgt_out[:-1]; print both and compare")


# ---------------------------------------------------------------- exercise 2: attention weights

def _attention_case(seed=11, S=5, H=4):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((H, H)), rng.standard_normal(H), rng.standard_normal((S, H))


def check_attention_weights(attention_weights) -> Feedback:
    """attention_weights(W_a (H, H), s (H,), hs (S, H)) -> alpha (S,): softmax_j(s . W_a h_j)."""
    name = "the attention weights of one step"
    if untouched(attention_weights):
        return not_attempted(name)
    W_a, s, hs = _attention_case()
    got, fail = _call(name, attention_weights, W_a, s, hs)
    if fail is not None:
        return fail
    if untouched(got):
        return not_attempted(name, "replace the ... in the function's body, then run the cell again")
    got = _array(got)
    if got is None or got.size != hs.shape[0]:
        return report(name, False, f"return one weight per source position: shape ({hs.shape[0]},)")
    got = got.reshape(-1)
    # the library's answer: one target step of one sentence
    right = attention_forward(W_a, s[None, None], hs[:, None])[1][0, 0]
    close = lambda a: np.allclose(got, a, rtol=1e-9, atol=1e-12)      # noqa: E731
    scores = hs @ W_a.T @ s                                            # e_j = s . (W_a h_j)
    if close(right):
        return report(name, True, f"alpha sums to 1 (here {right.max():.2f} goes to position "
                                  f"{int(np.argmax(right)) + 1}); c = alpha @ hs is the context")
    if close(scores):
        return report(name, False, "these are the scores e_j; the weights are their softmax over j")
    if close(softmax(hs @ s)):
        return report(name, False, "the score leaves out W_a: it is s . (W_a h_j), not s . h_j")
    if close(softmax(hs @ W_a @ s)):
        return report(name, False, "W_a is transposed: s . (W_a h_j) is hs @ W_a.T @ s in rows")
    if close(scores / scores.sum()):
        return report(name, False, "dividing by the sum is not a softmax: exponentiate first (the "
                                   "scores can be negative, the weights cannot)")
    if close(softmax(-scores)):
        return report(name, False, "a sign slipped: the best-matching position must get the largest weight")
    return report(name, False, "the weights differ from softmax_j(s . W_a h_j); compare yours with "
                               "the equations above")


# ---------------------------------------------------------------- exercise 3: one beam step

def _beam_case(seed=2, k=3, V=6):
    rng = np.random.default_rng(seed)
    scores = np.sort(-rng.exponential(1.5, size=k))[::-1]            # the beams, best first
    logp = np.log(rng.dirichlet(np.ones(V), size=k))                   # (k, V) next-word log p
    return scores, logp, k


def check_beam_step(beam_step) -> Feedback:
    """beam_step(scores (k,), logp (k, V), width) -> (new_scores, parent, word), each (width,),
    best first: the width best one-word extensions of the k beams, by total log-probability."""
    name = "one step of beam search"
    if untouched(beam_step):
        return not_attempted(name)
    scores, logp, k = _beam_case()
    got, fail = _call(name, beam_step, scores, logp, k)
    if fail is not None:
        return fail
    if untouched(got) or (isinstance(got, tuple) and any(untouched(g) for g in got)):
        return not_attempted(name, "replace every ... in the function's body, then run the cell again")
    if not isinstance(got, tuple) or len(got) != 3:
        return report(name, False, "return three arrays: (new_scores, parent, word)")
    arrays = [_array(g) for g in got]
    if any(a is None or a.shape != (k,) for a in arrays):
        return report(name, False, f"each of new_scores, parent, word must have shape ({k},)")
    new, parent, word = arrays
    if not (np.all(np.isin(parent, np.arange(k))) and np.all(np.isin(word, np.arange(logp.shape[1])))):
        return report(name, False, f"parent holds beam numbers 0..{k - 1} and word holds word ids "
                                   f"0..{logp.shape[1] - 1}")
    parent, word = parent.astype(int), word.astype(int)
    want = [a[0] for a in top_extensions(scores[None], logp[None], k)]    # the library's step
    if np.allclose(new, want[0]) and np.array_equal(parent, want[1]) and np.array_equal(word, want[2]):
        return report(name, True, "the k best of all k·V extensions, by the beam's score plus the "
                                  "word's log p; one beam may have several children, another none")
    return report(name, False, _beam_hint(new, parent, word, scores, logp, k, want))


def _beam_hint(new, parent, word, scores, logp, k, want) -> str:
    totals = scores[parent] + logp[parent, word]          # what the chosen extensions are worth
    if np.array_equal(parent, want[1]) and np.array_equal(word, want[2]):
        return "new_scores must be the total: the parent beam's score plus the chosen word's log p"
    if set(zip(parent.tolist(), word.tolist())) == set(zip(want[1].tolist(), want[2].tolist())):
        return "the right extensions, in the wrong order: sort them best first (largest total log p)"
    by_word = top_extensions(np.zeros((1, k)), logp[None], k)
    if np.array_equal(parent, by_word[1][0]) and np.array_equal(word, by_word[2][0]):
        return ("chosen by the new word's log p alone: add each beam's score, since the whole "
                "sentence's probability is the product of all its words'")
    if np.array_equal(np.sort(parent), np.arange(k)) and np.array_equal(word, np.argmax(logp, axis=1)[parent]):
        return ("the best word of each beam is k greedy searches side by side: compare every "
                "extension of every beam with every other")
    if not np.allclose(new, totals):
        return "new_scores must be the total: the parent beam's score plus the chosen word's log p"
    return "these are not the k most likely extensions; list all k·V totals and take the k largest"
