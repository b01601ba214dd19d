"""Shared fixtures: one parse of raw_docs/ per test session, run through the
CLI; every scanned page OCR'd once a session, whichever runs read it; the two
long runs (raw_docs/, the bad inputs) started with the session, in the
background, so that waiting on OCR and on a timeout overlaps other tests.
A session may be several pytest-xdist workers (`make test`): these are the
session's, shared by its workers, not each worker's."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline import database
from pipeline.extract import OCR_CACHE

REPO = Path(__file__).resolve().parent.parent
EXPECTED = REPO / "tests" / "fixtures" / "expected"
SEEDS = REPO.parent / "shared" / "seeds"  # outside the repository: tests that need it skip without it


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a long family (fuzzing at 300 cases); `make test-slow` runs them")


def run_parse(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "parse", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


# The three longest scanned twins, 14, 7 and 4 pages: nine tenths of the OCR
# of raw_docs/ and, on a slow 2-core machine, what kept `make test` over two
# minutes. The session parse leaves them out (two scanned twins remain, one a
# plan's goals, KPIs and key plans, one a risk register), and `make
# test-slow` parses them (parsed_slow): their rows against their floors, their
# outputs against the committed dataset. CI's `make parse` still reads them and
# must reproduce their committed outputs byte for byte (.ci/run).
SLOW_DOCS = ("mofa-099-plan-scanned", "mofa-107-plan-scanned", "mofa-108-plan-scanned")
SESSION_INPUTS = [f"raw_docs/{p.name}" for p in sorted((REPO / "raw_docs").glob("*.pdf")) if p.stem not in SLOW_DOCS]


# The long runs, started in the background when the session starts (if any
# test collected needs them), each waited for by its fixture. The bad inputs'
# run waits 8 s for the dense grid to time out, the raw_docs/ parse OCRs its
# scanned pages on both cores: started together, their waiting and the other
# tests share the cores instead of taking turns.
EARLY_RUNS = {
    "parsed": [*SESSION_INPUTS, "--quiet"],
    # 8 s: ample for every other file (each parses in under a second alone,
    # the two scans by OCR included), while the dense grid needs many minutes
    # and spins a core all the while it is given
    "bad_run": ["tests/fixtures/bad", "raw_docs/mofa-108-plan.pdf", "--timeout", "8"],
}
WANTED = pytest.StashKey[set]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    config.stash[WANTED] = {name for item in items for name in EARLY_RUNS if name in item.fixturenames}
    # The tests that read the raw_docs/ parse go last, in their order: the
    # others run meanwhile, so the session's own processes keep the cores busy
    # while the parse OCRs (waiting on it first left a core idle for the
    # last third of the session).
    items.sort(key=lambda item: "parsed" in item.fixturenames)


# `make test` runs the tests on pytest-xdist workers, one process per core,
# and the early runs and the OCR'd pages are the session's, not a worker's:
# they live in the folder the workers share, the first worker to want an
# early run starts it (making its folder is the claim), and any worker waits
# for it by its status file. Without xdist the one process does it all.
def shared_folder(factory: pytest.TempPathFactory) -> Path:
    """The session's temporary folder, which every xdist worker's own folder is in."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


# sh writes the run's exit status when it ends, for whichever worker waits on it.
STATUS_WRITER = 'f=$1; shift; "$@" 2> "$f/stderr"; echo $? > "$f/status.tmp"; mv "$f/status.tmp" "$f/status"'


@dataclass(frozen=True)
class EarlyRun:
    folder: Path  # out/, stderr, status (once ended), pgid (its process group)

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def start(self, args: list[str]) -> None:
        """Start the run, unless another worker of the session has."""
        try:
            self.folder.mkdir()
        except FileExistsError:
            return
        cmd = [sys.executable, "-m", "pipeline", "parse", *args, "--out", str(self.out)]
        try:
            proc = subprocess.Popen(
                ["sh", "-c", STATUS_WRITER, "sh", str(self.folder), *cmd],
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, killed whole if the session ends first
            )
        except OSError as error:  # the workers waiting on it are told, not left waiting
            (self.folder / "stderr").write_text(f"could not start the run: {error}\n")
            (self.folder / "status").write_text("127")
            raise
        (self.folder / "pgid").write_text(str(proc.pid))

    def result(self) -> subprocess.CompletedProcess:
        """Wait for the run; what run_parse would have returned."""
        status, deadline = self.folder / "status", time.monotonic() + 600
        while not status.is_file():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.folder.name}: no status after 600 s")
            time.sleep(0.05)
        stderr = (self.folder / "stderr").read_text()
        return subprocess.CompletedProcess(self.folder.name, int(status.read_text()), "", stderr)


@pytest.fixture(scope="session", autouse=True)
def early_runs(
    request: pytest.FixtureRequest, ocr_once: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, EarlyRun]:
    runs = {name: EarlyRun(shared_folder(tmp_path_factory) / f"early-{name}") for name in EARLY_RUNS}
    for name in sorted(request.config.stash.get(WANTED, set())):
        runs[name].start(EARLY_RUNS[name])
    return runs


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A session cut short: the early runs still going die with it (in the
    process that started the workers, once they have all ended)."""
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the others may still wait on a run
    # pytest's own TempPathFactory (a hook has no fixtures): the workers' folders are in its folder
    for pgid in session.config._tmp_path_factory.getbasetemp().glob("early-*/pgid"):
        if not (pgid.parent / "status").is_file():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(int(pgid.read_text()), signal.SIGKILL)


@pytest.fixture(scope="session")
def parsed(early_runs: dict[str, EarlyRun]) -> Path:
    run = early_runs["parsed"]
    proc = run.result()
    assert proc.returncode == 0, proc.stderr
    return run.out


@pytest.fixture(scope="session")
def parsed_slow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documents the session parse leaves out (SLOW_DOCS), parsed alone."""
    out = tmp_path_factory.mktemp("parsed-slow")
    proc = run_parse(*(f"raw_docs/{doc}.pdf" for doc in SLOW_DOCS), "--out", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    return out


def differences_from_committed(out: Path) -> list[str]:
    """Where a parse of some of raw_docs/ differs from the committed parsed/:
    each document's JSON byte for byte, the package description, and in each
    CSV the header and the rows of the documents parsed, in their order."""
    committed = REPO / "parsed"
    docs = {path.stem for path in (out / "json").glob("*.json")}
    found = []
    if (out / database.FILE_NAME).is_file():
        found += [f"parsed/{line}" for line in database.differences_from_csvs(out)]
    for path in sorted(p for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts):
        rel = path.relative_to(out)
        if path.name == database.FILE_NAME:
            continue  # not committed (its bytes depend on SQLite's version): held to its own CSVs above
        if path.name == "kpi_series.csv":
            # A series links the documents parsed together: which twin of a year takes part, and
            # so the rows, depend on the whole set. The header at least must be the committed one.
            if csv_rows_of(committed / rel, set()) != csv_rows_of(path, set()):
                found.append(f"parsed/{rel}: its header is stale: run make parse")
            continue
        if not (committed / rel).is_file():
            found.append(f"parsed/{rel} missing: run make parse")
        elif path.suffix != ".csv":
            if (committed / rel).read_bytes() != path.read_bytes():
                found.append(f"parsed/{rel} is stale: run make parse")
        elif csv_rows_of(committed / rel, docs) != csv_rows_of(path, docs):
            found.append(f"parsed/{rel}: the rows of {', '.join(sorted(docs))} are stale: run make parse")
    return found


def csv_rows_of(path: Path, docs: set[str]) -> tuple[bytes, list[dict[str, str]]]:
    """A CSV's header line (BOM included) and its rows whose doc_id is in `docs`."""
    raw = path.read_bytes()
    return raw.split(b"\n", 1)[0], [row for row in read_csv(path) if row["doc_id"] in docs]


@pytest.fixture(scope="session", autouse=True)
def ocr_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """OCR of a scanned page takes about 5 s (4 pages in the session parse,
    more in the OCR tests), and several runs read the same scans: the
    session parse, the reruns that must give the same bytes, the bad inputs. Every run
    of this session, on any worker, and every process it starts, keeps its OCR'd pages in one
    folder and takes them from there (pipeline.extract.read_scans), so each
    page is read once. That OCR reads a page the same every time, in the
    worker or in a page helper, is tested on its own (test_ocr)."""
    folder = shared_folder(tmp_path_factory) / "ocr-pages"
    folder.mkdir(exist_ok=True)
    before = os.environ.get(OCR_CACHE)
    os.environ[OCR_CACHE] = str(folder)
    yield folder
    if before is None:
        del os.environ[OCR_CACHE]
    else:
        os.environ[OCR_CACHE] = before
