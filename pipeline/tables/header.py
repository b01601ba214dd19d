"""Header: a joined Table in, its kind (kpi, key_plan, risk) and each field's
columns out (Header). Columns are matched to fields by their header text,
fuzzily (rapidfuzz), against the wording the Executive Yuan template uses; a
column no label names may take a field by what it holds (a number column, a
key plan's work plan, items or category).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..model import Cell, Table
from .assessment import assessment_roles
from .numbers import bare_number

# field -> header wordings seen in the template's variants
SCHEMAS: dict[str, dict[str, list[str]]] = {
    "kpi": {
        "goal": [
            "施政目標",
            "關鍵策略目標",
            "策略績效目標",
            "年度施政目標",
            "策略目標",
            "績效目標",
            "共同性目標",
            "關鍵策略",
        ],
        "kpi": ["關鍵績效指標", "衡量指標", "績效指標", "共同性指標", "績效衡量指標"],
        "eval_system": ["評估體制"],
        "eval_method": ["評估方式"],
        "standard": ["衡量標準", "衡量標準（計算公式）", "計算公式"],
        "target": ["年度目標值", "目標值"],
        "plan_linkage": ["與中長程個案計畫關聯", "中長程個案計畫關聯", "與中長程計畫關聯"],
    },
    "key_plan": {
        "work_plan": ["工作計畫名稱", "工作計畫"],
        "item": ["重要計畫項目", "重要施政計畫項目", "計畫項目", "重要施政項目"],
        "category": ["計畫類別", "類別"],
        "content": ["實施內容", "實施要項", "主要內容", "計畫內容"],
        "kpi_links": ["與KPI關聯", "與關鍵績效指標關聯", "KPI關聯", "與KPI之關聯"],
    },
    "risk": {
        "risk": ["風險項目", "風險事件", "風險"],
        "measures": ["控制措施", "風險控制措施", "因應措施", "風險對策"],
        "owners": ["負責單位", "權責單位", "主辦單位", "負責機關"],
    },
}
# Printed columns the contract does not carry. A header close to one of them
# is that column, not a field it happens to resemble (風險情境 is not 風險事件).
IGNORED_COLUMNS = [
    "風險情境",
    "風險描述",
    "影響程度",
    "發生機率",
    "發生可能性",
    "風險值",
    "風險等級",
    "殘餘風險",
    "預算金額",
    "預算金額（千元）",
    "經費",
    "經費需求",
    "備註",
    "說明",
]
# The field whose cell opens a record; a row after a page break without it
# carries on the record cut by the break.
KEY_FIELD = {"kpi": "kpi", "key_plan": "item", "risk": "risk"}
# Fields whose number may stand in a narrow column of its own just left of
# them, under any label or none (編號, 項次, No.): known by what it holds.
NUMBERED_FIELDS = {"kpi": ("goal", "kpi"), "key_plan": (), "risk": ("risk",)}
# Fields whose merged cell stands for every row below it until the next one.
GROUP_FIELDS = {"kpi": ("goal",), "key_plan": ("work_plan",), "risk": ()}
MATCH_CUTOFF = 65  # one wrong character in a three-character header still matches


def header_key(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return re.sub(r"^\d{2,3}年(度)?", "", text)  # 108年度目標值 -> 目標值


def match_field(label: str, schema: dict[str, list[str]]) -> tuple[str, float] | None:
    key = header_key(label)
    if not key:
        return None
    choices = {alias: field for field, aliases in schema.items() for alias in aliases}
    choices.update({label: "" for label in IGNORED_COLUMNS})
    best = process.extractOne(key, list(choices), scorer=fuzz.ratio)
    if best is None or best[1] < MATCH_CUTOFF or not choices[best[0]]:
        return None
    return choices[best[0]], best[1]


LEFTOVER_CUTOFF = 50  # a header misread in two places of six (與KP一蔽聯一) still scores 60


def best_columns(labels: list[str], hits: dict[int, tuple[str, float]]) -> dict[str, list[int]]:
    """Field -> its columns, from each column's match. A field's header may
    span columns (關鍵績效指標 over a KPI's number and its name: one label);
    columns under different labels that match one field are a header misread
    (風險值, which the contract leaves out, read as 風險自 and taken for 風險):
    the closest label keeps the field, and the other columns are left over."""
    columns: dict[str, list[int]] = {}
    for col, (field, _score) in hits.items():
        columns.setdefault(field, []).append(col)
    for field, cols in columns.items():
        best = max(cols, key=lambda col: hits[col][1])
        columns[field] = [col for col in cols if labels[col] == labels[best]]
    return columns


def leftover_field(
    labels: list[str], columns: dict[str, list[int]], schema: dict[str, list[str]]
) -> tuple[str, list[int]] | None:
    """The one column whose header matched nothing, paired with a field no
    column took: an OCR'd header read wrong (與KPI關聯 as 與KP一蔽聯一,
    評估方式 as 式) would drop a whole column of the data. Paired with the one
    field left when the header is still closer to its wordings than chance;
    or, when several are left, with the one of those the template sets
    between the column's neighbours (see in_slot) that alone shares a
    character with the header."""
    missing = [field for field in schema if field not in columns]
    taken = {col for cols in columns.values() for col in cols}
    left = [col for col, label in enumerate(labels) if col not in taken and header_key(label)]
    left = [col for col in left if closest(header_key(labels[col]), IGNORED_COLUMNS) < MATCH_CUTOFF]
    if not missing or not left or len({labels[col] for col in left}) != 1:
        return None
    key = header_key(labels[left[0]])
    if len(missing) == 1:
        return (missing[0], left) if closest(key, schema[missing[0]]) >= LEFTOVER_CUTOFF else None
    sharing = [f for f in in_slot(left[0], columns, schema, missing) if any(set(key) & set(w) for w in schema[f])]
    return (sharing[0], left) if len(sharing) == 1 else None


def in_slot(col: int, columns: dict[str, list[int]], schema: dict[str, list[str]], missing: list[str]) -> list[str]:
    """Those of the `missing` fields the template prints between the fields
    of the nearest matched columns left and right of `col` (the schema lists
    fields in the template's order)."""
    order = list(schema)
    field_at = {c: field for field, cols in columns.items() for c in cols}
    before = [order.index(field_at[c]) for c in field_at if c < col]
    after = [order.index(field_at[c]) for c in field_at if c > col]
    low, high = max(before, default=-1), min(after, default=len(order))
    return [f for f in missing if low < order.index(f) < high]


def closest(key: str, wordings: list[str]) -> float:
    """How close `key` comes to the nearest of `wordings` (rapidfuzz's ratio, 0-100)."""
    best = process.extractOne(key, wordings, scorer=fuzz.ratio)
    return best[1] if best else 0.0


def column_labels(table: Table, band: int) -> list[str]:
    """Each grid column's header text: the header cells above it, top to bottom."""
    labels = []
    for col in range(table.n_cols):
        parts = [
            c.text
            for c in sorted(table.cells, key=lambda c: c.row)
            if c.row < band and c.col <= col < c.col + c.col_span
        ]
        labels.append("".join(parts))
    return labels


@dataclass(frozen=True)
class Header:
    kind: str  # kpi | key_plan | risk
    rows: int  # header rows at the top of the table
    columns: dict[str, tuple[int, ...]]  # field -> grid columns


def read_header(table: Table) -> Header | None:
    """Which kind of table this is and where each field's columns are."""
    best: tuple[float, Header] | None = None
    for band in (1, 2, 3):
        if band >= table.n_rows:
            break
        if any(c.row < band < c.row + c.row_span for c in table.cells):
            continue  # a header cell runs on below: the header has more rows
        labels = column_labels(table, band)
        for kind, schema in SCHEMAS.items():
            hits = {col: hit for col, label in enumerate(labels) if (hit := match_field(label, schema))}
            columns = best_columns(labels, hits)
            score = sum(hits[col][1] for cols in columns.values() for col in cols)
            for field in NUMBERED_FIELDS[kind]:
                col = number_column(table, band, labels, columns, field)
                if col is not None:
                    columns[field] = [col, *columns[field]]
            if kind == "key_plan":
                columns.update(key_plan_roles(table, band, labels, columns))
            # A text layer's header is read as printed: a label that matches
            # nothing is another column (評估週期), kept in extra, not a misreading.
            leftover = leftover_field(labels, columns, schema) if read_by_ocr(table) else None
            if leftover:
                columns[leftover[0]] = leftover[1]
            if len(columns) >= 2 and KEY_FIELD[kind] in columns and (best is None or score > best[0] + 1):
                best = (score, Header(kind, band, {f: tuple(c) for f, c in columns.items()}))
    return complete(table, best[1]) if best else None


def complete(table: Table, header: Header) -> Header:
    """The header with the columns the core fields left: a risk table's
    assessment, then every other printed column as `extra.<its label>`."""
    labels = column_labels(table, header.rows)
    columns = {f: list(c) for f, c in header.columns.items()}
    if header.kind == "risk":
        taken = {col for cols in columns.values() for col in cols}
        columns.update(assessment_roles(table, header.rows, labels, [c for c in range(table.n_cols) if c not in taken]))
    columns.update(extra_columns(table, header.rows, labels, columns))
    return Header(header.kind, header.rows, {f: tuple(c) for f, c in columns.items()})


EXTRA = "extra."  # the prefix of a printed column's field that the contract does not name


def extra_columns(table: Table, band: int, labels: list[str], columns: dict[str, list[int]]) -> dict[str, list[int]]:
    """`extra.<label>` -> the columns left under that label (as printed, without
    whitespace; `第N欄` for a column without one), when it has a label or text."""
    taken = {col for cols in columns.values() for col in cols}
    out: dict[str, list[int]] = {}
    for col, label in enumerate(labels):
        name = re.sub(r"\s+", "", label)
        if col in taken or not (name or body_cells(table, band, col)):
            continue
        out.setdefault(EXTRA + (name or f"第{col + 1}欄"), []).append(col)
    return out


def read_by_ocr(table: Table) -> bool:
    """Whether the table's cells were read by OCR (they carry its confidence)."""
    return any(c.confidence is not None for c in table.cells)


def number_column(table: Table, band: int, labels: list[str], columns: dict[str, list[int]], field: str) -> int | None:
    """The column just left of `field`'s that no field took, whose label is
    no printed column the contract leaves out (影響程度 holds small figures
    too), and whose cells hold numbers alone, counting up (a KPI's from 1
    again under each goal). A cell OCR read as one other
    character (7 as 了) is let pass among at least twice as many numbers."""
    if field not in columns or min(columns[field]) == 0:
        return None
    col = min(columns[field]) - 1
    if any(col in cols for cols in columns.values()):
        return None
    if header_key(labels[col]) and closest(header_key(labels[col]), IGNORED_COLUMNS) >= MATCH_CUTOFF:
        return None
    texts = [c.text for c in sorted(table.cells, key=lambda c: c.row) if c.row >= band and c.col == col and c.text]
    if any(c.col == col and c.col_span > 1 and c.row >= band for c in table.cells):
        return None
    numbers = [n for t in texts if (n := bare_number(t)) is not None]
    misread = [t for t in texts if bare_number(t) is None and len(t.strip()) == 1]
    if not numbers or len(numbers) + len(misread) < len(texts) or len(misread) * 2 > len(numbers):
        return None
    anew = field == "kpi"  # KPIs are numbered from 1 under each goal; goals and risks through the table
    return col if all(b > a or (anew and b == 1) for a, b in zip(numbers, numbers[1:])) else None


def unnamed_columns(labels: list[str], columns: dict[str, list[int]]) -> list[int]:
    """Columns no field took, under a label that is no printed column the contract leaves out."""
    taken = {col for cols in columns.values() for col in cols}
    return [
        col
        for col, label in enumerate(labels)
        if col not in taken and not (header_key(label) and closest(header_key(label), IGNORED_COLUMNS) >= MATCH_CUTOFF)
    ]


def body_cells(table: Table, band: int, col: int) -> list[Cell]:
    """The cells of one column below the header, top to bottom (spanning cells left out)."""
    cells = [c for c in table.cells if c.row >= band and c.col == col and c.col_span == 1 and c.text]
    return sorted(cells, key=lambda c: c.row)


def key_plan_roles(table: Table, band: int, labels: list[str], columns: dict[str, list[int]]) -> dict[str, list[int]]:
    """A key-plan table's item, work-plan and category columns under labels
    the template does not use (業務別 …), known by what they hold: a column of
    a few short words repeated (公共建設, 科技發展 …) beside the items is their
    category; the nearest other column left of the content with text one
    cell a row is the items; just left of the items, a column of text merged
    over several rows groups them, the work plan."""
    found: dict[str, list[int]] = {}
    free = unnamed_columns(labels, columns)
    grouping = {col for col in free if is_category(body_cells(table, band, col))}
    if "item" not in columns and "content" in columns:
        for col in sorted((c for c in free if c < min(columns["content"]) and c not in grouping), reverse=True):
            cells = body_cells(table, band, col)
            if cells and all(bare_number(c.text) is None and c.row_span == 1 for c in cells):
                found["item"] = [col]
                break
    items = columns.get("item") or found.get("item")
    if not items:
        return found
    left = min(items) - 1
    if "work_plan" not in columns and left in free and left not in grouping:
        cells = body_cells(table, band, left)
        if cells and all(bare_number(c.text) is None for c in cells) and any(c.row_span > 1 for c in cells):
            found["work_plan"] = [left]
    if "category" not in columns:
        end = min(columns["content"]) if "content" in columns else max(items) + 2
        beside = [c for c in sorted(grouping) if max(items) < c < end or (c == left and "work_plan" not in found)]
        if beside:
            found["category"] = [beside[0]]
    return found


def is_category(cells: list[Cell]) -> bool:
    """Three or more cells of short one-line words without figures, some
    word said twice: groups (an item or a work plan is named once)."""
    texts = [c.text.strip() for c in cells]
    if len(texts) < 3 or any("\n" in t or len(t) > 6 or re.search(r"[\d，。；、]", t) for t in texts):
        return False
    return len(set(texts)) < len(texts)
