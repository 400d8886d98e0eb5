"""course_utils.translation: training on the translation task, and its scores."""
import numpy as np
import pytest

from course_utils import seq2seq, translation as tr, translation_data as td


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
    for name in ("token_accuracy", "free_running_token_accuracy"):
        assert 0.0 <= getattr(tr, name)(params, held) <= 1.0
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
