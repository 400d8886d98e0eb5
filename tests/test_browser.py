"""The lessons' widgets, used the way a learner uses them: JupyterLab in a real browser.

For every lesson that has a widget: open a copy in JupyterLab, Run > Run All Cells, check that
no cell shows an error and no widget is shown as text, then move each widget with the keyboard
(or pick from its menu, and type into its text box) and check that its picture changed and its
readout shows the new value. For the
explorer of lesson 06, also set its controls and read its verdict. Before/after pictures of every
widget go to test-artifacts/ (git-ignored), for a person to look at what the test saw.

Runs with `python3 course.py test -m browser`. Needs Debian's Chromium (/usr/bin/chromium) and
the playwright package (in requirements-lock.txt); without them the test skips, unless
COURSE_REQUIRE_BROWSER=1 (set by .ci/run), which turns the skip into a failure.
"""
from __future__ import annotations

import math
import os
import re
import shutil
import statistics
from pathlib import Path

import nbformat
import pytest

from tools import browser_session as bs

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
WIDGET_IMPORT = re.compile(r"from\s+course_utils\.widgets(?:\.\w+)?\s+import\s+(\([^)]*\)|[^\n#]+)")
LATENCY_GOAL_MS = 100.0
PRESSES_PER_SLIDER = 5       # one checked press, then more for the latency median


def has_widgets(path: Path) -> bool:
    """A stored widget view, or a cell tagged nbval-ignore-output that calls a course widget."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    if any(bs.WIDGET_MIME in out.get("data", {}) for c in code for out in c.get("outputs", [])):
        return True
    names = {n.strip() for c in code for m in WIDGET_IMPORT.finditer(c.source)
             for n in m.group(1).strip("()").split(",") if n.strip()}
    tagged = [c.source for c in code if "nbval-ignore-output" in c.metadata.get("tags", [])]
    return any(re.search(rf"\b{re.escape(n)}\s*\(", src) for src in tagged for n in names)


WIDGET_LESSONS = [p for p in sorted(bs.NOTEBOOKS.glob("*.ipynb")) if has_widgets(p)]


def test_widget_lessons_are_found():
    """The detection above finds lesson 00's slider (and lesson 06's explorer once it exists)."""
    names = [p.name for p in WIDGET_LESSONS]
    assert "00_start_here.ipynb" in names
    if (bs.NOTEBOOKS / bs.EXPLORER_NOTEBOOK).exists():
        assert bs.EXPLORER_NOTEBOOK in names


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def lab():
    """One JupyterLab server and one browser for the whole module."""
    bs.require_browser("browser test")
    with bs.LabServer() as server, bs.Chromium() as chromium:
        yield server, chromium


@pytest.fixture(scope="module")
def latencies(request):
    """Key press (or click, or menu pick) -> changed picture, in ms, per widget; the medians
    are printed at the end with the machine's load average."""
    found: dict[str, list[float]] = {}
    yield found
    allms = [t for ts in found.values() for t in ts]
    if not allms:
        return
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    lines = [f"browser: key press (click, menu pick) -> changed picture, median "
             f"{statistics.median(allms):.0f} ms over {len(allms)} changes (goal <= "
             f"{LATENCY_GOAL_MS:.0f} ms; printed, not asserted); load average {load} on "
             f"{os.cpu_count()} cores (a busy machine adds its wait to every figure)"]
    lines += [f"browser:   {name}: median {statistics.median(ts):.0f} ms, range "
              f"{min(ts):.0f}-{max(ts):.0f} ms over {len(ts)} changes" for name, ts in found.items()]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "browser-latency.txt").write_text("\n".join(lines) + "\n")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        print("\n".join(lines))
        return
    with capture.global_and_fixture_disabled():   # shown in the run's log, not only on failure
        reporter.ensure_newline()
        for line in lines:
            reporter.write_line(line)


# ---------------------------------------------------------------- the test

@pytest.mark.browser
@pytest.mark.parametrize("path", WIDGET_LESSONS, ids=lambda p: p.stem)
def test_widgets_work_in_jupyterlab(lab, latencies, path):
    server, chromium = lab
    shots = ARTIFACTS / path.stem
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    with bs.NotebookPage(server, chromium, path.name) as nb:
        nb.open()
        nb.run_all()
        errors = nb.error_outputs()
        assert not errors, f"{path.name}: a cell shows an error after Run All:\n" + "\n".join(errors)
        as_text = nb.widgets_shown_as_text()
        assert not as_text, (f"{path.name}: widgets shown as text (is the ipywidgets extension "
                             f"missing from JupyterLab?): {as_text}")
        areas = nb.widget_areas()
        n = areas.count()
        assert n > 0, f"{path.name}: no widget drawn after Run All"
        for i in range(n):
            times = exercise_widget(areas.nth(i), shots / f"widget{i + 1}", f"{path.name} widget {i + 1}")
            if times:
                latencies[f"{path.stem} widget {i + 1}"] = times
        if path.name == bs.EXPLORER_NOTEBOOK:
            check_explorer_regimes(nb, shots)


def exercise_widget(area, shot: Path, what: str) -> list[float]:
    """Move the widget's first slider (or pick other entries of its first menu, then type one
    into its text box); check the readout and that the picture changed. Returns the timed
    changes (ms)."""
    area.scroll_into_view_if_needed()
    try:
        area.locator(bs.PICTURE).first.wait_for(timeout=30_000)
    except Exception:   # playwright's TimeoutError
        pytest.fail(f"{what}: no picture in the widget's output after 30 s")
    area.screenshot(path=f"{shot}-before.png")
    before = bs.image_sources(area)
    sliders = area.locator(".widget-slider")
    if sliders.count():
        times = move_slider(area, sliders.first, what)
    else:
        times = pick_other_menu_entries(area, what)
        times += type_a_menu_entry(area, what)
    after = bs.image_sources(area)
    area.screenshot(path=f"{shot}-after.png")
    assert after and after != before, f"{what}: the picture did not change"
    return times


def move_slider(area, slider, what: str) -> list[float]:
    """ArrowRight on the slider's handle (ArrowLeft at the top of its range).

    A widget whose button applies the slider (train N more steps) gets the button clicked, and
    the clicks are timed; a widget without a button must redraw on the key press alone, and
    those presses are timed.
    """
    handle = slider.locator(".noUi-handle")
    readout = slider.locator(".widget-readout")
    old_value, low, high = slider_state(handle)
    old_text = readout.inner_text()
    key = "ArrowLeft" if old_value >= high else "ArrowRight"
    buttons = area.locator(".widget-button")
    if buttons.count():
        handle.press(key)
        check_readout(handle, readout, old_value, old_text, what)
        label = buttons.first.inner_text()
        return [bs.act_and_time(area, buttons.first.click, f"{what}: clicking {label!r}", 120)
                for _ in range(PRESSES_PER_SLIDER)]
    times = [bs.press_and_time(area, handle, key)]      # AssertionError if no new picture
    check_readout(handle, readout, old_value, old_text, what)
    for _ in range(PRESSES_PER_SLIDER - 1):
        value, low, high = slider_state(handle)
        if value >= high or value <= low:
            key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
        times.append(bs.press_and_time(area, handle, key))
    return times


def slider_state(handle) -> tuple[float, float, float]:
    """(value, min, max) of the noUiSlider behind a handle, unrounded (aria-valuenow has
    one decimal); for a log slider these are exponents."""
    return tuple(handle.evaluate("""h => { const s = h.closest('.noUi-target').noUiSlider;
        return [Number(s.get()), s.options.range.min, s.options.range.max].map(Number); }"""))


def check_readout(handle, readout, old_value: float, old_text: str, what: str) -> None:
    """The handle moved, and the readout shows the new value (a log slider's handle holds the
    exponent, its readout base**exponent)."""
    new_value = slider_state(handle)[0]
    assert new_value != old_value, f"{what}: the key press did not move the slider"
    text = readout.inner_text().strip()
    assert text != old_text.strip(), f"{what}: the readout still shows {text!r}"
    shown = float(text)
    decimals = len(text.split(".")[1]) if "." in text else 0
    tol = lambda c: 0.01 * abs(c) + 0.5 * 10.0 ** -decimals   # noqa: E731 (rounding of the readout)
    assert any(abs(shown - c) <= tol(c) for c in (new_value, 10.0 ** new_value)), \
        f"{what}: readout {text!r} does not show the slider's value {new_value:g}"


def pick_other_menu_entries(area, what: str) -> list[float]:
    """Pick other entries of the widget's first menu, from the last one up; each must change
    the picture. Returns the timed picks (ms)."""
    menus = area.locator(".widget-dropdown select")
    assert menus.count(), f"{what}: neither a slider nor a menu to move"
    menu = menus.first
    options = menu.locator("option").all_inner_texts()
    current = menu.evaluate("s => s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : ''")
    others = [o for o in options if o != current][::-1][:PRESSES_PER_SLIDER]
    return [bs.act_and_time(area, lambda o=o: menu.select_option(label=o),
                            f"{what}: picking {o!r} from the menu", 60) for o in others]


def type_a_menu_entry(area, what: str) -> list[float]:
    """A widget with a text box beside its menu: type another of the menu's entries and press
    Enter; the picture must change. Returns the timed Enter (ms), or nothing without a text box."""
    boxes = area.locator(".widget-text input[type='text']")
    if not boxes.count():
        return []
    box = boxes.first
    options = area.locator(".widget-dropdown select").first.locator("option").all_inner_texts()
    # from the end of the menu, as the picks above: the picture at the start stays unlike the last
    typed = [o for o in reversed(options) if o != box.input_value() and not o.startswith("(")][0]
    box.fill(typed)
    return [bs.act_and_time(area, lambda: box.press("Enter"),
                            f"{what}: typing {typed!r} into the text box", 60)]


# ---------------------------------------------------------------- the explorer of lesson 06

# (activation, weight scale, what the measured line and the theory line must say)
EXPLORER_CASES = [("tanh", "0.8", "measured: vanishing", "vanishing guaranteed"),
                  ("linear", "1.2", "measured: exploding", "exploding possible")]


def check_explorer_regimes(nb, shots: Path) -> None:
    """Pick the activation from the menu, type the weight scale into the slider's readout, and
    read the explorer's verdict. The slider snaps a typed value to its grid (0.8 becomes 0.803),
    so the test waits for the snapped value in the readout AND in the theory line: text computed
    for an earlier value cannot pass."""
    area = bs.explorer_area(nb)
    page = nb.page
    text = area.locator(".widget-html", has_text="theory:")
    menu = area.locator(".widget-dropdown select").first
    scale = area.locator(".widget-slider", has_text="weight scale")
    assert scale.count() == 1, "explorer: no 'weight scale' slider"
    readout = scale.locator(".widget-readout")
    lo, step = scale.locator(".noUi-handle").evaluate(
        "h => { const s = h.closest('.noUi-target').noUiSlider; return [s.options.range.min, s.options.step]; }")
    for activation, weight, measured, theory in EXPLORER_CASES:
        menu.select_option(label=activation)
        readout.fill(weight)        # the readout is contenteditable: focus, replace the text,
        readout.press("Enter")      # Enter (keys go to the readout, never to the notebook)
        snapped = 10.0 ** (lo + round((math.log10(float(weight)) - lo) / step) * step)
        shown = f"{snapped:.3g}"   # the explorer's readout_format (the page writes 1.2 as "1.20")
        wanted = [measured, theory, f"for {activation}", f"λ₁ = {shown}"]
        try:
            page.wait_for_function(
                "([el, r, shown, wanted]) => parseFloat(r.innerText) === shown && "
                "wanted.every(w => el.innerText.includes(w))",
                arg=[text.element_handle(), readout.element_handle(), float(shown), wanted],
                timeout=30_000)
        except Exception:
            pytest.fail(f"explorer at {activation}, weight scale {weight} (readout {shown!r} "
                        f"expected, shows {readout.inner_text()!r}): expected {wanted}, "
                        f"the text says {text.inner_text()!r}")
        area.screenshot(path=str(shots / f"explorer-{activation}-{weight}.png"))
