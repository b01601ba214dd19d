"""Assessment: a risk table's columns that no core field took in, the columns
of its assessment out (scenario, impact, likelihood, risk_score, risk_level,
residual_score); and a cell's figure out of its text (`3（嚴重）` -> 3, 嚴重).

A column takes a field by its label and what it holds together. The content
alone says much: a column that is the product of two columns of small
integers, row for row, is a score, and those two are impact and likelihood;
a column of 高 / 中 / 低 words is a level. The label says the rest (which of
the two factors is the impact), in any wording that shares a stem with the
template's (衝擊程度 as 影響程度). A column whose label says nothing of the
kind, or whose cells do not fit, takes no field: it stays in `extra`.
"""

from __future__ import annotations

import re
from itertools import permutations

from rapidfuzz import fuzz, process

from ..model import Cell, Note, Risk, Table
from ..normalize import fold_chars

# The template's wordings, and the stems a label in other words still shares with them.
WORDINGS = {
    "scenario": ["風險情境", "風險描述", "情境描述"],
    "impact": ["影響程度", "衝擊程度"],
    "likelihood": ["發生機率", "發生可能性"],
    "risk_score": ["風險值", "風險分數"],
    "risk_level": ["風險等級"],
}
STEMS = {
    "scenario": ("情境", "描述"),
    "impact": ("影響", "衝擊", "嚴重", "後果", "損害"),
    "likelihood": ("機率", "可能", "頻率", "機會", "發生"),
    "risk_score": ("風險值", "分數", "指數", "分值", "積分"),
    "risk_level": ("等級", "級別", "層級"),
}
# The assessment after the new measures: only its score has a field.
RESIDUAL_STEMS = ("殘餘", "剩餘", "新增對策後", "處理後")
LABEL_CUTOFF = 65
# 高度, 中度風險, 極高, 中高: a level word, whatever the scale's length.
LEVEL_WORD = re.compile(r"^(?:極|非常|中)?[高中低](?:度|等|級)?(?:風險)?$")
# A figure with the word it stands for on either side: 3（嚴重）, 嚴重(3), 3 嚴重.
FIGURE = re.compile(r"^(?P<before>\D{0,8}?)[\s（(]*(?P<n>\d{1,2})[\s)）]*(?P<after>\D{0,8})$")
SENTENCE_MARKS = re.compile(r"[，。；、：,;]")
BRACKETS = re.compile(r"[\s（()）:：\-－]")
MIN_PRODUCT_ROWS = 2  # rows where factor × factor = score must hold, that chance rarely meets
# A cell of a figure column that reads as no level but looks like a figure
# misread (OCR's 2.5 or 2 #5 for 25, 1O for 10): a digit, a few characters, no words.
MISREAD_FIGURE = re.compile(r"^(?=.*\d)[\d.,:;'`’‘lIO|oS#*~_\-]{2,5}$")


def read_figure(text: str) -> tuple[int | None, str] | None:
    """A level as printed: its figure (None when only a word is printed) and
    its word (`` when only a figure is); None when the text is no level."""
    # a narrow cell wraps a level's word a character a line: 3（非 / 常 / 嚴 / 重 / ）
    compact = fold_chars(re.sub(r"\s+", "", text))
    if not compact:
        return None
    m = FIGURE.match(compact)
    if m:
        return int(m.group("n")), BRACKETS.sub("", m.group("before") + m.group("after"))
    if len(compact) <= 8 and not re.search(r"\d", compact) and not SENTENCE_MARKS.search(compact):
        return None, BRACKETS.sub("", compact)
    return None


def hints(label: str) -> set[str]:
    """The assessment fields a column's label names, in the template's words or sharing their stems."""
    key = re.sub(r"\s+", "", label)
    found = {field for field, stems in STEMS.items() if any(stem in key for stem in stems)}
    for field, wordings in WORDINGS.items():
        best = process.extractOne(key, wordings, scorer=fuzz.ratio)
        if best and best[1] >= LABEL_CUTOFF:
            found.add(field)
    # 影響程度 / 發生機率 name a factor; 風險值 the score, whose label may say 影響 too (影響值).
    if "impact" in found and "likelihood" in found:
        found -= {"impact", "likelihood"} if "risk_score" in found else set()
    return found


def is_residual(label: str) -> bool:
    key = re.sub(r"\s+", "", label)
    return any(stem in key for stem in RESIDUAL_STEMS)


def column_cells(table: Table, band: int, col: int) -> dict[int, Cell]:
    """Body row -> the column's own cell there (cells spanning columns left out)."""
    return {c.row: c for c in table.cells if c.row >= band and c.col == col and c.col_span == 1 and c.text.strip()}


def figures(cells: dict[int, Cell]) -> dict[int, int | None] | None:
    """Row -> figure of a column of levels (None where only a word is
    printed, or a figure misread); None when a cell holds anything else.
    One misread figure among enough read ones leaves the column a column of
    figures: a scan's one `2.5` must not send a whole score column to extra."""
    out: dict[int, int | None] = {}
    misread = 0
    for row, c in cells.items():
        reading = read_figure(c.text)
        if reading is None and not MISREAD_FIGURE.match(re.sub(r"\s+", "", c.text)):
            return None
        misread += reading is None
        out[row] = reading[0] if reading else None
    enough = misread == 0 or (misread == 1 and len(out) - misread >= MIN_PRODUCT_ROWS)
    return out if enough else None


def misread_score(text: str, impact: int | None, likelihood: int | None) -> int | None:
    """A score read with a speck among its digits (25 as 2.5): its digits, when
    they are its own row's impact × likelihood; None otherwise."""
    compact = re.sub(r"\s+", "", text)
    if impact is None or likelihood is None or not MISREAD_FIGURE.match(compact):
        return None
    digits = re.sub(r"\D", "", compact)
    return impact * likelihood if digits and int(digits) == impact * likelihood else None


def is_level_column(cells: dict[int, Cell]) -> bool:
    words = [re.sub(r"\s+", "", fold_chars(c.text)) for c in cells.values()]
    return bool(words) and all(LEVEL_WORD.match(w) for w in words)


def is_product(score: dict[int, int | None], a: dict[int, int | None], b: dict[int, int | None]) -> bool:
    """Each row's score is its two factors' product, on enough rows to rule out chance."""
    rows = [r for r, v in score.items() if v is not None and a.get(r) is not None and b.get(r) is not None]
    return (
        len(rows) >= min(MIN_PRODUCT_ROWS, len(score))
        and all(score[r] == a[r] * b[r] for r in rows)
        # where a factor is 1, any column equal to the other factor passes
        and any(a[r] > 1 and b[r] > 1 for r in rows)
    )


def product_triples(figs: dict[int, dict[int, int | None]]) -> list[tuple[int, int, int]]:
    """(factor, factor, score) columns: the score's column right of both, factors in column order."""
    found = []
    for a, b in permutations(sorted(figs), 2):
        if a > b:
            continue
        for c in sorted(figs):
            small = max(v or 0 for col in (a, b) for v in figs[col].values()) <= 5
            if c > b and small and is_product(figs[c], figs[a], figs[b]):
                found.append((a, b, c))
    return found


def factor_roles(a: int, b: int, labels: list[str]) -> dict[str, list[int]]:
    """Which of two factor columns is the impact: the one whose label says
    so, or the other when the other's label says likelihood."""
    ha, hb = hints(labels[a]), hints(labels[b])
    if "impact" in ha or "likelihood" in hb:
        return {"impact": [a], "likelihood": [b]}
    if "likelihood" in ha or "impact" in hb:
        return {"impact": [b], "likelihood": [a]}
    return {}


def assessment_roles(table: Table, band: int, labels: list[str], free: list[int]) -> dict[str, list[int]]:
    """The assessment fields' columns among the `free` columns (no core field took them)."""
    cells = {col: column_cells(table, band, col) for col in free}
    levels = {col: f for col in free if cells[col] and (f := figures(cells[col])) is not None}
    # columns with a figure somewhere; a column of words alone is a factor only by its label
    figs = {col: f for col, f in levels.items() if any(v is not None for v in f.values())}
    residual = [col for col in free if is_residual(labels[col])]
    roles: dict[str, list[int]] = {}
    triples = product_triples({c: f for c, f in figs.items() if c not in residual})
    if triples:
        a, b, c = triples[0]
        roles["risk_score"] = [c]
        roles.update(factor_roles(a, b, labels))
        later = [t for t in triples if min(t) > c]
        if later and not residual:
            roles["residual_score"] = [later[0][2]]
    taken = {col for cols in roles.values() for col in cols}
    for col in sorted(levels):
        if col in taken or col in residual:
            continue
        named = hints(labels[col])
        top = max((v or 0 for v in levels[col].values()), default=0)
        for field, limit in (("impact", 5), ("likelihood", 5), ("risk_score", 25)):
            if field == "risk_score" and col not in figs:
                continue
            if field in named and field not in roles and top <= limit and len(named & {"impact", "likelihood"}) <= 1:
                roles[field] = [col]
                taken.add(col)
                break
    roles.update(residual_role(residual, figs, labels, roles))
    taken = {col for cols in roles.values() for col in cols}
    for col in free:
        if col in taken or col in residual or not cells[col]:
            continue
        if col in figs:
            continue
        named = hints(labels[col])
        if "risk_level" not in roles and ("risk_level" in named or is_level_column(cells[col])):
            if all(read_figure(c.text) is not None for c in cells[col].values()):
                roles["risk_level"] = [col]
        elif "scenario" not in roles and "scenario" in named:
            roles["scenario"] = [col]
    return roles


def residual_role(
    residual: list[int], figs: dict[int, dict[int, int | None]], labels: list[str], roles: dict[str, list[int]]
) -> dict[str, list[int]]:
    """The residual score among the columns under a residual label: the
    product of the other two, or the one labelled a score, or the only one."""
    if "residual_score" in roles:
        return {}
    columns = [col for col in residual if col in figs]
    triples = product_triples({col: figs[col] for col in columns})
    if triples:
        return {"residual_score": [triples[0][2]]}
    scored = [col for col in columns if "risk_score" in hints(labels[col])]
    if len(scored) == 1:
        return {"residual_score": scored}
    # 殘餘風險 or 殘餘風險值 alone, not the residual impact or likelihood alone
    columns = [col for col in columns if not hints(labels[col]) & {"impact", "likelihood"}]
    return {"residual_score": columns} if len(columns) == 1 else {}


def figure_notes(table: Table, band: int, columns: dict[str, tuple[int, ...]]) -> list[Note]:
    """A level printed as a word alone (嚴重) where its field holds a figure:
    the integer stays empty, and the reader is told which word was printed.
    A cell that reads as no figure at all (a misread 2.5) is named too."""
    notes = []
    for field in ("impact", "likelihood", "risk_score", "residual_score"):
        for col in columns.get(field, ()):
            for row, c in sorted(column_cells(table, band, col).items()):
                reading = read_figure(c.text)
                if reading is None:
                    notes.append(unreadable_note(table, band, columns, field, c))
                elif reading[0] is None:
                    notes.append(
                        Note(
                            c.page,
                            "info",
                            "risk_figure_word",
                            f"row {row - band + 1} of a risk table: {field} is printed as the word "
                            f"{reading[1]!r} without a figure; {field} is left empty",
                        )
                    )
    return notes


def unreadable_note(table: Table, band: int, columns: dict[str, tuple[int, ...]], field: str, c: Cell) -> Note:
    """A figure cell that reads as no figure: left empty, or, for a score whose
    digits are its row's impact × likelihood, taken as that product."""
    factors = [row_figure(table, band, columns.get(f, ()), c.row) for f in ("impact", "likelihood")]
    score = misread_score(c.text, *factors) if field == "risk_score" else None
    outcome = f"its digits are impact × likelihood, taken as {score}" if score else f"{field} is left empty"
    printed = re.sub(r"\s+", "", c.text)
    return Note(
        c.page,
        "warning",
        "risk_figure_unreadable",
        f"row {c.row - band + 1} of a risk table: {field} reads {printed!r}, which is no figure; {outcome}",
    )


def row_figure(table: Table, band: int, cols: tuple[int, ...], row: int) -> int | None:
    cell = next((column_cells(table, band, col).get(row) for col in cols[:1]), None)
    reading = read_figure(cell.text) if cell else None
    return reading[0] if reading else None


def score_notes(risks: list[Risk]) -> list[Note]:
    """A printed score that is not its printed impact × likelihood."""
    return [
        Note(
            r.page,
            "warning",
            "risk_score_mismatch",
            f"risk {r.risk_number or '?'} ({r.risk}): the printed score {r.risk_score} is not "
            f"impact {r.impact} × likelihood {r.likelihood}",
        )
        for r in risks
        if None not in (r.impact, r.likelihood, r.risk_score) and r.impact * r.likelihood != r.risk_score
    ]
