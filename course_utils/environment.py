"""Check that the installed packages meet the course's requirements (pyproject.toml)."""
from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def requirements(pyproject: Path = PYPROJECT) -> dict[str, str]:
    """{package: lower bound} from pyproject.toml's [project] dependencies."""
    deps = tomllib.loads(Path(pyproject).read_text())["project"]["dependencies"]
    found = {}
    for dep in deps:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*", dep)
        if not m:
            raise ValueError(f"pyproject.toml dependency {dep!r}: expected the form 'name>=version'")
        found[m.group(1).lower()] = m.group(2)
    return found


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
        print(f"requirements met: all {len(requirements())} packages the course needs are installed")
        return
    print("requirements NOT met:")
    for p in found:
        print("  -", p)
    print("Fix: run `python3 course.py lab` from the course folder (it installs the locked versions).")
