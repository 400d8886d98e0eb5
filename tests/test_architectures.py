"""course_utils.architectures: the three wirings of lesson 04, and their named errors."""
import numpy as np
import pytest

from course_utils import architectures as arch
from course_utils import data, rnn
from course_utils.baselines import bigram_loss, fit_bigram


@pytest.fixture(scope="module")
def split():
    return data.sentiment_data(40, seed=0)


def test_classifier_learns_the_training_sentences(split):
    train, _ = split
    params, hist = arch.train_classifier(train, steps=120)
    assert hist.train_loss[-1] < 0.05
    assert arch.accuracy_by_subset(arch.classify(params, train.sentences), train)["all"] == 1.0


def test_classify_reads_each_sentence_after_its_own_last_word(split):
    params = rnn.init_params(arch.N_WORDS, 8, 2, seed=1)
    sentences = ["not good", "it was not bad at all", "dull"]
    batch = arch.classify(params, sentences)
    alone = [arch.classify(params, [s])[0] for s in sentences]
    np.testing.assert_allclose(batch, alone, rtol=1e-12)
    assert arch.positive_trace(params, "it was not bad at all")[-1] == pytest.approx(batch[1])


def test_accuracy_by_subset():
    split = data.SentimentSplit(("a", "b", "c", "d"), np.array([1, 0, 1, 0]),
                                np.array(["plain", "plain", "negated", "contrast"]))
    acc = arch.accuracy_by_subset(np.array([0.9, 0.8, 0.7, 0.1]), split)
    assert acc == {"plain": 0.5, "negated": 1.0, "contrast": 1.0, "all": 0.75}


def test_shuffle_words_keeps_the_words_and_changes_the_order():
    sentences = ["not bad at all", "good", "good good", "boring but good"]
    out = arch.shuffle_words(sentences, seed=0)
    assert [sorted(s.split()) for s in out] == [sorted(s.split()) for s in sentences]
    assert out[1] == "good" and out[2] == "good good"
    assert out[0] != sentences[0] and out[3] != sentences[3]
    assert out == arch.shuffle_words(sentences, seed=0)


def test_sentence_counts():
    counts = arch.sentence_counts(["not good", "good not"])
    assert counts.shape == (2, arch.N_WORDS) and np.array_equal(counts[0], counts[1])
    assert counts[0].sum() == 2


def test_generator_batch_is_teacher_forcing(split):
    train, _ = split
    xs, ys, mask = arch.generator_batch(train)
    b = 0
    n = int(mask[:, b].sum())
    words = train.sentences[b].split()
    assert xs[0, b] == 2 + train.labels[b]                           # the start token picks the class
    assert [data.SENTIMENT_VOCAB[i] for i in xs[1:n, b]] == words       # then the true previous words
    assert [data.SENTIMENT_VOCAB[i] for i in ys[:n, b]] == words + ["<end>"]
    assert n == len(words) + 1


def test_generator_beats_the_bigram_on_held_out_and_samples_valid_sentences():
    # the lesson's claim, at the lesson's sizes
    train, held = data.sentiment_data(200, held_out=0.3, seed=0)
    params, _ = arch.train_generator(train)
    P = fit_bigram(*arch.generator_batch(train), arch.N_WORDS, alpha=0.1)
    assert arch.generator_loss(params, held) < bigram_loss(P, *arch.generator_batch(held))
    samples = arch.generate(params, 1, 50, seed=0)
    assert arch.grade_samples(samples, 1, data.sentiment_grammar())["valid and on label"] > 0.8
    assert all("<end>" not in s for s in samples)


def test_generate_with_a_bigram_table(split):
    xs, ys, mask = arch.generator_batch(split[0])
    P = fit_bigram(xs, ys, mask, arch.N_WORDS)
    out = arch.generate(P, 0, 5, max_words=4, seed=2)
    assert len(out) == 5 and all(len(s.split()) <= 5 for s in out)


def test_grade_samples():
    grammar = {"good": (1, "plain"), "bad": (0, "plain")}
    assert arch.grade_samples(["good", "bad", "xyz", "good"], 1, grammar) == \
        {"valid": 0.75, "valid and on label": 0.5}
    assert arch.grade_samples(["good", "bad", "xyz", "good"], 1, grammar, seen=("good",)) == \
        {"valid": 0.75, "valid and on label": 0.5, "valid and new": 0.25}


def test_forecaster_predictions_align_with_the_next_value():
    params = rnn.init_params(1, 3, 1, seed=0)
    x = np.sin(np.arange(30) / 3.0)
    pred = arch.rnn_forecast(params, x)
    _, out = rnn.forward(params, x[:5, None, None], head="squared")
    assert pred.shape == (29,) and pred[3] == pytest.approx(out[3, 0, 0])   # has read x[:4] only


def test_forecaster_learns_a_sine():
    x = np.sin(np.arange(400) / 4.0)
    params, _ = arch.train_forecaster(x, steps=200, seed=0)
    mse = np.mean((arch.rnn_forecast(params, x) - x[1:]) ** 2)
    assert mse < 0.5 * np.mean((x[:-1] - x[1:]) ** 2)


# ---------------------------------------------------------------- named errors, one per case

GOOD_PARAMS = rnn.init_params(arch.N_WORDS, 4, 2)
GEN_PARAMS = rnn.init_params(arch.N_WORDS, 4, arch.N_WORDS)


@pytest.mark.parametrize("call, err, match", [
    (lambda: arch.train_classifier(["good"]), TypeError, "split must be a SentimentSplit"),
    (lambda: arch.train_classifier(data.sentiment_data(5)[0], n_hidden=0), ValueError, "n_hidden"),
    (lambda: arch.train_classifier(data.sentiment_data(5)[0], lr=-1), ValueError, "lr"),
    (lambda: arch.train_classifier(data.sentiment_data(5)[0], steps=0), ValueError, "steps"),
    (lambda: arch.classify(GOOD_PARAMS, ["awesome"]), ValueError, "outside the vocabulary"),
    (lambda: arch.classify(GOOD_PARAMS, "good"), TypeError, "sentences must be a list"),
    (lambda: arch.sentence_counts("good"), TypeError, "sentences must be a list"),
    (lambda: arch.sentence_counts(["good", "wow"]), ValueError, "outside the vocabulary"),
    (lambda: arch.positive_trace(GOOD_PARAMS, ["good"]), TypeError, "sentence must be a string"),
    (lambda: arch.accuracy_by_subset(np.zeros(3), data.sentiment_data(5)[1]), ValueError, "p_positive"),
    (lambda: arch.shuffle_words("good but dull"), TypeError, "sentences"),
    (lambda: arch.shuffle_words(["good"], seed=-1), ValueError, "seed"),
    (lambda: arch.generator_batch(None), TypeError, "split"),
    (lambda: arch.train_generator(data.sentiment_data(5)[0], n_hidden=0), ValueError, "n_hidden"),
    (lambda: arch.generate(GEN_PARAMS, 2, 3), ValueError, "label must be 0"),
    (lambda: arch.generate(GEN_PARAMS, 1, 0), ValueError, "n_samples"),
    (lambda: arch.generate(GEN_PARAMS, 1, 2, max_words=0), ValueError, "max_words"),
    (lambda: arch.generate([1, 2], 1, 2), TypeError, "model must be"),
    (lambda: arch.generate(GEN_PARAMS, 1, 2, temperature=-1.0), ValueError, "temperature"),
    (lambda: arch.grade_samples(["good"], 1, ["good"]), TypeError, "grammar"),
    (lambda: arch.grade_samples(["good"], 1, {"good": (1, "plain")}, seen="good"), TypeError, "seen must be"),
    (lambda: arch.train_forecaster(np.zeros((5, 2))), ValueError, "series must have 1"),
    (lambda: arch.train_forecaster(np.zeros(10), seq_len=20), ValueError, "more than seq_len"),
    (lambda: arch.train_forecaster(np.zeros(100), batch=0), ValueError, "batch"),
    (lambda: arch.rnn_forecast(rnn.init_params(1, 2, 1), np.zeros(1)), ValueError, "at least 2"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_errors(call, err, match):
    with pytest.raises(err, match=match):
        call()
