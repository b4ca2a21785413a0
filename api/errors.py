"""How errors become HTTP answers: a status and a one-line message, never a stack trace.

=====================================  ======
error                                  status
=====================================  ======
a syntax error, a bad parameter        400
an update without the right token      401
updates are off                        403
an entity, query or ranking not found  404
a method the path does not answer      405
no acceptable result format            406
a request body over the cap            413
a body of the wrong media type         415
a query stopped at its timeout         422
every worker busy                      503
anything unexpected                    500
=====================================  ======

Every message is one line: control characters in it (a CR/LF a client put
in a parameter, say) are written as escapes. A bad parameter's message
starts with the parameter's name (``query: Field required``,
``entity: 'org/x>' is not an entity id or IRI: it holds '>'``).

A stopped query answers 422 (the request is well-formed, but the server
will not process it within its limits) rather than a 5xx: retrying it
unchanged will not help.
"""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from kg.entities import EntityNotFound
from kg.errors import InnokgError, QuerySyntaxError
from kg.network.projection import NetworkNotFound
from kg.policy.catalog import RankingNotFound
from kg.policy.lookup import Ambiguous, NotFound
from kg.saved_queries import SavedQueryNotFound
from kg.serve.operations import OperationFailed, QueryTimeout, ServiceBusy
from kg.serve.protocol import NotAcceptable
from kg.user_input import InvalidParameter

__all__ = ["ProtocolError", "STATUS_TEXT", "raised_class", "status_of", "printable", "error_response", "error_responses",
           "app_routes", "allowed_methods", "answer_in_documented_type", "install_handlers"]

log = logging.getLogger("innokg.serve")

#: The status of each error class; a class not here takes its nearest base's (Ambiguous, a NotFound, is 400),
#: any other InnokgError 400, anything else 500.
_STATUS_BY_CLASS: dict[type, int] = {
    InnokgError: 400,
    QuerySyntaxError: 400,
    InvalidParameter: 400,
    Ambiguous: 400,
    NotFound: 404,
    EntityNotFound: 404,
    SavedQueryNotFound: 404,
    RankingNotFound: 404,
    NetworkNotFound: 404,
    NotAcceptable: 406,
    QueryTimeout: 422,
    ServiceBusy: 503,
}

_METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

#: What each refusal means, for the OpenAPI schema.
STATUS_TEXT = {
    400: "Bad request: a parameter or the query is malformed (one line says which and why)",
    401: "An update without the right bearer token",
    403: "Updates are off on this server",
    404: "Not found (one line says what)",
    406: "No acceptable result format for the Accept header",
    413: "The request body is larger than the server accepts",
    415: "Unsupported Content-Type (or not UTF-8)",
    422: "The query was stopped at the server's timeout",
    503: "Every worker is busy: retry after the Retry-After header",
}


class ProtocolError(Exception):
    """A request the HTTP layer refuses, with its status (and headers)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def raised_class(error: Exception) -> type:
    """The class of the error raised where the work ran: a worker's (:class:`OperationFailed` carries it), else ``error``'s.

    Examples
    --------
    >>> raised_class(OperationFailed(SavedQueryNotFound, "no saved query 'x'")).__name__
    'SavedQueryNotFound'
    >>> raised_class(OperationFailed(None, "internal error")), raised_class(ServiceBusy("busy")).__name__
    (<class 'object'>, 'ServiceBusy')
    """
    if isinstance(error, OperationFailed):
        return error.kind or object  # None: an unexpected error
    return type(error)


def status_of(error: Exception) -> int:
    """Return the HTTP status for an error raised while answering.

    Examples
    --------
    >>> status_of(OperationFailed(SavedQueryNotFound, "no saved query 'x'")), status_of(OperationFailed(None, "…"))
    (404, 500)
    >>> status_of(QueryTimeout("stopped after the 1 s timeout")), status_of(ServiceBusy("busy"))
    (422, 503)
    """
    if isinstance(error, ProtocolError):
        return error.status
    for base in raised_class(error).__mro__:
        if base in _STATUS_BY_CLASS:
            return _STATUS_BY_CLASS[base]
    return 500


def printable(message: str) -> str:
    """Write ``message`` on one line for a client: control characters (a CR/LF it sent, say) become escapes.

    Examples
    --------
    >>> printable("no format 'a\\r\\nb'"), printable("nul \\x00 here")
    ("no format 'a\\\\r\\\\nb'", 'nul \\\\x00 here')
    """
    if message.isprintable():
        return message
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in message)


def error_response(error: Exception, *, plain: bool = False) -> Response:
    """Answer ``error`` as plain text (for SPARQL clients) or as ``{"detail": message}``."""
    status = status_of(error)
    message = printable(str(error)) if status != 500 or isinstance(error, OperationFailed) else "internal error"
    headers = dict(getattr(error, "headers", {}) or {})
    if status == 503:
        headers["Retry-After"] = "1"
    if plain:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


def error_responses(*statuses: int, media_type: str = "application/json") -> dict:
    """The ``responses=`` of a route that may answer ``statuses``: each described, with its body's shape.

    Parameters
    ----------
    *statuses : int
        Keys of :data:`STATUS_TEXT`.
    media_type : str
        ``application/json`` (``{"detail": "…"}``), ``text/plain`` or ``text/html`` (an error page).

    Examples
    --------
    >>> error_responses(400, 404)[404]["description"]
    'Not found (one line says what)'
    >>> list(error_responses(503, media_type="text/html")[503]["content"])
    ['text/html']
    """
    if media_type == "application/json":
        schema = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
    else:
        schema = {"type": "string"}
    return {status: {"description": STATUS_TEXT[status], "content": {media_type: {"schema": schema}}}
            for status in statuses}


def app_routes(app) -> list:
    """Every route of ``app``, those of included routers too (FastAPI nests them).

    Examples
    --------
    >>> from api.app import create_app
    >>> from kg.store import OxigraphStore
    >>> "/api/chains" in [route.path for route in app_routes(create_app(OxigraphStore.memory()))]
    True
    """
    found = []

    def walk(routes) -> None:
        for route in routes:
            nested = getattr(route, "original_router", None)
            if nested is not None:
                walk(nested.routes)
            else:
                found.append(route)

    walk(app.router.routes)
    return found


def allowed_methods(app, scope) -> list[str]:
    """The methods the routes of ``scope``'s path answer, and OPTIONS, in the usual order.

    Examples
    --------
    >>> from api.app import create_app
    >>> from kg.store import OxigraphStore
    >>> allowed_methods(create_app(OxigraphStore.memory()), {"type": "http", "path": "/sparql", "method": "PUT"})
    ['GET', 'POST', 'OPTIONS']
    """
    methods = set()
    probe = {"type": "http", "root_path": "", "path": scope["path"], "method": "GET"}
    for route in app_routes(app):
        if getattr(route, "methods", None) and route.matches(probe)[0] != Match.NONE:
            methods |= set(route.methods)
    if methods:
        methods.add("OPTIONS")
    return sorted(methods, key=lambda method: (_METHOD_ORDER.index(method) if method in _METHOD_ORDER else 99, method))


def _field(location: tuple) -> str:
    """``('query', 'from')`` -> ``from``: the parameter's name, without where it was sent."""
    parts = list(location)
    if len(parts) > 1 and parts[0] in ("query", "path", "header", "cookie", "body"):
        parts = parts[1:]
    return ".".join(str(part) for part in parts)


def answer_in_documented_type(request: Request, status: int, message: str) -> Response:
    """Answer ``message`` with ``status`` in the media type the matched route documents for it.

    A page documents its errors as ``text/html`` (an error page), a download
    or the SPARQL endpoint as ``text/plain``, the JSON API as
    ``{"detail": message}`` (also the default).
    """
    responses = getattr(request.scope.get("route"), "responses", None) or {}
    documented = responses.get(status) or responses.get(str(status)) or {}
    media_types = list(documented.get("content") or {})
    if "text/html" in media_types:
        from kg.web import error_page

        lang = request.query_params.get("lang", "")
        return HTMLResponse(error_page(message, "en" if lang.lower().startswith("en") else "zh", status),
                            status_code=status)
    if "text/plain" in media_types:
        return PlainTextResponse(message + "\n", status_code=status)
    return JSONResponse({"detail": message}, status_code=status)


def _without_validation_422(schema: dict) -> dict:
    """Drop the 422 "Validation Error" FastAPI documents on its own: a bad parameter here answers 400
    (documented on each route), and 422 means a query stopped at the timeout."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            answer = operation.get("responses", {}).get("422", {})
            if "HTTPValidationError" in str(answer.get("content", "")):
                del operation["responses"]["422"]
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    return schema


def install_handlers(app) -> None:
    """Answer bad parameters with 400, wrong methods with 405 and the right ``Allow``,
    and unexpected errors with a bare 500 (logged, not shown); document in the
    OpenAPI schema only the statuses the routes answer.

    Examples
    --------
    >>> from api.app import create_app
    >>> from kg.store import OxigraphStore
    >>> sorted(create_app(OxigraphStore.memory()).openapi()["paths"]["/api/queries/{query_id}"]["get"]["responses"])
    ['200', '404']
    """
    build_schema = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = _without_validation_422(build_schema())
        return app.openapi_schema

    app.openapi = openapi

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = printable("; ".join(f"{_field(problem['loc'])}: {problem['msg']}" for problem in error.errors()))
        return answer_in_documented_type(request, 400, problems or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        headers = dict(error.headers or {})
        if error.status_code == 405:
            methods = allowed_methods(request.app, request.scope)
            if request.method == "OPTIONS" and methods:
                return Response(status_code=204, headers={"Allow": ", ".join(methods)})
            headers["Allow"] = ", ".join(methods)
        return JSONResponse({"detail": printable(str(error.detail))}, status_code=error.status_code, headers=headers)

    @app.exception_handler(InnokgError)
    @app.exception_handler(ProtocolError)
    async def refused(request: Request, error: Exception) -> Response:
        return error_response(error, plain=request.url.path.startswith(("/sparql", "/update")))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error answering %s %s", request.method, request.url.path)
        return PlainTextResponse("internal error\n", status_code=500)
