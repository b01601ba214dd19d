"""Records: a Table and its Header in, contract records out (Kpi, KeyPlan,
Risk), with where each field was read; and the grid's notes (a cell over two
fields, a KPI number read as no number).
"""

from __future__ import annotations

import re

from ..model import Extra, KeyPlan, Kpi, Note, Provenance, Risk, Table, union_boxes
from ..normalize import join_lines, parse_numbering
from .assessment import misread_score, read_figure
from .header import EXTRA, GROUP_FIELDS, Header
from .numbers import MISREAD_NUMBER, is_misread_number, number_as_int, split_number, split_target
from .rows import FieldValue, table_records


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
                extra=extra_values(v),
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
    own = [b for field, v in values.items() if field not in GROUP_FIELDS[kind] and not v.covered for b in v.boxes]
    return Provenance(union_boxes(own), fields)


def extra_values(values: dict[str, FieldValue]) -> Extra:
    """The printed columns the contract does not name: (label, text), in print order."""
    return tuple(
        (field.removeprefix(EXTRA), one_value(v.text)) for field, v in values.items() if field.startswith(EXTRA)
    )


def one_value(text: str) -> str:
    """A cell's text; a level that a narrow cell broke over lines (極輕微 / (1),
    the second read as a numbered paragraph) is one value."""
    reading = read_figure(text) if "\n" in text else None
    return re.sub(r"\s+", "", text) if reading and reading[0] is not None else text


def figure(values: dict[str, FieldValue], field: str) -> int | None:
    """A level's figure as printed (3（嚴重） -> 3); None for a word alone or nothing."""
    reading = read_figure(field_text(values, field))
    return reading[0] if reading else None


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
            extra=extra_values(v),
        )
        for page, v in table_records(table, header)
    ]


def risk_records(table: Table, header: Header) -> list[Risk]:
    out = []
    for index, (page, v) in enumerate(table_records(table, header), start=1):
        number, risk = split_number(field_text(v, "risk"), index)
        impact, likelihood = figure(v, "impact"), figure(v, "likelihood")
        score = figure(v, "risk_score") or misread_score(field_text(v, "risk_score"), impact, likelihood)
        out.append(
            Risk(
                provenance=provenance(v, "risk"),
                risk_number=number,
                risk=risk.replace("\n", ""),
                measures=split_measures(field_text(v, "measures")),
                owners=split_owners(field_text(v, "owners")),
                page=page,
                scenario=field_text(v, "scenario"),
                impact=impact,
                likelihood=likelihood,
                risk_score=score,
                risk_level=re.sub(r"\s+", "", field_text(v, "risk_level")),
                residual_score=figure(v, "residual_score"),
                extra=extra_values(v),
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
