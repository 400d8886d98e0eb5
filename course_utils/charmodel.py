"""A character-level language model: the vanilla RNN of rnn.py trained on text with truncated BPTT.

Lesson 03 trains it on the course's own corpus (data.load_corpus). Loss and perplexity are per
character: perplexity = exp(mean of -log p(next character)), the number of characters the model
is "choosing between" on average; a model that knows nothing has perplexity V.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import rnn
from .data import CharVocab, bptt_chunks
from .numerics import log_softmax
from .train import History, train
from .validation import check_array, check_int, check_positive_float


def _check_ids(name: str, ids, vocab_size: int | None = None, min_len: int = 2) -> np.ndarray:
    ids = check_array(name, ids, ndim=1)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"{name} must hold integer character ids, got dtype {ids.dtype}")
    if ids.size < min_len:
        raise ValueError(f"{name} must hold at least {min_len} ids, got {ids.size}")
    if vocab_size is not None and (ids.min() < 0 or ids.max() >= vocab_size):
        raise ValueError(f"{name} must lie in [0, {vocab_size}), got values from {ids.min()} to {ids.max()}")
    return ids


def text_loss(params, ids, *, n_streams=1, activation="tanh", reset_every=None) -> float:
    """Mean -log p(next id) over a whole text ids (N,), read with the state carried from the start.

    The text is cut into ``n_streams`` rows read side by side (each from a zero state), as in
    data.bptt_chunks; more rows run faster and start cold more often. reset_every: read the text
    as one stream but reset the state to zeros every reset_every characters (the way a model
    trained with carry_state=False reads its chunks); every one of the N - 1 targets is scored.
    """
    D, _, V = rnn.check_params(params)
    S = check_int("n_streams", n_streams, min_value=1)
    ids = _check_ids("ids", ids, V, min_len=S + 1)
    if reset_every is None:
        xs, targets = bptt_chunks(ids, (ids.size - 1) // S, S)       # one chunk: (1, L, S)
        return _summed_nll(params, xs[0], targets[0], activation) / targets[0].size
    if S != 1:
        raise ValueError(f"reset_every reads the text as one stream; n_streams must be 1, got {S}")
    L = check_int("reset_every", reset_every, min_value=1)
    x, y = ids[:-1], ids[1:]
    K = x.size // L                                               # K pieces of L, then the rest
    parts = [(x[:K * L].reshape(K, L).T, y[:K * L].reshape(K, L).T)] if K else []
    if x.size > K * L:
        parts.append((x[K * L:, None], y[K * L:, None]))
    return sum(_summed_nll(params, xs, ts, activation) for xs, ts in parts) / x.size


def _summed_nll(params, xs, targets, activation) -> float:
    """Sum of -log p(target) over token ids xs, targets (T, B), every row from a zero state."""
    hs, _ = rnn.forward(params, xs, activation=activation)
    logp = log_softmax(hs @ params["W_s"].T + params["b_s"])  # (T, B, V), no log(0)
    picked = np.take_along_axis(logp, targets[..., None], axis=-1)
    return float(-picked.sum())


def unigram_perplexity(train_ids, held_out_ids, vocab_size, *, alpha=1.0) -> float:
    """Perplexity on held_out_ids of p(c) = (count of c in train_ids + alpha) / (N + alpha V).

    The baseline that ignores order: it knows how often each character occurs, not what comes
    next. alpha > 0 (add-alpha smoothing) keeps a character unseen in training from costing log 0.
    """
    V = check_int("vocab_size", vocab_size, min_value=1)
    train_ids = _check_ids("train_ids", train_ids, V, min_len=1)
    held_out_ids = _check_ids("held_out_ids", held_out_ids, V, min_len=1)
    alpha = check_positive_float("alpha", alpha)
    counts = np.bincount(train_ids, minlength=V) + alpha
    logp = np.log(counts / counts.sum())
    return float(np.exp(-logp[held_out_ids].mean()))


def perplexity(loss):
    """exp(loss): the perplexity of a mean loss per character (inf, without a warning, past float64)."""
    with np.errstate(over="ignore"):
        return np.exp(np.asarray(loss, dtype=np.float64))


@dataclass
class CharRun:
    """What train_char_model recorded: at each evaluation step, the mean loss per character on the
    whole training text and on the held-out text (exp of either is a perplexity)."""
    eval_steps: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    held_out_loss: list = field(default_factory=list)
    history: History | None = None

    @property
    def train_perplexity(self) -> np.ndarray:
        return perplexity(self.train_loss)

    @property
    def held_out_perplexity(self) -> np.ndarray:
        return perplexity(self.held_out_loss)


def carried_state_step(xs, targets, *, activation="tanh", carry_state=True):
    """step_fn(params, step) for train.train: chunk after chunk of (xs, targets) (K, T, B), the
    final hidden state of each chunk carried into the next (truncated BPTT: the gradient stops
    at the chunk's start, the state does not). A new pass over the text restarts from zeros.
    carry_state=False starts every chunk from zeros instead (for comparison).
    """
    K = xs.shape[0]
    carry = {"h": None}

    def step_fn(params, step):
        k = (step - 1) % K
        if k == 0 or not carry_state:
            carry["h"] = None
        loss, grads, carry["h"] = rnn.loss_and_grads(params, xs[k], targets[k], h0=carry["h"],
                                                     activation=activation, return_state=True)
        return loss, grads

    return step_fn


def train_char_model(params, train_ids, held_out_ids, optimizer, n_steps, *, seq_len=25,
                     batch_size=16, clip_norm=5.0, eval_every=100, activation="tanh",
                     carry_state=True, verbose=True) -> CharRun:
    """Train ``params`` (updated in place) on train_ids (N,) with truncated BPTT.

    Each step reads one chunk of seq_len steps from batch_size rows of the text (data.bptt_chunks),
    carrying the hidden state between chunks (carry_state=False: zeros at every chunk); the
    gradient is clipped to global norm clip_norm (None: no clipping). Every eval_every steps the
    loss on the whole training and held-out texts is recorded and, when verbose, printed as
    perplexities rounded to 0.1. Both texts are scored alike, the way the model was trained: read
    as one stream with the state carried (carry_state=False: reset every seq_len characters).
    A run whose numbers overflow stops with a message (printed when verbose), never a warning
    or an exception.
    """
    _, _, V = rnn.check_params(params)
    train_ids = _check_ids("train_ids", train_ids, V)
    held_out_ids = _check_ids("held_out_ids", held_out_ids, V)
    n_steps = check_int("n_steps", n_steps, min_value=1)
    if not hasattr(optimizer, "step"):
        raise TypeError(f"optimizer must have a step(params, grads) method (e.g. train.Adam), "
                        f"got {type(optimizer).__name__}")
    xs, targets = bptt_chunks(train_ids, seq_len, batch_size)
    run = CharRun()

    reset_every = None if carry_state else seq_len

    def evaluate(p, ids):
        if not all(np.all(np.isfinite(v)) for v in p.values()):
            return np.inf                       # the last update overflowed
        with np.errstate(over="ignore", invalid="ignore"):
            loss = text_loss(p, ids, activation=activation, reset_every=reset_every)
        return loss if np.isfinite(loss) else np.inf

    def record(step, held_out_loss):
        run.eval_steps.append(step)
        run.train_loss.append(evaluate(params, train_ids))
        run.held_out_loss.append(held_out_loss)
        if verbose:
            print(f"step {step:5d}   train perplexity {perplexity(run.train_loss[-1]):6.1f}   "
                  f"held-out perplexity {perplexity(run.held_out_loss[-1]):6.1f}")

    record(0, evaluate(params, held_out_ids))
    run.history = train(params, carried_state_step(xs, targets, activation=activation,
                                                   carry_state=carry_state), optimizer,
                        n_steps, clip_norm=clip_norm, eval_fn=lambda p: evaluate(p, held_out_ids),
                        eval_every=eval_every, callback=lambda step, h: record(step, h.eval_loss[-1]))
    if verbose and run.history.message:
        print(run.history.message)
    return run


def sample_text(params, vocab: CharVocab, first_char: str, n_chars, *, temperature=1.0, seed=0) -> str:
    """first_char followed by n_chars characters drawn from the model with rnn.sample.

    temperature divides the logits: below 1 the likeliest characters win more often, above 1
    the choice is flatter; 0 always takes the likeliest.
    """
    if not isinstance(vocab, CharVocab):
        raise TypeError(f"vocab must be a data.CharVocab, got {type(vocab).__name__}")
    if not isinstance(first_char, str) or len(first_char) != 1:
        raise ValueError(f"first_char must be a single character, got {first_char!r}")
    first = int(vocab.encode(first_char)[0])
    ids = rnn.sample(params, first, check_int("n_chars", n_chars, min_value=1), temperature=temperature, seed=seed)
    return first_char + vocab.decode(ids)
