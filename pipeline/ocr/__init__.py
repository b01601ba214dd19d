"""OCR: a page with no usable text layer in, a RawPage out: rulings found in
the raster and glyphs read by Tesseract (traditional Chinese), in PDF points,
so the layout, sections and records stages treat a scan like any other page.

    render (300 dpi) -> [turned upright when it reads badly] -> deskew
    -> raster_rulings -> cells -> every cell OCR'd on its own, line by line
    (text_bands, best_reading), then the text outside the tables
    -> repair (per line) and correct_vocabulary (per cell) -> glyphs

One module per step:

    image    render, straighten, clean; rulings; bands of ink, and a line's columns of ink
    engines  the Tesseract models, loaded once
    recognizer  PP-OCR's line recognizer (ONNX, onnxruntime): the third look at a line
    reading  a line of ink -> symbols (three looks)
    weighing  the looks set against each other: the lexicon, the confidences, PP-OCR's vote,
             and what PP-OCR settles alone (Latin words, a glyph read as two, stray quotes)
    figures  a line's figures as the looks together read them (PP-OCR's percentages, two looks to one)
    unread   what only PP-OCR read, put back where unread ink stands (a mark, a glyph, a bracket)
    repairs  symbols -> symbols, by a second look at the ink or the template
    operators  ÷ and × of a formula, read from the ink (a repair)
    punctuation  full- and half-width marks; a parenthesis's width measured by the paper around it (a repair)
    brackets  a bracket first on its line, measured from its cell's margin or the page's (per cell and page)
    numbering  an item number's period, 、 or parenthesis boxed into the number, put back
    latin    acronyms read with look-alike letters, web addresses' dots and case
    symbols  what is read, and measures over a line of it
    page     a scanned page -> RawPage

Page-level OCR scrambles columns exactly as pdftotext does, hence cell by
cell. tesserocr keeps one Tesseract instance loaded for the whole document:
measured on the scanned fixtures it is about 8x faster than pytesseract,
which starts a tesseract process (and loads the model) for every cell.
"""

from ..textlayer import junk_share, needs_ocr
from .engines import MISSING, available, tessdata_dir
from .image import DPI, deskew, estimate_skew, join_split_glyphs, raster_rulings, render, text_bands
from .operators import looks_like_division, read_operators
from .page import ocr_page, read_image, read_region
from .punctuation import measure_paper, repair_punctuation
from .reading import doubts, lost_strokes, read_one_glyph
from .repairs import (
    correct_vocabulary,
    count_bars,
    doubt_percent_lookalikes,
    drop_percent_echo,
    read_marks,
    repair_thousands,
)
from .symbols import Symbol, close_gaps
from .weighing import choose_reading, note_disagreements, restore_lost_marks

__all__ = [
    "DPI",
    "MISSING",
    "Symbol",
    "available",
    "choose_reading",
    "close_gaps",
    "correct_vocabulary",
    "count_bars",
    "deskew",
    "doubt_percent_lookalikes",
    "doubts",
    "drop_percent_echo",
    "estimate_skew",
    "join_split_glyphs",
    "junk_share",
    "looks_like_division",
    "lost_strokes",
    "measure_paper",
    "needs_ocr",
    "note_disagreements",
    "ocr_page",
    "raster_rulings",
    "read_image",
    "read_one_glyph",
    "read_marks",
    "read_operators",
    "read_region",
    "render",
    "repair_punctuation",
    "repair_thousands",
    "restore_lost_marks",
    "tessdata_dir",
    "text_bands",
]
