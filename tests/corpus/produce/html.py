"""Chromium producer: a generated document as HTML + CSS, printed to PDF by
headless Chromium, the way web systems print: `thead` repeated on every
page, `border-collapse`, `rowspan`, rows split across pages, justified
text, page numbers in the @page margin boxes.

Needs Debian's `chromium` and the CJK fonts (see docs/install.md).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from .common import family, page_size, printed, reproducible, title_line

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def esc(text: str, spec: dict) -> str:
    return html.escape(printed(text, spec))


def css(spec: dict) -> str:
    style = spec["style"]
    width, height = page_size(style)
    before, after = style["footer"].split("{n}")
    counter = f'"{before}" counter(page) "{after}"'
    header = f'@top-center {{ content: "{title_line(spec).replace(chr(0x3000), "")}"; font-size: 9pt; }}'
    spread = "text-align: justify; text-align-last: justify; text-justify: inter-character;"
    return f"""
@page {{ size: {width:.2f}pt {height:.2f}pt; margin: 62pt 56pt 62pt 56pt;
  @bottom-center {{ content: {counter}; font-size: 10pt; font-family: "{family(style)}"; }}
  {header if style["running_header"] else ""} }}
body {{ font-family: "{family(style)}"; font-size: {style["size"]}pt; line-height: 1.45; margin: 0;
  {"line-break: loose;" if style.get("loose_punctuation") else ""} }}
p {{ margin: 0; text-align: justify; }}
.title {{ text-align: center; font-size: 16pt; font-weight: bold; margin: 0 0 8pt 0; }}
.label {{ font-size: 11pt; text-align: left; }}
.para {{ text-indent: 2em; }}
h2 {{ font-family: "{family(style, "heading_font")}"; font-size: 14pt; margin: 10pt 0 3pt 0; }}
.caption {{ text-align: center; font-weight: bold; margin: 4pt 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: {style["cell_size"]}pt; line-height: 1.35;
  margin: 2pt 0 8pt 0; }}
thead {{ display: table-header-group; }}
td, th {{ border: 0.75pt solid #000; padding: 2pt 3pt; font-weight: normal; }}
td div, th div {{ {spread if style["distributed"] else ""} }}
.c {{ text-align: center; }} .l {{ text-align: left; }} .j {{ text-align: justify; }}
.m {{ vertical-align: middle; }} .t {{ vertical-align: top; }}
"""


def mark_width(mark: str) -> float:
    """A mark's width in em: full-width characters one, ASCII half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in mark)


def goals_html(block: dict, spec: dict) -> list[str]:
    out = []
    if block.get("intro"):
        hang = mark_width(block["intro_mark"])
        out.append(f'<p style="padding-left:{hang}em;text-indent:-{hang}em">{esc(block["intro"], spec)}</p>')
    base = 1 if block.get("intro") else 0
    for item in block["items"]:
        indent = (item["level"] - 1 + base) * 1.0
        hang = mark_width(item["mark"])
        out.append(
            f'<p style="padding-left:{indent + hang}em;text-indent:-{hang}em">'
            f"{esc(item['mark'], spec)}{esc(item['text'], spec)}</p>"
        )
        for para in item["body"]:
            out.append(f'<p style="padding-left:{indent + hang}em">{esc(para, spec)}</p>')
    return out


def cell_html(tag: str, cell: dict, spec: dict) -> str:
    spans = ""
    if cell["rowspan"] > 1:
        spans += f' rowspan="{cell["rowspan"]}"'
    if cell["colspan"] > 1:
        spans += f' colspan="{cell["colspan"]}"'
    classes = f"{cell['align'][0]} {cell['valign'][0]}"
    paras = "".join(f"<div>{esc(p, spec)}</div>" for p in cell["text"].split("\n")) if cell["text"] else ""
    return f'<{tag}{spans} class="{classes}">{paras}</{tag}>'


def table_html(block: dict, spec: dict) -> list[str]:
    total = sum(block["widths"])
    cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in block["widths"])
    head = "".join("<tr>" + "".join(cell_html("th", c, spec) for c in row) + "</tr>" for row in block["header"])
    body = "".join("<tr>" + "".join(cell_html("td", c, spec) for c in row) + "</tr>" for row in block["body"])
    whole = ' style="break-inside: avoid"' if block.get("keep_together") else ""
    return [f"<table{whole}><colgroup>{cols}</colgroup><thead>{head}</thead><tbody>{body}</tbody></table>"]


def document_html(spec: dict) -> str:
    parts = []
    if spec["label"] and not spec.get("label_inline"):
        parts.append(f'<p class="label">{esc(spec["label"], spec)}</p>')
    parts.append(f'<p class="title">{esc(title_line(spec), spec)}</p>')
    for block in spec["blocks"]:
        kind = block["type"]
        if kind == "para":
            parts.append(f'<p class="para">{esc(block["text"], spec)}</p>')
        elif kind == "heading":
            parts.append(f"<h2>{esc(block['text'], spec)}</h2>")
        elif kind == "caption":
            parts.append(f'<p class="caption">{esc(block["text"], spec)}</p>')
        elif kind == "goals":
            parts += goals_html(block, spec)
        elif kind == "table":
            parts += table_html(block, spec)
        elif kind == "page_break":
            parts.append('<div style="break-after: page"></div>')
    return (
        '<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8">'
        f"<title>{html.escape(title_line(spec))}</title>"
        f"<style>{css(spec)}</style></head><body>{''.join(parts)}</body></html>"
    )


def render(specs: list[tuple[dict, Path]]) -> None:
    """Print every (spec, pdf path) with headless Chromium."""
    browser = chromium()
    if browser is None:
        raise RuntimeError("chromium not found: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="corpus-html-") as tmp:
        for spec, pdf in specs:
            page = Path(tmp) / f"{pdf.stem}.html"
            page.write_text(document_html(spec), encoding="utf-8")
            profile = Path(tmp) / "profile"
            subprocess.run(
                [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.as_uri()],
                check=True,
                capture_output=True,
                timeout=120,
            )
            reproducible(pdf, spec["seed"])
