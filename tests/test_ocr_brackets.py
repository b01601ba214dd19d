"""Brackets a line gives no paper to measure (pipeline/ocr/brackets.py):
told by the cell's margin, or by the page's other figures' brackets. The
values are those read off the scanned corpus's pages named."""

from __future__ import annotations

from pipeline.model import Glyph
from pipeline.ocr.brackets import (
    FigureBracket,
    agree_figure_brackets,
    brackets_by_page_margin,
    cell_margin,
    figure_brackets,
    items_by_most,
    margin_widths,
    page_margin,
    unmeasured_openers,
)


def told_by_margin(spans: list[tuple[int, int]], firsts: list[str], em: int, width: int) -> dict[int, bool]:
    return margin_widths(spans, firsts, cell_margin(spans, firsts, em, width), em)


def test_a_cells_margin_tells_the_width_of_a_bracket_opening_a_line() -> None:
    # rt00016-html-scan200's KPI cell (tests/fixtures/lines/rt00016-html-scan200-
    # weights-wrapped-alone-cell.png): its lines' inked columns, its em (38 px) and width
    spans = [(12, 580), (32, 557), (12, 578), (32, 557), (12, 577), (12, 576), (12, 578), (12, 576), (32, 564)]
    firsts = ["(", "（", "(", "（", "(", "（", "度", "(", "（"]
    told = {0: False, 1: True, 2: False, 3: True, 4: False, 5: False, 7: False, 8: True}
    assert told_by_margin(spans, firsts, 38, 588) == told
    # no line opening with an ideograph: no margin to measure from
    assert told_by_margin(spans[:3], ["(", "（", "("], 38, 588) == {}
    # an indent or a centred line, well over half an em in, says nothing;
    # nor an item's number hanging left of its text's margin
    assert told_by_margin([(12, 500), (60, 300)], ["度", "（"], 38, 588) == {}
    assert told_by_margin([(12, 500), (50, 500)], ["(", "推"], 38, 588) == {}
    # a centred cell (rt00023-html-scan300's level, 嚴重 over (4)): its (4)
    # starts 0.44 em right of 嚴 but the cell has no margin
    assert told_by_margin([(41, 124), (59, 106)], ["嚴", "（"], 41, 163) == {}
    assert told_by_margin([(4, 87), (22, 69)], ["嚴", "（"], 41, 163) == {1: True}  # the same lines at a cell's left
    # a justified cell padded alike either side (rt00025-docx-scan300: 0.55 em) is not centred
    assert told_by_margin([(20, 515), (25, 514), (44, 502)], ["數", "(", "（"], 36, 533) == {1: False, 2: True}


def glyphs(text: str) -> list[Glyph]:
    return [Glyph(ch, 10.0 * i, 0.0, 10.0 * i + 9, 12.0, 12.0) for i, ch in enumerate(text)]


def test_a_figures_brackets_are_told_or_alone_on_their_line() -> None:
    # 非常嚴重(5), its ( measured half-width; a (4) wrapped alone under 嚴重
    assert figure_brackets(list("非常嚴重(5)"), 10, {4: False}) == [FigureBracket(14, 16, False)]
    assert figure_brackets(list("（4）"), 3, {}) == [FigureBracket(3, 5, None)]
    assert figure_brackets(list("(25%)；"), 0, {}) == [FigureBracket(0, 4, None)]
    # untold and not alone on its line, or not a figure alone: none
    assert figure_brackets(list("培育(25%)，建立"), 0, {}) == []
    assert figure_brackets(list("（111年）"), 0, {}) == []
    assert figure_brackets(list("(1)推動"), 0, {}) == []


def test_a_page_prints_its_figures_brackets_alike() -> None:
    # rt00023-html-scan300, page 6: levels 嚴重 / (4) wrapped alone in centred
    # cells, read （4） after the ideograph above, and 非常嚴重(5) measured half-width
    page = glyphs("嚴重（4）非常嚴重(5)")
    brackets = [FigureBracket(2, 4, None), FigureBracket(9, 11, False)]
    assert "".join(g.text for g in agree_figure_brackets(page, brackets)) == "嚴重(4)非常嚴重(5)"
    # the page's measured ones disagree, or none was measured: left as read
    mixed = [*brackets, FigureBracket(0, 1, True)]
    assert agree_figure_brackets(page, mixed) == page
    assert agree_figure_brackets(page, brackets[:1]) == page


def test_a_cell_without_a_margin_of_its_own_is_measured_from_the_pages() -> None:
    # rt00025-docx-scan300, page 4: a KPI cell whose lines all open with a
    # bracket, the line between them (度。) read with the next item. Its
    # lines' ink starts at 44 px ((1) full-width, its ink half an em in) and
    # at 25 px (the weight (25%), half-width); the page's cells start theirs at 21.
    cell = glyphs("（1）精進森林") + glyphs("（25%），加強") + glyphs("（2）完成驗收")
    lines = [(0, 7, (2, None)), (7, 8, None), (15, 7, (2, None))]
    spans = [(44, 500), (25, 512), (44, 500)]
    openers = unmeasured_openers(lines, spans, ["（", "（", "（"], 36)
    assert [o.start for o in openers] == [44, 25, 44]
    assert page_margin([21, 22, 20, 21, 60]) == 21  # a cell of a centred column's, too far in, is outvoted
    weight = FigureBracket(7, 11, None)
    read, figures = brackets_by_page_margin(cell, openers, 21, [weight])
    assert "".join(g.text for g in read) == "（1）精進森林(25%)，加強（2）完成驗收"
    assert figures == [FigureBracket(7, 11, False)]  # now measured: the page's other figures may follow it


def test_a_lists_items_take_the_width_most_of_them_were_told() -> None:
    # mofa-099-plan-scanned, a key plan's cell: （一） and （二） start 0.65 em
    # right of the margin (13 px, em 40); （三）配合「…」, a justified line squeezed
    # to fit, set its （ against it (15 px)
    spans = [(15, 532), (39, 1383), (13, 422), (39, 1264), (15, 1366), (15, 1382)]
    firsts = ["四", "（", "紙", "（", "（", "進"]
    told = told_by_margin(spans, firsts, 40, 1396)
    assert told == {1: True, 3: True, 4: False}
    lines = [
        (0, 12, None),
        (12, 14, (2, None)),
        (26, 10, None),
        (36, 14, (2, None)),
        (50, 14, (2, None)),
        (64, 14, None),
    ]
    assert items_by_most(told, lines) == {1: True, 3: True, 4: True}
    # a weight wrapped alone is no item: it keeps its own width; a tie tells nothing
    assert items_by_most({1: True, 2: False}, [(0, 5, (2, None)), (5, 5, (2, None)), (10, 5, None)]) == {
        1: True,
        2: False,
    }
    assert items_by_most({0: True, 1: False}, [(0, 5, (2, None)), (5, 5, (2, None))]) == {0: True, 1: False}
