"""PyMuPDF producer: a generated document typeset line by line with PyMuPDF
and an embedded subset of the CJK font, as the project's fixtures are
(tests/fixtures/typeset/typeset.py, whose font and line-breaking code this
reuses): tables drawn as ruling lines, header rows repeated on every page,
merged cells with their text centred in the part of the block on its first
page, rows cut by a page break, justified and distributed lines.

Needs fonttools (`pip install -e '.[corpus]'`) and the CJK fonts.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from .common import BOLD, FONTS, MARGIN, footer_text, page_size, place, printed, title_line

_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "typeset" / "typeset.py"
_spec = importlib.util.spec_from_file_location("fixture_typeset", _FIXTURE)
fixture = importlib.util.module_from_spec(_spec)
sys.modules["fixture_typeset"] = fixture
_spec.loader.exec_module(fixture)

# fontTools names every table it cannot subset (BDF, FFTM of the AR PL fonts); they are not needed.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
PAD_X, PAD_Y = 3.0, 2.0
_FONTS: dict[tuple[str, str], fixture.Fonts] = {}


def fonts_for(style: dict) -> fixture.Fonts:
    key = (style["font"], style["heading_font"])
    if key not in _FONTS:
        body, heading = FONTS[style["font"]], FONTS[style["heading_font"]]
        files = {
            "body": body[1:],
            "bold": BOLD.get(style["font"], body[1:]),
            "heading": BOLD.get(style["heading_font"], heading[1:]),
        }
        _FONTS[key] = fixture.Fonts(files=files)
    return _FONTS[key]


@dataclass
class Page:
    runs: list[tuple[float, float, str, str, float]] = field(default_factory=list)  # x, baseline, text, font, size
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)


class Printer:
    def __init__(self, spec: dict) -> None:
        self.spec = spec
        self.style = spec["style"]
        self.fonts = fonts_for(self.style)
        self.width, self.height = page_size(self.style)
        self.left, self.right = MARGIN["left"], self.width - MARGIN["right"]
        self.top, self.bottom = MARGIN["top"], self.height - MARGIN["bottom"]
        self.pages: list[Page] = []
        self.new_page()

    # --- lines ---------------------------------------------------------------

    def put(self, x: float, baseline: float, text: str, size: float, key: str = "body", page: Page | None = None):
        font = self.fonts.measure[key]
        # A look-alike the font lacks would print as a missing glyph: keep the ideograph.
        shown = "".join(t if font.has_glyph(ord(t)) else c for c, t in zip(text, printed(text, self.spec)))
        (page or self.pages[-1]).runs.append((x, baseline, shown, key, size))

    def put_line(
        self,
        x: float,
        baseline: float,
        text: str,
        size: float,
        width: float,
        mode: str,
        key: str = "body",
        page: Page | None = None,
    ) -> None:
        """mode: left | justify (stretch to width) | distribute (spread every glyph) | center."""
        natural = self.fonts.width(text, size, key)
        if mode == "center":
            self.put(x + (width - natural) / 2, baseline, text, size, key, page)
            return
        glyphs = list(text)
        if mode == "left" or len(glyphs) < 2 or natural >= width - 0.5:
            self.put(x, baseline, text, size, key, page)
            return
        gap = (width - natural) / (len(glyphs) - 1)
        if mode == "justify" and gap > size * 0.6:
            self.put(x, baseline, text, size, key, page)
            return
        pos = x
        for ch in glyphs:
            if ch != " ":
                self.put(pos, baseline, ch, size, key, page)
            pos += self.fonts.width(ch, size, key) + gap

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.top
        if self.style["running_header"] and len(self.pages) > 1:
            header = title_line(self.spec).replace("\u3000", "")
            self.put_line(self.left, 40, header, 9, self.right - self.left, "center")
            self.pages[-1].rules.append((self.left, 46, self.right, 46))

    def need(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def paragraph(
        self,
        text: str,
        size: float,
        first: float = 0,
        hang: float = 0,
        x0: float | None = None,
        key: str = "body",
        align: str = "justify",
        after: float = 0,
    ) -> None:
        x0 = self.left if x0 is None else x0
        lh = size * 1.45
        loose = self.style.get("loose_punctuation", False)
        for line, offset, full in fixture.wrap(self.fonts, text, self.right - x0, size, first, hang, key, loose):
            self.need(lh)
            mode = align if (full or align == "center") else "left"
            self.put_line(x0 + offset, self.y + size, line, size, self.right - x0 - offset, mode, key)
            self.y += lh
        self.y += after

    # --- tables --------------------------------------------------------------

    def cell_lines(self, text: str, width: float, size: float) -> list[tuple[str, float, bool]]:
        lines: list[tuple[str, float, bool]] = []
        for para in text.split("\n"):
            if para:
                loose = self.style.get("loose_punctuation", False)
                lines.extend(fixture.wrap(self.fonts, para, width - 2 * PAD_X, size, loose=loose))
        return lines

    def cell_mode(self, cell: dict, full: bool, text: str) -> str:
        if self.style["distributed"]:
            return "distribute"
        if cell["align"] == "center":
            return "center"
        return cell["align"] if full else "left"

    def draw_cell_text(self, lines, cell: dict, x0: float, x1: float, y: float, size: float, page: Page) -> None:
        lh = size * 1.35
        for text, offset, full in lines:
            mode = self.cell_mode(cell, full, text)
            self.put_line(x0 + PAD_X + offset, y + size, text, size, x1 - x0 - 2 * PAD_X, mode, page=page)
            y += lh

    def row_heights(self, slots, n_rows: int, xs: list[float], size: float) -> list[float]:
        """Every row as tall as its tallest own cell; a cell spanning rows
        that needs more makes its last row taller."""
        lh = size * 1.35
        heights = [lh + 2 * PAD_Y] * n_rows
        for s in slots:
            if s.rowspan == 1:
                need = len(self.cell_lines(s.cell["text"], xs[s.col + s.colspan] - xs[s.col], size)) * lh + 2 * PAD_Y
                heights[s.row] = max(heights[s.row], need)
        for s in slots:
            if s.rowspan > 1:
                need = len(self.cell_lines(s.cell["text"], xs[s.col + s.colspan] - xs[s.col], size)) * lh + 2 * PAD_Y
                have = sum(heights[s.row : s.row + s.rowspan])
                if need > have:
                    heights[s.row + s.rowspan - 1] += need - have
        return heights

    def table(self, block: dict) -> None:
        size = self.style["cell_size"]
        lh = size * 1.35
        total = sum(block["widths"])
        xs = [self.left]
        for w in block["widths"]:
            xs.append(xs[-1] + (self.right - self.left) * w / total)
        n_cols = len(block["widths"])
        head = place(block["header"], n_cols)
        head_h = self.row_heights(head, len(block["header"]), xs, size)
        body = place(block["body"], n_cols)
        heights = self.row_heights(body, len(block["body"]), xs, size)

        def draw_header() -> None:
            page, top = self.pages[-1], self.y
            tops = [top + sum(head_h[:r]) for r in range(len(head_h) + 1)]
            for s in head:
                y0, y1 = tops[s.row], tops[s.row + s.rowspan]
                lines = self.cell_lines(s.cell["text"], xs[s.col + s.colspan] - xs[s.col], size)
                y = y0 + max(PAD_Y, (y1 - y0 - len(lines) * lh) / 2)
                self.draw_cell_text(lines, s.cell, xs[s.col], xs[s.col + s.colspan], y, size, page)
                x0, x1 = xs[s.col], xs[s.col + s.colspan]
                page.rules += [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
            self.y = tops[-1]

        def break_page() -> None:
            self.new_page()
            draw_header()

        merged = [s for s in body if s.rowspan > 1]
        own = {(s.row, s.col): s for s in body if s.rowspan == 1}
        # A table kept whole (a risk map) starts on a new page when it does not fit the rest of this one.
        self.need(sum(head_h) + (sum(heights) if block.get("keep_together") else 3 * lh))
        draw_header()
        pieces: dict[int, tuple[int, float, float]] = {}  # row -> page, top, bottom of its first piece
        for r in range(len(block["body"])):
            for s in merged:  # a merged cell's text must fit the block's share of this page
                need = len(self.cell_lines(s.cell["text"], xs[s.col + s.colspan] - xs[s.col], size)) * lh + 2 * PAD_Y
                if s.row == r and self.bottom - self.y < min(need, sum(heights[r : r + s.rowspan])):
                    break_page()
            cells = {c: own[(r, c)] for c in range(n_cols) if (r, c) in own}
            remaining = {c: self.cell_lines(s.cell["text"], xs[c + s.colspan] - xs[c], size) for c, s in cells.items()}
            # Column rulings a cell of this row spans over (a risk map's axis title) are not drawn.
            across = {k for s in body if s.row <= r < s.row + s.rowspan for k in range(s.col + 1, s.col + s.colspan)}
            height = heights[r]
            while True:
                room = self.bottom - self.y
                cut = None
                if height > room:
                    fit = int((room - 2 * PAD_Y) // lh)
                    if fit >= 2 and max((len(v) for v in remaining.values()), default=0) > fit:
                        cut = fit
                    else:
                        break_page()
                        continue
                piece_h = height if cut is None else cut * lh + 2 * PAD_Y
                page, top = self.pages[-1], self.y
                pieces.setdefault(r, (len(self.pages), top, top + piece_h))
                for c, s in cells.items():
                    take = remaining[c] if cut is None else remaining[c][:cut]
                    remaining[c] = [] if cut is None else remaining[c][cut:]
                    self.draw_cell_text(take, s.cell, xs[c], xs[c + s.colspan], top + PAD_Y, size, page)
                bottom = top + piece_h
                for k, x in enumerate(xs):
                    if k not in across:
                        page.rules.append((x, top, x, bottom))
                if not head_h and (r == 0 or top == self.top):  # no header above to close the table
                    page.rules.append((xs[0], top, xs[-1], top))
                for c in range(n_cols):
                    runs_on = cut is None and any(
                        s.col <= c < s.col + s.colspan and s.row <= r < s.row + s.rowspan - 1 for s in merged
                    )
                    if not runs_on:
                        page.rules.append((xs[c], bottom, xs[c + 1], bottom))
                self.y = bottom
                if cut is None:
                    break
                height = max(len(v) for v in remaining.values()) * lh + 2 * PAD_Y
                page.rules.append((xs[0], bottom, xs[-1], bottom))
                break_page()
        for s in merged:
            self.place_merged(s, xs, pieces, size)
        self.y += 6

    def place_merged(self, s, xs: list[float], pieces: dict, size: float) -> None:
        """Its text in the part of its block on the block's first page."""
        lh = size * 1.35
        page_no, top, bottom = pieces[s.row]
        for r in range(s.row + 1, s.row + s.rowspan):
            if pieces[r][0] == page_no:
                bottom = pieces[r][2]
        lines = self.cell_lines(s.cell["text"], xs[s.col + s.colspan] - xs[s.col], size)
        spare = (bottom - top) - len(lines) * lh
        y = top + (max(PAD_Y, spare / 2) if s.cell["valign"] == "middle" else PAD_Y)
        self.draw_cell_text(lines, s.cell, xs[s.col], xs[s.col + s.colspan], y, size, self.pages[page_no - 1])

    # --- the document ----------------------------------------------------------

    def goals(self, block: dict) -> None:
        size = self.style["size"]
        base = 0
        if block.get("intro"):
            hang = self.fonts.width(block["intro_mark"], size)
            self.paragraph(block["intro"], size, hang=hang)
            base = 1
        for item in block["items"]:
            indent = (item["level"] - 1 + base) * size
            hang = self.fonts.width(item["mark"], size)
            self.paragraph(item["mark"] + item["text"], size, hang=hang, x0=self.left + indent)
            for para in item["body"]:
                self.paragraph(para, size, x0=self.left + indent + hang)

    def document(self) -> None:
        spec, size = self.spec, self.style["size"]
        if spec["label"] and not spec.get("label_inline"):
            self.paragraph(spec["label"], 11, align="left")
        self.paragraph(title_line(spec), 16, key="bold", align="center", after=8)
        for block in spec["blocks"]:
            kind = block["type"]
            if kind == "para":
                self.paragraph(block["text"], size, first=2 * size)
            elif kind == "heading":
                self.need(60)
                self.y += 6
                self.paragraph(block["text"], 14, key="heading", align="left", after=3)
            elif kind == "caption":
                self.paragraph(block["text"], size, key="bold", align="center")
            elif kind == "goals":
                self.goals(block)
            elif kind == "table":
                self.table(block)
            elif kind == "page_break" and self.y > self.top:
                self.new_page()

    def render(self) -> bytes:
        used: dict[str, set[str]] = {}
        for page in self.pages:
            for _, _, text, key, _ in page.runs:
                used.setdefault(key, set()).update(text)
        used.setdefault("body", set()).update(footer_text(self.style, 0) + "0123456789")
        fonts = {key: self.fonts.embedded(key, chars | {" "}) for key, chars in used.items()}
        doc = pymupdf.open()
        for n, page in enumerate(self.pages, start=1):
            pdf_page = doc.new_page(width=self.width, height=self.height)
            for x0, y0, x1, y1 in page.rules:
                pdf_page.draw_line((x0, y0), (x1, y1), color=(0, 0, 0), width=0.75)
            writer = pymupdf.TextWriter(pdf_page.rect)
            for x, baseline, text, key, size in page.runs:
                writer.append((x, baseline), text, font=fonts[key], fontsize=size)
            label = footer_text(self.style, n)
            x = (self.width - self.fonts.width(label, 10)) / 2
            writer.append((x, self.height - 27), label, font=fonts["body"], fontsize=10)
            writer.write_text(pdf_page)
        doc.set_metadata(
            {
                "title": title_line(self.spec),
                "creator": "corpus typesetter",
                "producer": "PyMuPDF",
                "creationDate": "D:20200101000000Z",
                "modDate": "D:20200101000000Z",
            }
        )
        return doc.tobytes(garbage=4, deflate=True, no_new_id=True)


def render(specs: list[tuple[dict, Path]]) -> None:
    for spec, pdf in specs:
        printer = Printer(spec)
        printer.document()
        pdf.write_bytes(printer.render())
