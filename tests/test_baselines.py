"""course_utils.baselines: bag of words (gradient-checked), forecasts, bigram, parameter counts."""
import numpy as np
import pytest

from course_utils import baselines as bl
from course_utils import rnn
from course_utils.gradients import TOLERANCE, compare_gradients


# ---------------------------------------------------------------- bag of words

def test_bag_of_words_counts_real_steps_only():
    ids = np.array([[1, 2], [1, 0], [3, 0]])
    mask = np.array([[1, 1], [1, 0], [1, 0]])
    counts = bl.bag_of_words(ids, mask, 4)
    assert counts.tolist() == [[0, 2, 0, 1], [0, 0, 1, 0]]
    assert bl.bag_of_words(ids, None, 4).tolist() == [[0, 2, 0, 1], [2, 0, 1, 0]]


def test_bag_of_words_ignores_order():
    ids = np.array([[1, 3], [2, 2], [3, 1]])
    counts = bl.bag_of_words(ids, None, 5)
    assert np.array_equal(counts[0], counts[1])


def test_bow_gradients_match_central_differences():
    rng = np.random.default_rng(0)
    params = {"W": rng.standard_normal((3, 5)), "b": rng.standard_normal(3)}
    counts = rng.integers(0, 3, size=(7, 5)).astype(float)
    labels = rng.integers(0, 3, size=7)
    loss, grads = bl.bow_loss_and_grads(params, counts, labels)
    errors = compare_gradients(lambda p: bl.bow_loss_and_grads(p, counts, labels)[0], params, grads)
    assert all(e < TOLERANCE for e in errors.values()), errors


def test_bow_starts_at_log_2_and_learns_a_linear_rule():
    counts = np.array([[2, 0], [0, 1], [3, 1], [1, 4]], dtype=float)
    labels = np.array([1, 0, 1, 0])          # more of word 0 than word 1 -> class 1
    assert bl.bow_loss_and_grads(bl.init_bow(2), counts, labels)[0] == pytest.approx(np.log(2))
    params, hist = bl.train_bow(counts, labels, steps=200, lr=0.1)
    assert hist.train_loss[-1] < 0.1
    assert np.array_equal(bl.bow_probs(params, counts).argmax(axis=1), labels)


# ---------------------------------------------------------------- forecasts

def test_last_value_forecast():
    assert bl.last_value_forecast([1.0, 2.0, 4.0, 3.0]).tolist() == [1.0, 2.0, 4.0]


def test_autoregression_recovers_a_known_process():
    rng = np.random.default_rng(1)
    x = np.zeros(3000)
    for t in range(2, x.size):
        x[t] = 1.5 * x[t - 1] - 0.7 * x[t - 2] + 0.1 + 0.05 * rng.standard_normal()
    coef = bl.fit_autoregressive(x, order=2)
    assert np.allclose(coef, [-0.7, 1.5, 0.1], atol=0.03)   # [oldest lag, newest lag, constant]


def test_autoregressive_forecast_alignment():
    coef = np.array([0.0, 1.0, 0.0])                 # AR(2) that repeats the last value
    x = np.array([3.0, 1.0, 4.0, 1.0, 5.0])
    assert np.allclose(bl.autoregressive_forecast(coef, x), bl.last_value_forecast(x))
    coef = np.array([1.0, 0.0, 0.5])                 # x_{t+1} = x_{t-1} + 0.5; x_{-1} = x_0
    assert np.allclose(bl.autoregressive_forecast(coef, x), [3.5, 3.5, 1.5, 4.5])


# ---------------------------------------------------------------- bigram

def test_bigram_probabilities_from_counts():
    xs = np.array([[0, 0], [1, 2]])
    ys = np.array([[1, 2], [2, 0]])
    mask = np.array([[1, 1], [1, 0]])
    P = bl.fit_bigram(xs, ys, mask, 3, alpha=1e-9)
    assert np.allclose(P.sum(axis=1), 1)
    assert P[0, 1] == pytest.approx(0.5) and P[0, 2] == pytest.approx(0.5)
    assert P[1, 2] == pytest.approx(1.0)
    assert bl.bigram_loss(P, xs, ys, mask) == pytest.approx(np.log(2) * 2 / 3, abs=1e-6)


def test_bigram_sample_follows_the_table():
    P = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    assert bl.bigram_sample(P, 0, 5, seed=3).tolist() == [1, 2, 0, 1, 2]


# ---------------------------------------------------------------- parameter counts

@pytest.mark.parametrize("D, H, V", [(1, 4, 1), (30, 32, 2), (7, 5, 3)])
def test_rnn_parameter_count_matches_init_params(D, H, V):
    params = rnn.init_params(D, H, V)
    assert bl.rnn_parameter_count(D, H, V) == sum(p.size for p in params.values())


def test_window_mlp_parameter_count():
    assert bl.window_mlp_parameter_count(10, 30, 32, 2) == 10 * 30 * 32 + 32 + 2 * 32 + 2
    grow = [bl.window_mlp_parameter_count(T, 3, 4, 2) for T in (1, 2, 3)]
    assert grow[2] - grow[1] == grow[1] - grow[0] == 3 * 4


# ---------------------------------------------------------------- named errors, one per case

IDS = np.array([[1, 2], [0, 1]])


@pytest.mark.parametrize("call, err, match", [
    (lambda: bl.bag_of_words(IDS, None, 0), ValueError, "vocab_size"),
    (lambda: bl.bag_of_words(IDS.astype(float), None, 3), TypeError, "ids must hold integer"),
    (lambda: bl.bag_of_words(IDS, None, 2), ValueError, r"ids must be non-empty token ids in \[0, 2\)"),
    (lambda: bl.bag_of_words(IDS[0], None, 3), ValueError, "ids must have 2"),
    (lambda: bl.bag_of_words(IDS, np.ones((3, 2)), 3), ValueError, "mask must have shape"),
    (lambda: bl.bag_of_words(IDS, np.full((2, 2), 0.5), 3), ValueError, "mask must hold only 0/1"),
    (lambda: bl.init_bow(3, n_classes=1), ValueError, "n_classes"),
    (lambda: bl.bow_probs({"W": np.zeros((2, 3))}, np.zeros((1, 3))), TypeError, "params"),
    (lambda: bl.bow_probs(bl.init_bow(3), np.zeros((1, 4))), ValueError, "counts must have shape"),
    (lambda: bl.bow_probs(bl.init_bow(3), np.full((1, 3), np.nan)), ValueError, "counts contains NaN"),
    (lambda: bl.bow_loss_and_grads(bl.init_bow(3), np.zeros((2, 3)), np.array([0, 2])), ValueError,
     "labels must be integer classes"),
    (lambda: bl.bow_loss_and_grads(bl.init_bow(3), np.zeros((2, 3)), np.array([0])), ValueError,
     "labels must have shape"),
    (lambda: bl.train_bow(np.zeros((2, 3)), np.array([0, 1]), lr=0.0), ValueError, "lr"),
    (lambda: bl.train_bow(np.zeros((2, 3)), np.array([0, 1]), steps=0), ValueError, "steps"),
    (lambda: bl.last_value_forecast([1.0]), ValueError, "series must have at least 2"),
    (lambda: bl.last_value_forecast([[1.0, 2.0]]), ValueError, "series must have 1"),
    (lambda: bl.last_value_forecast([1.0, np.inf]), ValueError, "series contains NaN or inf"),
    (lambda: bl.fit_autoregressive(np.arange(5.0), order=0), ValueError, "order"),
    (lambda: bl.fit_autoregressive(np.arange(5.0), order=4), ValueError, "series must have at least 6"),
    (lambda: bl.autoregressive_forecast([1.0], np.arange(5.0)), ValueError, "coef must have"),
    (lambda: bl.fit_bigram(IDS, IDS, None, 3, alpha=0), ValueError, "alpha"),
    (lambda: bl.fit_bigram(IDS, IDS[:1], None, 3), ValueError, "ys must have shape"),
    (lambda: bl.fit_bigram(IDS, IDS + 5, None, 3), ValueError, "ys must be integer token ids"),
    (lambda: bl.bigram_loss(np.ones((2, 3)), IDS, np.ones((2, 2)), IDS), ValueError, "P must be square"),
    (lambda: bl.bigram_sample(np.ones((3, 3)) / 3, 3, 2), ValueError, "first"),
    (lambda: bl.bigram_sample(np.ones((3, 3)) / 3, 0, 0), ValueError, "n_steps"),
    (lambda: bl.bigram_sample(np.ones((2, 3)), 0, 2), ValueError, "P must be square"),
    (lambda: bl.rnn_parameter_count(0, 2, 2), ValueError, "n_in"),
    (lambda: bl.rnn_parameter_count(2, 2.0, 2), TypeError, "n_hidden"),
    (lambda: bl.window_mlp_parameter_count(0, 2, 2, 2), ValueError, "seq_len"),
    (lambda: bl.window_mlp_parameter_count(3, 2, 2, 0), ValueError, "n_out"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_errors(call, err, match):
    with pytest.raises(err, match=match):
        call()
