"""Sections: a Layout in, the document's parts out (施政目標, 關鍵績效指標,
共同性指標, 重要計畫, or none), each with the blocks under its heading.

A part is found by its heading's words, whatever its 壹/貳/參/肆 (or 一/二)
number, so parts that move or are absent between years are no trouble.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .layout.paragraphs import TEMPLATE_HEADING
from .model import Block, Layout
from .normalize import parse_numbering

# The words of each part heading, after its number and an optional year.
PART_PATTERNS = [
    ("common", re.compile(r"共同性(?:指標|目標)")),
    ("kpis", re.compile(r"(?:關鍵)?績效指標|衡量指標")),
    ("key_plans", re.compile(r"重要(?:施政)?計畫|施政計畫(?:項目|重點)")),
    ("goals", re.compile(r"施政目標|施政重點|目標(?:與|及)(?:策略|重點)")),
    ("risks", re.compile(r"風險.{0,8}(?:一覽表|彙整表|處理|措施)")),
]
MAX_HEADING = 24  # characters after the number: a heading is short
PART_STYLES = ("part", "cn", "paren_cn")  # 壹、 一、 （一）

# The sentence that introduces the goals when no heading does:
# 「…編定110年度施政計畫，其目標與重點如次：」
GOALS_INTRO = re.compile(r"(?:如次|如下)[：:]$")


@dataclass(frozen=True)
class Part:
    kind: str  # goals | kpis | common | key_plans | front
    heading: str
    blocks: tuple[Block, ...]


# Whole headings as the template prints them, for headings whose characters
# were misread (OCR: 貳、年度關鍵績效指標 read as 虱、年度閱鍵續效指標).
TEMPLATE_HEADINGS = {
    "年度施政目標": "goals",
    "年度施政目標及策略": "goals",
    "年度施政目標與重點": "goals",
    "年度關鍵績效指標": "kpis",
    "年度共同性指標": "common",
    "年度重要計畫": "key_plans",
    "年度重要施政計畫": "key_plans",
}
MISREAD = re.compile(r"^\s*\S\s*[、.．]\s*(?P<rest>.+)$")


def heading_kind(text: str) -> str | None:
    """The part a heading line opens, or None when the line is no part heading."""
    numbering = parse_numbering(text)
    if numbering is None or numbering.style not in PART_STYLES:
        return unnumbered_heading_kind(text) or misread_heading_kind(text)
    rest = re.sub(r"\s+", "", numbering.rest)
    if len(rest) > MAX_HEADING or rest[-1:] in "，。；、":
        return None
    rest = re.sub(r"^.{0,12}?\d+年度?", "", rest)
    for kind, pattern in PART_PATTERNS:
        if pattern.search(rest):
            return kind
    return misread_heading_kind(text)


def unnumbered_heading_kind(text: str) -> str | None:
    """An unnumbered heading is the template's words alone, after an optional
    year (110年度重要施政計畫): layout knows them too, and sets them apart."""
    words = re.sub(r"\s+", "", text)
    if not TEMPLATE_HEADING.match(words):
        return None
    return next(kind for kind, pattern in PART_PATTERNS if pattern.search(words))


def misread_heading_kind(text: str) -> str | None:
    """A heading with a misread number or word: its words close to one of the
    template's headings (three in four characters right)."""
    m = MISREAD.match(text)
    if not m:
        return None
    rest = re.sub(r"\s+", "", m.group("rest"))
    best = process.extractOne(rest, list(TEMPLATE_HEADINGS), scorer=fuzz.ratio)
    return TEMPLATE_HEADINGS[best[0]] if best and best[1] >= 70 else None


def split_parts(layout: Layout) -> list[Part]:
    parts: list[Part] = []
    kind, heading, blocks = "front", "", []
    part_style: str | None = None
    for block in layout.blocks:
        para = block.paragraph
        found = heading_kind(para.text) if para else None
        numbering = parse_numbering(para.text) if para else None
        if found:
            style = numbering.style if numbering and numbering.style in PART_STYLES else "none"
            if unnumbered_heading_kind(para.text) is None and style == "none":
                style = "part"  # a misread number: a part's
            # Once parts are numbered 壹、 a 一、 line is a goal, not a part.
            found = found if part_style is None or style == part_style else None
        elif para and kind == "front" and GOALS_INTRO.search(para.text.strip()):
            # The goals follow the sentence that introduces them; a numbered
            # one (壹、本部依據…如次：) numbers the parts as well.
            found, style = "goals", numbering.style if numbering and numbering.style in PART_STYLES else None
        if found:
            parts.append(Part(kind, heading, tuple(blocks)))
            kind, heading, blocks = found, para.text, []
            part_style = part_style or style
            continue
        blocks.append(block)
    parts.append(Part(kind, heading, tuple(blocks)))
    return [p for p in parts if p.blocks or p.kind != "front"]
