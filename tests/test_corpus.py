"""The generated corpus: a fixed sample of generated documents, printed by
each producer and committed with the rows their content makes the contract
expect, parses exactly; and the generator makes every variation it promises.

The sample is written by `make corpus-sample` (tests/corpus/roundtrip.py
--sample); the whole corpus, any size, by `make roundtrip`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import REPO, read_csv, run_parse

sys.path.insert(0, str(REPO / "tests" / "corpus"))

from generate import generate  # noqa: E402
from gold import expected_notes, expected_rows  # noqa: E402
from scoring import TABLES, score_extra, score_notes, score_table  # noqa: E402

SAMPLE = REPO / "tests" / "fixtures" / "corpus"
SAMPLE_IDS = sorted(p.stem for p in (SAMPLE / "pdf").glob("*.pdf"))


@pytest.fixture(scope="module")
def parsed_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    proc = run_parse(str(SAMPLE / "pdf"), "--out", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    return out


def test_the_sample_holds_every_producer() -> None:
    assert {doc_id.rsplit("-", 1)[1] for doc_id in SAMPLE_IDS} == {"typeset", "docx", "html"}
    assert len(SAMPLE_IDS) >= 9


@pytest.mark.parametrize("doc_id", SAMPLE_IDS)
def test_a_generated_document_parses_exactly(parsed_sample: Path, doc_id: str) -> None:
    for table in TABLES:
        expected = read_csv(SAMPLE / "expected" / doc_id / f"{table}.csv")
        got = [r for r in read_csv(parsed_sample / "csv" / f"{table}.csv") if r["doc_id"] == doc_id]
        tally = score_table(table, doc_id, expected, got)
        # Pages are checked on the typeset fixtures, whose pages are known; a
        # generated record's page is only found by searching the PDF's text.
        assert tally.perfect, "\n".join(tally.diffs)
    expected = read_csv(SAMPLE / "expected" / doc_id / "extra.csv")
    got = [r for r in read_csv(parsed_sample / "csv" / "extra.csv") if r["doc_id"] == doc_id]
    tally = score_extra(doc_id, expected, got)
    assert tally.perfect, "\n".join(tally.diffs)


@pytest.mark.parametrize("doc_id", SAMPLE_IDS)
def test_the_map_disagreement_note_names_exactly_the_risks_the_map_moves(parsed_sample: Path, doc_id: str) -> None:
    spec = generate(int(doc_id[2:7]))
    risks = read_csv(SAMPLE / "expected" / doc_id / "risks.csv")
    risks = [{**r, "row": str(i)} for i, r in enumerate(risks, start=1)]
    notes = [q for q in read_csv(parsed_sample / "quality.csv") if q["doc_id"] == doc_id]
    result = score_notes(doc_id, expected_notes(spec), risks, notes)
    assert result.docs_right, "\n".join(result.diffs)


def test_the_same_seed_gives_the_same_document() -> None:
    assert generate(7) == generate(7)
    assert generate(7) != generate(8)


def test_the_expected_rows_come_from_the_content() -> None:
    pdf = SAMPLE / "pdf" / "rt00035-docx.pdf"
    rows = expected_rows(generate(35), "rt00035-docx", pdf)
    committed = read_csv(SAMPLE / "expected" / "rt00035-docx" / "kpis.csv")
    assert [r["kpi"] for r in rows["kpis"]] == [r["kpi"] for r in committed]
    assert rows["documents"][0]["agency"] == "衛生福利部"


PART_MARKS = {"壹": "part:壹", "貳": "part:壹", "一": "part:一", "二": "part:一", "（": "part:（一）"}


def features(spec: dict) -> set[str]:
    """The variations a generated document shows, named as in the issue."""
    style = spec["style"]
    out = {spec["kind"], f"font:{style['font']}"}
    out |= {name for name in ("kangxi", "distributed", "landscape", "loose_punctuation") if style[name]}
    for block in spec["blocks"]:
        if block["type"] == "heading":
            out.add(PART_MARKS.get(block["text"][0], "part:none"))
            if block.get("unseen"):
                out.add("heading outside the template")
        elif block["type"] == "goals":
            out.add("goals under 如次：" if block.get("intro") else "goals under a heading")
            out.add(f"depth:{max(item['level'] for item in block['items'])}")
            if any(item["body"] for item in block["items"]):
                out.add("item with body")
        elif block["type"] == "table":
            out.add(f"table:{block['kind']}")
            header = "".join(c["text"] for row in block["header"] for c in row)
            out |= {f"extra:{word}" for word in ("備註", "預算金額", "風險情境", "發生機率", "權重") if word in header}
            out |= assessment_features(block)
            out |= {f"number column of its own:{field}" for field in block.get("own_numbers", ())}
            out |= {f"label outside the template:{field}" for field in block.get("unseen_labels", ())}
            if any(c["rowspan"] >= 8 for row in block["body"] for c in row):
                out.add("merged 8 rows")
            out |= {feature for record in block["records"] for feature in kpi_features(record)}
            if style["distributed"] and any(is_figure_list(c["text"]) for row in block["body"] for c in row):
                out.add(f"distributed list with figures:{block['kind']}")
    return out


def assessment_features(block: dict) -> set[str]:
    """A risk register's assessment family and its risk map's print."""
    found = set()
    if "assessment" in block:
        found |= {f"risk family:{block['assessment']['family']}", f"residual:{block['assessment']['residual']}"}
        found |= {f"level as {fmt}" for fmt in block["assessment"]["formats"].values()}
    if "map" in block:
        found |= {
            f"map rows:{block['map']['rows']}",
            f"map ids:{block['map']['ids']}",
            f"map labels:{block['map']['labels']}",
        }
        found |= {f"map {block['map']['levels']}x{block['map']['levels']}", f"map labels {block['map']['layout']}"}
    if any(rec.get("extra") for rec in block["records"]):
        found.add(f"extra:{block['kind']}")
    return found


NUMBERED_LINE = re.compile(r"^(?:[0-9０-９]+[.、]|[（(][0-9０-９一-九]+[）)]|[一-九]、)")
BRACKETED_FIGURE = re.compile(r"[（(][^）)]*[0-9０-９][^）)]*[）)]")


def is_figure_list(text: str) -> bool:
    """A cell of numbered items, one a line, with bracketed figures (`1.完成設計（30%）`)."""
    lines = text.split("\n")
    return len(lines) >= 2 and all(NUMBERED_LINE.match(ln) for ln in lines) and bool(BRACKETED_FIGURE.search(text))


def kpi_features(record: dict) -> set[str]:
    if "goal" not in record:
        return set()
    found = {"common"} if record["kind"] == "common" else set()
    if "%）" in record["goal"]:
        found.add("weight")
    if not record["target_value"]:
        found.add("no target number")
    if "÷" in record["standard"]:
        found.add("formula ÷")
    return found


def test_the_generator_makes_every_variation_it_promises() -> None:
    seen: set[str] = set()
    for seed in range(1, 301):
        seen |= features(generate(seed))
    promised = {
        "annual_plan",
        "risk_register",
        "kangxi",
        "distributed",
        "landscape",
        "loose_punctuation",
        "font:serif",
        "font:sans",
        "font:ming",
        "font:kai",
        "part:壹",
        "part:一",
        "part:（一）",
        "part:none",
        "goals under 如次：",
        "goals under a heading",
        "depth:1",
        "depth:4",
        "item with body",
        "table:kpi",
        "table:key_plan",
        "table:risk",
        "extra:備註",
        "extra:預算金額",
        "extra:風險情境",
        "merged 8 rows",
        "weight",
        "no target number",
        "formula ÷",
        "common",
        "number column of its own:goal",
        "number column of its own:kpi",
        "number column of its own:risk",
        "label outside the template:work_plan",
        "label outside the template:item",
        "label outside the template:category",
        "heading outside the template",
        "risk family:a",
        "risk family:b",
        "risk family:c",
        "risk family:d",
        "residual:single",
        "residual:group",
        "level as figure_word",
        "level as word_figure",
        "level as word",
        "map rows:impact",
        "map rows:likelihood",
        "map ids:number",
        "map ids:R",
        "map ids:name",
        "map labels:figure",
        "map labels:word",
        "map labels:both",
        "map 3x3",
        "map 5x5",
        "map labels top",
        "map labels bottom",
        "extra:kpi",
        "extra:key_plan",
        "extra:risk",
        "label outside the template:impact",
        "label outside the template:likelihood",
        "label outside the template:risk_score",
        "distributed list with figures:kpi",
        "distributed list with figures:key_plan",
        "distributed list with figures:risk",
    }
    assert promised <= seen, sorted(promised - seen)
