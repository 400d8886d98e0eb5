"""The translation task of lesson 08: English-like sentences into a made-up, verb-final language.

Nothing is downloaded: the course writes both languages. The source is subject-verb-object with
articles, adjectives before nouns, prepositional phrases and relative clauses after them and an
adverb at the end. The target language has its own words (LEXICON) and another order:

    source  NP VERB [NP] [ADVERB]           NP = the|a [ADJ] NOUN [PREP NP'] [that VERB [NP']]
    target  [ADVERB] NP ga [NP wo] VERB     NP = [NP' POSTP] [[NP' wo] VERB ki] NOUN [ADJ]

verb last, the object before the verb, adjectives after their noun, prepositions turned into
postpositions after their noun, relative clauses before the noun they describe, the adverb first;
articles and "that" are dropped, the particles "ga" (subject), "wo" (object) and "ki" (ends a
relative clause) are added, so a target is often longer or shorter than its source.

    the big dog near a cat sees the lazy king today
    kaye mino bi waku olo ga toma varu wo mek

Each sentence is built from a skeleton (which optional parts it has); the skeleton gives its
length and where each source word lands in the target (its alignment), and the words are drawn
uniformly, so every sentence of a given length is equally likely.
Token ids 0, 1, 2 are seq2seq's PAD, START and END in both vocabularies.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product

import numpy as np

from ..seq2seq import END, PAD, START
from ..validation import check_array, check_int, check_seed
from .batches import pad_sequences

SPECIALS = ("<pad>", "<start>", "<end>")            # ids PAD, START, END
MIN_LEN = 3
# word class -> ((source word, target word), ...): every source word has its own target word
LEXICON = {
    "noun": (("dog", "waku"), ("cat", "mino"), ("bird", "tepi"), ("horse", "roka"),
             ("fox", "sune"), ("child", "ebo"), ("farmer", "garu"), ("teacher", "kelo"),
             ("king", "toma"), ("girl", "fira"), ("boy", "dabu"), ("doctor", "nesi"),
             ("baker", "pura"), ("wolf", "zoru"), ("sheep", "lani"), ("queen", "hali")),
    "adj": (("big", "olo"), ("small", "piti"), ("lazy", "varu"), ("young", "sema"),
            ("happy", "lumi"), ("brave", "gasu"), ("tired", "nopa"), ("clever", "kiri")),
    "vt": (("sees", "mek"), ("likes", "dor"), ("follows", "sak"), ("helps", "tun"),
           ("finds", "bel"), ("calls", "hov"), ("feeds", "zam"), ("watches", "pir")),
    "vi": (("sleeps", "nun"), ("runs", "kap"), ("sings", "lal"), ("waits", "ost"),
           ("laughs", "hia"), ("swims", "plu"), ("falls", "dop"), ("smiles", "rim"),
           ("dances", "tiv"), ("cries", "uku")),
    "adv": (("quickly", "sasa"), ("slowly", "momo"), ("often", "rere"), ("today", "kaye"),
            ("again", "dini")),
    "prep": (("near", "bi"), ("behind", "ato"), ("with", "kon"), ("under", "sita")),
    "det": (("the", None), ("a", None)),            # no articles in the target
}
FUNCTION_WORDS = ("that",)                          # source words with no target word
PARTICLES = ("ga", "wo", "ki")                      # target words with no source word


def _vocabularies():
    src = list(SPECIALS) + [s for c in LEXICON.values() for s, _ in c] + list(FUNCTION_WORDS)
    tgt = list(SPECIALS) + [t for c in LEXICON.values() for _, t in c if t] + list(PARTICLES)
    return tuple(src), tuple(tgt)


SOURCE_VOCAB, TARGET_VOCAB = _vocabularies()       # id -> word; .index(word) -> id
# id -> the word class of each source word ("special" for PAD, START, END), as LEXICON names them
SOURCE_CLASSES = (("special",) * len(SPECIALS) + tuple(c for c, pairs in LEXICON.items() for _ in pairs)
                  + FUNCTION_WORDS)
_SRC_ID = {w: i for i, w in enumerate(SOURCE_VOCAB)}
_TGT_ID = {w: i for i, w in enumerate(TARGET_VOCAB)}
# source id -> target id of its translation (-1: dropped)
_TRANSLATION = np.full(len(SOURCE_VOCAB), -1, dtype=np.int64)
for _pairs in LEXICON.values():
    for _s, _t in _pairs:
        _TRANSLATION[_SRC_ID[_s]] = _TGT_ID[_t] if _t else -1


# ---------------------------------------------------------------- the grammar, as skeletons
# A part is (source items, target items). A source item is a word class or a fixed word; a
# target item is the position (int) of the source word it translates, or a particle (str).

def _concat(*parts):
    """Source items in the order given; each part's target, shifted to the joined positions."""
    src, tgts = [], []
    for s, t in parts:
        tgts.append([x + len(src) if isinstance(x, int) else x for x in t])
        src += s
    return src, tgts


def _word(cls):
    return [cls], ([] if cls in ("det", "that") else [0])


def _inner_np(adj):
    src, (_, a, n) = _concat(_word("det"), _word("adj") if adj else ([], []), _word("noun"))
    return src, n + a


def _modifier(kind):
    """After a noun: None, ("pp", adj) or ("rel", None | adj): the rel's own object, if any."""
    if kind is None:
        return [], []
    if kind[0] == "pp":
        src, (p, np_) = _concat(_word("prep"), _inner_np(kind[1]))
        return src, np_ + p
    if kind[1] is None:                                            # that VERB (intransitive)
        src, (_, v) = _concat(_word("that"), _word("vi"))
        return src, v + ["ki"]
    src, (_, v, obj) = _concat(_word("that"), _word("vt"), _inner_np(kind[1]))
    return src, obj + ["wo"] + v + ["ki"]


_PPS = (None, ("pp", False), ("pp", True))
_RELS = (None, ("rel", None), ("rel", False), ("rel", True))


def _np(adj, pp, rel):
    src, (_, a, n, p, r) = _concat(_word("det"), _word("adj") if adj else ([], []),
                                   _word("noun"), _modifier(pp), _modifier(rel))
    return src, p + r + n + a


def _sentence(subj, obj, adv):
    """obj None: NP VERB(intransitive); else NP VERB NP (its adj, pp, rel)."""
    verb = _word("vi") if obj is None else _word("vt")
    obj_part = ([], []) if obj is None else _np(*obj)
    src, (s, v, o, a) = _concat(_np(*subj), verb, obj_part, _word("adv") if adv else ([], []))
    return src, a + s + ["ga"] + (o + ["wo"] if obj is not None else []) + v


@lru_cache(maxsize=None)
def skeletons(max_len=12):
    """Every skeleton of at most ``max_len`` source words: {length: ((source items, target
    items, number of sentences it makes), ...)}, in a fixed order."""
    max_len = check_int("max_len", max_len, min_value=MIN_LEN)
    nps = list(product((False, True), _PPS, _RELS))
    out: dict = {}
    for subj, obj, adv in product(nps, [None] + nps, (False, True)):
        src, tgt = _sentence(subj, obj, adv)
        if len(src) <= max_len:
            n = int(np.prod([len(LEXICON[c]) for c in src if c in LEXICON], dtype=np.float64))
            out.setdefault(len(src), []).append((tuple(src), tuple(tgt), n))
    return {L: tuple(out[L]) for L in sorted(out)}


def _fill(skeleton, n, rng):
    """n sentences of one skeleton: (source ids (n, L), target ids (n, T), alignment (n, L))."""
    src_items, tgt_items, _ = skeleton
    src = np.empty((n, len(src_items)), dtype=np.int64)
    for i, item in enumerate(src_items):
        if item in LEXICON:
            first = _SRC_ID[LEXICON[item][0][0]]                # a class's words are contiguous
            src[:, i] = first + rng.integers(0, len(LEXICON[item]), size=n)
        else:
            src[:, i] = _SRC_ID[item]
    tgt = np.empty((n, len(tgt_items)), dtype=np.int64)
    align = np.full(len(src_items), -1, dtype=np.int64)
    for j, item in enumerate(tgt_items):
        if isinstance(item, int):
            tgt[:, j] = _TRANSLATION[src[:, item]]
            align[item] = j
        else:
            tgt[:, j] = _TGT_ID[item]
    return src, tgt, np.broadcast_to(align, src.shape)


def _draw_length(L, n, rng, max_len):
    """Up to n distinct sentences of L source words (all of them if fewer exist), in the order
    first drawn. Returns (source ids (m, L), target ids (m, T_L) padded, target lengths (m,),
    alignment (m, L))."""
    sks = skeletons(max_len)[L]
    sizes = np.array([s[2] for s in sks], dtype=np.float64)
    n = min(n, int(sizes.sum()))
    T_L = max(len(s[1]) for s in sks)
    pool = [np.empty((0, L), np.int64), np.empty((0, T_L), np.int64), np.empty(0, np.int64),
            np.empty((0, L), np.int64)]
    while len(pool[0]) < n:
        m = 2 * n + 64
        which = rng.choice(len(sks), size=m, p=sizes / sizes.sum())
        src, tgt = np.empty((m, L), np.int64), np.full((m, T_L), PAD, np.int64)
        tlen, align = np.empty(m, np.int64), np.empty((m, L), np.int64)
        for k in np.unique(which):
            rows = np.flatnonzero(which == k)
            s, t, a = _fill(sks[k], rows.size, rng)
            src[rows], tgt[rows, :t.shape[1]], tlen[rows], align[rows] = s, t, t.shape[1], a
        pool = [np.concatenate([p, q]) for p, q in zip(pool, (src, tgt, tlen, align))]
        first = np.sort(np.unique(pool[0], axis=0, return_index=True)[1])   # keep draw order
        pool = [p[first] for p in pool]
    return [p[:n] for p in pool]


@dataclass(frozen=True)
class TranslationSet:
    """Sentence pairs, time-major and right-padded (N pairs; S, T the longest of them).

    src (S, N) source ids, src_mask (S, N) 1 on words, 0 on padding;
    tgt_in (T, N) = START then the target words; tgt_out (T, N) = the target words then END;
    tgt_mask (T, N) 1 on real target steps; alignment (S, N) the target position of each
    source word, -1 for words dropped in the target (articles, "that") and padding.
    """
    src: np.ndarray
    src_mask: np.ndarray
    tgt_in: np.ndarray
    tgt_out: np.ndarray
    tgt_mask: np.ndarray
    alignment: np.ndarray

    @property
    def src_len(self) -> np.ndarray:
        """(N,) number of source words of each pair."""
        return self.src_mask.sum(axis=0).astype(np.int64)

    def __len__(self) -> int:
        return self.src.shape[1]

    def take(self, index) -> "TranslationSet":
        """The pairs at ``index`` (ints or a boolean mask over N), padding trimmed to fit them."""
        cols = np.arange(len(self))[index]
        if cols.size == 0:
            raise ValueError("index selects no pair; a TranslationSet needs at least one")
        S = int(self.src_mask[:, cols].sum(axis=0).max())
        T = int(self.tgt_mask[:, cols].sum(axis=0).max())
        return TranslationSet(self.src[:S, cols], self.src_mask[:S, cols], self.tgt_in[:T, cols],
                              self.tgt_out[:T, cols], self.tgt_mask[:T, cols],
                              self.alignment[:S, cols])

    def of_length(self, n_words) -> "TranslationSet":
        """The pairs whose source has ``n_words`` words."""
        n_words = check_int("n_words", n_words, min_value=1)
        if not np.any(self.src_len == n_words):
            raise ValueError(f"no pair has a source of {n_words} words; lengths present: "
                             f"{sorted(set(self.src_len.tolist()))}")
        return self.take(self.src_len == n_words)


def _assemble(parts) -> TranslationSet:
    """parts: [(src (m, L), tgt (m, T_L), tlen (m,), align (m, L)), ...] -> one TranslationSet."""
    N = sum(len(p[0]) for p in parts)
    S = max(p[0].shape[1] for p in parts)
    T = max(p[1].shape[1] for p in parts) + 1                 # + END (or START)
    src, align = np.full((S, N), PAD, np.int64), np.full((S, N), -1, np.int64)
    words = np.full((T, N), PAD, np.int64)
    tlen = np.concatenate([p[2] for p in parts])
    col = 0
    for p_src, p_tgt, _, p_align in parts:
        cols = slice(col, col + len(p_src))
        src[:p_src.shape[1], cols], align[:p_src.shape[1], cols] = p_src.T, p_align.T
        words[:p_tgt.shape[1], cols] = p_tgt.T
        col += len(p_src)
    steps = np.arange(T)[:, None]
    tgt_out = np.where(steps == tlen, END, words)             # the words, then END
    tgt_in = np.concatenate([np.full((1, N), START), words[:-1]])   # START, then the words
    tgt_mask = (steps <= tlen).astype(np.float64)
    return TranslationSet(src, (src != PAD).astype(np.float64), tgt_in,
                          tgt_out, tgt_mask, align)


def translation_data(n_train_per_length=2000, n_held_per_length=200, *, max_len=12, seed=0):
    """The course's translation task, split into training and held-out pairs.

    For every source length L = 3..max_len, distinct sentences are drawn uniformly among all
    sentences of L words: the first ``n_held_per_length`` are held out, the next
    ``n_train_per_length`` are for training (fewer where the grammar has fewer sentences: it
    has 320 of 3 words). No held-out sentence is in the training part.
    Returns (train, held), two TranslationSet, ordered by source length.
    """
    n_train = check_int("n_train_per_length", n_train_per_length, min_value=1)
    n_held = check_int("n_held_per_length", n_held_per_length, min_value=1)
    max_len = check_int("max_len", max_len, min_value=MIN_LEN)
    rng = np.random.default_rng(check_seed(seed))
    train, held = [], []
    for L in skeletons(max_len):
        drawn = _draw_length(L, n_held + n_train, rng, max_len)
        if len(drawn[0]) <= n_held:
            raise ValueError(f"n_held_per_length = {n_held} leaves no training sentence of {L} "
                             f"words (the grammar has {len(drawn[0])}); choose fewer")
        held.append([d[:n_held] for d in drawn])
        train.append([d[n_held:] for d in drawn])
    return _assemble(train), _assemble(held)


# ---------------------------------------------------------------- words, ids, reordering

def _words(ids, vocab) -> list:
    """Words of one id sequence, up to (not including) the first END or PAD; START skipped."""
    out = []
    for i in np.asarray(ids).reshape(-1).tolist():
        if i in (END, PAD):
            break
        if i != START:
            out.append(vocab[i])
    return out


def source_text(ids) -> str:
    """The source sentence of an id sequence (S,), e.g. a column of TranslationSet.src."""
    return " ".join(_words(ids, SOURCE_VOCAB))


def target_text(ids) -> str:
    """The target sentence of an id sequence (T,), e.g. a column of tgt_out or a translation."""
    return " ".join(_words(ids, TARGET_VOCAB))


def encode_source(sentences):
    """Source sentences (a list of strings) -> (src (S, B) int64, src_mask (S, B) float64)."""
    if isinstance(sentences, str) or not isinstance(sentences, (list, tuple)) or not sentences:
        raise TypeError(f"sentences must be a non-empty list of strings, got {sentences!r:.60}")
    seqs = []
    for b, s in enumerate(sentences):
        if not isinstance(s, str):
            raise TypeError(f"sentences[{b}] must be a string, got {type(s).__name__}")
        unknown = [w for w in s.split() if _SRC_ID.get(w, 0) < len(SPECIALS)]
        if unknown or not s.split():
            raise ValueError(f"sentences[{b}] = {s!r} must be words of SOURCE_VOCAB; "
                             f"unknown: {unknown}")
        seqs.append(np.array([_SRC_ID[w] for w in s.split()], dtype=np.int64))
    return pad_sequences(seqs, pad_id=PAD)


def displacements(data: TranslationSet) -> np.ndarray:
    """(N,) for each pair, the mean over its translated source words of |source position -
    target position|: how far words move. Copying word by word would give 0."""
    if not isinstance(data, TranslationSet):
        raise TypeError(f"data must be a TranslationSet, got {type(data).__name__}")
    a = check_array("data.alignment", data.alignment, ndim=2)
    pos = np.arange(a.shape[0])[:, None]
    moved = np.where(a >= 0, np.abs(pos - a), 0)
    return moved.sum(axis=0) / np.maximum((a >= 0).sum(axis=0), 1)


@lru_cache(maxsize=None)
def _by_classes(max_len):
    """{tuple of source word classes: skeleton}: a sentence's classes fix its skeleton."""
    return {sk[0]: sk for group in skeletons(max_len).values() for sk in group}


def _skeleton_of(sentence, max_len):
    """(words, skeleton) of a source sentence of the grammar; ValueError if it is not one."""
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a string, got {type(sentence).__name__}")
    max_len = check_int("max_len", max_len, min_value=MIN_LEN)
    words = sentence.split()
    unknown = [w for w in words if _SRC_ID.get(w, 0) < len(SPECIALS)]
    if unknown:
        raise ValueError(f"sentence {sentence!r} has words outside SOURCE_VOCAB: {unknown}")
    sk = _by_classes(max_len).get(tuple(SOURCE_CLASSES[_SRC_ID[w]] for w in words))
    if sk is None:
        raise ValueError(f"sentence {sentence!r} is not a sentence of the grammar with at most "
                         f"{max_len} words (see the module's docstring)")
    return words, sk


def reference_translation(sentence, *, max_len=12) -> str:
    """The target sentence the grammar gives for a source sentence (a string of words), e.g.
    "the big dog sees a cat" -> "waku olo ga mino wo mek". ValueError if it is not a sentence
    of the grammar (of at most ``max_len`` words)."""
    words, sk = _skeleton_of(sentence, max_len)
    return " ".join(TARGET_VOCAB[_TRANSLATION[_SRC_ID[words[i]]]] if isinstance(i, int) else i
                    for i in sk[1])


def reference_alignment(sentence, *, max_len=12) -> np.ndarray:
    """(S,) for each word of a source sentence of the grammar, the position of its translation
    in reference_translation(sentence), or -1 for a word the target drops ("the", "a", "that").
    E.g. "the big dog sleeps" -> [-1, 1, 0, 3] ("waku olo ga nun")."""
    words, sk = _skeleton_of(sentence, max_len)
    align = np.full(len(words), -1, dtype=np.int64)
    for j, item in enumerate(sk[1]):
        if isinstance(item, int):
            align[item] = j
    return align
