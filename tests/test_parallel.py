"""Spare slots: pages are read side by side only on slots the runner offers,
results keep their order, slots are given back, helpers die with their worker."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

from pipeline import parallel


def whoami(n: int) -> tuple[int, int]:
    time.sleep(0.05)
    return n, os.getpid()


def test_without_spare_slots_pages_are_read_in_this_process() -> None:
    parallel.offer(None)
    assert parallel.map_pages(whoami, [1, 2, 3]) == [(1, os.getpid()), (2, os.getpid()), (3, os.getpid())]


def test_spare_slots_are_borrowed_for_helpers_and_given_back() -> None:
    spare = multiprocessing.get_context("fork").Semaphore(0)
    spare.release()
    spare.release()
    parallel.offer(spare)
    try:
        results = parallel.map_pages(whoami, list(range(12)))
    finally:
        parallel.offer(None)
    assert [n for n, _ in results] == list(range(12))
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids and 2 <= len(pids) <= 3  # its own slot and two borrowed
    assert spare.acquire(block=False) and spare.acquire(block=False)
    assert not spare.acquire(block=False)  # exactly the two offered came back


def test_never_more_borrowed_than_pages_left_over() -> None:
    spare = multiprocessing.get_context("fork").Semaphore(0)
    for _ in range(5):
        spare.release()
    parallel.offer(spare)
    try:
        assert parallel.borrow(1) == 1
        parallel.give_back(1)
        assert parallel.map_pages(whoami, [7]) == [(7, os.getpid())]  # one page: no helper
    finally:
        parallel.offer(None)


def _helper_then_wait(conn) -> None:
    parallel.die_with_parent()
    conn.send(os.getpid())
    time.sleep(60)


def _worker(conn) -> None:
    helper = multiprocessing.get_context("fork").Process(target=_helper_then_wait, args=(conn,))
    helper.start()
    time.sleep(60)


def test_a_helper_dies_with_its_worker() -> None:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_worker, args=(child,))
    worker.start()
    helper_pid = parent.recv()
    os.kill(worker.pid, signal.SIGKILL)  # as the runner does on a timeout
    worker.join()
    for _ in range(50):
        if not alive(helper_pid):
            return
        time.sleep(0.1)
    raise AssertionError("the page helper outlived its worker")


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped by whoever adopted it."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
