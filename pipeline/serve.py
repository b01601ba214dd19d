"""Serve: an output folder's plans.db in, Datasette on localhost out.

    metadata() -> Datasette's metadata: title, source, licence, every column's
                  description (from emit's tables, the one place the contract
                  keeps them), facets, canned queries
    serve(folder, host, port) -> runs `datasette serve` until interrupted

Datasette is the `serve` extra (`pip install -e '.[serve]'`, which `make serve`
does): a parse never needs it. Its search box finds Chinese words through
pipeline.datasette_plugin, installed with the package as a Datasette plugin.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

from . import database
from .emit import COMMON, QUALITY, TABLES, TITLE

DATABASE_NAME = Path(database.FILE_NAME).stem  # Datasette names a database by its file
LICENSE = "Open Government Data License, version 1.0 / 政府資料開放授權條款－第1版"
LICENSE_URL = "https://data.gov.tw/license"
SOURCE = "Annual plans and risk registers published as PDF by Taiwan's government agencies"
FACETS = ("agency", "year_roc", "kind")

CANNED_QUERIES = {
    "one_kpi_across_years": {
        "title": "One KPI across years / 單一指標歷年變化",
        "description": "Every year of each KPI series whose indicator holds the words: targets, match evidence.",
        "sql": (
            "select agency, series_id, year_roc, kpi_number, kpi, standard, target_raw, target_value, target_unit,\n"
            "       match_score, matched_fields, doc_id\n"
            "from kpi_series\n"
            "where series_id in (select series_id from kpi_series where kpi like '%' || :kpi || '%')\n"
            "order by agency, series_id, year_roc"
        ),
    },
    "risks_matching_a_word": {
        "title": "Risks matching a word in every agency / 各機關含某詞的風險",
        "description": "Full-text search of every risk, its measures and owners (Chinese words of any length).",
        "sql": (
            "select agency, year_roc, risk_number, risk, measures, owners, doc_id, page\n"
            "from risks\n"
            "where rowid in (select rowid from risks_fts where risks_fts match escape_fts(:word))\n"
            "order by agency, year_roc, doc_id, row"
        ),
    },
}


def metadata() -> dict:
    """Datasette's metadata for plans.db, from the columns emit writes."""
    tables = {name: COMMON + columns for name, columns in TABLES.items()}
    tables["quality"] = QUALITY
    return {
        "title": TITLE,
        "description": "Goals, KPIs, key plans and risks read from the PDFs, one table per CSV of parsed/csv/.",
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": SOURCE,
        "databases": {
            DATABASE_NAME: {
                "tables": {name: table_metadata(name, columns) for name, columns in tables.items()},
                "queries": CANNED_QUERIES,
            }
        },
    }


def table_metadata(name: str, columns: list[tuple[str, str, str, str]]) -> dict:
    names = [column for column, *_ in columns]
    out: dict = {"columns": {column: f"{en} / {zh}" for column, _, en, zh in columns}}
    facets = [f for f in FACETS if f in names]
    if name == "quality":
        facets = ["severity", "code"]
    if facets:
        out["facets"] = facets
    return out


class ServeError(Exception):
    """Why Datasette cannot be started, in one line."""


def datasette_arguments(folder: Path, host: str, port: int, metadata_path: Path) -> list[str]:
    db = folder / database.FILE_NAME
    if not db.is_file():
        raise ServeError(f"{db}: no such database (run `make parse` first, or parse with --out {folder})")
    if importlib.util.find_spec("datasette") is None:
        raise ServeError("Datasette is not installed: run `make serve`, or pip install -e '.[serve]'")
    return [
        "serve",
        "--immutable",
        str(db),
        "--metadata",
        str(metadata_path),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "default_page_size",
        "50",
    ]


def serve(folder: Path, host: str, port: int) -> int:
    """Run Datasette on `folder`'s database until it stops; its exit status.
    In this process, not a child: whoever stops this process stops the server."""
    with tempfile.TemporaryDirectory(prefix="plans-serve-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata_path.write_text(json.dumps(metadata(), ensure_ascii=False, indent=2), encoding="utf-8")
        arguments = datasette_arguments(folder, host, port, metadata_path)
        from datasette.cli import cli

        print(f"serving {folder / database.FILE_NAME} at http://{host}:{port}/ (Ctrl-C stops it)", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: uvicorn has stopped the server
            cli.main(args=arguments, prog_name="datasette", standalone_mode=False)
        return 0
