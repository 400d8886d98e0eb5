"""Lesson 04's sentence widget: the pure readout is the models' real answer, the box redraws."""
import numpy as np
import pytest

from course_utils import data
from course_utils.architectures import (MAX_WORDS, classify, sentence_counts, sentiment_readout,
                                        train_classifier)
from course_utils.baselines import bow_probs, train_bow
from course_utils.figures.sentiment import sentiment_figure
from course_utils.widgets.sentiment import sentiment_explorer


@pytest.fixture(scope="module")
def models():
    train, _ = data.sentiment_data(60, seed=0)
    rnn_params, _ = train_classifier(train, n_hidden=16, steps=60)
    bow_params, _ = train_bow(sentence_counts(train.sentences), train.labels, steps=50)
    return rnn_params, bow_params


def test_readout_is_both_models_answer(models):
    r = sentiment_readout(*models, "it was not bad at all")
    assert r["words"] == ["it", "was", "not", "bad", "at", "all"] and r["trace"].shape == (6,)
    assert r["rnn"] == pytest.approx(classify(models[0], ["it was not bad at all"])[0], abs=1e-12)
    assert r["bow"] == pytest.approx(bow_probs(models[1], sentence_counts(["it was not bad at all"]))[0, 1])
    assert r["ends"].tolist() == [False, False, False, True, False, True]   # "it was not bad" is a sentence


def test_bag_of_words_answer_ignores_order(models):
    a = sentiment_readout(*models, "good but boring")
    b = sentiment_readout(*models, "boring but good")
    assert a["bow"] == pytest.approx(b["bow"]) and a["rnn"] != pytest.approx(b["rnn"])


@pytest.mark.parametrize("sentence, err, match", [
    (3, TypeError, "sentence must be a string"),
    ("", ValueError, "at least one word"),
    ("good xyz", ValueError, r"unknown: \['xyz'\]"),
    ("good " * (MAX_WORDS + 1), ValueError, f"at most {MAX_WORDS} words"),
])
def test_readout_errors(models, sentence, err, match):
    with pytest.raises(err, match=match):
        sentiment_readout(*models, sentence)


def test_static_figure_shows_the_trace(models):
    fig, arts = sentiment_figure(*models, "not good")
    x, y = arts["line"].get_data()
    assert list(x) == [1, 2] and np.allclose(y, sentiment_readout(*models, "not good")["trace"])
    assert [t.get_text() for t in arts["ax"].get_xticklabels()] == ["not", "good"]
    x_end, y_end = arts["ends"].get_data()      # "not" alone is no sentence, "not good" is
    assert list(x_end) == [2] and np.allclose(y_end, y[1:])


def test_explorer_redraws_on_a_new_sentence_and_reports_unknown_words(models):
    box = sentiment_explorer(*models, "good")
    fig = box.live.fig
    draws = box.live.draws
    box.text.value = "not good"
    assert box.live.draws == draws + 1 and box.live.fig is fig
    assert "RNN" in fig.axes[0].get_title()
    box.text.value = "not goood"
    assert box.live.draws == draws + 1 and "goood" in box.status.value
    box.menu.value = "boring but good"
    assert box.text.value == "boring but good" and box.live.draws == draws + 2
