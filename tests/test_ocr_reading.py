"""OCR reading by evidence: the lexicon that weighs two readings of a line,
the choice between them and its doubts, bars counted in the ink, and the %
sign's echo dropped only when the ink is one % sign wide."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest

from pipeline import lexicon, ocr
from pipeline.ocr.figures import take_model_figures, vote_figures
from pipeline.ocr.reading import read_line, restore_lost_number

REPO = Path(__file__).resolve().parent.parent

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract-ocr-chi-tra not installed")


def test_the_lexicon_prefers_the_ordinary_word_to_its_look_alike() -> None:
    for right, wrong in [
        ("秘書處", "秘書慮"),
        ("處理", "慮理"),
        ("各地區域", "各地城域"),
        ("撤銷", "搞銷"),
        ("資源", "瘓源"),
        ("洽談", "治談"),
        ("緊急", "四急"),
        ("牴觸", "箍觸"),
        ("因應社會變遷", "因座社會變選"),
    ]:
        assert lexicon.score(right) > lexicon.score(wrong), (right, wrong)
    # A character's own frequency is no evidence: 處 is not preferred to 慮 where no word decides
    assert lexicon.score("土地處") == lexicon.score("土地慮")
    assert lexicon.score("法制處") > lexicon.score("法制慮")  # a unit every agency has: the template knows it


def test_the_lexicon_knows_the_template_and_ignores_figures() -> None:
    assert lexicon.score("評估體制") > lexicon.score("評估般制")
    assert lexicon.score("計畫95%") == lexicon.score("計畫") == lexicon.score("計畫 10%")
    assert lexicon.simplified("處理") == "处理"


def test_the_lexicon_counts_what_jiebas_dictionary_lists() -> None:
    # dict.txt: `B超 3 n` on lines 2 and 17, `法制 1917 n`, `一一 1670 m`,
    # `一万一千多间 2 m` (six characters), `一万三千五百斤 4 m` (seven).
    counts, total = lexicon.word_counts()
    assert counts["B超"] == 6  # listed twice: both count
    assert counts["法制"] == 1917 and counts["一一"] == 1670 and counts["一万一千多间"] == 2
    assert "一万三千五百斤" not in counts and "的" not in counts  # longer than LONGEST_WORD; one character
    assert total == sum(counts.values())


def symbols(text: str, confidence: float = 95.0) -> list[ocr.Symbol]:
    return [ocr.Symbol(ch, (40 * i, 0, 40 * i + 38, 40), confidence) for i, ch in enumerate(text)]


def test_a_look_alike_is_replaced_by_the_reading_that_makes_words() -> None:
    chosen = ocr.choose_reading(symbols("人事慮及秘書慮"), [symbols("人事處及秘書處", 90.0)])
    assert "".join(s.text for s in chosen) == "人事處及秘書處"
    assert [s.box for s in chosen] == [s.box for s in symbols("人事慮及秘書慮")]  # the first reading's boxes
    # where no word decides, the first reading stays, marked doubtful
    tie = ocr.choose_reading(symbols("土地慮"), [symbols("土地處")])
    assert "".join(s.text for s in tie) == "土地慮" and tie[-1].doubt == "慮 (or 處?)"


def test_any_of_several_other_readings_may_give_the_word() -> None:
    first = symbols("落實晨產外銷")  # 農 read as 晨 by the first two looks, as 農 by the thinned one
    others = [symbols("落實晨產外銷"), symbols("落實畢產外銷"), symbols("落實農產外銷", 90.0)]
    chosen = ocr.choose_reading(first, others)
    assert "".join(s.text for s in chosen) == "落實農產外銷"


def test_a_place_the_looks_read_apart_is_doubtful_and_says_both_readings() -> None:
    # 計畫 and 計劃 are one word to the lexicon: only the model's confidence tells them apart
    chosen = ocr.choose_reading(symbols("年度計畫"), [symbols("年度計劃")])
    doubts = {s.doubt for s in chosen if s.doubt}
    assert doubts and all("(or" in d for d in doubts)
    assert not any(s.doubt for s in ocr.choose_reading(symbols("年度計畫"), [symbols("年度計畫")]))
    # won by a wide margin, still doubtful: the other look saw something else there
    wide = ocr.choose_reading(symbols("人事慮及秘書處"), [symbols("人事處及秘書處", 90.0)])
    assert "".join(s.text for s in wide) == "人事處及秘書處" and wide[2].doubt == "處 (or 慮?)"


def test_forms_that_simplify_alike_are_told_by_the_words_taiwan_writes() -> None:
    # 管理制度 (rt00006-typeset-scan300): the first look read 製 at 98 %, the
    # second 制; PP-OCR's 制 is no vote (its reading takes Tesseract's form)
    first = symbols("管理製度", 98.0)
    chosen = ocr.choose_reading(first, [symbols("管理制度", 90.0)], model=symbols("管理製度", 99.0))
    assert "".join(s.text for s in chosen) == "管理制度" and chosen[2].doubt == "制 (or 製?)"
    made = ocr.choose_reading(symbols("製造", 98.0), [symbols("制造", 90.0)], model=symbols("製造", 99.0))
    assert "".join(s.text for s in made) == "製造"
    # the government's 計畫, where OpenCC's Taiwan phrases write 計劃
    assert "".join(lexicon.standard_forms(list("年度計劃"))) == "年度計畫"
    # looks that agree are left as read
    assert "".join(s.text for s in ocr.choose_reading(first, [symbols("管理製度")])) == "管理製度"


@pytest.mark.parametrize(
    ("mine", "theirs", "taken"),
    [
        ("10%6", "10%", True),  # the sign's circle read again
        ("4090", "40%", True),  # the sign read as 90
        ("8%", "80%", True),  # a figure dropped as an echo
        ("10", "10%", True),  # the sign lost
        ("12.5%", "12%", False),  # a point is never lost
        ("30%", "50%", False),  # no figure read anew
        ("S5", "35", True),  # a full-width ３ read as a letter
        ("1_2", "12", True),  # a speck between full-width figures
        ("2015", "215", False),  # figures alone are Tesseract's
        ("85多", "85%", True),  # the sign read as an ideograph
        ("85人", "85", False),  # a unit PP-OCR passed over stays
        ("1O0%6", "100%", True),  # two differences in one figure, taken once
        ("95&", "95%", True),  # the sign read as & by the Latin model
        ("12,0000", "12,000", True),  # thousands not grouped by three
        ("12,000", "1,2000", False),  # PP-OCR's grouped no better
    ],
)
def test_a_figure_is_pp_ocrs_only_where_the_figures_are_one_anothers(mine: str, theirs: str, taken: bool) -> None:
    chosen = take_model_figures(symbols(f"達{mine}）"), symbols(f"達{theirs}）", 99.0))
    assert "".join(s.text for s in chosen) == f"達{theirs if taken else mine}）"


def test_a_percent_sign_pp_ocr_reads_less_surely_than_its_figures_is_taken_all_the_same() -> None:
    """80% read as 80免 (免 at 67 %): PP-OCR reads 80 surely, the % at 50 %."""
    model = [*symbols("達80", 99.0), *symbols("%", 50.0)]
    assert "".join(s.text for s in take_model_figures(symbols("達80免"), model)) == "達80%"
    model[-1] = model[-1]._replace(confidence=30.0)
    assert "".join(s.text for s in take_model_figures(symbols("達80免"), model)) == "達80免"
    unsure = [*symbols("達8", 99.0), *symbols("0%", 90.0)]  # its figures must be sure
    assert "".join(s.text for s in take_model_figures(symbols("達80免"), unsure)) == "達80免"


@pytest.mark.parametrize(
    ("first", "second", "model", "confidence", "read"),
    [
        ("2,998", "2,558", "2,558", 99.0, "2,558"),  # two looks to one
        ("2,998", "2,998", "2,558", 99.0, "2,998"),  # Tesseract's looks agree
        ("2,998", "2,558", "2,558", 70.0, "2,998"),  # PP-OCR unsure
        ("8處", "3處", "3處", 84.0, "3處"),
        ("2,998", "2,58", "2,558", 99.0, "2,998"),  # the second look does not align
    ],
)
def test_a_digit_two_looks_read_alike_outvotes_the_first(
    first: str, second: str, model: str, confidence: float, read: str
) -> None:
    chosen = vote_figures(symbols(first), symbols(second, 99.0), symbols(model, confidence))
    assert "".join(s.text for s in chosen) == read
    if read != first:
        assert chosen[first.index(next(a for a, b in zip(first, read) if a != b))].doubt.endswith("by one look)")


def test_figures_and_insertions_stay_with_the_first_reading() -> None:
    chosen = ocr.choose_reading(symbols("達成95%處理"), [symbols("達成9%處理")])
    assert "".join(s.text for s in chosen) == "達成95%處理"


def bars(*ys: int, width: int = 40) -> np.ndarray:
    image = np.full((60, 80), 255, np.uint8)
    for y in ys:
        cv2.line(image, (20, y), (20 + width, y), 0, 3)
    return image


def test_bars_one_over_another_are_counted() -> None:
    assert ocr.count_bars(bars(30) < 128) == 1
    assert ocr.count_bars(bars(20, 40) < 128) == 2
    assert ocr.count_bars(bars(15, 30, 45) < 128) == 3
    cross = bars(30)
    cv2.line(cross, (40, 10), (40, 50), 0, 3)  # 十: not only bars
    assert ocr.count_bars(cross < 128) == 0
    read = ocr.read_one_glyph(bars(15, 30, 45), [ocr.Symbol("一", (0, 0, 9, 9), 80.0)] * 2)
    assert [s.text for s in read] == ["三"] and "counted in the ink" in read[0].doubt
    # a goal's 三 in a serif face from a 300-dpi scan, read as -一: its upper
    # bars 20x7 and 17x5 px, the lower 39x7
    three = cv2.imread(str(REPO / "tests" / "fixtures" / "lines" / "rt00006-typeset-scan300-three.png"), 0)
    assert ocr.count_bars(three < 128) == 3


def test_a_percent_echo_is_dropped_only_when_the_ink_is_one_percent_sign_wide() -> None:
    def read(text: str, boxes: list[tuple[int, int]]) -> list[ocr.Symbol]:
        return [ocr.Symbol(ch, (a, 0, b, 40), 95.0) for ch, (a, b) in zip(text, boxes)]

    ink = np.zeros((40, 120), bool)
    ink[:, 0:17] = ink[:, 20:37] = True  # 1, 0
    ink[:, 42:72] = True  # one % sign, 30 wide and 40 high
    echo = ocr.drop_percent_echo(read("100%", [(0, 17), (20, 37), (42, 55), (50, 72)]), ink)
    assert "".join(s.text for s in echo) == "10%" and echo[-2].doubt
    ink[:, 40:42] = True  # the 0 touches a % sign: one run 56 wide, far wider than a % sign
    ink[:, 42:96] = True
    kept = ocr.drop_percent_echo(read("100%", [(0, 17), (20, 37), (40, 60), (62, 96)]), ink)
    assert "".join(s.text for s in kept) == "100%"
    # （25%） read as （25%0）: the 0 boxed inside the sign (a 200-dpi browser scan)
    ink = np.zeros((44, 240), bool)
    ink[:, 136:156] = ink[:, 158:179] = ink[:, 181:217] = True
    read_after = read("25%0", [(136, 156), (158, 179), (181, 218), (203, 218)])
    assert "".join(s.text for s in ocr.drop_percent_echo(read_after, ink)) == "25%"
    ink[:, 222:236] = True  # a 0 with ink and a box of its own stays
    read_after = read("25%0", [(136, 156), (158, 179), (181, 218), (222, 236)])
    assert "".join(s.text for s in ocr.drop_percent_echo(read_after, ink)) == "25%0"


def test_doubts_are_said_once_per_line() -> None:
    line = [s._replace(doubt="處 (or 慮?)") for s in symbols("法制處")]
    assert ocr.doubts(line) == "處 (or 慮?)"
    assert ocr.doubts(symbols("法制處")) == ""
    assert ocr.doubts(symbols("法制處", 30.0)) == "法制處 read with little confidence"


@needs_tesseract
def test_an_outline_number_the_line_reading_passed_over_is_read_alone() -> None:
    page = pymupdf.open().new_page(width=120, height=30)
    page.insert_text((8, 22), "四、擴大", fontname="china-t", fontsize=16)
    pixmap = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    gray = np.frombuffer(pixmap.samples, np.uint8).reshape(pixmap.height, pixmap.width)
    binary = ocr.image.clean(gray)
    columns = (binary < 128).any(axis=0)
    starts = [x for x in range(1, len(columns)) if columns[x] and not columns[x - 1]]
    comma, rest = starts[1], starts[2]  # the ink of 四 comes first
    read = [ocr.Symbol("、", (comma, 40, rest - 4, 60), 99.0), ocr.Symbol("擴", (rest, 10, rest + 60, 70), 99.0)]
    restored = restore_lost_number(read, binary)
    assert "".join(s.text for s in restored) == "四、擴"
    assert restored[0].box[2] <= comma and restored[0].doubt
    assert restore_lost_number(read[1:], binary) == read[1:]  # no 、 first: nothing to restore


@needs_tesseract
def test_an_outline_numbers_mark_lost_by_the_line_reading_is_restored() -> None:
    """5、健全… of a 200-dpi docx scan, its 、 boxed into the 5 by Tesseract."""
    band = cv2.imread(str(REPO / "tests" / "fixtures" / "lines" / "rt00015-docx-scan200-five-comma.png"), 0)
    assert "".join(s.text for s in read_line(band)).startswith("5、健全觀光")


@needs_tesseract
def test_an_items_letter_read_as_an_ideograph_is_read_by_the_latin_model() -> None:
    """a.擴大… of a 200-dpi browser scan, read as 引.擴大… by the Chinese model."""
    path = REPO / "tests" / "fixtures" / "lines" / "rt00015-html-scan200-letter-read-as-ideograph.png"
    band = cv2.imread(str(path), 0)
    read = read_line(band)
    assert "".join(s.text for s in read).startswith("a.擴大觀光") and read[0].doubt == "a. read as 引."


def test_a_mark_both_other_looks_read_is_put_back_doubtful() -> None:
    first = symbols("資源配置加強")
    chosen = ocr.restore_lost_marks(first, [symbols("資源配置,加強"), symbols("資源配置,加強")])
    assert "".join(s.text for s in chosen) == "資源配置，加強"
    assert chosen[4].doubt == "， read by the other looks only"
    assert [s.box[0] for s in chosen] == sorted(s.box[0] for s in chosen)  # still in reading order


def test_a_mark_one_look_alone_reads_is_only_doubted() -> None:
    chosen = ocr.restore_lost_marks(symbols("資源配置加強"), [symbols("資源配置,加強"), symbols("資源配置加強")])
    assert "".join(s.text for s in chosen) == "資源配置加強"
    assert chosen[4].doubt == "， before 加? (another look reads it)"
    # a point between figures is no sentence's mark
    assert not any(s.doubt for s in ocr.restore_lost_marks(symbols("達成95"), [symbols("達成9.5")]))


def test_looks_that_read_a_mark_or_a_figure_apart_make_it_doubtful() -> None:
    chosen = ocr.note_disagreements(symbols("評估指標。以提升"), [symbols("評估指標,以提升")])
    assert "".join(s.text for s in chosen) == "評估指標。以提升"  # the first look's reading stays
    assert chosen[4].doubt == "。 (another look reads ,)"
    # the same marks in another width are no disagreement, nor are ideographs (choose_reading weighs those)
    assert not any(s.doubt for s in ocr.note_disagreements(symbols("指標，以（1）"), [symbols("指標,以(1)")]))
    assert not any(s.doubt for s in ocr.note_disagreements(symbols("人事慮"), [symbols("人事處")]))
    # an ideograph of the first look another leaves out: 和, the model's guess in a gap
    phantom = ocr.note_disagreements(symbols("擴大和能源"), [symbols("擴大能源")])
    assert phantom[2].doubt == "和 (another look reads nothing)"
    assert not any(s.doubt for s in ocr.note_disagreements(symbols("擴大能源"), [symbols("擴大和能源")]))


@needs_tesseract
def test_a_comma_the_first_look_passed_over_is_read_by_the_others() -> None:
    """資源配置，加強 of a 200-dpi typeset scan: the first look read 資源配置加強
    with full confidence; the smaller and the thinned looks read the comma."""
    band = cv2.imread(str(REPO / "tests" / "fixtures" / "lines" / "rt00027-typeset-scan200-comma-passed-over.png"), 0)
    assert "".join(s.text for s in read_line(band)) == "資源配置，加強"
