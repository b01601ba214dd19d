"""Rulings to a grid: ruling segments in, tables as cell boxes on a grid out,
with pdfplumber's geometry (merge_edges, edges_to_intersections,
intersections_to_cells) on edges built here.

    segments_to_edges -> edges_to_cell_boxes -> boxes_to_grid

The geometry is taken from pymupdf.table, PyMuPDF's port of pdfplumber's
table.py (behind Page.find_tables), the same functions line for line
(tests/test_layout.py checks them against pdfplumber's on every fixture page).
PyMuPDF is loaded anyway; importing pdfplumber would load pdfminer and its
cryptography stack, about 80 ms of every run, for these four functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from pymupdf import table as plumber_port

from ..model import BBox, Segment

SNAP = 3.0  # points: rulings closer than this are one line


def segments_to_edges(segments: tuple[Segment, ...]) -> list[dict]:
    edges = []
    for s in segments:
        horizontal = s.horizontal
        length = (s.x1 - s.x0) if horizontal else (s.bottom - s.top)
        if length < 2:
            continue
        if horizontal:
            y = (s.top + s.bottom) / 2
            edges.append(
                {
                    "x0": s.x0,
                    "x1": s.x1,
                    "top": y,
                    "bottom": y,
                    "width": s.x1 - s.x0,
                    "height": 0,
                    "orientation": "h",
                    "object_type": "line",
                }
            )
        else:
            x = (s.x0 + s.x1) / 2
            edges.append(
                {
                    "x0": x,
                    "x1": x,
                    "top": s.top,
                    "bottom": s.bottom,
                    "width": 0,
                    "height": s.bottom - s.top,
                    "orientation": "v",
                    "object_type": "line",
                }
            )
    return edges


def edges_to_cell_boxes(edges: list[dict]) -> list[list[BBox]]:
    """Tables as lists of cell boxes, from ruling edges (pdfplumber's geometry)."""
    if not edges:
        return []
    merged = close_open_bottoms(plumber_port.merge_edges(edges, SNAP, SNAP, SNAP, SNAP))
    # As far as snapping may have moved a line: browsers draw each cell's own
    # border, so a row ruling may stop a point short of the column line.
    intersections = plumber_port.edges_to_intersections(merged, SNAP, SNAP)
    cells = plumber_port.intersections_to_cells(intersections)
    tables = [sorted(t, key=lambda b: (b[1], b[0])) for t in cells_to_tables(cells)]
    return drop_nested(tables)


def cells_to_tables(cells: list[BBox]) -> list[list[BBox]]:
    """Cells grouped into tables: those that share a corner, directly or
    through others, are one table (pdfplumber's cells_to_tables, whose
    PyMuPDF port also drops tables without text, which it reads from the page).
    In order of each table's top-left cell."""
    groups: list[tuple[set, list[BBox]]] = []
    for cell in cells:
        x0, top, x1, bottom = cell
        corners = {(x0, top), (x0, bottom), (x1, top), (x1, bottom)}
        touching = [g for g in groups if not g[0].isdisjoint(corners)]
        merged = (corners.union(*(g[0] for g in touching)), [c for g in touching for c in g[1]] + [cell])
        groups = [g for g in groups if all(g is not t for t in touching)] + [merged]
    tables = sorted((g[1] for g in groups), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def drop_nested(tables: list[list[BBox]]) -> list[list[BBox]]:
    """A table inside another's frame and too low for a line of text is none:
    a scan's glyph strokes taken for rulings (a box 11 pt tall inside a
    key-plans cell of a 200-dpi scan). Read as a table it was the page's last,
    and the table on the next page was not taken for the rest of the one it
    cut. A taller one is part of the grid around it (a column whose rulings
    pdfplumber did not connect to the rest): dropped, its cells' text ran
    into their neighbours'."""
    frames = [table_frame(t) for t in tables]
    return [
        t
        for t, f in zip(tables, frames)
        if f[3] - f[1] >= LOWEST_ROW or not any(o is not f and contains(o, f) for o in frames)
    ]


LOWEST_ROW = 12.0  # pt: a row of 8-pt text with the least padding; no table of the template is lower


def table_frame(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def contains(outer: BBox, inner: BBox) -> bool:
    return (
        outer[0] - SNAP <= inner[0]
        and outer[1] - SNAP <= inner[1]
        and inner[2] <= outer[2] + SNAP
        and inner[3] <= outer[3] + SNAP
    )


def close_open_bottoms(edges: list[dict]) -> list[dict]:
    """A table cut by a page break may be left without a bottom border under
    a merged cell's fragment or under a row cut in two (browsers draw none),
    and a cell that does not close is lost with its text. Where three or
    more column lines end at one height, a rule runs all along it."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    added = []
    for bottom in cluster([e["bottom"] for e in verticals]):
        ending = [e for e in verticals if abs(e["bottom"] - bottom) <= SNAP]
        if len(ending) < 3:
            continue
        x0, x1 = min(e["x0"] for e in ending), max(e["x0"] for e in ending)
        rules = [h for h in horizontals if abs(h["top"] - bottom) <= SNAP and h["x1"] > x0 and h["x0"] < x1]
        covered = sum(min(h["x1"], x1) - max(h["x0"], x0) for h in rules)
        if covered < (x1 - x0) - SNAP:
            y = rules[0]["top"] if rules else bottom
            added.append(
                {
                    "x0": x0,
                    "x1": x1,
                    "top": y,
                    "bottom": y,
                    "width": x1 - x0,
                    "height": 0,
                    "orientation": "h",
                    "object_type": "line",
                }
            )
    return edges + added


def cluster(values: list[float], tolerance: float = SNAP) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def nearest(bounds: list[float], value: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - value))


@dataclass(frozen=True)
class PageTable:
    page: int
    bbox: BBox
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    boxes: tuple[tuple[int, int, int, int, BBox], ...]  # row, col, row_span, col_span, bbox


def boxes_to_grid(page: int, boxes: list[BBox]) -> PageTable:
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    placed = []
    for b in boxes:
        c0, c1 = nearest(xs, b[0]), nearest(xs, b[2])
        r0, r1 = nearest(ys, b[1]), nearest(ys, b[3])
        if c1 > c0 and r1 > r0:
            placed.append((r0, c0, r1 - r0, c1 - c0, b))
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return PageTable(page, bbox, tuple(xs), tuple(ys), tuple(sorted(placed)))
