"""Numbering: a line's reading in, the marks of its item number the model
boxed into the number put back out: the period of `f.`, the 、 of `5、` and
either parenthesis of `(1)`. Without them the line is not an item's first line, and
the item runs into the one before it (every goal after it then takes the
wrong parent)."""

from __future__ import annotations

import numpy as np
import regex

from .image import column_runs, ink_blobs, ink_box
from .operators import DIVISION_MISREAD, division_under
from .symbols import Symbol, em_size

CLOSERS = {"(": ")", "（": "）"}


OPENERS = {closer: opener for opener, closer in CLOSERS.items()}


OUTLINE_NUMERALS = "一二三四五六七八九十"


ITEM_NUMBER = regex.compile(rf"[0-9a-zA-Z０-９{OUTLINE_NUMERALS}]")


PERIOD_SIZE = 0.25  # ems: a period's ink is no larger either way (0.16 em in the corpus's fonts)


COMMA_SIZE = 0.5  # ems: a 、 is larger than a period (0.3 em in the corpus's fonts), no larger than this
COMMA_GAP = 0.2  # ems of paper after a 、 before the next glyph (0.44 em in a 200-dpi docx scan)


Blob = tuple[int, int, int, int, float]  # image.ink_blobs: left, top, width, height, centre x


CLOSER_HEIGHT = 0.7  # ems: a parenthesis is nearly as tall as an ideograph (1.0) ...


CLOSER_WIDTH = 0.35  # ... and much narrower (0.26)


def restore_number_marks(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """A line opening with an item number read without its mark (`f落實…`,
    `（1推動…`, `2)辦理…`): the piece of ink that is not the number's own,
    boxed with it, is the mark, told by shape: a dot on the baseline after
    it is a period; a tall thin stroke after it closes the parenthesis the
    line opens with, one before it opens the one the number is closed by;
    a stroke larger than a period but under half an em after a figure or a
    numeral is its 、 (5、健全 read as 5健全: Tesseract reads no lone 、).
    A ÷ read as 二 (a formula wrapped before its ÷) is no number: its lower
    dot is no period."""
    if len(symbols) >= 2 and symbols[1].text in OPENERS:
        return restore_opener(symbols, ink)
    opener = symbols[0].text if symbols and symbols[0].text in CLOSERS else ""
    at = 1 if opener else 0
    if len(symbols) < at + 2 or not ITEM_NUMBER.fullmatch(symbols[at].text):
        return symbols
    number, after = symbols[at], symbols[at + 1]
    em = em_size(symbols)
    if not em or not regex.match(r"\p{Han}", after.text):
        return symbols
    if number.text in DIVISION_MISREAD and division_under(ink, column_runs(ink.any(axis=0)), number.box, em):
        return symbols
    blobs = ink_blobs(ink)
    pieces = sorted(b for b in blobs if number.box[0] <= b[4] < max(number.box[2], after.box[0]))
    if len(pieces) < 2:
        return symbols  # the number's own ink only
    _, y, w, h, _ = piece = pieces[-1]
    baseline = max(b[1] + b[3] for b in pieces)
    if opener and is_bracket(piece, em):
        mark = CLOSERS[opener]
    elif not opener and max(w, h) <= PERIOD_SIZE * em and y + h >= baseline - PERIOD_SIZE * em:
        mark = "."
    elif (
        not opener and (number.text.isdigit() or number.text in OUTLINE_NUMERALS) and is_comma(piece, pieces, blobs, em)
    ):
        mark = "、"
    else:
        return symbols
    return [*symbols[:at], *split_number(number, mark, piece, after=True), *symbols[at + 1 :]]


NUMBER_LOOKALIKES = {"了": "7"}  # a line's opening figure the Chinese model reads as an ideograph


def restore_number_lookalike(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """A line opening with 了 before a mark read as a comma (7. read as 了，):
    no clause opens with 了 and a comma, so it is an item's number, and the
    mark a period when its ink is a period's size (else 、)."""
    if len(symbols) < 3 or symbols[0].text not in NUMBER_LOOKALIKES or symbols[1].text not in "，、,.":
        return symbols
    em = em_size(symbols)
    under = ink[:, max(0, symbols[1].box[0]) : symbols[1].box[2]]
    x0, y0, x1, y1 = ink_box(under) if under.any() else (0, 0, em, em)
    small = max(x1 - x0, y1 - y0) <= PERIOD_SIZE * em
    number = NUMBER_LOOKALIKES[symbols[0].text]
    first = symbols[0]._replace(text=number, doubt=f"{number} (read as {symbols[0].text})")
    return [first, symbols[1]._replace(text="." if small else "、"), *symbols[2:]]


def restore_opener(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """`2)辦理…`: the number's box holds a tall thin stroke before the number's own ink."""
    number, closer = symbols[0], symbols[1]
    em = em_size(symbols)
    if not em or not ITEM_NUMBER.fullmatch(number.text):
        return symbols
    pieces = sorted(b for b in ink_blobs(ink) if number.box[0] <= b[4] < number.box[2])
    if len(pieces) < 2 or not is_bracket(pieces[0], em):
        return symbols
    return [*split_number(number, OPENERS[closer.text], pieces[0], after=False), *symbols[1:]]


def is_comma(piece: Blob, pieces: list[Blob], blobs: list[Blob], em: int) -> bool:
    """A piece of ink no larger than a 、, standing apart: right of the
    number's own (六's right leg is as small, but under its bar), and a fifth
    of an em or more before the next glyph's ink (小's left stroke is as
    small, but close to the rest of 小: 3小時)."""
    x, _, w, h, _ = piece
    after = [b[0] for b in blobs if b[0] >= x + w]
    return (
        max(w, h) <= COMMA_SIZE * em
        and all(x >= b[0] + b[2] for b in pieces if b is not piece)
        and (not after or min(after) - (x + w) >= COMMA_GAP * em)
    )


def is_bracket(piece: tuple[int, int, int, int, float], em: int) -> bool:
    """A piece of ink as tall as a parenthesis and as thin."""
    return piece[3] >= CLOSER_HEIGHT * em and piece[2] <= CLOSER_WIDTH * em


def split_number(number: Symbol, mark: str, piece: tuple[int, int, int, int, float], after: bool) -> list[Symbol]:
    """A number's symbol in two: the number, its box cut at the piece of ink,
    doubtful for quality.csv; and `mark`, read from that piece, after or
    before it."""
    x, y, w, h, _ = piece
    read = f"{number.text}{mark}" if after else f"{mark}{number.text}"
    x0, y0, x1, y1 = number.box
    kept = number._replace(
        box=(x0, y0, x, y1) if after else (x + w, y0, x1, y1),
        doubt=f"{read} (its {mark} read into the {number.text})",
    )
    mark_symbol = Symbol(mark, (x, y, x + w, y + h), number.confidence)
    return [kept, mark_symbol] if after else [mark_symbol, kept]
