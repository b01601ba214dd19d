"""Tables over pages: the parts of one table on consecutive pages in, one
Table out, its repeated header rows dropped and rows marked where a page
break comes before them.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz

from ..model import Cell, Table
from .grid import SNAP, PageTable, cluster, nearest


def continues(previous: PageTable, table: PageTable) -> bool:
    """Same frame and columns: the table on the next page carries on the last one."""
    if table.page != previous.page + 1:
        return False
    if abs(previous.bbox[0] - table.bbox[0]) > 6 or abs(previous.bbox[2] - table.bbox[2]) > 6:
        return False
    shared = sum(any(abs(x - y) <= SNAP for y in previous.xs) for x in table.xs)
    return shared >= 0.6 * max(len(table.xs), len(previous.xs))


def row_texts(cells: tuple[Cell, ...], row: int) -> tuple[str, ...]:
    return tuple(c.text for c in sorted(cells, key=lambda c: c.col) if c.row == row)


REPEATED_TEXT = 85  # rapidfuzz ratio of two rows' whole text, cells told apart differently


def same_row(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Equal rows, allowing what an OCR'd header reads otherwise: the odd
    character, and one label misread or lost (與KPI關聯 read 與KP, 計畫類別
    read as nothing), as long as most of the others, and two at least, match.
    Rows cut into cells differently (a ruling read in a scan through one
    page's merged 評估 label, not the other's) are alike when their whole
    text is, and long enough to tell."""
    if not any(a) or not any(b):
        return False
    if len(a) != len(b):
        x, y = "".join(a), "".join(b)
        return min(len(x), len(y)) >= 8 and fuzz.ratio(x, y) >= REPEATED_TEXT
    alike = [x == y or fuzz.ratio(x, y) >= 70 for x, y in zip(a, b)]
    if all(alike):
        return True
    labels = sum(1 for x in a if x)
    matched = sum(1 for x, same in zip(a, alike) if x and same)
    return len(alike) - sum(alike) <= 1 and matched >= max(2, 0.6 * labels)


def repeated_header_rows(first: tuple[Cell, ...], cont: tuple[Cell, ...]) -> int:
    """How many top rows of a continuation repeat the first part's header."""
    count = 0
    for k in range(3):
        if same_row(row_texts(first, k), row_texts(cont, k)):
            count = k + 1
        else:
            break
    return count


def join_parts(parts: list[tuple[PageTable, tuple[Cell, ...]]]) -> Table:
    xs = cluster([x for t, _ in parts for x in t.xs])
    cells: list[Cell] = []
    row_pages: list[int] = []
    after_break: list[bool] = []
    first_cells = parts[0][1]
    for index, (t, part_cells) in enumerate(parts):
        skip = repeated_header_rows(first_cells, part_cells) if index else 0
        offset = len(row_pages) - skip
        for c in part_cells:
            if c.row < skip:
                continue
            col = nearest(xs, c.bbox[0])
            span = max(1, nearest(xs, c.bbox[2]) - col)
            cells.append(replace(c, row=c.row + offset, col=col, col_span=span))
        n = len(t.ys) - 1 - skip
        row_pages.extend([t.page] * n)
        after_break.extend([index > 0 and i == 0 for i in range(n)])
    first = parts[0][0]
    return Table(
        tuple(cells), len(row_pages), len(xs) - 1, tuple(row_pages), tuple(after_break), first.page, first.bbox[1]
    )
