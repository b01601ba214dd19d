"""Runner: input paths in, one outcome per document out, each document parsed
in its own worker process under a time and a memory limit, so a PDF that
hangs or blows up the parser costs that document only.
"""

from __future__ import annotations

import csv
import functools
import gc
import hashlib
import multiprocessing
import os
import resource
import time
from dataclasses import dataclass
from importlib import metadata
from multiprocessing.connection import Connection, wait
from pathlib import Path

from . import parallel
from .emit import InvalidDocument, compiled_validator, document_to_json, validate
from .extract import DocumentError
from .model import Job
from .stages import parse_document

PIPELINE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Outcome:
    job: Job
    document: dict | None  # the JSON document when parsed
    error: str = ""
    seconds: float = 0.0
    timings: tuple[tuple[str, float], ...] = ()


def collect_jobs(inputs: list[str]) -> tuple[list[Job], list[str]]:
    """PDF files and folders of PDFs -> jobs, sorted by doc_id; plus errors for
    inputs that do not exist or repeat a doc_id."""
    jobs: dict[str, Job] = {}
    errors: list[str] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            manifest = read_manifest(path / "manifest.csv")
            files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
            found = [(p, str(Path(given) / p.name), manifest.get(p.name, {})) for p in files]
        elif path.is_file():
            found = [(path, given, read_manifest(path.parent / "manifest.csv").get(path.name, {}))]
        else:
            errors.append(f"ERROR {given}: no such file or folder")
            continue
        for p, source, overrides in found:
            if p.stem in jobs:
                errors.append(f"ERROR {source}: doc_id {p.stem!r} already taken by {jobs[p.stem].source_file}")
                continue
            problem = manifest_problem(overrides)
            if problem:
                errors.append(f"ERROR {source}: manifest.csv {problem}")
                continue
            jobs[p.stem] = Job(p, p.stem, source, overrides)
    return [jobs[k] for k in sorted(jobs)], errors


KINDS = ("annual_plan", "risk_register")


def manifest_problem(overrides: dict[str, str]) -> str:
    """What is wrong with a document's manifest.csv row, in words, or ''."""
    kind, year = overrides.get("kind", ""), overrides.get("year_roc", "")
    if kind and kind not in KINDS:
        return f"kind {kind!r} is neither annual_plan nor risk_register: fix its row"
    if year and not (year.isdigit() and 1 <= int(year) <= 300):
        return f"year_roc {year!r} is not a year of the Republic of China calendar (108, not 2019): fix its row"
    return ""


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    """raw_docs/manifest.csv: file,agency,year_roc,kind,source_url (all optional but file)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {
            row["file"]: {k: v for k, v in row.items() if k != "file" and v}
            for row in csv.DictReader(fh)
            if row.get("file")
        }


GC_THRESHOLD = 50_000  # allocations between young-generation collections in a worker (Python's default: 700)
READING_LIBRARIES = ("pymupdf", "pdfplumber", "opencc", "rapidfuzz", "tesserocr", "opencv-python-headless", "jieba")


@functools.cache
def code_fingerprint() -> str:
    """Changes whenever the pipeline's code or schema, or a library that reads
    the PDFs, changes: the cache key's version part. Computed once a run
    (about 3 ms: every module read and hashed, six package versions looked
    up), not twice per document."""
    digest = hashlib.sha256()
    for p in sorted(PIPELINE_DIR.rglob("*.py")) + sorted((PIPELINE_DIR.parent / "schemas").glob("*.json")):
        digest.update(str(p.relative_to(PIPELINE_DIR.parent)).encode() + p.read_bytes())
    for name in READING_LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()[:16]


def address_space_bytes() -> int:
    """This process's virtual size now (Linux), else 0."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def _child(job: Job, conn: Connection, memory_mb: int, spare, parent: int | None = None) -> None:
    """Runs in the worker: parse, then send ("ok", document, timings) or ("error", reason, ())."""
    parallel.die_with_parent(parent)
    parallel.offer(spare)
    # A parse allocates hundreds of thousands of small objects that form no
    # cycles (glyphs, segments, tuples); at the default thresholds the cycle
    # collector ran over them thousands of times, about a tenth of the parse
    # on the fixtures. Cycles are still collected, just less often.
    gc.set_threshold(GC_THRESHOLD, 20, 20)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if memory_mb > 0:
        # The limit is what the document may add to the worker as forked, so
        # it means the same whatever the libraries themselves occupy.
        resource.setrlimit(resource.RLIMIT_AS, (address_space_bytes() + memory_mb * 1024 * 1024, hard))
    try:
        try:
            doc = parse_document(job.path, job.doc_id, job.source_file, job.overrides)
            document = document_to_json(doc)
            validate(document)  # here, so a document that fails is this document's error
            answer = ("ok", document, doc.timings)
        except InvalidDocument as exc:
            answer = ("error", f"the result does not follow the schema, a bug to report ({exc})", ())
        except MemoryError:
            answer = ("error", f"ran out of memory (limit {memory_mb} MB; raise it with --max-memory)", ())
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))  # room to send the answer
        conn.send(answer)
    except DocumentError as exc:
        conn.send(("error", str(exc), ()))
    except RecursionError:
        conn.send(("error", "document structure too deeply nested to parse", ()))
    except Exception as exc:  # a parser bug on odd input must not stop the run
        conn.send(("error", f"internal error while parsing ({type(exc).__name__}: {exc})", ()))
    finally:
        conn.close()


def run_jobs(jobs: list[Job], workers: int, timeout: float, memory_mb: int, on_done=None) -> list[Outcome]:
    """Parse every job, `workers` at a time; outcomes in job order. Largest
    files start first (scans are the slow ones), and once no document is left
    to start, each free slot is offered to the running ones for their pages
    (pipeline.parallel)."""
    ctx = multiprocessing.get_context("fork")
    workers = max(1, workers)
    compiled_validator()  # once, before forking: every worker inherits it, none pays for it
    pending = sorted(jobs, key=file_size, reverse=True)
    running: dict[Connection, tuple[Job, multiprocessing.Process, float]] = {}
    outcomes: dict[str, Outcome] = {}
    spare = ctx.Semaphore(0)
    offered = False
    # Workers are forked: what they inherit should stay shared. A collection
    # in a worker would write to every object it inherited, copying the
    # pages they are on; frozen, the collector leaves them alone.
    gc.freeze()

    def finish(outcome: Outcome) -> None:
        outcomes[outcome.job.doc_id] = outcome
        if offered:
            spare.release()  # the finished document's slot
        if on_done:
            on_done(outcome)

    def start_workers() -> None:
        while pending and len(running) < workers:
            job = pending.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            # not a daemon: its pages may be read by helper processes of its own
            proc = ctx.Process(target=_child, args=(job, child, memory_mb, spare, os.getpid()))
            proc.start()
            child.close()
            running[parent] = (job, proc, time.monotonic())

    try:
        while pending or running:
            start_workers()
            if not pending and not offered:
                offered = True
                for _ in range(workers - len(running)):
                    spare.release()
            ready = wait(list(running), timeout=0.2)
            answered = []
            for conn in ready:
                job, proc, start = running.pop(conn)
                try:
                    status, payload, timings = conn.recv()
                except (EOFError, OSError):
                    status, payload, timings = "error", crash_reason(proc), ()
                elapsed = time.monotonic() - start
                if status == "ok":
                    answered.append((proc, Outcome(job, payload, "", elapsed, tuple(timings))))
                else:
                    answered.append((proc, Outcome(job, None, payload, elapsed)))
            # The next documents start before the answered ones are joined
            # and written: a worker's exit and the writing (validation,
            # fsync) then overlap with parsing instead of adding to it.
            start_workers()
            for proc, outcome in answered:
                proc.join(5)
                finish(outcome)
            now = time.monotonic()
            for conn, (job, proc, start) in list(running.items()):
                if now - start > timeout:
                    proc.kill()
                    proc.join()
                    del running[conn]
                    reason = f"gave up after {timeout:.0f} s (raise the limit with --timeout)"
                    finish(Outcome(job, None, reason, now - start))
    finally:
        gc.unfreeze()
        for _job, proc, _start in running.values():  # interrupted: no worker left behind
            proc.kill()
    return [outcomes[j.doc_id] for j in jobs]


def file_size(job: Job) -> int:
    try:
        return job.path.stat().st_size
    except OSError:
        return 0


def crash_reason(proc: multiprocessing.Process) -> str:
    proc.join(5)
    code = proc.exitcode
    if code is not None and code < 0:
        return f"the parser crashed (signal {-code}); the memory limit may be too low (--max-memory)"
    return f"the parser stopped without an answer (exit code {code})"
