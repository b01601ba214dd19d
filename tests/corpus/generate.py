"""Generate: a seed in, one document's content out, in the fixtures' content
model (title, blocks of para / heading / caption / goals / tables), with every
choice an agency makes differently drawn from the seed:

- parts numbered 壹、 一、 （一） or not at all, worded in the template's variants,
  absent or in another order; the goals under a heading or under a long
  numbered paragraph ending 如次：; a risk table annexed to a plan;
- an outline of 1-4 levels, any mark style at any level, body paragraphs
  under items, items ending with ：, long one-paragraph items;
- KPI tables with the column sets, orders and labels agencies use, goal and
  KPI numbers in their own column or printed in the cell, weights, merged
  goal cells of 1-8 rows, formulas with brackets, targets of every form;
- key-plan tables with or without 計畫類別 / 與KPI關聯 and with a column the
  contract does not carry; risk tables numbered 1. 1、 （一）, measures
  numbered or not, owners joined by 、 or one per line;
- text with Latin words, site names and figures, full- and half-width digits,
  paragraphs of more than one sentence, 。 or ） wrapping alone onto a line;
- the print: font family, sizes, portrait or landscape, footer and running
  header, and damage (Kangxi radicals in the text layer, distributed text).

Tables are given as printed grids (header rows, body rows of cells with
row/column spans, alignment) so every producer prints the same table; the
records the contract expects from them travel beside the grid, written from
the same content, never from a parser.

    generate(seed) -> dict   (JSON-able; same seed, same document)
"""

from __future__ import annotations

import random

import assessment
from vocab import (
    AGENCIES,
    AIMS,
    COMMON_GOALS,
    COUNT_UNITS,
    EXTRA_COLUMNS,
    HEADINGS,
    LABELS,
    LATIN,
    MEASURE_OBJECTS,
    MEASURE_VERBS,
    METHODS,
    NUMBER_LABELS,
    OBJECTS,
    PLAN_CATEGORIES,
    PURPOSES,
    RISK_EVENTS,
    SHARED_UNITS,
    SITES,
    UNSEEN_HEADINGS,
    UNSEEN_LABELS,
    VERBS,
)

CN = "一二三四五六七八九"
PART_CN = "壹貳參肆伍陸柒捌玖"
FULLWIDTH = str.maketrans("0123456789%", "０１２３４５６７８９％")
# Outline mark classes: one class per level, since two marks of one class
# (（一） and (一)) cannot tell levels apart, to a reader or a parser.
MARK_CLASSES = {
    "cn": ["{cn}、"],
    "paren_cn": ["（{cn}）", "({cn})"],
    "arabic": ["{fw}、", "{n}、", "{n}."],
    "paren_arabic": ["（{fw}）", "({n})"],
    "latin": ["{lat}."],
}
USUAL_ORDER = ["cn", "paren_cn", "arabic", "paren_arabic", "latin"]


def cn_numeral(value: int) -> str:
    if value < 10:
        return CN[value - 1]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else CN[tens - 1]) + "十" + (CN[ones - 1] if ones else "")


def mark(fmt: str, value: int) -> str:
    n = str(value)
    return fmt.format(cn=cn_numeral(value), n=n, fw=n.translate(FULLWIDTH), lat="abcdefghijklmnopqrstuvwxyz"[value - 1])


def normalized_number(fmt: str, value: int) -> str:
    """The number as the contract writes it: Arabic half-width, the Chinese numeral, a letter."""
    if "{cn}" in fmt:
        return cn_numeral(value)
    if "{lat}" in fmt:
        return "abcdefghijklmnopqrstuvwxyz"[value - 1]
    return str(value)


class Writer:
    """Composes plausible plan text for one agency from the phrase banks."""

    def __init__(self, rng: random.Random, agency: str) -> None:
        self.rng = rng
        # Variations added after the corpus was first measured draw from their
        # own stream (seeded by rng's state, which reading it leaves as it is),
        # so every earlier seed's document stays as it was where they do not apply.
        self.aside = random.Random(str(rng.getstate()[1][:8]))
        # The list-cell family (below) draws from a stream of its own too.
        self.lists = random.Random("lists" + str(rng.getstate()[1][:8]))
        self.listed = self.lists.random() < LIST_DOCUMENTS
        self.agency = agency
        self.fields = AGENCIES[agency]["fields"]
        self.units = AGENCIES[agency]["units"]
        self.used: set[str] = set()

    def pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def unique(self, make) -> str:
        """A phrase not used before in this document (KPI names, plan items,
        risks), so a reader can tell records apart."""
        for _ in range(50):
            text = make()
            if text not in self.used:
                self.used.add(text)
                return text
        return text

    def clause(self) -> str:
        r = self.rng.random()
        if r < 0.08:
            kind = self.pick(["技術", "應用", "平臺", "標準"])
            return f"{self.pick(VERBS)}{self.pick(LATIN)}{kind}於{self.pick(self.fields)}"
        if r < 0.14:
            n = self.rng.choice(["2", "3", "5", "10", "12", "30"])
            if self.rng.random() < 0.4:
                n = n.translate(FULLWIDTH)
            return f"於{n}年內完成{self.pick(self.fields)}{self.pick(OBJECTS)}"
        if r < 0.17:
            where = self.pick(["本部網站", "政府資料開放平臺", "專屬網頁"])
            return f"於{where}（{self.pick(SITES)}）公開{self.pick(self.fields)}資訊"
        return f"{self.pick(VERBS)}{self.pick(self.fields)}{self.pick(OBJECTS)}"

    def sentence(self, clauses: int | None = None, end: str = "。") -> str:
        n = clauses or self.rng.randint(1, 3)
        parts = [self.clause() for _ in range(n)]
        if self.rng.random() < 0.5:
            parts.append(self.pick(PURPOSES))
        text = "，".join(parts) + end
        if self.rng.random() < 0.15:  # a paragraph of two sentences: 。 does not end paragraphs only
            text += f"{self.clause()}，{self.pick(PURPOSES)}{end}"
        return text

    def goal(self) -> str:
        return self.unique(
            lambda: f"{self.pick(VERBS)}{self.pick(self.fields)}{self.pick(AIMS)}，{self.pick(VERBS)}{self.pick(AIMS)}"
        )

    def kpi(self) -> str:
        suffix = ["完成率", "參與人次", "辦理件數", "滿意度", "達成率", "辦理場次", "使用人次", "成長率", "建置數"]
        return self.unique(lambda: f"{self.pick(self.fields)}{self.pick(OBJECTS)}{self.pick(suffix)}")

    def plan_item(self) -> str:
        return self.unique(
            lambda: f"{self.pick(self.fields)}{self.pick(OBJECTS)}{self.pick(['計畫', '方案', '中程計畫'])}"
        )

    def risk(self) -> str:
        return self.unique(lambda: f"{self.pick(self.fields)}{self.pick(RISK_EVENTS)}")

    def measure(self) -> str:
        text = f"{self.pick(MEASURE_VERBS)}{self.pick(MEASURE_OBJECTS)}"
        if self.rng.random() < 0.5:
            text += f"，{self.pick(PURPOSES)}"
        if self.rng.random() < 0.15:
            text = f"依「{self.pick(self.fields)}{self.pick(['作業要點', '處理原則', '管理辦法'])}」辦理，" + text
        return text + "。"


# --- targets and standards ----------------------------------------------------


def target(w: Writer) -> tuple[str, str, str]:
    """(raw as printed, value, unit) in the contract's form."""
    rng = w.rng
    r = rng.random()
    if r < 0.1:
        raw = rng.choice(["持續辦理", "完成修法", "如期完成", "建置完成"])
        return raw, "", ""
    if r < 0.4:
        value = rng.choice(["95", "90", "100", "80", "85", "0.08", "3.5", "12.5", "0", "60"])
        return f"{value}%", value, "%"
    unit = rng.choice(COUNT_UNITS + ["億元", "萬元"])
    if unit in ("億元", "萬元"):
        value = rng.choice(["15.5", "3.2", "120", "48"])
    else:
        value = str(rng.choice([3, 8, 12, 24, 35, 80, 150, 260, 320, 1200, 1500, 60000, 150000, 1200000]))
    shown = f"{int(value):,}" if value.isdigit() and rng.random() < 0.8 else value
    space = " " if rng.random() < 0.6 else ""
    return f"{shown}{space}{unit}", value, unit


# The template's formulas, of one thing measured (`what`: a field and an object).
FORMULAS = {
    "ratio": "（{what}完成數÷{what}預定數）×100%",
    "growth": "【（本年度{what}數－前一年度{what}數）÷前一年度{what}數】×100%",
    "budget": "［{what}實支數÷（{what}預算數＋追加預算數）］×100%（以上各數均含以前年度保留數）",
}


def standard(w: Writer) -> str:
    rng = w.rng
    field, obj = w.pick(w.fields), w.pick(OBJECTS)
    r = rng.random()
    if r < 0.3:
        return f"年度內{w.pick(VERBS)}之{field}{obj}{rng.choice(['件數', '場次', '人次', '處數'])}。"
    if r < 0.45:
        return FORMULAS["ratio"].format(what=field + obj)
    if r < 0.55:
        return FORMULAS["growth"].format(what=field + obj)
    if r < 0.62:
        return FORMULAS["budget"].format(what=field + obj)
    if r < 0.82:
        n = rng.randint(2, 4)
        items = "".join(f"{i}.{w.pick(VERBS)}{w.pick(w.fields)}{w.pick(OBJECTS)}之件數。" for i in range(1, n + 1))
        return items + "以上合計為總數。"
    if r < 0.9:
        n = rng.randint(2, 3)
        return "\n".join(f"{i}.{w.sentence(1)}" for i in range(1, n + 1))
    return w.sentence(rng.randint(2, 4))


# --- the goals outline --------------------------------------------------------


def outline_styles(rng: random.Random, depth: int, banned: set[str]) -> list[str]:
    """One mark per level, each of its own class; mostly the usual order."""
    classes = [c for c in USUAL_ORDER if c not in banned]
    if rng.random() < 0.3:
        rng.shuffle(classes)
    return [rng.choice(MARK_CLASSES[c]) for c in classes[:depth]]


def outline_items(w: Writer, depth: int, styles: list[str], goals: int) -> list[dict]:
    rng = w.rng
    items: list[dict] = []

    def add(level: int, value: int) -> None:
        children = rng.randint(1, 4) if level < depth and rng.random() < 0.8 else 0
        if level == 1:
            text = w.goal()
        elif rng.random() < 0.15:
            text = w.sentence(rng.randint(4, 6))  # one long paragraph
        elif rng.random() < 0.05:
            text = f"{w.clause()}：a.{w.clause()}；b.{w.clause()}。"  # numbering inside a sentence stays
        else:
            text = w.sentence()
        if children and rng.random() < 0.5:
            text = text.rstrip("。") + "："
        body = [w.sentence(rng.randint(1, 3)) for _ in range(rng.randint(1, 2))] if rng.random() < 0.12 else []
        fmt = styles[level - 1]
        items.append(
            {
                "level": level,
                "mark": mark(fmt, value),
                "number": normalized_number(fmt, value),
                "text": text,
                "body": body,
            }
        )
        for k in range(1, children + 1):
            add(level + 1, k)

    for g in range(1, goals + 1):
        add(1, g)
    return items


# --- tables as printed grids --------------------------------------------------


def cell(text: str, rowspan: int = 1, colspan: int = 1, align: str = "justify", valign: str = "top") -> dict:
    return {"text": text, "rowspan": rowspan, "colspan": colspan, "align": align, "valign": valign}


def header_rows(columns: list[dict], two_rows: bool) -> list[list[dict]]:
    """Header cells: a label spans its field's columns (a number column and
    its text column share one label); with two rows, labels that start with
    the same two characters (評估體制 / 評估方式) share a top cell."""
    groups: list[tuple[str, int]] = []  # label, columns
    for col in columns:
        if groups and col.get("shares_label"):
            groups[-1] = (groups[-1][0], groups[-1][1] + 1)
        else:
            groups.append((col["label"], 1))
    if not two_rows:
        return [[cell(label, colspan=span, align="center", valign="middle") for label, span in groups]]
    top: list[dict] = []
    bottom: list[dict] = []
    i = 0
    while i < len(groups):
        label, span = groups[i]
        plain = label.replace("\n", "")
        if i + 1 < len(groups) and plain[:2] == groups[i + 1][0].replace("\n", "")[:2] and len(plain) == 4:
            top.append(cell(plain[:2], colspan=span + groups[i + 1][1], align="center", valign="middle"))
            bottom.append(cell(plain[2:], colspan=span, align="center", valign="middle"))
            bottom.append(cell(groups[i + 1][0].replace("\n", "")[2:], colspan=groups[i + 1][1], align="center"))
            i += 2
            continue
        top.append(cell(label, rowspan=2, colspan=span, align="center", valign="middle"))
        i += 1
    return [top, bottom]


def wrap_label(rng: random.Random, label: str) -> str:
    """A long label printed on two lines, as narrow header cells do."""
    if len(label) >= 5 and rng.random() < 0.35:
        cut = len(label) // 2 if not label[0].isdigit() else label.index("年") + 2
        return label[:cut] + "\n" + label[cut:]
    return label


def table_block(
    kind: str,
    columns: list[dict],
    header: list,
    body: list,
    records: list[dict],
    own_numbers: list[str] = (),
    unseen_labels: list[str] = (),
) -> dict:
    """A table as printed (a grid), with the records the contract expects from
    it; `own_numbers`: the fields whose number column has a label of its own;
    `unseen_labels`: the fields under a label the template does not use."""
    widths = [c["width"] for c in columns]
    block = {"type": "table", "kind": kind, "widths": widths, "header": header, "body": body, "records": records}
    if own_numbers:
        block["own_numbers"] = list(own_numbers)
    if unseen_labels:
        block["unseen_labels"] = list(unseen_labels)
    return block


def kpi_table(w: Writer, goals: list[tuple[str, list[str]]], kind: str, year: str) -> dict:
    """A KPI (or common-indicator) table. `goals`: (goal text, KPI names)."""
    rng = w.rng
    prefix = "common_" if kind == "common" else ""
    goal_numbers = rng.choice(["column", "column", "inline", "inline", "none"])
    goal_fmt = rng.choice(["{cn}、", "（{cn}）", "{cn}", "{n}."]) if goal_numbers == "inline" else "{cn}"
    kpi_numbers = rng.choice(["column", "column", "inline"])
    kpi_fmt = rng.choice(["{n}", "{fw}", "{cn}"]) if kpi_numbers == "column" else rng.choice(["{n} ", "{n}.", "{fw}、"])
    weights = rng.random() < 0.4
    fields = ["goal", "kpi"]
    if rng.random() < 0.75:
        fields.append("eval_system")
    if rng.random() < 0.75:
        fields.append("eval_method")
    if "eval_system" in fields and "eval_method" in fields and rng.random() < 0.2:
        fields[2], fields[3] = fields[3], fields[2]
    fields += ["standard", "target"]
    if rng.random() < 0.35:
        fields.append("plan_linkage")
    columns: list[dict] = []
    extras = assessment.stream(rng, "kpi-extra")  # before the draws below: its own stream
    # A number column under a label of its own (編號, 項次 …) or none, not its field's.
    own_label = {f: w.aside.random() < 0.3 for f in ("goal", "kpi")}
    for f in fields:
        label = rng.choice(LABELS.get(prefix + f, LABELS[f])).format(year=year)
        label = wrap_label(rng, label)
        number_col = (f == "goal" and goal_numbers == "column") or (f == "kpi" and kpi_numbers == "column")
        if number_col and own_label[f]:
            columns.append({"field": f + "_number", "label": w.aside.choice(NUMBER_LABELS), "width": 2.2})
            number_col = False
        elif number_col:
            columns.append({"field": f + "_number", "label": label, "width": 2.2})
        width = {"goal": 9, "kpi": 9, "eval_system": 3, "eval_method": 3.6, "standard": 15, "target": 6.5}
        columns.append({"field": f, "label": label, "width": width.get(f, 7), "shares_label": number_col})
    assessment.kpi_extra_columns(extras, columns)
    header = header_rows(columns, rng.random() < 0.3)
    keys = assessment.column_keys(header, len(columns))
    body: list[list[dict]] = []
    records: list[dict] = []
    text_align = "left" if rng.random() < 0.2 else "justify"
    valign = rng.choice(["middle", "top"])
    for g, (goal_text, kpis) in enumerate(goals, start=1):
        weight = f"（{rng.choice([10, 15, 20, 25, 30, 35])}%）" if weights else ""
        printed_goal = goal_text + weight
        gnum = normalized_number(goal_fmt, g) if goal_numbers != "none" else ""
        for k, kpi_name in enumerate(kpis, start=1):
            raw, value, unit = target(w)
            if rng.random() < 0.1:
                raw = raw.translate(FULLWIDTH)  # printed full-width; the contract reads it half-width
            rec = {
                "kind": kind,
                "goal_number": gnum,
                "goal": printed_goal,
                "kpi_number": normalized_number(kpi_fmt, k),
                "kpi": kpi_name,
                "eval_system": str(rng.randint(1, 5)) if "eval_system" in fields else "",
                "eval_method": rng.choice(METHODS) if "eval_method" in fields else "",
                "standard": list_cell(w, standard(w)),
                "target_raw": raw.translate(str.maketrans("０１２３４５６７８９％", "0123456789%")),
                "target_value": value,
                "target_unit": unit,
                "plan_linkage": (rng.choice(["無", w.plan_item()]) if "plan_linkage" in fields else ""),
                "extra": {},
            }
            records.append(rec)
            row: list[dict] = []
            for n, col in enumerate(columns):
                f = col["field"]
                if f == "extra":  # a column outside the contract, merged over the goal's KPIs or not
                    if k == 1 or not col["per_goal"]:
                        col["value"] = assessment.extra_value(extras, col["values"], w.units)
                        span = len(kpis) if col["per_goal"] else 1
                        row.append(cell(col["value"], span, align="center", valign=valign))
                    rec["extra"][keys[n]] = col["value"]
                    continue
                if f in ("goal", "goal_number") and k > 1:
                    continue  # covered by the merged goal cell
                span = len(kpis) if f in ("goal", "goal_number") else 1
                if f == "goal_number":
                    row.append(cell(mark("{cn}", g), span, align="center", valign=valign))
                elif f == "goal":
                    lead = mark(goal_fmt, g) if goal_numbers == "inline" else ""
                    row.append(cell(lead + printed_goal, span, align=text_align, valign=valign))
                elif f == "kpi_number":
                    row.append(cell(mark(kpi_fmt, k), align="center"))
                elif f == "kpi":
                    lead = mark(kpi_fmt, k) if kpi_numbers == "inline" else ""
                    row.append(cell(lead + kpi_name, align=text_align))
                elif f == "target":
                    row.append(cell(raw, align="center"))
                elif f in ("eval_system", "eval_method"):
                    row.append(cell(rec[f], align="center"))
                else:
                    row.append(cell(rec[f], align=text_align))
            body.append(row)
    own = [f for f in ("goal", "kpi") if own_label[f] and any(c["field"] == f + "_number" for c in columns)]
    return table_block("kpi", columns, header, body, records, own)


def key_plan_table(w: Writer, kpi_names: list[str]) -> dict:
    rng = w.rng
    fields = ["work_plan"] if rng.random() < 0.85 else []
    fields.append("item")
    if rng.random() < 0.6:
        fields.append("category")
    fields.append("content")
    if rng.random() < 0.6:
        fields.append("kpi_links")
    extra = rng.choice(EXTRA_COLUMNS["key_plan"]) if rng.random() < 0.4 else None
    if extra:
        fields.insert(rng.choice([len(fields), fields.index("content") + 1]), "extra")
    widths = {"work_plan": 7, "item": 8, "category": 4, "content": 22, "kpi_links": 8, "extra": 5}
    columns = [
        {"field": f, "label": wrap_label(rng, extra if f == "extra" else rng.choice(LABELS[f])), "width": widths[f]}
        for f in fields
    ]
    more = assessment.stream(rng, "key-plan-extra")
    assessment.key_plan_extra_columns(more, columns)
    # Labels the template does not use, over a column or two (not over the
    # items and their work plan both: then nothing says which is which).
    unseen = [f for f in ("work_plan", "item", "category") if f in fields and w.aside.random() < 0.2]
    if "item" in unseen and "work_plan" in unseen:
        unseen.remove(w.aside.choice(["item", "work_plan"]))
    for col in columns:
        if col["field"] in unseen:
            col["label"] = w.aside.choice(UNSEEN_LABELS[col["field"]])
    header = header_rows(columns, False)
    keys = assessment.column_keys(header, len(columns))
    numbering = rng.choice(["{cn}、", "{n}.", "（{cn}）", "none"])
    text_align = "left" if rng.random() < 0.2 else "justify"
    body, records = [], []
    work_plans = rng.randint(1, 4)
    for _ in range(work_plans):
        work_plan = f"{w.pick(w.fields)}{rng.choice(['業務', '管理', '發展計畫'])}"
        n_items = rng.randint(1, 5)
        for i in range(n_items):
            n_lines = rng.randint(1, 5) if numbering != "none" else 1
            lines = [w.sentence(rng.randint(1, 3)) for _ in range(n_lines)]
            content = (
                "\n".join(mark(numbering, k) + t for k, t in enumerate(lines, 1))
                if numbering != "none" and n_lines > 1
                else lines[0]
            )
            content = list_cell(w, content)
            links = "、".join(rng.sample(kpi_names, min(len(kpi_names), rng.randint(1, 2)))) if kpi_names else "無"
            rec = {
                "work_plan": work_plan if "work_plan" in fields else "",
                "item": w.plan_item(),
                "category": rng.choice(PLAN_CATEGORIES) if "category" in fields else "",
                "content": content,
                "kpi_links": links if "kpi_links" in fields else "",
                "extra": {},
            }
            records.append(rec)
            row = []
            for n, col in enumerate(columns):
                f = col["field"]
                if f == "extra_more":  # a column outside the contract, merged over the work plan's items or not
                    if i == 0 or not col["per_plan"]:
                        col["value"] = assessment.extra_value(more, col["values"], w.units)
                        span = n_items if col["per_plan"] else 1
                        row.append(cell(col["value"], span, align="center", valign="middle"))
                    rec["extra"][keys[n]] = col["value"]
                    continue
                if f == "work_plan":
                    if i == 0:
                        row.append(cell(work_plan, n_items, align=text_align, valign=rng.choice(["middle", "top"])))
                elif f == "extra":
                    budget = (
                        f"{rng.randint(1000, 900000):,}" if "預算" in extra else rng.choice(["", "續辦", "新興計畫"])
                    )
                    row.append(cell(budget, align="center"))
                    rec["extra"][keys[n]] = budget
                elif f == "category":
                    row.append(cell(rec[f], align="center"))
                else:
                    row.append(cell(rec[f], align=text_align))
            body.append(row)
    return table_block("key_plan", columns, header, body, records, unseen_labels=unseen)


def risk_table(w: Writer, caption: str = "") -> list[dict]:
    """A risk register's table (after `caption` if given) and its risk map,
    if any: its risks, measures and owners drawn here as they always were,
    its assessment columns and map by assessment.register, from a stream of
    their own."""
    rng = w.rng
    assessed = assessment.stream(rng, "assessment")
    fields = ["risk"]
    extras = [e for e in EXTRA_COLUMNS["risk"] if rng.random() < 0.25]
    scenario = "風險情境" in extras
    if scenario:
        fields.append("風險情境")
    # Figures drawn here once (1-3 at random): their draws stay, so that what
    # follows in the document is as it was; assessment.py prints them now.
    figures = [e for e in extras if e in ("影響程度", "發生機率", "風險值")]
    fields += ["measures", "owners"]
    labels = {f: wrap_label(rng, rng.choice(LABELS[f])) for f in ("risk", "measures", "owners")}
    # The risk's number in a narrow first column of its own, under any label or none.
    number_column = w.aside.random() < 0.3
    number_label = w.aside.choice(NUMBER_LABELS) if number_column else None
    risk_fmt = rng.choice(["{n}.", "{n}、", "（{cn}）", "{n}. "])
    if number_column:
        risk_fmt = w.aside.choice(["{n}", "{n}.", "{fw}", "（{cn}）", "{cn}"])
    measure_fmt = rng.choice(["{n}.", "{n}、", "（{n}）", "{n}. ", "none"])
    owners_joined = rng.random() < 0.5
    text_align = "left" if rng.random() < 0.2 else "justify"
    rows = []
    for r in range(1, rng.randint(3, 12) + 1):
        measures = [w.measure() for _ in range(rng.randint(1, 4))]
        owners = rng.sample(w.units + SHARED_UNITS, rng.randint(1, 4))
        rec = {
            "risk_number": normalized_number(risk_fmt, r),
            "risk": w.risk(),
            "measures": measures,
            "owners": owners,
        }
        if len(measures) == 1:
            measure_text = measures[0]
        elif measure_fmt == "none":
            measure_text = "\n".join(measures)
        else:
            measure_text = "\n".join(mark(measure_fmt, k) + m for k, m in enumerate(measures, 1))
        listed = list_items(w)
        if listed:  # the family's items: printed with their numbers, read without them
            measure_text, rec["measures"] = "\n".join(listed[0]), listed[1]
        old_scenario = w.sentence(1) if scenario else None
        for _ in figures:
            rng.randint(1, 3)
        note = rng.choice(["", "", "汛期", "持續追蹤"]) if "備註" in extras else None
        rows.append(
            {
                "rec": rec,
                "number": mark(risk_fmt, r) if number_column else "",
                "risk": ("" if number_column else mark(risk_fmt, r)) + rec["risk"],
                "measures": measure_text,
                "owners": ("、" if owners_joined else "\n").join(owners),
                "scenario": old_scenario,
                "note": note,
            }
        )
    base = {
        "number_label": number_label,
        "labels": labels,
        "text_align": text_align,
        "arabic": "{n}" in risk_fmt or "{fw}" in risk_fmt,
        "old_scenario": scenario,
        "old_note": "備註" in extras,
        "rows": rows,
    }
    return assessment.register(assessed, w, base, caption)


# --- lists in distributed cells -----------------------------------------------
# KPI standards, key-plan contents and risk measures whose cell is a numbered
# list, an item on each line, items ending on a bracketed figure (milestones
# 完成設計（30%）, budgets, years) or holding one, some items long enough to
# wrap; most such documents print their cells distributed, which spreads every
# line, an item's last included, to the cell's edge. Drawn from `Writer.lists`,
# so documents outside the family stay as they were.

LIST_DOCUMENTS = 0.3  # share of documents in the family
LIST_CELLS = 0.5  # share of their standard / content / measures cells that are such lists
LIST_MARKS = ["{n}.", "{n}、", "{fw}、", "{fw}.", "（{n}）", "（{fw}）", "({n})", "{cn}、", "（{cn}）"]
MILESTONES = ["完成規劃設計", "完成招標作業", "完成工程發包", "完成主體工程", "完成驗收", "完成系統建置", "完成試營運"]


def bracketed_figure(w: Writer) -> str:
    """A figure in brackets as plans print them: a share, an amount, years, a count."""
    x = w.lists
    r = x.random()
    if r < 0.35:
        share = f"{x.choice(['', '', '占', '達', '累計'])}{x.choice([10, 20, 30, 50, 60, 80, 95, 100])}%"
        return f"（{share}{x.choice(['', '', '以上'])}）"
    if r < 0.55:
        amount = f"{x.choice(['3.2', '15.5', '120', '0.8', '48'])}{x.choice(['億元', '萬元'])}"
        return f"（{x.choice(['', '經費', '預算'])}{amount}）"
    if r < 0.75:
        y = x.randint(100, 118)
        return x.choice([f"（{y}年）", f"（{y}年完成）", f"（{y}年至{y + 3}年）", f"（{y}-{y + 2}年）"])
    if r < 0.9:
        return f"（{x.choice(['1,200', '35', '260', '12,000', '8'])}{x.choice(COUNT_UNITS)}）"
    return f"({x.choice([25, 40, 75, 100])}%)"


def list_item(w: Writer) -> str:
    """One item: a milestone or clause with a bracketed figure at its end or
    within it, now and then two clauses (it wraps), ending 。, ； or nothing."""
    x = w.lists
    head = x.choice(MILESTONES) if x.random() < 0.3 else f"{x.choice(VERBS)}{x.choice(w.fields)}{x.choice(OBJECTS)}"
    figure = bracketed_figure(w) if x.random() < 0.85 else ""
    more = f"，{x.choice(VERBS)}{x.choice(w.fields)}{x.choice(OBJECTS)}" if x.random() < 0.4 else ""
    if more and x.random() < 0.3:
        more += f"，{x.choice(PURPOSES)}"
    text = head + figure + more if x.random() < 0.5 else head + more + figure
    return text + x.choice(["", "", "。", "；"])


def list_items(w: Writer) -> tuple[list[str], list[str]] | None:
    """In a document of the family, now and then: a list's items with their
    numbers and without, full-width digits left as printed (the scorer folds
    them, as the contract does); else None."""
    if not (w.listed and w.lists.random() < LIST_CELLS):
        return None
    fmt = w.lists.choice(LIST_MARKS)
    items = [list_item(w) for _ in range(w.lists.randint(2, 5))]
    if w.lists.random() < 0.15:
        items = [item.translate(FULLWIDTH) for item in items]
    return [mark(fmt, k) + item for k, item in enumerate(items, 1)], items


def list_cell(w: Writer, text: str) -> str:
    """`text`, or a list of the family in its place, an item on each line."""
    listed = list_items(w)
    return "\n".join(listed[0]) if listed else text


def listed_style(w: Writer, style: dict) -> dict:
    """The family's documents mostly print their cells distributed; a few
    justified, so a rule for it is seen to leave other text alone."""
    if w.listed:
        style["distributed"] = style["distributed"] or w.lists.random() < 0.75
    return style


# --- documents ----------------------------------------------------------------


def print_style(rng: random.Random, landscape_bias: float = 0.15) -> dict:
    font = rng.choice(["serif", "sans", "ming", "kai"])
    return {
        "font": font,
        "heading_font": rng.choice([font, "sans"]),
        "size": rng.choice([11, 12, 12, 13]),
        "cell_size": rng.choice([9, 10, 10, 10.5, 11]),
        "landscape": rng.random() < landscape_bias,
        "footer": rng.choice(["- {n} -", "{n}", "第 {n} 頁", "3-{n}"]),
        "running_header": rng.random() < 0.3,
        "kangxi": rng.random() < 0.2,
        "distributed": rng.random() < 0.2,
        # 。 and closing brackets allowed at the start of a line: they may wrap alone.
        "loose_punctuation": rng.random() < 0.15,
    }


def part_heading(rng: random.Random, kind: str, style: str, index: int, year: str, words: str = "") -> str:
    """A part's heading in the template's words, or in `words` (another agency's)."""
    template = rng.choice(HEADINGS[kind]).format(year=year)
    words = words or template
    if style == "part":
        return f"{PART_CN[index]}、{words}"
    if style == "cn":
        return f"{CN[index]}、{words}"
    if style == "paren":
        return f"（{CN[index]}）{words}"
    return words


def plan(seed: int, rng: random.Random) -> dict:
    agency = rng.choice(sorted(AGENCIES))
    year = str(rng.randint(95, 115))
    w = Writer(rng, agency)
    title_words = rng.choice(["年度施政計畫", "年度施政目標與重點"])
    spaced = rng.random() < 0.5
    title = f"{agency} {year} {title_words}" if spaced else f"{agency}{year}{title_words}"
    blocks: list[dict] = [
        {"type": "para", "text": f"本部以{w.goal()}為施政主軸，{w.sentence(3)}"},
    ]
    part_style = rng.choice(["part", "part", "cn", "paren", "none"])
    intro_goals = part_style != "none" and rng.random() < 0.3
    depth = rng.randint(1, 4)
    banned = {"cn": {"cn"}, "paren": {"paren_cn"}}.get(part_style, set())
    styles = outline_styles(rng, depth, banned)
    n_goals = rng.randint(2, 6)
    items = outline_items(w, depth, styles, n_goals)
    goal_texts = [it["text"].rstrip("：") for it in items if it["level"] == 1]
    if not intro_goals:
        blocks.append(
            {
                "type": "para",
                "text": f"本部依據行政院{year}年度施政方針，配合中程施政計畫及核定預算額度，"
                f"並針對當前社會狀況及未來發展需要，編定{year}年度施政計畫，其目標與重點如次：",
            }
        )
    # Parts other than the goals, in the template's order or swapped.
    parts = ["kpis"] if rng.random() < 0.85 else []
    if rng.random() < 0.4:
        parts.append("common")
    if rng.random() < 0.9 or not parts:
        parts.append("key_plans")
    if len(parts) > 1 and rng.random() < 0.15:
        rng.shuffle(parts)
    if rng.random() < 0.2:
        parts.append("risks")
    has_goals = rng.random() < 0.93 or not parts
    index = 0
    if has_goals:
        if intro_goals:
            intro = (
                f"本部依據行政院{year}年度施政方針，配合中程施政計畫及核定預算額度，並針對當前社會狀況及未來發展需要，"
                f"編定{year}年度施政計畫，其目標與重點如次："
            )
            lead = {"part": f"{PART_CN[0]}、", "cn": f"{CN[0]}、", "paren": f"（{CN[0]}）"}[part_style]
            blocks.append({"type": "goals", "intro": lead + intro, "intro_mark": lead, "items": items})
        else:
            blocks.append({"type": "heading", "text": part_heading(rng, "goals", part_style, 0, year)})
            blocks.append({"type": "goals", "items": items})
        index = 1
    kpi_names: list[str] = []
    for part in parts:
        unseen = w.aside.choice(UNSEEN_HEADINGS) if part != "risks" and w.aside.random() < 0.15 else ""
        blocks.append({"type": "heading", "text": part_heading(rng, part, part_style, index, year, unseen)})
        if unseen:
            blocks[-1]["unseen"] = True
        index += 1
        if part in ("kpis", "common") and rng.random() < 0.4:
            blocks.append({"type": "caption", "text": "共同性指標" if part == "common" else "關鍵績效指標"})
        if part == "kpis":
            goals = [(g, [w.kpi() for _ in range(kpi_count(rng))]) for g in goal_texts]
            table = kpi_table(w, goals, "key", year)
            kpi_names += [r["kpi"] for r in table["records"]]
            blocks.append(table)
        elif part == "common":
            goals = [(g, k) for g, k in COMMON_GOALS if rng.random() < 0.8] or [COMMON_GOALS[0]]
            blocks.append(kpi_table(w, goals, "common", year))
        elif part == "key_plans":
            blocks.append(key_plan_table(w, kpi_names))
        else:
            blocks += risk_table(w, f"{agency}風險控制措施一覽表")
    doc = {
        "seed": seed,
        "kind": "annual_plan",
        "agency": agency,
        "year_roc": year,
        "title": title,
        "label": "",
        "label_inline": False,
        "style": listed_style(w, print_style(rng)),
        "blocks": blocks,
    }
    assessment.fit_page(doc)
    return doc


def kpi_count(rng: random.Random) -> int:
    """KPIs per goal: mostly a few, now and then a merged goal cell of up to 8 rows."""
    return rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5, 8])


def risk_register(seed: int, rng: random.Random) -> dict:
    agency = rng.choice(sorted(AGENCIES))
    w = Writer(rng, agency)
    year = str(rng.randint(95, 115)) if rng.random() < 0.4 else ""
    words = rng.choice(["因應風險控制措施一覽表", "風險控制措施一覽表", "風險評估及處理彙整表"])
    title = f"{agency}{year}{'年度' if year else ''}{words}"
    label = rng.choice(["", "", "附表一", "附件二"])
    # A label on the title's line is part of the title as printed; above it, in
    # a smaller size, it is not.
    label_inline = bool(label) and rng.random() < 0.5
    blocks: list[dict] = []
    if rng.random() < 0.3:
        blocks.append({"type": "para", "text": f"為{w.sentence(2)}"})
    blocks += risk_table(w)
    doc = {
        "seed": seed,
        "kind": "risk_register",
        "agency": agency,
        "year_roc": year,
        "title": title,
        "label": label,
        "label_inline": label_inline,
        "style": listed_style(w, print_style(rng, landscape_bias=0.35)),
        "blocks": blocks,
    }
    assessment.fit_page(doc)
    return doc


def generate(seed: int) -> dict:
    """One document's content and print, from `seed` alone."""
    rng = random.Random(seed)
    return risk_register(seed, rng) if rng.random() < 0.2 else plan(seed, rng)
