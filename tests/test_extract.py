"""extract: glyphs and ruling segments from a PDF page."""

from __future__ import annotations

import pymupdf

from pipeline.extract import page_segments


def test_stroked_lines_and_thin_fills_rule_but_filled_outlines_do_not() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=300)
    page.draw_line((10, 10), (200, 10), color=(0, 0, 0), width=0.75)  # a stroked rule
    page.draw_rect(pymupdf.Rect(10, 20, 200, 20.75), color=None, fill=(0, 0, 0))  # a rule as a thin fill
    # A rule drawn as a thin filled polygon, and a glyph outline (a filled shape of lines).
    page.draw_polyline([(10, 30), (200, 30), (200, 30.7), (10, 30.7)], color=None, fill=(0, 0, 0), closePath=True)
    page.draw_polyline([(50, 50), (60, 80), (70, 50), (65, 50), (60, 65), (55, 50)], color=None, fill=(0, 0, 0))
    segments = page_segments(page)
    assert sorted(round(s.top) for s in segments) == [10, 20, 30]
