"""normalize: one test per rule, and properties over the seeds' lines."""

from __future__ import annotations

import unicodedata

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import (
    _CJK_CHAR,
    _HAN,
    chinese_to_int,
    clean_inline,
    close_spaced_out,
    fold_chars,
    in_big5,
    join_lines,
    normalize_text,
    number_value,
    parse_numbering,
)

from conftest import SEEDS


def test_kangxi_radicals_fold_to_ideographs() -> None:
    assert fold_chars("⾏政院⼈⼒") == "行政院人力"


def test_every_kangxi_radical_folds_into_the_unified_block() -> None:
    for cp in range(0x2F00, 0x2FD6):
        folded = fold_chars(chr(cp))
        assert len(folded) == 1 and 0x4E00 <= ord(folded) <= 0x9FFF, hex(cp)


def test_radicals_supplement_and_compatibility_ideographs_fold() -> None:
    assert fold_chars("\u2ee3") == "骨"  # CJK RADICAL BONE
    assert fold_chars("\u2ed1") == "長"  # CJK RADICAL LONG ONE
    assert fold_chars("\uf900") == unicodedata.normalize("NFC", "\uf900")  # 豈 compatibility form


def test_fullwidth_letters_digits_percent_become_halfwidth_but_cjk_punctuation_stays() -> None:
    assert fold_chars("ＡＰＥＣ２０１８年５０％，（一）：；") == "APEC2018年50%，（一）：；"


def test_stray_simplified_converted_only_outside_big5() -> None:
    assert fold_chars("台湾") == "台灣"  # 湾 is not in Big5, 灣 is
    for kept in "台里干著":
        assert fold_chars(kept) == kept


def test_opencc_leaves_cjk_punctuation_outside_big5_alone() -> None:
    """Why fold_chars asks OpenCC about ideographs only: nothing else in the
    CJK class it would have asked about (outside Big5) is changed by s2t."""
    s2t = opencc.OpenCC("s2t")
    others = [
        chr(cp)
        for cp in range(0x80, 0x30000)
        if _CJK_CHAR.match(chr(cp)) and not _HAN.match(chr(cp)) and not in_big5(chr(cp))
    ]
    assert "［" in others
    assert [ch for ch in others if s2t.convert(ch) != ch] == []


def test_spaced_out_text_closed_up_but_single_spaces_kept() -> None:
    assert close_spaced_out("事 務 活 動 ， 與 國 際 接") == "事務活動，與國際接"
    assert close_spaced_out("外交部 99 年度") == "外交部 99 年度"
    assert close_spaced_out("APEC Digital Opportunity") == "APEC Digital Opportunity"


def test_a_space_inside_fullwidth_brackets_is_layouts() -> None:
    # a word processor's space between Asian and Western text, in a distributed cell
    assert clean_inline("4.發展法規調適補助計畫（累計100% ）") == "4.發展法規調適補助計畫（累計100%）"
    assert clean_inline("（ 100% ）；") == "（100%）；"
    assert clean_inline("網站（ www.gov.tw ）公開") == "網站（www.gov.tw）公開"
    # a space between a figure and an ideograph is the contract's to ignore, not to drop
    assert clean_inline("（經費 3.2億元）") == "（經費 3.2億元）"
    assert clean_inline("APEC (Asia )") == "APEC (Asia )"  # half-width brackets are Latin text's


def test_join_lines_rules() -> None:
    assert join_lines(["鞏固我與邦", "交國關係"]) == "鞏固我與邦交國關係"
    assert join_lines(["APEC Digital Opportunity", "Center"]) == "APEC Digital Opportunity Center"
    assert join_lines(["Oppor-", "tunity"]) == "Opportunity"
    assert join_lines(["(資本門預算數)", "÷(預算)"]) == "(資本門預算數)÷(預算)"
    assert join_lines(["1,200,", "000 人次"]) == "1,200,000 人次"  # a figure wrapped in a narrow cell
    assert join_lines(["1,200,0", "00 座"]) == "1,200,000 座"


@pytest.mark.parametrize(
    ("text", "style", "number", "rest"),
    [
        ("一、落實", "cn", "一", "落實"),
        ("十一、提升", "cn", "十一", "提升"),
        ("（一）加強", "paren_cn", "一", "加強"),
        ("(二)召開", "paren_cn", "二", "召開"),
        ("１、落實", "arabic", "1", "落實"),
        ("1.建立", "arabic", "1", "建立"),
        ("（１）研擬", "paren_arabic", "1", "研擬"),
        ("a.辦理", "latin", "a", "辦理"),
        ("甲、說明", "stem", "甲", "說明"),
        ("壹、年度施政目標", "part", "壹", "年度施政目標"),
    ],
)
def test_numbering_styles(text: str, style: str, number: str, rest: str) -> None:
    found = parse_numbering(text)
    assert found is not None and (found.style, found.number, found.rest) == (style, number, rest)


def test_numbering_keeps_its_mark_as_printed() -> None:
    # what a list's next item is compared by: (1) then (2), not 1. then 2、
    assert [parse_numbering(t).mark for t in ("（１）研擬", "2. 建立", "(3)完成", "四、辦理")] == [
        "（１）",
        "2.",
        "(3)",
        "四、",
    ]


def test_numbers_that_are_not_numbering() -> None:
    assert parse_numbering("2.0計畫") is None
    assert parse_numbering("ADOC 2.0") is None
    assert parse_numbering("一般性業務") is None


def test_chinese_numerals_to_99() -> None:
    assert [chinese_to_int(n) for n in ("一", "十", "十一", "二十三", "九十九")] == [1, 10, 11, 23, 99]
    assert chinese_to_int("一二三") is None
    assert number_value("十一") == 11 and number_value("c") == 3 and number_value("乙") == 2


def seed_lines() -> list[str]:
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines


SEED_LINES = seed_lines()
# The seeds (the original documents' text lines) live outside the repository;
# a clone on its own skips these three, and `make test` prints why.
needs_seeds = pytest.mark.skipif(
    not SEED_LINES, reason="../shared/seeds/ is absent: normalization not checked on the original documents' lines"
)


def is_clean(line: str) -> bool:
    has_kangxi = any(0x2E80 <= ord(c) <= 0x2FDF or 0xF900 <= ord(c) <= 0xFAFF for c in line)
    has_fullwidth = any(
        0xFF10 <= ord(c) <= 0xFF19 or 0xFF21 <= ord(c) <= 0xFF3A or 0xFF41 <= ord(c) <= 0xFF5A or c == "％"
        for c in line
    )
    return not has_kangxi and not has_fullwidth and close_spaced_out(line) == line


CLEAN_SEED_LINES = [ln for ln in SEED_LINES if is_clean(ln)]


@needs_seeds
def test_clean_seed_lines_come_through_unchanged() -> None:
    assert len(CLEAN_SEED_LINES) > 500
    changed = [ln for ln in CLEAN_SEED_LINES if normalize_text(ln) != ln]
    assert not changed, changed[:5]


@needs_seeds
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_normalization_is_idempotent_on_seed_lines(data) -> None:
    line = data.draw(st.sampled_from(SEED_LINES))
    once = normalize_text(line)
    assert normalize_text(once) == once
    assert clean_inline(clean_inline(line)) == clean_inline(line)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("外交部⾏⼈ＡＢ１２％ 。，（）a1 事務\u3000台湾"), max_size=40))
def test_normalization_is_idempotent_on_any_text(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


KANGXI_OF = {unicodedata.normalize("NFKC", chr(cp)): chr(cp) for cp in range(0x2F00, 0x2FD6)}


@needs_seeds
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_folding_a_kangxi_version_gives_the_line_back(data) -> None:
    line = data.draw(st.sampled_from(CLEAN_SEED_LINES))
    picks = data.draw(st.lists(st.booleans(), min_size=len(line), max_size=len(line)))
    damaged = "".join(KANGXI_OF.get(c, c) if pick else c for c, pick in zip(line, picks))
    assert normalize_text(damaged) == line


def test_a_figure_wrapped_at_its_decimal_point_is_joined_without_a_space() -> None:
    # full-width digits break like ideographs: LibreOffice wrapped （１５. | ５萬元） (the corpus sample's rt00029-docx)
    assert join_lines(["4.完善青年發展資訊系統（１５.", "５萬元）"]) == "4.完善青年發展資訊系統（15.5萬元）"
    assert join_lines(["計 1,200,", "000 元"]) == "計 1,200,000 元"
