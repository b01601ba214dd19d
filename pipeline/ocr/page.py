"""Page: a scanned page in, a RawPage out: turned upright when it reads
badly, straightened, its rulings and cells found, every cell read on its
own, line by line, then the text outside the tables, all in PDF points."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import cv2
import numpy as np
import pymupdf

from ..layout import boxes_to_grid, edges_to_cell_boxes, segments_to_edges
from ..layout.paragraphs import DOTTED_NUMBER
from ..model import BBox, Glyph, RawPage
from ..normalize import parse_numbering
from . import memo
from .brackets import (
    FigureBracket,
    Opener,
    agree_figure_brackets,
    brackets_by_margin,
    brackets_by_page_margin,
    cell_margin,
    figure_brackets,
    page_margin,
    unmeasured_openers,
)
from .engines import tessdata_dir
from .image import (
    DPI,
    RULE_LEVEL,
    SMALLEST_LINE,
    deskew,
    estimate_skew,
    ink_box,
    ink_columns,
    ink_span,
    mark_shape,
    raster_rulings,
    render,
    text_bands,
)
from .punctuation import agree_item_brackets, item_bracket_width, parenthesis_left_open, parenthesis_widths
from .reading import doubts, read_line
from .repairs import correct_vocabulary
from .symbols import (
    IDEOGRAPH_WIDTH,
    LONE_CONFIDENCE,
    NOISE_CONFIDENCE,
    SHAPED_MARK,
    Symbol,
    em_size,
    is_ideograph,
    mean_confidence,
)

PAPER_EDGE = 10  # points: the margin of a page left blank before reading what is outside its tables


UPRIGHT_CONFIDENCE = 95.0  # upright scans read at 98-99; a sideways page still reads at about 87


ORIENTATION_CONFIDENCE = 3.0  # Tesseract's own measure; upright scans score 7-11


class Region(NamedTuple):
    """What was read in one region: glyphs in PDF points, the mean
    confidence (None when empty), and what a reader should check there:
    (box in PDF points, why)."""

    glyphs: list[Glyph]
    confidence: float | None
    checks: list[tuple[BBox, str]]
    figures: tuple[FigureBracket, ...] = ()  # a cell's figures' brackets, by its glyphs' indexes (brackets.py)
    margin: int | None = None  # where a cell's lines start, px from its crop's left
    openers: tuple[Opener, ...] = ()  # a cell without a margin: its lines opening with a bracket


def read_region(
    gray: np.ndarray, origin: tuple[int, int], dpi: int, cell: bool = True
) -> tuple[list[Glyph], float | None]:
    """Glyphs of one region (a cell, or the page outside tables), line by line,
    in PDF points; and the region's mean confidence (None when empty)."""
    read = read_lines(gray, origin, dpi, cell)
    return read.glyphs, read.confidence


def cut_glyphs(symbols: list[Symbol], typical: int) -> bool:
    """A band too short for its glyphs: an ideograph in it (not a bar, 一 二
    三, which are wide and short) is as wide as a typical line is tall. The
    cell's crop cut the line (作。 under its rule came out half its height,
    a smaller font to layout, and a paragraph of its own)."""
    return any(
        is_ideograph(s.text) and s.text not in "一二三" and s.box[2] - s.box[0] >= IDEOGRAPH_WIDTH * typical
        for s in symbols
    )


def read_lines(gray: np.ndarray, origin: tuple[int, int], dpi: int, cell: bool = True) -> Region:
    """read_region, with what to check: a cell's doubts go to the cell's box
    (the caller's), a line's outside tables to the line's own box."""
    scale = 72 / dpi
    glyphs: list[Glyph] = []
    confidences: list[float] = []
    checks: list[tuple[BBox, str]] = []
    bands = text_bands(gray, faint_rows=not cell)
    typical = sorted(b - a for a, b in bands)[len(bands) // 2] if bands else 0
    ends_with = ""  # the last character of the line above
    left_open = ""  # the parenthesis the line above opened and did not close
    alone = cell and len(bands) == 1
    lines: list[tuple[int, int, tuple[int, bool | None] | None]] = []  # first glyph, glyphs, item brackets
    spans: list[tuple[int, int] | None] = []  # each line's inked columns, where they start with its first symbol
    line_ems: list[int] = []
    paper: list[dict[int, bool]] = []  # each line's bracket widths the paper told
    for top, bottom in bands:
        a, b = max(0, top - 3), min(gray.shape[0], bottom + 4)
        left, right = ink_columns(gray[a:b])
        symbols = read_line(gray[a:b, left:right], alone=alone, before=ends_with, left_open=left_open)
        mark = bottom - top < MARK_BAND * typical and (is_ideograph(ends_with) or ends_with in OPEN_SENTENCE_ENDS)
        if mark:
            symbols = wrapped_mark(gray[a:b, left:right], symbols)
            mark = [s.text for s in symbols] in (["。"], ["；"], ["："])
        confidence = mean_confidence(symbols)
        # No ideograph but 一 (a bar) is printed in half the smallest line's
        # height: a faint page number cut thin (- 5 - of a sideways scan) read
        # as 避襄和革.
        thin = bottom - top < SMALLEST_LINE / 2 * dpi / DPI
        too_small = thin and any(is_ideograph(s.text) and s.text != "一" for s in symbols)
        if too_small or confidence < NOISE_CONFIDENCE or (len(symbols) == 1 and confidence < LONE_CONFIDENCE):
            lost = lost_line(gray[a:b], bottom - top, typical)
            if lost:
                box = ((origin[0] + lost[0]) * scale, (origin[1] + top) * scale, (origin[0] + lost[1]) * scale)
                read = "".join(s.text for s in symbols) or "nothing"
                checks.append(
                    (tuple(round(v, 1) for v in (*box, (origin[1] + bottom) * scale)), f"a line of ink read as {read}")
                )
            continue  # specks, a ruling's edge: not text
        ends_with = symbols[-1].text[-1:]
        left_open = parenthesis_left_open(symbols)
        # A band is as tall as its tallest glyph (作。 is shorter than 頒「機」),
        # and a short line's faint top and bottom rows fall under the ink
        # threshold (境。 ending a paragraph came out 0.6 of its line): lines
        # near the typical height are given it, which layout reads as one
        # font. Outside tables sizes also differ on purpose (a 16-pt title
        # over 13-pt text, its band 1.2 times as tall), so the range is
        # narrower there: body lines' bands and ideographs stand within 1.07.
        most = 1.25 if cell else 1.15
        # Latin descenders and brackets reach below the ideographs (www.ey.gov.tw
        # made a band 1.25 lines tall): the ideographs' own height says the size.
        em = em_size(symbols)
        uniform = (
            mark
            or 0.6 * typical <= bottom - top <= most * typical
            or 0.6 * typical <= em <= most * typical
            or (cell and cut_glyphs(symbols, typical))
        )
        height = typical if uniform else bottom - top
        size = height * scale
        # Given the typical height, the line keeps its band's middle: a short
        # band (度。 has no glyph as tall as the line's tallest) sits lower by
        # its top, and the gap above it looked like a paragraph break. A 。
        # alone sits on the line's foot.
        middle = bottom - height / 2 if mark else (top + bottom) / 2
        line_top = (origin[1] + middle - height / 2) * scale
        line: list[Glyph] = []
        for text, (x0, _y0, x1, _y1), conf, *_ in symbols:
            line.append(
                Glyph(
                    text,
                    (origin[0] + left + x0) * scale,
                    line_top,
                    (origin[0] + left + x1) * scale,
                    line_top + size,
                    round(size, 1),
                )
            )
            confidences.append(conf)
        paper.append(parenthesis_widths(symbols))
        lines.append((len(glyphs), len(line), item_bracket_width(symbols, paper[-1])))  # a glyph a symbol
        spans.append(line_span(gray[a:b], left, symbols))
        line_ems.append(em)
        glyphs.extend(line)
        why = doubts(symbols)
        if why and line:
            box = (line[0].x0, line_top, line[-1].x1, line_top + size)
            checks.append((tuple(round(v, 1) for v in box), why))
    mean = sum(confidences) / len(confidences) if confidences else None
    figures: list[FigureBracket] = []
    margin, openers = None, []
    if cell:
        ems = sorted(e for e in line_ems if e)
        em = ems[len(ems) // 2] if ems else 0
        firsts = [glyphs[first].text if count else "" for first, count, _ in lines]
        margin = cell_margin(spans, firsts, em, gray.shape[1])
        glyphs, lines, told = brackets_by_margin(glyphs, lines, spans, margin, em)
        glyphs = items_alike(glyphs, lines)
        for i, (first, count, _) in enumerate(lines):
            widths = paper[i] if i not in told else {**paper[i], 0: told[i]}
            figures += figure_brackets([g.text for g in glyphs[first : first + count]], first, widths)
        if margin is None:
            openers = unmeasured_openers(lines, spans, firsts, em)
    checks += sentence_end_doubts([glyphs[first : first + count] for first, count, _ in lines if count], cell)
    corrected = correct_vocabulary(glyphs)
    if len(corrected) != len(glyphs):  # a template word without the Latin specks read in it: other indexes
        figures, openers = [], []
    return Region(corrected, mean, checks, tuple(figures), margin, tuple(openers))


# Ems short of the margin: a line ending so near it may have wrapped (layout
# joins the next line to it while an ideograph and 0.3 em would not fit).
FULL_LINE = 1.3


def sentence_end_doubts(rows: list[list[Glyph]], cell: bool = False) -> list[tuple[BBox, str]]:
    """Where a paragraph may end unseen, in a cell or outside tables: a line
    that ends a sentence (。) within FULL_LINE of the margin (the widest
    line's end), before a line that opens no item (in a cell, none but a
    `2.` that may run on in the line). A text layer tells a
    paragraph's last line from a wrapped one by the spacing justification
    puts into the wrapped one; OCR's boxes do not show it (a 。 ending a
    paragraph and a wrapped line's ended within 0.1 em of each other), and
    a 。 wraps as often as it ends a paragraph. The box holds both lines:
    the break, or its absence, is between them."""
    if len(rows) < 2:
        return []
    right = max(row[-1].x1 for row in rows)
    doubts = []
    for row, after in zip(rows, rows[1:]):
        last = row[-1]
        if last.text != "。" or right - last.x1 > FULL_LINE * last.size or after[0].top <= last.top:
            continue
        opening = "".join(g.text for g in after)
        # a cell's `2.` may follow the last item within its line (…之件數。2.推動…)
        inline = cell and DOTTED_NUMBER.match(opening)
        if parse_numbering(opening) is not None and not inline:
            continue
        box = (min(row[0].x0, after[0].x0), last.top, max(last.x1, after[-1].x1), after[-1].bottom)
        why = (
            "the item after the first line's 。 may run on in its line"
            if inline
            else "a paragraph may end after the first line's 。"
        )
        doubts.append((tuple(round(v, 1) for v in box), why))
    return doubts


def items_alike(glyphs: list[Glyph], lines: list[tuple[int, int, tuple[int, bool | None] | None]]) -> list[Glyph]:
    """The glyphs with the bracketed item numbers of a cell's list printed
    alike (agree_item_brackets); `lines`: each line's first glyph, its
    length and its item number's bracket widths."""
    texts = [[g.text for g in glyphs[start : start + n]] for start, n, _ in lines]
    agreed = agree_item_brackets(texts, [item for *_, item in lines])
    out = list(glyphs)
    for (start, _n, _item), line in zip(lines, agreed):
        for k, text in enumerate(line):
            if out[start + k].text != text:
                out[start + k] = replace(out[start + k], text=text)
    return out


def line_span(band: np.ndarray, left: int, symbols: list[Symbol]) -> tuple[int, int] | None:
    """The band's first and last + 1 inked columns, when the first is its
    first symbol's ink (its box's start, within a quarter em), else None
    (a speck before it)."""
    span = ink_span(band)
    em = em_size(symbols) or (band.shape[0] * 0.7)
    if span is None or not symbols or abs(left + symbols[0].box[0] - span[0]) > 0.25 * em:
        return None
    return span


def lost_line(band: np.ndarray, height: int, typical: int) -> tuple[int, int] | None:
    """The columns (first, last + 1) of a band's ink when it is as tall as a
    line and an em wide or more: text the readings lost, not a speck."""
    columns = np.flatnonzero((band < 128).any(axis=0))
    if len(columns) == 0 or height < 0.6 * typical or columns[-1] + 1 - columns[0] < typical:
        return None
    return int(columns[0]), int(columns[-1]) + 1


MARK_BAND = 0.7  # of the typical line's height: a band this short may hold a mark alone (a ； 0.6), not a line of text
# What a line may end in before its sentence's mark wraps alone onto the
# next, besides an ideograph: a figure, a % sign, a closing bracket (（30%）；).
OPEN_SENTENCE_ENDS = "0123456789%％)）」』"


def wrapped_mark(line: np.ndarray, symbols: list[Symbol]) -> list[Symbol]:
    """A sentence's 。 or ； wrapped alone onto the next line: a band of one
    small ring, which the model reads as 0, o, 【】 or not at all, or of a
    dot over a comma, which it passes over (image.mark_shape)."""
    # Otsu's level, not a fixed one: a 200-dpi ring's faint top (127-131 of
    # 255) broke it open at 128, and the 。 was read as 【 or °.
    level = cv2.threshold(line, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0]
    ink = line < max(level, 128)
    shape = mark_shape(ink)
    read = "".join(s.text for s in symbols)
    if shape is None:
        return symbols
    if read == shape:  # read, but with the little confidence of a lone symbol
        return [s._replace(confidence=max(s.confidence, SHAPED_MARK)) for s in symbols]
    doubt = f"{shape} wrapped alone onto its line (read as {read or 'nothing'})"
    return [Symbol(shape, ink_box(ink), SHAPED_MARK, doubt=doubt)]


def ocr_page(page: pymupdf.Page, number: int, dpi: int = DPI) -> RawPage:
    """Read one scanned page: rulings and cells from the raster, each cell on
    its own, then the rest of the page by lines. A page read with little
    confidence may be sideways or upside down (a landscape table scanned in
    portrait): Tesseract's orientation detection says how to turn it, and a
    turned page is read again. Upright pages never pay for the detection."""
    gray = render(page, dpi)
    size = round(page.rect.width, 2), round(page.rect.height, 2)
    with memo.page_memo(gray):
        read, confidence = read_image(gray, number, size, dpi)
        if confidence < UPRIGHT_CONFIDENCE:
            turns = quarter_turns(gray)
            if turns:
                turned = size[::-1] if turns % 2 else size
                again, confidence_again = read_image(np.ascontiguousarray(np.rot90(gray, turns)), number, turned, dpi)
                if confidence_again > confidence:
                    read = again
    return read


def quarter_turns(gray: np.ndarray) -> int:
    """How many quarter turns (counter-clockwise) make the page's text upright:
    by Tesseract's orientation detection (osd model) when it is sure, else
    by reading a sample of lines a quarter turn either way (sampled_turns)."""
    import tesserocr
    from PIL import Image

    folder = tessdata_dir()
    found = None
    if folder is not None and (folder / "osd.traineddata").is_file():
        small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        with tesserocr.PyTessBaseAPI(path=str(folder) + "/", lang="osd", psm=tesserocr.PSM.OSD_ONLY) as api:
            api.SetImage(Image.fromarray(small))
            found = api.DetectOrientationScript()
    if found and found.get("orient_conf", 0) >= ORIENTATION_CONFIDENCE:
        return int(found["orient_deg"]) // 90 % 4
    return sampled_turns(gray)


def without_rulings(gray: np.ndarray) -> np.ndarray:
    """The page with its long straight lines painted over: a table's column
    rules would join its rows of text into one band."""
    ink = (gray < 128).astype(np.uint8)
    length = max(40, min(gray.shape) // 20)
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    lines |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    out = gray.copy()
    out[cv2.dilate(lines, np.ones((5, 5), np.uint8)) > 0] = 255
    return out


SAMPLE_LINES = 6  # lines read to tell a sideways page's way up


SIDEWAYS_CONFIDENCE = 90.0  # a sample read the wrong way up scores 82-84, the right way 94-98


def sampled_turns(gray: np.ndarray) -> int:
    """1 or 3 quarter turns, whichever reads a sample of the page's lines with
    more confidence, or 0 when neither reads them with SIDEWAYS_CONFIDENCE
    (the caller reads the page turned and keeps the better reading).
    Tesseract's orientation detection is unsure on pages of ideographs
    ruled into tables (it took a sideways plan table for Fraktur)."""
    best, turns = SIDEWAYS_CONFIDENCE, 0
    for k in (1, 3):
        confidence = sample_confidence(np.ascontiguousarray(np.rot90(gray, k)))
        if confidence > best:
            best, turns = confidence, k
    return turns


def sample_confidence(gray: np.ndarray) -> float:
    """Mean confidence of reading up to SAMPLE_LINES text bands of a page,
    spread over it (0 when it has none)."""
    gray = without_rulings(gray)
    bands = text_bands(gray)
    if not bands:
        return 0.0
    typical = sorted(b - a for a, b in bands)[len(bands) // 2]
    lines = [(a, b) for a, b in bands if 0.7 * typical <= b - a <= 1.3 * typical]
    step = max(1, len(lines) // SAMPLE_LINES)
    symbols = [s for a, b in lines[::step][:SAMPLE_LINES] for s in read_line(gray[max(0, a - 3) : b + 4])]
    return mean_confidence(symbols)


def uncut_rows(gray: np.ndarray, box: tuple[int, int, int, int], inset: int) -> tuple[int, int]:
    """The rows of a cell to read: `inset` px inside its rulings, or fewer
    where a glyph runs into that margin (a column of one character a line,
    專 set against the cell's top rule), up to the rule's own rows."""
    x0, y0, x1, y1 = box
    top, bottom = y0 + inset, y1 - inset
    # a side rule's remnant (a scan's leftover turn) inks every row near the
    # sides: only the middle of the row counts
    middle = slice(x0 + inset, max(x0 + inset + 1, x1 - inset))

    def glyph_row(y: int) -> bool:
        dark = gray[y, middle] < 128
        return bool(dark.any()) and dark.mean() < RULE_ROW

    least = y0 + 2  # never into the rule's own rows
    while top > least and top < bottom and glyph_row(top) and glyph_row(top - 1):
        top -= 1
    most = y1 - 2
    while bottom < most and bottom > top and glyph_row(bottom - 1) and glyph_row(bottom):
        bottom += 1
    return top, bottom


RULE_ROW = 0.3  # a row of a cell this dark across its middle is its ruling, not a glyph


REMNANT_COLUMNS = 4  # px at a crop's sides where a side rule's remnant may stand
REMNANT_ROWS = 0.9  # of a crop's rows a remnant inks; a glyph's stroke, a line tall, inks fewer
REMNANT_HALO = 2  # px


def without_side_remnants(crop: np.ndarray) -> np.ndarray:
    """A cell's crop with what is left of its side rules (a scan's leftover
    turn, a thick rule) whitened: a column at either side inked down nearly
    the whole crop, from top to foot. Read with the cell, a remnant beside a
    lone 一 made it a glyph of two strokes that no reading took for anything."""
    if crop.size == 0:
        return crop
    dark = crop < RULE_LEVEL
    # from the crop's top to its foot: a glyph's stroke at the side of a
    # tight cell (準 ending 衡量標準) may ink as many rows, but stops short of both
    inked = (dark.mean(axis=0) >= REMNANT_ROWS) & dark[:2].any(axis=0) & dark[-2:].any(axis=0)
    left = np.flatnonzero(inked[:REMNANT_COLUMNS])
    right = np.flatnonzero(inked[::-1][:REMNANT_COLUMNS])
    if not len(left) and not len(right):
        return crop
    out = crop.copy()
    # and its grey halo, which Otsu's threshold in a cell of little ink counts as ink
    if len(left):
        out[:, : left[-1] + 1 + REMNANT_HALO] = 255
    if len(right):
        out[:, max(0, out.shape[1] - right[-1] - 1 - REMNANT_HALO) :] = 255
    return out


def read_image(gray: np.ndarray, number: int, size: tuple[float, float], dpi: int) -> tuple[RawPage, float]:
    """A page image in, the page read from it out, with the mean confidence of
    everything read (0 when nothing was)."""
    gray = deskew(gray, estimate_skew(gray))
    segments = raster_rulings(gray, dpi)
    px = dpi / 72
    glyphs: list[Glyph] = []
    confidences: list[tuple[BBox, float]] = []
    checks: list[tuple[BBox, str]] = []
    outside = gray.copy()
    figures: list[FigureBracket] = []
    openers: list[Opener] = []
    margins: list[int] = []
    for boxes in edges_to_cell_boxes(segments_to_edges(segments)):
        grid = boxes_to_grid(number, boxes)
        x0, y0, x1, y1 = (int(v * px) for v in grid.bbox)
        outside[max(0, y0 - 4) : y1 + 5, max(0, x0 - 4) : x1 + 5] = 255
        for *_span, box in grid.boxes:
            bx0, by0, bx1, by1 = (int(v * px) for v in box)
            inset = max(3, int(px * 1.5))
            top, bottom = uncut_rows(gray, (bx0 + inset, by0, bx1 - inset, by1), inset)
            crop = without_side_remnants(gray[top:bottom, bx0 + inset : bx1 - inset])
            if crop.size == 0:
                continue
            read = read_lines(crop, (bx0 + inset, top), dpi)
            shift = len(glyphs)
            figures += [b._replace(opening=b.opening + shift, closing=b.closing + shift) for b in read.figures]
            openers += [o._replace(first=o.first + shift) for o in read.openers]
            margins += [read.margin] if read.margin is not None else []
            glyphs.extend(read.glyphs)
            cell_box = tuple(round(v, 1) for v in box)
            if read.confidence is not None:
                confidences.append((cell_box, round(read.confidence, 1)))
            if read.checks:
                checks.append((cell_box, "; ".join(why for _, why in read.checks[:3])))
    if (margin := page_margin(margins)) is not None:
        glyphs, figures = brackets_by_page_margin(glyphs, openers, margin, figures)
    glyphs = agree_figure_brackets(glyphs, figures)
    edge = int(PAPER_EDGE * px)  # no printer prints there; a scan's border dirt is read as text
    outside[:edge, :] = outside[-edge:, :] = 255
    outside[:, :edge] = outside[:, -edge:] = 255
    read = read_lines(outside, (0, 0), dpi, cell=False)
    glyphs.extend(read.glyphs)
    checks.extend(read.checks)
    every = [c for _, c in confidences] + ([read.confidence] if read.confidence is not None else [])
    mean = sum(every) / len(every) if every else 0.0
    page = RawPage(number, *size, tuple(glyphs), segments, True, tuple(confidences), tuple(checks))
    return page, mean
