"""Every public function checks its seed and its scalar arguments through validation.py's shared
checks: the same mistake gets the same error, whichever function it is made in.

A wrong kind (a string, a bool, 2.5 for a whole number) is a TypeError; NaN, inf, a negative seed
or a value out of range is a ValueError; the message names the argument and the value. And every
check_ function outside exercises/ raises on bad input: that is what the prefix means.
SCALARS lists, for every public function of course_utils, the arguments that are one number
(int, float) or a seed, with a call that is valid apart from the argument under test; the first
test below fails when a public function gains such an argument and is not listed here.
"""
from __future__ import annotations

import importlib
import inspect
import math
import pkgutil

import numpy as np
import pytest

import course_utils
from course_utils import architectures, audio, baselines, charmodel, cliff, code_model, data, gated
from course_utils import gradients, hidden_units, jacobians, layers, melody, mlp, musicmodel, ngram
from course_utils import parallel, recall, rnn, seq2seq, stepper, train, training_loop, translator, vanishing
from course_utils.data import music
from course_utils.figures import cliff as cliff_figures
from course_utils.figures import music as music_figures
from course_utils.figures import real_text as real_text_figures
from course_utils.figures import start as start_figures
from course_utils.figures import training_loop as loop_figures
from course_utils.figures import translation as translation_figures
from course_utils.figures import vanishing as vanishing_figures
from course_utils.validation import (check_array, check_choice, check_finite, check_float_dtype, check_int,
                                     check_param_dict, check_positive_float, check_real, check_scalar, check_seed)
from course_utils.widgets import cliff as cliff_widget
from course_utils.widgets import explorer, live, start, stepper as stepper_widget
from course_utils.widgets import music as music_widget
from course_utils.widgets import training_loop as loop_widget
from course_utils.widgets import translation as translation_widget

# ---------------------------------------------------------------- the shared checks themselves


@pytest.mark.parametrize("value, kind, error, message", [
    ("3", int, TypeError, "n must be an integer, got '3'"),
    (2.5, int, TypeError, "n must be an integer, got 2.5"),
    (True, int, TypeError, "n must be an integer, got True"),
    (np.bool_(True), float, TypeError, "n must be a real number"),
    (None, float, TypeError, "n must be a real number, got None"),
    (float("nan"), float, ValueError, "n must be a finite number, got nan"),
    (float("inf"), float, ValueError, "n must be a finite number, got inf"),
])
def test_check_scalar_wrong_kind_or_not_finite(value, kind, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(")):
        check_scalar("n", value, kind)


@pytest.mark.parametrize("value, bounds, message", [
    (0, dict(min_value=1), "an integer >= 1, got 0"),
    (0.0, dict(min_value=0, include_boundaries="right"), "a finite number > 0, got 0.0"),
    (1.0, dict(min_value=0, max_value=1, include_boundaries="neither"), r"a finite number in \(0, 1\), got 1.0"),
    (0.95, dict(min_value=0.1, max_value=0.9), r"a finite number in \[0.1, 0.9\], got 0.95"),
    (3, dict(max_value=2), "<= 2, got 3"),
])
def test_check_scalar_out_of_range_is_a_value_error(value, bounds, message):
    kind = int if isinstance(value, int) else float
    with pytest.raises(ValueError, match=message):
        check_scalar("n", value, kind, **bounds)


def test_check_scalar_returns_plain_python_numbers():
    assert type(check_scalar("n", np.int64(3), int)) is int
    assert type(check_scalar("x", np.float32(0.5))) is float
    assert check_scalar("x", 3) == 3.0 and type(check_scalar("x", 3)) is float
    assert check_scalar("p", 0.0, min_value=0) == 0.0            # "both": the bound is allowed


def test_check_scalar_refuses_its_own_bad_arguments():
    with pytest.raises(ValueError, match="kind"):
        check_scalar("n", 1, complex)
    with pytest.raises(ValueError, match="include_boundaries"):
        check_scalar("n", 1, int, include_boundaries="all")


def test_shorthands_and_check_seed_are_check_scalar():
    assert check_int("n", 4, min_value=1) == 4 and check_positive_float("x", 2) == 2.0
    assert check_seed(np.int64(7)) == 7
    for bad, error in ((-1, ValueError), (1.5, TypeError), (None, TypeError), ("0", TypeError)):
        with pytest.raises(error, match="seed must be an integer"):
            check_seed(bad)


# ---------------------------------------------------------------- every public function

RNG = np.random.default_rng(0)
RNN = rnn.init_params(3, 4, 3, seed=0)
WORDS = rnn.init_params(architectures.N_WORDS, 4, architectures.N_WORDS, seed=0)
SPLIT = data.sentiment_data(4, seed=0)[0]
SERIES = np.sin(np.arange(60) / 3.0)
MOONS = data.two_moons(20, seed=0)
RULE = {"theta": np.ones(2), "g": np.ones(2)}      # one array and its gradient, for the update rules
TEXT = "abcabcabcabcabcabcabcabcabcabcabcabcabca"
VOCAB = data.char_vocab(TEXT)
IDS = VOCAB.encode(TEXT)
CHAR_RNN = rnn.init_params(VOCAB.size, 4, VOCAB.size, seed=0)
BOW_COUNTS = np.array([[1.0, 0.0], [0.0, 1.0]])
STEP_FN = lambda p, step: (0.0, {k: np.zeros_like(v) for k, v in p.items()})  # noqa: E731
P3 = np.full((3, 3), 1 / 3)
WALK = stepper.walk(stepper.fit_word("abca", steps=0), "abca")
TUNES = list(music.melody_data(3, 1).train)
TUNE_RNN = rnn.init_params(musicmodel.FEATURES.shape[1], 4, music.VOCAB_SIZE, seed=0)
TUNE_BIGRAM = musicmodel.fit_melody_bigram(TUNES)
CODE_LSTM = code_model.init_code_model(IDS, VOCAB.size, 3, cell="lstm")
PAIRS = data.translation_data(2, 1, max_len=4, seed=0)[1]          # 2 held-out pairs
S2S = seq2seq.init_params(len(data.SOURCE_VOCAB), len(data.TARGET_VOCAB), 2, attention=True)

# "module.function": (call(**changed arguments), {argument: "int" | "float" | "seed"})
SCALARS = {
    "architectures.generate": (lambda **kw: architectures.generate(
        **{"model": WORDS, "label": 1, "n_samples": 1, **kw}),
        {"label": "int", "n_samples": "int", "max_words": "int", "temperature": "float", "seed": "seed"}),
    "architectures.shuffle_words": (lambda **kw: architectures.shuffle_words(["not bad"], **kw),
                                    {"seed": "seed"}),
    "architectures.train_classifier": (lambda **kw: architectures.train_classifier(SPLIT, **{"steps": 1, **kw}),
                                       {"n_hidden": "int", "steps": "int", "lr": "float", "seed": "seed"}),
    "architectures.train_forecaster": (lambda **kw: architectures.train_forecaster(
        SERIES, **{"seq_len": 5, "steps": 1, **kw}),
        {"n_hidden": "int", "seq_len": "int", "batch": "int", "steps": "int", "lr": "float", "seed": "seed"}),
    "architectures.train_generator": (lambda **kw: architectures.train_generator(SPLIT, **{"steps": 1, **kw}),
                                      {"n_hidden": "int", "steps": "int", "lr": "float", "seed": "seed"}),
    "audio.eighth_seconds": (lambda **kw: audio.eighth_seconds(**kw), {"tempo": "float"}),
    "audio.envelope": (lambda **kw: audio.envelope(**{"n_samples": 10, **kw}), {"rate": "float"}),
    "audio.player": (lambda **kw: audio.player(np.zeros(4), **kw), {"rate": "int"}),
    "audio.synthesize": (lambda **kw: audio.synthesize([(60, 1)], **kw), {"rate": "int", "tempo": "float"}),
    "audio.tone": (lambda **kw: audio.tone(60, 0.01, **kw), {"rate": "float"}),
    "audio.wav_data": (lambda **kw: audio.wav_data(np.zeros(4), **kw), {"rate": "int"}),
    "baselines.bigram_sample": (lambda **kw: baselines.bigram_sample(**{"P": P3, "first": 0, "n_steps": 2, **kw}),
                                {"first": "int", "n_steps": "int", "seed": "seed"}),
    "baselines.fit_autoregressive": (lambda **kw: baselines.fit_autoregressive(SERIES, **kw), {"order": "int"}),
    "baselines.fit_bigram": (lambda **kw: baselines.fit_bigram(
        **{"xs": np.zeros((2, 1), int), "ys": np.ones((2, 1), int), "mask": None, "vocab_size": 3, **kw}),
        {"vocab_size": "int", "alpha": "float"}),
    "baselines.init_bow": (lambda **kw: baselines.init_bow(**{"vocab_size": 3, **kw}),
                           {"vocab_size": "int", "n_classes": "int"}),
    "baselines.train_bow": (lambda **kw: baselines.train_bow(BOW_COUNTS, np.array([0, 1]), **{"steps": 1, **kw}),
                            {"n_classes": "int", "steps": "int", "lr": "float"}),
    "baselines.rnn_parameter_count": (lambda **kw: baselines.rnn_parameter_count(
        **{"n_in": 2, "n_hidden": 3, "n_out": 2, **kw}), {"n_in": "int", "n_hidden": "int", "n_out": "int"}),
    "baselines.window_mlp_parameter_count": (lambda **kw: baselines.window_mlp_parameter_count(
        **{"seq_len": 4, "n_in": 2, "n_hidden": 3, "n_out": 2, **kw}),
        {"seq_len": "int", "n_in": "int", "n_hidden": "int", "n_out": "int"}),
    "charmodel.sample_text": (lambda **kw: charmodel.sample_text(
        **{"params": CHAR_RNN, "vocab": VOCAB, "first_char": "a", "n_chars": 3, **kw}),
        {"n_chars": "int", "temperature": "float", "seed": "seed"}),
    "charmodel.text_loss": (lambda **kw: charmodel.text_loss(CHAR_RNN, IDS, **kw),
                            {"n_streams": "int", "reset_every": "int"}),
    "charmodel.train_char_model": (lambda **kw: charmodel.train_char_model(
        **{"params": {k: v.copy() for k, v in CHAR_RNN.items()}, "train_ids": IDS, "held_out_ids": IDS,
           "optimizer": train.SGD(0.1), "n_steps": 1, "seq_len": 4, "batch_size": 2, "verbose": False, **kw}),
        {"n_steps": "int", "seq_len": "int", "batch_size": "int", "clip_norm": "float", "eval_every": "int"}),
    "charmodel.unigram_perplexity": (lambda **kw: charmodel.unigram_perplexity(
        **{"train_ids": IDS, "held_out_ids": IDS, "vocab_size": VOCAB.size, **kw}),
        {"vocab_size": "int", "alpha": "float"}),
    "code_model.init_code_model": (lambda **kw: code_model.init_code_model(IDS, VOCAB.size, **{"n_hidden": 3, **kw}),
                                   {"n_hidden": "int", "seed": "seed"}),
    "code_model.sample_code": (lambda **kw: code_model.sample_code(
        **{"params": CODE_LSTM, "vocab": VOCAB, "prime": "ab", "n_chars": 3, **kw}),
        {"n_chars": "int", "n_samples": "int", "temperature": "float", "seed": "seed"}),
    "code_model.train_with_snapshots": (lambda **kw: code_model.train_with_snapshots(
        **{"params": {k: v.copy() for k, v in CODE_LSTM.items()}, "train_ids": IDS, "n_steps": 1,
           "seq_len": 4, "batch_size": 2, **kw}),
        {"n_steps": "int", "lr": "float", "final_lr_fraction": "float", "seq_len": "int", "batch_size": "int",
         "clip_norm": "float", "dropout": "float", "seed": "seed"}),
    "code_model.carried_lstm_step": (lambda **kw: code_model.carried_lstm_step(*data.bptt_chunks(IDS, 4, 2), **kw),
                                     {"dropout": "float", "seed": "seed"}),
    "cliff.cliff_loss_and_grad": (lambda **kw: cliff.cliff_loss_and_grad(6.0, -3.0, **kw),
                                  {"n_steps": "int", "h0": "float", "target": "float"}),
    "cliff.gradient_step": (lambda **kw: cliff.gradient_step(**{"w": 6.0, "b": -3.0, "threshold": 1.0, **kw}),
                            {"w": "float", "b": "float", "lr": "float", "threshold": "float", "n_steps": "int"}),
    "cliff.wall_point": (lambda **kw: cliff.wall_point(**kw), {"w": "float", "grad_norm": "float", "n_steps": "int"}),
    "data.series.load_eeg": (lambda **kw: data.load_eeg(**kw), {"channel": "int", "train_fraction": "float"}),
    "data.synthetic.long_range_task": (lambda **kw: data.long_range_task(**{"n_sequences": 2, "seq_len": 3, **kw}),
                             {"n_sequences": "int", "seq_len": "int", "n_classes": "int", "seed": "seed"}),
    "data.music.melody_data": (lambda **kw: music.melody_data(**{"n_train": 2, "n_held_out": 1, **kw}),
                               {"n_train": "int", "n_held_out": "int", "seed": "seed"}),
    "data.music.motif_bar": (lambda **kw: music.motif_bar("C", "arpeggio", (2, 2, 2, 2), **kw), {"start": "int"}),
    "data.batches.pad_sequences": (lambda **kw: data.pad_sequences([np.array([1, 2])], **kw), {"pad_id": "int"}),
    "data.sentiment.sentiment_data": (lambda **kw: data.sentiment_data(**{"n_per_subset": 4, **kw}),
                            {"n_per_subset": "int", "held_out": "float", "seed": "seed"}),
    "data.text.split_text": (lambda **kw: data.split_text(TEXT, **kw), {"held_out_fraction": "float"}),
    "data.synthetic.two_moons": (lambda **kw: data.two_moons(**{"n_points": 20, **kw}),
                       {"n_points": "int", "noise": "float", "held_out": "float", "seed": "seed"}),
    "data.batches.bptt_chunks": (lambda **kw: data.bptt_chunks(IDS, **{"seq_len": 4, "batch_size": 2, **kw}),
                         {"seq_len": "int", "batch_size": "int"}),
    "data.translation.reference_alignment": (lambda **kw: data.reference_alignment("a dog runs", **kw),
                                             {"max_len": "int"}),
    "data.translation.reference_translation": (lambda **kw: data.reference_translation("a dog runs", **kw),
                                               {"max_len": "int"}),
    "data.translation.translation_data": (lambda **kw: data.translation_data(
        **{"n_train_per_length": 1, "n_held_per_length": 1, "max_len": 3, **kw}),
        {"n_train_per_length": "int", "n_held_per_length": "int", "max_len": "int", "seed": "seed"}),
    "figures.cliff.cliff_figure": (lambda **kw: cliff_figures.cliff_figure(**kw),
                                   {"threshold": "float", "lr": "float"}),
    "figures.music.PianoRoll": (lambda **kw: music_figures.PianoRoll(
        __import__("matplotlib.pyplot").pyplot.figure().add_subplot(), **kw), {"n_bars": "int"}),
    "figures.music.widget_roll": (lambda **kw: music_figures.widget_roll(TUNES[0], **kw), {"dpi": "float"}),
    "figures.real_text.passage_figure": (lambda **kw: real_text_figures.passage_figure("ab\nc", np.zeros(4), **kw),
                                         {"vmax": "float", "max_columns": "int"}),
    "figures.real_text.passage_html": (lambda **kw: real_text_figures.passage_html("ab\nc", np.zeros(4), **kw),
                                       {"vmax": "float"}),
    "figures.start.sine_figure": (lambda **kw: start_figures.sine_figure(**kw), {"frequency": "float"}),
    "figures.start.sine_wave": (lambda **kw: start_figures.sine_wave(**{"frequency": 1.0, **kw}),
                                {"frequency": "float"}),
    "figures.training_loop.learning_rate_figure": (lambda **kw: loop_figures.learning_rate_figure(
        MOONS, **{"learning_rates": (0.1,), "n_steps": 1, **kw}),
        {"n_steps": "int", "n_hidden": "int", "seed": "seed"}),
    "figures.training_loop.point_legend": (lambda **kw: loop_figures.point_legend(
        __import__("matplotlib.pyplot").pyplot.figure(layout="constrained"), **kw), {"ncol": "int"}),
    "figures.translation.translation_view": (lambda **kw: translation_figures.translation_view(
        translator.translate_sentence(S2S, "a dog runs", max_len=3), **kw), {"dpi": "float", "max_words": "int"}),
    "figures.vanishing.explorer_figure": (lambda **kw: vanishing_figures.explorer_figure(**kw), {"dpi": "float"}),
    "figures.vanishing.heatmap_figure": (lambda **kw: vanishing_figures.heatmap_figure(
        np.arange(2, 5), np.array([0.5, 1.0]), np.zeros((2, 3)), **kw), {"input_scale": "float", "limit": "float"}),
    "figures.vanishing.nonnormal_figure": (lambda **kw: vanishing_figures.nonnormal_figure(
        **{"curves": {"a": np.ones(3)}, "seq_len": 3, "spectral_radius": 0.8, **kw}),
        {"seq_len": "int", "spectral_radius": "float"}),
    "figures.vanishing.recall_figure": (lambda **kw: vanishing_figures.recall_figure(
        [5, 10], [[1.0, 0.5]], **{"chance": 0.25, **kw}), {"chance": "float"}),
    "figures.vanishing.regimes_figure": (lambda **kw: vanishing_figures.regimes_figure(**{"seq_len": 5, **kw}),
                                         {"seq_len": "int", "input_scale": "float", "n_hidden": "int", "seed": "seed"}),
    "gated.init_gru": (lambda **kw: gated.init_gru(**{"n_in": 2, "n_hidden": 3, "n_out": 2, **kw}),
                       {"n_in": "int", "n_hidden": "int", "n_out": "int", "weight_scale": "float",
                        "update_bias": "float", "seed": "seed"}),
    "gated.init_lstm": (lambda **kw: gated.init_lstm(**{"n_in": 2, "n_hidden": 3, "n_out": 2, **kw}),
                        {"n_in": "int", "n_hidden": "int", "n_out": "int", "weight_scale": "float",
                         "forget_bias": "float", "seed": "seed"}),
    "gradients.compare_gradients": (lambda **kw: gradients.compare_gradients(
        lambda p: float(p["w"] @ p["w"]), {"w": np.ones(2)}, {"w": 2 * np.ones(2)}, **kw), {"eps": "float"}),
    "gradients.numerical_gradient": (lambda **kw: gradients.numerical_gradient(
        lambda p: float(p["w"] @ p["w"]), {"w": np.ones(2)}, "w", **kw), {"eps": "float"}),
    "gradients.gated_flow": (lambda **kw: gradients.gated_flow(**{"cell": "gru", "seq_len": 3, "weight_scale": 1.0, **kw}),
                             {"seq_len": "int", "weight_scale": "float", "n_hidden": "int", "input_scale": "float",
                              "seed": "seed", "forget_bias": "float", "update_bias": "float"}),
    "gradients.gated_gradient_norms": (lambda **kw: gradients.gated_gradient_norms(
        **{"cell": "lstm", "seq_len": 3, "weight_scale": 1.0, **kw}),
        {"seq_len": "int", "weight_scale": "float", "n_hidden": "int", "input_scale": "float", "seed": "seed",
         "forget_bias": "float", "update_bias": "float"}),
    "gradients.gradient_norms": (lambda **kw: gradients.gradient_norms(**{"seq_len": 3, "weight_scale": 1.0, **kw}),
                                 {"seq_len": "int", "weight_scale": "float", "n_hidden": "int",
                                  "input_scale": "float", "seed": "seed"}),
    "gradients.log_ratio_grid": (lambda **kw: gradients.log_ratio_grid([3], [1.0], **kw),
                                 {"input_scale": "float", "n_hidden": "int", "seed": "seed"}),
    "gradients.matrix_gradient_norms": (lambda **kw: gradients.matrix_gradient_norms(
        **{"W_hh": np.eye(3), "seq_len": 3, **kw}), {"seq_len": "int", "input_scale": "float", "seed": "seed"}),
    "gradients.probe_inputs": (lambda **kw: gradients.probe_inputs(**{"seq_len": 3, "n_hidden": 2, "seed": 0, **kw}),
                               {"seq_len": "int", "n_hidden": "int", "seed": "seed"}),
    "gradients.probe_slopes": (lambda **kw: gradients.probe_slopes(**{"seq_len": 3, "weight_scale": 1.0, **kw}),
                               {"seq_len": "int", "weight_scale": "float", "input_scale": "float",
                                "n_hidden": "int", "seed": "seed"}),
    "gradients.shear_matrix": (lambda **kw: gradients.shear_matrix(**{"n": 3, **kw}),
                               {"n": "int", "rho": "float", "shear": "float"}),
    "melody.returning_motif_share": (lambda **kw: melody.returning_motif_share(TUNES, **kw),
                                     {"min_distance": "int", "min_notes": "int"}),
    "melody.repeats": (lambda **kw: melody.repeats(TUNES[0], **{"later": 2, **kw}), {"later": "int", "earlier": "int"}),
    "mlp.init_mlp": (lambda **kw: mlp.init_mlp(**{"n_in": 2, "n_hidden": 3, "n_out": 2, **kw}),
                     {"n_in": "int", "n_hidden": "int", "n_out": "int", "seed": "seed", "weight_scale": "float"}),
    "musicmodel.baseline_losses": (lambda **kw: musicmodel.baseline_losses(TUNES, TUNES, **kw), {"alpha": "float"}),
    "musicmodel.fit_melody_bigram": (lambda **kw: musicmodel.fit_melody_bigram(TUNES, **kw), {"alpha": "float"}),
    "musicmodel.new_tune": (lambda **kw: musicmodel.new_tune(TUNE_RNN, **{"n_bars": 1, **kw}),
                            {"n_bars": "int", "seed": "seed", "temperature": "float"}),
    "musicmodel.sample_tunes": (lambda **kw: musicmodel.sample_tunes(
        TUNE_BIGRAM, [musicmodel.prompt_ids("C")], **{"n_bars": 1, **kw}),
        {"n_bars": "int", "seed": "seed", "temperature": "float"}),
    "musicmodel.train_melody_rnn": (lambda **kw: musicmodel.train_melody_rnn(
        TUNES, **{"n_hidden": 2, "steps": 1, "batch_size": 2, **kw}),
        {"batch_size": "int", "eval_every": "int", "lr": "float", "n_hidden": "int", "seed": "seed", "steps": "int"}),
    "hidden_units.read_text": (lambda **kw: hidden_units.read_text(CODE_LSTM, IDS, **kw),
                               {"n_streams": "int", "chunk_len": "int"}),
    "ngram.fit_ngram": (lambda **kw: ngram.fit_ngram(**{"train_ids": IDS, "vocab_size": VOCAB.size, "order": 2, **kw}),
                        {"vocab_size": "int", "order": "int", "k": "float", "discount": "float"}),
    "recall.recall_accuracy": (lambda **kw: recall.recall_accuracy(
        "rnn", rnn.init_params(5, 3, 4), **{"seq_len": 3, "n_test": 4, **kw}),
        {"seq_len": "int", "n_classes": "int", "n_test": "int", "seed": "seed"}),
    "recall.train_recall": (lambda **kw: recall.train_recall(**{"seq_len": 3, "steps": 1, "batch": 2, **kw}),
                            {"seq_len": "int", "n_hidden": "int", "n_classes": "int", "steps": "int",
                             "batch": "int", "lr": "float", "clip_norm": "float", "seed": "seed",
                             "ratio_every": "int"}),
    "recall.recall_gradient_ratio": (lambda **kw: recall.recall_gradient_ratio(
        "rnn", rnn.init_params(5, 3, 4), **{"seq_len": 3, "n_test": 4, **kw}),
        {"seq_len": "int", "n_classes": "int", "n_test": "int", "seed": "seed"}),
    "recall.power_of_ten": (lambda **kw: recall.power_of_ten(**{"x": 1.0, **kw}), {"x": "float"}),
    "jacobians.numerical_jacobian": (lambda **kw: jacobians.numerical_jacobian(np.sin, np.ones(2), **kw),
                                     {"eps": "float"}),
    "jacobians.unit_circle_image": (lambda **kw: jacobians.unit_circle_image(np.eye(2), **kw),
                                    {"n_points": "int"}),
    "rnn.init_params": (lambda **kw: rnn.init_params(**{"n_in": 2, "n_hidden": 3, "n_out": 2, **kw}),
                        {"n_in": "int", "n_hidden": "int", "n_out": "int", "weight_scale": "float", "seed": "seed"}),
    "rnn.sample": (lambda **kw: rnn.sample(**{"params": RNN, "first": 0, "n_steps": 2, **kw}),
                   {"first": "int", "n_steps": "int", "temperature": "float", "seed": "seed"}),
    "seq2seq.beam_search": (lambda **kw: seq2seq.beam_search(S2S, PAIRS.src, **{"max_len": 2, "beam_width": 2, **kw}),
                            {"max_len": "int", "beam_width": "int"}),
    "seq2seq.init_params": (lambda **kw: seq2seq.init_params(**{"n_src": 4, "n_tgt": 4, "n_hidden": 2, **kw}),
                            {"n_src": "int", "n_tgt": "int", "n_hidden": "int", "seed": "seed"}),
    "seq2seq.translate": (lambda **kw: seq2seq.translate(S2S, PAIRS.src, **{"max_len": 2, **kw}),
                          {"max_len": "int", "beam_width": "int"}),
    "stepper.fit_word": (lambda **kw: stepper.fit_word("abca", **{"steps": 1, **kw}),
                         {"n_hidden": "int", "steps": "int", "lr": "float", "seed": "seed"}),
    "stepper.step_view": (lambda **kw: stepper.step_view(**{"w": WALK, "t": 1, **kw}), {"t": "int"}),
    "parallel.run_all": (lambda **kw: parallel.run_all(**{"fn": abs, "jobs": [], **kw}), {"workers": "int"}),
    "train.Adagrad": (lambda **kw: train.Adagrad(**kw), {"lr": "float", "eps": "float"}),
    "train.Adam": (lambda **kw: train.Adam(**kw), {"lr": "float", "beta1": "float", "beta2": "float", "eps": "float"}),
    "train.EarlyStopping": (lambda **kw: train.EarlyStopping(**kw),
                            {"min_delta": "float", "patience": "int", "report_every": "int"}),
    "train.Momentum": (lambda **kw: train.Momentum(**kw), {"lr": "float", "beta": "float"}),
    "train.RMSProp": (lambda **kw: train.RMSProp(**kw), {"lr": "float", "beta": "float", "eps": "float"}),
    "train.SGD": (lambda **kw: train.SGD(**kw), {"lr": "float"}),
    "train.adagrad_update": (lambda **kw: train.adagrad_update(**{**RULE, "G": np.ones(2), "lr": 0.1, **kw}),
                             {"lr": "float", "eps": "float"}),
    "train.adam_update": (lambda **kw: train.adam_update(**{**RULE, "m": np.ones(2), "v": np.ones(2), "t": 1,
                                                            "lr": 0.1, **kw}),
                          {"t": "int", "lr": "float", "beta1": "float", "beta2": "float", "eps": "float"}),
    "train.momentum_update": (lambda **kw: train.momentum_update(**{**RULE, "v": np.ones(2), "lr": 0.1, **kw}),
                              {"lr": "float", "beta": "float"}),
    "train.rmsprop_update": (lambda **kw: train.rmsprop_update(**{**RULE, "s": np.ones(2), "lr": 0.1, **kw}),
                             {"lr": "float", "beta": "float", "eps": "float"}),
    "train.sgd_update": (lambda **kw: train.sgd_update(**{**RULE, "lr": 0.1, **kw}), {"lr": "float"}),
    "train.clip_by_global_norm": (lambda **kw: train.clip_by_global_norm(**{"grads": {"w": np.ones(2)},
                                                                            "max_norm": 1.0, **kw}),
                                  {"max_norm": "float"}),
    "train.clip_elementwise": (lambda **kw: train.clip_elementwise(**{"grads": {"w": np.ones(2)}, "limit": 1.0, **kw}),
                               {"limit": "float"}),
    "train.train": (lambda **kw: train.train(**{"params": {"w": np.ones(2)}, "step_fn": STEP_FN,
                                                "optimizer": train.SGD(0.1), "n_steps": 1, **kw}),
                    {"n_steps": "int", "clip_norm": "float", "eval_every": "int"}),
    "training_loop.TrainingRun": (lambda **kw: training_loop.TrainingRun(MOONS, **kw),
                                  {"n_hidden": "int", "seed": "seed"}),
    "training_loop.grid_around": (lambda **kw: training_loop.grid_around(MOONS[0], **kw),
                                  {"n": "int", "margin": "float"}),
    "training_loop.optimiser_runs": (lambda **kw: training_loop.optimiser_runs(
        MOONS, {"SGD": train.SGD}, [0.1], **{"n_steps": 1, **kw}), {"n_steps": "int", "n_hidden": "int", "seed": "seed"}),
    "training_loop.settled_loss": (lambda **kw: training_loop.settled_loss(train.History(train_loss=[1.0]), **kw),
                                   {"window": "int", "spread": "float"}),
    "training_loop.learning_rate_runs": (lambda **kw: training_loop.learning_rate_runs(
        MOONS, [0.1], **{"n_steps": 1, **kw}), {"n_steps": "int", "n_hidden": "int", "seed": "seed"}),
    "translator.accuracy_by_length": (lambda **kw: translator.accuracy_by_length(S2S, PAIRS, **kw),
                                      {"beam_width": "int"}),
    "translator.batch_schedule": (lambda **kw: translator.batch_schedule(PAIRS, **{"n_steps": 1, "batch_size": 1, **kw}),
                                  {"n_steps": "int", "batch_size": "int", "seed": "seed"}),
    "translator.exact_match": (lambda **kw: translator.exact_match(S2S, PAIRS, **kw), {"beam_width": "int"}),
    "translator.greedy_vs_beam": (lambda **kw: translator.greedy_vs_beam(S2S, PAIRS, **kw), {"beam_width": "int"}),
    "translator.source_gradient_profile": (lambda **kw: translator.source_gradient_profile(
        PAIRS.take([0]), **{"attention": True, "n_hidden": 2, **kw}), {"n_hidden": "int", "seed": "seed"}),
    "translator.train_translator": (lambda **kw: translator.train_translator(
        PAIRS, **{"attention": False, "n_hidden": 2, "steps": 1, "batch_size": 1, **kw}),
        {"n_hidden": "int", "steps": "int", "batch_size": "int", "lr": "float", "final_lr": "float",
         "clip_norm": "float", "seed": "seed"}),
    "translator.translate_sentence": (lambda **kw: translator.translate_sentence(S2S, "a dog runs", **kw),
                                      {"beam_width": "int", "max_len": "int"}),
    "vanishing.explorer_data": (lambda **kw: vanishing.explorer_data(**{"seq_len": 3, "weight_scale": 1.0, **kw}),
                                {"seq_len": "int", "weight_scale": "float", "input_scale": "float",
                                 "n_hidden": "int", "seed": "seed", "tol": "float"}),
    "vanishing.measured_regime": (lambda **kw: vanishing.measured_regime(np.ones(3), **kw), {"tol": "float"}),
    "vanishing.pascanu_bound": (lambda **kw: vanishing.pascanu_bound(**{"seq_len": 3, "weight_scale": 1.0, **kw}),
                                {"seq_len": "int", "weight_scale": "float", "last_norm": "float"}),
    "vanishing.theory_verdict": (lambda **kw: vanishing.theory_verdict(**{"weight_scale": 1.0, **kw}),
                                 {"weight_scale": "float"}),
    "widgets.cliff.cliff_explorer": (lambda **kw: cliff_widget.cliff_explorer(**kw),
                                     {"threshold": "float", "lr": "float"}),
    "widgets.explorer.gradient_explorer": (lambda **kw: explorer.gradient_explorer(**kw),
                                           {"seq_len": "int", "weight_scale": "float", "input_scale": "float",
                                            "n_hidden": "int", "seed": "seed"}),
    "widgets.music.tune_maker": (lambda **kw: music_widget.tune_maker(TUNE_RNN, **kw),
                                 {"seed": "seed", "temperature": "float"}),
    "widgets.live.TextCache": (lambda **kw: live.TextCache(**kw), {"size": "int"}),
    "widgets.start.sine_slider": (lambda **kw: start.sine_slider(**kw), {"frequency": "float"}),
    "widgets.stepper.time_stepper": (lambda **kw: stepper_widget.time_stepper("abca", **{"steps": 1, **kw}),
                                     {"n_hidden": "int", "steps": "int", "seed": "seed"}),
    "widgets.translation.translation_explorer": (lambda **kw: translation_widget.translation_explorer(
        S2S, ["a dog runs"], **kw), {"max_len": "int"}),
    "widgets.training_loop.training_loop_widget": (lambda **kw: loop_widget.training_loop_widget(MOONS, **kw),
                                                   {"lr": "float", "n_hidden": "int", "seed": "seed"}),
}

BAD = {   # (value, error, what the message says about it)
    "int": [("3", TypeError, "must be an integer, got '3'"), (2.5, TypeError, "must be an integer, got 2.5"),
            (True, TypeError, "must be an integer, got True")],
    "seed": [(-1, ValueError, r"must be an integer >= 0, got -1"), (2.5, TypeError, "must be an integer, got 2.5"),
             (None, TypeError, "must be an integer, got None")],
    "float": [("x", TypeError, "must be a real number, got 'x'"), (True, TypeError, "must be a real number, got True"),
              (math.nan, ValueError, "must be a finite number.*got nan"),
              (math.inf, ValueError, "must be a finite number.*got inf")],
}


def _public_callables():
    """(qualified name, callable) for every public function and class that course_utils defines."""
    for info in pkgutil.walk_packages(course_utils.__path__, "course_utils."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != info.name:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield info.name.removeprefix("course_utils.") + "." + name, obj


def _scalar_parameters(obj) -> set[str]:
    """Parameters whose default is a number, and every seed."""
    target = obj.__init__ if inspect.isclass(obj) else obj
    if target is object.__init__:
        return set()
    params = inspect.signature(target).parameters.values()
    return {p.name for p in params if p.name == "seed" or (
        isinstance(p.default, (int, float)) and not isinstance(p.default, bool))}


def test_every_public_number_and_seed_argument_is_listed():
    missing = []
    for qualname, obj in _public_callables():
        if qualname.startswith("validation."):
            continue                                   # the checks themselves, tested above
        wanted = _scalar_parameters(obj)
        listed = set(SCALARS.get(qualname, (None, {}))[1])
        if wanted - listed:
            missing.append(f"{qualname}: {sorted(wanted - listed)}")
    assert not missing, f"list these arguments in SCALARS: {missing}"


CASES = [(qualname, arg, bad) for qualname, (_, args) in sorted(SCALARS.items())
         for arg, kind in sorted(args.items()) for bad in BAD[kind]]


@pytest.mark.parametrize("qualname, arg, bad", CASES,
                         ids=[f"{q}-{a}-{b[0]!r}" for q, a, b in CASES])
def test_a_bad_scalar_gets_the_shared_error_naming_the_argument(qualname, arg, bad):
    call, _ = SCALARS[qualname]
    value, error, message = bad
    with pytest.raises(error, match=f"{arg} {message}"):
        call(**{arg: value})


# ---------------------------------------------------------------- check_ means "raise on bad input"

LSTM = gated.init_lstm(2, 3, 2)
# every public check_ function outside exercises/, given a bad value: the error it must raise
CHECKS = {
    "data.music.check_tunes": (lambda: music.check_tunes(TUNES[0]), TypeError),
    "gated.check_gated_params": (lambda: gated.check_gated_params(RNN, "lstm"), ValueError),
    "layers.check_layer_params": (lambda: layers.check_layer_params({"W_hx": np.ones((2, 2))},
                                                                    layers.PARAM_NAMES), ValueError),
    "layers.check_inputs": (lambda: layers.check_inputs(np.zeros((2, 2)), 3), TypeError),
    "layers.check_state": (lambda: layers.check_state("h0", np.zeros(3), 2, 3), ValueError),
    "layers.check_mask": (lambda: layers.check_mask(np.full((2, 1), 2.0), 2, 1), ValueError),
    "layers.check_targets": (lambda: layers.check_targets(np.array([[5]]), 1, 1, 3, "softmax", "all"),
                             ValueError),
    "mlp.check_mlp_params": (lambda: mlp.check_mlp_params([]), TypeError),
    "mlp.check_features": (lambda: mlp.check_features(np.zeros((2, 3)), 2), ValueError),
    "mlp.check_labels": (lambda: mlp.check_labels(np.array([0.5]), 1, 2), TypeError),
    "rnn.check_params": (lambda: rnn.check_params(LSTM), ValueError),
    "seq2seq.check_params": (lambda: seq2seq.check_params(RNN), ValueError),
    "seq2seq.check_ids": (lambda: seq2seq.check_ids("src", np.array([[0.5]]), 4), TypeError),
    "seq2seq.check_padding_mask": (lambda: seq2seq.check_padding_mask("src_mask", np.array([[0.0], [1.0]]), (2, 1)),
                                   ValueError),
    "stepper.check_walk": (lambda: stepper.check_walk("tomorrow"), TypeError),
    "validation.check_array": (lambda: check_array("x", {"a": 1}), TypeError),
    "validation.check_choice": (lambda: check_choice("f", "relu6", ("relu",)), ValueError),
    "validation.check_finite": (lambda: check_finite("x", np.array([np.nan])), ValueError),
    "validation.check_float_dtype": (lambda: check_float_dtype("dtype", np.int32), ValueError),
    "validation.check_int": (lambda: check_int("n", 0, min_value=1), ValueError),
    "validation.check_param_dict": (lambda: check_param_dict([], ("W",)), TypeError),
    "validation.check_positive_float": (lambda: check_positive_float("x", 0.0), ValueError),
    "validation.check_real": (lambda: check_real("x", np.array(["a"])), TypeError),
    "validation.check_scalar": (lambda: check_scalar("x", "1"), TypeError),
    "validation.check_seed": (lambda: check_seed(-1), ValueError),
}


def test_every_check_function_outside_the_exercises_is_listed():
    found = {q for q, obj in _public_callables()
             if q.split(".")[-1].startswith("check_") and not q.startswith("exercises.")}
    assert found == set(CHECKS)


@pytest.mark.parametrize("qualname", sorted(CHECKS))
def test_a_check_function_raises_on_bad_input(qualname):
    call, error = CHECKS[qualname]
    with pytest.raises(error):
        call()
