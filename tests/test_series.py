"""KPI series (pipeline/series.py): each rule on a few hand-made plans, the
generated families (tests/corpus/years.py) scored by series_eval, and the
外交部 99 and 107 plans, whose common KPIs were paired by hand."""

from __future__ import annotations

import csv
import io
import json
import random
import sys

import pytest

from pipeline.series import SERIES_COLUMNS, THRESHOLD, kpi_series

from conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "corpus"))

import series_eval  # noqa: E402
from years import family  # noqa: E402

NAMES = ["doc_id", "agency", "year_roc", "year"] + [name for name, *_ in SERIES_COLUMNS]


def kpi(name: str, standard: str, unit: str = "件", goal: str = "推動國際貿易，提升服務品質", **fields) -> dict:
    value = fields.pop("value", "12")
    record = {
        "kind": "key",
        "goal_number": "一",
        "goal": goal,
        "kpi_number": "1",
        "kpi": name,
        "eval_system": "1",
        "eval_method": "統計數據",
        "standard": standard,
        "target_raw": f"{value} {unit}".strip(),
        "target_value": value,
        "target_unit": unit,
        "plan_linkage": "無",
        "page": 3,
    }
    return record | fields


def plan(year: int, kpis: list[dict], agency: str = "經濟部", doc_id: str = "", ocr_pages=()) -> dict:
    return {
        "doc_id": doc_id or f"moea-{year}-plan",
        "agency": agency,
        "year_roc": year,
        "year": year + 1911,
        "kind": "annual_plan",
        "ocr_pages": list(ocr_pages),
        "kpis": kpis,
    }


def records(rows: list[list[object]]) -> list[dict]:
    return [dict(zip(NAMES, row, strict=True)) for row in rows]


def find(rows: list[dict], doc_id: str, kpi_row: int) -> dict:
    return next(r for r in rows if r["doc_id"] == doc_id and r["kpi_row"] == kpi_row)


GRANTS = kpi("提升國際貿易補助計畫辦理件數", "年度內推動之國際貿易補助計畫件數。")
SATISFACTION = kpi(
    "中小企業輔導機制滿意度",
    "中小企業輔導機制問卷調查結果，回答「滿意」及「非常滿意」者占有效問卷之比率。",
    unit="%",
    value="90",
)


def test_columns_follow_the_common_four_in_the_contract_order() -> None:
    assert [name for name, *_ in SERIES_COLUMNS] == [
        "series_id",
        "kind",
        "kpi_row",
        "goal_number",
        "goal",
        "kpi_number",
        "kpi",
        "standard",
        "target_raw",
        "target_value",
        "target_unit",
        "previous_doc_id",
        "match_score",
        "matched_fields",
    ]
    types = {name: kind for name, kind, *_ in SERIES_COLUMNS}
    assert types["kpi_row"] == "integer" and types["target_value"] == types["match_score"] == "number"
    rows = kpi_series([plan(100, [GRANTS, SATISFACTION])])
    assert all(len(row) == len(NAMES) for row in rows)
    first = records(rows)[0]
    assert first["series_id"] == "經濟部/100/key/1"
    assert (first["previous_doc_id"], first["match_score"], first["matched_fields"]) == ("", "", "")
    assert (first["target_raw"], first["target_value"], first["target_unit"]) == ("12 件", "12", "件")


def test_a_reworded_kpi_keeps_its_series() -> None:
    # 提升 -> 增加, 件數 -> 數量 in the name; words added to the standard;
    # and in the other KPI, its two clauses swapped
    clauses = kpi("推動產業園區示範計畫，帶動民間投資", "年度內完成之產業園區示範計畫件數。")
    later = [
        kpi("增加國際貿易補助計畫辦理數量", "年度內推動之國際貿易補助計畫件數（含委辦及補助案件）。"),
        kpi("帶動民間投資，推動產業園區示範計畫", "年度內完成之產業園區示範計畫件數。"),
    ]
    rows = records(kpi_series([plan(100, [GRANTS, clauses]), plan(101, later)]))
    for row in (1, 2):
        before, after = find(rows, "moea-100-plan", row), find(rows, "moea-101-plan", row)
        assert after["series_id"] == before["series_id"]
        assert after["previous_doc_id"] == "moea-100-plan"
        assert THRESHOLD <= after["match_score"] < 100
    assert find(rows, "moea-101-plan", 2)["matched_fields"] == "kpi;standard;unit;goal"


def test_a_changed_unit_and_a_renumbered_goal_keep_the_series() -> None:
    later = kpi(
        "國際貿易補助計畫辦理件數",
        "年度內推動之國際貿易補助計畫件數。",
        unit="項",
        goal_number="三",
        goal="強化國際貿易，提升服務品質",
    )
    rows = records(kpi_series([plan(100, [SATISFACTION, GRANTS]), plan(101, [later, SATISFACTION])]))
    after = find(rows, "moea-101-plan", 1)
    assert after["series_id"] == "經濟部/100/key/2"
    assert "unit" not in after["matched_fields"].split(";")
    assert after["matched_fields"].startswith("kpi;standard")


def test_a_kpi_dropped_for_a_year_continues_its_series() -> None:
    back = kpi("國際貿易補助計畫辦理件數", "年度內推動之國際貿易補助計畫件數。", value="15")
    docs = [plan(109, [GRANTS, SATISFACTION]), plan(110, [SATISFACTION]), plan(111, [SATISFACTION, back])]
    rows = records(kpi_series(docs))
    series = [r for r in rows if r["series_id"] == "經濟部/109/key/1"]
    assert [(r["year_roc"], r["kpi_row"]) for r in series] == [(109, 1), (111, 2)]
    assert series[1]["previous_doc_id"] == "moea-109-plan"
    assert len({r["series_id"] for r in rows}) == 2


def test_a_year_has_one_kpi_of_a_series() -> None:
    # split: the part that kept the name and standard takes the series, the
    # other (alike enough to pass the threshold alone) opens its own
    split_off = kpi("國際貿易補助計畫辦理件數（含委辦案件）", "年度內推動之國際貿易補助計畫委辦件數。")
    alone = records(kpi_series([plan(100, [GRANTS]), plan(101, [split_off])]))
    assert alone[1]["series_id"] == alone[0]["series_id"]  # the split-off part alone would continue it
    rows = records(kpi_series([plan(100, [GRANTS]), plan(101, [split_off, GRANTS])]))
    assert find(rows, "moea-101-plan", 2)["series_id"] == "經濟部/100/key/1"
    assert find(rows, "moea-101-plan", 1)["series_id"] == "經濟部/101/key/1"
    assert find(rows, "moea-101-plan", 1)["previous_doc_id"] == ""


def test_every_series_has_one_kpi_a_year_in_generated_families() -> None:
    for seed in range(300, 306):
        rows = records(kpi_series(series_eval.documents(family(seed))))
        years = [(r["series_id"], r["year_roc"]) for r in rows]
        assert len(years) == len(set(years)), seed


def test_unrelated_kpis_are_not_linked() -> None:
    # same goal and unit, another subject and measure
    other = kpi("國際貿易人才培育參與人次", "年度內辦理之國際貿易人才培育人次。", unit="件")
    rows = records(kpi_series([plan(100, [GRANTS]), plan(101, [other])]))
    assert rows[0]["series_id"] != rows[1]["series_id"]
    assert rows[1]["previous_doc_id"] == "" and rows[1]["match_score"] == ""


def test_agencies_are_apart_and_a_kpi_moved_to_the_other_table_keeps_its_series() -> None:
    common = dict(GRANTS, kind="common")
    docs = [plan(100, [GRANTS]), plan(101, [common]), plan(101, [GRANTS], agency="交通部", doc_id="motc-101-plan")]
    rows = records(kpi_series(docs))
    assert [(r["series_id"], r["kind"]) for r in rows] == [
        ("交通部/101/key/1", "key"),
        ("經濟部/100/key/1", "key"),
        ("經濟部/100/key/1", "common"),
    ]


def test_spaces_next_to_latin_and_full_width_do_not_count() -> None:
    first = kpi("推動AI應用於國際貿易補助計畫", "年度內完成之AI應用5G補助計畫件數。")
    again = kpi("推動 ＡＩ 應用於國際貿易補助計畫", "年度內完成之 AI 應用 ５G 補助計畫件數。")
    rows = records(kpi_series([plan(100, [first]), plan(101, [again])]))
    assert rows[1]["match_score"] == 100.0
    assert rows[1]["matched_fields"] == "kpi;standard;unit;goal"


def test_twins_only_one_takes_part() -> None:
    scan = plan(107, [dict(GRANTS, kpi="提升國際貿易補助計晝辦理件數")], doc_id="moea-107-a-scan", ocr_pages=[1, 2])
    text = plan(107, [GRANTS])
    for docs in ([scan, text], [text, scan]):
        rows = records(kpi_series(docs))
        assert [r["doc_id"] for r in rows] == ["moea-107-plan"]  # fewest OCR'd pages, though its name sorts after
    other = dict(text, doc_id="moea-107-plan-copy")
    assert {r["doc_id"] for r in records(kpi_series([other, text]))} == {"moea-107-plan"}  # then the smallest doc_id


def test_plans_without_a_year_and_risk_registers_take_no_part() -> None:
    undated = dict(plan(100, [GRANTS]), doc_id="moea-plan", year_roc=None, year=None)
    register = dict(plan(101, [GRANTS]), doc_id="moea-risks", kind="risk_register")
    assert kpi_series([undated, register]) == []


def csv_text(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def test_same_input_same_output_whatever_the_order() -> None:
    other = [dict(doc, agency="另一部") for doc in series_eval.documents(family(12))]
    docs = series_eval.documents(family(11)) + other
    expected = csv_text(kpi_series(docs))
    for seed in range(3):
        shuffled = list(docs)
        random.Random(seed).shuffle(shuffled)
        assert csv_text(kpi_series(shuffled)) == expected
    rows = records(kpi_series(docs))
    keys = [(r["agency"], r["series_id"].split("/")[1], r["series_id"].split("/")[3], r["year_roc"]) for r in rows]
    assert keys == sorted(keys, key=lambda k: (k[0], int(k[1]), int(k[2]), k[3]))


def test_generated_families_link_with_98_percent_precision_and_recall() -> None:
    # seeds outside those the threshold was chosen on (1-60)
    tally = series_eval.evaluate(9001, 12)
    assert tally.gold > 300
    assert tally.precision >= 0.98, series_eval.report(tally, 9001, 12, verbose=True)
    assert tally.recall >= 0.98, series_eval.report(tally, 9001, 12, verbose=True)


# 外交部's 99 and 107 plans, read by hand: the 107 KPIs that are a 99 KPI
# again, as (kind, goal_number, kpi_number) of 99 -> of 107.
MOFA_SAME = {
    # 加強雙方政要互訪 (雙方部次長級以上官員互訪次數) -> 深化與友邦高層政要之情誼
    # (我國及外國現任部長級以上政要互訪人次): visits of allies' ministers, under 鞏固…邦交國關係
    ("key", "一", "1"): ("key", "一", "1"),
    # 積極推動我與友邦各項合作計畫 (推動執行中之計畫項數) -> 我與友邦合作計畫執行項數
    ("key", "一", "2"): ("key", "一", "2"),
    # 積極洽簽雙邊協定或備忘錄等合作協議 -> 推動與他國簽訂雙邊協議（含經貿合作相關協議）,
    # both under the goal of relations with countries without diplomatic ties
    ("key", "二", "1"): ("key", "二", "1"),
    # 積極爭取參與我尚未參加之國際或區域性政府間專業組織… -> 積極爭取參與我尚未參加之功能性政府間國際組織
    ("key", "三", "1"): ("key", "三", "1"),
    # 鞏固並強化我已參與之政府間國際組織之關係 -> 鞏固並強化我與已參與之政府間國際組織之關係
    ("key", "三", "2"): ("key", "三", "2"),
    # 機關年度資本門預算執行率, the same formula (（本年度資本門實支數+…）÷（資本門預算數）×100%):
    # a common indicator in 99, a KPI of 107's goal 七
    ("common", "二", "1"): ("key", "七", "1"),
    # 機關中程歲出概算額度內編報概算數 -> 機關於中程歲出概算額度內編報情形, the same formula
    ("common", "二", "2"): ("key", "七", "2"),
}
# The ones a matcher of words finds: the words barely changed in eight years.
MOFA_FOUND = {("key", "三", "2"), ("common", "二", "1"), ("common", "二", "2")}
# 107's 協助我NGO進行國際交流 counts what 99's 強化NGO國際合作與國際援助 (NGO-INGO
# cooperation) and 鼓勵NGO積極參與國際事務活動 (NGOs at international meetings)
# counted apart: a merger, so a link to either is no error, and none neither.
MOFA_MERGED = {(("key", "四", "1"), ("key", "四", "1")), (("key", "四", "2"), ("key", "四", "1"))}
# Not the same KPI though alike in words: 107 六.1 提升文件證明服務品質 under
# 99's goal 六 (有效運用外交資源…), whose KPI was 行動領務計畫; 107 二.2 政要互訪
# and 二.3 合作計畫 with countries without ties, beside 99's with allies.


def mofa_links() -> set[tuple[tuple[str, str], tuple[str, str]]]:
    """(kind, goal_number, kpi_number) of 99 -> of 107, for every series with a KPI in both."""
    docs = [json.loads((REPO / "parsed" / "json" / f"{d}.json").read_text(encoding="utf-8")) for d in MOFA_DOCS]
    rows = records(kpi_series(docs))
    assert {r["doc_id"] for r in rows} == {"mofa-099-plan", "mofa-107-plan"}  # not their scanned twins
    by_series: dict[str, list[dict]] = {}
    for r in rows:
        by_series.setdefault(r["series_id"], []).append(r)
    links = set()
    for series in by_series.values():
        if len(series) == 2:
            earlier, later = series
            assert (earlier["year_roc"], later["year_roc"], later["previous_doc_id"]) == (99, 107, "mofa-099-plan")
            links.add(
                (
                    (earlier["kind"], earlier["goal_number"], earlier["kpi_number"]),
                    (later["kind"], later["goal_number"], later["kpi_number"]),
                )
            )
    return links


MOFA_DOCS = ["mofa-099-plan", "mofa-099-plan-scanned", "mofa-107-plan", "mofa-107-plan-scanned"]


def test_mofa_99_to_107_links_only_the_same_kpis() -> None:
    links = mofa_links()
    assert links <= set(MOFA_SAME.items()) | MOFA_MERGED
    assert {(earlier, MOFA_SAME[earlier]) for earlier in MOFA_FOUND} <= links


@pytest.mark.xfail(
    strict=True,
    reason="eight years and a new KPI table apart, 外交部 reworded these past what the words show "
    "(友邦 for 邦交國, 政要 for 官員): they score 42-63, where generated families put new KPIs",
)
def test_mofa_99_to_107_finds_every_same_kpi() -> None:
    assert set(MOFA_SAME.items()) <= mofa_links()
