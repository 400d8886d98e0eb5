"""Text for lesson 03's character model: the course's own corpus, its vocabulary, a held-out cut."""
from __future__ import annotations

import numpy as np

from ..validation import check_array, check_scalar


CORPUS_FILES = ("corpus.txt",)   # course_utils/data/texts/, written for the course


def load_corpus(name="corpus.txt") -> str:
    """The text of ``course_utils/data/texts/<name>``: a few KB of plain English written for the course."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'corpus.txt', got {type(name).__name__}")
    if name not in CORPUS_FILES:
        raise ValueError(f"name must be one of {', '.join(map(repr, CORPUS_FILES))}; got {name!r}")
    from importlib import resources
    return (resources.files(__package__) / "texts" / name).read_text(encoding="utf-8")


class CharVocab:
    """A character vocabulary: ids 0..V-1 for the sorted distinct characters of a text.

    ``encode(text) -> ids (N,) int64`` and ``decode(ids) -> str`` are inverse to each other.
    """

    def __init__(self, chars):
        self.chars = tuple(chars)
        self.index = {c: i for i, c in enumerate(self.chars)}

    @property
    def size(self) -> int:
        return len(self.chars)

    def __len__(self) -> int:
        return len(self.chars)

    def __repr__(self) -> str:
        return f"CharVocab({self.size} characters: {''.join(self.chars)!r})"

    def encode(self, text) -> np.ndarray:
        """ids (len(text),) int64; a character outside the vocabulary is an error."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, got {type(text).__name__}")
        for pos, c in enumerate(text):
            if c not in self.index:
                raise ValueError(f"text has {c!r} at position {pos}, which is not in the vocabulary "
                                 f"of {self.size} characters")
        return np.array([self.index[c] for c in text], dtype=np.int64)

    def decode(self, ids) -> str:
        """The text of a 1-D sequence of ids in [0, V)."""
        ids = check_array("ids", ids, ndim=1)
        if ids.size == 0:
            return ""
        if not np.issubdtype(ids.dtype, np.integer):
            raise TypeError(f"ids must hold integer character ids, got dtype {ids.dtype}")
        if ids.min() < 0 or ids.max() >= self.size:
            raise ValueError(f"ids must lie in [0, {self.size}), got values from {ids.min()} to {ids.max()}")
        return "".join(self.chars[i] for i in ids)


def char_vocab(text) -> CharVocab:
    """The vocabulary of every distinct character in ``text`` (a non-empty string), sorted."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if not text:
        raise ValueError("text must not be empty: a vocabulary needs at least one character")
    return CharVocab(sorted(set(text)))


def split_text(text, held_out_fraction=0.1) -> tuple[str, str]:
    """(train, held_out): the last ``held_out_fraction`` of ``text`` is held out, unseen in training.

    A contiguous cut, not a shuffle: held-out text is text the model has never read. Each part
    keeps at least 2 characters (one input and its target).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    frac = check_scalar("held_out_fraction", held_out_fraction, min_value=0, max_value=1,
                        include_boundaries="neither")
    n_held = int(round(len(text) * frac))
    if n_held < 2 or len(text) - n_held < 2:
        raise ValueError(f"text of {len(text)} characters is too short to hold out a fraction {frac}: "
                         f"each part needs at least 2 characters")
    return text[:-n_held], text[-n_held:]
