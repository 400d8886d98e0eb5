"""A next-note model of the course's tunes (lesson 04b, data/music.py): the vanilla RNN, many-to-many.

At every step the RNN reads one token (as data.music.note_features: pitch and duration as two one-hot
parts) and predicts the next one (a softmax over data.music.VOCAB_SIZE tokens). It is compared with two
count tables over the same tokens: a unigram (how often each token occurs) and a bigram (which
token follows which). Losses are in nats per note: the total of -log p over every predicted token
of a tune (its notes and its bar lines; the key is given) divided by its number of notes, so all
three models pay for the same tokens.

Sampling draws one token after another, feeding each back in, from a prompt that starts with a
key token (a first bar may follow). The same loose grammar holds for both models: no key token
after the start, no empty bar; a tune ends at its n_bars-th bar line.
"""
from __future__ import annotations

import numpy as np

from . import rnn
from .baselines import bigram_loss, fit_bigram
from .charmodel import unigram_perplexity
from .data import pad_sequences
from .data.music import BAR, KEYS, KEY_TOKENS, N_BARS, VOCAB_SIZE, Tune, check_tunes, decode, encode, note_features
from .melody import roll_data
from .numerics import log_softmax
from .train import Adam, train
from .validation import check_array, check_choice, check_int, check_positive_float, check_seed

FEATURES = note_features()                 # (V, D): row t = the input the RNN reads for token t
MAX_NOTES_PER_BAR = 8                      # a sampled tune stops after n_bars * this many notes
_KEY_IDS = np.array(sorted(KEY_TOKENS.values()))


def tune_batch(tunes):
    """Teacher forcing: inputs = each tune's tokens but the last, targets = all but the first.

    Returns (xs (T, B) ids, ys (T, B) ids, mask (T, B) 0/1), right-padded (T = longest - 1).
    """
    seqs = [encode(t) for t in check_tunes(tunes)]
    xs, mask = pad_sequences([s[:-1] for s in seqs])
    ys, _ = pad_sequences([s[1:] for s in seqs])
    return xs, ys, mask


def n_notes(tunes) -> int:
    """The number of notes in a list of tunes (what a loss per note divides by)."""
    return sum(len(t.notes) for t in check_tunes(tunes))


# ---------------------------------------------------------------- the RNN

def train_melody_rnn(tunes, *, n_hidden=64, steps=600, batch_size=32, lr=0.01, seed=0,
                     eval_fn=None, eval_every=100):
    """Train a vanilla tanh RNN to predict every next token of the tunes (many-to-many).

    Each step: batch_size tunes drawn at random (seeded), the mean loss over their predicted
    tokens, its gradient by BPTT (rnn.loss_and_grads), clipped to norm 1, one Adam step.
    Inputs are FEATURES rows (D = data.music.N_FEATURES), outputs V = data.music.VOCAB_SIZE.
    eval_fn(params) -> float is passed on to train.train. Returns (params, History).
    """
    xs, ys, mask = tune_batch(tunes)
    B = check_int("batch_size", batch_size, min_value=1)
    if B > xs.shape[1]:
        raise ValueError(f"batch_size must be at most the number of tunes ({xs.shape[1]}), got {B}")
    H = check_int("n_hidden", n_hidden, min_value=1)
    params = rnn.init_params(FEATURES.shape[1], H, VOCAB_SIZE, seed=check_seed(seed))
    rng = np.random.default_rng(seed)

    def step_fn(p, step):
        idx = rng.choice(xs.shape[1], size=B, replace=False)
        m = mask[:, idx]
        return rnn.loss_and_grads(p, FEATURES[xs[:, idx]], ys[:, idx], mask=None if m.all() else m)

    hist = train(params, step_fn, Adam(check_positive_float("lr", lr)),
                 check_int("steps", steps, min_value=1), clip_norm=1.0, eval_fn=eval_fn,
                 eval_every=eval_every)
    return params, hist


def rnn_loss_per_note(params, tunes) -> float:
    """Mean over notes of the RNN's -log p (nats): total over all predicted tokens / notes."""
    xs, ys, mask = tune_batch(tunes)
    D, _, V = rnn.check_params(params)
    if (D, V) != (FEATURES.shape[1], VOCAB_SIZE):
        raise ValueError(f"params must read {FEATURES.shape[1]} features and predict {VOCAB_SIZE} "
                         f"tokens (from train_melody_rnn), got n_in={D}, n_out={V}")
    hs, _ = rnn.forward(params, FEATURES[xs], mask=mask)
    logp = log_softmax(hs @ params["W_s"].T + params["b_s"])          # (T, B, V), no log 0
    picked = np.take_along_axis(logp, ys[..., None], axis=-1)[..., 0]
    return float(-(picked * mask).sum() / n_notes(tunes))


def rnn_loss_by_bar(params, tunes) -> np.ndarray:
    """Nats per note in each bar, (n_bars,): the -log p of a bar's notes and of the bar line
    after it, summed over the tunes, divided by the bar's notes. Tunes of one shape only
    (data.music.melody_data's: N_BARS bars of four notes). Where a bar repeats an earlier one, a low
    value says the RNN remembers that bar."""
    tunes = check_tunes(tunes)
    if any(len(t.bars) != N_BARS or any(len(bar) != 4 for bar in t.bars) for t in tunes):
        raise ValueError(f"tunes must all have {N_BARS} bars of 4 notes (as data.music.melody_data writes them)")
    xs, ys, _ = tune_batch(tunes)
    rnn_loss_per_note(params, tunes[:1])                                  # checks params
    hs, _ = rnn.forward(params, FEATURES[xs])
    logp = log_softmax(hs @ params["W_s"].T + params["b_s"])
    nll = -np.take_along_axis(logp, ys[..., None], axis=-1)[..., 0]       # (T, B), T = N_BARS * 5
    return nll.reshape(N_BARS, 5, -1).sum(axis=(1, 2)) / (4 * len(tunes))


# ---------------------------------------------------------------- the baselines

def baseline_losses(train_tunes, held_out_tunes, *, alpha=0.1) -> dict:
    """{"unigram": ..., "bigram": ...}: held-out nats per note of two count tables fitted on the
    training tunes' (input, target) tokens, add-alpha smoothed (baselines.fit_bigram and
    charmodel.unigram_perplexity), on the same predicted tokens as the RNN."""
    xs, ys, mask = tune_batch(check_tunes(train_tunes, "train_tunes"))
    hx, hy, hmask = tune_batch(check_tunes(held_out_tunes, "held_out_tunes"))
    per_note = hmask.sum() / n_notes(held_out_tunes)          # predicted tokens per note
    P = fit_bigram(xs, ys, mask, VOCAB_SIZE, alpha=alpha)
    unigram_ppl = unigram_perplexity(ys[mask == 1], hy[hmask == 1], VOCAB_SIZE, alpha=alpha)
    return {"unigram": float(np.log(unigram_ppl) * per_note),
            "bigram": bigram_loss(P, hx, hy, hmask) * float(per_note)}


def fit_melody_bigram(tunes, *, alpha=0.1) -> np.ndarray:
    """The bigram table P (V, V) of baselines.fit_bigram, on the tunes' (input, target) tokens."""
    xs, ys, mask = tune_batch(tunes)
    return fit_bigram(xs, ys, mask, VOCAB_SIZE, alpha=alpha)


# ---------------------------------------------------------------- sampling

def prompt_ids(key, first_bar=None) -> np.ndarray:
    """A prompt: [key token], or [key token, notes of first_bar, BAR] (first_bar: a tuple of
    (pitch, eighths) notes, e.g. data.music.motif_bar). (N,) int64."""
    check_choice("key", key, tuple(KEY_TOKENS))
    return encode(Tune(key, () if first_bar is None else (tuple(first_bar),)))


def _stepper(model):
    """step(x (B,) ids, h) -> (h, logits (B, V)) for RNN parameters or a bigram table."""
    if isinstance(model, dict):
        D, _, V = rnn.check_params(model)
        if (D, V) != (FEATURES.shape[1], VOCAB_SIZE):
            raise ValueError(f"model must read {FEATURES.shape[1]} features and predict {VOCAB_SIZE} "
                             f"tokens (from train_melody_rnn), got n_in={D}, n_out={V}")

        def step(x, h):
            hs, _ = rnn.forward(model, FEATURES[x][None], h0=h)
            return hs[0], hs[0] @ model["W_s"].T + model["b_s"]
        return step
    if isinstance(model, np.ndarray):
        if model.shape != (VOCAB_SIZE, VOCAB_SIZE) or not np.all(model > 0):
            raise ValueError(f"a bigram model must be a ({VOCAB_SIZE}, {VOCAB_SIZE}) table of positive "
                             f"probabilities (from fit_melody_bigram), got shape {model.shape}")
        log_P = np.log(model)
        return lambda x, h: (h, log_P[x])
    raise TypeError(f"model must be RNN parameters (dict) or a bigram table (ndarray), "
                    f"got {type(model).__name__}")


def _check_prompts(prompts) -> np.ndarray:
    """(L, B) ids from B prompts of the same length L, each starting with a key token."""
    if not isinstance(prompts, (list, tuple)) or not prompts:
        raise TypeError(f"prompts must be a non-empty list of token-id arrays (prompt_ids), "
                        f"got {type(prompts).__name__}")
    rows = [check_array(f"prompts[{i}]", p, ndim=1) for i, p in enumerate(prompts)]
    if len({r.size for r in rows}) != 1:
        lengths = sorted({r.size for r in rows})
        raise ValueError(f"prompts must all have the same length, got lengths {lengths}")
    ids = np.stack(rows, axis=1)
    if not np.issubdtype(ids.dtype, np.integer) or not np.isin(ids[0], _KEY_IDS).all() \
            or ids.min() < 0 or ids.max() >= VOCAB_SIZE:
        raise ValueError("prompts must be token ids that start with a key token (see prompt_ids)")
    return ids


def _draw(logits, prev, temperature, rng) -> np.ndarray:
    """One token per row from softmax(logits / temperature), under the loose grammar: no key
    token, and no bar line straight after a bar line or the key (an empty bar)."""
    logits = logits / temperature
    logits[:, _KEY_IDS] = -np.inf
    logits[np.isin(prev, _KEY_IDS) | (prev == BAR), BAR] = -np.inf
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    cdf = np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1)
    return np.minimum((cdf < rng.random(len(prev))[:, None]).sum(axis=1), VOCAB_SIZE - 1)


def sample_tunes(model, prompts, *, temperature=1.0, seed=0, n_bars=N_BARS) -> list:
    """Continue each prompt one token at a time until it has n_bars bar lines. Returns Tunes.

    model: RNN parameters (train_melody_rnn) or a bigram table (fit_melody_bigram); prompts:
    a list of B id arrays of one length, each from prompt_ids. All B tunes are drawn side by
    side, one uniform number per tune and step from default_rng(seed) (inverse CDF), so the
    same arguments give the same tunes. A tune still unfinished after n_bars *
    (MAX_NOTES_PER_BAR + 1) tokens ends there (its last bar unfinished).
    """
    step = _stepper(model)
    ids = _check_prompts(prompts)
    temperature = check_positive_float("temperature", temperature)
    n_bars = check_int("n_bars", n_bars, min_value=1)
    rng = np.random.default_rng(check_seed(seed))
    h = None
    for x in ids[:-1]:                                  # read the prompt
        h, _ = step(x, h)
    x, out = ids[-1], [list(col) for col in ids.T]
    bars = (ids == BAR).sum(axis=0)
    for _ in range(n_bars * (MAX_NOTES_PER_BAR + 1)):
        if (bars >= n_bars).all():
            break
        h, logits = step(x, h)
        x = _draw(logits, x, temperature, rng)
        for b in np.flatnonzero(bars < n_bars):
            out[b].append(int(x[b]))
        bars += (x == BAR)
    return [decode(np.array(seq)) for seq in out]


def new_tune(params, *, temperature=1.0, first_bar=None, key="C", seed=0, n_bars=N_BARS) -> dict:
    """What lesson 04b's widget draws, computed without drawing: a tune sampled from the RNN
    ``params`` (train_melody_rnn) in ``key``, going on from ``first_bar`` (notes (pitch, eighths),
    e.g. data.music.motif_bar; None: from the key alone). Its sound is audio.synthesize(tune).

    Returns {"tune": Tune, "roll": melody.roll_data(tune)}.
    """
    check_choice("key", key, tuple(KEYS))
    tune = sample_tunes(params, [prompt_ids(key, first_bar)], temperature=temperature, seed=seed,
                        n_bars=n_bars)[0]
    return {"tune": tune, "roll": roll_data(tune)}
