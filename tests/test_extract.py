"""extract: glyphs and ruling segments from a PDF page; the segments read
from get_cdrawings() are exactly the ones the get_drawings() reader gave,
page for page, on every PDF at hand (raw_docs, the bad inputs that open, the
corpus sample, ../shared/dev-eval when there); text-layer documents never
load the OCR stack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from pipeline.extract import THIN, open_pdf, page_segments, rect_sides
from pipeline.model import Segment

from conftest import REPO

DEV_EVAL = REPO.parent / "shared" / "dev-eval" / "pdf"


def openable(path: Path) -> bool:
    try:
        open_pdf(path).close()
        return True
    except Exception:  # the bad fixtures that cannot be opened have no drawings to compare
        return False


# The generated corpus sample has browser-printed PDFs in the repository, for
# when ../shared/dev-eval is not there (CI).
FIXTURES = REPO / "tests" / "fixtures"
PDFS = sorted((REPO / "raw_docs").glob("*.pdf")) + sorted((FIXTURES / "bad").glob("*.pdf"))
PDFS += sorted((FIXTURES / "corpus" / "pdf").glob("*.pdf"))
PDFS += sorted(DEV_EVAL.glob("*.pdf")) if DEV_EVAL.is_dir() else []
PDFS = [p for p in PDFS if openable(p)]


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


def segments_from_get_drawings(page: pymupdf.Page) -> tuple[Segment, ...]:
    """The reader as it was before get_cdrawings(), kept word for word as the
    reference: get_drawings() with its Point, Rect and Quad objects."""
    segments: list[Segment] = []
    for drawing in page.get_drawings():
        stroked = drawing.get("type", "") in ("s", "fs")
        items = drawing.get("items", [])
        if not stroked and any(item[0] != "re" for item in items):
            r = drawing["rect"]
            if min(r.width, r.height) < THIN:
                segments.append(Segment(r.x0, r.y0, r.x1, r.y1))
            continue
        for item in items:
            if item[0] == "l":
                p, q = item[1], item[2]
                segments.append(Segment(min(p.x, q.x), min(p.y, q.y), max(p.x, q.x), max(p.y, q.y)))
            elif item[0] == "re":
                r = item[1]
                if r.width < THIN or r.height < THIN:
                    segments.append(Segment(r.x0, r.y0, r.x1, r.y1))
                elif stroked:
                    segments.extend(rect_sides(r.x0, r.y0, r.x1, r.y1))
            elif item[0] == "qu" and stroked:
                quad = item[1]
                r = quad.rect
                segments.extend(rect_sides(r.x0, r.y0, r.x1, r.y1))
    return tuple(Segment(round(s.x0, 2), round(s.top, 2), round(s.x1, 2), round(s.bottom, 2)) for s in segments)


def openable(path: Path) -> pymupdf.Document | None:
    try:
        return open_pdf(path)
    except Exception:  # the bad fixtures that cannot be opened have no drawings to compare
        return None


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_segments_are_the_ones_get_drawings_gave(path: Path) -> None:
    doc = openable(path)
    if doc is None:
        pytest.skip("not a readable PDF")
    with doc:
        for page in doc:
            assert page_segments(page) == segments_from_get_drawings(page), f"{path.name} page {page.number + 1}"


def test_quads_rectangles_either_way_round_and_fills(tmp_path: Path) -> None:
    """The path kinds the fixtures lack: a stroked quad; rectangles drawn right
    to left and bottom to top, stroked, thin filled and thick filled (no
    ruling); a filled polygon; a curve."""
    doc = pymupdf.open()
    shape = doc.new_page().new_shape()
    shape.draw_quad(pymupdf.Quad((100, 100), (300, 110), (90, 200), (310, 190)))
    shape.finish(color=(0, 0, 0))
    shape.draw_polyline([(10, 10), (60, 12), (40, 70)])
    shape.finish(fill=(0, 0, 0), color=None, closePath=True)
    shape.commit()
    raw = doc.new_page()
    raw.insert_text((10, 10), "x")  # gives the page a content stream to replace
    doc.update_stream(
        raw.get_contents()[0],
        b"q 0 0 0 RG 1 w 400 300 -200 -50 re S 50 100 450 -1.2 re f 300 600 -1.5 -80 re f 50 200 50 50 re f "
        b"10 700 m 50 650 90 750 130 700 c S Q",
    )
    doc.save(tmp_path / "shapes.pdf")
    with pymupdf.open(tmp_path / "shapes.pdf") as saved:
        kinds = {item[0] for page in saved for path in page.get_cdrawings() for item in path["items"]}
        assert kinds == {"qu", "l", "re", "c"}
        assert any(
            x1 < x0
            for path in saved[1].get_cdrawings()
            for kind, (x0, _, x1, _), *_ in path["items"][:1]
            if kind == "re"
        )
        for page in saved:
            assert page_segments(page) == segments_from_get_drawings(page)
        assert len(page_segments(saved[0])) == 4  # the quad's sides; the polygon is a filled outline
        assert len(page_segments(saved[1])) == 4 + 1 + 1  # stroked sides, two thin fills, not the thick one


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


def test_the_ocr_cache_folder_is_made_when_it_does_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PIPELINE_OCR_CACHE naming a folder not made yet once failed every
    scanned document with an internal error (its temporary file had nowhere
    to go); the folder is made, and a page read once is then recalled."""
    from pipeline import extract
    from pipeline.model import RawPage

    folder = tmp_path / "not" / "made"
    monkeypatch.setenv(extract.OCR_CACHE, str(folder))
    read = []

    def ocr(_function, scans):
        read.extend(scans)
        return [RawPage(number, 595.0, 842.0, (), (), ocr=True) for _, number in scans]

    monkeypatch.setattr(extract.parallel, "map_pages", ocr)
    first = extract.read_scans([("scan.pdf", 1), ("scan.pdf", 2)], "0" * 64)
    again = extract.read_scans([("scan.pdf", 1), ("scan.pdf", 2)], "0" * 64)
    assert [p.number for p in first] == [p.number for p in again] == [1, 2]
    assert read == [("scan.pdf", 1), ("scan.pdf", 2)]  # the second time, from the cache
    assert len(list(folder.glob("*.pickle"))) == 2
