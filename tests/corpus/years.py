"""Years: a seed in, one agency's KPI tables over 3-8 plan years out, with the
series each KPI belongs to: the gold for linking KPIs across years
(pipeline/series.py). The gold is what the generator did to each KPI, never
what a matcher found.

    family(seed) -> dict   (JSON-able; same seed, same family)

    {"seed", "agency", "years": [{"year_roc": 103,
                                  "kpis": [KPI dict, ...],        the kpis.csv fields
                                  "series": ["s3", ...],          each KPI's gold series
                                  "ops": [["name_reworded"], ...]  what changed since its last year
                                 }, ...]}

Every year is one agency's 關鍵績效指標 table (kind key), and in some families
a 共同性指標 table too (kind common), worded as generate.py words them. Its
KPIs share words on purpose: a family draws its goals and KPIs from three of
the agency's fields, several KPIs stand under one goal, KPIs of one measure
(完成率, 辦理件數 ...) share their standard's formula, and a new KPI may take
the field and measure of one that has just gone. What tells KPIs apart is
their subject, the (field, object) pair of their name, never repeated within
a family.

Each year the family changes (also in a year whose plan is not in the data:
now and then the years between two plans are missing, and the KPIs change
meanwhile all the same). A KPI's `ops` say what changed since its previous
occurrence in the data:

- `new`: it opens a series. `split_new`: it opens one, split off another (below).
- `unchanged`: nothing of it changed but its target, which moves every year.
- `name_reworded`, `standard_reworded`: one rewording of its name or its
  衡量標準, now and then two: a synonym (提升→增加, 件數→數量, 平臺→平台,
  公共運輸→大眾運輸), words added or dropped (年度, 累計, 以上合計為總數。),
  clauses or numbered items reordered.
- `name_rewritten`, `standard_rewritten`: written anew around the KPI's
  subject (能源轉型教育訓練建置數 → 深化能源轉型教育訓練，強化國際合作; a formula
  → a sentence): only the subject's words stay.
- `goal_renumbered`: its goal's number changed (goals reordered, one added or
  gone); `goal_reworded`: its goal's text was reworded; `goal_moved`: it now
  stands under another goal.
- `kpi_renumbered`: its number within its goal changed.
- `unit_changed`: its target's unit changed (件 → 項, 人次 → 人).
- `came_back`: it was absent from the plan(s) in between (dropped one or two
  years); `year_skipped`: no plan of the years in between is in the data.
- `split_kept`: it was split (below) and continues its series.

A split: a KPI whose standard counts several things (1.…之件數。2.…) or
whose name joins two subjects (A及B) becomes two KPIs. The one that keeps
the KPI's own subject -- its name's first subject and its standard's other
items -- continues the series (`split_kept`); the other, named for the
subject split off and measured by that item alone, opens a new series
(`split_new`).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from generate import CN, FORMULAS, cn_numeral
from vocab import AGENCIES, AIMS, COMMON_GOALS, LATIN, METHODS, OBJECTS, PURPOSES, VERBS

# A measure: its name suffix, the units its target may take, its standards' kinds.
MEASURES = {
    "完成率": (["%"], ["ratio", "budget"]),
    "達成率": (["%"], ["ratio"]),
    "成長率": (["%"], ["growth"]),
    "滿意度": (["%"], ["satisfaction"]),
    "辦理件數": (["件", "案"], ["count", "items", "sentence"]),
    "辦理場次": (["場次"], ["count", "sentence"]),
    "參與人次": (["人次"], ["count", "items"]),
    "使用人次": (["人次"], ["count"]),
    "建置數": (["處", "座", "所"], ["count", "items"]),
}
# Both ways: an agency rewords with either. Pairs whose left side contains
# another's (人次 in 參與人次) are tried longest first.
SYNONYMS = [
    ("提升", "增加"),
    ("件數", "數量"),
    ("推動", "促進"),
    ("強化", "加強"),
    ("辦理", "執行"),
    ("人次", "人數"),
    ("完成率", "執行率"),
    ("達成率", "達成比率"),
    ("建置數", "建置數量"),
    ("滿意度", "滿意程度"),
    ("成長率", "增長率"),
    ("場次", "場數"),
    ("平臺", "平台"),
    ("完成數", "達成數"),
    ("預定數", "預計數"),
    ("前一年度", "上年度"),
    ("本年度", "當年度"),
    ("實支數", "支用數"),
    ("補助計畫", "補助方案"),
    ("輔導機制", "輔導措施"),
    ("評估指標", "評核指標"),
    ("人才培育", "人才培訓"),
    ("示範計畫", "示範方案"),
    ("查核作業", "稽核作業"),
    ("監測網絡", "監測網"),
    ("服務據點", "服務站點"),
    ("推廣活動", "宣導活動"),
    ("教育訓練", "訓練課程"),
    ("基礎建設", "基礎設施"),
    ("法規制度", "法令規章"),
    ("資訊系統", "資訊平臺"),
    ("公共運輸", "大眾運輸"),
    ("道路安全", "交通安全"),
    ("觀光旅遊", "觀光"),
    ("長期照顧", "長照"),
    ("食品安全", "食安"),
    ("資通安全", "資安"),
    ("職業訓練", "職訓"),
    ("智慧財產", "智財"),
    ("數位學習", "線上學習"),
    ("氣候變遷", "氣候變化"),
    ("防災救災", "災害防救"),
    ("健康保險", "健保"),
    ("學生輔導", "學生輔導工作"),
    ("國際貿易", "國際經貿"),
    ("社會治安", "治安維護"),
    ("服務品質", "服務質量"),
    ("施政效能", "行政效能"),
    ("專業人才", "專業人力"),
    ("公共安全", "公眾安全"),
    ("跨域合作", "跨域協力"),
]
UNIT_CHANGES = {"件": "項", "案": "件", "人次": "人", "場次": "場", "處": "個", "座": "處", "所": "處"}
NAME_WORDS = ["年度", "累計", "全國", "本部"]
STANDARD_WORDS = ["年度內", "當年度"]
STANDARD_TAILS = ["（以全年度計算）", "（含委辦及補助案件）", "（累計數）"]
COUNT_WORDS = {"件": "件數", "案": "案數", "項": "項數", "人次": "人次", "人": "人數", "場次": "場次", "場": "場數"}
# Common indicators: their standards as the template words them.
COMMON_STANDARDS = {
    "行政及政策類研究經費比率": ("（年度行政及政策類研究經費÷年度預算）×100%", "%", "0.08"),
    "跨機關合作項目數": ("年度內與其他機關合作推動之項目數。", "項", "3"),
    "機關年度資本門預算執行率": (
        "（本年度資本門實支數+資本門應付未付數+資本門賸餘數）÷（資本門預算數）×100%（以上各數均含本年度原預算、"
        "追加預算及以前年度保留數）",
        "%",
        "90",
    ),
    "機關於中程歲出概算額度內編報情形": (
        "【（本年度歲出概算編報數－本年度中程歲出概算額度核列數）÷本年度中程歲出概算額度核列數】×100%",
        "%",
        "5",
    ),
    "機關年度預算員額增減率": ("【（次年度－本年度預算員額數）÷本年度預算員額】×100%", "%", "0"),
    "推動終身學習": (
        "是否依規定推動終身學習，並達到下列各分項標準者：1.平均學習時數超過該年度最低時數規定。"
        "2.各主管機關將推動法治教育納入年度訓練進修計畫。",
        "",
        "2",
    ),
}


@dataclass
class Goal:
    text: str


@dataclass
class Series:
    """One KPI of the family as it stands now, followed over the years."""

    label: str
    kind: str
    goal: int  # index into Family.goals
    subject: tuple[str, str]  # (field, object): what the KPI is about
    measure: str
    name: str
    standard: str
    items: list[tuple[str, str]]  # an items standard's subjects, its own first
    unit: str
    value: float | None  # None: a target in words
    form: str  # number | words
    back_in: int = 0  # years still absent (0: present, -1: gone for good)
    ops: set[str] = field(default_factory=set)


@dataclass
class Family:
    rng: random.Random
    agency: str
    fields: list[str]
    goals: list[Goal] = field(default_factory=list)
    goal_order: list[int] = field(default_factory=list)
    common_goals: list[Goal] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    subjects: set[tuple[str, str]] = field(default_factory=set)

    def pick(self, items: list):
        return self.rng.choice(items)


# --- words --------------------------------------------------------------------


def new_subject(fam: Family) -> tuple[str, str] | None:
    free = [(f, o) for f in fam.fields for o in OBJECTS if (f, o) not in fam.subjects]
    if not free:
        return None
    subject = fam.pick(free)
    fam.subjects.add(subject)
    return subject


def kpi_name(fam: Family, subject: tuple[str, str], measure: str, other: tuple[str, str] | None) -> str:
    field_, obj = subject
    r = fam.rng.random()
    if other is not None:
        return f"{field_}{obj}及{other[1]}{measure}"
    if r < 0.08:
        return f"{field_}{fam.pick(LATIN)}{obj}{measure}"
    if r < 0.65:
        return f"{field_}{obj}{measure}"
    if r < 0.85:
        return f"{fam.pick(VERBS)}{field_}{obj}"
    return f"{fam.pick(VERBS)}{field_}{obj}，{fam.pick(PURPOSES).removeprefix('以')}"


def standard_text(fam: Family, kind: str, subject: tuple[str, str], unit: str, items: list) -> str:
    field_, obj = subject
    what = f"{field_}{obj}"
    if kind in FORMULAS:
        return FORMULAS[kind].format(what=what)
    if kind == "ratio_words":
        return f"以{what}實際完成數占預定完成數之比率計算。"
    if kind == "satisfaction":
        return f"{what}問卷調查結果，回答「滿意」及「非常滿意」者占有效問卷之比率。"
    count = COUNT_WORDS.get(unit, "數量")
    if kind == "items":
        return items_text([f"{fam.pick(VERBS)}{f}{o}之{count}。" for f, o in items])
    if kind == "sentence":
        return f"{fam.pick(VERBS)}{what}，{fam.pick(PURPOSES)}，以年度內完成之{count}計算。"
    return f"年度內{fam.pick(VERBS)}之{what}{count}。"


def items_text(items: list[str]) -> str:
    return "".join(f"{i}.{item}" for i, item in enumerate(items, 1)) + "以上合計為總數。"


def goal_text(fam: Family) -> str:
    return f"{fam.pick(VERBS)}{fam.pick(fam.fields)}{fam.pick(AIMS)}，{fam.pick(VERBS)}{fam.pick(AIMS)}"


# --- rewording ----------------------------------------------------------------


def synonym(rng: random.Random, text: str) -> str | None:
    """`text` with one synonym swapped (either way), or None when it has none."""
    found = []
    for a, b in SYNONYMS:
        for old, new in ((a, b), (b, a)):
            # 長照 inside 長期照顧 is no word to swap back; a longer match wins
            if old in text and not (len(new) > len(old) and new in text):
                found.append((old, new))
    if not found:
        return None
    old, new = rng.choice(sorted(found))
    return text.replace(old, new, 1)


def add_or_drop(rng: random.Random, text: str, words: list[str], tails: list[str]) -> str:
    for word in words:
        if text.startswith(word):
            return text[len(word) :]  # dropped
    for tail in tails:
        if text.endswith(tail):
            return text[: -len(tail)]
    for verb in VERBS:
        if text.startswith(verb) and len(text) > len(verb) + 6 and rng.random() < 0.5:
            return text[len(verb) :]
    if tails and rng.random() < 0.5:
        return text + rng.choice(tails)
    return rng.choice(words) + text


def reorder(rng: random.Random, text: str) -> str | None:
    """Clauses or numbered items in another order, or None when there is one only."""
    items = re.findall(r"\d+\.(.+?。)", text)
    if len(items) >= 2 and text.endswith("以上合計為總數。"):
        order = items[1:] + items[:1] if rng.random() < 0.5 else items[::-1]
        return items_text(order)
    if "，" in text:
        end = "。" if text.endswith("。") else ""
        clauses = text.removesuffix("。").split("，")
        return "，".join(clauses[1:] + clauses[:1]) + end
    if "及" in text and not text.startswith("（"):
        left, _, right = text.partition("及")
        return f"{right}及{left}" if len(left) >= 2 and len(right) >= 2 else None
    return None


def reword(rng: random.Random, text: str, words: list[str], tails: list[str]) -> str:
    """One rewording (now and then two): a synonym, words added or dropped, an order changed."""
    if rng.random() < 0.3:
        text = reword_once(rng, text, words, tails)
    return reword_once(rng, text, words, tails)


def reword_once(rng: random.Random, text: str, words: list[str], tails: list[str]) -> str:
    how = rng.choice(["synonym", "synonym", "words", "order"])
    if how == "order" and (out := reorder(rng, text)) and out != text:
        return out
    if how in ("synonym", "order") and (out := synonym(rng, text)):
        return out
    return add_or_drop(rng, text, words, tails)


# --- targets --------------------------------------------------------------------


def first_value(rng: random.Random, unit: str) -> float:
    if unit == "%":
        return float(rng.choice([60, 75, 80, 85, 90, 95, 0.08, 3.5, 12.5]))
    return float(rng.choice([3, 8, 12, 24, 35, 80, 150, 260, 320, 1200, 1500, 60000]))


def moved(rng: random.Random, value: float, unit: str) -> float:
    if unit == "%":
        step = rng.choice([0, 0.5, 1, 2, 5]) if value >= 10 else rng.choice([0, 0.01, 0.5])
        return min(100.0, round(value + step, 2))
    return float(max(1, round(value * rng.uniform(0.95, 1.3))))


def target_cells(rng: random.Random, s: Series) -> tuple[str, str, str]:
    if s.form == "words" or s.value is None:
        return rng.choice(["持續辦理", "如期完成"]), "", ""
    value = f"{s.value:g}"
    if s.unit == "%":
        return f"{value}%", value, "%"
    shown = f"{int(s.value):,}" if rng.random() < 0.8 else value
    space = " " if s.unit and rng.random() < 0.6 else ""
    return f"{shown}{space}{s.unit}", value, s.unit


# --- print ----------------------------------------------------------------------

WIDE = str.maketrans(
    {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
)
LATIN_EDGE = re.compile(r"(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])")


def printed(rng: random.Random, text: str, spaced: bool) -> str:
    """As a year's text layer gives it: with or without a space next to Latin
    text, now and then in full-width letters and digits (neither counts)."""
    if spaced:
        text = LATIN_EDGE.sub(" ", text)
    if rng.random() < 0.04:
        text = text.translate(WIDE)
    return text


# --- the family over the years --------------------------------------------------


def open_series(fam: Family, kind: str = "key", goal: int | None = None) -> Series | None:
    rng = fam.rng
    subject = new_subject(fam)
    if subject is None:
        return None
    measure = fam.pick(sorted(MEASURES))
    units, standards = MEASURES[measure]
    unit = fam.pick(units)
    std_kind = fam.pick(standards)
    items = [subject]
    if std_kind == "items":
        items += [(fam.pick(fam.fields), fam.pick(OBJECTS)) for _ in range(rng.randint(1, 3))]
    other = None
    if rng.random() < 0.12:
        other_subject = (subject[0], fam.pick(OBJECTS))
        if other_subject not in fam.subjects and other_subject[1] != subject[1]:
            other = other_subject
            fam.subjects.add(other)
    if goal is None:
        goal = fam.pick(fam.goal_order)
    words = rng.random() < 0.06
    s = Series(
        label=f"s{len(fam.series) + 1}",
        kind=kind,
        goal=goal,
        subject=subject,
        measure=measure,
        name=kpi_name(fam, subject, measure, other),
        standard=standard_text(fam, std_kind, subject, unit, items),
        items=items if std_kind == "items" else [],
        unit="" if words else unit,
        value=None if words else first_value(rng, unit),
        form="words" if words else "number",
    )
    s.ops = {"new"}
    if other is not None:
        s.items = [subject, other]  # a name of two subjects can split like an items standard
    fam.series.append(s)
    return s


def open_common(fam: Family) -> None:
    for g, (goal, names) in enumerate(COMMON_GOALS):
        fam.common_goals.append(Goal(goal))
        for name in names:
            standard, unit, value = COMMON_STANDARDS[name]
            s = Series(
                label=f"s{len(fam.series) + 1}",
                kind="common",
                goal=g,
                subject=(name, ""),
                measure="",
                name=name,
                standard=standard,
                items=[],
                unit=unit,
                value=float(value),
                form="number",
            )
            s.ops = {"new"}
            fam.series.append(s)


def split(fam: Family, s: Series) -> Series | None:
    """`s` keeps its own subject; its last other subject goes to a new series."""
    if len(s.items) < 2:
        return None
    gone = s.items[-1]
    gone_words = f"{gone[0]}{gone[1]}"
    count = COUNT_WORDS.get(s.unit, "數量")
    if "及" in s.name:
        if f"及{gone[1]}" not in s.name:
            return None  # reworded past recognition: no split this year
        name = s.name.replace(f"及{gone[1]}", "")
        standard = f"年度內{fam.pick(VERBS)}之{gone_words}{count}。"
        lines = None
    else:
        # an items standard may count a subject another KPI is about: only a
        # subject of its own can leave as a KPI of its own
        lines = re.findall(r"\d+\.(.+?。)", s.standard)
        if gone in fam.subjects or gone == s.subject or len(lines) != len(s.items):
            return None
        found = [i for i, line in enumerate(lines) if gone_words in line]
        if len(found) != 1:
            return None
        line = lines.pop(found[0])
        standard = line if line.startswith("年度內") else f"年度內{line}"
        name = s.name
    fam.subjects.add(gone)
    s.name = name
    if lines is not None:
        s.standard = items_text(lines) if len(lines) > 1 else lines[0]
    s.items = s.items[:-1] if len(s.items) > 2 else []
    s.ops.add("split_kept")
    new = Series(
        label=f"s{len(fam.series) + 1}",
        kind=s.kind,
        goal=s.goal,
        subject=gone,
        measure=s.measure,
        name=f"{gone_words}{s.measure or '辦理件數'}",
        standard=standard,
        items=[],
        unit=s.unit,
        value=None if s.value is None else max(1.0, round(s.value / 3)),
        form=s.form,
    )
    new.ops = {"split_new"}
    fam.series.append(new)
    return new


def step_goals(fam: Family) -> None:
    """Goals reordered, reworded, one added: their numbers and words move."""
    rng = fam.rng
    if rng.random() < 0.2:
        fam.goals.append(Goal(goal_text(fam)))
        fam.goal_order.insert(rng.randint(0, len(fam.goal_order)), len(fam.goals) - 1)
    if rng.random() < 0.2 and len(fam.goal_order) > 1:
        i = rng.randrange(len(fam.goal_order) - 1)
        fam.goal_order[i], fam.goal_order[i + 1] = fam.goal_order[i + 1], fam.goal_order[i]
    for goal in fam.goals:
        if rng.random() < 0.12:
            goal.text = reword(rng, goal.text, ["持續", "積極"], [])
            for s in fam.series:
                if s.kind == "key" and fam.goals[s.goal] is goal:
                    s.ops.add("goal_reworded")


def rewrite_name(fam: Family, s: Series) -> None:
    """The name written anew around its subject: its other words all go."""
    for _ in range(10):
        name = kpi_name(fam, s.subject, s.measure, None)
        if name != s.name:
            s.name = name
            s.ops.add("name_rewritten")
            return


def rewrite_standard(fam: Family, s: Series) -> None:
    """The standard written anew, in the other way its measure is measured."""
    kinds = MEASURES[s.measure][1] + (["ratio_words"] if s.unit == "%" else ["count", "sentence"])
    if len(s.items) < 2:
        kinds = [k for k in kinds if k != "items"]  # a list of one is no list
    for _ in range(10):
        kind = fam.pick(kinds)
        standard = standard_text(fam, kind, s.subject, s.unit, s.items or [s.subject])
        if standard != s.standard:
            s.standard = standard
            if kind != "items":
                s.items = []
            s.ops.add("standard_rewritten")
            return


def step_series(fam: Family, s: Series) -> None:
    """One year of one present KPI: its words, unit, goal may change; it may leave."""
    rng = fam.rng
    r = rng.random()
    if r < 0.03:
        s.back_in = -1  # gone for good
        return
    if r < 0.10:
        s.back_in = rng.choice([1, 1, 2])  # absent next year (and the one after)
        return
    r = rng.random()
    if r < 0.2:
        s.name = reword(rng, s.name, NAME_WORDS, [])
        s.ops.add("name_reworded")
    elif r < 0.25 and s.kind == "key":
        rewrite_name(fam, s)
    r = rng.random()
    if r < 0.2:
        s.standard = reword(rng, s.standard, STANDARD_WORDS, STANDARD_TAILS)
        s.ops.add("standard_reworded")
    elif r < 0.25 and s.kind == "key":
        rewrite_standard(fam, s)
    if s.unit in UNIT_CHANGES and rng.random() < 0.1:
        s.unit = UNIT_CHANGES[s.unit]
        s.ops.add("unit_changed")
    if s.kind == "key" and rng.random() < 0.04 and len(fam.goal_order) > 1:
        s.goal = rng.choice([g for g in fam.goal_order if g != s.goal])
        s.ops.add("goal_moved")
    if s.value is not None:
        s.value = moved(rng, s.value, s.unit)


def year_table(fam: Family, year: int, numbering: dict, published: list[int]) -> dict:
    """The year's KPI rows in print order, with their series and ops.
    `numbering`: each series' last (goal number, KPI number, year), updated."""
    rng = fam.rng
    kpis, labels, ops = [], [], []
    weights = rng.random() < 0.3
    goal_numbers = rng.random() < 0.9
    kpi_fmt = rng.choice(["{n}", "{n}", "{cn}"])
    method = rng.choice(METHODS)
    spaced = rng.random() < 0.3
    for kind, goals, order in (
        ("key", fam.goals, fam.goal_order),
        ("common", fam.common_goals, list(range(len(fam.common_goals)))),
    ):
        present = [s for s in fam.series if s.kind == kind and s.back_in == 0]
        position = 0
        for g in order:
            under = [s for s in present if s.goal == g]
            if not under:
                continue
            position += 1
            weight = f"（{rng.choice([10, 15, 20, 25, 30])}%）" if weights and kind == "key" else ""
            for k, s in enumerate(under, 1):
                goal_number = CN[position - 1] if goal_numbers or kind == "common" else ""
                kpi_number = kpi_fmt.format(n=k, cn=cn_numeral(k))
                previous = numbering.get(s.label)
                if previous and "new" not in s.ops and "split_new" not in s.ops:
                    if previous[0] != goal_number and "goal_moved" not in s.ops:
                        s.ops.add("goal_renumbered")
                    if str(previous[1]) != str(k):
                        s.ops.add("kpi_renumbered")
                    if previous[2] != published[-1]:
                        s.ops.add("came_back")  # absent from a plan in between
                    elif previous[2] != year - 1:
                        s.ops.add("year_skipped")  # no plan of the years in between
                numbering[s.label] = (goal_number, k, year)
                raw, value, unit = target_cells(rng, s)
                kpis.append(
                    {
                        "kind": kind,
                        "goal_number": goal_number,
                        "goal": printed(rng, goals[g].text, spaced) + weight,
                        "kpi_number": kpi_number,
                        "kpi": printed(rng, s.name, spaced),
                        "eval_system": str(rng.randint(1, 5)),
                        "eval_method": method,
                        "standard": printed(rng, s.standard, spaced),
                        "target_raw": raw,
                        "target_value": value,
                        "target_unit": unit,
                        "plan_linkage": "無",
                        "page": 0,
                    }
                )
                labels.append(s.label)
                ops.append(sorted(s.ops) or ["unchanged"])
                s.ops = set()
    return {"year_roc": year, "kpis": kpis, "series": labels, "ops": ops}


def family(seed: int) -> dict:
    """One agency's KPIs over 3-8 years, from `seed` alone."""
    rng = random.Random(seed)
    agency = rng.choice(sorted(AGENCIES))
    fam = Family(rng, agency, rng.sample(AGENCIES[agency]["fields"], 3))
    for _ in range(rng.randint(2, 5)):
        fam.goals.append(Goal(goal_text(fam)))
    fam.goal_order = list(range(len(fam.goals)))
    for g in fam.goal_order:
        for _ in range(rng.choice([1, 2, 2, 3, 3, 4])):
            open_series(fam, goal=g)
    if rng.random() < 0.4:
        open_common(fam)
    first = rng.randint(95, 108)
    n_years = rng.randint(3, 8)
    # The years whose plan is in the data: now and then one or more are missing
    # (no plan published, no KPI table), and the KPIs change meanwhile all the same.
    years = [first]
    while len(years) < n_years:
        years.append(years[-1] + (rng.choice([2, 2, 3, 4]) if rng.random() < 0.12 else 1))
    out: list[dict] = []
    numbering: dict[str, tuple[str, int, int]] = {}
    for year in range(first, years[-1] + 1):
        if year > first:
            step_year(fam)
        if year in years:
            out.append(year_table(fam, year, numbering, [y["year_roc"] for y in out]))
    return {"seed": seed, "agency": agency, "years": out}


def step_year(fam: Family) -> None:
    """A year passes: goals change; KPIs change, leave, come back, split; new ones come."""
    rng = fam.rng
    step_goals(fam)
    for s in list(fam.series):
        if s.back_in > 0:
            s.back_in -= 1
            if s.back_in == 0:
                if s.value is not None:
                    s.value = moved(rng, s.value, s.unit)
                if rng.random() < 0.3:
                    s.name = reword(rng, s.name, NAME_WORDS, [])
                    s.ops.add("name_reworded")
        elif s.back_in == 0 and "new" not in s.ops and "split_new" not in s.ops:
            if s.items and s.kind == "key" and rng.random() < 0.12 and split(fam, s):
                if s.value is not None:
                    s.value = moved(rng, s.value, s.unit)
                continue
            step_series(fam, s)
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        open_series(fam)
