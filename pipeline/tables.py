"""Tables -> records: a joined Table in, contract records out (Kpi, KeyPlan, Risk).

Columns are mapped to fields by their header text, matched fuzzily (rapidfuzz)
against the wording the Executive Yuan template uses across years and
agencies, so a damaged or reworded header still finds its field. A merged goal
or work-plan cell applies to every row it spans; a row cut by a page break is
merged back into one record.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from .model import Cell, KeyPlan, Kpi, Note, Provenance, Risk, SourceBox, Table, union_boxes
from .normalize import CN_DIGITS, chinese_to_int, fold_chars, is_cjk, join_lines, parse_numbering

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
            leftover = leftover_field(labels, columns, schema)
            if leftover:
                columns[leftover[0]] = leftover[1]
            if len(columns) >= 2 and KEY_FIELD[kind] in columns and (best is None or score > best[0] + 1):
                best = (score, Header(kind, band, {f: tuple(c) for f, c in columns.items()}))
    return best[1] if best else None


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


BARE_NUMBER = re.compile(rf"^[（(]?(?P<n>[0-9]{{1,3}}|[{CN_DIGITS}十]{{1,3}})[）)]?[、．.，,]?$")


def bare_number(text: str) -> int | None:
    """The value of a cell that holds a number and nothing else: 1, 1., １、, （一）, 十二."""
    m = BARE_NUMBER.match(fold_chars(re.sub(r"\s+", "", text)))
    if not m:
        return None
    return int(m.group("n")) if m.group("n").isdigit() else chinese_to_int(m.group("n"))


# --- rows ------------------------------------------------------------------


@dataclass(frozen=True)
class FieldValue:
    text: str
    covered: bool  # no cell starts here: a merged cell from above spans this row
    reaches_break: bool = False  # its cell runs to the foot of the page: it may go on over the break
    boxes: tuple[SourceBox, ...] = ()  # its cells, on every page it was read on
    room: float = math.inf  # left on its last line, for a cut cell's next page (Cell.room)
    first_unit: float = 0.0  # needed by its first line at the end of the line before (Cell.first_unit)


def row_values(table: Table, header: Header, row: int) -> dict[str, FieldValue]:
    cells = [c for c in table.cells if c.row == row]
    values = {}
    for field, cols in header.columns.items():
        own = sorted((c for c in cells if c.col in cols), key=lambda c: c.col)
        after = max((c.row + c.row_span for c in own), default=row + 1)
        values[field] = FieldValue(
            text=join_cell_texts(own),
            covered=not own,
            reaches_break=after < table.n_rows and table.row_after_break[after],
            boxes=tuple(c.source for c in own),
            room=own[-1].room if own else math.inf,
            first_unit=next((c.first_unit for c in own if c.text), 0.0),
        )
    return values


def join_cell_texts(cells: list[Cell]) -> str:
    """Cells side by side under one header (a number cell, then its text)."""
    texts = [c.text for c in cells if c.text]
    if len(texts) > 1 and "\n" not in texts[0] and len(texts[0]) <= 4:
        return texts[0] + " " + "\n".join(texts[1:])
    return "\n".join(texts)


def merge_cut(previous: FieldValue, cont: FieldValue) -> FieldValue:
    """The two halves of a cell cut by a page break: the last line runs on
    unless it had ended or the continuation opens a numbered paragraph."""
    if not cont.text:
        return replace(previous, reaches_break=cont.reaches_break, boxes=previous.boxes + cont.boxes)
    if not previous.text:
        return replace(cont, boxes=previous.boxes + cont.boxes)
    runs_on = could_wrap(previous, cont) and parse_numbering(cont.text) is None
    if runs_on:
        head, sep, last = previous.text.rpartition("\n")
        text = head + sep + join_lines([last, cont.text])
    else:
        text = previous.text + "\n" + cont.text
    return FieldValue(text, False, cont.reaches_break, previous.boxes + cont.boxes, cont.room, previous.first_unit)


def could_wrap(previous: FieldValue, cont: FieldValue) -> bool:
    """Whether a cell's text may have wrapped at the page break into the
    cell below it: the first word on the next page would not have fit in
    the room the last line left (the test of any wrapped line)."""
    return bool(previous.text) and previous.room <= cont.first_unit


@dataclass
class Group:
    """A merged cell of a group field (a goal, a work plan) and the records it spans."""

    value: FieldValue
    members: list[int]
    # An empty cell: it stands for the group above until text of its own turns
    # up in its fragment after a page break (a word processor may set a merged
    # cell's text on the page where the rest of the block is).
    borrowed: bool = False


def table_records(table: Table, header: Header) -> list[tuple[int, dict[str, FieldValue]]]:
    """One (page, values) per record: merged cells filled down, cut rows
    joined, the two fragments of a merged cell cut by a page break read as one."""
    records: list[tuple[int, dict[str, FieldValue]]] = []
    groups: dict[str, Group] = {}
    group_fields = [f for f in GROUP_FIELDS[header.kind] if f in header.columns]
    for row in range(header.rows, table.n_rows):
        values = row_values(table, header, row)
        if not any(v.text for v in values.values()):
            continue
        after_break = table.row_after_break[row]
        if records and is_cut_row(header.kind, values, records[-1][1], after_break):
            page, previous = records[-1]
            merged = {f: previous[f] if f in group_fields else merge_cut(previous[f], values[f]) for f in previous}
            records[-1] = (page, merged)
        else:
            records.append((table.row_pages[row], values))
        key = values[KEY_FIELD[header.kind]].text
        opens_anew = header.kind == "kpi" and number_as_int((leading_number(key) or ("", ""))[0]) == 1
        for field in group_fields:
            group = take_group(groups.get(field), values[field], len(records) - 1, after_break, opens_anew)
            groups[field] = group
            for member in group.members:
                page, member_values = records[member]
                records[member] = (page, {**member_values, field: group.value})
    return records


def take_group(group: Group | None, value: FieldValue, record: int, after_break: bool, opens_anew: bool) -> Group:
    """The group a record's cell puts it in. After a page break, the first
    cell of a block that reached the foot of the previous page is the rest of
    that block's merged cell when the cell had no text there, or its text ran
    on (its last line was wrapped), or it has none here, or the record itself
    was cut by the break; otherwise a cell with text opens a new group."""
    if group is None:
        return Group(value, [record], borrowed=not value.text)
    if value.covered:
        group.members += [] if record in group.members else [record]
        return group
    fragment = after_break and group.value.reaches_break and not opens_anew
    if record in group.members or (fragment and (group.borrowed or could_wrap(group.value, value) or not value.text)):
        joined = value if group.borrowed and value.text else merge_cut(group.value, value)
        group.value = replace(joined, covered=False, reaches_break=value.reaches_break)
        group.borrowed = group.borrowed and not value.text
        group.members += [] if record in group.members else [record]
        return group
    if value.text:
        return Group(value, [record])
    return Group(replace(group.value, reaches_break=value.reaches_break), [record], borrowed=True)


def is_cut_row(kind: str, values: dict[str, FieldValue], previous: dict[str, FieldValue], after_break: bool) -> bool:
    """Whether a row is the second half of the record before it. A row
    without the record's name (its KPI, plan item, risk) opens no record:
    after a page break it is the rest of the last one, and elsewhere a rule
    OCR saw across a cell split it."""
    key = values[KEY_FIELD[kind]]
    if not key.text:
        return True
    if not after_break:
        return key.covered
    if kind in ("kpi", "risk"):
        return leading_number(key.text) is None
    # Unnumbered records: the record's name may have wrapped into this page,
    # and every other cell the row fills carries on its text or opens a
    # numbered paragraph of its own (a cell's paragraph may end at the foot).
    name = KEY_FIELD[kind]
    if not (could_wrap(previous[name], key) and parse_numbering(key.text) is None):
        return False
    return all(
        could_wrap(previous[f], v) or parse_numbering(v.text) is not None
        for f, v in values.items()
        if v.text and f != name
    )


# --- numbers ---------------------------------------------------------------

_LEAD = re.compile(rf"^\s*[（(]?\s*(?P<n>[0-9]{{1,3}}|[{CN_DIGITS}十]{{1,3}})\s*[）)]?\s*(?P<sep>[、．.，,]|\s)?\s*")


def leading_number(text: str) -> tuple[str, str] | None:
    """The number a cell opens with, and the rest: `一鞏固…` -> (一, 鞏固…),
    `1 深化…` -> (1, 深化…), `2.依…` -> (2, 依…). A bare numeral glued to the
    text counts only when something follows it."""
    numbering = parse_numbering(text)
    if numbering and numbering.style not in ("latin", "part"):
        return numbering.number, numbering.rest.strip()
    m = _LEAD.match(text)
    if not m:
        return None
    number, rest = m.group("n"), text[m.end() :].strip()
    if not rest or (m.group("sep") is None and not is_cjk(rest[0])):
        return None
    if m.group("sep") is None and number.isdigit() is False and chinese_to_int(number) is None:
        return None
    return (str(int(number)) if number.isdigit() else number), rest


def split_number(text: str, expected: int | None) -> tuple[str, str]:
    """A cell's leading number and its text; a numeral glued to CJK text without
    a separator or brackets (一鞏固…) is taken only when it is the one expected
    next, where （四）推動… is a number whatever came before."""
    found = leading_number(text)
    if found is None:
        return "", text.strip()
    number, rest = found
    n = re.escape(number)
    glued = not re.match(rf"^\s*(?:[（(]\s*{n}\s*[）)]|{n}\s*[、．.，,\s])", text)
    if glued and expected is not None:
        value = int(number) if number.isdigit() else chinese_to_int(number)
        if value != expected:
            return "", text.strip()
    return number, rest


# A KPI's number cell, joined to its name (join_cell_texts), read as one ideograph.
MISREAD_NUMBER = re.compile(r"^(?P<glyph>\S) (?P<rest>\S.*)$", re.S)


def is_misread_number(text: str) -> bool:
    """One ideograph that is no numeral where a KPI's number stands: OCR's
    reading of a digit (7 as 了). Text layers print numbers there."""
    return len(text) == 1 and is_cjk(text) and text.isalpha() and chinese_to_int(text) is None


_TARGET = re.compile(r"(?P<num>[-+]?\d[\d,]*(?:\.\d+)?)")


def split_target(raw: str) -> tuple[str, str]:
    """`95 人次` -> (95, 人次); `1,500 次` -> (1500, 次); `0.08%` -> (0.08, %)."""
    m = _TARGET.search(raw)
    if not m:
        return "", ""
    value = m.group("num").replace(",", "")
    unit = (raw[: m.start()] + raw[m.end() :]).strip()
    return value, re.sub(r"\s+", " ", unit)


# --- records ---------------------------------------------------------------


def kpi_records(table: Table, header: Header, kind: str) -> list[Kpi]:
    out = []
    goal_number, goal_text, goal_seen = "", "", ""
    goal_count, kpi_count = 0, 0
    for page, v in table_records(table, header):
        raw_goal = v["goal"].text if "goal" in v else ""
        if raw_goal and raw_goal != goal_seen:
            goal_seen = raw_goal
            goal_count += 1
            kpi_count = 0
            goal_number, goal_text = split_number(raw_goal, goal_count)
            if goal_number:
                goal_count = number_as_int(goal_number) or goal_count
            goal_text = goal_text.replace("\n", "")
        kpi_number, kpi_text = split_number(v["kpi"].text, kpi_count + 1)
        misread = MISREAD_NUMBER.match(kpi_text) if len(header.columns["kpi"]) > 1 else None
        if not kpi_number and misread and is_misread_number(misread.group("glyph")):
            kpi_number, kpi_text = str(kpi_count + 1), misread.group("rest")  # noted by grid_notes
        kpi_count = number_as_int(kpi_number) or kpi_count + 1
        target_raw = field_text(v, "target").replace("\n", " ")
        value, unit = split_target(target_raw)
        out.append(
            Kpi(
                provenance=provenance(v, "kpi"),
                kind=kind,
                goal_number=goal_number,
                goal=goal_text,
                kpi_number=kpi_number,
                kpi=kpi_text.replace("\n", ""),
                eval_system=field_text(v, "eval_system").replace("\n", ""),
                eval_method=field_text(v, "eval_method").replace("\n", ""),
                standard=field_text(v, "standard"),
                target_raw=target_raw,
                target_value=value,
                target_unit=unit,
                plan_linkage=field_text(v, "plan_linkage").replace("\n", ""),
                page=page,
            )
        )
    return out


# Contract columns read from a field's cells, where they are not the field's own name.
COLUMNS_OF = {
    "goal": ("goal_number", "goal"),
    "kpi": ("kpi_number", "kpi"),
    "target": ("target_raw", "target_value", "target_unit"),
    "risk": ("risk_number", "risk"),
}


def provenance(values: dict[str, FieldValue], kind: str) -> Provenance:
    """Each contract column's cells, and the row around its own cells on each
    page (a merged group cell spans other rows too, so it is left out)."""
    fields = tuple((column, v.boxes) for field, v in values.items() for column in COLUMNS_OF.get(field, (field,)))
    own = [b for field, v in values.items() if field not in GROUP_FIELDS[kind] for b in v.boxes]
    return Provenance(union_boxes(own), fields)


def number_as_int(number: str) -> int | None:
    if not number:
        return None
    return int(number) if number.isdigit() else chinese_to_int(number)


def field_text(values: dict[str, FieldValue], field: str) -> str:
    return values[field].text if field in values else ""


def key_plan_records(table: Table, header: Header) -> list[KeyPlan]:
    return [
        KeyPlan(
            provenance=provenance(v, "key_plan"),
            work_plan=field_text(v, "work_plan").replace("\n", ""),
            item=field_text(v, "item").replace("\n", ""),
            category=field_text(v, "category").replace("\n", ""),
            content=field_text(v, "content"),
            kpi_links=field_text(v, "kpi_links").replace("\n", ""),
            page=page,
        )
        for page, v in table_records(table, header)
    ]


def risk_records(table: Table, header: Header) -> list[Risk]:
    out = []
    for index, (page, v) in enumerate(table_records(table, header), start=1):
        number, risk = split_number(field_text(v, "risk"), index)
        out.append(
            Risk(
                provenance=provenance(v, "risk"),
                risk_number=number,
                risk=risk.replace("\n", ""),
                measures=split_measures(field_text(v, "measures")),
                owners=split_owners(field_text(v, "owners")),
                page=page,
            )
        )
    return out


MEASURE_STYLES = ("arabic", "paren_arabic", "cn", "paren_cn")


def split_measures(text: str) -> tuple[str, ...]:
    """Paragraphs opening with their own numbers are measures, and an
    unnumbered paragraph among them carries on the measure before it; where
    no paragraph is numbered, each paragraph is a measure."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    numbered = [parse_numbering(p) for p in paragraphs]
    numbered = [n if n and n.style in MEASURE_STYLES else None for n in numbered]
    if not any(numbered):
        return tuple(p.strip() for p in paragraphs)
    measures: list[str] = []
    for para, numbering in zip(paragraphs, numbered):
        if numbering:
            measures.append(numbering.rest.strip())
        elif measures:
            measures[-1] = join_lines([measures[-1], para])
        else:
            measures.append(para.strip())
    return tuple(m for m in measures if m)


def split_owners(text: str) -> tuple[str, ...]:
    """Units separated by 、 (a unit wrapped over two lines joined back) or by lines."""
    if re.search(r"[、,，]", text):
        text = join_lines(text.split("\n"))
    return tuple(u.strip() for u in re.split(r"[、,，\n]+", text) if u.strip())


def grid_notes(table: Table, header: Header) -> list[Note]:
    """Rows whose cells do not line up with the header's fields: a cell that
    straddles two fields (a ruling missing in the PDF) mixes their texts; and
    KPI number cells that read as no number (kpi_records numbers them)."""
    field_of = {col: field for field, cols in header.columns.items() for col in cols}
    number_column = header.columns["kpi"][0] if len(header.columns.get("kpi", ())) > 1 else None
    notes = []
    for c in table.cells:
        if c.row < header.rows or not c.text:
            continue
        if c.col == number_column and c.col_span == 1 and is_misread_number(c.text):
            notes.append(
                Note(
                    c.page,
                    "warning",
                    "kpi_number_inferred",
                    f"row {c.row - header.rows + 1} of a kpi table: its number cell reads {c.text!r}, no number; "
                    "the KPI is numbered from the one before",
                )
            )
        fields = {field_of.get(col) for col in range(c.col, c.col + c.col_span)}
        if len(fields) > 1:
            names = ", ".join(sorted(f or "?" for f in fields))
            notes.append(
                Note(
                    c.page,
                    "warning",
                    "cell_spans_fields",
                    f"row {c.row - header.rows + 1} of a {header.kind} table: one cell spans {names}",
                )
            )
    return notes
