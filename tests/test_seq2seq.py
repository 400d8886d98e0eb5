"""course_utils.seq2seq: gradient checks, attention weights, padding, decoding, errors."""
import itertools

import numpy as np
import pytest

from course_utils import seq2seq as s2s
from course_utils.gradients import TOLERANCE, compare_gradients

V_SRC, V_TGT, H = 6, 5, 3
SRC_LEN = np.array([5, 3, 1])          # sentence 0 fills S = 5; the others are padded
TGT_LEN = np.array([2, 4, 3])          # T = 4; sentences 0 and 2 are padded


def mask_of(lengths, n_steps):
    return (np.arange(n_steps)[:, None] < lengths[None, :]).astype(np.float64)


def make_case(attention, cell="gru", seed=1):
    """A model with every parameter moved off its initial value (non-zero biases, so every
    term of the backward pass is exercised) and a batch padded on both sides."""
    rng = np.random.default_rng(seed)
    params = s2s.init_params(V_SRC, V_TGT, H, attention=attention, cell=cell, seed=seed)
    for k in params:
        params[k] = params[k] + 0.3 * rng.standard_normal(params[k].shape)
    S, T, B = SRC_LEN.max(), TGT_LEN.max(), SRC_LEN.size
    src = rng.integers(3, V_SRC, (S, B))
    tgt_out = rng.integers(2, V_TGT, (T, B))
    tgt_in = np.concatenate([np.full((1, B), s2s.START), tgt_out[:-1]])
    src_mask, tgt_mask = mask_of(SRC_LEN, S), mask_of(TGT_LEN, T)
    src[src_mask == 0] = s2s.PAD
    return params, src, tgt_in, tgt_out, src_mask, tgt_mask


def loss_fn(src, tgt_in, tgt_out, src_mask, tgt_mask):
    """The loss of loss_and_grads from the forward pass alone (tgt_in is tgt_out shifted)."""
    return lambda p: -s2s.sequence_log_prob(p, src, tgt_out, src_mask=src_mask,
                                            tgt_mask=tgt_mask).sum() / tgt_mask.sum()


@pytest.mark.parametrize("cell", ["gru", "rnn"])
@pytest.mark.parametrize("attention", [False, True])
def test_every_parameter_gradient_checks_with_padding_on_both_sides(attention, cell):
    params, *batch = make_case(attention, cell)
    src, tgt_in, tgt_out, src_mask, tgt_mask = batch
    loss, grads = s2s.loss_and_grads(params, src, tgt_in, tgt_out, src_mask=src_mask,
                                     tgt_mask=tgt_mask)
    assert set(grads) == set(params)
    assert loss_fn(*batch)(params) == pytest.approx(loss, rel=1e-12)
    errors = compare_gradients(loss_fn(*batch), params, grads)
    for name, err in errors.items():
        assert err < TOLERANCE, f"{name}: relative error {err:.2e}"


@pytest.mark.parametrize("attention", [False, True])
def test_encoder_gradient_through_the_decoder_alone(attention):
    """With the context's half of W_c at zero, the encoder reaches the loss only through the
    decoder's starting state s_0 = h_S: its gradient must come back through the decoder."""
    params, *batch = make_case(attention)
    params["W_c"][:, :H] = 0.0
    _, grads = s2s.loss_and_grads(params, batch[0], batch[1], batch[2], src_mask=batch[3],
                                  tgt_mask=batch[4])
    enc = {k: grads[k] for k in ("enc_W_hx", "enc_W_hh", "enc_b_h")}
    assert all(np.linalg.norm(g) > 1e-6 for g in enc.values())
    errors = compare_gradients(loss_fn(*batch), params, enc)
    assert max(errors.values()) < TOLERANCE, errors
    if attention:       # no path through the context: attention's weights get no gradient
        assert np.all(grads["W_a"] == 0.0)


def test_attention_rows_sum_to_one_and_are_exactly_zero_on_padding():
    params, src, tgt_in, _, src_mask, _ = make_case(True)
    alpha = s2s.forward(params, src, tgt_in, src_mask=src_mask)["attention"]
    assert alpha.shape == (tgt_in.shape[0], src.shape[1], src.shape[0])      # (T, B, S)
    pad = np.broadcast_to((src_mask.T == 0)[None], alpha.shape)
    assert np.all(alpha[pad] == 0.0)
    assert np.all(alpha[~pad] > 0.0)
    np.testing.assert_allclose(alpha.sum(axis=-1), 1.0, rtol=0, atol=1e-12)


def test_plain_model_has_no_attention_and_probs_are_distributions():
    params, src, tgt_in, _, src_mask, _ = make_case(False)
    out = s2s.forward(params, src, tgt_in, src_mask=src_mask)
    assert "attention" not in out and "W_a" not in params
    assert out["probs"].shape == (tgt_in.shape[0], src.shape[1], V_TGT)
    np.testing.assert_allclose(out["probs"].sum(axis=-1), 1.0, rtol=0, atol=1e-12)


@pytest.mark.parametrize("attention", [False, True])
def test_padded_batch_gives_what_each_sentence_gives_alone(attention):
    params, src, tgt_in, tgt_out, src_mask, tgt_mask = make_case(attention)
    out = s2s.forward(params, src, tgt_in, src_mask=src_mask)
    loss, grads = s2s.loss_and_grads(params, src, tgt_in, tgt_out, src_mask=src_mask,
                                     tgt_mask=tgt_mask)
    weighted = {k: np.zeros_like(v) for k, v in params.items()}
    weighted_loss = 0.0
    for b, (n_src, n_tgt) in enumerate(zip(SRC_LEN, TGT_LEN)):
        one = dict(src=src[:n_src, b:b + 1], tgt_in=tgt_in[:n_tgt, b:b + 1])
        alone = s2s.forward(params, **one)
        np.testing.assert_allclose(out["probs"][:n_tgt, b], alone["probs"][:, 0],
                                   rtol=0, atol=1e-12)
        if attention:
            np.testing.assert_allclose(out["attention"][:n_tgt, b, :n_src],
                                       alone["attention"][:, 0], rtol=0, atol=1e-12)
        l_b, g_b = s2s.loss_and_grads(params, tgt_out=tgt_out[:n_tgt, b:b + 1], **one)
        share = n_tgt / TGT_LEN.sum()           # the loss is a mean over real target steps
        weighted_loss += share * l_b
        for k in weighted:
            weighted[k] += share * g_b[k]
    assert loss == pytest.approx(weighted_loss, rel=1e-12)
    for k in grads:
        np.testing.assert_allclose(grads[k], weighted[k], rtol=0, atol=1e-12)
    ids = s2s.translate(params, src, src_mask=src_mask, max_len=6)
    for b, n_src in enumerate(SRC_LEN):
        alone = s2s.translate(params, src[:n_src, b:b + 1], max_len=6)[:, 0]
        np.testing.assert_array_equal(ids[:alone.size, b], alone)


@pytest.mark.parametrize("attention", [False, True])
def test_greedy_is_beam_search_of_width_one_and_scores_agree(attention):
    params, src, _, _, src_mask, _ = make_case(attention, seed=4)
    greedy, lp = s2s.translate(params, src, src_mask=src_mask, max_len=6, return_log_prob=True)
    beam1, lp1 = s2s.beam_search(params, src, src_mask=src_mask, max_len=6, beam_width=1,
                                 return_log_prob=True)
    np.testing.assert_array_equal(greedy, beam1)
    np.testing.assert_allclose(lp, lp1, rtol=0, atol=1e-12)
    for ids, score in ((greedy, lp), *[s2s.translate(params, src, src_mask=src_mask, max_len=6,
                                                      beam_width=3, return_log_prob=True)]):
        again = s2s.sequence_log_prob(params, src, ids, src_mask=src_mask,
                                      tgt_mask=s2s.output_mask(ids))
        np.testing.assert_allclose(score, again, rtol=0, atol=1e-10)


def test_output_mask_keeps_each_column_up_to_its_first_end():
    E, P = s2s.END, s2s.PAD
    ids = np.array([[3, E, 4], [E, P, 4], [P, P, E]])
    np.testing.assert_array_equal(s2s.output_mask(ids), [[1, 1, 1], [1, 0, 1], [0, 0, 1]])


def all_outputs(max_len):
    """Every output of at most max_len words: words up to an END, then PAD; or no END."""
    words = [w for w in range(V_TGT) if w not in (s2s.PAD, s2s.END)] + [s2s.PAD]
    outs = []
    for n in range(max_len):
        for seq in itertools.product(words, repeat=n):
            outs.append(list(seq) + [s2s.END] + [s2s.PAD] * (max_len - n - 1))
    outs += [list(seq) for seq in itertools.product(words, repeat=max_len)]
    return np.array(outs).T                                       # (max_len, n_outputs)


@pytest.mark.parametrize("attention", [False, True])
def test_wide_beam_finds_the_most_likely_output_and_beats_greedy(attention):
    """With a beam as wide as the number of outputs nothing is pruned: beam search is then
    exact, so it matches brute force and is at least as likely as greedy."""
    params, src, _, _, src_mask, _ = make_case(attention, seed=2)
    max_len = 3
    outs = all_outputs(max_len)
    for b in range(src.shape[1]):
        one = src[:SRC_LEN[b], b:b + 1]
        srcs = np.repeat(one, outs.shape[1], axis=1)
        scores = s2s.sequence_log_prob(params, srcs, outs, tgt_mask=s2s.output_mask(outs))
        _, lp_beam = s2s.translate(params, one, max_len=max_len, beam_width=outs.shape[1],
                                   return_log_prob=True)
        _, lp_greedy = s2s.translate(params, one, max_len=max_len, return_log_prob=True)
        assert lp_beam[0] == pytest.approx(scores.max(), abs=1e-10)
        assert lp_beam[0] >= lp_greedy[0] - 1e-12
        _, lp_beam2 = s2s.translate(params, one, max_len=max_len, beam_width=2,
                                    return_log_prob=True)
        assert lp_beam2[0] >= lp_greedy[0] - 1e-12    # holds on these cases, not always


def test_source_gradient_norms_are_zero_on_padding_and_reach_every_word():
    for attention in (False, True):
        params, src, tgt_in, tgt_out, src_mask, tgt_mask = make_case(attention)
        norms = s2s.source_gradient_norms(params, src, tgt_in, tgt_out, src_mask=src_mask,
                                          tgt_mask=tgt_mask)
        assert norms.shape == src.shape
        assert np.all(norms[src_mask == 0] == 0.0)
        assert np.all(norms[src_mask == 1] > 0.0)


def test_init_params_shapes_and_seed():
    p = s2s.init_params(9, 8, 5, attention=True, seed=3)
    assert p["enc_W_hx"].shape == (15, 9) and p["dec_W_hx"].shape == (15, 8)
    assert p["enc_W_hh"].shape == (15, 5) and p["W_c"].shape == (5, 10)
    assert p["W_s"].shape == (8, 5) and p["W_a"].shape == (5, 5)
    q = s2s.init_params(9, 8, 5, attention=True, seed=3)
    assert all(np.array_equal(p[k], q[k]) for k in p)
    r = s2s.init_params(9, 8, 5, cell="rnn")
    assert r["enc_W_hh"].shape == (5, 5) and "W_a" not in r


@pytest.mark.parametrize("call, error, words", [
    (lambda: s2s.init_params(2.5, 6, 4), TypeError, "n_src"),
    (lambda: s2s.init_params(7, 2, 4), ValueError, "n_tgt"),
    (lambda: s2s.init_params(7, 6, 4, attention="yes"), TypeError, "attention"),
    (lambda: s2s.init_params(7, 6, 4, cell="lstm"), ValueError, "cell"),
])
def test_init_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()


def bad_inputs():
    params, src, tgt_in, tgt_out, src_mask, tgt_mask = make_case(True)
    f = s2s.forward
    lg = s2s.loss_and_grads
    left = src_mask[::-1].copy()
    missing = {k: v for k, v in params.items() if k != "W_c"}
    return [
        (lambda: f(params, src.astype(float), tgt_in), TypeError, "src must hold integer"),
        (lambda: f(params, src + V_SRC, tgt_in), ValueError, r"src ids must lie in \[0, 6\)"),
        (lambda: f(params, src, tgt_in[:, :2]), ValueError, "tgt_in must have shape"),
        (lambda: f(params, src, tgt_in, src_mask=left), ValueError, "src_mask must mark padding"),
        (lambda: f(params, src, tgt_in, src_mask=src_mask * 2), ValueError,
         "src_mask must hold only"),
        (lambda: f(params, src[:, :, None], tgt_in), ValueError, "src must have 2 dimensions"),
        (lambda: f(missing, src, tgt_in), ValueError, "missing 'W_c'"),
        (lambda: f({**params, "W_x": np.zeros(2)}, src, tgt_in), ValueError, "unknown names"),
        (lambda: f({**params, "W_a": np.zeros((2, 2))}, src, tgt_in), ValueError, "W_a"),
        (lambda: f({**params, "W_s": params["W_s"] * np.nan}, src, tgt_in), ValueError, "NaN"),
        (lambda: lg(params, src, tgt_in, tgt_out + V_TGT), ValueError, "tgt_out ids"),
        (lambda: lg(params, src, tgt_in, tgt_out[:2]), ValueError, "tgt_out must have the shape"),
        (lambda: s2s.sequence_log_prob(params, src, tgt_out * 1.0), TypeError, "tgt_out must hold"),
        (lambda: lg(params, src, tgt_in, tgt_out, tgt_mask=tgt_mask[:2]), ValueError, "tgt_mask"),
        (lambda: s2s.translate(params, src, max_len=0), ValueError, "max_len"),
        (lambda: s2s.translate(params, src, max_len=3, beam_width=0), ValueError, "beam_width"),
        (lambda: s2s.translate(params, src, max_len=2.0), TypeError, "max_len"),
    ]


@pytest.mark.parametrize("case", range(len(bad_inputs())))
def test_bad_input_is_named(case):
    call, error, words = bad_inputs()[case]
    with pytest.raises(error, match=words):
        call()
