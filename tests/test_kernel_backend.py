"""A kernel started the way `course.py lab` starts JupyterLab draws figures as pictures,
whatever the shell exports: with MPLBACKEND=Agg, a figure must still arrive as image/png.

JupyterLab hands its own environment to every kernel it starts, so the kernel here gets the
environment `course.py lab` gives JupyterLab (recorded from cmd_lab, not rebuilt by hand).
"""
from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parent.parent
PLOT = "import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\nplt.show()"


def course_copy(folder: Path):
    """course.py copied to ``folder`` (its working copy of the lessons goes there too)."""
    shutil.copy(ROOT / "course.py", folder / "course.py")
    spec = importlib.util.spec_from_file_location("course_for_kernel_test", folder / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lab_environment(monkeypatch, folder: Path) -> dict[str, str]:
    """The environment `course.py lab` starts JupyterLab with (set-up and launch stubbed)."""
    course = course_copy(folder)
    seen = {}

    class Recorder:
        @staticmethod
        def call(cmd, env=None, cwd=None):
            seen.update(cmd=cmd, env=env)
            return 0

    monkeypatch.setattr(course, "ensure_env", lambda: None)
    monkeypatch.setattr(course, "subprocess", Recorder)
    course.cmd_lab([])
    assert seen["cmd"][1:3] == ["-m", "jupyterlab"]
    return seen["env"]


def outputs(code: str, env: dict[str, str], cwd: Path) -> list[dict]:
    """The display/result messages of running ``code`` in a fresh python3 kernel."""
    km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(cwd), startup_timeout=120)
    found = []
    try:
        def keep(msg):
            if msg["msg_type"] in ("display_data", "execute_result", "stream", "error"):
                found.append(msg["content"])
        reply = kc.execute_interactive(code, timeout=120, output_hook=keep)
        assert reply["content"]["status"] == "ok", found
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return found


def test_kernel_started_like_lab_shows_png_with_MPLBACKEND_Agg_exported(monkeypatch, tmp_path):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    env = lab_environment(monkeypatch, tmp_path)
    found = outputs(PLOT, env, tmp_path)
    assert any("image/png" in out.get("data", {}) for out in found), found


def test_without_that_environment_the_figure_is_text(monkeypatch, tmp_path):
    """The check above can fail: the shell's MPLBACKEND=Agg passed on gives no picture."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    found = outputs(PLOT, dict(os.environ), tmp_path)
    assert not any("image/png" in out.get("data", {}) for out in found), found
