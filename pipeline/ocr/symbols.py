"""Symbols: what Tesseract reads, one symbol at a time, with its box and
confidence, and the few measures taken over a line of them."""

from __future__ import annotations

from typing import NamedTuple

import regex

from ..normalize import is_cjk


class Symbol(NamedTuple):
    """One symbol Tesseract read: its box in the line image, its confidence,
    and whether the next symbol belongs to the same word."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float
    joined: bool = False
    paper: tuple[int, int] = (-1, -1)  # a parenthesis: blank columns left and right of its ink (-1: unknown)
    doubt: str = ""  # why a reader should check it: a close competing reading, a repair (quality.csv)


def is_ideograph(text: str) -> bool:
    """The symbol is an ideograph (not CJK punctuation): what the lexicon weighs."""
    return is_cjk(text[:1]) and text[:1].isalpha()


def em_size(symbols: list[Symbol]) -> int:
    """The line's em in px: the median height of its ideographs' boxes (0: none)."""
    heights = sorted(s.box[3] - s.box[1] for s in symbols if regex.match(r"\p{Han}", s.text))
    return heights[len(heights) // 2] if heights else 0


def figure_em(symbols: list[Symbol]) -> int:
    """A line without ideographs: its em from its figures, whose ink is about
    0.7 em tall (0: no figure)."""
    heights = sorted(s.box[3] - s.box[1] for s in symbols if s.text and all(c in DIGITS for c in s.text))
    return round(heights[len(heights) // 2] / 0.7) if heights else 0


def mean_confidence(symbols: list[Symbol]) -> float:
    return sum(s.confidence for s in symbols) / len(symbols) if symbols else 0.0


NOISE_CONFIDENCE = 45.0  # a line read with less is noise, not text


SHAPED_MARK = 90.0  # the confidence given a mark its ink's shape confirms (image.mark_shape, lone_ring)
LONE_CONFIDENCE = 85.0  # a line of one symbol needs more: specks read as 全, 和


RAW_LINE_CONFIDENCE = 80.0  # a line only the raw-line reading finds needs as much


LATIN_CONFIDENCE = 70.0  # a line of figures re-read by the Latin model needs as much


# The ink of a % sign, width over height: 0.70-0.77 alone in the corpus's
# fonts (0.93 for one full-width ％), 1.4 with a figure touching it.
UNSURE_SYMBOL = 85.0  # a symbol read with less confidence is named in quality.csv


IDEOGRAPH_WIDTH = 0.75  # of a line's height: an ideograph's ink is as wide or wider; a digit's is 0.4-0.7


SPREAD_GAP = 0.8  # ems of paper between ideographs, in the middle of a line's gaps: it was spread out


def is_spread(symbols: list[Symbol]) -> bool:
    """Distributed text: the ideographs of the line stand apart, all of them
    (人　事　處 spread across a cell), not set solid; in a line of fewer than
    three ideographs, all its symbols (2　6　0　人)."""
    em = em_size(symbols) or figure_em(symbols)
    gaps = sorted(b.box[0] - a.box[2] for a, b in zip(symbols, symbols[1:]) if is_cjk(a.text[-1]) and is_cjk(b.text[0]))
    if len(gaps) < 2:
        # a figure and its unit spread across a cell (2　6　0　人): every gap
        gaps = sorted(b.box[0] - a.box[2] for a, b in zip(symbols, symbols[1:]))
    return bool(em) and len(gaps) >= 2 and gaps[len(gaps) // 4] > SPREAD_GAP * em


GLYPH_GAP = 0.25  # of the line's height: paper between the strokes of one glyph is narrower

OPERATORS = "×÷"  # set solid in the template's formulas: （實支數÷預算數）×100%

DIGITS = "0123456789"

# Full-width figures (３０年, １２家) stand an em apart, ink in the middle of
# each em: Tesseract reads them as words of one digit, and the paper between
# them (0.6 em) is wider than a Latin word space. Figures of a Chinese plan
# are never two numbers side by side, so digits closer than an em are one
# number.
FIGURE_GAP = 1.0  # ems

# Paper between two Latin letters that is a word space: the Chinese model
# reads `Open Data` as one word, and its boxes would be closed up.
LATIN_SPACE = 0.25  # ems


def one_number(a: str, b: str) -> bool:
    """Two characters of one figure: digits, or a digit and the comma or point beside it."""
    return a in DIGITS + ",." and b in DIGITS + ",." and (a in DIGITS or b in DIGITS)


def close_gaps(symbols: list[Symbol]) -> list[Symbol]:
    """Each box widened to the next symbol of its word, or to its neighbour when
    either is CJK or an operator (set solid), or both are figures less than
    an em apart (full-width): layout then reads a space only between words,
    and between Latin words Tesseract took for one (`Open Data`).
    Tesseract's order is the reading order, so a box that drifts back over the
    one before (the 。 of 活動。) is moved to start where that one starts."""
    out = list(symbols)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        if b.box[0] <= a.box[0]:
            out[i] = b._replace(box=(a.box[0] + 1, b.box[1], max(b.box[2], a.box[0] + 2), b.box[3]))
    spread = is_spread(out)
    em = em_size(out) or figure_em(out)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        gap = b.box[0] - a.box[2]
        # one number: figures, and the comma or point between two of them
        figures = one_number(a.text[-1], b.text[0]) and gap < FIGURE_GAP * em
        if spread:
            # distributed text: layout reads the spacing between ideographs, as
            # on a text layer; a figure with its % or a Latin word is one token
            if not (is_cjk(a.text[-1]) or is_cjk(b.text[0])):
                out[i] = a._replace(box=(a.box[0], a.box[1], max(a.box[2], b.box[0]), a.box[3]))
            continue
        words = a.text[-1].islower() and b.text[0].isupper() and a.text.isascii() and gap > LATIN_SPACE * em
        solid = is_cjk(a.text[-1]) or is_cjk(b.text[0]) or a.text in OPERATORS or b.text in OPERATORS
        if (a.joined and not words) or figures or solid:
            out[i] = a._replace(box=(a.box[0], a.box[1], max(a.box[2], b.box[0]), a.box[3]))
    return out
