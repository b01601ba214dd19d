"""Punctuation: a line's symbols in, its punctuation set right out. Tesseract
reads a full-width mark as half-width and the reverse, one dot twice, a
decimal point as 。 and an item's dot as a comma; a parenthesis's width is
measured by the paper around its ink (measure_paper, parenthesis_widths),
in a spread line less the line's spacing, and a pair is one width; a
cell's bracketed item numbers are one width (agree_item_brackets)."""

from __future__ import annotations

import numpy as np

from ..normalize import is_cjk
from .image import column_runs
from .numbering import OUTLINE_NUMERALS
from .symbols import GLYPH_GAP, Symbol, em_size, is_ideograph


def measure_paper(symbols: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """Each parenthesis with the blank columns on either side of its ink, up to
    the next ink. Tesseract's boxes are not tight or steady enough to tell a
    half-width parenthesis from a full-width one; the ink is. A parenthesis's
    ink is the narrow run of inked columns (under a third of an em) nearest
    its box -- or, where the line's glyphs stand apart one run each, the run
    in its place in the line: Tesseract's boxes drift a glyph off their ink
    over a spread line (動 boxed over the ( after it). Where neither finds
    it, the run in its place counted from one end of the line does
    (run_in_order). `ink`: the line's inked pixels."""
    em = em_size(symbols)
    if not em or not any(s.text in BRACKETS for s in symbols):
        return symbols  # nothing to measure: most lines
    columns = ink.any(axis=0)
    runs = column_runs(columns)
    heights = [run_height(ink, run) for run in runs]
    glyphs = column_runs(columns, bridge=GLYPH_GAP * em)
    in_order = len(glyphs) == len(symbols)
    # a spread line's spacing is taken out later (paper_beyond_spacing)
    stretch = 0 if spread_pitch(symbols, em) else line_stretch(runs, em)
    out = []
    for i, sym in enumerate(symbols):
        if sym.text not in BRACKETS:
            out.append(sym)
            continue
        if in_order and glyphs[i][1] - glyphs[i][0] <= em / 3:
            k, found = i, glyphs
        else:
            k, found = nearest_narrow_run(runs, sym, em, heights), runs
        for found in (glyphs, runs) if k is None else ():
            k = run_in_order(symbols, found, i, em)
            if k is not None:
                break
        if k is not None and found is not runs and spacing_drifted(symbols, found, em):
            k = None
        if k is None:
            out.append(sym)
            continue
        left = max(0, int(found[k][0] - found[k - 1][1]) - stretch) if k > 0 else -1
        right = max(0, int(found[k + 1][0] - found[k][1]) - stretch) if k + 1 < len(found) else -1
        out.append(sym._replace(paper=(left, right)))
    return out


SOLID_PAPER_BETWEEN = 0.12  # ems of paper between two ideographs' ink set solid (their side bearings)


def line_stretch(runs: list[tuple[int, int]], em: int) -> int:
    """The paper justification added between every two glyphs of a wrapped
    line, in px: the paper between runs of ink an ideograph wide side by
    side, in the middle, beyond what a line set solid leaves (0 under three
    such pairs). A word processor stretches a narrow cell's line by up to
    half an em a glyph, and a half-width ) before 完 stood 0.53 em clear."""
    papers = sorted(b[0] - a[1] for a, b in zip(runs, runs[1:]) if min(a[1] - a[0], b[1] - b[0]) >= 0.6 * em)
    if len(papers) < 3:
        return 0
    return max(0, round(papers[len(papers) // 2] - SOLID_PAPER_BETWEEN * em))


ORDER_DRIFT = 2.0  # ems: Tesseract's box drifts a glyph or so off its ink in a spread line, no further
LONE_SYMBOL = 1.0  # ems: the ink of one symbol that is not an ideograph is no wider (％ 0.9)


def run_in_order(symbols: list[Symbol], glyphs: list[tuple[int, int]], i: int, em: int) -> int | None:
    """The narrow run of ink among `glyphs` that symbol i stands in, counted
    from the line's start, or else from its end: where every symbol on that
    side stands in a run of its own (an ideograph in a wide one, any other
    symbol in one no wider than an em). Tesseract's boxes drift a glyph off
    their ink (度 boxed over the ( after it, the ( over the 1), and the line's
    runs and symbols may not count alike (the figures after a ( run
    together; ideographs set solid do, their strokes bridged): the ink's
    order on one side still tells which run is the bracket's."""

    def alike(sym: Symbol, run: tuple[int, int]) -> bool:
        width = run[1] - run[0]
        return width >= 0.5 * em if is_ideograph(sym.text) else width <= LONE_SYMBOL * em

    after = len(symbols) - 1 - i
    for k, side in ((i, range(i)), (len(glyphs) - 1 - after, range(i + 1, len(symbols)))):
        if not 0 <= k < len(glyphs) or glyphs[k][1] - glyphs[k][0] > em / 3:
            continue
        if abs(sum(glyphs[k]) / 2 - (symbols[i].box[0] + symbols[i].box[2]) / 2) > ORDER_DRIFT * em:
            continue
        if all(alike(symbols[j], glyphs[k - i + j]) for j in side):
            return k
    return None


SPACING_DRIFT = 0.25  # ems: the spacing the boxes show beyond the ink's, and they drifted too far to weigh it


def spacing_drifted(symbols: list[Symbol], glyphs: list[tuple[int, int]], em: int) -> bool:
    """Whether the spacing of a spread line that its ideographs' boxes show
    (parenthesis_widths takes it off the paper outside a parenthesis) is
    wider than the paper between their runs of ink, each glyph one run: the
    boxes drifted a glyph off over the line (職教育輔導機制（ boxed 24 to 111
    px apart, 55 px from ink to ink), and the spacing would take a
    full-width parenthesis's paper for the line's."""
    spacing = max(0, spread_pitch(symbols, em) - em)
    if not spacing:
        return False
    # the paper between two neighbouring runs an ideograph wide
    gaps = sorted(b[0] - a[1] for a, b in zip(glyphs, glyphs[1:]) if min(a[1] - a[0], b[1] - b[0]) >= 0.5 * em)
    return bool(gaps) and spacing - gaps[len(gaps) // 2] > SPACING_DRIFT * em


BRACKET_HEIGHT = 0.9  # of the tallest narrow ink by a bracket's box: a bracket is no shorter


def nearest_narrow_run(
    runs: list[tuple[int, int]], sym: Symbol, em: int, heights: list[int] | None = None
) -> int | None:
    """The run of ink under a third of an em wide nearest the symbol's box,
    within half an em; given the runs' `heights`, one of the tallest there:
    a bracket reaches above and below the figures beside it (（1 boxed as
    one, the 1's ink nearer its middle)."""
    centre = (sym.box[0] + sym.box[2]) / 2
    narrow = [
        (abs((a + b) / 2 - centre), k)
        for k, (a, b) in enumerate(runs)
        if b - a <= em / 3 and abs((a + b) / 2 - centre) <= em / 2
    ]
    if heights is not None and narrow:
        tallest = max(heights[k] for _, k in narrow)
        narrow = [(d, k) for d, k in narrow if heights[k] >= BRACKET_HEIGHT * tallest]
    return min(narrow)[1] if narrow else None


def run_height(ink: np.ndarray, run: tuple[int, int]) -> int:
    """Rows from the top of the ink in a run of columns to its foot."""
    rows = np.flatnonzero(ink[:, run[0] : run[1]].any(axis=1))
    return int(rows[-1] - rows[0] + 1) if len(rows) else 0


FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "[": "［", "]": "］", "!": "！", "?": "？"}


HALF_WIDTH = {"（": "(", "）": ")", "［": "[", "］": "]"}


BRACKETS = "()（）[]［］"  # measured by the paper around them (parenthesis_widths)
OPENING = "(（[［"


def repair_punctuation(symbols: list[Symbol], before: str = "", left_open: str = "") -> list[Symbol]:
    """Half-width punctuation read where the template prints full-width, put
    back: `,` -> `，`, `:` -> `：` next to CJK text; a parenthesis by the
    space it stands in (parenthesis_widths), or else by its neighbours --
    for the first symbol, `before`, the end of the line above: a weight
    `（25%）` wrapped onto a line of its own has no paper to measure and no
    neighbour on it but figures -- or by the parenthesis it closes, which
    may have opened on the line above (`left_open`: （累計 / 100%）)."""
    # Tesseract splits a full-width comma into a quote and a comma.
    symbols = [
        s
        for i, s in enumerate(symbols)
        if not (s.text in "'`‘’" and any(n.text in ",，." for n in symbols[max(0, i - 1) : i + 2] if n is not s))
    ]
    symbols = [s for i, s in enumerate(symbols) if not (s.text == "," and i and symbols[i - 1].text in "，,")]
    # One dot read twice after a figure: 3..智慧 or 3,.智慧 (an item's number), 3..2 億元, b..推動
    symbols = [s for i, s in enumerate(symbols) if not doubled_dot(symbols, i)]
    widths = parenthesis_widths(symbols)
    first = symbols[0].text if symbols else ""
    numbering = len(first) == 1 and first.isascii() and first.isalnum()
    chinese = any(is_ideograph(s.text) for s in symbols)
    out: list[Symbol] = []
    # the parentheses still open, as repaired: the line above may end on one
    # (（ / 達10%）) or have left one open (（累計 / 100%）)
    carried = left_open or (before if before in "(（" else "")
    opened: list[str] = [carried] if carried else []
    for i, sym in enumerate(symbols):
        text = sym.text
        before = out[-1].text[-1:] if out else before
        after = symbols[i + 1].text[:1] if i + 1 < len(symbols) else ""
        if text in ",，" and numbered_at(out, i, numbering, after):
            text = "."  # `a.` / `1.` numbering read with a comma, first on the line or after a sentence
        elif text in "。．" and before.isdigit() and after.isdigit():
            text = "."  # a decimal point: spread out with its figures (`1 2 . 5 %`), the dot reads as 。
        elif text == "。" and after in (".", "．") and symbols[i + 2 : i + 3] and symbols[i + 2].text[:1].isdigit():
            # A figure before a decimal point (0.8 read as 。.8): most often a
            # 0, whose ring was taken for a period's; doubtful (3.2 read so too).
            text = "0"
            sym = sym._replace(doubt=sym.doubt or "0 (read as 。 before a decimal point)")
        elif i in widths:
            text = FULL_WIDTH.get(text, text) if widths[i] else HALF_WIDTH.get(text, text)
        elif text in ")）" and opened == [carried] and carried:
            # closes the parenthesis the line above opened (作業( / 40%），):
            # a pair is one width, whatever Chinese text stands after it
            text = "）" if carried == "（" else ")"
        elif text in FULL_WIDTH and ((before and is_cjk(before)) or (after and is_cjk(after)) or by_a_mark(symbols, i)):
            text = FULL_WIDTH[text]
        elif text in ",;:" and before in ")]" and chinese:
            text = FULL_WIDTH[text]  # a Chinese sentence's mark after a half-width bracket: 平臺(100%)；
        elif text == ")" and opened and opened[-1] == "（":
            text = "）"  # closes a full-width parenthesis: (25%) inside （…）
        if text in "(（":
            opened.append(text)
        elif text in ")）" and opened:
            opened.pop()
        out.append(sym._replace(text=text))
    return pair_widths(out, widths)


def parenthesis_left_open(symbols: list[Symbol]) -> str:
    """The parenthesis a line opens and does not close (its last such), or "":
    the line after it may close it."""
    opened: list[str] = []
    for sym in symbols:
        if sym.text in "(（":
            opened.append(sym.text)
        elif sym.text in ")）" and opened:
            opened.pop()
    return opened[-1] if opened else ""


def by_a_mark(symbols: list[Symbol], i: int) -> bool:
    """A closing bracket before a comma or colon that Chinese text follows
    (SDGs)，協助: the mark is a full-width one not yet repaired)."""
    after = "".join(s.text[:1] for s in symbols[i + 1 : i + 3])
    return symbols[i].text in ")]" and len(after) == 2 and after[0] in ",;:" and is_cjk(after[1])


PAIRS = {"(": ")", "（": "）", "[": "]", "［": "］"}  # an opening mark and its closing one, either width


def pair_widths(symbols: list[Symbol], measured: dict[int, bool]) -> list[Symbol]:
    """A pair of parentheses or square brackets neither of which the paper
    measured is one width: full-width when either stood by Chinese text,
    ((1）強化 read so, a line's ( with nothing before it; [（本年度…］). Measured
    ones keep their width."""
    out = list(symbols)
    opened: list[int] = []
    for i, sym in enumerate(symbols):
        if sym.text in PAIRS:
            opened.append(i)
        elif sym.text in PAIRS.values() and opened:
            j = opened.pop()
            wide = (sym.text in "）］", symbols[j].text in "（［")
            if i in measured or j in measured or wide[0] == wide[1]:
                continue
            out[i] = sym._replace(text=FULL_WIDTH.get(sym.text, sym.text))
            out[j] = symbols[j]._replace(text=FULL_WIDTH.get(symbols[j].text, symbols[j].text))
    return out


def doubled_dot(symbols: list[Symbol], i: int) -> bool:
    """Symbol i is a dot (or comma) read again at the next symbol, a period,
    after a figure or after a line's opening letter (`b..推動`, an item's number)."""
    previous = symbols[i - 1].text if i else ""
    number = previous.isdigit() or (i == 1 and len(previous) == 1 and previous.isascii() and previous.isalpha())
    return 0 < i < len(symbols) - 1 and symbols[i].text in ".,，" and symbols[i + 1].text == "." and number


def numbered_at(out: list[Symbol], i: int, numbering: bool, after: str) -> bool:
    """A comma at i follows an item's number: the line's first symbol (a
    letter or figure), or a lone figure between the end of a sentence and
    text (…之件數。3，推動…); never a thousands comma (1,500公里)."""
    if i == 1:
        return numbering and not after.isdigit()
    lone_figure = i >= 2 and out[-1].text.isdigit() and len(out[-1].text) == 1
    return lone_figure and out[-2].text in "。；;：" and is_cjk(after) and after.isalpha()


# Full-width marks some fonts centre in their em, and their half-width
# readings (Tesseract reads a full-width ， as `,` until it is repaired);
# operators every font centres (數）÷（資本門).
SET_IN_THE_MIDDLE = "。，、；：！？,;:!?÷×＋－＝"
# Opening brackets whose paper before an opening parenthesis says nothing:
# a browser trims the space between two (text-spacing-trim), so 【（ stands
# as close as 【( would. (A word processor does not: `(TPP)」` is measured.)
TRIMMED_BEFORE = "【〔［「『《〈（(["
SPREAD_AROUND = 0.75  # of a spread line's spacing: less paper by a mark, and it was not spread around it
SPREAD_STEPS = 3  # pairs of ideographs side by side a line needs to be told spread
SPREAD_PITCH = 1.3  # ems from one ideograph's start to the next's: more, and the line is spread out


def spread_pitch(symbols: list[Symbol], em: int) -> int:
    """The line's pitch from one ideograph's start to the next's, when the
    ideographs stand apart (distributed text: well over an em); 0 when set
    solid. Told by the pitch, not the paper between glyphs: full-width
    figures (（１）) have paper around them too."""
    steps = sorted(
        b.box[0] - a.box[0] for a, b in zip(symbols, symbols[1:]) if is_ideograph(a.text) and is_ideograph(b.text)
    )
    # a short line's few boxes are no measure (定等）件數 boxed 1.6 em apart)
    pitch = steps[len(steps) // 2] if len(steps) >= SPREAD_STEPS else 0
    return pitch if em and pitch >= SPREAD_PITCH * em else 0


def paper_beyond_spacing(outside: int, inside: int, spacing: int) -> int:
    """The paper outside a parenthesis of a spread line that the spreading
    does not account for (-1: unknown). The glyphs stand apart, so outside a
    half-width （ is the line's spacing; a full-width one has its half em
    more. (Inside it, a word processor may set the figures solid: 發包
    (75%).) With less paper than the spacing (a narrow cell justified,
    體系（含; a solid line whose boxes drifted apart), the line was not
    spread around the mark: the paper outside it is weighed against the
    paper inside it."""
    if outside >= SPREAD_AROUND * spacing:
        return max(0, outside - spacing)
    return outside - inside if inside >= 0 else -1


# The paper outside a parenthesis, in ems, under which it is half-width and
# from which it is full-width; between, the page does not tell. Set solid, a
# half-width mark of a plan's fonts leaves up to four tenths of an em (its
# own side bearing and its neighbour's: `(1)推動` at 200 dpi, 0.36-0.42), a
# full-width one half an em and more. In a spread line, beyond the spacing.
SOLID_PAPER = (0.43, 0.47)
SPREAD_PAPER = (0.2, 0.35)


def width_by_paper(paper: float, spread: bool) -> bool | None:
    """Full-width (True), half-width (False) or untold (None), by the paper
    outside a parenthesis in ems (beyond the spacing, in a spread line)."""
    half, full = SPREAD_PAPER if spread else SOLID_PAPER
    return True if paper >= full else False if paper < half else None


def parenthesis_widths(symbols: list[Symbol]) -> dict[int, bool]:
    """Which parentheses are full-width (True) or half-width (False), where the
    page shows it. A full-width （ stands at the right of an em-wide box (and
    ） at the left), leaving half an em of paper on its outer side; a half-width
    one sits close to its neighbour. A parenthesis whose outer side cannot be
    measured (line start or end, or a Latin neighbour that may be a space
    away) takes the width of its partner."""
    em = em_size(symbols)
    # the paper a spread line sets between every two ideographs (their pitch less an em)
    spacing = max(0, spread_pitch(symbols, em) - em)
    measured: dict[int, bool] = {}
    partner: dict[int, int] = {}
    opened: list[int] = []
    for i, sym in enumerate(symbols):
        if sym.text not in BRACKETS:
            continue
        opening = sym.text in OPENING
        if opening:
            opened.append(i)
        elif opened:
            j = opened.pop()
            partner[i], partner[j] = j, i
        k = i - 1 if opening else i + 1
        gap, inside = sym.paper if opening else sym.paper[::-1]
        # Less paper than any full-width mark leaves on its outer side, spread
        # or not: the line was not spread around it (運(100%), 0.2 em).
        close = spacing and 0 <= gap < SOLID_PAPER[0] * em
        if spacing and gap >= 0 and not close:
            gap = paper_beyond_spacing(gap, inside, spacing)
        neighbour = symbols[k].text[-1 if opening else 0] if 0 <= k < len(symbols) else ""
        latin = neighbour.isascii() and neighbour.isalnum()
        # A full-width mark's ink may stand in the middle of its em (，。 in
        # Taiwan's fonts): wide paper before it is no measure of a ） before
        # it, but a ） set close to it is half-width all the same.
        mark = neighbour in SET_IN_THE_MIDDLE and gap > 0.2 * em
        width = width_by_paper(gap / em, bool(spacing) and not close) if em and gap >= 0 else None
        trimmed = opening and neighbour in TRIMMED_BEFORE
        if width is not None and neighbour and not latin and not mark and not trimmed:
            measured[i] = width
    widths = dict(measured)
    for i, j in partner.items():
        if i not in widths and j in measured:
            widths[i] = measured[j]
    return widths


ITEM_NUMERALS = "0123456789０１２３４５６７８９" + OUTLINE_NUMERALS


def item_bracket_width(symbols: list[Symbol], widths: dict[int, bool] | None = None) -> tuple[int, bool | None] | None:
    """For a line opening with a bracketed item number ((1), （２）, (一)):
    the index of its closing bracket, and whether the paper says the pair is
    full-width (None: it does not say); None for any other line. `widths`:
    the line's parenthesis_widths, when already measured."""
    texts = [s.text for s in symbols]
    if len(texts) < 3 or texts[0] not in "(（":
        return None
    close = next((k for k in (2, 3) if k < len(texts) and texts[k] in ")）"), None)
    if close is None or not all(t in ITEM_NUMERALS for t in texts[1:close]):
        return None
    widths = parenthesis_widths(symbols) if widths is None else widths
    return close, widths.get(0, widths.get(close))


def agree_item_brackets(lines: list[list[str]], items: list[tuple[int, bool | None] | None]) -> list[list[str]]:
    """A cell's list numbers its items alike: where the paper told the width
    of some items' brackets, and told it one way, the items it did not tell
    take that width (a line's opening ( has no paper before it to measure,
    nor its ) in a spread line that the spreading does not account for)."""
    told = {width for item in items if item is not None and (width := item[1]) is not None}
    if len(told) != 1:
        return lines
    full = told.pop()
    out = [list(line) for line in lines]
    for line, item in zip(out, items):
        if item is not None and item[1] is None:
            line[0] = "（" if full else "("
            line[item[0]] = "）" if full else ")"
    return out
