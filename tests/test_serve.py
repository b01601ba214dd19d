"""make serve: Datasette's metadata, its canned queries, and the site itself
driven in headless Chromium (Debian's chromium and chromedriver, through
selenium): a Chinese full-text search, a facet, a canned query."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline import database, emit, serve

PARSED = Path(__file__).resolve().parent.parent / "parsed"
CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("served")
    database.build(out / database.FILE_NAME, emit.build_tables(emit.load_documents(PARSED)))
    return out


def test_every_column_is_described_in_english_and_chinese() -> None:
    tables = serve.metadata()["databases"]["plans"]["tables"]
    assert set(tables) == {*emit.TABLES, "quality"}
    for name, table in tables.items():
        for column, description in table["columns"].items():
            english, chinese = description.split(" / ")
            assert english and any("\u4e00" <= c <= "\u9fff" for c in chinese), (name, column)
    assert tables["kpis"]["columns"]["target_value"] == "The target's number / 目標數值"
    assert tables["kpis"]["facets"] == ["agency", "year_roc", "kind"]
    assert tables["risks"]["facets"] == ["agency", "year_roc"]
    meta = serve.metadata()
    assert meta["license_url"] and meta["source"] and meta["title"] == emit.TITLE


def test_the_canned_queries_run_on_the_database(folder) -> None:
    conn = sqlite3.connect(folder / database.FILE_NAME)
    conn.create_function("escape_fts", 1, database.fts_query)  # as pipeline.datasette_plugin does
    queries = serve.metadata()["databases"]["plans"]["queries"]
    risks = conn.execute(queries["risks_matching_a_word"]["sql"], {"word": "資通安全"}).fetchall()
    # The register's risk 9, 資通聯網洩漏或遭侵犯: 落實外交部「資通安全管理作業」 (and the scan's).
    assert [(r[6], r[2]) for r in risks] == [("mofa-risk-register", "9"), ("mofa-risk-register-scanned", "9")]
    series = conn.execute(queries["one_kpi_across_years"]["sql"], {"kpi": "國際組織"}).fetchall()
    assert series and all(r[0] == "外交部" for r in series)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(folder):
    pytest.importorskip("datasette", reason="the serve extra is not installed (make test installs it)")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", str(folder), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/plans.json", timeout=5) as response:
                    assert json.load(response)["tables"]
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"datasette did not start: {process.stderr.read().decode()[-800:]}")
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
    # The server ran in that process, not a child left behind: nothing answers now.
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/plans.json", timeout=5)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMEDRIVER and CHROMIUM):
        pytest.skip(
            "chromium or chromedriver is not on PATH (make test installs them: scripts/system-packages.sh test)"
        )
    webdriver = pytest.importorskip("selenium.webdriver", reason="the serve extra is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    # The driver's path given: selenium would otherwise look for one to download.
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def rows(driver) -> list[dict[str, str]]:
    """The page's table of rows, by column; a doc_id as its id alone (Datasette shows
    a key to documents as the document's title, then its id)."""
    from selenium.webdriver.common.by import By

    table = driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns")
    if not table:
        return []
    header = [th.get_attribute("data-column") or th.text for th in table[0].find_elements(By.CSS_SELECTOR, "thead th")]
    out = []
    for tr in table[0].find_elements(By.CSS_SELECTOR, "tbody tr"):
        row = dict(zip(header, [td.text for td in tr.find_elements(By.CSS_SELECTOR, "td")]))
        if "doc_id" in row:
            row["doc_id"] = row["doc_id"].split()[-1]
        out.append(row)
    return out


def type_and_submit(driver, name: str, text: str) -> None:
    """Type into the page's field `name`, press Enter, and wait for the next page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = driver.find_element(By.CSS_SELECTOR, f"input[name={name}]")
    field.send_keys(text)
    leave_page(driver, lambda: field.send_keys(Keys.ENTER))


def click_and_wait(driver, link) -> None:
    leave_page(driver, link.click)


def leave_page(driver, action) -> None:
    """Do `action` and wait until the page it leads to has loaded."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(driver, 30).until(expected_conditions.staleness_of(page))
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def test_a_chinese_search_then_a_facet_then_a_canned_query_in_the_browser(site, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + "/plans/kpis")
    type_and_submit(browser, "_search", "國際市場")
    found = rows(browser)
    # 文化部 112, KPI 2 臺灣文化內容參與國際市場展會 (the PDF's page 2), in the plan and its scan; no KPI of
    # 外交部 says 國際市場.
    assert sorted((r["doc_id"], r["kpi_number"], r["kpi"]) for r in found) == [
        ("moc-112-plan", "2", "臺灣文化內容參與國際市場展會"),
        ("moc-112-plan-scanned", "2", "臺灣文化內容參與國際市場展會"),
    ]

    browser.get(site + "/plans/kpis?_search=國際")
    everyone = rows(browser)
    assert {r["agency"] for r in everyone} == {"外交部", "文化部"} and len(everyone) == 24
    facet = browser.find_element(By.CSS_SELECTOR, ".facet-info[data-column=agency] a[href*='agency=%E6%96%87']")
    click_and_wait(browser, facet)
    narrowed = rows(browser)
    assert "_search=" in browser.current_url and "agency=" in browser.current_url
    assert {r["doc_id"] for r in narrowed} == {"moc-112-plan", "moc-112-plan-scanned"} and len(narrowed) == 2

    browser.get(site + "/plans/risks_matching_a_word")
    type_and_submit(browser, "word", "資通安全")
    risks = rows(browser)
    assert sorted((r["doc_id"], r["risk_number"], r["risk"]) for r in risks) == [
        ("mofa-risk-register", "9", "資通聯網洩漏或遭侵犯"),
        ("mofa-risk-register-scanned", "9", "資通聯網洩漏或遭侵犯"),
    ]
