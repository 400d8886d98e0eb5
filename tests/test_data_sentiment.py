"""course_utils.data: the sentiment grammar, its train/held-out split, padding and encoding."""
import numpy as np
import pytest

from course_utils import data


@pytest.fixture(scope="module")
def grammar():
    return data.sentiment_grammar()


@pytest.mark.parametrize("sentence, label, subset", [
    ("good", 1, "plain"),
    ("a really awful movie", 0, "plain"),
    ("not good", 0, "negated"),
    ("not bad at all", 1, "negated"),
    ("it was not very dull", 1, "negated"),
    ("not a clever story", 0, "negated"),
    ("good but boring", 0, "contrast"),
    ("boring but good", 1, "contrast"),
    ("the film was very dull but really brilliant", 1, "contrast"),
])
def test_grammar_labels(grammar, sentence, label, subset):
    assert grammar[sentence] == (label, subset)


def test_grammar_subsets_are_balanced(grammar):
    for name in data.SENTIMENT_SUBSETS:
        labels = [y for y, sub in grammar.values() if sub == name]
        assert len(labels) > 200
        assert sum(labels) * 2 == len(labels)


def test_contrast_pairs_have_the_same_words_and_opposite_labels(grammar):
    a, b = "very good but dull", "dull but very good"
    assert sorted(a.split()) == sorted(b.split())
    assert grammar[a][0] != grammar[b][0]


def test_vocabulary_covers_grammar_and_starts_with_specials(grammar):
    assert data.SENTIMENT_VOCAB[:4] == data.SENTIMENT_SPECIALS
    words = {w for s in grammar for w in s.split()}
    assert words == set(data.SENTIMENT_VOCAB[4:])
    assert len(set(data.SENTIMENT_VOCAB)) == len(data.SENTIMENT_VOCAB)


def test_split_shares_no_example():
    train, held = data.sentiment_data(200, held_out=0.3, seed=0)
    assert not set(train.sentences) & set(held.sentences)
    assert len(set(train.sentences)) == len(train) == 420
    assert len(set(held.sentences)) == len(held) == 180


def test_split_sizes_and_labels_match_grammar(grammar):
    train, held = data.sentiment_data(50, held_out=0.2, seed=3)
    for part, n in ((train, 40), (held, 10)):
        for name in data.SENTIMENT_SUBSETS:
            sub = part.subset(name)
            assert len(sub) == n
            assert all(grammar[s] == (y, name) for s, y in zip(sub.sentences, sub.labels))


def test_split_is_deterministic_and_seed_dependent():
    a, _ = data.sentiment_data(30, seed=1)
    b, _ = data.sentiment_data(30, seed=1)
    c, _ = data.sentiment_data(30, seed=2)
    assert a.sentences == b.sentences and np.array_equal(a.labels, b.labels)
    assert a.sentences != c.sentences


def test_pad_sequences_right_and_left():
    seqs = [np.array([5, 6]), np.array([1, 2, 3]), np.array([7])]
    ids, mask = data.pad_sequences(seqs, side="right")
    assert ids.tolist() == [[5, 1, 7], [6, 2, 0], [0, 3, 0]]
    assert mask.tolist() == [[1, 1, 1], [1, 1, 0], [0, 1, 0]]
    ids, mask = data.pad_sequences(seqs, side="left", pad_id=9)
    assert ids.tolist() == [[9, 1, 9], [5, 2, 9], [6, 3, 7]]
    assert mask.tolist() == [[0, 1, 0], [1, 1, 0], [1, 1, 1]]
    assert ids.dtype == np.int64 and mask.dtype == np.float64


def test_encode_sentences_round_trip():
    ids, mask = data.encode_sentences(["not good", "it was bad"])
    assert ids.shape == mask.shape == (3, 2)
    words = [[data.SENTIMENT_VOCAB[i] for i, m in zip(ids[:, b], mask[:, b]) if m] for b in range(2)]
    assert words == [["not", "good"], ["it", "was", "bad"]]


def test_subset_method():
    train, _ = data.sentiment_data(20, seed=0)
    neg = train.subset("negated")
    assert set(neg.subsets) == {"negated"} and len(neg) == 14


# ---------------------------------------------------------------- named errors, one per case

@pytest.mark.parametrize("kwargs, err, match", [
    ({"n_per_subset": 2.5}, TypeError, "n_per_subset"),
    ({"n_per_subset": 1}, ValueError, "n_per_subset"),
    ({"n_per_subset": 10_000}, ValueError, "n_per_subset must be at most"),
    ({"held_out": 0.0}, ValueError, "held_out"),
    ({"held_out": 1.0}, ValueError, "held_out"),
    ({"held_out": "0.3"}, TypeError, "held_out"),
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": 1.5}, TypeError, "seed"),
])
def test_sentiment_data_errors(kwargs, err, match):
    with pytest.raises(err, match=match):
        data.sentiment_data(**kwargs)


def test_subset_unknown_name():
    train, _ = data.sentiment_data(10)
    with pytest.raises(ValueError, match="name"):
        train.subset("sarcastic")


@pytest.mark.parametrize("args, kwargs, err, match", [
    (([],), {}, TypeError, "sequences"),
    ((np.array([1, 2]),), {}, TypeError, "sequences"),
    (([np.array([1, 2])],), {"side": "middle"}, ValueError, "side"),
    (([np.array([1, 2])],), {"pad_id": -1}, ValueError, "pad_id"),
    (([np.array([1, 2]), np.array([], dtype=int)],), {}, ValueError, r"sequences\[1\] is empty"),
    (([np.array([1.0, 2.0])],), {}, TypeError, r"sequences\[0\] must hold integer"),
    (([np.array([[1, 2]])],), {}, ValueError, r"sequences\[0\]"),
])
def test_pad_sequences_errors(args, kwargs, err, match):
    with pytest.raises(err, match=match):
        data.pad_sequences(*args, **kwargs)


@pytest.mark.parametrize("arg, err, match", [
    ("not good", TypeError, "sentences"),
    ([], TypeError, "sentences"),
    (["good", ""], ValueError, r"sentences\[1\]"),
    (["good", 3], TypeError, r"sentences\[1\] must be a string"),
    (["terrible film"], ValueError, "outside the vocabulary"),
    (["<pad> good"], ValueError, "outside the vocabulary"),
])
def test_encode_sentences_errors(arg, err, match):
    with pytest.raises(err, match=match):
        data.encode_sentences(arg)


def test_encode_sentences_bad_side():
    with pytest.raises(ValueError, match="side"):
        data.encode_sentences(["good"], side="up")
