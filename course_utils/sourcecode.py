"""The library's own source, read by the lessons: so a lesson quotes the code as it is now.

``code_statements`` lists a function's statements as ast.unparse writes them; ``find_statement``
picks the one that matches a pattern (and raises LookupError when the library no longer has it).
Lesson 03 uses them to set each step of its BPTT derivation beside the line that computes it.
"""
from __future__ import annotations

import ast
import inspect
import re
import textwrap

from . import layers, rnn


# ---------------------------------------------------------------- lesson 03: the backward pass, equation by line
# Lesson 03 derives BPTT in column form and reads the library's code next to it. The code column is
# found in the current source of rnn.py (never typed by hand), so a change there cannot leave the
# lesson showing a line the library no longer has; a line that is gone raises LookupError.

def code_statements(func) -> list[str]:
    """The simple statements of func's source, in source order, as ast.unparse writes them (no
    comments, one line each); a dict literal also gives one "'key': value" entry per key."""
    if not inspect.isfunction(func):
        raise TypeError(f"func must be a Python function, got {type(func).__name__}")
    tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign)) or (
                isinstance(node, ast.Expr) and not isinstance(node.value, ast.Constant)):
            found.append((node.lineno, node.col_offset, ast.unparse(node)))
            if isinstance(node.value, ast.Dict):
                found += [(k.lineno, k.col_offset, f"{ast.unparse(k)}: {ast.unparse(v)}")
                          for k, v in zip(node.value.keys, node.value.values) if k is not None]
    return [text for *_, text in sorted(found)]


def find_statement(func, pattern: str) -> str:
    """The one statement of func (see code_statements) matching the regular expression pattern."""
    if not isinstance(pattern, str):
        raise TypeError(f"pattern must be a regular expression (str), got {type(pattern).__name__}")
    hits = [s for s in code_statements(func) if re.search(pattern, s)]
    if len(hits) != 1:
        raise LookupError(f"{func.__name__} has {len(hits)} statements matching {pattern!r}, expected "
                          f"one: the library changed, update sourcecode.BPTT_LINES and lesson 03")
    return hits[0]


# (step of the derivation, the maths in column form, the function, a pattern for its line).
# N = T*B: the library's loss is the mean over T steps and B sequences. A row whose maths is
# None is left for the learner to find (exercise 2); its line must still exist.
BPTT_LINES = (
    ("1", r"$\hat y_t / N$ (softmax, each step weighted $1/N$)", layers.head_loss, r"^dlogits = e \*"),
    ("1", r"$dz_t = (\hat y_t - y_t)/N$: subtract $1/N$ at the target", layers.head_loss,
     r"^np\.put_along_axis\(dlogits"),
    ("1", r"$dW_s = \sum_t dz_t\, h_t^\top$", layers.output_backward, r"^dW_s = "),
    ("1", r"$db_s = \sum_t dz_t$", layers.output_backward, r"^db_s = "),
    ("2", r"`dh_from_output` $= W_s^\top dz_t$, all $t$ at once", layers.output_backward,
     r"= dlogits @ W_s$"),
    ("2", r"$dh_t$ = `dh_from_output` + `dh_next`", rnn.recurrence_backward, r"^dh = "),
    ("3", r"$f'(a_t) = 1 - h_t^2$, all $t$ at once", rnn.recurrence_backward, r"^fprime = "),
    ("3", r"$da_t = dh_t \odot f'(a_t)$", rnn.recurrence_backward, r"^da = "),
    ("4", None, rnn.recurrence_backward, r"^dh_next = da @ W_hh$"),
    ("5", r"$h_{t-1}$ for every $t$: $h_0, \dots, h_{T-1}$", rnn.rnn_backward, r"^h_prev = "),
    ("5", r"$dW_{hh} = \sum_t da_t\, h_{t-1}^\top$", rnn.rnn_backward, r"^'W_hh': "),
    ("5", r"$dW_{hx} = \sum_t da_t\, x_t^\top$", rnn.rnn_backward, r"^'W_hx': "),
    ("5", r"$db_h = \sum_t da_t$", rnn.rnn_backward, r"^'b_h': "),
)


def bptt_code_table() -> str:
    """A markdown table: each step of lesson 03's derivation next to its line of the library
    (rnn.py, and the output layer of layers.py), read now."""
    rows = ["| step | maths (columns) | code (rows), from the current library | in |",
            "|---|---|---|---|"]
    for step, maths, func, pattern in BPTT_LINES:
        line = find_statement(func, pattern)
        if maths is None:
            maths, line = r"`dh_next` $= W_{hh}^\top da_t$", "*exercise 2 below: which line?*"
        else:
            line = "`" + line + "`"
        rows.append(f"| {step} | {maths} | {line} | `{func.__name__}` |")
    return "\n".join(rows)
