"""Layout: a RawDocument in, a Layout out: body paragraphs and ruled tables in
reading order, running headers/footers and page numbers gone, tables that run
over pages joined into one, their repeated header rows dropped.

One module per step, each a few small functions named input -> output, as in
pdfplumber's table.py (whose edge, intersection and cell functions do the
grid geometry here):

    lines       glyphs -> lines (spread, stretch, first unit; stray URLs)
    paragraphs  lines -> paragraphs
    grid        ruling segments -> edges -> cell boxes -> grid
    cells       a grid box and its lines -> a Cell; how a table is set
    joins       a table's parts on consecutive pages -> one Table
    pages       pages -> blocks in reading order -> Layout
"""

from .cells import cell_from_glyphs, cell_lines, lines_to_cell, table_alignment, text_right_edge
from .grid import SNAP, boxes_to_grid, edges_to_cell_boxes, segments_to_edges
from .joins import join_parts, repeated_header_rows
from .lines import drop_urls, glyph_run_to_line, glyphs_to_lines, glyphs_to_rows, is_ideograph
from .pages import PAGE_NUMBER, drop_running_margins, layout, split_page
from .paragraphs import is_distributed, lines_to_paragraphs, starts_paragraph

__all__ = [
    "PAGE_NUMBER",
    "SNAP",
    "boxes_to_grid",
    "cell_from_glyphs",
    "cell_lines",
    "drop_running_margins",
    "drop_urls",
    "edges_to_cell_boxes",
    "glyph_run_to_line",
    "glyphs_to_lines",
    "glyphs_to_rows",
    "is_distributed",
    "is_ideograph",
    "join_parts",
    "layout",
    "lines_to_cell",
    "lines_to_paragraphs",
    "repeated_header_rows",
    "segments_to_edges",
    "split_page",
    "starts_paragraph",
    "table_alignment",
    "text_right_edge",
]
