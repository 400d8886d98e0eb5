#!/usr/bin/env python3
"""One entry point for the course: set-up, JupyterLab, tests, notebook execution.

    python3 course.py lab        # create/refresh .venv, open your copy of the lessons in JupyterLab
    python3 course.py test       # same set-up, then the whole test suite (extra args go to pytest)
    python3 course.py execute    # re-run every lesson in place, fresh kernel, outputs stored
    python3 course.py images     # redraw the diagrams in images/
    python3 course.py screenshot # redraw the README's picture of the explorer in JupyterLab
    python3 course.py lock       # rewrite requirements-lock.txt from the current .venv

Standard library only, so it runs on a fresh machine (Linux, macOS, Windows) before anything
is installed. The environment lives in .venv and is rebuilt when requirements-lock.txt or
pyproject.toml change.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements-lock.txt"
STAMP = VENV / ".course-stamp"
NOTEBOOKS = ROOT / "notebooks"
WORKING_COPY = ROOT / "my-notebooks"

# Same numbers on every machine: one BLAS thread sums in one order.
PINNED_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
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
    """Create .venv if missing, (re)install the locked versions if the lock changed."""
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not venv_python().exists():
        print("course: creating .venv (first run only)...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    stamp = wanted_stamp()
    if STAMP.exists() and STAMP.read_text().strip() == stamp:
        return
    print("course: installing the locked versions into .venv (about a minute)...", flush=True)
    py = str(venv_python())
    pip = [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run(pip + ["-r", str(LOCK)])
    # The lessons import course_utils from this checkout: a .pth file is an editable install
    # that needs no build backend (pip install -e . does the same for pip users).
    purelib = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "rnn_course.pth").write_text(str(ROOT) + "\n")
    # Build matplotlib's font cache now, so its one-time notice never lands in a lesson's output.
    run([py, "-c", "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot"])
    STAMP.write_text(stamp + "\n")


def run(cmd: list[str], **kw) -> int:
    code = subprocess.call(cmd, **kw)
    if code:
        sys.exit(f"course: command failed ({code}): {' '.join(cmd)}")
    return code


def pinned_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(PINNED_ENV)
    return env


def relaunch_in_venv(args: list[str]) -> int:
    """Run this script again with the venv's Python (which has the packages)."""
    ensure_env()
    return subprocess.call([str(venv_python()), str(Path(__file__).resolve()), *args],
                           env=pinned_env(), cwd=ROOT)


# ---------------------------------------------------------------- commands

def cmd_lab(extra: list[str]) -> int:
    ensure_env()
    WORKING_COPY.mkdir(exist_ok=True)
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        mine = WORKING_COPY / nb.name
        if not mine.exists():   # never overwrite a learner's edits
            shutil.copy2(nb, mine)
    cmd = [str(venv_python()), "-m", "jupyterlab",
           f"--ServerApp.root_dir={ROOT}",
           "--ServerApp.default_url=/lab/tree/my-notebooks/00_start_here.ipynb",
           "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    print(f"course: your working copy of the lessons is {WORKING_COPY.name}/ "
          "(delete a file there to get a fresh copy of that lesson)", flush=True)
    try:
        return subprocess.call(cmd + extra, env=pinned_env(), cwd=ROOT)
    except KeyboardInterrupt:
        return 0


def cmd_test(extra: list[str]) -> int:
    ensure_env()
    env = pinned_env()
    env.pop("MPLBACKEND", None)   # kernels must use their inline backend, as in JupyterLab
    return subprocess.call([str(venv_python()), "-m", "pytest", *extra], env=env, cwd=ROOT)


def cmd_execute(paths: list[str]) -> int:
    if not in_venv():
        return relaunch_in_venv(["execute", *paths])
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
                           env=pinned_env(), cwd=ROOT)


def cmd_lock(_: list[str]) -> int:
    ensure_env()
    frozen = subprocess.run([str(venv_python()), "-m", "pip", "freeze", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout
    lines = [ln for ln in frozen.splitlines() if ln and not ln.lower().startswith("rnn-course")]
    LOCK.write_text("# Exact versions the tests and CI install. Regenerate: python3 course.py lock\n"
                    + "\n".join(lines) + "\n")
    STAMP.write_text(wanted_stamp() + "\n")
    print(f"course: wrote {LOCK.name} ({len(lines)} packages)")
    return 0


COMMANDS = {"lab": cmd_lab, "test": cmd_test, "execute": cmd_execute, "images": cmd_images,
            "screenshot": cmd_screenshot, "lock": cmd_lock}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
