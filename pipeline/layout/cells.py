"""Cells: a grid box and the lines inside it in, a Cell out: its paragraphs
and whether its text runs on past it (a row cut by a page break). A table's
cells vote on how it is set (justified, distributed), which decides both.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import replace

from ..model import BBox, Cell, Glyph, TextLine
from ..normalize import URL_RE, is_cjk
from .lines import CLOSING, OPENING, glyphs_to_lines, is_ideograph
from .paragraphs import JUSTIFIED_SLACK, is_distributed, lines_to_paragraphs


def text_right_edge(lines: list[TextLine], box: BBox) -> float | None:
    """Where a full line of a cell ends. Lines that all start at one x are
    set flush left, with the same padding on the right as on the left; a
    cell whose lines are all short (units one per line) is then no longer
    taken for a column of full lines. Centred text: its longest line."""
    if not lines:
        return None
    starts = [ln.x0 for ln in lines]
    if len(lines) < 2 or max(starts) - min(starts) > 0.5 * lines[0].size:
        return None
    return max(box[2] - (min(starts) - box[0]), max(ln.x1 for ln in lines))


def cell_lines(glyphs: list[Glyph], page: int, ocr: bool = False) -> list[TextLine]:
    return [ln for ln in glyphs_to_lines(glyphs, page, one_column=True, ocr=ocr) if not URL_RE.match(ln.text)]


def ink_ems(text: str) -> float:
    """How many ems a line's ink spans set solid: an em for each full-width
    character, half for any other, a quarter for a word space, less what the
    first and last characters leave bare (half of an opening bracket, whose
    ink is at its right; half of a closing mark, 。 or ）, whose ink is at its
    left; a twentieth of any other)."""
    if not text:
        return 0.0
    lead = (0.5 if text[0] in OPENING else 0.05) * char_ems(text[0])
    tail = (0.5 if text[-1] in CLOSING else 0.05) * char_ems(text[-1])
    return sum(char_ems(ch) for ch in text) - lead - tail


def char_ems(ch: str) -> float:
    if ch == " ":
        return 0.25
    return 1.0 if is_cjk(ch) or unicodedata.east_asian_width(ch) in "FW" else 0.5


def table_em(lines: list[TextLine]) -> float | None:
    """The em of a table's OCR'd text: of its lines all full-width, twelve
    characters or more (a glyph read as two throws a short line's count
    off), that begin and end with an ideograph, the densest: a wrapped line
    is set solid, or all but (a distributed cell spreads only its last line,
    a justified one a little)."""
    pitches = [
        (ln.x1 - ln.x0) / ink_ems(ln.text)
        for ln in lines
        if len(ln.text) >= 12
        and all(char_ems(ch) == 1.0 for ch in ln.text)
        and is_ideograph(ln.text[0])
        and is_ideograph(ln.text[-1])
    ]
    return min(pitches) if pitches else None


SET_SOLID_DOUBT = 1.0  # ems added to a counted line: a word processor may set punctuation in half an em


def ocr_set_ends(lines_of: list[list[TextLine]]) -> list[list[TextLine]]:
    """A table's OCR'd lines, each with where it would end set solid. A
    text layer's glyphs are as wide as their advance, so their widths add up
    to that; OCR's boxes are fitted to the ink, or tile the line between
    neighbours, so in distributed text (every line spread to the edge, the
    last too) a paragraph's last line looked as full as a wrapped one. Here
    it is counted from the line's characters in the table's em instead."""
    em = table_em([ln for lines in lines_of for ln in lines])
    if em is None:
        return lines_of
    return [
        [replace(ln, natural_x1=min(ln.x1, ln.x0 + em * (ink_ems(ln.text) + SET_SOLID_DOUBT))) for ln in lines]
        for lines in lines_of
    ]


def lines_to_cell(
    lines: list[TextLine],
    page: int,
    spec: tuple[int, int, int, int, BBox],
    justified_column: bool = False,
    distributed: bool | None = None,
    confidence: float | None = None,
) -> Cell:
    """A cell from its lines; `distributed` is the table's alignment, found
    from the cell's own lines when not given; `confidence` OCR's, if read so."""
    row, col, row_span, col_span, box = spec
    right = text_right_edge(lines, box)
    if distributed is None:
        distributed = bool(lines) and is_distributed(lines, right if right is not None else max(ln.x1 for ln in lines))
    # Set flush left in a justified column, a line short of the edge ended its
    # paragraph (units one per line), even if this cell wraps none of its own.
    justified = True if justified_column and right is not None else None
    paragraphs = lines_to_paragraphs(lines, right, in_cell=True, justified=justified, distributed=distributed)
    room = last_room(lines, box, right, justified_column, distributed)
    first_unit = lines[0].first_token_width + 0.3 * lines[0].size if lines else 0.0
    return Cell(
        row, col, row_span, col_span, tuple(p.text for p in paragraphs), page, box, room, first_unit, confidence
    )


def cell_confidence(box: BBox, confidences: tuple[tuple[BBox, float], ...]) -> float | None:
    """The least confidence OCR had in a reading inside the cell (None: not OCR'd)."""
    inner = [
        c for b, c in confidences if box[0] <= (b[0] + b[2]) / 2 <= box[2] and box[1] <= (b[1] + b[3]) / 2 <= box[3]
    ]
    return min(inner) if inner else None


def cell_from_glyphs(glyphs: list[Glyph], page: int, spec: tuple[int, int, int, int, BBox], ocr: bool = False) -> Cell:
    return lines_to_cell(cell_lines(glyphs, page, ocr), page, spec)


def last_room(
    lines: list[TextLine], box: BBox, right: float | None, justified_column: bool, distributed: bool
) -> float:
    """The room a cell's last line left for the next word, when its text may
    run on past the cell (a row or a merged cell cut by a page break); inf
    when it cannot. Text cut by the page fills its cell nearly to the foot (a
    browser keeps two lines together at most). In a justified column its last
    line was stretched or fills the width by itself, or the text had ended;
    in distributed text the glyphs are measured set solid; elsewhere the room
    is what it is, and the next page's first word tells (tables.rows.could_wrap)."""
    if not lines:
        return math.inf
    last = lines[-1]
    if box[3] - last.bottom > 3.5 * last.size + 4:
        return math.inf  # room for more lines below it: nothing was cut
    edge = right if right is not None else box[2] - (last.x0 - box[0])
    if distributed:
        return max(0.0, edge - last.end)
    if justified_column:
        full = last.stretched or edge - last.x1 <= max(JUSTIFIED_SLACK, 0.25 * last.size)
        return 0.0 if full else math.inf
    return max(0.0, edge - last.x1)


def table_alignment(
    specs: tuple[tuple[int, int, int, int, BBox], ...], lines_of: list[list[TextLine]]
) -> tuple[bool, set[int]]:
    """Whether the table is set distributed, and which grid columns are
    justified. Each cell votes: distributed when its last line is spread to
    the edge, justified when a wrapped line was stretched and its last line
    was not. A single cell can mislead (a line stretched before a long URL,
    a row cut by the page), so the majority decides; in a justified table a
    column none of whose cells voted is taken to be justified too."""
    votes: dict[int, set[str]] = {}
    for (_, col, *_rest, box), lines in zip(specs, lines_of):
        if not lines:
            continue
        right = text_right_edge(lines, box)
        if is_distributed(lines, right if right is not None else max(ln.x1 for ln in lines)):
            votes.setdefault(col, set()).add("distributed")
        elif any(ln.stretched for ln in lines[:-1]):
            votes.setdefault(col, set()).add("justified")
    tally = [v for vs in votes.values() for v in vs]
    distributed = tally.count("distributed") > tally.count("justified")
    if distributed or "justified" not in tally:
        return distributed, set()
    columns = {spec[1] for spec in specs}
    return False, {c for c in columns if "justified" in votes.get(c, set()) or c not in votes}
