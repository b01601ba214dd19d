"""Review pages: every record a row with its boxes, boxes coloured by table,
rows to check marked; the command's files and errors; and the page in a real
browser (Chromium, headless), checked by its pixels and its DOM."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from pipeline.model import LOW_CONFIDENCE
from pipeline.review import assets
from pipeline.review.page import build_html
from pipeline.review.render import PageImage
from pipeline.review.rows import TABLES, rows_of

from conftest import REPO, run_parse

PARSED = REPO / "parsed"
DOCS = sorted(p.stem for p in (PARSED / "json").glob("*.json"))
STYLE = re.compile(r"left: ([\d.]+)%; top: ([\d.]+)%; width: ([\d.]+)%; height: ([\d.]+)%")


def read(doc_id: str) -> dict:
    return json.loads((PARSED / "json" / f"{doc_id}.json").read_text(encoding="utf-8"))


def page_sizes(doc_id: str) -> list[PageImage]:
    """The pages as the builder needs them, without rendering any."""
    with pymupdf.open(REPO / "raw_docs" / f"{doc_id}.pdf") as pdf:
        return [
            PageImage(p.number + 1, p.rect.width, p.rect.height, f"page-{p.number + 1:03d}.png", (1, 1), b"")
            for p in pdf
        ]


class Elements(HTMLParser):
    """The rows and boxes of a review page (or of Chromium's dump of it)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.boxes: list[dict] = []
        self.notes: list[dict] = []
        self.page = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "section" and (a.get("id") or "").startswith("page-"):
            self.page = int(a["id"].removeprefix("page-"))
        elif "row" in classes:
            self.rows.append({"id": a["id"], "classes": classes})
        elif "box" in classes:
            self.boxes.append({"page": self.page, "rows": a["data-rows"].split(), "classes": classes, **a})
        elif "note" in classes:
            self.notes.append({"page": self.page, **a})


def built(doc_id: str) -> tuple[dict, str]:
    document = read(doc_id)
    return document, build_html(document, rows_of(document), page_sizes(doc_id), doc_id, f"../json/{doc_id}.json")


def percent(bbox: list[float], page: PageImage) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = bbox
    w, h = page.width, page.height
    return x0 / w * 100, top / h * 100, (x1 - x0) / w * 100, (bottom - top) / h * 100


@pytest.mark.parametrize("doc_id", DOCS)
def test_every_record_gets_a_row_with_its_boxes(doc_id: str) -> None:
    document, html = built(doc_id)
    page = Elements(html)
    pages = {p.number: p for p in page_sizes(doc_id)}
    ids = [r["id"] for r in page.rows]
    assert ids == [f"{t}-{i}" for t in TABLES for i in range(1, len(document[t]) + 1)]
    drawn = {(b["page"], tuple(float(v) for v in STYLE.search(b["style"]).groups())): b for b in page.boxes}
    for table in TABLES:
        for index, record in enumerate(document[table], start=1):
            boxes = [b for bs in record["provenance"]["fields"].values() for b in bs] or record["provenance"]["boxes"]
            assert boxes, f"{table}-{index} has no box in the JSON"
            for b in boxes:
                where = (b["page"], tuple(round(v, 3) for v in percent(b["bbox"], pages[b["page"]])))
                assert where in drawn, f"{doc_id} {table}-{index}: box {b} not drawn"
                assert f"{table}-{index}" in drawn[where]["rows"]


def test_a_merged_cell_is_drawn_once_for_every_row_it_spans() -> None:
    _, html = built("mofa-107-plan")
    spans = [b["rows"] for b in Elements(html).boxes if len(b["rows"]) > 1]
    assert spans, "the 107 plan's goal cells span several KPI rows"
    assert all(len(set(rows)) == len(rows) for rows in spans)


def test_boxes_and_rows_are_coloured_by_their_table() -> None:
    _, html = built("mofa-107-plan")
    page = Elements(html)
    for box in page.boxes:
        tables = {r.rsplit("-", 1)[0] for r in box["rows"]}
        assert len(tables) == 1 and f"t-{tables.pop()}" in box["classes"]
    for row in page.rows:
        assert f"t-{row['id'].rsplit('-', 1)[0]}" in row["classes"]
    colours = {t: re.search(rf"\.t-{t} {{ --c: (#[0-9a-f]{{6}})", assets.CSS).group(1) for t in TABLES}
    assert len(set(colours.values())) == len(TABLES), colours
    for t in TABLES:  # the legend names each table with its colour
        assert f'<span class="t-{t}"><i></i>' in html


def low_confidence_rows(document: dict) -> set[str]:
    return {
        f"{t}-{i}"
        for t in TABLES
        for i, r in enumerate(document[t], start=1)
        for bs in [r["provenance"]["boxes"], *r["provenance"]["fields"].values()]
        for b in bs
        if b.get("confidence", 100) < LOW_CONFIDENCE
    }


def test_rows_read_with_low_confidence_are_marked() -> None:
    document, html = built("mofa-099-plan-scanned")
    page = Elements(html)
    marked = {r["id"] for r in page.rows if "check" in r["classes"]}
    assert marked and marked == low_confidence_rows(document)
    assert f"only rows to check ({len(marked)})" in html
    assert len(page.notes) == sum(q["code"] == "ocr_low_confidence" for q in document["quality"])
    # Each low box drawn once, dashed, and it belongs to a row to check.
    low = [b for b in page.boxes if "low" in b["classes"]]
    assert all("check" in b["classes"] for b in low)
    fields = [b for t in TABLES for r in document[t] for bs in r["provenance"]["fields"].values() for b in bs]
    assert len(low) == len({(b["page"], tuple(b["bbox"])) for b in fields if b.get("confidence", 100) < LOW_CONFIDENCE})


def synthetic() -> dict:
    """A 107-plan with notes of each kind a record can be found by."""
    document = read("mofa-107-plan")
    kpi = document["kpis"][1]
    goal = document["goals"][2]
    cell = kpi["provenance"]["fields"]["standard"][0]
    x0, top, x1, bottom = cell["bbox"]
    document["goals"][2] = goal | {"text": goal["text"] + "\u2f8f"}
    document["quality"] = [
        {"page": kpi["page"], "severity": "info", "code": "target_without_number",
         "message": f"KPI {kpi['goal_number']}-{kpi['kpi_number']} target '持續辦理' holds no number"},
        {"page": cell["page"], "severity": "warning", "code": "ocr_low_confidence",
         "message": f"text in box ({x0 + 2:.0f}, {top + 2:.0f}, {x1 - 2:.0f}, {bottom - 2:.0f}) read by OCR "
                    "with confidence 90%: check it against the page"},
        {"page": goal["page"], "severity": "warning", "code": "leftover_characters",
         "message": "private-use or radical characters left: U+2F8F"},
        {"page": 3, "severity": "warning", "code": "table_unrecognized",
         "message": "a table of 3 rows and 4 columns matched no known header"},
    ]  # fmt: skip
    return document


def test_rows_with_a_quality_note_are_marked() -> None:
    document = synthetic()
    rows = {r.id: r for r in rows_of(document)}
    assert {i for i, r in rows.items() if r.check} == {"kpis-2", "goals-3"}
    assert rows["kpis-2"].reasons == (document["quality"][0]["message"], document["quality"][1]["message"])
    html = build_html(document, list(rows.values()), page_sizes("mofa-107-plan"), "x", "x.json")
    # A note that names no record is still on the page, in the document's notes.
    assert "matched no known header" in html
    assert "only rows to check (2)" in html


def test_the_page_needs_no_network() -> None:
    _, html = built("mofa-108-plan")
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
    assert "<link" not in html and "<script src" not in html
    assert all(src.startswith("mofa-108-plan/page-") for src in re.findall(r'<img src="([^"]+)"', html))


def run_review(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "review", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_review_writes_a_page_and_its_images_the_same_each_time(tmp_path: Path) -> None:
    docs = ["mofa-108-plan", "moc-112-plan-scanned"]
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        proc = run_review("parsed", *(f"--doc={d}" for d in docs), "--out", str(out))
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.splitlines()[-1].startswith("2 written, 0 failed")
    for doc_id in docs:
        pages = read(doc_id)["pages"]
        images = sorted(p.name for p in (outs[0] / doc_id).iterdir())
        assert images == [f"page-{n:03d}.png" for n in range(1, pages + 1)]
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(outs[1]) for p in outs[1].rglob("*") if p.is_file())
    for name in files:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    index = (outs[0] / "index.html").read_text(encoding="utf-8")
    assert 'href="mofa-108-plan.html"' in index and 'href="moc-112-plan-scanned.html"' in index


def test_a_document_that_cannot_be_reviewed_gets_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "parsed" / "json"
    folder.mkdir(parents=True)
    good = read("mofa-108-plan")
    shutil.copy(PARSED / "json" / "mofa-108-plan.json", folder)
    (folder / "gone.json").write_text(json.dumps(good | {"doc_id": "gone", "source_file": "raw_docs/gone.pdf"}))
    (folder / "changed.json").write_text(
        json.dumps(good | {"doc_id": "changed", "source_file": "raw_docs/mofa-107-plan.pdf"})
    )
    (folder / "broken.json").write_text("{")
    proc = run_review(str(tmp_path / "parsed"))
    errors = [line for line in proc.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        f"ERROR {folder / 'broken.json'}: not valid JSON (Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1))",
        f"ERROR {folder / 'changed.json'}: raw_docs/mofa-107-plan.pdf is not the PDF this was read from "
        "(its SHA-256 differs): parse it again",
        f"ERROR {folder / 'gone.json'}: its PDF raw_docs/gone.pdf is not there (give the PDFs' folder with --pdfs)",
    ]
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1].startswith("1 written, 3 failed")
    assert (tmp_path / "parsed" / "review" / "mofa-108-plan.html").is_file()


def test_pdfs_are_found_in_the_folder_given(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "json"
    folder.mkdir(parents=True)
    moved = read("mofa-risk-register") | {"source_file": "elsewhere/mofa-risk-register.pdf"}
    (folder / "mofa-risk-register.json").write_text(json.dumps(moved, ensure_ascii=False), encoding="utf-8")
    proc = run_review(str(tmp_path / "out"), "--pdfs", str(REPO / "raw_docs"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "review" / "mofa-risk-register" / "page-002.png").is_file()


# --- in a browser -----------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PANE = (223, 228, 234)  # the pages' pane, --pane in assets.CSS: a colour no grey page image holds
GOALS = (0, 114, 178)
LIT = (255, 236, 140)  # a lit box's fill, rgba(255, 214, 0, .45), over white paper


@pytest.fixture(scope="module")
def review_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("browser") / "parsed"
    proc = run_parse("raw_docs/mofa-107-plan.pdf", "--out", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    proc = run_review(str(out))
    assert proc.returncode == 0, proc.stderr
    document = json.loads((out / "json" / "mofa-107-plan.json").read_text(encoding="utf-8"))
    return out / "review" / "mofa-107-plan.html", document


def chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        f"--user-data-dir={profile}", "--window-size=1400,2000", *args, url,
    ]  # fmt: skip
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def screenshot(url: str, tmp: Path, name: str) -> np.ndarray:
    png = tmp / f"{name}.png"
    chromium(url, tmp / "profile", f"--screenshot={png}")
    return np.asarray(Image.open(png).convert("RGB")).astype(int)


def near(pixels: np.ndarray, colour: tuple[int, int, int], tolerance: int) -> np.ndarray:
    return (np.abs(pixels - np.array(colour)) <= tolerance).all(axis=-1)


def sheet(shot: np.ndarray, y: int) -> tuple[int, int, int, int]:
    """The page drawn through row y of the screenshot: the first stretch that is
    not the pane's colour, from the pane's left margin on (x0, top, x1, bottom)."""
    pane = near(shot, PANE, 0)
    row = pane[y]
    x0 = int(np.argmax(row[np.argmax(row) :] == 0) + np.argmax(row))
    x1 = int(x0 + np.argmax(row[x0:]))
    column = pane[:, (x0 + x1) // 2]
    top = y - int(np.argmax(column[y::-1])) + 1
    bottom = y + int(np.argmax(column[y:]))
    return x0, top, x1, bottom


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not on PATH, so the review page is not tried in a browser "
    "(sh scripts/system-packages.sh test installs it)",
)
def test_review_page_in_a_browser(review_page: tuple[Path, dict], tmp_path: Path) -> None:
    html, document = review_page
    url = html.resolve().as_uri()

    # Every row of the document is in the DOM Chromium built.
    dom = Elements(chromium(url, tmp_path / "profile", "--dump-dom").stdout)
    assert [r["id"] for r in dom.rows] == [f"{t}-{i}" for t in TABLES for i in range(1, len(document[t]) + 1)]

    # Page 1 is drawn: its image, at the page's proportions, with ink on it.
    shot = screenshot(url, tmp_path, "page")
    x0, top, x1, bottom = sheet(shot, 700)
    width, height = x1 - x0, bottom - top
    with pymupdf.open(REPO / "raw_docs" / "mofa-107-plan.pdf") as pdf:
        page = pdf[0].rect
    assert width > 500 and abs(width / height - page.width / page.height) < 0.01, (x0, top, x1, bottom)
    ink = (shot[top:bottom, x0:x1] < 100).all(axis=-1).mean()
    assert ink > 0.005, f"page 1 looks blank ({ink:.2%} dark pixels)"

    # Each goal's box on page 1 is drawn where the JSON says, in the goals' colour.
    goal_boxes = [b for g in document["goals"] for b in g["provenance"]["fields"]["text"] if b["page"] == 1]
    assert goal_boxes
    blue = near(shot, GOALS, 40)
    for b in goal_boxes:
        bx0, btop, bx1, _ = b["bbox"]
        left, right = x0 + round(bx0 / page.width * width), x0 + round(bx1 / page.width * width)
        y = top + round(btop / page.height * height)
        edge = blue[y - 2 : y + 3, left + 3 : right - 3].mean(axis=1).max()
        assert edge > 0.8, f"goal box {b} not drawn at y={y}, x={left}..{right} ({edge:.0%} of its top edge)"

    # A link to a row lights that row and its boxes, and scrolls to them.
    lit_dom = Elements(chromium(url + "#kpis-1", tmp_path / "profile", "--dump-dom").stdout)
    assert [r["id"] for r in lit_dom.rows if "on" in r["classes"]] == ["kpis-1"]
    lit_boxes = [b for b in lit_dom.boxes if "on" in b["classes"]]
    assert lit_boxes and all("kpis-1" in b["rows"] for b in lit_boxes)
    lit = near(screenshot(url + "#kpis-1", tmp_path, "lit")[:, x0:x1], LIT, 12).sum()
    assert lit > 2000, f"only {lit} pixels of a lit box on screen"
