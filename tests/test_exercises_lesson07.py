"""Lesson 07 checkers: right, wrong and untouched answers; feedback, never an exception. Every
message a checker can give is reached by a test below, with the slip a learner makes."""
import numpy as np
import pytest

from course_utils import gated, gated_step
from course_utils.exercises import lesson07 as ex
from course_utils.train import clip_by_global_norm


@pytest.mark.parametrize("fn, args", [
    (ex.check_clipping_rules, (..., ...)),
    (ex.check_clipping_rules, ((0.6, 0.8), ...)),
    (ex.check_clip_by_norm, (...,)),
    (ex.check_forget_bias, (...,)),
    (ex.check_gated_reason, (...,)),
    (ex.check_lstm_step, (...,)),
    (ex.check_lstm_size, (...,)),
])
def test_untouched_is_not_attempted(feedback, fn, args):
    ok, out = feedback(fn, *args)
    assert ok is False and "not attempted yet" in out


# ---------------------------------------------------------------- 1. the two rules by hand

def test_clipping_rules_right(feedback):
    ok, out = feedback(ex.check_clipping_rules, (0.6, 0.8), (1, 1))
    assert ok and out.startswith("PASS")
    assert "(0.6, 0.8)" in out and "(1, 1)" in out and "8.1 degrees" in out


@pytest.mark.parametrize("a, b, hint", [
    ((1, 1), (0.6, 0.8), "swapped"),
    ((3, 4), (1, 1), "(3, 4) has norm 5"),
    ((0.8, 0.6), (1, 1), "keeps the direction"),
    ((0.6, 0.8), (0.6, 0.8), "element-wise"),
    ("0.6, 0.8", (1, 1), "pair"),
    ((0.6, 0.8, 0.0), (1, 1), "pair"),
])
def test_clipping_rules_wrong(feedback, a, b, hint):
    ok, out = feedback(ex.check_clipping_rules, a, b)
    assert ok is False and out.startswith("FAIL") and hint in out


def test_clipping_rules_echo_plain_numbers(feedback):
    _, out = feedback(ex.check_clipping_rules, (np.float64(0.2), np.float64(0.2)), (1, 1))
    assert "(0.2, 0.2)" in out and "np.float64" not in out


# ---------------------------------------------------------------- 2. clipping by norm, in code

def clip_right(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    factor = min(1.0, max_norm / norm)
    return {k: g * factor for k, g in grads.items()}


def clip_each(grads, max_norm):
    return {k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()}


def clip_always(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    return {k: g * max_norm / norm for k, g in grads.items()}


def clip_upside_down(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    return {k: g * min(1.0, norm / max_norm) if norm < max_norm else g * norm / max_norm
            for k, g in grads.items()}


def clip_in_place(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    for g in grads.values():
        g *= min(1.0, max_norm / norm)
    return grads


def clip_raises(grads, max_norm):
    return grads * max_norm


@pytest.mark.parametrize("fn, hint", [
    (clip_each, "each parameter by its own norm"),
    (clip_always, "must be left unchanged"),
    (lambda grads, m: {k: np.clip(g, -m, m) for k, g in grads.items()}, "element-wise clipping"),
    (clip_upside_down, "upside down"),
    (lambda grads, m: {k: g.copy() for k, g in grads.items()}, "came back unchanged"),
    (lambda grads, m: {k: 0 * g for k, g in grads.items()}, "differs from clipping by the global norm"),
    (lambda grads, m: clip_by_global_norm(grads, m), "dict alone"),
    (lambda grads, m: list(grads.values()), "same keys"),
    (lambda grads, m: {k: g.ravel() for k, g in grads.items()}, "has shape (9,)"),
    (clip_in_place, "changed the arrays it was given"),
    (clip_raises, "raised TypeError"),
    ("clip_by_norm", "the function itself"),
])
def test_clip_by_norm_names_the_slip(feedback, fn, hint):
    ok, out = feedback(ex.check_clip_by_norm, fn)
    assert ok is False and out.startswith("FAIL") and hint in out, out


def test_clip_by_norm_right_and_the_placeholder(feedback):
    ok, out = feedback(ex.check_clip_by_norm, clip_right)
    assert ok and out.startswith("PASS")
    ok, out = feedback(ex.check_clip_by_norm, lambda grads, max_norm: ...)
    assert ok is False and "not attempted yet" in out


# ---------------------------------------------------------------- 3. the forget bias

def test_forget_bias_right_gives_the_right_reason(feedback):
    ok, out = feedback(ex.check_forget_bias, 3.05)
    assert ok and out.startswith("PASS") and "keeping path alone" in out and "add" in out


@pytest.mark.parametrize("answer, hint", [(1.0, "not 0.1"), (0.955, "undo the sigmoid"),
                                          ("3", "one number"), (float("nan"), "one number")])
def test_forget_bias_wrong(feedback, answer, hint):
    ok, out = feedback(ex.check_forget_bias, answer)
    assert ok is False and out.startswith("FAIL") and hint in out


# ---------------------------------------------------------------- 4. why gated gradients survive

@pytest.mark.parametrize("answer", ["C", " c ", "c)"])
def test_gated_reason_right(feedback, answer):
    ok, out = feedback(ex.check_gated_reason, answer)
    assert ok and "keeping path alone keeps 0.501" in out and "keeps 0.606" in out


@pytest.mark.parametrize("answer, hint", [
    ("A", "gate values alone predict the vanilla RNN's loss"),
    ("B", "same largest singular value"),
    ("d", "saturation is not what differs"),
    ("E", "one letter"),
    (3, "one letter"),
])
def test_gated_reason_wrong(feedback, answer, hint):
    ok, out = feedback(ex.check_gated_reason, answer)
    assert ok is False and out.startswith("FAIL") and hint in out


# ---------------------------------------------------------------- 5. one LSTM step, in code

def step_right(x, h_prev, c_prev, params):
    out = gated_step.lstm_step(params, x, h_prev, c_prev)
    return out["h"], out["c"]


def step_with_order(order):
    def step(x, h_prev, c_prev, params):
        H = h_prev.shape[1]
        a = x @ params["W_hx"].T + h_prev @ params["W_hh"].T + params["b_h"]
        blocks = {gate: a[:, k * H:(k + 1) * H] for k, gate in enumerate(order)}
        sig = lambda v: 1 / (1 + np.exp(-v))   # noqa: E731
        c = sig(blocks["f"]) * c_prev + sig(blocks["i"]) * np.tanh(blocks["g"])
        return sig(blocks["o"]) * np.tanh(c), c
    return step


def step_slip(**slip):
    def step(x, h_prev, c_prev, params):
        private_variant = ex._variant_step   # private: the checker's own slip model, reused as a learner's slip
        return private_variant(x, h_prev, c_prev, params, **slip)
    return step


def step_columns(x, h_prev, c_prev, params):
    h, c = step_right(x, h_prev, c_prev, params)
    return h.T, c.T


@pytest.mark.parametrize("fn, hint", [
    (step_with_order("ifgo"), "PyTorch's order"),
    (step_with_order("fiog"), "the order f, i, o, g"),
    (step_slip(g_sigmoid=True), "uses tanh, not sigmoid"),
    (step_slip(input_gate=False), "scaled by the input gate"),
    (step_slip(h_from="c_raw"), "squashed by tanh"),
    (step_slip(h_from="c_prev"), "NEW cell"),
    (step_slip(bias=False), "include the bias"),
    (lambda *a: step_right(*a)[::-1], "(h, c) in that order"),
    (lambda *a: (step_right(*a)[0] * 2, step_right(*a)[1]), "c is right; h is not"),
    (lambda *a: (step_right(*a)[0], step_right(*a)[1] + 1), "c differs"),
    (step_columns, "rows are examples"),
    (lambda x, h, c, p: x @ p["W_hx"], "raised ValueError"),
    (lambda *a: step_right(*a)[0], "two arrays"),
    (42, "the function itself"),
])
def test_lstm_step_names_the_slip(feedback, fn, hint):
    ok, out = feedback(ex.check_lstm_step, fn)
    assert ok is False and out.startswith("FAIL") and hint in out, out


def test_lstm_step_right_and_the_placeholder(feedback):
    ok, out = feedback(ex.check_lstm_step, step_right)
    assert ok and out.startswith("PASS")
    ok, out = feedback(ex.check_lstm_step, step_with_order("ifog"))
    assert ok
    ok, out = feedback(ex.check_lstm_step, lambda x, h_prev, c_prev, params: (..., ...))
    assert ok is False and "not attempted yet" in out


# ---------------------------------------------------------------- 6. the size of an LSTM

def test_lstm_size_right_and_matches_the_library(feedback):
    right = sum(p.size for p in gated.init_lstm(5, 32, 4).values())
    ok, out = feedback(ex.check_lstm_size, right)
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer, hint", [(4864, "output layer"), (1348, "four"), (12, "not it"),
                                          (4996.0, "whole number")])
def test_lstm_size_wrong(feedback, answer, hint):
    ok, out = feedback(ex.check_lstm_size, answer)
    assert ok is False and out.startswith("FAIL") and hint in out
