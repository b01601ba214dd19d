"""Rows: a Table and its Header in, one (page, field values) per record out:
merged goal or work-plan cells filled down, rows cut by a page break joined,
the two fragments of a merged cell cut by a page break read as one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..model import Cell, SourceBox, Table
from ..normalize import join_lines, number_value, parse_numbering
from .header import EXTRA, GROUP_FIELDS, KEY_FIELD, Header
from .numbers import leading_number, number_as_int


@dataclass(frozen=True)
class FieldValue:
    text: str
    covered: bool  # no cell starts here: a merged cell from above spans this row
    reaches_break: bool = False  # its cell runs to the foot of the page: it may go on over the break
    boxes: tuple[SourceBox, ...] = ()  # its cells, on every page it was read on
    room: float = math.inf  # left on its last line, for a cut cell's next page (Cell.room)
    first_unit: float = 0.0  # needed by its first line at the end of the line before (Cell.first_unit)
    merged: bool = False  # its cell spans rows


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
            merged=any(c.row_span > 1 for c in own),
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
            above = records[-1][1] if records else None
            records.append((table.row_pages[row], fill_down_extras(values, above, after_break)))
        key = values[KEY_FIELD[header.kind]].text
        opens_anew = header.kind == "kpi" and number_as_int((leading_number(key) or ("", ""))[0]) == 1
        for field in group_fields:
            group = take_group(groups.get(field), values[field], len(records) - 1, after_break, opens_anew)
            groups[field] = group
            for member in group.members:
                page, member_values = records[member]
                records[member] = (page, {**member_values, field: group.value})
    return records


def fill_down_extras(
    values: dict[str, FieldValue], above: dict[str, FieldValue] | None, after_break: bool
) -> dict[str, FieldValue]:
    """A printed column's merged cell holds for every record it spans, as a
    goal's does; after a page break, so does the empty fragment of a merged
    cell that ran to the foot of the page before (its text is printed there)."""
    if above is None:
        return values
    out = dict(values)
    for f, v in values.items():
        if not f.startswith(EXTRA) or f not in above:
            continue
        fragment = after_break and not v.text and above[f].reaches_break and (above[f].merged or above[f].covered)
        if v.covered or fragment:
            out[f] = replace(above[f], covered=True)
    return out


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
        could_wrap(previous[f], v) or opens_next_paragraph(previous[f].text, v.text)
        for f, v in values.items()
        if v.text and f != name
    )


def opens_next_paragraph(previous: str, text: str) -> bool:
    """Whether a cell's text after a page break opens a numbered paragraph
    that may follow the cell's text above it: not one numbered 1 again
    under a list that had begun (`1、…3、…` | `1.完成…`), which is a new
    cell's list (a record whose name filled its line at the foot looked cut)."""
    numbering = parse_numbering(text)
    if numbering is None:
        return False
    if number_value(numbering.number) != 1:
        return True
    return not any(parse_numbering(paragraph) for paragraph in previous.split("\n"))
