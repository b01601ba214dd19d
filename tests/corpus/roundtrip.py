"""Round trip: generate documents, print each with every producer, parse the
PDFs with the pipeline, and score its rows against the rows the content says
the contract expects.

    python tests/corpus/roundtrip.py [--n 100] [--producers typeset,docx,html]
                                     [--scan 200,300] [--seed 1] [--out .roundtrip] [--jobs N]

(`make roundtrip N=100 PRODUCERS=docx SCAN=200` calls this.) Prints one line
per producer and per table, and keeps every failing case -- its PDF, expected
rows and the differing cells -- under <out>/failures/<producer>/<doc_id>/.
The same seed gives the same documents and the same PDFs.

Scanned families: `docx-scan200` is every docx PDF put through the scanner
(scan.py: 200 dpi, turned, noisy, JPEG, some pages sideways), an image-only
PDF the pipeline reads by OCR. Name them in --producers, or give --scan DPIS
to run each producer's scanned families instead of its printed PDFs. For
them, one more line says how many of the wrong cells quality.csv lists
(checklist.py), and <out>/failures/<family>/unlisted.txt names the wrong
cells no note covers.

Schema 1.3 (issue 28) is scored too: the risks' new columns (scenario,
impact, likelihood, risk_score, risk_level, residual_score; empty cells where
the pipeline writes none), extra.csv (rows paired by table, row and column)
and the `risk_map_disagrees` notes of quality.csv (fired on exactly the risks
the risk map moves). The producer's line counts them all; `old cols` is the
measure before them (the columns of schema 1.2, no extra); a line per
register family (assessment.py: a, b, c, d, plain, none) gives the new cells,
the extra cells, the old risk cells and the notes, then the new cells per
column and by source (a label the rules know, one they never see, the map).

The producers need CJK fonts, LibreOffice (docx) and Chromium (html);
`make roundtrip` installs them on Debian/Ubuntu through
scripts/system-packages.sh (group roundtrip), or run that script yourself.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

from checklist import Checklist, check  # noqa: E402
from generate import generate  # noqa: E402
from gold import expected_notes, expected_rows, write_expected  # noqa: E402
from scan import DPIS, scan_pdf  # noqa: E402
from scoring import (  # noqa: E402
    NEW_COLUMNS,
    TABLES,
    Breakdown,
    Tally,
    cell_source,
    score_extra,
    score_notes,
    score_table,
)

PRODUCERS = ("typeset", "docx", "html")
# What each producer runs; the Debian packages that bring them are listed once,
# in scripts/system-packages.sh (group roundtrip), which `make roundtrip` runs.
PROGRAMS = {"typeset": None, "docx": "soffice", "html": "chromium"}
FONT_FILES = [
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/usr/share/fonts/truetype/arphic/ukai.ttc"),
]


def missing(producer: str) -> str:
    """What the producer lacks on this machine, in words, or ''."""
    program = PROGRAMS[producer]
    if program is not None and shutil.which(program) is None:
        return program
    return ", ".join(str(f) for f in FONT_FILES if not f.exists())


def doc_id(seed: int, producer: str) -> str:
    return f"rt{seed:05d}-{producer}"


def family_parts(family: str) -> tuple[str, int | None]:
    """`docx-scan200` -> ("docx", 200); `docx` -> ("docx", None)."""
    producer, _, dpi = family.partition("-scan")
    return producer, (int(dpi) if dpi.isdigit() else None)


def known_family(family: str) -> bool:
    producer, dpi = family_parts(family)
    return producer in PRODUCERS and (dpi in DPIS if "-scan" in family else True)


def render(producer: str, specs: list[tuple[dict, Path]]) -> None:
    if producer == "typeset":
        from produce import typeset as module
    elif producer == "docx":
        from produce import docx as module
    else:
        from produce import html as module
    module.render(specs)


def render_chunk(args: tuple[str, list[int], str]) -> None:
    producer, seeds, folder = args
    specs = [(generate(s), Path(folder) / f"{doc_id(s, producer)}.pdf") for s in seeds]
    render(producer, specs)
    for spec, pdf in specs:  # what was printed, and how, so --reuse can tell a stale PDF
        printed = {"content": spec, "printer": printer_fingerprint(producer)}
        pdf.with_suffix(".json").write_text(json.dumps(printed, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def printer_fingerprint(producer: str) -> str:
    code = [HERE / "produce" / f"{name}.py" for name in ("common", producer)]
    code += [HERE / "vocab.py", HERE / "generate.py", HERE / "assessment.py"]
    return hashlib.sha256(b"".join(p.read_bytes() for p in code)).hexdigest()


def printed_before(seed: int, pdf: Path, producer: str) -> bool:
    record = pdf.with_suffix(".json")
    if not (pdf.exists() and record.exists()):
        return False
    printed = json.loads(record.read_text(encoding="utf-8"))
    return printed.get("printer") == printer_fingerprint(producer) and printed.get("content") == generate(seed)


def print_all(producer: str, seeds: list[int], folder: Path, jobs: int) -> None:
    """Print the documents on `jobs` processes (a producer's own start-up,
    LibreOffice's above all, is paid once per chunk)."""
    folder.mkdir(parents=True, exist_ok=True)
    chunks = [seeds[i::jobs] for i in range(jobs) if seeds[i::jobs]]
    with ProcessPoolExecutor(len(chunks)) as pool:
        list(pool.map(render_chunk, [(producer, chunk, str(folder)) for chunk in chunks]))


def scan_chunk(args: tuple[str, int, list[int], str, str]) -> None:
    producer, dpi, seeds, printed, folder = args
    family = f"{producer}-scan{dpi}"
    for seed in seeds:
        source = Path(printed) / f"{doc_id(seed, producer)}.pdf"
        target = Path(folder) / f"{doc_id(seed, family)}.pdf"
        if not scanned_before(source, target, dpi):
            scan_pdf(source, target, dpi, seed)
            target.with_suffix(".json").write_text(json.dumps(scan_record(source, dpi)), encoding="utf-8")


def scan_record(source: Path, dpi: int) -> dict:
    """What a scan was made from, and by which scanner, so --reuse can tell a stale one."""
    scanner = hashlib.sha256((HERE / "scan.py").read_bytes()).hexdigest()
    return {"source": hashlib.sha256(source.read_bytes()).hexdigest(), "scanner": scanner, "dpi": dpi}


def scanned_before(source: Path, target: Path, dpi: int) -> bool:
    record = target.with_suffix(".json")
    if not (target.exists() and record.exists()):
        return False
    return json.loads(record.read_text(encoding="utf-8")) == scan_record(source, dpi)


def scan_all(producer: str, dpi: int, seeds: list[int], printed: Path, folder: Path, jobs: int) -> None:
    """Scan the printed PDFs of these seeds (those not scanned already) on `jobs` processes."""
    folder.mkdir(parents=True, exist_ok=True)
    chunks = [seeds[i::jobs] for i in range(jobs) if seeds[i::jobs]]
    with ProcessPoolExecutor(len(chunks)) as pool:
        list(pool.map(scan_chunk, [(producer, dpi, chunk, str(printed), str(folder)) for chunk in chunks]))


def read_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def parse(pdfs: Path, out: Path, jobs: int) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "parse",
            str(pdfs),
            "--out",
            str(out),
            "--quiet",
            "--force",
            "--jobs",
            str(jobs),
            # A measure of reading, not of speed: a busy machine must not time a document out.
            "--timeout",
            "3600",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    for line in proc.stderr.splitlines():
        if line.startswith("ERROR"):
            print(f"  {line}")


def print_fresh(producer: str, seeds: list[int], folder: Path, jobs: int) -> None:
    """Print the seeds whose PDF is missing or was printed by other code (the same seed gives the same PDF)."""
    missing = [s for s in seeds if not printed_before(s, folder / f"{doc_id(s, producer)}.pdf", producer)]
    if missing:
        print_all(producer, missing, folder, jobs)


def register_family(spec: dict) -> tuple[str, dict]:
    """The document's register family (assessment.py) and its risk table block."""
    for block in spec["blocks"]:
        if block["type"] == "table" and block["kind"] == "risk":
            return block["assessment"]["family"], block
    return "none", {}


def run_producer(
    family: str, seeds: list[int], out: Path, jobs: int, reuse: bool = False
) -> tuple[dict[str, Tally], Checklist | None, Breakdown]:
    producer, dpi = family_parts(family)
    base = out / family
    printed = out / producer / "pdf"
    if dpi is not None:
        # A scanned family scans its producer's PDFs, printed afresh only when stale.
        print_fresh(producer, seeds, printed, jobs)
        if not reuse:
            shutil.rmtree(base, ignore_errors=True)
        scan_all(producer, dpi, seeds, printed, base / "pdf", jobs)
    elif reuse:
        print_fresh(producer, seeds, base / "pdf", jobs)
    else:
        shutil.rmtree(base, ignore_errors=True)
        print_all(producer, seeds, base / "pdf", jobs)
    for stale in (base / "pdf").glob("*.pdf"):
        if int(stale.stem[2:7]) not in seeds:
            stale.unlink()
            stale.with_suffix(".json").unlink(missing_ok=True)
    parse(base / "pdf", base / "parsed", jobs)
    got = {t: read_rows(base / "parsed" / "csv" / f"{t}.csv") for t in [*TABLES, "extra"]}
    notes = read_rows(base / "parsed" / "quality.csv")
    totals = {t: Tally() for t in [*TABLES, "extra", "old"]}
    checklist = Checklist() if dpi is not None else None
    breakdown = Breakdown()
    for seed in seeds:
        name = doc_id(seed, family)
        pdf = base / "pdf" / f"{name}.pdf"
        source = printed / f"{doc_id(seed, producer)}.pdf" if dpi is not None else None
        spec = generate(seed)
        expected = expected_rows(spec, name, pdf, source)
        write_expected(base / "gold" / name, expected)
        mine = {t: [r for r in got[t] if r["doc_id"] == name] for t in got}
        doc, old = Tally(), Tally()
        for table in TABLES:
            tally = score_table(table, name, expected[table], mine[table])
            totals[table].add(tally)
            doc.add(tally)
            kept = [c for c in expected[table][0] if c not in NEW_COLUMNS.get(table, ())] if expected[table] else None
            old.add(score_table(table, name, expected[table], mine[table], kept) if table in NEW_COLUMNS else tally)
        totals["old"].add(old)
        extra = score_extra(name, expected["extra"], mine["extra"])
        totals["extra"].add(extra)
        doc.add(extra)
        risks = [{"row": i, "risk": r["risk"]} for i, r in enumerate(expected["risks"], start=1)]
        doc_notes = [n for n in notes if n.get("doc_id") == name]
        map_notes = score_notes(name, expected_notes(spec), risks, doc_notes)
        kind, block = register_family(spec)
        new = {c: score_table("risks", name, expected["risks"], mine["risks"], [c]) for c in NEW_COLUMNS["risks"]}
        if not expected["risks"]:
            new = {}
        old_risks = score_table("risks", name, expected["risks"], mine["risks"], kept_risk_columns(expected))
        sources = {c: cell_source(block, c) for c in NEW_COLUMNS["risks"]}
        breakdown.add_doc(kind, old_risks, new, extra, map_notes, sources)
        if checklist is not None:  # the measure as before schema 1.3: its old columns
            checklist.add(check(name, old.wrong, doc_notes, source))
        if not doc.perfect or map_notes.diffs:
            doc.diffs += map_notes.diffs
            keep_failure(out / "failures" / family / name, pdf, base / "gold" / name, doc, spec)
    return totals, checklist, breakdown


def kept_risk_columns(expected: dict) -> list[str] | None:
    if not expected["risks"]:
        return None
    return [c for c in expected["risks"][0] if c not in NEW_COLUMNS["risks"]]


def keep_failure(folder: Path, pdf: Path, gold: Path, tally: Tally, spec: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, folder / pdf.name)
    shutil.copytree(gold, folder / "expected", dirs_exist_ok=True)
    (folder / "diff.txt").write_text("\n".join(tally.diffs) + "\n", encoding="utf-8")
    (folder / "content.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")


def write_sample(seeds: list[int], producers: list[str], folder: Path) -> None:
    """The fixed sample `make test` parses: each seed printed by each producer,
    its PDF under folder/pdf and its expected rows under folder/expected."""
    for producer in producers:
        print_all(producer, seeds, folder / "pdf", 1)
        for seed in seeds:
            pdf = folder / "pdf" / f"{doc_id(seed, producer)}.pdf"
            pdf.with_suffix(".json").unlink(missing_ok=True)
            write_expected(folder / "expected" / pdf.stem, expected_rows(generate(seed), pdf.stem, pdf))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="documents per producer")
    parser.add_argument("--producers", default=",".join(PRODUCERS), help="producers or scanned families (docx-scan200)")
    parser.add_argument("--scan", metavar="DPIS", help="run each producer's scanned families at these dpi (200,300)")
    parser.add_argument("--seed", type=int, default=1, help="first seed")
    parser.add_argument("--out", type=Path, default=REPO / ".roundtrip")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep PDFs already printed in --out (for debugging)")
    parser.add_argument("--sample", metavar="SEEDS", help="write these seeds' PDFs and expected rows to --out")
    args = parser.parse_args(argv)
    producers = [p for p in args.producers.split(",") if p]
    if args.scan:
        producers = [f"{p}-scan{d.strip()}" for p in producers for d in args.scan.split(",") if d.strip()]
    unknown = [p for p in producers if not known_family(p)]
    if unknown:
        families = ", ".join([*PRODUCERS, *(f"{p}-scan{d}" for p in PRODUCERS for d in DPIS)])
        parser.error(f"unknown producer {unknown[0]!r}: choose from {families}")
    for producer in producers:
        lacking = missing(family_parts(producer)[0])
        if lacking:
            print(
                f"roundtrip: producer {producer} needs {lacking}: run `sh scripts/system-packages.sh roundtrip`",
                file=sys.stderr,
            )
            return 2
    if args.sample:
        if any(family_parts(p)[1] for p in producers):
            parser.error("--sample prints producers' PDFs, not scans")
        write_sample([int(x) for x in args.sample.split(",")], producers, args.out)
        return 0
    shutil.rmtree(args.out / "failures", ignore_errors=True)
    seeds = list(range(args.seed, args.seed + args.n))
    overall = Tally()
    for producer in producers:
        totals, checklist, breakdown = run_producer(producer, seeds, args.out, args.jobs, args.reuse)
        whole = Tally()
        for table in [*TABLES, "extra"]:
            whole.add(totals[table])
        overall.add(whole)
        print(f"{producer:15s} {whole.line()}")
        for table in [*TABLES, "extra"]:
            if totals[table].rows:
                print(f"  {table:10s} {totals[table].line()}")
        print(f"  old cols   {totals['old'].line()} (the columns before schema 1.3, no extra)")
        if checklist is not None:
            print(f"  checklist  {checklist.line()}")
            unlisted = args.out / "failures" / producer / "unlisted.txt"
            unlisted.parent.mkdir(parents=True, exist_ok=True)
            unlisted.write_text("".join(f"{line}\n" for line in checklist.unlisted), encoding="utf-8")
        for line in breakdown.lines():
            print(line)
    print(f"roundtrip: {overall.line()} (n={args.n} per producer, seeds {seeds[0]}..{seeds[-1]})")
    if overall.diffs:
        print(f"failing cases: {args.out / 'failures'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
