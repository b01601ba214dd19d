"""Database: the tables of a run in, `plans.db` out (SQLite, built with sqlite-utils).

    tables (emit.Table: name, columns, rows as written to the CSVs)
        -> one SQLite table per CSV, same names, columns and types
        -> keys: every record to its document, goals to their parent goal
        -> full-text search over the text columns (`kpis_fts` for `kpis`)
        -> views for the common questions

Chinese full-text search without a custom tokenizer: SQLite's own tokenizers
either keep a run of ideographs as one token (unicode61) or need three
characters (trigram), so `match '資安'` finds nothing. The FTS tables are
external-content tables of their record tables, as sqlite-utils makes them,
but what they index is the text rewritten by `search_text`: each run of
ideographs as its overlapping pairs (資訊安全 → 資訊 訊安 安全), then each
ideograph alone. Any one- or two-character word is then one token, and a
longer word is the phrase of its pairs (`fts_query`; Datasette's search box
does it through pipeline.datasette_plugin). Selecting from `kpis_fts` still
shows the text as printed: an external-content table reads its columns from
`kpis`.

The file is built under a temporary name and renamed into place, like every
other output. It is not committed: it is rebuilt from the same rows as the
CSVs at the end of every run.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import regex
import sqlite_utils

from .emit import Table, open_temporary

FILE_NAME = "plans.db"
SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "NUMERIC"}

# The columns each record table's full-text search covers.
SEARCHABLE = {
    "goals": ["text"],
    "kpis": ["goal", "kpi", "standard"],
    "key_plans": ["work_plan", "item", "content"],
    "risks": ["risk", "scenario", "measures", "owners"],
    "extra": ["column", "value"],
}

# (table, its key columns, foreign keys as (columns, other table, its columns))
KEYS: dict[str, tuple[tuple[str, ...], list[tuple[tuple[str, ...], str, tuple[str, ...]]]]] = {
    "documents": (("doc_id",), []),
    "goals": (
        ("doc_id", "id"),
        [(("doc_id",), "documents", ("doc_id",)), (("doc_id", "parent_id"), "goals", ("doc_id", "id"))],
    ),
    "kpis": (("doc_id", "row"), [(("doc_id",), "documents", ("doc_id",))]),
    "key_plans": (("doc_id", "row"), [(("doc_id",), "documents", ("doc_id",))]),
    "risks": (("doc_id", "row"), [(("doc_id",), "documents", ("doc_id",))]),
    "kpi_series": (("doc_id", "kpi_row"), [(("doc_id", "kpi_row"), "kpis", ("doc_id", "row"))]),
    "extra": (("doc_id", "table", "row", "column"), [(("doc_id",), "documents", ("doc_id",))]),
}

VIEWS = {
    # One row per KPI per year, each series' years together.
    "kpi_across_years": """
        select agency, kind, series_id, year_roc, year, kpi_number, kpi, standard,
               target_raw, target_value, target_unit, match_score, matched_fields, doc_id, kpi_row
        from kpi_series order by agency, kind, series_id, year_roc""",
    # A KPI's target beside the one of the year it was linked to: lowered, raised or kept.
    "kpi_target_changes": """
        select s.agency, s.series_id, p.year_roc as from_year, s.year_roc as to_year,
               p.kpi as from_kpi, s.kpi as to_kpi,
               p.target_raw as from_target_raw, s.target_raw as to_target_raw,
               p.target_value as from_target, s.target_value as to_target, s.target_unit,
               case when p.target_value is null or s.target_value is null then null
                    when p.target_unit is not s.target_unit then 'unit changed'
                    when s.target_value < p.target_value then 'lowered'
                    when s.target_value > p.target_value then 'raised'
                    else 'same' end as change
        from kpi_series s join kpi_series p on p.series_id = s.series_id and p.doc_id = s.previous_doc_id
        order by s.agency, s.series_id, s.year_roc""",
    "risks_by_agency": """
        select agency, year_roc, count(*) as risks, count(distinct doc_id) as documents
        from risks group by agency, year_roc order by agency, year_roc""",
    # Each agency's risk map, as a grid would print it: how many risks at each impact and likelihood.
    "risk_matrix": """
        select agency, year_roc, impact, likelihood, count(*) as risks,
               group_concat(risk_number, '、') as risk_numbers
        from risks where impact is not null and likelihood is not null
        group by agency, year_roc, impact, likelihood
        order by agency, year_roc, impact desc, likelihood""",
    # What each document gave, and how many notes a reader should check.
    "document_summary": """
        select d.doc_id, d.agency, d.year_roc, d.kind, d.title, d.pages,
               (select count(*) from goals g where g.doc_id = d.doc_id) as goals,
               (select count(*) from kpis k where k.doc_id = d.doc_id) as kpis,
               (select count(*) from key_plans p where p.doc_id = d.doc_id) as key_plans,
               (select count(*) from risks r where r.doc_id = d.doc_id) as risks,
               (select count(*) from quality q where q.doc_id = d.doc_id and q.severity != 'info') as warnings
        from documents d order by d.doc_id""",
}

HAN_RUN = regex.compile(r"(\p{Han}+)|([^\p{Han}]+)")


def han_pairs(text: str) -> str:
    """`text` with each run of ideographs written as its overlapping pairs
    (a lone ideograph as itself) and the rest as it is: 推動AI應用 → 推動 AI 應用."""
    parts = []
    for match in HAN_RUN.finditer(text):
        run = match.group(1)
        if run:
            parts.append(" ".join(run[i : i + 2] for i in range(max(1, len(run) - 1))))
        else:
            parts.append(match.group(2))
    return " ".join(parts)


def search_text(text: str) -> str:
    """What the FTS tables index for a text: its pairs, then each ideograph
    alone (so a one-character word is found too)."""
    return han_pairs(text) + " \n " + " ".join(regex.findall(r"\p{Han}", text))


def fts_query(query: str) -> str:
    """A query as people type it (`資訊安全 外交部`) as FTS5 syntax for the
    indexed pairs: each word a quoted phrase, all words required."""
    phrases = []
    for word in query.replace('"', " ").split():
        phrases.append('"' + han_pairs(word) + '"')
    return " ".join(phrases)


def create_sql(table: Table) -> str:
    key, foreign = KEYS.get(table.name, ((), []))
    lines = [f"[{name}] {SQL_TYPES[kind]}" for name, kind, *_ in table.columns]
    if key:
        lines.append(f"PRIMARY KEY ({', '.join(f'[{c}]' for c in key)})")
    for columns, other, other_columns in foreign:
        lines.append(
            f"FOREIGN KEY ({', '.join(f'[{c}]' for c in columns)}) "
            f"REFERENCES [{other}] ({', '.join(f'[{c}]' for c in other_columns)})"
        )
    return f"CREATE TABLE [{table.name}] (\n   " + ",\n   ".join(lines) + "\n)"


def sql_value(value: object, kind: str) -> object:
    """A CSV cell as SQLite stores it: empty is NULL, numbers are numbers."""
    if value == "" or value is None:
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        text = str(value)
        return int(text) if text.lstrip("-").isdigit() else float(text)
    return value


def insert_rows(conn: sqlite3.Connection, table: Table) -> None:
    kinds = [kind for _, kind, *_ in table.columns]
    marks = ", ".join("?" * len(kinds))
    conn.executemany(
        f"INSERT INTO [{table.name}] VALUES ({marks})",
        ([sql_value(v, k) for v, k in zip(row, kinds)] for row in table.rows),
    )


def index_text(db: sqlite_utils.Database, table: Table) -> None:
    """Fill the table's FTS5 table (declared by sqlite-utils in fill) with search_text of its
    columns instead of the columns themselves."""
    columns = SEARCHABLE[table.name]
    fts = f"{table.name}_fts"
    names = ", ".join(f"[{c}]" for c in columns)
    rows = db.execute(f"SELECT rowid, {names} FROM [{table.name}] ORDER BY rowid")
    db.conn.executemany(
        f"INSERT INTO [{fts}] (rowid, {names}) VALUES ({', '.join('?' * (len(columns) + 1))})",
        ((rowid, *(search_text(v or "") for v in values)) for rowid, *values in rows),
    )
    db.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES ('optimize')")


def build(path: Path, tables: Sequence[Table]) -> None:
    """Write the database of `tables` at `path`, whole or not at all."""
    fd, tmp = open_temporary(path)
    os.close(fd)
    try:
        fill(Path(tmp), tables)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fill(path: Path, tables: Sequence[Table]) -> None:
    path.unlink(missing_ok=True)  # open_temporary's empty file: SQLite starts its own
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        db = sqlite_utils.Database(conn)
        conn.execute("PRAGMA journal_mode = OFF")  # a temporary file: a failed build is thrown away whole
        conn.execute("BEGIN")
        names = set()
        for table in tables:
            conn.execute(create_sql(table))
            names.add(table.name)
            if table.name in SEARCHABLE:
                # Declared while the table is empty: sqlite-utils fills an FTS
                # table with the columns' own text, which index_text replaces.
                db[table.name].enable_fts(SEARCHABLE[table.name], fts_version="FTS5", create_triggers=False)
            insert_rows(conn, table)
        conn.execute("COMMIT")
        for table in tables:
            if table.name in SEARCHABLE:
                index_text(db, table)
        for name, sql in VIEWS.items():
            if all(t in names for t in view_tables(sql)):
                conn.execute(f"CREATE VIEW [{name}] AS {sql.strip()}")
        conn.execute("VACUUM")
    finally:
        conn.close()


def view_tables(sql: str) -> list[str]:
    return regex.findall(r"\b(?:from|join)\s+(\w+)", sql)


def csv_text(value: object) -> str:
    """A stored value as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def differences_from_csvs(out: Path) -> list[str]:
    """Where `out`/plans.db does not hold exactly `out`'s CSVs (tables,
    columns, rows and values, in order): one line each, naming the file."""
    path = out / FILE_NAME
    if not path.is_file():
        return [f"{FILE_NAME}: missing: run parse again"]
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    found = []
    try:
        for csv_path in [*sorted((out / "csv").glob("*.csv")), out / "quality.csv"]:
            header, *rows = csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"), newline=""))
            try:
                cursor = conn.execute(f"SELECT * FROM [{csv_path.stem}] ORDER BY rowid")
            except sqlite3.Error as exc:
                found.append(f"{FILE_NAME}: table {csv_path.stem}: {exc}")
                continue
            columns = [d[0] for d in cursor.description]
            stored = [[csv_text(v) for v in row] for row in cursor]
            if columns != header:
                found.append(f"{FILE_NAME}: table {csv_path.stem} has columns {columns}, {csv_path.name} {header}")
            elif stored != rows:
                found.append(f"{FILE_NAME}: table {csv_path.stem} differs from {csv_path.name}")
    finally:
        conn.close()
    return found
