"""course_utils.musicmodel: the next-note RNN, its baselines, and the sampler."""
import numpy as np
import pytest

from course_utils import melody, musicmodel as MM
from course_utils import rnn
from course_utils.data import music as M
from course_utils.baselines import bigram_loss


@pytest.fixture(scope="module")
def data():
    return M.melody_data(400, 60, seed=0)


@pytest.fixture(scope="module")
def trained(data):
    return MM.train_melody_rnn(list(data.train), n_hidden=32, steps=120, seed=0)


@pytest.fixture(scope="module")
def bigram(data):
    return MM.fit_melody_bigram(list(data.train))


def test_tune_batch_is_teacher_forcing(data):
    tunes = list(data.train[:3])
    xs, ys, mask = MM.tune_batch(tunes)
    assert xs.shape == ys.shape == mask.shape == (40, 3) and mask.all()
    ids = M.encode(tunes[1])
    assert (xs[:, 1] == ids[:-1]).all() and (ys[:, 1] == ids[1:]).all()


def test_rnn_loss_per_note_is_the_sum_over_tokens_divided_by_notes(data, trained):
    params, _ = trained
    tunes = list(data.held_out[:4])
    total = 0.0
    for t in tunes:                                   # one tune at a time, no batch, no padding
        ids = M.encode(t)
        _, probs = rnn.forward(params, MM.FEATURES[ids[:-1, None]])
        total -= np.log(probs[np.arange(ids.size - 1), 0, ids[1:]]).sum()
    assert MM.rnn_loss_per_note(params, tunes) == pytest.approx(total / MM.n_notes(tunes), rel=1e-12)


def test_loss_by_bar_splits_the_loss_per_note(data, trained):
    params, _ = trained
    held = list(data.held_out)
    by_bar = MM.rnn_loss_by_bar(params, held)
    assert by_bar.shape == (M.N_BARS,) and by_bar.mean() == pytest.approx(MM.rnn_loss_per_note(params, held))
    assert by_bar[1] < by_bar[0]                       # bar 2 repeats bar 1: the RNN has seen it
    with pytest.raises(ValueError, match="8 bars of 4 notes"):
        MM.rnn_loss_by_bar(params, [M.Tune("C", (((60, 8),),))])


def test_baselines_on_the_same_tokens(data, bigram):
    train, held = list(data.train), list(data.held_out)
    losses = MM.baseline_losses(train, held)
    hx, hy, hmask = MM.tune_batch(held)
    per_note = hmask.sum() / MM.n_notes(held)
    assert losses["bigram"] == pytest.approx(bigram_loss(bigram, hx, hy, hmask) * per_note)
    assert 0 < losses["bigram"] < losses["unigram"] < np.log(M.VOCAB_SIZE) * per_note


def test_training_learns_more_than_a_bigram(data, trained):
    params, hist = trained
    assert hist.train_loss[-1] < 0.6 * hist.train_loss[0]
    losses = MM.baseline_losses(list(data.train), list(data.held_out))
    assert MM.rnn_loss_per_note(params, list(data.held_out)) < losses["bigram"]


def test_training_is_repeatable(data):
    a, _ = MM.train_melody_rnn(list(data.train[:50]), n_hidden=8, steps=5, batch_size=10, seed=3)
    b, _ = MM.train_melody_rnn(list(data.train[:50]), n_hidden=8, steps=5, batch_size=10, seed=3)
    assert all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"batch_size": 500}, ValueError, "batch_size must be at most the number of tunes \\(400\\)"),
    ({"n_hidden": 0}, ValueError, "n_hidden"), ({"lr": -1.0}, ValueError, "lr"),
    ({"steps": 2.0}, TypeError, "steps")])
def test_train_bad_arguments(data, kwargs, error, words):
    with pytest.raises(error, match=words):
        MM.train_melody_rnn(list(data.train), **kwargs)


def test_model_checks(data):
    with pytest.raises(ValueError, match="params must read 34 features"):
        MM.rnn_loss_per_note(rnn.init_params(M.VOCAB_SIZE, 4, M.VOCAB_SIZE), list(data.held_out))
    with pytest.raises(TypeError, match="tunes must be a list of Tune"):
        MM.tune_batch(data.train[0])


# ---------------------------------------------------------------- sampling

def test_samples_are_tunes_of_eight_bars_that_go_on_from_the_prompt(trained, bigram):
    first = M.motif_bar("D", "zigzag", (3, 1, 2, 2))
    prompts = [MM.prompt_ids("D", first)] * 5
    for model in (trained[0], bigram):
        tunes = MM.sample_tunes(model, prompts, seed=0)
        assert len(tunes) == 5
        for t in tunes:
            assert t.key == "D" and t.bars[0] == first and len(t.bars) == M.N_BARS
            assert all(len(bar) > 0 for bar in t.bars)


def test_sampling_is_repeatable_and_the_seed_matters(trained):
    prompts = [MM.prompt_ids(k) for k in M.KEYS]
    a = MM.sample_tunes(trained[0], prompts, temperature=0.9, seed=4)
    assert a == MM.sample_tunes(trained[0], prompts, temperature=0.9, seed=4)
    assert a != MM.sample_tunes(trained[0], prompts, temperature=0.9, seed=5)


def test_trained_rnn_writes_in_the_key_with_full_bars(data, trained, bigram):
    prompts = [MM.prompt_ids(k) for k in M.KEYS] * 10
    r = melody.melody_measures(MM.sample_tunes(trained[0], prompts, seed=0))
    b = melody.melody_measures(MM.sample_tunes(bigram, prompts, seed=0))
    assert r["full bars"] > b["full bars"] + 0.3 and r["in key"] > b["in key"]


def test_loose_grammar_holds_even_for_a_model_that_wants_to_break_it():
    P = np.full((M.VOCAB_SIZE, M.VOCAB_SIZE), 1e-6)
    P[:, M.BAR] = 0.5                                   # bar lines and keys, almost always
    P[:, list(M.KEY_TOKENS.values())] = 0.1
    P /= P.sum(axis=1, keepdims=True)
    tunes = MM.sample_tunes(P, [MM.prompt_ids("C")] * 20, seed=0, n_bars=4)
    assert all(len(t.bars) == 4 and all(len(bar) == 1 for bar in t.bars) for t in tunes)


def test_a_tune_that_never_ends_a_bar_stops():
    P = np.full((M.VOCAB_SIZE, M.VOCAB_SIZE), 1e-9)
    P[:, M.note_token(60, 1)] = 1.0
    P /= P.sum(axis=1, keepdims=True)
    t = MM.sample_tunes(P, [MM.prompt_ids("C")], n_bars=2)[0]
    assert len(t.bars) == 1 and len(t.bars[0]) == 2 * (MM.MAX_NOTES_PER_BAR + 1)


@pytest.mark.parametrize("model, prompts, kwargs, error, words", [
    ("model", [np.array([M.KEY_TOKENS["C"]])], {}, TypeError, "model must be RNN parameters"),
    (np.ones((3, 3)), [np.array([M.KEY_TOKENS["C"]])], {}, ValueError, "bigram model must be"),
    (None, [np.array([M.BAR])], {}, ValueError, "start with a key token"),
    (None, [np.array([M.KEY_TOKENS["C"]]), np.array([M.KEY_TOKENS["C"], 3, M.BAR])], {}, ValueError,
     "same length"),
    (None, np.array([M.KEY_TOKENS["C"]]), {}, TypeError, "prompts must be a non-empty list"),
    (None, [np.array([M.KEY_TOKENS["C"]])], {"temperature": 0}, ValueError, "temperature"),
    (None, [np.array([M.KEY_TOKENS["C"]])], {"n_bars": 0}, ValueError, "n_bars")])
def test_sample_bad_input(bigram, model, prompts, kwargs, error, words):
    with pytest.raises(error, match=words):
        MM.sample_tunes(bigram if model is None else model, prompts, **kwargs)


def test_prompt_ids():
    assert MM.prompt_ids("G").tolist() == [M.KEY_TOKENS["G"]]
    ids = MM.prompt_ids("C", [(60, 4), (64, 4)])
    assert ids.tolist() == [M.KEY_TOKENS["C"], M.note_token(60, 4), M.note_token(64, 4), M.BAR]
    with pytest.raises(ValueError, match="key must be one of"):
        MM.prompt_ids("Cm")


# ---------------------------------------------------------------- the widget's pure function

def test_new_tune_is_a_sample_its_roll_and_its_sound(trained):
    params = trained[0]
    first = M.motif_bar("F", "turn", (2, 2, 2, 2))
    out = MM.new_tune(params, temperature=0.7, first_bar=first, key="F", seed=3)
    assert out["tune"] == MM.sample_tunes(params, [MM.prompt_ids("F", first)], temperature=0.7, seed=3)[0]
    assert out["tune"].bars[0] == first
    assert out["roll"]["pitch"].tolist() == [p for p, _ in out["tune"].notes]
    assert set(out) == {"tune", "roll"} and set(out["roll"]) == set(melody.roll_data(out["tune"]))


def test_new_tune_from_the_key_alone_and_seeds(trained):
    params = trained[0]
    a = MM.new_tune(params, key="D", seed=1)
    assert a["tune"].key == "D" and len(a["tune"].bars) == M.N_BARS
    assert MM.new_tune(params, key="D", seed=1)["tune"] == a["tune"]


def test_new_tune_bad_input(trained):
    with pytest.raises(ValueError, match="key must be one of 'C', 'D', 'F', 'G'; got 'E'"):
        MM.new_tune(trained[0], key="E")
    with pytest.raises(ValueError, match="temperature"):
        MM.new_tune(trained[0], temperature=-1.0)
