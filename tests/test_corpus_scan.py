"""The corpus scanner: any producer's PDF in, an image-only PDF out, the same
bytes for the same seed, turned and noisy, some pages sideways."""

from __future__ import annotations

import sys
from pathlib import Path

import pymupdf

from conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "corpus"))

from checklist import probe_of  # noqa: E402
from roundtrip import family_parts, known_family  # noqa: E402
from scan import DPIS, page_scan, scan_pdf  # noqa: E402
from scoring import Wrong  # noqa: E402

PRINTED = REPO / "tests" / "fixtures" / "corpus" / "pdf" / "rt00014-docx.pdf"


def test_a_scan_has_no_text_layer_and_the_same_pages(tmp_path: Path) -> None:
    target = tmp_path / "scan.pdf"
    scan_pdf(PRINTED, target, 200, seed=14)
    with pymupdf.open(PRINTED) as printed, pymupdf.open(target) as scanned:
        assert scanned.page_count == printed.page_count
        for before, after in zip(printed, scanned):
            assert after.get_text().strip() == ""
            assert len(after.get_images()) == 1
            assert {round(after.rect.width), round(after.rect.height)} == {
                round(before.rect.width),
                round(before.rect.height),
            }
            pix = pymupdf.Pixmap(scanned, after.get_images()[0][0])
            assert abs(max(pix.width, pix.height) / max(before.rect.width, before.rect.height) * 72 - 200) < 2


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    scan_pdf(PRINTED, tmp_path / "a.pdf", 200, seed=14)
    scan_pdf(PRINTED, tmp_path / "b.pdf", 200, seed=14)
    scan_pdf(PRINTED, tmp_path / "c.pdf", 200, seed=15)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert (tmp_path / "a.pdf").read_bytes() != (tmp_path / "c.pdf").read_bytes()


def test_pages_are_turned_a_little_and_one_in_ten_sideways() -> None:
    scans = [page_scan(seed, dpi, page) for seed in range(1, 101) for dpi in DPIS for page in range(1, 6)]
    assert all(0.3 <= abs(s.angle) <= 1.5 for s in scans)
    assert {s.angle > 0 for s in scans} == {True, False}
    sideways = [s for s in scans if s.quarter_turns]
    assert 0.06 < len(sideways) / len(scans) < 0.14
    assert {s.quarter_turns for s in sideways} == {1, 3}


def test_scanned_families_are_named_by_producer_and_dpi() -> None:
    assert family_parts("docx-scan200") == ("docx", 200)
    assert family_parts("html") == ("html", None)
    assert known_family("typeset-scan300") and known_family("docx")
    assert not known_family("docx-scan150") and not known_family("word-scan200")


def test_the_checklist_looks_for_an_error_within_its_line_of_the_cell() -> None:
    # the printed page need not run on from one line of a cell to the next
    # (a list's numbers stand between them): the probe stays on the line
    row = {"measures": "1.即時通報，確保民眾權益。\n預擬資通安全"}
    wrong = Wrong("d", "risks", row, "measures", "1.即時通報，確保民眾權盆。\n預擬資通安全")
    assert probe_of(wrong) == (",確保民眾權益。", "measures")  # NFKC, as the page text is searched
    # line breaks alone differ: the line before the first that differs
    joined = Wrong("d", "risks", {"owners": "國際貿易署\n人事處\n資訊處"}, "owners", "國際貿易署\n人事處資訊處")
    assert probe_of(joined) == ("人事處", "owners")
    split = Wrong("d", "kpis", {"standard": "1.甲之件數。2.乙之件數。"}, "standard", "1.甲之件數。\n2.乙之件數。")
    assert probe_of(split) == ("之件數。2.乙之", "standard")  # around the break
