"""Weighing: the looks at one line set against each other. Where they read
look-alike ideographs apart, the lexicon and the looks' confidences choose
(choose_reading); a mark or a glyph the first look alone reads, or alone
misses, is dropped or put back when the others agree (drop_split_glyphs,
restore_lost_marks); every place they disagree is noted for a reader
(note_disagreements). PP-OCR's reading (recognizer) is one of the looks:
a reader of its own, it casts a vote at each place (model_votes) and is
trusted over Tesseract for the marks where another look agrees with it
(take_model_marks)."""

from __future__ import annotations

import itertools
import math
import unicodedata
from difflib import SequenceMatcher
from typing import NamedTuple

import numpy as np

from .. import lexicon
from ..normalize import is_cjk
from .image import column_runs
from .symbols import OPERATORS, UNSURE_SYMBOL, Symbol, em_size, is_ideograph, mean_confidence

MAX_SLOT = 3  # symbols: a longer difference is not a look-alike


MAX_SLOTS = 6  # places per line weighed together (2**6 combinations)


CONFIDENCE_WEIGHT = 1.0  # the model's confidence against the lexicon's log-probability


SECOND_PRIOR = 1.0  # the first reading is the better one overall: the second must win by this much


# PP-OCR's reading at a place where the looks differ, as evidence for the
# text it agrees with (log-odds, like the confidences): a vote of its own
# reader, worth about as much as a 98 % confidence.
MODEL_VOTE = 4.0
# Where the looks read forms that simplify alike (製/制), PP-OCR's vote is
# none (its reading took Tesseract's form: traditional_forms); the form
# Taiwan's standard writes in that word (lexicon.standard_forms) has its own.
FORM_VOTE = 4.0
# Where every Tesseract look reads a form the standard does not write and
# PP-OCR reads the standard's (standard_forms_seen): Tesseract under this
# confidence, PP-OCR at this or more.
FORM_UNSURE = 95.0
FORM_SEEN = 90.0


SURE_IDEOGRAPH = 99.0  # a line whose ideographs all read this sure, and alike twice, is not looked at a third time


# Quotes the first look reads from a speck or a stroke's tip beside an
# ideograph (管考系“統資料, “海洋保育署, at 300 dpi): dropped like a
# sentence mark when both other looks leave them out.
STRAY_MARKS = "“”‘’\"'`"
MODEL_LETTER = 90.0  # PP-OCR's confidence in each letter of a Latin word it reads otherwise than Tesseract
WHOLE_GLYPH = 1.25  # ems: two ideographs' ink is wider, one glyph's is not
STRAY_QUOTE = 95.0  # a quote read with less confidence, and not by PP-OCR, is a speck


# A sentence's marks as another look reads them, and as the first look's repairs write them.
SENTENCE_MARKS = {",": "，", "，": "，", "、": "、", "。": "。", ";": "；", "；": "；", ":": "：", "：": "："}


def lost_marks(first: list[Symbol], other: list[Symbol]) -> dict[int, Symbol]:
    """The marks another look reads between two Chinese characters where the
    first reads none, by the index of the symbol they stand before."""
    a, b = [s.text for s in first], [s.text for s in other]
    found = {}
    for op, i1, _i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "insert" or j2 - j1 != 1 or other[j1].text not in SENTENCE_MARKS or not 0 < i1 <= len(first):
            continue
        if is_cjk(first[i1 - 1].text[-1]) and (i1 == len(first) or is_cjk(first[i1].text[0])):
            found[i1] = other[j1]
    return found


def plain(text: str) -> str:
    """A symbol's text as the looks are compared: marks and widths folded (，/, （/( ２/2)."""
    return SENTENCE_MARKS.get(text, unicodedata.normalize("NFKC", text))


def note_disagreements(first: list[Symbol], others: list[list[Symbol]]) -> list[Symbol]:
    """Each place another look reads a mark, a figure or a letter otherwise
    (，/。 ×/- 5/3), or reads one where the first has none or none where it
    has one, made doubtful; and an ideograph of the first look another
    leaves out (和 read in the gap of 擴大能源). Look-alike ideographs are
    weighed (choose_reading); the rest is left to the first look, which
    reads it best, but a reader should know the looks disagreed. (An
    ideograph another look reads and the first does not was measured too: on
    the scanned families it adds five notes on text read right for each
    wrong cell it lists.)"""
    out = list(first)
    a = [plain(s.text) for s in first]
    for other in others:
        b = [plain(s.text) for s in other]
        for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            apart = a[i1:i2] + b[j1:j2]
            extra = op == "delete" and i2 - i1 == 1  # an ideograph read in a gap (和)
            if op == "equal" or (all(map(is_ideograph, apart)) and not extra) or max(i2 - i1, j2 - j1) > MAX_SLOT:
                continue  # ideographs alone are weighed by choose_reading; a longer run is one look's failure
            at = min(i1, len(out) - 1)
            read = "".join(s.text for s in other[j1:j2]) or "nothing"
            mine = "".join(s.text for s in first[i1:i2]) or f"nothing before {out[at].text}"
            out[at] = out[at]._replace(doubt=out[at].doubt or f"{mine} (another look reads {read})")
    return out


def restore_lost_marks(first: list[Symbol], others: list[list[Symbol]]) -> list[Symbol]:
    """A mark the first look passed over (資源配置，加強 read as 資源配置加強,
    the comma's ink small and close to its neighbours): put back where the
    other two looks both read it, doubtful; where one look alone reads it,
    the place is doubtful. Read with full confidence, such a line looked
    whole to every other check."""
    found: dict[int, list[Symbol]] = {}
    for other in others:
        for i, mark in lost_marks(first, other).items():
            found.setdefault(i, []).append(mark)
    out: list[Symbol] = []
    for i in range(len(first) + 1):
        symbol = first[i] if i < len(first) else None  # None: after the line's last symbol
        marks = found.get(i, [])
        texts = {SENTENCE_MARKS[m.text] for m in marks}
        if len(others) >= 2 and len(marks) == len(others) and len(texts) == 1:
            mark, text = marks[0], texts.pop()
            x0 = max(mark.box[0], out[-1].box[0] + 1)
            right = mark.box[2] if symbol is None else min(mark.box[2], symbol.box[0])
            box = (x0, mark.box[1], max(x0 + 1, right), mark.box[3])
            out.append(mark._replace(text=text, box=box, doubt=f"{text} read by the other looks only"))
        elif marks and symbol is not None:
            doubt = f"{SENTENCE_MARKS[marks[0].text]} before {symbol.text}? (another look reads it)"
            symbol = symbol._replace(doubt=symbol.doubt or doubt)
        elif marks:
            doubt = f"{SENTENCE_MARKS[marks[0].text]} after {out[-1].text}? (another look reads it)"
            out[-1] = out[-1]._replace(doubt=out[-1].doubt or doubt)
        if symbol is not None:
            out.append(symbol)
    return out


class Slot(NamedTuple):
    """Where another reading of a line differs from the first: symbols
    [start, end) of the first, and the text the other reads there instead."""

    start: int
    end: int
    other: tuple[str, ...]
    other_confidence: float


def differing_slots(first: list[Symbol], second: list[Symbol], forms: bool = True) -> list[Slot]:
    """The places where the second reading reads other ideographs for the
    same number of symbols (look-alikes: 處/慮, 域/城); insertions, deletions
    and figures are left to the first reading, which reads them better.
    `forms=False` (PP-OCR's reading): not where the two are one text in
    simplified writing (製/制, 臺/台), which the lexicon cannot weigh and
    whose traditional form is Tesseract's to say (traditional_forms).
    Marks are aligned as `plain` folds them: the first look's repairs set a
    bracket's width, the others do not (（占 against (占 is one place, not two)."""
    a, b = [plain(s.text) for s in first], [plain(s.text) for s in second]
    slots = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "replace" or i2 - i1 != j2 - j1 or i2 - i1 > MAX_SLOT:
            continue
        if not forms and lexicon.simplified("".join(a[i1:i2])) == lexicon.simplified("".join(b[j1:j2])):
            continue
        if all(is_ideograph(t) for t in a[i1:i2] + b[j1:j2]):
            slots.append(Slot(i1, i2, tuple(s.text for s in second[j1:j2]), mean_confidence(second[j1:j2])))
    return slots


def choose_reading(first: list[Symbol], others: list[list[Symbol]], model: list[Symbol] | None = None) -> list[Symbol]:
    """At each place another reading differs from the first, the reading the
    lexicon and the model's confidence together favour (lexicon.score: how
    much the line reads like Chinese). Every place the looks read apart is
    doubtful, whichever won and by however much, and says the best rival
    reading, for quality.csv: a wrong cell is most often one that no look
    doubted, and next most often one whose looks disagreed."""
    model = model or []
    places = slots_by_place(first, [*others, model], model)[:MAX_SLOTS]
    if not places:
        return first
    votes = model_votes(first, model)
    forms = lexicon.standard_forms([s.text for s in first])
    scored = []
    for choice in itertools.product(*[range(len(options) + 1) for options in places]):
        text = [s.text for s in first]
        evidence = 0.0
        for take, options in zip(choice, places):
            start, end = options[0].start, options[0].end
            if take:
                slot = options[take - 1]
                text[start:end] = slot.other
                evidence += confidence_weight(slot.other_confidence) - SECOND_PRIOR
                read = slot.other
            else:
                evidence += confidence_weight(mean_confidence(first[start:end]))
                read = tuple(s.text for s in first[start:end])
            if forms is not None and forms_alike(first[start:end], options):
                evidence += FORM_VOTE if "".join(read) == "".join(forms[start:end]) else 0.0
            elif all(votes.get(i) == t for i, t in zip(range(start, end), read)):
                evidence += MODEL_VOTE
        scored.append((lexicon.score("".join(text)) + evidence, choice))
    scored.sort(reverse=True)
    choice = scored[0][1]
    out = list(first)
    for k, (take, options) in enumerate(zip(choice, places)):
        start, end = options[0].start, options[0].end
        chosen = options[take - 1].other if take else tuple(s.text for s in first[start:end])
        # The best line with another text in this place.
        rival = next((c for _score, c in scored[1:] if c[k] != take), None)
        doubt = ""
        if rival is not None:
            other = options[rival[k] - 1].other if rival[k] else tuple(s.text for s in first[start:end])
            doubt = f"{''.join(chosen)} (or {''.join(other)}?)"
        for i in range(start, end):
            out[i] = first[i]._replace(text=chosen[i - start], doubt=doubt or first[i].doubt)
    return out


def forms_alike(read: list[Symbol], options: list[Slot]) -> bool:
    """Every reading of a place is one text in simplified writing (製度, 制度)."""
    text = lexicon.simplified("".join(s.text for s in read))
    return all(lexicon.simplified("".join(o.other)) == text for o in options)


def model_votes(first: list[Symbol], model: list[Symbol]) -> dict[int, str]:
    """What PP-OCR reads at each ideograph of the first reading, where the two
    align symbol for symbol (equal, or replaced one for one)."""
    b = [s.text for s in model]
    return {i: b[j] for i, j in aligned([s.text for s in first], b).items()}


def aligned(a: list[str], b: list[str]) -> dict[int, int]:
    """Each place of `a` -> the place of `b` it stands against, where the two
    readings match symbol for symbol (equal, or replaced one for one)."""
    places: dict[int, int] = {}
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("equal", "replace") and i2 - i1 == j2 - j1:
            places.update({i: j1 + i - i1 for i in range(i1, i2)})
    return places


def is_mark(text: str) -> bool:
    """Punctuation or an operator: not an ideograph, a figure or a letter."""
    return bool(text) and not text[0].isalnum()


def take_model_marks(first: list[Symbol], second: list[Symbol], model: list[Symbol]) -> list[Symbol]:
    """A mark the first look reads otherwise than PP-OCR, one for one (、 or '
    for ，, 。 for ×): PP-OCR's when Tesseract's second look reads it too, or
    when it is an operator of a formula (× ÷, which Tesseract reads as 。 + >
    or a speck). Never over an operator the first look's repairs read from
    its ink's shape (a 200-dpi ÷ whose bar every look missed: 數：農).
    Doubtful, saying what the first look read."""
    if not model:
        return first
    a, b = [plain(s.text) for s in first], [plain(s.text) for s in model]
    c = [plain(s.text) for s in second]
    agreed = {  # the model's symbols the second look reads alike, aligned
        j
        for op, j1, j2, _k1, _k2 in SequenceMatcher(None, b, c, autojunk=False).get_opcodes()
        if op == "equal"
        for j in range(j1, j2)
    }
    out = list(first)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "replace" or i2 - i1 != 1 or j2 - j1 != 1 or not (is_mark(a[i1]) and is_mark(b[j1])):
            continue
        if a[i1] in OPERATORS and b[j1] not in OPERATORS:
            continue
        mark = model[j1].text
        if mark in OPERATORS or j1 in agreed or corner_for_square(a, i1, model[j1]):
            text = SENTENCE_MARKS.get(mark, mark)
            out[i1] = out[i1]._replace(text=text, doubt=f"{text} (read as {first[i1].text} by one look)")
    return out


def take_model_letters(first: list[Symbol], model: list[Symbol]) -> list[Symbol]:
    """A Latin word as PP-OCR reads it where Tesseract's Chinese model reads
    it otherwise (Open as Dpen, 。pen or Opbpen, AI as AlI): PP-OCR learnt
    much Latin text, Tesseract's chi_tra little. Only inside a word of
    letters the model reads surely, and never where the first look's word
    is one of the plans' acronyms (set right by the ink, latin.py).
    Doubtful, saying what Tesseract read."""
    if not model:
        return first
    a, b = [plain(s.text) for s in first], [plain(s.text) for s in model]
    out: list[Symbol] = []
    last = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal" or not (in_a_word(b, j1, j2) or letter_echoed(a[i1:i2], b, j1, j2)):
            continue
        if not letters_or_specks(a[i1:i2]):
            continue
        if any(s.confidence < MODEL_LETTER for s in model[max(0, j1 - 1) : j2 + 1]) or known_word(a, i1, i2):
            continue
        out += first[last:i1]
        read = "".join(s.text for s in first[i1:i2])
        if j2 > j1:
            doubt = f"{''.join(b[j1:j2])} read by PP-OCR (as {read} by Tesseract)"
            out += [s._replace(doubt=doubt) for s in model[j1:j2]]
        elif out:  # letters read twice (Opbpen): the one before is doubtful
            out[-1] = out[-1]._replace(
                doubt=out[-1].doubt or f"{out[-1].text} (read as {out[-1].text}{read} by Tesseract)"
            )
        last = i2
    return out + first[last:]


def take_model_whole_glyphs(first: list[Symbol], model: list[Symbol], ink: np.ndarray) -> list[Symbol]:
    """One glyph the first look read as two ideographs (遴 as 和交, 牧 as 和收,
    占 as 上右, 鞏 as 有華; 畜牧 as 冀和收), where PP-OCR reads one glyph
    fewer: the ink under the first look's boxes is no wider than PP-OCR's
    glyphs (the last WHOLE_GLYPH of an em), so it cannot hold one more.
    PP-OCR's glyphs, sure, replace them, doubtful."""
    em = em_size(first)
    if not model or not em:
        return first
    a, b = [s.text for s in first], [s.text for s in model]
    runs = column_runs(ink.any(axis=0))
    out: list[Symbol] = []
    last = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        glyphs = j2 - j1
        if op != "replace" or i2 - i1 != glyphs + 1 or not 1 <= glyphs <= 2:
            continue
        pieces, whole = first[i1:i2], model[j1:j2]
        if not all(is_ideograph(t) for t in a[i1:i2] + b[j1:j2]) or any(s.confidence < MODEL_LETTER for s in whole):
            continue
        x0, x1 = min(s.box[0] for s in pieces), max(s.box[2] for s in pieces)
        # The runs of ink under the boxes; one that runs on past them is a
        # neighbour's (Tesseract's boxes span the paper between glyphs).
        inside = [(u, v) for u, v in runs if u >= x0 - 2 and v <= x1 + 2]
        if not inside or inside[-1][1] - inside[0][0] > (glyphs - 1 + WHOLE_GLYPH) * em:
            continue
        top, bottom = min(s.box[1] for s in pieces), max(s.box[3] for s in pieces)
        start, width = inside[0][0], (inside[-1][1] - inside[0][0]) / glyphs
        read, text = "".join(a[i1:i2]), "".join(b[j1:j2])
        out += first[last:i1]
        out += [
            pieces[k]._replace(
                text=glyph.text,
                box=(round(start + k * width), top, round(start + (k + 1) * width), bottom),
                doubt=f"{text} (read as {read} by Tesseract)",
            )
            for k, glyph in enumerate(whole)
        ]
        last = i2
    return out + first[last:]


def in_a_word(b: list[str], j1: int, j2: int) -> bool:
    """PP-OCR's span j1:j2 is letters inside a Latin word: its own symbols,
    or (where it reads none) both its neighbours, are ASCII letters."""
    span = b[j1:j2] if j2 > j1 else b[max(0, j1 - 1) : j1 + 1]
    return len(span) >= 1 and all(t.isascii() and t.isalpha() for t in span) and (j2 > j1 or len(span) == 2)


def letter_echoed(read: list[str], b: list[str], j1: int, j2: int) -> bool:
    """Lowercase letters Tesseract reads after a lowercase letter where PP-OCR
    reads none, ending its word: an item's letter read twice (b. as bp.)."""
    return (
        j1 == j2 > 0
        and b[j1 - 1].isascii()
        and b[j1 - 1].islower()
        and all(t.isascii() and t.islower() for t in read)
        and not (j1 < len(b) and b[j1].isascii() and b[j1].isalpha())
    )


def letters_or_specks(texts: list[str]) -> bool:
    """What Tesseract read there: letters (figures among them), or a ring or
    dot (。pen); figures alone stay figures (5G is not SG)."""
    return all((t.isascii() and t.isalnum()) or t in "。.．" for t in texts) and not all(
        t.isdigit() for t in texts if t
    )


def known_word(a: list[str], i1: int, i2: int) -> bool:
    """The first look's Latin word around i1:i2 is one of the plans' acronyms."""
    start, end = i1, i2
    while start > 0 and a[start - 1].isascii() and a[start - 1].isalnum():
        start -= 1
    while end < len(a) and a[end].isascii() and a[end].isalnum():
        end += 1
    return "".join(a[start:end]) in lexicon.ACRONYMS


def corner_for_square(a: list[str], i: int, read: Symbol) -> bool:
    """PP-OCR reads a corner bracket (「 」), surely, where Tesseract reads a
    square one that nothing in the line pairs with (「經貿遠朋班」 read as
    [經貿遠朋班」): Tesseract's model takes 「 for ［."""
    if read.text not in "「」『』" or a[i] not in "[]［］" or read.confidence < MODEL_LETTER:
        return False
    opening = a[i] in "[［"
    partners = a[i + 1 :] if opening else a[:i]
    return not any(t in ("]", "］") if opening else t in ("[", "［") for t in partners)


def traditional_forms(first: list[Symbol], model: list[Symbol]) -> list[Symbol]:
    """The model's reading with Tesseract's character wherever the two are
    one character in simplified writing (臺 and 台, 裡 and 里): PP-OCR learnt
    mostly from simplified text and prints 台 for 臺, and the lexicon, which
    looks words up in simplified form, cannot tell them apart either. Which
    traditional form the page printed is Tesseract's to say (its model knows
    only traditional text)."""
    a, b = [s.text for s in first], [s.text for s in model]
    out = list(model)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            for i, j in zip(range(i1, i2), range(j1, j2)):
                if is_ideograph(a[i]) and lexicon.simplified(a[i]) == lexicon.simplified(b[j]):
                    out[j] = out[j]._replace(text=a[i])
    return out


def standard_forms_seen(chosen: list[Symbol], model: list[Symbol]) -> list[Symbol]:
    """An ideograph Tesseract reads in a form Taiwan's standard does not write
    in its word (lexicon.standard_forms: 製度 for 制度) where PP-OCR, before
    traditional_forms, reads the standard's form: the standard's, doubtful.
    traditional_forms gives Tesseract the say on forms that simplify alike,
    and its language model, not the ink, picked 製 (PP-OCR reads the ink
    without 衣). Where PP-OCR reads the printed form too (編製, which
    OpenCC writes 編制), nothing changes. Only where
    Tesseract was unsure of its form (製 at 83-88 %) and PP-OCR sure of
    its own: OpenCC writes a word it does not know character by character,
    and 鬆 of 鬆綁 wrapped before 綁 (read at 98 %) is 松 alone."""
    forms = lexicon.standard_forms([s.text for s in chosen])
    if forms is None or not model:
        return chosen
    out = list(chosen)
    for i, j in aligned([s.text for s in chosen], [s.text for s in model]).items():
        mine, theirs = chosen[i].text, model[j].text
        if mine == theirs or not is_ideograph(mine) or lexicon.simplified(mine) != lexicon.simplified(theirs):
            continue
        unsure = chosen[i].confidence < FORM_UNSURE and model[j].confidence >= FORM_SEEN
        if theirs == forms[i] and unsure:
            out[i] = chosen[i]._replace(text=theirs, doubt=f"{theirs} (the standard form in its word; read as {mine})")
    return out


def drop_split_glyphs(first: list[Symbol], others: list[list[Symbol]], marks: bool = False) -> list[Symbol]:
    """An ideograph of the first reading that both other looks leave out, read
    with less than SURE_IDEOGRAPH: the first look split one glyph in two
    (競 read as 和競), or read a speck beside it. Likewise a Latin letter
    after another, read with less than UNSURE_SYMBOL: one letter read twice
    (b. as bp.), the second over the first's ink, which it then keeps."""
    if len(others) < 2:
        return first
    left_out = set.intersection(*(omitted(first, other) for other in others))
    drop = {i for i in left_out if is_ideograph(first[i].text) and first[i].confidence < SURE_IDEOGRAPH}
    if marks:
        # PP-OCR is one of the looks that leave it out: a reader of its own, not
        # Tesseract again, so two looks agreeing outweigh the first's confidence.
        # A bracket after its like is one read twice (35人）） for 35人）).
        drop |= {
            i
            for i in left_out
            if first[i].text in SENTENCE_MARKS
            or first[i].text in STRAY_MARKS
            or is_ideograph(first[i].text)
            or (first[i].text in "()（）" and i > 0 and plain(first[i - 1].text) == plain(first[i].text))
        }
    echoes = {i for i in left_out if i > 0 and letter_echo(first[i - 1], first[i])}
    out: list[Symbol] = []
    for i, symbol in enumerate(first):
        if i - 1 in drop:  # the glyph's ink starts where the piece read apart did
            symbol = symbol._replace(box=(first[i - 1].box[0], *symbol.box[1:]))
        if i + 1 in echoes:
            echo = first[i + 1]
            doubt = f"{symbol.text} (read as {symbol.text}{echo.text} by one look)"
            symbol = symbol._replace(box=(*symbol.box[:2], max(symbol.box[2], echo.box[2]), symbol.box[3]), doubt=doubt)
        if i not in drop and i not in echoes:
            out.append(symbol)
    return out


def drop_stray_quotes(first: list[Symbol], model: list[Symbol]) -> list[Symbol]:
    """A quote mark the first look reads with less than STRAY_QUOTE where
    PP-OCR reads none: the dots of 氵 read apart (“漁業資源), a speck beside a
    glyph (系“統). Tesseract's second look shares the first's model and
    often its misreading; PP-OCR, another reader, does not. The next
    symbol is doubtful."""
    if not model:
        return first
    drop = {i for i in omitted(first, model) if first[i].text in STRAY_MARKS and first[i].confidence < STRAY_QUOTE}
    out: list[Symbol] = []
    for i, symbol in enumerate(first):
        if i - 1 in drop:
            symbol = symbol._replace(
                doubt=symbol.doubt or f"{first[i - 1].text} before {symbol.text}? (PP-OCR reads none)"
            )
        if i not in drop:
            out.append(symbol)
    return out


def letter_echo(before: Symbol, letter: Symbol) -> bool:
    return all(s.text.isascii() and s.text.isalpha() for s in (before, letter)) and letter.confidence < UNSURE_SYMBOL


def omitted(first: list[Symbol], other: list[Symbol]) -> set[int]:
    """The symbols of the first reading another leaves out one at a time, the
    rest aligned (marks and widths folded: the second look reads ， as ,)."""
    a, b = [plain(s.text) for s in first], [plain(s.text) for s in other]
    return {
        i1
        for op, i1, i2, _j1, _j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if op == "delete" and i2 - i1 == 1
    }


def slots_by_place(
    first: list[Symbol], others: list[list[Symbol]], model: list[Symbol] | None = None
) -> list[list[Slot]]:
    """The other readings' slots grouped by the symbols of the first they
    replace; a slot that overlaps another place only in part is left out."""
    places: dict[tuple[int, int], list[Slot]] = {}
    for other in others:
        for slot in differing_slots(first, other, forms=other is not model):
            key = (slot.start, slot.end)
            overlaps = any(a < slot.end and slot.start < b for a, b in places if (a, b) != key)
            if overlaps or any(s.other == slot.other for s in places.get(key, [])):
                continue
            places.setdefault(key, []).append(slot)
    return [places[key] for key in sorted(places)]


def confidence_weight(confidence: float) -> float:
    """A reading's confidence as log-odds-like evidence (a confidence of 99
    weighs much more than one of 90)."""
    p = min(max(confidence, 1.0), 99.0) / 100
    return CONFIDENCE_WEIGHT * math.log(p / (1 - p))
