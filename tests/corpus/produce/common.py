"""What every producer shares: the damage applied to printed text, the font
families, page geometry, a table grid's slots, and PDF bytes made
reproducible.

Damage changes only what is printed (the text layer), never the content the
gold rows are written from.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# font key -> (family name for word processors and browsers, collection file, index of the TC face)
FONTS = {
    "serif": ("Noto Serif CJK TC", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 3),
    "sans": ("Noto Sans CJK TC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 3),
    "ming": ("AR PL UMing TW", "/usr/share/fonts/truetype/arphic/uming.ttc", 2),
    "kai": ("AR PL UKai TW", "/usr/share/fonts/truetype/arphic/ukai.ttc", 2),
}
# Bold faces where the family has one; the others print bold as regular, as
# word processors without a bold face do.
BOLD = {
    "serif": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 3),
    "sans": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 3),
}
A4 = (595.28, 841.89)
MARGIN = {"left": 56.7, "right": 56.7, "top": 62.0, "bottom": 62.0}


def page_size(style: dict) -> tuple[float, float]:
    return (A4[1], A4[0]) if style["landscape"] else A4


def family(style: dict, key: str = "font") -> str:
    return FONTS[style[key]][0]


# --- damage -------------------------------------------------------------------


def _twins() -> dict[str, list[str]]:
    """Ideograph -> the code points that look the same but are not it: its
    Kangxi radical and its CJK compatibility ideographs (from Unicode data)."""
    table: dict[str, list[str]] = {}
    for cp in range(0x2F00, 0x2FD6):
        table.setdefault(unicodedata.normalize("NFKC", chr(cp)), []).append(chr(cp))
    # The compatibility ideographs of the CJK fonts (to U+FA6D); the DPRK set
    # after it is in none of them and would print as a missing glyph.
    for cp in range(0xF900, 0xFA6E):
        target = unicodedata.normalize("NFC", chr(cp))
        if target != chr(cp):
            table.setdefault(target, []).append(chr(cp))
    return table


TWINS = _twins()


def kangxi(text: str, seed: int, share: float = 0.7) -> str:
    """Most ideographs that have a look-alike are printed as it, the way some
    PDF producers map glyphs back to code points; the page looks the same.
    The choice is per character and document, as a font's map is per glyph."""
    return "".join(_twin(ch, seed, share) for ch in text)


def _twin(ch: str, seed: int, share: float) -> str:
    if ch not in TWINS:
        return ch
    rng = random.Random(f"{seed}:{ch}")
    return rng.choice(TWINS[ch]) if rng.random() < share else ch


def printed(text: str, spec: dict) -> str:
    return kangxi(text, spec["seed"]) if spec["style"]["kangxi"] else text


def footer_text(style: dict, page: int) -> str:
    return style["footer"].format(n=page)


def title_line(spec: dict) -> str:
    return f"{spec['label']}\u3000{spec['title']}" if spec.get("label_inline") else spec["title"]


# --- tables -------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A grid cell placed: its row, first column, spans and the cell itself."""

    row: int
    col: int
    rowspan: int
    colspan: int
    cell: dict


def place(rows: list[list[dict]], n_cols: int) -> list[Slot]:
    """HTML-like rows (cells covered by a span above are left out) to slots on
    the grid, the way a browser lays out rowspan and colspan."""
    taken: set[tuple[int, int]] = set()
    slots = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            slots.append(Slot(r, c, cell["rowspan"], cell["colspan"], cell))
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    taken.add((r + dr, c + dc))
            c += cell["colspan"]
        if c > n_cols:
            raise ValueError(f"row {r} has {c} columns, the table {n_cols}")
    return slots


# --- reproducible bytes -------------------------------------------------------

_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\()(D:[^)]*)(\))")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)(<)")
_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")


def reproducible(pdf: Path, seed: int) -> None:
    """Dates, the file ID and LibreOffice's checksum are the only parts of a producer's PDF that
    change from run to run: replace them in place by values of the same
    length (so the cross-reference offsets stay right), derived from the seed."""
    data = pdf.read_bytes()
    fixed = hashlib.sha256(str(seed).encode()).hexdigest().upper()

    def same_length(value: bytes, fill: bytes) -> bytes:
        return (fill * (len(value) // len(fill) + 1))[: len(value)]

    data = _DATE.sub(lambda m: m.group(1) + same_length(m.group(2), b"D:20200101000000Z") + m.group(3), data)
    data = _XMP_DATE.sub(lambda m: m.group(1) + same_length(m.group(2), b"2020-01-01T00:00:00Z") + m.group(3), data)
    data = _ID.sub(
        lambda m: (
            m.group(1)
            + same_length(m.group(2), fixed.encode())
            + m.group(3)
            + same_length(m.group(4), fixed.encode())
            + m.group(5)
        ),
        data,
    )
    data = _CHECKSUM.sub(lambda m: m.group(1) + same_length(m.group(2), fixed.encode()), data)
    pdf.write_bytes(data)
