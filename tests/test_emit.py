"""emit: JSON schema, Frictionless package, atomic writes, byte-identical reruns."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from pathlib import Path

import jsonschema
import pytest
from frictionless import validate
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import emit

from conftest import REPO, SESSION_INPUTS, differences_from_committed, run_parse


def test_every_json_is_valid_against_the_schema(parsed: Path) -> None:
    schema = emit.load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    files = sorted((parsed / "json").glob("*.json"))
    assert len(files) == len(SESSION_INPUTS)
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
        proc = run_parse(*SESSION_INPUTS, "--out", str(out), "--quiet", "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr
        for path in sorted(p for p in parsed.rglob("*") if p.is_file() and ".cache" not in p.parts):
            rel = path.relative_to(parsed)
            assert (out / rel).read_bytes() == path.read_bytes(), f"{rel} differs with --jobs {jobs}"


# What json_bytes replaced: json.dumps's pure-Python indenting encoder, then a
# regex that put lists of numbers on one line.
NUMBER_LIST = re.compile(r"\[\s+(-?[0-9.e+-]+(?:,\s+-?[0-9.e+-]+)*)\s+\]")


def dumps_and_regex(document: object) -> bytes:
    text = json.dumps(document, ensure_ascii=False, indent=2)
    text = NUMBER_LIST.sub(lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)
    return (text + "\n").encode("utf-8")


def test_json_bytes_writes_what_json_dumps_wrote() -> None:
    document = {
        "text": '外交部「年度」\t"quoted" back\\slash \x00\x1f\u2028 é 𠀀 \u3000',
        "numbers": [0, -1, 1e-07, -2.5e-05, 1e16, 123456789012345678901234567890, 0.1 + 0.2, -0.0, 2.0],
        "bbox": (72.0, 90.12, 523.27, 101.5),
        "constants": [True, False, None],
        "odd": [float("nan"), float("inf"), -float("inf"), 1],
        "mixed": [1, "1", [2, 3], {"a": [4.5]}, [], {}, [[]], [{}], True],
        "empties": {"list": [], "dict": {}, "nested": {"x": {"y": []}}},
        "": {"": ""},
        "deep": [[[[1]]], [[0.5, -0.5]]],
    }
    assert emit.json_bytes(document) == dumps_and_regex(document)
    assert emit.json_bytes({}) == dumps_and_regex({})


# Text without lone surrogates (UTF-8 cannot hold them, either way) and
# without brackets (test_json_bytes_leaves_strings_that_look_like_number_lists_alone).
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="["), max_size=8)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.tuples(children, children) | st.dictionaries(TEXT, children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(TEXT, JSON_VALUES, max_size=6))
def test_json_bytes_matches_json_dumps_on_any_document(document: dict) -> None:
    assert emit.json_bytes(document) == dumps_and_regex(document)


def test_json_bytes_leaves_strings_that_look_like_number_lists_alone() -> None:
    """Where the old regex went wrong: it rewrote text inside strings too."""
    document = {"text": "[ 1, 2 ]"}
    assert json.loads(emit.json_bytes(document)) == document
    assert json.loads(dumps_and_regex(document)) != document


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
    assert (parsed / "plans.db").is_file()
    found = differences_from_committed(parsed)
    assert not found, "\n".join(found)


def test_a_partial_parse_is_held_to_the_committed_rows_of_its_documents(tmp_path: Path) -> None:
    out = tmp_path / "parsed"
    shutil.copytree(REPO / "parsed", out, ignore=shutil.ignore_patterns(".cache", "plans.db"))
    for path in (out / "json").glob("*.json"):
        if path.stem != "moc-112-plan":
            path.unlink()
    assert differences_from_committed(out) == []
    kpis = out / "csv" / "kpis.csv"
    lines = kpis.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    other = next(i for i, line in enumerate(lines) if line.startswith("mofa-107-plan,"))
    lines[other] = lines[other].replace("mofa-107-plan,", "mofa-107-plan,x", 1)  # not a document parsed
    kpis.write_text("".join(lines), encoding="utf-8-sig")
    assert differences_from_committed(out) == []
    mine = next(i for i, line in enumerate(lines) if line.startswith("moc-112-plan,"))
    lines[mine] = lines[mine].replace("moc-112-plan,", "moc-112-plan,x", 1)
    kpis.write_text("".join(lines), encoding="utf-8-sig")
    stale = "parsed/csv/kpis.csv: the rows of moc-112-plan are stale: run make parse"
    assert differences_from_committed(out) == [stale]


@pytest.mark.slow
def test_committed_dataset_is_current_for_the_slow_documents(parsed_slow: Path) -> None:
    assert (parsed_slow / "plans.db").is_file()
    found = differences_from_committed(parsed_slow)
    assert not found, "\n".join(found)


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
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "pipeline").rglob("*.py")))
    emitted = set(re.findall(r'"(?:info|warning|error)",\s*"(\w+)"', source))
    assert {"document_failed", "ocr_low_confidence", "pdf_repaired"} <= emitted
    doc = (REPO / "docs" / "contract.md").read_text(encoding="utf-8")
    explained = set(documented_rows(doc, "Every code the pipeline writes:"))
    assert emitted == explained
