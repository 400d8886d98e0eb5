"""Data sets for the lessons: all generated here or written by us; nothing is downloaded."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validation import check_array, check_choice, check_int, check_scalar, check_seed


def long_range_task(n_sequences, seq_len, *, n_classes=4, distractors=False, seed=0):
    """Remember the first token: the answer sits at step 1 and is asked for at step T.

    Token ids: 0..n_classes-1 are the classes, n_classes is the blank that fills steps 2..T
    (with distractors=True those steps hold random class tokens instead, which makes the task
    noisier from seed to seed). Vocabulary size n_classes + 1.
    Returns (xs, ys): xs (T, N) int64 token ids, ys (N,) int64 the class shown at step 1.
    Chance accuracy is 1 / n_classes.
    """
    N = check_int("n_sequences", n_sequences, min_value=1)
    T = check_int("seq_len", seq_len, min_value=1)
    K = check_int("n_classes", n_classes, min_value=2)
    rng = np.random.default_rng(check_seed(seed))
    ys = rng.integers(0, K, size=N)
    if distractors:
        xs = rng.integers(0, K, size=(T, N))
    else:
        xs = np.full((T, N), K, dtype=np.int64)
    xs[0] = ys
    return xs.astype(np.int64), ys.astype(np.int64)


def two_moons(n_points, *, noise=0.15, held_out=0.3, seed=0):
    """Two interleaved half circles in 2-D, one per class: no straight line separates them.

    Class 0 lies on the upper arc (cos t, sin t), class 1 on the lower arc (1 - cos t, 0.5 - sin t),
    t uniform in [0, pi]; both are shifted so the cloud is centred near the origin, and every
    point gets Gaussian noise of standard deviation ``noise``. The points are shuffled and the
    last ``held_out`` fraction is kept apart, for measuring the loss on data never trained on.
    Returns (X_train (N_train, 2) float64, y_train (N_train,) int64,
             X_held (N_held, 2) float64, y_held (N_held,) int64), N_train + N_held = n_points.
    """
    n = check_int("n_points", n_points, min_value=4)
    noise = check_scalar("noise", noise, min_value=0)
    held_out = check_scalar("held_out", held_out, min_value=0, max_value=1, include_boundaries="neither")
    seed = check_seed(seed)
    n_held = int(round(held_out * n))
    if not 1 <= n_held <= n - 1:
        raise ValueError(f"held_out = {held_out} of n_points = {n} leaves {n_held} held-out points; "
                         "both parts need at least one")
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2                                  # balanced classes
    t = rng.uniform(0.0, np.pi, size=n)
    X = np.where(y[:, None] == 0,
                 np.stack([np.cos(t), np.sin(t)], axis=1),
                 np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], axis=1))
    X = X - np.array([0.5, 0.25]) + noise * rng.standard_normal((n, 2))
    order = rng.permutation(n)
    X, y = X[order], y[order].astype(np.int64)
    return X[n_held:], y[n_held:], X[:n_held], y[:n_held]


# ---------------------------------------------------------------- text: the character corpus of lesson 03

CORPUS_FILES = ("corpus.txt",)   # course_utils/texts/, written for the course


def load_corpus(name="corpus.txt") -> str:
    """The text of ``course_utils/texts/<name>``: a few KB of plain English written for the course."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'corpus.txt', got {type(name).__name__}")
    if name not in CORPUS_FILES:
        raise ValueError(f"name must be one of {', '.join(map(repr, CORPUS_FILES))}; got {name!r}")
    from importlib import resources
    return (resources.files(__package__) / "texts" / name).read_text(encoding="utf-8")


class CharVocab:
    """A character vocabulary: ids 0..V-1 for the sorted distinct characters of a text.

    ``encode(text) -> ids (N,) int64`` and ``decode(ids) -> str`` are inverse to each other.
    """

    def __init__(self, chars):
        self.chars = tuple(chars)
        self.index = {c: i for i, c in enumerate(self.chars)}

    @property
    def size(self) -> int:
        return len(self.chars)

    def __len__(self) -> int:
        return len(self.chars)

    def __repr__(self) -> str:
        return f"CharVocab({self.size} characters: {''.join(self.chars)!r})"

    def encode(self, text) -> np.ndarray:
        """ids (len(text),) int64; a character outside the vocabulary is an error."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, got {type(text).__name__}")
        for pos, c in enumerate(text):
            if c not in self.index:
                raise ValueError(f"text has {c!r} at position {pos}, which is not in the vocabulary "
                                 f"of {self.size} characters")
        return np.array([self.index[c] for c in text], dtype=np.int64)

    def decode(self, ids) -> str:
        """The text of a 1-D sequence of ids in [0, V)."""
        ids = check_array("ids", ids, ndim=1)
        if ids.size == 0:
            return ""
        if not np.issubdtype(ids.dtype, np.integer):
            raise TypeError(f"ids must hold integer character ids, got dtype {ids.dtype}")
        if ids.min() < 0 or ids.max() >= self.size:
            raise ValueError(f"ids must lie in [0, {self.size}), got values from {ids.min()} to {ids.max()}")
        return "".join(self.chars[i] for i in ids)


def char_vocab(text) -> CharVocab:
    """The vocabulary of every distinct character in ``text`` (a non-empty string), sorted."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if not text:
        raise ValueError("text must not be empty: a vocabulary needs at least one character")
    return CharVocab(sorted(set(text)))


def split_text(text, held_out_fraction=0.1) -> tuple[str, str]:
    """(train, held_out): the last ``held_out_fraction`` of ``text`` is held out, unseen in training.

    A contiguous cut, not a shuffle: held-out text is text the model has never read. Each part
    keeps at least 2 characters (one input and its target).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    frac = check_scalar("held_out_fraction", held_out_fraction, min_value=0, max_value=1,
                        include_boundaries="neither")
    n_held = int(round(len(text) * frac))
    if n_held < 2 or len(text) - n_held < 2:
        raise ValueError(f"text of {len(text)} characters is too short to hold out a fraction {frac}: "
                         f"each part needs at least 2 characters")
    return text[:-n_held], text[-n_held:]


def bptt_chunks(ids, seq_len, batch_size) -> tuple[np.ndarray, np.ndarray]:
    """Cut a stream of ids into chunks for truncated BPTT with the hidden state carried over.

    The stream (N,) is split into ``batch_size`` contiguous rows of L = (N - 1) // B ids each; row b
    reads ids[b*L : (b+1)*L] and predicts the next id, ids[b*L + 1 : (b+1)*L + 1]. Each row is then cut
    into K = L // seq_len pieces of seq_len steps (the last < seq_len ids of a row are dropped).
    Returns (xs, targets), both (K, T, B) int64, time-major: chunk k + 1 continues chunk k in every
    column, so the state h_T after chunk k is the right h0 for chunk k + 1.
    """
    ids = check_array("ids", ids, ndim=1)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"ids must hold integer token ids, got dtype {ids.dtype}")
    T = check_int("seq_len", seq_len, min_value=1)
    B = check_int("batch_size", batch_size, min_value=1)
    if ids.size < B * T + 1:
        raise ValueError(f"ids has {ids.size} entries; batch_size * seq_len + 1 = {B * T + 1} are needed "
                         f"for one chunk of {B} rows of {T} steps")
    L = (ids.size - 1) // B
    K = L // T
    rows_x = ids[: B * L].reshape(B, L)[:, : K * T]              # (B, K*T)
    rows_y = ids[1: B * L + 1].reshape(B, L)[:, : K * T]         # the same rows, shifted by one
    xs = rows_x.reshape(B, K, T).transpose(1, 2, 0)               # (K, T, B)
    targets = rows_y.reshape(B, K, T).transpose(1, 2, 0)
    return xs.astype(np.int64), targets.astype(np.int64)


# ---------------------------------------------------------------- sentiment: where word order matters (lessons 04-05)


POSITIVE_WORDS = ("good", "great", "fun", "clever", "lovely", "brilliant")
NEGATIVE_WORDS = ("bad", "boring", "awful", "dull", "weak", "silly")
SENTIMENT_SUBSETS = ("plain", "negated", "contrast")
# Ids 0-3 are special: padding, end of sentence, and the two start tokens of the generator
# (<neg> = 2 + label 0, <pos> = 2 + label 1). Then every word of the grammar, sorted.
SENTIMENT_SPECIALS = ("<pad>", "<end>", "<neg>", "<pos>")
_OPENERS = ("", "it was", "the film was", "the acting was")
_INTENSIFIERS = ("", "very", "really")
_NOUNS = ("film", "movie", "story")


def sentiment_grammar() -> dict:
    """Every sentence of the course's sentiment grammar -> (label, subset); label 1 = positive.

    plain:    "[opener] [very|really] ADJ" or "a [very|really] ADJ film|movie|story";
    negated:  "[opener] not ADJ [at all]", "[opener] not very|really ADJ", "not a ADJ NOUN":
              "not" flips the polarity of the word it governs ("not bad at all" is positive);
    contrast: "[opener] [very|really] ADJ but [very|really] ADJ'" with opposite polarities:
              the clause after "but" decides ("good but boring" is negative).
    A bag of words cannot tell "good but boring" from "boring but good": same words, other label.
    """
    polarity = {**{w: 1 for w in POSITIVE_WORDS}, **{w: 0 for w in NEGATIVE_WORDS}}
    join = lambda *parts: " ".join(p for p in parts if p)
    out = {}
    for adj, pol in polarity.items():
        for opener in _OPENERS:
            for very in _INTENSIFIERS:
                out[join(opener, very, adj)] = (pol, "plain")
            for tail in ("", "at all"):
                out[join(opener, "not", adj, tail)] = (1 - pol, "negated")
            for very in _INTENSIFIERS[1:]:
                out[join(opener, "not", very, adj)] = (1 - pol, "negated")
        for noun in _NOUNS:
            out[join("not a", adj, noun)] = (1 - pol, "negated")
            for very in _INTENSIFIERS:
                out[join("a", very, adj, noun)] = (pol, "plain")
    for first, pol in polarity.items():
        for second in (NEGATIVE_WORDS if pol else POSITIVE_WORDS):
            for opener in _OPENERS:
                for v1 in _INTENSIFIERS:
                    for v2 in _INTENSIFIERS:
                        out[join(opener, v1, first, "but", v2, second)] = (1 - pol, "contrast")
    return out


def _sentiment_vocab() -> tuple:
    words = sorted({w for s in sentiment_grammar() for w in s.split()})
    return SENTIMENT_SPECIALS + tuple(words)


SENTIMENT_VOCAB = _sentiment_vocab()   # token id -> word; SENTIMENT_VOCAB.index(word) -> id


@dataclass(frozen=True)
class SentimentSplit:
    """Sentences (N,) as strings, labels (N,) int64 (1 = positive), subsets (N,) str."""
    sentences: tuple
    labels: np.ndarray
    subsets: np.ndarray

    def __len__(self) -> int:
        return len(self.sentences)

    def subset(self, name) -> "SentimentSplit":
        """The sentences of one subset ("plain", "negated" or "contrast")."""
        check_choice("name", name, SENTIMENT_SUBSETS)
        keep = np.flatnonzero(self.subsets == name)
        return SentimentSplit(tuple(self.sentences[i] for i in keep), self.labels[keep],
                              self.subsets[keep])


def sentiment_data(n_per_subset=200, *, held_out=0.3, seed=0):
    """A sentiment data set where word order matters, split into train and held-out parts.

    Draws ``n_per_subset`` distinct sentences of each subset of ``sentiment_grammar()``
    (plain, negated, contrast), then holds out the fraction ``held_out`` of each subset.
    Every sentence appears once, so the two parts share no example.
    Returns (train, held) as two SentimentSplit.
    """
    n = check_int("n_per_subset", n_per_subset, min_value=2)
    held_out = check_scalar("held_out", held_out, min_value=0, max_value=1, include_boundaries="neither")
    seed = check_seed(seed)
    grammar = sentiment_grammar()
    rng = np.random.default_rng(seed)
    parts = {"train": [], "held": []}
    for name in SENTIMENT_SUBSETS:
        pool = sorted(s for s, (_, sub) in grammar.items() if sub == name)
        if n > len(pool):
            raise ValueError(f"n_per_subset must be at most {len(pool)} (the {name} subset has "
                             f"{len(pool)} sentences), got {n}")
        chosen = [pool[i] for i in rng.choice(len(pool), size=n, replace=False)]
        n_held = max(1, int(round(held_out * n)))
        parts["held"] += chosen[:n_held]
        parts["train"] += chosen[n_held:]
    make = lambda ss: SentimentSplit(tuple(ss), np.array([grammar[s][0] for s in ss], dtype=np.int64),
                                     np.array([grammar[s][1] for s in ss]))
    return make(parts["train"]), make(parts["held"])


def pad_sequences(sequences, *, side="right", pad_id=0):
    """Stack sequences of different lengths into one time-major batch, with a mask.

    sequences: a list of B one-dimensional integer arrays (lengths T_b >= 1).
    side: "right" puts the padding after each sequence, "left" before it.
    Returns (ids (T, B) int64 with T = max T_b, padded with ``pad_id``; mask (T, B) float64,
    1 on real steps, 0 on padding).
    """
    if not isinstance(sequences, (list, tuple)) or not sequences:
        raise TypeError(f"sequences must be a non-empty list of 1-D integer arrays, got {sequences!r:.60}")
    check_choice("side", side, ("right", "left"))
    pad_id = check_int("pad_id", pad_id, min_value=0)
    seqs = []
    for b, s in enumerate(sequences):
        s = check_array(f"sequences[{b}]", s, ndim=1)
        if s.size == 0:
            raise ValueError(f"sequences[{b}] is empty; every sequence needs at least one step")
        if not np.issubdtype(s.dtype, np.integer):
            raise TypeError(f"sequences[{b}] must hold integer ids, got dtype {s.dtype}")
        seqs.append(s)
    T, B = max(s.size for s in seqs), len(seqs)
    ids = np.full((T, B), pad_id, dtype=np.int64)
    mask = np.zeros((T, B))
    for b, s in enumerate(seqs):
        rows = slice(0, s.size) if side == "right" else slice(T - s.size, T)
        ids[rows, b] = s
        mask[rows, b] = 1.0
    return ids, mask


def encode_sentences(sentences, *, side="right"):
    """Token ids of sentences of the sentiment grammar, padded into one batch.

    sentences: a list of strings whose words are all in SENTIMENT_VOCAB.
    Returns (ids (T, B) int64, mask (T, B) float64), as ``pad_sequences``.
    """
    if isinstance(sentences, str) or not isinstance(sentences, (list, tuple)) or not sentences:
        raise TypeError(f"sentences must be a non-empty list of strings, got {sentences!r:.60}")
    index = {w: i for i, w in enumerate(SENTIMENT_VOCAB)}
    seqs = []
    for b, s in enumerate(sentences):
        if not isinstance(s, str):
            raise TypeError(f"sentences[{b}] must be a string, got {type(s).__name__}")
        if not s.split():
            raise ValueError(f"sentences[{b}] must have at least one word, got {s!r}")
        unknown = [w for w in s.split() if w not in index or index[w] < len(SENTIMENT_SPECIALS)]
        if unknown:
            raise ValueError(f"sentences[{b}] = {s!r} has words outside the vocabulary: {unknown}")
        seqs.append(np.array([index[w] for w in s.split()], dtype=np.int64))
    return pad_sequences(seqs, side=side)


# ---------------------------------------------------------------- a real series shipped with matplotlib
EEG_CHANNELS = ("PG3", "PG5", "PG7", "PG9")   # the electrode names matplotlib's example gives
EEG_SAMPLE_RATE = 80.0                         # Hz: matplotlib's example plots 800 samples over 10 s


@dataclass(frozen=True)
class Series:
    """A series cut in time: train (N_train,) then test (N_test,), both normalised with the
    training part's mean and std (so nothing about the test part leaks into the model)."""
    train: np.ndarray
    test: np.ndarray
    mean: float
    std: float
    dt: float
    name: str

    def full(self) -> np.ndarray:
        """train followed by test, (N_train + N_test,)."""
        return np.concatenate([self.train, self.test])


def load_eeg(channel=0, *, train_fraction=0.7):
    """One channel of ``eeg.dat`` from matplotlib's sample data: 800 samples of real EEG.

    The first ``train_fraction`` of the samples is the training part, the rest the test part;
    both are normalised with the training part's statistics. Values are in the file's
    (unstated) units before normalisation; ``dt`` is the sampling step in seconds.
    """
    channel = check_int("channel", channel, min_value=0)
    if channel >= len(EEG_CHANNELS):
        raise ValueError(f"channel must be in [0, {len(EEG_CHANNELS)}), got {channel}")
    train_fraction = check_scalar("train_fraction", train_fraction, min_value=0.1, max_value=0.9)
    from matplotlib import cbook
    with cbook.get_sample_data("eeg.dat") as f:
        raw = np.frombuffer(f.read(), dtype=np.float64).reshape(800, len(EEG_CHANNELS))[:, channel]
    n_train = int(round(train_fraction * raw.size))
    mean, std = float(raw[:n_train].mean()), float(raw[:n_train].std())
    z = (raw - mean) / std
    return Series(z[:n_train].copy(), z[n_train:].copy(), mean, std, 1.0 / EEG_SAMPLE_RATE,
                  f"EEG channel {EEG_CHANNELS[channel]}")
