"""Real text nobody wrote for the course: Python source files of the installed NumPy, read at run time.

Nothing is copied into the course. A fixed list of files, in a fixed order, is read from the NumPy
that the course pins (``NUMPY_VERSION``, as in requirements-lock.txt), normalised, and checked
against a SHA-256 hash per file, so another NumPy version stops with a clear message instead of
quietly giving other numbers. The files are hand-written modules of NumPy's source distribution
(installed as they are by pip's wheels and conda-forge's packages alike; nothing generated at
build time). Training and held-out text are split by file: the held-out files are code the model
has never read a line of.

Normalisation: line ends become "\\n"; every character outside ``ALPHABET`` (newline and the 95
printable ASCII characters) becomes ``RARE`` (U+FFFD, the replacement character). The vocabulary
is fixed, V = 97, whatever the text holds.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .text import CharVocab

NUMPY_VERSION = "2.4.6"
ALPHABET = "\n" + "".join(chr(c) for c in range(32, 127))
RARE = "\ufffd"
VOCAB = CharVocab(ALPHABET + RARE)          # ids in code-point order; RARE last

# (path inside site-packages, part, SHA-256 of the normalised text): the slice, in reading order.
SLICE = (
    ("numpy/_core/numeric.py", "train",
     "d75e4d3072e59b477cad20f088d964f6b41c840e7304d3f76fe9f6832d760a9f"),
    ("numpy/_core/shape_base.py", "train",
     "1d6e897dfdb7edf2d71e8ed75254a6e7106b1a947592f88d91af96d1ad2c469e"),
    ("numpy/lib/_shape_base_impl.py", "train",
     "c9858af506f79e40dae1a4fee13900a06216aa78b95813d0a952156c7c37b311"),
    ("numpy/lib/_index_tricks_impl.py", "train",
     "0cde783785ad86729ac3dc079a9f77ae8e1abb7d11d2cde9e35447ec91463e2b"),
    ("numpy/lib/_histograms_impl.py", "train",
     "52dbbb68041ced9a6c1e7ff4e288149d9ab565c7477e2a5cabd791abcd7ba155"),
    ("numpy/lib/_arraysetops_impl.py", "held_out",
     "9f896cc0ddc2f4f94ed7cf0b28fa5dba777ec77df3c44788afcd6448d55416b4"),
)
SLICE_SHA256 = "0c77a1884deac589b3eb10de9cdc74c7940439fc4893bcd439df3ade20359497"   # train + held_out


def normalise(text) -> str:
    """Line ends as "\\n", and each character outside ALPHABET replaced by RARE."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    allowed = set(ALPHABET)
    return "".join(c if c in allowed else RARE for c in text)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SourceText:
    """The slice: ``train`` and ``held_out`` text, each the files of its part joined in order.

    ``files`` holds (path, part, start, end): where each file lies in its part's text.
    """
    train: str
    held_out: str
    files: tuple
    numpy_version: str
    vocab: CharVocab = VOCAB

    @property
    def sha256(self) -> str:
        """SHA-256 of train + held_out: SLICE_SHA256 for the pinned NumPy."""
        return sha256(self.train + self.held_out)

    def file_text(self, path: str) -> str:
        """The normalised text of one file of the slice."""
        for name, part, start, end in self.files:
            if name == path:
                return (self.train if part == "train" else self.held_out)[start:end]
        raise ValueError(f"path must be one of the slice's files, got {path!r}")


def numpy_root() -> Path:
    """The folder that holds the installed ``numpy`` package (its site-packages)."""
    import numpy
    return Path(numpy.__file__).resolve().parent.parent


def _installed_version() -> str:
    import numpy
    return numpy.__version__


def load_numpy_source(root=None, *, slice_=None) -> SourceText:
    """Read, normalise and check the slice of NumPy's source; split it by file.

    root: the folder holding ``numpy/`` (default: the installed NumPy's site-packages).
    slice_: (path, part, sha256 or None) rows in place of SLICE (for trying other files).
    Raises RuntimeError naming the expected NumPy version when a file is missing or differs.
    """
    slice_ = SLICE if slice_ is None else slice_
    version = _installed_version() if root is None else "unknown (a folder given as root)"
    if root is not None and not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"root must be a folder path (str or pathlib.Path), got {type(root).__name__}")
    root = numpy_root() if root is None else Path(root)
    if not root.is_dir():
        raise ValueError(f"root must be a folder holding numpy/, got {str(root)!r}")
    parts = {"train": [], "held_out": []}
    files, missing, changed = [], [], []
    for path, part, want in slice_:
        f = root / path
        if not f.is_file():
            missing.append(path)
            continue
        text = normalise(f.read_bytes().decode("utf-8", errors="replace"))
        if want is not None and sha256(text) != want:
            changed.append(path)
        start = sum(len(t) for t in parts[part])
        parts[part].append(text)
        files.append((path, part, start, start + len(text)))
    if missing or changed:
        what = "; ".join(s for s in (
            f"missing: {', '.join(missing)}" if missing else "",
            f"not the text of numpy {NUMPY_VERSION}: {', '.join(changed)}" if changed else "") if s)
        raise RuntimeError(
            f"The real text of this lesson is the source of numpy=={NUMPY_VERSION} (the version "
            f"requirements-lock.txt pins), but the NumPy at {root} is version {version} ({what}). "
            f"Install the pinned version (python3 course.py lab does it in the course's .venv, or "
            f"pip install numpy=={NUMPY_VERSION}); another version would give other numbers.")
    return SourceText("".join(parts["train"]), "".join(parts["held_out"]), tuple(files), version)
