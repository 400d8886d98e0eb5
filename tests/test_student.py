"""The student edition (`python3 course.py student`): no solution, no answer, checkers working.

Built once into a temporary folder by the real command. Then: every lesson is there with all
its cells but the solutions; no solution's code, printed line or PASS reason appears anywhere in
it; and, run top to bottom in a fresh kernel (nbclient, as a student would run it), every
exercise's checker says "not attempted yet" on the `...` placeholder, and nothing fails.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import course_utils.exercises as exercises
from tools.lessons import is_solution, lesson_paths, read
from tools.student import COPIED, leaks, solution_giveaways, student_lesson

ROOT = Path(__file__).resolve().parent.parent
LESSONS = lesson_paths()
CHECKERS = sorted(n for n in dir(exercises) if n.startswith("check_"))
CALLS_A_CHECKER = re.compile(r"\b(" + "|".join(CHECKERS) + r")\s*\(")
# No network during the build: a proxy that is not there (what honours it fails at once).
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
           "NO_PROXY": "", "no_proxy": ""}


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student") / "edition"
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "student", "--out", str(out)],
                            capture_output=True, text=True, timeout=300, cwd=ROOT,
                            env=dict(os.environ, **OFFLINE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "wrote the student edition" in result.stdout
    return out


def student(edition: Path, path: Path):
    return nbformat.read(edition / "notebooks" / path.name, as_version=4)


def test_every_lesson_and_what_runs_it_is_there(edition):
    names = sorted(p.name for p in (edition / "notebooks").glob("*.ipynb"))
    assert names == [p.name for p in LESSONS]
    for name in COPIED:
        assert (edition / name).exists(), f"the student edition lacks {name}"
    for left_out in ("tests", "tools", "benchmarks", ".ci"):
        assert not (edition / left_out).exists(), f"{left_out}/ belongs to the full course only"
    assert "Student edition" in (edition / "README.md").read_text()


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_only_the_solutions_are_gone(edition, path):
    original, mine = read(path), student(edition, path)
    kept = [c for c in original.cells if not is_solution(c)]
    assert [c.source for c in mine.cells] == [c.source for c in kept]
    assert [c.cell_type for c in mine.cells] == [c.cell_type for c in kept]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_solution_code_or_answer_survives(edition, path):
    original, mine = read(path), student(edition, path)
    assert leaks(original, mine) == []
    whole = (edition / "notebooks" / path.name).read_text(encoding="utf-8")
    for giveaway in solution_giveaways(original):
        assert json.dumps(giveaway)[1:-1] not in whole, giveaway
    assert not re.search(r"\b(PASS|FAIL): ", whole), "a checker's verdict is stored"


def test_the_giveaways_are_found():
    """The check above looks for the answers themselves, not only for the solution cells."""
    found = solution_giveaways(read(ROOT / "notebooks" / "02_rnn_equations.ipynb"))
    assert any("[-0.762, 0.462]" in g for g in found)            # exercise 1's PASS reason
    assert 'check_h1(np.tanh(e["W_hh"] @ e["h_0"] + e["W_hx"] @ e["x_1"]))' in found


def plain_text(cell) -> str:
    """What a cell shows as plain text: each output once (a checker's verdict also has an HTML
    form, which would count it twice)."""
    parts = [out.get("text", "") for out in cell.get("outputs", [])]
    parts += ["".join(out.get("data", {}).get("text/plain", "")) for out in cell.get("outputs", [])]
    return "\n".join(p for p in parts if p)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_checkers_say_not_attempted_yet(edition, path):
    """Run the student's lesson top to bottom: no error, and every checker is 'not attempted'."""
    nb = student(edition, path)
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(edition / "notebooks")}}).execute()
    checked = [c for c in nb.cells if c.cell_type == "code" and CALLS_A_CHECKER.search(c.source)]
    solutions = sum(1 for c in read(path).cells if is_solution(c))
    assert len(checked) >= solutions, f"{solutions} solutions but {len(checked)} checker cells"
    for cell in checked:
        text = plain_text(cell)
        calls = len(CALLS_A_CHECKER.findall(cell.source))
        assert text.count("not attempted yet") == calls, f"{cell.source!r} printed {text!r}"
        assert not re.search(r"^(PASS|FAIL): ", text, re.M), text


# ---------------------------------------------------------------- with made-up lessons

def _lesson(cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · A lesson")] + cells
    return nb


def _code(source, printed, solution=False):
    cell = nbformat.v4.new_code_cell(source, execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
    if solution:
        cell.metadata["tags"] = ["solution"]
        cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
    return cell


def test_a_stored_verdict_in_an_exercise_cell_is_cleared():
    nb = _lesson([_code("answer = 42\ncheck_it(answer);", "PASS: the answer: 6 x 7 = 42\n"),
                  _code("check_it(42);", "PASS: the answer: 6 x 7 = 42\n", solution=True)])
    said = []
    mine = student_lesson(nb, "01_a_lesson.ipynb", log=said.append)
    assert len(mine.cells) == 2
    assert mine.cells[1].outputs == [] and mine.cells[1].execution_count is None
    assert said and "cell 1" in said[0]


def test_an_answer_printed_elsewhere_is_a_leak():
    original = _lesson([_code("print(6 * 7)", "so the answer is 6 x 7 = 42\n"),
                        _code("x = ...\ncheck_it(x);", "the answer: not attempted yet\n"),
                        _code("check_it(6 * 7);", "PASS: the answer: 6 x 7 = 42\n", solution=True)])
    problems = leaks(original, student_lesson(read_copy(original), "x", log=lambda *_: None))
    assert problems and "cell 1" in problems[0] and "6 x 7 = 42" in problems[0]


def read_copy(nb):
    return nbformat.reads(nbformat.writes(nb), as_version=4)


def test_the_build_refuses_to_write_a_leaking_edition(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    cells = [_code("print(6 * 7)", "so the answer is 6 x 7 = 42\n"),
             _code("check_it(6 * 7);", "PASS: the answer: 6 x 7 = 42\n", solution=True)]
    nbformat.write(_lesson(cells), folder / "01_a_lesson.ipynb")
    from tools.student import build
    with pytest.raises(ValueError, match="would give answers away"):
        build(tmp_path / "edition", notebooks=folder, log=lambda *_: None)
    assert not (tmp_path / "edition").exists()
