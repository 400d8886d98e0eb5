"""Lesson 08 checkers: a right answer, the untouched placeholder and every slip each one names;
feedback, never an exception."""
import numpy as np
import pytest

from course_utils.exercises import lesson08 as ex
from course_utils.numerics import softmax
from course_utils.seq2seq import END, START


# ---------------------------------------------------------------- decoder inputs

def right_inputs(tgt_out):
    return np.concatenate([np.full((1, tgt_out.shape[1]), START), tgt_out[:-1]])


@pytest.mark.parametrize("fn, args", [
    (ex.check_decoder_inputs, (...,)),
    (ex.check_attention_weights, (...,)),
    (ex.check_beam_step, (...,)),
    (ex.check_decoder_inputs, (lambda tgt_out: ...,)),
    (ex.check_attention_weights, (lambda W_a, s, hs: ...,)),
    (ex.check_beam_step, (lambda scores, logp, width: (..., ..., ...),)),
])
def test_untouched_is_not_attempted(feedback, fn, args):
    ok, out = feedback(fn, *args)
    assert ok is False and "not attempted yet" in out


def test_decoder_inputs_right(feedback):
    ok, out = feedback(ex.check_decoder_inputs, right_inputs)
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer, hint", [
    (lambda y: y, "tgt_out itself"),
    (lambda y: np.concatenate([y[1:], np.full((1, y.shape[1]), END)]), "the wrong way"),
    (lambda y: np.concatenate([np.zeros((1, y.shape[1]), int), y[:-1]]), "not START"),
    (lambda y: np.concatenate([np.full((1, y.shape[1]), START), y]), "one step too long"),
    (lambda y: y[:-1], "one input per step"),
    (lambda y: right_inputs(y) + 1, "differ from START followed by"),
    (lambda y: np.arange(3), "(T, B) array"),
    (lambda y: 1 / 0, "raised ZeroDivisionError"),
    (42, "the function itself"),
])
def test_decoder_inputs_slips_are_named(feedback, answer, hint):
    ok, out = feedback(ex.check_decoder_inputs, answer)
    assert not ok and out.startswith("FAIL") and hint in out


# ---------------------------------------------------------------- attention weights

def test_attention_weights_right(feedback):
    ok, out = feedback(ex.check_attention_weights, lambda W_a, s, hs: softmax(hs @ W_a.T @ s))
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer, hint", [
    (lambda W_a, s, hs: hs @ W_a.T @ s, "these are the scores"),
    (lambda W_a, s, hs: softmax(hs @ s), "leaves out W_a"),
    (lambda W_a, s, hs: softmax(hs @ W_a @ s), "W_a is transposed"),
    (lambda W_a, s, hs: (hs @ W_a.T @ s) / (hs @ W_a.T @ s).sum(), "not a softmax"),
    (lambda W_a, s, hs: softmax(-(hs @ W_a.T @ s)), "a sign slipped"),
    (lambda W_a, s, hs: np.ones(hs.shape[0]) / hs.shape[0], "differ from softmax"),
    (lambda W_a, s, hs: np.ones(2), "one weight per source position"),
    (lambda W_a, s, hs: W_a @ hs, "raised ValueError"),
    ("softmax", "the function itself"),
])
def test_attention_weights_slips_are_named(feedback, answer, hint):
    ok, out = feedback(ex.check_attention_weights, answer)
    assert not ok and out.startswith("FAIL") and hint in out


# ---------------------------------------------------------------- one beam step

def right_step(scores, logp, width):
    total = (scores[:, None] + logp).ravel()
    top = np.argsort(-total)[:width]
    return total[top], top // logp.shape[1], top % logp.shape[1]


def by_word_alone(scores, logp, width):
    top = np.argsort(-logp.ravel())[:width]
    return scores[top // logp.shape[1]] + logp.ravel()[top], top // logp.shape[1], top % logp.shape[1]


def best_word_per_beam(scores, logp, width):
    word = np.argmax(logp, axis=1)
    return scores + logp[np.arange(len(scores)), word], np.arange(len(scores)), word


def test_beam_step_right(feedback):
    ok, out = feedback(ex.check_beam_step, right_step)
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer, hint", [
    (lambda s, l, w: tuple(a[::-1] for a in right_step(s, l, w)), "in the wrong order"),
    (by_word_alone, "by the new word's log p alone"),
    (best_word_per_beam, "k greedy searches side by side"),
    (lambda s, l, w: (l.ravel()[right_step(s, l, w)[1] * l.shape[1] + right_step(s, l, w)[2]],
                      *right_step(s, l, w)[1:]), "must be the total"),
    (lambda s, l, w: (s[0] + l[0, :3], np.array([0, 0, 0]), np.array([0, 1, 2])), "not the k most likely"),
    (lambda s, l, w: (np.zeros(3), np.array([0, 0, 0]), np.array([0, 1, 2])), "must be the total"),
    (lambda s, l, w: (right_step(s, l, w)[0], np.array([0, 1, 7]), right_step(s, l, w)[2]),
     "beam numbers 0..2"),
    (lambda s, l, w: right_step(s, l, w)[:2], "return three arrays"),
    (lambda s, l, w: (np.zeros(2), np.zeros(2), np.zeros(2)), "must have shape (3,)"),
    (lambda s, l, w: s[99], "raised IndexError"),
    (None, "not attempted"),
])
def test_beam_step_slips_are_named(feedback, answer, hint):
    ok, out = feedback(ex.check_beam_step, answer)
    assert not ok and hint in out
