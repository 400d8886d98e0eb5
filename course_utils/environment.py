"""Check that the installed packages meet what the lessons need (pyproject.toml's dependencies).

The test suite's packages (the `test` extra) are not asked for: a learner needs only the lessons'.
"""
from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
DISTRIBUTION = "rnn-course"
TESTS_HINT = ("the course's own tests need a few more packages: `python3 course.py test` installs "
              "them, or `pip install -e \".[test]\"` in the course folder")


def requirements(pyproject: Path = PYPROJECT, extra: str | None = None) -> dict[str, str]:
    """{package: lower bound} the lessons need, or those of an extra ("test", "lock").

    Read from pyproject.toml in a checkout; from the installed package's metadata after a
    plain `pip install .`, which leaves no pyproject.toml beside course_utils.
    """
    if Path(pyproject).is_file():
        project = tomllib.loads(Path(pyproject).read_text())["project"]
        deps = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    else:
        deps = _installed_requirements(extra)
    found = {}
    for dep in deps:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*", dep)
        if not m:
            raise ValueError(f"pyproject.toml dependency {dep!r}: expected the form 'name>=version'")
        found[m.group(1).lower()] = m.group(2)
    return found


def _installed_requirements(extra: str | None) -> list[str]:
    """The Requires-Dist entries of the installed course for the lessons (extra None) or an extra."""
    out = []
    for line in metadata.requires(DISTRIBUTION) or []:
        req = Requirement(line)
        wanted = (req.marker is None if extra is None
                  else req.marker is not None and req.marker.evaluate({"extra": extra}))
        if wanted:
            out.append(f"{req.name}{req.specifier}")
    return out


def problems(reqs: dict[str, str] | None = None) -> list[str]:
    """What is missing or too old; empty when every requirement is met."""
    reqs = requirements() if reqs is None else reqs
    out = []
    for name, low in reqs.items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            out.append(f"{name} is not installed (need >= {low})")
            continue
        if Version(have) < Version(low):
            out.append(f"{name} {have} is older than the {low} the course needs")
    try:
        metadata.version("jupyterlab_widgets")
    except metadata.PackageNotFoundError:
        out.append("jupyterlab_widgets (the JupyterLab side of ipywidgets) is not installed")
    return out


def environment_report() -> None:
    """Print 'requirements met' or what is missing; versions are not printed (they change).

    A report, not a check: it never raises (problems() gives the list to act on)."""
    found = problems()
    if not found:
        print(f"requirements met: all {len(requirements())} packages the lessons need are installed")
        print(f"({TESTS_HINT})")
        return
    print("requirements NOT met:")
    for p in found:
        print("  -", p)
    print("Fix: run `python3 course.py lab` from the course folder (it installs the locked versions),")
    print("or `pip install -e .` there.")
