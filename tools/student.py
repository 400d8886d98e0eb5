"""The student edition: ``python3 course.py student [--out DIR]`` (default build/student/).

A copy of the course that an instructor hands out: every lesson without its solution cells
(the code cells tagged ``solution``, and so the answers they print), everything else as stored,
and what a student needs to run it (course.py, course_utils/, images/, the lock). Exercises and
their checkers stay: run on the ``...`` placeholder, each checker says "not attempted yet".
The tests, benchmarks and these tools stay in the full course.

The build refuses to write an edition that could give an answer away:
- a cell that looks like a solution but lacks the tag (tools.lessons.convention_problems);
- a checker's stored verdict ("PASS: ..." or "FAIL: ...", as course_utils.exercises prints
  them) in a cell that is kept: that cell's outputs are cleared (as if never run), and said so;
- a line a solution printed, or the reason its PASS gave, found anywhere else in the edition.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat

from tools.lessons import NOTEBOOKS, ROOT, check_conventions, is_solution, lesson_paths, read

OUT = ROOT / "build" / "student"
# What a student's copy holds besides the lessons (paths relative to the checkout).
COPIED = ["course.py", "README.md", "LICENSE", "pyproject.toml", "requirements-lock.txt",
          "environment.yml", ".gitignore", "course_utils", "images"]
BANNER = ("> **Student edition.** The lessons here leave out the worked solutions. Every exercise "
          "still checks your answer as soon as you run its cell: it says PASS or FAIL with the "
          "reason, and \"not attempted yet\" until you replace the `...` placeholder.\n")
# How course_utils.exercises reports a checked answer (see its _feedback.report).
VERDICT = re.compile(r"^(PASS|FAIL): ", re.M)
# The part of a PASS line that states the answer: "PASS: <exercise>: <reason>".
PASS_REASON = re.compile(r"^PASS: [^:\n]+: (.+)$", re.M)


def output_text(cell) -> str:
    """Everything a code cell's stored outputs show as text (streams, plain text, HTML)."""
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        data = out.get("data", {})
        for mime in ("text/plain", "text/html", "text/markdown", "text/latex"):
            value = data.get(mime, "")
            parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(p for p in parts if p)


def solution_giveaways(nb) -> list[str]:
    """Texts that state a solution's answer: the code lines and output lines of the solutions,
    and the reason each PASS gives. None of them may appear in the student edition."""
    found = []
    question = "\n".join(c.source for c in nb.cells if not is_solution(c))
    for cell in nb.cells:
        if not is_solution(cell):
            continue
        for line in cell.source.splitlines():
            line = line.strip()
            # Comments are explanations; a short line (`e = X`) or one the question itself holds
            # (a call of the checker the exercise cell makes too) gives nothing away.
            if len(line) >= 12 and not line.startswith("#") and line not in question:
                found.append(line)
        text = output_text(cell)
        found += [ln.strip() for ln in text.splitlines() if len(ln.strip()) >= 12]
        found += [m.group(1).strip() for m in PASS_REASON.finditer(text)]
    return list(dict.fromkeys(found))


def student_lesson(nb, name: str, log=print):
    """The lesson without its solutions (``nb`` is changed in place and returned)."""
    nb.cells = [c for c in nb.cells if not is_solution(c)]
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and VERDICT.search(output_text(cell)):
            cell.outputs, cell.execution_count = [], None
            log(f"course: student: {name}, cell {i}: cleared its stored output (a checked answer)")
    return nb


def leaks(original, student) -> list[str]:
    """Where ``student`` still shows a solution of ``original`` (empty when nowhere)."""
    problems, giveaways = [], solution_giveaways(original)
    for i, cell in enumerate(student.cells):
        hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden")
        if is_solution(cell) or hidden:
            problems.append(f"cell {i} is a solution cell")
        text = cell.source + "\n" + output_text(cell)
        for m in VERDICT.finditer(output_text(cell)):
            problems.append(f"cell {i} shows a checker's verdict ({m.group(1)})")
        for giveaway in giveaways:
            if giveaway in text:
                problems.append(f"cell {i} shows a solution's {giveaway!r}")
    return problems


def write_copy(out: Path) -> None:
    """The files a student's copy needs besides the lessons."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, out / name, ignore=ignore)
        elif src.is_file():
            shutil.copy2(src, out / name)
    readme = out / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        head, sep, rest = text.partition("\n")   # the banner goes right under the title
        readme.write_text(f"{head}{sep}\n{BANNER}{rest}", encoding="utf-8")


def clear_output_folder(out: Path) -> None:
    """Remove a previous edition; refuse to empty a folder that is not one."""
    if out.exists():
        if any(out.iterdir()) and not (out / "notebooks").is_dir():
            raise FileExistsError(f"{out} exists and is not a student edition: choose an empty "
                                  "or new folder with --out")
        shutil.rmtree(out)


def build(out: Path = OUT, notebooks: Path = NOTEBOOKS, log=print) -> list[Path]:
    """Write the student edition to ``out`` (replaced); return the paths of its lessons."""
    out = Path(out).resolve()
    paths = lesson_paths(notebooks)
    check_conventions(paths)
    lessons, problems = [], []
    for path in paths:
        student = student_lesson(read(path), path.name, log)
        problems += [f"{path.name}: {p}" for p in leaks(read(path), student)]
        lessons.append((path.name, student))
    if problems:
        raise ValueError("the student edition would give answers away:\n  " + "\n  ".join(problems))
    clear_output_folder(out)
    (out / "notebooks").mkdir(parents=True)
    write_copy(out)
    written = []
    for name, nb in lessons:
        nbformat.write(nb, out / "notebooks" / name)
        written.append(out / "notebooks" / name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="course.py student",
        description="Write the student edition: the course without its solutions.")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the edition "
                        f"(default: {OUT.relative_to(ROOT)}/, replaced on every build)")
    args = parser.parse_args(argv)
    try:
        written = build(args.out)
    except (ValueError, OSError) as err:
        print(f"course: student: {err}", file=sys.stderr)
        return 1
    folder = written[0].parent.parent
    shown = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
    print(f"course: wrote the student edition to {shown}/: {len(written)} lessons without their "
          "solutions, and what runs them (python3 course.py lab there)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
