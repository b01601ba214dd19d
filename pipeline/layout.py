"""Layout: a RawDocument in, a Layout out: body paragraphs and ruled tables in
reading order, running headers/footers and page numbers gone, tables that run
over pages joined into one, their repeated header rows dropped.

The steps are small functions named input -> output, as in pdfplumber's table.py
(whose edge, intersection and cell functions do the grid geometry here):

    segments_to_edges -> edges_to_cell_boxes -> boxes_to_grid
    glyphs_to_lines -> lines_to_paragraphs
    page_blocks -> join_tables -> Layout
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

import regex
from pdfplumber import table as plumber_table
from rapidfuzz import fuzz

from .model import BBox, Block, Cell, Glyph, Layout, Paragraph, RawDocument, RawPage, Segment, Table, TextLine
from .normalize import URL_RE, clean_inline, fold_chars, is_cjk, join_lines, number_value, parse_numbering

SNAP = 3.0  # points: rulings closer than this are one line
OPENING = "「『（(【《〈“‘"
CLOSING = "，。、；：！？」』）)】》〉”’,.;:!?%"
TERMINAL = "。：:！？!?"
PAGE_NUMBER = re.compile(r"^[\s\-–—－]*(?:第\s*)?\d{1,4}(?:\s*[-–－]\s*\d{1,4})?\s*(?:頁)?[\s\-–—－]*$")
IDEOGRAPH = regex.compile(r"\p{Han}")
MARGIN_SHARE = 0.1  # top and bottom share of the page where running headers/footers live


# --- glyphs -> lines -------------------------------------------------------


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
    for g in sorted(glyphs, key=lambda g: ((g.top + g.bottom) / 2, g.x0)):
        centre = (g.top + g.bottom) / 2
        if rows:
            last = rows[-1]
            last_centre = sum((x.top + x.bottom) / 2 for x in last) / len(last)
            if abs(centre - last_centre) < 0.45 * max(g.size, last[0].size):
                last.append(g)
                continue
        rows.append([g])
    for row in rows:
        row.sort(key=lambda g: g.x0)
    return rows


URL_IN_TEXT = re.compile(r"(?:h?ttps?:/{1,2}|www\.)[!-~]*", re.IGNORECASE)  # OCR may read http:/


def drop_urls(glyphs: tuple[Glyph, ...]) -> tuple[Glyph, ...]:
    """Stray URLs (printed links, web-page footers) are debris wherever they
    fall, across cell borders too, so they go before glyphs meet cells. A URL
    set in a sentence (`網站（www.gov.tw）公開`) is text: stray is one with no
    glyph close to it on either side."""
    stray: set[int] = set()
    for row in glyphs_to_rows(list(glyphs)):
        text = "".join(g.text for g in row)
        if len(text) != len(row):  # a glyph of several characters (ligature): leave the row be
            continue
        for m in URL_IN_TEXT.finditer(text):
            if not (touches(row, m.start() - 1, m.start()) or touches(row, m.end() - 1, m.end())):
                stray.update(id(g) for g in row[m.start() : m.end()])
    return tuple(g for g in glyphs if id(g) not in stray) if stray else glyphs


def touches(row: list[Glyph], left: int, right: int) -> bool:
    """Whether glyphs `left` and `right` of a row stand as close as letters of one line."""
    if left < 0 or right >= len(row):
        return False
    return row[right].x0 - row[left].x1 < 0.6 * max(row[left].size, row[right].size)


def split_on_wide_gaps(row: list[Glyph]) -> list[list[Glyph]]:
    runs = [[row[0]]]
    for prev, g in zip(row, row[1:]):
        if g.x0 - prev.x1 > 4 * max(g.size, prev.size):
            runs.append([g])
        else:
            runs[-1].append(g)
    return runs


def line_spread(run: list[Glyph]) -> float:
    """The space justification put between every two glyphs of a line: about
    none in ordinary text, the same wide gap everywhere in distributed
    (spaced-out) text. A word space is a gap wider than this."""
    gaps = sorted(g.x0 - prev.x1 for prev, g in zip(run, run[1:]))
    if not gaps:
        return 0.0
    size = max(g.size for g in run)
    # Space between every two glyphs, digits of one figure too (`8  0  場  次`):
    # the line is spread by at least the least of it. A lone gap may be a word
    # space (`0 %`), unless it is wider than any.
    if (len(gaps) >= 2 and gaps[0] > 0.1 * size) or gaps[0] > 0.5 * size:
        return gaps[0]
    return max(0.0, gaps[len(gaps) // 2]) if len(gaps) >= 4 else 0.0


def glyph_run_to_line(run: list[Glyph], page: int, ocr: bool = False) -> TextLine:
    spread = line_spread(run)
    parts = [run[0].text]
    spaces = 0
    for prev, g in zip(run, run[1:]):
        gap = g.x0 - prev.x1
        if gap > spread + 0.2 * g.size and not (is_cjk(prev.text[-1]) and is_cjk(g.text[0])):
            parts.append(" ")
            spaces += 1
        parts.append(g.text)
    size = Counter(g.size for g in run).most_common(1)[0][0]
    x1 = max(g.x1 for g in run)
    # Set solid: the glyphs' own widths and a plain space per word space.
    natural = run[0].x0 + sum(g.x1 - g.x0 for g in run) + spaces * 0.25 * size
    return TextLine(
        text="".join(parts),
        x0=run[0].x0,
        top=min(g.top for g in run),
        x1=x1,
        bottom=max(g.bottom for g in run),
        size=size,
        page=page,
        bold=sum(g.bold for g in run) > len(run) / 2,
        first_token_width=first_token_width(run),
        natural_x1=min(x1, natural),
        stretched=not ocr and is_stretched(run),
    )


def is_stretched(run: list[Glyph]) -> bool:
    """Whether space was put between the line's ideographs: a justified line
    that wrapped. Text-layer glyphs are as wide as their advance, so in a
    paragraph's last line ideographs touch; a justified one opens some gaps
    (a producer may put most of the stretch around Latin words, which vary by
    producer and do not count)."""
    gaps = [g.x0 - prev.x1 for prev, g in zip(run, run[1:]) if is_ideograph(prev.text) and is_ideograph(g.text)]
    return sum(gap > 0.04 for gap in gaps) >= max(1, 0.1 * len(gaps))


def first_token_width(run: list[Glyph]) -> float:
    """Width of what could not have been split from the line's start: up to
    the first place where every producer may break a line (between two
    ideographs, after closing punctuation before an ideograph, at a word
    space). Producers differ elsewhere (one keeps `數）×100%` whole, another
    breaks before ×), and a unit taken too short makes a wrapped line look
    like a paragraph's end. Glyph widths only, so spreading does not count."""
    spread = line_spread(run)
    end = 1
    while end < len(run):
        before, after = fold_chars(run[end - 1].text), fold_chars(run[end].text)
        if is_ideograph(after) and (is_ideograph(before) or before in CLOSING):
            break
        if run[end].x0 - run[end - 1].x1 > spread + 0.2 * run[end].size and not is_cjk(before):
            break  # a word space
        end += 1
    return sum(g.x1 - g.x0 for g in run[:end])


def is_ideograph(ch: str) -> bool:
    return bool(IDEOGRAPH.match(ch))


# --- lines -> paragraphs ---------------------------------------------------


DOTTED_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.．](?!\d)")


def starts_paragraph(
    prev: TextLine,
    line: TextLine,
    right: float,
    opening: TextLine | None = None,
    justified: bool = False,
    distributed: bool = False,
    slack: float = 1.0,
) -> bool:
    """Whether `line` begins a new paragraph rather than continuing `prev`.

    The main test: could the next line's first word have fit at the end of
    this one (where it would end set solid, in distributed text)? If so the
    break was meant. In justified text a line stretched to the edge is
    wrapped and one short of the edge is a paragraph's last; only a line
    that fills the width by itself is left to the next rule. A numbered line
    after a full line that ends a sentence starts an item; but in a table
    cell (`opening` is the first line of the paragraph so far) a dotted `2.`
    does so only when it follows item 1, since cells also number inline
    (`…件數。2.推動…`)."""
    if abs(line.size - prev.size) > 1 or line.bold != prev.bold:
        return True
    if line.top - prev.bottom > 0.9 * line.size:
        return True
    room = right - (prev.end if distributed else prev.x1)
    if room > line.first_token_width + 0.3 * line.size:
        return True  # the next word would have fit: the line break was meant
    if justified:
        if prev.stretched:
            return False  # stretched to the edge: wrapped
        if room > slack:
            return True  # not stretched, short of the edge: the last line of its paragraph
    numbering = parse_numbering(clean_inline(line.text))
    if numbering is None or clean_inline(prev.text)[-1:] not in TERMINAL:
        return False
    if opening is None or not DOTTED_NUMBER.match(clean_inline(line.text)):
        return True
    # `2.` in a cell: an item only when it follows item 1 of the paragraph so far.
    first = parse_numbering(clean_inline(opening.text))
    value = number_value(numbering.number)
    if first is None or first.style != numbering.style:
        return value == 1
    return value == (number_value(first.number) or 0) + 1


def is_distributed(lines: list[TextLine], right: float) -> bool:
    """Distributed alignment spreads a paragraph's last line to the edge as
    well, which justification never does: a line that reaches the edge while
    its glyphs fill less than 60 % of it, or a cell's last line spread to the
    edge, tells the text is distributed."""

    def spread_to_edge(ln: TextLine, most: float) -> bool:
        fill = (ln.end - ln.x0) / max(ln.x1 - ln.x0, 1e-6)
        return right - ln.x1 <= 0.5 * ln.size and len(ln.text) >= 2 and fill < most

    return any(spread_to_edge(ln, 0.6) for ln in lines) or spread_to_edge(lines[-1], 0.95)


JUSTIFIED_SLACK = 1.0  # points: short of the edge by more, a line that was not stretched ended its paragraph


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
    for prev, line in zip(lines, lines[1:]):
        opening = groups[-1][0] if in_cell else None
        if starts_paragraph(prev, line, edge, opening, justified and not distributed, distributed, slack):
            groups.append([line])
        else:
            groups[-1].append(line)
    paragraphs = []
    for group in groups:
        last = group[-1]
        open_end = edge - (last.end if distributed else last.x1) <= 1.3 * last.size
        text = join_lines([ln.text for ln in group])
        if text:
            paragraphs.append(
                Paragraph(text, group[0].x0, group[0].page, group[0].size, group[0].bold, open_end, group[0].top)
            )
    return paragraphs


# --- rulings -> cells ------------------------------------------------------


def segments_to_edges(segments: tuple[Segment, ...]) -> list[dict]:
    edges = []
    for s in segments:
        horizontal = s.horizontal
        length = (s.x1 - s.x0) if horizontal else (s.bottom - s.top)
        if length < 2:
            continue
        if horizontal:
            y = (s.top + s.bottom) / 2
            edges.append(
                {
                    "x0": s.x0,
                    "x1": s.x1,
                    "top": y,
                    "bottom": y,
                    "width": s.x1 - s.x0,
                    "height": 0,
                    "orientation": "h",
                    "object_type": "line",
                }
            )
        else:
            x = (s.x0 + s.x1) / 2
            edges.append(
                {
                    "x0": x,
                    "x1": x,
                    "top": s.top,
                    "bottom": s.bottom,
                    "width": 0,
                    "height": s.bottom - s.top,
                    "orientation": "v",
                    "object_type": "line",
                }
            )
    return edges


def edges_to_cell_boxes(edges: list[dict]) -> list[list[BBox]]:
    """Tables as lists of cell boxes, from ruling edges (pdfplumber's geometry)."""
    if not edges:
        return []
    merged = close_open_bottoms(plumber_table.merge_edges(edges, SNAP, SNAP, SNAP, SNAP))
    # As far as snapping may have moved a line: browsers draw each cell's own
    # border, so a row ruling may stop a point short of the column line.
    intersections = plumber_table.edges_to_intersections(merged, SNAP, SNAP)
    cells = plumber_table.intersections_to_cells(intersections)
    tables = plumber_table.cells_to_tables(cells)
    return [sorted(t, key=lambda b: (b[1], b[0])) for t in tables if len(t) >= 2]


def close_open_bottoms(edges: list[dict]) -> list[dict]:
    """A table cut by a page break may be left without a bottom border under
    a merged cell's fragment or under a row cut in two (browsers draw none),
    and a cell that does not close is lost with its text. Where three or
    more column lines end at one height, a rule runs all along it."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    added = []
    for bottom in cluster([e["bottom"] for e in verticals]):
        ending = [e for e in verticals if abs(e["bottom"] - bottom) <= SNAP]
        if len(ending) < 3:
            continue
        x0, x1 = min(e["x0"] for e in ending), max(e["x0"] for e in ending)
        rules = [h for h in horizontals if abs(h["top"] - bottom) <= SNAP and h["x1"] > x0 and h["x0"] < x1]
        covered = sum(min(h["x1"], x1) - max(h["x0"], x0) for h in rules)
        if covered < (x1 - x0) - SNAP:
            y = rules[0]["top"] if rules else bottom
            added.append(
                {
                    "x0": x0,
                    "x1": x1,
                    "top": y,
                    "bottom": y,
                    "width": x1 - x0,
                    "height": 0,
                    "orientation": "h",
                    "object_type": "line",
                }
            )
    return edges + added


def cluster(values: list[float], tolerance: float = SNAP) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def nearest(bounds: list[float], value: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - value))


@dataclass(frozen=True)
class PageTable:
    page: int
    bbox: BBox
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    boxes: tuple[tuple[int, int, int, int, BBox], ...]  # row, col, row_span, col_span, bbox


def boxes_to_grid(page: int, boxes: list[BBox]) -> PageTable:
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    placed = []
    for b in boxes:
        c0, c1 = nearest(xs, b[0]), nearest(xs, b[2])
        r0, r1 = nearest(ys, b[1]), nearest(ys, b[3])
        if c1 > c0 and r1 > r0:
            placed.append((r0, c0, r1 - r0, c1 - c0, b))
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return PageTable(page, bbox, tuple(xs), tuple(ys), tuple(sorted(placed)))


def inside(g: Glyph, box: BBox, pad: float = 0.5) -> bool:
    cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad


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


def lines_to_cell(
    lines: list[TextLine],
    page: int,
    spec: tuple[int, int, int, int, BBox],
    justified_column: bool = False,
    distributed: bool | None = None,
) -> Cell:
    """A cell from its lines; `distributed` is the table's alignment, found
    from the cell's own lines when not given."""
    row, col, row_span, col_span, box = spec
    right = text_right_edge(lines, box)
    if distributed is None:
        distributed = bool(lines) and is_distributed(lines, right if right is not None else max(ln.x1 for ln in lines))
    # Set flush left in a justified column, a line short of the edge ended its
    # paragraph (units one per line), even if this cell wraps none of its own.
    justified = True if justified_column and right is not None else None
    paragraphs = lines_to_paragraphs(lines, right, in_cell=True, justified=justified, distributed=distributed)
    open_end = runs_on(lines, box, right, justified_column, distributed)
    return Cell(row, col, row_span, col_span, tuple(p.text for p in paragraphs), page, box, open_end)


def cell_from_glyphs(glyphs: list[Glyph], page: int, spec: tuple[int, int, int, int, BBox], ocr: bool = False) -> Cell:
    return lines_to_cell(cell_lines(glyphs, page, ocr), page, spec)


def runs_on(lines: list[TextLine], box: BBox, right: float | None, justified_column: bool, distributed: bool) -> bool:
    """Whether a cell's text runs on past it (a row or a merged cell cut by a
    page break). Text cut by the page fills its cell nearly to the foot (a
    browser keeps two lines together at most), and its last line wrapped: in
    distributed text its glyphs set solid reach the cell's right side; in a
    justified column it was stretched, or fills the width by itself;
    elsewhere it reaches the side, give or take the padding and a glyph."""
    if not lines:
        return False
    last = lines[-1]
    if box[3] - last.bottom > 3.5 * last.size + 4:
        return False  # room for more lines below it: nothing was cut
    if distributed:
        return box[2] - last.end <= 1.6 * last.size + 2
    if justified_column:
        edge = right if right is not None else box[2] - (last.x0 - box[0])
        return last.stretched or edge - last.x1 <= max(JUSTIFIED_SLACK, 0.25 * last.size)
    return box[2] - last.x1 <= 1.6 * last.size + 2


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


# --- pages -> blocks -------------------------------------------------------


@dataclass(frozen=True)
class PagePart:
    """One page's share of the reading order, before tables are joined."""

    page: RawPage
    lines: tuple[TextLine, ...]  # body lines, outside every table
    tables: tuple[tuple[PageTable, tuple[Cell, ...]], ...]


def split_page(page: RawPage) -> PagePart:
    page = replace(page, glyphs=drop_urls(page.glyphs))
    tables = [boxes_to_grid(page.number, boxes) for boxes in edges_to_cell_boxes(segments_to_edges(page.segments))]
    in_table: set[int] = set()
    members: list[list[list[int]]] = []
    for t in tables:
        owned = []
        for spec in t.boxes:
            owned.append([i for i, g in enumerate(page.glyphs) if i not in in_table and inside(g, spec[4])])
            in_table.update(owned[-1])
        # Glyphs inside the table's frame but in no cell (stray URLs, debris) belong to nothing.
        in_table.update(i for i, g in enumerate(page.glyphs) if inside(g, t.bbox, pad=-0.5))
        members.append(owned)
    for t, owned in zip(tables, members):
        for k, ids in overflow_below(t, page, in_table).items():
            owned[k] += ids
            in_table.update(ids)
    built = []
    for t, owned in zip(tables, members):
        lines_of = [cell_lines([page.glyphs[i] for i in ids], page.number, page.ocr) for ids in owned]
        distributed, justified = table_alignment(t.boxes, lines_of)
        cells = tuple(
            lines_to_cell(ln, page.number, spec, spec[1] in justified, distributed)
            for spec, ln in zip(t.boxes, lines_of)
        )
        built.append((t, cells))
    body = [g for i, g in enumerate(page.glyphs) if i not in in_table]
    return PagePart(page, tuple(glyphs_to_lines(body, page.number, ocr=page.ocr)), tuple(built))


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

    def is_running(line: TextLine) -> bool:
        text = clean_inline(line.text)
        return bool(
            PAGE_NUMBER.match(text)
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
            ln for ln in part.lines if not (in_margin(ln, part.page) and is_running(ln)) and not URL_RE.match(ln.text)
        )
        out.append(replace(part, lines=kept))
    return out


def body_right_edge(parts: list[PagePart]) -> float:
    """Where a full line of body text ends: the most common right end of long
    lines, to a tenth of a point (justified lines all end there)."""
    ends = [ln.x1 for part in parts for ln in part.lines]
    if not ends:
        return 0.0
    far = max(ends)
    usual = Counter(round(e) for e in ends if e >= far - 30).most_common(1)[0][0]
    near = sorted(e for e in ends if abs(e - usual) <= 0.6)
    return near[len(near) // 2]


def body_is_justified(parts: list[PagePart], right: float) -> bool:
    """Whether most long body lines were stretched to the edge (see is_stretched):
    in ragged text none is."""
    long_lines = [ln for part in parts for ln in part.lines if ln.x1 >= right - 2 * ln.size]
    return bool(long_lines) and sum(ln.stretched for ln in long_lines) >= 0.5 * len(long_lines)


def find_title(parts: list[PagePart]) -> str:
    """The largest text near the top of the first page that has body text."""
    for part in parts:
        lines = [ln for ln in part.lines if ln.top < part.page.height * 0.4]
        if not lines:
            continue
        biggest = max(ln.size for ln in lines)
        title = [ln for ln in lines if ln.size >= biggest - 0.5]
        return join_lines([ln.text for ln in title])
    return ""


# --- tables over pages -----------------------------------------------------


def continues(previous: PageTable, table: PageTable) -> bool:
    """Same frame and columns: the table on the next page carries on the last one."""
    if table.page != previous.page + 1:
        return False
    if abs(previous.bbox[0] - table.bbox[0]) > 6 or abs(previous.bbox[2] - table.bbox[2]) > 6:
        return False
    shared = sum(any(abs(x - y) <= SNAP for y in previous.xs) for x in table.xs)
    return shared >= 0.6 * max(len(table.xs), len(previous.xs))


def row_texts(cells: tuple[Cell, ...], row: int) -> tuple[str, ...]:
    return tuple(c.text for c in sorted(cells, key=lambda c: c.col) if c.row == row)


def same_row(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Equal rows, allowing the odd character an OCR'd header reads otherwise."""
    if len(a) != len(b) or not any(a):
        return False
    return all(x == y or fuzz.ratio(x, y) >= 70 for x, y in zip(a, b))


def repeated_header_rows(first: tuple[Cell, ...], cont: tuple[Cell, ...]) -> int:
    """How many top rows of a continuation repeat the first part's header."""
    count = 0
    for k in range(3):
        if same_row(row_texts(first, k), row_texts(cont, k)):
            count = k + 1
        else:
            break
    return count


def join_parts(parts: list[tuple[PageTable, tuple[Cell, ...]]]) -> Table:
    xs = cluster([x for t, _ in parts for x in t.xs])
    cells: list[Cell] = []
    row_pages: list[int] = []
    after_break: list[bool] = []
    first_cells = parts[0][1]
    for index, (t, part_cells) in enumerate(parts):
        skip = repeated_header_rows(first_cells, part_cells) if index else 0
        offset = len(row_pages) - skip
        for c in part_cells:
            if c.row < skip:
                continue
            col = nearest(xs, c.bbox[0])
            span = max(1, nearest(xs, c.bbox[2]) - col)
            cells.append(replace(c, row=c.row + offset, col=col, col_span=span))
        n = len(t.ys) - 1 - skip
        row_pages.extend([t.page] * n)
        after_break.extend([index > 0 and i == 0 for i in range(n)])
    first = parts[0][0]
    return Table(
        tuple(cells), len(row_pages), len(xs) - 1, tuple(row_pages), tuple(after_break), first.page, first.bbox[1]
    )


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
