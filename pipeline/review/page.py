"""The review page's HTML: a document's rows and page images in, one
self-contained page out (style and script inline, images by relative path).

Boxes stay in PDF points in the JSON; here they become percentages of their
page, so they sit right whatever size the browser draws the page at.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from urllib.parse import quote

from .assets import CSS, JS
from .render import PageImage
from .rows import TABLES, Box, Row, is_low, note_boxes

TABLE_NAMES = {
    "goals": "Goals 施政目標",
    "kpis": "KPIs 績效指標",
    "key_plans": "Key plans 重要計畫",
    "risks": "Risks 風險項目",
}
TITLE_CHARS = 80  # of a value, in a box's tooltip


def build_html(document: dict, rows: list[Row], pages: list[PageImage], images: str, json_href: str) -> str:
    """`images`: the page images' folder, relative to the page; `json_href`:
    the document's JSON, relative to the page (the data, of which this is a view)."""
    checks = sum(r.check for r in rows)
    body = "\n".join(
        [
            header(document, rows, checks, json_href),
            "<main>",
            pages_pane(document, rows, pages, images),
            rows_pane(document, rows),
            "</main>",
        ]
    )
    title = f"{document['doc_id']}: {document.get('title', '')}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-Hant">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} (review)</title>\n<style>\n{CSS}\n</style>\n</head>\n"
        f"<body>\n{body}\n<script>\n{JS}\n</script>\n</body>\n</html>\n"
    )


def header(document: dict, rows: list[Row], checks: int, json_href: str) -> str:
    ocr = document.get("ocr_pages") or []
    facts = [
        escape(document["doc_id"]),
        escape(str(document.get("source_file", ""))),
        f"{document.get('pages', '')} pages" + (f" (read by OCR: {escape(page_list(ocr))})" if ocr else ""),
        f"schema {escape(str(document.get('schema_version', '')))}",
        f'data: <a href="{escape(json_href)}">{escape(json_href.rsplit("/", 1)[-1])}</a>',
    ]
    legend = "".join(
        f'<span class="t-{t}"><i></i> {escape(TABLE_NAMES[t])} ({sum(r.table == t for r in rows)})</span>'
        for t in TABLES
    )
    legend += '<span><i class="low"></i> OCR confidence below 95%</span>'
    return (
        f"<header>\n<h1>{escape(document.get('title') or document['doc_id'])}</h1>\n"
        f'<p class="meta">{" · ".join(facts)}</p>\n'
        f'<div class="legend">{legend}'
        f'<label><input type="checkbox" id="only-check"> only rows to check ({checks})</label></div>\n'
        "</header>"
    )


def page_list(pages: list[int]) -> str:
    return ", ".join(str(p) for p in pages)


def pages_pane(document: dict, rows: list[Row], pages: list[PageImage], images: str) -> str:
    boxes = shared_boxes(rows)
    notes = note_boxes(document)
    sections = [page_section(p, boxes.get(p.number, []), notes, images) for p in pages]
    return '<div id="pages">\n' + "\n".join(sections) + "\n</div>"


def shared_boxes(rows: list[Row]) -> dict[int, list[tuple[Box, list[Row]]]]:
    """Per page, each distinct box of a table once, with every row it holds a
    value of, in reading order."""
    found: dict[tuple, tuple[Box, list[Row]]] = {}
    for row in rows:
        for box in row.boxes:
            found.setdefault((row.table, box.page, box.bbox), (box, []))[1].append(row)
    by_page: dict[int, list[tuple[Box, list[Row]]]] = {}
    for box, holders in sorted(found.values(), key=lambda e: (e[0].page, e[0].bbox[1], e[0].bbox[0])):
        by_page.setdefault(box.page, []).append((box, holders))
    return by_page


def page_section(
    page: PageImage, boxes: list[tuple[Box, list[Row]]], notes: list[tuple[int, tuple, str]], images: str
) -> str:
    n = page.number
    parts = [
        f'<section class="page" id="page-{n}">',
        f"<h2>page {n}</h2>",
        f'<div class="sheet" style="aspect-ratio: {page.width:.2f} / {page.height:.2f}">',
        f'<img src="{escape(quote(images))}/{page.file}" alt="page {n}" '
        f'width="{page.pixels[0]}" height="{page.pixels[1]}">',
    ]
    parts += [box_element(box, holders, page) for box, holders in boxes]
    parts += [
        f'<div class="note" title="{escape(message)}" style="{position(bbox, page)}"></div>'
        for note_page, bbox, message in notes
        if note_page == n
    ]
    parts += ["</div>", "</section>"]
    return "\n".join(parts)


def box_element(box: Box, holders: list[Row], page: PageImage) -> str:
    first = holders[0]
    classes = ["box", f"t-{first.table}"]
    if is_low(box):
        classes.append("low")
    if any(r.check for r in holders):
        classes.append("check")
    rows = " ".join(r.id for r in holders)
    return (
        f'<div class="{" ".join(classes)}" data-rows="{rows}" title="{escape(box_title(box, first))}" '
        f'style="{position(box.bbox, page)}"></div>'
    )


def box_title(box: Box, row: Row) -> str:
    if box.fields:
        value = flat(field_value(row.record, box.fields[0]))
        title = f"{', '.join(box.fields)}: {shorten(value)}"
    else:
        title = shorten(label(row))
    if box.confidence is not None:
        title += f" (OCR {box.confidence:.1f}%)"
    return title


def field_value(record: dict, field: str) -> object:
    """A field's value by its provenance name (`extra.備註` is in `extra`)."""
    if field.startswith("extra."):
        return record.get("extra", {}).get(field.removeprefix("extra."), "")
    if field == "risk_map":
        return f"{record.get('risk_number', '')} {record.get('risk', '')}"
    value = record.get(field, "")
    return "" if value is None else value


def position(bbox: Iterable[float], page: PageImage) -> str:
    x0, top, x1, bottom = bbox
    w, h = page.width, page.height
    return (
        f"left: {x0 / w * 100:.3f}%; top: {top / h * 100:.3f}%; "
        f"width: {(x1 - x0) / w * 100:.3f}%; height: {(bottom - top) / h * 100:.3f}%"
    )


def rows_pane(document: dict, rows: list[Row]) -> str:
    parts = ['<div id="rows">', notes_list(document)]
    for table in TABLES:
        mine = [r for r in rows if r.table == table]
        if not mine:
            continue
        parts.append(f'<section class="t-{table}"><h2>{escape(TABLE_NAMES[table])} ({len(mine)})</h2>\n<ol>')
        parts += [row_element(r) for r in mine]
        parts.append("</ol></section>")
    parts.append("</div>")
    return "\n".join(p for p in parts if p)


def notes_list(document: dict) -> str:
    notes = document.get("quality", [])
    if not notes:
        return ""
    items = "".join(
        f'<li><a href="#page-{q["page"]}">page {q["page"]}</a> {escape(q["severity"])} '
        f"<code>{escape(q['code'])}</code>: {escape(q['message'])}</li>"
        for q in notes
    )
    return f"<details><summary>Notes on this document ({len(notes)})</summary><ul>{items}</ul></details>"


def row_element(row: Row) -> str:
    classes = ["row", f"t-{row.table}"] + (["check"] if row.check else [])
    record = row.record
    if row.table == "goals":
        classes.append(f"lv{record.get('level', 1)}")
    why = "".join(f"<li>{escape(r)}</li>" for r in row.reasons)
    why = f'<ul class="why">{why}</ul>' if why else ""
    return (
        f'<li class="{" ".join(classes)}" id="{row.id}" data-page="{row.first_page}" tabindex="0">'
        f'<span class="pg">p.{record.get("page", row.first_page)}</span>{row_content(row)}{why}</li>'
    )


def row_content(row: Row) -> str:
    """The record's key fields: what a reader recognizes it by."""
    r = row.record
    if row.table == "goals":
        return key(r.get("number", "")) + text(r.get("text", ""))
    if row.table == "kpis":
        number = "-".join(n for n in (r.get("goal_number", ""), r.get("kpi_number", "")) if n)
        common = ' <span class="sub">共同性指標</span>' if r.get("kind") == "common" else ""
        target = f'<span class="target">{escape(r.get("target_raw", ""))}</span>' if r.get("target_raw") else ""
        return key(number) + text(r.get("kpi", "")) + target + common + extras(r)
    if row.table == "key_plans":
        sub = " · ".join(v for v in (r.get("work_plan", ""), r.get("category", "")) if v)
        return text(r.get("item", "")) + (f'<div class="sub">{escape(sub)}</div>' if sub else "") + extras(r)
    owners = "、".join(r.get("owners", []))
    return (
        key(r.get("risk_number", ""))
        + text(r.get("risk", ""))
        + (f'<div class="sub">{escape(owners)}</div>' if owners else "")
        + assessment(r)
        + extras(r)
    )


# A risk's assessment as the register's columns name it.
ASSESSMENT = (
    ("impact", "影響程度"),
    ("likelihood", "發生機率"),
    ("risk_score", "風險值"),
    ("risk_level", "風險等級"),
    ("residual_score", "殘餘風險值"),
)


def assessment(record: dict) -> str:
    parts = [f"{name} {record[f]}" for f, name in ASSESSMENT if record.get(f) not in (None, "")]
    scenario = record.get("scenario", "")
    sub = (f"{scenario} " if scenario else "") + " · ".join(parts)
    return f'<div class="sub assessment">{escape(sub)}</div>' if sub.strip() else ""


def extras(record: dict) -> str:
    """The record's printed columns the contract does not name, with their headers."""
    pairs = [f"{k}：{shorten(v)}" for k, v in record.get("extra", {}).items() if v]
    return f'<div class="sub extra">{escape(" · ".join(pairs))}</div>' if pairs else ""


def key(value: str) -> str:
    return f'<span class="k">{escape(value)}</span>' if value else ""


def text(value: str) -> str:
    return f'<span class="text">{escape(value)}</span>'


def label(row: Row) -> str:
    r = row.record
    names = {"goals": ("number", "text"), "kpis": ("kpi_number", "kpi"), "key_plans": ("item",)}
    return " ".join(flat(r.get(f, "")) for f in names.get(row.table, ("risk_number", "risk")))


def flat(value: object) -> str:
    return "、".join(value) if isinstance(value, list) else str(value)


def shorten(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= TITLE_CHARS else value[: TITLE_CHARS - 1] + "…"


def index_html(entries: list[tuple[dict, list[Row]]]) -> str:
    """One line per document reviewed: its page, rows and rows to check."""
    items = "\n".join(
        f'<li><a href="{escape(quote(doc["doc_id"]))}.html">{escape(doc["doc_id"])}</a> '
        f"{escape(doc.get('title', ''))}: {len(rows)} rows, {sum(r.check for r in rows)} to check</li>"
        for doc, rows in entries
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hant">\n<head>\n<meta charset="utf-8">\n'
        "<title>Review pages</title>\n</head>\n<body>\n<h1>Review pages</h1>\n"
        "<p>Each page shows a document's pages with the box of every value read from them.</p>\n"
        f"<ul>\n{items}\n</ul>\n</body>\n</html>\n"
    )
