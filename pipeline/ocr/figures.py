"""Figures: a line's reading and the other looks' in, its figures as the
looks together read them out. Tesseract reads figures better than PP-OCR on
the whole, so its stand unless PP-OCR reads a percentage whose sign's
circles Tesseract took for figures, or a figure Tesseract read with specks
(take_model_figures), or unless Tesseract's own second look and PP-OCR
agree on another digit (vote_figures: 559,879 read as 539,879 by the Latin
model alone)."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from .repairs import PERCENT_LOOKALIKES
from .symbols import Symbol, is_ideograph
from .weighing import aligned

PERCENTAGE = re.compile(r"\d[\d,]*(?:\.\d+)?%")
FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?%?")
FIGURE_CHARS = "0123456789.,%"
FIGURE_SPECKS = "SOIl_~'`‘’"  # what Tesseract reads a full-width figure or a speck by it as
FIGURE_SHAPED = str.maketrans("OIl", "011")  # letters read for figures (repairs.repair_letter_zeros)


def folded(text: str) -> str:
    """A symbol's text as figures are compared: full-width forms folded
    (２ to 2, ， to ,: a thousands comma read full-width is one)."""
    return unicodedata.normalize("NFKC", text)


MODEL_FIGURES = 95.0  # PP-OCR's least confidence in each symbol of a figure it reads otherwise
MODEL_SIGN = 40.0  # ... and in the % sign after them (80% read as 80免: % at 50 %)
MODEL_DIGIT = 80.0  # PP-OCR's least confidence in a digit it reads as Tesseract's second look does


def take_model_figures(first: list[Symbol], model: list[Symbol]) -> list[Symbol]:
    """A figure PP-OCR reads surely where Tesseract read it otherwise: a
    percentage whose sign's circles were read as figures (40% as 4090, 10%
    as 10%6, 100% as 10096) or a figure taken for one of them and dropped
    (80% as 8%) or the sign taken for an ideograph (85% as 85多); a
    full-width figure read with letters or specks (３５ as S5, １２ as
    1_2). Only where the figures of one reading are the other's
    with some left out, so no figure is read anew. PP-OCR's, doubtful."""
    if not model:
        return first
    a, b = [folded(s.text) for s in first], [folded(s.text) for s in model]
    out = list(first)
    spans = []
    for i1, i2, j1, j2 in figure_regions(a, b):
        mine, theirs = "".join(a[i1:i2]), "".join(b[j1:j2])
        if not theirs:
            continue
        if not (sign_read_as_glyph(a[i1:i2], theirs) or figures_misread(mine, theirs)):
            continue
        # PP-OCR is less sure of a % sign than of figures (80 to 92 % where
        # it reads it right): its figures must be sure, the sign less so.
        figures = model[j1 : j2 - 1] if theirs.endswith("%") else model[j1:j2]
        if least_confidence(figures) >= MODEL_FIGURES and model[j2 - 1].confidence >= MODEL_SIGN:
            spans.append((i1, i2, j1, j2, mine))
    for i1, i2, j1, j2, mine in reversed(spans):
        doubt = f"{''.join(b[j1:j2])} read by PP-OCR (as {mine} by Tesseract)"
        boxes = shared(first[i1:i2], j2 - j1, first[i1 - 1] if i1 else None, first[i2] if i2 < len(first) else None)
        out[i1:i2] = [s._replace(box=box, doubt=doubt) for s, box in zip(model[j1:j2], boxes)]
    return out


def least_confidence(symbols: list[Symbol]) -> float:
    return min((s.confidence for s in symbols), default=100.0)


def figure_regions(a: list[str], b: list[str]) -> list[tuple[int, int, int, int]]:
    """Each place two readings differ, widened over the figures both read
    alike on either side; places that then overlap (two differences in one
    figure, 1O0%6) are one."""
    regions: list[tuple[int, int, int, int]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        while i1 > 0 and j1 > 0 and a[i1 - 1] == b[j1 - 1] and a[i1 - 1] in FIGURE_CHARS:
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(a) and j2 < len(b) and a[i2] == b[j2] and a[i2] in FIGURE_CHARS:
            i2, j2 = i2 + 1, j2 + 1
        if regions and i1 < regions[-1][1]:
            p1, p2, q1, q2 = regions.pop()
            i1, i2, j1, j2 = p1, max(p2, i2), q1, max(q2, j2)
        regions.append((i1, i2, j1, j2))
    return regions


def shared(
    symbols: list[Symbol], n: int, before: Symbol | None = None, after: Symbol | None = None
) -> list[tuple[int, int, int, int]]:
    """The span the symbols' boxes cover, cut into n boxes side by side:
    PP-OCR's boxes are a glyph's middle columns, and the paper between them
    would read as word spaces (10 %). The span stops where the symbols
    `before` and `after` it start and end: Tesseract's boxes for a misread
    figure may reach over the glyph after it (800% boxed over 以 of
    80%以上), and layout would read that glyph first."""
    x0, x1 = min(s.box[0] for s in symbols), max(s.box[2] for s in symbols)
    if before is not None and before.box[0] < x0 < before.box[2]:
        x0 = before.box[2]
    if after is not None and after.box[0] > x0:
        x1 = min(x1, after.box[0])
    y0, y1 = min(s.box[1] for s in symbols), max(s.box[3] for s in symbols)
    cuts = [x0 + (x1 - x0) * k // n for k in range(n + 1)]
    return [(cuts[k], y0, max(cuts[k] + 1, cuts[k + 1]), y1) for k in range(n)]


def figures_misread(mine: str, theirs: str) -> bool:
    """Tesseract's figures (with specks, `mine`) are PP-OCR's figure
    (`theirs`) misread: a percentage's, any read with a speck or letter, or
    one whose thousands are not grouped by three (12,000 read as 12,0000);
    figures alone stay Tesseract's, which reads them better."""
    if not mine or not all(c in FIGURE_CHARS + FIGURE_SPECKS for c in mine) or not FIGURE.fullmatch(theirs):
        return False
    misgrouped = "," in mine and not THOUSANDS.fullmatch(mine) and THOUSANDS.fullmatch(theirs) is not None
    if not PERCENTAGE.fullmatch(theirs) and not any(c in FIGURE_SPECKS for c in mine) and not misgrouped:
        return False
    return digits_within(mine, theirs)


def sign_read_as_glyph(mine: list[str], theirs: str) -> bool:
    """A % sign Tesseract read as an ideograph or a look-alike (85% as 85多,
    80% as 80免, 95% as 95&), the figures before it alike."""
    return (
        len(mine) >= 2
        and (is_ideograph(mine[-1]) or mine[-1] in PERCENT_LOOKALIKES)
        and PERCENTAGE.fullmatch(theirs) is not None
        and "".join(mine[:-1]) == theirs[:-1]
    )


def digits_within(mine: str, theirs: str) -> bool:
    """The figures of one reading are the other's with some left out (in
    order), or the same with the % sign lost from mine (letters the shape
    of a figure counted as it: 1O0 is 100); the points and commas are the
    same (12.5% is never 12%)."""
    if re.sub(r"[^.,]", "", mine) != re.sub(r"[^.,]", "", theirs):
        return False
    figures = re.sub(r"\D", "", mine.translate(FIGURE_SHAPED))
    x, y = sorted((figures, re.sub(r"\D", "", theirs)), key=len)
    if x == y:
        return "%" not in mine
    rest = iter(y)
    return all(c in rest for c in x)


def vote_figures(first: list[Symbol], second: list[Symbol], model: list[Symbol]) -> list[Symbol]:
    """A digit Tesseract's second look and PP-OCR (surely) both read as
    another digit, where the three align symbol for symbol: theirs, two
    looks to one (2,558 read as 2,998 by the first look alone). Doubtful,
    saying what the first look read."""
    a = [folded(s.text) for s in first]
    theirs = aligned(a, [folded(s.text) for s in model])
    seconds = aligned(a, [folded(s.text) for s in second])
    out = list(first)
    for i, mine in enumerate(a):
        if not mine.isdigit() or i not in theirs or i not in seconds:
            continue
        j, k = theirs[i], seconds[i]
        read = folded(model[j].text)
        if read.isdigit() and read != mine and folded(second[k].text) == read and model[j].confidence >= MODEL_DIGIT:
            out[i] = first[i]._replace(text=read, doubt=f"{read} (read as {first[i].text} by one look)")
    return out


def digits_differ(first: list[Symbol], model: list[Symbol]) -> bool:
    """PP-OCR reads another digit than the first look somewhere, aligned (a second look is worth taking)."""
    a, b = [folded(s.text) for s in first], [folded(s.text) for s in model]
    return any(a[i].isdigit() and b[j].isdigit() and a[i] != b[j] for i, j in aligned(a, b).items())
