"""The course as a static website: ``python3 course.py site [--out DIR]`` (default build/site/).

Built with Sphinx, MyST-NB and sphinx-book-theme from the STORED notebooks, which are never
executed: what a lesson printed and drew when it was last run is what the page shows. The
builder stages a Sphinx source folder (in a temporary folder) that mirrors the checkout, so that
the links the lessons and the README already use resolve unchanged:

    index.md            the home page: README's front matter, the lesson table, how to run it
    notebooks/*.ipynb   every lesson, sorted by file name, with two changes:
                          - a solution cell (tag ``solution``) waits behind "Show the solution"
                          - a widget's output, which needs a kernel, becomes a note saying how to
                            run it live (its static figure sits in a compared cell next to it)
    images/             the diagrams the lessons show
    _static/mathjax/    MathJax 3 from the django-static-mathjax package: maths renders offline
    conf.py, _static/   from tools/site_files/

The build is strict (a Sphinx warning, such as a broken link or a missing image, fails it) and
then checks that no page loads anything from another site.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from tools.lessons import (NOTEBOOKS, ROOT, WIDGET_MIME, check_conventions, is_solution,
                           lesson_paths, read, title)

OUT = ROOT / "build" / "site"
SITE_FILES = Path(__file__).resolve().parent / "site_files"
README = ROOT / "README.md"
IMAGES = ROOT / "images"

# The parts of MathJax 3's es5 build that a page can ask for: the TeX-to-HTML component, the TeX
# extensions it may autoload, its fonts, and what its menu loads on demand (accessibility).
MATHJAX_PARTS = ["tex-chtml.js", "input", "output/chtml", "ui", "a11y", "sre", "adaptors"]

SOLUTION_PROMPTS = {"code_prompt_show": "Show the solution",
                    "code_prompt_hide": "Hide the solution"}
FOOTER = ("Code under the MIT licence; lesson text and figures under CC BY 4.0. Built from the "
          "stored notebooks: run them yourself with <code>python3 course.py lab</code>.")


# ---------------------------------------------------------------- the lessons

def widget_note(lesson: str, figure: str | None) -> dict:
    """The output that stands in for a widget: what it is, where its figure is, how to run it."""
    where = {"above": "its static figure (above)", "below": "its static figure (below)",
             None: "the lesson's static figures"}[figure]
    text = ("<div class=\"widget-note\"><p><strong>Interactive widget.</strong> Its controls need "
            f"a running Python kernel, so this page shows {where} instead. To move them, run "
            "<code>python3 course.py lab</code> in the course's folder, then open "
            f"<code>my-notebooks/{html.escape(lesson)}</code> and run its cells.</p></div>")
    return nbformat.v4.new_output("display_data", data={"text/html": text})


def has_figure(cell) -> bool:
    return any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def nearest_figure(cells: list, i: int, reach: int = 3) -> str | None:
    """'above' or 'below' when a code cell within ``reach`` cells of cell ``i`` shows a figure."""
    for k in range(1, reach + 1):
        if i - k >= 0 and has_figure(cells[i - k]):
            return "above"
        if i + k < len(cells) and has_figure(cells[i + k]):
            return "below"
    return None


def prepare_lesson(nb, name: str):
    """The lesson as the website shows it (``nb`` is changed in place and returned)."""
    for i, cell in enumerate(nb.cells):
        if is_solution(cell):
            cell.metadata.setdefault("tags", []).append("hide-cell")
            cell.metadata["mystnb"] = dict(SOLUTION_PROMPTS)
        if cell.cell_type == "code":
            cell.outputs = [widget_note(name, nearest_figure(nb.cells, i))
                            if WIDGET_MIME in out.get("data", {}) else out for out in cell.outputs]
    return nb


# ---------------------------------------------------------------- the home page

def readme_sections(text: str) -> tuple[str, dict[str, str]]:
    """(the text before the first '## ' heading, {heading: section text})."""
    parts = re.split(r"^## +(.+?)\s*$", text, flags=re.M)
    return parts[0], {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def readme_descriptions(lessons_section: str) -> dict[str, str]:
    """{notebook file name: its 'what you do' cell} from the README's lesson table."""
    found = {}
    for line in lessons_section.splitlines():
        m = re.search(r"\]\(notebooks/([^)]+\.ipynb)\)", line)
        if line.startswith("|") and m:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            found[m.group(1)] = cells[-1]
    return found


def home_page(readme: str, lessons: list[tuple[str, str]]) -> str:
    """index.md: the README's front matter, a row per lesson (every notebook), how to run it.

    ``lessons`` is [(file name, title)] in reading order. A lesson the README's table does not
    list yet still gets its row, with its title and no description.
    """
    preface, sections = readme_sections(readme)
    preface = "\n".join(ln for ln in preface.splitlines() if not ln.startswith("[!["))   # badges
    lesson_text = sections.get("Lessons", "")
    described = readme_descriptions(lesson_text)
    rows = ["| lesson | what you do |", "|---|---|"]
    rows += [f"| [{t}](notebooks/{f}) | {described.get(f, '')} |" for f, t in lessons]
    after_table = "\n".join(ln for ln in lesson_text.splitlines() if not ln.startswith("|"))
    quick = sections.get("Quick start", "")
    fence = [m.end() for m in re.finditer(r"^```\s*$", quick, flags=re.M)]
    run_it = quick[:fence[0]] if fence else quick
    toctree = "\n".join(f"notebooks/{Path(f).stem}" for f, _ in lessons)
    return (f"{preface.strip()}\n\n## Lessons\n\n" + "\n".join(rows) + "\n\n"
            f"{after_table.strip()}\n\n## Run the course yourself\n\n{run_it.strip()}\n\n"
            "The repository's README has the rest: pip, conda and Binder, the tests, and notes "
            "for instructors.\n\n"
            f"```{{toctree}}\n:hidden:\n:maxdepth: 2\n\n{toctree}\n```\n")


def course_title(readme: str) -> str:
    m = re.search(r"^# +(.+?)\s*$", readme, flags=re.M)
    return m.group(1) if m else "Recurrent Neural Networks"


# ---------------------------------------------------------------- staging and building

def mathjax_root() -> Path:
    """MathJax 3's es5 folder, as the django-static-mathjax package installs it."""
    import mathjax   # django-static-mathjax: MathJax's files, no Django needed
    root = Path(mathjax.__file__).resolve().parent / "static" / "mathjax" / "es5"
    if not (root / "tex-chtml.js").is_file():
        raise FileNotFoundError(f"MathJax's tex-chtml.js not found in {root}")
    return root


def copy_mathjax(dest: Path) -> None:
    root = mathjax_root()
    for part in MATHJAX_PARTS:
        src = root / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / part)
    licence = root.parent / "LICENSE"
    if licence.is_file():
        shutil.copy2(licence, dest / "LICENSE")


def stage(src: Path, notebooks: Path = NOTEBOOKS) -> list[tuple[str, str]]:
    """Write the Sphinx source folder; return [(lesson file name, title)] in reading order."""
    paths = lesson_paths(notebooks)
    check_conventions(paths)
    (src / "notebooks").mkdir(parents=True)
    lessons = []
    for path in paths:
        nb = read(path)
        lessons.append((path.name, title(nb, path.name)))
        nbformat.write(prepare_lesson(nb, path.name), src / "notebooks" / path.name)
    if IMAGES.is_dir():
        shutil.copytree(IMAGES, src / "images")
    readme = README.read_text(encoding="utf-8")
    (src / "index.md").write_text(home_page(readme, lessons), encoding="utf-8")
    full = course_title(readme)
    (src / "course.json").write_text(json.dumps(
        {"title": full, "short_title": full.split(",")[0], "footer": FOOTER}), encoding="utf-8")
    shutil.copy2(SITE_FILES / "conf.py", src / "conf.py")
    shutil.copytree(SITE_FILES / "_static", src / "_static")
    copy_mathjax(src / "_static" / "mathjax")
    return lessons


def clear_output_folder(out: Path) -> None:
    """Remove a previous build; refuse to empty a folder that is not one."""
    if out.exists():
        if any(out.iterdir()) and not (out / ".buildinfo").is_file():
            raise FileExistsError(f"{out} exists and is not a website built here: choose an "
                                  "empty or new folder with --out")
        shutil.rmtree(out)


_REMOTE = re.compile(r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*?"""
                     r"""\b(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)""", re.I)
_REMOTE_CSS = re.compile(r"""url\(\s*["']?((?:https?:)?//[^)"']+)""")


def remote_assets(site: Path) -> list[str]:
    """Every page's reference to a script, style, image or frame on another site."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for m in _REMOTE.finditer(page.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{page.relative_to(site)}: {m.group(1)}")
    for css in sorted(site.rglob("*.css")):
        for m in _REMOTE_CSS.finditer(css.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{css.relative_to(site)}: {m.group(1)}")
    return found


def build(out: Path = OUT, notebooks: Path = NOTEBOOKS, quiet: bool = True) -> Path:
    """Build the website into ``out`` (replaced); return the path of its home page."""
    from sphinx.cmd.build import build_main
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="course-site-") as tmp:
        # Everything Sphinx and MyST-NB write goes to the temporary folder (MyST-NB puts the
        # outputs it extracts beside the html folder); only a finished, checked site is moved out.
        src, doctrees, html_dir = Path(tmp) / "source", Path(tmp) / "doctrees", Path(tmp) / "html"
        stage(src, notebooks)
        args = ["-b", "html", "-W", "--keep-going", "-E", "-d", str(doctrees)]
        code = build_main((["-q"] if quiet else []) + args + [str(src), str(html_dir)])
        if code:
            raise RuntimeError(f"Sphinx failed (exit status {code}): see its messages above")
        remote = remote_assets(html_dir)
        if remote:
            raise RuntimeError("pages load files from other sites (the website must work "
                               "offline):\n  " + "\n  ".join(remote))
        (html_dir / ".nojekyll").touch()   # GitHub Pages: serve _static/ and _images/ as they are
        sources = html_dir / "_sources"     # left empty: the pages' sources are not published
        if sources.is_dir() and not any(sources.iterdir()):
            sources.rmdir()
        clear_output_folder(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(html_dir, out)
    return out / "index.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="course.py site",
        description="Build the course's website from the stored notebooks (never executed).")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the site "
                        f"(default: {OUT.relative_to(ROOT)}/, replaced on every build)")
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's progress")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        index = build(args.out, quiet=not args.verbose)
    except (ValueError, OSError, RuntimeError) as err:
        print(f"course: site: {err}", file=sys.stderr)
        return 1
    shown = index.parent.relative_to(ROOT) if index.is_relative_to(ROOT) else index.parent
    print(f"course: wrote the website to {shown}/ in {time.perf_counter() - start:.0f} s "
          f"(open {index.name} there, or serve the folder: "
          f"python3 -m http.server -d {shown})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
