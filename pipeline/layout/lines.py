"""Glyphs to lines: glyphs in, TextLines out, each with what the next steps
read from its spacing: where it would end set solid (distributed text), whether
justification stretched it (it wrapped), how wide its first unbreakable unit
is. Stray URLs go before glyphs meet cells.

    glyphs_to_rows -> split_on_wide_gaps -> glyph_run_to_line
"""

from __future__ import annotations

import functools
import re
from collections import Counter

import regex

from ..lexicon import ACRONYMS
from ..model import Glyph, TextLine
from ..normalize import fold_chars, is_cjk

OPENING = "「『（(【《〈“‘"


CLOSING = "，。、；：！？」』）)】》〉”’,.;:!?%"


IDEOGRAPH = regex.compile(r"\p{Han}")


def glyphs_to_lines(glyphs: list[Glyph], page: int, one_column: bool = False, ocr: bool = False) -> list[TextLine]:
    """Group glyphs that share a baseline into lines, read left to right. On a
    page a wide gap separates two columns; in a table cell (`one_column`)
    there is one column, and a wide gap is distributed text. OCR's glyph
    boxes are drawn around ink, so their gaps tell nothing of justification."""
    rows = glyphs_to_rows(glyphs)
    runs = rows if one_column else [run for row in rows for run in split_on_wide_gaps(row)]
    lines = [glyph_run_to_line(run, page, ocr) for run in runs]
    return sorted(lines, key=lambda ln: (round(ln.top), ln.x0))


def glyphs_to_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs sharing a baseline, each row left to right."""
    rows: list[list[Glyph]] = []
    total = 0.0  # of the last row's centres, for its mean
    for g in sorted(glyphs, key=lambda g: ((g.top + g.bottom) / 2, g.x0)):
        centre = (g.top + g.bottom) / 2
        if rows:
            last = rows[-1]
            if abs(centre - total / len(last)) < 0.45 * max(g.size, last[0].size):
                last.append(g)
                total += centre
                continue
        rows.append([g])
        total = centre
    for row in rows:
        row.sort(key=lambda g: g.x0)
    return rows


URL_IN_TEXT = re.compile(r"(?:h?ttps?:/{1,2}|www\.)[!-~]*", re.IGNORECASE)  # OCR may read http:/


def drop_urls(glyphs: tuple[Glyph, ...]) -> tuple[Glyph, ...]:
    """Stray URLs (printed links, web-page footers) are debris wherever they
    fall, across cell borders too, so they go before glyphs meet cells. A URL
    set in a sentence (`網站（www.gov.tw）公開`) is text: stray is one with no
    glyph close to it on either side."""
    if not any(g.text in "tTwW" for g in glyphs):
        return glyphs  # no http or www: the common page, spared the rows
    stray: set[int] = set()
    for row in glyphs_to_rows(list(glyphs)):
        text = "".join(g.text for g in row)
        if len(text) != len(row):  # a glyph of several characters (ligature): leave the row be
            continue
        for m in URL_IN_TEXT.finditer(text):
            start, end = m.start(), m.end()
            if not (touches(row, start - 1, start, start - 2) or touches(row, end - 1, end, end + 1)):
                stray.update(id(g) for g in row[start:end])
    return tuple(g for g in glyphs if id(g) not in stray) if stray else glyphs


def touches(row: list[Glyph], left: int, right: int, beyond: int) -> bool:
    """Whether glyphs `left` and `right` of a row stand as letters of one line
    do: close, or as far apart as the text goes on beyond them (glyph
    `beyond`, next to the one of the two that is not the address's): a
    distributed line puts the same wide gap between every two glyphs, but
    between an address's letters."""
    if left < 0 or right >= len(row):
        return False
    gap = row[right].x0 - row[left].x1
    size = max(row[left].size, row[right].size)
    if gap < 0.6 * size:
        return True
    if not 0 <= beyond < len(row):
        return False
    near = left if beyond < left else right
    spacing = row[max(near, beyond)].x0 - row[min(near, beyond)].x1
    return abs(gap - spacing) < 0.2 * size


def split_on_wide_gaps(row: list[Glyph]) -> list[list[Glyph]]:
    runs = [[row[0]]]
    for prev, g in zip(row, row[1:]):
        if g.x0 - prev.x1 > 4 * max(g.size, prev.size):
            runs.append([g])
        else:
            runs[-1].append(g)
    return runs


def line_spread(run: list[Glyph], ocr: bool = False) -> float:
    """The space justification put between every two glyphs of a line: about
    none in ordinary text, the same wide gap everywhere in distributed
    (spaced-out) text. A word space is a gap wider than this."""
    gaps = sorted(g.x0 - prev.x1 for prev, g in zip(run, run[1:]))
    if not gaps:
        return 0.0
    size = max(g.size for g in run)
    # Space between every two glyphs, digits of one figure too (`8  0  場  次`):
    # the line is spread by at least the least of it. A lone gap may be a word
    # space (`0 %`), unless it is wider than any. Not the gap between two CJK
    # marks: a browser sets two in a row (`）；`) in less than their boxes'
    # width, so that gap is short of the spread by half an em, and every
    # figure of the line read as spaced out (`（ 1 2 , 0 0 0 則）`).
    least = sorted(g.x0 - prev.x1 for prev, g in zip(run, run[1:]) if not (is_mark(prev.text) and is_mark(g.text)))
    least = least or gaps
    if (len(least) >= 2 and least[0] > 0.1 * size) or least[0] > 0.5 * size:
        return least[0]
    usual = gaps
    if not ocr:  # (OCR's boxes are fitted to ink: gaps between letters are the letters' shapes)
        # The usual gap, not counting those between two letters or digits when
        # enough others are left to tell: a text layer's word is set solid when
        # its line is spread (`（www.ey.gov.tw）公開` spread 7.6 pt but for its
        # 12 letters), and a long one would pass for the line's spacing.
        between = sorted(
            g.x0 - prev.x1 for prev, g in zip(run, run[1:]) if not (is_word_char(prev.text) and is_word_char(g.text))
        )
        if len(between) >= 4:
            usual = between
    return max(0.0, usual[len(usual) // 2]) if len(gaps) >= 4 else 0.0


def is_mark(text: str) -> bool:
    """A CJK punctuation mark (，。、；：「」（）…), whose box may be wider than its advance."""
    return len(text) == 1 and is_cjk(text) and not is_ideograph(text)


def is_word_char(text: str) -> bool:
    return text.isascii() and text.isalnum()


def glyph_run_to_line(run: list[Glyph], page: int, ocr: bool = False) -> TextLine:
    spread = line_spread(run, ocr)
    parts = [run[0].text]
    spaces = 0
    for prev, g in zip(run, run[1:]):
        gap = g.x0 - prev.x1
        if (
            gap > spread + 0.2 * g.size
            and not (is_cjk(prev.text[-1]) and is_cjk(g.text[0]))
            and not (ocr and (one_figure(prev.text, g.text) or held_close(prev.text, g.text)))
        ):
            parts.append(" ")
            spaces += 1
        parts.append(g.text)
    size = most_common_size(run)
    x1 = max(g.x1 for g in run)
    # Set solid: the glyphs' own widths and a plain space per word space.
    natural = run[0].x0 + sum(g.x1 - g.x0 for g in run) + spaces * 0.25 * size
    text = "".join(parts)
    return TextLine(
        text=drop_bracket_echoes(close_latin_splits(text) if spaces else text) if ocr else text,
        x0=run[0].x0,
        top=min(g.top for g in run),
        x1=x1,
        bottom=max(g.bottom for g in run),
        size=size,
        page=page,
        bold=sum(g.bold for g in run) > len(run) / 2,
        first_token_width=first_token_width(run, spread),
        natural_x1=min(x1, natural),
        stretched=not ocr and is_stretched(run),
    )


def one_figure(left: str, right: str) -> bool:
    """Two symbols OCR read apart that belong to one figure: two digits, or a
    digit and its thousands comma (`1 2`, `1 ,200`). Boxes fitted to ink
    leave gaps between figures, wide ones in a distributed cell (`1 2 小 時`),
    and the template sets no two figures side by side with only a space
    between them. (Not a point: `1. 3年內` is an item's number.)"""
    pair = left[-1] + right[0]
    return pair.isdigit() or (pair[0].isdigit() and pair[1] == ",") or (pair[0] == "," and pair[1].isdigit())


def held_close(left: str, right: str) -> bool:
    """Two symbols no space ever parts: a bracket and what it opens or
    closes (`( 25%)` read from a bracket's box), a figure and its % sign."""
    return left[-1] in "(（[［" or right[0] in ")）]］" or (left[-1].isdigit() and right[0] in "%％")


# Two Latin words a space parts, as OCR's boxes left them (`O pen`, `GI S`).
LATIN_PAIR = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]+) ([A-Za-z][A-Za-z0-9]*)(?![A-Za-z0-9])")
SPACED_LETTERS = re.compile(r"(?<![A-Za-z])(?:[a-z] ){2,}[a-z](?![A-Za-z])")
SPACED_DOT = re.compile(r"(?<=[A-Za-z0-9]) \.(?=[A-Za-z])")


def close_latin_splits(text: str) -> str:
    """An OCR'd line's Latin words put back together where the boxes left a
    gap inside one: an acronym read in two pieces neither of which is one
    (`GI S`, `O ECD`, `A I`: lexicon.ACRONYMS), a capital set apart from
    the rest of its word (`O pen Data`; not the words A and I), letters
    spaced out (`w w w.gov.tw`), a dot set apart from its address
    (`www.gov .tw`). Latin text among a plan's Chinese holds no such words."""

    def pair(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        acronym = a + b in ACRONYMS and not (a in ACRONYMS and b in ACRONYMS)
        capital = len(a) == 1 and a.isupper() and a not in "AI" and len(b) >= 2 and b.islower()
        return a + b if acronym or capital else m.group(0)

    text = SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), text)
    return SPACED_DOT.sub(".", LATIN_PAIR.sub(pair, text))


# A parenthesis's ink read twice, once as an angle bracket beside it (（ as
# 〈（ or 《（, ） as ）》), or as two of them (（ as 〈《 before a figure, or
# one before a figure the ） closes); a 【 read off a 。's ring. No plan sets
# an angle bracket against a parenthesis, nor leaves one unclosed before a
# parenthesis closes, nor a 【 before a mark. (A formula sets 【 against （:
# 【（本年度…數）÷…】×100%.)
ECHO_BESIDE = re.compile(r"[〈《]+(?=[（(])|(?<=[（(])[〈《]+|(?<=[）)])[》〉]+|【(?=[。，])")
ECHO_FOR = re.compile(r"[〈《]{1,2}(?=[^〈《》〉（()）]*[）)])|[〈《]{2}(?=\d)")


def drop_bracket_echoes(text: str) -> str:
    """An OCR'd line's parenthesis read twice or as angle brackets (ECHO_BESIDE,
    ECHO_FOR) read as the parenthesis alone: `完成招標作業〈《20%）》` is
    `完成招標作業（20%）`."""
    return ECHO_FOR.sub("（", ECHO_BESIDE.sub("", text))


def most_common_size(run: list[Glyph]) -> float:
    """The size most glyphs have, the first seen of those tied."""
    first = run[0].size
    if all(g.size == first for g in run):
        return first  # the usual line, spared the Counter
    return Counter(g.size for g in run).most_common(1)[0][0]


def is_stretched(run: list[Glyph]) -> bool:
    """Whether space was put between the line's ideographs: a justified line
    that wrapped. Text-layer glyphs are as wide as their advance, so in a
    paragraph's last line ideographs touch; a justified one opens some gaps
    (a producer may put most of the stretch around Latin words, which vary by
    producer and do not count)."""
    ideographs = [is_ideograph(g.text) for g in run]
    gaps = [g.x0 - prev.x1 for prev, g, a, b in zip(run, run[1:], ideographs, ideographs[1:]) if a and b]
    return sum(gap > 0.04 for gap in gaps) >= max(1, 0.1 * len(gaps))


def first_token_width(run: list[Glyph], spread: float) -> float:
    """Width of what could not have been split from the line's start: up to
    the first place where every producer may break a line (between two
    ideographs, after closing punctuation before an ideograph, at a word
    space). Producers differ elsewhere (one keeps `數）×100%` whole, another
    breaks before ×), and a unit taken too short makes a wrapped line look
    like a paragraph's end. Glyph widths only, so spreading (`spread`, the
    line's) does not count."""
    end, before = 1, fold_chars(run[0].text)
    while end < len(run):
        after = fold_chars(run[end].text)
        if is_ideograph(after) and (is_ideograph(before) or before in CLOSING):
            break
        if run[end].x0 - run[end - 1].x1 > spread + 0.2 * run[end].size and not is_cjk(before):
            break  # a word space
        end, before = end + 1, after
    return sum(g.x1 - g.x0 for g in run[:end])


# Cached: asked of every glyph of every line, and a page repeats its characters.
@functools.cache
def is_ideograph(ch: str) -> bool:
    return bool(IDEOGRAPH.match(ch))
