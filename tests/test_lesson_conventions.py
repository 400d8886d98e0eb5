"""Solution cells follow CONVENTIONS.md, so the website and the student edition can find them.

A solution is a code cell tagged `solution` with `jupyter.source_hidden` and
`jupyter.outputs_hidden` (collapsed in JupyterLab). A cell that hides its source like a solution
but lacks the tag would be published by both tools as an ordinary cell: they refuse to build.
"""
from __future__ import annotations

import nbformat
import pytest

from tools.lessons import (ConventionError, check_conventions, convention_problems, is_solution,
                           lesson_paths, read, title)
from tools import student, website

LESSONS = lesson_paths()


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_solutions_follow_the_convention(path):
    assert convention_problems(read(path), path.name) == []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_has_a_title(path):
    assert title(read(path), path.name)


def test_the_lessons_have_solutions():
    """23 when the tag was introduced; lessons only gain exercises."""
    count = sum(1 for p in LESSONS for c in read(p).cells if is_solution(c))
    assert count >= 23


def _lesson(folder, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · A lesson")] + cells
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / "01_a_lesson.ipynb")
    return folder


def _code(source, tags=(), **jupyter):
    cell = nbformat.v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    if jupyter:
        cell.metadata["jupyter"] = jupyter
    return cell


HIDDEN = {"source_hidden": True, "outputs_hidden": True}


@pytest.mark.parametrize("cell, expected", [
    (_code("check(42)", **HIDDEN), "lacks the tag 'solution'"),                     # untagged
    (_code("# Solution\ncheck(42)"), "starts with '# Solution'"),                    # untagged
    (_code("check(42)", tags=["solution"]), "not collapsed"),                        # not hidden
    (_code("check(42)", tags=["solution"], source_hidden=True), "not collapsed"),    # output shown
])
def test_a_cell_that_breaks_the_convention_is_named(cell, expected):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# x"), cell]
    problems = convention_problems(nb, "x.ipynb")
    assert len(problems) == 1 and expected in problems[0] and "x.ipynb, cell 1" in problems[0]


def test_a_tagged_collapsed_solution_is_fine():
    nb = nbformat.v4.new_notebook()
    nb.cells = [_code("check(42)", tags=["solution"], **HIDDEN)]
    assert convention_problems(nb) == []


def test_both_tools_refuse_an_untagged_hidden_cell(tmp_path):
    folder = _lesson(tmp_path / "notebooks", [_code("x = ...\ncheck(x)"),
                                               _code("check(42)", **HIDDEN)])
    with pytest.raises(ConventionError, match="lacks the tag 'solution'"):
        check_conventions(lesson_paths(folder))
    with pytest.raises(ConventionError, match="01_a_lesson.ipynb, cell 2"):
        student.build(tmp_path / "student", notebooks=folder, log=lambda *_: None)
    with pytest.raises(ConventionError, match="lacks the tag 'solution'"):
        website.stage(tmp_path / "source", notebooks=folder)
    assert not (tmp_path / "student").exists()


def test_a_lesson_without_a_heading_is_refused(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("no heading here")]
    with pytest.raises(ConventionError, match="no Markdown heading"):
        title(nb, "x.ipynb")
