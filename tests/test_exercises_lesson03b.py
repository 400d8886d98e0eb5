"""Lesson 03b checkers: a right answer, the untouched placeholder, and every slip each one names."""
import numpy as np
import pytest

from course_utils.exercises import NOT_ATTEMPTED, check_bigram_bits, check_bits_per_char, check_pearson_r


# ---------------------------------------------------------------- bits per character

def test_bits_per_char_right(feedback):
    ok, out = feedback(check_bits_per_char, lambda loss: loss / np.log(2))
    assert ok and out.startswith("PASS")


def test_bits_per_char_right_with_numpy_types(feedback):
    ok, _ = feedback(check_bits_per_char, lambda loss: np.float64(loss) / np.log(2))
    assert ok


@pytest.mark.parametrize("answer", [..., None])
def test_bits_per_char_untouched(feedback, answer):
    ok, out = feedback(check_bits_per_char, answer)
    assert not ok and NOT_ATTEMPTED in out


def test_bits_per_char_body_untouched(feedback):
    ok, out = feedback(check_bits_per_char, lambda loss: ...)
    assert not ok and NOT_ATTEMPTED in out and "body" in out


@pytest.mark.parametrize("to_bits, reason", [
    (lambda loss: loss * np.log(2), "multiplied by ln 2"),
    (lambda loss: loss / np.log(10), "decimal digits"),
    (lambda loss: np.log2(loss), "already a logarithm"),
    (lambda loss: np.exp(loss), "perplexity"),
    (lambda loss: loss, "expected a value in bits"),
    (lambda loss: 1 / 0, "raised ZeroDivisionError"),
    (lambda loss: "1.2", "one finite number"),
    (lambda loss: [loss, loss], "one finite number"),
    (2.45, "give the function itself"),
])
def test_bits_per_char_slips(feedback, to_bits, reason):
    ok, out = feedback(check_bits_per_char, to_bits)
    assert not ok and out.startswith("FAIL") and reason in out


# ---------------------------------------------------------------- an add-k bigram

def bigram_bits(train_ids, held_ids, V, k=0.1, *, fit_on_held=False, normalise=True, transpose=False,
                bits=True, context=True):
    """A learner's answer, right by default; each keyword makes one slip."""
    src = held_ids if fit_on_held else train_ids
    counts = np.zeros((V, V))
    np.add.at(counts, (src[:-1], src[1:]), 1)
    if transpose:
        counts = counts.T
    if not context:
        counts = np.tile(np.bincount(src, minlength=V), (V, 1)).astype(float)
    probs = (counts + k) / (counts.sum(axis=1, keepdims=True) + (k * V if normalise else 0))
    p_next = probs[held_ids[:-1], held_ids[1:]]
    return -np.mean(np.log2(p_next)) if bits else -np.mean(np.log(p_next))


def test_bigram_right(feedback):
    ok, out = feedback(check_bigram_bits, bigram_bits)
    assert ok and out.startswith("PASS")


def test_bigram_untouched(feedback):
    ok, out = feedback(check_bigram_bits, ...)
    assert not ok and NOT_ATTEMPTED in out
    ok, out = feedback(check_bigram_bits, lambda train_ids, held_ids, V, k: ...)
    assert not ok and NOT_ATTEMPTED in out


@pytest.mark.parametrize("slip, reason", [
    ({"bits": False}, "that is in nats"),
    ({"normalise": False}, "do not sum to 1"),
    ({"fit_on_held": True}, "you counted the held-out text"),
    ({"transpose": True}, "swapped"),
    ({"context": False}, "unigram"),
])
def test_bigram_slips(feedback, slip, reason):
    ok, out = feedback(check_bigram_bits, lambda tr, he, V, k: bigram_bits(tr, he, V, k, **slip))
    assert not ok and out.startswith("FAIL") and reason in out


def test_bigram_ignoring_k_is_named_by_its_value(feedback):
    ok, out = feedback(check_bigram_bits, lambda tr, he, V, k: bigram_bits(tr, he, V, 0.1))
    assert not ok and "with k = 0.5 your function gave" in out


def test_bigram_raising_and_not_a_function(feedback):
    ok, out = feedback(check_bigram_bits, lambda tr, he, V, k: tr.nonexistent)
    assert not ok and "raised AttributeError" in out
    ok, out = feedback(check_bigram_bits, 3.1)
    assert not ok and "give the function itself" in out


# ---------------------------------------------------------------- Pearson's r

def test_pearson_right(feedback):
    for answer in (lambda u, p: np.corrcoef(u, p)[0, 1],
                   lambda u, p: np.mean((u - u.mean()) * (p - p.mean())) / (u.std() * p.std())):
        ok, out = feedback(check_pearson_r, answer)
        assert ok and out.startswith("PASS")


def test_pearson_untouched(feedback):
    ok, out = feedback(check_pearson_r, ...)
    assert not ok and NOT_ATTEMPTED in out
    ok, out = feedback(check_pearson_r, lambda u, p: ...)
    assert not ok and NOT_ATTEMPTED in out


@pytest.mark.parametrize("answer, reason", [
    (lambda u, p: np.mean(u * p) / (u.std() * p.std()), "centre both series"),
    (lambda u, p: np.mean((u - u.mean()) * (p - p.mean())), "that is the covariance"),
    (lambda u, p: abs(np.corrcoef(u, p)[0, 1]), "keep the sign"),
    (lambda u, p: 0.5, "expected"),
    (lambda u, p: np.nan, "one finite number"),
])
def test_pearson_slips(feedback, answer, reason):
    ok, out = feedback(check_pearson_r, answer)
    assert not ok and out.startswith("FAIL") and reason in out
