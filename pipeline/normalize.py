"""Text normalization: damaged text-layer strings in, clean traditional-Chinese text out.

Every stage that produces text calls this module; the rules live here only.

Rules (the contract's "Text is normalized"):

1. Kangxi radicals (U+2F00-U+2FD5) fold to the unified ideograph (NFKC), and so do
   CJK compatibility ideographs (U+F900-U+FAFF, U+2F800-U+2FA1F). CJK Radicals
   Supplement characters (U+2E80-U+2EF3) fold to the ideograph of the Kangxi
   radical of the same Unicode name (``CJK RADICAL BONE`` -> ``KANGXI RADICAL BONE``
   -> 骨; simplified variants to the traditional radical, as these documents are
   traditional). Tables are built from ``unicodedata`` at import, never typed.
2. Full-width ASCII letters, digits and ％ become half-width. CJK punctuation
   (，、。「」（）：；) and other full-width symbols are kept as printed.
3. A character outside Big5 whose OpenCC traditional form is inside Big5 is
   converted (a stray simplified character). Characters inside Big5 are never
   touched, so legitimate forms (台, 里, 干, 著) stay.
4. Spaced-out justified text (three or more CJK characters each followed by one
   space) is closed up; a single space between CJK characters is kept (but
   not in a cell's or paragraph's line, ``clean_inline``, which also drops a
   space inside full-width brackets or before a full-width mark).
5. Wrapped lines are joined by ``join_lines``: nothing between CJK characters
   or symbols, one space between Latin words (after a letter, digit or Latin
   punctuation, before a letter, digit or opening parenthesis), a hyphenated
   Latin word rejoined.
6. Numbering (一、 （一） (一) １、 1. （１） a. 甲、 壹、) is read by
   ``parse_numbering`` into a style and a normalized number: half-width Arabic
   digits, the Chinese numeral as printed, a lower-case letter.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import opencc
import regex

CJK_CLASS = (
    r"\p{Han}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2e80-\u2fdf「」『』（）【】《》〈〉"
)
_CJK_CHAR = regex.compile(rf"[{CJK_CLASS}]")
_HAN = regex.compile(r"\p{Han}")
_SPACED_RUN = regex.compile(rf"(?:[{CJK_CLASS}] ){{2,}}[{CJK_CLASS}]")
_CJK_SPACE_CJK = regex.compile(rf"(?<=[{CJK_CLASS}])[ \t\u3000]+(?=[{CJK_CLASS}])")
# A space inside a full-width bracket or before a full-width mark: such a mark
# is set in an em with its own space, so a space beside it is layout's (a
# word processor's space between Asian and Western text, a spread line's
# gap), never the text's: `（ 100% ）` is `（100%）`.
_SPACE_BY_MARK = regex.compile(r"(?<=[（「『【《〈〔［])[ \t\u3000]+|[ \t\u3000]+(?=[）」』】》〉〕］，。、；：！？])")


def _radical_table() -> dict[int, str]:
    kangxi: dict[str, str] = {}
    table: dict[int, str] = {}
    for cp in range(0x2F00, 0x2FD6):
        ch = chr(cp)
        target = unicodedata.normalize("NFKC", ch)
        table[cp] = target
        kangxi[unicodedata.name(ch).removeprefix("KANGXI RADICAL ")] = target
    for cp in range(0x2E80, 0x2EF4):
        ch = chr(cp)
        name = unicodedata.name(ch, "")
        if not name:
            continue
        nfkc = unicodedata.normalize("NFKC", ch)
        base = re.sub(r"^CJK RADICAL ((C-|J-)?SIMPLIFIED )?", "", name)
        base = re.sub(r" (ONE|TWO|THREE|FOUR)$", "", base)
        if base in kangxi:
            table[cp] = kangxi[base]
        elif nfkc != ch:
            table[cp] = nfkc
    for lo, hi in ((0xF900, 0xFB00), (0x2F800, 0x2FA20)):
        for cp in range(lo, hi):
            ch = chr(cp)
            target = unicodedata.normalize("NFC", ch)
            if target != ch:
                table[cp] = target
    return table


def _fullwidth_table() -> dict[int, str]:
    table = {cp: chr(cp - 0xFEE0) for cp in range(0xFF10, 0xFF1A)}
    table.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF21, 0xFF3B)})
    table.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF41, 0xFF5B)})
    table[0xFF05] = "%"
    table[0x3000] = " "
    table[0x00A0] = " "
    return table


FOLD = {**_radical_table(), **_fullwidth_table()}


@functools.lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    # Loaded on first need: only a character outside Big5 asks for it, and its
    # dictionaries take longer to load than most documents take to parse.
    return opencc.OpenCC("s2t")


def in_big5(text: str) -> bool:
    """Whether every character of `text` has a Big5 code."""
    try:
        text.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


@functools.lru_cache(maxsize=65536)
def _traditional(ch: str) -> str:
    # Only an ideograph can be a stray simplified one: OpenCC leaves the CJK
    # punctuation outside Big5 (［ ］ ...) as it is (tests/test_normalize.py
    # checks every such character), and asking it would load its dictionaries
    # (40 ms, in every document worker whose text has one) for nothing.
    if ch.isascii() or in_big5(ch) or not _HAN.match(ch):
        return ch
    converted = _s2t().convert(ch)
    return converted if len(converted) == 1 and in_big5(converted) else ch


def fold_chars(text: str) -> str:
    """Rules 1-3: radicals, compatibility ideographs, full-width, stray simplified."""
    text = text.translate(FOLD)
    if text.isascii() or in_big5(text):
        return text  # nothing outside Big5, so nothing for OpenCC: most lines, in one C call
    return "".join(_traditional(ch) for ch in text)


def close_spaced_out(text: str) -> str:
    """Rule 4: `事 務 活 動` -> `事務活動`; a lone space between CJK stays."""
    return _SPACED_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)


def normalize_text(text: str) -> str:
    """Rules 1-4 on one line of text. Idempotent."""
    return close_spaced_out(fold_chars(text))


def is_cjk(ch: str) -> bool:
    return bool(_CJK_CHAR.match(ch))


def clean_inline(text: str) -> str:
    """A line as a cell or paragraph holds it: normalized, runs of spaces folded,
    spaces between CJK characters or inside full-width brackets removed (they
    come from justified layout)."""
    text = normalize_text(text)
    text = _SPACE_BY_MARK.sub("", _CJK_SPACE_CJK.sub("", text))
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def join_lines(lines: list[str]) -> str:
    """Rule 5: lines wrapped by the width of a cell or page, joined."""
    out = ""
    for line in (clean_inline(x) for x in lines):
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"[A-Za-z]-$", out) and re.match(r"[a-z]", line):
            out = out[:-1] + line
        elif re.search(r"\d[,.]?$", out) and re.match(r"\d", line):
            out += line  # a figure wrapped inside itself: 1,200, | 000, 1,200,0 | 00 or （１５. | ５萬元）
        elif re.match(r"[A-Za-z0-9,;:.!?)]", out[-1]) and re.match(r"[A-Za-z0-9(]", line[0]):
            out += " " + line
        else:
            out += line
    return out


# --- numbering -------------------------------------------------------------

CN_DIGITS = "〇零一二三四五六七八九"
CN_PART = "壹貳參肆伍陸柒捌玖拾"
STEMS = "甲乙丙丁戊己庚辛壬癸"
_CN_NUM = rf"[{CN_DIGITS}十]{{1,3}}"
_AR_NUM = r"[0-9０-９]{1,3}"

# (style, pattern); the pattern's group "n" is the number. Order matters: the
# parenthesized forms before the bare ones.
_NUMBERING = [
    ("part", rf"(?P<n>[{CN_PART}]{{1,2}})\s*[、．.]"),
    ("paren_cn", rf"[（(]\s*(?P<n>{_CN_NUM})\s*[）)]"),
    ("paren_arabic", rf"[（(]\s*(?P<n>{_AR_NUM})\s*[）)]"),
    ("paren_stem", rf"[（(]\s*(?P<n>[{STEMS}])\s*[）)]"),
    ("cn", rf"(?P<n>{_CN_NUM})\s*[、．]"),
    ("arabic", rf"(?P<n>{_AR_NUM})\s*(?:[、．,，]|\.(?![0-9]))"),
    ("stem", rf"(?P<n>[{STEMS}])\s*[、．]"),
    ("latin", r"(?P<n>[a-zA-Zａ-ｚＡ-Ｚ])\s*[.．、)）](?![A-Za-z0-9])"),
]
_NUMBERING_RE = [(style, regex.compile(r"\s*" + pat + r"\s*")) for style, pat in _NUMBERING]


@dataclass(frozen=True)
class Numbering:
    style: str
    number: str  # normalized: 一 / 十一 / 3 / a / 甲 / 壹
    rest: str  # the text after the number
    mark: str = ""  # the number with its marks as printed: `（１）`, `2.`


def parse_numbering(text: str) -> Numbering | None:
    """The numbering at the start of `text`, if any (rule 6)."""
    for style, pattern in _NUMBERING_RE:
        m = pattern.match(text)
        if m:
            number = fold_chars(m.group("n")).lower() if style in ("arabic", "paren_arabic", "latin") else m.group("n")
            if style in ("arabic", "paren_arabic"):
                number = str(int(number))
            return Numbering(style, number, text[m.end() :], m.group(0).strip())
    return None


def chinese_to_int(numeral: str) -> int | None:
    """一 -> 1, 十一 -> 11, 二十三 -> 23, 九十九 -> 99; None if not such a numeral."""
    digit = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
    if len(numeral) == 1 and numeral in digit:
        return digit[numeral]
    tens, sep, ones = numeral.partition("十")
    if not sep or len(tens) > 1 or len(ones) > 1 or any(c not in digit for c in tens + ones):
        return None
    return (digit[tens] if tens else 1) * 10 + (digit[ones] if ones else 0)


def number_value(number: str) -> int | None:
    """The ordinal value of a normalized number of any style."""
    if number.isdigit():
        return int(number)
    for series in (STEMS, CN_PART, "abcdefghijklmnopqrstuvwxyz"):
        if len(number) == 1 and number in series:
            return series.index(number) + 1
    return chinese_to_int(number)


# A line that is a web address alone (a browser's page footer, a printed link):
# ASCII to its end. A sentence wrapped just before its address goes on after
# it (`www.gov.tw）公開…`): text, not a stray URL.
URL_RE = re.compile(r"^\s*(?:h?ttps?:/{1,2}|www\.)[!-~]*\s*$", re.IGNORECASE)
