"""Tables written by hand for the tests of the table steps: cells on a grid."""

from __future__ import annotations

import math

from pipeline.model import Cell, Table


def cell(
    row: int, col: int, text: str, page: int = 1, open_end: bool = False, row_span: int = 1, col_span: int = 1
) -> Cell:
    """A cell whose last line ran to its edge (`open_end`: no room left) or
    ended (room for anything); its first line needs one em of room. Its box
    is its place on the grid, ten points a row and a column."""
    paragraphs = tuple(text.split("\n")) if text else ()
    box = (col * 10.0, row * 10.0, (col + col_span) * 10.0, (row + row_span) * 10.0)
    return Cell(row, col, row_span, col_span, paragraphs, page, box, 0.0 if open_end else math.inf, 10.0)


def table(cells: list[Cell], pages: list[int], after_break: list[bool]) -> Table:
    n_cols = max(c.col + c.col_span for c in cells)
    return Table(tuple(cells), len(pages), n_cols, tuple(pages), tuple(after_break), pages[0], 0)


def grid(rows: list[list[str]], page: int = 1) -> Table:
    """A table of one-line cells, a row a list, on one page."""
    cells = [cell(r, c, text, page) for r, row in enumerate(rows) for c, text in enumerate(row)]
    return table(cells, [page] * len(rows), [False] * len(rows))
