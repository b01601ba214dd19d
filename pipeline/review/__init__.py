"""Review pages: every extracted value drawn over the page it was read from.

In: a document's JSON (parse's DIR/json/<doc_id>.json, the source of truth)
and the PDF it names in `source_file` (or the one of that name in another
folder). Out, in the review folder (DIR/review/ by default):

    <doc_id>.html               the page images with a box per value, coloured
                                by table, the rows beside them; a row with a
                                quality note or a low OCR confidence is marked
    <doc_id>/page-001.png ...   the pages as rendered by PyMuPDF (100 dpi, greys)
    index.html                  a link to every document's page

A static page that works from file:// (no network). These are build outputs,
written again by `make review`, not data: the JSON says what was read.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from ..emit import atomic_write
from .page import build_html, index_html
from .render import render_pages
from .rows import Row, rows_of

__all__ = ["ReviewError", "Reviewed", "remove_stale_temporaries", "review_document", "write_index"]


class ReviewError(Exception):
    """A document that cannot be reviewed; the message is the reason, in one line."""


@dataclass(frozen=True)
class Reviewed:
    html: Path
    pages: int
    rows: list[Row]


def review_document(json_path: Path, out: Path, pdfs: Path | None = None) -> Reviewed:
    """Write `out/<doc_id>.html` and its page images. `pdfs`: the folder to
    find the PDF in, by its file name, instead of the path the JSON gives."""
    document = load_document(json_path)
    doc_id = document["doc_id"]
    pdf = pdf_of(document, pdfs)
    check_same_pdf(pdf, document)
    try:
        pages = render_pages(pdf)
    except (RuntimeError, ValueError) as exc:  # PyMuPDF's errors on a broken file
        raise ReviewError(f"cannot render {pdf} ({exc})") from exc
    folder = out / doc_id
    for page in pages:
        atomic_write(folder / page.file, page.png)
    remove_other_images(folder, {p.file for p in pages})
    rows = rows_of(document)
    # The page is written last: it never names an image not yet there.
    html = build_html(document, rows, pages, doc_id, relative(json_path, out))
    target = out / f"{doc_id}.html"
    atomic_write(target, html.encode("utf-8"))
    return Reviewed(target, len(pages), rows)


def load_document(json_path: Path) -> dict:
    try:
        document = json.loads(json_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReviewError("no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewError(f"cannot read it ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise ReviewError(f"not valid JSON ({exc})") from exc
    if not isinstance(document, dict) or "doc_id" not in document:
        raise ReviewError("not a document of parsed/json (no doc_id)")
    # The doc_id names files in the review folder: it must be the plain stem it
    # is in parse's output, never a path.
    if document["doc_id"] != json_path.stem:
        raise ReviewError(f"doc_id {document['doc_id']!r} is not its file name's stem")
    records = [r for table in ("goals", "kpis", "key_plans", "risks") for r in document.get(table, [])]
    if any("provenance" not in r for r in records):
        version = document.get("schema_version", "?")
        raise ReviewError(f"schema {version} has no provenance (where values were read): parse it again")
    return document


def pdf_of(document: dict, pdfs: Path | None) -> Path:
    source = Path(document.get("source_file") or f"{document['doc_id']}.pdf")
    pdf = pdfs / source.name if pdfs is not None else source
    if not pdf.is_file():
        hint = "" if pdfs is not None else " (give the PDFs' folder with --pdfs)"
        raise ReviewError(f"its PDF {pdf} is not there{hint}")
    return pdf


def check_same_pdf(pdf: Path, document: dict) -> None:
    """Boxes drawn over another version of the PDF would point at the wrong
    places: the PDF must be the one the JSON was read from."""
    if hashlib.sha256(pdf.read_bytes()).hexdigest() != document.get("sha256"):
        raise ReviewError(f"{pdf} is not the PDF this was read from (its SHA-256 differs): parse it again")
    try:
        with pymupdf.open(pdf) as doc:
            count = doc.page_count
    except (RuntimeError, ValueError) as exc:
        raise ReviewError(f"cannot open {pdf} ({exc})") from exc
    if count != document.get("pages"):
        raise ReviewError(f"{pdf} has {count} pages, the JSON says {document.get('pages')}")


def remove_other_images(folder: Path, keep: set[str]) -> None:
    """Pages an earlier version of the document had beyond this one's last."""
    for old in folder.glob("page-*.png"):
        if old.name not in keep:
            old.unlink(missing_ok=True)


def relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()


def write_index(out: Path, json_paths: list[Path]) -> None:
    """index.html: every document of `json_paths` that has a review page in `out`."""
    entries = []
    for path in sorted(json_paths, key=lambda p: p.stem):
        if (out / f"{path.stem}.html").is_file():
            try:
                document = load_document(path)
            except ReviewError:
                continue
            entries.append((document, rows_of(document)))
    atomic_write(out / "index.html", index_html(entries).encode("utf-8"))


def remove_stale_temporaries(out: Path) -> None:
    """Temporary files a killed run left behind (named as emit.atomic_write names them)."""
    if out.is_dir():
        for folder in [out, *(p for p in out.iterdir() if p.is_dir())]:
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)
