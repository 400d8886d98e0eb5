"""Character n-gram baselines: distributions sum to 1, hand-worked cases, bits per character."""
import numpy as np
import pytest

from course_utils.ngram import (bits_per_char, fit_ngram, ngram_bits_per_char, ngram_log_probs,
                                ngram_next_probs, ngram_size)


@pytest.fixture(scope="module")
def text_ids():
    rng = np.random.default_rng(0)
    # a little structure (a repeated word) among noise, over V = 6 with id 5 never seen
    ids = rng.integers(0, 5, size=400)
    ids[::7] = 0
    ids[1::7] = 1
    return ids


@pytest.mark.parametrize("smoothing", ["add-k", "kneser-ney"])
@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_every_next_char_distribution_sums_to_one(text_ids, smoothing, order):
    model = fit_ngram(text_ids, 6, order, smoothing=smoothing, k=0.5)
    contexts = [[], [0], [5], [0, 1], [5, 5], [3, 2, 1], [5, 4, 5, 5]]   # seen and unseen
    for ctx in contexts:
        p = ngram_next_probs(model, np.array(ctx, dtype=np.int64))
        assert p.shape == (6,)
        assert np.all(p > 0), (ctx, p)
        assert p.sum() == pytest.approx(1.0, abs=1e-12)


def test_add_k_hand_worked():
    # train "a a b" (ids 0 0 1), V = 2, k = 1
    uni = fit_ngram(np.array([0, 0, 1]), 2, 1, smoothing="add-k", k=1.0)
    np.testing.assert_allclose(ngram_next_probs(uni, []), [3 / 5, 2 / 5])
    bi = fit_ngram(np.array([0, 0, 1]), 2, 2, smoothing="add-k", k=1.0)
    # after "a": bigrams aa, ab -> (1 + 1) / (2 + 2) each; after "b": never seen -> 1/2 each
    np.testing.assert_allclose(ngram_next_probs(bi, [0]), [0.5, 0.5])
    np.testing.assert_allclose(ngram_next_probs(bi, [1]), [0.5, 0.5])


def test_kneser_ney_hand_worked():
    # train "a a b" (ids 0 0 1), V = 3 ("c" never seen), D = 0.5
    model = fit_ngram(np.array([0, 0, 1]), 3, 2, smoothing="kneser-ney", discount=0.5)
    # unigram level: continuation counts from the bigram types aa, ab -> a: 1, b: 1 (total 2, 2 types)
    p1 = np.array([(0.5 + 0.5 * 2 / 3) / 2, (0.5 + 0.5 * 2 / 3) / 2, (0.5 * 2 / 3) / 2])
    np.testing.assert_allclose(ngram_next_probs(model, []), p1)
    # after "a": counts aa = 1, ab = 1 (total 2, 2 types): (max(c - D, 0) + D * 2 * p1) / 2
    np.testing.assert_allclose(ngram_next_probs(model, [0]), (np.array([0.5, 0.5, 0.0]) + p1) / 2)
    # after "b" (never a context): the lower order alone
    np.testing.assert_allclose(ngram_next_probs(model, [1]), p1)


def test_log_probs_predict_every_character_after_the_first(text_ids):
    model = fit_ngram(text_ids, 6, 3)
    lp = ngram_log_probs(model, text_ids[:50])
    assert lp.shape == (49,)
    # the first prediction has one character of history: the bigram level of the same model
    np.testing.assert_allclose(np.exp(lp[0]), ngram_next_probs(model, text_ids[:1])[text_ids[1]])
    # later ones use the last two characters
    np.testing.assert_allclose(np.exp(lp[10]), ngram_next_probs(model, text_ids[9:11])[text_ids[11]])


def test_longer_context_helps_on_structured_text(text_ids):
    train, held = text_ids[:300], text_ids[300:]
    bpc = [ngram_bits_per_char(fit_ngram(train, 6, n), held) for n in (1, 2)]
    assert bpc[1] < bpc[0] < np.log2(6)


def test_bits_per_char():
    assert bits_per_char(np.log(2.0)) == pytest.approx(1.0)
    assert bits_per_char(0.0) == 0.0
    np.testing.assert_allclose(bits_per_char(np.log([2.0, 4.0])), [1.0, 2.0])
    # a model that knows nothing: log2 V bits
    uniform = fit_ngram(np.arange(8), 8, 1, smoothing="add-k", k=1.0)
    assert ngram_bits_per_char(uniform, np.array([3, 1, 4, 1, 5])) == pytest.approx(3.0)


def test_size_counts_the_distinct_strings_kept():
    ids = np.array([0, 1, 0, 1, 2])                   # "ababc": a b c; ab ba bc; aba bab abc
    assert ngram_size(fit_ngram(ids, 4, 1, smoothing="add-k")) == 3
    assert ngram_size(fit_ngram(ids, 4, 2, smoothing="add-k")) == 3 + 3
    assert ngram_size(fit_ngram(ids, 4, 3, smoothing="add-k")) == 3 + 3 + 3
    # Kneser-Ney keeps, below the top order, the strings that follow some character: b, a, c
    assert ngram_size(fit_ngram(ids, 4, 2)) == 3 + 3
    with pytest.raises(TypeError, match="model must be an NGramModel"):
        ngram_size("bigram")


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"order": 0}, ValueError, "order must be an integer >= 1, got 0"),
    ({"order": 2.0}, TypeError, "order must be an integer"),
    ({"smoothing": "good-turing"}, ValueError, "smoothing must be one of 'add-k', 'kneser-ney'"),
    ({"k": 0.0}, ValueError, "k must be a finite number > 0"),
    ({"discount": 1.0}, ValueError, r"discount must be a finite number in \(0, 1\), got 1.0"),
    ({"vocab_size": 3}, ValueError, r"train_ids must lie in \[0, 3\), got values from 0 to 5"),
    ({"order": 12, "vocab_size": 97}, ValueError, "codes past int64"),
])
def test_fit_ngram_bad_input(kwargs, exc, match):
    args = {"train_ids": np.array([0, 1, 5, 2]), "vocab_size": 6, "order": 2, **kwargs}
    with pytest.raises(exc, match=match):
        fit_ngram(**args)


def test_bad_input_elsewhere():
    model = fit_ngram(np.array([0, 1, 2]), 3, 2)
    with pytest.raises(TypeError, match="train_ids must hold integer character ids, got dtype float64"):
        fit_ngram(np.array([0.0, 1.0]), 3, 1)
    with pytest.raises(ValueError, match="ids must hold at least 2 ids, got 1"):
        ngram_log_probs(model, np.array([0]))
    with pytest.raises(TypeError, match="model must be an NGramModel from fit_ngram, got dict"):
        ngram_log_probs({}, np.array([0, 1]))
    with pytest.raises(ValueError, match="loss_nats must be >= 0"):
        bits_per_char(-1.0)
    with pytest.raises(TypeError, match="loss_nats must be a real number"):
        bits_per_char("1.0")
