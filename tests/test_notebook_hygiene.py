"""Every stored lesson is one clean top-to-bottom run: counts 1..n, no errors, no warnings."""
from pathlib import Path

import pytest

from tools.notebook_tools import hygiene_problems

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_lessons():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_are_one_clean_run(path):
    problems = hygiene_problems(path)
    assert not problems, f"{path.name}: re-execute with `python3 course.py execute {path.name}`:\n" \
        + "\n".join(problems)
