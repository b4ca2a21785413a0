"""The header's search box in Chromium (issue 17): suggestions from /api/search in Chinese and English,
driven by the keyboard, labels written as text; on every page and served view; Enter without a choice
opens /search. Each page is checked for console errors, policy violations and requests off the host."""

from __future__ import annotations

from test_pages_browser import (ID, PARK, SCREENSHOTS, XSS, browser, hostile_store_path, server,  # noqa: F401
                                watched)

OPTIONS = "#site-search-list [role=option]"


def _suggestions(page) -> list[str]:
    page.wait_for_selector("#site-search-list:not([hidden])")
    return page.eval_on_selector_all(OPTIONS + " .label", "spans => spans.map(s => s.textContent)")


def test_every_page_has_the_search_box(server, watched):  # noqa: F811
    for path in ("/", "/query", "/queries", "/hubs", "/chain", "/funding", "/coverage", f"/entity?iri={PARK}",
                 "/queries/top10-overall", "/views/ecosystem", "/views/ranking", "/search?q=beij"):
        watched.page.goto(server + path)
        assert watched.page.get_attribute("#site-search-q", "role") == "combobox", path
        assert watched.page.get_attribute("#site-search-q", "placeholder") == "搜索：北京、上海大学…", path
    watched.check((server + "/", "data:"))


def test_suggestions_in_both_languages_and_the_keyboard_opens_one(server, watched):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    watched.page.goto(server + "/?lang=en")
    watched.page.fill("#site-search-q", "beij")
    assert _suggestions(watched.page) == [
        "Beijing", "Beijing–Tianjin–Hebei", "Beijing: overall rank 3 (2025)", "Beijing: environment rank 25 → 20 (2025)",
        "Beijing: technology rank in the top 3 (2025)", "Beijing: technology rank in the top 4 (2025)",
        "Beijing leads the world in highly cited papers", "Beijing: innovation-factor rank 18 → 11 (2025)"]
    assert watched.page.inner_text("#site-search-option-0 .muted") == " 北京"
    watched.page.screenshot(path=str(SCREENSHOTS / "search-suggestions-en.png"))
    watched.page.keyboard.press("ArrowDown")
    assert watched.page.get_attribute("#site-search-q", "aria-activedescendant") == "site-search-option-0"
    assert watched.page.get_attribute("#site-search-option-0", "aria-selected") == "true"
    with watched.page.expect_navigation():
        watched.page.keyboard.press("Enter")
    assert watched.page.url == server + "/entity?iri=https%3A%2F%2Fw3id.org%2Finnokg%2Fid%2Fcity%2Fbeijing&lang=en"
    assert watched.page.inner_text("h1") == "Beijing"
    watched.page.goto(server + "/")
    watched.page.fill("#site-search-q", "上海大")
    assert _suggestions(watched.page)[0] == "上海大学"
    watched.page.keyboard.press("Escape")
    assert watched.page.is_hidden("#site-search-list")
    assert watched.page.get_attribute("#site-search-q", "aria-expanded") == "false"
    watched.check((server + "/", "data:"))


def test_a_hostile_label_is_suggested_as_text(server, watched):  # noqa: F811
    watched.page.goto(server + "/views/ecosystem?lang=en")
    watched.page.fill("#site-search-q", "onerror")
    assert _suggestions(watched.page) == [XSS, XSS]
    assert watched.page.query_selector("#site-search-list img") is None
    watched.page.screenshot(path=str(SCREENSHOTS / "search-hostile.png"))
    watched.check((server + "/", "data:"))


def test_enter_without_a_choice_opens_the_search_page(server, watched):  # noqa: F811
    watched.page.goto(server + "/?lang=en")
    watched.page.fill("#site-search-q", "Shanghai University")
    with watched.page.expect_navigation():
        watched.page.keyboard.press("Enter")
    assert watched.page.url == server + "/search?q=Shanghai+University&lang=en"
    assert watched.page.inner_text("h1") == "Search: Shanghai University"
    first = watched.page.eval_on_selector_all("table.search-results tbody tr:first-child td",
                                              "tds => tds.map(t => t.textContent)")
    assert first == ["Shanghai University", "上海大学", "Shanghai University", "org/shanghai-university"]
    watched.page.goto(server + "/search?q=%3Cimg&lang=en")
    assert watched.page.inner_text("h1") == "Search: <img"
    assert watched.page.query_selector("main img") is None
    assert watched.page.inner_text("table.search-results tbody tr:first-child td:first-child") == XSS
    watched.check((server + "/", "data:"))
