"""The course's website (`python3 course.py site`), built offline and read in a real browser.

Built once into a temporary folder by the real command, with every connection that leaves the
machine refused inside the build's process (a sitecustomize loaded through PYTHONPATH) and the
proxies pointing nowhere. Then, from the files: a page per lesson in reading order, solutions
collapsed, widgets replaced by a note, nothing loaded from another site. Then, marked `browser`,
headless Chromium serves the site from 127.0.0.1 with every request outside it blocked, visits
every lesson page, follows every internal link, and fails on a missing page, link target or
image, a request that left the site, or LaTeX that MathJax left unrendered. Screenshots of the
home page and of a lesson go to test-artifacts/.
"""
from __future__ import annotations

import functools
from html import escape
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from tools.lessons import WIDGET_MIME, is_solution, lesson_paths, read, title
from tools.website import MATHJAX_PARTS, SITE_FILES, remote_assets

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
LESSONS = lesson_paths()

# Loaded by the build's Python before anything else: a connection to anything but this machine
# is refused and written down. The build must not need one (its output is checked too).
NO_NETWORK = '''
import os, socket
_log = os.environ["COURSE_NETWORK_LOG"]
def _local(address):
    host = address[0] if isinstance(address, tuple) else address
    return not isinstance(host, str) or host in ("localhost", "::1") or host.startswith("127.")
def _refuse(what, address):
    with open(_log, "a") as f:
        f.write(f"{what} {address!r}\\n")
    raise OSError(f"network blocked by the site test: {what} {address!r}")
_connect = socket.socket.connect
def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address):
        _refuse("connect", address)
    return _connect(self, address)
socket.socket.connect = connect
_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kwargs):
    if not _local((host,)):
        _refuse("getaddrinfo", host)
    return _getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = getaddrinfo
'''
DEAD_PROXY = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("site")
    (tmp / "offline").mkdir()
    (tmp / "offline" / "sitecustomize.py").write_text(NO_NETWORK)
    log = tmp / "network.log"
    env = dict(os.environ, PYTHONPATH=str(tmp / "offline"), COURSE_NETWORK_LOG=str(log),
               HTTP_PROXY=DEAD_PROXY, HTTPS_PROXY=DEAD_PROXY, http_proxy=DEAD_PROXY,
               https_proxy=DEAD_PROXY, NO_PROXY="", no_proxy="")
    start = time.perf_counter()
    command = [sys.executable, str(ROOT / "course.py"), "site", "--out", str(tmp / "site")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stdout + result.stderr
    assert not log.exists(), "the build tried to reach the network:\n" + log.read_text()
    print(f"\nsite: built in {seconds:.1f} s (the whole command)")   # measured, not asserted
    return tmp / "site"


def page(site: Path, path: Path) -> str:
    return (site / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- from the files

def test_the_network_guard_works(tmp_path):
    """The sitecustomize above really refuses a connection (or the build's check means nothing)."""
    (tmp_path / "sitecustomize.py").write_text(NO_NETWORK)
    code = "import urllib.request; urllib.request.urlopen('http://pypi.org', timeout=5)"
    env = dict(os.environ, PYTHONPATH=str(tmp_path), COURSE_NETWORK_LOG=str(tmp_path / "log"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode != 0 and "network blocked by the site test" in result.stderr
    assert "pypi.org" in (tmp_path / "log").read_text()


def test_the_config_fetches_nothing():
    conf = (SITE_FILES / "conf.py").read_text()
    code = "\n".join(ln.split("#")[0] for ln in conf.splitlines())
    assert "intersphinx" not in code and "http" not in code
    assert re.search(r'^nb_execution_mode = "off"', conf, re.M)
    assert re.search(r'^mathjax_path = "mathjax/tex-chtml\.js"', conf, re.M)


def test_every_lesson_has_a_page_in_reading_order(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    positions = []
    for path in LESSONS:
        assert (site / "notebooks" / f"{path.stem}.html").is_file(), f"no page for {path.name}"
        positions.append(home.find(f'href="notebooks/{path.stem}.html"'))
        name = title(read(path), path.name)
        assert f"<title>{name}" in page(site, path).replace("&#183;", "·")
    assert -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_solutions_are_collapsed_behind_a_click(site, path):
    solutions = [c for c in read(path).cells if is_solution(c)]
    html = page(site, path)
    assert html.count("Show the solution") == len(solutions)
    for cell in solutions:   # the solution's first line sits inside a closed <details>
        first = cell.source.splitlines()[0]
        details = re.findall(r"<details class=\"[^\"]*hide[^\"]*\">(.*?)</details>", html, re.S)
        assert any(re.sub(r"<[^>]+>", "", d).find(first.strip()) >= 0 for d in details), first


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_widgets_become_a_note_on_how_to_run_them(site, path):
    widgets = [o["data"] for c in read(path).cells for o in c.get("outputs", [])
               if WIDGET_MIME in o.get("data", {})]
    html = page(site, path)
    assert html.count('class="widget-note"') == len(widgets)
    assert "python3 course.py lab" in html or not widgets
    assert "widget-view+json" not in html
    for data in widgets:   # the widget's text form (what a page without a kernel would show)
        assert escape(data.get("text/plain", "VBox(children=(")) not in html


def test_nothing_is_loaded_from_another_site(site):
    assert remote_assets(site) == []


def test_mathjax_is_served_by_the_site(site):
    lesson = page(site, LESSONS[1])
    assert 'src="../_static/mathjax/tex-chtml.js' in lesson
    for part in MATHJAX_PARTS:
        assert (site / "_static" / "mathjax" / part).exists(), part
    assert any((site / "_static" / "mathjax" / "output" / "chtml" / "fonts").rglob("*.woff"))


def test_a_lesson_missing_from_the_readme_still_gets_its_row():
    from tools.website import home_page
    readme = ("# Course\n\nIntro.\n\n## Lessons\n\n| | lesson | what you do |\n|---|---|---|\n"
              "| 00 | [Start](notebooks/00_a.ipynb) | begin here |\n\nShape.\n\n## Quick start\n\n"
              "Run:\n\n```bash\npython3 course.py lab\n```\n\nmore\n")
    text = home_page(readme, [("00_a.ipynb", "00 · A"), ("03b_new.ipynb", "03b · New")])
    assert "| [00 · A](notebooks/00_a.ipynb) | begin here |" in text
    assert "| [03b · New](notebooks/03b_new.ipynb) |  |" in text
    assert "notebooks/00_a\nnotebooks/03b_new\n" in text and "more" not in text


# ---------------------------------------------------------------- in a browser

class SiteServer:
    """The built site over HTTP on 127.0.0.1 (a static host, as the README suggests)."""

    def __init__(self, folder: Path):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


# Text MathJax should have turned into maths, searched outside code, maths and scripts.
VISIBLE_TEXT = """(root) => {
  const skip = 'pre, code, script, style, mjx-container, .highlight, .MathJax, textarea';
  const walker = document.createTreeWalker(root || document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement.closest(skip)) parts.push(n.textContent);
  }
  return parts.join(' ');
}"""
RAW_LATEX = re.compile(r"\$[^$\n]{1,200}\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\\frac\b|\\mathbf\b|"
                       r"\\lambda\b|\\partial\b|\\sum\b|\\hat\b")
PAGE_STATE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await Promise.all(Array.from(document.images).filter(i => !i.complete)
                         .map(i => new Promise(done => { i.onload = i.onerror = done; })));
  const here = location.href.split('#')[0];
  return {
    maths: document.querySelectorAll('span.math, div.math').length,
    rendered: document.querySelectorAll('mjx-container').length,
    errors: Array.from(document.querySelectorAll('mjx-merror')).map(e => e.textContent),
    broken_images: Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))
                        .map(i => i.getAttribute('src')),
    images: document.images.length,
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
    ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
    prev_next: document.querySelectorAll('.prev-next-area a').length,
    sidebar: document.querySelectorAll('.bd-sidebar-primary a.reference.internal').length,
  };
}"""


def site_tab(chromium, width=1280, height=900):
    """A browser tab with waits long enough for a busy two-core machine."""
    tab = chromium.new_page(width=width, height=height)
    tab.set_default_timeout(120_000)
    tab.set_default_navigation_timeout(120_000)
    return tab


@pytest.fixture(scope="module")
def browser(site):
    from tools import browser_session as bs
    bs.require_browser("site browser test")
    with SiteServer(site) as server, bs.Chromium() as chromium:
        yield server, chromium


@pytest.mark.browser
def test_the_site_in_a_browser_offline(browser, site):
    server, chromium = browser
    tab = site_tab(chromium, width=1280, height=900)
    left, failed = [], []
    tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url)
              else (left.append(route.request.url), route.abort()))
    tab.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    pages = ["index.html"] + [f"notebooks/{p.stem}.html" for p in LESSONS]
    states, problems = {}, []
    for path in pages:
        response = tab.goto(server.url + path, wait_until="load")
        if response is None or response.status != 200:
            problems.append(f"{path}: page missing ({response and response.status})")
            continue
        state = tab.evaluate(PAGE_STATE)   # after MathJax and every image are done
        states[path] = state
        text = tab.evaluate(VISIBLE_TEXT)
        raw = sorted(set(RAW_LATEX.findall(text)))
        if raw:
            problems.append(f"{path}: LaTeX left unrendered: {raw[:5]}")
        if state["maths"] and state["rendered"] < state["maths"]:
            problems.append(f"{path}: {state['maths']} formulas, {state['rendered']} rendered")
        if state["errors"]:
            problems.append(f"{path}: MathJax errors {state['errors'][:3]}")
        if state["broken_images"]:
            problems.append(f"{path}: images not shown: {state['broken_images']}")
        if path != "index.html" and (not state["prev_next"] or state["sidebar"] < len(LESSONS)):
            problems.append(f"{path}: no previous/next links or an incomplete sidebar")
    problems += internal_link_problems(server.url, site, states)
    problems += [f"request left the site: {u}" for u in left]
    problems += [f"request failed: {f}" for f in failed]
    assert sum(s["maths"] for s in states.values()) > 50, "hardly any maths found: is MathJax on?"
    assert sum(s["images"] for s in states.values()) > len(LESSONS), "hardly any figures found"
    assert not problems, "\n".join(problems)


def internal_link_problems(base: str, site: Path, states: dict) -> list[str]:
    """Every link into the site leads to a file that exists, and to an anchor that exists."""
    problems = []
    for where, state in states.items():
        for link in state["links"]:
            if not link.startswith(base):
                continue
            target, fragment = urldefrag(link)
            rel = unquote(urlparse(target).path).lstrip("/") or "index.html"
            if rel.endswith("/"):
                rel += "index.html"
            if not (site / rel).is_file():
                problems.append(f"{where}: broken link {link}")
            elif fragment and rel in states and fragment not in states[rel]["ids"]:
                problems.append(f"{where}: link to a missing anchor {link}")
    return sorted(set(problems))


@pytest.mark.browser
def test_search_finds_a_lesson(browser):
    server, chromium = browser
    tab = site_tab(chromium)
    tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url)
              else route.abort())
    tab.goto(server.url + "search.html?q=vanishing", wait_until="load")
    results = tab.locator("#search-results ul.search li a")
    results.first.wait_for()
    tab.locator("#search-results mjx-container").first.wait_for()
    tab.wait_for_timeout(500)   # the last results' maths
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("06_vanishing_gradients" in h for h in hrefs), hrefs
    quoted = tab.locator("#search-results").evaluate(VISIBLE_TEXT)
    assert not RAW_LATEX.findall(quoted), quoted


MOST_MATHS_ABOVE_A_FIGURE = """() => {
  const top = e => e.getBoundingClientRect().top + window.scrollY;
  const maths = Array.from(document.querySelectorAll('mjx-container')).map(top);
  let best = null, most = -1;
  for (const img of document.querySelectorAll('div.cell_output img')) {
    const bottom = top(img) + img.getBoundingClientRect().height + 40;
    const shown = maths.filter(y => y > bottom - window.innerHeight && y < bottom).length;
    if (shown > most) { most = shown; best = bottom; }
  }
  if (best !== null) window.scrollTo(0, best - window.innerHeight);
}"""


@pytest.mark.browser
def test_a_solution_opens_on_a_click_and_screenshots(browser):
    server, chromium = browser
    ARTIFACTS.mkdir(exist_ok=True)
    tab = site_tab(chromium, width=1280, height=1200)
    tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url)
              else route.abort())
    tab.goto(server.url + "index.html", wait_until="load")
    tab.evaluate(PAGE_STATE)
    tab.screenshot(path=str(ARTIFACTS / "site_home.png"), full_page=True)   # the lesson table too

    lesson = next(p for p in LESSONS if any(is_solution(c) for c in read(p).cells)
                  and any(o.get("output_type") == "display_data" for c in read(p).cells
                          for o in c.get("outputs", [])) and p.name >= "02")
    tab.goto(server.url + f"notebooks/{lesson.stem}.html", wait_until="load")
    tab.evaluate(PAGE_STATE)
    solution = tab.locator("details.hide").first
    code = solution.locator("div.cell_input")
    assert not code.is_visible(), "a solution is shown before the click"
    solution.locator("summary").click()
    code.wait_for(state="visible")
    assert "Hide the solution" in solution.locator("summary").inner_text()

    # The lesson picture: the figure with the most rendered maths above it, in one screen.
    tab.evaluate(MOST_MATHS_ABOVE_A_FIGURE)
    tab.wait_for_timeout(300)
    tab.screenshot(path=str(ARTIFACTS / "site_lesson.png"))
    assert (ARTIFACTS / "site_home.png").stat().st_size > 20_000
    assert (ARTIFACTS / "site_lesson.png").stat().st_size > 20_000
