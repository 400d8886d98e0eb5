"""course_utils.translator: training on the translation task, and its scores."""
import numpy as np
import pytest

from course_utils import seq2seq, translator as tr
from course_utils.data import translation as td


@pytest.fixture(scope="module")
def data():
    return td.translation_data(40, 100, max_len=6, seed=1)


@pytest.fixture(scope="module")
def trained(data):
    train, _ = data
    return tr.train_translator(train, attention=True, n_hidden=8, steps=30, batch_size=16)


def test_training_is_deterministic_and_lowers_the_loss(data, trained):
    train, _ = data
    params, hist = trained
    again, _ = tr.train_translator(train, attention=True, n_hidden=8, steps=30, batch_size=16)
    assert all(np.array_equal(params[k], again[k]) for k in params)
    assert np.mean(hist.train_loss[-5:]) < np.mean(hist.train_loss[:5])


def test_batches_hold_one_source_length(data):
    train, _ = data
    for cols in tr.batch_schedule(train, 20, 8, seed=0):
        assert len(cols) == 8 and len(set(train.src_len[cols])) == 1


def test_scores_agree_with_each_other(data, trained):
    _, held = data
    params, _ = trained
    ok = tr.exact_match(params, held)
    acc = tr.accuracy_by_length(params, held)
    assert sorted(acc) == list(range(3, 7))
    assert np.mean(list(acc.values())) == pytest.approx(ok.mean())   # 100 per length
    for free in (False, True):
        assert 0.0 <= tr.token_accuracy(params, held, free_running=free) <= 1.0
    bias = tr.exposure_bias(params, held)
    assert bias["teacher_forced_all"] == pytest.approx(tr.token_accuracy(params, held))
    assert bias["free_running_all"] == pytest.approx(tr.token_accuracy(params, held,
                                                                       free_running=True))
    assert bias["teacher_forced"].shape == bias["free_running"].shape == (held.tgt_out.shape[0],)
    r = tr.greedy_vs_beam(params, held, beam_width=2)
    assert r["beam_more_likely"] + r["beam_less_likely"] + r["same_likelihood"] == len(held)
    assert r["greedy_exact"] == pytest.approx(ok.mean())


def test_a_perfect_translation_is_an_exact_match(data, trained):
    """exact_match compares whole sequences, END and padding included."""
    _, held = data
    assert np.all(tr.matches_reference(held.tgt_out, held))
    wrong = held.tgt_out.copy()
    wrong[0, 0] = seq2seq.END
    assert not tr.matches_reference(wrong, held)[0]


def test_bad_input_is_named(data):
    train, _ = data
    with pytest.raises(TypeError, match="TranslationSet"):
        tr.train_translator([1, 2, 3], attention=True)
    with pytest.raises(ValueError, match="steps"):
        tr.train_translator(train, attention=True, steps=0)
    with pytest.raises(ValueError, match="final_lr"):
        tr.train_translator(train, attention=True, final_lr=-1.0)


def test_matches_reference_checks_its_arguments(data):
    _, held = data
    with pytest.raises(ValueError, match="pred must have shape"):
        tr.matches_reference(held.tgt_out[:, :3], held)


def test_both_kinds_of_prediction_start_alike(data, trained):
    """free_running=True feeds the model's own words back: its first word is the same as with
    teacher forcing (both start from START alone)."""
    _, held = data
    params, _ = trained
    tf = tr.predictions(params, held)
    fr = tr.predictions(params, held, free_running=True)
    assert tf.shape == fr.shape == held.tgt_out.shape
    np.testing.assert_array_equal(tf[0], fr[0])


def test_source_gradient_profile_is_per_position_and_wants_one_length(data):
    _, held = data
    one = held.of_length(6)
    for attention in (False, True):
        prof = tr.source_gradient_profile(one, attention=attention, n_hidden=8)
        assert prof.shape == (6,) and np.all(prof > 0)
    with pytest.raises(ValueError, match="one source length"):
        tr.source_gradient_profile(held, attention=True)


def test_embedding_plane_has_one_point_per_word_and_fixed_signs(trained):
    params, _ = trained
    coords, words, classes, explained = tr.embedding_plane(params)
    assert coords.shape == (len(td.SOURCE_VOCAB) - 3, 2) and len(words) == len(classes) == 54
    assert words[0] == "dog" and classes[0] == "noun"
    assert np.all(coords[np.argmax(np.abs(coords), axis=0), [0, 1]] > 0)
    assert 0 < explained[1] <= explained[0] < 1


def test_translate_sentence_scores_and_aligns_one_sentence(trained):
    params, _ = trained
    r = tr.translate_sentence(params, "the big dog sees a cat")
    assert r["source"] == ["the", "big", "dog", "sees", "a", "cat"]
    assert r["reference"] == "waku olo ga mino wo mek"
    np.testing.assert_array_equal(r["alignment"], [-1, 1, 0, 5, -1, 3])
    assert r["attention"].shape == (len(r["output"]), 6)
    np.testing.assert_allclose(r["attention"].sum(axis=1), 1.0)
    assert r["probability"] == pytest.approx(np.exp(r["log_prob"]))
    ids = np.array([[td.TARGET_VOCAB.index(w)] for w in r["output"]])
    src, _ = td.encode_source([" ".join(r["source"])])
    assert seq2seq.sequence_log_prob(params, src, ids)[0] == pytest.approx(r["log_prob"])
    odd = tr.translate_sentence(params, "dog the the sleeps")      # words of the task, no grammar
    assert odd["reference"] is None and odd["exact"] is None and odd["alignment"] is None
