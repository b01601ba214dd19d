"""Outline: the paragraphs of the 施政目標 part in, Goal records out.

Levels follow the numbering styles in the order they nest (a stack): the first
style under the part heading is level 1, a new style under it level 2, and a
style already on the stack closes the deeper ones. So 一、/（一）/１、/（１）
and a part numbered 一、 with goals at （一） both come out right.
"""

from __future__ import annotations

from .model import Block, Goal
from .normalize import parse_numbering

OUTLINE_STYLES = ("cn", "paren_cn", "arabic", "paren_arabic", "latin", "stem", "paren_stem")


def outline(blocks: tuple[Block, ...]) -> list[Goal]:
    goals: list[dict] = []
    stack: list[tuple[str, int]] = []  # (style, index into goals)
    for block in blocks:
        para = block.paragraph
        if para is None:
            continue
        numbering = parse_numbering(para.text)
        if numbering is None or numbering.style not in OUTLINE_STYLES:
            if goals and stack:
                goals[stack[-1][1]]["text"] += "\n" + para.text
            continue
        styles = [s for s, _ in stack]
        if numbering.style in styles:
            del stack[styles.index(numbering.style) :]
        parent = goals[stack[-1][1]]["id"] if stack else ""
        goals.append(
            {
                "id": f"g{len(goals) + 1}",
                "parent_id": parent,
                "level": len(stack) + 1,
                "number": numbering.number,
                "text": numbering.rest.strip(),
                "page": para.page,
            }
        )
        stack.append((numbering.style, len(goals) - 1))
    return [Goal(**g) for g in goals]
