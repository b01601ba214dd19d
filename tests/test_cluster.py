"""--cluster: on a local Dask cluster the outputs are a local run's, byte for
byte (cache included), whether workers read the PDFs or are sent their
bytes, and after a worker is killed mid-run; an unreachable scheduler or one
without workers is one line, and --out is left as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip(
    "distributed", reason="Dask is not installed: pip install -e '.[cluster]' (make test installs it)"
)
psutil = pytest.importorskip("psutil", reason="psutil comes with distributed")

from pipeline import cluster  # noqa: E402
from pipeline.model import Job  # noqa: E402

from conftest import REPO, SESSION_INPUTS, run_parse  # noqa: E402

TEXT = ["raw_docs/mofa-108-plan.pdf", "raw_docs/mofa-risk-register.pdf"]


def files_of(out: Path) -> dict[str, bytes]:
    """Every file of a run's output folder, the cache's keys included."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def differences(out: Path, expected: Path) -> list[str]:
    mine, theirs = files_of(out), files_of(expected)
    return sorted(name for name in mine.keys() | theirs.keys() if mine.get(name) != theirs.get(name))


def test_local_cluster_writes_what_a_local_run_writes(parsed: Path, tmp_path: Path) -> None:
    """The session's inputs: the text fixtures and two scanned twins (their
    pages read as tasks), against the session's local run of them."""
    proc = run_parse(*SESSION_INPUTS, "--quiet", "--out", str(tmp_path / "out"), "--cluster", "local:2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [f"{len(SESSION_INPUTS)} parsed, 0 failed"]
    assert differences(tmp_path / "out", parsed) == []


def test_workers_sent_the_bytes_write_the_same(parsed: Path, tmp_path: Path) -> None:
    env = {**os.environ, cluster.SEND_BYTES: "1"}
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "parse", *TEXT, "--out", str(out), "--cluster", "local:1"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("mofa-108-plan", "mofa-risk-register"):
        for part in (f"json/{name}.json", f".cache/{name}.key"):
            assert (out / part).read_bytes() == (parsed / part).read_bytes(), part


def test_a_worker_that_does_not_see_the_file_asks_for_its_bytes(tmp_path: Path) -> None:
    pdf = REPO / TEXT[0]
    source = cluster.source_of(Job(pdf, "x", TEXT[0]), with_bytes=False)
    assert cluster.same_file(source)
    elsewhere = cluster.Source(str(tmp_path / "absent.pdf"), source.size, source.sha256)
    assert cluster.document_task(Job(pdf, "x", TEXT[0]), elsewhere, 60, 0, []).status == "unseen"
    changed = cluster.Source(source.path, source.size, "0" * 64)  # same path, other bytes: not the same file
    assert not cluster.same_file(changed)
    sent = cluster.source_of(Job(pdf, "x", TEXT[0]), with_bytes=True)
    with cluster.local_copy(elsewhere.__class__(sent.path + ".gone", sent.size, sent.sha256, sent.data)) as copy:
        assert copy.read_bytes() == pdf.read_bytes() and copy.name == "mofa-108-plan.pdf.gone"
    assert not copy.exists()  # the temporary copy is gone with its task


def test_when_a_worker_does_not_see_the_file_the_client_sends_the_bytes(monkeypatch, parsed: Path) -> None:
    """As on workers without the client's filesystem: the path they are given
    does not exist there, so the first task asks for the bytes, and every
    document is then sent with its bytes."""
    seen = cluster.source_of

    def elsewhere(job: Job, with_bytes: bool) -> cluster.Source:
        source = seen(job, with_bytes)
        return source if with_bytes else cluster.Source("/nowhere" + source.path, source.size, source.sha256)

    monkeypatch.setattr(cluster, "source_of", elsewhere)
    jobs = [Job(REPO / path, Path(path).stem, path) for path in TEXT]
    session = cluster.Session("local:1")
    try:
        outcomes = session.run_jobs(jobs, 60, 0)
    finally:
        session.close()
    for outcome in outcomes:
        assert outcome.error == ""
        expected = json.loads((parsed / "json" / f"{outcome.job.doc_id}.json").read_text(encoding="utf-8"))
        assert outcome.document == expected


def dask_workers(run: psutil.Process) -> list[psutil.Process]:
    """The worker processes of the run's local cluster: its children that
    multiprocessing spawned (not its resource tracker)."""
    found = []
    for child in run.children():
        try:
            line = " ".join(child.cmdline())
        except psutil.Error:
            continue
        if "spawn_main" in line:
            found.append(child)
    return found


def parsing(worker: psutil.Process) -> bool:
    """The worker's helper (pipeline.helpers, a child it spawned) is at work:
    running, not waiting for its next call."""
    return any(
        "spawn_main" in " ".join(child.cmdline()) and child.status() == psutil.STATUS_RUNNING
        for child in worker.children()
    )


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(parsed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "parse", *SESSION_INPUTS, "--out", str(out), "--cluster", "local:2"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = None
    try:
        run = psutil.Process(proc.pid)
        deadline = time.monotonic() + 120
        while killed is None and proc.poll() is None and time.monotonic() < deadline:
            for worker in dask_workers(run):
                try:
                    if parsing(worker):
                        worker.send_signal(signal.SIGKILL)
                        killed = worker.pid
                        break
                except psutil.Error:
                    continue
            time.sleep(0.005)
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert killed is not None, "no worker was seen parsing a document"
    assert proc.returncode == 0, stderr
    lines = stderr.splitlines()
    assert not [line for line in lines if line.startswith("ERROR")]
    assert lines[-1] == f"{len(SESSION_INPUTS)} parsed, 0 failed"
    parsed_lines = [line for line in lines if line.startswith("parsed ")]
    assert sorted(line.split()[1] for line in parsed_lines) == sorted(SESSION_INPUTS)  # each once
    assert differences(out, parsed) == []


def test_a_task_that_kills_every_worker_is_one_line() -> None:
    session = cluster.Session("local:1")
    try:
        future = session.client.submit(os.abort, pure=False)  # dies as a parser's native crash would kill it
        answer = cluster.answer_of(future)
    finally:
        session.close()
    deaths = cluster.ALLOWED_FAILURES + 1
    assert answer == cluster.Answer(
        "error", f"the document killed {deaths} workers, one after another (check the workers' logs)"
    )


def untouched_out(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """An output folder from an earlier run (a file, a killed run's temporary)."""
    out = tmp_path / "out"
    (out / "json").mkdir(parents=True)
    (out / "json" / "old.json").write_text("{}")
    (out / "json" / ".old.json.abc.tmp").write_text("half")
    return out, files_of(out)


def test_an_unreachable_scheduler_is_one_line_and_out_is_untouched(tmp_path: Path) -> None:
    out, before = untouched_out(tmp_path)
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "parse", TEXT[0], "--out", str(out), "--cluster", "tcp://127.0.0.1:9"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "ERROR cluster tcp://127.0.0.1:9: cannot reach the scheduler in 1 s "
        "(is it running? check the address and port, and that this machine may connect to it)"
    ]
    assert files_of(out) == before


def scheduler_address(scheduler_file: Path) -> str:
    """The address a starting scheduler writes to its file."""
    for _ in range(1200):
        try:
            return json.loads(scheduler_file.read_text())["address"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.05)
    raise TimeoutError("the scheduler wrote no address in 60 s")


def test_a_scheduler_without_workers_is_one_line_and_out_is_untouched(tmp_path: Path) -> None:
    out, before = untouched_out(tmp_path)
    scheduler_file = tmp_path / "scheduler.json"
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0"]
        + ["--no-dashboard", "--scheduler-file", str(scheduler_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        address = scheduler_address(scheduler_file)
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", "parse", TEXT[0], "--out", str(out), "--cluster", address],
            cwd=REPO,
            env={**os.environ, cluster.WORKERS_WAIT: "1"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        scheduler.kill()
        scheduler.wait()
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"ERROR cluster {address}: no workers after 1 s "
        f"(start some with `dask worker {address}`, and check they can reach the scheduler)"
    ]
    assert files_of(out) == before


def test_the_address_is_checked_by_the_command_line(tmp_path: Path) -> None:
    proc = run_parse(TEXT[0], "--out", str(tmp_path / "out"), "--cluster", "local:0")
    assert proc.returncode == 2 and "neither local:N nor a scheduler's address" in proc.stderr


def test_the_time_and_memory_limits_hold_on_the_workers(tmp_path: Path) -> None:
    """A document past --max-memory, then one past --timeout, fail with a local
    run's lines (test_cli's), and the good document beside them is parsed."""
    from test_cli import load_make_bad

    dense = tmp_path / "dense.pdf"
    load_make_bad().dense_grid(1).save(dense)
    good = "raw_docs/mofa-risk-register.pdf"
    memory = run_parse(str(dense), good, "--out", str(tmp_path / "a"), "--max-memory", "6", "--cluster", "local:1")
    assert [x for x in memory.stderr.splitlines() if x.startswith("ERROR")] == [
        f"ERROR {dense}: ran out of memory (limit 6 MB; raise it with --max-memory)"
    ]
    assert memory.stderr.splitlines()[-1] == "1 parsed, 1 failed"
    # 8 s as test_cli's: under load (the suite's workers beside a round trip) 2 s timed out the good document too
    time_ = run_parse(str(dense), good, "--out", str(tmp_path / "b"), "--timeout", "8", "--cluster", "local:2")
    assert [x for x in time_.stderr.splitlines() if x.startswith("ERROR")] == [
        f"ERROR {dense}: gave up after 8 s (raise the limit with --timeout)"
    ]
    assert time_.stderr.splitlines()[-1] == "1 parsed, 1 failed"
