"""Whole PDFs in raw_docs/ against their hand-checked expected rows, field for field."""

from __future__ import annotations

import json
import re

import pytest

from conftest import EXPECTED, read_csv

# Text-layer documents must match exactly; scanned twins are measured in test_ocr.
DOCS = sorted(p.name for p in EXPECTED.iterdir() if p.is_dir() and not p.name.endswith("-scanned"))
# extra: the fixtures print no column outside the contract (checked against the PDFs), so none is invented
TABLES = ["documents", "goals", "kpis", "key_plans", "risks", "extra"]
CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"


def canon(value: str) -> str:
    """The contract: a space between a CJK character and a Latin letter or
    digit is not significant; everything else must match exactly."""
    return re.sub(rf"(?<={CJK}) +| +(?={CJK})", "", value)


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("doc_id", DOCS)
def test_rows_match_expected(parsed, doc_id: str, table: str) -> None:
    expected = read_csv(EXPECTED / doc_id / f"{table}.csv")
    got = [r for r in read_csv(parsed / "csv" / f"{table}.csv") if r["doc_id"] == doc_id]
    problems = []
    for index, (want, have) in enumerate(zip(expected, got), start=1):
        for column, value in want.items():
            if canon(have.get(column, "")) != canon(value):
                problems.append(f"{doc_id} {table} row {index} {column}: expected {value!r}, got {have.get(column)!r}")
    assert not problems, "\n".join(problems[:20])
    assert len(got) == len(expected), f"{doc_id} {table}: {len(got)} rows, expected {len(expected)}"


def test_csv_headers_follow_the_contract(parsed) -> None:
    for table in TABLES:
        raw = (parsed / "csv" / f"{table}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{table}.csv has no BOM"
        assert b"\r\n" not in raw
        header = raw[3:].split(b"\n", 1)[0].decode()
        expected = (EXPECTED / DOCS[0] / f"{table}.csv").read_bytes()[3:].split(b"\n", 1)[0].decode()
        assert header == expected


def test_json_lists_stay_lists(parsed) -> None:
    doc = json.loads((parsed / "json" / "mofa-risk-register.json").read_text(encoding="utf-8"))
    first = doc["risks"][0]
    assert first["owners"] == ["亞太司", "亞非司", "歐洲司", "拉美司"]
    assert first["measures"][0] == "建立指標預測中國大陸對台灣『邦交國』的活動和影響。"
    assert doc["year_roc"] is None and doc["year"] is None
