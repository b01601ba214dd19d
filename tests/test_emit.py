"""emit: JSON schema, Frictionless package, atomic writes, byte-identical reruns."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import jsonschema
import pytest
from frictionless import validate

from pipeline import emit

from conftest import REPO, run_parse


def test_every_json_is_valid_against_the_schema(parsed: Path) -> None:
    schema = emit.load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    files = sorted((parsed / "json").glob("*.json"))
    assert len(files) == len(list((REPO / "raw_docs").glob("*.pdf")))
    for path in files:
        jsonschema.Draft202012Validator(schema).validate(json.loads(path.read_text(encoding="utf-8")))


def test_schema_rejects_a_broken_document(parsed: Path) -> None:
    doc = json.loads((parsed / "json" / "mofa-107-plan.json").read_text(encoding="utf-8"))
    doc["kpis"][0]["kind"] = "other"
    with pytest.raises(emit.InvalidDocument):
        emit.validate(doc)


def test_frictionless_validates_the_package(parsed: Path) -> None:
    report = validate(str(parsed / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_datapackage_describes_every_csv_in_english_and_chinese(parsed: Path) -> None:
    package = json.loads((parsed / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    assert paths >= {f"csv/{t}.csv" for t in emit.TABLES}
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            assert " / " in field["description"], field


def test_rerun_is_byte_identical(parsed: Path, tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        proc = run_parse("raw_docs", "--out", str(out), "--quiet", "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr
        for path in sorted(p for p in parsed.rglob("*") if p.is_file() and ".cache" not in p.parts):
            rel = path.relative_to(parsed)
            assert (out / rel).read_bytes() == path.read_bytes(), f"{rel} differs with --jobs {jobs}"


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "a.csv"
    emit.atomic_write(target, b"old")

    def boom(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        emit.atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def written_modes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): stat.S_IMODE(p.stat().st_mode) for p in sorted(out.rglob("*")) if p.is_file()}


def test_parsed_files_get_the_users_umask(tmp_path: Path) -> None:
    """Outputs are published: others must be able to read them, as they can
    any file the user creates (a temporary file is -rw------- by default)."""
    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        proc = run_parse("raw_docs/mofa-108-plan.pdf", "--out", str(out), "--quiet", "--jobs", "1")
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr
    modes = written_modes(out)
    expected = {"json/mofa-108-plan.json", "quality.csv", "datapackage.json"}
    expected |= {f"csv/{t}.csv" for t in emit.TABLES}
    assert expected <= set(modes), modes
    assert set(modes.values()) == {0o644}, modes


def test_atomic_write_follows_whatever_umask_is_set(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        emit.atomic_write(tmp_path / "new.csv", b"a")
        emit.atomic_write(tmp_path / "new.csv", b"b")  # replacing a file, too
    finally:
        os.umask(old)
    assert written_modes(tmp_path) == {"new.csv": 0o640}


def test_committed_dataset_is_current(parsed: Path) -> None:
    committed = REPO / "parsed"
    for path in sorted(p for p in parsed.rglob("*") if p.is_file() and ".cache" not in p.parts):
        rel = path.relative_to(parsed)
        assert (committed / rel).is_file(), f"parsed/{rel} missing: run make parse"
        assert (committed / rel).read_bytes() == path.read_bytes(), f"parsed/{rel} is stale: run make parse"


def documented_rows(text: str, after: str) -> list[str]:
    """The first-column names of the markdown table that follows `after`."""
    table = text.split(after, 1)[1].split("\n\n", 2)[1]
    return re.findall(r"^\| `(\w+)` \|", table, re.M)


def test_docs_contract_names_every_column_in_order() -> None:
    doc = (REPO / "docs" / "contract.md").read_text(encoding="utf-8")
    assert documented_rows(doc, "Every CSV begins with the same four columns:") == [n for n, *_ in emit.COMMON]
    for table, columns in emit.TABLES.items():
        assert documented_rows(doc, f"**`{table}.csv`**") == [n for n, *_ in columns], table
    assert documented_rows(doc, "other CSVs. Columns, in this order:") == emit.QUALITY_COLUMNS


def test_docs_contract_explains_every_quality_code() -> None:
    """A code added to the pipeline must say there what it means and what to do."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "pipeline").glob("*.py")))
    emitted = set(re.findall(r'"(?:info|warning|error)",\s*"(\w+)"', source))
    assert {"document_failed", "ocr_low_confidence", "pdf_repaired"} <= emitted
    doc = (REPO / "docs" / "contract.md").read_text(encoding="utf-8")
    explained = set(documented_rows(doc, "Every code the pipeline writes:"))
    assert emitted == explained
