"""Every number a lesson's prose reports is printed by an output that the notebook tests compare.

So a result quoted in the text cannot drift from what the code prints: change the code's result and
nbval fails; change the prose alone and this test fails. Inputs and constants carry the marker
``<!-- input -->`` right after the number (see tools/prose_numbers.py).
"""
import json
from pathlib import Path

import pytest

from tools.prose_numbers import MARKER, prose_numbers, prose_of, unreported, value

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# Lessons whose prose has not been brought under this rule yet; remove a lesson once it passes.
PENDING = set()


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_numbers_in_prose_are_printed(path, capsys):
    missing, exempt = unreported(path)
    checked = len(prose_numbers(json.loads(path.read_text()))[0])
    with capsys.disabled():
        print(f"\n{path.stem}: {checked} numbers in prose checked against outputs, "
              f"{exempt} marked as inputs", end="")
    if path.stem in PENDING and missing:
        pytest.xfail(f"{len(missing)} numbers in prose not printed yet")
    assert not missing, "numbers in the prose that no compared output prints (print them, or mark " \
        f"an input with {MARKER} right after it):\n" + "\n".join(
            f"  cell {n.cell}: {n.text!r} in ...{n.context}..." for n in missing)


@pytest.mark.parametrize("written, meant", [
    ("97 %", "0.97"), ("97%", "0.97"), ("4·10⁸", "4e+08"), ("4 × 10^8", "4e8"), ("10⁻⁵", "1e-5"),
    ("10^{-5}", "0.00001"), ("7,643", "7643"), ("1.30", "1.3"), ("1.2e-10", "0.00000000012")])
def test_formats_are_normalised(written, meant):
    assert value(written) == value(meant)


def test_different_numbers_stay_different():
    assert value("0.91") != value("0.92")
    assert value("100") != value("10^0")


def test_maths_code_links_and_structure_are_not_prose():
    md = ("# 03 · A heading with 3 numbers 4\n"
          "1. First item, see lesson 06 and exercises 2 and 3 (Pascanu et al., 2013).\n"
          "A $T = 50$ sequence, `seed=7`, [link 9](https://x.org/5), a 2-D plot, "
          f"750{MARKER} steps, and a result 0.92.\n"
          "> Bengio, Y. (1994). Journal 5(2), 157–166.\n")
    prose = prose_of(md)
    nb = {"cells": [{"cell_type": "markdown", "source": md}]}
    found, exempt = prose_numbers(nb)
    assert [n.text for n in found] == ["9", "0.92"] and exempt == 1, prose


def test_a_pure_number_in_maths_is_checked():
    nb = {"cells": [{"cell_type": "markdown", "source": "the loss reaches about $4\\cdot10^8$"}]}
    assert [value(n.text) for n in prose_numbers(nb)[0]] == [value("4e8")]


@pytest.mark.parametrize("written", ["within $10^{-5}$ of it", "within 10^-5 of it", "within 10⁻⁵ of it"])
def test_a_power_of_ten_is_one_number(written):
    nb = {"cells": [{"cell_type": "markdown", "source": written}]}
    assert [value(n.text) for n in prose_numbers(nb)[0]] == [value("1e-05")]


def test_changing_a_quoted_result_in_prose_only_fails(tmp_path):
    """Take a number the prose quotes and an output prints, change it in the prose alone."""
    for lesson in LESSONS:
        nb = json.loads(lesson.read_text())
        missing, _ = unreported(lesson)
        quoted = [n for n in prose_numbers(nb)[0] if n not in missing and "." in n.text]
        if quoted:
            break
    else:
        pytest.skip("no lesson quotes a decimal result yet")
    target = quoted[0]
    cell = nb["cells"][target.cell]
    source = "".join(cell["source"])
    changed = target.text[:-1] + str((int(target.text[-1]) + 1) % 10)
    cell["source"] = source.replace(target.text, changed, 1)
    copy = tmp_path / lesson.name
    copy.write_text(json.dumps(nb))
    assert any(n.text == changed for n in unreported(copy)[0]), (lesson.name, target)
