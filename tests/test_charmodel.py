"""The character-level model: text loss, unigram baseline, truncated-BPTT training, sampling."""
import numpy as np
import pytest

from course_utils import rnn
from course_utils.charmodel import (carried_state_step, perplexity, sample_text, text_loss,
                                    train_char_model, unigram_perplexity)
from course_utils.data import bptt_chunks, char_vocab, load_corpus, split_text
from course_utils.gradients import compare_gradients, gradients_agree
from course_utils.train import SGD, Adam


@pytest.fixture(scope="module")
def corpus():
    text = load_corpus()
    vocab = char_vocab(text)
    train, held = split_text(text, 0.1)
    return vocab, vocab.encode(train), vocab.encode(held)


def small_params(V, H=8, seed=0):
    return rnn.init_params(V, H, V, seed=seed)


# ---------------------------------------------------------------- text_loss

def test_text_loss_is_the_library_loss_on_one_stream():
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 6, size=40)
    p = small_params(6)
    want, _ = rnn.loss_and_grads(p, ids[:-1, None], ids[1:, None])
    assert text_loss(p, ids) == pytest.approx(want, rel=1e-12)


def test_text_loss_streams_are_rows_of_bptt_chunks():
    ids = np.random.default_rng(1).integers(0, 6, size=41)
    p = small_params(6)
    xs, ys = bptt_chunks(ids, 10, 4)
    want, _ = rnn.loss_and_grads(p, xs[0], ys[0])
    assert text_loss(p, ids, n_streams=4) == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("n_ids", [41, 38, 5])
def test_text_loss_reset_every_scores_each_piece_from_zeros(n_ids):
    """reset_every=10: pieces of 10 targets, each read from a zero state, then the rest."""
    ids = np.random.default_rng(2).integers(0, 6, size=n_ids)
    p = small_params(6)
    total = 0.0
    for start in range(0, n_ids - 1, 10):
        piece = ids[start:start + 11]
        loss, _ = rnn.loss_and_grads(p, piece[:-1, None], piece[1:, None])
        total += loss * (piece.size - 1)
    assert text_loss(p, ids, reset_every=10) == pytest.approx(total / (n_ids - 1), rel=1e-12)


def test_text_loss_reset_every_longer_than_the_text_is_one_stream():
    ids = np.random.default_rng(3).integers(0, 6, size=20)
    p = small_params(6)
    assert text_loss(p, ids, reset_every=100) == pytest.approx(text_loss(p, ids), rel=1e-12)


def test_text_loss_reset_every_with_streams():
    with pytest.raises(ValueError, match="n_streams must be 1"):
        text_loss(small_params(4), np.arange(4), n_streams=2, reset_every=2)


def test_text_loss_untrained_is_about_ln_V(corpus):
    vocab, _, held = corpus
    assert abs(text_loss(small_params(vocab.size), held) - np.log(vocab.size)) < 0.2


def test_text_loss_stays_finite_for_huge_logits():
    p = small_params(4)
    p["W_s"] *= 1e6
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        assert np.isfinite(text_loss(p, np.array([0, 1, 2, 3, 0, 1])))


def test_text_loss_n_streams_zero():
    with pytest.raises(ValueError, match="n_streams must be an integer >= 1, got 0"):
        text_loss(small_params(4), np.arange(4), n_streams=0)


def test_text_loss_too_few_ids_for_streams():
    with pytest.raises(ValueError, match="ids must hold at least 5 ids, got 4"):
        text_loss(small_params(4), np.arange(4), n_streams=4)


def test_text_loss_id_out_of_range():
    with pytest.raises(ValueError, match=r"ids must lie in \[0, 4\), got values from 0 to 4"):
        text_loss(small_params(4), np.arange(5))


def test_text_loss_float_ids():
    with pytest.raises(TypeError, match="ids must hold integer character ids, got dtype float64"):
        text_loss(small_params(4), np.arange(4.0))


# ---------------------------------------------------------------- unigram baseline

def test_unigram_uniform_counts_give_V():
    ids = np.arange(5).repeat(3)
    assert unigram_perplexity(ids, ids, 5) == pytest.approx(5.0)


def test_unigram_by_hand():
    # train counts a:3, b:1 -> with alpha 1: p(a) = 4/6, p(b) = 2/6; held-out "ab"
    got = unigram_perplexity(np.array([0, 0, 0, 1]), np.array([0, 1]), 2)
    assert got == pytest.approx(np.exp(-(np.log(4 / 6) + np.log(2 / 6)) / 2))


def test_unigram_unseen_character_is_finite():
    assert np.isfinite(unigram_perplexity(np.array([0, 0]), np.array([1]), 2))


def test_unigram_on_corpus_is_far_below_V(corpus):
    vocab, train, held = corpus
    assert 10 < unigram_perplexity(train, held, vocab.size) < vocab.size


def test_unigram_alpha_zero():
    with pytest.raises(ValueError, match="alpha must be a finite number > 0, got 0.0"):
        unigram_perplexity(np.array([0, 1]), np.array([0]), 2, alpha=0.0)


def test_unigram_vocab_size_too_small():
    with pytest.raises(ValueError, match=r"train_ids must lie in \[0, 2\)"):
        unigram_perplexity(np.array([0, 2]), np.array([0]), 2)


def test_unigram_vocab_size_not_int():
    with pytest.raises(TypeError, match="vocab_size must be an integer"):
        unigram_perplexity(np.array([0, 1]), np.array([0]), 2.0)


# ---------------------------------------------------------------- truncated BPTT

def test_gradients_with_a_carried_state_agree():
    """What truncated BPTT computes (h0 from the previous chunk) is the true gradient of the chunk's loss."""
    rng = np.random.default_rng(2)
    V, H, T, B = 5, 4, 6, 3
    p = rnn.init_params(V, H, V, seed=2)
    xs, ys = rng.integers(0, V, (T, B)), rng.integers(0, V, (T, B))
    h0 = np.tanh(rng.standard_normal((B, H)))
    loss, grads, h_T = rnn.loss_and_grads(p, xs, ys, h0=h0, return_state=True)
    errors = compare_gradients(lambda q: rnn.loss_and_grads(q, xs, ys, h0=h0)[0], p, grads)
    assert gradients_agree(errors), errors
    hs, _ = rnn.forward(p, xs, h0)
    np.testing.assert_array_equal(h_T, hs[-1])


def test_carried_state_step_carries_and_restarts():
    rng = np.random.default_rng(3)
    ids = rng.integers(0, 5, size=61)
    xs, ys = bptt_chunks(ids, 5, 4)                    # K = 3 chunks
    p = small_params(5)
    step_fn = carried_state_step(xs, ys)
    losses = [step_fn(p, s)[0] for s in (1, 2, 3, 4)]
    _, _, h1 = rnn.loss_and_grads(p, xs[0], ys[0], return_state=True)
    want2, _ = rnn.loss_and_grads(p, xs[1], ys[1], h0=h1)
    assert losses[1] == pytest.approx(want2, rel=1e-12)           # state carried
    assert losses[3] == pytest.approx(losses[0], rel=1e-12)       # a new pass starts from zeros


def test_carry_state_false_starts_every_chunk_from_zeros():
    ids = np.random.default_rng(3).integers(0, 5, size=61)
    xs, ys = bptt_chunks(ids, 5, 4)
    p = small_params(5)
    step_fn = carried_state_step(xs, ys, carry_state=False)
    want, _ = rnn.loss_and_grads(p, xs[1], ys[1])
    step_fn(p, 1)
    assert step_fn(p, 2)[0] == pytest.approx(want, rel=1e-12)


def test_carrying_the_state_helps_with_short_chunks(corpus):
    vocab, train, held = corpus
    final = {}
    for carry in (True, False):
        p = small_params(vocab.size, H=32)
        run = train_char_model(p, train, held, Adam(1e-2), 300, seq_len=10, eval_every=300,
                               carry_state=carry, verbose=False)
        final[carry] = run.held_out_perplexity[-1]
    assert final[True] < final[False]


def test_training_beats_the_unigram_baseline(corpus, capsys):
    vocab, train, held = corpus
    p = small_params(vocab.size, H=32)
    run = train_char_model(p, train, held, Adam(1e-2), 300, eval_every=100)
    out = capsys.readouterr().out.splitlines()
    assert run.eval_steps == [0, 100, 200, 300] and len(out) == 4
    assert out[0].startswith("step     0   train perplexity")
    assert run.held_out_perplexity[0] > 30
    assert run.held_out_perplexity[-1] < 0.5 * unigram_perplexity(train, held, vocab.size)
    assert run.train_perplexity.shape == (4,)


@pytest.mark.parametrize("carry", [True, False])
def test_train_and_held_out_are_scored_alike(corpus, carry):
    """Given the same text twice, the train and held-out losses are the same number: one way of
    reading for both, the way the model was trained (one stream, or reset every seq_len)."""
    vocab, _, held = corpus
    p = small_params(vocab.size)
    run = train_char_model(p, held, held, Adam(1e-2), 20, seq_len=10, batch_size=4, eval_every=10,
                           carry_state=carry, verbose=False)
    assert run.train_loss == run.held_out_loss
    want = text_loss(p, held, reset_every=None if carry else 10)
    assert run.held_out_loss[-1] == pytest.approx(want, rel=1e-12)


def test_training_is_deterministic(corpus):
    vocab, train, held = corpus
    runs = []
    for _ in range(2):
        p = small_params(vocab.size, H=16)
        runs.append(train_char_model(p, train, held, SGD(0.5), 40, eval_every=20, verbose=False))
    assert runs[0].held_out_loss == runs[1].held_out_loss


def test_a_diverging_run_prints_and_raises_nothing(corpus, capsys):
    vocab, train, held = corpus
    p = small_params(vocab.size, H=16)
    run = train_char_model(p, train, held, SGD(1e4), 30, eval_every=10, clip_norm=None)
    out = capsys.readouterr().out
    assert len(out.splitlines()) >= 2
    assert run.held_out_loss[-1] > 10 * np.log(vocab.size)      # far worse than guessing


def test_perplexity_overflows_to_inf_quietly():
    assert perplexity(1e4) == np.inf
    np.testing.assert_allclose(perplexity([0.0, np.log(3)]), [1.0, 3.0])


def test_overflow_is_reported_as_a_message(corpus, capsys):
    vocab, train, held = corpus
    p = small_params(vocab.size, H=16)
    run = train_char_model(p, train, held, SGD(100.0), 50, eval_every=1, clip_norm=None,
                           activation="relu")     # relu does not saturate: the states overflow
    out = capsys.readouterr().out.splitlines()
    assert run.history.stopped_early and run.history.message.startswith("overflowed at step")
    assert out[-1] == run.history.message


def test_train_char_model_bad_optimizer(corpus):
    vocab, train, held = corpus
    with pytest.raises(TypeError, match="optimizer must have a step"):
        train_char_model(small_params(vocab.size), train, held, "adam", 10)


def test_train_char_model_float_ids(corpus):
    vocab, train, held = corpus
    with pytest.raises(TypeError, match="train_ids must hold integer character ids"):
        train_char_model(small_params(vocab.size), train.astype(float), held, Adam(), 10)


def test_train_char_model_held_out_too_short(corpus):
    vocab, train, _ = corpus
    with pytest.raises(ValueError, match="held_out_ids must hold at least 2 ids, got 1"):
        train_char_model(small_params(vocab.size), train, train[:1], Adam(), 10)


def test_train_char_model_n_steps_zero(corpus):
    vocab, train, held = corpus
    with pytest.raises(ValueError, match="n_steps must be an integer >= 1, got 0"):
        train_char_model(small_params(vocab.size), train, held, Adam(), 0, verbose=False)


# ---------------------------------------------------------------- sampling

def test_sample_text_shape_and_determinism():
    v = char_vocab("abcdef ")
    p = small_params(v.size)
    a = sample_text(p, v, "a", 30, temperature=0.8, seed=4)
    assert len(a) == 31 and a[0] == "a" and set(a) <= set(v.chars)
    assert a == sample_text(p, v, "a", 30, temperature=0.8, seed=4)


def test_sample_text_greedy_ignores_seed():
    v = char_vocab("abcdef ")
    p = small_params(v.size)
    assert sample_text(p, v, "b", 20, temperature=0, seed=1) == \
        sample_text(p, v, "b", 20, temperature=0, seed=2)


def test_sample_text_bad_vocab():
    with pytest.raises(TypeError, match="vocab must be a data.CharVocab, got str"):
        sample_text(small_params(3), "abc", "a", 5)


def test_sample_text_first_char_too_long():
    v = char_vocab("abc")
    with pytest.raises(ValueError, match="first_char must be a single character, got 'ab'"):
        sample_text(small_params(3), v, "ab", 5)


def test_sample_text_first_char_unknown():
    v = char_vocab("abc")
    with pytest.raises(ValueError, match="text has 'z' at position 0"):
        sample_text(small_params(3), v, "z", 5)


def test_sample_text_negative_temperature():
    v = char_vocab("abc")
    with pytest.raises(ValueError, match="temperature must be a finite number >= 0"):
        sample_text(small_params(3), v, "a", 5, temperature=-1.0)
