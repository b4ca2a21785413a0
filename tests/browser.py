"""The real browser of the page tests: Debian's Chromium driven by Python playwright.

Never a downloaded browser (``playwright install`` cannot download here); the tests
fail, never skip, when /usr/bin/chromium is missing (``make browser`` installs it).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from playwright.sync_api import sync_playwright

__all__ = ["CHROMIUM", "chromium"]

CHROMIUM = "/usr/bin/chromium"


@contextlib.contextmanager
def chromium():
    """Launch headless Chromium with no background networking; close it when the block ends."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"])
        try:
            yield browser
        finally:
            browser.close()
