"""The funding Sankey and coverage pages in headless Chromium: drawn offline, no console error,
no request leaving the host. Chromium must be at /usr/bin/chromium (never skipped)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from kg.build import build
from kg.paths import SEED_DIR

from policy_helpers import FIXTURE_FILES, FIXTURES

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real app under uvicorn on a free port over seed + policy fixtures, polled until it answers."""
    seed = tmp_path_factory.mktemp("seed")
    for trig in SEED_DIR.glob("*.trig"):
        shutil.copy(trig, seed)
    for name in FIXTURE_FILES:
        shutil.copy(FIXTURES / f"{name}.trig", seed / f"fixture-{name}.trig")
    store = tmp_path_factory.mktemp("pages") / "store"
    build(store, seed_dir=seed)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app",
                                "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                               env=dict(os.environ, INNOKG_STORE=str(store)), cwd=Path(__file__).resolve().parent.parent)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"the server did not start (exit status {process.poll()})")
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox", "--disable-background-networking"])
        yield chromium
        chromium.close()


def _visit(browser, base: str, path: str):
    """Open ``path``; return the page, the console errors and the requests that left the host."""
    page = browser.new_page()
    errors, outside = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: None if request.url.startswith((base, "data:")) else outside.append(request.url))
    response = page.goto(base + path, wait_until="networkidle")
    assert response.status == 200
    return page, errors, outside


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
    assert page.locator("#coverage-chart svg text", has_text="missing").count() == 1
    assert page.inner_text("ul.gaps") == "示例科技园: 缺 概念验证"
    page.close()
