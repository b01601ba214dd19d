"""Gold: a generated document's content (and its printed PDF) in, the rows the
contract expects out, one list of dicts per CSV table.

Written from the content alone, by the contract's rules, and never from the
pipeline (this module must not import it). The PDF is read only for what
the content cannot know: its page count, its SHA-256, and the page each
record starts on, found by searching the page texts for the record's first
words in document order. That is approximate (a narrow cell's lines may fall
in separate text blocks, and KPI names recur in key-plan links), so pages
are reported, as the dev-eval scorer does, and not counted in the cells.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from pathlib import Path

import pymupdf

COMMON = ["doc_id", "agency", "year_roc", "year"]
COLUMNS = {
    "documents": ["kind", "title", "pages", "sha256", "source_file"],
    "goals": ["id", "parent_id", "level", "number", "text", "page"],
    "kpis": [
        "kind",
        "goal_number",
        "goal",
        "kpi_number",
        "kpi",
        "eval_system",
        "eval_method",
        "standard",
        "target_raw",
        "target_value",
        "target_unit",
        "plan_linkage",
        "page",
    ],
    "key_plans": ["work_plan", "item", "category", "content", "kpi_links", "page"],
    "risks": [
        "risk_number",
        "risk",
        "measures",
        "owners",
        "page",
        # schema 1.3 (issue 28): the register's assessment, from its columns or its risk map
        "scenario",
        "impact",
        "likelihood",
        "risk_score",
        "risk_level",
        "residual_score",
    ],
    # schema 1.3: a record's printed columns the contract does not name, one row per non-empty value
    "extra": ["table", "row", "column", "value"],
}
TABLE_OF = {"kpi": "kpis", "key_plan": "key_plans", "risk": "risks"}
ASSESSMENT = COLUMNS["risks"][5:]


def compact(text: str) -> str:
    """What a page's text and a record's words share whatever the print: no
    whitespace, radicals and compatibility ideographs folded (NFKC)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class PageFinder:
    """The page each record starts on: the first page, from the last record's
    on, whose text holds the record's first words, the longest probe first
    (short ones recur in other records), searched in the page's text blocks
    (a cell's wrapped lines stay together there, where the page's reading
    order would interleave cells)."""

    def __init__(self, pdf: Path) -> None:
        with pymupdf.open(pdf) as doc:
            self.pages = ["|".join(compact(b[4]) for b in page.get_text("blocks")) for page in doc]
        self.current = 0

    def find(self, words: str) -> str:
        key = compact(words)
        for length in (12, 8, 5):
            for index in range(self.current, len(self.pages)):
                if key[:length] in self.pages[index]:
                    self.current = index
                    return str(index + 1)
        return ""


def title_as_printed(spec: dict) -> str:
    title = spec["title"].replace(" ", "")
    return spec["label"] + title if spec.get("label_inline") else title


def expected_rows(spec: dict, doc_id: str, pdf: Path, printed: Path | None = None) -> dict[str, list[dict]]:
    """The rows of `pdf`; for a scan, `printed` is the PDF it was scanned
    from, whose text says on which page each record starts."""
    year = spec["year_roc"]
    lead = {"doc_id": doc_id, "agency": spec["agency"], "year_roc": year, "year": str(int(year) + 1911) if year else ""}
    with pymupdf.open(pdf) as doc:
        pages = doc.page_count
    out: dict[str, list[dict]] = {
        "documents": [
            {
                **lead,
                "kind": spec["kind"],
                "title": title_as_printed(spec),
                "pages": str(pages),
                "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(),
                "source_file": "",
            }
        ],
        "goals": [],
        "kpis": [],
        "key_plans": [],
        "risks": [],
        "extra": [],
    }
    finder = PageFinder(printed or pdf)
    for block in spec["blocks"]:
        if block["type"] == "goals":
            out["goals"] += goal_rows(block["items"], lead, finder, len(out["goals"]))
        elif block["type"] == "table" and block["kind"] in TABLE_OF:  # a risk map adds no records
            table = TABLE_OF[block["kind"]]
            for rec in block["records"]:
                out[table].append(record_row(table, rec, lead, finder))
                out["extra"] += extra_rows(table, len(out[table]), rec, lead)
    return out


def extra_rows(table: str, row: int, rec: dict, lead: dict) -> list[dict]:
    """extra.csv: the record's columns outside the contract, header → value,
    keyed by its table and its `row` there (1-based in its document)."""
    return [
        {**lead, "table": table, "row": str(row), "column": header, "value": value}
        for header, value in rec.get("extra", {}).items()
        if value
    ]


def expected_notes(spec: dict) -> list[dict]:
    """The `risk_map_disagrees` notes the contract owes: one per risk the
    risk map puts in another cell than the register's figures (its `row` in
    risks.csv, number and name)."""
    out, row = [], 0
    for block in spec["blocks"]:
        if block["type"] == "table" and block["kind"] == "risk":
            for rec in block["records"]:
                row += 1
                if rec.get("map_disagrees"):
                    out.append({"row": row, "risk_number": rec["risk_number"], "risk": rec["risk"]})
    return out


def goal_rows(items: list[dict], lead: dict, finder: PageFinder, offset: int) -> list[dict]:
    rows, stack = [], []
    for index, item in enumerate(items, start=offset + 1):
        del stack[item["level"] - 1 :]
        rows.append(
            {
                **lead,
                "id": f"g{index}",
                "parent_id": stack[-1] if stack else "",
                "level": str(item["level"]),
                "number": item["number"],
                "text": "\n".join([item["text"], *item["body"]]),
                "page": finder.find(item["mark"] + item["text"]),
            }
        )
        stack.append(f"g{index}")
    return rows


def record_row(table: str, rec: dict, lead: dict, finder: PageFinder) -> dict:
    if table == "kpis":
        row = {k: rec[k] for k in COLUMNS["kpis"][:-1]}
        row["page"] = finder.find(rec["kpi"])
    elif table == "key_plans":
        row = {k: rec[k] for k in COLUMNS["key_plans"][:-1]}
        row["page"] = finder.find(rec["item"])
    else:
        row = {
            "risk_number": rec["risk_number"],
            "risk": rec["risk"],
            "measures": "\n".join(rec["measures"]),
            "owners": "\n".join(rec["owners"]),
            "page": finder.find(rec["risk"]),
            **{k: rec.get(k, "") for k in ASSESSMENT},
        }
    return {**lead, **row}


def write_expected(folder: Path, rows: dict[str, list[dict]]) -> None:
    """One CSV per table, as the contract writes them (BOM, \\n, minimal quoting)."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, columns in COLUMNS.items():
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COMMON + columns)
        writer.writerows([[row[c] for c in COMMON + columns] for row in rows[table]])
        (folder / f"{table}.csv").write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
