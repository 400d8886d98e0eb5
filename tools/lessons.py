"""The lessons as the website and the student edition see them: the stored notebooks.

Every notebook in notebooks/ is a lesson, in the order of the file names; its title is its first
heading. A solution is a code cell tagged ``solution`` (CONVENTIONS: the tag, plus
``jupyter.source_hidden`` and ``jupyter.outputs_hidden`` so JupyterLab shows it collapsed).
``convention_problems`` finds a cell that looks like a solution but is not tagged as one, so
that neither tool can publish an answer because a tag was forgotten.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOLUTION_TAG = "solution"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.M)
_SOLUTION_COMMENT = re.compile(r"^\s*#\s*solution\b", re.I)


class ConventionError(ValueError):
    """A lesson breaks the course's conventions (CONVENTIONS.md) in a way the tools rely on."""


def lesson_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """Every lesson, in reading order (sorted file names)."""
    paths = sorted(Path(folder).glob("*.ipynb"))
    if not paths:
        raise ConventionError(f"no notebooks in {folder}")
    return paths


def read(path: Path):
    return nbformat.read(Path(path), as_version=4)


def title(nb, name: str = "notebook") -> str:
    """The text of the first Markdown heading (what the sidebar and the lesson table show)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = _HEADING.search(cell.source)
            if m:
                return m.group(1).strip()
    raise ConventionError(f"{name}: no Markdown heading to take the lesson's title from")


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def is_solution(cell) -> bool:
    return SOLUTION_TAG in tags(cell)


def convention_problems(nb, name: str = "notebook") -> list[str]:
    """How the solution cells of ``nb`` break the convention (empty when they follow it)."""
    problems = []
    for i, cell in enumerate(nb.cells):
        hidden = cell.get("metadata", {}).get("jupyter", {})
        where = f"{name}, cell {i} ({cell.get('id', 'no id')})"
        if is_solution(cell):
            if cell.cell_type != "code":
                problems.append(f"{where}: tagged '{SOLUTION_TAG}' but is a {cell.cell_type} cell")
            if not (hidden.get("source_hidden") and hidden.get("outputs_hidden")):
                problems.append(f"{where}: tagged '{SOLUTION_TAG}' but not collapsed: add "
                                '"jupyter": {"source_hidden": true, "outputs_hidden": true}')
        elif hidden.get("source_hidden"):
            problems.append(f"{where}: its source is hidden like a solution's, but it lacks the "
                            f"tag '{SOLUTION_TAG}' (tag it, or show its source)")
        elif cell.cell_type == "code" and _SOLUTION_COMMENT.match(cell.source):
            problems.append(f"{where}: starts with '# Solution' but lacks the tag '{SOLUTION_TAG}'")
    return problems


def check_conventions(paths: list[Path]) -> None:
    """Raise ConventionError listing every problem in ``paths``; silent when there is none."""
    problems = []
    for path in paths:
        problems += convention_problems(read(path), Path(path).name)
    if problems:
        raise ConventionError("solution cells do not follow CONVENTIONS.md (tag 'solution', "
                              "source and outputs hidden):\n  " + "\n  ".join(problems))
