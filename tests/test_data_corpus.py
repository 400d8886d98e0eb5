"""The course's own text corpus, the character vocabulary, the split, and truncated-BPTT chunks."""
import numpy as np
import pytest

from course_utils.data import (CharVocab, bptt_chunks, char_vocab, load_corpus, split_text)


# ---------------------------------------------------------------- load_corpus

def test_corpus_is_a_few_kb_of_plain_text():
    text = load_corpus()
    assert isinstance(text, str) and 3000 < len(text) < 50_000
    assert text.isascii() and "\t" not in text and "\r" not in text


def test_corpus_is_the_same_every_time():
    assert load_corpus() == load_corpus("corpus.txt")


def test_load_corpus_unknown_name():
    with pytest.raises(ValueError, match="name must be one of 'corpus.txt'; got 'shakespeare.txt'"):
        load_corpus("shakespeare.txt")


def test_load_corpus_name_not_a_string():
    with pytest.raises(TypeError, match="name must be a string"):
        load_corpus(3)


# ---------------------------------------------------------------- vocabulary

def test_vocab_is_sorted_distinct_characters():
    v = char_vocab("hello world")
    assert v.chars == (" ", "d", "e", "h", "l", "o", "r", "w")
    assert v.size == len(v) == 8
    assert "8 characters" in repr(v)


def test_encode_decode_round_trip_on_the_corpus():
    text = load_corpus()
    v = char_vocab(text)
    ids = v.encode(text)
    assert ids.dtype == np.int64 and ids.shape == (len(text),)
    assert ids.min() == 0 and ids.max() == v.size - 1
    assert v.decode(ids) == text


def test_decode_accepts_a_list_and_empty():
    v = char_vocab("abc")
    assert v.decode([2, 0, 1]) == "cab"
    assert v.decode(np.array([], dtype=np.int64)) == ""


def test_char_vocab_empty_text():
    with pytest.raises(ValueError, match="text must not be empty"):
        char_vocab("")


def test_char_vocab_not_a_string():
    with pytest.raises(TypeError, match="text must be a string, got list"):
        char_vocab(["a", "b"])


def test_encode_unknown_character():
    with pytest.raises(ValueError, match=r"text has 'z' at position 2, which is not in the vocabulary of 3"):
        char_vocab("abc").encode("abz")


def test_encode_not_a_string():
    with pytest.raises(TypeError, match="text must be a string, got bytes"):
        char_vocab("abc").encode(b"abc")


def test_decode_out_of_range():
    with pytest.raises(ValueError, match=r"ids must lie in \[0, 3\), got values from 0 to 3"):
        char_vocab("abc").decode([0, 3])


def test_decode_negative():
    with pytest.raises(ValueError, match=r"ids must lie in \[0, 3\)"):
        char_vocab("abc").decode([-1])


def test_decode_floats():
    with pytest.raises(TypeError, match="ids must hold integer character ids, got dtype float64"):
        char_vocab("abc").decode([0.0, 1.0])


def test_decode_two_dimensional():
    with pytest.raises(ValueError, match="ids must have 1 dimensions"):
        char_vocab("abc").decode(np.zeros((2, 2), dtype=int))


def test_charvocab_direct_construction():
    assert CharVocab("ba").encode("ab").tolist() == [1, 0]


# ---------------------------------------------------------------- split_text

def test_split_keeps_everything_in_order():
    text = load_corpus()
    train, held = split_text(text, 0.1)
    assert train + held == text
    assert abs(len(held) - 0.1 * len(text)) <= 1


def test_split_default_fraction():
    train, held = split_text("abcdefghijklmnopqrst")
    assert (train, held) == ("abcdefghijklmnopqr", "st")


@pytest.mark.parametrize("frac", [1.0, 1.5])
def test_split_fraction_too_large(frac):
    with pytest.raises(ValueError, match=r"held_out_fraction must be a finite number in \(0, 1\)"):
        split_text("abcdefghij", frac)


@pytest.mark.parametrize("frac", [0.0, -0.2])
def test_split_fraction_not_positive(frac):
    with pytest.raises(ValueError, match=r"held_out_fraction must be a finite number in \(0, 1\)"):
        split_text("abcdefghij", frac)


def test_split_fraction_not_a_number():
    with pytest.raises(TypeError, match="held_out_fraction must be a real number"):
        split_text("abcdefghij", "0.1")


def test_split_text_too_short():
    with pytest.raises(ValueError, match="text of 5 characters is too short"):
        split_text("abcde", 0.1)


def test_split_text_not_a_string():
    with pytest.raises(TypeError, match="text must be a string, got int"):
        split_text(12345, 0.1)


# ---------------------------------------------------------------- bptt_chunks

def test_chunks_shapes_and_shift():
    ids = np.arange(101)
    xs, ys = bptt_chunks(ids, 7, 4)          # rows of L = 25 ids, K = 3 chunks of 7
    assert xs.shape == ys.shape == (3, 7, 4)
    assert xs.dtype == ys.dtype == np.int64
    np.testing.assert_array_equal(ys, xs + 1)          # every target is the next id
    np.testing.assert_array_equal(xs[0][:, 1], np.arange(25, 32))   # row 1 starts at L = 25


def test_chunks_continue_each_other():
    """Chunk k + 1 picks up, in every column, where chunk k stopped: the carried state fits."""
    xs, ys = bptt_chunks(np.arange(1000) % 37, 9, 5)
    for k in range(xs.shape[0] - 1):
        np.testing.assert_array_equal(xs[k + 1][0], ys[k][-1])


def test_chunks_on_letters():
    v = char_vocab("abcdefghijklmnopqrstuvwxyz")
    xs, ys = bptt_chunks(v.encode("abcdefghijklmnopqrstuvwxyz"), 4, 2)
    assert v.decode(xs[0][:, 1]) == "mnop" and v.decode(ys[0][:, 1]) == "nopq"


def test_chunks_exactly_one():
    xs, _ = bptt_chunks(np.arange(13), 4, 3)
    assert xs.shape == (1, 4, 3)


def test_chunks_too_short():
    with pytest.raises(ValueError, match=r"ids has 12 entries; batch_size \* seq_len \+ 1 = 13"):
        bptt_chunks(np.arange(12), 4, 3)


def test_chunks_float_ids():
    with pytest.raises(TypeError, match="ids must hold integer token ids, got dtype float64"):
        bptt_chunks(np.arange(20.0), 4, 2)


def test_chunks_two_dimensional_ids():
    with pytest.raises(ValueError, match="ids must have 1 dimensions"):
        bptt_chunks(np.zeros((4, 5), dtype=int), 2, 2)


def test_chunks_seq_len_zero():
    with pytest.raises(ValueError, match="seq_len must be an integer >= 1, got 0"):
        bptt_chunks(np.arange(20), 0, 2)


def test_chunks_batch_size_not_int():
    with pytest.raises(TypeError, match="batch_size must be an integer, got 2.0"):
        bptt_chunks(np.arange(20), 4, 2.0)
