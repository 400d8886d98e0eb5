"""Lesson 04 checkers: pick the wiring for a task, find each sequence's last real step,
score the "repeat the last value" forecast."""
from __future__ import annotations


import numpy as np

from .feedback import Feedback, as_number, not_attempted, report, untouched

__all__ = ["ARCHITECTURE_NAMES", "ARCHITECTURE_TASKS", "LAST_VALUE_SERIES",
           "check_architectures", "check_last_real_step", "check_last_value_mse"]

ARCHITECTURE_NAMES = ("many-to-one", "one-to-many", "many-to-many synchronous", "encoder-decoder")
# Exercise 1: which wiring fits each task?
ARCHITECTURE_TASKS = {
    "review": "give a film review (a sentence) a star rating",
    "caption": "write a sentence describing one photo (one vector)",
    "tagging": "label every word of a sentence as noun, verb, ...",
    "translation": "turn an English sentence into a French one (of another length)",
}
_ARCHITECTURE_ANSWERS = {"review": "many-to-one", "caption": "one-to-many",
                         "tagging": "many-to-many synchronous", "translation": "encoder-decoder"}
_WHY = {"review": "a whole sentence in, one answer out",
        "caption": "one input unrolls into a sequence",
        "tagging": "one output for every input, step by step",
        "translation": "the output starts after the whole input is read, and has its own length"}
_MANY_TO_MANY = ("many-to-many synchronous", "encoder-decoder")
# Spellings a learner may type for a name: case, spaces, dashes and brackets do not matter.
_ALIASES = {"seq2seq": "encoder-decoder", "sequencetosequence": "encoder-decoder",
            "manytomanyencoderdecoder": "encoder-decoder", "synchronousmanytomany": "many-to-many synchronous"}
# Exercise 3: "tomorrow equals today" on four values.
LAST_VALUE_SERIES = np.array([1.0, 2.0, 4.0, 3.0])


def check_architectures(answer) -> Feedback:
    """A dict {task: one of ARCHITECTURE_NAMES} for the four ARCHITECTURE_TASKS."""
    name = "which wiring for which task"
    if untouched(answer) or (isinstance(answer, dict) and all(untouched(v) for v in answer.values())):
        return not_attempted(name)
    if not isinstance(answer, dict) or set(answer) != set(ARCHITECTURE_TASKS):
        return report(name, False, f"give a dict with the keys {sorted(ARCHITECTURE_TASKS)}")
    answer = {k: _architecture_name(v) for k, v in answer.items()}
    unknown = [k for k, v in answer.items() if v not in ARCHITECTURE_NAMES]
    if unknown:
        k = unknown[0]
        if answer[k] == "many-to-many" and _ARCHITECTURE_ANSWERS[k] in _MANY_TO_MANY:
            return report(name, False, f"{k!r}: which many-to-many, 'many-to-many synchronous' (one output "
                                       f"per input, step by step) or 'encoder-decoder' (read all, then write)?")
        if answer[k] == "many-to-many":
            return report(name, False, f"{k!r} is not a many-to-many task: {ARCHITECTURE_TASKS[k]}: "
                                       f"how many inputs does it read, and how many outputs does it write?")
        return report(name, False, f"{k!r}: {answer[k]!r} is not one of {ARCHITECTURE_NAMES}")
    wrong = [k for k in ARCHITECTURE_TASKS if answer[k] != _ARCHITECTURE_ANSWERS[k]]
    if wrong:
        k = wrong[0]
        return report(name, False, f"{len(wrong)} of 4 wrong; look again at {k!r} "
                                   f"({ARCHITECTURE_TASKS[k]}): how many inputs, how many outputs, when?")
    return report(name, True, "; ".join(f"{k}: {_WHY[k]}" for k in ARCHITECTURE_TASKS))


def _architecture_name(value):
    """The canonical name for a spelling like "Many to one" or "encoder–decoder"; else the value."""
    if not isinstance(value, str):
        return value
    key = "".join(ch for ch in value.lower() if ch.isalnum())
    canonical = {n.replace("-", "").replace(" ", ""): n for n in ARCHITECTURE_NAMES}
    canonical["manytomany"] = "many-to-many"      # ambiguous: the checker asks which one
    return canonical.get(key, _ALIASES.get(key, value))


def _exercise_masks():
    """Masks (T, B) the learner's function is tried on: right padding, left padding, no padding."""
    right = np.array([[1, 1, 1], [1, 1, 0], [1, 1, 0], [0, 1, 0], [0, 1, 0]], dtype=float)
    return [right, right[::-1].copy(), np.ones((3, 2)), np.array([[1.0], [0.0]])]


def _last_real_step(mask):
    T = mask.shape[0]
    return T - 1 - np.argmax(mask[::-1] > 0, axis=0)


def check_last_real_step(fn) -> Feedback:
    """fn(mask (T, B)) -> (B,) integers: the index t of each column's last 1 (its last word)."""
    name = "each sequence's last real step"
    if untouched(fn):
        return not_attempted(name)
    if not callable(fn):
        return report(name, False, f"give a function of the mask, e.g. def last_real_step(mask): ...; "
                                   f"you gave {type(fn).__name__}")
    for mask in _exercise_masks():
        want = _last_real_step(mask)
        try:
            got = np.asarray(fn(mask.copy()))
        except Exception as err:   # the learner's code: report, never raise
            return report(name, False, f"your function raised {type(err).__name__}: {err}")
        if got.shape != want.shape or not np.array_equal(got, want):
            side = ("left-padded" if mask[-1].all() and not mask[0].all() else
                    "right-padded" if mask[0].all() and not mask[-1].all() else "unpadded")
            return report(name, False, f"for the {side} mask\n{mask.astype(int)}\nexpected {want.tolist()}, "
                                       f"got {got.tolist()} (the last 1 of each column, counted from 0)")
    return report(name, True, "right for right padding, left padding and no padding: "
                              "with left padding every sequence ends at step T - 1")


def check_last_value_mse(answer) -> Feedback:
    """Mean squared error of "repeat the last value" on LAST_VALUE_SERIES (a number)."""
    name = "error of repeating the last value"
    if untouched(answer):
        return not_attempted(name)
    if as_number(answer) is None:
        return report(name, False, f"give one number; you gave {answer!r}")
    x = LAST_VALUE_SERIES
    errors = x[1:] - x[:-1]
    want = float(np.mean(errors ** 2))
    if abs(answer - want) < 1e-6:
        return report(name, True, f"predictions {x[:-1].tolist()} for {x[1:].tolist()}: "
                                  f"squared errors {(errors ** 2).tolist()}, mean {want:g}")
    if abs(answer - np.mean(np.abs(errors))) < 1e-6:
        return report(name, False, "that is the mean absolute error; square each error first")
    if abs(answer - np.sum(errors ** 2)) < 1e-6:
        return report(name, False, "that is the sum; divide by the number of predictions (3)")
    if abs(answer - want / 2) < 1e-6:
        return report(name, False, "that is half the mean squared error (the 1/2 of the training loss); "
                                   "the mean squared error has no 1/2")
    if abs(answer - np.sum(errors ** 2) / x.size) < 1e-6:
        return report(name, False, f"you divided by {x.size} values, but the first value has no prediction: "
                                   "divide by the 3 predictions")
    if abs(answer - np.sqrt(want)) < 1e-6:
        return report(name, False, "that is the root of the mean squared error; do not take the square root")
    return report(name, False, f"{answer} is not it: there are 3 predictions (each value predicts the next)")
