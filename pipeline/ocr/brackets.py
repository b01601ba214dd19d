"""Brackets a line gives no paper to measure: a cell's lines (their texts,
where each starts, the widths the paper told) in, the brackets' widths out.

A bracket first on its line has nothing before it to measure (an item's
`(2)`, a weight `(25%)` wrapped onto a line of its own). The cell's margin
measures it where the cell's other lines start with an ideograph
(brackets_by_margin, a list's items taking the width most were told); in
a cell whose lines all open with a bracket, the page's margin does
(brackets_by_page_margin); a figure's brackets alone on a centred line
take the width the page prints its other figures' brackets in
(agree_figure_brackets).
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import regex

from ..model import Glyph
from .punctuation import FULL_WIDTH, HALF_WIDTH, OPENING, PAIRS
from .symbols import is_ideograph

CLOSING = "".join(PAIRS.values())

# Where a cell's line that opens with a bracket starts, in ems right of the
# cell's margin (where its lines opening with an ideograph start): a
# half-width ( starts with the ideographs, a full-width （ half an em in,
# its ink at the right of its em. Further in is an indent or a centred
# line, which says nothing; nor does a line starting left of the margin
# (a hanging item number, its text indented past it).
MARGIN_HALF = 0.2
MARGIN_FULL = (0.35, 0.75)

# Lines of a cell: each line's first glyph, its glyph count, and its item
# number's closing bracket with the width the paper told (None: untold).
Lines = list[tuple[int, int, tuple[int, bool | None] | None]]


def cell_margin(spans: list[tuple[int, int] | None], firsts: list[str], em: int, width: int) -> int | None:
    """Where a cell's lines start (its lines opening with an ideograph), in
    px; None when none does or the cell is centred. `spans`: each line's
    inked columns, first and last + 1; `firsts`: its first symbol; `em` and
    `width`: the cell's, in px."""
    margin = min((s[0] for s, f in zip(spans, firsts) if s is not None and is_ideograph(f)), default=None)
    if margin is None or not em or centred([s for s in spans if s is not None], width, em):
        return None
    return margin


def width_by_margin(start: int, margin: int, em: int) -> bool | None:
    """Full-width (True) or half-width (False) for a bracket opening a line
    whose ink starts at `start`, or None: the offset does not tell."""
    offset = (start - margin) / em
    if abs(offset) < MARGIN_HALF:
        return False
    return True if MARGIN_FULL[0] <= offset <= MARGIN_FULL[1] else None


def opens_with_bracket(first: str) -> bool:
    return bool(first) and first in OPENING


def margin_widths(
    spans: list[tuple[int, int] | None], firsts: list[str], margin: int | None, em: int
) -> dict[int, bool]:
    """The lines of a cell whose opening bracket the cell's margin
    (cell_margin; None: it has none) measures: line index -> full-width."""
    if margin is None:
        return {}
    widths = {}
    for i, (span, first) in enumerate(zip(spans, firsts)):
        if (
            span is not None
            and opens_with_bracket(first)
            and (full := width_by_margin(span[0], margin, em)) is not None
        ):
            widths[i] = full
    return widths


CENTRED = 0.3  # ems: the paper either side of a centred cell's widest line differs by less
UNFILLED = 0.75  # ems: the paper after a line that does not fill its cell's width: more than a padding (0.3-0.55)


def centred(spans: list[tuple[int, int]], width: int, em: int) -> bool:
    """The cell's text is centred: its widest line leaves as much paper
    before it as after it, and more than a padding's (嚴重 over a (4)
    wrapped alone, which starts 0.4 em in). A left-aligned or justified
    cell's lines start at its padding."""
    a, b = max(spans, key=lambda s: s[1] - s[0])
    return width - b >= UNFILLED * em and abs((width - b) - a) <= CENTRED * em


def closing_partner(texts: list[str], opening: int) -> int | None:
    """The index of the bracket closing the one at `opening`, on its line."""
    depth = 0
    for k in range(opening, len(texts)):
        if texts[k] in OPENING:
            depth += 1
        elif texts[k] in CLOSING:
            depth -= 1
            if depth == 0:
                return k
    return None


def set_width(text: str, full: bool) -> str:
    return (FULL_WIDTH if full else HALF_WIDTH).get(text, text)


def bracket_pair_width(texts: list[str], full: bool) -> list[str]:
    """A line's texts with its opening bracket (the first) and the bracket
    closing it, if on the line, set to one width."""
    out = list(texts)
    out[0] = set_width(texts[0], full)
    close = closing_partner(texts, 0)
    if close is not None:
        out[close] = set_width(texts[close], full)
    return out


def brackets_by_margin(
    glyphs: list[Glyph], lines: Lines, spans: list[tuple[int, int] | None], margin: int | None, em: int
) -> tuple[list[Glyph], Lines, dict[int, bool]]:
    """The glyphs with each line's opening bracket, and its partner, set to
    the width the cell's margin tells (margin_widths); the lines with that
    width as their item number's (items_alike agrees the rest of the list
    with it); and the widths told, by line. `em`: the cell's, in px."""
    texts = [[g.text for g in glyphs[start : start + n]] for start, n, _ in lines]
    firsts = [line[0] if line else "" for line in texts]
    told = items_by_most(margin_widths(spans, firsts, margin, em), lines)
    out, agreed = list(glyphs), list(lines)
    for i, full in told.items():
        first, n, item = lines[i]
        for k, text in enumerate(bracket_pair_width(texts[i], full)):
            if out[first + k].text != text:
                out[first + k] = replace(out[first + k], text=text)
        if item is not None:
            agreed[i] = (first, n, (item[0], full))
    return out, agreed, told


def items_by_most(told: dict[int, bool], lines: Lines) -> dict[int, bool]:
    """The widths the margin told, with a list's bracketed item numbers set
    to the width most of them were told, where most were told one way: a
    list numbers its items alike, and a justified line squeezed to fit may
    set its opening （ against the margin (mofa-099's （三）配合「…」, after
    （一） and （二） half an em in)."""
    items = [told[i] for i, (_, _, item) in enumerate(lines) if item is not None and i in told]
    full, half = items.count(True), items.count(False)
    if full == half:
        return told
    return {i: (full > half if lines[i][2] is not None else width) for i, width in told.items()}


FIGURE = regex.compile(r"^[0-9０-９.,，%％]+$")
LINE_ENDS = "。，；、：,;:"  # a sentence's mark may follow a figure's bracket wrapped alone: (25%)；


class FigureBracket(NamedTuple):
    """A bracket pair around a figure alone (`(4)`, `(25%)`), by its glyphs'
    indexes in the region, and its width where the paper or the margin told
    it; None where it stands alone on its line and nothing told it."""

    opening: int
    closing: int
    full: bool | None


def figure_brackets(texts: list[str], first: int, told: dict[int, bool]) -> list[FigureBracket]:
    """The figure brackets of a line whose glyphs start at `first` in its
    region: told (`told`: symbol index -> full-width, by the paper or the
    margin) or alone on the line."""
    out = []
    for i, text in enumerate(texts):
        close = closing_partner(texts, i) if text in OPENING else None
        if close is None or not FIGURE.match("".join(texts[i + 1 : close])):
            continue
        width = told.get(i, told.get(close))
        alone = i == 0 and all(t in LINE_ENDS for t in texts[close + 1 :])
        if width is not None or alone:
            out.append(FigureBracket(first + i, first + close, width))
    return out


def agree_figure_brackets(glyphs: list[Glyph], brackets: list[FigureBracket]) -> list[Glyph]:
    """A page prints its figures' brackets alike: where every such pair the
    paper or a margin measured has one width, the pairs alone on their
    lines that nothing measured take it (a level's `(4)` wrapped under
    `嚴重` in a centred cell). The line above gave them the width of
    Chinese text before them, which a page may not print."""
    told = {b.full for b in brackets if b.full is not None}
    if len(told) != 1:
        return glyphs
    full = told.pop()
    out = list(glyphs)
    for b in brackets:
        if b.full is None:
            for k in (b.opening, b.closing):
                if out[k].text in OPENING + CLOSING:
                    out[k] = replace(out[k], text=set_width(out[k].text, full))
    return out


class Opener(NamedTuple):
    """A cell's line that opens with a bracket nothing measured, in a cell
    with no margin of its own (every line opens with a bracket): its glyphs
    in the region, where its ink starts in the cell and the cell's em, px."""

    first: int
    count: int
    start: int
    em: int


def unmeasured_openers(lines: Lines, spans: list[tuple[int, int] | None], firsts: list[str], em: int) -> list[Opener]:
    """The lines of a cell without a margin that open with a bracket."""
    return [
        Opener(first, count, span[0], em)
        for (first, count, _), span, head in zip(lines, spans, firsts)
        if span is not None and opens_with_bracket(head) and em
    ]


def page_margin(margins: list[int]) -> int | None:
    """Where the page's cells start their lines: the median of their margins
    (cells are cut from their rulings alike, and padded alike)."""
    ordered = sorted(margins)
    return ordered[len(ordered) // 2] if ordered else None


def brackets_by_page_margin(
    glyphs: list[Glyph], openers: list[Opener], margin: int, figures: list[FigureBracket]
) -> tuple[list[Glyph], list[FigureBracket]]:
    """The page's glyphs with the brackets opening the lines of cells that
    have no margin of their own measured from the page's (`(1)推動…` /
    `(25%)` / `(2)完成…`, every line opening with a bracket); and the
    figures' brackets so measured marked told."""
    out, told = list(glyphs), {}
    for o in openers:
        full = width_by_margin(o.start, margin, o.em)
        if full is None:
            continue
        told[o.first] = full
        for k, text in enumerate(bracket_pair_width([g.text for g in out[o.first : o.first + o.count]], full)):
            if out[o.first + k].text != text:
                out[o.first + k] = replace(out[o.first + k], text=text)
    marked = [b._replace(full=told[b.opening]) if b.full is None and b.opening in told else b for b in figures]
    return out, marked
