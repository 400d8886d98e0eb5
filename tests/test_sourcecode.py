"""Lesson 03's equation-by-line table: each line is found in the library's current source."""
import inspect

import numpy as np
import pytest

from course_utils import rnn
from course_utils.sourcecode import BPTT_LINES, bptt_code_table, code_statements, find_statement


# ---------------------------------------------------------------- the backward pass, equation by line

def textbook_bptt(params, xs, targets, h0):
    """Lesson 03's derivation as written: column vectors, one sequence at a time, dW += per step."""
    W_hx, W_hh, W_s = params["W_hx"], params["W_hh"], params["W_s"]
    T, B = xs.shape
    N = T * B                                                    # the mean is over T steps and B sequences
    g = {k: np.zeros_like(v) for k, v in params.items()}
    for b in range(B):
        x = np.eye(W_hx.shape[1])[xs[:, b]]                      # (T, D) one-hot rows
        h = [h0[b]]
        for t in range(T):
            h.append(np.tanh(W_hh @ h[-1] + W_hx @ x[t] + params["b_h"]))
        da_next = np.zeros_like(h0[b])                           # da_{T+1} = 0
        for t in range(T, 0, -1):
            z = W_s @ h[t] + params["b_s"]
            y_hat = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
            dz = (y_hat - np.eye(len(z))[targets[t - 1, b]]) / N           # step 1
            g["W_s"] += np.outer(dz, h[t])
            g["b_s"] += dz
            dh = W_s.T @ dz + W_hh.T @ da_next                   # step 2
            da = dh * (1 - h[t] ** 2)                            # step 3
            g["W_hh"] += np.outer(da, h[t - 1])                  # step 5
            g["W_hx"] += np.outer(da, x[t - 1])
            g["b_h"] += da
            da_next = da                                         # step 4: W_hh^T da_t reaches h_{t-1}
    return g


def test_the_lessons_derivation_is_what_the_library_computes():
    rng = np.random.default_rng(0)
    V, H, T, B = 5, 4, 6, 3
    p = rnn.init_params(V, H, V, seed=0)
    xs, ys = rng.integers(0, V, size=(T, B)), rng.integers(0, V, size=(T, B))
    h0 = np.tanh(rng.standard_normal((B, H)))
    _, grads = rnn.loss_and_grads(p, xs, ys, h0=h0)
    want = textbook_bptt(p, xs, ys, h0)
    for k in grads:
        np.testing.assert_allclose(grads[k], want[k], rtol=1e-10, atol=1e-14, err_msg=k)


def test_bptt_code_table_shows_every_line_from_the_current_source():
    table = bptt_code_table().splitlines()
    assert len(table) == 2 + len(BPTT_LINES)
    for row, (_, maths, func, pattern) in zip(table[2:], BPTT_LINES):
        line = find_statement(func, pattern)
        assert (f"`{line}`" in row) == (maths is not None)      # the exercise's line stays hidden
        assert f"`{func.__name__}`" in row


def test_every_bptt_line_is_a_line_of_the_library():
    source = "".join(inspect.getsource(func) for func in {row[2] for row in BPTT_LINES})
    squashed = "".join(source.split())
    for _, _, func, pattern in BPTT_LINES:
        assert "".join(find_statement(func, pattern).split()).replace("'", '"') in squashed


def test_code_statements_in_order_with_dict_entries():
    def f(a):
        """doc"""
        b = a + 1   # a comment
        c = {"x": b * 2,
             "y": b}
        return c

    assert code_statements(f) == ["b = a + 1", "c = {'x': b * 2, 'y': b}", "'x': b * 2", "'y': b"]
    g = rnn.rnn_backward
    statements = code_statements(g)
    assert statements.index("'W_hx': input_weight_grad(da2, xs, D)") > statements.index("da2 = das.reshape(-1, H)")


def test_code_statements_not_a_function():
    with pytest.raises(TypeError, match="func must be a Python function, got int"):
        code_statements(3)


def test_find_statement_no_match():
    with pytest.raises(LookupError, match="recurrence_backward has 0 statements matching 'nothing here'"):
        find_statement(rnn.recurrence_backward, "nothing here")


def test_find_statement_two_matches():
    with pytest.raises(LookupError, match="has 2 statements matching"):
        find_statement(rnn.recurrence_backward, r"^dh_next = da @ W_hh")


def test_find_statement_pattern_not_str():
    with pytest.raises(TypeError, match="pattern must be a regular expression \\(str\\), got int"):
        find_statement(rnn.recurrence_backward, 5)

