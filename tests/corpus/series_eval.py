"""Series eval: generated families of KPIs over the years (years.py) in, how
well pipeline/series.py links them out.

    python tests/corpus/series_eval.py [--families 60] [--seed 1] [--verbose]

Families are the seeds seed .. seed+families-1. Each family becomes the
documents kpi_series takes (one annual plan a year; now and then a year
printed twice, a scan with OCR'd pages beside the text-layer print, whose
rows must not come out), is run on its own, and its links are scored
against the generator's: a link is two KPIs that are consecutive
occurrences of one series. Precision: predicted links that are gold links /
predicted links; recall: gold links found / gold links. Both are broken
down by what changed between the two KPIs (the later KPI's ops, years.py);
a predicted link that is wrong counts under the ops of its later KPI, so
`new` and `split_new` have a precision only. --verbose lists every wrong
and every missed link.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from years import family  # noqa: E402

from pipeline.series import SERIES_COLUMNS, kpi_series  # noqa: E402

NAMES = ["doc_id", "agency", "year_roc", "year"] + [name for name, *_ in SERIES_COLUMNS]
Key = tuple[str, int]  # (doc_id, kpi_row)


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    right: int = 0
    by_op: dict[str, Counter] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def count(self, ops: list[str], what: str) -> None:
        for op in ops:
            self.by_op.setdefault(op, Counter())[what] += 1

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def slug(fam: dict) -> str:
    return f"f{fam['seed']}"


def documents(fam: dict) -> list[dict]:
    """The family's plans as emit.load_documents gives them; some years also a scanned twin."""
    rng = random.Random(fam["seed"] * 7919)
    docs = []
    for year in fam["years"]:
        doc = {
            "doc_id": f"{slug(fam)}-{year['year_roc']}-plan-text",
            "agency": fam["agency"],
            "year_roc": year["year_roc"],
            "year": year["year_roc"] + 1911,
            "kind": "annual_plan",
            "ocr_pages": [],
            "kpis": [dict(k) for k in year["kpis"]],
        }
        docs.append(doc)
        if rng.random() < 0.15:
            # its doc_id sorts first: the OCR'd pages decide, not the name
            twin = dict(doc, doc_id=f"{slug(fam)}-{year['year_roc']}-plan-scanned", ocr_pages=[1, 2, 3])
            twin["kpis"] = [dict(k, kpi=misread(rng, k["kpi"])) for k in doc["kpis"]]
            docs.append(twin)
    # a risk register of the agency, no part of any series
    docs.append(dict(docs[0], doc_id=f"{slug(fam)}-risks", kind="risk_register", year_roc=None, year=None))
    return docs


def misread(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(len(text))
    return text[:i] + rng.choice("了口日曰") + text[i + 1 :]


def gold_links(fam: dict) -> dict[tuple[Key, Key], list[str]]:
    """(earlier, later) -> the later KPI's ops."""
    last: dict[str, Key] = {}
    links = {}
    for year in fam["years"]:
        doc_id = f"{slug(fam)}-{year['year_roc']}-plan-text"
        for row, (label, ops) in enumerate(zip(year["series"], year["ops"]), 1):
            if label in last:
                links[(last[label], (doc_id, row))] = ops
            last[label] = (doc_id, row)
    return links


def predicted_links(rows: list[list[object]]) -> dict[tuple[Key, Key], list[object]]:
    """(earlier, later) -> the later row, from consecutive rows of one series."""
    by_series: dict[str, list[dict]] = {}
    for r in rows:
        rec = dict(zip(NAMES, r))
        by_series.setdefault(rec["series_id"], []).append(rec)
    links = {}
    for recs in by_series.values():
        recs.sort(key=lambda rec: rec["year_roc"])
        for a, b in zip(recs, recs[1:]):
            links[((a["doc_id"], a["kpi_row"]), (b["doc_id"], b["kpi_row"]))] = b
    return links


def describe(fam: dict, key: Key) -> str:
    for year in fam["years"]:
        if key[0].startswith(f"{slug(fam)}-{year['year_roc']}-"):
            k = year["kpis"][key[1] - 1]
            label = year["series"][key[1] - 1]
            return f"{year['year_roc']} {label} {k['goal_number']}.{k['kpi_number']} {k['kpi']} | {k['standard'][:50]}"
    return f"{key}"


def ops_of(fam: dict, key: Key) -> list[str]:
    for year in fam["years"]:
        if key[0] == f"{slug(fam)}-{year['year_roc']}-plan-text":
            return year["ops"][key[1] - 1]
    return ["twin"]


def score_family(fam: dict, tally: Tally) -> None:
    rows = kpi_series(documents(fam))
    gold = gold_links(fam)
    predicted = predicted_links(rows)
    tally.gold += len(gold)
    tally.predicted += len(predicted)
    for link, ops in gold.items():
        tally.count(ops, "gold")
        if link in predicted:
            tally.found += 1
            tally.count(ops, "found")
        else:
            tally.missed.append(f"missed {describe(fam, link[0])}\n    -> {describe(fam, link[1])}")
    for link, rec in predicted.items():
        ops = ops_of(fam, link[1])
        tally.count(ops, "predicted")
        if link in gold:
            tally.right += 1
            tally.count(ops, "right")
        else:
            tally.wrong.append(
                f"wrong  {describe(fam, link[0])}\n    -> {describe(fam, link[1])}"
                f"  (score {rec['match_score']}, {rec['matched_fields'] or '-'})"
            )


def evaluate(first_seed: int, families: int) -> Tally:
    tally = Tally()
    for seed in range(first_seed, first_seed + families):
        score_family(family(seed), tally)
    return tally


def report(tally: Tally, first_seed: int, families: int, verbose: bool) -> str:
    lines = [
        f"families {families} (seeds {first_seed}-{first_seed + families - 1}): "
        f"{tally.gold} gold links, {tally.predicted} predicted",
        f"links: precision {tally.precision:.2%} ({tally.right}/{tally.predicted}), "
        f"recall {tally.recall:.2%} ({tally.found}/{tally.gold})",
        "",
        f"{'what changed':<18}{'gold':>7}{'found':>7}{'recall':>9}{'pred':>7}{'right':>7}{'precision':>11}",
    ]
    for op in sorted(tally.by_op, key=lambda op: -tally.by_op[op]["predicted"] - tally.by_op[op]["gold"]):
        c = tally.by_op[op]
        recall = f"{c['found'] / c['gold']:.1%}" if c["gold"] else "-"
        precision = f"{c['right'] / c['predicted']:.1%}" if c["predicted"] else "-"
        lines.append(
            f"{op:<18}{c['gold']:>7}{c['found']:>7}{recall:>9}{c['predicted']:>7}{c['right']:>7}{precision:>11}"
        )
    if verbose:
        lines += ["", *tally.wrong, *tally.missed]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    tally = evaluate(args.seed, args.families)
    print(report(tally, args.seed, args.families, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
