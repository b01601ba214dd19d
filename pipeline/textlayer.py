"""Text layer: a page's glyphs in, whether they are usable text or the page
is a scan that needs OCR out. Below extract and ocr, which both take it:
deciding must not load the OCR stack.
"""

from __future__ import annotations

import unicodedata

from .model import Glyph


def junk_share(glyphs: tuple[Glyph, ...]) -> float:
    """Share of glyphs that are private-use, control, replacement or unassigned
    characters: a text layer from a broken font mapping."""
    if not glyphs:
        return 1.0
    bad = sum(
        1 for g in glyphs for ch in g.text if unicodedata.category(ch) in ("Co", "Cc", "Cn", "Cs") or ch == "\ufffd"
    )
    return bad / max(1, sum(len(g.text) for g in glyphs))


def needs_ocr(glyphs: tuple[Glyph, ...], has_images: bool) -> bool:
    """No text layer (or a junk one) over an image: a scan."""
    return has_images and (not glyphs or junk_share(glyphs) > 0.5)
