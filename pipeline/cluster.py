"""Cluster: a run's documents, and the scanned pages of each, as tasks on a
Dask cluster (`parse --cluster local:N` or `--cluster tcp://HOST:PORT`).

In: an address, then the run's jobs (runner.collect_jobs), its --timeout and
--max-memory and cli's on_done. Out: one runner.Outcome per job, in job
order, each handed to on_done as its task finishes; exactly what
runner.run_jobs gives, so cli writes the same files, cache and messages.

What runs where:
- A document is a task. On its worker it is parsed by runner.parse_job, as
  a local run parses it, in a helper process the worker started
  (pipeline.helpers), under the run's time and memory limits: a hang or a
  blow-up kills the helper, never the Dask worker. A helper parses one task
  after another (warm, as a local run's workers), and is replaced after a
  failure.
- A document with two or more scanned pages has them read as tasks of their
  own, which the client submits just before the document's task, whose
  inputs they are: each OCR'd in a helper under the same time and memory
  limits, side by side on free workers; the document's helper takes them as
  read (parallel.provided). In the graph, not submitted from a running task:
  a task waiting for its pages would hold its worker, or, seceded, let
  every scanned document start and wait at once.
- Inputs: a task reads the PDF at the client's path when the worker finds
  there a file of the same size and SHA-256 (a shared filesystem); when not,
  it answers so, and from then on the client sends every PDF's bytes with
  its task, written to a temporary file on the worker.
- Outputs: only the client writes them (on_done); workers only answer.

Faults: a worker that dies has its tasks run again on another by the
scheduler; a task that was running on ALLOWED_FAILURES + 1 workers that died
is failed, and its document gets one line. A scheduler that cannot be
reached, no workers, or workers with other code: ClusterError, before the
run touches anything.

Dask is imported here only, and cli imports this module only with --cluster.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import logging
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import dask
import pymupdf
from dask.utils import parse_timedelta
from distributed import Client, Future, LocalCluster, as_completed, get_worker
from distributed.scheduler import KilledWorker

from . import fingerprint, helpers, runner
from .model import Job, RawPage
from .runner import Outcome

# How long to wait for a first worker to join the scheduler (environment:
# seconds); how long to try to reach it is Dask's own setting,
# distributed.comm.timeouts.connect (DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=10s).
WORKERS_WAIT = "PIPELINE_CLUSTER_WAIT"
WORKERS_SECONDS = 60
# Worker deaths a task outlives: a document running on a third worker that
# dies is failed. Deaths are rare (a node lost, the kernel's OOM killer), a
# document that kills every worker it meets is not.
ALLOWED_FAILURES = 2
SEND_BYTES = "PIPELINE_CLUSTER_SEND_BYTES"  # environment: "1" sends every PDF's bytes (tests the unshared case)


class ClusterError(Exception):
    """The cluster cannot run the documents: one line for the user."""


@dataclass(frozen=True)
class Source:
    """A PDF as a task gets it: the client's absolute path, what the file
    holds, and its bytes when the workers cannot read the client's files."""

    path: str
    size: int
    sha256: str
    data: bytes | None = None


@dataclass(frozen=True)
class Answer:
    """A document task's answer: "ok" (payload: the JSON document), "error"
    (payload: the reason) or "unseen" (the worker has no such file: send the bytes)."""

    status: str
    payload: object = None
    seconds: float = 0.0
    timings: tuple[tuple[str, float], ...] = ()


class Session:
    """A client connected to a cluster with workers, and the local cluster it
    started (local:N); close() ends both."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.cluster: LocalCluster | None = None
        quiet_logs()
        if address.startswith("local:"):
            self.client = self.start_local(int(address.removeprefix("local:")))
        else:
            self.client = self.connect(address)
        try:
            self.check_workers()
        except BaseException:
            self.close()
            raise

    def start_local(self, workers: int) -> Client:
        settings = {
            "distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
            # A task goes to a worker only when it has a free slot: the
            # largest documents start first, and no document waits behind
            # another on a busy worker while one is idle at the end.
            "distributed.scheduler.worker-saturation": 1.0,
            # Workers start the helpers that parse, which a daemon may not.
            "distributed.worker.daemon": False,
            # Its statistical profiler samples each worker's threads every 10 ms:
            # CPU taken from the parsing, for a dashboard nobody looks at here.
            "distributed.worker.profile.enabled": False,
            # Dask starts its workers with MALLOC_TRIM_THRESHOLD_ and OMP_NUM_THREADS
            # set (for numpy on big arrays); a local run's workers have this
            # process's environment, and so have these: the parse allocates
            # many small objects, which an eager trim costs time.
            "distributed.nanny.pre-spawn-environ": {},
        }
        with dask.config.set(settings):
            self.cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                memory_limit=0,  # the documents' own limit is --max-memory, in the processes that parse
                # Its HTTP server starts whatever this says: on a free port, so
                # that two runs at once do not warn of 8787 taken.
                dashboard_address=":0",
                silence_logs=logging.CRITICAL,  # a run's errors are its own lines
            )
        return Client(self.cluster, set_as_default=False)

    def connect(self, address: str) -> Client:
        seconds = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"))
        try:
            client = Client(address, timeout=seconds, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(
                f"cluster {address}: cannot reach the scheduler in {seconds:.0f} s "
                "(is it running? check the address and port, and that this machine may connect to it)"
            ) from exc
        try:
            # Set on the scheduler, which decides: its own configuration may say otherwise.
            client.run_on_scheduler(set_allowed_failures, ALLOWED_FAILURES)
        except Exception:  # a scheduler that refuses to run code keeps its own setting
            logging.getLogger(__name__).debug("allowed-failures left to the scheduler", exc_info=True)
        return client

    def check_workers(self) -> None:
        seconds = float(os.environ.get(WORKERS_WAIT) or WORKERS_SECONDS)
        try:
            self.client.wait_for_workers(1, timeout=seconds)
        except (TimeoutError, OSError) as exc:
            raise ClusterError(
                f"cluster {self.address}: no workers after {seconds:.0f} s "
                f"(start some with `dask worker {self.address}`, and check they can reach the scheduler)"
            ) from exc
        here = fingerprint.code_fingerprint()
        try:
            theirs = self.client.run(fingerprint.code_fingerprint)
        except Exception as exc:  # e.g. ModuleNotFoundError: the pipeline is not installed there
            raise ClusterError(
                f"cluster {self.address}: the workers cannot run the pipeline ({type(exc).__name__}: {exc}): "
                "install this repository on them, with constraints.txt"
            ) from exc
        other = sorted(worker for worker, code in theirs.items() if code != here)
        if other:
            raise ClusterError(
                f"cluster {self.address}: {len(other)} worker(s) run other pipeline code or PDF libraries "
                f"than this one (code {here}, {other[0]} has {theirs[other[0]]}): install the same version on them"
            )

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()

    def run_jobs(
        self, jobs: list[Job], timeout: float, memory_mb: int, on_done: Callable[[Outcome], None] | None = None
    ) -> list[Outcome]:
        """Every job as a task, largest first as a local run starts them; the
        outcomes in job order."""
        send_bytes = os.environ.get(SEND_BYTES) == "1"
        running: dict[Future, Job] = {}
        outcomes: dict[str, Outcome] = {}
        done = as_completed(loop=self.client.loop)

        def finish(outcome: Outcome) -> None:
            outcomes[outcome.job.doc_id] = outcome
            if on_done:
                on_done(outcome)

        def submit(job: Job) -> None:
            try:
                source = source_of(job, send_bytes)
            except OSError as exc:  # gone or unreadable since it was found: the words of a local run's worker
                finish(Outcome(job, None, f"internal error while parsing ({type(exc).__name__}: {exc})"))
                return
            numbers = scanned_pages(job.path)
            pages = []
            if len(numbers) >= 2:
                # Sent once to the workers that need it, not once per page.
                shared = self.client.scatter(source, hash=False) if source.data is not None else source
                pages = [
                    self.client.submit(page_task, shared, number, timeout, memory_mb, pure=False) for number in numbers
                ]
            future = self.client.submit(
                document_task, replace(job, path=Path(source.path)), source, timeout, memory_mb, pages, pure=False
            )
            running[future] = job
            done.add(future)

        try:
            for job in sorted(jobs, key=runner.file_size, reverse=True):
                submit(job)
            for future in done:
                job = running.pop(future)
                answer = answer_of(future)
                future.release()
                if answer.status == "unseen":
                    send_bytes = True  # for every later task too: one round trip wasted, not one per document
                    submit(job)
                elif answer.status == "ok":
                    finish(Outcome(job, answer.payload, "", answer.seconds, answer.timings))
                else:
                    finish(Outcome(job, None, str(answer.payload), answer.seconds))
        finally:
            self.client.cancel(list(running))  # interrupted: no task left running for nobody
        return [outcomes[j.doc_id] for j in jobs]


def quiet_logs() -> None:
    # Dask logs worker restarts and lost connections as warnings on stderr,
    # where a run prints one line per document: its own errors are enough.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)


def set_allowed_failures(count: int, dask_scheduler=None) -> None:
    dask_scheduler.allowed_failures = count


def source_of(job: Job, with_bytes: bool) -> Source:
    data = job.path.read_bytes()
    return Source(str(job.path.resolve()), len(data), hashlib.sha256(data).hexdigest(), data if with_bytes else None)


def answer_of(future: Future) -> Answer:
    """The task's answer, or the error of a task that did not answer, in the contract's words."""
    try:
        return future.result()
    except KilledWorker as exc:
        deaths = exc.allowed_failures + 1
        return Answer("error", f"the document killed {deaths} workers, one after another (check the workers' logs)")
    except Exception as exc:  # the task could not run (e.g. unpicklable on the worker): not this run's to hide
        return Answer("error", f"internal error on the cluster ({type(exc).__name__}: {exc})")


# --- on a worker -------------------------------------------------------------


def document_task(
    job: Job, source: Source, timeout: float, memory_mb: int, pages: list[tuple[str, int, RawPage | None, float]]
) -> Answer:
    """One document, on a worker: parsed by runner.parse_job in one of this
    worker's helper processes, under the time and memory limits, with the
    scanned pages its page tasks read (`pages`, their answers). Its seconds
    count its pages' too, as a local run's do."""
    start = time.monotonic() - sum(seconds for *_, seconds in pages)
    allow_children()
    if any(status == "timeout" for status, *_ in pages):
        return Answer("error", runner.timeout_reason(timeout), time.monotonic() - start)
    with local_copy(source) as path:
        if path is None:
            return Answer("unseen")
        # A page not read (failed, or its worker saw no file) is read by the document's helper.
        read = {(str(path), number): page for status, number, page, _ in pages if status == "ok"}
        work = (replace(job, path=path), read)
        status, payload, timings = helpers.call(helpers.parse_with_pages, work, timeout, memory_mb, on_main_thread)
    seconds = time.monotonic() - start
    if status != "ok":
        return Answer("error", payload, seconds)
    return Answer("ok", payload, seconds, tuple(timings))


def allow_children() -> None:
    """Dask may start its workers as daemons, which multiprocessing forbids
    to have children. The rule keeps children from outliving their parent;
    ours die with it anyway (parallel.die_with_parent)."""
    process = multiprocessing.current_process()
    if process.daemon:
        with contextlib.suppress(AssertionError):
            process.daemon = False


@contextlib.contextmanager
def local_copy(source: Source) -> Iterator[Path | None]:
    """The PDF as a file on this worker: the client's own path when this
    worker sees the same bytes there, else a temporary copy of the bytes
    sent, else None (not sent, not seen)."""
    if source.data is None:
        yield Path(source.path) if same_file(source) else None
        return
    with tempfile.TemporaryDirectory(prefix="pipeline-") as folder:
        path = Path(folder) / Path(source.path).name
        path.write_bytes(source.data)
        yield path


def same_file(source: Source) -> bool:
    path = Path(source.path)
    try:
        if not path.is_file() or path.stat().st_size != source.size:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == source.sha256
    except OSError:
        return False


def scanned_pages(path: Path) -> list[int]:
    """The pages that look scanned (an image, no font): a guess, made on the
    client, to read them as tasks. extract decides which pages need OCR,
    and reads any the guess missed itself; a page read needlessly is only
    not used."""
    try:
        with pymupdf.open(path, filetype="pdf") as doc:
            return [page.number + 1 for page in doc if page.get_images() and not page.get_fonts()]
    except Exception:  # a broken PDF: its own task says how, in the runner's words
        return []


def page_task(source: Source, number: int, timeout: float, memory_mb: int) -> tuple[str, int, RawPage | None, float]:
    """Page `number` of the PDF, OCR'd as the document's worker would
    (extract.read_scans), in a helper process under the time and memory
    limits: (status, number, page, seconds), status "ok", "timeout" or
    "failed" (page None but for "ok")."""
    start = time.monotonic()
    allow_children()
    with local_copy(source) as path:
        if path is None:
            return ("failed", number, None, 0.0)
        where = (str(path), number, source.sha256)
        status, page, _ = helpers.call(helpers.read_page, where, timeout, memory_mb, on_main_thread)
    seconds = time.monotonic() - start
    return (status, number, page, seconds) if status in ("ok", "timeout") else ("failed", number, None, seconds)


def on_main_thread(function: Callable, *args: object) -> object:
    """function(*args) on this worker's main thread, where its event loop
    runs: to start helpers (pipeline.helpers), whose parent-death signal
    (parallel.die_with_parent's PR_SET_PDEATHSIG) follows the thread that
    started them, not the process. A Dask task's thread need not last (a
    seceded task's ends); the main thread lasts as long as the worker."""
    try:
        loop = get_worker().loop
    except ValueError:  # not on a worker (a test calling a task): this thread then
        return function(*args)
    answer: concurrent.futures.Future = concurrent.futures.Future()

    def run() -> None:
        try:
            answer.set_result(function(*args))
        except BaseException as exc:
            answer.set_exception(exc)

    loop.add_callback(run)
    return answer.result()
