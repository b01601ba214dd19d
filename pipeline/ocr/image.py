"""Image: a page rendered, turned straight, cleaned; the ruling lines found in
it (morphology) and the bands of ink that are lines of text."""

from __future__ import annotations

import cv2
import numpy as np
import pymupdf

from ..model import Segment

DPI = 300  # measured best of 200 / 300 / 400 on the scanned fixtures (docs/ocr.md)


SMALLEST_LINE = 32  # px at 300 dpi (8 pt): no line of text in these documents is smaller


MIN_INK = 80  # px of ink at 300 dpi: less is specks (a lone "1" in a KPI cell has about 230)


RULE_LEVEL = 200  # grey levels darker than this can be a ruling: a long run of them is one, paper noise never is
LINE_MARGIN = 2  # ems of paper kept either side of a line's ink: read better than 1 on the scanned families


INK_LEVEL = 160  # grey levels darker than this can be ink; paper and scanner noise are lighter


def render(page: pymupdf.Page, dpi: int = DPI) -> np.ndarray:
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width).copy()


def estimate_skew(gray: np.ndarray) -> float:
    """The angle (degrees) that makes text lines and rulings level: the one
    whose row profile is sharpest, coarse then fine, on a half-size copy."""
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    h, w = ink.shape

    def sharpness(angle: float) -> float:
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1), (w, h), flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    best = max(np.arange(-2.0, 2.0001, 0.1), key=sharpness)
    return float(max(np.arange(best - 0.1, best + 0.1001, 0.02), key=sharpness))


def deskew(gray: np.ndarray, angle: float) -> np.ndarray:
    h, w = gray.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1)
    return cv2.warpAffine(gray, turn, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def clean(gray: np.ndarray) -> np.ndarray:
    """Denoise (Gaussian) and binarize (Otsu): what Tesseract reads best here."""
    return cv2.threshold(cv2.GaussianBlur(gray, (5, 5), 0), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]


def ink_box(ink: np.ndarray) -> tuple[int, int, int, int]:
    """The box (x0, y0, x1, y1) of the inked pixels (there must be some)."""
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return int(columns[0]), int(rows[0]), int(columns[-1]) + 1, int(rows[-1]) + 1


def raster_rulings(gray: np.ndarray, dpi: int = DPI) -> tuple[Segment, ...]:
    """Ruling lines of a scan, in PDF points: long thin runs of ink kept by a
    morphological opening (a quarter inch), one segment per connected run.
    A hairline (a browser's one-pixel border) scans lighter than text and,
    left by deskewing a little off the vertical, steps from one column of
    pixels to the next: lines are looked for in grey up to RULE_LEVEL, each
    widened by a pixel either side across its length first."""
    ink = np.where(gray < RULE_LEVEL, 255, 0).astype(np.uint8)
    scale = 72 / dpi
    horizontals = ruled_runs(ink, int(dpi * 0.25), True, scale)
    segments = horizontals + ruled_runs(ink, int(dpi * 0.25), False, scale)
    loose = [s for s in segments if loose_stroke(s, segments)]
    kept = [s for s in segments if s not in loose] + cut_at_the_foot(loose, horizontals)
    # A table of compact one-line rows (a risk map's first row left alone at
    # a page's foot, 14 pt) is under a quarter inch tall: its dividers are
    # found by a shorter opening, and kept only where they run into the
    # rules above and below (a glyph's stroke stops short of them, by 1.2 pt
    # and more) and no longer divider meets those rules: in a table of
    # taller rows a compact header's strokes may reach both (措 in 控制措施).
    dividers = [s for s in kept if not s.horizontal]
    short = [
        s
        for s in ruled_runs(ink, int(dpi * SHORT_RULE), False, scale)
        if s.bottom - s.top < 18 and runs_into_rules(s, horizontals, dividers)
    ]
    return tuple(kept + short)


SHORT_RULE = 0.1  # inch: the shortest divider looked for between two rules
INTO_RULE = 0.25  # points: a divider's end reaches the middle of the rule it meets, or nearly


def ruled_runs(ink: np.ndarray, length: int, horizontal: bool, scale: float) -> list[Segment]:
    """Long thin runs of ink one way, in points: a morphological opening
    `length` pixels long, after widening the ink a pixel either side across it."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
    widened = cv2.dilate(ink, np.ones((3, 1) if horizontal else (1, 3), np.uint8))
    mask = cv2.morphologyEx(widened, cv2.MORPH_OPEN, kernel)
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    runs = [tuple(v * scale for v in stat[:4]) for stat in stats[1:]]
    if horizontal:
        return [Segment(x, y + h / 2, x + w, y + h / 2) for x, y, w, h in runs]
    return [Segment(x + w / 2, y, x + w / 2, y + h) for x, y, w, h in runs]


def runs_into_rules(segment: Segment, horizontals: list[Segment], dividers: list[Segment]) -> bool:
    """A vertical run whose ends reach into horizontal rules above and below
    it, rules that no divider of the page's (a quarter inch or longer) meets."""
    across = [h for h in horizontals if h.x0 - RULE_REACH <= segment.x0 <= h.x1 + RULE_REACH]
    above = [h for h in across if -RULE_REACH <= segment.top - h.top <= INTO_RULE]
    below = [h for h in across if -RULE_REACH <= h.top - segment.bottom <= INTO_RULE]
    met = [
        v
        for v in dividers
        for h in above + below
        if h.x0 - RULE_REACH <= v.x0 <= h.x1 + RULE_REACH
        and min(abs(v.top - h.top), abs(v.bottom - h.top)) <= RULE_REACH
    ]
    return bool(above) and bool(below) and not met


LOOSE_STROKE = 72.0  # points: a vertical run of ink shorter than this may be glyphs' strokes
RULE_REACH = 3.0  # points: how near a rule's end stands to the rule it meets


def loose_stroke(segment: Segment, segments: list[Segment]) -> bool:
    """A short vertical run that does not run from rule to rule: glyphs'
    strokes standing in line (估's 亻 under a row's top rule and a stroke of
    the row below), which would split a cell. A divider ends on the rules
    above and below its cells."""
    if segment.horizontal or segment.bottom - segment.top >= LOOSE_STROKE:
        return False
    x = segment.x0
    across = [h for h in segments if h.horizontal and h.x0 - RULE_REACH <= x <= h.x1 + RULE_REACH]
    meets = [any(abs(h.top - end) <= RULE_REACH for h in across) for end in (segment.top, segment.bottom)]
    return not all(meets)


def cut_at_the_foot(loose: list[Segment], horizontals: list[Segment]) -> list[Segment]:
    """The short dividers of a table cut by a page break under its first
    rows: each from a rule down to one height with no rule there (a browser
    draws none under a row it cuts), three or more, the table's two sides
    among them. Glyph strokes do not stand at a rule's two ends, nor end all
    alike. (layout.grid.close_open_bottoms closes the cells.)"""

    def rule_above(v: Segment) -> Segment | None:
        return next(
            (
                h
                for h in horizontals
                if abs(v.top - h.top) <= RULE_REACH and h.x0 - RULE_REACH <= v.x0 <= h.x1 + RULE_REACH
            ),
            None,
        )

    hanging = [(v, h) for v in loose if (h := rule_above(v)) is not None]
    kept: list[Segment] = []
    for v, _ in hanging:
        alike = [(w, h) for w, h in hanging if abs(w.bottom - v.bottom) <= RULE_REACH]
        sides = {round(w.x0) for w, h in alike if min(abs(w.x0 - h.x0), abs(w.x0 - h.x1)) <= RULE_REACH}
        if len(alike) >= 3 and len(sides) >= 2:
            kept.append(v)
    return kept


def text_bands(gray: np.ndarray, faint_rows: bool = False) -> list[tuple[int, int]]:
    """Rows of a region that hold one line of text each (top, bottom), from its
    ink profile; a band twice a line's height is split at its faintest row.
    `faint_rows`: the region is a page's text outside tables (grow_short_bands)."""
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    if smooth.size == 0 or smooth.min() >= INK_LEVEL:
        return []  # blank: Otsu would split paper grain and JPEG noise into "ink"
    # Otsu's level, but never paper's: on a page all paper but a page number,
    # it put the noise of a scan's paper (253 of 255) under the ink.
    level = min(cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[0], RULE_LEVEL)
    ink = cv2.medianBlur(cv2.threshold(smooth, level, 255, cv2.THRESH_BINARY_INV)[1], 3) > 0
    if ink.sum() < MIN_INK:  # a lone figure in a tall cell is little ink, but not none
        return []
    profile = ink.sum(axis=1)
    rows = np.where(profile > max(2, 0.01 * gray.shape[1]))[0]
    if len(rows) == 0:
        return []
    bands, start, prev = [], rows[0], rows[0]
    for r in rows[1:]:
        if r - prev > 2:
            bands.append((start, prev))
            start = r
        prev = r
    bands.append((start, prev))
    if faint_rows:
        bands = faint_lines(grow_short_bands(bands, profile), profile, FAINT_ROW)
    else:
        bands = faint_lines(bands, profile, 2, ink)
    bands = [band for band in (tall_enough(ink, a, b) for a, b in join_split_glyphs(bands)) if band]
    if not bands:
        return []
    typical = sorted(b - a for a, b in bands)[len(bands) // 2]
    bands = sorted(bands + lone_mark_bands(bands, ink, typical))
    out = []
    for a, b in bands:
        while b - a > 1.7 * typical and typical > 10:
            lo, hi = a + int(typical * 0.6), a + int(typical * 1.4)
            cut = lo + int(np.argmin(profile[lo:hi]))
            out.append((a, cut))
            a = cut + 1
        out.append((a, b))
    return out


LONE_MARK = (0.25, 0.7)  # of a line's height: how tall a sentence's mark alone on its line is


def lone_mark_bands(bands: list[tuple[int, int]], ink: np.ndarray, typical: int) -> list[tuple[int, int]]:
    """Bands of a mark alone on its line between the lines found (a ； wrapped
    after 建設 of a full line): its rows hold too little ink to pass a
    line's threshold. Ink no taller than a mark, no wider than half a line's
    height, at the start of the lines (where a wrapped mark stands), and a
    mark's shape (mark_shape): not a bracket's or a speck's."""
    start = min((int(np.flatnonzero(ink[a : b + 1].any(axis=0))[0]) for a, b in bands), default=0)
    found = []
    edges = [(bottom + 3, top - 3) for (_, bottom), (top, _) in zip(bands, bands[1:])]
    for first, last in [*edges, (bands[-1][1] + 3, ink.shape[0] - 1)]:
        rows = np.flatnonzero(ink[first : last + 1].any(axis=1))
        if len(rows) == 0:
            continue
        top, bottom = first + int(rows[0]), first + int(rows[-1])
        columns = np.flatnonzero(ink[top : bottom + 1].any(axis=0))
        tall = LONE_MARK[0] * typical <= bottom - top + 1 <= LONE_MARK[1] * typical
        narrow = columns[-1] - columns[0] < typical / 2 and columns[0] <= start + typical / 2
        if tall and narrow and mark_shape(ink[top : bottom + 1]):
            found.append((top, bottom))
    return found


def ink_columns(band: np.ndarray) -> tuple[int, int]:
    """The columns [start, end) of a text band that hold its ink, with
    LINE_MARGIN ems (the band's height) of paper either side, or the whole
    band when it holds none. A band is as wide as its region (the page,
    outside tables), and the model reads symbols into the blank paper of a
    line's long empty end (a 。 read as 人 with a box running to the page's
    edge)."""
    ink = cv2.medianBlur(clean(band), 3) < 128  # specks of paper noise are not ink
    columns = np.flatnonzero(ink.any(axis=0))
    if len(columns) == 0:
        return 0, band.shape[1]
    pad = LINE_MARGIN * band.shape[0]
    return max(0, int(columns[0]) - pad), min(band.shape[1], int(columns[-1]) + 1 + pad)


def ink_span(band: np.ndarray) -> tuple[int, int] | None:
    """The first and last + 1 columns of a text band that hold ink (None:
    blank), a column of one dark pixel being paper noise, not a stroke."""
    columns = np.flatnonzero((band < 128).sum(axis=0) >= 2)
    return (int(columns[0]), int(columns[-1]) + 1) if len(columns) else None


FAINT_ROW = 6  # px of ink: a row of a short line's thin strokes


def typical_line(bands: list[tuple[int, int]]) -> int:
    """A line's height among these bands: the median of those seven rows
    tall or more, never under SMALLEST_LINE (a cell holding one glyph gives
    no typical line: 三 is three thin bands, 六 two)."""
    tall = sorted(b - a for a, b in bands if b - a >= 7)
    return max(tall[len(tall) // 2] if tall else 0, SMALLEST_LINE)


def grow_short_bands(bands: list[tuple[int, int]], profile: np.ndarray) -> list[tuple[int, int]]:
    """A row counts as ink when it holds a hundredth of the region's width,
    and a short line across a page (the page number 3-2) has rows of one
    thin stroke under that: it comes out in slivers. A band shorter than a
    line is grown over the fainter rows of ink next to it (FAINT_ROW or
    more), and bands that meet are one."""
    typical = typical_line(bands)
    grown: list[tuple[int, int]] = []
    for a, b in bands:
        if b - a < 0.6 * typical:
            while a > 0 and profile[a - 1] > FAINT_ROW:
                a -= 1
            while b + 1 < len(profile) and profile[b + 1] > FAINT_ROW:
                b += 1
        if grown and a <= grown[-1][1] + 1:
            grown[-1] = (grown[-1][0], max(b, grown[-1][1]))
        else:
            grown.append((a, b))
    return grown


def faint_lines(
    bands: list[tuple[int, int]], profile: np.ndarray, least: int, ink: np.ndarray | None = None
) -> list[tuple[int, int]]:
    """The bands, and the lines between them no row of which holds a
    hundredth of the region's width: a paragraph's last line of a glyph or
    two in a thin font (訊。 across a page, 24 px of ink a row where 25 count)
    left no sliver to grow, and a cell's ） wrapped alone onto its last line
    (3 px a row of a cell 653 px wide). Rows of more than `least` inked
    pixels, as tall as a line, standing apart from every band; given the
    region's `ink`, clear of its sides too (a ruling's remnant is not text)."""
    typical = typical_line(bands)
    rows = np.flatnonzero(profile > least)
    if len(rows) == 0:
        return bands
    breaks = np.flatnonzero(np.diff(rows) > 2)
    runs = zip(rows[np.concatenate(([0], breaks + 1))], rows[np.concatenate((breaks, [len(rows) - 1]))])
    lost = [
        (int(a), int(b))
        for a, b in runs
        if FAINT_LINE[0] * typical <= b - a <= FAINT_LINE[1] * typical
        and not any(a <= z and y <= b for y, z in bands)
        and (ink is None or clear_of_sides(ink[a : b + 1]))
    ]
    return sorted(bands + lost)


def clear_of_sides(rows: np.ndarray) -> bool:
    """Whether the ink in these rows stays off the region's left and right
    edges (three pixels)."""
    columns = np.flatnonzero(rows.any(axis=0))
    return len(columns) > 0 and columns[0] >= 3 and columns[-1] < rows.shape[1] - 3


FAINT_LINE = (0.6, 1.3)  # of a typical line's height: a faint run of rows this tall is a line


def join_split_glyphs(bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Bands that are parts of one line: a glyph whose top stroke stands apart
    (頁, 百) makes a thin band just above its line. A band is joined to the
    previous one when either is short and together they are no taller than
    a line."""
    if not bands:
        return bands
    typical = typical_line(bands)
    out = [bands[0]]
    for a, b in bands[1:]:
        pa, pb = out[-1]
        short = min(pb - pa, b - a) < 0.6 * typical
        if short and b - pa <= 1.25 * typical:
            out[-1] = (pa, b)
        else:
            out.append((a, b))
    return out


def tall_enough(ink: np.ndarray, top: int, bottom: int) -> tuple[int, int] | None:
    """A band of text, or None for specks. A thin band that is a solid stroke
    as wide as a character (一, －) is text too: given a character's height."""
    if bottom - top >= 7:
        return top, bottom
    columns = np.where(ink[top : bottom + 1].any(axis=0))[0]
    # as wide as one glyph (at most a quarter inch at 300 dpi), solid, not a rule
    if len(columns) < 12 or columns[-1] - columns[0] > min(80, 2 * len(columns)):
        return None
    middle = (top + bottom) // 2
    half = max(8, (columns[-1] - columns[0]) // 2)
    return max(0, middle - half), min(ink.shape[0] - 1, middle + half)


def column_runs(columns: np.ndarray, bridge: float = 0) -> list[tuple[int, int]]:
    """[start, end) of each run of inked columns (`columns`: ink.any(axis=0)),
    runs with no more than `bridge` blank columns between them joined (the
    strokes of one glyph)."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], columns.astype(np.int8), [0]))))
    runs: list[tuple[int, int]] = []
    for a, b in zip(edges[::2], edges[1::2]):
        if runs and bridge and a - runs[-1][1] <= bridge:
            runs[-1] = (runs[-1][0], int(b))
        else:
            runs.append((int(a), int(b)))
    return runs


def ink_blobs(ink: np.ndarray) -> list[tuple[int, int, int, int, float]]:
    """The line's connected pieces of ink: (left, top, width, height, centre x), specks left out."""
    count, _, stats, centres = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    return [
        (int(stats[k][0]), int(stats[k][1]), int(stats[k][2]), int(stats[k][3]), float(centres[k][0]))
        for k in range(1, count)
        if stats[k][cv2.CC_STAT_AREA] >= 4
    ]


def lone_ring(ink: np.ndarray) -> tuple[int, int, int, int] | None:
    """The box (x0, y0, x1, y1) of the ink when it is one ring and nothing
    else: about as wide as tall, paper enclosed in it (a 。), else None."""
    blobs = ink_blobs(ink)
    if len(blobs) != 1:
        return None
    left, top, width, height, _ = blobs[0]
    if not 0.6 <= width / height <= 1.6:
        return None
    inside = ~ink[top : top + height, left : left + width]
    count, labels = cv2.connectedComponents(inside.astype(np.uint8), connectivity=4)
    border = set(labels[0]) | set(labels[-1]) | set(labels[:, 0]) | set(labels[:, -1])
    enclosed = any(k not in border for k in range(1, count))
    return (left, top, left + width, top + height) if enclosed else None


# A ；'s lower piece (a comma) is taller than its dot; a ：'s two dots are
# alike. Measured on a 10-pt ； scanned at 300 dpi: a 6-px dot over an 8-px
# comma (1.33); at 200 dpi the pieces are 4 and 5-6 px.
SEMICOLON_TAIL = 1.3
COLON_DOTS = 1.1


def mark_shape(ink: np.ndarray) -> str | None:
    """The sentence mark a patch of ink holding one mark and nothing else
    is, by its pieces: a ring 。, a dot over a taller comma ；, two dots
    alike ：; None when the pieces say none of these (or are unclear)."""
    if lone_ring(ink):
        return "。"
    blobs = ink_blobs(ink)
    if len(blobs) != 2:
        return None
    (left1, top1, width1, height1, _), (left2, top2, width2, height2, _) = sorted(blobs, key=lambda b: b[1])
    stacked = top2 >= top1 + height1 and max(left1, left2) < min(left1 + width1, left2 + width2)
    if not stacked or max(width1, height1) > 2 * min(width1, height1):
        return None  # side by side, or the upper piece is no dot
    if height2 >= SEMICOLON_TAIL * height1:
        return "；"
    if height2 <= COLON_DOTS * height1:
        return "："
    return None
