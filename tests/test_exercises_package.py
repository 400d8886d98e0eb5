"""The exercises package re-exports every lesson's names: no two lessons may export the same name."""
import importlib
from collections import Counter

import pytest

LESSONS = [f"course_utils.exercises.lesson0{i}" for i in range(8)]


def test_no_two_lessons_export_the_same_name():
    names = Counter(n for mod in LESSONS for n in importlib.import_module(mod).__all__)
    clashes = sorted(n for n, c in names.items() if c > 1)
    assert not clashes, f"exported by more than one lesson (the later one silently wins): {clashes}"


@pytest.mark.parametrize("mod", LESSONS)
def test_every_exported_name_exists_and_checkers_are_reachable(mod):
    import course_utils.exercises as ex
    m = importlib.import_module(mod)
    for name in m.__all__:
        assert getattr(ex, name) is getattr(m, name), f"{name} of {mod} is shadowed in the package"
