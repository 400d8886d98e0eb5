"""Per-character properties of Python source, on small hand-written snippets."""
import numpy as np
import pytest

from course_utils.code_properties import PROPERTIES, code_properties


def marks(text, name):
    """The property as a string of digits under the text (values above 9 shown as 9)."""
    return "".join(str(min(int(v), 9)) for v in code_properties(text)[name])


def test_every_property_one_value_per_character():
    text = "x = (1, 'a')  # c\n"
    props = code_properties(text)
    assert tuple(props) == PROPERTIES
    for name in PROPERTIES:
        assert props[name].shape == (len(text),) and props[name].dtype == np.int64


@pytest.mark.parametrize("text, want", [
    # inside from the opening quote up to, not including, the closing quote's last character
    ("a = 'xy' + b", "000011100000"),
    ('f("#(")', "0011100"),                          # '#' and '(' inside a string are text
    (r"'it\'s'", "1111110"),                         # an escaped quote does not close
    (r'"a\\" + 1', "111100000"),                     # an escaped backslash, then the real close
    ('"""a "b" c"""x', "11111111111100"),            # triple quotes: inner quotes do not close
    ("'''a\nb'''\nc", "11111111000"),                # a triple-quoted string spans lines
    ("''+\"\"", "10010"),                            # empty strings
    (r'r"\"" x', "0111000"),                         # a raw string's escaped quote still does not close
    ("b'x' f'{y}'", "01100011110"),                  # prefixes are read before the string starts
    ("'abc\nd = 1", "1111000000"),                   # unterminated: recovers at the newline
    ("# it's\nx", "00000000"),                       # a quote in a comment starts no string
])
def test_in_string(text, want):
    assert marks(text, "in_string") == want


@pytest.mark.parametrize("text, want", [
    ("x = 1  # one\ny", "0000000111110" + "0"),
    ("s = '#' # c\n", "000000001110"),               # "#" in a string starts no comment
    ("#a\n#b", "11011"),
])
def test_in_comment(text, want):
    assert marks(text, "in_comment") == want


@pytest.mark.parametrize("text, want", [
    ("f(a[1], {2})", "011221112210"),
    ("f('(', 1)", "011111110"),                      # brackets in strings do not count
    ("g(  # (\n x)", "01111111110"),                 # nor in comments; depth carries over lines
    ("))(", "001"),                                  # unmatched closers leave depth at 0
])
def test_bracket_depth_and_in_brackets(text, want):
    assert marks(text, "bracket_depth") == want
    assert marks(text, "in_brackets") == "".join("1" if c != "0" else "0" for c in want)


def test_indent_and_column():
    text = "def f():\n    if x:\n        y\n\nz"
    assert marks(text, "column") == "12345678" + "0" + "123456789" + "0" + "123456789" + "0" + "0" + "1"
    assert marks(text, "indent") == "00000000" + "0" + "123444444" + "0" + "123456788" + "0" + "0" + "0"


def test_blank_line_of_spaces_and_empty_text():
    assert marks("a\n   \nb", "indent") == "0" + "0" + "123" + "0" + "0"
    props = code_properties("")
    assert all(v.shape == (0,) for v in props.values())


def test_not_a_string():
    with pytest.raises(TypeError, match="text must be a string of Python source, got bytes"):
        code_properties(b"x = 1")


def test_sample_structure_counts_names_indentation_and_brackets():
    from course_utils.code_properties import names_in, sample_structure
    known = names_in("def shape(arr):\n    return arr.shape  # ok\n")
    assert known == {"def", "shape", "arr", "return"}
    texts = ["def shapz(arr\n    x = (a]\n   y = [b]\n  \nend", "qq\n        z)\n"]
    got = sample_structure(texts, known)
    # names: def, shapz, arr, end -> def and arr are known
    assert got["names"] == 2 / 4
    # whole lines starting with a space: "    x = (a]", "   y = [b]" and "        z)"
    assert got["indent"] == 2 / 3
    # closing brackets: "]" against "(": no; "]" against "[": yes; ")" with nothing open: no
    assert got["brackets"] == 1 / 3
    empty = sample_structure(["ab"], known)
    assert empty["names"] != empty["names"] and empty["brackets"] != empty["brackets"]   # NaN


def test_sample_structure_bad_input():
    from course_utils.code_properties import names_in, sample_structure
    with pytest.raises(TypeError, match="texts must be a list of strings"):
        sample_structure("def f", set())
    with pytest.raises(TypeError, match="known_names must be a set"):
        sample_structure(["def f"], ["def"])
    with pytest.raises(TypeError, match="text must be a string"):
        names_in(3)
