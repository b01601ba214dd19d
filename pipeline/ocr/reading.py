"""Reading: a line of ink in, its symbols out: read two or three times (the
line as it is; grey and smaller; PP-OCR, or binarized without smoothing and
thinned), the readings weighed by the lexicon where they differ, a glyph
the first look split in two read as one, a lone glyph read as one. Where
Tesseract has nothing to go by, PP-OCR decides with the ink's say: a line
it reads as no ideograph, a lone glyph, a mark or a glyph passed over, a
mark read as a glyph."""

from __future__ import annotations

import itertools
from difflib import SequenceMatcher

import cv2
import numpy as np

from . import memo, recognizer
from .engines import engine, latin_engine, raw_line_engine, single_char_engine
from .figures import digits_differ, take_model_figures, vote_figures
from .image import SMALLEST_LINE, clean, column_runs, ink_box, mark_shape
from .numbering import OUTLINE_NUMERALS
from .repairs import DASHES, NUMERALS, count_bars, fit_boxes_to_ink, ink_in_middle, repair
from .symbols import (
    GLYPH_GAP,
    IDEOGRAPH_WIDTH,
    LATIN_CONFIDENCE,
    LONE_CONFIDENCE,
    RAW_LINE_CONFIDENCE,
    SHAPED_MARK,
    UNSURE_SYMBOL,
    Symbol,
    em_size,
    is_ideograph,
    mean_confidence,
)
from .unread import (
    MODEL_SURE,
    end_mark_read_as_glyph,
    glyphs_read_on_paper,
    marks_by_shape,
    unread_glyphs,
    unread_marks,
)
from .weighing import (
    SENTENCE_MARKS,
    SURE_IDEOGRAPH,
    choose_reading,
    differing_slots,
    drop_split_glyphs,
    drop_stray_quotes,
    lost_marks,
    note_disagreements,
    plain,
    restore_lost_marks,
    standard_forms_seen,
    take_model_letters,
    take_model_marks,
    take_model_whole_glyphs,
    traditional_forms,
)

# Choosing between two readings of a line (choose_reading), measured on
# lines of the scanned corpus families (tests/corpus/scan.py) against their
# printed text.
SECOND_SCALE = 1.5  # the second reading sees the line at 2/3 of the render's size


# The resolution Tesseract is told a line image has. Without one it warns and
# guesses 70; 96 is what it was told when lines were handed over as PIL's BMP
# files (PIL writes 96 dpi into them), so the readings stay the ones the
# thresholds were tuned on (300, the true figure, read the smallest scanned twin the same).
TESSERACT_DPI = 96


def read_line(gray: np.ndarray, alone: bool = False, before: str = "", left_open: str = "") -> list[Symbol]:
    """The symbols of one text line: Tesseract's best reading of it, repaired,
    its ideographs checked against other readings of the same ink (other
    looks). `alone`: the line is all a table cell holds; `before`: the last
    character of the line above in the same paragraph, if any; `left_open`:
    the parenthesis that line left open, if any."""
    binary = clean(gray)
    read = best_reading(binary, alone, bool(before)) or thinned_reading(gray, binary)
    symbols = repair(restore_item_letter(restore_lost_number(read, binary), binary), binary < 128, before, left_open)
    if not any(is_ideograph(s.text) for s in symbols):
        return read_without_ideographs(symbols, gray, binary)
    if len(symbols) == 1 and symbols[0].text in NUMERALS:
        return symbols  # counted in the ink (read_one_glyph)
    second = recognize(second_look(gray), engine(), SECOND_SCALE)
    seen = recognizer.read(gray)
    model = traditional_forms(symbols, seen)
    if len(symbols) == 1 and len(model) <= 1:
        # a lone glyph may end its sentence with a mark only PP-OCR reads (點；)
        return unread_marks(lone_choice(symbols[0], second, model), model, binary < 128)
    others = [second]
    if model:
        # PP-OCR is the third look: another reader, not Tesseract on another
        # image, so it fails on other characters (Tesseract's 續 for 績, 閒 for
        # 競; its own 内 for 內). It reads every line (40 ms of a 20-character
        # line) and takes the place of the thinned look below.
        others.append(model)
    elif (
        differing_slots(symbols, second)
        or lost_marks(symbols, second)
        or any(is_ideograph(s.text) and s.confidence < SURE_IDEOGRAPH for s in symbols)
    ):
        # Without PP-OCR's weights, a third look costs a third of the reading:
        # spent where the first two disagree (on an ideograph, or on a mark
        # only the second reads) or the model doubted an ideograph (農 read as
        # 晨 at 96 %).
        others.append(recognize(thin_look(gray), engine()))
    taken = marks_by_shape(take_model_marks(symbols, second, model), model, binary < 128)
    taken = take_model_figures(take_model_letters(taken, model), model)
    taken = vote_figures(taken, second, model)
    taken = take_model_whole_glyphs(taken, model, binary < 128)
    chosen = standard_forms_seen(choose_reading(taken, others, model), seen)
    chosen = restore_lost_marks(drop_stray_quotes(drop_split_glyphs(chosen, others, marks=bool(model)), model), others)
    chosen = unread_marks(end_mark_read_as_glyph(chosen, model, binary < 128), model, binary < 128)
    chosen = unread_glyphs(glyphs_read_on_paper(chosen, model, binary < 128), model, binary < 128)
    return note_disagreements(doubt_widths(chosen, model), others)


def doubt_widths(symbols: list[Symbol], model: list[Symbol]) -> list[Symbol]:
    """A parenthesis whose width (measured by the paper around it) PP-OCR
    reads otherwise: doubtful, for a reader to check. The paper misleads
    where the line is spread or a centred mark stands by (完成招標作業(40%)。)."""
    a, b = [plain(s.text) for s in symbols], [plain(s.text) for s in model]
    out = list(symbols)
    for op, i1, i2, j1, _j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            continue
        for i, j in zip(range(i1, i2), range(j1, j1 + i2 - i1)):
            mine, theirs = symbols[i].text, model[j].text
            if mine in "()（）" and theirs in "()（）" and mine != theirs and not symbols[i].doubt:
                out[i] = symbols[i]._replace(doubt=f"{mine} (PP-OCR reads {theirs})")
    return out


def thinned_reading(gray: np.ndarray, binary: np.ndarray) -> list[Symbol]:
    """A glyph or a line of ink that every reading of the smoothed image
    passed over: its strokes ran together (書 of a 200-dpi scan, set one
    character a line, binarized into a blot). Read again thinned, kept when
    as sure as a line only the raw reading finds must be."""
    if not (one_glyph(binary) or looks_like_a_line(binary)):
        return []
    again = recognize(thin_look(gray), engine())
    return again if again and mean_confidence(again) >= RAW_LINE_CONFIDENCE else []


ENUMERATION_COMMAS = "、ˋ`"  # 、 and what the model reads it as


def restore_lost_number(symbols: list[Symbol], binary: np.ndarray) -> list[Symbol]:
    """An outline number the line reading passed over (四、 read as 、, its
    square taken for a frame): the ink before a line's opening 、 read as one
    character, kept when it is a numeral."""
    if not symbols or symbols[0].text not in ENUMERATION_COMMAS:
        return symbols
    comma = symbols[0].box[0]
    columns = np.flatnonzero((binary[:, : max(0, comma - 1)] < 128).any(axis=0))
    if len(columns) == 0:
        return symbols
    left = int(columns[0])
    again = recognize(binary[:, max(0, left - 4) : comma], single_char_engine())
    if len(again) != 1 or again[0].text not in OUTLINE_NUMERALS:
        return symbols
    x0, y0, x1, y1 = again[0].box
    number = again[0]._replace(
        box=(x0 + max(0, left - 4), y0, x1 + max(0, left - 4), y1), doubt=f"{again[0].text}、 read apart"
    )
    return [number, symbols[0]._replace(text="、"), *symbols[1:]]


LETTER_HEIGHT = 0.7  # ems: a lowercase letter's ink is no taller; an ideograph's is nearly an em


def restore_item_letter(symbols: list[Symbol], binary: np.ndarray) -> list[Symbol]:
    """An item's letter the Chinese model read as an ideograph (a. as 引.):
    a line opening with an ideograph no taller than a lowercase letter,
    then a point, then ideographs. The Latin model reads that ink again; a
    lowercase letter it is sure of is kept, doubtful."""
    if len(symbols) < 3 or symbols[1].text not in ".．":
        return symbols
    if not (is_ideograph(symbols[0].text) and is_ideograph(symbols[2].text)):
        return symbols
    latin, em = latin_engine(), em_size(symbols)
    left, right = max(0, symbols[0].box[0]), max(0, symbols[1].box[0])
    rows = np.flatnonzero((binary[:, left:right] < 128).any(axis=1))
    if latin is None or not em or not len(rows) or rows[-1] - rows[0] + 1 > LETTER_HEIGHT * em:
        return symbols
    letters = [s for s in recognize(binary[:, max(0, left - 4) : right], latin) if s.text.isalpha()]
    if len(letters) != 1 or not letters[0].text.islower() or letters[0].confidence < LONE_CONFIDENCE:
        return symbols
    letter, doubt = letters[0].text, f"{letters[0].text}. read as {symbols[0].text}."
    return [symbols[0]._replace(text=letter, confidence=letters[0].confidence, doubt=doubt), *symbols[1:]]


def lone_choice(first: Symbol, second: list[Symbol], model: list[Symbol] | None = None) -> list[Symbol]:
    """A line of one glyph has no words around it to weigh: what two of the
    three looks read (率 read as 牽 by the first alone), unless PP-OCR is
    sure and Tesseract's looks are not; else PP-OCR's reading when it is
    sure and the first is not; else the more confident of Tesseract's two.
    Doubtful whenever the looks differ."""
    looks = [r[0] for r in (second, model or []) if len(r) == 1]
    if all(r.text == first.text for r in looks):
        # as sure as its surest look: a glyph every look reads alike is no speck (率 read at 67 %)
        return [first._replace(confidence=max(r.confidence for r in [first, *looks]))]
    texts = [first.text] + [r.text for r in looks]
    agreed = next((r for r in looks if texts.count(r.text) >= 2), None)
    model_sure = model[0] if model and len(model) == 1 and model[0].confidence >= MODEL_SURE else None
    # Tesseract's two looks are one reader on two images: agreeing, both
    # unsure, they do not outvote PP-OCR sure of another glyph (次 wrapped
    # alone, read as 雇 at 85 % and 81 %, as 次 at 99.8 %).
    unsure = all(r.confidence < LONE_CONFIDENCE for r in [first, *(second if len(second) == 1 else [])])
    # Nor is a figure's ink, narrower than an ideograph's, an ideograph (a
    # risk's number 7 read as 了 at 99 %, as 7 by PP-OCR).
    x0, y0, x1, y1 = first.box
    figure = model_sure is not None and model_sure.text.isdigit() and x1 - x0 < IDEOGRAPH_WIDTH * (y1 - y0)
    if model_sure is not None and model_sure.text != first.text and (unsure or (figure and is_ideograph(first.text))):
        keep = model_sure
    elif agreed is not None:
        keep = first if texts.count(first.text) >= 2 else agreed
    elif model_sure is not None and first.confidence < LONE_CONFIDENCE:
        keep = model_sure
    elif len(second) == 1 and second[0].confidence > first.confidence:
        keep = second[0]
    else:
        keep = first
    others = "/".join(dict.fromkeys(t for t in texts if t != keep.text))
    sure = max(r.confidence for r in [first, *looks] if r.text == keep.text)
    return [first._replace(text=keep.text, confidence=sure, doubt=f"{keep.text} (or {others}?)")]


def read_without_ideographs(symbols: list[Symbol], gray: np.ndarray, binary: np.ndarray) -> list[Symbol]:
    """A line Tesseract reads as no ideograph at all (figures, a Latin word,
    or nothing): the ideographs PP-OCR reads there (ideographs_the_model_reads),
    else its figures as PP-OCR and the second look help read them."""
    if not (binary < 128).any():
        return symbols
    model = recognizer.read(gray)
    if (ideographs := ideographs_the_model_reads(symbols, model, binary)) is not None:
        return ideographs
    symbols = marks_by_shape(take_model_figures(symbols, model), model, binary < 128)
    if digits_differ(symbols, model):
        # the second look is taken only here: most figure cells read alike
        symbols = vote_figures(symbols, recognize(second_look(gray), engine(), SECOND_SCALE), model)
    return symbols


def ideographs_the_model_reads(symbols: list[Symbol], model: list[Symbol], binary: np.ndarray) -> list[Symbol] | None:
    """A line Tesseract reads as no ideograph at all, or as nothing, that
    PP-OCR (`model`) reads as ideographs, each sure and each an em of ink or
    more: a glyph or two wrapped alone onto a cell's last line (成長率's 率
    read as 3, 2, zz or ES; 統計 of 統計數據 read as nothing), and the
    sentence's mark after them, where PP-OCR is sure of it or the ink after
    them is its shape (點。 read as nothing, PP-OCR 37 % sure of the 。).
    Alone on a line a glyph has no words around it for Tesseract to go by;
    figures, a digit half an em wide, stay Tesseract's (None)."""
    ink = binary < 128
    glyphs = list(itertools.takewhile(lambda s: is_ideograph(s.text), model))
    if not glyphs or not all(s.confidence >= MODEL_SURE for s in glyphs) or len(model) > len(glyphs) + 1:
        return None
    x0, y0, x1, y1 = ink_box(ink)
    if (x1 - x0) < IDEOGRAPH_WIDTH * (y1 - y0) * len(glyphs):
        return None
    if len(model) > len(glyphs):
        if not mark_after(model[-1], glyphs[-1], ink):
            return None
        model = [*glyphs, model[-1]._replace(confidence=max(model[-1].confidence, SHAPED_MARK))]
    read = "".join(s.text for s in symbols) or "nothing"
    doubt = f"{''.join(s.text for s in model)} read by PP-OCR (as {read} by Tesseract)"
    return fit_boxes_to_ink([s._replace(doubt=doubt) for s in model], ink)


def mark_after(mark: Symbol, glyph: Symbol, ink: np.ndarray) -> bool:
    """PP-OCR's sentence mark after the line's last glyph stands: PP-OCR is
    sure of it, or the ink after the glyph's is that mark's shape."""
    if SENTENCE_MARKS.get(mark.text) not in ("。", "；", "：", "，"):
        return False
    if mark.confidence >= MODEL_SURE:
        return True
    runs = column_runs(ink.any(axis=0), bridge=GLYPH_GAP * ink.shape[0])
    after = [run for run in runs if run[0] > (glyph.box[0] + glyph.box[2]) / 2]
    return len(after) == 1 and mark_shape(ink[:, after[0][0] :]) == SENTENCE_MARKS[mark.text]


def second_look(gray: np.ndarray) -> np.ndarray:
    """The line as a second reading sees it: grey (not binarized), at two
    thirds of the size, lightly smoothed. The first reading's blur and
    threshold merge close strokes in a 200-dpi scan (處 -> 慮); this one keeps
    them apart but loses others, so the two fail on different characters."""
    small = cv2.resize(gray, None, fx=1 / SECOND_SCALE, fy=1 / SECOND_SCALE, interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(small, (3, 3), 0)


def thin_look(gray: np.ndarray) -> np.ndarray:
    """The line as a third reading sees it: binarized without smoothing, its
    strokes thinned by a pixel. Strokes that smoothing merges in a 200-dpi
    scan stay apart (農 read as 晨 or 畢 by the first two looks)."""
    binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
    return cv2.dilate(binary, np.ones((2, 2), np.uint8))


def best_reading(binary: np.ndarray, alone: bool = False, wrapped: bool = False) -> list[Symbol]:
    """The line as the Chinese model reads it, unless another reading is
    better: a line read as ASCII alone (90%, 1,500, NGO) by the Latin model,
    which knows `%` and digits better; a line Tesseract's line layout rejects
    or breaks (4． 證照之驗證 widely spaced; the strokes of 二 or 三 standing
    alone) as a raw line."""
    symbols = recognize(binary, engine())
    # Only a cell's sole content: a lone glyph ending a paragraph (。 業) is
    # read with its neighbours' help by the line reading. Bars, one or
    # stacked, are a numeral however much wider than tall (二 of a docx
    # scan, 41 px by 31; 一, read as 一一).
    if alone and (one_glyph(binary) or count_bars(binary < 128)):
        return read_one_glyph(binary, symbols)
    # A glyph or two wrapped onto a line of their own under a line of text
    # (業務 ending a cell as 務) are not a line to Tesseract's line layout either.
    if not symbols and (looks_like_a_line(binary) or (wrapped and wrapped_end(binary))):
        again = [s for s in recognize(binary, raw_line_engine()) if not over_the_margin(s, binary)]
        return again if mean_confidence(again) >= RAW_LINE_CONFIDENCE else []
    if len(symbols) == 1 and lost_strokes(symbols[0], binary):
        again = recognize(binary, raw_line_engine())
        return again if len(again) == 1 and not lost_strokes(again[0], binary) else symbols
    latin = latin_engine()
    if latin is not None and symbols and all(s.text.isascii() for s in symbols):
        again = keep_figures(symbols, recognize(binary, latin))
        # What neither model reads with some confidence is a speck, not figures.
        return again if mean_confidence(again) >= LATIN_CONFIDENCE else []
    return symbols


def over_the_margin(symbol: Symbol, binary: np.ndarray) -> bool:
    """An ideograph the raw-line reading boxes from the margin recognize()
    pads the image with, over paper (一 before 計 of 統計數據). Its other boxes
    may stand a glyph's width off their ink (標準 boxed 214-269 and 262-300
    over ink at 185-225 and 230-272), so only this one is told by its box."""
    return is_ideograph(symbol.text) and symbol.box[0] < 0 and not ink_in_middle(binary < 128, symbol.box)


STROKES = "|][lI!"  # what the Latin model reads a sans-serif 1 as


def keep_figures(chinese: list[Symbol], latin: list[Symbol]) -> list[Symbol]:
    """The Latin reading, but a 1 the Chinese model read where the Latin one
    saw a bare stroke (| or ], a sans-serif 1 alone in a cell)."""
    if len(chinese) != len(latin):
        return latin
    return [c if c.text == "1" and a.text in STROKES else a for c, a in zip(chinese, latin)]


def wrapped_end(binary: np.ndarray) -> bool:
    """A glyph or two alone on a line (務, 建置數): what a wrapped line's end may hold."""
    return one_glyph(binary) or looks_like_a_line(binary, 1.5)


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
        symbols = again
    latin = latin_engine()
    read = "".join(s.text for s in symbols)
    if latin is None or not read.isascii() or (read.isdigit() and mean_confidence(symbols) >= LONE_CONFIDENCE):
        return symbols  # an ideograph, or a figure the Chinese model was sure of
    # A lone figure (an evaluation code) read as nothing, or as what it
    # looks like to a Chinese model (5 as S, 1 as ], 3 as 33): the Latin
    # model knows figures.
    figure = recognize(binary, latin)
    sure = len(figure) == 1 and figure[0].confidence >= max(LONE_CONFIDENCE, mean_confidence(symbols))
    if sure and figure[0].text.isdigit() and figure[0].text != read:
        return [
            figure[0]._replace(
                doubt=f"{figure[0].text} read by the Latin model (as {read or 'nothing'} by the Chinese)"
            )
        ]
    return symbols


def recognize(binary: np.ndarray, api, scale: float = 1.0) -> list[Symbol]:
    """The symbols Tesseract reads in the image, their boxes multiplied by
    `scale` (for an image read at another size than the line's)."""
    pad = 10
    image = cv2.copyMakeBorder(binary, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    engine = f"tesseract {api.GetInitLanguagesAsString()} psm {int(api.GetPageSegMode())} dpi {TESSERACT_DPI}"
    out: list[Symbol] = []
    for text, box, confidence, joined in memo.recalled(engine, image, lambda: tesseract_symbols(image, api)):
        x0, y0, x1, y1 = (round((v - pad) * scale) for v in box)
        out.append(Symbol(text, (x0, y0, x1, y1), confidence, joined))
    return out


def tesseract_symbols(image: np.ndarray, api) -> list[tuple[str, tuple[int, int, int, int], float, bool]]:
    """Tesseract's symbols in a grey image: text, box in its pixels,
    confidence, and whether the next symbol is of the same word."""
    import tesserocr

    # Raw grey bytes: handing over a PIL image had it written out as a BMP
    # file and read back, every call. `pixels` outlives Recognize(), as
    # tesserocr asks (it may not copy them).
    pixels = image.tobytes()
    api.SetImageBytes(pixels, image.shape[1], image.shape[0], 1, image.shape[1])
    api.SetSourceResolution(TESSERACT_DPI)
    api.Recognize()
    out = []
    it = api.GetIterator()
    symbol, word = tesserocr.RIL.SYMBOL, tesserocr.RIL.WORD
    while it is not None:
        try:
            text, box = it.GetUTF8Text(symbol), it.BoundingBox(symbol)
        except RuntimeError:  # an empty line: Tesseract found no symbol
            break
        if text and box:
            out.append((text, tuple(box), it.Confidence(symbol), not it.IsAtFinalElement(word, symbol)))
        if not it.Next(symbol):
            break
    return out


def lost_strokes(symbol: Symbol, binary: np.ndarray) -> bool:
    """A symbol whose box covers less than half the height of the ink it was
    read from: 一 read for 三."""
    rows = np.flatnonzero((binary < 128).any(axis=1))
    return len(rows) > 0 and (symbol.box[3] - symbol.box[1]) < 0.5 * (rows[-1] - rows[0] + 1)


def looks_like_a_line(binary: np.ndarray, ems: float = 3.0) -> bool:
    """Ink as tall as a line of text (25 px: 6 pt at 300 dpi) and at least
    `ems` times as wide as tall (counting columns with ink): not a speck, not
    a ruling's edge. Under a line of text, a wrapped end of two or three
    glyphs (建置數) is enough."""
    ink = binary < 128
    rows, columns = int(ink.any(axis=1).sum()), int(ink.any(axis=0).sum())
    return rows >= 25 and columns >= ems * rows


def doubts(symbols: list[Symbol]) -> str:
    """What is doubtful in a line, in words: each close competing reading or
    repair once, and symbols the model was barely sure of."""
    said = list(dict.fromkeys(s.doubt for s in symbols if s.doubt))
    unsure = "".join(s.text for s in symbols if s.confidence < UNSURE_SYMBOL)
    if unsure:
        said.append(f"{unsure} read with little confidence")
    return "; ".join(said[:3])
