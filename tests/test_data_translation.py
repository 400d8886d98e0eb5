"""course_utils.data.translation: the translation task's grammar, vocabularies and split."""
import numpy as np
import pytest

from course_utils.data import translation as td
from course_utils.seq2seq import END, PAD, START


@pytest.fixture(scope="module")
def split():
    return td.translation_data(300, 100)        # smaller than the lesson's, same properties


def pairs(data):
    return {tuple(data.src[:n, i]) for i, n in enumerate(data.src_len)}


def test_vocabularies_are_large_and_the_target_has_its_own_words():
    src_words = set(td.SOURCE_VOCAB[3:])
    tgt_words = set(td.TARGET_VOCAB[3:])
    assert td.SOURCE_VOCAB[:3] == td.TARGET_VOCAB[:3] == td.SPECIALS
    assert (td.SPECIALS.index("<pad>"), td.SPECIALS.index("<start>"),
            td.SPECIALS.index("<end>")) == (PAD, START, END)
    assert len(src_words) >= 30 and len(tgt_words) >= 30
    assert len(src_words) == len(td.SOURCE_VOCAB) - 3       # no word twice
    assert len(tgt_words) == len(td.TARGET_VOCAB) - 3
    assert not src_words & tgt_words                         # its own words, not re-spellings


@pytest.mark.parametrize("source, target", [
    ("a girl dances", "fira ga tiv"),
    ("the big dog sees a cat", "waku olo ga mino wo mek"),
    ("the big dog near a cat sees the lazy king today",
     "kaye mino bi waku olo ga toma varu wo mek"),
    ("the king that sings cries slowly", "momo lal ki toma ga uku"),
    ("a fox that likes the sheep helps a boy with the queen",
     "lani wo dor ki sune ga hali kon dabu wo tun"),
])
def test_reference_translations(source, target):
    assert td.reference_translation(source) == target


def test_generated_pairs_follow_the_grammar(split):
    train, held = split
    for data in (train, held):
        for i in range(0, len(data), 97):
            assert td.target_text(data.tgt_out[:, i]) == \
                td.reference_translation(td.source_text(data.src[:, i]))


def test_lengths_and_padding(split):
    train, held = split
    assert held.src_len.min() == 3 and held.src_len.max() >= 12
    for data in (train, held):
        n_src, n_tgt = data.src_len, data.tgt_mask.sum(axis=0).astype(int)
        assert np.all(data.src[data.src_mask == 0] == PAD)
        assert np.all(data.tgt_in[0] == START)
        assert np.all(data.tgt_out[n_tgt - 1, np.arange(len(data))] == END)
        np.testing.assert_array_equal(data.tgt_in[1:][data.tgt_mask[1:] == 1],
                                      data.tgt_out[:-1][data.tgt_mask[1:] == 1])   # shifted
        assert np.any(n_tgt - 1 != n_src)          # target lengths differ from source lengths


def test_words_move_at_least_two_places_on_long_sentences(split):
    _, held = split
    moved = td.displacements(held)
    assert moved[held.src_len >= 8].mean() >= 2.0
    assert np.all(moved[held.src_len == 3] < 1.0)     # "the dog sleeps": the verb stays put


def test_displacement_of_a_hand_checked_pair():
    _, held = td.translation_data(1, 1, max_len=3)
    # "DET NOUN VI" -> "NOUN ga VI": the noun moves from 1 to 0, the verb stays at 2
    assert td.displacements(held)[0] == pytest.approx(0.5)


def test_held_out_sentences_are_never_trained_on_and_every_length_has_enough(split):
    train, held = split
    assert not pairs(train) & pairs(held)
    assert len(pairs(held)) == len(held)               # distinct
    assert len(pairs(train)) == len(train)
    lengths, counts = np.unique(held.src_len, return_counts=True)
    np.testing.assert_array_equal(lengths, np.arange(3, 13))
    assert np.all(counts >= 100)


def test_the_same_seed_gives_the_same_data():
    a, b = td.translation_data(50, 100, seed=3), td.translation_data(50, 100, seed=3)
    c = td.translation_data(50, 100, seed=4)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x.src, y.src)
        np.testing.assert_array_equal(x.tgt_out, y.tgt_out)
    assert not np.array_equal(a[1].src, c[1].src)


def test_take_and_of_length_trim_the_padding(split):
    _, held = split
    short = held.of_length(4)
    assert short.src.shape[0] == 4 and np.all(short.src_len == 4)
    assert short.tgt_out.shape[0] == short.tgt_mask.sum(axis=0).max()


def test_encode_source_and_text_round_trip():
    src, mask = td.encode_source(["the big dog sees a cat", "a girl dances"])
    assert src.shape == (6, 2) and mask[:, 1].sum() == 3
    assert td.source_text(src[:, 1]) == "a girl dances"


@pytest.mark.parametrize("call, error, words", [
    (lambda: td.translation_data(0), ValueError, "n_train_per_length"),
    (lambda: td.translation_data(10, 320), ValueError, "leaves no training sentence of 3"),
    (lambda: td.translation_data(10, 10, max_len=2), ValueError, "max_len"),
    (lambda: td.encode_source("the dog sleeps"), TypeError, "list of strings"),
    (lambda: td.encode_source(["the dog snores"]), ValueError, "snores"),
    (lambda: td.reference_translation("dog the sleeps"), ValueError, "not a sentence of the"),
    (lambda: td.reference_translation("the dog sleeps loudly"), ValueError, "loudly"),
    (lambda: td.reference_translation("a fox that likes the sheep helps a small boy with the "
                                      "queen"), ValueError, "at most 12 words"),
    (lambda: td.displacements([1, 2]), TypeError, "TranslationSet"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_reference_alignment_points_each_word_to_its_translation():
    sentence = "the big dog near a cat sees the lazy king today"
    target = td.reference_translation(sentence).split()
    align = td.reference_alignment(sentence)
    assert align.shape == (11,)
    for word, j in zip(sentence.split(), align):
        if word in ("the", "a"):
            assert j == -1
        else:
            src_id = td.SOURCE_VOCAB.index(word)
            cls = td.SOURCE_CLASSES[src_id]
            pair = dict(td.LEXICON[cls])
            assert target[j] == pair[word]


def test_source_classes_name_each_word_s_class():
    assert len(td.SOURCE_CLASSES) == len(td.SOURCE_VOCAB)
    assert td.SOURCE_CLASSES[:3] == ("special",) * 3
    for cls, pairs in td.LEXICON.items():
        for s, _ in pairs:
            assert td.SOURCE_CLASSES[td.SOURCE_VOCAB.index(s)] == cls
    assert td.SOURCE_CLASSES[td.SOURCE_VOCAB.index("that")] == "that"
