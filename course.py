#!/usr/bin/env python3
"""One entry point for the course: set-up, JupyterLab, tests, notebook execution.

    python3 course.py lab        # set up .venv, open your copy of the lessons in JupyterLab
    python3 course.py test       # same set-up, then the whole test suite (extra args go to pytest)
    python3 course.py execute    # re-run every lesson in place, fresh kernel, outputs stored
    python3 course.py images     # redraw the diagrams in images/
    python3 course.py screenshot # redraw the README's picture of the explorer in JupyterLab
    python3 course.py lock       # re-resolve requirements-lock.txt for Linux, macOS and Windows
    python3 course.py site       # build the course's website from the stored notebooks (build/site/)
    python3 course.py student    # write the student edition, without solutions (build/student/)
    python3 course.py --help     # this text

Standard library only, so it runs on a fresh machine (Linux, macOS, Windows) before anything
is installed. The environment lives in .venv: everything requirements-lock.txt pins for this
platform (the lessons' packages, the test and site extras, and uv). It is rebuilt from scratch
when the lock or pyproject.toml changes, and when a set-up did not finish: a stamp written last
says it did.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements-lock.txt"
STAMP = VENV / ".course-stamp"
NOTEBOOKS = ROOT / "notebooks"
WORKING_COPY = ROOT / "my-notebooks"

# Same numbers on every machine: one BLAS thread sums in one order (OpenBLAS, OpenMP, MKL, and
# Accelerate, which NumPy uses on Apple silicon).
PINNED_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "JUPYTER_PREFER_ENV_PATH": "1",   # the venv's kernel wins over a stale user-level one
    "JUPYTER_PLATFORM_DIRS": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def wanted_stamp() -> str:
    h = hashlib.sha256()
    for f in (LOCK, ROOT / "pyproject.toml"):
        h.update(f.read_bytes())
    return h.hexdigest()


def ensure_env() -> None:
    """Make .venv hold exactly the locked versions; rebuild it if it does not, or may not.

    The stamp is written last and checked first, so a set-up that failed or was killed at any
    step leaves no stamp, and the next run starts it again from an empty .venv.
    """
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    want = wanted_stamp()
    have = STAMP.read_text().strip() if STAMP.is_file() else None
    if have == want and venv_python().exists():
        return
    problem = venv_support_problem()
    if problem:
        sys.exit(problem)
    if have is None:
        why = "the last set-up did not finish" if VENV.exists() else "first run"
    elif have != want:
        why = "the lock or pyproject.toml changed"
    else:
        why = ".venv is incomplete"
    print(f"course: setting up .venv ({why}; about a minute, it needs access to PyPI)...",
          flush=True)
    build_env(want)


def venv_support_problem() -> str | None:
    """One sentence on what this Python lacks to create .venv, or None when nothing."""
    missing = []
    for module in ("venv", "ensurepip"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if not missing:
        return None
    minor = f"python3.{sys.version_info.minor}-venv"
    return (f"course: this Python ({sys.executable}) lacks the {' and '.join(missing)} "
            f"module{'s' if len(missing) > 1 else ''} needed to create .venv: on Debian or Ubuntu "
            f"install the package python3-venv (or {minor} for this version) with "
            f"`sudo apt install python3-venv`, elsewhere use a full Python from python.org.")


def build_env(want: str) -> None:
    STAMP.unlink(missing_ok=True)
    create_venv()
    install_locked()
    tmp = STAMP.with_suffix(".tmp")
    tmp.write_text(want + "\n")
    os.replace(tmp, STAMP)    # last: only a finished set-up has a stamp


def create_venv() -> None:
    """An empty .venv with pip (whatever was there before is removed)."""
    import venv
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    except subprocess.CalledProcessError as err:
        output = err.output.decode(errors="replace") if isinstance(err.output, bytes) else err.output
        if output:
            print(output.rstrip(), file=sys.stderr)
        sys.exit(f"course: creating .venv failed (`{' '.join(map(str, err.cmd))}` exited with "
                 f"status {err.returncode}); the next run starts the set-up again.")
    except OSError as err:
        sys.exit(f"course: creating .venv failed: {err}; the next run starts the set-up again.")


def install_locked() -> None:
    """pip installs the lock's entries for this platform (pip skips those whose markers don't match)."""
    py = str(venv_python())
    run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(LOCK)])
    # The lessons import course_utils from this checkout: a .pth file is an editable install
    # that needs no build backend (pip install -e . does the same for pip users).
    purelib = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "rnn_course.pth").write_text(str(ROOT) + "\n")
    # Build matplotlib's font cache now, so its one-time notice never lands in a lesson's output.
    run([py, "-c", "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot"])


def run(cmd: list[str], **kw) -> int:
    code = subprocess.call(cmd, **kw)
    if code:
        sys.exit(f"course: command failed ({code}): {' '.join(cmd)}")
    return code


def kernel_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every process that starts kernels (JupyterLab, pytest, execute).

    Threads pinned, and no MPLBACKEND: a kernel then draws with its inline backend, whatever
    the shell exports (MPLBACKEND=Agg would turn every figure into the text "<Figure ...>").
    """
    env = dict(os.environ if base is None else base)
    env.update(PINNED_ENV)
    env.pop("MPLBACKEND", None)
    return env


def relaunch_in_venv(args: list[str]) -> int:
    """Run this script again with the venv's Python (which has the packages)."""
    ensure_env()
    return subprocess.call([str(venv_python()), str(Path(__file__).resolve()), *args],
                           env=kernel_env(), cwd=ROOT)


# ---------------------------------------------------------------- commands

def lab_command(extra: list[str]) -> list[str]:
    cmd = [str(venv_python()), "-m", "jupyterlab",
           f"--ServerApp.root_dir={ROOT}",
           "--ServerApp.default_url=/lab/tree/my-notebooks/00_start_here.ipynb",
           "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd + extra


# JupyterLab settings for the learner's lab (overrides.json): no pop-up asking about news, no
# update check. (`--LabApp.news_url=` alone stops the fetching but not the question.)
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def write_lab_overrides(settings_dir: Path, overrides: dict = LAB_OVERRIDES) -> Path:
    """Merge ``overrides`` into ``settings_dir/overrides.json`` (JupyterLab's app settings)."""
    path = Path(settings_dir) / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    merged = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for plugin, values in overrides.items():
        merged.setdefault(plugin, {}).update(values)
    path.write_text(json.dumps(merged, indent=1) + "\n", encoding="utf-8")
    return path


def learner_copy(src: Path, dst: Path, python_version: str) -> None:
    """Copy a lesson for the learner, stamped with the kernel's Python version.

    The stored lessons leave the version out (it differs between machines); JupyterLab writes
    the running kernel's into the notebook on opening, which would mark an untouched lesson as
    changed. With the same version already there, nothing changes.
    """
    nb = json.loads(Path(src).read_text(encoding="utf-8"))
    nb.setdefault("metadata", {}).setdefault("language_info", {})["version"] = python_version
    Path(dst).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def kernel_python_version() -> str:
    """The Python version of the venv, which runs the lessons' kernel."""
    return subprocess.check_output([str(venv_python()), "-c",
                                    "import platform; print(platform.python_version())"],
                                   text=True).strip()


def cmd_lab(extra: list[str]) -> int:
    ensure_env()
    write_lab_overrides(VENV / "share" / "jupyter" / "lab" / "settings")
    WORKING_COPY.mkdir(exist_ok=True)
    version = None
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        mine = WORKING_COPY / nb.name
        if not mine.exists():   # never overwrite a learner's edits
            version = version or kernel_python_version()
            learner_copy(nb, mine, version)
    print(f"course: your working copy of the lessons is {WORKING_COPY.name}/ "
          "(delete a file there to get a fresh copy of that lesson)", flush=True)
    try:
        return subprocess.call(lab_command(extra), env=kernel_env(), cwd=ROOT)
    except KeyboardInterrupt:
        return 0


def cmd_test(extra: list[str]) -> int:
    ensure_env()
    return subprocess.call([str(venv_python()), "-m", "pytest", *extra], env=kernel_env(), cwd=ROOT)


def cmd_execute(paths: list[str]) -> int:
    if not in_venv():
        return relaunch_in_venv(["execute", *paths])
    env = kernel_env()   # also when started with .venv's Python directly
    os.environ.clear()
    os.environ.update(env)
    from tools.notebook_tools import execute_notebook
    targets = [Path(p).resolve() for p in paths] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for nb in targets:
        if not nb.is_file():
            print(f"course: no notebook at {nb}", file=sys.stderr)
            return 2
        shown = nb.relative_to(ROOT) if nb.is_relative_to(ROOT) else nb
        print(f"course: executing {shown}", flush=True)
        execute_notebook(nb)
    return 0


def cmd_images(_: list[str]) -> int:
    if not in_venv():
        return relaunch_in_venv(["images"])
    from course_utils.diagrams import draw_all
    for path in draw_all(ROOT / "images"):
        print(f"course: wrote {Path(path).relative_to(ROOT)}")
    return 0


def cmd_screenshot(_: list[str]) -> int:
    ensure_env()
    return subprocess.call([str(venv_python()), "-m", "tools.browser_session", "screenshot"],
                           env=kernel_env(), cwd=ROOT)


def cmd_lock(extra: list[str]) -> int:
    """Resolve pyproject.toml (the lessons' packages and every extra) for all platforms at once.

    uv keeps the versions the lock already pins unless told otherwise (extra arguments go to
    `uv pip compile`, e.g. `--upgrade-package numpy`); pip installs the result, markers and all.
    uv comes with the lock: a finished .venv that has it is used even if pyproject.toml or the
    lock were edited since (no rebuild before re-resolving); otherwise the set-up runs first.
    """
    finished = STAMP.is_file() and venv_python().exists()
    if not (finished and subprocess.call([str(venv_python()), "-c", "import uv"]) == 0):
        ensure_env()
    code = subprocess.call([str(venv_python()), "-m", "uv", "pip", "compile", "pyproject.toml",
                            "--universal", "--all-extras", "--python-version", "3.11",
                            "--output-file", LOCK.name, "--quiet",
                            "--custom-compile-command", "python3 course.py lock", *extra], cwd=ROOT)
    if code:
        return code
    pins = [ln for ln in LOCK.read_text().splitlines() if "==" in ln and not ln.startswith((" ", "#"))]
    print(f"course: wrote {LOCK.name} ({len(pins)} pins for Linux, macOS and Windows)", flush=True)
    ensure_env()   # .venv follows the new lock
    return 0


def cmd_tool(name: str, module: str, args: list[str]) -> int:
    """A maintainer's tool from tools/ (the student edition leaves that folder out)."""
    if not in_venv():
        return relaunch_in_venv([name, *args])
    if not (ROOT / "tools").is_dir():
        print(f"course: {name}: this copy of the course has no tools/ folder (the student "
              "edition leaves the maintainers' tools out)", file=sys.stderr)
        return 2
    import importlib
    return importlib.import_module(module).main(args)


def cmd_site(args: list[str]) -> int:
    return cmd_tool("site", "tools.website", args)


def cmd_student(args: list[str]) -> int:
    return cmd_tool("student", "tools.student", args)


COMMANDS = {"lab": cmd_lab, "test": cmd_test, "execute": cmd_execute, "images": cmd_images,
            "screenshot": cmd_screenshot, "lock": cmd_lock, "site": cmd_site, "student": cmd_student}


def usage() -> str:
    return __doc__.strip() + "\n"


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help", "help"):
        print(usage(), end="")
        return 0
    if not argv or argv[0] not in COMMANDS:
        if argv:
            print(f"course: unknown command {argv[0]!r}", file=sys.stderr)
        print(usage(), end="", file=sys.stderr)
        return 2
    try:
        return COMMANDS[argv[0]](argv[1:])
    except KeyboardInterrupt:
        print("\ncourse: interrupted (an unfinished set-up is redone by the next run)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
