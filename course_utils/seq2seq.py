"""Sequence to sequence: a GRU encoder, a GRU decoder, and optionally attention (lesson 08).

Maths (one sentence; the code is time-major and row-batched like rnn.py)
  h_j = GRU_enc(src_j, h_{j-1}),   h_0 = 0      encoder states, j = 1..S
  s_t = GRU_dec(tgt_in_t, s_{t-1}), s_0 = h_S   decoder states, starting from the last source
                                                state; tgt_in = START, then the target words
  c_t = h_S                                     plain: one fixed summary of the whole sentence
  c_t = sum_j alpha_tj h_j                      attention (attention.py): a path to every h_j
  o_t = tanh(W_c [c_t; s_t] + b_c)              (T, B, H)
  p_t = softmax(W_s o_t + b_s)                  (T, B, V_tgt): the next word's probabilities
  loss = mean over real target steps of -log p_t[tgt_out_t]      (teacher forcing)

Words enter as ids, i.e. one-hot vectors, so a word's input to a cell is a column of its W_hx:
enc_W_hx[:, id] is the learned embedding of a source word, dec_W_hx[:, id] of a target word
(lesson 02's W_hx[:, id]). The GRU is gated.py's (gru_steps, gru_steps_backward); cell="rnn"
puts rnn.py's vanilla tanh recurrence in its place.
Shapes: S source steps, T target steps, B sentences, H hidden units, V vocabulary sizes.
Padding goes on the right (masks are ones, then zeros): the encoder is causal, so its states
at real words never see the padding, the decoder starts from each sentence's own last real
state, and attention gives padding the weight 0.
"""
from __future__ import annotations

import numpy as np

from . import decoding, gated, rnn
from .attention import attention_backward, attention_forward
from .layers import head_loss, input_projection, input_weight_grad, output_backward, output_forward
from .numerics import log_softmax
from .validation import check_array, check_choice, check_finite, check_int, check_param_dict, check_seed

PAD, START, END = 0, 1, 2     # the same ids in the source and the target vocabulary
PARAM_NAMES = ("enc_W_hx", "enc_W_hh", "enc_b_h", "dec_W_hx", "dec_W_hh", "dec_b_h",
               "W_c", "b_c", "W_s", "b_s")
ATTENTION_NAMES = ("W_a",)
CELLS = ("gru", "rnn")         # gated.py's GRU, or rnn.py's vanilla tanh RNN


def init_params(n_src, n_tgt, n_hidden, *, attention=False, cell="gru", seed=0) -> dict:
    """Random parameters, float64, for vocabularies of n_src and n_tgt words.

    enc_W_hx (G*H, V_src), dec_W_hx (G*H, V_tgt): the embeddings (one column per word);
    enc_W_hh, dec_W_hh (G*H, H), enc_b_h, dec_b_h (G*H,): two GRUs made by gated.init_gru
    (G = 3), or with cell="rnn" two vanilla tanh RNNs made by rnn.init_params (G = 1);
    W_c (H, 2H), b_c (H,); W_s (V_tgt, H), b_s (V_tgt,); with attention=True also W_a (H, H).
    Weights N(0, 1/fan_in) (fan_in = V for the embeddings, as for token ids in rnn.py and
    gated.py), each W_hh block random orthogonal, biases 0.
    """
    V_src = check_int("n_src", n_src, min_value=3)
    V_tgt = check_int("n_tgt", n_tgt, min_value=3)
    H = check_int("n_hidden", n_hidden, min_value=1)
    if not isinstance(attention, bool):
        raise TypeError(f"attention must be True or False, got {attention!r}")
    init = {"gru": gated.init_gru, "rnn": rnn.init_params}[check_choice("cell", cell, CELLS)]
    rng = np.random.default_rng(check_seed(seed))
    params = {}
    for prefix, V in (("enc_", V_src), ("dec_", V_tgt)):
        layer = init(V, H, 1, seed=int(rng.integers(2 ** 31)))
        params.update({prefix + k: layer[k] for k in ("W_hx", "W_hh", "b_h")})
    params["W_c"] = rng.standard_normal((H, 2 * H)) / np.sqrt(2 * H)
    params["b_c"] = np.zeros(H)
    params["W_s"] = rng.standard_normal((V_tgt, H)) / np.sqrt(H)
    params["b_s"] = np.zeros(V_tgt)
    if attention:
        params["W_a"] = rng.standard_normal((H, H)) / np.sqrt(H)
    return {k: params[k] for k in PARAM_NAMES + (ATTENTION_NAMES if attention else ())}


# ---------------------------------------------------------------- checks

def check_params(params) -> tuple[int, int, int, bool]:
    """Validate a parameter dict from init_params; return (V_src, V_tgt, H, attention)."""
    check_param_dict(params, PARAM_NAMES)
    attention = "W_a" in params
    H = check_array("params['W_c']", params["W_c"], ndim=2).shape[0]
    G = 1 if check_array("params['enc_W_hh']", params["enc_W_hh"], ndim=2).shape[0] == H else 3
    V_src = check_array("params['enc_W_hx']", params["enc_W_hx"], shape=(G * H, None)).shape[1]
    V_tgt = check_array("params['dec_W_hx']", params["dec_W_hx"], shape=(G * H, None)).shape[1]
    shapes = {"enc_W_hh": (G * H, H), "enc_b_h": (G * H,),
              "dec_W_hh": (G * H, H), "dec_b_h": (G * H,),
              "W_c": (H, 2 * H), "b_c": (H,), "W_s": (V_tgt, H), "b_s": (V_tgt,)}
    if attention:
        shapes["W_a"] = (H, H)
    for name, shape in shapes.items():
        check_array(f"params[{name!r}]", params[name], shape=shape)
    extra = set(params) - set(PARAM_NAMES + ATTENTION_NAMES)
    if extra:
        raise ValueError(f"params has unknown names {sorted(extra)}; expected {PARAM_NAMES} "
                         f"and, with attention, {ATTENTION_NAMES}")
    for name in params:
        check_finite(f"params[{name!r}]", params[name])
    return V_src, V_tgt, H, attention


def check_ids(name, ids, n_words, shape=None) -> np.ndarray:
    """Integer token ids (T, B), T, B >= 1, each in [0, n_words)."""
    ids = check_array(name, ids, ndim=2, shape=shape)
    if ids.shape[0] == 0 or ids.shape[1] == 0:
        raise ValueError(f"{name} must have at least one step and one sentence, "
                         f"got shape {ids.shape}")
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"{name} must hold integer token ids, got dtype {ids.dtype}")
    if ids.min() < 0 or ids.max() >= n_words:
        raise ValueError(f"{name} ids must lie in [0, {n_words}), got values from "
                         f"{ids.min()} to {ids.max()}")
    return ids


def check_padding_mask(name, mask, shape) -> np.ndarray:
    """A right-padding mask: 0/1 of ``shape``, in each column ones (at least one), then zeros.
    None means no padding."""
    if mask is None:
        return np.ones(shape)
    mask = check_array(name, mask, shape=shape)
    if not np.all((mask == 0) | (mask == 1)):
        raise ValueError(f"{name} must hold only 0/1 or False/True (1 marks a real step)")
    mask = mask.astype(np.float64)
    if np.any(mask[0] == 0) or np.any(np.diff(mask, axis=0) > 0):
        raise ValueError(f"{name} must mark padding on the right: each column ones (at least "
                         "one), then zeros")
    return mask


# ---------------------------------------------------------------- layers, forward and backward

def _vanilla(W_hh) -> bool:
    return W_hh.shape[0] == W_hh.shape[1]         # a GRU's W_hh is (3H, H)


def recurrent_layer_forward(params, prefix, ids, h0):
    """The recurrent cell (GRU or vanilla tanh RNN) over ids (T, B) from h0 (B, H).
    Returns (hs (T, B, H), cache)."""
    W_hh, b_h = params[prefix + "W_hh"], params[prefix + "b_h"]
    a_x = input_projection(params[prefix + "W_hx"], ids)                # (T, B, G*H): lookup
    if _vanilla(W_hh):
        hs = cell_cache = rnn.recurrence_forward(a_x, W_hh, b_h, h0, "tanh")
    else:
        hs_cols, cell_cache = gated.gru_steps((a_x + b_h).transpose(0, 2, 1), W_hh, h0.T)
        hs = hs_cols[1:].transpose(0, 2, 1)       # (T, B, H): gated.py keeps states as columns
    h_prev = np.concatenate([h0[None], hs[:-1]])                        # (T, B, H)
    return hs, (ids, h_prev, cell_cache)


def recurrent_layer_backward(params, prefix, dhs, cache, grads):
    """Mirror of recurrent_layer_forward; writes the layer's gradients into ``grads``.

    dhs (T, B, H) the gradient reaching each state from above. Returns (dh_total (T, B, H),
    the whole gradient at each state, through time included; dh0 (B, H))."""
    ids, h_prev, cell_cache = cache
    W_hx, W_hh = params[prefix + "W_hx"], params[prefix + "W_hh"]
    if _vanilla(W_hh):
        das, dh_total, dh0 = rnn.recurrence_backward(dhs, cell_cache, W_hh, "tanh")
        dus = das                                 # the input and W_hh see the same a_t
    else:
        das, dus, dh_total, dh0 = gated.gru_steps_backward(dhs.transpose(0, 2, 1), cell_cache, W_hh)
        das, dus, dh_total, dh0 = (das.transpose(0, 2, 1), dus.transpose(0, 2, 1),
                                   dh_total.transpose(0, 2, 1), dh0.T)   # back to rows
    da2 = das.reshape(-1, W_hx.shape[0])                                # (T*B, G*H)
    grads[prefix + "W_hx"] = input_weight_grad(da2, ids, W_hx.shape[1])  # (G*H, V)
    grads[prefix + "W_hh"] = dus.reshape(da2.shape).T @ h_prev.reshape(-1, h_prev.shape[2])
    grads[prefix + "b_h"] = da2.sum(axis=0)                             # (G*H,)
    return dh_total, dh0


def readout_forward(params, ctx, ss):
    """o_t = tanh(W_c [c_t; s_t] + b_c), then the course's output layer (layers.output_forward):
    logits = W_s o_t + b_s. ctx, ss (T, B, H). Returns (logits (T, B, V), cache)."""
    cat = np.concatenate([ctx, ss], axis=-1)                            # (T, B, 2H)
    o = np.tanh(cat @ params["W_c"].T + params["b_c"])                  # (T, B, H)
    logits, out_cache = output_forward(params, o)                       # (T, B, V)
    return logits, (cat, o, out_cache)


def readout_backward(params, dlogits, cache, grads):
    """Mirror of readout_forward; writes W_s, b_s, W_c, b_c into grads; returns (dctx, dss)."""
    cat, o, out_cache = cache
    H = o.shape[2]
    do, out_grads = output_backward(params, out_cache, dlogits)         # (T, B, H)
    grads.update(out_grads)                                             # W_s, b_s
    da = do * (1.0 - o * o)                                             # (T, B, H)
    grads["W_c"] = da.reshape(-1, H).T @ cat.reshape(-1, 2 * H)         # (H, 2H)
    grads["b_c"] = da.sum(axis=(0, 1))
    dcat = da @ params["W_c"]                                           # (T, B, 2H)
    return dcat[..., :H], dcat[..., H:]


def _forward(params, src, tgt_in, src_mask):
    """The model on checked inputs. Returns a dict: "logits", "log_probs", "probs" (T, B, V),
    "attention" (T, B, S) with attention, and "cache" for backward."""
    B = src.shape[1]
    lengths = src_mask.sum(axis=0).astype(np.int64)                     # (B,)
    H = params["W_c"].shape[0]
    hs, enc_cache = recurrent_layer_forward(params, "enc_", src, np.zeros((B, H)))
    h_last = hs[lengths - 1, np.arange(B)]                              # (B, H): h_S
    ss, dec_cache = recurrent_layer_forward(params, "dec_", tgt_in, h_last)
    out = {}
    if "W_a" in params:
        ctx, out["attention"], att_cache = attention_forward(params["W_a"], ss, hs, src_mask)
    else:
        ctx, att_cache = np.broadcast_to(h_last, ss.shape), None        # c_t = h_S
    out["logits"], out_cache = readout_forward(params, ctx, ss)
    out["log_probs"] = log_softmax(out["logits"])                        # (T, B, V)
    out["probs"] = np.exp(out["log_probs"])
    out["cache"] = (lengths, enc_cache, dec_cache, att_cache, out_cache)
    return out


def backward(params, dlogits, cache):
    """Backpropagation through the whole model, mirroring forward. dlogits (T, B, V) the
    gradient at the logits; cache = forward(...)["cache"]. Returns (grads shaped like params,
    dh_enc (S, B, H): the whole gradient at each encoder state)."""
    lengths, enc_cache, dec_cache, att_cache, out_cache = cache
    grads = {}
    dctx, dss = readout_backward(params, dlogits, out_cache, grads)
    B = dss.shape[1]
    dhs = np.zeros(enc_cache[1].shape)                                  # (S, B, H), as h_prev
    if att_cache is not None:
        dss_att, dhs, grads["W_a"] = attention_backward(dctx, att_cache)
        dss = dss + dss_att
        dh_last = 0.0
    else:
        dh_last = dctx.sum(axis=0)                                      # c_t = h_S at every t
    _, ds0 = recurrent_layer_backward(params, "dec_", dss, dec_cache, grads)
    dhs[lengths - 1, np.arange(B)] += dh_last + ds0                     # s_0 = h_S
    dh_enc, _ = recurrent_layer_backward(params, "enc_", dhs, enc_cache, grads)
    return {k: grads[k] for k in params}, dh_enc


# ---------------------------------------------------------------- public API

def _check_batch(params, src, tgt_in, src_mask, tgt_out=None):
    """Checked (src, tgt_in, src_mask, tgt_out); tgt_in None: START, then tgt_out[:-1]."""
    V_src, V_tgt = check_params(params)[:2]
    src = check_ids("src", src, V_src)
    if tgt_out is not None:
        tgt_out = check_ids("tgt_out", tgt_out, V_tgt, shape=(None, src.shape[1]))
    if tgt_in is None:
        tgt_in = np.concatenate([np.full((1, src.shape[1]), START), tgt_out[:-1]])
    tgt_in = check_ids("tgt_in", tgt_in, V_tgt, shape=(None, src.shape[1]))
    if tgt_out is not None and tgt_out.shape != tgt_in.shape:
        raise ValueError(f"tgt_out must have the shape of tgt_in {tgt_in.shape}, "
                         f"got {tgt_out.shape}")
    return src, tgt_in, check_padding_mask("src_mask", src_mask, src.shape), tgt_out


def forward(params, src, tgt_in, *, src_mask=None) -> dict:
    """Run the encoder over src (S, B) and the decoder over tgt_in (T, B), teacher forcing.

    src_mask (S, B): 1 on words, 0 on the padding at the right; None: no padding.
    Returns a dict: "probs" (T, B, V_tgt) the next word's probabilities at each step;
    "logits" and "log_probs" (T, B, V_tgt); with attention "attention" (T, B, S), each row
    summing to 1 over the real source words and exactly 0 on padding; "cache" (what the
    backward pass needs).
    """
    src, tgt_in, src_mask, _ = _check_batch(params, src, tgt_in, src_mask)
    return _forward(params, src, tgt_in, src_mask)


def _head(params, src, tgt_in, tgt_out, src_mask, tgt_mask):
    """Checked inputs, the forward pass and layers.head_loss: (loss, dlogits, out, tgt_out,
    tgt_mask). The loss is the mean over real target steps of -log p(tgt_out)."""
    src, tgt_in, src_mask, tgt_out = _check_batch(params, src, tgt_in, src_mask, tgt_out)
    tgt_mask = check_padding_mask("tgt_mask", tgt_mask, tgt_in.shape)
    out = _forward(params, src, tgt_in, src_mask)
    w = tgt_mask / tgt_mask.sum()                                       # (T, B), sums to 1
    loss, dlogits = head_loss(out["logits"], tgt_out, w, "softmax")
    return loss, dlogits, out, tgt_out, tgt_mask


def loss_and_grads(params, src, tgt_in, tgt_out, *, src_mask=None, tgt_mask=None):
    """Mean over the real target steps of -log p(tgt_out), and its gradient for every parameter.

    src (S, B), tgt_in and tgt_out (T, B) integer ids: tgt_in is tgt_out shifted right behind
    START (teacher forcing); masks (S, B), (T, B) mark real steps (None: all real).
    Returns (loss, grads), grads with the keys and shapes of params.
    """
    loss, dlogits, out, _, _ = _head(params, src, tgt_in, tgt_out, src_mask, tgt_mask)
    grads, _ = backward(params, dlogits, out["cache"])
    return loss, grads


def sequence_log_prob(params, src, tgt_out, *, src_mask=None, tgt_mask=None) -> np.ndarray:
    """(B,) log p(tgt_out | src) = sum over the real steps of log p_t[tgt_out_t], with the
    decoder fed START then tgt_out itself (how a translation is scored, greedy or beam).
    tgt_out (T, B); tgt_mask None counts every step (see output_mask for translate's output)."""
    _, _, out, tgt_out, tgt_mask = _head(params, src, None, tgt_out, src_mask, tgt_mask)
    logp_target = np.take_along_axis(out["log_probs"], tgt_out[..., None], axis=-1)[..., 0]
    return (logp_target * tgt_mask).sum(axis=0)


def source_gradient_norms(params, src, tgt_in, tgt_out, *, src_mask=None, tgt_mask=None):
    """(S, B): ||dL/dh_j|| at every encoder state, L the loss of loss_and_grads: how much
    gradient reaches each source position (0 on padding). Row 0 is the first source word."""
    _, dlogits, out, _, _ = _head(params, src, tgt_in, tgt_out, src_mask, tgt_mask)
    _, dh_enc = backward(params, dlogits, out["cache"])
    return np.linalg.norm(dh_enc, axis=-1)


def output_mask(ids) -> np.ndarray:
    """(T, B) 1 up to and including each column's first END, 0 after it (all 1 without END)."""
    ids = np.asarray(ids)
    ended_before = np.cumsum(ids == END, axis=0) - (ids == END)
    return (ended_before == 0).astype(np.float64)


# ---------------------------------------------------------------- decoding: greedy and beam

def _encode(params, src, src_mask):
    """Encoder states for decoding: (hs (S, B, H), src_mask (S, B), h_S (B, H))."""
    B, H = src.shape[1], params["W_c"].shape[0]
    hs, _ = recurrent_layer_forward(params, "enc_", src, np.zeros((B, H)))
    return hs, src_mask, hs[src_mask.sum(axis=0).astype(np.int64) - 1, np.arange(B)]


def decoder_step(params, y, s, memory):
    """One decoder step for the previous words y (B,) from states s (B, H), given
    memory = (hs, src_mask, h_S) of the same B sentences. Returns (s_t (B, H), log p_t (B, V))."""
    hs, src_mask, h_last = memory
    ss, _ = recurrent_layer_forward(params, "dec_", y[None], s)     # (1, B, H)
    if "W_a" in params:
        ctx = attention_forward(params["W_a"], ss, hs, src_mask)[0]
    else:
        ctx = h_last[None]
    logits, _ = readout_forward(params, ctx, ss)
    return ss[0], log_softmax(logits[0])


def _decode_args(params, src, src_mask, max_len, beam_width):
    V_src = check_params(params)[0]
    src = check_ids("src", src, V_src)
    max_len = check_int("max_len", max_len, min_value=1)
    beam_width = check_int("beam_width", beam_width, min_value=1)
    src_mask = check_padding_mask("src_mask", src_mask, src.shape)
    return _encode(params, src, src_mask), max_len, beam_width


def _stepper(params, memory):
    return lambda y, s: decoder_step(params, y, s, memory)


def translate(params, src, *, max_len, beam_width=1, src_mask=None, return_log_prob=False):
    """Translate src (S, B) without teacher forcing: each word chosen is fed back in.

    beam_width 1: greedy, the most likely next word at every step; above 1: beam_search.
    A translation stops at END (included); the columns are then filled with PAD, and at most
    max_len words are made. Returns ids (L, B), L <= max_len; with return_log_prob=True,
    (ids, log_prob (B,)), the log-probability the model gives each translation.
    """
    memory, max_len, beam_width = _decode_args(params, src, src_mask, max_len, beam_width)
    if beam_width > 1:
        return _beam(params, memory, max_len, beam_width, return_log_prob)
    ids, log_prob = decoding.greedy(_stepper(params, memory), memory[2], max_len=max_len,
                                    start=START, end=END, pad=PAD)
    return (ids, log_prob) if return_log_prob else ids


def beam_search(params, src, *, max_len, beam_width, src_mask=None, return_log_prob=False):
    """Keep the beam_width most likely partial translations of each sentence at every step and
    return the most likely finished one (decoding.beam). Same arguments and result as
    translate; beam_width=1 gives the greedy translation. Beam search often finds a more
    likely translation than greedy, but is not guaranteed to."""
    memory, max_len, beam_width = _decode_args(params, src, src_mask, max_len, beam_width)
    return _beam(params, memory, max_len, beam_width, return_log_prob)


def _beam(params, memory, max_len, k, return_log_prob):
    hs, src_mask, h_last = memory
    memory = (np.repeat(hs, k, axis=1), np.repeat(src_mask, k, axis=1), np.repeat(h_last, k, 0))
    ids, log_prob = decoding.beam(_stepper(params, memory), memory[2], width=k, max_len=max_len,
                                  start=START, end=END, pad=PAD)
    return (ids, log_prob) if return_log_prob else ids
