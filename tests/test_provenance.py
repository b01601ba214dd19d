"""Provenance: every record says where it was read, and each box holds the
glyphs of the value read from it (checked against the PDF's own text)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pymupdf
import pytest

from conftest import REPO

TEXT_LAYER = ["mofa-099-plan", "mofa-107-plan", "mofa-108-plan", "mofa-risk-register", "moc-112-plan"]
RECORDS = ["goals", "kpis", "key_plans", "risks"]
# Fields computed from others rather than read as printed.
DERIVED = {"id", "parent_id", "level", "page", "kind", "target_value", "provenance"}


def compact(text: str) -> str:
    """What a value and the PDF's text share whatever the print: no
    whitespace, radicals, compatibility and full-width forms folded (NFKC)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def in_order(value: str, text: str) -> bool:
    """Every character of `value` found in `text`, in order (a stray URL may
    sit between two lines of a cell)."""
    rest = iter(text)
    return all(ch in rest for ch in value)


def boxed_text(doc: pymupdf.Document, boxes: list[dict]) -> str:
    return "".join(compact(doc[b["page"] - 1].get_text("text", clip=pymupdf.Rect(b["bbox"]))) for b in boxes)


def read(parsed: Path, doc_id: str) -> dict:
    return json.loads((parsed / "json" / f"{doc_id}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("doc_id", TEXT_LAYER)
def test_each_box_holds_the_glyphs_of_its_value(parsed: Path, doc_id: str) -> None:
    document = read(parsed, doc_id)
    with pymupdf.open(REPO / "raw_docs" / f"{doc_id}.pdf") as pdf:
        for table in RECORDS:
            for number, record in enumerate(document[table], start=1):
                where = f"{doc_id} {table} {number}"
                provenance = record["provenance"]
                assert provenance["boxes"], f"{where}: no box"
                assert min(b["page"] for b in provenance["boxes"]) == record["page"], where
                for field, boxes in provenance["fields"].items():
                    values = record[field] if isinstance(record[field], list) else [record[field]]
                    text = boxed_text(pdf, boxes)
                    for value in values:
                        if field not in DERIVED and value:
                            assert in_order(compact(value), text), f"{where} {field}: {value!r} not in {text!r}"


def test_every_field_read_has_its_boxes(parsed: Path) -> None:
    kpi = read(parsed, "mofa-107-plan")["kpis"][0]
    printed = {"goal_number", "goal", "kpi_number", "kpi", "eval_system", "eval_method", "standard", "target_raw"}
    assert printed <= set(kpi["provenance"]["fields"])


def test_a_row_cut_by_a_page_break_has_a_box_on_each_page(parsed: Path) -> None:
    # Risk 5 of the register is cut by the page break (the fixture's typesetter puts it there).
    (risk,) = [r for r in read(parsed, "mofa-risk-register")["risks"] if r["risk_number"] == "5"]
    assert [b["page"] for b in risk["provenance"]["boxes"]] == [1, 2]
    assert [b["page"] for b in risk["provenance"]["fields"]["measures"]] == [1, 2]


def test_a_merged_goal_cell_is_the_goal_box_of_every_row_it_spans(parsed: Path) -> None:
    kpis = [k for k in read(parsed, "mofa-107-plan")["kpis"] if k["goal_number"] == "一"]
    assert len(kpis) > 1
    assert len({json.dumps(k["provenance"]["fields"]["goal"]) for k in kpis}) == 1


def test_cells_read_by_ocr_keep_their_confidence(parsed: Path) -> None:
    # Every value read from a scan has a box with the recognizer's confidence
    # (an empty cell has no reading, hence none).
    document = read(parsed, "moc-112-plan-scanned")
    read_fields = [boxes for k in document["kpis"] for field, boxes in k["provenance"]["fields"].items() if k[field]]
    assert read_fields
    for boxes in read_fields:
        assert any(0 <= b.get("confidence", -1) <= 100 for b in boxes), boxes
