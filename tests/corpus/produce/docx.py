"""LibreOffice producer: a generated document as a Word file (python-docx),
printed to PDF by headless LibreOffice, as ministries print from Word: real
word-processor tables (header rows repeated on every page, vertical merges,
rows allowed to break across pages), justified and distributed paragraphs,
a PAGE field in the footer.

Needs Debian's `libreoffice-writer-nogui` and the CJK fonts (see
docs/corpus.md, docs/install.md); python-docx comes with `pip install -e '.[corpus]'`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .common import MARGIN, family, page_size, place, printed, reproducible, title_line

ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "distribute": WD_ALIGN_PARAGRAPH.DISTRIBUTE,
}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def set_font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def paragraph(
    container,
    text: str,
    spec: dict,
    size: float,
    align: str = "justify",
    font: str = "font",
    bold: bool = False,
    left: float = 0.0,
    first: float = 0.0,
    after: float = 0.0,
):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = ALIGN[align]
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.left_indent = Pt(left)
    fmt.first_line_indent = Pt(first)
    fmt.line_spacing = 1.15
    if spec["style"].get("loose_punctuation"):
        # Word's and LibreOffice's rule that keeps 。 and ） off the start of a line, off.
        kinsoku = OxmlElement("w:kinsoku")
        kinsoku.set(qn("w:val"), "0")
        p._p.get_or_add_pPr().append(kinsoku)
    if text:
        set_font(p.add_run(printed(text, spec)), family(spec["style"], font), size, bold)
    return p


def page_field(paragraph_, before: str, after: str, name: str) -> None:
    """`before` PAGE `after`: the page number as Word computes it."""
    for piece in (before, None, after):
        if piece is None:
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), "PAGE")
            run = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = "1"
            run.append(text)
            field.append(run)
            paragraph_._p.append(field)
        elif piece:
            set_font(paragraph_.add_run(piece), name, 10)


def set_page(doc: Document, spec: dict) -> None:
    style = spec["style"]
    section = doc.sections[0]
    width, height = page_size(style)
    section.orientation = WD_ORIENT.LANDSCAPE if style["landscape"] else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Pt(width), Pt(height)
    section.left_margin, section.right_margin = Pt(MARGIN["left"]), Pt(MARGIN["right"])
    section.top_margin, section.bottom_margin = Pt(MARGIN["top"]), Pt(MARGIN["bottom"])
    name = family(style)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, after = style["footer"].split("{n}")
    page_field(footer, before, after, name)
    if style["running_header"]:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(header.add_run(printed(title_line(spec).replace("\u3000", ""), spec)), name, 9)


def repeat_as_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def add_table(doc: Document, block: dict, spec: dict) -> None:
    style = spec["style"]
    rows = block["header"] + block["body"]
    n_cols = len(block["widths"])
    table = doc.add_table(rows=len(rows), cols=n_cols)
    table.style = "Table Grid"
    table.autofit = False
    width = page_size(style)[0] - MARGIN["left"] - MARGIN["right"]
    total = sum(block["widths"])
    widths = [Pt(width * w / total) for w in block["widths"]]
    for col, w in zip(table.columns, widths):
        col.width = w
    for row in table.rows:
        for c, w in zip(row.cells, widths):
            c.width = w
    for r in range(len(block["header"])):
        repeat_as_header(table.rows[r])
    if block.get("keep_together"):  # a risk map: on one page
        keep_together(table)
    for slot in place(rows, n_cols):
        target = table.cell(slot.row, slot.col)
        if slot.rowspan > 1 or slot.colspan > 1:
            target = target.merge(table.cell(slot.row + slot.rowspan - 1, slot.col + slot.colspan - 1))
        fill_cell(target, slot.cell, spec)


def keep_together(table) -> None:
    """No row broken across pages, every row kept with the next: Word's way
    of keeping a table on one page."""
    for row in table.rows:
        flag = OxmlElement("w:cantSplit")
        flag.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(flag)
    for row in table.rows[:-1]:
        for c in row.cells:
            for p in c.paragraphs:
                p.paragraph_format.keep_with_next = True


def fill_cell(target, cell: dict, spec: dict) -> None:
    style = spec["style"]
    align = "distribute" if style["distributed"] else cell["align"]
    target.vertical_alignment = WD_ALIGN_VERTICAL.CENTER if cell["valign"] == "middle" else WD_ALIGN_VERTICAL.TOP
    # A merge leaves one empty paragraph per merged cell: start afresh.
    for p in list(target.paragraphs):
        p._p.getparent().remove(p._p)
    for text in cell["text"].split("\n"):
        p = paragraph(target, text, spec, style["cell_size"], align)
        p.paragraph_format.line_spacing = 1.0


def goals(doc: Document, block: dict, spec: dict) -> None:
    size = spec["style"]["size"]
    base = 0
    if block.get("intro"):
        hang = sum(0.5 if ch.isascii() else 1.0 for ch in block["intro_mark"]) * size
        paragraph(doc, block["intro"], spec, size, left=hang, first=-hang)
        base = 1
    for item in block["items"]:
        hang = sum(0.5 if ch.isascii() else 1.0 for ch in item["mark"]) * size
        left = (item["level"] - 1 + base) * size + hang
        paragraph(doc, item["mark"] + item["text"], spec, size, left=left, first=-hang)
        for para in item["body"]:
            paragraph(doc, para, spec, size, left=left)


def build(spec: dict) -> Document:
    style = spec["style"]
    doc = Document()
    set_page(doc, spec)
    size = style["size"]
    if spec["label"] and not spec.get("label_inline"):
        paragraph(doc, spec["label"], spec, 11, align="left")
    paragraph(doc, title_line(spec), spec, 16, align="center", bold=True, after=8)
    for block in spec["blocks"]:
        kind = block["type"]
        if kind == "para":
            paragraph(doc, block["text"], spec, size, first=2 * size)
        elif kind == "heading":
            paragraph(doc, block["text"], spec, 14, align="left", font="heading_font", bold=True, after=3)
        elif kind == "caption":
            paragraph(doc, block["text"], spec, size, align="center", bold=True)
        elif kind == "goals":
            goals(doc, block, spec)
        elif kind == "table":
            add_table(doc, block, spec)
            paragraph(doc, "", spec, 6)
        elif kind == "page_break":
            doc.add_page_break()
    return doc


def render(specs: list[tuple[dict, Path]]) -> None:
    """Print every (spec, pdf path) with one headless LibreOffice."""
    office = soffice()
    if office is None:
        raise RuntimeError("LibreOffice not found: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="corpus-docx-") as tmp:
        folder = Path(tmp)
        files = []
        for spec, pdf in specs:
            path = folder / f"{pdf.stem}.docx"
            build(spec).save(path)
            files.append(path)
        outdir = folder / "pdf"
        subprocess.run(
            [
                office,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            check=True,
            capture_output=True,
            timeout=60 + 20 * len(files),
        )
        for spec, pdf in specs:
            shutil.move(outdir / f"{pdf.stem}.pdf", pdf)
            reproducible(pdf, spec["seed"])
