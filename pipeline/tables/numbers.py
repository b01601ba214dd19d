"""Numbers in cells: a cell's text in, its leading number (一, 1, （四）) and the
rest out; a number standing alone in its cell; a target's figure and unit.
"""

from __future__ import annotations

import re

from ..normalize import CN_DIGITS, chinese_to_int, fold_chars, is_cjk, parse_numbering

_LEAD = re.compile(rf"^\s*[（(]?\s*(?P<n>[0-9]{{1,3}}|[{CN_DIGITS}十]{{1,3}})\s*[）)]?\s*(?P<sep>[、．.，,]|\s)?\s*")


def leading_number(text: str) -> tuple[str, str] | None:
    """The number a cell opens with, and the rest: `一鞏固…` -> (一, 鞏固…),
    `1 深化…` -> (1, 深化…), `2.依…` -> (2, 依…). A bare numeral glued to the
    text counts only when something follows it."""
    numbering = parse_numbering(text)
    if numbering and numbering.style not in ("latin", "part"):
        return numbering.number, numbering.rest.strip()
    m = _LEAD.match(text)
    if not m:
        return None
    number, rest = m.group("n"), text[m.end() :].strip()
    if not rest or (m.group("sep") is None and not is_cjk(rest[0])):
        return None
    if m.group("sep") is None and number.isdigit() is False and chinese_to_int(number) is None:
        return None
    return (str(int(number)) if number.isdigit() else number), rest


def split_number(text: str, expected: int | None) -> tuple[str, str]:
    """A cell's leading number and its text; a numeral glued to CJK text without
    a separator or brackets (一鞏固…) is taken only when it is the one expected
    next, where （四）推動… is a number whatever came before."""
    found = leading_number(text)
    if found is None:
        return "", text.strip()
    number, rest = found
    n = re.escape(number)
    glued = not re.match(rf"^\s*(?:[（(]\s*{n}\s*[）)]|{n}\s*[、．.，,\s])", text)
    if glued and expected is not None:
        value = int(number) if number.isdigit() else chinese_to_int(number)
        if value != expected:
            return "", text.strip()
    return number, rest


# A KPI's number cell, joined to its name (join_cell_texts), read as one ideograph.
MISREAD_NUMBER = re.compile(r"^(?P<glyph>\S) (?P<rest>\S.*)$", re.S)


def is_misread_number(text: str) -> bool:
    """One ideograph that is no numeral where a KPI's number stands: OCR's
    reading of a digit (7 as 了). Text layers print numbers there."""
    return len(text) == 1 and is_cjk(text) and text.isalpha() and chinese_to_int(text) is None


_TARGET = re.compile(r"(?P<num>[-+]?\d[\d,]*(?:\.\d+)?)")


def split_target(raw: str) -> tuple[str, str]:
    """`95 人次` -> (95, 人次); `1,500 次` -> (1500, 次); `0.08%` -> (0.08, %)."""
    m = _TARGET.search(raw)
    if not m:
        return "", ""
    value = m.group("num").replace(",", "")
    unit = (raw[: m.start()] + raw[m.end() :]).strip()
    return value, re.sub(r"\s+", " ", unit)


BARE_NUMBER = re.compile(rf"^[（(]?(?P<n>[0-9]{{1,3}}|[{CN_DIGITS}十]{{1,3}})[）)]?[、．.，,]?$")


def bare_number(text: str) -> int | None:
    """The value of a cell that holds a number and nothing else: 1, 1., １、, （一）, 十二."""
    m = BARE_NUMBER.match(fold_chars(re.sub(r"\s+", "", text)))
    if not m:
        return None
    return int(m.group("n")) if m.group("n").isdigit() else chinese_to_int(m.group("n"))


def number_as_int(number: str) -> int | None:
    if not number:
        return None
    return int(number) if number.isdigit() else chinese_to_int(number)
