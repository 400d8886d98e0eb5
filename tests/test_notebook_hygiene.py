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


def _notebook_printing(tmp_path, text: str) -> Path:
    import nbformat
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(path)", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    nb.cells = [cell]
    path = tmp_path / "printed.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("text", [
    "/home/ana/rnn-course/notebooks\n",
    "saved to /Users/ana/rnn-course/images/x.png\n",                 # macOS home
    "/var/folders/7x/k2_abc/T/tmpq1w2e3\n",                          # macOS temporary folder
    "C:\\Users\\ana\\rnn-course\\notebooks\n",                        # Windows, printed
    "WindowsPath('C:\\\\Users\\\\ana\\\\course')\n",  # Windows, in a repr
    "c:/Users/ana/course\n",
])
def test_absolute_paths_are_found(tmp_path, text):
    problems = hygiene_problems(_notebook_printing(tmp_path, text))
    assert any("absolute path" in p for p in problems), text


@pytest.mark.parametrize("text", ["shape (16, 10)\n", "see images/cliff.png\n",
                                  "Users/ana\n", "ratio 3:1, Users vary\n"])
def test_relative_text_is_not_an_absolute_path(tmp_path, text):
    assert hygiene_problems(_notebook_printing(tmp_path, text)) == []
