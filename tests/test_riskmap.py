"""Risk maps (pipeline/tables/riskmap.py): grids of likelihood by impact, printed
either way round, with figures or words on their axes, listing risks by
number or by name; and their figures given to the register's risks."""

from __future__ import annotations

from grids import cell, grid, table

from pipeline.model import Risk
from pipeline.tables import read_header
from pipeline.tables.riskmap import apply_risk_maps, read_risk_map


def map_with_titles_above_and_left() -> list:
    """影響程度 down the left (highest at the top), 發生機率 across the top."""
    cells = [cell(0, 2, "發生機率", col_span=3)]
    cells += [cell(1, c, t) for c, t in zip([2, 3, 4], ["幾乎不可能(1)", "可能(2)", "幾乎確定(3)"])]
    cells += [cell(2, 0, "影響程度", row_span=3)]
    rows = [("非常嚴重(3)", ["", "2", "1、4"]), ("嚴重(2)", ["R3", "", ""]), ("輕微(1)", ["", "5,6", ""])]
    for r, (label, body) in enumerate(rows, start=2):
        cells += [cell(r, 1, label)] + [cell(r, c, t) for c, t in enumerate(body, start=2)]
    return cells


def placed(risk_map) -> list[tuple]:
    return sorted((mc.refs, mc.impact, mc.likelihood) for mc in risk_map.cells)


def test_a_map_with_figures_on_its_axes_places_each_listed_risk() -> None:
    t = table(map_with_titles_above_and_left(), [1] * 5, [False] * 5)
    risk_map = read_risk_map(t)
    assert placed(risk_map) == [(("1", "4"), 3, 3), (("2",), 3, 2), (("3",), 2, 1), (("5", "6"), 1, 2)]
    # its box is the cell's: row 2 (impact 3), column 4 (likelihood 3)
    [cell_14] = [mc for mc in risk_map.cells if mc.refs == ("1", "4")]
    assert cell_14.source.bbox == (40.0, 20.0, 50.0, 30.0)
    assert read_header(t) is None or read_header(t).kind != "risk"


def test_a_map_the_other_way_round_with_words_alone_and_names_in_its_cells() -> None:
    """發生可能性 down the left, 衝擊 along the bottom, levels as words alone:
    their places give them, highest at the top and lowest at the left."""
    cells = [cell(0, 0, "發生可能性", row_span=3)]
    rows = [("很可能", ["", "", "資通安全"]), ("可能", ["", "撤館\n僑民危安事件", ""]), ("不太可能", ["斷交", "", ""])]
    for r, (label, body) in enumerate(rows):
        cells += [cell(r, 1, label)] + [cell(r, c, t) for c, t in enumerate(body, start=2)]
    cells += [cell(3, c, t) for c, t in zip([2, 3, 4], ["輕微", "嚴重", "非常嚴重"])]
    cells += [cell(4, 2, "衝擊程度", col_span=3)]
    risk_map = read_risk_map(table(cells, [1] * 5, [False] * 5))
    assert placed(risk_map) == [
        (("撤館", "僑民危安事件"), 2, 2),
        (("斷交",), 1, 1),
        (("資通安全",), 3, 3),
    ]


def test_a_register_is_no_map() -> None:
    t = grid([["風險項目", "影響程度", "發生機率", "控制措施"], ["1. 斷交", "3", "2", "建立指標。"]])
    assert read_risk_map(t) is None


def risk(number: str, name: str, impact: int | None = None, likelihood: int | None = None) -> Risk:
    return Risk(number, name, ("辦理。",), ("秘書處",), 1, impact=impact, likelihood=likelihood)


def test_the_map_fills_the_figures_the_register_leaves_out_and_notes_where_they_differ() -> None:
    risk_map = read_risk_map(table(map_with_titles_above_and_left(), [1] * 5, [False] * 5))
    risks = [risk("1", "斷交"), risk("2", "撤館", 3, 2), risk("3", "資通安全", 3, 3), risk("4", "僑民危安")]
    out, notes = apply_risk_maps(risks, [risk_map])
    assert [(r.impact, r.likelihood) for r in out] == [(3, 3), (3, 2), (3, 3), (3, 3)]
    assert dict(out[0].provenance.fields)["impact"][0].bbox == (40.0, 20.0, 50.0, 30.0)
    # a risk the register gives its figures still points to its place on the map
    assert dict(out[1].provenance.fields)["risk_map"][0].bbox == (30.0, 20.0, 40.0, 30.0)
    assert "impact" not in dict(out[1].provenance.fields)
    assert [(n.code, n.message) for n in notes] == [
        (
            "risk_map_disagrees",
            "risk 3 (資通安全): the register reads impact 3, likelihood 3; "
            "the risk map on page 1 places it at impact 2, likelihood 1",
        ),
        ("risk_map_unmatched", "the risk map lists '5': no risk of that number in the register"),
        ("risk_map_unmatched", "the risk map lists '6': no risk of that number in the register"),
    ]


def test_names_one_a_line_that_ran_together_are_told_apart_by_the_registers_names() -> None:
    """Each name filled its line, so the lines read as one wrapped paragraph."""
    cells = [cell(0, 0, "發生機率", row_span=3)]
    rows = [("3", ["", "", "斷交撤館"]), ("2", ["", "", ""]), ("1", ["資通安全", "", ""])]
    for r, (label, body) in enumerate(rows):
        cells += [cell(r, 1, label)] + [cell(r, c, t) for c, t in enumerate(body, start=2)]
    cells += [cell(3, c, t) for c, t in zip([2, 3, 4], ["1", "2", "3"])] + [cell(4, 2, "影響程度", col_span=3)]
    risk_map = read_risk_map(table(cells, [1] * 5, [False] * 5))
    out, notes = apply_risk_maps([risk("1", "斷交"), risk("2", "資通安全"), risk("3", "撤館")], [risk_map])
    assert [(r.impact, r.likelihood) for r in out] == [(3, 3), (1, 1), (3, 3)] and notes == []


def test_an_axis_title_cut_by_a_stray_ruling_still_has_all_its_labels_beside_it() -> None:
    """A word processor's merged title over three rows, read as one empty row and a title over two."""
    cells = [cell(0, 0, ""), cell(1, 0, "可能性", row_span=2)]
    rows = [("3", ["", "撤館", ""]), ("2", ["", "", ""]), ("1", ["斷交", "", ""])]
    for r, (label, body) in enumerate(rows):
        cells += [cell(r, 1, label)] + [cell(r, c, t) for c, t in enumerate(body, start=2)]
    cells += [cell(3, c, t) for c, t in zip([2, 3, 4], ["1", "2", "3"])] + [cell(4, 2, "衝擊程度", col_span=3)]
    risk_map = read_risk_map(table(cells, [1] * 5, [False] * 5))
    assert placed(risk_map) == [(("撤館",), 2, 3), (("斷交",), 1, 1)]


def test_a_title_cut_from_its_empty_rest_is_still_the_axis_and_a_name_below_a_title_word_is_not() -> None:
    """發生機率 down three rows, read as one row with the title and an empty
    cell over two (a word processor's map, the round trip's rt00100-docx);
    a listed risk's name says 影響 with empty cells below it too."""
    cells = [cell(0, 0, "", row_span=2, col_span=2), cell(0, 2, "衝擊程度", col_span=3)]
    cells += [cell(1, c, t) for c, t in zip([2, 3, 4], ["1\n輕微", "2\n嚴重", "3\n非常嚴重"])]
    cells += [cell(2, 0, "發生機率"), cell(3, 0, "", row_span=2)]
    rows = [("3\n幾乎確定", ["颱風影響交通", "", ""]), ("2\n可能", ["", "", "撤館"]), ("1\n幾乎不可能", ["", "", ""])]
    for r, (label, body) in enumerate(rows, start=2):
        cells += [cell(r, 1, label)] + [cell(r, c, t) for c, t in enumerate(body, start=2)]
    risk_map = read_risk_map(table(cells, [1] * 5, [False] * 5))
    assert placed(risk_map) == [(("撤館",), 3, 2), (("颱風影響交通",), 1, 3)]
