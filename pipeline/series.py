"""Series: the parsed documents in, every KPI's series out: one KPI of one
agency followed over the years, through rewordings of its name or standard,
a renumbered or reworded goal, a changed unit, and years without it.

    kpi_series(documents) -> rows: COMMON (doc_id, agency, year_roc, year) + SERIES_COLUMNS

`documents` are the JSON documents as emit.load_documents reads them. Annual
plans with a year take part; risk registers and plans without a year do not.
Where two plans share agency and year (a scan and its text-layer print of one
plan, mofa-107-plan-scanned and mofa-107-plan), one takes part: the one with
the fewest OCR'd pages, then the smallest doc_id. The other's KPIs get no rows:
they are the same KPIs again, and a series has one KPI a year at most.

Series are built per agency, over both tables (key and common: a KPI moves
between them), year by year, oldest first. A KPI is scored against the
latest KPI of every series opened in an earlier year, not only the year
before, so a KPI absent a year or two continues its series. The score (0-100) is a weighted mean of how alike the
two KPIs' name, standard (衡量標準), unit and goal are, compared without what
the contract calls insignificant (spaces next to Latin text, full and half
width). Within a year the pairs are taken best score first (ties: the series
seen most recently, then the series opened first, then the KPI printed
first), each series and each KPI once, so a year has at most one KPI of a
series; a KPI that no series took with a score of at least THRESHOLD opens
a series of its own.

A series is named `agency/year_roc/kind/kpi_row` after its first KPI
(`外交部/99/key/3`: the third row of kpis.csv of 外交部's 99 plan). Rows are
ordered by agency, then series in the order of their first KPI (its year,
then its row), then year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from .normalize import fold_chars

# (name, frictionless type, English, Chinese), after emit.COMMON's four
SERIES_COLUMNS: list[tuple[str, str, str, str]] = [
    (
        "series_id",
        "string",
        "The KPI's series: agency/year_roc/kind/kpi_row of its first KPI (外交部/99/key/3)",
        "指標序列代碼（機關/首見年度/指標類型/首見列號）",
    ),
    ("kind", "string", "key (關鍵績效指標) or common (共同性指標)", "指標類型"),
    ("kpi_row", "integer", "The KPI's 1-based row among its document's rows of kpis.csv", "kpis.csv 列號"),
    ("goal_number", "string", "Goal number, normalized", "目標編號"),
    ("goal", "string", "Goal text without its number", "施政目標"),
    ("kpi_number", "string", "Indicator number, normalized", "指標編號"),
    ("kpi", "string", "Indicator text", "績效指標"),
    ("standard", "string", "衡量標準 text", "衡量標準"),
    ("target_raw", "string", "年度目標值 cell as printed (normalized)", "年度目標值"),
    ("target_value", "number", "The target's number", "目標數值"),
    ("target_unit", "string", "The target's unit", "目標單位"),
    (
        "previous_doc_id",
        "string",
        "Document of the series' previous KPI, this one was linked to; empty for a series' first KPI",
        "序列前一指標之文件代碼",
    ),
    (
        "match_score",
        "number",
        "How alike this KPI and the previous one are, 0-100; empty for a series' first KPI",
        "與前一指標之相似分數",
    ),
    (
        "matched_fields",
        "string",
        "The fields that agreed with the previous KPI (kpi;standard;unit;goal); empty for a series' first KPI",
        "相符欄位",
    ),
]
COPIED = ["goal_number", "goal", "kpi_number", "kpi", "standard", "target_raw", "target_value", "target_unit"]

# Weights of the fields in the score. The name says what a KPI is; the
# standard says it again as a formula, often in the same words as its
# siblings'; a goal holds several KPIs, and units change (件 -> 項), so they
# only help tell apart KPIs whose words are alike.
WEIGHTS = {"kpi": 0.45, "standard": 0.35, "unit": 0.1, "goal": 0.1}
FIELDS = tuple(WEIGHTS)  # matched_fields' order
# Below it a KPI opens a new series. Chosen on generated families
# (tests/corpus/series_eval.py, seeds 1-60): at 70, 2 wrong and 5 missed
# links of 2808; at 65, 9 wrong (a new KPI on the subject area of one just
# gone: same field and measure, another object); at 75, 11 missed. A wrong
# link is the worse error: it makes a false time series, where a missed one
# leaves two series a reader can still join.
THRESHOLD = 70.0
AGREE = 85.0  # a text field this alike counts as agreeing in matched_fields

SPACE = re.compile(r"\s+")
# A goal's weight (（25%）) moves every year without the goal changing.
WEIGHT = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*%\s*[）)]")
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# Punctuation and symbols: brackets and full stops come and go with the print.
MARKS = re.compile(r"[^\w]|_")
VARIANTS = str.maketrans({"台": "臺"})  # both printed for one word (平台 / 平臺)
UNIT_WORDS = {"百分比": "%", "百分率": "%"}


@dataclass(frozen=True)
class Text:
    """A KPI's fields as compared: folded, without spaces, marks or figures."""

    kpi: str
    standard: str
    unit: str
    goal: str


@dataclass(frozen=True)
class Entry:
    """One KPI taking part: where it was read and its compared text."""

    doc_id: str
    agency: str
    year_roc: int
    year: int | None
    row: int  # 1-based among its document's kpis.csv rows
    kind: str
    record: dict
    text: Text


@dataclass(frozen=True)
class Match:
    score: float
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """An entry, the series it belongs to (its first entry) and how it got there."""

    entry: Entry
    first: Entry
    previous: Entry | None
    match: Match | None


def comparable(text: str | None) -> str:
    """`text` as compared: full-width folded, spaces (insignificant next to
    Latin text, absent between CJK), punctuation and marks dropped, each
    figure a 0 (years and targets written into a standard move every year)."""
    text = fold_chars(text or "").translate(VARIANTS).lower()
    text = MARKS.sub("", SPACE.sub("", text))
    return DIGITS.sub("0", text)


def comparable_unit(unit: str | None) -> str:
    """A unit as compared: 項數 and 項, 次數 and 次, 百分比 and % are one unit."""
    text = SPACE.sub("", fold_chars(unit or ""))
    text = UNIT_WORDS.get(text, text)
    return text[:-1] if len(text) > 1 and text.endswith("數") else text


def kpi_text(record: dict) -> Text:
    return Text(
        kpi=comparable(record.get("kpi")),
        standard=comparable(record.get("standard")),
        unit=comparable_unit(record.get("target_unit")),
        goal=comparable(WEIGHT.sub("", record.get("goal") or "")),
    )


def text_similarity(a: str, b: str) -> float:
    """0-100: the larger of rapidfuzz's ratio (characters in order) and the
    ratio of the two texts' sorted character pairs (clauses reordered)."""
    if a == b:
        return 100.0
    if not a or not b:
        return 0.0
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(bigrams(a), bigrams(b)))


def bigrams(text: str) -> str:
    return " ".join(text[i : i + 2] for i in range(len(text) - 1)) if len(text) > 1 else text


def unit_similarity(a: str, b: str) -> float:
    """Units are one of a few words: alike or not. A count kept in another
    word (件 -> 項) is half alike; a count and a percentage are not."""
    if a == b:
        return 100.0
    if "%" in (a, b):
        return 0.0
    return 50.0


def field_similarities(a: Text, b: Text) -> dict[str, float]:
    """Similarity of each field both KPIs have (the name always: it is the KPI)."""
    out = {"kpi": text_similarity(a.kpi, b.kpi)}
    if a.standard and b.standard:
        out["standard"] = text_similarity(a.standard, b.standard)
    if a.unit and b.unit:
        out["unit"] = unit_similarity(a.unit, b.unit)
    if a.goal and b.goal:
        out["goal"] = text_similarity(a.goal, b.goal)
    return out


def match(a: Text, b: Text) -> Match:
    sims = field_similarities(a, b)
    score = sum(WEIGHTS[f] * s for f, s in sims.items()) / sum(WEIGHTS[f] for f in sims)
    agreed = tuple(f for f in FIELDS if f in sims and sims[f] >= (100.0 if f == "unit" else AGREE))
    return Match(round(score, 1), agreed)


def taking_part(documents: Iterable[dict]) -> list[dict]:
    """Annual plans with a year, one per agency and year: fewest OCR'd pages, then smallest doc_id."""
    chosen: dict[tuple[str, int], dict] = {}
    for doc in documents:
        if doc.get("kind") != "annual_plan" or doc.get("year_roc") is None:
            continue
        key = (doc["agency"], doc["year_roc"])
        rank = (len(doc.get("ocr_pages") or []), doc["doc_id"])
        if key not in chosen or rank < (len(chosen[key].get("ocr_pages") or []), chosen[key]["doc_id"]):
            chosen[key] = doc
    return sorted(chosen.values(), key=lambda d: (d["agency"], d["year_roc"], d["doc_id"]))


def entries(doc: dict) -> list[Entry]:
    return [
        Entry(doc["doc_id"], doc["agency"], doc["year_roc"], doc.get("year"), row, k.get("kind") or "", k, kpi_text(k))
        for row, k in enumerate(doc.get("kpis") or [], 1)
    ]


def link_group(years: list[list[Entry]]) -> list[Link]:
    """One agency's KPIs, a list per year (oldest first), linked into series."""
    links: list[Link] = []
    latest: list[Link] = []  # each series' latest link, in the order the series opened
    for year in years:
        pairs = []
        for s, last in enumerate(latest):
            for e, entry in enumerate(year):
                m = match(last.entry.text, entry.text)
                if m.score >= THRESHOLD:
                    pairs.append((-m.score, -last.entry.year_roc, s, e, m))
        pairs.sort(key=lambda p: p[:4])
        chosen: dict[int, tuple[int, Match]] = {}  # entry -> (series, match)
        taken: set[int] = set()
        for _, _, s, e, m in pairs:
            if e not in chosen and s not in taken:
                chosen[e] = (s, m)
                taken.add(s)
        for e, entry in enumerate(year):
            if e in chosen:
                s, m = chosen[e]
                link = latest[s] = Link(entry, latest[s].first, latest[s].entry, m)
            else:
                link = Link(entry, entry, None, None)
                latest.append(link)
            links.append(link)
    return links


def cell(value: object) -> object:
    """An empty cell for None, as the CSVs write it (a KPI's fields hold no lists)."""
    return "" if value is None else value


def series_id(first: Entry) -> str:
    return f"{first.agency}/{first.year_roc}/{first.kind}/{first.row}"


def row(link: Link) -> list[object]:
    e = link.entry
    return [
        e.doc_id,
        e.agency,
        cell(e.year_roc),
        cell(e.year),
        series_id(link.first),
        e.kind,
        e.row,
        *[cell(e.record.get(name)) for name in COPIED],
        link.previous.doc_id if link.previous else "",
        link.match.score if link.match else "",
        ";".join(link.match.fields) if link.match else "",
    ]


def kpi_series(documents: list[dict]) -> list[list[object]]:
    """The rows of every KPI of the annual plans taking part, each with its series."""
    # Per agency, not per table: a KPI moves between the common-indicator and
    # the KPI table (外交部's 資本門預算執行率: common in 99, key in 107).
    groups: dict[str, dict[int, list[Entry]]] = {}
    for doc in taking_part(documents):
        for entry in entries(doc):
            groups.setdefault(entry.agency, {}).setdefault(entry.year_roc, []).append(entry)
    links = [link for key in sorted(groups) for link in link_group([groups[key][y] for y in sorted(groups[key])])]
    links.sort(key=lambda k: (k.entry.agency, k.first.year_roc, k.first.row, k.entry.year_roc))
    return [row(link) for link in links]
