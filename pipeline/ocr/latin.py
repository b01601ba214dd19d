"""Latin text in a Chinese line: symbols in, symbols out. The Chinese model
reads the few Latin words of a plan with the look-alikes it knows best:
`Al` or `A！` for AI, `loT` for IoT, `0ECD` for OECD, and web addresses with commas
for dots (`www,ey,gov.tw`), capitals (`WWWw.gov.tw`) and their opening
parenthesis lost (`網站www.gov.tw）`).

- An acronym is set right only when the reading is one of the plans'
  acronyms (lexicon.ACRONYMS) but for letters the model confuses (l I 1 i,
  0 O o): a word outside the list is never changed.
- A web address's host is lower case, with dots between its parts; it is
  told by `www` or a Taiwan domain ending (.gov.tw, .org.tw…).
Every change is marked doubtful, for quality.csv.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import numpy as np

from ..lexicon import ACRONYMS
from .image import column_runs
from .punctuation import line_stretch
from .symbols import LATIN_SPACE, Symbol

# Letters and figures the model reads one for another in Latin words.
CONFUSED = str.maketrans({"l": "I", "1": "I", "i": "I", "|": "I", "!": "I", "！": "I", "0": "O", "o": "O"})


def confusion_key(word: str) -> str:
    return word.translate(CONFUSED).upper()


ACRONYM_KEYS = {confusion_key(w): w for w in ACRONYMS}

ADDRESS_CHARS = re.compile(r"[A-Za-z0-9.,/:_\-]")
ADDRESS = re.compile(r"[Ww]{3}|[.,](?:gov|org|com|edu|net)[.,]tw|[.,]tw$")
# The host of an address read with a letter before its www, or a w too many.
WWW = re.compile(r"^[A-Za-z]?[Ww]{3,4}[.,]+")
OPENERS = "〈《<(（[［"
LATIN = re.compile(r"[A-Za-z0-9|!！]")  # what an acronym may be read as


def repair_latin(symbols: list[Symbol], em: int, inked: np.ndarray | None = None) -> list[Symbol]:
    """Web addresses, then acronyms (outside addresses); `em` in px and
    `inked`, the line's columns holding ink, tell a word space inside what
    Tesseract read as one word."""
    # a spread line's paper between every two glyphs is no word space in an acronym (I o T spread: IoT)
    latin = any(s.text.isascii() and s.text.isalpha() for s in symbols)
    stretch = line_stretch(column_runs(inked), em) if latin and inked is not None and em else 0
    if inked is not None:
        symbols = box_word_spaces(symbols, inked, em)
    out, addresses = repair_addresses(symbols)
    return repair_acronyms(out, addresses, em, stretch)


def box_word_spaces(symbols: list[Symbol], inked: np.ndarray, em: int) -> list[Symbol]:
    """Between a lower-case and a capital letter (Open Data), the widest
    blank run of columns: when it is a word space wide, the two boxes are
    cut back to it, since the looks box a word's letters edge to edge
    whatever paper lies between them."""
    out = list(symbols)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if not (len(a.text) == len(b.text) == 1 and a.text.isascii() and a.text.islower() and b.text.isupper()):
            continue
        lo, hi = a.box[0] + 1, min(b.box[2], len(inked))
        blank = widest_blank(inked[lo:hi])
        if blank and em and blank[1] - blank[0] > LATIN_SPACE * em:
            out[i] = a._replace(box=(a.box[0], a.box[1], lo + blank[0], a.box[3]))
            out[i + 1] = b._replace(box=(lo + blank[1], b.box[1], max(b.box[2], lo + blank[1] + 1), b.box[3]))
    return out


def widest_blank(columns: np.ndarray) -> tuple[int, int] | None:
    """(start, end) of the widest run of False in `columns`, None when none."""
    best, start = None, None
    for x, inked in enumerate([*columns.tolist(), True]):
        if not inked and start is None:
            start = x
        elif inked and start is not None:
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
            start = None
    return best


def runs(symbols: list[Symbol], allowed: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of every run of one-character symbols matching `allowed`."""
    spans, start = [], None
    for i, s in enumerate([*symbols, Symbol("", (0, 0, 0, 0), 0.0)]):
        if len(s.text) == 1 and allowed.match(s.text):
            start = i if start is None else start
        elif start is not None:
            spans.append((start, i))
            start = None
    return spans


def repair_addresses(symbols: list[Symbol]) -> tuple[list[Symbol], list[tuple[int, int]]]:
    """Every web address set right; and where the addresses are in the result."""
    out: list[Symbol] = []
    spans: list[tuple[int, int]] = []
    done = 0
    for start, end in runs(symbols, ADDRESS_CHARS):
        text = "".join(s.text for s in symbols[start:end])
        if not ADDRESS.search(text):
            continue
        head = list(symbols[done:start])
        if end < len(symbols) and symbols[end].text in ")）":
            head += [opening(head, symbols[start])]
        out += head
        first = len(out)
        out += address(symbols[start:end], text)
        spans.append((first, len(out)))
        done = end
    return out + symbols[done:], spans


def opening(head: list[Symbol], first: Symbol) -> Symbol:
    """The （ before an address that ends in ）: the one read, or one put in
    for what was read instead (〈《) or lost (taken from `head`)."""
    popped: list[Symbol] = []
    while head and head[-1].text in OPENERS:
        popped.insert(0, head.pop())
    if [s.text for s in popped] == ["（"]:
        return popped[0]
    read = "".join(s.text for s in popped) or "nothing"
    x0 = popped[0].box[0] if popped else (head[-1].box[2] if head else first.box[0] - 1)
    box = (min(x0, first.box[0] - 1), first.box[1], first.box[0], first.box[3])
    return Symbol("（", box, 100.0, doubt=f"（ before a web address (read as {read})")


def address(symbols: list[Symbol], text: str) -> list[Symbol]:
    host, slash, path = text.partition("/")
    fixed = WWW.sub("www.", host)
    fixed = re.sub(r"[.,]+", ".", fixed).lower() + slash + path
    if fixed == text:
        return symbols
    out: list[Symbol] = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, text, fixed, autojunk=False).get_opcodes():
        if op == "equal":
            out += symbols[a1:a2]
        elif op == "replace" and a2 - a1 == b2 - b1:
            out += [s._replace(text=c, doubt=f"{fixed} (read as {text})") for s, c in zip(symbols[a1:a2], fixed[b1:b2])]
        elif op == "replace":
            out += [symbols[a1]._replace(text=fixed[b1:b2], doubt=f"{fixed} (read as {text})")]
        # a delete drops what was read twice or in the margin; nothing is inserted
    return out


def repair_acronyms(symbols: list[Symbol], addresses: list[tuple[int, int]], em: int, stretch: int = 0) -> list[Symbol]:
    out = list(symbols)
    inside = {i for a, b in addresses for i in range(a, b)}
    for start, end in runs(symbols, LATIN):
        for a, b in words(symbols, start, end, em, stretch):
            if inside & set(range(a, b)):
                continue
            read = "".join(s.text for s in symbols[a:b])
            word = ACRONYM_KEYS.get(confusion_key(read))
            figures = sum(c.isdigit() for c in read)
            if word and word != read and (figures == 0 or (figures == 1 and len(read) >= 3)):
                for i, c in zip(range(a, b), word):
                    out[i] = out[i]._replace(text=c, doubt=f"{word} (read as {read})")
    return out


def words(symbols: list[Symbol], start: int, end: int, em: int, stretch: int = 0) -> list[tuple[int, int]]:
    """A run of Latin symbols cut at its word spaces (wider than a spread line's `stretch`)."""
    cuts = [start]
    for i in range(start + 1, end):
        if em and symbols[i].box[0] - symbols[i - 1].box[2] > LATIN_SPACE * em + stretch:
            cuts.append(i)
    return list(zip(cuts, [*cuts[1:], end]))
