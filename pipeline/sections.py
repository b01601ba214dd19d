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
from .model import Block, Layout, Paragraph
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
    kind: str  # goals | kpis | common | key_plans | risks | front | other (a heading in no words the template uses)
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


def heads_a_table(blocks: tuple[Block, ...], index: int) -> bool:
    """Whether the paragraph at `index` stands over a table: the next block is
    one, or a caption (a short line) and then one."""
    after = blocks[index + 1 : index + 3]
    if after and after[0].table is not None:
        return True
    return len(after) == 2 and after[1].table is not None and is_heading_like(after[0].paragraph, set())


def is_heading_like(para: Paragraph | None, goal_styles: set[str]) -> bool:
    """A short line of one paragraph, ending in no punctuation, numbered in no
    style the goals above it use: the form of a heading whatever its words."""
    if para is None or "\n" in para.text:
        return False
    numbering = parse_numbering(para.text)
    if numbering and numbering.style in goal_styles:
        return False
    words = re.sub(r"\s+", "", numbering.rest if numbering else para.text)
    return 0 < len(words) <= MAX_HEADING and words[-1] not in "，。；、：:,;."


def split_parts(layout: Layout) -> list[Part]:
    parts: list[Part] = []
    kind, heading, blocks = "front", "", []
    part_style: str | None = None
    goal_styles: set[str] = set()  # numbering styles of the goals part's items so far
    for index, block in enumerate(layout.blocks):
        para = block.paragraph
        found = heading_kind(para.text) if para else None
        if not found and kind == "goals" and goal_styles and heads_a_table(layout.blocks, index):
            # The goals end at a heading in words the template does not use
            # (a local government's title for its KPI part) standing over a
            # table: not the last goal's text, nor a goal of its own.
            found = "other" if is_heading_like(para, goal_styles) else None
        if kind == "goals" and para and not found and (numbering := parse_numbering(para.text)):
            goal_styles.add(numbering.style)
        numbering = parse_numbering(para.text) if para else None
        if found == "other":
            style = None  # says nothing of how the parts are numbered
        elif found:
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
