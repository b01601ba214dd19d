"""Extract: a PDF file in, a RawDocument out (per page: glyphs with positions and
size, ruling segments from the drawing operators).

PyMuPDF reads both: on the fixture PDFs it is about four times faster than
pdfplumber/pdfminer and gives the same glyph boxes (see README, "Why these
libraries"). Whitespace glyphs are dropped: layout rebuilds spaces from gaps,
which is what survives spaced-out justified text.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import pymupdf

from . import parallel
from .fingerprint import code_fingerprint
from .model import Glyph, RawDocument, RawPage, Segment
from .textlayer import needs_ocr

# pipeline.ocr is imported only when a page needs it: it brings OpenCV, numpy
# and Tesseract, about a third of a second of start-up that a run of text-layer
# documents would otherwise pay for nothing.

# MuPDF reports repairs of damaged files on stderr; the run says what matters itself.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


class DocumentError(Exception):
    """A document that cannot be parsed; the message is said to the user as is."""


THIN = 2.0  # a filled rectangle thinner than this is a ruling line
OCR_CACHE = "PIPELINE_OCR_CACHE"  # environment variable: a folder of OCR'd pages to reuse (see read_scans)


def open_pdf(path: Path) -> pymupdf.Document:
    data = path.read_bytes()
    if not data:
        raise DocumentError("empty file")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise DocumentError("not a PDF (no %PDF header)")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # pymupdf raises its own FileDataError and RuntimeError
        raise DocumentError(f"unreadable PDF ({exc})") from exc
    if doc.needs_pass:
        raise DocumentError("encrypted PDF: needs a password")
    if doc.page_count == 0:
        raise DocumentError("PDF has no pages")
    return doc


def page_glyphs(page: pymupdf.Page) -> tuple[Glyph, ...]:
    raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_MEDIABOX_CLIP)
    glyphs: list[Glyph] = []
    add = glyphs.append
    r2 = Rounder()
    for block in raw.get("blocks", []):
        for line in block.get("lines", []):
            for span in line.get("spans", []):
                bold = bool(span.get("flags", 0) & 16) or "bold" in span.get("font", "").lower()
                size = round(span["size"], 2)
                for ch in span.get("chars", []):
                    c = ch["c"]
                    if not c or c.isspace():
                        continue
                    x0, top, x1, bottom = ch["bbox"]
                    add(Glyph(c, r2(x0), r2(top), r2(x1), r2(bottom), size, bold))
    return tuple(glyphs)


class Rounder(dict):
    """round(value, 2), remembered: a page repeats its coordinates (a line's
    top and bottom, a polygon's corners), and round() is the larger part of
    the time spent turning PyMuPDF's output into glyphs and segments."""

    def __missing__(self, value: float) -> float:
        rounded = round(value, 2)
        if value:  # not zero: 0.0 and -0.0 are one key, and round() keeps the sign
            self[value] = rounded
        return rounded

    __call__ = dict.__getitem__


def page_segments(page: pymupdf.Page) -> tuple[Segment, ...]:
    """Ruling segments: the straight lines of stroked paths, the sides of
    stroked rectangles and quads, filled rectangles thinner than THIN, and a
    filled shape of lines and curves as its bounding box when that is thin.

    Read from get_cdrawings(), which gives the same paths as get_drawings()
    as plain tuples: get_drawings() wraps every point in a Point and every
    rectangle in a Rect, the larger part of reading a browser-printed page
    (thousands of filled paths a page), though the shapes of lines and curves
    among them are then looked at as a whole. The rules and their order are
    those of the get_drawings() reader, item for item (tests/test_extract.py
    checks the two against each other on every fixture page): a rectangle
    item normalized, a path's box not, a quad's bounding box, min/max with
    the same operands in the same order.
    """
    segments: list[Segment] = []
    add = segments.append
    r2 = Rounder()
    for drawing in page.get_cdrawings():
        stroked = drawing.get("type", "") in ("s", "fs")
        items = drawing.get("items", [])
        if not stroked and any(item[0] != "re" for item in items):
            # A filled shape drawn with lines and curves is a ruling only when
            # thin: the glyphs of Type 3 fonts (a browser's synthetic bold) and
            # logos are filled shapes too, and their edges rule nothing.
            x0, y0, x1, y1 = drawing["rect"]
            if min(max(0, x1 - x0), max(0, y1 - y0)) < THIN:  # Rect.width, .height: NaN counts as 0
                add(Segment(r2(x0), r2(y0), r2(x1), r2(y1)))
            continue
        for item in items:
            kind = item[0]
            if kind == "l":
                (px, py), (qx, qy) = item[1], item[2]
                add(
                    Segment(
                        r2(qx if qx < px else px),  # min(p.x, q.x)
                        r2(qy if qy < py else py),
                        r2(qx if qx > px else px),  # max(p.x, q.x)
                        r2(qy if qy > py else py),
                    )
                )
            elif kind == "re":
                x0, y0, x1, y1 = item[1]
                if x1 < x0:  # Rect.normalize()
                    x0, x1 = x1, x0
                if y1 < y0:
                    y0, y1 = y1, y0
                if max(0, x1 - x0) < THIN or max(0, y1 - y0) < THIN:
                    add(Segment(r2(x0), r2(y0), r2(x1), r2(y1)))
                elif stroked:
                    segments.extend(rect_sides(r2(x0), r2(y0), r2(x1), r2(y1)))
            elif kind == "qu" and stroked:
                (ax, ay), (bx, by), (cx, cy), (dx, dy) = item[1]  # upper left, upper right, lower left, lower right
                segments.extend(
                    rect_sides(  # Quad.rect, its operands in the same order
                        r2(min(ax, bx, dx, cx)),
                        r2(min(ay, by, dy, cy)),
                        r2(max(ax, bx, dx, cx)),
                        r2(max(ay, by, dy, cy)),
                    )
                )
    return tuple(segments)


def rect_sides(x0: float, top: float, x1: float, bottom: float) -> list[Segment]:
    return [
        Segment(x0, top, x1, top),
        Segment(x0, bottom, x1, bottom),
        Segment(x0, top, x0, bottom),
        Segment(x1, top, x1, bottom),
    ]


def extract(path: Path, doc_id: str) -> RawDocument:
    """Read every page of the PDF at `path`; pages without a usable text layer
    go through OCR (pipeline.ocr), which is never called for the others."""
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    doc = open_pdf(path)
    try:
        pages: list[RawPage | None] = []
        images = 0
        for index, page in enumerate(doc):
            try:
                glyphs, segments = page_glyphs(page), page_segments(page)
                has_images = bool(page.get_images())
            except Exception as exc:
                if "malloc" in str(exc):  # MuPDF's own out-of-memory, under the worker's memory limit
                    raise MemoryError(str(exc)) from exc
                raise DocumentError(f"page {index + 1} cannot be read ({exc})") from exc
            images += has_images
            scanned = needs_ocr(glyphs, has_images)
            size = round(page.rect.width, 2), round(page.rect.height, 2)
            pages.append(None if scanned else RawPage(index + 1, *size, glyphs, segments))
        repaired = doc.is_repaired
    finally:
        doc.close()
    scans = [(str(path), i + 1) for i, p in enumerate(pages) if p is None]
    if scans:
        from . import ocr

        if not ocr.available():
            raise DocumentError(ocr.MISSING)
        for read in read_scans(scans, sha256):
            pages[read.number - 1] = read
    if not any(p.glyphs for p in pages):
        raise DocumentError(no_text_reason(repaired, images))
    return RawDocument(str(path), doc_id, sha256, tuple(pages), repaired)


def read_scans(scans: list[tuple[str, int]], sha256: str) -> list[RawPage]:
    """The scanned pages (path, number) of the PDF whose bytes hash to
    `sha256`, OCR'd side by side on the spare slots (pipeline.parallel).

    When PIPELINE_OCR_CACHE names a folder, a page is kept there once read
    and taken from there when the same page of the same bytes is read again
    by the same code (the key has the code fingerprint). The test suite sets
    it, so every scanned fixture is OCR'd once a session however many runs
    read it. Pages are pickled: name only a folder you trust."""
    folder = os.environ.get(OCR_CACHE)
    if not folder:
        return parallel.map_pages(ocr_page_at, scans)
    Path(folder).mkdir(parents=True, exist_ok=True)
    files = {number: Path(folder) / f"{sha256}-{code_fingerprint()}-{number}.pickle" for _, number in scans}
    read = {number: pickle.loads(f.read_bytes()) for number, f in files.items() if f.is_file()}
    for page in parallel.map_pages(ocr_page_at, [s for s in scans if s[1] not in read]):
        read[page.number] = page
        temporary = files[page.number].with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(page))
        os.replace(temporary, files[page.number])  # whole or absent, as other workers read the folder too
    return [read[number] for _, number in scans]


def ocr_page_at(where: tuple[str, int]) -> RawPage:
    """OCR page `number` of the PDF at `path`; opened afresh, as pages may be
    read in helper processes."""
    from . import ocr

    path, number = where
    with pymupdf.open(path, filetype="pdf") as doc:
        return ocr.ocr_page(doc[number - 1], number)


def no_text_reason(repaired: bool, images: int) -> str:
    if repaired:
        return "damaged or truncated PDF: no readable text even after repair"
    if images:
        return "no text found, not even by OCR, on pages that are only images"
    return "no text on any page"
