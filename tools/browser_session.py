"""JupyterLab driven in a real browser: what a learner does, done by a script.

Used by ``tests/test_browser.py`` and by ``python3 course.py screenshot``, which runs
``python -m tools.browser_session screenshot`` to redraw the README's picture of the explorer.

``LabServer`` starts JupyterLab on 127.0.0.1 (a free port, no token) over a temporary COPY of
``notebooks/`` and ``images/``, with HOME and every Jupyter/IPython directory inside that
temporary folder (autosave, news and update checks off), so nothing the browser does can touch
the lessons or the user's home. ``Chromium`` drives Debian's ``/usr/bin/chromium`` through
Playwright (the PyPI package; no browser is downloaded). ``NotebookPage`` opens one notebook,
runs all cells from the Run menu and finds its widgets. Everything started here is stopped on
exit, also when a step fails: kernels (through /api/sessions and /api/kernels), the server
process and the browser.
"""
from __future__ import annotations

import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
IMAGES = ROOT / "images"
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL_HINT = ("install Debian's Chromium with `sudo apt-get install chromium` (it provides "
                "/usr/bin/chromium; Playwright's own `playwright install` is not needed)")

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# What a widget looks like when the front end cannot draw it: its Python repr as text.
WIDGET_AS_TEXT = re.compile(r"\b(?:Int|Float|FloatLog|Selection)(?:Range)?Slider\(|\b[VH]Box\("
                            r"|\bDropdown\(|\bToggleButtons\(|\bOutput\(|\bButton\("
                            r"|Error displaying widget")

# Settings of the temporary JupyterLab (overrides.json): the learner's (course.LAB_OVERRIDES: no
# news question, no update check) and, for the test only, nothing saves behind the test's back,
# every cell is attached to the page (no windowing), kernels start alone.
TEST_OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none",
                                               "autoStartDefaultKernel": True},
}


def browser_missing() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return ("the Python package playwright is missing from this environment "
                "(it is in requirements-lock.txt: run the tests with `python3 course.py test`)")
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}: {INSTALL_HINT}"
    return None


def require_browser(what: str) -> None:
    """In a test: skip without Chromium or Playwright, naming what was not run; under
    COURSE_REQUIRE_BROWSER=1 (set by .ci/run) fail instead, since a skip would hide it."""
    import pytest
    problem = browser_missing()
    if problem:
        message = f"{what} not run: {problem}"
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (COURSE_REQUIRE_BROWSER=1: a skip counts as a failure)")
        pytest.skip(message)


def course_cli():
    """course.py, the learner's entry point, loaded as a module."""
    spec = importlib.util.spec_from_file_location("_course_cli", ROOT / "course.py")
    course = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course)
    return course


def course_kernel_env() -> dict[str, str]:
    """course.py's environment for a process that starts kernels (see course.kernel_env)."""
    return course_cli().kernel_env()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- the server

class LabServer:
    """JupyterLab over a temporary copy of the lessons. Use as a context manager."""

    def __init__(self, notebooks: Path = NOTEBOOKS, images: Path = IMAGES, startup_timeout=120):
        self.notebooks, self.images = Path(notebooks), Path(images)
        self.startup_timeout = startup_timeout
        self.tmp: Path | None = None
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self) -> "LabServer":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="course-lab-"))
        work = self.tmp / "course"
        (work / "notebooks").mkdir(parents=True)
        course = course_cli()
        for nb in sorted(self.notebooks.glob("*.ipynb")):   # as `course.py lab` copies them
            course.learner_copy(nb, work / "notebooks" / nb.name, platform.python_version())
        if self.images.is_dir():   # lessons link ../images/name.png
            shutil.copytree(self.images, work / "images")
        env = self._environment()
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", "--port-retries=0", f"--ServerApp.root_dir={work}",
               "--IdentityProvider.token=", "--ServerApp.password=",
               "--ServerApp.disable_check_xsrf=True",   # lets the stop-kernels calls below in
               f"--LabApp.app_settings_dir={self.tmp / 'lab-settings'}",
               "--LabApp.expose_app_in_browser=True",   # window.jupyterapp: cell models
               "--LabApp.news_url=",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log_path = self.tmp / "jupyterlab.log"
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(cmd, env=env, cwd=work, stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=(os.name != "nt"))
        self._wait_until_up()

    def _environment(self) -> dict:
        """HOME and the Jupyter/IPython dirs in the temporary folder; the venv's data stay visible."""
        home = self.tmp / "home"
        dirs = {"HOME": home, "USERPROFILE": home, "JUPYTER_CONFIG_DIR": home / ".jupyter",
                "JUPYTER_DATA_DIR": home / "jupyter-data", "JUPYTER_RUNTIME_DIR": home / "runtime",
                "IPYTHONDIR": home / ".ipython", "MPLCONFIGDIR": home / "matplotlib"}
        for d in dirs.values():
            d.mkdir(parents=True, exist_ok=True)
        _copy_font_cache(dirs["MPLCONFIGDIR"])
        course = course_cli()
        course.write_lab_overrides(self.tmp / "lab-settings", course.LAB_OVERRIDES)
        course.write_lab_overrides(self.tmp / "lab-settings", TEST_OVERRIDES)
        # As `course.py lab` starts JupyterLab: threads pinned, the venv's kernel and widget
        # extension, and no MPLBACKEND (an inherited Agg would turn every figure into text).
        env = course_kernel_env()
        env.update({k: str(v) for k, v in dirs.items()})
        return env

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer within {self.startup_timeout} s:\n{self.log_tail()}")

    def log_tail(self, n=40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except (OSError, AttributeError):
            return "(no log)"

    def api(self, method: str, path: str):
        req = urllib.request.Request(f"{self.url}{path}", method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Delete every session (which stops its kernel), then any kernel left over."""
        if self.proc is None or self.proc.poll() is not None:
            return
        for s in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{s['id']}")
        for k in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{k['id']}")

    def stop(self) -> None:
        try:
            self.shutdown_kernels()
        except OSError:
            pass   # the server is already gone; stopping its process below is what is left
        finally:
            self._stop_process()
            if self.tmp is not None:
                shutil.rmtree(self.tmp, ignore_errors=True)
                self.tmp = None

    def _stop_process(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        if os.name != "nt":
            os.killpg(self.proc.pid, signal.SIGTERM)
        else:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            if os.name != "nt":
                os.killpg(self.proc.pid, signal.SIGKILL)
            else:
                self.proc.kill()
            self.proc.wait(timeout=10)


def _copy_font_cache(mpl_dir: Path) -> None:
    """Reuse matplotlib's font list, or the first kernel spends seconds rebuilding it (and says so)."""
    try:
        import matplotlib
        cache = Path(matplotlib.get_cachedir())
    except ImportError:
        return
    for f in cache.glob("fontlist-*.json"):
        shutil.copy2(f, mpl_dir / f.name)


# ---------------------------------------------------------------- the browser

class Chromium:
    """Headless Debian Chromium through Playwright. Use as a context manager."""

    def __init__(self):
        self._pw = None
        self.browser = None
        self.home: Path | None = None

    def __enter__(self) -> "Chromium":
        from playwright.sync_api import sync_playwright
        # Playwright gives the browser a fresh profile; its crash-report folder follows HOME,
        # so HOME goes to a temporary folder too.
        self.home = Path(tempfile.mkdtemp(prefix="course-chromium-"))
        env = dict(os.environ, HOME=str(self.home), XDG_CONFIG_HOME=str(self.home / ".config"),
                   XDG_CACHE_HOME=str(self.home / ".cache"))
        self._pw = sync_playwright().start()
        try:
            self.browser = self._pw.chromium.launch(executable_path=str(CHROMIUM),
                                                    args=CHROMIUM_ARGS, headless=True, env=env)
        except BaseException:
            self._pw.stop()
            shutil.rmtree(self.home, ignore_errors=True)
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.browser is not None:
                self.browser.close()
        finally:
            self._pw.stop()
            shutil.rmtree(self.home, ignore_errors=True)

    def new_page(self, width=1280, height=900):
        context = self.browser.new_context(viewport={"width": width, "height": height},
                                           device_scale_factor=1)
        return context.new_page()


# ---------------------------------------------------------------- one notebook in the page

class NotebookPage:
    """One notebook opened in JupyterLab. Closing it closes the page and stops its kernel."""

    def __init__(self, server: LabServer, chromium: Chromium, name: str, width=1280, height=900):
        self.server, self.name = server, name
        self.page = chromium.new_page(width, height)

    def __enter__(self) -> "NotebookPage":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.page.context.close()
        finally:
            self.server.shutdown_kernels()

    # -- opening and running
    def open(self, timeout_s=120) -> None:
        """Open the notebook (fresh workspace) and wait until its kernel is idle."""
        self.page.goto(f"{self.server.url}/lab/tree/notebooks/{quote(self.name)}?reset",
                       timeout=timeout_s * 1000)
        self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(
            timeout=timeout_s * 1000)
        self.wait_kernel_idle(timeout_s)

    def wait_kernel_idle(self, timeout_s=120) -> None:
        """Until the status bar says '| Idle': a kernel exists and is not busy.

        (The toolbar's indicator reads idle before any kernel exists; "Run All" then opens a
        "Select Kernel" dialog instead of running.)
        """
        self.page.wait_for_function(
            """() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
                     .some(e => /\\|\\s*Idle\\s*$/.test(e.textContent))""",
            timeout=timeout_s * 1000)

    def run_all(self, timeout_s=300) -> float:
        """Run > Run All Cells, then wait until every code cell has run. Returns the seconds taken.

        Stored outputs already carry counts 1..n, so "done" cannot be read off the prompts
        (and hidden solution cells have none on the page): each code cell's model is watched
        for a new execution count instead. An error stops Run All, so an error output that
        has appeared while the kernel is idle also ends the wait (the caller reports it).
        """
        self.page.evaluate("""() => {
            const nb = window.jupyterapp.shell.currentWidget.content;
            const pending = new Set();
            window.__courseRun = {pending, panel: window.jupyterapp.shell.currentWidget};
            for (const cell of nb.widgets) {
                const m = cell.model;
                if (m.type !== 'code' || m.sharedModel.getSource().trim() === '') continue;
                pending.add(m.id);
                m.stateChanged.connect((model, args) => {
                    if (args.name === 'executionCount' && args.newValue !== null) pending.delete(model.id);
                });
            }
        }""")
        t0 = time.monotonic()
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        try:
            self.page.wait_for_function(
                """() => {
                     const run = window.__courseRun;
                     const kernel = run.panel.sessionContext.session?.kernel;
                     if (!kernel || kernel.status !== 'idle') return false;
                     if (run.pending.size === 0) return true;
                     return run.panel.content.widgets.some(c => c.model.type === 'code' &&
                         c.model.outputs.toJSON().some(o => o.output_type === 'error'));
                   }""", timeout=timeout_s * 1000, polling=250)
        except Exception as err:   # playwright's TimeoutError: say what was still running
            state = self.page.evaluate("""() => [window.__courseRun.pending.size,
                window.__courseRun.panel.sessionContext.session?.kernel?.status ?? 'no kernel']""")
            raise RuntimeError(f"{self.name}: Run All had not finished after {timeout_s} s: "
                               f"{state[0]} code cells not run yet, kernel {state[1]}") from err
        return time.monotonic() - t0

    # -- what the cells show
    def error_outputs(self) -> list[str]:
        """Every error output (ename: evalue, first traceback lines) and cells Run All never reached."""
        return self.page.evaluate("""() => {
            const found = [];
            const panel = window.jupyterapp.shell.currentWidget;
            panel.content.widgets.forEach((c, i) => {
                if (c.model.type !== 'code') return;
                for (const o of c.model.outputs.toJSON())
                    if (o.output_type === 'error') found.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
            });
            const pending = window.__courseRun ? window.__courseRun.pending.size : 0;
            if (pending && found.length === 0) found.push(`${pending} code cells never ran`);
            for (const e of document.querySelectorAll(
                    ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"))
                if (!found.length) found.push(e.innerText.slice(0, 500));
            return found;
        }""")

    def widgets_shown_as_text(self) -> list[str]:
        texts = self.page.eval_on_selector_all(".jp-OutputArea-output", "els => els.map(e => e.innerText)")
        return [t[:300] for t in texts if WIDGET_AS_TEXT.search(t)]

    def widget_areas(self):
        """Locator of the top-level outputs that hold a widget view, in notebook order."""
        return self.page.locator(".jp-Cell-outputArea > .jp-OutputArea-child > "
                                 ".jp-OutputArea-output:has(.jupyter-widgets)")

    def cell_of(self, area):
        """The notebook cell holding a widget area (for a screenshot with its code)."""
        return area.locator("xpath=ancestor::div[contains(@class, 'jp-CodeCell')][1]")


# A widget's picture: an ipywidgets Image (widgets/live.py), or an inline figure in an Output area.
PICTURE = "img.widget-image, .widget-output img"


def image_sources(area) -> list[str]:
    return area.locator(PICTURE).evaluate_all("els => els.map(e => e.src)")


def press_and_time(area, handle, key="ArrowRight", timeout_s=30) -> float:
    """Press ``key`` on a slider handle; milliseconds from the key press until a picture in
    ``area`` has a new ``src`` (measured in the page, so Playwright's own latency is not counted)."""
    return act_and_time(area, lambda: handle.press(key), f"pressing {key}", timeout_s)


def act_and_time(area, action, what: str, timeout_s=30) -> float:
    """Run ``action`` (a key press, a click, a menu pick); milliseconds from the first key,
    pointer or change event it fires in the page until a picture in ``area`` has a new ``src``."""
    area.evaluate("""(area, picture) => {
        const srcs = () => [...area.querySelectorAll(picture)].map(e => e.src).join('|');
        const before = srcs();
        window.__coursePress = null; window.__courseChanged = null;
        const types = ['keydown', 'pointerdown', 'mousedown', 'input', 'change'];
        const start = () => {
            window.__coursePress = performance.now();
            for (const type of types) document.removeEventListener(type, start, {capture: true});
        };
        for (const type of types) document.addEventListener(type, start, {capture: true});
        const obs = new MutationObserver(() => {
            const now = srcs();
            if (now && now !== before) { window.__courseChanged = performance.now(); obs.disconnect(); }
        });
        obs.observe(area, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
    }""", PICTURE)
    action()
    try:
        area.page.wait_for_function("() => window.__courseChanged !== null", timeout=timeout_s * 1000)
    except Exception as err:   # playwright's TimeoutError
        raise AssertionError(f"the picture did not change within {timeout_s} s of {what}") from err
    return area.page.evaluate("() => window.__courseChanged - window.__coursePress")


# ---------------------------------------------------------------- the README's picture

EXPLORER_NOTEBOOK = "06_vanishing_gradients.ipynb"
EXPLORER_PICTURE = IMAGES / "explorer_jupyterlab.png"


def explorer_area(nb: NotebookPage):
    """The explorer's widget area in lesson 06: the first widget with sliders, a menu and the
    verdict text ("measured: ...", "theory: ..."). (The explorer has no CSS class of its own.)"""
    areas = nb.widget_areas()
    for i in range(areas.count()):
        a = areas.nth(i)
        if (a.locator(".widget-dropdown").count() and a.locator(".widget-slider").count()
                and a.locator(".widget-html", has_text="theory:").count()):
            return a
    raise RuntimeError(f"no explorer (sliders, a menu and a 'theory:' line) in {EXPLORER_NOTEBOOK}")


def screenshot_explorer(out: Path = EXPLORER_PICTURE) -> Path:
    """Open lesson 06 in JupyterLab, run it, and save the explorer's cell as a PNG."""
    problem = browser_missing()
    if problem:
        raise SystemExit(f"screenshot: cannot drive a browser: {problem}")
    with LabServer() as server, Chromium() as chromium:
        with NotebookPage(server, chromium, EXPLORER_NOTEBOOK, width=1100, height=1000) as nb:
            nb.open()
            _hide_side_panels(nb.page)
            nb.run_all()
            errors = nb.error_outputs()
            if errors:
                raise SystemExit(f"screenshot: {EXPLORER_NOTEBOOK} shows an error:\n{errors[0]}")
            area = explorer_area(nb)
            area.locator(PICTURE).first.wait_for()
            cell = nb.cell_of(area)
            cell.scroll_into_view_if_needed()
            nb.page.mouse.move(0, 0)   # no hover highlight in the picture
            cell.screenshot(path=str(out))
    return out


def _hide_side_panels(page) -> None:
    """Collapse the left panel (file browser) so the notebook gets the picture's full width."""
    page.evaluate("""async () => {
        const app = window.jupyterapp;
        if (!app.shell.leftCollapsed) await app.commands.execute('application:toggle-left-area');
    }""")


def main(argv: list[str]) -> int:
    if argv[:1] != ["screenshot"]:
        print("usage: python -m tools.browser_session screenshot")
        return 2
    path = screenshot_explorer()
    print(f"screenshot: wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
