"""Shared fixtures: one parse of raw_docs/ per test session, run through the CLI."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXPECTED = REPO / "tests" / "fixtures" / "expected"
SEEDS = REPO.parent / "shared" / "seeds"  # outside the repository: tests that need it skip without it


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
