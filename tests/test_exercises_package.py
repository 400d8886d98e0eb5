"""The exercises package: every lesson's checkers reachable from one import, each answering with a
Feedback that Jupyter displays (PASS or FAIL with the reason) and that is truthy only on PASS."""
import importlib
import inspect
import pkgutil
from collections import Counter

import pytest
from IPython.core.formatters import PlainTextFormatter

import course_utils.exercises as ex
from course_utils.exercises.feedback import NOT_ATTEMPTED, Feedback, not_attempted, report

LESSONS = sorted(f"course_utils.exercises.{info.name}" for info in pkgutil.iter_modules(ex.__path__)
                 if info.name.startswith("lesson"))


def _checkers(mod):
    """The check_* functions a lesson module defines (not the ones it imports)."""
    m = importlib.import_module(mod)
    return {name: fn for name, fn in inspect.getmembers(m, inspect.isfunction)
            if name.startswith("check_") and fn.__module__ == mod}


def test_no_two_lessons_export_the_same_name():
    names = Counter(n for mod in LESSONS for n in importlib.import_module(mod).__all__)
    clashes = sorted(n for n, c in names.items() if c > 1)
    assert not clashes, f"exported by more than one lesson (the later one silently wins): {clashes}"


@pytest.mark.parametrize("mod", LESSONS)
def test_every_checker_a_lesson_defines_is_exported_and_not_shadowed(mod):
    m = importlib.import_module(mod)
    assert _checkers(mod), f"{mod} defines no checker"
    for name, fn in _checkers(mod).items():
        assert name in m.__all__, f"{mod}.{name} is missing from __all__"
    for name in m.__all__:
        assert getattr(ex, name) is getattr(m, name), f"{name} of {mod} is shadowed in the package"


@pytest.mark.parametrize("mod", LESSONS)
def test_every_checker_answers_the_placeholder_with_feedback(mod, feedback):
    for name, check in _checkers(mod).items():
        n_answers = len(inspect.signature(check).parameters)
        ok, text = feedback(check, *[...] * n_answers)
        assert ok is False and NOT_ATTEMPTED in text and "FAIL" not in text, name


# ---------------------------------------------------------------- how a Feedback shows itself

def test_feedback_is_truthy_only_on_pass():
    assert report("x", True, "why") and not report("x", False, "why")
    assert not not_attempted("x")


def test_feedback_shows_the_verdict_and_the_reason_as_text():
    fb = report("h_1 by hand", False, "apply f = tanh")
    assert str(fb) == repr(fb) == "FAIL: h_1 by hand: apply f = tanh"
    assert PlainTextFormatter()(fb) == str(fb)            # what Jupyter stores as text/plain
    assert str(not_attempted("h_1 by hand", "replace the ...")) == \
        "h_1 by hand: not attempted yet (replace the ...)"


def test_feedback_html_colours_the_verdict_and_escapes_the_answer():
    page = report("shape", False, "you gave '<b>'")._repr_html_()
    assert "FAIL</b>" in page and "&lt;b&gt;" in page and "<b>'" not in page
    assert "#009E73" in report("shape", True, "ok")._repr_html_()
    assert "white-space: pre-wrap" in page                   # a reason's line breaks are kept


def test_feedback_refuses_an_unknown_verdict():
    with pytest.raises(ValueError, match="verdict must be one of"):
        Feedback("x", "MAYBE", "why")


def test_call_learner_returns_the_answer_or_the_feedback_to_give():
    from course_utils.exercises.feedback import call_learner
    assert call_learner("sum", lambda a, b: a + b, 2, 3) == (5, None)
    got, feedback = call_learner("sum", lambda a, b: a / b, 1, 0)
    assert got is None and not feedback and "your function raised ZeroDivisionError" in str(feedback)
    got, feedback = call_learner("sum", lambda: ..., placeholder="replace every ...")
    assert got is None and "not attempted yet" in str(feedback) and "replace every ..." in str(feedback)
