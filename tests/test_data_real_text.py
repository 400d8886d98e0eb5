"""The slice of NumPy's source read at run time: normalised, split by file, hash-checked."""
import shutil

import numpy as np
import pytest

from course_utils.data import real_text
from course_utils.data.real_text import (ALPHABET, NUMPY_VERSION, RARE, SLICE, VOCAB, load_numpy_source,
                                    normalise, numpy_root)


@pytest.fixture(scope="module")
def source():
    return load_numpy_source()


def test_the_slice_names_the_version_the_lock_pins():
    from pathlib import Path
    lock = (Path(__file__).resolve().parent.parent / "requirements-lock.txt").read_text()
    assert f"numpy=={NUMPY_VERSION}\n" in lock, "requirements-lock.txt and real_text.NUMPY_VERSION disagree"


def test_slice_is_split_by_file(source):
    parts = {part for _, part, _ in SLICE}
    assert parts == {"train", "held_out"}
    paths = [path for path, _, _ in SLICE]
    assert len(set(paths)) == len(paths)
    for path, part, start, end in source.files:
        text = source.train if part == "train" else source.held_out
        assert text[start:end] == source.file_text(path)
    assert sum(end - start for _, part, start, end in source.files if part == "train") == len(source.train)
    assert sum(end - start for _, part, start, end in source.files if part == "held_out") == len(source.held_out)


def test_slice_size_and_characters(source):
    assert 100_000 <= len(source.train) + len(source.held_out) <= 300_000
    assert len(source.held_out) >= 20_000
    assert set(source.train + source.held_out) <= set(VOCAB.chars)
    ids = VOCAB.encode(source.held_out)
    assert ids.dtype == np.int64 and VOCAB.size == 97


def test_loading_is_deterministic(source):
    assert source.sha256 == real_text.SLICE_SHA256
    again = load_numpy_source()
    assert again.train == source.train and again.held_out == source.held_out
    assert again.files == source.files


def test_files_are_hand_written_sources_not_build_products():
    for path, _, digest in SLICE:
        assert path.startswith("numpy/") and path.endswith(".py")
        assert "/tests/" not in path and "distutils" not in path
        assert path.rsplit("/", 1)[1] not in ("version.py", "__config__.py", "_distributor_init.py")
        assert isinstance(digest, str) and len(digest) == 64


def copy_slice(tmp_path):
    for path, _, _ in SLICE:
        dest = tmp_path / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(numpy_root() / path, dest)
    return tmp_path


def test_a_copy_with_the_same_bytes_loads(tmp_path, source):
    copied = load_numpy_source(copy_slice(tmp_path))
    assert copied.train == source.train


def test_a_changed_file_names_the_pinned_version(tmp_path):
    root = copy_slice(tmp_path)
    path = SLICE[-1][0]
    with open(root / path, "a", encoding="utf-8") as f:
        f.write("# one more line\n")
    with pytest.raises(RuntimeError, match=rf"numpy=={NUMPY_VERSION}.*not the text of numpy "
                                           rf"{NUMPY_VERSION}: {path}"):
        load_numpy_source(root)


def test_a_missing_file_names_the_pinned_version(tmp_path):
    root = copy_slice(tmp_path)
    path = SLICE[0][0]
    (root / path).unlink()
    with pytest.raises(RuntimeError, match=rf"numpy=={NUMPY_VERSION}.*missing: {path}"):
        load_numpy_source(root)


def test_windows_line_ends_give_the_same_text(tmp_path, source):
    root = copy_slice(tmp_path)
    for path, _, _ in SLICE:
        f = root / path
        f.write_bytes(f.read_bytes().replace(b"\n", b"\r\n"))
    assert load_numpy_source(root).held_out == source.held_out


def test_normalise():
    assert normalise("a\r\nb\rc\n") == "a\nb\nc\n"
    assert normalise("x\ty é…") == f"x{RARE}y {RARE}{RARE}"
    assert all(normalise(c) == c for c in ALPHABET)
    with pytest.raises(TypeError, match="text must be a string, got bytes"):
        normalise(b"abc")


def test_bad_root_and_bad_file_name(tmp_path, source):
    with pytest.raises(ValueError, match="root must be a folder holding numpy/"):
        load_numpy_source(tmp_path / "nowhere")
    with pytest.raises(TypeError, match="root must be a folder path"):
        load_numpy_source(3)
    with pytest.raises(ValueError, match="path must be one of the slice's files, got 'numpy/x.py'"):
        source.file_text("numpy/x.py")
    assert real_text.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
