"""The real browser of the page tests: Debian's Chromium driven by Python playwright.

Never a downloaded browser (``playwright install`` cannot download here); the tests
fail, never skip, when /usr/bin/chromium is missing (``make browser`` installs it).
:class:`Recorder` collects what a page says: console messages, script errors, requests and
every Content-Security-Policy violation (``securitypolicyviolation`` events).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

__all__ = ["CHROMIUM", "chromium", "Recorder"]

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


#: Runs before any script of every document the page opens (CDP injection, which the page's CSP
#: does not govern) and reports each violation of the page's policy to Python.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.innokgPolicyViolation([event.violatedDirective, event.blockedURI || "inline",
                                (event.sourceFile || "") + ":" + event.lineNumber].join(" "));
}, true);
"""


class Recorder:
    """Everything one page reports: console messages, errors, requests, CSP violations.

    ``console`` holds ``(type, text)`` of every console message; ``errors`` the
    console errors and uncaught script errors; ``violations`` one line per
    ``securitypolicyviolation`` event (directive, blocked URI, where);
    ``requests`` every URL the page asked for.
    """

    def __init__(self, page: Page):
        self.page = page
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.violations: list[str] = []
        self.requests: list[str] = []
        page.expose_function("innokgPolicyViolation", self._violation)
        page.add_init_script(_REPORT_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))

    def _violation(self, text: str) -> None:
        self.violations.append(text)

    def _console(self, message) -> None:
        self.console.append((message.type, message.text))
        if message.type == "error":
            self.errors.append(message.text)
        if "Content Security Policy" in message.text:  # Chromium's own report, should an event be missed
            self.violations.append(message.text)
