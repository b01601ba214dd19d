"""Memo: what the recognizers read in an image, kept by the image's bytes, so
that a change to how the looks are weighed or repaired can be measured on a
whole corpus again without the recognizers reading every line again.

A developer's tool, off unless PIPELINE_OCR_MEMO names a folder. Unlike
PIPELINE_OCR_CACHE (whole pages, keyed by the OCR code), nothing here depends
on the pipeline's code: a recognizer's reading is a function of the image it
is given and of the engine (model, page segmentation, resolution), and the
key holds both. A change of code that cuts a line differently only misses
the memo. One file per page image, written whole or not at all; what a page
reads is the same with the memo as without (tests/test_ocr_memo.py).
Changing the models or their package, empty the folder."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import numpy as np

FOLDER = "PIPELINE_OCR_MEMO"  # environment variable

T = TypeVar("T")

_memo: dict | None = None  # the current page's readings, while a page is read with the memo on


def image_key(image: np.ndarray) -> tuple:
    digest = hashlib.blake2b(np.ascontiguousarray(image).tobytes(), digest_size=16).digest()
    return image.shape, str(image.dtype), digest


@contextmanager
def page_memo(gray: np.ndarray) -> Iterator[None]:
    """While a page image is read: its readings recalled from, and added to, the memo folder."""
    global _memo
    folder = os.environ.get(FOLDER)
    if not folder or _memo is not None:
        yield
        return
    path = Path(folder) / f"{image_key(gray)[2].hex()}.pickle"
    _memo = pickle.loads(path.read_bytes()) if path.is_file() else {}
    known = len(_memo)
    try:
        yield
        if len(_memo) > known:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps(_memo))
            os.replace(temporary, path)
    finally:
        _memo = None


def recalled(engine: str, image: np.ndarray, read: Callable[[], T]) -> T:
    """What `engine` reads in `image`: from the memo when it holds it, else `read()` (then kept)."""
    if _memo is None:
        return read()
    key = (engine, *image_key(image))
    if key not in _memo:
        _memo[key] = read()
    return _memo[key]
