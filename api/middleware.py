"""ASGI middleware: a cap on the request body size, and the security headers.

A request whose ``Content-Length`` is over the cap is answered 413 before
its body is read; a body sent without a length (chunked) is counted as it
arrives and cut off at the cap.

Every response carries ``X-Content-Type-Options: nosniff``,
``Referrer-Policy: no-referrer``, ``X-Frame-Options: DENY`` and a
Content-Security-Policy: :data:`PAGE_POLICY` on HTML pages (scripts and
styles from this host only, no inline script), :data:`OTHER_POLICY` on
everything else, :func:`docs_policy` on the API docs, ``/docs`` and ``/redoc`` (:mod:`api.docs`).
"""

from __future__ import annotations

import base64
import hashlib
import re

__all__ = ["BodySizeLimit", "SecurityHeaders", "PAGE_POLICY", "OTHER_POLICY", "DOCS_PATHS", "docs_policy"]

#: The hashes of the seven ``<style>`` elements the standalone build of vis-network 10.1.5
#: (``kg/static/vendor/vis-network.min.js``) writes into every page that loads it: their text is
#: vis-network.min.css, cut in seven. Each element is inserted empty, then filled, so the empty
#: text's hash (the first) is allowed too. Only these exact texts are allowed, never a style
#: attribute. After updating vis-network, the page tests name any new hash in their CSP violations.
VIS_NETWORK_STYLES = (
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' "
    "'sha256-OutIf5hnp68ctx4ThtV5J02g5HTJ5bbu/hkNfqVXWWo=' 'sha256-4cgFR0//m8/eHo2G/esYsuZetUHlzCUWYM59sfgE9zY=' "
    "'sha256-uepMTym1NwItBa/XV6ef6fQobLL0A0CNVDM5km5L+nQ=' 'sha256-gGUn/VMBXCeWm86qX/pOf+4ZDSbe0JcaXXb4rJjw1mA=' "
    "'sha256-QuPewnJYr+SnQiTnCNHFBw99ExTsz9f8w5320PimEPw=' 'sha256-IY7YKNHjbzQ1NfAKrBZvBZohgXMtxrqB9PaqhAaT3vg=' "
    "'sha256-QE7TOEDW7YIlMzvUUnm8boDWeNBN7PBbaaYJjnp34WI='")
#: The hashes of the two ``<style>`` elements YASR's result table (its column resizer, in the YASGUI 4.6.2
#: bundle, ``kg/static/vendor/yasgui.min.js``) writes: its fixed stylesheet, and the cursor it sets while a
#: column is dragged (``*{cursor:col-resize!important}``).
YASR_TABLE_STYLES = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=' 'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg='"
#: The policy of every HTML page of ``innokg serve``: nothing inline runs, nothing is fetched from
#: another host. The pages hand data to their scripts in ``<script type="application/json">``
#: blocks, which are data, not scripts; vis-network, YASGUI (CodeMirror) and d3 set styles through
#: the CSSOM (``element.style``), which ``style-src`` does not govern.
PAGE_POLICY = (f"default-src 'self'; script-src 'self'; style-src 'self' {VIS_NETWORK_STYLES} {YASR_TABLE_STYLES}; "
               "img-src 'self' data:; "
               "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: The policy of everything else (JSON, CSV, RDF, static files): a response opened on its own runs nothing.
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
#: The API's documentation pages (:mod:`api.docs`), which run FastAPI's inline scripts.
DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc\s*=)[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)


def docs_policy(html: str) -> str:
    """The policy of ``/docs`` and ``/redoc`` (:mod:`api.docs`): this host only, and their own inline scripts.

    Their HTML is fixed by FastAPI (no request value is written in it), so
    the hashes of the inline scripts it carries are allowed, and nothing
    else inline. Swagger UI and ReDoc are vendored (``/static/vendor/``),
    ReDoc uses no Google font; ReDoc writes ``<style>`` elements at run time
    (styled-components), hence ``style-src 'unsafe-inline'``, and runs its
    search in a ``blob:`` worker.

    Examples
    --------
    >>> policy = docs_policy("<script>go()</script><script src='/x.js'></script>")
    >>> "script-src 'self' 'sha256-" in policy, policy.count("sha256-"), "https:" in policy
    (True, 1, False)
    """
    hashes = " ".join(sorted({"'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
                              for script in _INLINE_SCRIPT.findall(html)}))
    return ("default-src 'self'; "
            f"script-src 'self'{' ' + hashes if hashes else ''}; "
            "style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; "
            "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'")


class SecurityHeaders:
    """Add the security headers to every HTTP response (a header the app set itself is kept).

    Examples
    --------
    >>> from fastapi import FastAPI
    >>> from fastapi.responses import HTMLResponse
    >>> from fastapi.testclient import TestClient
    >>> app = FastAPI()
    >>> _ = app.get("/", response_class=HTMLResponse)(lambda: "<p>hi</p>")
    >>> app.add_middleware(SecurityHeaders)
    >>> headers = TestClient(app).get("/").headers
    >>> headers["content-security-policy"] == PAGE_POLICY, headers["x-frame-options"]
    (True, 'DENY')
    >>> TestClient(app).get("/openapi.json").headers["content-security-policy"] == OTHER_POLICY
    True
    """

    FIXED = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
             (b"x-frame-options", b"DENY"))

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("path") in DOCS_PATHS:
            await self._docs(scope, receive, send)
            return

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = _secured(message.get("headers") or [], None)
            await send(message)

        await self.app(scope, receive, with_headers)

    async def _docs(self, scope, receive, send):
        """Hold the (small) docs page until its body is complete, to hash its inline scripts."""
        start, body = None, []

        async def held(message):
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if not message.get("more_body", False):
                html = b"".join(body)
                start["headers"] = _secured(start.get("headers") or [], docs_policy(html.decode("utf-8", "replace")))
                await send(start)
                await send({"type": "http.response.body", "body": html})

        await self.app(scope, receive, held)


def _secured(headers, policy: str | None) -> list:
    """``headers`` plus the fixed security headers and the CSP, each unless already there."""
    headers = list(headers)
    present = {name.lower() for name, _ in headers}
    if policy is None:
        media = next((value for name, value in headers if name.lower() == b"content-type"), b"")
        policy = PAGE_POLICY if media.lower().startswith(b"text/html") else OTHER_POLICY
    for name, value in (*SecurityHeaders.FIXED, (b"content-security-policy", policy.encode())):
        if name not in present:
            headers.append((name, value))
    return headers


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """Answer 413 to requests whose body is larger than ``max_bytes``.

    Examples
    --------
    >>> from fastapi import FastAPI
    >>> from fastapi.testclient import TestClient
    >>> app = FastAPI()
    >>> app.add_middleware(BodySizeLimit, max_bytes=4)
    >>> TestClient(app).post("/", content=b"12345").status_code
    413
    """

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _answer(send, 400, "invalid Content-Length header")
                return
            if size > self.max_bytes:
                await _answer(send, 413, self._message())
                return
        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def watched_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except _TooLarge:
            if not started:
                await _answer(send, 413, self._message())

    def _message(self) -> str:
        return f"the request body is larger than the {self.max_bytes} bytes this server accepts"


async def _answer(send, status: int, text: str) -> None:
    body = (text + "\n").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
