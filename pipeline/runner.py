"""Runner: input paths in, one outcome per document out, documents parsed in
worker processes, one at a time each, under a time and a memory limit per
document; a worker that fails a document is replaced, so a PDF that hangs or
blows up the parser costs that document only.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import multiprocessing
import os
import resource
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from . import parallel
from .emit import InvalidDocument, compiled_validator, document_to_json, validate
from .extract import DocumentError
from .model import Job
from .stages import parse_document


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


def address_space_bytes() -> int:
    """This process's virtual size now (Linux), else 0."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def _worker(conn: Connection, memory_mb: int, spare, parent: int | None = None) -> None:
    """Runs in a worker: parses the jobs it is sent, one at a time, answering
    each with ("ok", document, timings) or ("error", reason, ()), until sent
    None. It stops after an error too: the next document gets a fresh worker,
    whatever state a failure may have left behind."""
    parallel.die_with_parent(parent)
    parallel.offer(spare)
    # A parse allocates hundreds of thousands of small objects that form no
    # cycles (glyphs, segments, tuples); at the default thresholds the cycle
    # collector ran over them thousands of times, about a tenth of the parse
    # on the fixtures. Cycles are still collected, just less often.
    gc.set_threshold(GC_THRESHOLD, 20, 20)
    try:
        while (job := conn.recv()) is not None:
            answer = parse_job(job, memory_mb)
            conn.send(answer)
            if answer[0] != "ok":
                break
    except EOFError:
        pass  # the run is over, or gone
    finally:
        conn.close()


def parse_job(job: Job, memory_mb: int) -> tuple[str, object, tuple]:
    """One document, under the memory limit: ("ok", document, timings) or ("error", reason, ())."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if memory_mb > 0:
        # The limit is what the document may add to the worker as it is, so
        # it means the same whatever the libraries themselves occupy.
        resource.setrlimit(resource.RLIMIT_AS, (address_space_bytes() + memory_mb * 1024 * 1024, hard))
    try:
        doc = parse_document(job.path, job.doc_id, job.source_file, job.overrides)
        document = document_to_json(doc)
        validate(document)  # here, so a document that fails is this document's error
        return ("ok", document, doc.timings)
    except InvalidDocument as exc:
        return ("error", f"the result does not follow the schema, a bug to report ({exc})", ())
    except MemoryError:
        return ("error", f"ran out of memory (limit {memory_mb} MB; raise it with --max-memory)", ())
    except DocumentError as exc:
        return ("error", str(exc), ())
    except RecursionError:
        return ("error", "document structure too deeply nested to parse", ())
    except Exception as exc:  # a parser bug on odd input must not stop the run
        return ("error", f"internal error while parsing ({type(exc).__name__}: {exc})", ())
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))  # room to send the answer


@dataclass
class Worker:
    """A worker process, and the job it is parsing (None: idle)."""

    proc: multiprocessing.Process
    conn: Connection
    job: Job | None = None
    start: float = 0.0

    def give(self, job: Job) -> None:
        self.conn.send(job)
        self.job, self.start = job, time.monotonic()

    def stop(self) -> None:
        """Tell an idle worker to end (it does once it reads None)."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.conn.close()


def run_jobs(jobs: list[Job], workers: int, timeout: float, memory_mb: int, on_done=None) -> list[Outcome]:
    """Parse every job, `workers` at a time; outcomes in job order. Largest
    files start first (scans are the slow ones), and once no document is left
    to start, each free slot is offered to the running ones for their pages
    (pipeline.parallel).

    A worker parses one document after another: forking one for each cost a
    document about 20 ms (the fork, the memory it copies, caches and compiled
    patterns warmed again). One that fails a document, hangs past the
    timeout or crashes is replaced, so that document alone fails."""
    ctx = multiprocessing.get_context("fork")
    workers = max(1, workers)
    compiled_validator()  # once, before forking: every worker inherits it, none pays for it
    pending = sorted(jobs, key=file_size, reverse=True)
    busy: dict[Connection, Worker] = {}
    ended: list[Worker] = []  # told to stop or failed, to be joined
    outcomes: dict[str, Outcome] = {}
    spare = ctx.Semaphore(0)
    offered = False
    # Workers are forked: what they inherit should stay shared. A collection
    # in a worker would write to every object it inherited, copying the
    # pages they are on; frozen, the collector leaves them alone.
    gc.freeze()

    def give(worker: Worker | None) -> None:
        """The next pending job to `worker`, or to a new one (None)."""
        if worker is None:
            parent, child = ctx.Pipe()
            # not a daemon: its pages may be read by helper processes of its own
            proc = ctx.Process(target=_worker, args=(child, memory_mb, spare, os.getpid()))
            proc.start()
            child.close()
            worker = Worker(proc, parent)
        worker.give(pending.pop(0))
        busy[worker.conn] = worker

    def answer(conn: Connection) -> Outcome:
        worker = busy.pop(conn)
        try:
            status, payload, timings = conn.recv()
        except (EOFError, OSError):
            status, payload, timings = "error", crash_reason(worker.proc), ()
        job, elapsed = worker.job, time.monotonic() - worker.start
        if status == "ok" and pending:
            give(worker)  # its next document starts before this one is written
        else:
            worker.stop()  # after an error it has stopped already
            ended.append(worker)
        if status == "ok":
            return Outcome(job, payload, "", elapsed, tuple(timings))
        return Outcome(job, None, payload, elapsed)

    def finish(outcome: Outcome) -> None:
        outcomes[outcome.job.doc_id] = outcome
        if offered:
            spare.release()  # the finished document's slot
        if on_done:
            on_done(outcome)

    try:
        while pending or busy:
            while pending and len(busy) < workers:
                give(None)
            if not pending and not offered:
                offered = True
                for _ in range(workers - len(busy)):
                    spare.release()
            answered = [answer(conn) for conn in wait(list(busy), timeout=0.2)]
            while pending and len(busy) < workers:  # replacements start before the writing too
                give(None)
            for outcome in answered:
                finish(outcome)
            while ended:
                ended.pop().proc.join(5)
            now = time.monotonic()
            for conn, worker in list(busy.items()):
                if now - worker.start > timeout:
                    worker.proc.kill()
                    worker.proc.join()
                    del busy[conn]
                    conn.close()
                    finish(Outcome(worker.job, None, timeout_reason(timeout), now - worker.start))
    finally:
        gc.unfreeze()
        for worker in busy.values():  # interrupted: no worker left behind
            worker.proc.kill()
    return [outcomes[j.doc_id] for j in jobs]


def timeout_reason(timeout: float) -> str:
    return f"gave up after {timeout:.0f} s (raise the limit with --timeout)"


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
