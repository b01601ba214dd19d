"""Spare CPU slots: the runner offers the slots no document is using (at the
end of a run, or when there are fewer documents than --jobs), and a document
borrows them to OCR its pages side by side. So --jobs bounds the processes
working at once, whether they parse documents or read pages.

    runner: offer(semaphore) before forking each document worker
    worker: map_pages(function, arguments) -> results, in order

On a Dask cluster (pipeline.cluster) the pages are tasks of their own: the
document's task has them read elsewhere, then hands the results to the
worker it forks (provided), and map_pages takes them instead of reading them.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_spare: Any = None  # a multiprocessing semaphore shared with the runner, or None
_provided: dict = {}  # results read elsewhere (a cluster's page tasks), by argument


def offer(semaphore: Any) -> None:
    global _spare
    _spare = semaphore


def borrow(most: int) -> int:
    """Take up to `most` spare slots without waiting; how many were taken."""
    taken = 0
    while _spare is not None and taken < most and _spare.acquire(block=False):
        taken += 1
    return taken


def give_back(count: int) -> None:
    for _ in range(count):
        _spare.release()


@contextlib.contextmanager
def provided(results: dict) -> Iterator[None]:
    """Within: map_pages answers these arguments with these results, computed
    elsewhere by the same function (the pages a cluster OCR'd as tasks),
    instead of computing them. Set before forking the worker that uses them."""
    _provided.update(results)
    try:
        yield
    finally:
        for argument in results:
            _provided.pop(argument, None)


def map_pages(function: Callable, arguments: Sequence) -> list:
    """[function(a) for a in arguments], on as many processes as there are spare
    slots (plus this one's own); results in order, so output does not depend
    on how many there were, nor on which were provided."""
    if any(a in _provided for a in arguments):
        computed = iter(map_pages(function, [a for a in arguments if a not in _provided]))
        return [_provided[a] if a in _provided else next(computed) for a in arguments]
    extra = borrow(len(arguments) - 1)
    try:
        if not extra:
            return [function(a) for a in arguments]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            extra + 1, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            return list(pool.map(function, arguments))
    finally:
        give_back(extra)


def die_with_parent(parent: int | None = None) -> None:
    """This process must not outlive the one that forked it (`parent`, its
    pid): a page helper its document worker, which the runner kills on a
    timeout; a document worker the run, which may itself be killed (SIGKILL,
    the kernel's out-of-memory killer) with no chance to stop its workers.
    Linux; elsewhere helpers end when their queue does."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # the parent died before the line above could take effect
