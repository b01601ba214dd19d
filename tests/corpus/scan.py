"""Scan: a printed PDF in, the same pages as a scanner would hand them back
out -- an image-only PDF with no text layer, so the pipeline must read it by
OCR.

Each page is rasterized at the family's resolution (200 or 300 dpi), turned
by a small angle (0.3 to 1.5 degrees either way, as a sheet lies on the
glass), given grey noise and saved as a JPEG of middling quality; about one
page in ten is scanned sideways (a quarter turn either way, the page's width
and height swapped). Every choice is drawn from the seed and the page number,
so the same seed and the same PDF give the same bytes.

Only the print changes, never the content: the rows the contract expects of
a scanned family are those of the PDF it was scanned from (its page count,
SHA-256 and file aside).

    python tests/corpus/scan.py SOURCE.pdf TARGET.pdf --dpi 200 --seed 1
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pymupdf

DPIS = (200, 300)
SIDEWAYS_SHARE = 0.1  # the "one page in ten scanned sideways"


@dataclass(frozen=True)
class PageScan:
    """How one page goes through the scanner."""

    angle: float  # degrees, counter-clockwise
    noise: float  # standard deviation of the grey noise
    quality: int  # JPEG quality
    quarter_turns: int  # 0 upright, 1 or 3 sideways


def page_scan(seed: int, dpi: int, number: int) -> PageScan:
    """The scanner's settings for page `number` (1-based) of a document."""
    rng = random.Random(f"scan:{seed}:{dpi}:{number}")
    angle = rng.uniform(0.3, 1.5) * rng.choice((-1, 1))
    noise = rng.uniform(4.0, 10.0)
    quality = rng.randint(55, 85)
    turns = rng.choice((1, 3)) if rng.random() < SIDEWAYS_SHARE else 0
    return PageScan(angle, noise, quality, turns)


def scan_image(page: pymupdf.Page, dpi: int, how: PageScan, seed: int) -> np.ndarray:
    """The page as grey pixels, turned and noisy, upright or sideways."""
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
    turn = cv2.getRotationMatrix2D((pix.width / 2, pix.height / 2), how.angle, 1.0)
    img = cv2.warpAffine(img, turn, (pix.width, pix.height), flags=cv2.INTER_LINEAR, borderValue=255)
    noise = np.random.default_rng(hash_int(f"noise:{seed}:{dpi}:{page.number}")).normal(0, how.noise, img.shape)
    img = np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(np.rot90(img, how.quarter_turns))


def hash_int(text: str) -> int:
    """A stable integer for a string (Python's own hash() changes per process)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def scan_pdf(source: Path, target: Path, dpi: int, seed: int) -> None:
    """Write `target`, the image-only scan of `source` at `dpi`."""
    out = pymupdf.open()
    with pymupdf.open(source) as doc:
        for page in doc:
            how = page_scan(seed, dpi, page.number + 1)
            img = scan_image(page, dpi, how, seed)
            ok, jpeg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, how.quality])
            if not ok:
                raise RuntimeError(f"JPEG encoding failed on page {page.number + 1} of {source}")
            width, height = page.rect.width, page.rect.height
            if how.quarter_turns % 2:
                width, height = height, width
            new = out.new_page(width=width, height=height)
            new.insert_image(new.rect, stream=jpeg.tobytes())
    out.set_metadata(
        {
            "creator": "scanner",
            "producer": "corpus scanner",
            "creationDate": "D:20200101000000Z",
            "modDate": "D:20200101000000Z",
        }
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(out.tobytes(garbage=4, deflate=True, no_new_id=True))
    out.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    scan_pdf(args.source, args.target, args.dpi, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
