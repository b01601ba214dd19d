"""Lexicon: how much a reading of a line looks like written Chinese, so OCR
can choose between two readings of the same ink by evidence rather than by
fixed substitutions (法制處 over 法制慮, 各地區域 over 各地城域).

The words and their frequencies are jieba's dictionary (349,000 words
counted in a large general corpus; shipped as plain text inside the jieba
package). It is written in simplified characters, so a traditional reading
is looked up through OpenCC's t2s conversion, character for character:
look-alikes such as 處/慮 or 域/城 stay different characters after it. The
template's own words (headings, column labels, methods, formula words) are
added, so the template reads as well as the general language does.

A reading's score is the log-probability of its best split into words
(a unigram model) in which every single character costs the same: only
words of two or more characters are evidence. A character's own frequency
is not -- 治 is ten times as common as 洽, 處 as 慮, and each is as often
the right reading -- so where no word decides, the model's confidence does,
and the choice is marked doubtful. Characters that are not ideographs are
neutral, so figures and Latin words neither help nor hurt a reading.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources

import opencc

from .normalize import is_cjk

LONGEST_WORD = 6  # characters: longer dictionary entries are names and idioms, no help here
SINGLE = -11.0  # log-probability of any one character standing alone (about that of a middling word)
# The template's words that fill a cell alone (headers, methods, units): OCR
# snaps a cell close to one of them to it (ocr.repairs.correct_vocabulary).
CELL_WORDS = (
    "施政目標",
    "關鍵策略目標",
    "策略績效目標",
    "關鍵績效指標",
    "衡量指標",
    "共同性目標",
    "共同性指標",
    "評估體制",
    "評估方式",
    "衡量標準",
    "年度目標值",
    "與中長程個案計畫關聯",
    "工作計畫名稱",
    "重要計畫項目",
    "計畫類別",
    "實施內容",
    "風險項目",
    "控制措施",
    "負責單位",
    "統計數據",
    "問卷調查",
    "書面審核",
    "人次",
    "百分比",
    "項數",
    "次數",
    "達到項數",
    "是否",
    "其它",
)
# The template's fixed words, as frequent as the commonest words of the dictionary.
TEMPLATE_WORDS = CELL_WORDS + (
    "施政計畫",
    "年度施政計畫",
    "績效指標",
    "計算公式",
    "目標值",
    "中長程個案計畫",
    "個案計畫",
    "工作計畫",
    "重要計畫",
    "計畫項目",
    "實施要項",
    "風險對策",
    "權責單位",
    "實地查證",
    "專案評估",
    "本年度",
    "前一年度",
    "以前年度",
    "保留數",
    "實支數",
    "預算數",
    "追加預算數",
    "完成數",
    "預定數",
    "場次",
    # the internal units every central agency has, as the 負責單位 column names them
    "秘書處",
    "人事處",
    "政風處",
    "會計處",
    "主計處",
    "資訊處",
    "法制處",
    "總務處",
    "新聞處",
    "本部各單位",
)

# The template's common indicators' formulas, as every central agency prints
# them (機關年度資本門預算執行率, 機關中程歲出概算額度內編報概算數): terms
# long enough that a reading differing from one in a single ideograph is
# that term misread (賸 of 賸餘數, rare, is read 騰 by every look). OCR
# snaps them in a region's text (ocr.repairs.correct_vocabulary).
FORMULA_TERMS = (
    "資本門實支數",
    "資本門應付未付數",
    "資本門賸餘數",
    "資本門預算數",
    "本年度歲出概算編報數",
    "本年度中程歲出概算額度核列數",
)

# Latin acronyms and words that central agencies' plans print among Chinese
# text (international bodies, technologies, programmes), for OCR to set right
# a reading that differs from one only in letters the model confuses (Al for
# AI: ocr.latin). Upper and lower case as printed.
ACRONYMS = (
    "AI",
    "AIT",
    "APEC",
    "API",
    "APP",
    "AR",
    "ASEAN",
    "BIM",
    "CCTV",
    "COVID",
    "CPTPP",
    "DNA",
    "ECFA",
    "ESG",
    "EU",
    "FTA",
    "GDP",
    "GIS",
    "GPS",
    "HIV",
    "ICAO",
    "ICDF",
    "ICT",
    "IMF",
    "IMO",
    "IoT",
    "IPv6",
    "ISO",
    "IT",
    "ITS",
    "LED",
    "MOU",
    "NGO",
    "NGOs",
    "NPO",
    "ODA",
    "OECD",
    "RCEP",
    "SDGs",
    "SOP",
    "TIFA",
    "UN",
    "UNESCO",
    "VR",
    "WHA",
    "WHO",
    "WTO",
    "eID",
)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# A line of jieba's dict.txt: `word count tag`; only words of 2 to LONGEST_WORD characters.
DICT_LINE = re.compile(rf"^([^ \n]{{2,{LONGEST_WORD}}}) (\d+)(?= |$)", re.MULTILINE)


@lru_cache(maxsize=1)
def word_counts() -> tuple[dict[str, int], int]:
    """Simplified word of two characters or more -> its count, and the total
    of the counts. Loaded once per process, when OCR first needs it (about
    0.5 s: one regex pass over the file; the log-probabilities are taken
    when looked up, not for all 335,000 words)."""
    counts: dict[str, int] = {}
    text = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    for word, count in DICT_LINE.findall(text):
        counts[word] = counts.get(word, 0) + int(count)  # a word listed twice counts twice (B超)
    top = max(counts.values())
    for word in TEMPLATE_WORDS:
        counts[simplified(word)] = top
    return counts, sum(counts.values())


def simplified(text: str) -> str:
    """`text` in simplified characters, one for one (OpenCC t2s; a character
    whose conversion is not one character stays as it is)."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c) == 1 else ch for ch, c in ((ch, _t2s().convert(ch)) for ch in text))


@lru_cache(maxsize=1)
def _s2tw() -> opencc.OpenCC:
    return opencc.OpenCC("s2tw")


# Words the government writes otherwise than OpenCC's Taiwan phrases (计划:
# 計劃): the Executive Yuan's 計畫, and the template's own words.
GOVERNMENT_FORMS = ("計畫",)


def standard_forms(chars: list[str]) -> list[str] | None:
    """Each character as Taiwan's standard writes it in its words, by OpenCC's
    phrases (制度, 製造; 臺灣) and the government's own (GOVERNMENT_FORMS,
    TEMPLATE_WORDS): the one say on traditional forms that simplify alike
    (製 and 制 are both 制), which the word counts cannot weigh. None where
    the conversion is not one for one."""
    if any(len(c) != 1 for c in chars):
        return None
    plain = simplified("".join(chars))
    forms = list(_s2tw().convert(plain))
    if len(forms) != len(chars):
        return None
    for word in (*GOVERNMENT_FORMS, *TEMPLATE_WORDS):
        for found in re.finditer(re.escape(simplified(word)), plain):
            forms[found.start() : found.end()] = word
    return forms


def score(text: str) -> float:
    """Log-probability of the best split of `text`'s runs of ideographs into
    dictionary words; the higher, the more it reads like Chinese."""
    counts, corpus_size = word_counts()
    total = 0.0
    for run in cjk_runs(simplified(text)):
        best = [0.0] + [-math.inf] * len(run)
        for end in range(1, len(run) + 1):
            for start in range(max(0, end - LONGEST_WORD), end):
                if end - start == 1:
                    p = SINGLE
                elif (count := counts.get(run[start:end])) is not None:
                    p = math.log(count / corpus_size)
                else:
                    continue
                if best[start] + p > best[end]:
                    best[end] = best[start] + p
        total += best[-1]
    return total


def cjk_runs(text: str) -> list[str]:
    runs, current = [], []
    for ch in text:
        if is_cjk(ch) and ch.isalpha():
            current.append(ch)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs
