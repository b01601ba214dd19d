"""plans.db: the CSVs' tables, their keys, Chinese full-text search and views,
built from the committed parsed/ (its values checked against the PDFs where
a test names them)."""

from __future__ import annotations

import csv
import io
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
import regex

from pipeline import database, emit

PARSED = Path(__file__).resolve().parent.parent / "parsed"


@pytest.fixture(scope="module")
def tables() -> list[emit.Table]:
    return emit.build_tables(emit.load_documents(PARSED))


@pytest.fixture(scope="module")
def db(tables, tmp_path_factory) -> sqlite3.Connection:
    path = tmp_path_factory.mktemp("db") / "plans.db"
    database.build(path, tables)
    return sqlite3.connect(path)


def csv_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_a_run_of_ideographs_is_indexed_as_its_pairs_and_the_rest_as_printed() -> None:
    assert database.han_pairs("資訊安全") == "資訊 訊安 安全"
    assert database.han_pairs("推動AI應用") == "推動 AI 應用"
    assert database.han_pairs("第1項") == "第 1 項"
    assert database.search_text("資安，稅") == "資安 ， 稅 \n 資 安 稅"


def test_a_typed_query_becomes_one_phrase_of_pairs_per_word() -> None:
    assert database.fts_query("資訊安全") == '"資訊 訊安 安全"'
    assert database.fts_query('資安  "外交部"') == '"資安" "外交 交部"'
    assert database.fts_query("NGO") == '"NGO"'


def test_every_csv_is_a_table_with_its_rows_columns_and_types(db) -> None:
    for path in [*sorted((PARSED / "csv").glob("*.csv")), PARSED / "quality.csv"]:
        rows = csv_rows(path)
        name = path.stem
        columns = [r[1] for r in db.execute(f"PRAGMA table_info([{name}])")]
        assert columns == list(rows[0]) if rows else columns, name
        assert db.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0] == len(rows), name
    types = {r[1]: r[2] for r in db.execute("PRAGMA table_info(kpis)")}
    assert (types["year_roc"], types["page"], types["target_value"], types["kpi"]) == (
        "INTEGER",
        "INTEGER",
        "NUMERIC",
        "TEXT",
    )
    # A target printed 1,500 is the number 1500, 0.08 stays 0.08, and no number is NULL, not 0 or ''.
    values = {type(v) for (v,) in db.execute("SELECT target_value FROM kpis")}
    assert values <= {int, float, type(None)} and int in values and type(None) in values


def test_records_are_keyed_to_their_document_and_goals_to_their_parent(db) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    goals = {r[1]: r for r in db.execute("PRAGMA foreign_key_list(goals)")}
    assert {(r[2], r[3], r[4]) for r in db.execute("PRAGMA foreign_key_list(goals)")} == {
        ("documents", "doc_id", "doc_id"),
        ("goals", "doc_id", "doc_id"),
        ("goals", "parent_id", "id"),
    }, goals
    for table in ("kpis", "key_plans", "risks"):
        assert [(r[2], r[3]) for r in db.execute(f"PRAGMA foreign_key_list({table})")] == [("documents", "doc_id")]
        keys = [r[1] for r in sorted(db.execute(f"PRAGMA table_info({table})"), key=lambda r: r[5]) if r[5]]
        assert keys == ["doc_id", "row"]
    # A strategy's parent is a goal of the same document.
    parent = db.execute(
        "SELECT p.level FROM goals g JOIN goals p ON p.doc_id = g.doc_id AND p.id = g.parent_id WHERE g.level = 2"
    ).fetchall()
    assert parent and {level for (level,) in parent} == {1}


def test_a_two_character_word_is_found_by_a_plain_match(db) -> None:
    # mofa-108-plan, page 3, key plan 4: 制度化與資網安先進國家之雙邊資安合作 (checked against the PDF);
    # and its scanned twin. No KPI, goal or risk of raw_docs/ holds 資安.
    found = db.execute(
        "SELECT doc_id, row FROM key_plans"
        " WHERE rowid IN (SELECT rowid FROM key_plans_fts WHERE key_plans_fts MATCH '資安')"
    ).fetchall()
    assert sorted(found) == [("mofa-108-plan", 4), ("mofa-108-plan-scanned", 4)]
    assert db.execute("SELECT count(*) FROM kpis_fts WHERE kpis_fts MATCH '資安'").fetchone() == (0,)
    # Selecting from the FTS table shows the text as printed, not the pairs it indexes.
    (item,) = db.execute("SELECT item FROM key_plans_fts WHERE key_plans_fts MATCH '資安' LIMIT 1").fetchone()
    assert item == "協助各種國際交流"
    # The risk register's risks 6 and 9 (and the scan's): 強化駐外館處安全維護設備, 資通安全管理作業.
    found = db.execute(
        "SELECT risk_number FROM risks WHERE rowid IN (SELECT rowid FROM risks_fts WHERE risks_fts MATCH '安全')"
    ).fetchall()
    assert sorted(found) == [("6",), ("6",), ("9",), ("9",)]


def test_full_text_search_finds_exactly_the_rows_holding_a_word_of_any_length(db) -> None:
    rnd = random.Random(7)
    checked = 0
    for table, columns in database.SEARCHABLE.items():
        rows = db.execute(f"SELECT rowid, {', '.join(columns)} FROM {table}").fetchall()
        texts = {rowid: [v or "" for v in values] for rowid, *values in rows}
        if not texts:
            continue  # extra: the fixtures print no column outside the contract
        for _ in range(150):
            text = rnd.choice(rnd.choice(list(texts.values())))
            length = rnd.choice([1, 2, 2, 3, 4, 6])
            start = rnd.randrange(max(1, len(text) - length))
            word = text[start : start + length]
            if not regex.fullmatch(r"\p{Han}+", word):
                continue
            found = {
                r
                for (r,) in db.execute(
                    f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?", [database.fts_query(word)]
                )
            }
            assert found == {rowid for rowid, values in texts.items() if any(word in v for v in values)}, (table, word)
            checked += 1
    assert checked > 300


def test_the_views_answer_their_questions(db) -> None:
    summary = {r[0]: r for r in db.execute("SELECT doc_id, kind, goals, kpis, key_plans, risks FROM document_summary")}
    # moc-112-plan: 8 KPIs; the risk register: its risks and nothing else.
    assert summary["moc-112-plan"][3] == 8
    register = summary["mofa-risk-register"]
    assert register[1] == "risk_register" and register[2:5] == (0, 0, 0) and register[5] > 0
    # The register and its scan, both 外交部's, without a year.
    by_agency = db.execute("SELECT agency, year_roc, risks, documents FROM risks_by_agency").fetchall()
    both = summary["mofa-risk-register"][5] + summary["mofa-risk-register-scanned"][5]
    assert by_agency == [("外交部", None, both, 2)]
    assert db.execute("SELECT count(*) FROM kpi_across_years").fetchone()[0] > 0
    changes = {r[0] for r in db.execute("SELECT change FROM kpi_target_changes")}
    assert changes <= {"lowered", "raised", "same", "unit changed", None}


def test_the_database_is_rebuilt_byte_for_byte_and_replaced_whole(tables, tmp_path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    database.build(first, tables)
    database.build(second, tables)
    assert first.read_bytes() == second.read_bytes()
    broken = [*tables, emit.Table("broken", "csv/broken.csv", [("x", "no such type", "", "")], [["1"]])]
    with pytest.raises(KeyError):
        database.build(first, broken)
    assert first.read_bytes() == second.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_database_that_does_not_hold_its_csvs_is_named(tmp_path) -> None:
    out = tmp_path / "out"
    shutil.copytree(PARSED, out, ignore=shutil.ignore_patterns(".cache", "plans.db"))
    assert database.differences_from_csvs(out) == ["plans.db: missing: run parse again"]
    database.build(out / database.FILE_NAME, emit.build_tables(emit.load_documents(out)))
    assert database.differences_from_csvs(out) == []
    conn = sqlite3.connect(out / database.FILE_NAME)
    conn.execute("UPDATE risks SET owners = '亞太司' WHERE rowid = 1")
    conn.commit()
    conn.close()
    assert database.differences_from_csvs(out) == ["plans.db: table risks differs from risks.csv"]


def test_risk_matrix_and_extra_from_a_register_with_a_map(tmp_path: Path) -> None:
    """The corpus sample's register with its risk map (seed 20, family d) and
    one with a residual group (seed 14): the view counts the risks as the
    expected rows place them, and extra holds the expected values."""
    from conftest import read_csv, run_parse

    sample = PARSED.parent / "tests" / "fixtures" / "corpus"
    out = tmp_path / "out"
    docs = ["rt00014-typeset", "rt00020-typeset"]
    pdfs = tmp_path / "pdf"
    pdfs.mkdir()
    for doc in docs:
        shutil.copy(sample / "pdf" / f"{doc}.pdf", pdfs)
    assert run_parse(str(pdfs), "--out", str(out), "--quiet").returncode == 0
    conn = sqlite3.connect(out / database.FILE_NAME)
    want: dict[tuple, int] = {}
    for doc in docs:
        for r in read_csv(sample / "expected" / doc / "risks.csv"):
            if r["impact"] and r["likelihood"]:
                key = (r["agency"], int(r["impact"]), int(r["likelihood"]))
                want[key] = want.get(key, 0) + 1
    got = {(a, i, lk): n for a, _year, i, lk, n, _numbers in conn.execute("SELECT * FROM risk_matrix")}
    assert got == want and len(got) > 3
    extra = [r for doc in docs for r in read_csv(sample / "expected" / doc / "extra.csv")]
    rows = conn.execute('SELECT doc_id, "table", row, "column", value FROM extra').fetchall()
    assert sorted(rows) == sorted((r["doc_id"], r["table"], int(r["row"]), r["column"], r["value"]) for r in extra)
    assert rows
