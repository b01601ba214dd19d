"""A risk table's assessment columns (pipeline/tables/assessment.py): each
known by its label and what it holds, and every other printed column kept in
extra. The registers are written here by hand, as agencies print them."""

from __future__ import annotations

import pytest
from grids import cell, grid, table

from pipeline.tables import read_header, risk_records
from pipeline.tables.assessment import figure_notes, hints, read_figure, score_notes


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("3", (3, "")),
        ("３", (3, "")),
        ("3（嚴重）", (3, "嚴重")),
        ("嚴重(3)", (3, "嚴重")),
        ("3 非常嚴重", (3, "非常嚴重")),
        ("嚴重", (None, "嚴重")),
        ("高度", (None, "高度")),
        ("依要點辦理，並定期演練。", None),
        ("", None),
    ],
)
def test_a_level_is_read_as_its_figure_and_its_word(text: str, reading: tuple | None) -> None:
    assert read_figure(text) == reading


@pytest.mark.parametrize(
    ("label", "named"),
    [
        ("影響程度", {"impact"}),
        ("衝擊程度", {"impact"}),
        ("後果嚴重性", {"impact"}),
        ("發生可能性", {"likelihood"}),
        ("機率", {"likelihood"}),
        ("風險值", {"risk_score"}),
        ("風險分數", {"risk_score"}),
        ("風險等級", {"risk_level"}),
        ("風險情境", {"scenario"}),
        ("備註", set()),
        ("經費", set()),
    ],
)
def test_a_label_names_a_field_in_the_templates_words_or_a_stem_of_them(label: str, named: set) -> None:
    assert hints(label) == named


REGISTER = [
    ["風險項目", "風險情境", "影響程度", "發生機率", "風險值", "風險等級", "控制措施", "負責單位", "備註"],
    ["1. 斷交", "友邦與我終止外交關係", "3", "2", "6", "中度", "1. 建立指標。", "亞太司", ""],
    ["2. 撤館", "駐外館處因戰亂撤離", "3（非常嚴重）", "3", "9", "高度", "依要點辦理。", "各地域司", "持續追蹤"],
    ["3. 資通安全", "網站遭攻擊", "嚴重(2)", "1", "2", "低度", "加強稽核。", "資訊處", ""],
]


def assessment(risk) -> tuple:
    return (risk.risk_number, risk.scenario, risk.impact, risk.likelihood, risk.risk_score, risk.risk_level)


def test_a_register_in_the_templates_words_gives_every_figure() -> None:
    t = grid(REGISTER)
    header = read_header(t)
    risks = risk_records(t, header)
    assert [assessment(r) for r in risks] == [
        ("1", "友邦與我終止外交關係", 3, 2, 6, "中度"),
        ("2", "駐外館處因戰亂撤離", 3, 3, 9, "高度"),
        ("3", "網站遭攻擊", 2, 1, 2, "低度"),
    ]
    assert [r.extra for r in risks] == [(("備註", ""),), (("備註", "持續追蹤"),), (("備註", ""),)]
    assert figure_notes(t, header.rows, header.columns) == [] and score_notes(risks) == []


def test_the_product_of_two_columns_is_the_score_and_their_labels_say_which_is_the_impact() -> None:
    """Labels in no template wording: 可能性 shares a stem with 發生可能性,
    and 危害 with none, but it is the other factor of the score."""
    rows = [["風險項目", "可能性", "危害", "總分", "控制措施", "負責單位"]]
    rows += [
        [f"{n}. 風險{n}", str(lik), str(imp), str(lik * imp), "辦理。", "秘書處"]
        for n, lik, imp in [(1, 2, 3), (2, 1, 1), (3, 3, 2), (4, 2, 2)]
    ]
    t = grid(rows)
    header = read_header(t)
    assert {f: header.columns[f] for f in ("likelihood", "impact", "risk_score")} == {
        "likelihood": (1,),
        "impact": (2,),
        "risk_score": (3,),
    }
    assert [(r.impact, r.likelihood, r.risk_score) for r in risk_records(t, header)] == [
        (3, 2, 6),
        (1, 1, 1),
        (2, 3, 6),
        (2, 2, 4),
    ]


def test_factors_whose_labels_say_nothing_stay_in_extra_beside_their_score() -> None:
    rows = [["風險項目", "甲", "乙", "總分", "控制措施", "負責單位"]]
    rows += [
        [f"{n}. 風險{n}", str(a), str(b), str(a * b), "辦理。", "秘書處"]
        for n, a, b in [(1, 2, 3), (2, 3, 3), (3, 1, 2)]
    ]
    t = grid(rows)
    risks = risk_records(t, read_header(t))
    assert [(r.impact, r.likelihood, r.risk_score) for r in risks] == [
        (None, None, 6),
        (None, None, 9),
        (None, None, 2),
    ]
    assert risks[0].extra == (("甲", "2"), ("乙", "3"))


def test_a_column_of_figures_that_is_no_product_and_whose_label_says_nothing_is_no_field() -> None:
    rows = [["風險項目", "控制措施", "負責單位", "辦理年度"]]
    rows += [[f"{n}. 風險{n}", "辦理。", "秘書處", str(y)] for n, y in [(1, 12), (2, 13), (3, 14)]]
    t = grid(rows)
    header = read_header(t)
    assert header.columns == {"risk": (0,), "measures": (1,), "owners": (2,), "extra.辦理年度": (3,)}


def test_a_word_alone_leaves_the_figure_empty_and_a_score_not_the_product_is_noted() -> None:
    rows = [REGISTER[0][:7] + ["負責單位"]]
    rows += [["1. 斷交", "友邦斷交", "非常嚴重", "2", "6", "中度", "建立指標。", "亞太司"]]
    rows += [["2. 撤館", "撤離", "2", "2", "6", "中度", "依要點辦理。", "各地域司"]]
    t = grid(rows)
    header = read_header(t)
    risks = risk_records(t, header)
    assert [(r.impact, r.likelihood, r.risk_score) for r in risks] == [(None, 2, 6), (2, 2, 6)]
    [word] = figure_notes(t, header.rows, header.columns)
    assert (word.code, word.message) == (
        "risk_figure_word",
        "row 1 of a risk table: impact is printed as the word '非常嚴重' without a figure; impact is left empty",
    )
    [mismatch] = score_notes(risks)
    assert (mismatch.code, mismatch.message) == (
        "risk_score_mismatch",
        "risk 2 (撤館): the printed score 6 is not impact 2 × likelihood 2",
    )


def test_the_residual_score_under_a_residual_header_and_its_factors_in_extra() -> None:
    """Two header rows, as the template's 風險評估及處理彙整表: the current
    assessment and the residual one each over impact, likelihood and score."""
    top = ["風險項目", "現有風險對策", "現有風險", "新增風險對策", "殘餘風險", "負責單位"]
    cells = [cell(0, 0, top[0], row_span=2), cell(0, 1, top[1], row_span=2), cell(0, 2, top[2], col_span=3)]
    cells += [cell(0, 5, top[3], row_span=2), cell(0, 6, top[4], col_span=3), cell(0, 9, top[5], row_span=2)]
    cells += [cell(1, c, t) for c, t in zip([2, 3, 4, 6, 7, 8], ["影響程度", "發生機率", "風險值"] * 2)]
    body = [
        ["1. 斷交", "建立指標。", "3", "2", "6", "加強聯繫。", "2", "2", "4", "亞太司"],
        ["2. 撤館", "依要點辦理。", "3", "3", "9", "演練。", "3", "1", "3", "各地域司"],
    ]
    cells += [cell(r, c, t) for r, row in enumerate(body, start=2) for c, t in enumerate(row)]
    t = table(cells, [1] * 4, [False] * 4)
    risks = risk_records(t, read_header(t))
    assert [(r.measures, r.impact, r.likelihood, r.risk_score, r.residual_score) for r in risks] == [
        (("建立指標。",), 3, 2, 6, 4),
        (("依要點辦理。",), 3, 3, 9, 3),
    ]
    assert risks[0].extra == (("新增風險對策", "加強聯繫。"), ("殘餘風險影響程度", "2"), ("殘餘風險發生機率", "2"))


def test_a_single_residual_column_is_the_residual_score() -> None:
    rows = [REGISTER[0][:5] + ["控制措施", "負責單位", "殘餘風險值"]]
    rows += [["1. 斷交", "友邦斷交", "3", "2", "6", "建立指標。", "亞太司", "3"]]
    rows += [["2. 撤館", "撤離", "2", "2", "4", "依要點辦理。", "各地域司", "2"]]
    t = grid(rows)
    assert [r.residual_score for r in risk_records(t, read_header(t))] == [3, 2]


def test_a_level_a_narrow_cell_wraps_a_character_a_line_is_one_figure() -> None:
    rows = [["風險項目", "影響程度", "發生機率", "控制措施", "負責單位", "殘餘風險影響程度"]]
    rows += [["1. 斷交", "3（非\n常\n嚴\n重\n）", "2（可\n能\n）", "建立指標。", "亞太司", "極輕微\n(1)"]]
    t = grid(rows)
    [risk] = risk_records(t, read_header(t))
    assert (risk.impact, risk.likelihood, risk.extra) == (3, 2, (("殘餘風險影響程度", "極輕微(1)"),))


def test_a_factor_printed_as_words_alone_is_its_field_by_its_label() -> None:
    """發生頻率 over 可能 / 罕見: the likelihood, its figures empty (the map may give them)."""
    rows = [["風險項目", "發生頻率", "控制措施", "負責單位"]]
    rows += [["1. 斷交", "可能", "建立指標。", "亞太司"], ["2. 撤館", "罕見", "依要點辦理。", "各地域司"]]
    t = grid(rows)
    header = read_header(t)
    assert header.columns["likelihood"] == (1,)
    assert [r.likelihood for r in risk_records(t, header)] == [None, None]
    assert [n.message for n in figure_notes(t, header.rows, header.columns)] == [
        "row 1 of a risk table: likelihood is printed as the word '可能' without a figure; likelihood is left empty",
        "row 2 of a risk table: likelihood is printed as the word '罕見' without a figure; likelihood is left empty",
    ]


SCANNED = [["風險項目", "控制措施", "負責單位", "影響程度", "發生機率", "風險值"]]
SCANNED += [
    [f"{n}. 風險{n}", "辦理。", "秘書處", str(a), str(b), score]
    for n, (a, b, score) in enumerate([(5, 2, "10"), (1, 1, "1"), (5, 5, "2.5"), (3, 3, "9"), (2, 2, "4")], start=1)
]


def test_a_score_misread_with_a_speck_among_its_digits_is_its_row_s_product() -> None:
    """A scanned register's 25 read as 2.5: the column is still the score, and
    the cell's own digits, being impact × likelihood, are its figure."""
    t = grid(SCANNED)
    header = read_header(t)
    assert header.columns["risk_score"] == (5,)
    assert [r.risk_score for r in risk_records(t, header)] == [10, 1, 25, 9, 4]
    [note] = figure_notes(t, header.rows, header.columns)
    assert (note.code, note.message) == (
        "risk_figure_unreadable",
        "row 3 of a risk table: risk_score reads '2.5', which is no figure; "
        "its digits are impact × likelihood, taken as 25",
    )


def test_a_score_misread_with_a_speck_read_as_a_sign_is_its_row_s_product_too() -> None:
    rows = [row[:5] + (["2 #5"] if row[5] == "2.5" else row[5:]) for row in SCANNED]
    t = grid(rows)
    assert [r.risk_score for r in risk_records(t, read_header(t))] == [10, 1, 25, 9, 4]


def test_a_misread_figure_whose_digits_are_not_the_product_is_left_empty() -> None:
    rows = [row[:5] + (["3.5"] if row[5] == "2.5" else row[5:]) for row in SCANNED]
    t = grid(rows)
    header = read_header(t)
    assert [r.risk_score for r in risk_records(t, header)] == [10, 1, None, 9, 4]
    assert [n.message.split("; ")[1] for n in figure_notes(t, header.rows, header.columns)] == [
        "risk_score is left empty"
    ]


def test_two_misread_figures_leave_the_column_in_extra() -> None:
    rows = [row[:5] + (["2.5"] if row[5] in ("2.5", "9") else row[5:]) for row in SCANNED]
    t = grid(rows)
    header = read_header(t)
    assert "risk_score" not in header.columns and "extra.風險值" in header.columns
