"""Operators: a formula line's reading in, its ÷ and × read from the ink
out. ÷ is a bar between two dots (read as ＋, 十 or a colon at 200 dpi, or
not read at all when half-width); × is an x, `*`, `~` or `>` between a
closing bracket and figures, or an unread piece of ink there, or strokes
ending a line after a bracket (its 100% wrapped onto the next)."""

from __future__ import annotations

import cv2
import numpy as np
import regex

from .image import column_runs, ink_blobs
from .symbols import Symbol, em_size, is_ideograph


def read_operators(symbols: list[Symbol], ink: np.ndarray, before: str = "") -> list[Symbol]:
    """The operators of the template's formulas, which the Chinese model does
    not know: a bar with a dot above and below, read as 二 一 - = + or 十, is ÷
    (looks_like_division), and so is a narrow run of ink of that shape that
    nothing was read from (unread_divisions); x or X (or both, for one glyph) between a bracket,
    ideograph or figure and a figure is ×: （實支數）÷（預算數）×100%. A line
    opening with x100% under a line that ends in a closing bracket (`before`)
    is a formula wrapped at its ×."""
    out: list[Symbol] = []
    em = em_size(symbols)
    runs = column_runs(ink.any(axis=0))  # asked of every misread ÷ and every narrow run: found once
    for i, sym in enumerate(symbols):
        after = symbols[i + 1].text[:1] if i + 1 < len(symbols) else ""
        previous = out[-1].text[-1:] if out else before[-1:]
        if sym.text in DIVISION_MISREAD and (run := division_under(ink, runs, sym.box, em, sym.text in PLUS)):
            if out and out[-1].text == "÷" and division_under(ink, runs, out[-1].box, em) == run:
                continue  # one ÷ read as two symbols
            sym = sym._replace(text="÷")
        elif sym.text in "xX" and out and out[-1].text in "×xX" and after.isdigit():
            # one × read as xX: after a bracket, or as two boxes on one glyph
            if out[-1].text == "×" or sym.box[0] < out[-1].box[2]:
                x0, y0, x1, y1 = out[-1].box
                out[-1] = out[-1]._replace(text="×", box=(x0, y0, max(x1, sym.box[2]), max(y1, sym.box[3])))
                continue
        elif sym.text in "xX" and out and multiplies(out[-1].text[-1], "".join(s.text for s in symbols[i + 1 : i + 3])):
            sym = sym._replace(text="×")
        elif (
            sym.text in TIMES_MISREAD
            and previous
            and previous in CLOSING + "×"
            and PERCENT_NEXT.match(after_text(symbols, i))
        ):
            if out and out[-1].text == "×":  # one × read as two or three symbols (x>, *x, x*x)
                continue
            sym = sym._replace(text="×", doubt="" if sym.text == "×" else f"× (read as {sym.text})")
        elif sym.text.isdigit() and out and out[-1].text[-1:] in CLOSING and (box := lost_times(ink, out[-1], sym)):
            out.append(Symbol("×", box, sym.confidence, doubt="× seen in the ink, not read"))
        out.append(sym)
    if out and out[-1].text[-1:] in CLOSING and (box := trailing_times(ink, out[-1], em_size(out))):
        out.append(Symbol("×", box, out[-1].confidence, doubt="× ending the line seen in the ink, not read"))
    return unread_divisions(out, ink, runs, em)


DIVISION_MISREAD = "二一-－=：:+＋十*#?？"  # what a ÷ is read as
PLUS = "+＋十"  # a ÷ read as one of these may have its dots joined to its bar (looks_like_division)
NARROW = 0.6  # of the line's em: a half-width ÷ is about 0.4 em wide, an ideograph's piece wider
CLOSING = ")）]］】"
FORMULA_BRACKETS = "(（[［【「」" + CLOSING  # never a misread ÷, however loosely boxed
TIMES_MISREAD = "*~<>。xX×"  # what a × after a bracket is read as, alone or with another
PERCENT_NEXT = regex.compile(r"[*~<>xX×]{0,2}\d+(?:\.\d+)?%")


def unread_divisions(symbols: list[Symbol], ink: np.ndarray, runs: list[tuple[int, int]], em: int) -> list[Symbol]:
    """A narrow ÷ that Tesseract read nothing from: a run of ink no wider than
    NARROW em with a ÷'s shape, which no ÷ read covers. The model drops a
    half-width ÷ at a line's start or end, or beside 數 (`完成數÷預定數`),
    and gives the box of the glyph before it to the ÷'s ink, the text staying
    in order; so the ÷ goes after every symbol whose box's middle is short of
    the run's end. Only narrow runs: pieces of ideographs cut apart by paper
    (a 六, the top of a 廿) are an em wide."""
    if not em:
        return symbols
    out = list(symbols)
    for left, right in runs:
        if right - left > NARROW * em or not looks_like_division(ink[:, left:right], em):
            continue
        if any(s.text == "÷" and s.box[0] < right and s.box[2] > left for s in out):
            continue
        rows = np.flatnonzero(ink[:, left:right].any(axis=1))
        box = (left, int(rows[0]), right, int(rows[-1]) + 1)
        at = sum((s.box[0] + s.box[2]) / 2 <= right for s in out)
        misread = [k for k in (at - 1, at) if 0 <= k < len(out) and reads_for(out[k], left, right)]
        if misread:  # read as something else, boxed loosely: `數+水` with + half on 水
            k = misread[0]
            out[k] = out[k]._replace(text="÷", box=box, doubt=f"÷ (read as {out[k].text})")
            continue
        confidence = out[at - 1].confidence if at else (out[0].confidence if out else 0.0)
        out.insert(at, Symbol("÷", box, confidence, doubt="÷ seen in the ink, not read"))
    return out


def reads_for(symbol: Symbol, left: int, right: int) -> bool:
    """Whether `symbol` is what was read from the ink columns [left, right):
    no ideograph or bracket, its box over a third of them at least."""
    overlap = min(symbol.box[2], right) - max(symbol.box[0], left)
    return not is_ideograph(symbol.text) and symbol.text not in FORMULA_BRACKETS and overlap >= (right - left) / 3


def after_text(symbols: list[Symbol], i: int) -> str:
    return "".join(s.text for s in symbols[i + 1 : i + 7])


def lost_times(ink: np.ndarray, bracket: Symbol, digit: Symbol) -> tuple[int, int, int, int] | None:
    """The box of a × that no symbol was read from, between a closing bracket
    and a figure (Tesseract boxes it with the figure, or not at all): a
    piece of ink there no taller than 0.7 of the figure, about as wide as
    tall, centred on the figure's middle, with the figure's own ink after it."""
    lo, hi = (bracket.box[0] + bracket.box[2]) / 2, digit.box[2]
    pieces = sorted((b for b in ink_blobs(ink) if lo < b[4] < hi), key=lambda b: b[0])
    height = digit.box[3] - digit.box[1]
    middle = (digit.box[1] + digit.box[3]) / 2
    for left, top, width, tall, _ in pieces[:-1]:
        if (
            0.25 * height <= tall <= 0.7 * height
            and 0.6 <= width / tall <= 1.6
            and abs(top + tall / 2 - middle) < 0.2 * height
        ):
            return (left, top, left + width, top + tall)
    return None


STROKES_FILL = 0.65


def trailing_times(ink: np.ndarray, bracket: Symbol, em: int) -> tuple[int, int, int, int] | None:
    """The box of a × that no symbol was read from, ending the line after a
    closing bracket (the formula wraps before its 100%): the only ink after
    the bracket, a fifth to half an em tall, about as wide as tall, on the
    bracket's middle, and strokes rather than a blot (a × inks about half its
    box, 0.47 on a 200-dpi scan; a round blot 0.79)."""
    pieces = [b for b in ink_blobs(ink) if b[4] > bracket.box[2]]
    if not em or len(pieces) != 1:
        return None
    left, top, width, tall, _ = pieces[0]
    middle = (bracket.box[1] + bracket.box[3]) / 2
    fill = ink[top : top + tall, left : left + width].mean()
    if 0.2 * em <= tall <= 0.5 * em and 0.6 <= width / tall <= 1.6 and abs(top + tall / 2 - middle) < 0.2 * em:
        return (left, top, left + width, top + tall) if fill < STROKES_FILL else None
    return None


def division_under(
    ink: np.ndarray, runs: list[tuple[int, int]], box: tuple[int, int, int, int], em: int, plus: bool = False
) -> tuple[int, int] | None:
    """The run of inked columns (of the line's `runs`) under a symbol's box
    that has a ÷'s shape ([start, end)), or None; the box widened by 3 px
    when it covers no ink.
    Tesseract's boxes are loose: one read ： covers a ÷'s dots, not its whole
    bar; one read 二 spans the ÷ and the glyph after it. `plus`: it was
    read as a + (looks_like_division)."""
    under = [(a, b) for a, b in runs if min(b, box[2]) > max(a, box[0])] or [(max(0, box[0] - 3), box[2] + 3)]
    return next(((a, b) for a, b in under if looks_like_division(ink[:, a:b], em, plus)), None)


def multiplies(before: str, after: str) -> bool:
    """An x between these is ×: after a bracket, ideograph or figure, before a
    figure (or another x and a figure: one × read as two); after a closing
    bracket at the end of a line too, the figures on the next."""
    if regex.match(r"[)）\]］】]", before) and not after:
        return True
    return bool(regex.match(r"[\p{Han}\d)）\]］】]", before) and regex.match(r"[xX]?\d", after))


def looks_like_division(patch: np.ndarray, em: int = 0, plus: bool = False) -> bool:
    """A horizontal bar with one small round blob above its middle and one
    below; or so once strokes a pixel wide are worn away (the first look's
    blur joins a 200-dpi ÷'s dot to its bar by a thread, and Tesseract
    reads it +; a + keeps its upright). A narrow patch (no wider than
    NARROW of the line's `em`: a half-width ÷) has strokes three and four
    pixels wide worn away too: its dot hangs from the bar by such a neck.
    Read as a + (`plus`), so are strokes five pixels wide: a browser's ÷ at
    200 dpi, its bar so faint that Otsu's level after the blur took the
    paper between it and its dots for ink. (Not every narrow run: a 4 at
    300 dpi worn so is a bar between two dots.) A + keeps its upright, or
    loses it whole, and is never three pieces."""
    if division_shape(patch) or division_shape(worn_away(patch, 3)):
        return True
    narrow = bool(em) and patch.shape[1] <= NARROW * em
    return narrow and any(division_shape(worn_away(patch, width)) for width in ((4, 5) if plus else (4,)))


def worn_away(patch: np.ndarray, width: int) -> np.ndarray:
    """The patch without its upright strokes narrower than `width` pixels."""
    return cv2.erode(patch.astype(np.uint8), np.ones((1, width), np.uint8)) > 0


def division_shape(patch: np.ndarray) -> bool:
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
        if max(s[cv2.CC_STAT_WIDTH], s[cv2.CC_STAT_HEIGHT]) <= width / 2
        and abs(c[0] - bx) <= width / 4
        and s[cv2.CC_STAT_HEIGHT] <= 2 * s[cv2.CC_STAT_WIDTH]  # round, not what is left of an upright
    ]
    return len(dots) == 2 and min(c[1] for c in dots) < by < max(c[1] for c in dots)


# Marks told apart by the shape of their own ink, in ems (the line's
# ideographs' median box height), measured in the corpus's four fonts
# (Noto Serif/Sans CJK, AR PL UMing/UKai) and on 200-dpi scans of them:
# 一 0.82-0.95 wide, － 0.70-0.75; 十 0.82-0.95 wide and tall, ＋ 0.68-0.75;
# 。 round (as tall as wide), ， 1.5-2 times as tall as wide.
