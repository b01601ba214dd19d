"""Page images for the review page: PDF in, one small grey PNG per page out,
with each page's size in points (the JSON keeps boxes in points, not the size
of the page they are on).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from PIL import Image

DPI = 100
# Eight greys: text and rulings stay legible at this resolution, and a scan's
# paper grain no longer costs half a megabyte a page (about 60-90 kB instead).
GREYS = 8


@dataclass(frozen=True)
class PageImage:
    number: int  # 1-based
    width: float  # points
    height: float
    file: str  # the image's file name, in the document's image folder
    pixels: tuple[int, int]
    png: bytes


def render_pages(pdf: Path, dpi: int = DPI) -> list[PageImage]:
    with pymupdf.open(pdf) as doc:
        return [render_page(page, dpi) for page in doc]


def render_page(page: pymupdf.Page, dpi: int) -> PageImage:
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    number = page.number + 1
    return PageImage(
        number,
        page.rect.width,
        page.rect.height,
        f"page-{number:03d}.png",
        (pix.width, pix.height),
        posterized_png(image),
    )


def posterized_png(image: Image.Image) -> bytes:
    """A palette PNG of GREYS evenly spaced greys, 4 bits a pixel."""
    top = GREYS - 1
    indexed = Image.frombytes("P", image.size, image.point(lambda v: round(v * top / 255)).tobytes())
    indexed.putpalette([round(i * 255 / top) for i in range(GREYS) for _ in range(3)])
    buf = io.BytesIO()
    indexed.save(buf, "PNG", optimize=True, bits=4)
    return buf.getvalue()
