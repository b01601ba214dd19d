"""Risk map: a joined Table in, the risk map it prints out (RiskMap: each grid
cell's impact, likelihood and the risks it lists), or None; then a document's
risks and its maps in, the risks with the map's figures where the register
prints none, and a note for each risk the two place differently.

A risk map (風險圖像, 風險分布圖, 風險矩陣) is a grid of likelihood by impact.
It is known by its two axis titles (影響程度 and 發生機率, or words sharing
their stems), each spanning the row or column of level labels that runs
beside it; the labels give the levels by their figures (`3`, `非常嚴重(3)`)
or, printed as words alone, by their place: the usual heat map's, highest
at the top and lowest at the left. Cells list the risks by number (`1、4`,
`R1、R4`) or by name, one a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from ..model import Cell, Note, Provenance, Risk, SourceBox, Table
from ..normalize import fold_chars
from .assessment import hints, read_figure
from .numbers import number_as_int

MIN_LEVELS = 3
NAME_CUTOFF = 85  # a name OCR misread in one place of eight still finds its risk
NUMBER_REF = re.compile(r"^[A-Za-z]{0,2}[-－]?(\d{1,3})[.、]?$")


@dataclass(frozen=True)
class MapCell:
    impact: int
    likelihood: int
    refs: tuple[str, ...]  # risk numbers (as digits) or names, as listed
    by_number: bool
    source: SourceBox


@dataclass(frozen=True)
class RiskMap:
    page: int
    cells: tuple[MapCell, ...]


def axis_titles(table: Table) -> dict[str, list[tuple[Cell, list[Cell]]]]:
    """field (impact | likelihood) -> the cells titled with it alone that span
    rows or columns, each with the level labels beside it, best first: an
    axis title spans its labels (a label may say 可能 or 嚴重 too, but in one
    cell); a title merged in the PDF before one a cut ruling left alone."""
    found: dict[str, list[tuple[tuple[bool, int], Cell, list[Cell]]]] = {}
    for printed in table.cells:
        c = with_empty_rest(table, printed)
        text = re.sub(r"\s+", "", c.text)
        if max(c.row_span, c.col_span) < 2 or len(text) > 12 or re.search(r"\d", text):
            continue
        named = hints(text) & {"impact", "likelihood"}
        if len(named) != 1 or c.row_span == c.col_span:
            continue
        labels = level_labels(table, c, c.col_span > c.row_span)
        if labels:
            rank = (printed is c, max(c.row_span, c.col_span))
            found.setdefault(named.pop(), []).append((rank, c, labels))
    return {
        field: [(c, labels) for _, c, labels in sorted(options, key=lambda o: o[0], reverse=True)]
        for field, options in found.items()
    }


def with_empty_rest(table: Table, c: Cell) -> Cell:
    """A titled cell with the empty cells below it in its column (or right of
    it in its row) as part of it: the rest of a merged title that a stray
    ruling cut off (a word processor's 發生機率 down four rows, read as one
    row with the title and an empty cell over three)."""
    if not c.text.strip():
        return c
    rows, cols = c.row_span, c.col_span
    while (below := cell_at(table, c.row + rows, c.col)) and below.col == c.col and below.col_span == c.col_span:
        if below.text.strip():
            break
        rows += below.row_span
    if rows == c.row_span:
        while (right := cell_at(table, c.row, c.col + cols)) and right.row == c.row and right.row_span == c.row_span:
            if right.text.strip():
                break
            cols += right.col_span
    return replace(c, row_span=rows, col_span=cols)


def cell_at(table: Table, row: int, col: int) -> Cell | None:
    for c in table.cells:
        if c.row <= row < c.row + c.row_span and c.col <= col < c.col + c.col_span:
            return c
    return None


def level_labels(table: Table, title: Cell, across: bool) -> list[Cell]:
    """The level labels beside an axis title: for a title across columns, the
    row below it (or above it); for one down rows, the column right of it.
    The run of labels starts beside the title and goes on either way while
    cells read as levels (a merged title may have been cut by a stray
    ruling, or span the corner too). Every one must read as a level."""
    if across:
        lines = [(title.row + title.row_span, title.col, title.col + title.col_span, table.n_cols)]
        lines.append((title.row - 1, title.col, title.col + title.col_span, table.n_cols))
    else:
        lines = [(title.col + title.col_span, title.row, title.row + title.row_span, table.n_rows)]
    for fixed, start, end, length in lines:

        def at(i: int, fixed: int = fixed) -> Cell | None:
            return cell_at(table, fixed, i) if across else cell_at(table, i, fixed)

        inside = [i for i in range(start, end) if is_label(at(i))]
        if not inside:
            continue
        low, high = min(inside), max(inside)
        while low > 0 and is_label(at(low - 1)):
            low -= 1
        while high + 1 < length and is_label(at(high + 1)):
            high += 1
        labels = list({id(c): c for i in range(low, high + 1) if (c := at(i)) is not None}.values())
        if len(labels) >= MIN_LEVELS and all(is_label(c) for c in labels):
            return labels
    return []


def is_label(c: Cell | None) -> bool:
    return c is not None and bool(c.text.strip()) and read_figure(c.text) is not None


def levels(labels: list[Cell], highest_first: bool) -> list[int]:
    """Each label's level: its figure, or where any is a word alone, its place."""
    figures = [read_figure(c.text)[0] for c in labels]
    if all(f is not None for f in figures) and len(set(figures)) == len(figures):
        return figures
    n = len(labels)
    return [n - i for i in range(n)] if highest_first else [i + 1 for i in range(n)]


def read_risk_map(table: Table) -> RiskMap | None:
    """The risk map a table prints, or None when it prints none: an impact
    axis and a likelihood axis, one across the columns and one down the rows."""
    titles = axis_titles(table)
    pairs = [
        (imp, lik)
        for imp in titles.get("impact", [])
        for lik in titles.get("likelihood", [])
        if (imp[0].col_span > imp[0].row_span) != (lik[0].col_span > lik[0].row_span)
    ]
    if not pairs:
        return None
    by_field = dict(zip(("impact", "likelihood"), pairs[0]))
    column_field = "impact" if by_field["impact"][0].col_span > by_field["impact"][0].row_span else "likelihood"
    row_field = "likelihood" if column_field == "impact" else "impact"
    columns, rows = by_field[column_field][1], by_field[row_field][1]
    column_levels, row_levels = levels(columns, False), levels(rows, True)
    cells = []
    for row_label, row_level in zip(rows, row_levels):
        for column_label, column_level in zip(columns, column_levels):
            c = cell_at(table, row_label.row, column_label.col)
            if c is None or c in (row_label, column_label) or not c.text.strip():
                continue
            refs, by_number = references(c.text)
            level = {row_field: row_level, column_field: column_level}
            cells.append(MapCell(level["impact"], level["likelihood"], refs, by_number, c.source))
    return RiskMap(table.page, tuple(cells))


def references(text: str) -> tuple[tuple[str, ...], bool]:
    """The risks a map cell lists: numbers (`1、4`, `R1,R4`) or names, one a line."""
    tokens = [t for t in re.split(r"[、,，;；\s]+", fold_chars(text)) if t]
    numbers = [m.group(1) for t in tokens if (m := NUMBER_REF.match(t))]
    if tokens and len(numbers) == len(tokens):
        return tuple(str(int(n)) for n in numbers), True
    names = [re.sub(r"\s+", "", t) for t in re.split(r"[\n、；;]+", text)]
    return tuple(n for n in names if n), False


def find_risks(ref: str, by_number: bool, risks: list[Risk]) -> list[int]:
    """The indices of the risks a map cell's reference names: by number; by
    name, the closest; or, for names one a line that ran together (each
    filled its line, so the lines read as one wrapped paragraph), the
    register's names that spell it end to end."""
    if by_number:
        return [i for i, r in enumerate(risks) if number_as_int(r.risk_number) == int(ref)][:1]
    names = [re.sub(r"\s+", "", r.risk) for r in risks]
    key = re.sub(r"\s+", "", ref)
    best = process.extractOne(key, names, scorer=fuzz.ratio)
    if best and best[1] >= NAME_CUTOFF:
        return [best[2]]
    return spelled_by(key, names)


def spelled_by(text: str, names: list[str]) -> list[int]:
    """The indices of names that, one after another, are exactly `text`; [] if none do."""
    paths: dict[int, list[int]] = {0: []}
    for start in range(len(text)):
        if start not in paths:
            continue
        for index, name in enumerate(names):
            end = start + len(name)
            if name and text.startswith(name, start) and end not in paths:
                paths[end] = paths[start] + [index]
    return paths.get(len(text), [])


def with_field_boxes(provenance: Provenance, boxes: dict[str, tuple[SourceBox, ...]]) -> Provenance:
    kept = tuple((name, found) for name, found in provenance.fields if name not in boxes)
    return replace(provenance, fields=kept + tuple(boxes.items()))


def apply_risk_maps(risks: list[Risk], maps: list[RiskMap]) -> tuple[list[Risk], list[Note]]:
    """Each risk's impact and likelihood from the map cell listing it, where
    the register prints neither figure; a note where it prints both and the
    map places the risk elsewhere, and for a listed risk the register lacks."""
    out, notes = list(risks), []
    placed: set[int] = set()
    for risk_map in maps:
        for mc in risk_map.cells:
            for ref in mc.refs:
                found = find_risks(ref, mc.by_number, out)
                if not found:
                    what = "number" if mc.by_number else "name"
                    why = f"the risk map lists {ref!r}: no risk of that {what} in the register"
                    notes.append(Note(risk_map.page, "warning", "risk_map_unmatched", why))
                for index in (i for i in found if i not in placed):
                    placed.add(index)
                    out[index], note = placed_risk(out[index], mc)
                    notes += [note] if note else []
    return out, notes


def placed_risk(risk: Risk, mc: MapCell) -> tuple[Risk, Note | None]:
    """The risk with its map cell's box (provenance field `risk_map`) and the
    figures the register leaves empty taken from that cell; where a printed
    figure differs from the map's, the register's stay (the map only repeats
    them) and the note names both readings."""
    mapped = {"impact": mc.impact, "likelihood": mc.likelihood}
    differs = [f for f, v in mapped.items() if getattr(risk, f) is not None and getattr(risk, f) != v]
    risk = replace(risk, provenance=with_field_boxes(risk.provenance, {"risk_map": (mc.source,)}))
    if differs:
        note = Note(
            risk.page,
            "warning",
            "risk_map_disagrees",
            f"risk {risk.risk_number or '?'} ({risk.risk}): the register reads impact {risk.impact}, likelihood "
            f"{risk.likelihood}; the risk map on page {mc.source.page} places it at impact {mc.impact}, "
            f"likelihood {mc.likelihood}",
        )
        return risk, note
    missing = {f: v for f, v in mapped.items() if getattr(risk, f) is None}
    if not missing:
        return risk, None
    provenance = with_field_boxes(risk.provenance, {f: (mc.source,) for f in missing})
    return replace(risk, **missing, provenance=provenance), None
