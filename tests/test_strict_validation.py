"""The notebook comparison is strict: a changed number in a stored output fails the suite."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "00_start_here.ipynb"


def run_nbval(path: Path) -> subprocess.CompletedProcess:
    # The project's own options (pyproject's addopts), on one copied notebook.
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-c", str(ROOT / "pyproject.toml"),
         "--rootdir", str(ROOT), "-p", "no:cacheprovider", str(path)],
        capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_changed_printed_number_fails_and_original_passes(tmp_path):
    # Inside the checkout (the project's options and paths apply) but outside notebooks/, so that
    # no other run of the suite collects it; test-artifacts/ is git-ignored.
    folder = ROOT / "test-artifacts" / "strict-validation"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"{tmp_path.name}.ipynb"
    try:
        shutil.copy(LESSON, copy)
        assert run_nbval(copy).returncode == 0, "the unchanged lesson should validate"
        nb = json.loads(copy.read_text())
        changed = False
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                text = "".join(out.get("text", []))
                found = re.search(r"all (\d+) packages", text)
                if found:                                 # one more than printed: a wrong count
                    wrong = f"all {int(found.group(1)) + 1} packages"
                    out["text"] = [text.replace(found.group(0), wrong)]
                    changed = True
        assert changed, "expected the environment check's printed count in lesson 00"
        copy.write_text(json.dumps(nb))
        result = run_nbval(copy)
        assert result.returncode != 0, "a changed number in a stored output must fail validation"
        assert "Cell outputs differ" in result.stdout
    finally:
        copy.unlink(missing_ok=True)
