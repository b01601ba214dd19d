"""Helpers: the processes that parse on a Dask worker (pipeline.cluster).

In: a call, function(argument, memory_mb), with a timeout and the memory
limit. Out: its answer, ("ok", result, timings) or ("error", reason, ()), or
("timeout", reason, ()) past the timeout. A helper runs calls one after
another, as a local run's workers parse document after document (their
caches, Tesseract's models above all, stay loaded), and is replaced after a
failure, killed if it hangs: a document that hangs or blows up costs its
helper, never the Dask worker.

Helpers are started with `spawn`, not forked from the worker: a worker is a
big, threaded process, and a child forked from it (a) took from its free
heap and thread arenas memory that --max-memory's RLIMIT_AS does not count,
and (b) inherited a copy of a process with threads. Spawned, a helper is a
plain interpreter that imports the pipeline, as `python -m pipeline` is
before it forks its workers. No Dask here: a helper never imports it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from . import extract, parallel, runner
from .model import Job


@dataclass
class Helper:
    process: multiprocessing.Process
    conn: Connection
    memory_mb: int


_idle: list[Helper] = []  # this worker's helpers waiting for a call
_idle_lock = threading.Lock()  # a worker may run several tasks at once (--nthreads)


def call(
    function: Callable, argument: object, timeout: float, memory_mb: int, starter: Callable = lambda f, *a: f(*a)
) -> tuple[str, object, tuple]:
    """function(argument, memory_mb) in a helper (started through
    starter(start, memory_mb), on the thread the caller chooses)."""
    helper = take(memory_mb, starter)
    try:
        helper.conn.send((function, argument))
    except OSError:  # it died idle (killed from outside): a new one
        helper.conn.close()
        helper = starter(start, memory_mb)
        helper.conn.send((function, argument))
    if not helper.conn.poll(timeout):
        helper.process.kill()
        helper.process.join()
        helper.conn.close()
        return ("timeout", runner.timeout_reason(timeout), ())
    try:
        answer = helper.conn.recv()
    except (EOFError, OSError):
        answer = ("error", runner.crash_reason(helper.process), ())
    if answer[0] == "ok":
        with _idle_lock:
            _idle.append(helper)
    else:  # it stops after an error (see _loop), or has crashed
        helper.conn.close()
        helper.process.join(5)
    return answer


def take(memory_mb: int, starter: Callable) -> Helper:
    with _idle_lock:
        for helper in _idle:
            if helper.memory_mb == memory_mb and helper.process.is_alive():
                _idle.remove(helper)
                return helper
    return starter(start, memory_mb)


def start(memory_mb: int) -> Helper:
    context = multiprocessing.get_context("spawn")
    conn, child = context.Pipe()
    # A daemon: it has no processes of its own (no spare slots are offered
    # on a cluster), and ends with its worker however the worker ends.
    process = context.Process(target=_loop, args=(child, memory_mb, os.getpid()), daemon=True)
    process.start()
    child.close()
    return Helper(process, conn, memory_mb)


def _loop(conn: Connection, memory_mb: int, parent: int) -> None:
    """runner._worker's loop for any call: answers each until sent None, and
    stops after an error, whatever state a failure may have left behind."""
    parallel.die_with_parent(parent)
    gc.set_threshold(runner.GC_THRESHOLD, 20, 20)  # as runner._worker, for the same reason
    try:
        while (request := conn.recv()) is not None:
            function, argument = request
            answer = function(argument, memory_mb)
            conn.send(answer)
            if answer[0] != "ok":
                break
    except EOFError:
        pass  # the worker is gone
    finally:
        conn.close()


def parse_with_pages(argument: tuple[Job, dict], memory_mb: int) -> tuple[str, object, tuple]:
    """The document as a local run's worker parses it (runner.parse_job), its
    pages read by page tasks taken as read."""
    job, pages = argument
    with parallel.provided(pages):
        return runner.parse_job(job, memory_mb)


def read_page(argument: tuple[str, int, str], memory_mb: int) -> tuple[str, object, tuple]:
    """One scanned page (extract.read_scans) under the memory limit, as runner.parse_job limits a document."""
    path, number, sha256 = argument
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if memory_mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, (runner.address_space_bytes() + memory_mb * 1024 * 1024, hard))
    try:
        (page,) = extract.read_scans([(path, number)], sha256)
        return ("ok", page, ())
    except Exception as exc:  # the document's own helper reads the page again, and says what went wrong
        return ("error", f"{type(exc).__name__}: {exc}", ())
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))  # room to send the answer
