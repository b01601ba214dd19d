"""Records: the document's parts in, contract records and document facts out.

Goals come from the 施政目標 part's paragraphs (outline); every table, in any
part, is read by its header (tables); the title gives agency and year.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .layout.pages import ANNEX_LABEL
from .model import BBox, DocumentInfo, Goal, KeyPlan, Kpi, Layout, Note, Provenance, Risk
from .outline import outline
from .sections import Part
from .tables import grid_notes, key_plan_records, kpi_records, read_header, risk_records
from .tables.assessment import figure_notes, score_notes
from .tables.riskmap import RiskMap, apply_risk_maps, read_risk_map

AGENCY_SUFFIX = re.compile(r"^(.{2,20}?(?:委員會|總處|部|院|署|局|處|會))")
AGENCY_END = re.compile(r"(?:委員會|總處|部|院|署|局|處|會)$")
DOCUMENT_WORDS = re.compile(r"因應|風險|施政|年度|中程|重要|計畫|內部控制")
YEAR_IN_TITLE = re.compile(r"^(?P<agency>.*?)\s*(?P<year>\d{2,3})\s*年度?")


def parts_to_records(parts: list[Part]) -> tuple[list[Goal], list[Kpi], list[KeyPlan], list[Risk], list[Note]]:
    goals: list[Goal] = []
    kpis: list[Kpi] = []
    plans: list[KeyPlan] = []
    risks: list[Risk] = []
    notes: list[Note] = []
    maps: list[RiskMap] = []
    for part in parts:
        if part.kind == "goals":
            found = outline(part.blocks)
            offset = len(goals)
            goals.extend(renumber(found, offset))
        for block in part.blocks:
            table = block.table
            if table is None:
                continue
            risk_map = read_risk_map(table)
            if risk_map is not None:
                maps.append(risk_map)
                continue
            header = read_header(table)
            if header is None:
                notes.append(
                    Note(
                        block.page,
                        "warning",
                        "table_unrecognized",
                        f"a table of {table.n_rows} rows and {table.n_cols} columns matched no known header",
                    )
                )
                continue
            notes.extend(grid_notes(table, header))
            if header.kind == "kpi":
                common = part.kind == "common" or any("共同性" in c.text for c in table.cells if c.row < header.rows)
                kpis.extend(kpi_records(table, header, "common" if common else "key"))
            elif header.kind == "key_plan":
                plans.extend(key_plan_records(table, header))
            else:
                risks.extend(risk_records(table, header))
                notes.extend(figure_notes(table, header.rows, header.columns))
    risks, map_notes = apply_risk_maps(risks, maps)
    return goals, kpis, plans, risks, notes + map_notes + score_notes(risks)


def renumber(goals: list[Goal], offset: int) -> list[Goal]:
    if not offset:
        return goals

    def shift(gid: str) -> str:
        return f"g{int(gid[1:]) + offset}" if gid else ""

    return [replace(g, id=shift(g.id), parent_id=shift(g.parent_id)) for g in goals]


def agency_and_year(title: str) -> tuple[str, int | None]:
    """外交部108年度施政計畫 -> (外交部, 108); 外交部因應風險控制措施一覽表 -> (外交部, None)."""
    compact = ANNEX_LABEL.sub("", re.sub(r"\s+", "", title))
    m = YEAR_IN_TITLE.match(compact)
    if m and m.group("agency"):
        return m.group("agency"), int(m.group("year"))
    # No year: the agency is what comes before the words of the document's
    # kind (行政院主計總處因應風險…), when it ends like an agency's name.
    words = DOCUMENT_WORDS.search(compact)
    head = compact[: words.start()] if words else ""
    if AGENCY_SUFFIX.match(head) and AGENCY_END.search(head):
        return head, None
    m = AGENCY_SUFFIX.match(compact)
    return (m.group(1) if m else ""), None


def document_kind(title: str, kpis: list, plans: list, risks: list) -> str:
    if risks and not kpis and not plans:
        return "risk_register"
    if "風險" in title and not kpis and not plans:
        return "risk_register"
    return "annual_plan"


def quality_notes(layout: Layout, parts: list[Part], kind: str, kpis: list[Kpi]) -> list[Note]:
    notes = []
    if kind == "annual_plan":
        kinds = {p.kind for p in parts}
        for expected, name in (("goals", "施政目標"), ("key_plans", "重要計畫")):
            if expected not in kinds:
                notes.append(Note(1, "warning", "section_missing", f"no {name} part heading found"))
    for k in kpis:
        if not k.target_raw:
            notes.append(
                Note(k.page, "warning", "kpi_without_target", f"KPI {k.goal_number}-{k.kpi_number} has no target")
            )
        elif not k.target_value:
            notes.append(
                Note(
                    k.page,
                    "info",
                    "target_without_number",
                    f"KPI {k.goal_number}-{k.kpi_number} target {k.target_raw!r} holds no number",
                )
            )
    for block in layout.blocks:
        texts = [block.paragraph.text] if block.paragraph else [c.text for c in block.table.cells]
        for text in texts:
            odd = sorted(set(LEFTOVER.findall(text)))
            if odd:
                notes.append(
                    Note(
                        block.page,
                        "warning",
                        "leftover_characters",
                        "private-use or radical characters left: " + " ".join(f"U+{ord(c):04X}" for c in odd),
                    )
                )
    return notes


# Private-use characters (a broken font mapping: unicodedata's "Co", the BMP's
# area and planes 15-16) and CJK radicals that folding did not map to an ideograph.
LEFTOVER = re.compile("[\ue000-\uf8ff\u2e80-\u2fdf\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def document_info(
    doc_id: str,
    title: str,
    pages: int,
    sha256: str,
    source_file: str,
    kind: str,
    overrides: dict[str, str] | None = None,
    ocr_pages: tuple[int, ...] = (),
) -> DocumentInfo:
    agency, year = agency_and_year(title)
    overrides = overrides or {}
    if overrides.get("agency"):
        agency = overrides["agency"]
    if overrides.get("year_roc"):
        year = int(overrides["year_roc"])
    if overrides.get("kind"):
        kind = overrides["kind"]
    return DocumentInfo(doc_id, agency, year, kind, re.sub(r"\s+", "", title), pages, sha256, source_file, ocr_pages)


# A unit's name, then another's: 人事處資訊處, 中央健康保險署法制處, 職業安全衛生署本部各單位,
# 本部各單位人事處.
RUN_TOGETHER = re.compile(r"^\S{2,}(?:[處司署局]|單位)\S+(?:[處司署局室]|單位)$")


def run_together_owners(risks: list[Risk], ocr_pages: set[int]) -> list[Note]:
    """Risk owners read by OCR that look like two units on one line. Owners
    are printed one a line, and a name that ends flush with the cell's edge
    looks like a name that wrapped: layout joins the next one to it. The
    pattern also fits a name with its parent office in it (警政署刑事警察局),
    so this is a doubt for the reader, not a repair."""
    notes = []
    for risk in risks:
        joined = [owner for owner in risk.owners if RUN_TOGETHER.match(owner)]
        if not joined:
            continue
        notes += field_notes(risk.provenance, "owners", f"{'、'.join(joined)} may be two units run together", ocr_pages)
    return notes


def field_notes(provenance: Provenance, column: str, why: str, ocr_pages: set[int]) -> list[Note]:
    """An ocr_uncertain note, saying why, on each OCR'd cell of a record's column."""
    boxes = [b for name, found in provenance.fields if name == column for b in found]
    return [ocr_uncertain(b.page, b.bbox, why) for b in boxes if b.page in ocr_pages]


def ocr_uncertain(page: int, box: BBox, why: str) -> Note:
    """The note that sends a reader to OCR'd text in `box` to check, saying why."""
    return Note(
        page,
        "warning",
        "ocr_uncertain",
        f"text in box ({box[0]:.0f}, {box[1]:.0f}, {box[2]:.0f}, {box[3]:.0f}) read by OCR: {why}; "
        "check it against the page",
    )


# What a target's figure never holds, and OCR reads into it: a bracket of the
# weight beside it (`0) %` for `(40%)`), a mark read off a speck (`8、小時`).
STRAY_IN_TARGET = re.compile(r"[()（）\[\]［］【】〈〉《》「」、，,;；:：'\"“”‘’]")


def stray_marks_in_targets(kpis: list[Kpi], ocr_pages: set[int]) -> list[Note]:
    """KPI targets read by OCR with a mark no target holds among their figures
    and unit: a doubt for the reader, the figure may be misread too."""
    notes = []
    for kpi in kpis:
        stray = STRAY_IN_TARGET.findall(re.sub(r"(?<=\d),(?=\d{3})", "", kpi.target_raw))
        if not stray:
            continue
        why = f"the target {kpi.target_raw} holds {''.join(dict.fromkeys(stray))}, which no target does"
        notes += field_notes(kpi.provenance, "target_raw", why, ocr_pages)
    return notes
