"""Shared fixtures: one parse of raw_docs/ per test session, run through the
CLI; every scanned page OCR'd once a session, whichever runs read it."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parsed")
    proc = run_parse("raw_docs", "--out", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="session", autouse=True)
def ocr_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """OCR of a scanned page is most of the suite's time (3 s a page, 29
    pages in raw_docs/), and several runs read the same scans: the session
    parse, the reruns that must give the same bytes, the bad inputs. Every run
    of this session, and every process it starts, keeps its OCR'd pages in one
    folder and takes them from there (pipeline.extract.read_scans), so each
    page is read once. That OCR reads a page the same every time, in the
    worker or in a page helper, is tested on its own (test_ocr)."""
    folder = tmp_path_factory.mktemp("ocr-pages")
    before = os.environ.get(OCR_CACHE)
    os.environ[OCR_CACHE] = str(folder)
    yield folder
    if before is None:
        del os.environ[OCR_CACHE]
    else:
        os.environ[OCR_CACHE] = before
