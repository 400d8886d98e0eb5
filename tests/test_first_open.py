"""A lesson's first open in JupyterLab looks right, before the learner runs anything.

Each lesson is copied the way `course.py lab` copies it and opened in JupyterLab in headless
Chromium with the learner's settings. Then, with nothing run:
- the lesson's tab shows no "unsaved changes" mark, and no pop-up asks about news;
- every widget cell shows the invitation to run it, not a widget's text form (which lesson 00
  names as the sign of a missing widget extension);
- one exercise per lesson: its solution's code and output are both collapsed, so the screenshot
  of the exercise and the solution shows no answer; opening the solution shows its code.
Screenshots go to test-artifacts/first-open/ (git-ignored), for a person to look at.

Runs with `python3 course.py test -m browser`; skips without Chromium, unless
COURSE_REQUIRE_BROWSER=1 (set by .ci/run).
"""
from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest

from tools import browser_session as bs
from tools.lessons import is_solution
from tools.notebook_tools import WIDGET_INVITATION

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "first-open"
LESSONS = sorted(bs.NOTEBOOKS.glob("*.ipynb"))
SETTLE_S = 2.0     # after the kernel is idle: JupyterLab writes the kernel's metadata, toasts show


@pytest.fixture(scope="module")
def app():
    """One JupyterLab and one page for all lessons: each lesson is opened and closed in it."""
    bs.require_browser("first-open browser test")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with bs.LabServer() as server, bs.Chromium() as chromium:
        page = chromium.new_page(1280, 900)
        page.goto(f"{server.url}/lab?reset", timeout=120_000)
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.commands.hasCommand('docmanager:open')",
                               timeout=120_000)
        page.evaluate("() => window.jupyterapp.started")
        try:
            yield page
        finally:
            page.context.close()
            server.shutdown_kernels()


def open_lesson(page, name: str, timeout_s=120) -> None:
    """Open as a learner does (a double click runs the same command), kernel started and idle."""
    page.evaluate("""async (path) => {
        const panel = await window.jupyterapp.commands.execute('docmanager:open', {path});
        await panel.context.ready;
        await panel.sessionContext.ready;
    }""", f"notebooks/{name}")
    page.wait_for_function("""() => {
        const s = window.jupyterapp.shell.currentWidget.sessionContext.session;
        return s && s.kernel && s.kernel.status === 'idle';
    }""", timeout=timeout_s * 1000)


def close_lesson(page) -> None:
    """Stop the lesson's kernel and close its tab without saving (a dirty tab would ask)."""
    page.evaluate("""async () => {
        const panel = window.jupyterapp.shell.currentWidget;
        await panel.sessionContext.shutdown();
        panel.context.model.dirty = false;
        panel.dispose();
    }""")


def stored_cells(path: Path):
    return nbformat.read(path, as_version=4).cells


def widget_cells(cells) -> list[int]:
    return [i for i, c in enumerate(cells)
            if any(bs.WIDGET_MIME in o.get("data", {}) for o in c.get("outputs", []))]


def first_solution(cells) -> int | None:
    return next((i for i, c in enumerate(cells) if is_solution(c)), None)


@pytest.mark.browser
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_lesson_opens_untouched(app, path):
    page, cells = app, stored_cells(path)
    open_lesson(page, path.name)
    try:
        time.sleep(SETTLE_S)
        page.screenshot(path=str(SHOTS / f"{path.stem}-opened.png"))
        dirty = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty")
        marked = page.locator("#jp-main-dock-panel .jp-mod-dirty").count()
        assert not dirty and not marked, \
            f"{path.name}: the untouched lesson shows the unsaved-changes mark on opening"
        toasts = page.locator(".Toastify__toast").all_inner_texts()
        assert not toasts, f"{path.name}: a pop-up shows on opening: {toasts}"
        dom = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell")
        assert dom.count() == len(cells), "every cell is attached to the page (no windowing)"
        for i in widget_cells(cells):
            check_invitation(dom.nth(i), f"{path.name} cell {i}", SHOTS / f"{path.stem}-widget{i}.png")
        i = first_solution(cells)
        if i is not None:
            check_solution_hidden(dom.nth(i - 1), dom.nth(i), cells[i],
                                  f"{path.name} cell {i}", SHOTS / path.stem)
    finally:
        close_lesson(page)


def check_invitation(cell, what: str, shot: Path) -> None:
    cell.scroll_into_view_if_needed()
    text = cell.locator(".jp-OutputArea").inner_text()
    cell.screenshot(path=str(shot))
    assert WIDGET_INVITATION.split(":")[0] in text, f"{what}: the unrun widget shows {text!r}"
    assert not bs.WIDGET_AS_TEXT.search(text), f"{what}: the unrun widget shows its text form {text!r}"


def check_solution_hidden(exercise, solution, stored, what: str, shot: Path) -> None:
    """Collapsed code and output: no line of the solution and none of its output is shown."""
    solution.scroll_into_view_if_needed()
    exercise.screenshot(path=f"{shot}-exercise.png")
    solution.screenshot(path=f"{shot}-solution-closed.png")
    shown = solution.inner_text()
    code_lines = [ln.strip() for ln in stored.source.splitlines()
                  if len(ln.strip()) > 8 and not ln.strip().startswith("#")]   # the placeholder shows a first comment
    assert code_lines, f"{what}: the solution has no code"
    assert not any(ln in shown for ln in code_lines), f"{what}: solution code visible: {shown!r}"
    assert "PASS" not in shown, f"{what}: the solution's verdict is visible: {shown!r}"
    assert solution.locator(".jp-InputPlaceholder").count() == 1, f"{what}: code not collapsed"
    assert solution.locator(".jp-OutputPlaceholder").count() == 1, f"{what}: output not collapsed"
    solution.locator(".jp-InputPlaceholder").click()
    solution.locator(".jp-OutputPlaceholder").click()
    solution.locator(".jp-OutputArea").first.wait_for(timeout=10_000)
    solution.screenshot(path=f"{shot}-solution-open.png")
    shown = solution.inner_text()
    assert any(ln in shown for ln in code_lines), f"{what}: opening did not show the code: {shown!r}"
