"""The funding Sankey and coverage pages in headless Chromium: drawn offline, no console error,
no Content-Security-Policy violation, no request leaving the host. Chromium must be at
/usr/bin/chromium (never skipped)."""

from __future__ import annotations

import pytest
from browser import Recorder
from http_server import running_server
from policy_helpers import build_policy_store
from test_pages_browser import browser  # noqa: F401  (the fixture: one Chromium per module)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real app under uvicorn on a free port over seed + policy fixtures, polled until it answers."""
    store = build_policy_store(tmp_path_factory)
    with running_server(store, log_dir=store.parent) as running:
        yield running.url


def _visit(browser, base: str, path: str):
    """Open ``path``; return the page, the console errors and the requests that left the host.

    A violation of the page's Content-Security-Policy fails the visit.
    """
    recorder = Recorder(browser.new_page())
    response = recorder.page.goto(base + path, wait_until="networkidle")
    assert response.status == 200
    assert recorder.violations == []
    outside = [url for url in recorder.requests if not url.startswith((base, "data:"))]
    return recorder.page, recorder.errors, outside


def test_the_funding_sankey_draws_offline(browser, server):
    page, errors, outside = _visit(browser, server, "/funding?lang=en")
    page.wait_for_selector("#sankey[data-drawn]")
    assert (errors, outside) == ([], [])
    assert page.get_attribute("#sankey", "data-drawn") == "8"
    assert page.locator("#sankey svg path").count() == 8
    assert "at least 3,000,000 CNY; 1 flow of unknown amount" in page.inner_text("table.results")
    page.close()


def test_the_funding_window_and_the_coverage_page(browser, server):
    page, errors, outside = _visit(browser, server, "/funding?lang=zh&from=2024&to=2024")
    page.wait_for_selector("#sankey[data-drawn]")
    assert (errors, outside, page.get_attribute("#sankey", "data-drawn")) == ([], [], "4")
    page.close()
    page, errors, outside = _visit(browser, server, "/coverage?lang=zh")
    assert (errors, outside) == ([], [])
    assert page.locator("#coverage-chart svg text", has_text="缺").count() == 1
    assert page.inner_text("ul.gaps") == "示例科技园: 缺 概念验证"
    page.close()
