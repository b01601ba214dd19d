"""extract: glyphs and ruling segments from a PDF page; text-layer documents
never load the OCR stack."""

from __future__ import annotations

import subprocess
import sys

import pymupdf

from pipeline.extract import page_segments

from conftest import REPO


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


def test_text_layer_documents_do_not_load_the_ocr_stack() -> None:
    """Start-up a run of text-layer documents does not pay for: OpenCV, numpy
    and Tesseract are imported only when a page needs OCR."""
    texts = [str(p) for p in sorted((REPO / "raw_docs").glob("*.pdf")) if not p.stem.endswith("-scanned")]
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pipeline.stages import parse_document\n"
        "for name in sys.argv[1:]:\n"
        "    parse_document(Path(name), Path(name).stem, name)\n"
        "print(' '.join(m for m in ('pipeline.ocr', 'cv2', 'numpy', 'tesserocr') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, *texts], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
