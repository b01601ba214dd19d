"""ocr.latin: acronyms and web addresses as the Chinese model misreads them
(the readings are those of the scanned round-trip families)."""

from __future__ import annotations

import numpy as np

from pipeline.ocr import Symbol, close_gaps
from pipeline.ocr.latin import repair_latin


def line(text: str, gaps: dict[int, int] | None = None) -> list[Symbol]:
    """One symbol a character, 30 px apart; `gaps` adds paper before symbol i."""
    out, x = [], 0
    for i, ch in enumerate(text):
        x += (gaps or {}).get(i, 0)
        out.append(Symbol(ch, (x, 0, x + 28, 50), 99.0))
        x += 30
    return out


def text(symbols: list[Symbol]) -> str:
    return "".join(s.text for s in symbols)


def test_an_acronym_read_with_look_alike_letters_is_set_right() -> None:
    for read, right in [("推動Al技術", "推動AI技術"), ("辦理loT標準", "辦理IoT標準"), ("擴大0ECD標準", "擴大OECD標準")]:
        repaired = repair_latin(line(read), 50)
        assert text(repaired) == right
        assert any(s.doubt for s in repaired)  # a reader is told to check it
    assert text(repair_latin(line("擴大lCT平臺"), 50)) == "擴大ICT平臺"
    assert text(repair_latin(line("建立A！應用於"), 50)) == "建立AI應用於"


def test_a_latin_word_outside_the_list_is_never_changed() -> None:
    for read in ("發展Al3技術", "於1T容量", "B2B平臺", "H1N1疫苗", "推動Open Data"):
        assert text(repair_latin(line(read), 50)) == read


def test_a_web_address_has_dots_and_lower_case() -> None:
    assert text(repair_latin(line("網站（www,ndc,gov.tw）公開"), 50)) == "網站（www.ndc.gov.tw）公開"
    assert text(repair_latin(line("平臺（WWWw.gov.tw）公開"), 50)) == "平臺（www.gov.tw）公開"
    assert text(repair_latin(line("網頁（CWww.gov.tw）"), 50)) == "網頁（www.gov.tw）"
    assert text(repair_latin(line("平臺（data,.gov.tw）"), 50)) == "平臺（data.gov.tw）"
    assert text(repair_latin(line("見www.ey.gov.tw/Page/A1"), 50)) == "見www.ey.gov.tw/Page/A1"  # the path as read


def test_an_address_closed_by_a_parenthesis_opens_with_one() -> None:
    repaired = repair_latin(line("本部網站www.gov.tw）公開"), 50)
    assert text(repaired) == "本部網站（www.gov.tw）公開"
    assert repaired[4].doubt and repaired[4].box[2] <= repaired[5].box[0]
    assert text(repair_latin(line("平臺〈《www.gov.tw）"), 50)) == "平臺（www.gov.tw）"
    assert text(repair_latin(line("網站www.gov.tw公開"), 50)) == "網站www.gov.tw公開"  # nothing to balance


def test_latin_words_tesseract_joined_keep_their_space() -> None:
    # Open Data read as one word: 20 px of paper (0.4 em) between n and D
    read = [s._replace(joined=True) for s in line("擴大OpenData平臺", {6: 20})]
    closed = close_gaps(read)
    assert closed[5].box[2] < closed[6].box[0]  # n .. D: a space for layout
    assert closed[4].box[2] == closed[5].box[0]  # e n: one word


def test_a_word_space_is_found_in_the_ink_when_the_boxes_hide_it() -> None:
    # a look boxed n (950-992) and D (992-1034) edge to edge; the ink shows
    # 17 columns of paper (0.34 em) between them
    read = [Symbol("n", (950, 3, 992, 57), 99.0, True), Symbol("D", (992, 9, 1034, 50), 99.0)]
    columns = np.zeros(1100, bool)
    columns[952:975] = columns[992:1030] = True
    spaced = repair_latin(read, 50, columns)
    assert (spaced[0].box[2], spaced[1].box[0]) == (975, 992)
    assert close_gaps(spaced)[0].box[2] == 975  # layout reads the space
    columns[975:988] = True  # only 4 columns of paper: letters of one word
    assert repair_latin(read, 50, columns) == read
