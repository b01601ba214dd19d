"""The pipeline for one document: the stages, in order, in one place.

Every stage takes the Work so far and returns it with its own share filled in.
A stage that cannot go on raises DocumentError with a plain-words reason.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .extract import DocumentError, extract
from .layout import layout
from .model import LOW_CONFIDENCE, Goal, Job, KeyPlan, Kpi, Layout, Note, ParsedDocument, RawDocument, Risk
from .records import (
    document_info,
    document_kind,
    ocr_uncertain,
    parts_to_records,
    quality_notes,
    run_together_owners,
    stray_marks_in_targets,
)
from .sections import Part, split_parts


@dataclass(frozen=True)
class Work:
    job: Job
    raw: RawDocument | None = None
    layout: Layout | None = None
    parts: tuple[Part, ...] = ()
    goals: tuple[Goal, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    key_plans: tuple[KeyPlan, ...] = ()
    risks: tuple[Risk, ...] = ()
    notes: tuple[Note, ...] = ()
    timings: tuple[tuple[str, float], ...] = ()


def extract_stage(work: Work) -> Work:
    return replace(work, raw=extract(work.job.path, work.job.doc_id))


def layout_stage(work: Work) -> Work:
    return replace(work, layout=layout(work.raw))


def sections_stage(work: Work) -> Work:
    return replace(work, parts=tuple(split_parts(work.layout)))


def records_stage(work: Work) -> Work:
    goals, kpis, plans, risks, notes = parts_to_records(list(work.parts))
    if not (goals or kpis or plans or risks):
        raise DocumentError("not a plan or risk register: no goals, KPI, key-plan or risk table found")
    return replace(
        work,
        goals=tuple(goals),
        kpis=tuple(kpis),
        key_plans=tuple(plans),
        risks=tuple(risks),
        notes=work.notes + tuple(notes),
    )


STAGES: tuple[tuple[str, Callable[[Work], Work]], ...] = (
    ("extract", extract_stage),
    ("layout", layout_stage),
    ("sections", sections_stage),
    ("records", records_stage),
)


def ocr_notes(raw: RawDocument) -> list[Note]:
    """Every OCR'd cell or block read with low confidence, with its box in PDF
    points, so a reviewer knows exactly what to check."""
    if not any(page.confidences for page in raw.pages):
        return []  # no OCR'd page: the OCR stack (OpenCV, Tesseract) stays unloaded

    return [
        Note(
            page.number,
            "warning",
            "ocr_low_confidence",
            f"text in box ({box[0]:.0f}, {box[1]:.0f}, {box[2]:.0f}, {box[3]:.0f}) read by OCR with confidence "
            f"{math.floor(conf * 10) / 10:.1f}%: check it against the page",
        )
        for page in raw.pages
        for box, conf in page.confidences
        if conf < LOW_CONFIDENCE
    ] + [ocr_uncertain(page.number, box, why) for page in raw.pages for box, why in page.checks]


def parse_document(
    path: Path, doc_id: str, source_file: str, overrides: dict[str, str] | None = None
) -> ParsedDocument:
    work = Work(Job(path, doc_id, source_file, overrides or {}))
    for name, stage in STAGES:
        start = time.perf_counter()
        work = stage(work)
        work = replace(work, timings=work.timings + ((name, time.perf_counter() - start),))
    kind = document_kind(work.layout.title, list(work.kpis), list(work.key_plans), list(work.risks))
    info = document_info(
        doc_id,
        work.layout.title,
        len(work.raw.pages),
        work.raw.sha256,
        source_file,
        kind,
        work.job.overrides,
        tuple(p.number for p in work.raw.pages if p.ocr),
    )
    notes = work.notes + tuple(quality_notes(work.layout, list(work.parts), info.kind, list(work.kpis)))
    notes += tuple(ocr_notes(work.raw))
    ocr_pages = set(info.ocr_pages)
    notes += tuple(run_together_owners(list(work.risks), ocr_pages))
    notes += tuple(stray_marks_in_targets(list(work.kpis), ocr_pages))
    if work.raw.repaired:
        notes = (
            Note(1, "warning", "pdf_repaired", "the PDF is damaged and was repaired to be read: check its rows"),
        ) + notes
    return ParsedDocument(info, work.goals, work.kpis, work.key_plans, work.risks, notes, work.timings)
