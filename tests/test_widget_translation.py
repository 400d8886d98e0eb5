"""Lesson 08's translator widget and figures: the picture shows the model's own translation and
attention, a change redraws the same figure once, a bad sentence is reported, not raised."""
import numpy as np
import pytest

from course_utils import seq2seq, translator
from course_utils.data import translation as td
from course_utils.figures import translation as ft
from course_utils.widgets.translation import translation_explorer

SENTENCES = ["the big dog sees a cat", "a girl dances", "the king that sings cries slowly"]


@pytest.fixture(scope="module")
def model():
    train, _ = td.translation_data(40, 20, max_len=7, seed=2)
    params, _ = translator.train_translator(train, attention=True, n_hidden=8, steps=20, batch_size=16)
    return params


def shown(arts, kind):
    return [t.get_text() for t in arts[kind] if t.get_text()]


def test_view_shows_the_translation_its_words_weights_and_alignment(model):
    r = translator.translate_sentence(model, SENTENCES[0])
    fig, arts = ft.translation_view(r)
    assert shown(arts, "source") == r["source"] and shown(arts, "output") == r["output"]
    np.testing.assert_array_equal(arts["image"].get_array(), r["attention"])
    assert f"p = {r['probability']:.3g}" in arts["caption"].get_text()
    x, y = arts["marks"].get_data()
    keep = (r["alignment"] >= 0) & (r["alignment"] < len(r["output"]))
    np.testing.assert_array_equal(x, np.flatnonzero(keep))
    np.testing.assert_array_equal(y, r["alignment"][keep])


def test_redraw_replaces_every_word_and_refuses_a_plain_model(model):
    fig, arts = ft.translation_view(translator.translate_sentence(model, SENTENCES[2]))
    r = translator.translate_sentence(model, SENTENCES[1])
    ft.draw_translation(arts, r)
    assert shown(arts, "source") == ["a", "girl", "dances"] and shown(arts, "output") == r["output"]
    assert arts["ax"].get_xlim() == (-0.5, 2.5)
    plain = seq2seq.init_params(len(td.SOURCE_VOCAB), len(td.TARGET_VOCAB), 4)
    with pytest.raises(ValueError, match="needs a model with attention"):
        ft.draw_translation(arts, translator.translate_sentence(plain, SENTENCES[1]))


def test_explorer_redraws_once_per_change_and_reports_bad_sentences(model):
    box = translation_explorer(model, SENTENCES)
    fig, draws = box.live.fig, box.live.draws
    box.menu.value = SENTENCES[1]
    assert box.text.value == SENTENCES[1] and box.live.draws == draws + 1 and box.live.fig is fig
    assert shown(box.arts, "source") == ["a", "girl", "dances"]
    box.text.value = "the dog snores"
    assert box.live.draws == draws + 1 and "snores" in box.status.value
    box.text.value = "the fox sleeps"
    assert box.live.draws == draws + 2 and "Words it knows" in box.status.value
    box.text.value = " ".join(["dog"] * 25)             # more words than the picture holds
    assert box.live.draws == draws + 2 and "room for 20" in box.status.value


def test_figures_of_the_lesson_draw(model):
    _, held = td.translation_data(40, 20, max_len=7, seed=2)
    acc = {"plain": {3: 1.0, 4: 0.5}, "attention": {3: 1.0, 4: 1.0}}
    assert len(ft.length_figure(acc).axes[0].lines) == 2
    coords, words, classes, explained = translator.embedding_plane(model)
    ax = ft.embedding_figure(coords, words, classes, explained).axes[0]
    assert len(ax.texts) == len(words) == 54
    prof = {"plain": np.array([0.1, 0.5, 1.0]), "attention": np.array([0.9, 0.9, 1.0])}
    assert ft.source_gradient_figure(prof).axes[0].get_yscale() == "log"
    results = [translator.translate_sentence(model, s) for s in SENTENCES]
    assert len(ft.attention_figure(results).axes) == 4           # three maps and a colour bar
    bias = translator.exposure_bias(model, held.of_length(5))
    assert len(ft.exposure_figure(bias, 5).axes[0].lines) == 2


@pytest.mark.parametrize("sentence, error, words", [
    (3, TypeError, "sentence must be a string"),
    ("", ValueError, "no words at all"),
    ("the dog snores", ValueError, "unknown: snores"),
    ("the <end> dog", ValueError, "unknown: <end>"),
])
def test_translate_sentence_names_a_bad_sentence(model, sentence, error, words):
    with pytest.raises(error, match=words):
        translator.translate_sentence(model, sentence)
