"""Emit: ParsedDocuments in, files out under the output folder.

    json/<doc_id>.json   one document, valid against schemas/plan.schema.json
    csv/<table>.csv      every document's rows, UTF-8 with BOM, RFC 4180, \\n
    quality.csv          what a careful reader should check
    datapackage.json     Frictionless descriptor of the CSVs

The CSVs are rebuilt from the JSON files on disk, so a document that failed
this run keeps its previous rows. Every file is written to a temporary name
and renamed into place: a killed run never leaves half a file.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
import secrets
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields
from json.encoder import encode_basestring as encode_string  # ensure_ascii=False's, in C
from pathlib import Path

import fastjsonschema

from . import SCHEMA_VERSION, __version__
from .model import Goal, KeyPlan, Kpi, ParsedDocument, Provenance, Risk, SourceBox
from .series import SERIES_COLUMNS, kpi_series

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "plan.schema.json"

# (name, frictionless type, English, Chinese)
COMMON = [
    ("doc_id", "string", "Document id: the PDF's file stem", "文件代碼（PDF 檔名）"),
    ("agency", "string", "Agency that published the plan", "機關"),
    ("year_roc", "integer", "Plan year, Republic of China calendar", "民國年度"),
    ("year", "integer", "Plan year, Gregorian (year_roc + 1911)", "西元年"),
]
# The record's key with doc_id: kpi_series.csv and plans.db join on it.
ROW = ("row", "integer", "1-based row of the record among its document's rows of this file", "列序")
TABLES: dict[str, list[tuple[str, str, str, str]]] = {
    "documents": [
        ("kind", "string", "annual_plan or risk_register", "文件類型"),
        ("title", "string", "Title as printed", "標題"),
        ("pages", "integer", "Number of pages", "頁數"),
        ("sha256", "string", "SHA-256 of the PDF bytes", "PDF 雜湊值"),
        ("source_file", "string", "Input path as given on the command line", "來源檔案"),
    ],
    "goals": [
        ("id", "string", "Item id, unique in the document", "項目代碼"),
        ("parent_id", "string", "Id of the enclosing item", "上層項目代碼"),
        ("level", "integer", "Depth below the part heading: 1 goal, 2 strategy, 3 item, 4 sub-item", "層級"),
        ("number", "string", "Number as printed, normalized (一, 1, a)", "編號"),
        ("text", "string", "Item text, then its unnumbered paragraphs, one per line", "內容"),
        ("page", "integer", "1-based page where the item starts", "頁碼"),
    ],
    "kpis": [
        ("kind", "string", "key (關鍵績效指標) or common (共同性指標)", "指標類型"),
        ("goal_number", "string", "Goal number, normalized", "目標編號"),
        ("goal", "string", "Goal text without its number", "施政目標"),
        ("kpi_number", "string", "Indicator number, normalized", "指標編號"),
        ("kpi", "string", "Indicator text", "績效指標"),
        ("eval_system", "string", "評估體制 code as printed (1..5)", "評估體制"),
        ("eval_method", "string", "評估方式 text", "評估方式"),
        ("standard", "string", "衡量標準 text", "衡量標準"),
        ("target_raw", "string", "年度目標值 cell as printed (normalized)", "年度目標值"),
        ("target_value", "number", "The target's number", "目標數值"),
        ("target_unit", "string", "The target's unit", "目標單位"),
        ("plan_linkage", "string", "與中長程個案計畫關聯", "與中長程個案計畫關聯"),
        ("page", "integer", "1-based page where the row starts", "頁碼"),
        ROW,
    ],
    "key_plans": [
        ("work_plan", "string", "工作計畫名稱", "工作計畫名稱"),
        ("item", "string", "重要計畫項目", "重要計畫項目"),
        ("category", "string", "計畫類別", "計畫類別"),
        ("content", "string", "實施內容, one numbered item per line", "實施內容"),
        ("kpi_links", "string", "與KPI關聯", "與KPI關聯"),
        ("page", "integer", "1-based page where the row starts", "頁碼"),
        ROW,
    ],
    "risks": [
        ("risk_number", "string", "Risk number as printed", "風險編號"),
        ("risk", "string", "風險項目 without its number", "風險項目"),
        ("measures", "string", "控制措施, one per line, without their numbers", "控制措施"),
        ("owners", "string", "負責單位, one per line", "負責單位"),
        ("page", "integer", "1-based page where the row starts", "頁碼"),
        ROW,
        ("scenario", "string", "The scenario or description (風險情境, 風險描述), one paragraph per line", "風險情境"),
        ("impact", "integer", "影響程度: the figure as printed, or the risk map's", "影響程度"),
        ("likelihood", "integer", "發生機率: the figure as printed, or the risk map's", "發生機率"),
        ("risk_score", "integer", "風險值 as printed", "風險值"),
        ("risk_level", "string", "風險等級: the level word as printed", "風險等級"),
        ("residual_score", "integer", "殘餘風險值 as printed", "殘餘風險值"),
    ],
    "kpi_series": SERIES_COLUMNS,
    "extra": [
        ("table", "string", "The record's table: kpis, key_plans or risks", "資料表"),
        ("row", "integer", "The record's row in that table (its row column)", "列序"),
        ("column", "string", "The printed column's header, whitespace removed (第N欄 without one)", "欄名"),
        ("value", "string", "The cell's text, one paragraph per line", "內容"),
    ],
}
# The tables whose records carry `extra`: the printed columns the contract does not name.
EXTRA_TABLES = ("kpis", "key_plans", "risks")
QUALITY = [
    ("doc_id", "string", "Document id", "文件代碼"),
    ("page", "integer", "1-based page", "頁碼"),
    ("severity", "string", "info, warning or error", "嚴重程度"),
    ("code", "string", "What kind of problem", "問題代碼"),
    ("message", "string", "What to check", "說明"),
]
QUALITY_COLUMNS = [name for name, *_ in QUALITY]
TITLE = "Taiwan government annual plans and risk registers / 機關年度施政計畫及風險控制措施"


@dataclass(frozen=True)
class Table:
    """One output table as written: its CSV's path under the output folder,
    its columns (name, Frictionless type, English, Chinese) and its rows."""

    name: str
    path: str
    columns: list[tuple[str, str, str, str]]
    rows: list[list[object]]


def document_to_json(doc: ParsedDocument) -> dict:
    info = doc.info
    return {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": __version__,
        "doc_id": info.doc_id,
        "agency": info.agency,
        "year_roc": info.year_roc,
        "year": info.year_roc + 1911 if info.year_roc is not None else None,
        "kind": info.kind,
        "title": info.title,
        "pages": info.pages,
        "sha256": info.sha256,
        "source_file": info.source_file,
        "status": "ok",
        "ocr_pages": list(info.ocr_pages),
        "goals": [record_json(g) for g in doc.goals],
        "kpis": [record_json(k) for k in doc.kpis],
        "key_plans": [record_json(p) for p in doc.key_plans],
        "risks": [record_json(r) for r in doc.risks],
        "quality": [asdict(n) for n in doc.notes],
    }


def record_json(record: Goal | Kpi | KeyPlan | Risk) -> dict:
    """A record's contract fields (lists for the list-valued ones, an object
    for extra, null for a figure not printed), then where it was read."""
    out: dict = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name == "extra":
            out[f.name] = dict(value)
        elif f.name != "provenance":
            out[f.name] = list(value) if isinstance(value, tuple) else value
    out["provenance"] = provenance_json(record.provenance)
    return out


def provenance_json(provenance: Provenance) -> dict:
    return {
        "boxes": [box_json(b) for b in provenance.boxes],
        "fields": {name: [box_json(b) for b in boxes] for name, boxes in provenance.fields},
    }


def box_json(box: SourceBox) -> dict:
    out: dict = {"page": box.page, "bbox": [round(v, 2) for v in box.bbox]}
    if box.confidence is not None:
        out["confidence"] = round(box.confidence, 1)
    return out


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


class InvalidDocument(ValueError):
    """A document that does not follow schemas/plan.schema.json: a bug to report."""


@functools.lru_cache(maxsize=1)
def compiled_validator() -> Callable[[dict], object]:
    # fastjsonschema compiles the schema to Python once: validating every
    # record's boxes with jsonschema took a fifth of a parse. The tests check
    # the published files with jsonschema's Draft 2020-12 validator as well.
    # Without detailed exceptions (the failing value, rule and definition
    # kept on the exception) the message is the same, and the code it writes
    # a third as long: writing and compiling it took 27 ms of every run, now 8.
    return fastjsonschema.compile(load_schema(), detailed_exceptions=False)


def validate(document: dict) -> None:
    try:
        compiled_validator()(document)
    except fastjsonschema.JsonSchemaException as exc:
        raise InvalidDocument(f"{document.get('doc_id', '?')}: {exc.message}") from exc


def atomic_write(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all, with the permissions the user's umask
    gives a new file (usually -rw-r--r--), as the outputs are published."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = open_temporary(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_all(files: list[tuple[Path, bytes]]) -> None:
    """Several files (path, bytes), each as atomic_write writes it, side by
    side: each waits on the disk in fsync, and waiting together they are
    committed together (the seven tables at the end of a run: 8 ms instead
    of 27 to 45 while the disk was busy; about 10 ms either way when idle)."""
    with ThreadPoolExecutor(max_workers=max(1, len(files))) as pool:
        for _ in pool.map(lambda file: atomic_write(*file), files):
            pass  # raises what a write raised


def open_temporary(path: Path) -> tuple[int, str]:
    """A new file next to `path`, named like remove_stale_temporaries expects.
    Not tempfile.mkstemp: it creates files -rw------- whatever the umask, and
    the outputs are meant to be read by others; asking for 0o666 lets the
    kernel apply the umask (and any default ACL) as for any new file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


def json_bytes(document: dict) -> bytes:
    """The document as json.dumps(ensure_ascii=False, indent=2) writes it, but
    for lists of numbers, which go on one line (a box's four numbers, as a
    reader scans them). Written here rather than by json.dumps: with an
    indent it runs its pure-Python encoder, about a tenth of a parse of the
    fixtures. Strings go through json's own encoder (C), numbers as json
    writes them (tests/test_emit.py compares the two)."""
    out: list[str] = []
    write_json(document, "\n", out.append)
    out.append("\n")
    return "".join(out).encode("utf-8")


def write_json(value: object, newline: str, write: Callable[[str], object]) -> None:
    """`value` as JSON; its nested lines start with `newline` and two spaces more."""
    if isinstance(value, str):
        write(encode_string(value))
    elif isinstance(value, dict):
        inner, sep = newline + "  ", "{"
        for key, item in value.items():
            write(f"{sep}{inner}{encode_string(key if isinstance(key, str) else json_scalar(key))}: ")
            write_json(item, inner, write)
            sep = ","
        write(newline + "}" if value else "{}")
    elif isinstance(value, list | tuple):
        if value and all(map(is_number, value)):
            write(f"[{', '.join(map(json_scalar, value))}]")
            return
        inner, sep = newline + "  ", "["
        for item in value:
            write(sep + inner)
            write_json(item, inner, write)
            sep = ","
        write(newline + "]" if value else "[]")
    else:
        write(json_scalar(value))


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


JSON_CONSTANTS = {None: "null", True: "true", False: "false"}


def json_scalar(value: object) -> str:
    """null, true, false or a number, as json.dumps writes them."""
    if value is None or isinstance(value, bool):
        return JSON_CONSTANTS[value]
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return float.__repr__(value) if math.isfinite(value) else json.dumps(value)  # NaN, Infinity
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def write_document(out: Path, document: dict) -> None:
    """One document's JSON file, validated beforehand (runner: in its worker)."""
    atomic_write(out / "json" / f"{document['doc_id']}.json", json_bytes(document))


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return value


def load_documents(out: Path) -> list[dict]:
    folder = out / "json"
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def table_rows(documents: list[dict], table: str) -> list[list[object]]:
    names = [name for name, *_ in TABLES[table]]
    rows = []
    for doc in documents:
        lead = [doc["doc_id"], doc["agency"], cell(doc["year_roc"]), cell(doc["year"])]
        if table == "documents":
            rows.append(lead + [cell(doc[name]) for name in names])
            continue
        for number, item in enumerate(doc[table], start=1):
            # .get: a document this run did not parse may be of an older schema
            rows.append(lead + [number if name == "row" else cell(item.get(name)) for name in names])
    return rows


def extra_rows(documents: list[dict]) -> list[list[object]]:
    """extra.csv, long form: one row per printed value of a column the contract does not name."""
    rows = []
    for doc in documents:
        lead = [doc["doc_id"], doc["agency"], cell(doc["year_roc"]), cell(doc["year"])]
        for table in EXTRA_TABLES:
            for number, item in enumerate(doc[table], start=1):
                rows += [lead + [table, number, k, v] for k, v in item.get("extra", {}).items() if v]
    return rows


TABLE_ROWS: dict[str, Callable[[list[dict]], list[list[object]]]] = {"kpi_series": kpi_series, "extra": extra_rows}


def build_tables(documents: list[dict], failures: Sequence[tuple[str, str]] = ()) -> list[Table]:
    """Every table of the outputs, from the documents' JSON and this run's
    failures (doc_id, reason), which quality.csv lists as errors."""
    tables = []
    for name, columns in TABLES.items():
        rows = TABLE_ROWS[name](documents) if name in TABLE_ROWS else table_rows(documents, name)
        tables.append(Table(name, f"csv/{name}.csv", COMMON + columns, rows))
    quality = [
        [d["doc_id"], q["page"], q["severity"], q["code"], q["message"]] for d in documents for q in d["quality"]
    ]
    quality += [[doc_id, 0, "error", "document_failed", reason] for doc_id, reason in sorted(failures)]
    tables.append(Table("quality", "quality.csv", QUALITY, quality))
    return tables


def datapackage(tables: list[Table]) -> dict:
    resources = []
    for table in tables:
        fields = [{"name": n, "type": t, "description": f"{en} / {zh}"} for n, t, en, zh in table.columns]
        resource = {
            "name": table.name.replace("_", "-"),
            "path": table.path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
        }
        if table.name != "quality":
            resource["dialect"] = {"header": True, "delimiter": ",", "lineTerminator": "\n", "quoteChar": '"'}
        resource["schema"] = {"fields": fields, "missingValues": [""]}
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "taiwan-plan-pdfs",
        "title": TITLE,
        "description": "Records parsed from ministry plan PDFs by the pipeline in this repository.",
        "resources": resources,
    }


def remove_stale_temporaries(out: Path) -> None:
    """Temporary files a killed run left behind (never the real ones)."""
    for folder in (out, out / "json", out / "csv", out / ".cache"):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)


def rebuild_tables(out: Path, failures: Sequence[tuple[str, str]] = ()) -> list[Table]:
    """Every CSV, quality.csv and datapackage.json, from the JSON files
    present; `failures` (doc_id, reason) of this run go into quality.csv as
    errors. Returns the tables written (cli builds plans.db from them)."""
    tables = build_tables(load_documents(out), failures)
    files = [(out / t.path, csv_bytes([n for n, *_ in t.columns], t.rows)) for t in tables]
    package = json.dumps(datapackage(tables), ensure_ascii=False, indent=2) + "\n"
    files.append((out / "datapackage.json", package.encode("utf-8")))
    atomic_write_all(files)
    return tables
