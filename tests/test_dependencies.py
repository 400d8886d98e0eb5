"""pyproject.toml, environment.yml and the lock name the same packages.

pyproject.toml's dependencies are what the lessons need; its `test` extra what the test suite
needs on top (`site`, what builds the website; `lock`, the tool that writes the lock). environment.yml (conda, Binder) names
the lessons' part; the lock pins all of it.
"""
import re
from pathlib import Path

import pytest

from course_utils.environment import requirements

ROOT = Path(__file__).resolve().parent.parent


def conda_requirements(text: str) -> dict[str, str]:
    """{name: lower bound} from environment.yml's conda dependencies (python and pip excluded)."""
    found = {}
    in_deps = False
    for raw in text.splitlines():
        line = raw.split("#")[0].rstrip()
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        if in_deps and re.match(r"^\s{2}- ", line):
            item = line.strip()[2:].strip()
            if item.startswith("pip") and not re.match(r"^pip\s*>=", item):
                continue
            m = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(?:>=\s*([0-9][0-9A-Za-z.]*))?", item)
            assert m, f"environment.yml: cannot read {item!r}; write 'name >=version'"
            if m.group(1) != "python":
                found[m.group(1).lower()] = m.group(2)
    return found


def test_environment_yml_matches_pyproject():
    """environment.yml names the lessons' packages with pyproject.toml's lower bounds."""
    conda = conda_requirements((ROOT / "environment.yml").read_text())
    pip = requirements(ROOT / "pyproject.toml")
    assert set(conda) == set(pip), (
        f"only in environment.yml: {sorted(set(conda) - set(pip))}; "
        f"only in pyproject.toml: {sorted(set(pip) - set(conda))}")
    for name in pip:
        assert conda[name] == pip[name], f"{name}: environment.yml says >={conda[name]}, pyproject >={pip[name]}"


def test_environment_yml_installs_the_lock():
    """conda's picks are replaced by the lock's exact versions (lesson 03b needs the pinned NumPy):
    pip installs requirements-lock.txt (a path relative to environment.yml, as conda and Binder
    read it), then the course itself."""
    text = (ROOT / "environment.yml").read_text()
    pip_lines = re.findall(r"^\s{6}- (.+)$", text, re.M)
    assert pip_lines == ["-r requirements-lock.txt", "-e ."], pip_lines


def test_drift_is_detected():
    """The comparison above really fails when one file gains a package."""
    text = (ROOT / "environment.yml").read_text().replace("  - pip\n", "  - scipy >=1.0\n  - pip\n")
    assert "scipy" in conda_requirements(text)
    assert set(conda_requirements(text)) != set(requirements(ROOT / "pyproject.toml"))


LESSONS = requirements(ROOT / "pyproject.toml")
TEST = requirements(ROOT / "pyproject.toml", extra="test")
LOCK_TOOL = requirements(ROOT / "pyproject.toml", extra="lock")
SITE = requirements(ROOT / "pyproject.toml", extra="site")


def test_lessons_and_tests_are_split():
    """The lessons ask for no test tool; the test extra repeats none of the lessons' packages."""
    assert {"numpy", "matplotlib", "ipywidgets", "jupyterlab", "ipykernel"} <= set(LESSONS)
    assert {"pytest", "nbval", "nbclient", "playwright"} <= set(TEST)
    assert not set(LESSONS) & set(TEST), "a package is both a lesson and a test requirement"
    assert set(LOCK_TOOL) == {"uv"}
    assert {"sphinx", "myst-nb", "sphinx-book-theme", "django-static-mathjax"} <= set(SITE)
    assert not set(LESSONS) & set(SITE), "the lessons must not need the website's tools"


@pytest.mark.parametrize("name", sorted({**LESSONS, **TEST, **LOCK_TOOL, **SITE}))
def test_lock_pins_every_requirement(name):
    lock = (ROOT / "requirements-lock.txt").read_text().lower().replace("_", "-")
    norm = name.replace("_", "-")
    assert re.search(rf"^{re.escape(norm)}==\S+( ;.*)?$", lock, re.M), \
        f"requirements-lock.txt does not pin {name}: run `python3 course.py lock`"
