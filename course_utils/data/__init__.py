"""Data sets for the lessons: generated here, written for the course, or read at run time from
what the pinned installation ships; nothing is downloaded. ``from course_utils import data`` gives
every name below (``data.two_moons``, ``data.sentiment_data``, ...). A new kind of data set (real
text, music, a translation task) is a new module here, re-exported below. Modules:

    synthetic       generated in NumPy: two_moons (lesson 01), long_range_task (lessons 05-07)
    text            the course's corpus, CharVocab, split_text (lesson 03)
    batches         pad_sequences with a mask (lessons 04-05), bptt_chunks (lesson 03)
    sentiment       a sentiment grammar where word order matters (lessons 04-05)
    series          EEG recordings shipped with matplotlib (lesson 04)
    real_text       NumPy's own source code, read from the pinned installation and hash-checked (lesson 03b)
    music           tunes the course composes, and their tokens (lesson 04b)
    translation     a translation task into a made-up verb-final language (lesson 08)
"""
from .batches import bptt_chunks, pad_sequences  # noqa: F401
from .music import MelodySet, Tune, melody_data  # noqa: F401
from .sentiment import (NEGATIVE_WORDS, POSITIVE_WORDS, SENTIMENT_SPECIALS,  # noqa: F401
                        SENTIMENT_SUBSETS, SENTIMENT_VOCAB, SentimentSplit, encode_sentences,
                        sentiment_data, sentiment_grammar)
from .series import EEG_CHANNELS, EEG_SAMPLE_RATE, Series, load_eeg  # noqa: F401
from .synthetic import long_range_task, two_moons  # noqa: F401
from .real_text import NUMPY_VERSION, SourceText, load_numpy_source  # noqa: F401
from .text import CORPUS_FILES, CharVocab, char_vocab, load_corpus, split_text  # noqa: F401
from .translation import (FUNCTION_WORDS, LEXICON, PARTICLES, SOURCE_CLASSES,  # noqa: F401
                          SOURCE_VOCAB, SPECIALS, TARGET_VOCAB, TranslationSet, displacements,
                          encode_source, reference_alignment, reference_translation, skeletons,
                          source_text, target_text, translation_data)
