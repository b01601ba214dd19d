"""layout: lines from glyphs, paragraphs from lines, margins, grids, table joins."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest
from pdfplumber import table as plumber_table

from pipeline.extract import page_segments
from pipeline.layout import (
    PAGE_NUMBER,
    boxes_to_grid,
    cell_from_glyphs,
    cell_lines,
    drop_running_margins,
    edges_to_cell_boxes,
    glyphs_to_lines,
    lines_to_cell,
    lines_to_paragraphs,
    repeated_header_rows,
    segments_to_edges,
    split_page,
    table_alignment,
)
from pipeline.layout.grid import SNAP, cells_to_tables, close_open_bottoms, drop_nested
from pipeline.layout.pages import PagePart, find_title
from pipeline.model import Cell, Glyph, RawPage, Segment, TextLine

REPO = Path(__file__).resolve().parent.parent
TEXT_FIXTURES = sorted(p for p in (REPO / "raw_docs").glob("*.pdf") if not p.stem.endswith("-scanned"))
CORPUS_FIXTURES = sorted((REPO / "tests" / "fixtures" / "corpus" / "pdf").glob("*.pdf"))  # browsers' rulings too


def glyph_row(text: str, x: float, top: float, size: float = 10.0, gap: float = 0.0) -> list[Glyph]:
    out = []
    for ch in text:
        width = size if ord(ch) > 0x2000 else size / 2
        out.append(Glyph(ch, x, top, x + width, top + size, size))
        x += width + gap
    return out


def line(text: str, x0: float, x1: float, top: float, first_token: float = 10.0) -> TextLine:
    return TextLine(text, x0, top, x1, top + 10, 10.0, 1, False, first_token)


def test_spaced_out_cjk_closes_up_and_a_visible_gap_before_latin_stays() -> None:
    glyphs = glyph_row("事務活動", 10, 100, gap=8) + glyph_row("APEC", 100, 100.5)
    lines = glyphs_to_lines(glyphs, 1)
    assert [ln.text for ln in lines] == ["事務活動 APEC"]


def test_a_space_is_a_gap_wider_than_the_lines_usual_spacing() -> None:
    glyphs = glyph_row("ab", 10, 100) + glyph_row("cd", 24, 100)
    assert glyphs_to_lines(glyphs, 1)[0].text == "ab cd"


def test_vertical_header_text_reads_top_to_bottom() -> None:
    glyphs = [g for i, ch in enumerate("評估體制") for g in glyph_row(ch, 10, 100 + 15 * i)]
    lines = glyphs_to_lines(glyphs, 1)
    assert [ln.text for ln in lines] == ["評", "估", "體", "制"]
    assert [p.text for p in lines_to_paragraphs(lines, in_cell=True)] == ["評估體制"]


def test_full_lines_join_and_a_short_line_ends_the_paragraph() -> None:
    lines = [line("鞏固我與邦交國外交", 0, 100, 0), line("關係。", 0, 30, 14), line("二、強化", 0, 40, 28)]
    assert [p.text for p in lines_to_paragraphs(lines)] == ["鞏固我與邦交國外交關係。", "二、強化"]


def test_units_one_per_line_in_a_cell_stay_apart_when_a_line_fills_it() -> None:
    # a 負責單位 cell five ideographs wide (a generated risk register, scanned):
    # 農業試驗所 fills the line, so geometry cannot tell 政風處 from a wrap
    owners = [line("農業試驗所", 0, 50, 0), line("政風處", 0, 30, 14), line("農糧署", 0, 30, 28)]
    assert [p.text for p in lines_to_paragraphs(owners, right=50, in_cell=True)] == ["農業試驗所", "政風處", "農糧署"]
    # one unit's name wraps by the character, mid-name: it stays one
    wrapped = [line("農村發展及", 0, 50, 0), line("水土保持署", 0, 50, 14), line("農業試驗所", 0, 50, 28)]
    assert [p.text for p in lines_to_paragraphs(wrapped, right=50, in_cell=True)] == [
        "農村發展及水土保持署",
        "農業試驗所",
    ]
    # 各單位 ends a unit's name too (the corpus's 綜合規劃司 / 本部各單位 / 勞工保險局, each filling the line)
    units = [line("綜合規劃司", 0, 50, 0), line("本部各單位", 0, 50, 14), line("勞工保險局", 0, 50, 28)]
    assert len(lines_to_paragraphs(units, right=50, in_cell=True)) == 3
    # a name longer than the column wraps onto a line of its own, one glyph
    # (rt00026-typeset-scan300's risk 2, a distributed cell: every line spread to the edge)
    long_name = [line("本部各單位", 0, 60, 0), line("勞動基金運用", 0, 60, 14), line("局", 0, 60, 28)]
    assert [p.text for p in lines_to_paragraphs(long_name, right=60, in_cell=True)] == ["本部各單位", "勞動基金運用局"]
    # and a sentence that happens to break after 本部 is not a list of units
    sentence = [line("協調本部", 0, 40, 0), line("所屬各機關，", 0, 40, 14)]
    assert [p.text for p in lines_to_paragraphs(sentence, right=40, in_cell=True)] == ["協調本部所屬各機關，"]


def test_a_line_a_point_lower_than_the_usual_leading_goes_on_its_paragraph() -> None:
    # rt00007-docx-scan300: lines 1.5 apart (8.2 of paper at size 10); the
    # band of 度。 ending the paragraph sat a point lower, 9.3 under the line
    # above (was read as a paragraph of its own: more than 0.9 of the size)
    lines = [
        line("提升防災救災補助計畫，落實", 0, 100, 0),
        line("精進移民輔導法規制", 0, 100, 18.2),
        line("度。", 0, 20, 37.5),
    ]
    assert [p.text for p in lines_to_paragraphs(lines, right=100)] == [
        "提升防災救災補助計畫，落實精進移民輔導法規制度。"
    ]
    # paper of a line and more between two paragraphs parts them, whatever the leading
    spaced = [line("第一段全行文字", 0, 100, 0), line("第二段全行文字", 0, 100, 18.2), line("第三段", 0, 30, 41)]
    assert len(lines_to_paragraphs(spaced, right=100)) == 2


def test_numbered_line_after_a_full_sentence_starts_an_item() -> None:
    lines = [line("（一）加強雙方政要互訪，增進友誼。", 0, 100, 0), line("（二）積極推動合作計畫", 0, 90, 14)]
    assert len(lines_to_paragraphs(lines)) == 2


def test_in_a_cell_inline_dotted_numbers_stay_inline() -> None:
    lines = [
        line("1.國際媒體邀訪篇數20篇。2.投書數", 0, 100, 0),
        line("300篇。", 0, 100, 14),
        line("3.駐外館處協助刊登專文", 0, 80, 28),
    ]
    assert len(lines_to_paragraphs(lines, in_cell=True)) == 1


def test_a_cell_that_numbers_inline_wraps_before_an_item_too() -> None:
    # A generated KPI's measure (browser, typeset): item 1 fills its line,
    # items 2 and 3 share the next. Item 2 at a line's start after a full
    # sentence looked like a list of lines.
    lines = [
        line("1.精進農產外銷教育訓練之件數。", 0, 100, 0),
        line("2.精進動植物防疫示範計畫之件數。3.健全", 0, 100, 14),
        line("智慧農業輔導機制之件數。以上合計為總數。", 0, 90, 28),
    ]
    assert [p.text for p in lines_to_paragraphs(lines, right=100, in_cell=True)] == [
        "1.精進農產外銷教育訓練之件數。2.精進動植物防疫示範計畫之件數。3.健全智慧農業輔導機制之件數。以上合計為總數。"
    ]
    # without an item numbered within a line, item 2 at the line's start is an item
    listed = [lines[0], line("2.精進動植物防疫示範計畫之件數。", 0, 100, 14)]
    assert len(lines_to_paragraphs(listed, right=100, in_cell=True)) == 2


def test_the_lists_next_item_starts_a_paragraph_after_a_full_stretched_line() -> None:
    """A word processor's justified cell (the corpus sample's rt00020-docx):
    item 2 fills its line and is stretched to the edge like a wrapped line;
    item 3 below it is still an item."""
    stretched = replace(line("2. 依「能源轉型管理辦法」辦理，預擬契約管理及履約督導。", 0, 99.5, 14), stretched=True)
    stretched = replace(stretched, natural_x1=97.0)
    lines = [
        line("1. 定期辦理跨機關聯繫通報機制。", 0, 60, 0),
        stretched,
        line("3. 加強教育訓練及宣導活動。", 0, 50, 28),
    ]
    assert [p.text for p in lines_to_paragraphs(lines, right=100, in_cell=True, justified=True)] == [
        "1. 定期辦理跨機關聯繫通報機制。",
        "2. 依「能源轉型管理辦法」辦理，預擬契約管理及履約督導。",
        "3. 加強教育訓練及宣導活動。",
    ]


def spread(text: str, top: float, solid: float) -> TextLine:
    """A distributed cell's line: spread to the edge (100), ending at `solid` set solid."""
    return replace(line(text, 0, 100, top), natural_x1=solid)


def test_in_a_distributed_cell_the_next_item_starts_a_line_after_a_bracketed_figure() -> None:
    # A generated KPI standard, items one a line, spread to the cell's edge:
    # item 1 ends on its bracket, set solid 7 pt short of the edge, where (2)
    # would not have fit; the geometry cannot tell, the numbers can.
    lines = [
        spread("(1)完成驗收（20%以上）", 0, 93),
        spread("(2)提升糧食安全監測網絡", 14, 100),
        spread("（112年完成），完善", 28, 96),
        spread("(3)推動糧食安全評估指標", 42, 100),
        spread("（預算3.2萬元）。", 56, 70),
    ]
    assert [p.text for p in lines_to_paragraphs(lines, right=100, in_cell=True, distributed=True)] == [
        "(1)完成驗收（20%以上）",
        "(2)提升糧食安全監測網絡（112年完成），完善",
        "(3)推動糧食安全評估指標（預算3.2萬元）。",
    ]
    # an item that ends on ； or on no mark, its line full: the same
    ended = [spread("１、深化資通安全監測網絡；", 0, 100), spread("２、辦理數位包容補助計畫", 14, 100)]
    assert len(lines_to_paragraphs(ended, right=100, in_cell=True, distributed=True)) == 2
    unmarked = [spread("1.辦理補助計畫，建構友善環境", 0, 100), spread("2.擴大數位包容合作平臺", 14, 100)]
    assert len(lines_to_paragraphs(unmarked, right=100, in_cell=True, distributed=True)) == 2


def test_a_cells_fragment_after_a_page_break_starts_within_an_item() -> None:
    # the rest of item (2) opens the page; (3) follows a line ending on ；
    # with no item before it on this page: the (4) after it tells
    lines = [
        spread("練（103年至106年），促進漁業資源推廣活動；", 0, 100),
        spread("（３）促進智慧農業監測網絡", 14, 100),
        spread("（４）深化動植物防疫輔導機制", 28, 100),
    ]
    assert [p.text for p in lines_to_paragraphs(lines, right=100, in_cell=True, distributed=True)] == [
        "練（103年至106年），促進漁業資源推廣活動；",
        "（3）促進智慧農業監測網絡",
        "（4）深化動植物防疫輔導機制",
    ]


def test_a_number_at_a_full_lines_start_that_is_no_next_item_goes_on() -> None:
    def joined(first: str, second: str) -> bool:
        lines = [spread(first, 0, 100), spread(second, 14, 100)]
        return len(lines_to_paragraphs(lines, right=100, in_cell=True, distributed=True)) == 1

    assert joined("(1)辦理第1、", "2、3季查核作業")  # a sentence goes on after 、
    assert joined("1.完成規劃設計（30%）", "2、完成招標作業")  # printed otherwise: no item of this list
    assert joined("1.完成規劃設計（30%）", "3.完成招標作業")  # not the next number
    assert joined("完成規劃設計（30%）", "2.完成招標作業")  # the paragraph is no list
    # a cell that numbers its items within lines is an inline list: it wraps before an item too
    inline = [spread("1.完成規劃設計（30%）2.完成", 0, 100), spread("招標作業（50%）", 14, 100)]
    inline.append(spread("3.完成工程發包（100%）", 28, 100))
    assert len(lines_to_paragraphs(inline, right=100, in_cell=True, distributed=True)) == 1
    # and outside a cell, a page's paragraph is left to the page's rules
    assert len(lines_to_paragraphs([line("1.完成設計（30%）", 0, 100, 0), line("2.完成發包", 0, 100, 14)])) == 1


def test_a_browsers_two_marks_set_tight_are_not_the_lines_spread() -> None:
    # Chromium, distributed: every two glyphs 7.4 pt apart, but ）； in less
    # than their boxes (the gap between them 2.5 pt); the figure stays whole.
    glyphs = glyph_row("訓練（12,000則）", 10, 100, gap=7.4)
    glyphs.append(Glyph("；", glyphs[-1].x1 + 2.5, 100, glyphs[-1].x1 + 12.5, 110, 10.0))
    assert glyphs_to_lines(glyphs, 1, one_column=True)[0].text == "訓練（12,000則）；"
    # a figure's last digit wrapped alone with its marks (`（占５` | `０％）；`),
    # spread over the line: one gap left beside no pair of marks is the spread
    short = glyph_row("０％）", 10, 100, gap=40)
    short.append(Glyph("；", short[-1].x1 + 2.5, 100, short[-1].x1 + 12.5, 110, 10.0))
    assert glyphs_to_lines(short, 1, one_column=True)[0].text == "０％）；"


def test_in_a_cell_the_next_dotted_item_starts_a_paragraph() -> None:
    lines = [line("1. 透過駐處逕洽駐在國政府。", 0, 100, 0), line("2. 高層出訪俟安排妥當", 0, 90, 14)]
    assert [p.text for p in lines_to_paragraphs(lines, in_cell=True)] == [
        "1. 透過駐處逕洽駐在國政府。",
        "2. 高層出訪俟安排妥當",
    ]


def test_url_lines_are_not_text() -> None:
    lines = [line("依領事事務局作業程序辦理。", 0, 100, 0), line("http://www.mofa.gov.tw/x.asp?a=1", 0, 100, 14)]
    assert [p.text for p in lines_to_paragraphs(lines)] == ["依領事事務局作業程序辦理。"]


def test_page_number_patterns() -> None:
    for text in ("- 6 -", "3-1", "12", "第 3 頁", "－2－", "- ii -", "－五－"):
        assert PAGE_NUMBER.match(text), text
    for text in ("-4.-", "-o-", "-4.", "-1]2-"):  # - 4 -, - 6 - and - 12 - as OCR read them on scans
        assert PAGE_NUMBER.match(text), text
    for text in ("2,300 萬", "108年度", "1.建立", "4.", "-一、目標-"):
        assert not PAGE_NUMBER.match(text), text


def test_running_header_repeated_across_pages_is_dropped() -> None:
    pages = []
    for n in range(1, 5):
        glyphs = (
            glyph_row("外交部108年度施政計畫", 200, 30)
            + glyph_row(f"本文第{n}頁", 60, 300)
            + glyph_row(str(n), 290, 810)
        )
        pages.append(split_page(RawPage(n, 595, 842, tuple(glyphs), ())))
    kept = drop_running_margins(pages)
    assert [[ln.text for ln in p.lines] for p in kept] == [[f"本文第{n}頁"] for n in range(1, 5)]


def grid_segments(xs: list[float], ys: list[float]) -> tuple[Segment, ...]:
    return tuple([Segment(xs[0], y, xs[-1], y) for y in ys] + [Segment(x, ys[0], x, ys[-1]) for x in xs])


def test_rulings_make_a_grid_with_a_vertically_merged_cell() -> None:
    xs = [50, 100, 200]
    segments = [
        Segment(50, 100, 200, 100),
        Segment(50, 160, 200, 160),
        Segment(100, 120, 200, 120),
        Segment(100, 140, 200, 140),
    ] + [Segment(x, 100, x, 160) for x in xs]
    tables = edges_to_cell_boxes(segments_to_edges(tuple(segments)))
    assert len(tables) == 1
    grid = boxes_to_grid(1, tables[0])
    assert grid.xs == (50, 100, 200) and grid.ys == (100, 120, 140, 160)
    spans = {(r, c): (rs, cs) for r, c, rs, cs, _ in grid.boxes}
    assert spans[(0, 0)] == (3, 1)  # the merged goal cell spans every row
    assert spans[(1, 1)] == (1, 1)


def test_cells_sharing_a_corner_through_others_are_one_table() -> None:
    # a chain joined only by corners, its middle cell last (it joins two
    # groups); a table of its own below, listed first; tables top-down
    apart = [(0, 300, 50, 320), (50, 300, 100, 320)]
    chain = [(0, 0, 50, 20), (100, 40, 150, 60), (50, 20, 100, 40)]
    lone = [(400, 400, 420, 420)]  # a single cell is no table
    assert [sorted(t) for t in cells_to_tables(apart + lone + chain)] == [sorted(chain), apart]


@pytest.mark.parametrize("pdf", TEXT_FIXTURES + CORPUS_FIXTURES, ids=lambda p: p.stem)
def test_the_ported_geometry_finds_the_tables_pdfplumber_finds(pdf) -> None:
    """pymupdf.table's copy of pdfplumber's geometry, and cells_to_tables,
    against pdfplumber's own functions on every page of the text-layer
    fixtures, the generated ones of every producer among them."""

    def pdfplumber_cell_boxes(edges: list[dict]) -> list[list[tuple]]:
        merged = close_open_bottoms(plumber_table.merge_edges(edges, SNAP, SNAP, SNAP, SNAP))
        cells = plumber_table.intersections_to_cells(plumber_table.edges_to_intersections(merged, SNAP, SNAP))
        return drop_nested([sorted(t, key=lambda b: (b[1], b[0])) for t in plumber_table.cells_to_tables(cells)])

    with pymupdf.open(pdf) as doc:
        pages = [segments_to_edges(page_segments(page)) for page in doc]
    found = [edges_to_cell_boxes(edges) for edges in pages]
    assert found == [pdfplumber_cell_boxes(edges) for edges in pages]
    assert sum(len(tables) for tables in found) >= len(pages) // 2  # tables were there to find


def test_glyphs_in_the_frame_but_in_no_cell_belong_to_nothing() -> None:
    xs, ys = [50, 150, 250], [100, 130, 160]
    glyphs = glyph_row("甲", 60, 105) + glyph_row("乙", 160, 135) + glyph_row("http://x.y", 140, 126, size=4)
    part = split_page(RawPage(1, 595, 842, tuple(glyphs), grid_segments(xs, ys)))
    ((table, cells),) = part.tables
    assert sorted(c.text for c in cells if c.text) == ["乙", "甲"]
    assert part.lines == ()


def cells_of(rows: list[list[str]]) -> tuple[Cell, ...]:
    return tuple(Cell(r, c, 1, 1, (t,), 1, (0, 0, 0, 0)) for r, row in enumerate(rows) for c, t in enumerate(row))


def test_repeated_header_rows_are_counted() -> None:
    first = cells_of([["施政目標", "關鍵績效指標"], ["一", "1 深化"]])
    cont = cells_of([["施政目標", "關鍵績效指標"], ["", "策」，深化"]])
    assert repeated_header_rows(first, cont) == 1
    assert repeated_header_rows(first, cells_of([["", "策」，深化"]])) == 0


def distributed_cell(paragraphs: list[str], width: float = 100.0, size: float = 10.0) -> list[Glyph]:
    """Glyphs of a cell whose every line, the last of each paragraph too, is
    spread from x=0 to `width` (distributed alignment)."""
    glyphs, top = [], 0.0
    per_line = int(width // size)
    for para in paragraphs:
        for start in range(0, len(para), per_line):
            chunk = para[start : start + per_line]
            gap = (width - len(chunk) * size) / max(len(chunk) - 1, 1)
            glyphs += glyph_row(chunk, 0, top, size, gap)
            top += 14
    return glyphs


def test_a_distributed_cell_keeps_its_paragraphs_and_closes_up_their_last_lines() -> None:
    paragraphs = ["落實資通安全管理制度定期辦理演練。", "建立備份機制。"]
    lines = glyphs_to_lines(distributed_cell(paragraphs), 1, one_column=True)
    assert [p.text for p in lines_to_paragraphs(lines, in_cell=True)] == paragraphs


def test_figures_spread_over_a_distributed_cell_close_up() -> None:
    glyphs = glyph_row("95%", 0, 0, gap=20)
    assert glyphs_to_lines(glyphs, 1, one_column=True)[0].text == "95%"


def test_a_justified_line_stretched_before_a_long_unit_carries_on() -> None:
    # The line is spread because `數）×100%` did not fit after it; its last
    # line is left-aligned, so the cell is justified, not distributed.
    glyphs = glyph_row("（實際繳庫數÷預算", 0, 0, gap=4.1) + glyph_row("數）×100%", 0, 14)
    lines = glyphs_to_lines(glyphs, 1, one_column=True)
    assert [p.text for p in lines_to_paragraphs(lines, in_cell=True)] == ["（實際繳庫數÷預算數）×100%"]


def test_figures_ocr_read_apart_are_one_figure() -> None:
    # A distributed target cell scanned (`1 2 小 時` across the cell): boxes
    # fitted to the ink leave wide gaps between a figure's digits.
    def read(*boxes: tuple[str, float, float]) -> list[Glyph]:
        return [Glyph(text, x0, 0, x1, 10, 10) for text, x0, x1 in boxes]

    hours = read(("1", 0, 3), ("2", 18, 24), ("小", 30, 40), ("時", 40, 50))
    assert glyphs_to_lines(hours, 1, ocr=True)[0].text == "12 小時"
    assert glyphs_to_lines(hours, 1)[0].text == "1 2 小時"  # a text layer's gaps are its own
    firms = read(("1", 0, 4), (",", 9, 11), ("2", 12, 17), ("0", 17, 22), ("0", 22, 27), ("家", 32, 42))
    assert glyphs_to_lines(firms, 1, ocr=True)[0].text == "1,200 家"
    item = read(("1", 0, 4), (".", 5, 7), ("3", 12, 17), ("年", 17, 27))
    assert glyphs_to_lines(item, 1, ocr=True)[0].text == "1. 3年"  # an item's number, not 1.3


def test_the_first_unit_of_a_line_is_a_whole_latin_word_with_its_brackets() -> None:
    (ln,) = glyphs_to_lines(glyph_row("(ICAO)研訂", 0, 0), 1)
    assert ln.first_token_width == 30.0  # ( I C A O ) at half an em each, not `(I`


def test_a_url_in_a_sentence_is_text_and_a_url_on_its_own_line_is_debris() -> None:
    sentence = glyph_row("於網站（www.gov.tw）公開", 0, 0)
    stray = glyph_row("http://www.mofa.gov.tw/a.asp", 0, 20)
    page = RawPage(1, 600, 800, tuple(sentence + stray), ())
    lines = split_page(page).lines
    assert [ln.text for ln in lines] == ["於網站（www.gov.tw）公開"]


def test_an_address_in_a_distributed_line_is_text() -> None:
    # A generated plan (LibreOffice): a cell's last line spread out to the
    # cell's width, 7.6 pt between every two glyphs but the address's own
    # letters. The address stood as far from its brackets as every glyph from
    # the next, and was dropped as a stray URL: `（）公開國土規劃資訊。`.
    left = glyph_row("（", 0, 0, gap=7.6)
    address = glyph_row("www.ey.gov.tw", left[-1].x1 + 7.6, 0)
    right = glyph_row("）公開國土規劃資訊。", address[-1].x1 + 7.6, 0, gap=7.6)
    # A stray one keeps its name: far from the text beyond it, however spaced.
    stray = glyph_row("http://www.mofa.gov.tw/a.asp", 0, 20) + glyph_row("附件", 300, 20, gap=7.6)
    page = RawPage(1, 600, 800, tuple(left + address + right + stray), ())
    assert [ln.text for ln in split_page(page).lines] == ["（www.ey.gov.tw）公開國土規劃資訊。", "附件"]


def test_a_short_line_keeps_its_word_space_after_a_figure() -> None:
    # `100 項數` (mofa-099-plan's target): too few gaps outside the figure to
    # tell the line's spacing from them alone, so the figure's gaps count too.
    figure = glyph_row("100", 0, 0)
    unit = glyph_row("項數", figure[-1].x1 + 2.7, 0, size=10.0)
    (ln,) = glyphs_to_lines(figure + unit, 1, one_column=True)
    assert ln.text == "100 項數"


def test_a_sentence_wrapped_just_before_its_address_keeps_the_line_that_starts_with_it() -> None:
    # A generated plan (typeset): `於專屬網頁（` ends one line, the next starts
    # with the address and goes on with the sentence. It was dropped as a stray URL.
    lines = [line("於專屬網頁（", 0, 100, 0), line("www.ey.gov.tw）公開移工管理資訊。", 0, 100, 14)]
    assert [p.text for p in lines_to_paragraphs(lines)] == ["於專屬網頁（www.ey.gov.tw）公開移工管理資訊。"]
    wrapped = [line("於專屬網頁（", 0, 100, 0), line("www.gov.tw）", 0, 40, 14)]  # the address and its bracket alone
    assert [p.text for p in lines_to_paragraphs(wrapped)] == ["於專屬網頁（www.gov.tw）"]
    (alone,) = lines_to_paragraphs([line("依作業程序辦理。", 0, 100, 0), line("https://www.gov.tw/a?b=1 ", 0, 100, 14)])
    assert alone.text == "依作業程序辦理。"


def test_short_flush_left_lines_of_a_cell_are_paragraphs_of_their_own() -> None:
    # Units one per line: the cell is far wider than its longest line.
    glyphs = glyph_row("公路總局", 3, 0) + glyph_row("高速公路局", 3, 14) + glyph_row("觀光署", 3, 28)
    cell = cell_from_glyphs(glyphs, 1, (0, 0, 1, 1, (0.0, -2.0, 120.0, 42.0)))
    assert cell.paragraphs == ("公路總局", "高速公路局", "觀光署")


def test_in_justified_text_a_line_short_of_the_edge_ends_its_paragraph() -> None:
    # The second line stops 4 pt short of the edge: justification would have
    # stretched it had the paragraph gone on, although 完 would not have fit.
    lines = [
        line("加強應用於國民所得，推動技術於主計", 0, 200, 0, first_token=10),
        line("資訊，擴大物價統計推廣活動。", 0, 196, 14, first_token=10),
        line("完善國民所得人才培育。", 0, 110, 28, first_token=10),
    ]
    assert len(lines_to_paragraphs(lines, right=200, justified=True)) == 2
    assert len(lines_to_paragraphs(lines, right=200, justified=False)) == 1


def test_a_line_with_space_opened_between_its_ideographs_was_stretched() -> None:
    (wrapped,) = glyphs_to_lines(glyph_row("落實華語文教育基礎建", 0, 0, gap=0.5), 1)
    (last,) = glyphs_to_lines(glyph_row("落實華語文教育基礎建", 0, 0), 1)
    (read,) = glyphs_to_lines(glyph_row("落實華語文教育基礎建", 0, 0, gap=0.5), 1, ocr=True)
    assert (wrapped.stretched, last.stretched, read.stretched) == (True, False, False)


def test_in_justified_text_a_stretched_line_is_wrapped_even_short_of_the_edge() -> None:
    # LibreOffice spreads in steps and may leave 2 pt short of the margin.
    stretched = replace(line("促進僑務資訊法規制度，落實華語文教育基礎建", 0, 197, 0, first_token=20), stretched=True)
    lines = [stretched, line("設，發展僑社聯繫輔導機制。", 0, 120, 14, first_token=20)]
    assert len(lines_to_paragraphs(lines, right=200, justified=True)) == 1


def test_a_line_justified_though_its_next_word_had_room_ends_at_a_meant_break() -> None:
    # A word processor's cell (generated key plan, docx, as LibreOffice
    # prints it): items one per line, a manual line break after each, and
    # the justified lines stretched to the edge anyway, though set solid
    # items 1 and 2 leave five ideographs' room. Item 3 wrapped: set solid it
    # is half an ideograph short of the edge.
    def justified(text: str, top: float, edge: float = 285.0) -> list[Glyph]:
        solid = glyph_row(text, 0, top)
        return glyph_row(text, 0, top, gap=(edge - solid[-1].x1) / (len(text) - 1))

    glyphs = (
        justified("1.推動軌道建設補助計畫，以提升整體服務效能。", 0)
        + justified("2.落實航空服務合作平臺，健全智慧運輸人才培育。", 14)
        + justified("3.落實航空服務資訊系統，完善航空服務查核作業，因應社會", 28)
        + glyph_row("變遷。", 0, 42)
    )
    lines = glyphs_to_lines(glyphs, 1, one_column=True)
    assert [ln.stretched for ln in lines] == [True, True, True, False]
    assert [p.text for p in lines_to_paragraphs(lines, in_cell=True)] == [
        "1.推動軌道建設補助計畫，以提升整體服務效能。",
        "2.落實航空服務合作平臺，健全智慧運輸人才培育。",
        "3.落實航空服務資訊系統，完善航空服務查核作業，因應社會變遷。",
    ]


def vertical(x: float, top: float, bottom: float) -> Segment:
    return Segment(x, top, x, bottom)


def test_a_table_cut_by_the_page_closes_under_a_merged_cell_the_browser_left_open() -> None:
    # Columns at 0, 50, 100, 150; rows at 0 and 20; the bottom at 40 is ruled
    # only under the two right columns (the merged cell on the left runs on).
    segments = (
        Segment(0, 0, 150, 0),
        Segment(0, 20, 150, 20),
        Segment(50, 40, 150, 40),
        *(vertical(x, 0, 40) for x in (0, 50, 100, 150)),
    )
    (boxes,) = edges_to_cell_boxes(segments_to_edges(segments))
    assert (0, 20, 50, 40) in [tuple(round(v) for v in b) for b in boxes]


def test_text_run_out_past_the_foot_of_a_cut_table_belongs_to_its_bottom_cell() -> None:
    # A merged goal cell's second line printed under the table at the page's end.
    segments = (Segment(0, 700, 150, 700), Segment(0, 760, 150, 760), *(vertical(x, 700, 760) for x in (0, 50, 150)))
    glyphs = glyph_row("推動數位", 2, 740) + glyph_row("服務", 2, 757) + glyph_row("一項", 60, 710)
    part = split_page(RawPage(1, 595, 842, tuple(glyphs), segments))
    ((_, cells),) = part.tables
    assert [c.text for c in cells] == ["推動數位服務", "一項"]
    assert part.lines == ()


def test_a_figure_spread_by_a_browser_closes_up_and_a_lone_word_space_stays() -> None:
    spread = glyph_row("80", 0, 0, gap=2.9) + glyph_row("場次", 20, 0, gap=2.9)
    assert glyphs_to_lines(spread, 1, one_column=True)[0].text.replace(" ", "") == "80場次"
    assert glyphs_to_lines(spread, 1, one_column=True)[0].text.startswith("80")
    assert glyphs_to_lines(glyph_row("0", 0, 0) + glyph_row("%", 8, 0), 1)[0].text == "0 %"


def test_in_a_justified_column_a_one_line_cell_short_of_its_edge_has_ended() -> None:
    # 兒少保護業務 ends 1.4 em short of its cell's edge without being stretched:
    # a ragged cell's rule would let it run on into the next page's work plan,
    # but its column is justified (the cell below wraps stretched lines).
    full = glyph_row("兒少保護業務", 3, 3)
    wrapped = glyph_row("長期照顧業務", 3, 33, gap=2.0) + glyph_row("管理", 3, 47)
    specs = ((1, 0, 1, 1, (0.0, 0.0, 80.0, 20.0)), (2, 0, 1, 1, (0.0, 30.0, 80.0, 60.0)))
    lines_of = [cell_lines(full, 1), cell_lines(wrapped, 1)]
    assert table_alignment(specs, lines_of) == (False, {0})
    assert lines_to_cell(lines_of[0], 1, specs[0], justified_column=True).room == math.inf
    assert lines_to_cell(lines_of[0], 1, specs[0], justified_column=False).room == pytest.approx(14.0)


def test_a_line_far_above_its_cells_foot_was_not_cut_by_the_page() -> None:
    line_in_a_tall_cell = cell_lines(glyph_row("兒少保護業務", 3, 90), 1)
    assert lines_to_cell(line_in_a_tall_cell, 1, (1, 0, 4, 1, (0.0, 0.0, 66.0, 200.0))).room == math.inf


def test_a_row_ruling_that_stops_short_of_the_column_line_still_meets_it() -> None:
    # A browser draws each cell's border: after snapping, the merged cell's
    # right line sits 1.4 pt left of where the next cells' row rulings start.
    segments = (
        Segment(0, 0, 150, 0),
        Segment(50.4, 20, 150, 20),
        Segment(0, 40, 150, 40),
        vertical(0, 0, 40),
        vertical(49, 0, 40),
        vertical(150, 0, 40),
    )
    (boxes,) = edges_to_cell_boxes(segments_to_edges(segments))
    assert sorted(tuple(round(v) for v in b) for b in boxes) == [(0, 0, 49, 40), (49, 0, 150, 20), (49, 20, 150, 40)]


def test_a_full_stop_wrapped_alone_onto_a_line_carries_on_the_sentence() -> None:
    glyphs = glyph_row("以上合計為總數", 0, 0, gap=0.2) + glyph_row("。", 0, 14)
    lines = glyphs_to_lines(glyphs, 1, one_column=True)
    assert [p.text for p in lines_to_paragraphs(lines, in_cell=True)] == ["以上合計為總數。"]


def test_the_body_edge_is_where_long_lines_end_not_where_stray_ocr_lines_do() -> None:
    from types import SimpleNamespace

    from pipeline.layout.pages import body_right_edge

    def part(ends: list[float], ocr: bool, width: float = 595.3) -> SimpleNamespace:
        page = SimpleNamespace(ocr=ocr, width=width)
        return SimpleNamespace(lines=[SimpleNamespace(x1=x) for x in ends], page=page)

    lines = [538.3, 538.6, 538.3, 481.2, 183.1, 538.1] * 5
    stray = [597.4, 597.4]  # OCR of a dirty margin, read across the page
    assert body_right_edge([part(lines, ocr=True)]) == 538.3
    assert body_right_edge([part(lines + stray, ocr=True)]) == 538.3
    # a text layer's full lines may be few: its farthest end counts
    few = [480.2, 480.1, 480.3, 480.2, 520.4]
    assert body_right_edge([part(few, ocr=False)]) == 520.4
    # a landscape scan whose body has two full lines, ending apart (784.3,
    # 780.0), and short outline items, two of which end alike: no edge there
    outline = [164.7, 168.7, 210.2, 210.5, 268.3, 268.6, 280.3, 292.6, 456.5, 492.5, 525.8, 780.0, 784.3]
    assert body_right_edge([part(outline, ocr=True, width=841.9)]) in (780.0, 784.3)  # at a full line, not 268


def test_a_repeated_header_is_known_with_one_label_misread_or_lost() -> None:
    from pipeline.layout.joins import same_row

    header = ("工作計畫", "重要施政計畫項目", "計畫類別", "實施內容", "與KPI關聯")
    assert same_row(header, header)
    assert same_row(header, ("工作計畫", "重要施政計畫項目", "計畫類別", "實施內容", "與KP"))  # OCR lost its end
    assert same_row(header, ("工作計畫", "重要施政計畫項目", "", "實施內容", "與KPI關聯"))
    assert not same_row(header, ("工作計畫", "重要施政計畫項目", "", "實施內容", "與KP"))  # two labels off
    assert not same_row(header, ("海洋業務", "海洋保育計畫", "公共建設", "1.辦理…", "海洋保育滿意度"))  # a row of data


def test_a_repeated_header_is_known_when_a_scan_cuts_it_into_other_cells() -> None:
    from pipeline.layout.joins import same_row

    # A 200-dpi scan of a docx KPI table: on its first page a ruling was read
    # through the merged 評估 label over 評估體制 and 評估方式, and 評 misread;
    # on the next page the repeated header's label stayed whole.
    first = ("施政目標", "關鍵績效指標", "有", "'估", "衡量標準", "103年度目標值")
    assert same_row(first, ("施政目標", "關鍵績效指標", "評估", "衡量標準", "103年度目標值"))
    assert not same_row(first, ("提升文化產業競爭力", "國際交流場次", "統計數據", "", "20場"))  # data: other text
    assert not same_row(("評估", "體制"), ("評估體制",))  # too short to tell a header by its text alone


def test_a_template_heading_after_a_full_line_is_a_paragraph_of_its_own() -> None:
    # OCR gives a page's lines one size and no weight: 111年度重要施政計畫
    # after a goal's line that ran to the edge (a 200-dpi docx scan)
    goal = line("一、推動智慧運輸推廣活動，完善軌道建設基礎建設，加強觀光旅遊查核作業。", 60, 520, 369)
    heading = line("111年度重要施政計畫", 58, 150, 381, first_token=60.0)
    assert [p.text for p in lines_to_paragraphs([goal, heading], 520)] == [goal.text, heading.text]
    # the same words going on in a sentence are no heading
    wrapped = line("重要計畫之執行。", 58, 150, 381, first_token=60.0)
    assert len(lines_to_paragraphs([line("依據本部年度施政方針，落實各項", 60, 520, 369), wrapped], 520)) == 1


def test_a_table_too_low_for_a_line_inside_another_tables_frame_is_none() -> None:
    # a 200-dpi scan's glyph strokes taken for rulings: a small box inside a cell
    outer = grid_segments([50, 150, 400], [100, 200, 300])
    inner = grid_segments([200, 230, 240], [250, 261])
    tables = edges_to_cell_boxes(segments_to_edges(outer + inner))
    assert len(tables) == 1 and len(tables[0]) == 4
    beside = grid_segments([450, 480, 500], [250, 261])  # the same box outside the frame is a table
    assert len(edges_to_cell_boxes(segments_to_edges(outer + beside))) == 2
    # a grid a row tall or more inside the frame is part of it (rulings pdfplumber did not connect)
    column = grid_segments([200, 230, 240], [220, 250, 280])
    assert len(edges_to_cell_boxes(segments_to_edges(outer + column))) == 2


def test_a_bare_letter_centred_in_the_foot_is_a_page_number() -> None:
    # - 4 - of a 300-dpi docx scan, its dashes lost and its 4 read as A
    def page(foot: str, x: float) -> RawPage:
        glyphs = glyph_row("本文", 60, 300) + glyph_row(foot, x, 795)
        return RawPage(1, 595, 842, tuple(glyphs), ())

    kept = drop_running_margins([split_page(page("A", 293)), split_page(page("IoT", 60))])
    assert [[ln.text for ln in p.lines] for p in kept] == [["本文"], ["本文", "IoT"]]  # not centred: a line's end


def test_an_annex_label_alone_on_its_line_is_not_the_title() -> None:
    # as OCR gives them: the label a band as tall as the title's, so its size
    page = RawPage(1, 595, 842, (), ())
    label, title = line("附件二", 57, 89, 62), line("行政院主計總處風險控制措施一覽表", 171, 426, 82)
    label, title = replace(label, size=15.1), replace(title, size=15.1)
    body = replace(line("風險項目", 82, 124, 121), size=9.8)
    assert find_title([PagePart(page, (label, title, body), ())]) == "行政院主計總處風險控制措施一覽表"
    # on the title's own line it is printed as part of it
    together = replace(line("附件二 行政院主計總處風險控制措施一覽表", 57, 426, 82), size=15.1)
    assert find_title([PagePart(page, (together, body), ())]) == "附件二行政院主計總處風險控制措施一覽表"


def test_the_title_ends_before_a_sentence_as_large_as_it_on_a_scan() -> None:
    # rt00028-typeset-scan300: the register's opening sentence under its
    # title, its ink as tall as the title's
    page = RawPage(1, 842, 595, (), ())
    title = replace(line("內政部風險評估及處理彙整表", 300, 540, 60), size=13.2)
    sentence = replace(line("為健全地籍管理評估指標，精進社會治安法規制度。", 82, 700, 84), size=13.0)
    assert find_title([PagePart(page, (title, sentence), ())]) == "內政部風險評估及處理彙整表"


def test_the_title_ends_before_a_parts_heading_as_large_as_it_on_a_scan() -> None:
    # rt00006-typeset-scan300: a 16-pt title over 12-pt text, then the part
    # heading in a 14-pt bold sans, its ink as tall as the title's
    page = RawPage(1, 842, 595, (), ())
    title = replace(line("農業部97年度施政目標與重點", 319, 524, 60), size=13.4)
    body = replace(line("本部以推動農業生產國際競爭力", 82, 783, 90), size=10.6)
    heading = replace(line("壹、施政目標與重點", 58, 292, 150), size=13.0)
    assert find_title([PagePart(page, (title, body, heading), ())]) == "農業部97年度施政目標與重點"
    heading = replace(line("年度施政目標與重點", 58, 292, 80), size=13.0)  # the template's words alone, no number
    assert find_title([PagePart(page, (title, heading, body), ())]) == "農業部97年度施政目標與重點"
    # a title on two lines is still one
    agency, year = (
        replace(line("外交部", 250, 330, 60), size=15.9),
        replace(line("108年度施政計畫", 230, 360, 80), size=15.9),
    )
    assert find_title([PagePart(page, (agency, year, body), ())]) == "外交部108年度施政計畫"


def ocr_line(text: str, x0: float, x1: float, top: float, ftw: float) -> TextLine:
    # As OCR gives a line: its end as far as its glyph boxes (ink, or tiles) reach.
    return TextLine(text, x0, top, x1, top + 9.8, 9.8, 3, first_token_width=ftw, natural_x1=x1)


def test_an_ocr_line_of_distributed_text_ends_where_its_characters_set_solid_would() -> None:
    from pipeline.layout.cells import lines_to_cell, ocr_set_ends

    # rt00504-docx-scan200, page 3, a risk table set distributed (200 dpi):
    # every line spread to the cell's edge. OCR tiled the first line's boxes
    # end to end, so it seemed full, and the two measures ran together.
    box = (152.64, 322.8, 431.76, 357.84)
    measures = [
        ocr_line("訂定內部控制及稽核作業，強化國際合作。", 158.6, 421.7, 323.8, 17.5),
        ocr_line("即時通報採購程序之審查。", 159.1, 421.9, 335.3, 9.4),
    ]
    # A cell above: a measure that wrapped, then its end. Its line of
    # ideographs is the table's densest: 264.5 pt for 22.9 ems (23 less its ends).
    wrapped = [
        ocr_line("委請專家辦理管考系統並追蹤執行進度，落實政策目", 158.9, 423.4, 280.0, 13.7),
        ocr_line("標。", 158.6, 422.4, 291.5, 263.8),
    ]
    above = (152.64, 252.96, 431.76, 322.8)
    assert lines_to_cell(measures, 3, (2, 1, 1, 1, box), distributed=True).paragraphs == (
        "訂定內部控制及稽核作業，強化國際合作。即時通報採購程序之審查。",
    )  # as the boxes alone say
    wrapped, measures = ocr_set_ends([wrapped, measures])
    assert measures[0].end == pytest.approx(158.6 + 264.5 / 22.9 * (19 - 0.05 - 0.5 + 1), abs=0.1)
    assert lines_to_cell(measures, 3, (2, 1, 1, 1, box), distributed=True).paragraphs == (
        "訂定內部控制及稽核作業，強化國際合作。",
        "即時通報採購程序之審查。",
    )
    assert lines_to_cell(wrapped, 3, (1, 1, 1, 1, above), distributed=True).paragraphs == (
        "委請專家辦理管考系統並追蹤執行進度，落實政策目標。",
    )  # set solid it still fills the line: wrapped


def test_a_table_without_a_line_of_ideographs_keeps_its_ocr_ends() -> None:
    from pipeline.layout.cells import ocr_set_ends, table_em

    lines = [[ocr_line("（一）擴大國際合作", 158.6, 260.0, 300.0, 9.4)], [ocr_line("1.5%", 158.6, 180.0, 320.0, 9.4)]]
    assert table_em([ln for cell in lines for ln in cell]) is None  # a bracket opens it; figures
    assert ocr_set_ends(lines) == lines


def test_latin_words_ocr_boxes_split_are_closed_up() -> None:
    """Read so from the scanned corpus (rt00022, rt00008, rt00015, rt00020,
    rt00007, rt00026): a gap between two boxes inside one word."""
    from pipeline.layout.lines import close_latin_splits

    assert close_latin_splits("完善O pen Data標準") == "完善Open Data標準"
    assert close_latin_splits("擴大A I技術於資通安全") == "擴大AI技術於資通安全"
    assert close_latin_splits("擴大GI S標準於港埠營運") == "擴大GIS標準於港埠營運"
    assert close_latin_splits("精進O ECD平臺於產業") == "精進OECD平臺於產業"
    assert close_latin_splits("資料開放平臺（w w w.gov.tw）") == "資料開放平臺（www.gov.tw）"
    assert close_latin_splits("網頁（www.gov .tw）公開") == "網頁（www.gov.tw）公開"
    # two words, or two acronyms, stay apart
    for text in ("Open Data", "APEC AI", "SDGs ODA", "A pen", "a. b."):
        assert close_latin_splits(text) == text


def test_no_space_inside_a_bracket_or_before_a_percent_sign_on_a_scan() -> None:
    from pipeline.layout.lines import glyph_run_to_line

    def glyphs(pieces: list[tuple[str, float, float]]) -> list[Glyph]:
        return [Glyph(t, x0, 100, x1, 110, 10.0) for t, x0, x1 in pieces]

    # 保障弱勢族群( 25%): the ( boxed short of its ink; 12.5 %: the % boxed wide
    run = glyphs([("群", 0, 10), ("(", 10, 13), ("2", 16, 21), ("5", 21, 26), ("%", 26, 34), (")", 34, 37)])
    assert glyph_run_to_line(run, 1, ocr=True).text == "群(25%)"
    figure = glyphs([("1", 0, 5), ("2", 5, 10), (".", 10, 12), ("5", 12, 17), ("%", 20, 28)])
    assert glyph_run_to_line(figure, 1, ocr=True).text == "12.5%"
    # a text layer's spaces are its own
    assert glyph_run_to_line(figure, 1).text == "12.5 %"


def test_a_parenthesis_read_as_or_beside_an_angle_bracket_is_the_parenthesis() -> None:
    """Read so from the scanned corpus (rt00009, rt00026, rt00030, rt00016):
    a parenthesis's ink read twice, once as 〈 《 or 》 beside it, or as two
    angle brackets; a 【 before a 。 read off its ring."""
    from pipeline.layout.lines import drop_bracket_echoes

    assert drop_bracket_echoes("完成招標作業〈《20%）》") == "完成招標作業（20%）"
    assert drop_bracket_echoes("加強終身學習資訊系統〈（達60%以上）") == "加強終身學習資訊系統（達60%以上）"
    assert drop_bracket_echoes("強化博物館服務據點（〈累計50%）") == "強化博物館服務據點（累計50%）"
    assert drop_bracket_echoes("因應社會變遷（15.5萬元）》") == "因應社會變遷（15.5萬元）"
    assert drop_bracket_echoes("完善學生輔導服務據點〈《106-108年") == "完善學生輔導服務據點（106-108年"
    assert drop_bracket_echoes("以上合計為總數【。") == "以上合計為總數。"
    # a title's brackets, and a formula's 【 against its （, stay
    for text in ("依《政府資訊公開法》規定（100%）", "【（本年度法規制度數－前一年度法規制度數）÷前一年度數】×100%"):
        assert drop_bracket_echoes(text) == text


def test_no_paragraph_opens_on_a_closing_mark_or_after_a_line_ending_mid_sentence() -> None:
    """OCR's boxes leave a full line ending in ， short of the edge (the mark
    at the left of its em), and a ） carried alone onto the last line: both
    still belong to the paragraph. A numbered line after a ， is left to
    the other rules (OCR reads an item's ； as ，)."""
    mid_sentence = [line("定期辦理契約管理及履約督導，", 0, 85, 0), line("縮短城鄉落差。", 0, 70, 14)]
    assert [p.text for p in lines_to_paragraphs(mid_sentence, right=100, in_cell=True)] == [
        "定期辦理契約管理及履約督導，縮短城鄉落差。"
    ]
    carried = [line("(5)精進森林保育法規制度（達95%以上", 0, 100, 0), line("）", 0, 5, 14)]
    assert [p.text for p in lines_to_paragraphs(carried, right=100, in_cell=True)] == [
        "(5)精進森林保育法規制度（達95%以上）"
    ]
    items = [line("(1)擴大查核作業（累計30%以上），", 0, 80, 0), line("(2)完善人才培育（1,200公里）", 0, 80, 14)]
    assert len(lines_to_paragraphs(items, right=100, in_cell=True)) == 2
