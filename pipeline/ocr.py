"""OCR: a page with no usable text layer in, a RawPage out: rulings found in
the raster and glyphs read by Tesseract (traditional Chinese), in PDF points,
so the layout, sections and records stages treat a scan like any other page.

    render (300 dpi) -> [turned upright when it reads badly] -> deskew
    -> raster_rulings -> cells -> every cell OCR'd on its own, line by line
    (text_bands, best_reading), then the text outside the tables
    -> repair (per line) and correct_vocabulary (per cell) -> glyphs

Page-level OCR scrambles columns exactly as pdftotext does, hence cell by
cell. tesserocr keeps one Tesseract instance loaded for the whole document:
measured on the scanned fixtures it is about 8x faster than pytesseract,
which starts a tesseract process (and loads the model) for every cell.
"""

from __future__ import annotations

import itertools
import math
import os
import re
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import cv2
import numpy as np
import pymupdf
import regex
from rapidfuzz import fuzz, process

from . import lexicon
from .extract import junk_share as junk_share
from .extract import needs_ocr as needs_ocr
from .layout import boxes_to_grid, edges_to_cell_boxes, segments_to_edges
from .model import BBox, Glyph, RawPage, Segment
from .normalize import is_cjk

DPI = 300  # measured best of 200 / 300 / 400 on the scanned fixtures (README)
TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
SMALLEST_LINE = 32  # px at 300 dpi (8 pt): no line of text in these documents is smaller
MIN_INK = 80  # px of ink at 300 dpi: less is specks (a lone "1" in a KPI cell has about 230)
INK_LEVEL = 160  # grey levels darker than this can be ink; paper and scanner noise are lighter
LOW_CONFIDENCE = 95.0  # a cell read with less goes to quality.csv (about one in twenty on the fixtures)
NOISE_CONFIDENCE = 45.0  # a line read with less is noise, not text
LONE_CONFIDENCE = 85.0  # a line of one symbol needs more: specks read as 全, 和
RAW_LINE_CONFIDENCE = 80.0  # a line only the raw-line reading finds needs as much
LATIN_CONFIDENCE = 70.0  # a line of figures re-read by the Latin model needs as much
UPRIGHT_CONFIDENCE = 95.0  # upright scans read at 98-99; a sideways page still reads at about 87
ORIENTATION_CONFIDENCE = 3.0  # Tesseract's own measure; upright scans score 7-11
MISSING = "scanned pages need OCR: install tesseract-ocr-chi-tra"
# Choosing between two readings of a line (choose_reading), measured on
# lines of the scanned corpus families (tests/corpus/scan.py) against their
# printed text.
SECOND_SCALE = 1.5  # the second reading sees the line at 2/3 of the render's size
MAX_SLOT = 3  # symbols: a longer difference is not a look-alike
MAX_SLOTS = 6  # places per line weighed together (2**6 combinations)
CONFIDENCE_WEIGHT = 1.0  # the model's confidence against the lexicon's log-probability
SECOND_PRIOR = 1.0  # the first reading is the better one overall: the second must win by this much
CLOSE_READING = 2.0  # a choice won by less than this (log-probability) is doubtful
# The ink of a % sign, width over height: 0.70-0.77 alone in the corpus's
# fonts (0.93 for one full-width ％), 1.4 with a figure touching it.
UNSURE_SYMBOL = 50.0  # a symbol read with less confidence is named in quality.csv
NUMERALS = "一二三"
DASHES = ("-", "－", "—", "–", "一")
# The ink of a % sign, width over height: 0.70-0.77 alone in the corpus's
# fonts, 1.4 with a figure touching it; a figure adds about 0.55.
PERCENT_WIDTH = 0.75
DIGIT_WIDTH = 0.55

# The template's fixed words: table headers, methods, units. A whole cell
# that is close to one of them is that word.
VOCABULARY = [
    "施政目標",
    "關鍵策略目標",
    "策略績效目標",
    "關鍵績效指標",
    "衡量指標",
    "共同性目標",
    "共同性指標",
    "評估體制",
    "評估方式",
    "衡量標準",
    "年度目標值",
    "與中長程個案計畫關聯",
    "工作計畫名稱",
    "重要計畫項目",
    "計畫類別",
    "實施內容",
    "風險項目",
    "控制措施",
    "負責單位",
    "統計數據",
    "問卷調查",
    "書面審核",
    "人次",
    "百分比",
    "項數",
    "次數",
    "達到項數",
    "是否",
    "其它",
]
VOCABULARY_CUTOFF = 70


# --- which pages ------------------------------------------------------------


# junk_share and needs_ocr live in pipeline.extract (imported above under
# their names here): extract decides which pages need OCR without importing
# this module, and with it OpenCV and Tesseract.


# --- engine -----------------------------------------------------------------


def tessdata_dir() -> Path | None:
    for candidate in (os.environ.get("PIPELINE_TESSDATA"), os.environ.get("TESSDATA_PREFIX"), *TESSDATA_DIRS):
        if candidate and (Path(candidate) / "chi_tra.traineddata").is_file():
            return Path(candidate)
        if os.environ.get("PIPELINE_TESSDATA"):
            return None  # an explicit setting without the model means: no OCR
    return None


@lru_cache(maxsize=1)
def engine():
    """One Tesseract per worker process, traditional Chinese, one text line at a time."""
    import tesserocr

    folder = tessdata_dir()
    if folder is None:
        return None
    return tesserocr.PyTessBaseAPI(path=str(folder) + "/", lang="chi_tra", psm=tesserocr.PSM.SINGLE_LINE)


@lru_cache(maxsize=1)
def raw_line_engine():
    """The same model without Tesseract's line layout (--psm 13)."""
    import tesserocr

    return tesserocr.PyTessBaseAPI(path=str(tessdata_dir()) + "/", lang="chi_tra", psm=tesserocr.PSM.RAW_LINE)


@lru_cache(maxsize=1)
def single_char_engine():
    """The same model reading one character (--psm 10)."""
    import tesserocr

    return tesserocr.PyTessBaseAPI(path=str(tessdata_dir()) + "/", lang="chi_tra", psm=tesserocr.PSM.SINGLE_CHAR)


@lru_cache(maxsize=1)
def latin_engine():
    """The English model, for lines of figures (90%, 1,500), when installed."""
    import tesserocr

    folder = tessdata_dir()
    if folder is None or not (folder / "eng.traineddata").is_file():
        return None
    return tesserocr.PyTessBaseAPI(path=str(folder) + "/", lang="eng", psm=tesserocr.PSM.SINGLE_LINE)


def available() -> bool:
    try:
        return engine() is not None
    except (ImportError, RuntimeError):
        return False


# --- image preparation ------------------------------------------------------


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


def raster_rulings(gray: np.ndarray, dpi: int = DPI) -> tuple[Segment, ...]:
    """Ruling lines of a scan, in PDF points: long thin runs of ink kept by a
    morphological opening (a quarter inch), one segment per connected run."""
    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    length = int(dpi * 0.25)
    scale = 72 / dpi
    segments = []
    for horizontal in (True, False):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        _, _, stats, _ = cv2.connectedComponentsWithStats(mask)
        for x, y, w, h, _area in stats[1:]:
            if horizontal:
                segments.append(Segment(x * scale, (y + h / 2) * scale, (x + w) * scale, (y + h / 2) * scale))
            else:
                segments.append(Segment((x + w / 2) * scale, y * scale, (x + w / 2) * scale, (y + h) * scale))
    return tuple(segments)


def text_bands(gray: np.ndarray) -> list[tuple[int, int]]:
    """Rows of a region that hold one line of text each (top, bottom), from its
    ink profile; a band twice a line's height is split at its faintest row."""
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    if smooth.size == 0 or smooth.min() >= INK_LEVEL:
        return []  # blank: Otsu would split paper grain and JPEG noise into "ink"
    ink = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    ink = cv2.medianBlur(ink, 3) > 0
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
    bands = [band for band in (tall_enough(ink, a, b) for a, b in join_split_glyphs(bands)) if band]
    if not bands:
        return []
    typical = sorted(b - a for a, b in bands)[len(bands) // 2]
    out = []
    for a, b in bands:
        while b - a > 1.7 * typical and typical > 10:
            lo, hi = a + int(typical * 0.6), a + int(typical * 1.4)
            cut = lo + int(np.argmin(profile[lo:hi]))
            out.append((a, cut))
            a = cut + 1
        out.append((a, b))
    return out


def join_split_glyphs(bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Bands that are parts of one line: a glyph whose top stroke stands apart
    (頁, 百) makes a thin band just above its line. A band is joined to the
    previous one when either is short and together they are no taller than
    a line."""
    if not bands:
        return bands
    tall = sorted(b - a for a, b in bands if b - a >= 7)
    # A cell holding one glyph gives no typical line: 三 is three thin bands, 六 two.
    typical = max(tall[len(tall) // 2] if tall else 0, SMALLEST_LINE)
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


# --- reading ------------------------------------------------------------------


class Symbol(NamedTuple):
    """One symbol Tesseract read: its box in the line image, its confidence,
    and whether the next symbol belongs to the same word."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float
    joined: bool = False
    paper: tuple[int, int] = (-1, -1)  # a parenthesis: blank columns left and right of its ink (-1: unknown)
    doubt: str = ""  # why a reader should check it: a close competing reading, a repair (quality.csv)


def read_line(gray: np.ndarray, alone: bool = False) -> list[Symbol]:
    """The symbols of one text line: Tesseract's best reading of it, repaired,
    its ideographs checked against a second reading of the same ink. `alone`:
    the line is all a table cell holds."""
    binary = clean(gray)
    symbols = repair(best_reading(binary, alone), binary < 128)
    if not any(is_cjk(s.text[:1]) and s.text[:1].isalpha() for s in symbols):
        return symbols
    if len(symbols) == 1 and symbols[0].text in NUMERALS:
        return symbols  # counted in the ink (read_one_glyph)
    second = recognize(second_look(gray), engine(), SECOND_SCALE)
    if len(symbols) == 1:
        return lone_choice(symbols[0], second)
    return choose_reading(symbols, second)


def lone_choice(first: Symbol, second: list[Symbol]) -> list[Symbol]:
    """A line of one glyph has no words around it to weigh: the more
    confident reading is kept, doubtful when the other differs."""
    if len(second) != 1 or second[0].text == first.text:
        return [first]
    keep, other = (second[0], first) if second[0].confidence > first.confidence else (first, second[0])
    return [first._replace(text=keep.text, confidence=keep.confidence, doubt=f"{keep.text} (or {other.text}?)")]


def second_look(gray: np.ndarray) -> np.ndarray:
    """The line as a second reading sees it: grey (not binarized), at two
    thirds of the size, lightly smoothed. The first reading's blur and
    threshold merge close strokes in a 200-dpi scan (處 -> 慮); this one keeps
    them apart but loses others, so the two fail on different characters."""
    small = cv2.resize(gray, None, fx=1 / SECOND_SCALE, fy=1 / SECOND_SCALE, interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(small, (3, 3), 0)


class Slot(NamedTuple):
    """Where two readings of a line differ: symbols [start, end) of the
    first, and the text the second reads there instead."""

    start: int
    end: int
    other: tuple[str, ...]
    other_confidence: float


def differing_slots(first: list[Symbol], second: list[Symbol]) -> list[Slot]:
    """The places where the second reading reads other ideographs for the
    same number of symbols (look-alikes: 處/慮, 域/城); insertions, deletions
    and figures are left to the first reading, which reads them better."""
    a, b = [s.text for s in first], [s.text for s in second]
    slots = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "replace" or i2 - i1 != j2 - j1 or i2 - i1 > MAX_SLOT:
            continue
        if all(is_cjk(t[:1]) and t[:1].isalpha() for t in a[i1:i2] + b[j1:j2]):
            slots.append(Slot(i1, i2, tuple(b[j1:j2]), mean_confidence(second[j1:j2])))
    return slots


def choose_reading(first: list[Symbol], second: list[Symbol]) -> list[Symbol]:
    """At each place the two readings differ, the one the lexicon and the
    model's confidence together favour (lexicon.score: how much the line reads
    like Chinese). A choice whose runner-up came close marks its symbols
    doubtful, with both readings, for quality.csv."""
    slots = differing_slots(first, second)[:MAX_SLOTS]
    if not slots:
        return first
    scored = []
    for choice in itertools.product((False, True), repeat=len(slots)):
        text = [s.text for s in first]
        evidence = 0.0
        for take, slot in zip(choice, slots):
            if take:
                text[slot.start : slot.end] = slot.other
                evidence += confidence_weight(slot.other_confidence) - SECOND_PRIOR
            else:
                evidence += confidence_weight(mean_confidence(first[slot.start : slot.end]))
        scored.append((lexicon.score("".join(text)) + evidence, choice))
    scored.sort(reverse=True)
    best, choice = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else -math.inf
    out = list(first)
    for take, slot in zip(choice, slots):
        mine = "".join(s.text for s in first[slot.start : slot.end])
        theirs = "".join(slot.other)
        chosen, other = (theirs, mine) if take else (mine, theirs)
        doubt = f"{chosen} (or {other}?)" if best - runner_up < CLOSE_READING else ""
        for k in range(slot.start, slot.end):
            text = slot.other[k - slot.start] if take else first[k].text
            out[k] = first[k]._replace(text=text, doubt=doubt or first[k].doubt)
    return out


def confidence_weight(confidence: float) -> float:
    """A reading's confidence as log-odds-like evidence (a confidence of 99
    weighs much more than one of 90)."""
    p = min(max(confidence, 1.0), 99.0) / 100
    return CONFIDENCE_WEIGHT * math.log(p / (1 - p))


def best_reading(binary: np.ndarray, alone: bool = False) -> list[Symbol]:
    """The line as the Chinese model reads it, unless another reading is
    better: a line read as ASCII alone (90%, 1,500, NGO) by the Latin model,
    which knows `%` and digits better; a line Tesseract's line layout rejects
    or breaks (4． 證照之驗證 widely spaced; the strokes of 二 or 三 standing
    alone) as a raw line."""
    symbols = recognize(binary, engine())
    # Only a cell's sole content: a lone glyph ending a paragraph (。 業) is
    # read with its neighbours' help by the line reading.
    if alone and one_glyph(binary):
        return read_one_glyph(binary, symbols)
    if not symbols and looks_like_a_line(binary):
        again = recognize(binary, raw_line_engine())
        return again if mean_confidence(again) >= RAW_LINE_CONFIDENCE else []
    if len(symbols) == 1 and lost_strokes(symbols[0], binary):
        again = recognize(binary, raw_line_engine())
        return again if len(again) == 1 and not lost_strokes(again[0], binary) else symbols
    latin = latin_engine()
    if latin is not None and symbols and all(s.text.isascii() for s in symbols):
        again = recognize(binary, latin)
        # What neither model reads with some confidence is a speck, not figures.
        return again if mean_confidence(again) >= LATIN_CONFIDENCE else []
    return symbols


def one_glyph(binary: np.ndarray) -> bool:
    """The line's ink is one glyph: no wider than an em (its height, or the
    line's), and not a speck."""
    ink = binary < 128
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if len(columns) == 0:
        return False
    width, height = columns[-1] - columns[0] + 1, rows[-1] - rows[0] + 1
    return width >= SMALLEST_LINE / 2 and width <= 1.3 * max(height, binary.shape[0] - 8)


def read_one_glyph(binary: np.ndarray, symbols: list[Symbol]) -> list[Symbol]:
    """A cell holding one glyph (a goal's number 三, 無, a figure): strokes
    standing apart make the line reading see two glyphs (一一 for 三) or none
    (四). Bars stacked one over another are 一 二 三, as counted in the ink;
    anything else is read as a single character, and the more confident of
    the two readings is kept."""
    bars = count_bars(binary < 128)
    read = "".join(s.text for s in symbols)
    if bars and not (bars == 1 and read in DASHES):
        x0, y0, x1, y1 = ink_box(binary < 128)
        doubt = (
            ""
            if read == NUMERALS[bars - 1]
            else f"{NUMERALS[bars - 1]} counted in the ink, read as {read or 'nothing'}"
        )
        return [Symbol(NUMERALS[bars - 1], (x0, y0, x1, y1), 96.0, doubt=doubt)]
    again = recognize(binary, single_char_engine())
    if len(again) == 1 and again[0].confidence > mean_confidence(symbols) and again[0].confidence >= LONE_CONFIDENCE:
        return again
    return symbols


def count_bars(ink: np.ndarray) -> int:
    """How many horizontal bars, one over another, the ink is (0: it is not
    only bars, or more than three)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    parts = [stats[k] for k in range(1, count) if stats[k][cv2.CC_STAT_AREA] >= 6]
    if not 1 <= len(parts) <= 3:
        return 0
    widths = [p[cv2.CC_STAT_WIDTH] for p in parts]
    if any(p[cv2.CC_STAT_WIDTH] < 3 * p[cv2.CC_STAT_HEIGHT] or p[cv2.CC_STAT_WIDTH] < SMALLEST_LINE / 2 for p in parts):
        return 0
    lefts = [p[cv2.CC_STAT_LEFT] for p in parts]
    rights = [p[cv2.CC_STAT_LEFT] + p[cv2.CC_STAT_WIDTH] for p in parts]
    overlap = min(rights) - max(lefts)
    return len(parts) if overlap >= 0.5 * min(widths) else 0


def ink_box(ink: np.ndarray) -> tuple[int, int, int, int]:
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return int(columns[0]), int(rows[0]), int(columns[-1]) + 1, int(rows[-1]) + 1


def repair(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """Every repair of a line's reading, in order: figures and operators
    first (they look at the ink), then punctuation (parenthesis widths from
    the paper around them), thousands commas, and the boxes closed up for
    layout."""
    symbols = read_operators(drop_percent_echo(symbols, ink), ink)
    symbols = repair_punctuation(measure_paper(symbols, ink.any(axis=0)))
    return close_gaps(repair_thousands(symbols))


def drop_percent_echo(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """Figures read from the left circle of a % sign (30% read as 309%,
    100% as 1000%) are dropped only when the ink says so: the run of inked
    columns under the sign has room for fewer figures than were read on it
    (a % sign is PERCENT_WIDTH of its height wide, a figure DIGIT_WIDTH). A
    figure that touches the sign widens the run and is kept (95% at 200
    dpi); a room between two counts keeps the figures and marks them
    doubtful."""
    columns = ink.any(axis=0)
    out = list(symbols)
    for i in [k for k, s in enumerate(symbols) if s.text == "%"][::-1]:
        run = ink_run(columns, (out[i].box[0] + out[i].box[2]) // 2)
        if run is None:
            continue
        on_run = [
            k for k in range(i) if out[k].text.isdigit() and run[0] <= (out[k].box[0] + out[k].box[2]) // 2 <= run[1]
        ]
        if not on_run:
            continue
        rows = np.flatnonzero(ink[:, run[0] : run[1] + 1].any(axis=1))
        room = ((run[1] - run[0] + 1) / max(1, rows[-1] - rows[0] + 1) - PERCENT_WIDTH) / DIGIT_WIDTH
        fit = max(0, round(room))
        figure_before = on_run[0] > 0 and out[on_run[0] - 1].text.isdigit()
        if len(on_run) > fit and (fit > 0 or figure_before):
            for k in on_run[fit:][::-1]:
                del out[k]
            keep = on_run[0] + fit - 1
            out[keep] = out[keep]._replace(doubt=f"{len(on_run) - fit} figure(s) read on the % sign's own ink dropped")
        elif abs(room - int(room) - 0.5) < 0.15:
            out[on_run[-1]] = out[on_run[-1]]._replace(doubt="a figure touching the % sign (or an echo of it?)")
    return out


def ink_run(columns: np.ndarray, at: int) -> tuple[int, int] | None:
    """First and last column of the run of inked columns through `at`."""
    if not 0 <= at < len(columns) or not columns[at]:
        return None
    start, end = at, at
    while start > 0 and columns[start - 1]:
        start -= 1
    while end + 1 < len(columns) and columns[end + 1]:
        end += 1
    return start, end


def read_operators(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """The operators of the template's formulas, which the Chinese model does
    not know: a bar with a dot above and below, read as 二 一 - or =, is ÷
    (looks_like_division); x or X (or both, for one glyph) between a bracket,
    ideograph or figure and a figure is ×: （實支數）÷（預算數）×100%."""
    out: list[Symbol] = []
    for i, sym in enumerate(symbols):
        after = symbols[i + 1].text[:1] if i + 1 < len(symbols) else ""
        if sym.text in "二一-－=" and looks_like_division(ink[:, max(0, sym.box[0] - 3) : sym.box[2] + 3]):
            sym = sym._replace(text="÷")
        elif sym.text in "xX" and out and out[-1].text in "×xX" and after.isdigit():
            # one × read as xX: after a bracket, or as two boxes on one glyph
            if out[-1].text == "×" or sym.box[0] < out[-1].box[2]:
                x0, y0, x1, y1 = out[-1].box
                out[-1] = out[-1]._replace(text="×", box=(x0, y0, max(x1, sym.box[2]), max(y1, sym.box[3])))
                continue
        elif sym.text in "xX" and out and multiplies(out[-1].text[-1], "".join(s.text for s in symbols[i + 1 : i + 3])):
            sym = sym._replace(text="×")
        out.append(sym)
    return out


def multiplies(before: str, after: str) -> bool:
    """An x between these is ×: after a bracket, ideograph or figure, before a
    figure (or another x and a figure: one × read as two); after a closing
    bracket at the end of a line too, the figures on the next."""
    if regex.match(r"[)）\]］】]", before) and not after:
        return True
    return bool(regex.match(r"[\p{Han}\d)）\]］】]", before) and regex.match(r"[xX]?\d", after))


def looks_like_division(patch: np.ndarray) -> bool:
    """A horizontal bar with one small blob above its middle and one below."""
    count, _, stats, centres = cv2.connectedComponentsWithStats(patch.astype(np.uint8), connectivity=8)
    parts = [(stats[k], centres[k]) for k in range(1, count) if stats[k][cv2.CC_STAT_AREA] >= 4]
    bars = [(s, c) for s, c in parts if s[cv2.CC_STAT_WIDTH] >= 3 * s[cv2.CC_STAT_HEIGHT]]
    if len(bars) != 1 or len(parts) != 3:
        return False
    bar, (bx, by) = bars[0]
    width = bar[cv2.CC_STAT_WIDTH]
    dots = [
        c
        for s, c in parts
        if max(s[cv2.CC_STAT_WIDTH], s[cv2.CC_STAT_HEIGHT]) <= width / 2 and abs(c[0] - bx) <= width / 4
    ]
    return len(dots) == 2 and min(c[1] for c in dots) < by < max(c[1] for c in dots)


def recognize(binary: np.ndarray, api, scale: float = 1.0) -> list[Symbol]:
    """The symbols Tesseract reads in the image, their boxes multiplied by
    `scale` (for an image read at another size than the line's)."""
    import tesserocr
    from PIL import Image

    pad = 10
    api.SetImage(Image.fromarray(cv2.copyMakeBorder(binary, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)))
    api.Recognize()
    out: list[Symbol] = []
    it = api.GetIterator()
    symbol, word = tesserocr.RIL.SYMBOL, tesserocr.RIL.WORD
    while it is not None:
        try:
            text, box = it.GetUTF8Text(symbol), it.BoundingBox(symbol)
        except RuntimeError:  # an empty line: Tesseract found no symbol
            break
        if text and box:
            x0, y0, x1, y1 = (round((v - pad) * scale) for v in box)
            joined = not it.IsAtFinalElement(word, symbol)
            out.append(Symbol(text, (x0, y0, x1, y1), it.Confidence(symbol), joined))
        if not it.Next(symbol):
            break
    return out


def measure_paper(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """Each parenthesis with the blank columns on either side of its ink, up to
    the next ink. Tesseract's boxes are not tight or steady enough to tell a
    half-width parenthesis from a full-width one; the ink is. A parenthesis's
    ink is the narrow run of inked columns (under a third of an em) nearest
    its box."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], ink.astype(np.int8), [0]))))
    runs = list(zip(edges[::2], edges[1::2]))  # [start, end) of each run of ink
    em = em_size(symbols)
    out = []
    for sym in symbols:
        centre = (sym.box[0] + sym.box[2]) / 2
        narrow = [
            (abs((a + b) / 2 - centre), k)
            for k, (a, b) in enumerate(runs)
            if b - a <= em / 3 and abs((a + b) / 2 - centre) <= em / 2
        ]
        if sym.text not in "()（）" or not em or not narrow:
            out.append(sym)
            continue
        k = min(narrow)[1]
        left = int(runs[k][0] - runs[k - 1][1]) if k > 0 else -1
        right = int(runs[k + 1][0] - runs[k][1]) if k + 1 < len(runs) else -1
        out.append(sym._replace(paper=(left, right)))
    return out


def em_size(symbols: list[Symbol]) -> int:
    """The line's em in px: the median height of its ideographs' boxes (0: none)."""
    heights = sorted(s.box[3] - s.box[1] for s in symbols if regex.match(r"\p{Han}", s.text))
    return heights[len(heights) // 2] if heights else 0


def mean_confidence(symbols: list[Symbol]) -> float:
    return sum(s.confidence for s in symbols) / len(symbols) if symbols else 0.0


def close_gaps(symbols: list[Symbol]) -> list[Symbol]:
    """Each box widened to the next symbol of its word, or to its neighbour when
    either is CJK (set solid): layout then reads a space only between words.
    Tesseract's order is the reading order, so a box that drifts back over the
    one before (the 。 of 活動。) is moved to start where that one starts."""
    out = list(symbols)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        if b.box[0] <= a.box[0]:
            out[i] = b._replace(box=(a.box[0] + 1, b.box[1], max(b.box[2], a.box[0] + 2), b.box[3]))
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.joined or is_cjk(a.text[-1]) or is_cjk(b.text[0]):
            out[i] = a._replace(box=(a.box[0], a.box[1], max(a.box[2], b.box[0]), a.box[3]))
    return out


def lost_strokes(symbol: Symbol, binary: np.ndarray) -> bool:
    """A symbol whose box covers less than half the height of the ink it was
    read from: 一 read for 三."""
    rows = np.flatnonzero((binary < 128).any(axis=1))
    return len(rows) > 0 and (symbol.box[3] - symbol.box[1]) < 0.5 * (rows[-1] - rows[0] + 1)


def looks_like_a_line(binary: np.ndarray) -> bool:
    """Ink as tall as a line of text (25 px: 6 pt at 300 dpi) and at least
    three times as wide as tall: not a speck, not a ruling's edge."""
    ink = binary < 128
    rows, columns = int(ink.any(axis=1).sum()), int(ink.any(axis=0).sum())
    return rows >= 25 and columns >= 3 * rows


class Region(NamedTuple):
    """What was read in one region: glyphs in PDF points, the mean
    confidence (None when empty), and what a reader should check there:
    (box in PDF points, why)."""

    glyphs: list[Glyph]
    confidence: float | None
    checks: list[tuple[BBox, str]]


def read_region(
    gray: np.ndarray, origin: tuple[int, int], dpi: int, cell: bool = True
) -> tuple[list[Glyph], float | None]:
    """Glyphs of one region (a cell, or the page outside tables), line by line,
    in PDF points; and the region's mean confidence (None when empty)."""
    read = read_lines(gray, origin, dpi, cell)
    return read.glyphs, read.confidence


def read_lines(gray: np.ndarray, origin: tuple[int, int], dpi: int, cell: bool = True) -> Region:
    """read_region, with what to check: a cell's doubts go to the cell's box
    (the caller's), a line's outside tables to the line's own box."""
    scale = 72 / dpi
    glyphs: list[Glyph] = []
    confidences: list[float] = []
    checks: list[tuple[BBox, str]] = []
    bands = text_bands(gray)
    typical = sorted(b - a for a, b in bands)[len(bands) // 2] if bands else 0
    for top, bottom in bands:
        a, b = max(0, top - 3), min(gray.shape[0], bottom + 4)
        symbols = read_line(gray[a:b], alone=cell and len(bands) == 1)
        confidence = mean_confidence(symbols)
        if confidence < NOISE_CONFIDENCE or (len(symbols) == 1 and confidence < LONE_CONFIDENCE):
            continue  # specks, a ruling's edge: not text
        # A band is as tall as its tallest glyph (作。 is shorter than 頒「機」):
        # a cell's lines are given one size, which layout reads as one font.
        # Outside tables sizes differ on purpose (附表一 over a title).
        uniform = cell and 0.6 * typical <= bottom - top <= 1.25 * typical
        height = typical if uniform else bottom - top
        size = height * scale
        line_top = (origin[1] + top) * scale
        line: list[Glyph] = []
        for text, (x0, _y0, x1, _y1), conf, *_ in symbols:
            line.append(
                Glyph(
                    text, (origin[0] + x0) * scale, line_top, (origin[0] + x1) * scale, line_top + size, round(size, 1)
                )
            )
            confidences.append(conf)
        glyphs.extend(line)
        why = doubts(symbols)
        if why and line:
            box = (line[0].x0, line_top, line[-1].x1, line_top + size)
            checks.append((tuple(round(v, 1) for v in box), why))
    mean = sum(confidences) / len(confidences) if confidences else None
    return Region(correct_vocabulary(glyphs), mean, checks)


def doubts(symbols: list[Symbol]) -> str:
    """What is doubtful in a line, in words: each close competing reading or
    repair once, and symbols the model was barely sure of."""
    said = list(dict.fromkeys(s.doubt for s in symbols if s.doubt))
    unsure = "".join(s.text for s in symbols if s.confidence < UNSURE_SYMBOL)
    if unsure:
        said.append(f"{unsure} read with little confidence")
    return "; ".join(said[:3])


# --- repair -----------------------------------------------------------------

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
HALF_WIDTH = {"（": "(", "）": ")"}


def repair_punctuation(symbols: list[Symbol]) -> list[Symbol]:
    """Half-width punctuation read where the template prints full-width, put
    back: `,` -> `，`, `:` -> `：` next to CJK text; a parenthesis by the
    space it stands in (parenthesis_widths), or else by its neighbours."""
    # Tesseract splits a full-width comma into a quote and a comma.
    symbols = [
        s
        for i, s in enumerate(symbols)
        if not (s.text in "'`‘’" and any(n.text in ",，." for n in symbols[max(0, i - 1) : i + 2] if n is not s))
    ]
    symbols = [s for i, s in enumerate(symbols) if not (s.text == "," and i and symbols[i - 1].text in "，,")]
    widths = parenthesis_widths(symbols)
    first = symbols[0].text if symbols else ""
    numbering = len(first) == 1 and first.isascii() and first.isalnum()
    out: list[Symbol] = []
    opened: list[str] = []  # the parentheses still open, as repaired
    for i, sym in enumerate(symbols):
        text = sym.text
        before = out[-1].text[-1:] if out else ""
        after = symbols[i + 1].text[:1] if i + 1 < len(symbols) else ""
        if i == 1 and numbering and text in ",，":
            text = "."  # `a.` / `1.` numbering read with a comma
        elif i in widths:
            text = FULL_WIDTH.get(text, text) if widths[i] else HALF_WIDTH.get(text, text)
        elif text in FULL_WIDTH and ((before and is_cjk(before)) or (after and is_cjk(after))):
            text = FULL_WIDTH[text]
        elif text == ")" and opened and opened[-1] == "（":
            text = "）"  # closes a full-width parenthesis: (25%) inside （…）
        if text in "(（":
            opened.append(text)
        elif text in ")）" and opened:
            opened.pop()
        out.append(sym._replace(text=text))
    return out


COUNT_UNITS = "次人項件場個家所團班位名冊案處"  # what is counted in whole numbers


def repair_thousands(symbols: list[Symbol]) -> list[Symbol]:
    """A point read for a thousands comma: `1.200,000`, or `1.500次` where
    what is counted (次, 人次, 項…) cannot come in thousandths."""
    text = "".join(s.text[:1] for s in symbols)
    out = list(symbols)
    for m in regex.finditer(r"(?<![\d.,])\d{1,3}(\.)\d{3}(?=,\d{3}|[" + COUNT_UNITS + r"])", text):
        i = m.start(1)
        if len(out[i].text) == 1:
            out[i] = out[i]._replace(text=",")
    return out


def parenthesis_widths(symbols: list[Symbol]) -> dict[int, bool]:
    """Which parentheses are full-width (True) or half-width (False), where the
    page shows it. A full-width （ stands at the right of an em-wide box (and
    ） at the left), leaving half an em of paper on its outer side; a half-width
    one sits close to its neighbour. A parenthesis whose outer side cannot be
    measured (line start or end, or a Latin neighbour that may be a space
    away) takes the width of its partner."""
    em = em_size(symbols)
    measured: dict[int, bool] = {}
    partner: dict[int, int] = {}
    opened: list[int] = []
    for i, sym in enumerate(symbols):
        if sym.text not in "()（）":
            continue
        opening = sym.text in "(（"
        if opening:
            opened.append(i)
        elif opened:
            j = opened.pop()
            partner[i], partner[j] = j, i
        k = i - 1 if opening else i + 1
        gap = sym.paper[0 if opening else 1]
        neighbour = symbols[k].text[-1 if opening else 0] if 0 <= k < len(symbols) else ""
        latin = neighbour.isascii() and neighbour.isalnum()
        if em and gap >= 0 and neighbour and not latin and not 0.2 * em < gap < 0.35 * em:
            measured[i] = gap >= 0.35 * em
    widths = dict(measured)
    for i, j in partner.items():
        if i not in widths and j in measured:
            widths[i] = measured[j]
    return widths


def correct_vocabulary(glyphs: list[Glyph]) -> list[Glyph]:
    """A region whose whole text is close to one of the template's fixed words
    (評估體制, 統計數據, 人次…) is that word; its glyph boxes are kept."""
    text = "".join(g.text for g in glyphs)
    if not 2 <= len(text) <= 12 or re.search(r"[0-9]", text):
        return glyphs
    best = process.extractOne(text, VOCABULARY, scorer=fuzz.ratio)
    if best is None or best[1] < VOCABULARY_CUTOFF or best[0] == text or len(best[0]) != len(glyphs):
        return glyphs
    return [Glyph(ch, g.x0, g.top, g.x1, g.bottom, g.size, g.bold) for ch, g in zip(best[0], glyphs)]


# --- pages ------------------------------------------------------------------


def ocr_page(page: pymupdf.Page, number: int, dpi: int = DPI) -> RawPage:
    """Read one scanned page: rulings and cells from the raster, each cell on
    its own, then the rest of the page by lines. A page read with little
    confidence may be sideways or upside down (a landscape table scanned in
    portrait): Tesseract's orientation detection says how to turn it, and a
    turned page is read again. Upright pages never pay for the detection."""
    gray = render(page, dpi)
    size = round(page.rect.width, 2), round(page.rect.height, 2)
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
    """How many quarter turns (counter-clockwise) make the page's text upright,
    by Tesseract's orientation detection (osd model; 0 when it is missing or
    unsure)."""
    import tesserocr
    from PIL import Image

    folder = tessdata_dir()
    if folder is None or not (folder / "osd.traineddata").is_file():
        return 0
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    with tesserocr.PyTessBaseAPI(path=str(folder) + "/", lang="osd", psm=tesserocr.PSM.OSD_ONLY) as api:
        api.SetImage(Image.fromarray(small))
        found = api.DetectOrientationScript()
    if not found or found.get("orient_conf", 0) < ORIENTATION_CONFIDENCE:
        return 0
    return int(found["orient_deg"]) // 90 % 4


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
    for boxes in edges_to_cell_boxes(segments_to_edges(segments)):
        grid = boxes_to_grid(number, boxes)
        x0, y0, x1, y1 = (int(v * px) for v in grid.bbox)
        outside[max(0, y0 - 4) : y1 + 5, max(0, x0 - 4) : x1 + 5] = 255
        for *_span, box in grid.boxes:
            bx0, by0, bx1, by1 = (int(v * px) for v in box)
            inset = max(3, int(px * 1.5))
            crop = gray[by0 + inset : by1 - inset, bx0 + inset : bx1 - inset]
            if crop.size == 0:
                continue
            read = read_lines(crop, (bx0 + inset, by0 + inset), dpi)
            glyphs.extend(read.glyphs)
            cell_box = tuple(round(v, 1) for v in box)
            if read.confidence is not None:
                confidences.append((cell_box, round(read.confidence, 1)))
            if read.checks:
                checks.append((cell_box, "; ".join(why for _, why in read.checks[:3])))
    read = read_lines(outside, (0, 0), dpi, cell=False)
    glyphs.extend(read.glyphs)
    checks.extend(read.checks)
    every = [c for _, c in confidences] + ([read.confidence] if read.confidence is not None else [])
    mean = sum(every) / len(every) if every else 0.0
    page = RawPage(number, *size, tuple(glyphs), segments, True, tuple(confidences), tuple(checks))
    return page, mean
