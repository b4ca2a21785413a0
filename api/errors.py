"""How errors become HTTP answers: a status and a one-line message, never a stack trace.

=====================================  ======
error                                  status
=====================================  ======
a syntax error, a bad parameter        400
an entity, query or ranking not found  404
no acceptable result format            406
a query stopped at its timeout         422
every worker busy                      503
anything unexpected                    500
=====================================  ======

A stopped query answers 422 (the request is well-formed, but the server
will not process it within its limits) rather than a 5xx: retrying it
unchanged will not help.
"""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from kg.errors import InnokgError
from kg.query_runner import OperationFailed, QueryTimeout, ServiceBusy

__all__ = ["ProtocolError", "status_of", "error_response", "install_handlers"]

log = logging.getLogger("innokg.serve")

_STATUS_BY_KIND = {
    "QuerySyntaxError": 400,
    "NotAcceptable": 406,
    "EntityNotFound": 404,
    "SavedQueryNotFound": 404,
    "RankingNotFound": 404,
    "NotFound": 404,
    "Ambiguous": 400,
    "internal": 500,
}


class ProtocolError(Exception):
    """A request the HTTP layer refuses, with its status (and headers)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def status_of(error: Exception) -> int:
    """Return the HTTP status for an error raised while answering.

    Examples
    --------
    >>> status_of(OperationFailed("QuerySyntaxError", "SPARQL syntax error at line 1, column 9: …"))
    400
    >>> status_of(QueryTimeout("stopped after the 1 s timeout")), status_of(ServiceBusy("busy"))
    (422, 503)
    """
    if isinstance(error, ProtocolError):
        return error.status
    if isinstance(error, QueryTimeout):
        return 422
    if isinstance(error, ServiceBusy):
        return 503
    if isinstance(error, OperationFailed):
        return _STATUS_BY_KIND.get(error.kind, 400)
    if isinstance(error, InnokgError):
        return 400
    return 500


def error_response(error: Exception, *, plain: bool = False) -> Response:
    """Answer ``error`` as plain text (for SPARQL clients) or as ``{"detail": message}``."""
    status = status_of(error)
    message = str(error) if status != 500 or isinstance(error, OperationFailed) else "internal error"
    headers = dict(getattr(error, "headers", {}) or {})
    if status == 503:
        headers["Retry-After"] = "1"
    if plain:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


def install_handlers(app) -> None:
    """Answer bad parameters with 400 and unexpected errors with a bare 500 (logged, not shown)."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'] if part not in ('query', 'path'))}: {problem['msg']}"
            for problem in error.errors()
        )
        return JSONResponse({"detail": problems or "invalid request"}, status_code=400)

    @app.exception_handler(InnokgError)
    @app.exception_handler(ProtocolError)
    async def refused(request: Request, error: Exception) -> Response:
        return error_response(error, plain=request.url.path.startswith(("/sparql", "/update")))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error answering %s %s", request.method, request.url.path)
        return PlainTextResponse("internal error\n", status_code=500)
