"""Engines: the Tesseract models, found in Debian's place (or PIPELINE_TESSDATA
/ TESSDATA_PREFIX) and loaded once per process, one per page segmentation."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)


MISSING = "scanned pages need OCR: install tesseract-ocr-chi-tra"


def tessdata_dir() -> Path | None:
    for candidate in (os.environ.get("PIPELINE_TESSDATA"), os.environ.get("TESSDATA_PREFIX"), *TESSDATA_DIRS):
        if candidate and (Path(candidate) / "chi_tra.traineddata").is_file():
            return Path(candidate)
        if os.environ.get("PIPELINE_TESSDATA"):
            return None  # an explicit setting without the model means: no OCR
    return None


@lru_cache(maxsize=1)
def engine():
    """One Tesseract per worker process, traditional Chinese, one text line at a time."""
    import tesserocr

    folder = tessdata_dir()
    if folder is None:
        return None
    return tesserocr.PyTessBaseAPI(path=str(folder) + "/", lang="chi_tra", psm=tesserocr.PSM.SINGLE_LINE)


@lru_cache(maxsize=1)
def raw_line_engine():
    """The same model without Tesseract's line layout (--psm 13)."""
    import tesserocr

    return tesserocr.PyTessBaseAPI(path=str(tessdata_dir()) + "/", lang="chi_tra", psm=tesserocr.PSM.RAW_LINE)


@lru_cache(maxsize=1)
def single_char_engine():
    """The same model reading one character (--psm 10)."""
    import tesserocr

    return tesserocr.PyTessBaseAPI(path=str(tessdata_dir()) + "/", lang="chi_tra", psm=tesserocr.PSM.SINGLE_CHAR)


@lru_cache(maxsize=1)
def latin_engine():
    """The English model, for lines of figures (90%, 1,500), when installed."""
    import tesserocr

    folder = tessdata_dir()
    if folder is None or not (folder / "eng.traineddata").is_file():
        return None
    return tesserocr.PyTessBaseAPI(path=str(folder) + "/", lang="eng", psm=tesserocr.PSM.SINGLE_LINE)


def available() -> bool:
    try:
        return engine() is not None
    except (ImportError, RuntimeError):
        return False
