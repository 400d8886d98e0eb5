"""requirements-lock.txt pins every package that Linux, macOS or Windows installs.

The lock comes from `python3 course.py lock` (uv pip compile --universal): one file for every
platform, a package that only some platforms install carrying an environment marker. These
tests read it the way pip does (packaging's markers) and walk the dependency tree from
pyproject.toml for each platform and several Python versions: every requirement reached must
be pinned (==, one version) and the pin must satisfy it. The tree is read from the metadata of
the packages installed here; a package that only another platform installs is checked for its
pin, and its own requirements cannot be read here (see OTHER_PLATFORMS_ONLY). A version pinned
for other Pythons only (sphinx 9.2 for 3.13 while 3.11 runs 9.0) is read through the installed
version's requirements: the names it needs must be pinned, but their version ranges are that
other version's, so they are not held against the pins.
"""
from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-lock.txt"

PLATFORMS = {
    "linux-x86_64": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                     "platform_machine": "x86_64"},
    "linux-aarch64": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                      "platform_machine": "aarch64"},
    "macos-arm64": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix",
                    "platform_machine": "arm64"},
    "macos-x86_64": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix",
                     "platform_machine": "x86_64"},
    "windows-amd64": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
                      "platform_machine": "AMD64"},
}
PYTHONS = ["3.11.0", "3.11.9", "3.12.8", "3.13.1", "3.14.0"]
# Installed by macOS or Windows only, so their metadata is not here; checked by hand: they
# require nothing. (A version pinned for another Python only, such as the older soupsieve for
# 3.11.0-3.11.4, is read through the installed version's requirements.)
OTHER_PLATFORMS_ONLY = {"appnope", "colorama", "pywinpty"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_entries(text: str) -> list[Requirement]:
    """The lock's requirements (comments and uv's `# via` annotations skipped)."""
    entries = []
    for raw in text.splitlines():
        line = raw.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        assert not line.startswith("-"), f"requirements-lock.txt: unexpected option line {line!r}"
        entries.append(Requirement(line))
    return entries


def marker_env(platform: str, python: str) -> dict[str, str]:
    env = dict(default_environment())
    env.update(PLATFORMS[platform])
    env.update(python_version=".".join(python.split(".")[:2]), python_full_version=python,
               implementation_name="cpython", implementation_version=python,
               platform_python_implementation="CPython", platform_release="", platform_version="")
    return env


def pins_for(entries: list[Requirement], env: dict[str, str]) -> dict[str, str]:
    """{name: version} that pip installs from the lock in this environment."""
    pins: dict[str, str] = {}
    for req in entries:
        if req.marker is None or req.marker.evaluate(env):
            name = canonical(req.name)
            assert name not in pins, f"requirements-lock.txt pins {name} twice for {env['sys_platform']}"
            pins[name] = str(req.specifier)[2:]
    return pins


def roots() -> list[Requirement]:
    """What pyproject.toml asks for: the lessons' packages and every extra (the lock covers all)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        deps += extra
    return [Requirement(d) for d in deps]


def requires_here(name: str) -> list[str] | None:
    """Requires-Dist of a package installed here, or None when only another platform installs it."""
    try:
        return metadata.requires(name) or []
    except metadata.PackageNotFoundError:
        return None


def walk(platform: str, python: str, entries: list[Requirement]) -> tuple[list[str], set[str]]:
    """Problems found walking the tree from pyproject.toml, and the packages not readable here."""
    env = marker_env(platform, python)
    pins = pins_for(entries, env)
    problems, unreadable, seen = [], set(), set()
    todo = [(req, "pyproject.toml", True) for req in roots()]
    while todo:
        req, parent, exact = todo.pop()
        name = canonical(req.name)
        if name not in pins:
            problems.append(f"{name} (needed by {parent}) is not pinned for {platform}, Python {python}")
            continue
        if exact and not req.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{parent} needs {req}, the lock pins {name}=={pins[name]}")
        same = installed_version(name) in (None, pins[name])   # its own requirements, read here
        for extra in sorted(req.extras):
            key = (name, extra)
            if key not in seen:
                seen.add(key)
                found = children(name, env, extra, unreadable)
                todo += [(r, f"{name}[{extra}]", same) for r in found]
        if (name, "") not in seen:
            seen.add((name, ""))
            todo += [(r, name, same) for r in children(name, env, "", unreadable)]
    return problems, unreadable


def installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def children(name: str, env: dict[str, str], extra: str, unreadable: set[str]) -> list[Requirement]:
    found = requires_here(name)
    if found is None:
        unreadable.add(name)
        return []
    out = []
    for line in found:
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate(dict(env, extra=extra)):
            if extra and (req.marker is None or req.marker.evaluate(dict(env, extra=""))):
                continue   # already reached through the package without the extra
            out.append(req)
    return out


ENTRIES = lock_entries(LOCK.read_text())


def test_every_entry_is_one_exact_version():
    assert len(ENTRIES) > 50, "requirements-lock.txt looks empty: run `python3 course.py lock`"
    for req in ENTRIES:
        spec = list(req.specifier)
        assert len(spec) == 1 and spec[0].operator == "==" and "*" not in spec[0].version, \
            f"requirements-lock.txt: {req} is not pinned to one version (name==version)"
        assert req.url is None and not req.extras, f"requirements-lock.txt: {req}: a plain pin expected"


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_every_requirement_is_pinned(platform, python):
    problems, unreadable = walk(platform, python, ENTRIES)
    assert not problems, "run `python3 course.py lock`:\n" + "\n".join(problems)
    assert unreadable <= OTHER_PLATFORMS_ONLY, (
        f"cannot read here what {sorted(unreadable - OTHER_PLATFORMS_ONLY)} require: check that "
        "the lock pins their requirements too, then add them to OTHER_PLATFORMS_ONLY")


@pytest.mark.parametrize("package, platform", [
    ("appnope", "macos-arm64"), ("colorama", "windows-amd64"), ("pywinpty", "windows-amd64")])
def test_platform_only_packages_are_pinned_for_their_platform(package, platform):
    """Packages that Linux never installs: pinned, with a marker that selects their platform."""
    entries = [r for r in ENTRIES if canonical(r.name) == package]
    assert entries, f"requirements-lock.txt does not pin {package} (installed on {platform})"
    assert all(r.marker is not None for r in entries), f"{package} is pinned without a marker"
    assert package in pins_for(ENTRIES, marker_env(platform, "3.11.9"))
    assert package not in pins_for(ENTRIES, marker_env("linux-x86_64", "3.11.9"))


def test_a_missing_pin_is_detected():
    """The walk really fails when a platform's package is dropped from the lock."""
    without = [r for r in ENTRIES if canonical(r.name) != "colorama"]
    problems, _ = walk("windows-amd64", "3.11.9", without)
    assert any(p.startswith("colorama (needed by") for p in problems)
    assert not walk("linux-x86_64", "3.11.9", without)[0]


def test_this_machine_runs_the_locked_versions():
    """What the tests run with here is what the lock pins for this platform, package by package."""
    here = pins_for(ENTRIES, default_environment())
    wrong = []
    for name, version in sorted(here.items()):
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{name} is not installed (the lock pins {version})")
            continue
        if have != version:
            wrong.append(f"{name} {have} is installed, the lock pins {version}")
    assert not wrong, "re-run the set-up (python3 course.py test):\n" + "\n".join(wrong)


def test_a_pin_outside_a_requirement_is_detected():
    """For the versions installed here, the ranges they require are held against the pins."""
    wrong = [r for r in ENTRIES if canonical(r.name) != "docutils"] + [Requirement("docutils==0.10")]
    problems, _ = walk("linux-x86_64", "3.11.9", wrong)
    assert any("needs docutils" in p and "docutils==0.10" in p for p in problems), problems
