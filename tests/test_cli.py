"""The command line: bad input, isolation, limits, caching, progress, kill -9."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import fingerprint, ocr, runner
from pipeline.extract import OCR_CACHE
from pipeline.model import Job

from conftest import REPO, EarlyRun, read_csv, run_parse

BAD = REPO / "tests" / "fixtures" / "bad"
MESSAGES = {
    "empty.pdf": "empty file",
    "text-file.pdf": "not a PDF (no %PDF header)",
    "truncated.pdf": "damaged or truncated PDF: no readable text even after repair",
    "encrypted.pdf": "encrypted PDF: needs a password",
    "zero-pages.pdf": "PDF has no pages",
    # a picture of a page that is no plan: read by OCR when the model is installed
    "image-only.pdf": "not a plan or risk register: no goals, KPI, key-plan or risk table found"
    if ocr.available()
    else "scanned pages need OCR: install tesseract-ocr-chi-tra",
    # a scan of an empty sheet: OCR finds nothing to read
    "blank-scan.pdf": "no text found, not even by OCR, on pages that are only images"
    if ocr.available()
    else "scanned pages need OCR: install tesseract-ocr-chi-tra",
    "unrelated-layout.pdf": "not a plan or risk register: no goals, KPI, key-plan or risk table found",
    "dense-grid.pdf": "gave up after 8 s (raise the limit with --timeout)",
}


@pytest.fixture(scope="module")
def bad_run(early_runs: dict[str, EarlyRun]) -> tuple[subprocess.CompletedProcess, Path]:
    """tests/fixtures/bad and one good PDF, --timeout 8 (conftest.EARLY_RUNS:
    started with the session, as it waits 8 s on the dense grid)."""
    run = early_runs["bad_run"]
    return run.result(), run.out


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_bad_input_gets_one_clear_line(bad_run, name: str) -> None:
    proc, _ = bad_run
    assert f"ERROR tests/fixtures/bad/{name}: {MESSAGES[name]}" in proc.stderr.splitlines()


def test_bad_inputs_do_not_stop_the_others(bad_run) -> None:
    proc, out = bad_run
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == f"1 parsed, {len(MESSAGES)} failed"
    assert [r["doc_id"] for r in read_csv(out / "csv" / "documents.csv")] == ["mofa-108-plan"]
    failed = {r["doc_id"]: r["message"] for r in read_csv(out / "quality.csv") if r["code"] == "document_failed"}
    assert failed == {Path(k).stem: v for k, v in MESSAGES.items()}


def test_every_bad_file_is_in_the_corpus() -> None:
    assert sorted(p.name for p in BAD.glob("*.pdf")) == sorted(MESSAGES)


def test_a_worker_goes_on_to_the_next_document_and_is_replaced_after_a_failure(monkeypatch, tmp_path: Path) -> None:
    """One worker (--jobs 1) parses one document after another; one that
    fails a document, crashes or hangs past the timeout is replaced, and the
    documents after it parse as usual."""
    parse = runner.parse_document

    def odd_parse(path: Path, doc_id: str, *rest):
        if doc_id == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        if doc_id == "hang":
            time.sleep(60)
        return parse(path, doc_id, *rest)

    monkeypatch.setattr(runner, "parse_document", odd_parse)  # the workers are forked: theirs too
    good = REPO / "raw_docs" / "mofa-risk-register.pdf"
    text = tmp_path / "text.pdf"
    text.write_bytes(b"not a PDF\n" * (good.stat().st_size // 5))  # the largest: parsed first
    names = ["first", "crash", "second", "hang", "third"]
    jobs = [Job(text, "text", str(text))] + [Job(good, name, str(good)) for name in names]
    outcomes = {o.job.doc_id: o for o in runner.run_jobs(jobs, 1, timeout=3, memory_mb=0)}
    assert outcomes["text"].error == "not a PDF (no %PDF header)"
    assert outcomes["crash"].error.startswith("the parser crashed (signal 9)")
    assert outcomes["hang"].error == "gave up after 3 s (raise the limit with --timeout)"
    for name in ("first", "second", "third"):
        assert outcomes[name].error == "" and outcomes[name].document["doc_id"] == name


def test_missing_input_and_repeated_doc_id(tmp_path: Path) -> None:
    proc = run_parse("no/such.pdf", "raw_docs/mofa-108-plan.pdf", "raw_docs/mofa-108-plan.pdf", "--out", str(tmp_path))
    lines = proc.stderr.splitlines()
    assert "ERROR no/such.pdf: no such file or folder" in lines
    assert any("doc_id 'mofa-108-plan' already taken" in line for line in lines)
    assert proc.returncode == 1


def load_make_bad():
    spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_document_over_the_memory_limit_fails_alone(tmp_path: Path) -> None:
    dense = tmp_path / "dense.pdf"
    load_make_bad().dense_grid(1).save(dense)
    proc = run_parse(str(dense), "raw_docs/mofa-risk-register.pdf", "--out", str(tmp_path / "out"), "--max-memory", "6")
    errors = [x for x in proc.stderr.splitlines() if x.startswith("ERROR")]
    assert errors == [f"ERROR {dense}: ran out of memory (limit 6 MB; raise it with --max-memory)"]
    assert proc.stderr.splitlines()[-1] == "1 parsed, 1 failed"


def copy_inputs(tmp_path: Path) -> Path:
    """The text-layer fixtures (the scanned twins only slow these tests down)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for pdf in (REPO / "raw_docs").glob("*.pdf"):
        if not pdf.stem.endswith("-scanned"):
            shutil.copy(pdf, inputs)
    return inputs


@pytest.fixture(scope="module")
def first_parse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """copy_inputs parsed once for the module: `in/` and its outputs `out/`."""
    base = tmp_path_factory.mktemp("first-parse")
    proc = run_parse(str(copy_inputs(base)), "--out", str(base / "out"))
    assert proc.returncode == 0, proc.stderr
    return base


def parsed_before(first_parse: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A test's own copy of first_parse (inputs, outputs), to damage at will."""
    shutil.copytree(first_parse / "in", tmp_path / "in")
    shutil.copytree(first_parse / "out", tmp_path / "out")
    return tmp_path / "in", tmp_path / "out"


def test_unchanged_documents_are_not_parsed_again(tmp_path: Path) -> None:
    inputs, out = copy_inputs(tmp_path), tmp_path / "out"
    first = run_parse(str(inputs), "--out", str(out))
    assert first.stderr.splitlines()[-1] == "5 parsed, 0 failed"
    before = (out / "csv" / "kpis.csv").read_bytes()
    again = run_parse(str(inputs), "--out", str(out))
    assert again.stderr.splitlines()[-1] == "0 parsed, 0 failed, 5 unchanged (cached)"
    with (inputs / "mofa-108-plan.pdf").open("ab") as fh:
        fh.write(b"\n% touched\n")  # bytes after %%EOF: same document, new sha256
    touched = run_parse(str(inputs), "--out", str(out))
    assert touched.stderr.splitlines()[-1] == "1 parsed, 0 failed, 4 unchanged (cached)"
    assert (out / "csv" / "kpis.csv").read_bytes() == before


def test_the_cache_key_knows_each_reading_librarys_version(tmp_path: Path, monkeypatch) -> None:
    from importlib import metadata

    versions = fingerprint.installed_versions()
    assert versions == {name: metadata.version(name) for name in fingerprint.READING_LIBRARIES if name in versions}
    assert {"pymupdf", "opencc", "rapidfuzz"} <= set(versions)  # the text-layer readers are always installed
    # a newer release of one, found first on sys.path, is another key
    (tmp_path / "PyMuPDF-99.0.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    assert fingerprint.installed_versions()["pymupdf"] == "99.0"


def test_a_failed_document_keeps_its_previous_outputs(first_parse: Path, tmp_path: Path) -> None:
    inputs, out = parsed_before(first_parse, tmp_path)
    old = (out / "json" / "mofa-108-plan.json").read_bytes()
    (inputs / "mofa-108-plan.pdf").write_bytes(b"%PDF-1.4 broken")
    proc = run_parse(str(inputs), "--out", str(out))
    assert proc.returncode == 1
    assert (out / "json" / "mofa-108-plan.json").read_bytes() == old
    assert "mofa-108-plan" in {r["doc_id"] for r in read_csv(out / "csv" / "documents.csv")}


def test_quiet_prints_only_errors_and_the_summary(tmp_path: Path) -> None:
    proc = run_parse("raw_docs/mofa-108-plan.pdf", "tests/fixtures/bad/empty.pdf", "--out", str(tmp_path), "--quiet")
    assert proc.stderr.splitlines() == ["ERROR tests/fixtures/bad/empty.pdf: empty file", "1 parsed, 1 failed"]


def test_plain_lines_when_not_a_terminal_and_timings_with_verbose(tmp_path: Path) -> None:
    plain = run_parse("raw_docs/mofa-108-plan.pdf", "--out", str(tmp_path / "a"))
    assert plain.stderr.splitlines()[0].startswith("parsed raw_docs/mofa-108-plan.pdf in ")
    verbose = run_parse("raw_docs/mofa-108-plan.pdf", "--out", str(tmp_path / "b"), "--verbose")
    assert all(f"{stage}=" in verbose.stderr for stage in ("extract", "layout", "sections", "records"))


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path)
    main, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "parse", str(inputs), "--out", str(tmp_path / "out")],
        cwd=REPO,
        stdout=secondary,
        stderr=secondary,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(main)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "\x1b[" in screen  # the bar redraws itself with terminal escapes
    assert "parsing" in screen
    assert screen.rstrip().endswith("5 parsed, 0 failed")


def test_manifest_overrides_what_the_title_says(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(REPO / "raw_docs" / "mofa-risk-register.pdf", inputs)
    (inputs / "manifest.csv").write_text(
        "file,agency,year_roc,kind,source_url\nmofa-risk-register.pdf,,105,,\n", encoding="utf-8"
    )
    run_parse(str(inputs), "--out", str(tmp_path / "out"))
    doc = json.loads((tmp_path / "out" / "json" / "mofa-risk-register.json").read_text(encoding="utf-8"))
    assert (doc["agency"], doc["year_roc"], doc["year"], doc["kind"]) == ("外交部", 105, 2016, "risk_register")


def test_a_bad_manifest_row_is_that_documents_error_and_the_others_go_on(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("mofa-risk-register.pdf", "mofa-108-plan.pdf"):
        shutil.copy(REPO / "raw_docs" / name, inputs)
    (inputs / "manifest.csv").write_text(
        "file,agency,year_roc,kind,source_url\nmofa-risk-register.pdf,,,register,\nmofa-108-plan.pdf,,2019,,\n",
        encoding="utf-8",
    )
    (inputs / "more").mkdir()
    shutil.copy(REPO / "raw_docs" / "moc-112-plan.pdf", inputs / "more")
    proc = run_parse(str(inputs), str(inputs / "more"), "--out", str(tmp_path / "out"))
    errors = [line for line in proc.stderr.splitlines() if line.startswith("ERROR")]
    assert proc.returncode == 1
    assert errors == [
        f"ERROR {inputs}/mofa-108-plan.pdf: manifest.csv year_roc '2019' is not a year of the Republic of China "
        "calendar (108, not 2019): fix its row",
        f"ERROR {inputs}/mofa-risk-register.pdf: manifest.csv kind 'register' is neither annual_plan nor "
        "risk_register: fix its row",
    ]
    assert [p.name for p in (tmp_path / "out" / "json").glob("*.json")] == ["moc-112-plan.json"]


def files_are_whole(out: Path) -> None:
    for path in (out / "json").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for path in (out / "csv").glob("*.csv"):
        rows = read_csv(path)
        assert all(None not in row.values() for row in rows), path


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9, 1.2])
def test_kill_minus_nine_never_leaves_half_a_file(first_parse: Path, tmp_path: Path, delay: float) -> None:
    inputs, out = parsed_before(first_parse, tmp_path)
    for pdf in inputs.glob("*.pdf"):
        with pdf.open("ab") as fh:
            fh.write(b"\n% new bytes: parse again\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "parse", str(inputs), "--out", str(out), "--jobs", "1"],
        cwd=REPO,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    files_are_whole(out)
    assert len(list((out / "json").glob("*.json"))) == 5
    finish = run_parse(str(inputs), "--out", str(out))
    assert finish.returncode == 0
    assert not list(out.rglob(".*.tmp"))
    files_are_whole(out)


def session_processes(sid: int) -> dict[int, int]:
    """pid -> parent pid of every live process (not a zombie) in session `sid`."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        state, ppid, sid_of = fields[0], int(fields[1]), int(fields[3])
        if sid_of == sid and state != "Z":
            found[int(entry.name)] = ppid
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux /proc")
def test_workers_die_with_a_run_killed_by_sigkill(tmp_path: Path) -> None:
    """The run itself killed (kill -9, the out-of-memory killer): no document
    worker or page helper of it carries on. With --jobs 3 the dense grid (many
    minutes of work) and the scanned 099 twin each get a worker, and the spare
    slot lends the twin's pages a helper pool."""
    inputs = ["tests/fixtures/bad/dense-grid.pdf"]
    if ocr.available():
        inputs.append("raw_docs/mofa-099-plan-scanned.pdf")
    # Without the session's cache of OCR'd pages: read from it, the twin would
    # be done before it lent its pages any helper.
    env = {k: v for k, v in os.environ.items() if k != OCR_CACHE}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "parse", *inputs, "--out", str(tmp_path), "--jobs", "3"],
        cwd=REPO,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
    )
    # workers, plus the helpers of the twin's worker (processes two levels down)
    wanted = 2 + 1 if ocr.available() else 1
    deadline = time.monotonic() + 60
    while len(session_processes(proc.pid)) - 1 < wanted:
        assert proc.poll() is None and time.monotonic() < deadline, "the run never started its workers"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)  # the run only, not its process group
    proc.wait()
    deadline = time.monotonic() + 10
    while (left := session_processes(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:  # do not leave them burning CPU for the tests after this one
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} processes of the killed run carried on"
