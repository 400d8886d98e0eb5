"""Execute lessons in place and check that what is stored is one clean run.

Used by ``python3 course.py execute`` and by ``tests/test_notebook_hygiene.py``.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# The kernel's version changes from machine to machine; keep only what the viewer needs.
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3", "file_extension": ".py",
                 "mimetype": "text/x-python", "nbconvert_exporter": "python",
                 "codemirror_mode": {"name": "ipython", "version": 3}}
# What an unrun widget cell shows in JupyterLab (the stored view has no model until the cell runs,
# so the front end shows the text form). A widget's own text form, such as `VBox(children=...`,
# then only appears after running, and only when the widget extension is missing (lesson 00).
WIDGET_INVITATION = "Interactive widget: run this cell (Shift+Enter) to bring it to life."
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def execute_notebook(path: Path, timeout: int = 600) -> None:
    """Run ``path`` top to bottom in a fresh kernel and store the outputs, diff-free.

    Widget state is not stored, and the model ids of widget views are blanked (JupyterLab
    hides such a view until the cell is run again), so an unchanged lesson re-executes to
    the same bytes.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    scrub(nb)
    nbformat.write(nb, path)


def scrub(nb) -> None:
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_MIME)
            if view is not None:
                view["model_id"] = ""
                out["data"]["text/plain"] = WIDGET_INVITATION


def merge_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) chunks: how a kernel splits a print is timing."""
    merged = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and prev is not None
                and prev.get("output_type") == "stream" and prev.get("name") == out.get("name")):
            prev["text"] = prev["text"] + out["text"]
        else:
            merged.append(out)
    return merged


_ADDRESS = re.compile(r"at 0x[0-9a-fA-F]{6,}")
# Home and temporary folders on Linux, macOS (/Users, /var/folders) and Windows (C:\Users, also
# written C:\\Users in a repr or C:/Users).
_ABS_PATH = re.compile(r"(/home/|/root/|/tmp/|/work/|/Users/|/var/folders/"
                       r"|\b[A-Za-z]:(?:\\{1,2}|/)Users(?:\\|/))")


def hygiene_problems(path: Path) -> list[str]:
    """Reasons the stored notebook is not one clean top-to-bottom run (empty when it is)."""
    nb = nbformat.read(Path(path), as_version=4)
    problems = []
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    counts = [c.execution_count for c in code]
    if counts != list(range(1, len(code) + 1)):
        problems.append(f"execution counts {counts} are not 1..{len(code)} in order")
    if "widgets" in nb.metadata:
        problems.append("widget state is stored in the notebook metadata")
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            where = f"cell {i}"
            if out.output_type == "error":
                problems.append(f"{where}: stored error {out.ename}")
            text = out.get("text", "") + out.get("data", {}).get("text/plain", "")
            if out.get("name") == "stderr" and "Warning" in text:
                problems.append(f"{where}: warning in output: {text[:100]!r}")
            if _ADDRESS.search(text):
                problems.append(f"{where}: memory address in output: {text[:100]!r}")
            if _ABS_PATH.search(text):
                problems.append(f"{where}: absolute path in output: {text[:100]!r}")
            view = out.get("data", {}).get(WIDGET_MIME)
            if view is not None and view.get("model_id"):
                problems.append(f"{where}: widget model id stored (re-execute with course.py)")
            if view is not None and out.data.get("text/plain") != WIDGET_INVITATION:
                problems.append(f"{where}: the widget's stored text is not the invitation to run "
                                "it (re-execute with course.py)")
    return problems
