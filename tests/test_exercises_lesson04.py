"""Lesson 04 checkers: PASS for the right answer, FAIL with a reason for wrong ones,
"not attempted yet" for the untouched placeholder; never an exception."""
import numpy as np
import pytest

from course_utils.exercises import (ARCHITECTURE_NAMES, ARCHITECTURE_TASKS, check_architectures,
                                    check_last_real_step, check_last_value_mse)

RIGHT = {"review": "many-to-one", "caption": "one-to-many",
         "tagging": "many-to-many synchronous", "translation": "encoder-decoder"}


@pytest.mark.parametrize("check", [check_architectures, check_last_real_step, check_last_value_mse])
def test_untouched_placeholder_is_not_attempted(check, feedback):
    ok, out = feedback(check, ...)
    assert ok is False and "not attempted yet" in out and "FAIL" not in out


def test_template_with_placeholders_is_not_attempted(feedback):
    ok, out = feedback(check_architectures, {k: ... for k in ARCHITECTURE_TASKS})
    assert ok is False and "not attempted yet" in out


# ---------------------------------------------------------------- architectures

def test_architectures_right(feedback):
    ok, out = feedback(check_architectures, dict(RIGHT))
    assert ok and out.startswith("PASS")
    assert set(RIGHT.values()) == set(ARCHITECTURE_NAMES)


@pytest.mark.parametrize("spelling", [
    {"review": "Many to one"}, {"translation": "encoder–decoder"}, {"translation": "seq2seq"},
    {"tagging": "many-to-many (synchronous)"}, {"caption": " one_to_many "},
])
def test_architectures_right_in_other_spellings(spelling, feedback):
    ok, out = feedback(check_architectures, {**RIGHT, **spelling})
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer, reason", [
    ({**RIGHT, "tagging": "encoder-decoder"}, "1 of 4 wrong; look again at 'tagging'"),
    ({**RIGHT, "review": "one-to-many", "caption": "many-to-one"}, "2 of 4 wrong"),
    ({**RIGHT, "review": "many to two"}, "is not one of"),
    ({**RIGHT, "tagging": "many-to-many"}, "which many-to-many"),
    ({**RIGHT, "translation": "many to many"}, "which many-to-many"),
    ({**RIGHT, "review": "many-to-many"}, "'review' is not a many-to-many task"),
    ({**RIGHT, "caption": "many-to-many"}, "'caption' is not a many-to-many task"),
    ({**RIGHT, "review": 1}, "is not one of"),
    ({"review": "many-to-one"}, "give a dict with the keys"),
    (["many-to-one"], "give a dict with the keys"),
])
def test_architectures_wrong(answer, reason, feedback):
    ok, out = feedback(check_architectures, answer)
    assert ok is False and out.startswith("FAIL") and reason in out


# ---------------------------------------------------------------- last real step

def good_last_step(mask):
    return mask.shape[0] - 1 - np.argmax(mask[::-1] > 0, axis=0)


def test_last_real_step_right(feedback):
    ok, out = feedback(check_last_real_step, good_last_step)
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("fn, reason", [
    (lambda m: m.sum(axis=0).astype(int) - 1, "left-padded"),         # right padding only
    (lambda m: np.full(m.shape[1], m.shape[0] - 1), "right-padded"),  # always T - 1
    (lambda m: m.sum(axis=0), "expected"),                             # off by one
    (lambda m: 1 / 0, "raised ZeroDivisionError"),
    (np.array([2, 4, 1]), "give a function of the mask"),
])
def test_last_real_step_wrong(fn, reason, feedback):
    ok, out = feedback(check_last_real_step, fn)
    assert ok is False and out.startswith("FAIL") and reason in out


# ---------------------------------------------------------------- last value MSE

@pytest.mark.parametrize("answer", [2.0, 2, np.float64(2.0)])
def test_last_value_mse_right(answer, feedback):
    ok, out = feedback(check_last_value_mse, answer)
    assert ok and out.startswith("PASS")


@pytest.mark.parametrize("answer, reason", [
    (4 / 3, "mean absolute error"),
    (6.0, "that is the sum"),
    (1.5, "you divided by 4 values"),
    (1.0, "half the mean squared error"),
    (2 ** 0.5, "root of the mean squared error"),
    (3.0, "is not it"),
    ("2", "give one number"),
    (True, "give one number"),
])
def test_last_value_mse_wrong(answer, reason, feedback):
    ok, out = feedback(check_last_value_mse, answer)
    assert ok is False and out.startswith("FAIL") and reason in out
