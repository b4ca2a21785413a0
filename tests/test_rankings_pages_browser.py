"""The ranking pages in headless Chromium over a store with two indexes that both have a 2025 edition.

The second index (Science Cities 20, a top-20 list) comes in with ``innokg import`` of real files; the
served pages draw one edition of one index, the seed's by default, and their titles name the index, the
edition and the size of the list drawn. Chromium must be at /usr/bin/chromium (never skipped).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import Recorder
from http_server import running_server
from test_pages_browser import browser  # noqa: F401  (the fixture: one Chromium per module)

from kg.build import build
from kg.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures" / "import"
GIS100 = "Global Science and Technology Innovation Centres 100, 2025 edition"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real app under uvicorn on a free port over the seed plus the second index, polled until it answers."""
    store = tmp_path_factory.mktemp("two-indexes") / "store"
    build(store)
    for name, source in (("sci20-index.ttl", "Science Cities 20 report"),
                         ("sci20-2025.csv", "Science Cities 20 (2025) report")):
        assert main(["--store", str(store), "import", str(FIXTURES / name), "--source", source]) == 0
    with running_server(store, log_dir=store.parent) as running:
        yield running.url


def _visit(browser, base: str, path: str):
    """Open ``path``; return the page after checking it answered 200, broke no policy and logged no error."""
    recorder = Recorder(browser.new_page())
    response = recorder.page.goto(base + path, wait_until="networkidle")
    assert response.status == 200
    assert (recorder.violations, recorder.errors) == ([], [])
    return recorder.page


def test_the_ranking_view_draws_the_seeds_index_by_default(browser, server):
    page = _visit(browser, server, "/views/ranking?lang=en")
    assert page.title() == f"Ranking: overall ranking, {GIS100} (top 30) · innokg"
    page.close()


def test_the_ranking_view_of_the_other_index_is_a_top_20(browser, server):
    for index in ("sci20", "Science Cities 20", "https://w3id.org/innokg/id/index/sci20"):
        page = _visit(browser, server, f"/views/ranking?lang=en&index={index}")
        assert page.title() == "Ranking: overall ranking, Science Cities 20, 2025 edition (top 20) · innokg", index
        page.close()
    page = _visit(browser, server, "/views/ranking?lang=zh&index=sci20&top=5")
    assert page.title() == "排名：综合排名，科学城市20强（2025）（前 5） · innokg"
    page.close()


def test_the_home_page_names_the_index_and_lists_one_first(browser, server):
    page = _visit(browser, server, "/?lang=en")
    section = page.locator("section", has_text="overall ranking, top 10")
    assert section.locator("h2").inner_text() == f"{GIS100} overall ranking, top 10"
    cells = section.locator("table tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('td')).map(td => td.textContent.trim()))")
    assert [row[:2] for row in cells][:3] == [["1", "San Francisco Bay Area"], ["2", "New York"], ["3", "Beijing"]]
    assert [row[0] for row in cells] == [str(rank) for rank in range(1, 11)]
    page.close()


def test_the_saved_query_page_takes_the_index_by_key(browser, server):
    page = _visit(browser, server, "/queries/top10-overall?lang=en&index=sci20")
    cells = page.locator("table tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('td')).map(td => td.textContent.trim()))")
    assert [row[0] for row in cells] == [str(rank) for rank in range(1, 11)]
    assert [row[3] for row in cells][:3] == ["Beijing", "Shanghai", "Shenzhen"]  # rank, city, city_zh, city_en
    page.close()
