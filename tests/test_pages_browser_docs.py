"""/docs (Swagger UI) and /redoc (ReDoc) render offline in Chromium: every operation listed, every request
to another host blocked (and none made), no console error, no policy violation (issue 17)."""

from __future__ import annotations

from browser import chromium  # noqa: F401
from test_pages_browser import SCREENSHOTS, Watched, browser, hostile_store_path, server  # noqa: F401  (fixtures)

import pytest


@pytest.fixture
def offline(browser, server):  # noqa: F811
    """A watched page for which every request to another host fails, as on a machine without Internet."""
    page = Watched(browser)
    page.off_host: list[str] = []

    def block(route):
        page.off_host.append(route.request.url)
        route.abort("internetdisconnected")

    page.page.route(lambda url: not url.startswith((server + "/", "data:", "blob:")), block)
    yield page
    page.page.close()


def _operations(server) -> list[str]:
    import httpx
    spec = httpx.get(server + "/openapi.json").json()
    return sorted(f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item)


def test_swagger_ui_lists_every_operation_offline(server, offline):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    offline.page.goto(server + "/docs")
    offline.page.wait_for_selector(".opblock-summary", timeout=20000)
    shown = offline.page.eval_on_selector_all(
        ".opblock", "blocks => blocks.map(b => b.querySelector('.opblock-summary-method').textContent + ' '"
        " + b.querySelector('.opblock-summary-path').getAttribute('data-path'))")
    assert sorted(set(shown)) == _operations(server)
    assert offline.page.inner_text(".info .title").startswith("innokg")
    offline.page.screenshot(path=str(SCREENSHOTS / "docs-swagger-ui.png"))
    assert offline.off_host == []
    offline.check((server + "/", "data:", "blob:"))


def test_redoc_lists_every_operation_offline(server, offline):  # noqa: F811
    offline.page.goto(server + "/redoc")
    offline.page.wait_for_selector("[data-section-id^='operation/']", timeout=20000)
    count = offline.page.eval_on_selector_all("[data-section-id^='operation/']", "s => s.length")
    assert count == len(_operations(server))
    assert offline.page.inner_text("h1").startswith("innokg")
    offline.page.screenshot(path=str(SCREENSHOTS / "docs-redoc.png"))
    assert offline.off_host == []
    offline.check((server + "/", "data:", "blob:"))
