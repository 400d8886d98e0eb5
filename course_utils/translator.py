"""Lesson 08's translation models trained and scored on the course's translation task.

Training: mini-batch Adam with norm clipping through train.train; each step's batch is drawn
from ``np.random.default_rng(seed)``, so a run is the same on every call. A batch holds
sentences of one source length (a length is drawn first, then sentences of that length), so
little time goes into padding; every length is seen equally often.
"""
from __future__ import annotations

import numpy as np

from . import seq2seq
from .data.translation import (SOURCE_CLASSES, SOURCE_VOCAB, SPECIALS, TARGET_VOCAB, TranslationSet,
                               encode_source, reference_alignment, reference_translation)
from .train import Adam, train
from .validation import check_array, check_int, check_positive_float, check_seed


def _check_set(name, data):
    if not isinstance(data, TranslationSet):
        raise TypeError(f"{name} must be a TranslationSet (from data.translation_data), "
                        f"got {type(data).__name__}")
    return data


def batch_schedule(data, n_steps, batch_size, seed=0) -> list:
    """The column indices of every step's batch: (n_steps lists of <= batch_size ints).
    Each step draws a source length uniformly, then batch_size sentences of that length."""
    data = _check_set("data", data)
    n_steps = check_int("n_steps", n_steps, min_value=1)
    batch_size = check_int("batch_size", batch_size, min_value=1)
    lengths = data.src_len
    groups = [np.flatnonzero(lengths == L) for L in np.unique(lengths)]
    rng = np.random.default_rng(check_seed(seed))
    which = rng.integers(0, len(groups), size=n_steps)
    return [groups[g][rng.integers(0, groups[g].size, size=batch_size)] for g in which]


def train_translator(data, *, attention, n_hidden=32, cell="gru", steps=1000, batch_size=64,
                     lr=1e-2, final_lr=1e-4, clip_norm=1.0, seed=0, params=None):
    """Train a seq2seq model (plain or with attention) on ``data`` with teacher forcing.

    The defaults are the lesson's recipe. The learning rate goes linearly from ``lr`` at the
    first step to ``final_lr`` at the last (None: constant): with a constant 1e-2, two runs
    whose arithmetic differs in the last bit (another CPU or BLAS) drift apart within a few
    hundred steps once attention sharpens; with the decay they stay within ~1e-8 of each
    other, so the trained model, and every number printed from it, is the same on every machine.

    Returns (params, history) with history from train.train (training loss per step).
    """
    data = _check_set("data", data)
    steps = check_int("steps", steps, min_value=1)
    batch_size = check_int("batch_size", batch_size, min_value=1)
    lr = check_positive_float("lr", lr)
    seed = check_seed(seed)
    if params is None:
        params = seq2seq.init_params(len(SOURCE_VOCAB), len(TARGET_VOCAB), n_hidden,
                                     attention=attention, cell=cell, seed=seed)
    schedule = batch_schedule(data, steps, batch_size, seed)
    final_lr = lr if final_lr is None else check_positive_float("final_lr", final_lr)
    optimizer = Adam(lr)

    def step_fn(p, step):
        optimizer.lr = lr + (final_lr - lr) * (step - 1) / max(steps - 1, 1)
        b = data.take(schedule[step - 1])
        return seq2seq.loss_and_grads(p, b.src, b.tgt_in, b.tgt_out, src_mask=b.src_mask,
                                      tgt_mask=b.tgt_mask)

    history = train(params, step_fn, optimizer, steps, clip_norm=clip_norm)
    return params, history


def matches_reference(pred, data) -> np.ndarray:
    """(N,) True where each column of pred (L, N) (as translate returns: words, END, then PAD)
    is exactly the reference translation of the same pair of ``data``."""
    data = _check_set("data", data)
    pred = check_array("pred", pred, ndim=2, shape=(None, len(data)))
    T = max(pred.shape[0], data.tgt_out.shape[0])
    pad = lambda a: np.pad(a, ((0, T - a.shape[0]), (0, 0)), constant_values=seq2seq.PAD)
    return np.all(pad(pred) == pad(data.tgt_out), axis=0)


def exact_match(params, data, *, beam_width=1) -> np.ndarray:
    """(N,) True where the translation of each source of ``data`` is exactly its reference."""
    data = _check_set("data", data)
    pred = seq2seq.translate(params, data.src, src_mask=data.src_mask,
                             max_len=data.tgt_out.shape[0] + 5, beam_width=beam_width)
    return matches_reference(pred, data)


def accuracy_by_length(params, data, *, beam_width=1) -> dict:
    """{source length: fraction of exact translations} over the pairs of ``data``."""
    ok = exact_match(params, data, beam_width=beam_width)
    lengths = _check_set("data", data).src_len
    return {int(L): float(ok[lengths == L].mean()) for L in np.unique(lengths)}


def predictions(params, data, *, free_running=False) -> np.ndarray:
    """(T, N) the word the model predicts at each target position of ``data``.

    free_running=False: teacher forcing, the reference prefix fed in (as in training), so
    position t shows the most likely next word after the right t-1 words. True: the model's
    own greedy translation, each chosen word fed back in (as at test time), cut or padded with
    PAD to T."""
    data = _check_set("data", data)
    if not free_running:
        probs = seq2seq.forward(params, data.src, data.tgt_in, src_mask=data.src_mask)["probs"]
        return np.argmax(probs, axis=-1)
    T = data.tgt_out.shape[0]
    pred = seq2seq.translate(params, data.src, src_mask=data.src_mask, max_len=T)
    return np.pad(pred, ((0, T - pred.shape[0]), (0, 0)), constant_values=seq2seq.PAD)


def token_accuracy(params, data, *, free_running=False) -> float:
    """Fraction of the reference's target words (END included) that predictions() gets right."""
    data = _check_set("data", data)
    right = (predictions(params, data, free_running=free_running) == data.tgt_out) * data.tgt_mask
    return float(right.sum() / data.tgt_mask.sum())


def exposure_bias(params, data) -> dict:
    """Teacher forcing against free running on the pairs of ``data``: the share of target words
    right at each position t = 1..T when the reference prefix is fed in ("teacher_forced",
    (T,)) and when the model's own words are ("free_running", (T,)), and over all positions
    ("teacher_forced_all", "free_running_all"). A model trained only on reference prefixes
    never saw its own mistakes: the gap is its exposure bias."""
    data = _check_set("data", data)
    out, n = {}, data.tgt_mask.sum(axis=1)                              # (T,) pairs per step
    for name, free in (("teacher_forced", False), ("free_running", True)):
        right = (predictions(params, data, free_running=free) == data.tgt_out) * data.tgt_mask
        out[name] = right.sum(axis=1) / np.maximum(n, 1)
        out[name + "_all"] = float(right.sum() / n.sum())
    return out


def greedy_vs_beam(params, data, *, beam_width=3) -> dict:
    """Greedy against beam search on every source of ``data``: counts of sentences where the
    beam's translation is more likely, less likely or equally likely (within 1e-9) than the
    greedy one, and the exact-match accuracy of each."""
    data = _check_set("data", data)
    kw = dict(src_mask=data.src_mask, max_len=data.tgt_out.shape[0] + 5, return_log_prob=True)
    greedy, lp_greedy = seq2seq.translate(params, data.src, **kw)
    beam, lp_beam = seq2seq.translate(params, data.src, beam_width=beam_width, **kw)
    diff = lp_beam - lp_greedy
    return {"n": len(data), "beam_more_likely": int(np.sum(diff > 1e-9)),
            "beam_less_likely": int(np.sum(diff < -1e-9)),
            "same_likelihood": int(np.sum(np.abs(diff) <= 1e-9)),
            "greedy_exact": float(matches_reference(greedy, data).mean()),
            "beam_exact": float(matches_reference(beam, data).mean())}


def source_gradient_profile(data, *, attention, n_hidden=32, seed=0) -> np.ndarray:
    """(S,) how much gradient reaches each source position at the start of training: the mean
    over the pairs of ``data`` (one source length S) of ||dL/dh_j||, j = 1..S, for a model fresh
    from seq2seq.init_params (once trained, the loss and every gradient are near 0)."""
    data = _check_set("data", data)
    if np.unique(data.src_len).size != 1:
        raise ValueError("data must hold sentences of one source length (use data.of_length)")
    params = seq2seq.init_params(len(SOURCE_VOCAB), len(TARGET_VOCAB), n_hidden,
                                 attention=attention, seed=seed)
    norms = seq2seq.source_gradient_norms(params, data.src, data.tgt_in, data.tgt_out,
                                          src_mask=data.src_mask, tgt_mask=data.tgt_mask)
    return norms.mean(axis=1)


def embedding_plane(params) -> tuple:
    """The learned source embeddings, one per word (the columns of enc_W_hx; PAD, START, END
    left out), projected on their first two principal axes.

    Returns (coords (n, 2), words (n,), classes (n,), explained (2,)): explained is the share
    of the embeddings' variance along each axis. Each axis's sign is fixed (its largest entry
    positive), so the picture is the same on every machine."""
    seq2seq.check_params(params)
    first = len(SPECIALS)
    E = params["enc_W_hx"][:, first:].T                                 # (n, G*H)
    E = E - E.mean(axis=0)
    U, s, _ = np.linalg.svd(E, full_matrices=False)
    coords = U[:, :2] * s[:2]
    coords *= np.sign(coords[np.argmax(np.abs(coords), axis=0), [0, 1]])
    return (coords, SOURCE_VOCAB[first:], SOURCE_CLASSES[first:],
            s[:2] ** 2 / np.sum(s ** 2))


def translate_sentence(params, sentence, *, beam_width=1, max_len=20) -> dict:
    """Translate one source sentence (a string of words from SOURCE_VOCAB), for the widget.

    Returns {"source": its words, "output": the translation's words ("<end>" last if it
    ended), "log_prob": log p(output | source), "probability": p, "attention": (T_out, S)
    weights of each output word over the source words (None for a plain model),
    "reference": the grammar's translation or None if the sentence is not in the grammar,
    "alignment": reference_alignment or None, "exact": output == reference, or None}."""
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a string of words, got {type(sentence).__name__}")
    unknown = [w for w in sentence.split() if w not in SOURCE_VOCAB[len(SPECIALS):]]
    if unknown or not sentence.split():
        raise ValueError(f"sentence {sentence!r} must be words of the source vocabulary "
                         f"(data.SOURCE_VOCAB); unknown: {', '.join(unknown) or 'no words at all'}")
    src, _ = encode_source([sentence])
    ids, log_prob = seq2seq.translate(params, src, max_len=check_int("max_len", max_len, min_value=1),
                                      beam_width=beam_width, return_log_prob=True)
    ids = ids[:int(seq2seq.output_mask(ids).sum()), 0]                   # up to END
    tgt_in = np.concatenate([[seq2seq.START], ids[:-1]])[:, None]
    att = seq2seq.forward(params, src, tgt_in).get("attention")
    try:
        reference, alignment = reference_translation(sentence), reference_alignment(sentence)
    except ValueError:
        reference = alignment = None
    output = [TARGET_VOCAB[i] for i in ids]
    words = " ".join(w for w in output if w != "<end>")
    return {"source": sentence.split(), "output": output, "log_prob": float(log_prob[0]),
            "probability": float(np.exp(log_prob[0])),
            "attention": None if att is None else att[:, 0, :], "reference": reference,
            "alignment": alignment, "exact": None if reference is None else words == reference}


def same_class_neighbours(params) -> float:
    """Share of source words whose nearest other word, by the cosine of their embeddings (the
    columns of enc_W_hx, all G*H numbers), is of the same word class (data.SOURCE_CLASSES)."""
    seq2seq.check_params(params)
    E = params["enc_W_hx"][:, len(SPECIALS):]                           # (G*H, n)
    E = E / np.linalg.norm(E, axis=0)
    cos = E.T @ E
    np.fill_diagonal(cos, -np.inf)
    classes = np.array(SOURCE_CLASSES[len(SPECIALS):])
    return float(np.mean(classes[np.argmax(cos, axis=1)] == classes))


def alignment_agreement(params, data) -> float:
    """Share of the translated source words of ``data`` (alignment >= 0) that the decoder, fed
    the reference (teacher forcing), attends to most when it writes their translation: how
    often the attention's largest weight sits where the grammar puts the word."""
    data = _check_set("data", data)
    att = seq2seq.forward(params, data.src, data.tgt_in, src_mask=data.src_mask).get("attention")
    if att is None:
        raise ValueError("params must be a model with attention (init_params(..., attention=True))")
    j, n = np.nonzero(data.alignment >= 0)                              # source word j of pair n
    t = data.alignment[j, n]                                            # its target position
    return float(np.mean(np.argmax(att[t, n], axis=-1) == j))
