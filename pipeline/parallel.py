"""Spare CPU slots: the runner offers the slots no document is using (at the
end of a run, or when there are fewer documents than --jobs), and a document
borrows them to OCR its pages side by side. So --jobs bounds the processes
working at once, whether they parse documents or read pages.

    runner: offer(semaphore) before forking each document worker
    worker: map_pages(function, arguments) -> results, in order
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_spare: Any = None  # a multiprocessing semaphore shared with the runner, or None


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


def map_pages(function: Callable, arguments: Sequence) -> list:
    """[function(a) for a in arguments], on as many processes as there are spare
    slots (plus this one's own); results in order, so output does not depend
    on how many there were."""
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
