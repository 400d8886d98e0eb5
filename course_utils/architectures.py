"""One core RNN (rnn.py), three ways to wire its inputs and its loss (lesson 04; used again in 05).

- many-to-one, sentiment: read a sentence, answer once, from each sentence's own last step;
- one-to-many, generation: one start token (the class) unrolls into a sentence, each output
  fed back in as the next input;
- many-to-many, forecasting: read a series, predict the next value at every step.

``sentiment_readout`` puts the RNN's answer after every word of a sentence next to the bag of
words' (what lesson 04's sentiment explorer shows).
"""
from __future__ import annotations

import numpy as np

from . import rnn
from .baselines import bag_of_words, bigram_sample, bow_probs
from .data import (SENTIMENT_SPECIALS, SENTIMENT_SUBSETS, SENTIMENT_VOCAB, SentimentSplit,
                   encode_sentences, pad_sequences, sentiment_grammar)
from .train import Adam, train
from .validation import check_array, check_int, check_positive_float, check_seed

N_WORDS = len(SENTIMENT_VOCAB)
END = SENTIMENT_VOCAB.index("<end>")
MAX_WORDS = 12                                # the longest sentence sentiment_readout reads
_SENTENCES = frozenset(sentiment_grammar())   # where an answer was trained: a sentence's last word


def _sentence_list(sentences) -> list:
    if isinstance(sentences, str) or not isinstance(sentences, (list, tuple)):
        raise TypeError(f"sentences must be a list of strings, got {type(sentences).__name__}")
    return list(sentences)


def _check_split(split) -> SentimentSplit:
    if not isinstance(split, SentimentSplit):
        raise TypeError(f"split must be a SentimentSplit from data.sentiment_data, got {type(split).__name__}")
    return split


# ---------------------------------------------------------------- many-to-one: sentiment

def train_classifier(split, *, n_hidden=32, steps=200, lr=0.03, seed=0, side="right"):
    """Many-to-one: the loss sits on each sentence's own last word (mask + loss_on="last").

    Full-batch Adam with norm clipping at 1. Returns (params, History); outputs V = 2
    (0 negative, 1 positive), inputs one-hot over SENTIMENT_VOCAB.
    """
    split = _check_split(split)
    ids, mask = encode_sentences(list(split.sentences), side=side)
    params = rnn.init_params(N_WORDS, check_int("n_hidden", n_hidden, min_value=1), 2, seed=seed)

    def step_fn(p, step):
        return rnn.loss_and_grads(p, ids, split.labels, mask=mask, loss_on="last")

    hist = train(params, step_fn, Adam(check_positive_float("lr", lr)),
                 check_int("steps", steps, min_value=1), clip_norm=1.0)
    return params, hist


def classify(params, sentences) -> np.ndarray:
    """P(positive) for each sentence, read after its own last word. (B,) float64."""
    ids, mask = encode_sentences(_sentence_list(sentences))
    _, probs = rnn.forward(params, ids, mask=mask)
    return probs[-1, :, 1]      # the state is carried over padding: step T holds the last word


def sentence_counts(sentences) -> np.ndarray:
    """Word counts (B, N_WORDS) of sentences: what the bag-of-words baseline sees."""
    ids, mask = encode_sentences(_sentence_list(sentences))
    return bag_of_words(ids, mask, N_WORDS)


def positive_trace(params, sentence) -> np.ndarray:
    """P(positive) after each word of one sentence, (n_words,): watch "not" flip the answer."""
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a string, got {type(sentence).__name__}")
    ids, _ = encode_sentences([sentence])
    _, probs = rnn.forward(params, ids)
    return probs[:, 0, 1]


def sentiment_readout(rnn_params, bow_params, sentence) -> dict:
    """What both models say about ``sentence`` (words from SENTIMENT_VOCAB, at most MAX_WORDS).

    Returns {"words": list, "trace": (n,) RNN P(positive) after each word,
             "ends": (n,) bool, True where the words so far form a sentence of the grammar
             (the only places an output was trained), "rnn": trace[-1], "bow": the bag of words' P(positive)}.
    Raises ValueError for an empty sentence, an unknown word, or more than MAX_WORDS words.
    """
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a string, got {type(sentence).__name__}")
    words = sentence.split()
    if len(words) > MAX_WORDS:
        raise ValueError(f"sentence must have at most {MAX_WORDS} words, got {len(words)}")
    known = set(SENTIMENT_VOCAB[len(SENTIMENT_SPECIALS):])
    unknown = [w for w in words if w not in known]
    if unknown or not words:
        raise ValueError(f"sentence must be words from the vocabulary; unknown: {unknown}"
                         if unknown else "sentence must have at least one word, got an empty string")
    ids, mask = encode_sentences([sentence])
    trace = positive_trace(rnn_params, sentence)
    bow = float(bow_probs(bow_params, bag_of_words(ids, mask, N_WORDS))[0, 1])
    ends = np.array([" ".join(words[:k + 1]) in _SENTENCES for k in range(len(words))])
    return {"words": words, "trace": trace, "ends": ends, "rnn": float(trace[-1]), "bow": bow}


def accuracy_by_subset(p_positive, split) -> dict:
    """{"plain": acc, "negated": acc, "contrast": acc, "all": acc}, deciding at P = 0.5."""
    split = _check_split(split)
    p = check_array("p_positive", p_positive, shape=(len(split),))
    right = (p > 0.5).astype(int) == split.labels
    out = {name: float(right[split.subsets == name].mean()) for name in SENTIMENT_SUBSETS}
    out["all"] = float(right.mean())
    return out


def shuffle_words(sentences, *, seed=0) -> list:
    """Each sentence with its words in a random order (a permutation test of word order).

    Sentences of one word are left as they are; others get an order different from the original.
    """
    sentences = _sentence_list(sentences)
    rng = np.random.default_rng(check_seed(seed))
    out = []
    for s in sentences:
        words = s.split()
        if len(set(words)) > 1:
            new = words
            while new == words:
                new = [words[i] for i in rng.permutation(len(words))]
            words = new
        out.append(" ".join(words))
    return out


# ---------------------------------------------------------------- one-to-many: generation
# A sentence of class c is the sequence  <c> w_1 ... w_n <end>: the start token <neg> or <pos>
# is the one input that chooses the class; every later input is the previous output.

def generator_batch(split):
    """Inputs, targets and mask for teacher forcing: input [<c>, w_1..w_n], target [w_1..w_n, <end>].

    Returns (ids (T, B), targets (T, B), mask (T, B)), right-padded.
    """
    split = _check_split(split)
    ids, mask = encode_sentences(list(split.sentences))
    lengths = mask.sum(axis=0).astype(int)
    seq_in = [np.r_[2 + c, ids[:n, b]] for b, (c, n) in enumerate(zip(split.labels, lengths))]
    seq_out = [np.r_[ids[:n, b], END] for b, n in enumerate(lengths)]
    xs, mask = pad_sequences(seq_in)
    ys, _ = pad_sequences(seq_out)
    return xs, ys, mask


def train_generator(split, *, n_hidden=16, steps=300, lr=0.02, seed=0):
    """Many-to-many training of a one-to-many model: predict every next word (token-weighted)."""
    xs, ys, mask = generator_batch(split)
    params = rnn.init_params(N_WORDS, check_int("n_hidden", n_hidden, min_value=1), N_WORDS, seed=seed)
    hist = train(params, lambda p, step: rnn.loss_and_grads(p, xs, ys, mask=mask),
                 Adam(check_positive_float("lr", lr)), check_int("steps", steps, min_value=1),
                 clip_norm=1.0)
    return params, hist


def generator_loss(params, split) -> float:
    """Mean -log P(next word) per token over the sentences of ``split`` (exp of it: perplexity)."""
    xs, ys, mask = generator_batch(split)
    _, probs = rnn.forward(params, xs, mask=mask)
    picked = np.take_along_axis(probs, ys[..., None], axis=-1)[..., 0]
    return float(-(np.log(picked) * mask).sum() / mask.sum())


def generate(model, label, n_samples, *, max_words=10, temperature=1.0, seed=0) -> list:
    """n_samples sentences of class ``label`` (0 negative, 1 positive), feeding outputs back in.

    model: an RNN's parameter dict (from train_generator), or a bigram table P (V, V) from
    baselines.fit_bigram, for comparison (temperature applies to the RNN only).
    Each sentence stops at <end> (or after max_words words). Returns a list of strings.
    """
    label = check_int("label", label, min_value=0)
    if label > 1:
        raise ValueError(f"label must be 0 (negative) or 1 (positive), got {label}")
    n = check_int("n_samples", n_samples, min_value=1)
    max_words = check_int("max_words", max_words, min_value=1)
    seed = check_seed(seed)
    if not isinstance(model, (dict, np.ndarray)):
        raise TypeError(f"model must be RNN parameters (dict) or a bigram table (ndarray), "
                        f"got {type(model).__name__}")
    out = []
    for i in range(n):
        if isinstance(model, dict):
            ids = rnn.sample(model, 2 + label, max_words + 1, temperature=temperature,
                             seed=seed * 100_003 + i)
        else:
            ids = bigram_sample(model, 2 + label, max_words + 1, seed=seed * 100_003 + i)
        stop = np.flatnonzero(ids == END)
        ids = ids[: stop[0]] if stop.size else ids
        out.append(" ".join(SENTIMENT_VOCAB[j] for j in ids))
    return out


def grade_samples(sentences, label, grammar, *, seen=None) -> dict:
    """How well generated sentences fit: the fraction that are sentences of the grammar,
    and the fraction that are valid AND have the asked-for label.

    With ``seen`` (e.g. the training sentences), also "valid and new": the fraction that are
    valid and not in ``seen``, sentences the model was never shown.
    """
    label = check_int("label", label, min_value=0)
    if not isinstance(grammar, dict):
        raise TypeError(f"grammar must be the dict of data.sentiment_grammar(), got {type(grammar).__name__}")
    valid = [s in grammar for s in sentences]
    right = [s in grammar and grammar[s][0] == label for s in sentences]
    out = {"valid": float(np.mean(valid)), "valid and on label": float(np.mean(right))}
    if seen is not None:
        if isinstance(seen, str) or not isinstance(seen, (list, tuple, set, frozenset)):
            raise TypeError(f"seen must be a list or set of sentences, got {type(seen).__name__}")
        seen = set(seen)
        out["valid and new"] = float(np.mean([s in grammar and s not in seen for s in sentences]))
    return out


# ---------------------------------------------------------------- many-to-many: forecasting

def _series_windows(series, seq_len, batch, rng):
    """batch random windows of the series: inputs (T, B, 1) and next-step targets (T, B, 1)."""
    starts = rng.integers(0, series.size - seq_len, size=batch)
    idx = starts[None, :] + np.arange(seq_len)[:, None]          # (T, B)
    return series[idx][..., None], series[idx + 1][..., None]


def train_forecaster(series, *, n_hidden=4, seq_len=40, batch=32, steps=400, lr=0.02, seed=0):
    """Many-to-many: at every step predict the next value (head="squared", loss at every step).

    Trains on random windows of ``series`` (the training part only). Returns (params, History).
    """
    series = check_array("series", series, ndim=1).astype(np.float64, copy=False)
    T = check_int("seq_len", seq_len, min_value=1)
    if series.size < T + 2:
        raise ValueError(f"series must have more than seq_len + 1 = {T + 1} values, got {series.size}")
    batch = check_int("batch", batch, min_value=1)
    rng = np.random.default_rng(check_seed(seed))
    params = rnn.init_params(1, check_int("n_hidden", n_hidden, min_value=1), 1, seed=seed)

    def step_fn(p, step):
        xs, ys = _series_windows(series, T, batch, rng)
        return rnn.loss_and_grads(p, xs, ys, head="squared")

    hist = train(params, step_fn, Adam(check_positive_float("lr", lr)),
                 check_int("steps", steps, min_value=1), clip_norm=1.0)
    return params, hist


def rnn_forecast(params, series) -> np.ndarray:
    """Next-step predictions (N - 1,): entry t predicts series[t + 1] having read series[:t + 1]."""
    series = check_array("series", series, ndim=1).astype(np.float64, copy=False)
    if series.size < 2:
        raise ValueError(f"series must have at least 2 values, got {series.size}")
    _, out = rnn.forward(params, series[:, None, None], head="squared")
    return out[:-1, 0, 0]
