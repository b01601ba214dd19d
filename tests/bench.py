"""Benchmark: the pipeline against PyMuPDF reading the same pages, its cost on
a long document, seconds and peak memory per document and per stage, and the
extraction backends compared (PyMuPDF, which the pipeline uses, against
pdfplumber/pdfminer). Not a test: timings are measured here, never asserted.

    make bench                               # all of it (minutes: it OCRs the scanned twins)
    python tests/bench.py --only ratio       # or linearity, stages, or scans
    python tests/bench.py --only scans --before ../ocr-before   # CPU per scanned page, this tree and another
    python tests/bench.py --only scans --scans-of raw_docs/moc-112-plan-scanned.pdf   # fewer pages
    python tests/bench.py --no-scans         # all but the OCR of the scanned twins
    python tests/bench.py --only stages --stages-of some/other/*.pdf

The ratio is the whole command line, `python -m pipeline parse FILES --out
<fresh folder> --force --jobs 1`, against a script that opens the same files
and reads every page's words and drawings (`get_text("words")`,
`get_drawings()`); both are fresh processes, so both pay Python's start-up and
their imports. The machine may be shared: the two run interleaved, round after
round, and what is reported is the median of the rounds' ratios (wall clock),
with the ratio of CPU seconds beside it, which other people's work disturbs
less. Nothing is cached between rounds: every pipeline run writes to a new
folder, with --force, and PIPELINE_OCR_CACHE unset.
"""

from __future__ import annotations

import argparse
import compileall
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pdfplumber
import pymupdf

from pipeline.extract import OCR_CACHE, page_glyphs, page_segments
from pipeline.model import Job
from pipeline.stages import STAGES, Work

REPO = Path(__file__).resolve().parent.parent
DEV_EVAL = REPO.parent / "shared" / "dev-eval" / "pdf"
READING = """
import sys
import pymupdf
for name in sys.argv[1:]:
    with pymupdf.open(name) as doc:
        for page in doc:
            page.get_text("words")
            page.get_drawings()
"""
LONG_SIZES = (150, 300, 450)


# --- one command, measured -------------------------------------------------


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and every process it waited for
    peak_mb: float  # largest resident set of any of them


# Runs one command and reports its wall clock, and from wait4() its CPU time
# and peak memory, which count the workers it waited for. A process started
# from this one would inherit its peak memory (Linux keeps the largest
# resident set across exec), and this one holds pandas and whole PDFs: the
# command is started from this small launcher instead.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    err = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.dup2(err, 2)
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def measured(cmd: list[str], repo: Path = REPO) -> Run:
    """Run `cmd` from the repository (or another checkout's, whose pipeline
    package `python -m pipeline` then finds first) through LAUNCHER."""
    with tempfile.NamedTemporaryFile(suffix=".stderr") as err:
        report = subprocess.run(
            [sys.executable, "-S", "-c", LAUNCHER, err.name, *cmd],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        )
        wall, cpu, peak_kb, code = report.stdout.split()
        if int(code) != 0:
            raise RuntimeError(f"{' '.join(cmd[:4])}... failed:\n{Path(err.name).read_text(errors='replace')[-2000:]}")
    return Run(float(wall), float(cpu), int(peak_kb) / 1024)


def pipeline_run(files: list[Path], repo: Path = REPO) -> Run:
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "pipeline", "parse", *map(str, files), "--out", out, "--force", "--jobs", "1"]
        return measured([*cmd, "--quiet"], repo)


def reading_run(files: list[Path]) -> Run:
    return measured([sys.executable, "-c", READING, *map(str, files)])


def page_count(files: list[Path]) -> int:
    total = 0
    for path in files:
        with pymupdf.open(path) as doc:
            total += doc.page_count
    return total


# --- pipeline against reading ----------------------------------------------


def ratio_row(name: str, files: list[Path], rounds: int) -> dict:
    """Pipeline and reading interleaved, `rounds` times (which goes first
    alternates), medians reported."""
    pipes: list[Run] = []
    reads: list[Run] = []
    for index in range(rounds):
        if index % 2:
            reads.append(reading_run(files))
            pipes.append(pipeline_run(files))
        else:
            pipes.append(pipeline_run(files))
            reads.append(reading_run(files))
    pages = page_count(files)
    pipe_wall = statistics.median(r.wall for r in pipes)
    return {
        "files": name,
        "pdfs": len(files),
        "pages": pages,
        "pipeline_s": pipe_wall,
        "reading_s": statistics.median(r.wall for r in reads),
        "ratio": statistics.median(p.wall / r.wall for p, r in zip(pipes, reads)),
        "cpu_ratio": statistics.median(p.cpu / r.cpu for p, r in zip(pipes, reads)),
        "pages_per_s": pages / pipe_wall,
        "peak_MB": max(r.peak_mb for r in pipes),
    }


def file_sets() -> list[tuple[str, list[Path]]]:
    fixtures = sorted(p for p in (REPO / "raw_docs").glob("*.pdf") if not p.stem.endswith("-scanned"))
    sets = [("text-layer fixtures", fixtures)]
    if DEV_EVAL.is_dir():
        dev = sorted(DEV_EVAL.glob("*.pdf"))
        sets += [("dev-eval", dev), ("both", fixtures + dev)]
    return sets


def ratio_table(rounds: int) -> None:
    rows = [ratio_row(name, files, rounds) for name, files in file_sets()]
    table = pd.DataFrame(rows).set_index("files")
    print(f"Pipeline (whole CLI, --jobs 1) against PyMuPDF reading words + drawings, median of {rounds} rounds:")
    print(table.round(2).to_string())
    print()


# --- cost against pages ------------------------------------------------------


def long_document(pages: int, folder: Path) -> Path:
    """The text-layer fixtures one after another, as many times as it takes,
    cut at `pages`."""
    fixtures = sorted(p for p in (REPO / "raw_docs").glob("*.pdf") if not p.stem.endswith("-scanned"))
    out = pymupdf.open()
    while out.page_count < pages:
        for path in fixtures:
            with pymupdf.open(path) as doc:
                out.insert_pdf(doc, to_page=min(doc.page_count, pages - out.page_count) - 1)
            if out.page_count >= pages:
                break
    target = folder / f"long-{pages}.pdf"
    # garbage=4 merges the fonts every insertion copied again: one document
    # embeds a font once, and 15 copies of each CJK font would cost MuPDF
    # (and any reader) about 0.45 MB a page, 200 MB at 450 pages.
    out.save(target, garbage=4, deflate=True)
    return target


def linearity_table(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docs = [long_document(n, Path(tmp)) for n in LONG_SIZES]
        pipes: dict[Path, list[Run]] = {d: [] for d in docs}
        reads: dict[Path, list[Run]] = {d: [] for d in docs}
        for _ in range(rounds):  # sizes and the reading interleaved, so drifting load hits all alike
            for doc in docs:
                pipes[doc].append(pipeline_run([doc]))
                reads[doc].append(reading_run([doc]))
        rows = []
        for pages, doc in zip(LONG_SIZES, docs):
            cpu = statistics.median(r.cpu for r in pipes[doc])
            rows.append(
                {
                    "pages": pages,
                    "wall_s": statistics.median(r.wall for r in pipes[doc]),
                    "cpu_s": cpu,
                    "ms_per_page": 1000 * cpu / pages,
                    "reading_cpu_s": statistics.median(r.cpu for r in reads[doc]),
                    "peak_MB": max(r.peak_mb for r in pipes[doc]),
                }
            )
    table = pd.DataFrame(rows).set_index("pages")
    # Linear: every page added costs the same. Differences leave out what a
    # run pays once (start-up, imports), which is most of the ratio on the
    # 29 pages of the fixtures.
    first, last = rows[0], rows[-1]
    steps = [
        f"{1000 * (b['cpu_s'] - a['cpu_s']) / (b['pages'] - a['pages']):.1f} ms from {a['pages']} to {b['pages']}"
        for a, b in zip(rows, rows[1:])
    ]
    marginal = (last["cpu_s"] - first["cpu_s"]) / (last["reading_cpu_s"] - first["reading_cpu_s"])
    print(f"One document of the text-layer fixtures concatenated (whole CLI, --jobs 1), median of {rounds}:")
    print(table.round(3).to_string())
    print(
        f"CPU per added page: {', '.join(steps)} (equal = linear); an added page costs {marginal:.2f}x "
        f"what reading it does; peak memory at {last['pages']} pages {last['peak_MB']:.0f} MB\n"
    )


# --- per document and stage ---------------------------------------------------


def stage_times(path: Path, queue) -> None:
    work = Work(Job(path, path.stem, str(path)))
    row = {"doc": path.stem}
    for name, stage in STAGES:
        start = time.perf_counter()
        work = stage(work)
        row[f"{name}_s"] = time.perf_counter() - start
    row["pages"] = len(work.raw.pages)
    row["ocr_pages"] = sum(p.ocr for p in work.raw.pages)
    row["peak_MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(row)


def in_child(path: Path) -> dict:
    """Each document in a fresh process, so peak memory is its own."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=stage_times, args=(path, queue))
    proc.start()
    row = queue.get()
    proc.join()
    return row


def backend_times(path: Path) -> dict:
    """The text-layer reading alone (no OCR), by both libraries."""
    start = time.perf_counter()
    with pymupdf.open(path) as doc:
        for page in doc:
            page_glyphs(page), page_segments(page)
    mupdf = time.perf_counter() - start
    start = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            _ = page.chars, page.edges
    plumber = time.perf_counter() - start
    return {"doc": path.stem, "pymupdf_s": mupdf, "pdfplumber_s": plumber, "ratio": plumber / mupdf}


def pages_side_by_side(path: Path, jobs: int) -> float:
    """Wall seconds for the whole CLI on one document: with --jobs 2 its
    scanned pages are read on the slot no other document uses."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        cmd = [sys.executable, "-m", "pipeline", "parse", str(path), "--out", out, "--quiet", "--jobs", str(jobs)]
        subprocess.run(cmd, cwd=REPO, check=True, capture_output=True)
        return time.perf_counter() - start


def stage_tables(paths: list[Path], scans: bool) -> None:
    stages = pd.DataFrame([in_child(p) for p in paths]).set_index("doc")
    stages["total_s"] = stages[[c for c in stages if c.endswith("_s")]].sum(axis=1)
    stages["s_per_page"] = stages["total_s"] / stages["pages"]
    print("Per document and stage (one process each):")
    print(stages.round(3).to_string())
    backends = pd.DataFrame([backend_times(p) for p in paths if stages.loc[p.stem, "ocr_pages"] == 0]).set_index("doc")
    print("\nText-layer extraction backends (glyphs + rulings), documents without OCR:")
    print(backends.round(3).to_string())
    print(
        f"\ntotal {stages['total_s'].sum():.2f} s for {int(stages['pages'].sum())} pages; "
        f"pdfplumber/PyMuPDF extraction time ratio {backends['pdfplumber_s'].sum() / backends['pymupdf_s'].sum():.1f}x"
    )
    scanned = [p for p in paths if stages.loc[p.stem, "ocr_pages"] > 1]
    if scans and scanned:
        biggest = max(scanned, key=lambda p: stages.loc[p.stem, "ocr_pages"])
        one, two = pages_side_by_side(biggest, 1), pages_side_by_side(biggest, 2)
        pages = int(stages.loc[biggest.stem, "ocr_pages"])
        print(
            f"{biggest.name}, {pages} scanned pages, whole CLI: --jobs 1 {one:.1f} s "
            f"({one / pages:.2f} s/page), --jobs 2 {two:.1f} s ({two / pages:.2f} s/page), {one / two:.2f}x"
        )


# --- CPU per scanned page ------------------------------------------------------


def scanned_table(rounds: int, before: Path | None, files: list[Path] | None = None) -> None:
    """CPU seconds per scanned page: the whole command line on the scanned
    twins, --jobs 1, every page of which is OCR'd. With `before` (another
    checkout, say `git worktree add ../ocr-before main`), its pipeline on the
    same files in the same rounds, interleaved, run by this venv's Python."""
    files = [p.resolve() for p in files] if files else sorted((REPO / "raw_docs").glob("*-scanned.pdf"))
    pages = page_count(files)
    trees = {"this tree": REPO, **({f"before ({before})": before.resolve()} if before else {})}
    runs: dict[str, list[Run]] = {name: [] for name in trees}
    for index in range(rounds):
        order = list(trees.items())
        for name, repo in order[::-1] if index % 2 else order:
            runs[name].append(pipeline_run(files, repo))
    rows = [
        {
            "tree": name,
            "scanned_pages": pages,
            "cpu_s": statistics.median(r.cpu for r in done),
            "cpu_s_per_page": statistics.median(r.cpu for r in done) / pages,
            "wall_s_per_page": statistics.median(r.wall for r in done) / pages,
        }
        for name, done in runs.items()
    ]
    names = ", ".join(p.stem for p in files)
    print(f"CPU per scanned page ({names}; whole CLI, --jobs 1, median of {rounds}):")
    print(pd.DataFrame(rows).set_index("tree").round(2).to_string())
    if before:
        print(f"this tree / before: {rows[0]['cpu_s'] / rows[1]['cpu_s']:.2f}x CPU")
    print()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["ratio", "linearity", "stages", "scans"], help="one part of the benchmark")
    parser.add_argument("--rounds", type=int, default=3, help="rounds whose median is reported (default 3)")
    parser.add_argument("--no-scans", action="store_true", help="leave out the scanned twins (minutes of OCR)")
    parser.add_argument("--before", type=Path, metavar="DIR", help="another checkout, measured beside this one (scans)")
    parser.add_argument("--scans-of", nargs="+", type=Path, metavar="PDF", help="scanned PDFs for the scans table")
    parser.add_argument("--stages-of", nargs="+", type=Path, metavar="PDF", help="documents for the stage table")
    args = parser.parse_args(argv)
    os.environ.pop(OCR_CACHE, None)  # every run, and every stage timed, does its own OCR
    # As every make target that runs the pipeline does (Makefile, COMPILE): the
    # runs measured read its compiled modules, not compile them from source.
    compileall.compile_dir(REPO / "pipeline", quiet=1)
    pd.set_option("display.width", 160)
    if args.only in (None, "ratio"):
        ratio_table(args.rounds)
    if args.only in (None, "linearity"):
        linearity_table(args.rounds)
    if args.only in (None, "scans") and not args.no_scans:
        scanned_table(1 if args.only is None else args.rounds, args.before, args.scans_of)
    if args.only in (None, "stages"):
        paths = args.stages_of or sorted((REPO / "raw_docs").glob("*.pdf"))
        if args.no_scans:
            paths = [p for p in paths if not p.stem.endswith("-scanned")]
        stage_tables(paths, scans=not args.no_scans)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
