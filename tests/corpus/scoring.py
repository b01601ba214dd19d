"""Scoring: expected rows and the pipeline's rows in, the measures out: cells
exact, rows found, rows invented, characters reproduced, per table, with
every differing cell.

The same measures as ../shared/dev-eval/score.py, so the figures compare:
cells are compared after folding what the contract calls insignificant
(full-width digits and letters, spaces next to CJK characters, runs of
spaces), `target_value` as a number, goals by their parents' numbers rather
than free-form ids; rows are paired in order, each with the most similar.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

TABLES = ["documents", "goals", "kpis", "key_plans", "risks"]
# Columns of schema 1.3 (issue 28): scored where the expected rows have them,
# empty cells where the pipeline's rows lack them, never used to pair rows (so
# the old columns score as they did before them).
NEW_COLUMNS = {"risks": ["scenario", "impact", "likelihood", "risk_score", "risk_level", "residual_score"]}
NOT_SCORED = {"id", "parent_id", "page", "source_file", "doc_id", "agency", "year_roc", "year"}
DOCUMENT_SCORED = ["agency", "year_roc", "year", "kind", "title", "pages", "sha256"]
_HALF = str.maketrans(
    {
        **{0xFF10 + i: 0x30 + i for i in range(10)},
        **{0xFF21 + i: 0x41 + i for i in range(26)},
        **{0xFF41 + i: 0x61 + i for i in range(26)},
        0xFF05: 0x25,
    }
)
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0003ffff]"


def canon(value: str) -> str:
    text = re.sub(r"[ \t\u3000\u00a0]+", " ", (value or "").translate(_HALF))
    text = re.sub(rf"(?<={_CJK}) | (?={_CJK})", "", text)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def same(column: str, expected: str, got: str) -> bool:
    if column == "target_value" and expected and got:
        try:
            return float(expected) == float(got.replace(",", ""))
        except ValueError:
            return False
    return canon(expected) == canon(got)


def with_parents(rows: list[dict]) -> list[dict]:
    """Goals: each row's parent as the path of its ancestors' numbers."""
    by_id = {r.get("id", ""): r for r in rows}
    out = []
    for row in rows:
        path, parent, seen = [], by_id.get(row.get("parent_id", "")), set()
        while parent is not None and parent.get("id") not in seen:
            seen.add(parent.get("id"))
            path.append(parent.get("number", ""))
            parent = by_id.get(parent.get("parent_id", ""))
        out.append({**row, "parent": "/".join(reversed(path))})
    return out


def scored_columns(table: str, expected: list[dict]) -> list[str]:
    if table == "documents":
        return DOCUMENT_SCORED
    columns = [c for c in (expected[0] if expected else {}) if c not in NOT_SCORED]
    return columns + (["parent"] if table == "goals" else [])


def similarity(columns: list[str], a: dict, b: dict) -> float:
    total = 0.0
    for c in columns:
        x, y = canon(a.get(c, "")), canon(b.get(c, ""))
        total += 1.0 if x == y else 0.9 * SequenceMatcher(None, x, y, autojunk=False).quick_ratio()
    return total / max(len(columns), 1)


def pair_rows(columns: list[str], expected: list[dict], got: list[dict], floor: float = 0.5) -> list[tuple[int, int]]:
    """Order-preserving pairing with the largest summed similarity; rows less
    similar than `floor` are never paired (dynamic programming)."""
    n, m = len(expected), len(got)
    sim = [[similarity(columns, e, g) for g in got] for e in expected]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = best[i + 1][j + 1] + sim[i][j] if sim[i][j] >= floor else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], take)
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sim[i][j] >= floor and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass(frozen=True)
class Wrong:
    """A cell that differs (or every cell of a row not found: column "*"),
    for checklist.py to find on the page."""

    doc_id: str
    table: str
    row: dict
    column: str
    got: str
    cells: int = 1


@dataclass
class Tally:
    cells: int = 0
    exact: int = 0
    rows: int = 0
    found: int = 0
    invented: int = 0
    chars: int = 0
    chars_ok: float = 0.0
    pages: int = 0
    pages_ok: int = 0
    diffs: list[str] = field(default_factory=list)
    wrong: list[Wrong] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("cells", "exact", "rows", "found", "invented", "chars", "chars_ok", "pages", "pages_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.diffs += other.diffs
        self.wrong += other.wrong

    @property
    def perfect(self) -> bool:
        return self.exact == self.cells and self.found == self.rows and not self.invented

    def line(self) -> str:
        def pct(a: float, b: float) -> float:
            return 100.0 * a / b if b else 100.0

        return (
            f"cells_exact={pct(self.exact, self.cells):.1f}% rows={self.found}/{self.rows} invented={self.invented} "
            f"chars={pct(self.chars_ok, self.chars):.1f}% pages={pct(self.pages_ok, self.pages):.1f}%"
        )


def score_table(table: str, doc_id: str, expected: list[dict], got: list[dict], only: list[str] | None = None) -> Tally:
    """`only`: score these of the table's columns (rows are paired all the same)."""
    tally = Tally()
    if table == "goals":
        expected, got = with_parents(expected), with_parents(got)
    columns = scored_columns(table, expected)
    keys = [c for c in columns if c not in NEW_COLUMNS.get(table, ())]
    pairs = pair_rows(keys, expected, got) if expected and got else []
    if only is not None:
        columns = [c for c in columns if c in only]
    for i, j in pairs:
        e, g = expected[i], got[j]
        for c in columns:
            a, b = canon(e.get(c, "")), canon(g.get(c, ""))
            ok = same(c, e.get(c, ""), g.get(c, ""))
            tally.exact += ok
            tally.chars_ok += len(a) if ok else len(a) * SequenceMatcher(None, a, b, autojunk=False).ratio()
            if not ok:
                tally.wrong.append(Wrong(doc_id, table, e, c, g.get(c, "")))
                tally.diffs.append(
                    f"{doc_id} {table} row {i + 1} {c}:\n    expected: {e.get(c, '')!r}\n    got:      {g.get(c, '')!r}"
                )
        if table != "documents" and e.get("page"):
            tally.pages += 1
            tally.pages_ok += e.get("page") == g.get("page")
    paired_e = {i for i, _ in pairs}
    paired_g = {j for _, j in pairs}
    tally.wrong += [Wrong(doc_id, table, e, "*", "", len(columns)) for i, e in enumerate(expected) if i not in paired_e]
    tally.diffs += [
        f"{doc_id} {table} MISSING row {i + 1}: {canon(' | '.join(e.get(c, '') for c in columns))[:200]!r}"
        for i, e in enumerate(expected)
        if i not in paired_e
    ]
    tally.diffs += [
        f"{doc_id} {table} INVENTED row: {canon(' | '.join(g.get(c, '') for c in columns))[:200]!r}"
        for j, g in enumerate(got)
        if j not in paired_g
    ]
    tally.cells = len(expected) * len(columns)
    tally.rows, tally.found, tally.invented = len(expected), len(pairs), len(got) - len(pairs)
    tally.chars = sum(len(canon(e.get(c, ""))) for e in expected for c in columns)
    return tally


EXTRA_KEY = ("table", "row", "column")


def score_extra(doc_id: str, expected: list[dict], got: list[dict]) -> Tally:
    """extra.csv: rows paired by (table, row, column), each value a cell; a
    key not found is a missing row, a key not expected an invented one."""
    tally = Tally()
    mine = {tuple(g.get(k, "") for k in EXTRA_KEY): g for g in got}
    for e in expected:
        key = tuple(e[k] for k in EXTRA_KEY)
        a = canon(e["value"])
        tally.rows += 1
        tally.cells += 1
        tally.chars += len(a)
        g = mine.get(key)
        if g is None:
            tally.wrong.append(Wrong(doc_id, "extra", e, "*", ""))
            tally.diffs.append(f"{doc_id} extra MISSING {key}: {e['value']!r}")
            continue
        tally.found += 1
        b = canon(g.get("value", ""))
        if a == b:
            tally.exact += 1
            tally.chars_ok += len(a)
        else:
            tally.chars_ok += len(a) * SequenceMatcher(None, a, b, autojunk=False).ratio()
            tally.wrong.append(Wrong(doc_id, "extra", e, "value", g.get("value", "")))
            tally.diffs.append(
                f"{doc_id} extra {key}:\n    expected: {e['value']!r}\n    got:      {g.get('value', '')!r}"
            )
    expected_keys = {tuple(e[k] for k in EXTRA_KEY) for e in expected}
    surplus = [key for key in mine if key not in expected_keys]
    tally.invented = len(surplus)
    tally.diffs += [f"{doc_id} extra INVENTED {key}: {mine[key].get('value', '')!r}" for key in surplus]
    return tally


def compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@dataclass
class Notes:
    """`risk_map_disagrees` notes: expected (one per risk the map moves), fired,
    and fired on an expected risk; a document is right when its notes name
    exactly its expected risks, each once."""

    expected: int = 0
    fired: int = 0
    right: int = 0
    docs: int = 0
    docs_right: int = 0
    diffs: list[str] = field(default_factory=list)

    def add(self, other: Notes) -> None:
        for name in ("expected", "fired", "right", "docs", "docs_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.diffs += other.diffs

    def line(self) -> str:
        return (
            f"risk_map_disagrees expected={self.expected} fired={self.fired} right={self.right} "
            f"missed={self.expected - self.right} spurious={self.fired - self.right} "
            f"docs_exact={self.docs_right}/{self.docs}"
        )


MAP_NOTE = "risk_map_disagrees"


def named_risk(message: str, risks: list[dict]) -> int | None:
    """The risks.csv `row` of the risk a note names: by its 風險項目 text (the
    longest that the message holds), else by `row N`."""
    text = compact(message)
    named = [r for r in risks if compact(r["risk"]) and compact(r["risk"]) in text]
    if named:
        return int(max(named, key=lambda r: len(compact(r["risk"])))["row"])
    found = re.search(r"\brow\s*(\d+)", message or "")
    return int(found.group(1)) if found else None


def score_notes(doc_id: str, expected: list[dict], risks: list[dict], notes: list[dict]) -> Notes:
    """`expected`: gold.expected_notes (row, risk_number, risk); `risks`: the
    document's expected risks rows with their `row`; `notes`: its quality.csv rows."""
    fired = [n for n in notes if n.get("code") == MAP_NOTE]
    rows = [named_risk(n.get("message", ""), risks) for n in fired]
    want = {e["row"] for e in expected}
    right = {r for r in rows if r in want}
    out = Notes(expected=len(want), fired=len(fired), right=len(right), docs=1)
    out.docs_right = int(len(right) == len(want) == len(fired))
    out.diffs += [
        f"{doc_id} {MAP_NOTE} MISSING for risk row {e['row']} {e['risk']!r}" for e in expected if e["row"] not in right
    ]
    seen: set[int] = set()
    for n, r in zip(fired, rows):
        if r not in want or r in seen:
            out.diffs.append(f"{doc_id} {MAP_NOTE} SPURIOUS (risk row {r}): {n.get('message', '')!r}")
        seen.add(r)
    return out


def cell_source(spec_block: dict, column: str) -> str:
    """Where a new risk column's cells come from in a document: printed under
    a label the rules know or never see, read off the risk map, or not printed."""
    assessment = spec_block.get("assessment", {})
    if column in spec_block.get("unseen_labels", ()):
        return "unseen label"
    if column in assessment.get("printed", ()):
        return "seen label"
    if column in ("impact", "likelihood") and assessment.get("map"):
        return "from the map"
    return "not printed"


@dataclass
class Breakdown:
    """The schema 1.3 measures, per register family (a: figures, b: map only,
    c: both agreeing, d: both, the map moving a risk; plain: neither; none:
    no risk table) and per source of a new column's cells."""

    old: dict[str, Tally] = field(default_factory=dict)  # family -> risks' old columns
    new: dict[str, Tally] = field(default_factory=dict)  # family -> risks' new columns
    extra: dict[str, Tally] = field(default_factory=dict)  # family -> extra.csv
    notes: dict[str, Notes] = field(default_factory=dict)  # family -> risk_map_disagrees
    docs: dict[str, int] = field(default_factory=dict)
    columns: dict[str, Tally] = field(default_factory=dict)  # new column -> its cells
    sources: dict[str, Tally] = field(default_factory=dict)  # cell_source -> new cells

    def add_doc(
        self, family: str, old: Tally, new: dict[str, Tally], extra: Tally, notes: Notes, sources: dict
    ) -> None:
        self.docs[family] = self.docs.get(family, 0) + 1
        self.old.setdefault(family, Tally()).add(old)
        self.extra.setdefault(family, Tally()).add(extra)
        self.notes.setdefault(family, Notes()).add(notes)
        for column, tally in new.items():
            self.new.setdefault(family, Tally()).add(tally)
            self.columns.setdefault(column, Tally()).add(tally)
            self.sources.setdefault(sources[column], Tally()).add(tally)

    def lines(self) -> list[str]:
        def cells(t: Tally | None) -> str:
            if t is None or not t.cells:
                return "-"
            return f"{100.0 * t.exact / t.cells:.1f}% of {t.cells}"

        out = []
        for family in ("a", "b", "c", "d", "plain", "none"):
            if family in self.docs:
                notes = self.notes[family]
                out.append(
                    f"  family {family:5s} docs={self.docs[family]:3d} new_cells={cells(self.new.get(family))} "
                    f"extra={cells(self.extra.get(family))} old_risk_cells={cells(self.old.get(family))} "
                    f"notes: expected={notes.expected} fired={notes.fired} right={notes.right} "
                    f"docs_exact={notes.docs_right}/{notes.docs}"
                )
        out.append("  new columns: " + ", ".join(f"{c} {cells(t)}" for c, t in self.columns.items()))
        out.append("  new cells by source: " + ", ".join(f"{s} {cells(t)}" for s, t in sorted(self.sources.items())))
        return out
