"""Outline: the paragraphs of the 施政目標 part in, Goal records out.

Levels follow the numbering styles in the order they nest (a stack): the first
style under the part heading is level 1, a new style under it level 2, and a
style already on the stack closes the deeper ones. So 一、/（一）/１、/（１）
and a part numbered 一、 with goals at （一） both come out right.
"""

from __future__ import annotations

from .model import Block, Goal, Provenance, union_boxes
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
                goals[stack[-1][1]]["boxes"] += para.boxes
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
                "boxes": para.boxes,
            }
        )
        stack.append((numbering.style, len(goals) - 1))
    return [goal(g) for g in goals]


def goal(item: dict) -> Goal:
    """A Goal, where the item and the paragraphs under it were read."""
    fields = {k: v for k, v in item.items() if k != "boxes"}
    boxes = union_boxes(item["boxes"])
    return Goal(**fields, provenance=Provenance(boxes, (("text", boxes),)))
