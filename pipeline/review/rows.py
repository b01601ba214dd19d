"""A document's records as review rows: each with the boxes its values were
read from and the reasons, if any, a reader should check it against the page.

In: a document as parsed/json/<doc_id>.json holds it (a dict). Out: `Row`s,
goals first, then KPIs, key plans and risks, each in printed order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import LOW_CONFIDENCE

# The four tables of the contract, in the order the page lists them.
TABLES = ("goals", "kpis", "key_plans", "risks")

OCR_NOTE_BOX = re.compile(r"box \((-?\d+(?:\.\d+)?), (-?\d+(?:\.\d+)?), (-?\d+(?:\.\d+)?), (-?\d+(?:\.\d+)?)\)")
CODE_POINT = re.compile(r"U\+([0-9A-F]{4,6})")


@dataclass(frozen=True)
class Box:
    """One place on a page that values were read from."""

    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
    fields: tuple[str, ...]  # the record's fields read from it (a cell can hold two: goal_number, goal)
    confidence: float | None  # OCR's least confidence in it; None on a text layer


@dataclass(frozen=True)
class Row:
    table: str
    index: int  # 1-based within its table
    record: dict
    boxes: tuple[Box, ...]
    reasons: tuple[str, ...]  # why to check it against the page; () when nothing asks for it

    @property
    def id(self) -> str:
        return f"{self.table}-{self.index}"

    @property
    def check(self) -> bool:
        return bool(self.reasons)

    @property
    def first_page(self) -> int:
        return min((b.page for b in self.boxes), default=self.record.get("page", 1))


def rows_of(document: dict) -> list[Row]:
    notes = document.get("quality", [])
    rows = []
    for table in TABLES:
        for index, record in enumerate(document.get(table, []), start=1):
            boxes = value_boxes(record)
            rows.append(Row(table, index, record, boxes, reasons(table, record, boxes, notes)))
    return rows


def value_boxes(record: dict) -> tuple[Box, ...]:
    """Each field's boxes, a box once however many fields share it; the
    record's own boxes when no field has one."""
    provenance = record.get("provenance", {})
    found: dict[tuple, list] = {}
    for field, boxes in provenance.get("fields", {}).items():
        for b in boxes:
            key = (b["page"], tuple(b["bbox"]))
            fields, confidences = found.setdefault(key, ([], []))
            fields.append(field)
            if "confidence" in b:
                confidences.append(b["confidence"])
    if not found:
        for b in provenance.get("boxes", []):
            found[(b["page"], tuple(b["bbox"]))] = ([], [b["confidence"]] if "confidence" in b else [])
    out = [
        Box(page, bbox, tuple(fields), min(confidences) if confidences else None)
        for (page, bbox), (fields, confidences) in found.items()
    ]
    return tuple(sorted(out, key=lambda b: (b.page, b.bbox[1], b.bbox[0])))


def reasons(table: str, record: dict, boxes: tuple[Box, ...], notes: list[dict]) -> tuple[str, ...]:
    low = [low_confidence_reason(b) for b in boxes if is_low(b)]
    out = list(low)
    for note in notes:
        # The box's own confidence already says what an OCR note would.
        if note["code"] == "ocr_low_confidence" and low:
            continue
        if note_concerns(note, table, record, boxes):
            out.append(note["message"])
    return tuple(dict.fromkeys(out))


def is_low(box: Box) -> bool:
    return box.confidence is not None and box.confidence < LOW_CONFIDENCE


def low_confidence_reason(box: Box) -> str:
    fields = ", ".join(box.fields) or "row"
    return f"read by OCR with {box.confidence:.1f}% confidence: {fields} (page {box.page})"


def note_concerns(note: dict, table: str, record: dict, boxes: tuple[Box, ...]) -> bool:
    """Whether a quality note is about this record. Notes say so by a box (OCR),
    by the KPI's numbers, or by the characters they list; other notes (a table
    not recognized, a cell over two fields) name no record and stay the
    document's."""
    code, page = note["code"], note["page"]
    if code == "ocr_low_confidence":
        box = note_box(note["message"])
        return box is not None and any(b.page == page and covers(b.bbox, box) for b in boxes)
    if code in ("kpi_without_target", "target_without_number"):
        return (
            table == "kpis"
            and record.get("page") == page
            and note["message"].startswith(f"KPI {record.get('goal_number', '')}-{record.get('kpi_number', '')} ")
        )
    if code in ("risk_map_disagrees", "risk_score_mismatch"):
        return table == "risks" and note["message"].startswith(f"risk {record.get('risk_number') or '?'} (")
    if code == "leftover_characters":
        odd = {chr(int(h, 16)) for h in CODE_POINT.findall(note["message"])}
        return any(b.page == page for b in boxes) and any(ch in text_of(record) for ch in odd)
    return False


def note_box(message: str) -> tuple[float, float, float, float] | None:
    m = OCR_NOTE_BOX.search(message)
    return tuple(float(v) for v in m.groups()) if m else None  # type: ignore[return-value]


def covers(bbox: tuple[float, ...], note: tuple[float, ...]) -> bool:
    """Most of the note's box lies in `bbox` (the note rounds to whole points)."""
    width = min(bbox[2], note[2]) - max(bbox[0], note[0])
    height = min(bbox[3], note[3]) - max(bbox[1], note[1])
    area = (note[2] - note[0]) * (note[3] - note[1])
    return width > 0 and height > 0 and width * height >= 0.5 * max(area, 1e-9)


def text_of(record: dict) -> str:
    values = (v for k, v in record.items() if k != "provenance")
    return "\n".join("\n".join(v) if isinstance(v, list) else str(v) for v in values)


def note_boxes(document: dict) -> list[tuple[int, tuple[float, float, float, float], str]]:
    """The boxes OCR notes name (page, bbox, message), drawn on the page
    whether or not a record holds them (a header cell is no record)."""
    out = []
    for note in document.get("quality", []):
        box = note_box(note["message"]) if note["code"] == "ocr_low_confidence" else None
        if box is not None:
            out.append((note["page"], box, note["message"]))
    return out
