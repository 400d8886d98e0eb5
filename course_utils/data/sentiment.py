"""A sentiment data set written for the course, where word order matters (lessons 04-05).

The grammar's sentences are plain ("a really clever film"), negated ("not bad at all") or
contrasts ("good but boring"): a bag of words cannot tell "good but boring" from "boring but good".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validation import check_choice, check_int, check_scalar, check_seed
from .batches import pad_sequences



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
