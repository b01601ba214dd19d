"""Pages to a Layout: RawPages in, the document's blocks in reading order
out: body paragraphs and joined tables, running headers and footers and
page numbers gone, the title found.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, replace

from ..model import BBox, Block, Cell, Glyph, Layout, RawDocument, RawPage, TextLine
from ..normalize import URL_RE, clean_inline, join_lines, parse_numbering
from .cells import cell_confidence, cell_lines, lines_to_cell, ocr_set_ends, table_alignment
from .grid import SNAP, PageTable, boxes_to_grid, edges_to_cell_boxes, segments_to_edges
from .joins import continues, join_parts
from .lines import drop_urls, glyphs_to_lines, glyphs_to_rows
from .paragraphs import TEMPLATE_HEADING, lines_to_paragraphs

# Beside dashes, a page number in roman letters (- ii -) or Chinese
# numerals, or as OCR reads it: with a point among the dashes or for one
# (- 4 - as -4.-, -4.), a figure as a letter or a stroke (- 6 - as -o-,
# - 12 - as -1]2-).
PAGE_NUMBER = re.compile(
    r"^[\s\-–—－]*(?:第\s*)?\d{1,4}(?:\s*[-–－]\s*\d{1,4})?\s*(?:頁)?[\s\-–—－]*$"
    r"|^(?=.*[\-–—－])[\s\-–—－.．]*[0-9A-Za-z一二三四五六七八九十|!\[\]]{1,4}[\s\-–—－.．]*$"
)


MARGIN_SHARE = 0.1  # top and bottom share of the page where running headers/footers live


# An annex label printed before a title: 附表一、附件2、附錄, 附件二-1. Alone on
# its line it is a label, not the title, whatever its size: OCR gives a short
# line over a title the title's size (a band's height is all it measures).
# Dashes count as the label's: printed in it (附件二-1), or OCR's reading of
# 一 (附表－), which would otherwise open the agency's name.
ANNEX_LABEL = re.compile(r"^(?:附表|附件|附錄)[-－—–‐一二三四五六七八九十\d]*[、:：.．]?")
# A page number whose dashes OCR lost, its figure read as a letter (- 4 - as
# A): up to three letters or figures centred in the margin.
BARE_NUMBER = re.compile(r"^[0-9A-Za-z|!\[\]]{1,3}$")
CENTRED = 0.05  # of the page's width: how far a centred line's middle may stand from the page's


@dataclass(frozen=True)
class PagePart:
    """One page's share of the reading order, before tables are joined."""

    page: RawPage
    lines: tuple[TextLine, ...]  # body lines, outside every table
    tables: tuple[tuple[PageTable, tuple[Cell, ...]], ...]


def split_page(page: RawPage) -> PagePart:
    page = replace(page, glyphs=drop_urls(page.glyphs))
    tables = [boxes_to_grid(page.number, boxes) for boxes in edges_to_cell_boxes(segments_to_edges(page.segments))]
    centres = Centres(page.glyphs)
    in_table: set[int] = set()
    members: list[list[list[int]]] = []
    for t in tables:
        owned = []
        for row, _, row_span, _, box in t.boxes:
            # The glyphs of the cell's rows, and of one row either side, whose
            # centres may fall within the half point `within` allows.
            above, below = row - 1, row + row_span + 1
            near = centres.in_band(
                t.ys[above] if above >= 0 else -math.inf, t.ys[below] if below < len(t.ys) else math.inf
            )
            owned.append([i for i in centres.within(near, box) if i not in in_table])
            in_table.update(owned[-1])
        # Glyphs inside the table's frame but in no cell (stray URLs, debris) belong to nothing.
        frame = centres.in_band(t.bbox[1], t.bbox[3])
        in_table.update(centres.within(frame, t.bbox, pad=-0.5))
        members.append(owned)
    for t, owned in zip(tables, members):
        for k, ids in overflow_below(t, page, in_table).items():
            owned[k] += ids
            in_table.update(ids)
    built = []
    for t, owned in zip(tables, members):
        lines_of = [cell_lines([page.glyphs[i] for i in ids], page.number, page.ocr) for ids in owned]
        if page.ocr:
            lines_of = ocr_set_ends(lines_of)
        distributed, justified = table_alignment(t.boxes, lines_of)
        cells = tuple(
            lines_to_cell(
                ln, page.number, spec, spec[1] in justified, distributed, cell_confidence(spec[4], page.confidences)
            )
            for spec, ln in zip(t.boxes, lines_of)
        )
        built.append((t, cells))
    body = [g for i, g in enumerate(page.glyphs) if i not in in_table]
    return PagePart(page, tuple(glyphs_to_lines(body, page.number, ocr=page.ocr)), tuple(built))


class Centres:
    """A page's glyph centres, worked out once and sorted top to bottom: every
    table and every cell of a page asks which glyphs it holds, and a glyph
    far above or below it need not be looked at."""

    def __init__(self, glyphs: tuple[Glyph, ...]) -> None:
        self.x = [(g.x0 + g.x1) / 2 for g in glyphs]
        self.y = [(g.top + g.bottom) / 2 for g in glyphs]
        # A NaN centre is inside nothing, and would leave the order unsorted.
        self.order = sorted((i for i, y in enumerate(self.y) if not math.isnan(y)), key=self.y.__getitem__)
        self.sorted_y = [self.y[i] for i in self.order]

    def in_band(self, top: float, bottom: float) -> list[int]:
        """The glyphs whose centre is at least `top` and less than `bottom`, by index."""
        return sorted(self.order[bisect.bisect_left(self.sorted_y, top) : bisect.bisect_left(self.sorted_y, bottom)])

    def within(self, ids: list[int], box: BBox, pad: float = 0.5) -> list[int]:
        """Those of glyphs `ids` whose centre is within `box`, grown by `pad` (shrunk if negative)."""
        x0, top, x1, bottom = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
        xs, ys = self.x, self.y
        return [i for i in ids if x0 <= xs[i] <= x1 and top <= ys[i] <= bottom]


def overflow_below(table: PageTable, page: RawPage, taken: set[int]) -> dict[int, list[int]]:
    """Text that ran out of a bottom cell past the foot of a table cut by the
    page's end (a browser prints the rest of a merged cell's text under the
    table): lines that hug the table's bottom one after another, each within
    one bottom cell's columns, with nothing after them but the footer.
    Returns the glyphs of each such cell (index into table.boxes)."""
    bottom = table.bbox[3]
    if bottom < page.height * 0.7:
        return {}
    below = [i for i, g in enumerate(page.glyphs) if i not in taken and (g.top + g.bottom) / 2 > bottom]
    rows = glyphs_to_rows([page.glyphs[i] for i in below])
    index = {id(page.glyphs[i]): i for i in below}
    footer = page.height * (1 - MARGIN_SHARE)
    found: dict[int, list[int]] = {}
    edge = bottom
    for row in rows:
        top, size = min(g.top for g in row), max(g.size for g in row)
        if top > edge + 0.3 * size:
            break
        cell = next(
            (
                k
                for k, (*_, box) in enumerate(table.boxes)
                if abs(box[3] - bottom) <= SNAP and all(box[0] <= (g.x0 + g.x1) / 2 <= box[2] for g in row)
            ),
            None,
        )
        if cell is None:
            return {}
        found.setdefault(cell, []).extend(index[id(g)] for g in row)
        edge = max(g.bottom for g in row)
    rest = [g for g in (page.glyphs[i] for i in below) if g.top > edge and g.top < footer]
    return {} if rest else found


def margin_key(line: TextLine) -> str:
    return re.sub(r"\d+", "#", clean_inline(line.text))


def drop_running_margins(parts: list[PagePart], title: str = "") -> list[PagePart]:
    """Remove page numbers, lines repeated in the same margin across pages, and
    the document's title repeated as a running header (a two-page document
    shows it once only)."""
    compact_title = re.sub(r"\s+", "", title)

    def is_running(line: TextLine, page: RawPage) -> bool:
        text = clean_inline(line.text)
        centred = abs((line.x0 + line.x1) / 2 - page.width / 2) <= CENTRED * page.width
        return bool(
            PAGE_NUMBER.match(text)
            or (BARE_NUMBER.match(text) and centred)
            or counts[margin_key(line)] >= threshold
            or (compact_title and re.sub(r"\s+", "", text) == compact_title)
        )

    def in_margin(line: TextLine, page: RawPage) -> bool:
        return line.bottom < page.height * MARGIN_SHARE or line.top > page.height * (1 - MARGIN_SHARE)

    counts = Counter(key for part in parts for key in {margin_key(ln) for ln in part.lines if in_margin(ln, part.page)})
    threshold = max(2, round(0.4 * len(parts)))
    out = []
    for part in parts:
        kept = tuple(
            ln
            for ln in part.lines
            if not (in_margin(ln, part.page) and is_running(ln, part.page)) and not URL_RE.match(ln.text)
        )
        out.append(replace(part, lines=kept))
    return out


HALF_PAGE = 0.6  # of the page's width: where the ends of full body lines are, at the least


def body_right_edge(parts: list[PagePart]) -> float:
    """Where a full line of body text ends: the most common right end of long
    lines, to a tenth of a point (justified lines all end there). Long means
    within 30 points of the farthest end; on scans, the farthest that two
    lines, and a fifth as many as the most common end, share, unless that
    is short of the page's middle: stray lines (OCR of a dirty margin, read
    across the page) do not move it. A text
    layer has no such lines, and its full lines may be few."""
    ends = [ln.x1 for part in parts for ln in part.lines]
    if not ends:
        return 0.0
    far = max(ends)
    if any(part.page.ocr for part in parts):
        counts = Counter(round(e) for e in ends)
        common = counts.most_common(1)[0][1]
        shared = [end for end, count in counts.items() if count >= max(2, common / 5)]
        # A document whose body has no full line (short outline items only)
        # shares no end near the margin: two short items ending alike are no
        # edge, and every line would seem to fill the width.
        if max(shared, default=0) >= HALF_PAGE * min(part.page.width for part in parts):
            far = max(shared)
    usual = Counter(round(e) for e in ends if e >= far - 30).most_common(1)[0][0]
    near = sorted(e for e in ends if abs(e - usual) <= 0.6)
    return near[len(near) // 2]


def body_is_justified(parts: list[PagePart], right: float) -> bool:
    """Whether most long body lines were stretched to the edge (see is_stretched):
    in ragged text none is."""
    long_lines = [ln for part in parts for ln in part.lines if ln.x1 >= right - 2 * ln.size]
    return bool(long_lines) and sum(ln.stretched for ln in long_lines) >= 0.5 * len(long_lines)


# A title is a name, never a sentence: a line with these after it is the
# body's (on a scan, where a size is the ink's height, it may look as large).
SENTENCE_MARK = re.compile(r"[，。；]")


def find_title(parts: list[PagePart]) -> str:
    """The largest text near the top of the first page that has body text:
    its first line and the lines after it as large, up to a part's heading
    or a sentence."""
    for part in parts:
        lines = [
            ln
            for ln in part.lines
            if ln.top < part.page.height * 0.4 and ANNEX_LABEL.sub("", re.sub(r"\s+", "", ln.text))
        ]
        if not lines:
            continue
        biggest = max(ln.size for ln in lines)
        start = next(k for k, ln in enumerate(lines) if ln.size >= biggest - 0.5)
        title = [lines[start]]
        for ln in lines[start + 1 :]:
            if ln.size < biggest - 0.5 or opens_a_part(ln.text) or SENTENCE_MARK.search(ln.text):
                break
            title.append(ln)
        return join_lines([ln.text for ln in title])
    return ""


def opens_a_part(text: str) -> bool:
    """A part's heading of the template (壹、施政目標與重點, 年度施政目標與重點):
    on a scan, where sizes are told by the height of the ink, it may look as
    large as the title above it, but no title goes on with it."""
    cleaned = clean_inline(text)
    numbering = parse_numbering(cleaned)
    return (numbering is not None and numbering.style == "part") or bool(TEMPLATE_HEADING.match(cleaned))


def layout(doc: RawDocument) -> Layout:
    parts = [split_page(p) for p in doc.pages]
    title = find_title(parts)
    parts = drop_running_margins(parts, title)
    right = body_right_edge(parts)
    justified = body_is_justified(parts, right)
    items: list[tuple[int, float, object]] = []
    open_chain: list | None = None  # the table that ended the previous page
    for part in parts:
        page_items: list[tuple[float, str, object]] = [(ln.top, "line", ln) for ln in part.lines]
        page_items += [(t.bbox[1], "table", (t, cells)) for t, cells in part.tables]
        page_items.sort(key=lambda item: (item[0], item[1]))
        for position, (top, kind, item) in enumerate(page_items):
            if kind == "line":
                items.append((part.page.number, top, item))
            elif position == 0 and open_chain and continues(open_chain[-1][0], item[0]):
                open_chain.append(item)
            else:
                open_chain = [item]
                items.append((part.page.number, top, open_chain))
        if not page_items or page_items[-1][1] != "table":
            open_chain = None
    return Layout(title, tuple(assemble(items, right, justified)), len(doc.pages))


def assemble(items: list[tuple[int, float, object]], right: float, justified: bool) -> list[Block]:
    """Body lines into paragraphs, table chains into joined tables, in order."""
    out: list[Block] = []
    pending: list[TextLine] = []

    def flush() -> None:
        for p in lines_to_paragraphs(pending, right, justified=justified):
            out.append(Block(p.page, p.top, paragraph=p))
        pending.clear()

    # A paragraph may run over a page break: lines_to_paragraphs judges the
    # break like any other (the gap rule cannot fire, the next top is above).
    for page, top, item in items:
        if isinstance(item, TextLine):
            pending.append(item)
        else:
            flush()
            out.append(Block(page, top, table=join_parts(item)))
    flush()
    return out
