"""Unread: a line's reading and PP-OCR's in, what only PP-OCR read put
back where the ink stands that no symbol of the reading covers -- a mark
(效能；read as 效能), a glyph (建立國際 read as 建立際), an opening bracket
boxed into the glyph before it -- and what Tesseract read on paper or off a
piece of a glyph taken out; each put back or taken out is doubtful."""

from __future__ import annotations

from difflib import SequenceMatcher

import numpy as np

from .image import column_runs, ink_box, mark_shape
from .punctuation import PAIRS, SOLID_PAPER, nearest_narrow_run
from .repairs import DASHES, MARK_HEIGHT
from .symbols import GLYPH_GAP, IDEOGRAPH_WIDTH, Symbol, em_size, is_ideograph
from .weighing import SENTENCE_MARKS, SURE_IDEOGRAPH, is_mark, omitted, plain

MODEL_SURE = 95.0  # PP-OCR's confidence (its columns' mean probability) in a glyph Tesseract did not read as one
MODEL_MARK = 50.0  # PP-OCR's confidence in a mark Tesseract did not read, where unread ink stands


CLOSING = {")": ")", "）": ")", "」": "」", "』": "』"}
# Marks a line may open on, its text wrapped before them (，加強管理制度 of a typeset cell)
LINE_OPENING_MARKS = ("，", "；", "、", "。")


def unread_marks(symbols: list[Symbol], model: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """A mark Tesseract's looks passed over (效能；read as 效能, 效能，推動 as
    效能推動, （105年） as （105年) that PP-OCR reads between the same two
    characters, or after the line's last: put back, doubtful, where ink
    stands in the gap between the symbols read, or, their boxes closed up
    over it (資訊；b. boxed 訊 over the ；), a mark's ink stands where PP-OCR
    reads it (mark_ink). A ） is as wide as the （ it closes; an opening
    parenthesis before a figure or an ideograph is as wide as the paper
    before it says (opener_by_paper)."""
    em = em_size(symbols)
    # PP-OCR's specks (a 「 at 35 % read on the paper before a ； it is 57 % sure of) out of the alignment
    model = [s for s in model if s.confidence >= MODEL_MARK or is_ideograph(s.text) or s.text.isalnum()]
    a, b = [plain(s.text) for s in symbols], [plain(s.text) for s in model]
    found: dict[int, Symbol] = {}
    for op, i1, _i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "insert" or j2 - j1 != 1 or model[j1].confidence < MODEL_MARK:
            continue
        read = model[j1].text
        mark = SENTENCE_MARKS.get(read) or (CLOSING.get(read) if i1 == len(symbols) else None)
        if read in "(（" and i1 < len(symbols) and (symbols[i1].text[:1].isdigit() or is_ideograph(symbols[i1].text)):
            mark = "("
        if i1 == 0 and (mark not in LINE_OPENING_MARKS or model[j1].confidence < MODEL_SURE):
            continue  # a line opens on a mark only where the text wrapped before it, and PP-OCR is sure
        if mark is None or (i1 and is_mark(symbols[i1 - 1].text) and symbols[i1 - 1].text not in CLOSING):
            continue  # a mark after a mark, but after a bracket closed: （104年）；
        start = max(0, symbols[i1 - 1].box[2] + 1) if i1 else 0
        stop = symbols[i1].box[0] - 1 if i1 < len(symbols) else ink.shape[1]
        columns = np.flatnonzero(ink[:, start:stop].any(axis=0)) if stop > start else []
        if len(columns) >= 2:
            run = (start + int(columns[0]), start + int(columns[-1]) + 1)
        elif em and i1 < len(symbols) and model[j1].confidence >= MODEL_SURE and (near := mark_ink(ink, model[j1], em)):
            run = near  # PP-OCR sure of a mark where the boxes leave no gap
        elif em and mark == "(" and (near := bracket_ink(ink, model[j1], em)):
            run = near  # boxed into the glyph before it
        else:
            continue  # no ink there: the model read paper
        if mark == ")" and any(s.text == "（" for s in symbols[:i1]) and not any(s.text == "(" for s in symbols[:i1]):
            mark = "）"
        if mark == "(" and em:
            mark = partner_width(symbols[i1:]) or opener_by_paper(ink, run, em)
        found[i1] = Symbol(mark, glyph_box(ink, run), model[j1].confidence, doubt=f"{mark} read by PP-OCR only")
    return put_back(symbols, found)


SHAPED = ("；", "：", "，")  # marks as `plain` folds them, told apart by their ink's pieces
HALF = {"；": ";", "：": ":"}


def marks_by_shape(symbols: list[Symbol], model: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """A ； the looks read apart, as ：, ， or a letter, or as two symbols
    (年）： by Tesseract, 年）； by PP-OCR; （占95%）H by the Latin model;
    萬元）3: of a spread line): PP-OCR's mark where the ink's pieces say it
    (image.mark_shape: a dot over a taller comma, two dots alike), as wide
    as the first look read it; doubtful."""
    a, b = [plain(s.text) for s in symbols], [plain(s.text) for s in model]
    found: dict[int, tuple[int, Symbol]] = {}  # first symbol replaced -> (how many, the mark)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "delete" and i2 - i1 == 1 and i2 < len(a) and a[i2] == "；" and j2 < len(b) and b[j2] == "；":
            i2, j2 = i2 + 1, j2 + 1  # 3; for ；: a symbol read off the mark's ink before the mark
        elif op != "replace":
            continue
        if j2 - j1 != 1 or not semicolon_misread(a[i1:i2], b[j1]):
            continue
        x0, x1 = symbols[i1].box[0], symbols[i2 - 1].box[2]
        if mark_shape(ink[:, max(0, x0 - 2) : max(0, x1 + 2)]) == b[j1]:
            first = symbols[i1]
            text = HALF[b[j1]] if i2 - i1 == 1 and first.text in HALF.values() else b[j1]
            as_read = "".join(s.text for s in symbols[i1:i2])
            found[i1] = (
                i2 - i1,
                first._replace(
                    text=text,
                    box=(x0, first.box[1], x1, first.box[3]),
                    doubt=f"{text} by its ink's shape (read as {as_read})",
                ),
            )
    out: list[Symbol] = []
    i = 0
    while i < len(symbols):
        count, mark = found.get(i, (1, symbols[i]))
        out.append(mark)
        i += count
    return out


def semicolon_misread(read: list[str], mark: str) -> bool:
    """Whether `read` (the first look's symbols, marks folded) may be the ink
    of PP-OCR's one `mark`, the two reading a ； apart: ：, ； or ， one for
    one; a lone letter or figure for a ；; two symbols, neither an
    ideograph, for a ；."""
    if mark not in SHAPED:
        return False
    if len(read) == 1:
        one = read[0]
        return "；" in (one, mark) and (one in SHAPED or (mark == "；" and one.isascii() and one.isalnum()))
    return len(read) == 2 and mark == "；" and all(len(t) == 1 and not is_ideograph(t) for t in read)


BRACKET_INK = 0.85  # ems: a bracket's ink is taller than a figure's (0.7), about an ideograph's


def bracket_ink(ink: np.ndarray, bracket: Symbol, em: int) -> tuple[int, int] | None:
    """The run of ink a bracket PP-OCR reads stands in: the nearest narrow
    one (nearest_narrow_run), as tall as a bracket; None if none."""
    runs = column_runs(ink.any(axis=0))
    heights = [box[3] - box[1] for box in (glyph_box(ink, run) for run in runs)]
    k = nearest_narrow_run(runs, bracket, em, heights)
    return runs[k] if k is not None and heights[k] >= BRACKET_INK * em else None


def partner_width(after: list[Symbol]) -> str:
    """The opening parenthesis as wide as the one that closes it on the same line (`after` it), if any."""
    closer = next((s.text for s in after if s.text in "()（）"), "")
    return next((opening for opening, closing in PAIRS.items() if closing == closer), "")


def opener_by_paper(ink: np.ndarray, run: tuple[int, int], em: int) -> str:
    """An opening parenthesis by the paper before its ink (`run`): set close
    to the glyph before it, half-width, the one Tesseract boxes into that
    glyph and passes over (合作平臺(25%)); else full-width."""
    before = np.flatnonzero(ink[:, : run[0]].any(axis=0))
    paper = run[0] - (int(before[-1]) + 1) if len(before) else em
    return "(" if paper < SOLID_PAPER[0] * em else "（"


def put_back(symbols: list[Symbol], found: dict[int, Symbol]) -> list[Symbol]:
    """The symbols with each found one put back before the symbol at its
    index (or at the end); a symbol whose loose box reached over the ink
    put back before it starts after it (layout reads boxes left to right)."""
    out: list[Symbol] = []
    for i, symbol in enumerate(symbols):
        if i in found:
            out.append(found[i])
            x0, y0, x1, y1 = symbol.box
            if x0 < found[i].box[2] < x1:
                symbol = symbol._replace(box=(found[i].box[2], y0, x1, y1))
        out.append(symbol)
    return out + ([found[len(symbols)]] if len(symbols) in found else [])


MARK_INK = 0.7  # ems: a mark's ink is no taller (；：), a glyph's stroke standing apart is


def mark_ink(ink: np.ndarray, mark: Symbol, em: int) -> tuple[int, int] | None:
    """The run of ink a mark PP-OCR reads stands in: the nearest narrow one
    (nearest_narrow_run) no taller than a mark (MARK_INK); None if none."""
    boxes = [(run, glyph_box(ink, run)) for run in column_runs(ink.any(axis=0))]
    runs = [run for run, box in boxes if box[3] - box[1] <= MARK_INK * em]
    k = nearest_narrow_run(runs, mark, em)
    return runs[k] if k is not None else None


MODEL_GLYPH = 80  # PP-OCR's least confidence in a glyph every Tesseract look passed over


def unread_glyphs(symbols: list[Symbol], model: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """An ideograph the first Tesseract look passed over (建立國際 read as 建立際,
    人才培育， as 人才培，) that PP-OCR reads between the same two symbols,
    or before the line's first or after its last (國際合作 spread, read as
    際合作; 場次 wrapped alone, as 場): put back, doubtful, where its ink
    stands unread -- a glyph's worth (IDEOGRAPH_WIDTH of an em, as tall)
    between the two symbols' boxes (or the line's end) and nothing more, or,
    where the line's glyphs stand apart one run of ink each as PP-OCR reads
    them, the run in its place (Tesseract's boxes drift over a spread line:
    培 boxed over 培育)."""
    em = em_size(symbols)
    if not em:
        return symbols
    glyphs = column_runs(ink.any(axis=0), bridge=GLYPH_GAP * em)
    in_order = len(glyphs) == len(model)
    # the ink's height, where Tesseract's boxes stand taller than the line (使用人 / 次 spread)
    line_height = ink_box(ink)[3] - ink_box(ink)[1] if ink.any() else em
    a, b = [plain(s.text) for s in symbols], [plain(s.text) for s in model]
    found: dict[int, Symbol] = {}
    for op, i1, _i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        glyph = model[j1] if j2 - j1 == 1 else None
        if op != "insert" or glyph is None:
            continue
        if not is_ideograph(glyph.text) or glyph.confidence < MODEL_GLYPH:
            continue
        start = max(0, symbols[i1 - 1].box[2] + 1) if i1 > 0 else 0
        stop = symbols[i1].box[0] - 1 if i1 < len(symbols) else ink.shape[1]
        runs = column_runs(ink[:, start:stop].any(axis=0), bridge=GLYPH_GAP * em) if stop > start else []
        if len(runs) == 1:
            run = (start + runs[0][0], start + runs[0][1])
        elif in_order:
            run = glyphs[j1]
        else:
            continue  # paper, or more than one glyph: not this one alone
        box = glyph_box(ink, run)
        if min(box[2] - box[0], box[3] - box[1]) >= IDEOGRAPH_WIDTH * min(em, line_height):
            found[i1] = Symbol(glyph.text, box, glyph.confidence, doubt=f"{glyph.text} read by PP-OCR only")
    return put_back(symbols, found)


def glyphs_read_on_paper(symbols: list[Symbol], model: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """Ideographs PP-OCR leaves out of a line whose glyphs stand apart, one
    run of ink each as PP-OCR reads them, and whose other symbols fill those
    runs: Tesseract read them on the paper between two glyphs or off a
    piece of one (中小企業 read as 中小人企業 over a spread line, its
    boxes drifting; 能 read as 和能). Dropped, the next symbol doubtful."""
    em = em_size(symbols)
    if not em or not model:
        return symbols
    extra = {i for i in omitted(symbols, model) if is_ideograph(symbols[i].text)}
    runs = column_runs(ink.any(axis=0), bridge=GLYPH_GAP * em)
    if not extra or not len(runs) == len(model) == len(symbols) - len(extra):
        return symbols
    out: list[Symbol] = []
    for i, symbol in enumerate(symbols):
        if i - 1 in extra and i not in extra:
            read_as = symbols[i - 1].text + symbol.text
            symbol = symbol._replace(doubt=symbol.doubt or f"{symbol.text} (read as {read_as})")
        if i not in extra:
            out.append(symbol)
    return out


def glyph_box(ink: np.ndarray, run: tuple[int, int]) -> tuple[int, int, int, int]:
    """The box of the ink in a run of inked columns."""
    x0, y0, x1, y1 = ink_box(ink[:, run[0] : run[1]])
    return (run[0] + x0, y0, run[0] + x1, y1)


def end_mark_read_as_glyph(symbols: list[Symbol], model: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """A sentence's closing mark read as a glyph by Tesseract (權益。 as
    權益崗, 網絡。 as 網絡同, 人次。 as 人次e): PP-OCR reads the mark there,
    the two agree on the character before it, and the ink under the glyph's
    box is under MARK_HEIGHT (in ems) of the line, as a 。 or ， is and no glyph
    but 一 is."""
    if len(symbols) < 2 or len(model) < 2 or is_mark(symbols[-1].text) or symbols[-1].text in DASHES:
        return symbols
    mark, last = model[-1].text, symbols[-1]
    if mark not in SENTENCE_MARKS or model[-2].text != symbols[-2].text or last.confidence >= SURE_IDEOGRAPH:
        return symbols
    x0, y0, x1, y1 = ink_box(ink)
    under = ink[:, max(0, last.box[0]) : max(0, last.box[2])]
    if not under.any() or ink_box(under)[3] - ink_box(under)[1] >= MARK_HEIGHT * (y1 - y0):
        return symbols
    text = SENTENCE_MARKS[mark]
    return [*symbols[:-1], last._replace(text=text, doubt=f"{text} read by PP-OCR (as {last.text} by Tesseract)")]
