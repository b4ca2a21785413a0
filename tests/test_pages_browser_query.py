"""The query page's YASGUI in Chromium (issue 17): saved queries open as tabs, YASQE completes prefixes
from this server, YASR shows the table, the raw response and a download, an IRI opens its entity page;
a syntax error answers 400 and shows the line with a caret under its column (page and CLI)."""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx

from kg.cli.main import main
from test_pages_browser import SCREENSHOTS, XSS, browser, hostile_store_path, server  # noqa: F401  (fixtures)
from test_pages_browser import forget_dompurify_reports, watched  # noqa: F401

ACTIVE = ".tabPanel.active"
BAD_QUERY = 'SELECT ?s\nWHERE { ?s ?p "北京" } LIMIT x'
BAD_MESSAGE = "SPARQL syntax error at line 2, column 28: expected one of HAVING, OFFSET, OPTIONAL, VALUES, ['0'..='9']"
#: the line, and the caret under column 28 (北 and 京 take two cells each)
BAD_CARET = 'WHERE { ?s ?p "北京" } LIMIT x\n                             ^'


def _editor(page) -> None:
    page.wait_for_selector(ACTIVE + " .CodeMirror", timeout=15000)


def _run(page) -> None:
    page.click(ACTIVE + " .yasqe_queryButton")
    page.wait_for_selector(ACTIVE + " .yasr_results table tbody tr, " + ACTIVE + " .yasr .errorResult")


def test_a_saved_query_opens_in_its_tab_and_yasr_shows_table_response_and_download(server, watched):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    watched.page.goto(server + "/query?lang=en")
    _editor(watched.page)
    assert watched.page.is_hidden("#query-fallback")
    watched.page.click("button[data-example=top10-overall]")
    assert watched.page.evaluate("window.innokgYasgui.getTab().getName()") == "top10-overall"
    _run(watched.page)
    cities = watched.page.eval_on_selector_all(ACTIVE + " .yasr_results tbody tr td:nth-child(4)",
                                               "tds => tds.map(t => t.textContent)")
    assert cities[:3] == ['"旧金山湾区"@zh-hans', '"纽约"@zh-hans', '"北京"@zh-hans']
    assert len(cities) == 10
    watched.page.screenshot(path=str(SCREENSHOTS / "query-yasgui-table.png"))
    with watched.page.expect_download() as download:
        watched.page.click(ACTIVE + " .yasr_downloadIcon")
    assert download.value.suggested_filename == "top-10-overall.csv"  # YASR names it after the tab
    rows = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert rows[0] == '"rank","city","city_zh","city_en","country_en"'
    assert rows[1] == '"1","https://w3id.org/innokg/id/city/san-francisco-bay-area","旧金山湾区","San Francisco Bay Area","United States"'
    watched.page.click(ACTIVE + " .select_response")
    raw = json.loads(watched.page.evaluate("window.innokgYasgui.getTab().getYasr().results.getOriginalResponseAsString()"))
    assert raw["head"]["vars"] == ["rank", "city", "city_zh", "city_en", "country_en"]
    assert raw["results"]["bindings"][2]["city_en"] == {"type": "literal", "value": "Beijing", "xml:lang": "en"}
    assert watched.page.is_visible(ACTIVE + " .yasr_results .CodeMirror")
    watched.page.click("button[data-example=top10-overall]")  # an open example is selected, not opened twice
    watched.page.click("button[data-example=hu-line-cities]")
    assert watched.page.eval_on_selector_all(".tab", "tabs => tabs.map(t => t.textContent.replace('✖', ''))") == \
        ["bounded-facts", "top10-overall", "hu-line-cities"]
    watched.check((server + "/", "data:", "blob:"))


def test_prefixes_complete_from_this_server_and_an_iri_opens_its_page(server, watched):  # noqa: F811
    watched.page.goto(server + "/query?lang=en")
    _editor(watched.page)
    watched.page.evaluate("() => { const y = window.innokgYasgui.getTab().getYasqe(); y.setValue(''); y.focus(); }")
    watched.page.keyboard.type("PREFIX ik")
    watched.page.wait_for_selector(".CodeMirror-hints li")
    assert watched.page.eval_on_selector_all(".CodeMirror-hints li", "l => l.map(x => x.textContent)") == \
        ["ik: <https://w3id.org/innokg/ont#>"]
    watched.page.keyboard.press("Enter")
    assert watched.page.evaluate("window.innokgYasgui.getTab().getYasqe().getValue()") == \
        "PREFIX ik: <https://w3id.org/innokg/ont#>"
    assert server + "/api/prefixes" in watched.requests
    watched.page.evaluate("""() => window.innokgYasgui.getTab().getYasqe().setValue(
        'SELECT ?c ?l WHERE { ?c a ik:City ; rdfs:label ?l FILTER(CONTAINS(?l, "onerror")) } ORDER BY ?c ?l')""")
    _run(watched.page)
    cells = watched.page.eval_on_selector_all(ACTIVE + " .yasr_results tbody tr td:nth-child(3)",
                                              "tds => tds.map(t => t.textContent)")
    assert sorted(cells) == [f'"{XSS}"@en', f'"{XSS}"@zh-hans']
    assert watched.page.query_selector(ACTIVE + " .yasr_results img") is None
    assert watched.dialogs == []
    assert forget_dompurify_reports(watched, server) == 2  # YASR's DOMPurify met the handler in each label
    with watched.page.expect_navigation():
        watched.page.click(ACTIVE + " .yasr_results tbody a >> nth=0")
    assert watched.page.url == server + "/entity?iri=https%3A%2F%2Fw3id.org%2Finnokg%2Fid%2Fcity%2Fxss&lang=en"
    watched.check((server + "/", "data:", "blob:"))


def test_a_syntax_error_answers_400_with_a_caret_under_its_column(server, watched):  # noqa: F811
    answer = httpx.get(server + "/query", params={"query": BAD_QUERY, "lang": "en"})
    assert answer.status_code == 400
    assert f'<p class="error">{BAD_MESSAGE.replace(chr(39), "&#39;")}</p>' in answer.text
    assert f'<pre class="syntax-caret">{BAD_CARET.replace(chr(34), "&#34;")}</pre>' in answer.text
    with watched.page.expect_response(lambda r: r.url.startswith(server + "/query?")) as page_answer:
        watched.page.goto(server + "/query?lang=en&query=" + quote(BAD_QUERY))
    assert page_answer.value.status == 400
    watched.page.wait_for_selector(ACTIVE + " .yasr .errorResult pre.syntax-caret")
    assert watched.page.inner_text(ACTIVE + " .yasr pre.syntax-caret") == BAD_CARET
    assert BAD_MESSAGE in watched.page.inner_text(ACTIVE + " .yasr .errorResult")
    watched.page.screenshot(path=str(SCREENSHOTS / "query-syntax-error.png"))
    # the page and YASGUI's request to /sparql both answer 400 (the browser logs each), YASR logs the message
    assert watched.errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"] * 2 \
        + [BAD_MESSAGE + "\n"]
    assert watched.violations == []
    assert [url for url in watched.requests if not url.startswith((server + "/", "data:", "blob:"))] == []


def test_a_bad_saved_query_parameter_answers_400(server):  # noqa: F811
    answer = httpx.get(server + "/queries/top10-overall", params={"edition": "twenty", "lang": "en"})
    assert answer.status_code == 400
    assert '<p class="error">' in answer.text


def test_the_cli_shows_the_caret_too(hostile_store_path, capsys):  # noqa: F811
    assert main(["--store", str(hostile_store_path), "query", BAD_QUERY]) == 2
    assert capsys.readouterr().err == "innokg: error: " + BAD_MESSAGE + "\n" + "\n".join(
        "  " + line for line in BAD_CARET.splitlines()) + "\n"
