"""The data that passes between stages: small frozen dataclasses.

extract -> RawDocument (glyphs, rulings per page)
layout  -> Layout (body lines and tables in reading order)
sections, tables, outline -> records (Goal, Kpi, KeyPlan, Risk)
emit    <- ParsedDocument (one document, its records and quality notes)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left
# A box read by OCR with less confidence (percent) is worth a look: it goes to
# quality.csv and is marked on the review pages.
LOW_CONFIDENCE = 97.0


@dataclass(frozen=True)
class SourceBox:
    """Where a value was read: a page and a box on it, in PDF points with the
    origin at the top left; for text read by OCR, the recognizer's confidence
    in it (0-100)."""

    page: int
    bbox: BBox
    confidence: float | None = None


@dataclass(frozen=True)
class Provenance:
    """Where a record was read: the box of the whole row or item on each page
    it spans, and the boxes of each field's cells (a merged cell's for every
    row it spans; two when a row continues on the next page)."""

    boxes: tuple[SourceBox, ...] = ()
    fields: tuple[tuple[str, tuple[SourceBox, ...]], ...] = ()


def union_boxes(boxes: tuple[SourceBox, ...] | list[SourceBox]) -> tuple[SourceBox, ...]:
    """One box per page, around all the boxes on it; the lowest confidence stays."""
    out: dict[int, SourceBox] = {}
    for b in boxes:
        seen = out.get(b.page)
        if seen is None:
            out[b.page] = b
            continue
        bbox = (
            min(seen.bbox[0], b.bbox[0]),
            min(seen.bbox[1], b.bbox[1]),
            max(seen.bbox[2], b.bbox[2]),
            max(seen.bbox[3], b.bbox[3]),
        )
        known = [c for c in (seen.confidence, b.confidence) if c is not None]
        out[b.page] = SourceBox(b.page, bbox, min(known) if known else None)
    return tuple(out[page] for page in sorted(out))


@dataclass(frozen=True)
class Job:
    """One document to parse: its file, id, the path as the user gave it, and
    manifest.csv's overrides (agency, year_roc, kind)."""

    path: Path
    doc_id: str
    source_file: str
    overrides: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool = False


@dataclass(frozen=True)
class Segment:
    """A ruling line (or one side of a drawn rectangle)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(frozen=True)
class RawPage:
    number: int  # 1-based
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    segments: tuple[Segment, ...]
    ocr: bool = False
    confidences: tuple[tuple[BBox, float], ...] = ()
    # OCR'd text a reader should check, and why: a close competing reading, a repair.
    checks: tuple[tuple[BBox, str], ...] = ()


@dataclass(frozen=True)
class RawDocument:
    path: str
    doc_id: str
    sha256: str
    pages: tuple[RawPage, ...]
    repaired: bool = False  # MuPDF had to repair a damaged file to read it


@dataclass(frozen=True)
class TextLine:
    """One printed line of text: glyphs that share a baseline, left to right."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    page: int
    bold: bool = False
    first_token_width: float = 0.0
    # Where the line would end without the space justification spread between
    # its glyphs: a distributed paragraph's last line runs to the edge but
    # holds only a few characters.
    natural_x1: float | None = None
    # Justification is visible between its ideographs: it was stretched to the
    # edge, so it is no paragraph's last line (in justified text).
    stretched: bool = False

    @property
    def end(self) -> float:
        return self.x1 if self.natural_x1 is None else self.natural_x1


@dataclass(frozen=True)
class Paragraph:
    """Wrapped lines joined back; `open_end` when its last line ran to the right edge."""

    text: str
    x0: float
    page: int
    size: float
    bold: bool
    open_end: bool = False
    top: float = 0.0
    boxes: tuple[SourceBox, ...] = ()  # around its lines, one per page


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    row_span: int
    col_span: int
    paragraphs: tuple[str, ...]
    page: int
    bbox: BBox
    # What a page break may have cut, for the next page's cell below it: the
    # room its last line left for the next word (inf: its text cannot have run
    # on), and the room its own first line needed at the end of the line before.
    room: float = math.inf
    first_unit: float = 0.0
    confidence: float | None = None  # OCR: the least confidence of the readings inside it

    @property
    def source(self) -> SourceBox:
        return SourceBox(self.page, self.bbox, self.confidence)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class Table:
    """A ruled table, joined across pages: grid rows in order, cells on the grid."""

    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int
    row_pages: tuple[int, ...]
    # True for a row that is the first body row after a page break (a candidate
    # for the second half of a row cut by the break).
    row_after_break: tuple[bool, ...]
    page: int
    top: float


@dataclass(frozen=True)
class Block:
    """One item of the reading order: a paragraph of body text or a table."""

    page: int
    top: float
    paragraph: Paragraph | None = None
    table: Table | None = None


@dataclass(frozen=True)
class Layout:
    title: str
    blocks: tuple[Block, ...]
    pages: int
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Note:
    """A line of parsed/quality.csv: something a careful reader should check."""

    page: int
    severity: str  # info | warning | error
    code: str
    message: str


# A record's printed columns the contract does not name: (header, value), in print order.
Extra = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Goal:
    id: str
    parent_id: str
    level: int
    number: str
    text: str
    page: int
    provenance: Provenance = Provenance()


@dataclass(frozen=True)
class Kpi:
    kind: str  # key | common
    goal_number: str
    goal: str
    kpi_number: str
    kpi: str
    eval_system: str
    eval_method: str
    standard: str
    target_raw: str
    target_value: str
    target_unit: str
    plan_linkage: str
    page: int
    provenance: Provenance = Provenance()
    extra: Extra = ()


@dataclass(frozen=True)
class KeyPlan:
    work_plan: str
    item: str
    category: str
    content: str
    kpi_links: str
    page: int
    provenance: Provenance = Provenance()
    extra: Extra = ()


@dataclass(frozen=True)
class Risk:
    risk_number: str
    risk: str
    measures: tuple[str, ...]
    owners: tuple[str, ...]
    page: int
    provenance: Provenance = Provenance()
    # The assessment, where printed: figures as integers, the level as its word.
    scenario: str = ""
    impact: int | None = None
    likelihood: int | None = None
    risk_score: int | None = None
    risk_level: str = ""
    residual_score: int | None = None
    extra: Extra = ()


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    agency: str
    year_roc: int | None
    kind: str
    title: str
    pages: int
    sha256: str
    source_file: str
    ocr_pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class ParsedDocument:
    info: DocumentInfo
    goals: tuple[Goal, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    key_plans: tuple[KeyPlan, ...] = ()
    risks: tuple[Risk, ...] = ()
    notes: tuple[Note, ...] = field(default=())
    timings: tuple[tuple[str, float], ...] = ()
