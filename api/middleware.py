"""ASGI middleware: a cap on the request body size.

A request whose ``Content-Length`` is over the cap is answered 413 before
its body is read; a body sent without a length (chunked) is counted as it
arrives and cut off at the cap.
"""

from __future__ import annotations

__all__ = ["BodySizeLimit"]


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
