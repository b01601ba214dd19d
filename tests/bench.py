"""Benchmark: seconds and peak memory per document and per stage, and the
extraction backends compared (PyMuPDF, which the pipeline uses, against
pdfplumber/pdfminer). Not a test: timings are measured here, never asserted.

    make bench            # raw_docs/*.pdf
    python tests/bench.py some/other/*.pdf
"""

from __future__ import annotations

import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pdfplumber
import pymupdf

from pipeline.extract import page_glyphs, page_segments
from pipeline.model import Job
from pipeline.stages import STAGES, Work

REPO = Path(__file__).resolve().parent.parent


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


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((REPO / "raw_docs").glob("*.pdf"))
    pd.set_option("display.width", 160)
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
    if scanned:
        biggest = max(scanned, key=lambda p: stages.loc[p.stem, "ocr_pages"])
        one, two = pages_side_by_side(biggest, 1), pages_side_by_side(biggest, 2)
        pages = int(stages.loc[biggest.stem, "ocr_pages"])
        print(
            f"{biggest.name}, {pages} scanned pages, whole CLI: --jobs 1 {one:.1f} s "
            f"({one / pages:.2f} s/page), --jobs 2 {two:.1f} s ({two / pages:.2f} s/page), {one / two:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
