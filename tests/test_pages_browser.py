"""Every page and view in headless Chromium (Debian's, driven by playwright): no console error,
no request leaving the host, the hostile label shown as text, a click on a node opening its page.

Chromium must be at /usr/bin/chromium (``make test`` installs it): without it these tests fail,
they are never skipped. Screenshots of each page go to /tmp/innokg-screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import Recorder, chromium
from http_server import running_server

from kg.build import build
from kg.cli.main import main
from kg.namespaces import ID
from kg.store import OxigraphStore

from test_views_network import XSS, XSS_TRIG

SCREENSHOTS = Path("/tmp/innokg-screenshots")
PARK = ID + "org/huanshangda-science-park"


def build_hostile_store(folder: Path, *more_trig: str) -> Path:
    """The seed graph plus the XSS-labelled firm and city (and the facts of ``more_trig``), on disk at folder/store."""
    path = folder / "store"
    build(path)
    with OxigraphStore.open(path) as store:
        for trig in (XSS_TRIG, *more_trig):
            store.load(trig.encode(), "trig")
    return path


def serve(store_path: Path):
    """The real app under uvicorn on a free port, polled until it answers: yields its URL (for a server fixture)."""
    with running_server(store_path, log_dir=store_path.parent) as running:
        yield running.url


@pytest.fixture(scope="module")
def hostile_store_path(tmp_path_factory) -> Path:
    """The seed graph plus the XSS-labelled firm and city, on disk."""
    return build_hostile_store(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def server(hostile_store_path):
    """The real app under uvicorn on a free port, polled until it answers."""
    yield from serve(hostile_store_path)


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class Watched(Recorder):
    """A page that records console messages, errors, CSP violations, dialogs and every request."""

    def __init__(self, browser):
        super().__init__(browser.new_page(viewport={"width": 1280, "height": 900}))
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def check(self, allowed: tuple[str, ...]) -> None:
        assert self.violations == []
        assert self.errors == []
        assert self.dialogs == []
        assert [url for url in self.requests if not url.startswith(allowed)] == []


@pytest.fixture
def watched(browser):
    page = Watched(browser)
    yield page
    page.page.close()


#: The inline handler of a hostile label, as Chromium reports it when YASR's table sanitizes a cell with
#: DOMPurify: DOMPurify parses the cell's HTML in an inert DOMParser document, which shares the page's policy,
#: and Chromium reports the handler it meets there. Nothing runs and no element reaches the page.
DOMPURIFY_REPORT = ("Executing inline event handler violates the following Content Security Policy directive "
                    "'script-src 'self''.")


def forget_dompurify_reports(watched: Watched, server: str) -> int:
    """Drop the reports :data:`DOMPURIFY_REPORT` describes from ``watched``; return how many events there were."""
    event = f"script-src-attr inline {server}/static/vendor/yasgui.min.js:2"
    events = watched.violations.count(event)
    watched.violations[:] = [v for v in watched.violations if v != event and not v.startswith(DOMPURIFY_REPORT)]
    watched.errors[:] = [e for e in watched.errors if not e.startswith(DOMPURIFY_REPORT)]
    return events


def _ready(page) -> None:
    page.wait_for_selector("section.ikv[data-ready=true]", timeout=15000)


def _node_labels(page) -> list[str]:
    return page.evaluate("window.innokgViews[0].nodes.get().map(n => n.label)")


def test_standalone_views_open_offline(tmp_path, hostile_store_path, watched):
    SCREENSHOTS.mkdir(exist_ok=True)
    views = {"ecosystem": [], "ego": ["org/xss", "--radius", "2"], "chain": [], "ranking": []}
    for kind, extra in views.items():
        out = tmp_path / f"{kind}.html"
        assert main(["--store", str(hostile_store_path), "viz", kind, *extra, "-o", str(out), "--lang", "en"]) == 0
        watched.page.goto(out.as_uri())
        _ready(watched.page)
        assert XSS in _node_labels(watched.page), kind
        watched.page.screenshot(path=str(SCREENSHOTS / f"viz-{kind}.png"))
    watched.check(("file://",))


def test_pages_load_clean_and_show_the_hostile_label_as_text(server, watched):
    SCREENSHOTS.mkdir(exist_ok=True)
    xss_page = f"/entity?iri={ID}org/xss&lang=en"
    pages = {"home": "/", "home-en": "/?lang=en", "entity-park": f"/entity?iri={PARK}", "entity-xss": xss_page,
             "query": "/query?query=SELECT+%3Fl+WHERE+%7B+%3Fs+rdfs%3Alabel+%3Fl+%7D+ORDER+BY+%3Fl",
             "saved-query": "/queries/top10-overall?edition=2025", "queries": "/queries", "hubs": "/hubs",
             "chain": "/chain", "view-ecosystem": "/views/ecosystem", "view-ranking": "/views/ranking?lang=en",
             "view-chain": "/views/chain", "view-ego": f"/views/ego?entity={PARK}&radius=2",
             "map": "/map?lang=en", "search": "/search?q=%3Cimg&lang=en", "funding": "/funding", "coverage": "/coverage"}
    for name, path in pages.items():
        watched.page.goto(server + path)
        if watched.page.query_selector("section.ikv"):
            _ready(watched.page)
        if watched.page.query_selector("section.ikm"):
            watched.page.wait_for_selector("section.ikm[data-ready=true]", timeout=15000)
        assert watched.page.query_selector("img") is None, name
        watched.page.screenshot(path=str(SCREENSHOTS / f"page-{name}.png"), full_page=name == "home")
    watched.page.goto(server + xss_page)
    _ready(watched.page)
    assert watched.page.inner_text("h1") == XSS
    watched.page.hover(".ikv-canvas")
    assert watched.dialogs == []
    assert forget_dompurify_reports(watched, server) == 4  # the query page's table: 2 hostile entities, zh and en
    watched.check((server + "/", "data:"))


def test_reduced_view_says_what_it_left_out(server, watched):
    watched.page.goto(server + "/views/ecosystem?max_nodes=10&lang=en")
    _ready(watched.page)
    # memberships, journalists, media and curators are no part of the ecosystem (issue 14)
    assert watched.page.inner_text(".ikv-shown") == "showing 10 of 28 nodes"
    assert len(_node_labels(watched.page)) == 10
    watched.page.click("button[data-lang=zh]")
    assert watched.page.inner_text(".ikv-shown") == "显示 28 个节点中的 10 个"
    assert "环上大科技园" in _node_labels(watched.page)
    watched.check((server + "/", "data:"))


def test_park_ego_view_has_its_neighbours_and_a_click_opens_an_entity(server, watched):
    watched.page.goto(server + f"/views/ego?entity={PARK}&lang=en")
    _ready(watched.page)
    labels = _node_labels(watched.page)
    assert {"Huanshangda Science Park", "Shanghai University", "Baoshan District Government",
            "Shanghai Huanshangda Technology Development Co., Ltd.", XSS} <= set(labels)
    target = ID + "org/shanghai-university"
    point = watched.page.evaluate(
        """id => { const v = window.innokgViews[0]; const p = v.network.getPositions([id])[id];
                   const d = v.network.canvasToDOM(p); const r = v.section.querySelector('.ikv-canvas').getBoundingClientRect();
                   return [r.left + d.x, r.top + d.y]; }""", target)
    with watched.page.expect_navigation():
        watched.page.mouse.click(*point)
    assert watched.page.url == server + "/entity?iri=https%3A%2F%2Fw3id.org%2Finnokg%2Fid%2Forg%2Fshanghai-university"
    assert watched.page.inner_text("h1") == "上海大学"
    watched.check((server + "/", "data:"))


def test_views_and_hubs_page_carry_the_hub_scores(server, watched):
    # the hostile store's park incubates one more firm than the seed's, so it tops the actors network
    watched.page.goto(server + "/views/ecosystem?max_nodes=3&lang=en")
    _ready(watched.page)
    sizes = watched.page.evaluate("Object.fromEntries(window.innokgViews[0].nodes.get().map(n => [n.label, n.value]))")
    assert sizes == {"Huanshangda Science Park": 1.0, "Li Yuyang": 0.849866953758,
                     "Shanghai Huanshangda Technology Development Co., Ltd.": 0.715538531668}
    watched.page.goto(server + "/hubs?network=tech-transfer&lang=en")
    watched.page.click("th:nth-child(6) button.sort")  # betweenness, highest first
    first = watched.page.eval_on_selector_all(
        "table.sortable tbody tr", "rows => rows.slice(0, 3).map(r => [r.cells[1].textContent, r.cells[5].textContent])")
    assert first == [["Li Yuyang", "0.3602"], ["Huanshangda Science Park", "0.3025"],
                     ["Baoshan District invest-first-convert-later reform pilot", "0.1949"]]
    watched.page.click("th:nth-child(6) button.sort")  # and lowest first
    assert watched.page.inner_text("table.sortable tbody tr:first-child td:nth-child(6)") == "0.0000"
    watched.page.click("nav.networks a:text('actors')")
    assert watched.page.inner_text("table.sortable tbody tr:first-child td:nth-child(2)") == "Huanshangda Science Park"
    watched.check((server + "/", "data:"))


def test_chain_explorer_shows_the_full_chain_first(server, watched):
    watched.page.goto(server + "/chain?lang=en")
    _ready(watched.page)
    assert watched.page.inner_text("#chain-1 h2") == \
        "Chain 1: 5 steps, 2 inferred, latest 2025-01, reaches the firm by a grant"
    relations = watched.page.eval_on_selector_all("#chain-1 tbody tr td:nth-child(3)", "tds => tds.map(t => t.textContent)")
    assert relations == ["co-builds", "is operated by", "has as general manager", "brokers with",
                         "grant through channel (invest first, convert to equity later) to"]
    labels = set(_node_labels(watched.page))
    assert {"Shanghai University", "Huanshangda Science Park", "Li Yuyang", XSS} <= labels  # the XSS firm is incubated
    watched.check((server + "/", "data:"))
    watched.page.fill("input[name=from]", "Atlantis")
    with watched.page.expect_navigation():
        watched.page.click("form[action='/chain'] button[type=submit]")
    assert watched.page.inner_text("p.error") == "no actor is labelled 'Atlantis'"
    assert watched.page.url == server + "/chain?from=Atlantis&to=&limit=&lang=en"
    assert watched.errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    assert watched.violations == []


def test_the_policy_refuses_a_script_slipped_into_a_page(server, watched):
    """What the policy is for: a script written into a page does not run, and the recorder sees it."""
    watched.page.goto(server + "/?lang=en")
    watched.page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.pwned = true'; document.body.appendChild(s);
        const t = document.createElement('script'); t.src = 'https://evil.example/x.js'; document.body.appendChild(t);
        document.body.insertAdjacentHTML('beforeend', '<p id=styled style="color: red">x</p>'); }""")
    assert watched.page.evaluate("window.pwned") is None
    assert watched.page.evaluate("getComputedStyle(document.getElementById('styled')).color") != "rgb(255, 0, 0)"
    events = sorted(v for v in watched.violations if "Content Security Policy" not in v)
    assert [v.split(" ")[:2] for v in events] == [["script-src-elem", "https://evil.example/x.js"],
                                                  ["script-src-elem", "inline"], ["style-src-attr", "inline"]]
    with watched.page.expect_event("requestfailed") as failed:  # the browser never sends it
        watched.page.evaluate("""() => { const t = document.createElement('script'); t.src = 'https://evil.example/y.js';
            document.body.appendChild(t); }""")
    assert (failed.value.url, failed.value.failure) == ("https://evil.example/y.js", "csp")
