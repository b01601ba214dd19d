"""sections and outline: part headings whatever their number; goal levels by numbering style."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.model import Block, Layout, Paragraph, Provenance, Risk, SourceBox
from pipeline.outline import outline
from pipeline.records import agency_and_year, document_kind, quality_notes, run_together_owners
from pipeline.sections import heading_kind, split_parts


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("壹、年度施政目標", "goals"),
        ("壹、年度施政目標及策略", "goals"),
        ("貳、年度關鍵績效指標", "kpis"),
        ("參、年度共同性指標", "common"),
        ("肆、外交部年度重要施政計畫", "key_plans"),
        ("貳、年度重要計畫", "key_plans"),
        ("二、112年度關鍵績效指標", "kpis"),
        ("一、落實活路外交，鞏固與邦交國關係：", None),
        ("（一）加強雙方政要互訪：", None),
        ("本部99年度將致力於下列八大施政目標", None),
        ("年度施政目標", "goals"),
        ("施政目標與重點", "goals"),
        ("110年度重要施政計畫", "key_plans"),
        ("關鍵績效指標", "kpis"),
        ("伍、風險控制措施一覽表", "risks"),
        ("（二）年度關鍵績效指標", "kpis"),
        ("強化風險管理機制", None),
        ("推動重要計畫之管考", None),
    ],
)
def test_heading_kind(text: str, kind: str | None) -> None:
    assert heading_kind(text) == kind


def para(text: str, page: int = 1) -> Block:
    return Block(page, 0, paragraph=Paragraph(text, 0, page, 12, False))


def test_parts_split_and_absent_parts_tolerated() -> None:
    layout = Layout(
        "外交部108年度施政計畫",
        (para("前言。"), para("壹、年度施政目標及策略"), para("一、鞏固邦交"), para("貳、年度重要計畫"), para("註：")),
        2,
    )
    parts = split_parts(layout)
    assert [(p.kind, len(p.blocks)) for p in parts] == [("front", 1), ("goals", 1), ("key_plans", 1)]


def test_unnumbered_part_headings_open_parts() -> None:
    layout = Layout(
        "文化部110年度施政計畫",
        (para("前言。"), para("年度施政目標"), para("一、厚植文化"), para("關鍵績效指標"), para("說明。")),
        2,
    )
    assert [(p.kind, len(p.blocks)) for p in split_parts(layout)] == [("front", 1), ("goals", 1), ("kpis", 1)]


@pytest.mark.parametrize("number", ["壹、", "一、", ""])
def test_goals_follow_the_sentence_that_introduces_them(number: str) -> None:
    intro = f"{number}本部依據行政院110年度施政方針，編定110年度施政計畫，其目標與重點如次："
    goal = "（一）厚植文化" if number == "一、" else "一、厚植文化"
    heading = {"壹、": "貳、年度關鍵績效指標", "一、": "二、年度關鍵績效指標", "": "年度關鍵績效指標"}[number]
    layout = Layout("文化部110年度施政計畫", (para("前言。"), para(intro), para(goal), para(heading)), 2)
    parts = split_parts(layout)
    assert [(p.kind, len(p.blocks)) for p in parts] == [("front", 1), ("goals", 1), ("kpis", 0)]
    assert [g.text for g in outline(parts[1].blocks)] == ["厚植文化"]


def test_an_introducing_sentence_before_the_goals_heading_opens_nothing_extra() -> None:
    intro = "本部依據行政院99年度施政方針，編定99年度施政計畫，其目標與重點如次："
    layout = Layout("外交部99年度施政目標與重點", (para(intro), para("壹、年度施政目標"), para("一、鞏固邦交")), 1)
    goals = [p for p in split_parts(layout) if p.kind == "goals" and p.blocks]
    assert [len(p.blocks) for p in goals] == [1]


def test_outline_levels_follow_the_nesting_of_numbering_styles() -> None:
    blocks = tuple(
        para(t)
        for t in [
            "一、落實活路外交：",
            "（一）加強雙方政要互訪：",
            "透過雙方政要互訪，增進友誼。",
            "（二）積極推動合作計畫：",
            "１、落實執行計畫。",
            "（１）研擬策略。",
            "a.辦理會議。",
            "２、督導技術團。",
            "二、強化關係：",
        ]
    )
    goals = outline(blocks)
    assert [(g.id, g.parent_id, g.level, g.number, g.text) for g in goals] == [
        ("g1", "", 1, "一", "落實活路外交："),
        ("g2", "g1", 2, "一", "加強雙方政要互訪：\n透過雙方政要互訪，增進友誼。"),
        ("g3", "g1", 2, "二", "積極推動合作計畫："),
        ("g4", "g3", 3, "1", "落實執行計畫。"),
        ("g5", "g4", 4, "1", "研擬策略。"),
        ("g6", "g5", 5, "a", "辦理會議。"),
        ("g7", "g3", 3, "2", "督導技術團。"),
        ("g8", "", 1, "二", "強化關係："),
    ]


def test_goals_under_parts_numbered_with_chinese_numerals_start_at_paren_numbers() -> None:
    blocks = tuple(para(t) for t in ["（一）推動數位轉型（25%）", "1.建置平臺。", "（二）強化治理"])
    assert [(g.level, g.number) for g in outline(blocks)] == [(1, "一"), (2, "1"), (1, "二")]


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("外交部108年度施政計畫", "外交部", 108),
        ("外交部 99 年度施政目標與重點", "外交部", 99),
        ("外交部因應風險控制措施一覽表", "外交部", None),
        ("國家發展委員會112年度施政計畫", "國家發展委員會", 112),
        ("附表一　交通部因應風險控制措施一覽表", "交通部", None),
        ("附件2：農業部105年度風險評估及處理彙整表", "農業部", 105),
        ("附表－外交部因應風險控制措施一覽表", "外交部", None),  # OCR's 附表一, its 一 read as a dash
        ("附件二-1 交通部因應風險控制措施一覽表", "交通部", None),
        ("行政院主計總處因應風險控制措施一覽表", "行政院主計總處", None),
        ("交通部風險管理及危機處理", "交通部", None),
    ],
)
def test_agency_and_year_from_title(title: str, agency: str, year: int | None) -> None:
    assert agency_and_year(title) == (agency, year)


def test_document_kind() -> None:
    assert document_kind("外交部因應風險控制措施一覽表", [], [], []) == "risk_register"
    assert document_kind("外交部108年度施政計畫", [], [object()], []) == "annual_plan"


def test_private_use_and_radical_characters_left_in_the_text_are_noted() -> None:
    def block(text: str) -> Block:
        return Block(2, 0.0, Paragraph(text, 0.0, 2, 10.0, False))

    layout = Layout("", (block("外交\ue0a5部⾏政\U000f0001"), block("外交部行政")), 2)
    (note,) = quality_notes(layout, [], "risk_register", [])
    assert (note.page, note.code) == (2, "leftover_characters")
    assert note.message == "private-use or radical characters left: U+2F8F U+E0A5 U+F0001"


def test_owners_read_by_ocr_as_two_units_on_one_line_are_doubted() -> None:
    box = SourceBox(1, (632.4, 333.0, 683.2, 343.0))
    owners = ("國際貿易署", "綜合規劃司", "人事處資訊處")
    risk = Risk("1", "資料外洩", ("加強稽核。",), owners, 1, Provenance((box,), (("owners", (box,)),)))
    (note,) = run_together_owners([risk], ocr_pages={1})
    assert (note.page, note.code) == (1, "ocr_uncertain")
    assert note.message == (
        "text in box (632, 333, 683, 343) read by OCR: 人事處資訊處 may be two units run together; "
        "check it against the page"
    )
    assert run_together_owners([risk], ocr_pages=set()) == []  # a text layer prints its line breaks
    units = replace(risk, owners=("法制處", "職業安全衛生署本部各單位"))
    assert "職業安全衛生署本部各單位 may be two units" in run_together_owners([units], ocr_pages={1})[0].message
    one_each = replace(risk, owners=("國際貿易署", "行政院主計總處", "護理及健康照護司", "本部各單位"))
    assert run_together_owners([one_each], ocr_pages={1}) == []
    # rt00026-docx-scan300: 本部各單位 / 人事處 run together
    after_units = replace(risk, owners=("法制處", "職業安全衛生署", "本部各單位人事處"))
    assert "本部各單位人事處 may be two units" in run_together_owners([after_units], ocr_pages={1})[0].message


def test_a_target_read_by_ocr_with_a_mark_no_target_holds_is_doubted() -> None:
    from pipeline.model import Kpi
    from pipeline.records import stray_marks_in_targets

    box = SourceBox(2, (700.0, 120.0, 760.0, 140.0))
    # rt00030-docx-scan300: a weight (40%) read as `0) %`
    kpi = Kpi(
        "key", "1", "g", "1", "k", "", "", "", "0) %", "0", "%", "", 2, Provenance((box,), (("target_raw", (box,)),))
    )
    (note,) = stray_marks_in_targets([kpi], ocr_pages={2})
    assert note.message == (
        "text in box (700, 120, 760, 140) read by OCR: the target 0) % holds ), which no target does; "
        "check it against the page"
    )
    for fine in ("1,200,000場次", "12.5%", "3.2億元", "60,000 人次"):
        assert stray_marks_in_targets([replace(kpi, target_raw=fine)], ocr_pages={2}) == []
    assert stray_marks_in_targets([kpi], ocr_pages=set()) == []


def table_block(page: int = 1) -> Block:
    from pipeline.model import Table

    return Block(page, 0, table=Table((), 1, 1, (page,), (False,), page, 0))


@pytest.mark.parametrize("heading", ["貳、本府年度衡量項目", "二、施政成果評量", "年度工作成效檢核"])
def test_a_heading_in_words_the_template_does_not_use_ends_the_goals_before_its_table(heading: str) -> None:
    blocks = (
        para("壹、年度施政目標"),
        para("（一）鞏固邦交"),
        para("深化與友邦之情誼。"),
        para(heading),
        table_block(),
    )
    if heading.startswith("二"):
        blocks = (para("一、年度施政目標"), *blocks[1:])
    parts = split_parts(Layout("某府112年度施政計畫", blocks, 2))
    assert [p.kind for p in parts] == ["goals", "other"]
    goals = outline(parts[0].blocks)
    assert [(g.number, g.text) for g in goals] == [("一", "鞏固邦交\n深化與友邦之情誼。")]


def test_a_goals_own_paragraph_or_item_before_a_table_stays_in_the_goals() -> None:
    for last in (
        "二、參與國際組織",  # numbered as the goals are: a goal, though short and over a table
        "深化與友邦之情誼，推動合作。",  # a sentence, not a heading
    ):
        blocks = (para("壹、年度施政目標"), para("一、鞏固邦交"), para(last), table_block())
        assert [p.kind for p in split_parts(Layout("某府112年度施政計畫", blocks, 2))] == ["goals"]
