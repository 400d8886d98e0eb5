"""course.py's set-up cannot half-fail: every way it can stop is redone by the next run.

Each test works on a copy of course.py in a temporary folder (its own .venv, lock and
pyproject.toml), so the checkout's .venv is never touched, and nothing is downloaded: pip
installs from a package index served on 127.0.0.1 by the test.
"""
from __future__ import annotations

import base64
import hashlib
import http.server
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def copy_course(folder: Path, lock: str = "") -> Path:
    """course.py, pyproject.toml and a lock in ``folder``; returns the copy of course.py."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "course.py", folder / "course.py")
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    (folder / "requirements-lock.txt").write_text(lock)
    return folder / "course.py"


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"course_copy_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_course(script: Path, *args: str, block: tuple[str, ...] = (), env=None, **kw):
    """Run the copy as `python course.py ARGS`, with the modules in ``block`` unimportable."""
    code = ("import runpy, sys\n"
            f"for name in {block!r}: sys.modules[name] = None\n"
            f"sys.argv = [{str(script)!r}, *{list(args)!r}]\n"
            f"runpy.run_path({str(script)!r}, run_name='__main__')\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=script.parent, env=env, timeout=300, **kw)


# ---------------------------------------------------------------- usage

def test_help_prints_usage_and_exits_0():
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "python3 course.py lab" in result.stdout and "python3 course.py test" in result.stdout


@pytest.mark.parametrize("args", [["frobnicate"], []])
def test_unknown_or_missing_command_prints_usage_and_exits_2(args):
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), *args],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "python3 course.py lab" in result.stderr
    assert ("unknown command 'frobnicate'" in result.stderr) == bool(args)


# ---------------------------------------------------------------- no venv / ensurepip

@pytest.mark.parametrize("block", [("ensurepip",), ("venv", "ensurepip")])
def test_missing_venv_support_is_one_sentence_not_a_traceback(tmp_path, block):
    script = copy_course(tmp_path / "course", "numpy==2.4.6\n")
    result = run_course(script, "lab", block=block)
    assert result.returncode not in (0, None)
    message = result.stderr.strip()
    assert "Traceback" not in message and "\n" not in message, message
    assert f"lacks the {' and '.join(block)} module" in message
    assert "python3-venv" in message and "Debian or Ubuntu" in message
    assert not (script.parent / ".venv").exists(), "nothing may be created without venv support"


def test_a_venv_left_without_pip_is_not_trusted(tmp_path):
    """A .venv with a Python but no stamp (what a failed ensurepip used to leave) is not used."""
    script = copy_course(tmp_path / "course", "numpy==2.4.6\n")
    broken = script.parent / ".venv" / "bin"
    broken.mkdir(parents=True)
    (broken / "python").write_text("")
    result = run_course(script, "test", block=("ensurepip",))
    assert result.returncode != 0 and "python3-venv" in result.stderr
    assert "Traceback" not in result.stderr


def test_failing_ensurepip_is_one_message_and_redone(tmp_path, monkeypatch, capsys):
    course = load(copy_course(tmp_path / "course", "numpy==2.4.6\n"))
    import venv

    def fail(self, env_dir):
        Path(env_dir, "bin").mkdir(parents=True)
        Path(env_dir, "bin", "python").write_text("")   # as far as the old set-up ever got
        raise subprocess.CalledProcessError(1, ["python", "-m", "ensurepip"], output=b"no pip here")

    monkeypatch.setattr(venv.EnvBuilder, "create", fail)
    with pytest.raises(SystemExit) as stop:
        course.ensure_env()
    assert "creating .venv failed" in str(stop.value) and "next run" in str(stop.value)
    assert "no pip here" in capsys.readouterr().err
    assert not course.STAMP.exists()

    calls = []
    monkeypatch.setattr(course, "create_venv", lambda: calls.append("create"))
    monkeypatch.setattr(course, "install_locked", lambda: calls.append("install"))
    course.ensure_env()
    assert calls == ["create", "install"] and course.STAMP.exists()
    assert "the last set-up did not finish" in capsys.readouterr().out


# ---------------------------------------------------------------- the stamp

def test_stamp_is_written_last_and_checked_first(tmp_path, monkeypatch, capsys):
    course = load(copy_course(tmp_path / "course", "numpy==2.4.6\n"))
    calls = []

    def create():
        calls.append("create")
        course.venv_python().parent.mkdir(parents=True, exist_ok=True)
        course.venv_python().write_text("")

    def install(fail):
        calls.append("install")
        assert not course.STAMP.exists(), "the stamp must not exist while installing"
        if fail:
            raise KeyboardInterrupt   # what Ctrl-C does; a kill leaves the same files behind

    monkeypatch.setattr(course, "create_venv", create)
    monkeypatch.setattr(course, "install_locked", lambda: install(fail=True))
    with pytest.raises(KeyboardInterrupt):
        course.ensure_env()
    assert calls == ["create", "install"] and not course.STAMP.exists()
    assert "(first run;" in capsys.readouterr().out

    monkeypatch.setattr(course, "install_locked", lambda: install(fail=False))
    calls.clear()
    course.ensure_env()                      # redone from an empty .venv, by itself
    assert calls == ["create", "install"] and course.STAMP.exists()
    assert "(the last set-up did not finish;" in capsys.readouterr().out

    calls.clear()
    course.ensure_env()                      # finished: nothing to do
    assert calls == [] and capsys.readouterr().out == ""

    course.LOCK.write_text("numpy==2.4.6\nmatplotlib==3.11.2\n")
    course.ensure_env()                      # the lock changed: rebuilt
    assert calls == ["create", "install"]
    assert "(the lock or pyproject.toml changed;" in capsys.readouterr().out


# ---------------------------------------------------------------- killed during pip install

def probe_wheel(folder: Path) -> Path:
    """A wheel with stand-ins for what the set-up and `course.py test` run in the new .venv:
    matplotlib (the font-cache step imports it) and pytest (the test command runs it)."""
    files = {
        "matplotlib/__init__.py": "def use(name):\n    pass\n",
        "matplotlib/pyplot.py": "",
        "pytest.py": "if __name__ == '__main__':\n    print('probe: the tests ran')\n",
        "course_setup_probe-1.0.dist-info/METADATA":
            "Metadata-Version: 2.1\nName: course-setup-probe\nVersion: 1.0\n",
        "course_setup_probe-1.0.dist-info/WHEEL":
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{name},sha256={digest.decode()},{len(text.encode())}")
    record.append("course_setup_probe-1.0.dist-info/RECORD,,")
    files["course_setup_probe-1.0.dist-info/RECORD"] = "\n".join(record) + "\n"
    wheel = folder / "course_setup_probe-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return wheel


class ProbeIndex:
    """A package index on 127.0.0.1 serving the probe wheel; can hold pip's first request."""

    def __init__(self, wheel: Path):
        self.wheel = wheel
        self.hold = threading.Event()       # set: requests wait until released
        self.arrived = threading.Event()
        self.released = threading.Event()
        index = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                index.arrived.set()
                if index.hold.is_set():
                    index.released.wait(120)
                    return
                if self.path.rstrip("/").endswith("/simple/course-setup-probe"):
                    name = index.wheel.name
                    digest = hashlib.sha256(index.wheel.read_bytes()).hexdigest()
                    body = f'<a href="/files/{name}#sha256={digest}">{name}</a>'.encode()
                    kind = "text/html"
                elif self.path == f"/files/{index.wheel.name}":
                    body, kind = index.wheel.read_bytes(), "application/octet-stream"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/simple"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


def offline_pip_env() -> dict[str, str]:
    """Only the test's index: no user or machine pip configuration, no cache, no proxy."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_CACHE_DIR="1", PIP_DEFAULT_TIMEOUT="60",
               NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
    return env


@pytest.mark.skipif(os.name == "nt", reason="kills a process group")
def test_setup_killed_during_pip_install_is_redone_by_the_next_run(tmp_path):
    index = ProbeIndex(probe_wheel(tmp_path))
    try:
        script = copy_course(tmp_path / "course",
                             f"--index-url {index.url}\ncourse-setup-probe==1.0\n")
        venv = script.parent / ".venv"
        env = offline_pip_env()

        index.hold.set()
        first = subprocess.Popen(
            [sys.executable, str(script), "test"], cwd=script.parent, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        assert index.arrived.wait(120), "pip never asked the index"
        os.killpg(first.pid, signal.SIGKILL)           # killed while pip installs
        out, _ = first.communicate(timeout=60)
        assert "first run" in out
        assert venv.is_dir() and not (venv / ".course-stamp").exists()
        index.hold.clear()
        index.released.set()

        again = run_course(script, "test", env=env)
        assert again.returncode == 0, again.stdout + again.stderr
        assert "the last set-up did not finish" in again.stdout
        assert "probe: the tests ran" in again.stdout
        assert (venv / ".course-stamp").exists()

        third = run_course(script, "test", env=env)
        assert third.returncode == 0 and "setting up" not in third.stdout
        assert "probe: the tests ran" in third.stdout
    finally:
        index.close()


def test_kernel_env_is_what_every_kernel_starting_command_passes(tmp_path, monkeypatch):
    """lab, test, screenshot and execute (through its relaunch) pass course.kernel_env()."""
    course = load(copy_course(tmp_path / "course"))
    seen = {}

    class Recorder:
        @staticmethod
        def call(cmd, env=None, cwd=None):
            seen[cmd[2] if cmd[1] == "-m" else Path(cmd[1]).name] = env
            return 0

    monkeypatch.setattr(course, "ensure_env", lambda: None)
    monkeypatch.setattr(course, "subprocess", Recorder)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("VECLIB_MAXIMUM_THREADS", "8")
    course.cmd_lab([])
    course.cmd_test([])
    course.cmd_screenshot([])
    course.cmd_execute([])
    assert set(seen) == {"jupyterlab", "pytest", "tools.browser_session", "course.py"}
    for command, env in seen.items():
        assert "MPLBACKEND" not in env, command
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS"):
            assert env[var] == "1", (command, var)


def test_the_browser_test_starts_jupyterlab_with_the_same_environment(tmp_path, monkeypatch):
    from tools import browser_session as bs
    monkeypatch.setenv("MPLBACKEND", "Agg")
    server = bs.LabServer()
    server.tmp = tmp_path
    env = server._environment()
    assert "MPLBACKEND" not in env and env["VECLIB_MAXIMUM_THREADS"] == "1"
    assert env["HOME"].startswith(str(tmp_path))



def test_the_learners_copy_carries_the_kernels_python_version(tmp_path):
    """JupyterLab writes the running kernel's language_info on opening; with the same version
    already in the copy nothing changes, so an untouched lesson is not marked as changed."""
    course = load(copy_course(tmp_path / "course"))
    src = ROOT / "notebooks" / "00_start_here.ipynb"
    course.learner_copy(src, tmp_path / "mine.ipynb", "3.12.4")
    stored, mine = json.loads(src.read_text()), json.loads((tmp_path / "mine.ipynb").read_text())
    assert "version" not in stored["metadata"]["language_info"]   # machine-independent lessons
    assert mine["metadata"]["language_info"].pop("version") == "3.12.4"
    assert mine == stored


def test_lab_overrides_turn_the_news_question_off_and_keep_other_settings(tmp_path):
    course = load(copy_course(tmp_path / "course"))
    settings = tmp_path / "settings"
    settings.mkdir()
    (settings / "overrides.json").write_text('{"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}')
    course.write_lab_overrides(settings)
    merged = json.loads((settings / "overrides.json").read_text())
    assert merged["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert merged["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
