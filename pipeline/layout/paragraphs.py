"""Lines to paragraphs: the lines of a page or of a cell in, Paragraphs out,
wrapped lines joined, each paragraph (a numbered item, a line that starts one)
on its own: "could the next word have fit on this line?", read from
justification where the text is justified or distributed.
"""

from __future__ import annotations

import re

import regex

from ..model import Paragraph, SourceBox, TextLine, union_boxes
from ..normalize import URL_RE, Numbering, clean_inline, fold_chars, join_lines, number_value, parse_numbering

TERMINAL = "。：:！？!?"


DOTTED_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.．](?!\d)")


# `…件數。2.推動…`: an item number after a sentence, within a line. A cell that
# numbers so does not also put items on lines of their own (no cell of the
# fixtures, the dev-eval gold or the generated corpus mixes the two).
INLINE_DOTTED_NUMBER = re.compile(r"[。；;]\s*\d{1,2}\s*[.．](?!\d)")


# An item's number within a line, after the text before it (`…（30%）2.完成`,
# `…辦理（2）`, `…機制二、`): a cell that numbers so is an inline list, which
# wraps before an item now and then.
INLINE_ITEM = regex.compile(
    r"[\p{Han}。；;）)」』%]\s*(?:\d{1,2}\s*[.．、](?!\d)|[（(]\s*\d{1,2}\s*[）)]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])"
)
# After these a sentence goes on (`辦理第1、` | `2、3季查核`): no item ends on them.
GOES_ON = "、，,（(「『【《〈"
# ... and with these no line opens a paragraph: they close what went before
# (`（達95%以上` / `）`, a bracket or a mark carried onto a line of its own).
CLOSES = "）)」』】》〉，,。、；;：:！!？?%"


# A cell of units one per line (負責單位): lines of ideographs alone, short, and
# a line that ends in a unit's suffix followed by a unit that does, as
# 農業試驗所 / 政風處. A line filled to the edge leaves geometry no say
# (政風處 might have wrapped), but a unit's name wraps by the character: one
# that goes on to the next line ends its first line mid-name, not on a suffix
# with the next name ending on one too -- on its own line or on the one
# after (本部各單位 / 勞動基金運用 / 局, a name longer than the column).
UNIT_LINE = re.compile(r"^[\u4e00-\u9fff]{1,12}$")
UNIT_END = re.compile(r"(?:[處署司所局室會部院館隊組科課站]|中心|單位)$")


# A part heading of the template alone on its line, after an optional year:
# 年度施政目標, 施政目標與重點, 110年度重要施政計畫. On the page it is a
# paragraph of its own even where size and weight do not tell it (OCR reads
# neither: a heading after a full line was read as the line's sentence going on).
TEMPLATE_HEADING = re.compile(
    r"^(?:\d{2,3}年度?|年度)?(?:施政目標(?:與重點|及策略|與策略|及重點)?|施政重點|關鍵績效指標|共同性指標"
    r"|重要(?:施政)?計畫|風險控制措施一覽表|風險評估及處理彙整表)$"
)


FORCED_BREAK_ROOM = 1.5  # ems beyond the next word: kinsoku may carry one glyph down with it

JUSTIFIED_SLACK = 1.0  # points: short of the edge by more, a line that was not stretched ended its paragraph


def starts_paragraph(
    prev: TextLine,
    line: TextLine,
    right: float,
    opening: TextLine | None = None,
    justified: bool = False,
    distributed: bool = False,
    slack: float = 1.0,
    numbers_inline: bool = False,
    listed_item: bool = False,
    leading: float = 0.0,
) -> bool:
    """Whether `line` begins a new paragraph rather than continuing `prev`.

    The main test: could the next line's first word have fit at the end of
    this one (where it would end set solid, in distributed text)? If so the
    break was meant. In justified text a line stretched to the edge is
    wrapped (unless set solid it had room to spare: a manual line break) and
    one short of the edge is a paragraph's last; only a line
    that fills the width by itself is left to the next rule. A numbered line
    after a full line that ends a sentence starts an item; but in a table
    cell (`opening` is the first line of the paragraph so far) a dotted `2.`
    does so only when it follows item 1, and never in a cell that numbers
    inline elsewhere (`…件數。2.推動…`, `numbers_inline`): there the full
    line wrapped just before its next item. An item of a cell's list
    numbered one item a line (`listed_item`, which the cell's other lines
    tell) starts after any full line but one a sentence goes on from. No
    line starts a paragraph when it opens on a closing mark (CLOSES), nor
    an unnumbered one after a line that ends in mid-sentence (GOES_ON)."""
    if abs(line.size - prev.size) > 1 or line.bold != prev.bold:
        return True
    if line.top - prev.bottom > max(PARAGRAPH_GAP * line.size, leading + LEADING_SLACK * line.size):
        return True
    ending, opens = clean_inline(prev.text)[-1:], clean_inline(line.text)
    if opens[:1] in CLOSES or (ending in GOES_ON and parse_numbering(opens) is None):
        # No paragraph opens on a closing mark, or ends in mid-sentence,
        # however short of the edge OCR's boxes leave the line (a ， boxed
        # by its ink, at the left of its em). A numbered line after a ， is
        # left to the rules below: OCR reads an item's closing ； as ，.
        return False
    room = right - (prev.end if distributed else prev.x1)
    if room > line.first_token_width + 0.3 * line.size:
        return True  # the next word would have fit: the line break was meant
    if listed_item:
        # The next item of a list one item a line, whatever the spacing says:
        # an item's full last line may be stretched to the edge like a wrapped
        # one (a word processor's justified cell), or end on a figure's
        # bracket (完成設計（30%）), on ； or on no mark (in distributed text
        # every line is spread): the geometry cannot tell, the number can.
        return True
    if justified:
        if prev.stretched:
            # Stretched to the edge: wrapped, unless set solid it would have
            # left room for the next word and then some. A word processor
            # justifies a line that ends in a manual line break too (items
            # one per line, Shift+Enter between them): the break was meant.
            return right - prev.end > line.first_token_width + FORCED_BREAK_ROOM * line.size
        if room > slack:
            return True  # not stretched, short of the edge: the last line of its paragraph
    numbering = parse_numbering(opens)
    if numbering is None:
        return False
    if ending not in TERMINAL:
        return False
    if opening is None or not DOTTED_NUMBER.match(opens):
        return True
    if numbers_inline:
        return False
    # `2.` in a cell: an item only when it follows item 1 of the paragraph so far.
    first = parse_numbering(clean_inline(opening.text))
    value = number_value(numbering.number)
    if first is None or first.style != numbering.style:
        return value == 1
    return value == (number_value(first.number) or 0) + 1


PARAGRAPH_GAP = 0.9  # of a line's size: paper between two lines as tall or taller parts two paragraphs
LEADING_SLACK = 0.25  # of a line's size: more paper than the usual between lines parts two paragraphs


def usual_leading(lines: list[TextLine]) -> float:
    """The paper most often between one line and the next (the median; of
    two, the narrower). A line set one and a half apart (a word processor's
    1.5 lines) leaves 0.8 of its size, and on a scan a band's top and foot
    move with its glyphs (度。 ending a paragraph sat a point lower): a gap
    is weighed against the page's own, not against a share of the size alone."""
    gaps = sorted(b.top - a.bottom for a, b in zip(lines, lines[1:]) if b.top > a.bottom and abs(a.size - b.size) <= 1)
    return gaps[(len(gaps) - 1) // 2] if gaps else 0.0


def unit_follows(texts: list[str]) -> bool:
    """Whether a unit's whole name stands on the first of these lines, or on
    the first two (wrapped by the character, the second ends it)."""
    return bool(UNIT_END.search(texts[0])) or (len(texts) == 2 and bool(UNIT_END.search(texts[1])))


def listed_items(cleaned: list[str]) -> set[int]:
    """The lines of a cell that open an item of a list numbered one item a
    line: numbered as the nearest numbered line before them, plus one, or
    as the nearest after them, less one (a cell cut by a page break starts
    within an item), printed alike (`(1)` then `(2)`, `１、` then `２、`;
    not `1.` then `2、`). None where the cell numbers items within a line:
    an inline list wraps before an item now and then."""
    if any(INLINE_ITEM.search(text) for text in cleaned):
        return set()
    numbered = [(i, n) for i, n in enumerate(map(parse_numbering, cleaned)) if n is not None]
    found: set[int] = set()
    for (i, before), (j, after) in zip(numbered, numbered[1:]):
        if next_item(before, after):
            found |= {i, j}
    return found


def next_item(first: Numbering, numbering: Numbering) -> bool:
    """Whether `numbering` is the number after `first`'s, printed alike."""
    if first.style != numbering.style:
        return False
    value, before = number_value(numbering.number), number_value(first.number)
    if value is None or before is None:
        return False
    return value == before + 1 and mark_shape(first) == mark_shape(numbering)


def mark_shape(numbering: Numbering) -> str:
    """A number's mark without its number or spaces: `（#）`, `#.`, `#、`."""
    return re.sub(r"\s", "", fold_chars(numbering.mark).replace(numbering.number, "#", 1))


def is_heading(line: TextLine) -> bool:
    return bool(TEMPLATE_HEADING.match(re.sub(r"\s+", "", clean_inline(line.text))))


def is_distributed(lines: list[TextLine], right: float) -> bool:
    """Distributed alignment spreads a paragraph's last line to the edge as
    well, which justification never does: a line that reaches the edge while
    its glyphs fill less than 60 % of it, or a cell's last line spread to the
    edge, tells the text is distributed."""

    def spread_to_edge(ln: TextLine, most: float) -> bool:
        fill = (ln.end - ln.x0) / max(ln.x1 - ln.x0, 1e-6)
        return right - ln.x1 <= 0.5 * ln.size and len(ln.text) >= 2 and fill < most

    return any(spread_to_edge(ln, 0.6) for ln in lines) or spread_to_edge(lines[-1], 0.95)


def lines_to_paragraphs(
    lines: list[TextLine],
    right: float | None = None,
    in_cell: bool = False,
    justified: bool | None = None,
    distributed: bool | None = None,
) -> list[Paragraph]:
    """Join wrapped lines; `right` is where a full line ends (default: the
    longest line); `justified` and `distributed` (cells only) are found from
    the lines when not given."""
    lines = [ln for ln in lines if not URL_RE.match(ln.text)]
    if not lines:
        return []
    edge = right if right is not None else max(ln.x1 for ln in lines)
    if distributed is None:
        distributed = in_cell and is_distributed(lines, edge)
    # A wrapped line stretched tells the text is justified, and where its edge
    # is; a cell's edge taken from its box may be off by its padding.
    stretched = sorted(ln.x1 for ln in lines[:-1] if ln.stretched)
    if justified is None:
        justified = not distributed and bool(stretched)
    slack = JUSTIFIED_SLACK
    if justified and stretched and in_cell:
        edge = stretched[len(stretched) // 2]
    elif justified and in_cell:
        slack = max(JUSTIFIED_SLACK, 0.25 * lines[0].size)
    groups: list[list[TextLine]] = [[lines[0]]]
    cleaned = [clean_inline(ln.text) for ln in lines] if in_cell else []
    units = in_cell and all(UNIT_LINE.match(text) for text in cleaned)
    numbers_inline = any(INLINE_DOTTED_NUMBER.search(text) for text in cleaned)
    listed = listed_items(cleaned)
    leading = usual_leading(lines)
    for index, (prev, line) in enumerate(zip(lines, lines[1:]), start=1):
        opening = groups[-1][0] if in_cell else None
        if (
            (units and UNIT_END.search(cleaned[index - 1]) and unit_follows(cleaned[index : index + 2]))
            or (not in_cell and (is_heading(prev) or is_heading(line)))
            or starts_paragraph(
                prev,
                line,
                edge,
                opening,
                justified and not distributed,
                distributed,
                slack,
                numbers_inline,
                index in listed,
                leading,
            )
        ):
            groups.append([line])
        else:
            groups[-1].append(line)
    paragraphs = []
    for group in groups:
        last = group[-1]
        open_end = edge - (last.end if distributed else last.x1) <= 1.3 * last.size
        text = join_lines([ln.text for ln in group])
        if text:
            boxes = union_boxes([SourceBox(ln.page, (ln.x0, ln.top, ln.x1, ln.bottom)) for ln in group])
            first = group[0]
            paragraphs.append(Paragraph(text, first.x0, first.page, first.size, first.bold, open_end, first.top, boxes))
    return paragraphs
