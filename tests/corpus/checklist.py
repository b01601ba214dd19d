"""Checklist: of the cells a scanned family got wrong, how many does
quality.csv list -- a note with the page and a box that covers the error --
and how many of its notes point at text that was read right.

A wrong cell is found on the page through the PDF it was scanned from, whose
text layer says where every character stands: the characters around the
first difference (or, for a row not found, its first words) are searched in
the page's text, near the row's own key text (its KPI, plan item, risk or
goal) when they occur more than once. Scans are deskewed and turned upright
by the pipeline, so the printed PDF's coordinates are the scan's, within a
few points. The measure is approximate where a short value (a lone `1`)
occurs twice in one row; it never looks at the pipeline's code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import pymupdf
from scoring import Wrong

BoxT = tuple[float, float, float, float]
ANCHOR = {"kpis": "kpi", "key_plans": "item", "risks": "risk", "goals": "text", "documents": "title"}
# Columns computed from another cell: the error is found in that one.
SOURCE = {"target_value": "target_raw", "target_unit": "target_raw", "parent": "text"}
NOTE_BOX = re.compile(r"box \((-?\d+), (-?\d+), (-?\d+), (-?\d+)\)")
SLACK = 3.0  # points: what deskewing leaves of a scan's turn


def compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class PageText:
    """A page's characters (NFKC, no whitespace) in text order, each with its box."""

    def __init__(self, page: pymupdf.Page) -> None:
        chars: list[str] = []
        self.boxes: list[BoxT] = []
        for block in page.get_text("rawdict").get("blocks", []):
            for line in block.get("lines", []):
                for span in line.get("spans", []):
                    for ch in span.get("chars", []):
                        for c in compact(ch["c"]):
                            chars.append(c)
                            self.boxes.append(tuple(ch["bbox"]))
        self.text = "".join(chars)
        self.rules = [tuple(d["rect"]) for d in page.get_drawings() if min(d["rect"].width, d["rect"].height) < 2]

    def in_table(self, box: BoxT) -> bool:
        """Ruled on all four sides: the box is in a table's cell."""
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        across = [r for r in self.rules if r[2] - r[0] > r[3] - r[1] and r[0] <= x <= r[2]]
        down = [r for r in self.rules if r[3] - r[1] > r[2] - r[0] and r[1] <= y <= r[3]]
        return (
            any(r[1] < y for r in across)
            and any(r[1] > y for r in across)
            and any(r[0] < x for r in down)
            and any(r[0] > x for r in down)
        )

    def find(self, probe: str) -> list[BoxT]:
        """The box of every occurrence of `probe`."""
        out, start = [], 0
        while probe and (at := self.text.find(probe, start)) >= 0:
            boxes = self.boxes[at : at + len(probe)]
            out.append(
                (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
            )
            start = at + 1
        return out


@dataclass
class Checklist:
    wrong: int = 0  # wrong cells
    listed: int = 0  # of them, covered by a note
    unplaced: int = 0  # wrong cells not found on the printed page (counted as not listed)
    notes: int = 0  # OCR notes
    notes_on_right_text: int = 0  # notes that cover no wrong cell
    unlisted: list[str] = field(default_factory=list)  # the wrong cells no note covers, to read

    def add(self, other: Checklist) -> None:
        for name in ("wrong", "listed", "unplaced", "notes", "notes_on_right_text", "unlisted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        share = 100.0 * self.listed / self.wrong if self.wrong else 100.0
        return (
            f"quality.csv lists {self.listed}/{self.wrong} wrong cells ({share:.1f}%, {self.unplaced} not placed); "
            f"{self.notes} OCR notes, {self.notes_on_right_text} on text read right"
        )


def first_difference(expected: str, got: str) -> int | None:
    """Where in `expected` the first difference from `got` begins; None when they are alike."""
    ops = SequenceMatcher(None, expected, got, autojunk=False).get_opcodes()
    return next((op[1] for op in ops if op[0] != "equal"), None)


def probe_of(wrong: Wrong) -> tuple[str, str]:
    """(the text to search, the column it is in): the characters around the
    first difference, or a row's first words."""
    column = SOURCE.get(wrong.column, wrong.column)
    if wrong.column == "*":
        column = ANCHOR[wrong.table]
        return compact(wrong.row.get(column, ""))[:8], column
    raw = wrong.row.get(column, "")
    lines = [c for line in raw.split("\n") if (c := compact(line))] or [""]
    expected = "".join(lines)
    got = compact(wrong.got) if column == wrong.column else expected
    at = first_difference(expected, got)
    if at is None and column == wrong.column:  # line breaks alone differ: the line before the first
        at = max(0, len(compact(raw[: first_difference(raw, wrong.got) or 0])) - 1)
    at = at or 0
    # Within the line of the cell the difference is on: the page's text need
    # not run on from one line of a cell to the next (a list's numbers, which
    # the cell's value drops, stand between them).
    line_start = 0
    for line in lines[:-1]:
        if at < line_start + len(line):
            break
        line_start += len(line)
    else:
        line = lines[-1]
    line_end = line_start + len(line)
    start = max(line_start, min(at - 3, line_end - 8))
    return expected[start : min(start + 8, line_end)], column


def place(wrong: Wrong, pages: list[PageText]) -> tuple[int, BoxT] | None:
    """The page (1-based) and box of a wrong cell's error on the printed PDF."""
    probe, _column = probe_of(wrong)
    hint = int(wrong.row.get("page") or 1)
    anchor_text = compact(wrong.row.get(ANCHOR[wrong.table], ""))[:8]
    tabular = wrong.table not in ("goals", "documents")
    candidates = []
    for number, page in enumerate(pages, start=1):
        anchors = page.find(anchor_text) if anchor_text else []
        for box in page.find(probe):
            distance = min((abs(box[1] - a[1]) for a in anchors), default=1e6)
            candidates.append((page.in_table(box) != tabular, abs(number - hint), distance, number, box))
    if not candidates:
        return None
    *_, number, box = min(candidates)
    return number, box


def overlaps(a: BoxT, b: BoxT) -> bool:
    return a[0] - SLACK < b[2] and b[0] - SLACK < a[2] and a[1] - SLACK < b[3] and b[1] - SLACK < a[3]


def check(doc_id: str, wrong: list[Wrong], notes: list[dict], printed: Path) -> Checklist:
    """One document: its wrong cells, its quality.csv rows, the PDF it was scanned from."""
    with pymupdf.open(printed) as doc:
        pages = [PageText(page) for page in doc]
    boxes = []
    for note in notes:
        m = NOTE_BOX.search(note["message"])
        if note["doc_id"] == doc_id and note["code"].startswith("ocr") and m:
            boxes.append((int(note["page"]), tuple(float(v) for v in m.groups())))
    out = Checklist(notes=len(boxes))
    hit: set[int] = set()
    for cell in wrong:
        out.wrong += cell.cells
        where = place(cell, pages)
        if where is None:
            out.unplaced += cell.cells
            out.unlisted.append(f"{doc_id} {cell.table} {cell.column} (not placed): {cell.got!r}")
            continue
        covering = [k for k, (page, box) in enumerate(boxes) if page == where[0] and overlaps(box, where[1])]
        hit.update(covering)
        out.listed += cell.cells if covering else 0
        if not covering:
            out.unlisted.append(f"{doc_id} {cell.table} {cell.column} near {probe_of(cell)[0]!r}: {cell.got!r}")
    out.notes_on_right_text = len(boxes) - len(hit)
    return out
