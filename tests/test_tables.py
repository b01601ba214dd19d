"""tables: header matching, numbers, targets, measures and owners, merged and cut rows."""

from __future__ import annotations

from dataclasses import replace

import pytest
from grids import cell, table

from pipeline.model import Cell, Table
from pipeline.tables import (
    SCHEMAS,
    grid_notes,
    key_plan_records,
    kpi_records,
    leading_number,
    match_field,
    read_header,
    risk_records,
    split_measures,
    split_number,
    split_owners,
    split_target,
)


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("95 人次", "95", "人次"),
        ("0.08%", "0.08", "%"),
        ("1,500 次", "1500", "次"),
        ("30 百分比", "30", "百分比"),
        ("1 是否", "1", "是否"),
        ("3 達到項數", "3", "達到項數"),
        ("無", "", ""),
        ("", "", ""),
    ],
)
def test_split_target(raw: str, value: str, unit: str) -> None:
    assert split_target(raw) == (value, unit)


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("關鍵策略目標", "goal"),
        ("策略績效目標", "goal"),
        ("衡量指標", "kpi"),
        ("108年度目標值", "target"),
        ("年度目標值", "target"),
        ("與中長程個案計畫關聯", "plan_linkage"),
        ("評估體制", "eval_system"),
        ("衡 量 標 準", "standard"),
        ("御青煙海", None),
    ],
)
def test_kpi_header_words_map_to_fields(label: str, field: str | None) -> None:
    hit = match_field(label, SCHEMAS["kpi"])
    assert (hit[0] if hit else None) == field


@pytest.mark.parametrize("label", ["風險情境", "發生機率", "風險值", "備註", "預算金額（千元）"])
def test_printed_columns_outside_the_contract_map_to_no_field(label: str) -> None:
    assert match_field(label, SCHEMAS["risk"]) is None
    assert match_field(label, SCHEMAS["key_plan"]) is None


def test_damaged_header_still_matches() -> None:
    assert match_field("評估体制", SCHEMAS["kpi"])[0] == "eval_system"  # one character wrong
    assert match_field("與KPI關聯", SCHEMAS["key_plan"])[0] == "kpi_links"


@pytest.mark.parametrize(
    ("text", "expected", "number", "rest"),
    [
        ("一鞏固我與邦交國外交關係", 1, "一", "鞏固我與邦交國外交關係"),
        ("一般行政業務", 2, "", "一般行政業務"),
        ("1 深化與友邦高層政要之情誼", 1, "1", "深化與友邦高層政要之情誼"),
        ("三、提升效能（25%）", 3, "三", "提升效能（25%）"),
        ("2.依「外交危機處理要點」辦理", 2, "2", "依「外交危機處理要點」辦理"),
        ("十一 提升", 11, "十一", "提升"),
        ("（四）推動數位服務，提升行政效能", 2, "四", "推動數位服務，提升行政效能"),
        ("四推動數位服務", 2, "", "四推動數位服務"),
    ],
)
def test_split_number(text: str, expected: int, number: str, rest: str) -> None:
    assert split_number(text, expected) == (number, rest)


def test_unnumbered_measures_are_one_per_paragraph() -> None:
    measures = ("落實資通安全管理制度。", "建立異地備份機制。")
    assert split_measures("\n".join(measures)) == measures


def test_a_paragraph_between_numbered_measures_carries_on_the_one_before() -> None:
    assert split_measures("1.落實資通安全管理制度，\n並定期檢討。\n2.建立備份機制。") == (
        "落實資通安全管理制度，並定期檢討。",
        "建立備份機制。",
    )


def test_leading_number_needs_something_after_it() -> None:
    assert leading_number("3") is None
    assert leading_number("2 百分比") == ("2", "百分比")


def test_measures_split_on_their_own_numbers_and_wraps_stay_joined() -> None:
    text = "1. 建立指標預測中國大陸對台灣『邦交國』的活動和影響。\n2. 依「外交危機處理要點」辦理。"
    assert split_measures(text) == (
        "建立指標預測中國大陸對台灣『邦交國』的活動和影響。",
        "依「外交危機處理要點」辦理。",
    )
    assert split_measures("依外交部頒「外交危機處理要點」規定辦理。") == ("依外交部頒「外交危機處理要點」規定辦理。",)


def test_owners_split_on_enumeration_commas_and_wrapped_units_rejoin() -> None:
    assert split_owners("亞太司、亞非\n司、歐洲司、拉美司") == ("亞太司", "亞非司", "歐洲司", "拉美司")
    assert split_owners("各地域司、領\n務局") == ("各地域司", "領務局")
    assert split_owners("禮賓處\n各地域司") == ("禮賓處", "各地域司")


def ocr(cells: list[Cell]) -> list[Cell]:
    """The cells as OCR reads them: with its confidence."""
    return [replace(c, confidence=90.0) for c in cells]


KPI_HEADER = ["施政目標", "關鍵績效指標", "評估體制", "評估方式", "衡量標準", "年度目標值"]


def kpi_table_cut_over_a_page() -> Table:
    cells = [cell(0, c, t) for c, t in enumerate(KPI_HEADER)]
    cells += [
        cell(1, 0, "一鞏固邦交（25%）", row_span=3),
        cell(1, 1, "1 深化與友邦高"),
        cell(1, 2, "1"),
        cell(1, 3, "統計數據"),
        cell(1, 4, "我國及外國現任部長級以上政", open_end=True),
        cell(1, 5, "95 人次"),
    ]
    # row 2 is the rest of row 1, cut by the page break; the goal cell spans on
    cells += [cell(2, 1, "層政要之情誼", page=2), cell(2, 4, "要互訪人次", page=2)] + [
        cell(2, c, "", page=2) for c in (2, 3, 5)
    ]
    cells += [
        cell(3, 1, "2 我與友邦合作", page=2),
        cell(3, 2, "1", page=2),
        cell(3, 3, "統計數據", page=2),
        cell(3, 4, "合作計畫", page=2),
        cell(3, 5, "180 項", page=2),
    ]
    return table(cells, [1, 1, 2, 2], [False, False, True, False])


def test_kpi_rows_merged_goal_and_cut_row() -> None:
    t = kpi_table_cut_over_a_page()
    header = read_header(t)
    assert header is not None and header.kind == "kpi" and header.rows == 1
    kpis = kpi_records(t, header, "key")
    assert [(k.goal_number, k.goal, k.kpi_number, k.kpi, k.standard, k.target_value, k.page) for k in kpis] == [
        ("一", "鞏固邦交（25%）", "1", "深化與友邦高層政要之情誼", "我國及外國現任部長級以上政要互訪人次", "95", 1),
        ("一", "鞏固邦交（25%）", "2", "我與友邦合作", "合作計畫", "180", 2),
    ]


def kpi_rows_over_a_page(goal_on_page_1: str, goal_on_page_2: str, open_end: bool) -> list:
    """Goal 一's merged cell spans rows 1-2 on page 1 and row 3 (its fragment) on page 2."""
    cells = [cell(0, c, t) for c, t in enumerate(KPI_HEADER)]
    cells.append(cell(1, 0, goal_on_page_1, row_span=2, open_end=open_end))
    cells.append(cell(3, 0, goal_on_page_2, page=2))
    for row, page in ((1, 1), (2, 1), (3, 2)):
        cells += [cell(row, 1, f"{row} 指標{row}", page)] + [cell(row, c, "1", page) for c in (2, 3, 4, 5)]
    t = table(cells, [1, 1, 1, 2], [False, False, False, True])
    return [(k.goal_number, k.goal) for k in kpi_records(t, read_header(t), "key")]


def test_a_merged_goal_cell_whose_text_runs_on_over_the_page_is_one_goal() -> None:
    # A word processor flows the text of a merged cell cut by the page on to its fragment.
    assert kpi_rows_over_a_page("一、落實社區營造", "施政效能", open_end=True) == [("一", "落實社區營造施政效能")] * 3


def test_a_merged_goal_cell_set_on_the_page_after_is_one_goal() -> None:
    assert kpi_rows_over_a_page("", "一、落實社區營造施政效能", open_end=False) == [("一", "落實社區營造施政效能")] * 3


def test_a_goal_cell_that_ended_before_the_page_break_is_not_run_on() -> None:
    rows = kpi_rows_over_a_page("一、落實社區營造", "二、施政效能", open_end=False)
    assert rows == [("一", "落實社區營造"), ("一", "落實社區營造"), ("二", "施政效能")]


def test_key_plan_work_plan_fills_down_and_a_new_row_after_a_break_is_not_merged() -> None:
    header = ["工作計畫名稱", "重要計畫項目", "計畫類別", "實施內容"]
    cells = [cell(0, c, t) for c, t in enumerate(header)]
    cells += [
        cell(1, 0, "外交管理業務", row_span=2),
        cell(1, 1, "外交使節會議"),
        cell(1, 2, "其它"),
        cell(1, 3, "審酌需要，召開會議。"),
    ]
    cells += [
        cell(2, 1, "製作國情資料", page=2, open_end=True),
        cell(2, 2, "其它", page=2),
        cell(2, 3, "一、編印國情資料。", page=2),
    ]
    t = table(cells, [1, 1, 2], [False, False, True])
    plans = key_plan_records(t, read_header(t))
    assert [(p.work_plan, p.item, p.page) for p in plans] == [
        ("外交管理業務", "外交使節會議", 1),
        ("外交管理業務", "製作國情資料", 2),
    ]


def test_key_plan_row_cut_mid_item_is_merged_back() -> None:
    header = ["工作計畫名稱", "重要計畫項目", "實施內容"]
    cells = [cell(0, c, t) for c, t in enumerate(header)]
    cells += [
        cell(1, 0, "外交領事人員訓練"),
        cell(1, 1, "短期進修專業訓練及國際交", open_end=True),
        cell(1, 2, "一、在短期進修方面：\n（一）外語進修：辦理「全民英", open_end=True),
    ]
    cells += [cell(2, 0, "", page=2), cell(2, 1, "流", page=2), cell(2, 2, "檢考照班」等。", page=2)]
    t = table(cells, [1, 1, 2], [False, False, True])
    (plan,) = key_plan_records(t, read_header(t))
    assert plan.item == "短期進修專業訓練及國際交流"
    assert plan.content == "一、在短期進修方面：\n（一）外語進修：辦理「全民英檢考照班」等。"


def key_plan_cut_before_a_long_word(room_on_page_1: float) -> list:
    """The content cell's last line on page 1 stops short of its edge: the
    next word (a site's address, 80 pt wide) did not fit in `room_on_page_1`."""
    header = ["工作計畫名稱", "重要計畫項目", "實施內容"]
    cells = [cell(0, c, t) for c, t in enumerate(header)]
    cells += [cell(1, 0, "就業服務發展計畫"), cell(1, 1, "勞工保險基礎", open_end=True)]
    cells.append(replace(cell(1, 2, "落實人才培育，於本部網站"), room=room_on_page_1))
    cells += [cell(2, 0, "", page=2), cell(2, 1, "建設計畫", page=2)]
    cells.append(replace(cell(2, 2, "（www.gov.tw）公開資訊。", page=2), first_unit=80.0))
    t = table(cells, [1, 1, 2], [False, False, True])
    return [(p.item, p.content) for p in key_plan_records(t, read_header(t))]


def test_a_row_cut_before_a_word_too_long_for_its_line_is_merged_back() -> None:
    merged = ("勞工保險基礎建設計畫", "落實人才培育，於本部網站（www.gov.tw）公開資訊。")
    assert key_plan_cut_before_a_long_word(35.0) == [merged]


def test_a_row_whose_text_had_room_for_the_next_word_was_not_cut() -> None:
    assert len(key_plan_cut_before_a_long_word(120.0)) == 2


def test_a_cut_rows_cell_may_open_a_numbered_paragraph_on_the_next_page() -> None:
    header = ["工作計畫名稱", "重要計畫項目", "實施內容"]
    cells = [cell(0, c, t) for c, t in enumerate(header)]
    cells += [cell(1, 0, "高等教育管理"), cell(1, 1, "國際教育查核", open_end=True)]
    cells += [cell(1, 2, "1.發展高等教育推廣活動。"), cell(2, 0, "", page=2), cell(2, 1, "作業方案", page=2)]
    cells.append(cell(2, 2, "2.提升數位學習合作平臺。", page=2))
    t = table(cells, [1, 1, 2], [False, False, True])
    (plan,) = key_plan_records(t, read_header(t))
    assert (plan.item, plan.content) == ("國際教育查核作業方案", "1.發展高等教育推廣活動。\n2.提升數位學習合作平臺。")


def test_a_list_numbered_from_1_again_after_a_break_opens_a_record() -> None:
    # A generated key-plan table (distributed, Chromium): the item's name
    # fills its line at the foot of page 1, as a wrapped one would, and the
    # next page's row opens with a list of its own; a cut row's content goes
    # on with 4、, not with 1.
    header = ["重要計畫項目", "實施內容"]
    cells = [cell(0, c, t) for c, t in enumerate(header)]
    cells += [cell(1, 0, "出版產業資訊系統中程計畫", open_end=True)]
    cells.append(cell(1, 1, "1、發展國家語言查核作業(25%)\n2、完成系統建置（260件）；\n3、健全出版產業合作平臺"))
    cells += [cell(2, 0, "博物館人才培育方案", page=2), cell(2, 1, "1.完成系統建置（10%以上）\n2.提升服務。", page=2)]
    t = table(cells, [1, 1, 2], [False, False, True])
    assert [p.item for p in key_plan_records(t, read_header(t))] == ["出版產業資訊系統中程計畫", "博物館人才培育方案"]
    # a content cut between its lead and its list still goes on with 1.
    cells[-3:] = [cell(1, 1, "辦理下列事項："), cell(2, 0, "方案", page=2), cell(2, 1, "1.完成系統建置。", page=2)]
    t = table(cells, [1, 1, 2], [False, False, True])
    assert [(p.item, p.content) for p in key_plan_records(t, read_header(t))] == [
        ("出版產業資訊系統中程計畫方案", "辦理下列事項：\n1.完成系統建置。")
    ]


def test_risk_rows() -> None:
    cells = [cell(0, c, t) for c, t in enumerate(["風險項目", "控制措施", "負責單位"])]
    cells += [cell(1, 0, "1. 斷交"), cell(1, 1, "1. 建立指標。\n2. 依要點辦理。"), cell(1, 2, "亞太司、亞非司")]
    cells += [
        cell(2, 0, "5. 境外重大僑民危\n安事件"),
        cell(2, 1, "1. 依要點辦理。\n2. 即與駐在國聯繫、洽請駐在國協助", open_end=True),
        cell(2, 2, "各地域司、領務局"),
    ]
    cells += [cell(3, 0, "", page=2), cell(3, 1, "處理。\n3. 即發布新聞。", page=2), cell(3, 2, "", page=2)]
    t = table(cells, [1, 1, 1, 2], [False, False, False, True])
    risks = risk_records(t, read_header(t))
    assert [(r.risk_number, r.risk, r.measures, r.owners) for r in risks] == [
        ("1", "斷交", ("建立指標。", "依要點辦理。"), ("亞太司", "亞非司")),
        (
            "5",
            "境外重大僑民危安事件",
            ("依要點辦理。", "即與駐在國聯繫、洽請駐在國協助處理。", "即發布新聞。"),
            ("各地域司", "領務局"),
        ),
    ]


def test_table_with_no_known_header_is_not_read() -> None:
    cells = [cell(0, 0, "姓名"), cell(0, 1, "電話"), cell(1, 0, "王"), cell(1, 1, "123")]
    assert read_header(table(cells, [1, 1], [False, False])) is None


def test_a_row_without_the_records_name_opens_no_record() -> None:
    from pipeline.tables import FieldValue, is_cut_row

    def row(item: str, content: str) -> dict[str, FieldValue]:
        return {"item": FieldValue(item, covered=False), "content": FieldValue(content, covered=False)}

    previous = row("森林保育法規制度計畫", "1.提升森林保育…")
    # a rule OCR saw across a cell split it: the rest of the row above, page break or not
    assert is_cut_row("key_plan", row("", "畫，縮短城鄉落差。"), previous, after_break=False)
    assert is_cut_row("key_plan", row("", "畫，縮短城鄉落差。"), previous, after_break=True)
    assert not is_cut_row("key_plan", row("智慧農業資訊系統計畫", "1.發展…"), previous, after_break=False)


def test_the_one_header_left_over_names_the_one_field_left_over() -> None:
    """與KPI關聯 as a 200-dpi typeset scan read it (與KP / I關聯 over two
    lines): matched by nothing, yet it is the key-plans table's only column
    and kpi_links its only field without one."""
    header = ["工作計畫", "重要施政計畫項目", "計畫類別", "實施內容", "與KP一蔽聯一", "備註"]
    cells = [cell(0, c, t) for c, t in enumerate(header)]
    row = ["觀光旅遊業務", "道路安全合作平臺方案", "科技發展", "一、促進航空服務。", "無", "新興計畫"]
    cells += [cell(1, c, t) for c, t in enumerate(row)]
    t = table(ocr(cells), [1, 1], [False, False])
    assert match_field("與KP一蔽聯一", SCHEMAS["key_plan"]) is None
    assert [p.kpi_links for p in key_plan_records(t, read_header(t))] == ["無"]
    # a text layer prints its labels as they are: one that matches nothing is another column, kept in extra
    assert read_header(table(cells, [1, 1], [False, False])).columns["extra.與KP一蔽聯一"] == (4,)
    # a column nothing names takes no core field when none is left for it: it
    # is the assessment's when its label and figures say so, else an extra
    for label, field in (("發生機率", "likelihood"), ("經辦人員", "extra.經辦人員")):
        cells = [cell(0, c, t) for c, t in enumerate(["風險項目", "控制措施", "負責單位", label])]
        risk = table(
            ocr([*cells, *(cell(1, c, t) for c, t in enumerate(["資料外洩", "加強稽核。", "資訊處", "3"]))]),
            [1, 1],
            [False, False],
        )
        assert read_header(risk).columns == {"risk": (0,), "measures": (1,), "owners": (2,), field: (3,)}


def test_a_header_left_over_between_two_fields_takes_the_one_it_shares_a_character_with() -> None:
    """評估方式 as a 300-dpi browser scan read it: `式`. Two KPI fields have
    no column (評估體制 is not printed); the template sets both between the
    KPI and its standard, where the column stands, and only 評估方式 has 式."""

    def kpi_header(label: str) -> dict[str, tuple[int, ...]]:
        header = ["策略績效目標", "關鍵績效指標", label, "衡量標準", "113年度目標值"]
        cells = [cell(0, c, t) for c, t in enumerate(header)]
        row = ["（一）強化農產外銷", "森林保育合作平臺完成率", "問卷調查", "實支數÷預算數×100%", "60,000場次"]
        cells += [cell(1, c, t) for c, t in enumerate(row)]
        return read_header(table(ocr(cells), [1, 1], [False, False])).columns

    assert kpi_header("式")["eval_method"] == (2,)
    # shared with both (估), or with neither: no field is taken for it
    assert "eval_method" not in kpi_header("估") and "eval_system" not in kpi_header("估")
    assert "eval_method" not in kpi_header("調查")


def test_a_misread_header_does_not_add_its_column_to_a_field_another_header_names() -> None:
    """風險值 as a 300-dpi browser scan read it, 風險自: closer to 風險 than to
    風險值, it took the risk's field, and each risk's value was glued to its
    name (資料外洩或遭竄改1). It is the score: a label near 風險值 over a figure."""
    header = ["風險項目", "風險自", "控制措施", "負責單位"]
    cells = [cell(0, c, t) for c, t in enumerate(header)]
    cells += [cell(1, c, t) for c, t in enumerate(["1.資料外洩或遭竄改", "1", "1.預擬教育訓練。", "政風處"])]
    t = table(cells, [1, 1], [False, False])
    assert read_header(t).columns == {"risk": (0,), "risk_score": (1,), "measures": (2,), "owners": (3,)}
    assert [r.risk for r in risk_records(t, read_header(t))] == ["資料外洩或遭竄改"]


def test_a_kpi_number_read_as_an_ideograph_is_numbered_from_the_one_before() -> None:
    """7 as 200- and 300-dpi scans of three producers read it: 了, in the
    number column under 關鍵績效指標, which spans number and name."""
    header = ["策略績效目標", "關鍵績效指標", "關鍵績效指標", "衡量標準", "年度目標值"]
    cells = [cell(0, c, t) for c, t in enumerate(header)]
    cells.append(cell(1, 0, "三、辦理主計資訊資源配置", row_span=3))
    rows = ((1, "6", "會計制度服務據點完成率"), (2, "了", "物價統計監測網絡成長率"), (3, "一", "人事"))
    for row, number, name in rows:
        cells += [cell(row, 1, number), cell(row, 2, name), cell(row, 3, "實支數÷預算數"), cell(row, 4, "95%")]
    t = table(cells, [1, 1, 1, 1], [False] * 4)
    header_found = read_header(t)
    kpis = kpi_records(t, header_found, "key")
    assert [(k.kpi_number, k.kpi) for k in kpis[:2]] == [("6", rows[0][2]), ("7", "物價統計監測網絡成長率")]
    assert kpis[2].kpi_number == "一"  # a numeral is a number, whatever its style
    (note,) = grid_notes(t, header_found)
    assert (note.code, note.page) == ("kpi_number_inferred", 1)
    assert note.message == (
        "row 2 of a kpi table: its number cell reads '了', no number; the KPI is numbered from the one before"
    )


@pytest.mark.parametrize("label", ["項次", "", "No.", "風險編號"])
def test_a_number_column_of_its_own_is_the_risks_number_whatever_its_label(label: str) -> None:
    cells = [cell(0, c, t) for c, t in enumerate([label, "風險項目", "控制措施", "負責單位"])]
    for r, (number, risk) in enumerate([("1", "斷交"), ("2", "僑民危安事件"), ("3", "資通安全")], start=1):
        cells += [cell(r, 0, number), cell(r, 1, risk), cell(r, 2, "依要點辦理。"), cell(r, 3, "亞太司")]
    t = table(cells, [1] * 4, [False] * 4)
    header = read_header(t)
    assert header.columns["risk"] == (0, 1)
    assert [(r.risk_number, r.risk) for r in risk_records(t, header)] == [
        ("1", "斷交"),
        ("2", "僑民危安事件"),
        ("3", "資通安全"),
    ]


def test_number_columns_of_their_own_number_goals_and_kpis_kpis_anew_under_each_goal() -> None:
    labels = ["", "施政目標", "編號", "關鍵績效指標", "衡量標準", "年度目標值"]
    cells = [cell(0, c, t) for c, t in enumerate(labels)]
    rows = [("一", "鞏固邦交", "1", "政要互訪"), (None, None, "2", "合作計畫"), ("二", "參與國際組織", "1", "參與會議")]
    for r, (goal_number, goal, kpi_number, kpi) in enumerate(rows, start=1):
        if goal:
            span = 2 if goal_number == "一" else 1
            cells += [cell(r, 0, goal_number, row_span=span), cell(r, 1, goal, row_span=span)]
        cells += [cell(r, 2, kpi_number), cell(r, 3, kpi), cell(r, 4, "次數"), cell(r, 5, "5 次")]
    t = table(cells, [1] * 4, [False] * 4)
    header = read_header(t)
    assert (header.columns["goal"], header.columns["kpi"]) == ((0, 1), (2, 3))
    assert [(k.goal_number, k.goal, k.kpi_number, k.kpi) for k in kpi_records(t, header, "key")] == [
        ("一", "鞏固邦交", "1", "政要互訪"),
        ("一", "鞏固邦交", "2", "合作計畫"),
        ("二", "參與國際組織", "1", "參與會議"),
    ]


@pytest.mark.parametrize(
    ("label", "numbers"),
    [
        ("", ["3", "1", "2"]),  # small figures that do not count up: an impact, not a number
        ("影響程度", ["1", "2", "3"]),  # a printed column the contract leaves out, though it counts up
        ("", ["1", "2", "第三項"]),  # text, not numbers alone
    ],
)
def test_a_column_that_is_no_number_column_is_left_alone(label: str, numbers: list[str]) -> None:
    cells = [cell(0, c, t) for c, t in enumerate([label, "風險項目", "控制措施", "負責單位"])]
    for r, number in enumerate(numbers, start=1):
        cells += [cell(r, 0, number), cell(r, 1, f"風險{r}"), cell(r, 2, "依要點辦理。"), cell(r, 3, "亞太司")]
    header = read_header(table(cells, [1] * 4, [False] * 4))
    assert header.columns["risk"] == (1,)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1),
        ("1.", 1),
        ("１、", 1),
        ("（一）", 1),
        ("十二", 12),
        (" 7 ", 7),
        ("R1", None),
        ("1 斷交", None),
        ("了", None),
    ],
)
def test_bare_number(text: str, value: int | None) -> None:
    from pipeline.tables import bare_number

    assert bare_number(text) == value


def key_plan_table(labels: list[str], rows: list[tuple[str | None, str, str, str]]) -> Table:
    """A key-plan grid: (work plan, or None where the one above spans on; item; category; content)."""
    cells = [cell(0, c, t) for c, t in enumerate(labels)]
    for r, (work_plan, item, category, content) in enumerate(rows, start=1):
        if work_plan is not None:
            span = next((i for i, later in enumerate(rows[r:], start=1) if later[0] is not None), len(rows) - r + 1)
            cells.append(cell(r, 0, work_plan, row_span=span))
        cells += [cell(r, 1, item), cell(r, 2, category), cell(r, 3, content)]
    return table(cells, [1] * (len(rows) + 1), [False] * (len(rows) + 1))


PLANS = [
    ("文化資產業務", "古蹟修復", "公共建設", "1.完成古蹟修復。"),
    (None, "文化資產數位化", "科技發展", "建置資料庫。"),
    (None, "傳統藝術保存", "公共建設", "辦理傳習計畫。"),
    ("藝文推廣業務", "社區藝文活動", "社會發展", "補助社區藝文活動。"),
]


def test_key_plan_columns_under_labels_the_template_does_not_use_are_known_by_what_they_hold() -> None:
    t = key_plan_table(["業務別", "施政重點", "屬性", "實施內容"], PLANS)
    header = read_header(t)
    assert header.kind == "key_plan"
    assert header.columns == {"work_plan": (0,), "item": (1,), "category": (2,), "content": (3,)}
    plans = key_plan_records(t, header)
    assert [(p.work_plan, p.item, p.category) for p in plans] == [
        ("文化資產業務", "古蹟修復", "公共建設"),
        ("文化資產業務", "文化資產數位化", "科技發展"),
        ("文化資產業務", "傳統藝術保存", "公共建設"),
        ("藝文推廣業務", "社區藝文活動", "社會發展"),
    ]


def test_an_unknown_column_whose_cells_are_not_grouped_is_no_work_plan_and_many_kinds_no_category() -> None:
    rows = [(f"說明{r}", f"項目{r}", f"第{r}類別說明", "內容。") for r in range(1, 5)]
    t = key_plan_table(["業務別", "重要計畫項目", "屬性", "實施內容"], rows)
    assert read_header(t).columns == {"item": (1,), "content": (3,), "extra.業務別": (0,), "extra.屬性": (2,)}


def test_a_printed_column_outside_the_contract_is_kept_and_its_merged_cell_fills_down_over_a_page_break() -> None:
    """權重 merged over a goal's three KPIs, cut by the page break after the
    second: its text is printed on the first page, its fragment is empty."""
    header = ["施政目標", "權重", "關鍵績效指標", "年度目標值", "備註"]
    cells = [cell(0, c, t) for c, t in enumerate(header)]
    cells += [cell(1, 0, "一、鞏固邦交", row_span=2), cell(1, 1, "10%", row_span=2)]
    cells += [
        cell(r, c, t)
        for r, row in ((1, ["1.政要互訪", "20 次", "新增"]), (2, ["2.合作計畫", "5 項", ""]))
        for c, t in enumerate(row, start=2)
    ]
    cells += [cell(3, 0, "", page=2), cell(3, 1, "", page=2)]
    cells += [cell(3, c, t, page=2) for c, t in enumerate(["3.參與會議", "8 場", "續辦"], start=2)]
    cells += [cell(4, c, t, page=2) for c, t in enumerate(["二、參與國際組織", "", "1.參與會議", "3 場", ""])]
    t = table(cells, [1, 1, 1, 2, 2], [False, False, False, True, False])
    kpis = kpi_records(t, read_header(t), "key")
    assert [(k.goal_number, k.kpi_number, k.extra) for k in kpis] == [
        ("一", "1", (("權重", "10%"), ("備註", "新增"))),
        ("一", "2", (("權重", "10%"), ("備註", ""))),
        ("一", "3", (("權重", "10%"), ("備註", "續辦"))),
        ("二", "1", (("權重", ""), ("備註", ""))),
    ]
