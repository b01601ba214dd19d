"""The recognizers' memo (pipeline/ocr/memo.py): a page read with the memo
on reads as without it, and a second time without running a recognizer."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from pipeline import ocr
from pipeline.ocr import memo, reading, recognizer

LINES = Path(__file__).resolve().parent / "fixtures" / "lines"
LINE = LINES / "rt00015-docx-scan200-five-comma.png"

needs_ocr = pytest.mark.skipif(not (ocr.available() and recognizer.available()), reason="OCR engines not installed")


def forbid(*_args, **_kwargs):
    raise AssertionError("a recognizer ran though the memo holds its reading")


@needs_ocr
def test_a_line_read_from_the_memo_reads_as_read_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gray = cv2.imread(str(LINE), 0)
    afresh = reading.read_line(gray)
    monkeypatch.setenv(memo.FOLDER, str(tmp_path))
    with memo.page_memo(gray):
        first = reading.read_line(gray)
    assert first == afresh
    assert len(list(tmp_path.glob("*.pickle"))) == 1  # one file for the page image
    monkeypatch.setattr(reading, "tesseract_symbols", forbid)
    monkeypatch.setattr(recognizer, "run_model", forbid)
    with memo.page_memo(gray):
        again = reading.read_line(gray)
    assert again == afresh
    with pytest.raises(AssertionError, match="a recognizer ran"):
        reading.read_line(gray)  # outside a page's memo, the recognizers run


def test_the_memo_is_off_unless_its_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(memo.FOLDER, raising=False)
    gray = cv2.imread(str(LINE), 0)
    calls = []
    with memo.page_memo(gray):
        memo.recalled("engine", gray, lambda: calls.append(1))
        memo.recalled("engine", gray, lambda: calls.append(1))
    assert calls == [1, 1]
