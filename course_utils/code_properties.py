"""Properties of Python source that depend on context, one value per character.

Each property is the state of a reader AFTER it has read that character, as an RNN's h_t is its
state after reading x_t; none can be told from the character alone:

- ``in_string``      1 inside a string literal: from its opening quote up to, not including, the
                     last character of its closing quote (after that, the reader is outside);
                     escapes (\\", \\') and triple quotes are followed; string prefixes (r, b, f) are
                     read before the reader can know a string starts, so they count as outside.
- ``in_comment``     1 from a "#" outside any string to the end of its line (the newline is 0).
- ``bracket_depth``  how many of ( [ { are open, outside strings and comments.
- ``in_brackets``    1 where bracket_depth > 0.
- ``indent``         the leading spaces of the current line read so far (the newline is 0).
- ``column``         characters read since the last newline (the newline is 0).

The reader follows Python's own rules for valid source; on invalid text it recovers (a
single-quoted string ends at a newline, an unmatched closing bracket leaves the depth at 0).

``sample_structure`` measures, over many sampled texts, three kinds of structure a model may
have learned from code: names it has read, indentation in steps of four, brackets that close
what they opened.
"""
from __future__ import annotations

import re

import numpy as np

PROPERTIES = ("in_string", "in_comment", "bracket_depth", "in_brackets", "indent", "column")
OPENING, CLOSING = "([{", ")]}"
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}")        # names of three characters or more


def code_properties(text) -> dict:
    """Every property of PROPERTIES for each character of ``text``: {name: (N,) int64}."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string of Python source, got {type(text).__name__}")
    n = len(text)
    in_string, in_comment, depth = (np.zeros(n, dtype=np.int64) for _ in range(3))
    quote = None            # the closing delimiter of the string we are in: ', ", ''' or """
    comment = False
    level = i = 0
    while i < n:
        c, start = text[i], i
        if quote is not None:                           # inside a string literal
            if c == "\\":
                in_string[i:i + 2] = 1                  # an escape: both characters stay inside
                i += 2
            elif text.startswith(quote, i):
                in_string[i:i + len(quote) - 1] = 1     # inside until its last character is read
                i += len(quote)
                quote = None
            else:
                if c == "\n" and len(quote) == 1:
                    quote = None                        # unterminated: recover at the line's end
                in_string[i] = quote is not None
                i += 1
        elif comment or c == "#":
            comment = c != "\n"
            in_comment[i] = comment
            i += 1
        elif c in "'\"":
            quote = c * 3 if text.startswith(c * 3, i) else c
            in_string[i:i + len(quote)] = 1
            i += len(quote)
        else:
            if c in OPENING:
                level += 1
            elif c in CLOSING:
                level = max(level - 1, 0)
            i += 1
        depth[start:i] = level
    column, indent = _line_positions(text)
    return {"in_string": in_string, "in_comment": in_comment, "bracket_depth": depth,
            "in_brackets": (depth > 0).astype(np.int64), "indent": indent, "column": column}


def _line_positions(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(column, indent), both (N,): characters since the last newline, and the current line's
    leading spaces read so far."""
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    newline = chars == ord("\n")
    line = np.cumsum(newline)                                  # line number of each character
    starts = np.flatnonzero(newline)                           # a newline ends its line ...
    line_start = np.concatenate([[-1], starts])[line]          # ... and starts the next
    column = np.arange(chars.size) - line_start
    column[newline] = 0
    # leading spaces: the run of spaces that starts the line, its length capped at each char
    not_space = (chars != ord(" ")) & ~newline
    first_text = np.full(line[-1] + 1 if chars.size else 0, np.iinfo(np.int64).max)
    np.minimum.at(first_text, line[not_space], column[not_space])
    indent = np.minimum(column, first_text[line] - 1) if chars.size else column
    indent[newline] = 0
    return column.astype(np.int64), indent.astype(np.int64)


def names_in(text) -> set:
    """Every name (identifier or word, three characters or more) that occurs in ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return set(NAME.findall(text))


def sample_structure(texts, known_names) -> dict:
    """Shares over all of ``texts`` (a list of sampled strings), each NaN when nothing was counted:

    - ``names``:    of the names sampled (three characters or more), the share in known_names;
    - ``indent``:   of the whole lines (not a sample's first or last) that start with a space,
                    the share indented by a multiple of four spaces;
    - ``brackets``: of the closing brackets, the share that close the innermost open bracket
                    of the same kind (an unmatched one closes whatever was open).
    """
    if isinstance(texts, str) or not isinstance(texts, (list, tuple)) \
            or not all(isinstance(t, str) for t in texts):
        raise TypeError("texts must be a list of strings (sampled texts)")
    if not isinstance(known_names, (set, frozenset)):
        raise TypeError(f"known_names must be a set of names (names_in), got {type(known_names).__name__}")
    names = [w for t in texts for w in NAME.findall(t)]
    lines = [line for t in texts for line in t.split("\n")[1:-1] if line.startswith(" ") and line.strip()]
    matched = closing = 0
    for t in texts:
        stack = []
        for c in t:
            if c in OPENING:
                stack.append(c)
            elif c in CLOSING:
                closing += 1
                matched += bool(stack) and stack[-1] == OPENING[CLOSING.index(c)]
                stack = stack[:-1]
    share = lambda hits, n: hits / n if n else float("nan")   # noqa: E731
    return {"names": share(sum(w in known_names for w in names), len(names)),
            "indent": share(sum((len(s) - len(s.lstrip(" "))) % 4 == 0 for s in lines), len(lines)),
            "brackets": share(matched, closing)}
