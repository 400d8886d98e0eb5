"""Numbers in a lesson's prose that report a result must be printed by a compared output.

A lesson's text says "the held-out perplexity is 1.3"; a code cell of the same lesson prints it, and
the notebook tests compare that output on every run. This module finds the numbers in the prose
(markdown cells, outside `$...$` maths, code and links) and looks for each among the numbers printed
by the outputs nbval compares. Formats are normalised first: 4·10⁸ = 4e+08, 97 % = 0.97, 7,643 = 7643,
1.30 = 1.3.

Numbers that do not report a result (an input, a constant, a setting) carry an explicit marker right
after them, an HTML comment that no reader sees:

    we train for 750<!-- input --> steps at a learning rate of 0.05<!-- input -->

A few kinds of number are structural and need no marker: "lesson 06" (and a bare "06"), "exercise 2",
"section 3", a year in a citation ("Pascanu et al., 2013") and a quoted reference list, numbered list
items and headings, "2-D".
Maths is skipped, except a `$...$` that holds nothing but one number (`$4\\cdot10^8$`): that is a
number written nicely, and is checked like one.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

MARKER = "<!-- input -->"
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")

# One number as people write it: 7,643  0.92  1.2e-10  4·10⁸  4 × 10^8  97 %  10^{-5}
_MANTISSA = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_POWER = r"\s?[·×x*]\s?10(?:\^\{?[-−]?\d+\}?|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)"
NUMBER = re.compile(
    rf"(?<![\w.\-/])(?:{_MANTISSA})(?:[eE][-+−]?\d+|{_POWER})?(?:\s?%)?(?![\w])"
    r"|(?<![\w.])10(?:\^\{?[-−]?\d+\}?|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)")

_STRUCTURAL = re.compile(
    r"\b(?:lessons?|exercises?|sections?|parts?|cells?|chapter|fig\.?|figure|table|step\s+[1-7]\s+of\s+7)"
    r"\s+\d+(?:\s*(?:,|and|to|–|-)\s*\d+)*", re.IGNORECASE)
_YEAR = re.compile(r"[(,&]\s*(?:19|20)\d\d[a-z]?(?=\s*[),;:.])")
_DIMENSION = re.compile(r"\b\d-D\b")
_LESSON_NUMBER = re.compile(r"(?<![\w.])0\d(?![\w.])")          # 03: lessons are numbered 00 to 08
_REFERENCE = re.compile(r"(?:^>.*\n?)*^>.*\((?:19|20)\d\d[a-z]?\)\..*\n?(?:^>.*\n?)*", re.M)


@dataclass(frozen=True)
class ProseNumber:
    cell: int
    text: str
    context: str


def value(text: str) -> Decimal | None:
    """The number ``text`` means, normalised: '97 %' -> 0.97, '4·10⁸' -> 4E+8, '7,643' -> 7643."""
    t = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+", lambda m: "^" + m.group(0).translate(SUPERSCRIPTS), text)
    t = t.replace("−", "-").replace(",", "").replace(" ", "").replace("{", "").replace("}", "")
    percent = t.endswith("%")
    t = t.rstrip("%")
    power = re.fullmatch(r"([\d.]*)[·×x*]?10\^(-?\d+)", t)
    try:
        if power:
            d = Decimal(power.group(1) or 1) * Decimal(10) ** int(power.group(2))
        else:
            d = Decimal(t)
    except InvalidOperation:
        return None
    return (d / 100 if percent else d).normalize()


def numbers_in(text: str) -> list[str]:
    return [m.group(0) for m in NUMBER.finditer(text)]


def _pure_number_maths(match: re.Match) -> str:
    inner = match.group(1)
    squashed = re.sub(r"\\(?:cdot|times)", "·", inner).replace("{", "").replace("}", "").replace(" ", "")
    squashed = squashed.replace("\\,", "").replace("\\%", "%")
    return squashed if re.fullmatch(rf"(?:{_MANTISSA})(?:·10\^-?\d+)?%?|10\^-?\d+", squashed) else " "


def prose_of(markdown: str) -> str:
    """The markdown's plain prose: maths (bar pure numbers), code, links, HTML and headings removed.
    Markers stay, so that a number's exemption can still be seen."""
    text = _REFERENCE.sub(" ", markdown)                             # a quoted reference list
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$([^$]+)\$", _pure_number_maths, text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)          # links: keep the words only
    text = text.replace(MARKER, "\0")
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    lines = [re.sub(r"^\s*\d+[.)]\s", " ", ln) for ln in lines]        # numbered list items
    text = "\n".join(lines)
    for pattern in (_STRUCTURAL, _YEAR, _DIMENSION, _LESSON_NUMBER):
        text = pattern.sub(" ", text)
    return text


def compared_outputs(nb: dict) -> str:
    """The text of every output that nbval compares (not ignored, not skipped)."""
    parts = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or not _is_compared(cell):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append("".join(out.get("text", "")))
            data = out.get("data", {})
            for mime in ("text/plain", "text/markdown", "text/latex"):
                parts.append("".join(data.get(mime, "")))
            if "text/html" in data:
                parts.append(re.sub(r"<[^>]+>", " ", "".join(data["text/html"])))
    return "\n".join(parts)


def _is_compared(cell: dict) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    source = "".join(cell.get("source", ""))
    if tags & {"nbval-ignore-output", "nbval-skip"}:
        return False
    return not re.search(r"#\s*NBVAL_(?:IGNORE_OUTPUT|SKIP)", source)


def prose_numbers(nb: dict) -> tuple[list[ProseNumber], int]:
    """Every unmarked number in the lesson's prose, and how many numbers carry the marker."""
    found, exempt = [], 0
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        prose = prose_of("".join(cell["source"]))
        for m in NUMBER.finditer(prose):
            after = prose[m.end():m.end() + 1]
            if after == "\0":
                exempt += 1
                continue
            start = max(0, m.start() - 40)
            context = prose[start:m.end() + 20].replace("\n", " ").replace("\0", "")
            found.append(ProseNumber(i, m.group(0), context.strip()))
    return found, exempt


def unreported(path: Path) -> tuple[list[ProseNumber], int]:
    """Numbers in the prose of the lesson at ``path`` that no compared output prints, and the
    count of marked exemptions."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    printed = {v for v in map(value, numbers_in(compared_outputs(nb))) if v is not None}
    printed |= {abs(v) for v in printed}
    numbers, exempt = prose_numbers(nb)
    missing = [n for n in numbers if value(n.text) not in printed]
    return missing, exempt
