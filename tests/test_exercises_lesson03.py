"""Lesson 03 checkers: right, wrong and untouched answers; a wrong answer never raises."""
import numpy as np
import pytest

from course_utils.exercises import (check_bptt_step, check_carry_line, check_initial_loss,
                                    check_temperature_probs)
from course_utils.exercises import NOT_ATTEMPTED


# ---------------------------------------------------------------- initial loss

def test_initial_loss_right(feedback):
    ok, out = feedback(check_initial_loss, float(np.log(65)))
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer", [4.17, 4.2, np.float64(4.174)])
def test_initial_loss_rounded_answer_passes(feedback, answer):
    ok, _ = feedback(check_initial_loss, answer)
    assert ok


def test_initial_loss_too_far_fails(feedback):
    ok, out = feedback(check_initial_loss, 4.3)
    assert not ok and out.startswith("FAIL")


@pytest.mark.parametrize("answer, reason", [(65, "perplexity"), (-4.174, "sign"),
                                            (1.813, "base 10"), (1 / 65, "probability"),
                                            (3.0, "not it"), ("4.17", "give a number")])
def test_initial_loss_wrong(feedback, answer, reason):
    ok, out = feedback(check_initial_loss, answer)
    assert not ok and out.startswith("FAIL") and reason in out


def test_initial_loss_untouched(feedback):
    ok, out = feedback(check_initial_loss, ...)
    assert not ok and NOT_ATTEMPTED in out


# ---------------------------------------------------------------- the carrying line

@pytest.mark.parametrize("answer", ["dh_next = da @ W_hh", "  dh_next=da @ W_hh   # comment",
                                    "dh_next = da @ W_hh + (1.0 - m) * dh", "da @ W_hh",
                                    "dh_next = np.dot(da, W_hh)"])
def test_carry_line_right(feedback, answer):
    ok, out = feedback(check_carry_line, answer)
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer, reason", [("dh = dhs[t] + dh_next", "receives"),
                                            ("dh = np.add(dhs[t], dh_next, out=dh_total[t])", "receives"),
                                            ("da = np.multiply(dh, fprime[t], out=das[t])", "same step"),
                                            ("da = dh * fprime[t]", "same step"),
                                            ("das[t] = da", "stores"),
                                            ("dh_next = da @ W_hh.T", "W_hh is transposed"),
                                            ("dh_next = (da @ W_hh).T @ np.eye(3)", "not a line"),
                                            ("dh_next = W_hh @ da", "not a line"),
                                            ("dh_next = da @ W_hh; import os", "not one line"),
                                            ("dh_next = da @", "not one line"),
                                            ("dh_next = __import__('os')", "not a line"),
                                            ("dh_next = da.__class__", "not a line"),
                                            ("print(1)", "not a line"), (7, "as a string")])
def test_carry_line_wrong(feedback, answer, reason):
    ok, out = feedback(check_carry_line, answer)
    assert not ok and out.startswith("FAIL") and reason in out


def test_carry_line_accepts_the_line_of_the_current_source(feedback):
    from course_utils import rnn, sourcecode
    line = sourcecode.find_statement(rnn.recurrence_backward, r"^dh_next = da @ W_hh$")
    ok, _ = feedback(check_carry_line, line)
    assert ok


def test_carry_line_untouched(feedback):
    ok, out = feedback(check_carry_line, ...)
    assert not ok and NOT_ATTEMPTED in out


# ---------------------------------------------------------------- one BPTT step

def right_step(dh_from_output, dh_next, h_t, h_prev, W_hh):
    da = (dh_from_output + dh_next) * (1 - h_t ** 2)
    return da, da.T @ h_prev, da @ W_hh


def test_bptt_step_right(feedback):
    ok, out = feedback(check_bptt_step, right_step)
    assert ok and out.startswith("PASS")


def test_bptt_step_matches_the_library():
    """The checker's reference is what recurrence_backward does at one step."""
    from course_utils import rnn
    from course_utils.exercises.lesson03 import _reference_step, _step_case  # private: the checker's answer
    dh_out, dh_next, h_t, h_prev, W_hh = _step_case()
    # one step (T = 1) whose incoming dh_next is folded into dhs
    das, _, dh0 = rnn.recurrence_backward((dh_out + dh_next)[None], h_t[None], W_hh, "tanh")
    da, dW, dh_prev = _reference_step(dh_out, dh_next, h_t, h_prev, W_hh)
    np.testing.assert_allclose(das[0], da)
    np.testing.assert_allclose(dh0, dh_prev)
    np.testing.assert_allclose(dW, das[0].T @ h_prev)


def without_dh_next(dh_from_output, dh_next, h_t, h_prev, W_hh):
    da = dh_from_output * (1 - h_t ** 2)
    return da, da.T @ h_prev, da @ W_hh


def slope_of_h_prev(dh_from_output, dh_next, h_t, h_prev, W_hh):
    da = (dh_from_output + dh_next) * (1 - h_prev ** 2)
    return da, da.T @ h_prev, da @ W_hh


def no_slope(dh_from_output, dh_next, h_t, h_prev, W_hh):
    da = dh_from_output + dh_next
    return da, da.T @ h_prev, da @ W_hh


def transposed_dW(dh_from_output, dh_next, h_t, h_prev, W_hh):
    da = (dh_from_output + dh_next) * (1 - h_t ** 2)
    return da, h_prev.T @ da, da @ W_hh


def dW_with_h_t(dh_from_output, dh_next, h_t, h_prev, W_hh):
    da = (dh_from_output + dh_next) * (1 - h_t ** 2)
    return da, da.T @ h_t, da @ W_hh


def transposed_W(dh_from_output, dh_next, h_t, h_prev, W_hh):
    da = (dh_from_output + dh_next) * (1 - h_t ** 2)
    return da, da.T @ h_prev, da @ W_hh.T


def wrong_shape(dh_from_output, dh_next, h_t, h_prev, W_hh):
    da = (dh_from_output + dh_next) * (1 - h_t ** 2)
    return da, da.sum(), da @ W_hh


def raises(dh_from_output, dh_next, h_t, h_prev, W_hh):
    return dh_from_output @ dh_next, None, None


def two_values(dh_from_output, dh_next, h_t, h_prev, W_hh):
    return dh_from_output, dh_next


def other_error(dh_from_output, dh_next, h_t, h_prev, W_hh):
    da = 2 * dh_from_output
    return da, da.T @ h_prev, da @ W_hh


@pytest.mark.parametrize("fn, reason", [(without_dh_next, "leaves out dh_next"),
                                        (slope_of_h_prev, "not h_prev"),
                                        (no_slope, "slope of tanh"),
                                        (transposed_dW, "transposed"),
                                        (dW_with_h_t, "use h_prev"),
                                        (transposed_W, "da @ W_hh"),
                                        (wrong_shape, "shape"),
                                        (raises, "raised ValueError"),
                                        (two_values, "three arrays"),
                                        (other_error, "differs"),
                                        ("bptt_step", "the function itself")])
def test_bptt_step_wrong(feedback, fn, reason):
    ok, out = feedback(check_bptt_step, fn)
    assert not ok and out.startswith("FAIL") and reason in out


def untouched_body(dh_from_output, dh_next, h_t, h_prev, W_hh):
    da = ...
    dW_hh_t = ...
    dh_prev = ...
    return da, dW_hh_t, dh_prev


@pytest.mark.parametrize("answer", [..., untouched_body])
def test_bptt_step_untouched(feedback, answer):
    ok, out = feedback(check_bptt_step, answer)
    assert not ok and NOT_ATTEMPTED in out


# ---------------------------------------------------------------- the distribution at a temperature

def stable_probs(logits, temperature):
    z = logits / temperature
    e = np.exp(z - z.max())
    return e / e.sum()


def power_probs(logits, temperature):            # p ** (1/T), renormalised: the same distribution
    p = stable_probs(logits, 1.0) ** (1.0 / temperature)
    return p / p.sum()


@pytest.mark.parametrize("fn", [stable_probs, power_probs])
def test_temperature_right(feedback, fn):
    ok, out = feedback(check_temperature_probs, fn)
    assert ok and out.startswith("PASS")


def test_temperature_matches_what_sample_draws_from():
    """rnn.sample draws from softmax(logits / temperature): check by sampling a one-unit model."""
    from course_utils import rnn
    params = rnn.init_params(3, 1, 3, seed=0)
    params["W_hh"][:] = 0.0
    params["W_hx"][:] = 0.0                       # h stays 0: the logits are b_s at every step
    params["b_s"] = np.array([1.0, 0.0, -1.0])
    ids = rnn.sample(params, 0, 20000, temperature=0.5, seed=0)
    freq = np.bincount(ids, minlength=3) / ids.size
    np.testing.assert_allclose(freq, stable_probs(params["b_s"], 0.5), atol=0.01)


def untouched_probs(logits, temperature):
    probs = ...
    return probs


@pytest.mark.parametrize("answer", [..., untouched_probs])
def test_temperature_untouched(feedback, answer):
    ok, out = feedback(check_temperature_probs, answer)
    assert not ok and NOT_ATTEMPTED in out


@pytest.mark.parametrize("fn, reason", [
    (lambda z, T: stable_probs(z * T * T, T), "multiplied the logits"),
    (lambda z, T: stable_probs(z, 1.0), "no effect"),
    (lambda z, T: np.exp(z / T - (z / T).max()), "not 1"),
    (lambda z, T: stable_probs(z, 1.0) / T, "not 1"),
    (lambda z, T: np.exp(z / T) / np.exp(z / T).sum(), "overflowed"),
    (lambda z, T: stable_probs(z, T + 0.1), "not softmax"),
    (lambda z, T: stable_probs(z, T)[:2], "shape"),
    (lambda z, T: z / 0 + {}, "raised TypeError"),
    ("temperature_probs", "the function itself"),
])
def test_temperature_slips(feedback, fn, reason):
    ok, out = feedback(check_temperature_probs, fn)
    assert not ok and out.startswith("FAIL") and reason in out
