"""Repairs: what a line read by Tesseract gets right only with a second look
at the ink (bars of 一二三, ÷ and × (operators), a % sign's echo, the shape
of a mark: － or 一, ， or 。, a parenthesis's width) or at the template's own
words; each repair is in one list (`repair`), applied in order."""

from __future__ import annotations

import re
from dataclasses import replace

import cv2
import numpy as np
import regex
from rapidfuzz import fuzz, process

from ..lexicon import CELL_WORDS, FORMULA_TERMS
from ..model import Glyph
from ..normalize import is_cjk
from .image import SMALLEST_LINE, column_runs, ink_blobs, lone_ring
from .latin import repair_latin
from .numbering import restore_number_lookalike, restore_number_marks
from .operators import read_operators
from .punctuation import measure_paper, repair_punctuation
from .symbols import GLYPH_GAP, Symbol, close_gaps, em_size, is_ideograph

NUMERALS = "一二三"


DASHES = ("-", "－", "—", "–", "一")


# The ink of a % sign, width over height: 0.70-0.77 alone in the corpus's
# fonts, 1.4 with a figure touching it; a figure adds about 0.55.
PERCENT_WIDTH = 0.75


DIGIT_WIDTH = 0.55


# A bar of 一二三 is this many times as wide as tall, or more: a serif face's
# short upper bars of 三, blurred by a scan, measure 2.9.
BAR_SHAPE = 2.5


def count_bars(ink: np.ndarray) -> int:
    """How many horizontal bars, one over another, the ink is (0: it is not
    only bars, or more than three)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    parts = [stats[k] for k in range(1, count) if stats[k][cv2.CC_STAT_AREA] >= 6]
    if not 1 <= len(parts) <= 3:
        return 0
    widths = [p[cv2.CC_STAT_WIDTH] for p in parts]
    if any(
        p[cv2.CC_STAT_WIDTH] < BAR_SHAPE * p[cv2.CC_STAT_HEIGHT] or p[cv2.CC_STAT_WIDTH] < SMALLEST_LINE / 2
        for p in parts
    ):
        return 0
    lefts = [p[cv2.CC_STAT_LEFT] for p in parts]
    rights = [p[cv2.CC_STAT_LEFT] + p[cv2.CC_STAT_WIDTH] for p in parts]
    overlap = min(rights) - max(lefts)
    return len(parts) if overlap >= 0.5 * min(widths) else 0


def repair(symbols: list[Symbol], ink: np.ndarray, before: str = "", left_open: str = "") -> list[Symbol]:
    """Every repair of a line's reading, in order: figures, operators and
    marks first (they look at the ink: a 。 read as a dot is a ring), then
    punctuation (parenthesis widths from the paper around them; `before`
    ends the line above, which left `left_open` open), thousands commas,
    Latin words and web addresses, specks before an item's number and at a
    line's end, a figure's letter O, a % sign's look-alike after a figure
    doubted, and the boxes fitted and closed up for layout."""
    symbols = within_ink_rows(symbols, ink)
    symbols = restore_number_marks(restore_number_lookalike(drop_blank_quotes(symbols, ink), ink), ink)
    symbols = read_marks(read_operators(drop_percent_echo(symbols, ink), ink, before), ink, before)
    symbols = rings_read_as_dots(symbols, ink)
    symbols = repair_punctuation(measure_paper(symbols, ink), before, left_open)
    symbols = repair_latin(symbols, em_size(symbols), ink.any(axis=0))
    symbols = repair_letter_zeros(repair_thousands(drop_trailing_specks(drop_leading_specks(symbols))))
    return close_gaps(fit_boxes_to_ink(doubt_percent_lookalikes(symbols), ink))


DOTS = "‧·・•∙"


def rings_read_as_dots(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """A 。 read as a dot (點件數‧): Taiwan's fonts set 。 in the middle of
    its em, where a dot stands; its ink is a ring, a dot's is solid."""
    out = []
    for sym in symbols:
        x0, y0, x1, y1 = sym.box
        around = ink[max(0, y0 - 2) : y1 + 2, max(0, x0 - 2) : x1 + 2]
        if sym.text in DOTS and around.any() and lone_ring(around) is not None:
            sym = sym._replace(text="。")
        out.append(sym)
    return out


def within_ink_rows(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """Each box cut to the rows of the line that hold ink. Over a spread line
    Tesseract's boxes may run a third of a line above and below it (年 boxed
    52 px tall in a line whose ink is 34), and the line's em, the median
    ideograph's box, came out half as large again: the paper around a
    full-width （ measured 0.6 em instead of one."""
    rows = np.flatnonzero(ink.any(axis=1))
    if not len(rows):
        return symbols
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    out = []
    for sym in symbols:
        x0, y0, x1, y1 = sym.box
        if y0 < top or y1 > bottom:
            y0, y1 = max(y0, top), min(y1, bottom)
            sym = sym._replace(box=(x0, min(y0, y1 - 1), x1, y1))
        out.append(sym)
    return out


def fit_boxes_to_ink(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """Each ideograph's box fitted to its own ink. Tesseract's boxes span the
    paper between glyphs (the model's steps over the line, not the ink), so
    a line spread across a cell (產　業　創　新, 人　事　處) looks set
    solid, and layout cannot tell where it would end set solid: a
    distributed row's last line seemed to run on to the next page. The box
    of a spread line's first glyph may even run to the line's end, over the
    others (本 of 本　部　各　單　位): it is cut where the next begins."""
    out = list(symbols)
    for i, symbol in enumerate(out):
        if not is_ideograph(symbol.text):
            continue
        x0, y0, x1, y1 = symbol.box
        if i + 1 < len(out) and out[i + 1].box[2] < x1 and x0 < out[i + 1].box[0]:
            x1 = out[i + 1].box[0]  # a box over the glyphs after it
        left = max(0, x0)
        pieces = column_runs(ink[:, left:x1].any(axis=0), bridge=GLYPH_GAP * (y1 - y0))
        if pieces:
            start, stop = max(pieces, key=lambda piece: piece[1] - piece[0])
            out[i] = symbol._replace(box=(left + start, y0, left + stop, y1))
    return out


LETTER_WIDTH = 0.75  # ems: a Latin letter's ink is no wider (w, m: 0.6 in the corpus's fonts)


def drop_blank_quotes(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """Quote marks and specks (“ ” | _ ~) boxed over blank paper: the model
    reads them into the paper before a line's first glyph (“進防災…), where
    a real quote mark has ink of its own, before the next glyph's box (a
    quote boxed over the next glyph's ink, “次、漁業…, was read from it); and
    a mark boxed as a sliver at the image's edge, a ruling's remnant; a 。，、
    read into the paper before a line's first glyph (。測網絡。, the line's
    own 。 read twice), where one that wrapped has ink of its own. A Latin
    letter the model reads twice, once over the paper before it (a. read as
    aa，) or inside the box of a letter before it (b. read as bp.), has no
    ink between the glyph kept before it and the next one. (A box that holds
    more than one letter's ink holds them all: www boxed 411-438, 387-501,
    468-499.)"""
    em = em_size(symbols)

    def inside_a_letter(s: Symbol, kept: list[Symbol]) -> bool:
        if not kept or not em or not (kept[-1].box[0] <= s.box[0] and s.box[2] <= kept[-1].box[2]):
            return False
        return ink[:, max(0, kept[-1].box[0]) : kept[-1].box[2]].any(axis=0).sum() <= LETTER_WIDTH * em

    def phantom(i: int, s: Symbol, kept: list[Symbol]) -> bool:
        if s.text.isascii() and s.text.isalpha() and i + 1 < len(symbols):
            start = kept[-1].box[2] if kept else 0
            own = ink[:, max(0, start) : max(0, symbols[i + 1].box[0])]
            blank = own.shape[1] >= 2 and not own.any()
            return blank and (inside_a_letter(s, kept) or not ink_in_middle(ink, s.box))
        if i == 0 and s.text in "。，、" and len(symbols) > 1 and symbols[1].box[0] > max(0, s.box[0]):
            return not ink[:, max(0, s.box[0]) : symbols[1].box[0]].any()  # 。測網絡。: the 。 read into the margin
        if s.text not in QUOTES + SPECKS + "!":
            return False
        if s.box[2] - s.box[0] <= 3 and (s.box[0] <= 1 or s.box[2] >= ink.shape[1] - 1):
            return True  # a sliver at the image's edge: a ruling's remnant (檔案管理|!)
        if s.text == "!":
            return False
        if s.text in QUOTES and i + 1 < len(symbols) and symbols[i + 1].box[0] > s.box[0]:
            own = ink[:, max(0, s.box[0]) : max(0, symbols[i + 1].box[0])]
            if not own.any():
                return True
        return not ink_in_middle(ink, s.box)

    kept: list[Symbol] = []
    for i, s in enumerate(symbols):
        if not phantom(i, s, kept):
            kept.append(s)
    return kept


def drop_percent_echo(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """Figures read from the left circle of a % sign (30% read as 309%,
    100% as 1000%), or boxed inside it after it (25%0), are dropped only
    when the ink says so: the run of inked
    columns under the sign has room for fewer figures than were read on it
    (a % sign is PERCENT_WIDTH of its height wide, a figure DIGIT_WIDTH). A
    figure that touches the sign widens the run and is kept (95% at 200
    dpi); a room between two counts keeps the figures and marks them
    doubtful."""
    columns = ink.any(axis=0)
    out = list(symbols)
    for i in [k for k, s in enumerate(symbols) if s.text == "%"][::-1]:
        sign = out[i].box
        if sign[2] - sign[0] < PERCENT_WIDTH / 2 * (sign[3] - sign[1]):
            continue  # a box too narrow for the sign is not where its ink is (the line's boxes collapsed)
        run = ink_run(columns, (sign[0] + sign[2]) // 2)
        if run is None:
            continue
        after = [
            k
            for k in range(i + 1, len(out))
            if out[k].text.isdigit()
            and run[0] <= (out[k].box[0] + out[k].box[2]) // 2 <= run[1]
            and sign[0] <= out[k].box[0]
            and out[k].box[2] <= sign[2] + 1
        ]
        if after:
            # boxed inside the sign, on its ink: its right circle read again,
            # （25%） read as （25%0）
            for k in after[::-1]:
                del out[k]
            out[i] = out[i]._replace(doubt="a figure read on the % sign's circle dropped")
        on_run = [
            k
            for k in range(i)
            if out[k].text.isdigit()
            and run[0] <= (out[k].box[0] + out[k].box[2]) // 2 <= run[1]
            and not ink_of_its_own(columns, out, k, run)
        ]
        if not on_run:
            continue
        echoes = [k for k in on_run if is_circle_echo(out[k], out, out[i])]
        if echoes:
            for k in echoes[::-1]:
                del out[k]
            near = max(0, echoes[0] - 1)
            out[near] = out[near]._replace(doubt="a figure read on the % sign's circle dropped")
            continue
        room = percent_room(ink, run)
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


def ink_of_its_own(columns: np.ndarray, line: list[Symbol], k: int, sign_run: tuple[int, int]) -> bool:
    """Symbol k's box, loose, reaches over the % sign from ink of its own
    before it: a run of inked columns apart from the sign's that no other
    symbol's box is centred on (（1 5 %） spread, the 5 boxed from its ink to
    the sign's)."""
    x0 = max(0, line[k].box[0])
    centres = [(s.box[0] + s.box[2]) // 2 for j, s in enumerate(line) if j != k]
    for start, end in column_runs(columns[x0 : sign_run[0]]):
        if not any(x0 + start <= c < x0 + end for c in centres):
            return True
    return False


def percent_room(ink: np.ndarray, run: tuple[int, int]) -> float:
    """How many figures the run of inked columns under a % sign holds
    besides the sign (PERCENT_WIDTH of its height wide, a figure DIGIT_WIDTH)."""
    rows = np.flatnonzero(ink[:, run[0] : run[1] + 1].any(axis=1))
    return ((run[1] - run[0] + 1) / max(1, rows[-1] - rows[0] + 1) - PERCENT_WIDTH) / DIGIT_WIDTH


def is_circle_echo(digit: Symbol, line: list[Symbol], percent: Symbol) -> bool:
    """A figure read from the upper circle of a % sign, whatever the width of
    the sign in its font: boxed no taller than three quarters of the line's
    other figures (20% read as 209%, the 9 boxed on the circle alone), or,
    after another figure, boxed more than half inside the sign's own box
    (25% read as 250%)."""
    width = digit.box[2] - digit.box[0]
    inside = min(digit.box[2], percent.box[2]) - max(digit.box[0], percent.box[0])
    k = next(i for i, s in enumerate(line) if s is digit)
    if width > 0 and inside > 0.5 * width and k > 0 and line[k - 1].text.isdigit():
        return True  # the figure's own box drifts onto the sign too: 4% stays 4%
    heights = sorted(s.box[3] - s.box[1] for s in line if s.text.isdigit() and s is not digit)
    if not heights:
        return False
    return digit.box[3] - digit.box[1] < 0.75 * heights[len(heights) // 2]


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


BAR_WIDTH = 0.86  # a bar or cross narrower than this is an operator
SIGN_DOUBT = 0.04  # within this of BAR_WIDTH the choice is marked doubtful
COMMA_SHAPE = 1.35  # ink this many times as tall as wide is a comma, not a 。
SHAPE_DOUBT = 0.2  # within this of COMMA_SHAPE the choice is marked doubtful
MARK_HEIGHT = 0.45  # a ， or 。 is 0.2-0.36 tall: taller ink is one touching its neighbour
RING_HEIGHT = 0.2  # ... and smaller ink is a point: a figure boxed over the point after it (3.2) is no 。


def read_marks(symbols: list[Symbol], ink: np.ndarray, before: str = "") -> list[Symbol]:
    """Marks the Chinese model confuses with others of the same place and
    stroke, told by the measured shape of their ink: － read as 一, ＋ as 十
    (narrower), ， as 。 (taller than wide), 。 as a figure or, after an
    ideograph, as o or ° (too small for one), ， or 。 between ideographs as
    a point (by the same shapes); and a 。 ， or . with no ink of
    its own (read on blank paper at a line's end, or twice on one dot) dropped."""
    em = em_size(symbols)
    if not em or not any(s.text in MARKS or s.text.isdigit() for s in symbols):
        return symbols
    blobs = ink_blobs(ink)
    out: list[Symbol] = []
    taken: tuple | None = None  # the ink of the last mark kept
    for i, sym in enumerate(symbols):
        blob = own_blob(blobs, sym.box, em)
        if blob is None and sym.text in "一十":
            blob = first_blob(blobs, sym.box, em)
        if sym.text in "。，." and (blob is None and not ink_in_middle(ink, sym.box) or (blob and blob == taken)):
            continue
        taken = blob if sym.text in "。，." else None
        after = symbols[i + 1].text[:1] if i + 1 < len(symbols) else ""
        if sym.text == "." and blob and out and is_ideograph(out[-1].text[-1:]) and is_ideograph(after):
            # no half-width point stands between ideographs: a ， or 。 by its ink
            width, height = blob[2] / em, blob[3] / em
            if height >= COMMA_SHAPE * width and height < MARK_HEIGHT:
                doubt = f"， (its ink {height / width:.1f} times as tall as wide; read as .)"
                sym = sym._replace(text="，", doubt=doubt)
            elif 0.7 <= height / width <= 1.4 and RING_HEIGHT <= height < MARK_HEIGHT:
                sym = sym._replace(text="。", doubt=f"。 (a round mark {height:.2f} em tall; read as .)")
            elif height < 0.2:  # a comma's head, its tail cut off by the line's foot
                sym = sym._replace(text="，", doubt=f"， (a mark {height:.2f} em tall between ideographs; read as .)")
        if blob is None or not (sym.text in "一十。oO°" or sym.text.isdigit()):
            out.append(sym)
            continue
        width, height = blob[2] / em, blob[3] / em
        if sym.text == "。" and height >= COMMA_SHAPE * width and height < MARK_HEIGHT:
            close = height < (COMMA_SHAPE + SHAPE_DOUBT) * width
            doubt = f"， (its ink {height / width:.1f} times as tall as wide; read as 。)" if close else sym.doubt
            sym = sym._replace(text="，", doubt=doubt)
        elif (
            (
                (sym.text.isdigit() and not (after.isascii() and after.isalpha()))  # 5G's 5, its bowl alone measured
                or (sym.text in "oO°" and out and is_cjk(out[-1].text[-1:]))
            )
            and (
                height < MARK_HEIGHT
                and 0.7 <= height / width <= 1.4
                and (height >= RING_HEIGHT or not sym.text.isdigit())
            )
        ):
            sym = sym._replace(text="。", doubt=f"。 (a round mark {height:.2f} em tall; read as {sym.text})")
        elif sym.text == "一" and width < BAR_WIDTH and height < 0.25 and not numbering_at(symbols, i, before):
            sym = narrow_sign(sym, "－", width)
        elif sym.text == "十" and max(width, height) < BAR_WIDTH:
            sym = narrow_sign(sym, "＋", max(width, height))
        out.append(sym)
    return out


MARKS = "一十。，.oO°"


def numbering_at(symbols: list[Symbol], i: int, above: str = "") -> bool:
    """Symbol i may be a number of the outline, never a sign: （一）, 一、, or
    first on its line (a goal's number glued to its text: 一深化…) unless the
    line above (ending in `above`) stopped mid-word: a formula wrapped
    before its minus (…計畫數 / －前一年度…)."""
    if i == 0 and above and is_cjk(above) and above.isalpha():
        return False
    before = symbols[i - 1].text[-1:] if i else ""
    after = symbols[i + 1].text[:1] if i + 1 < len(symbols) else ""
    return not before or before in ("(", "（") or after in ("、", ")", "）")


def ink_in_middle(ink: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Ink in the middle half of a box's columns."""
    quarter = (box[2] - box[0]) // 4
    return bool(ink[:, max(0, box[0] + quarter) : max(0, box[2] - quarter)].any())


def narrow_sign(sym: Symbol, sign: str, width: float) -> Symbol:
    doubt = f"{sign} (its ink {width:.2f} em wide; read as {sym.text})" if width > BAR_WIDTH - SIGN_DOUBT else ""
    return sym._replace(text=sign, doubt=doubt or sym.doubt)


def own_blob(blobs: list[tuple[int, int, int, int, float]], box: tuple[int, int, int, int], em: int):
    """The piece of ink a one-stroke symbol was read from: the one centred in
    its box, or else the nearest no farther than the box is wide (Tesseract
    may box a 。 half an em right of its ink); None when that is not one
    piece smaller than an em."""
    inside = [b for b in blobs if box[0] <= b[4] <= box[2]]
    if not inside:
        centre, reach = (box[0] + box[2]) / 2, box[2] - box[0]
        near = [b for b in blobs if abs(b[4] - centre) <= reach and b[3] < 0.6 * em]
        inside = [min(near, key=lambda b: abs(b[4] - centre))] if near else []
    if len(inside) != 1 or max(inside[0][2], inside[0][3]) > 1.2 * em:
        return None
    return inside[0]


def first_blob(blobs: list[tuple[int, int, int, int, float]], box: tuple[int, int, int, int], em: int):
    """The first piece of ink centred in a box that holds more than one: a
    sign's box drifts right over the next glyph's ink (＋ read as 十 boxed
    with half of 追), never over the glyph before."""
    inside = sorted((b for b in blobs if box[0] <= b[4] <= box[2]), key=lambda b: b[4])
    return inside[0] if inside and max(inside[0][2], inside[0][3]) <= 1.2 * em else None


SPECKS = "_|~"  # a ruling's edge or scanner dirt at a line's start
QUOTES = "“”\"'`‘’"
OUTLINE_NUMBER = regex.compile(r"[0-9一二三四五六七八九十]+[、.．]|[(（][0-9一二三四五六七八九十]+[)）]")
LETTER_NUMBER = regex.compile(r"[a-z][.．]\p{Han}")  # b.擴大…
SPECK_CONFIDENCE = 90.0  # a lone glyph read with less before a lettered item is a speck


def drop_leading_specks(symbols: list[Symbol]) -> list[Symbol]:
    """A line's first symbol when it is a speck read as _ | ~, a quote mark
    standing before an outline number (“3、擴大…), or anything read with
    little confidence before an item's number (人b.擴大…, 人2、完善…): the template opens
    no line with these, and an outline number must start its line."""
    if len(symbols) < 2:
        return symbols
    first = symbols[0].text
    rest = "".join(s.text for s in symbols[1:4])
    if first in SPECKS or (first in QUOTES and OUTLINE_NUMBER.match(rest)):
        return symbols[1:]
    # 人b.擴大…, 人2、完善…: no word ends in an item's number; a speck read as one does
    if symbols[0].confidence < SPECK_CONFIDENCE and (LETTER_NUMBER.match(rest) or OUTLINE_NUMBER.match(rest)):
        return symbols[1:]
    return symbols


def drop_trailing_specks(symbols: list[Symbol]) -> list[Symbol]:
    """A line's last symbol when it is a speck read as _ or ~ after Chinese
    text without figures (殘餘風險影響~, a header's label): the template ends
    no line so. A line with figures may end in a range's ~ (（105年~ / 108年）)."""
    figures = any(c.isdigit() for s in symbols for c in s.text)
    if len(symbols) >= 2 and symbols[-1].text in "_~" and is_cjk(symbols[-2].text[-1:]) and not figures:
        return symbols[:-1]
    return symbols


PERCENT_LOOKALIKES = "&"  # read for a % after a figure (（35&）); the template prints no & there


def doubt_percent_lookalikes(symbols: list[Symbol]) -> list[Symbol]:
    """A sign after a figure that the % sign is read as: doubted, not changed
    (the ink was not measured to tell)."""
    out = list(symbols)
    for i in range(1, len(out)):
        if out[i].text in PERCENT_LOOKALIKES and out[i - 1].text[-1:].isdigit() and not out[i].doubt:
            out[i] = out[i]._replace(doubt=f"{out[i].text} after a figure (a % sign?)")
    return out


COUNT_UNITS = "次人項件場個家所團班位名冊案處"  # what is counted in whole numbers


def repair_thousands(symbols: list[Symbol]) -> list[Symbol]:
    """A point read for a thousands comma: `1.200,000`, or `1.500次` where
    what is counted (次, 人次, 項…) cannot come in thousandths; and a comma
    read for a decimal point: `0,8億元`, `15,5億元`, where fewer than three
    figures follow it (a thousands comma is followed by three)."""
    text = "".join(s.text[:1] for s in symbols)
    out = list(symbols)
    for m in regex.finditer(r"(?<![\d.,])\d{1,3}(\.)\d{3}(?=,\d{3}|[" + COUNT_UNITS + r"])", text):
        i = m.start(1)
        if len(out[i].text) == 1:
            out[i] = out[i]._replace(text=",")
    # (not at the line's end: a figure may wrap there, 12,00 / 0座)
    for m in regex.finditer(r"(?<![\d.,])\d{1,3}(,)\d{1,2}(?=[^\d.,])", text):
        i = m.start(1)
        if len(out[i].text) == 1:
            out[i] = out[i]._replace(text=".", doubt=out[i].doubt or ". (read as , before fewer than three figures)")
    return out


# A figure with a letter O in it (1O, 2O2O), no other letter beside it
# (CO2 is a word): the Latin model reads a serif 0 as O.
LETTER_ZERO = regex.compile(r"(?<![A-Za-z0-9])(?=[0-9Oo]*[0-9])[0-9]*[Oo][0-9Oo]*(?![A-Za-z0-9])")


# A 0 opening a word of small letters (0pen of Open Data): no figure runs on
# into letters so, and the model reads a round O as 0.
ZERO_LETTER = regex.compile(r"(?<![A-Za-z0-9.,])0(?=[a-z]{2})")


def repair_letter_zeros(symbols: list[Symbol]) -> list[Symbol]:
    """The letter O read in a figure (a risk's number 10 as 1O) is a 0, and
    a 0 opening a word of small letters is an O; doubtful, both."""
    owner = [i for i, s in enumerate(symbols) for _ in s.text]  # the symbol of each character
    out = list(symbols)
    text = "".join(s.text for s in symbols)
    for m in LETTER_ZERO.finditer(text):
        for i in sorted({owner[k] for k in range(m.start(), m.end())}):
            if out[i].text in ("O", "o"):
                out[i] = out[i]._replace(text="0", doubt=out[i].doubt or f"0 (read as {out[i].text} in a figure)")
    for m in ZERO_LETTER.finditer(text):
        i = owner[m.start()]
        if out[i].text == "0":
            out[i] = out[i]._replace(text="O", doubt=out[i].doubt or "O (read as 0 opening a word)")
    return out


# The template's fixed words: table headers, methods, units. A whole cell
# that is close to one of them is that word.


CELL_WORDS_CUTOFF = 70


def correct_vocabulary(glyphs: list[Glyph]) -> list[Glyph]:
    """A region whose whole text is close to one of the template's fixed words
    (評估體制, 統計數據, 人次…) is that word; its glyph boxes are kept. In
    any region, a formula's term read with one ideograph amiss is the term
    (snap_formula_terms)."""
    glyphs = snap_formula_terms(glyphs)
    text = "".join(g.text for g in glyphs)
    if not 2 <= len(text) <= 12 or re.search(r"[0-9]", text):
        return glyphs
    best = process.extractOne(text, CELL_WORDS, scorer=fuzz.ratio)
    if best is None or best[1] < CELL_WORDS_CUTOFF or best[0] == text or len(best[0]) != len(glyphs):
        # Latin letters among ideographs are pieces of a split glyph (體 read as 上ui): weighed without them
        kept = [g for g in glyphs if not (g.text.isascii() and g.text.isalpha())]
        if len(kept) == len(glyphs) or not kept:
            return glyphs
        best = process.extractOne("".join(g.text for g in kept), CELL_WORDS, scorer=fuzz.ratio)
        if best is None or best[1] < CELL_WORDS_CUTOFF or len(best[0]) != len(kept):
            return glyphs
        glyphs = kept
    return [Glyph(ch, g.x0, g.top, g.x1, g.bottom, g.size, g.bold) for ch, g in zip(best[0], glyphs)]


def snap_formula_terms(glyphs: list[Glyph]) -> list[Glyph]:
    """Each run of glyphs that reads one of the template's formula terms
    (lexicon.FORMULA_TERMS) but for one ideograph, read as another, is
    that term (資本門騰餘數 is 資本門賸餘數), the ideograph amiss inside
    it: at either end, another word begins or ends (資本門預算執行率 holds
    資本門預算執, not 資本門預算數)."""
    chars = [g.text for g in glyphs]
    out = list(glyphs)
    for term in FORMULA_TERMS:
        for start in range(len(chars) - len(term) + 1):
            window = chars[start : start + len(term)]
            amiss = [k for k, (c, t) in enumerate(zip(window, term)) if c != t]
            if len(amiss) == 1 and 0 < amiss[0] < len(term) - 1 and is_ideograph(window[amiss[0]]):
                out[start + amiss[0]] = replace(out[start + amiss[0]], text=term[amiss[0]])
    return out
