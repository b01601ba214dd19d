"""Assessment: the parts of a risk register that weigh each risk, and the
columns of any table that the contract does not name (schema 1.3, issue 28).

- A register's assessment columns, in the orders and words agencies print
  them: 風險情境 / 風險描述; 影響程度 and 發生機率 as figures, figures with
  their words (`3（嚴重）`, `嚴重(3)`, `3 嚴重`) or now and then the word
  alone; 風險值 (or no score column); 風險等級 (高度 / 中度 / 低度 …, from the
  score); residual risk as one 殘餘風險值 column or a 殘餘風險 group with its
  own 影響程度 / 發生機率 / 風險值, mostly after a 新增對策 column; 3- and
  5-level scales (score = impact × likelihood).
- A risk map (風險圖像, 風險矩陣 …): a ruled grid of likelihood by impact,
  3×3 or 5×5, either axis on the rows, the highest level on the top row and
  the lowest on the left column, its cells listing the risks (`1、4`,
  `R1、R4`, `1,4`, or names one per line), before or after the register,
  now and then on a page of its own. A table block of kind `risk_map` with
  no records.
- Families of a register (`assessment.family` in its block): `plain` (no
  figures, no map), `a` (figures, no map), `b` (map only: the register prints
  no impact, likelihood or score, the map says them), `c` (both, agreeing),
  `d` (both, the map moving one or two risks to another cell: the register's
  figures stand and the pipeline owes a `risk_map_disagrees` note for each
  of them, `map_disagrees` in their records).
- KPI and key-plan tables with columns outside the contract (權重 of its own,
  備註, 執行期程, 主辦機關 …), some merged over a goal's KPIs or a work plan's
  items; a column with no label now and then.

Every record carries `extra`: its printed columns the contract does not name,
header (the header cells over the column top to bottom, whitespace removed;
`第N欄` for a column with no header text) → the cell's text.

Every draw here comes from a stream of its own (`stream`), seeded by the
document's main stream where the table starts, so a document where none of
this applies prints as it did before.
"""

from __future__ import annotations

import random
import re

from vocab import (
    KEY_PLAN_EXTRA_COLUMNS,
    KPI_EXTRA_COLUMNS,
    NEW_MEASURE_LABELS,
    RISK_GROUPS,
    RISK_LABELS,
    RISK_LEVELS,
    RISK_MAP_CAPTIONS,
    RISK_SCALES,
    RISK_UNSEEN_GROUPS,
    RISK_UNSEEN_LABELS,
)

FAMILIES = {"plain": 0.1, "a": 0.32, "b": 0.18, "c": 0.2, "d": 0.2}
# How a level prints: the figure, the figure with its word, or the word alone.
LEVEL_FORMATS = {
    "figure": "{n}",
    "figure_word": "{n}（{w}）",
    "word_figure": "{w}({n})",
    "figure_space_word": "{n} {w}",
    "word": "{w}",
}
ASSESSED = ("scenario", "impact", "likelihood", "risk_score", "risk_level", "residual_score")


def stream(rng: random.Random, name: str) -> random.Random:
    """A stream of its own, seeded by `rng`'s state (which reading leaves as it is)."""
    return random.Random(f"{name}:{rng.getstate()[1][:8]}")


def cell(text: str, rowspan: int = 1, colspan: int = 1, align: str = "justify", valign: str = "top") -> dict:
    return {"text": text, "rowspan": rowspan, "colspan": colspan, "align": align, "valign": valign}


def column_keys(header: list[list[dict]], n_cols: int) -> list[str]:
    """Each column's `extra` key: the texts of the header cells over it, top
    to bottom, joined without whitespace; `第N欄` when they hold none."""
    over: list[list[str]] = [[] for _ in range(n_cols)]
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(header):
        c = 0
        for item in row:
            while (r, c) in taken:
                c += 1
            for dr in range(item["rowspan"]):
                for dc in range(item["colspan"]):
                    taken.add((r + dr, c + dc))
            for dc in range(item["colspan"]):
                over[c + dc].append(item["text"])
            c += item["colspan"]
    keys = [re.sub(r"\s+", "", "".join(texts)) for texts in over]
    return [key or f"第{n}欄" for n, key in enumerate(keys, start=1)]


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def level_text(fmt: str, n: int, word: str) -> str:
    return LEVEL_FORMATS[fmt].format(n=n, w=word)


def level_word(scale: int, words: list[str], floors: list[int], score: int) -> str:
    return words[sum(score >= f for f in floors)]


# --- the register ---------------------------------------------------------------


def design(rng: random.Random, base: dict) -> dict:
    """What a register prints of the assessment, and in which words and order."""
    family = weighted(rng, FAMILIES)
    figures = family in ("a", "c", "d")
    d = {
        "family": family,
        "scale": 3 if rng.random() < 0.6 else 5,
        "map": family in ("b", "c", "d"),
        "figures": figures,
        "score": figures and rng.random() < 0.8,
        "level": rng.random() < (0.45 if figures else 0.3 if family == "b" else 0.0),
        "scenario": base["old_scenario"] or rng.random() < 0.2,
        "residual": "none",
        "impact_first": rng.random() < 0.65,
        "position": weighted(rng, {"before": 0.75, "between": 0.15, "after": 0.1}),
        "owners_last": rng.random() < 0.4,
    }
    if figures:
        r = rng.random()
        d["residual"] = "single" if r < 0.25 else "group" if r < 0.45 else "none"
    d["new_measures"] = (d["residual"] != "none" and rng.random() < 0.7) or rng.random() < 0.05
    d["current_group"] = figures and rng.random() < (0.4 if d["residual"] == "group" else 0.1)
    shared = weighted(rng, {"figure": 0.55, "figure_word": 0.2, "word_figure": 0.15, "figure_space_word": 0.1})
    formats = {}
    for axis in ("impact", "likelihood"):
        fmt = shared if rng.random() < 0.7 else weighted(rng, {"figure": 0.5, "figure_word": 0.25, "word_figure": 0.25})
        if family == "a" and rng.random() < 0.06:
            fmt = "word"  # the word alone: no figure to read (the map is never the only word either)
        formats[axis] = fmt
    d["formats"] = formats
    d["level_words"] = rng.choice(RISK_LEVELS[d["scale"]])
    unseen = []
    labels = {}
    for f in ASSESSED:
        if rng.random() < 0.2:
            unseen.append(f)
            labels[f] = rng.choice(RISK_UNSEEN_LABELS[f])
        else:
            labels[f] = rng.choice(RISK_LABELS[f])
    if d["residual"] == "group":
        if "residual_score" in unseen:
            labels["residual_group"] = rng.choice(RISK_UNSEEN_GROUPS["residual"])
        else:
            labels["residual_group"] = rng.choice(RISK_GROUPS["residual"])
    labels["current_group"] = rng.choice(RISK_GROUPS["current"])
    labels["new_measures"] = rng.choice(NEW_MEASURE_LABELS)
    d["labels"] = labels
    printed = {"scenario": d["scenario"], "impact": figures, "likelihood": figures, "risk_score": d["score"]}
    printed |= {"risk_level": d["level"], "residual_score": d["residual"] != "none"}
    d["unseen"] = [f for f in ASSESSED if f in unseen and printed[f]]
    return d


def figures_of(rng: random.Random, scale: int) -> tuple[int, int, int, int]:
    """impact, likelihood, and the residual's after new measures (never higher)."""
    impact, likelihood = rng.randint(1, scale), rng.randint(1, scale)
    r_impact = max(1, impact - rng.choice([0, 0, 1]))
    r_likelihood = max(1, likelihood - rng.choice([0, 1, 1, 2]))
    return impact, likelihood, r_impact, r_likelihood


def moved(rng: random.Random, scale: int, impact: int, likelihood: int) -> tuple[int, int]:
    """Another cell of the map, next to (impact, likelihood)."""
    while True:
        di, dl = rng.choice([(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1)])
        i, lk = impact + di, likelihood + dl
        if 1 <= i <= scale and 1 <= lk <= scale:
            return i, lk


def register(rng: random.Random, w, base: dict, caption: str = "") -> list[dict]:
    """The register's blocks (its caption, the table, and the map if any).

    `base`: what the main stream drew, as generate.risk_table gives it --
    `number_label` (None: the number is in the risk's cell), `labels` and
    `widths` of risk, measures and owners, `text_align`, `arabic` (risk
    numbers 1, 2 …), `old_scenario`, `old_note`, and `rows`: per risk its
    record and its printed texts (number, risk, measures, owners, scenario,
    note)."""
    from generate import Writer  # the phrase banks; generate imports this module

    aside = Writer(rng, w.agency)
    d = design(rng, base)
    scale, labels, fmts = d["scale"], d["labels"], d["formats"]
    words = RISK_SCALES[scale]
    level_words, floors = d["level_words"]
    wide = {a: fmts[a] != "figure" for a in ("impact", "likelihood")}

    def col(field: str, label: str, width: float, group: str | None = None) -> dict:
        return {"field": field, "label": label, "width": width, "group": group}

    head = []
    if base["number_label"] is not None:
        head.append(col("risk_number", base["number_label"], 2.2))
    head.append(col("risk", base["labels"]["risk"], 8))
    if d["scenario"]:
        head.append(col("scenario", labels["scenario"], 9))
    group = labels["current_group"] if d["current_group"] else None
    assess = []
    if d["figures"]:
        axes = ["impact", "likelihood"] if d["impact_first"] else ["likelihood", "impact"]
        assess += [col(a, labels[a], 4.5 if wide[a] else 3, group) for a in axes]
        if d["score"]:
            assess.append(col("risk_score", labels["risk_score"], 3, group))
    if d["level"]:
        assess.append(col("risk_level", labels["risk_level"], 3.5, group))
    measures_width = 16 if d["new_measures"] else 22
    measures = col("measures", base["labels"]["measures"], measures_width)
    owners = col("owners", base["labels"]["owners"], 8)
    if d["position"] == "before":
        middle = [*assess, measures, owners]
    elif d["position"] == "between":
        middle = [measures, *assess, owners]
    else:
        middle = [measures, owners, *assess]
    tail = []
    if d["new_measures"]:
        tail.append(col("new_measures", labels["new_measures"], 14))
    if d["residual"] == "single":
        tail.append(col("residual_score", labels["residual_score"], 3.5))
    elif d["residual"] == "group":
        g = labels["residual_group"]
        axes = ["impact", "likelihood"] if d["impact_first"] else ["likelihood", "impact"]
        tail += [col(f"residual_{a}", labels[a], 4.5 if wide[a] else 3, g) for a in axes]
        tail.append(col("residual_score", labels["risk_score"], 3, g))
    if d["owners_last"] and d["position"] != "after":
        middle.remove(owners)
        tail.append(owners)
    columns = head + middle + tail
    if base["old_note"]:
        columns.append(col("note", "備註", 4))
    if columns[0]["field"] == "risk_number":
        # As wide on the page as in a register of three columns: `10` or `１０` on one line.
        columns[0]["width"] = max(2.2, 0.058 * sum(c["width"] for c in columns[1:]))
    header = header_grid(columns)
    keys = column_keys(header, len(columns))

    body, records, entries = [], [], []
    moves = set()
    if d["family"] == "d":
        moves = set(rng.sample(range(len(base["rows"])), rng.choice([1, 1, 2])))
    for index, row_base in enumerate(base["rows"]):
        rec = row_base["rec"]
        impact, likelihood, r_impact, r_likelihood = figures_of(rng, scale)
        score = impact * likelihood
        scenario = row_base["scenario"]
        if d["scenario"] and scenario is None:
            if rng.random() < 0.15:
                scenario = "\n".join(f"{k}.{aside.sentence(1)}" for k in (1, 2))
            else:
                scenario = aside.sentence(1)
        new_measures = ""
        if d["new_measures"]:
            items = [aside.measure() for _ in range(rng.choice([1, 1, 2]))]
            new_measures = items[0] if len(items) == 1 else "\n".join(f"{k}.{m}" for k, m in enumerate(items, 1))
        printed = {
            "risk_number": row_base["number"],
            "risk": row_base["risk"],
            "scenario": scenario or "",
            "impact": level_text(fmts["impact"], impact, words["impact"][impact - 1]),
            "likelihood": level_text(fmts["likelihood"], likelihood, words["likelihood"][likelihood - 1]),
            "risk_score": str(score),
            "risk_level": level_word(scale, level_words, floors, score),
            "measures": row_base["measures"],
            "owners": row_base["owners"],
            "new_measures": new_measures,
            "residual_impact": level_text(
                fmts["impact"] if fmts["impact"] != "word" else "figure", r_impact, words["impact"][r_impact - 1]
            ),
            "residual_likelihood": level_text(
                fmts["likelihood"] if fmts["likelihood"] != "word" else "figure",
                r_likelihood,
                words["likelihood"][r_likelihood - 1],
            ),
            "residual_score": str(r_impact * r_likelihood),
            "note": row_base["note"] or "",
        }
        fields = {c["field"] for c in columns}
        rec.update(
            {
                "scenario": printed["scenario"] if d["scenario"] else "",
                "impact": str(impact) if d["map"] or (d["figures"] and fmts["impact"] != "word") else "",
                "likelihood": str(likelihood) if d["map"] or (d["figures"] and fmts["likelihood"] != "word") else "",
                "risk_score": str(score) if "risk_score" in fields else "",
                "risk_level": printed["risk_level"] if "risk_level" in fields else "",
                "residual_score": printed["residual_score"] if "residual_score" in fields else "",
                "extra": {
                    keys[n]: printed[c["field"]]
                    for n, c in enumerate(columns)
                    if c["field"] in ("new_measures", "residual_impact", "residual_likelihood", "note")
                },
                "map_disagrees": index in moves,
            }
        )
        records.append(rec)
        text_fields = ("risk", "scenario", "measures", "owners", "new_measures")
        body.append(
            [
                cell(printed[c["field"]], align=base["text_align"] if c["field"] in text_fields else "center")
                for c in columns
            ]
        )
        at = moved(rng, scale, impact, likelihood) if index in moves else (impact, likelihood)
        entries.append((row_base, rec, at))
    block = {
        "type": "table",
        "kind": "risk",
        "widths": [c["width"] for c in columns],
        "header": header,
        "body": body,
        "records": records,
        "assessment": {
            "family": d["family"],
            "scale": scale,
            "map": d["map"],
            "residual": d["residual"],
            "formats": fmts if d["figures"] else {},
            "printed": [c["field"] for c in columns if c["field"] in ASSESSED],
            "risk_map_disagrees": [records[i]["risk"] for i in sorted(moves)],
        },
    }
    if base["number_label"] is not None:
        block["own_numbers"] = ["risk"]
    if d["unseen"]:
        block["unseen_labels"] = list(d["unseen"])
    own = [{"type": "caption", "text": caption}] if caption else []
    if not d["map"]:
        return [*own, block]
    the_map = risk_map(rng, scale, entries, base["arabic"])
    before = rng.random() < 0.35
    alone = [{"type": "page_break"}] if rng.random() < 0.3 else []
    if before:
        return the_map + alone + own + [block]
    return own + [block] + alone + the_map


def fit_page(doc: dict) -> None:
    """A register of ten columns or more is printed on landscape pages, as
    agencies print them (in portrait its figure columns hold two characters a line)."""
    if any(b["type"] == "table" and b["kind"] == "risk" and len(b["widths"]) >= 10 for b in doc["blocks"]):
        doc["style"]["landscape"] = True


def header_grid(columns: list[dict]) -> list[list[dict]]:
    """One header row, or two when columns stand under a group's label."""

    def head(text: str, rowspan: int = 1, colspan: int = 1) -> dict:
        return cell(text, rowspan, colspan, align="center", valign="middle")

    if not any(c["group"] for c in columns):
        return [[head(c["label"]) for c in columns]]
    top, bottom, i = [], [], 0
    while i < len(columns):
        group = columns[i]["group"]
        if group is None:
            top.append(head(columns[i]["label"], rowspan=2))
            i += 1
            continue
        j = i
        while j < len(columns) and columns[j]["group"] == group:
            j += 1
        top.append(head(group, colspan=j - i))
        bottom += [head(c["label"]) for c in columns[i:j]]
        i = j
    return [top, bottom]


# --- the map ------------------------------------------------------------------


def risk_map(rng: random.Random, scale: int, entries: list, arabic: bool) -> list[dict]:
    """The map's caption and grid: likelihood by impact, each cell listing
    the risks that fall there (by number where they are numbered 1, 2 …)."""
    rows_axis = "likelihood" if rng.random() < 0.6 else "impact"
    cols_axis = "impact" if rows_axis == "likelihood" else "likelihood"
    titles = {"impact": rng.choice(["影響程度", "衝擊程度", "影響"]), "likelihood": rng.choice(["發生機率", "可能性"])}
    style = weighted(rng, {"figure": 0.35, "word": 0.25, "both": 0.4})
    both = rng.choice(["{w}({n})", "{n} {w}", "{n}\n{w}", "{w}（{n}）"])
    ids = rng.choice(["number", "number", "R", "name"]) if arabic else "name"
    sep = rng.choice(["、", "、", ","])
    layout = "top" if rng.random() < 0.7 else "bottom"
    words = RISK_SCALES[scale]

    def axis_label(axis: str, n: int) -> str:
        word = words[axis][n - 1]
        return {"figure": str(n), "word": word, "both": both.format(n=n, w=word)}[style]

    def name(row_base: dict, rec: dict) -> str:
        if ids == "name":
            return rec["risk"]
        return ("R" if ids == "R" else "") + rec["risk_number"]

    cells: dict[tuple[int, int], list[str]] = {}
    for row_base, rec, (impact, likelihood) in entries:
        cells.setdefault((impact, likelihood), []).append(name(row_base, rec))

    def listed(impact: int, likelihood: int) -> str:
        names = cells.get((impact, likelihood), [])
        return "\n".join(names) if ids == "name" else sep.join(names)

    def head(text: str, rowspan: int = 1, colspan: int = 1) -> dict:
        return cell(text, rowspan, colspan, align="center", valign="middle")

    col_labels = [head(axis_label(cols_axis, n)) for n in range(1, scale + 1)]
    grid = []
    for k, level in enumerate(range(scale, 0, -1)):  # the highest level on the top row
        row = [head(titles[rows_axis], rowspan=scale)] if k == 0 else []
        row.append(head(axis_label(rows_axis, level)))
        for n in range(1, scale + 1):
            impact, likelihood = (n, level) if rows_axis == "likelihood" else (level, n)
            row.append(head(listed(impact, likelihood)))
        grid.append(row)
    corner = head("", rowspan=2, colspan=2) if layout == "top" else head("", colspan=2)
    if layout == "top":
        header = [[corner, head(titles[cols_axis], colspan=scale)], col_labels]
        body = grid
    else:
        header = []
        body = grid + [[corner, *col_labels], [head("", colspan=2), head(titles[cols_axis], colspan=scale)]]
    label_width = {"figure": 1.6, "word": 3.4, "both": 4.2}[style]
    cell_width = 6 if ids == "name" else 3
    block = {
        "type": "table",
        "kind": "risk_map",
        "widths": [1.8, label_width] + [cell_width] * scale,
        "header": header,
        "body": body,
        "records": [],
        "keep_together": True,
        "map": {
            "rows": rows_axis,
            "levels": scale,
            "ids": ids,
            "labels": style,
            "layout": layout,
            "cells": [[i, lk, names] for (i, lk), names in sorted(cells.items())],
        },
    }
    return [{"type": "caption", "text": rng.choice(RISK_MAP_CAPTIONS)}, block]


# --- columns of KPI and key-plan tables the contract does not name -------------


def kpi_extra_columns(rng: random.Random, columns: list[dict]) -> None:
    """Now and then one or two columns outside the contract (權重 of its own,
    merged over a goal's KPIs or not; 備註 …), put into `columns` in place."""
    if rng.random() >= 0.3:
        return
    for label in rng.sample(KPI_EXTRA_COLUMNS, 1 if rng.random() < 0.8 else 2):
        per_goal = label == "權重" and rng.random() < 0.5
        extra = {"field": "extra", "label": label if rng.random() > 0.08 else "", "width": 3.5}
        # 權重 with or without its %, the same in every cell of the column
        values = label + ("%" if label == "權重" and rng.random() < 0.6 else "")
        extra |= {"values": values, "per_goal": per_goal}
        fields = [c["field"] for c in columns]
        if per_goal:
            at = fields.index("goal") + 1
        elif label == "權重" and rng.random() < 0.5:
            at = fields.index("kpi") + 1
        else:
            at = len(columns) if rng.random() < 0.7 else fields.index("target")
        columns.insert(at, extra)


def key_plan_extra_columns(rng: random.Random, columns: list[dict]) -> None:
    """Now and then a column outside the contract (執行期程, 主辦機關 merged
    over a work plan's items or not, 經費來源 …), put into `columns` in place."""
    if rng.random() >= 0.3:
        return
    taken = {c["label"].replace("\n", "") for c in columns}
    label = rng.choice([x for x in KEY_PLAN_EXTRA_COLUMNS if x not in taken])
    fields = [c["field"] for c in columns]
    per_plan = label == "主辦機關" and "work_plan" in fields and rng.random() < 0.5
    extra = {"field": "extra_more", "label": label if rng.random() > 0.08 else "", "width": 5}
    extra |= {"values": label, "per_plan": per_plan}
    if per_plan:
        at = fields.index("work_plan") + 1
    else:
        at = len(columns) if rng.random() < 0.6 else fields.index("content") + 1
    columns.insert(at, extra)


def extra_value(rng: random.Random, kind: str, units: list[str]) -> str:
    """A cell of a column outside the contract."""
    if kind.startswith("權重"):
        return f"{rng.choice([5, 10, 15, 20, 25, 30])}{kind[2:]}"
    if kind == "備註":
        return rng.choice(["", "", "新增指標", "修正指標", "延續性計畫", "新興計畫", "跨年度計畫"])
    if kind == "資料來源":
        return rng.choice(["統計資料", "年度成果報告", "管考系統資料", rng.choice(units)])
    if kind == "評估週期":
        return rng.choice(["每年", "每半年", "每季", "每月"])
    if kind == "執行期程":
        return rng.choice(["全年度", "1月至12月", "第1季至第4季", "持續辦理", "3月至11月"])
    if kind == "主辦機關":
        return "、".join(rng.sample(units, rng.choice([1, 1, 2])))
    if kind == "預算金額（千元）":
        return f"{rng.randint(1000, 900000):,}"
    if kind == "經費來源":
        return rng.choice(["公務預算", "特別預算", "基金預算", "前瞻基礎建設計畫"])
    raise ValueError(kind)
