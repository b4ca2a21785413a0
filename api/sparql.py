"""The SPARQL 1.1 Protocol: ``/sparql`` for queries (and form-encoded updates), ``/update`` for updates.

Queries come by GET (``?query=``), by POST form (``application/x-www-form-urlencoded``)
or by POST direct (``application/sparql-query``), with ``default-graph-uri``
and ``named-graph-uri``. GET without a query answers the service
description. Updates come by POST form (``update=``) or direct
(``application/sparql-update``), only when the server allows them, with
``Authorization: Bearer <token>``.

Every refusal is a 4xx with a one-line text message: 400 for a malformed
request (a syntax error says its line and column), 401/403 for updates
without the right token or when they are off, 405 for another method, 406
when no acceptable format fits, 413 for a body over the cap, 415 for a
missing or wrong media type, 422 for a query stopped at its timeout.
"""

from __future__ import annotations

import hmac
import codecs
from urllib.parse import unquote_to_bytes

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.errors import ProtocolError, error_response, error_responses, raised_class
from kg.errors import InnokgError
from kg.serve.service_description import service_description
from kg.serve.protocol import RDF_FORMATS, NotAcceptable, QueryRequest, negotiate
from kg.user_input import IRI_PATTERN

__all__ = ["router", "DirectSparql", "check_update_allowed"]

router = APIRouter(tags=["SPARQL 1.1 Protocol"])

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
_TEXT_TYPES = ("text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples")
_GRAPH_IRI = {"type": "string", "pattern": IRI_PATTERN}
_FORMATS = ("json", "xml", "csv", "tsv", "turtle", "ntriples", "rdfxml", "jsonld")
_QUERY_DOC = {
    "parameters": [
        {"name": "query", "in": "query", "schema": {"type": "string"}, "description": "A SPARQL 1.1 query"},
        {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": _GRAPH_IRI}},
        {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": _GRAPH_IRI}},
        {"name": "format", "in": "query", "schema": {"type": "string", "enum": list(_FORMATS)},
         "description": "json, xml, csv, tsv, turtle, ntriples, rdfxml or jsonld; overrides Accept"},
    ],
}


@router.get("/sparql", summary="SPARQL query by GET, or the service description",
            openapi_extra=_QUERY_DOC, response_class=Response,
            responses=error_responses(400, 406, 422, 503, media_type="text/plain"))
async def sparql_get(request: Request) -> Response:
    """Run ``?query=`` (results negotiated by ``Accept``); without a query, describe the service."""
    try:
        params = list(request.query_params.multi_items())
        if _values(params, "update"):
            raise ProtocolError(400, "SPARQL updates must be sent by POST, not GET")
        queries = _values(params, "query")
        if not queries:
            return await _describe_service(request)
        return await _answer_query(request, queries, params)
    except (ProtocolError, InnokgError) as error:
        return error_response(error, plain=True)


@router.post("/sparql", summary="SPARQL query (or update) by POST", response_class=Response,
             responses={204: {"description": "An update sent as a form (update=) was applied"},
                        **error_responses(400, 401, 403, 406, 413, 415, 422, 503, media_type="text/plain")},
             openapi_extra={"requestBody": {"required": True, "content": {
                 _QUERY: {"schema": {"type": "string"}},
                 _FORM: {"schema": {"type": "object", "properties": {
                     "query": {"type": "string"}, "update": {"type": "string"},
                     "default-graph-uri": {"type": "array", "items": _GRAPH_IRI},
                     "named-graph-uri": {"type": "array", "items": _GRAPH_IRI}},
                     "minProperties": 1, "maxProperties": 4,
                     "anyOf": [{"required": ["query"]}, {"required": ["update"]}]}},
             }}})
async def sparql_post(request: Request) -> Response:
    """Run a query sent as a form (``query=``) or directly (``application/sparql-query``)."""
    try:
        media_type, body = await _read_body(request)
        url_params = list(request.query_params.multi_items())
        if media_type == _FORM:
            params = _parse_form(body) + url_params
            if _values(params, "update"):
                if _values(params, "query"):
                    raise ProtocolError(400, "send either query= or update=, not both")
                return await _answer_update(request, params)
            queries = _values(params, "query")
            if not queries:
                raise ProtocolError(400, "missing the query= parameter")
            return await _answer_query(request, queries, params)
        if media_type == _QUERY:
            if _values(url_params, "query"):
                raise ProtocolError(400, "with application/sparql-query the query is the body: "
                                         "do not also send a query= parameter")
            return await _answer_query(request, [_utf8(body)], url_params)
        if media_type == _UPDATE:
            return await _answer_update(request, url_params + [("update", _utf8(body))])
        raise _unsupported(media_type, (_FORM, _QUERY, _UPDATE))
    except (ProtocolError, InnokgError) as error:
        return error_response(error, plain=True)


@router.post("/update", summary="SPARQL update (off unless the server allows it, with a bearer token)",
             response_class=Response, status_code=204,
             responses=error_responses(400, 401, 403, 413, 415, 422, 503, media_type="text/plain"),
             openapi_extra={"requestBody": {"required": True, "content": {
                 _UPDATE: {"schema": {"type": "string"}},
                 _FORM: {"schema": {"type": "object", "properties": {"update": {"type": "string"}}}},
             }}})
async def update_post(request: Request) -> Response:
    """Run a SPARQL update in one transaction: all of it or nothing."""
    try:
        media_type, body = await _read_body(request)
        url_params = list(request.query_params.multi_items())
        if media_type == _FORM:
            return await _answer_update(request, _parse_form(body) + url_params)
        if media_type == _UPDATE:
            return await _answer_update(request, url_params + [("update", _utf8(body))])
        raise _unsupported(media_type, (_UPDATE, _FORM))
    except (ProtocolError, InnokgError) as error:
        return error_response(error, plain=True)


class DirectSparql:
    """ASGI middleware: hand ``GET`` and ``POST /sparql`` straight to their handlers.

    A SPARQL endpoint answers many small queries; going through the router
    (matching every route, solving dependencies) costs a good part of a
    quick query's time. The routes above stay, for the OpenAPI schema, and
    are what this calls.

    Examples
    --------
    >>> from fastapi.testclient import TestClient
    >>> from api.app import create_app
    >>> from kg.store import OxigraphStore
    >>> TestClient(create_app(OxigraphStore.memory())).get("/sparql", params={"query": "ASK {}"}).json()
    {'head': {}, 'boolean': True}
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"] == "/sparql" and scope["method"] in ("GET", "POST"):
            request = Request(scope, receive)
            response = await (sparql_get(request) if scope["method"] == "GET" else sparql_post(request))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _answer_query(request: Request, queries: list[str], params: list[tuple[str, str]]) -> Response:
    if len(queries) > 1:
        raise ProtocolError(400, f"send one query= parameter, not {len(queries)}")
    query = queries[0]
    if not query.strip():
        raise ProtocolError(400, "the query is empty")
    settings = request.app.state.settings
    requested_format = _first(params, "format") or _first(params, "output")
    query_request = QueryRequest(
        query=query,
        default_graphs=tuple(_values(params, "default-graph-uri")),
        named_graphs=tuple(_values(params, "named-graph-uri")),
        accept=request.headers.get("accept"),
        format=requested_format,
        max_rows=settings.max_rows,
    )
    try:
        answer = await request.app.state.runner.run_async("sparql", request=query_request)
    except InnokgError as error:
        if issubclass(raised_class(error), NotAcceptable) and requested_format:
            raise ProtocolError(400, f"format: {error}") from None  # a bad format= parameter, not a bad Accept
        raise
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["X-SPARQL-MaxRows"] = str(settings.max_rows)
        headers["X-Innokg-Truncated"] = "true"
    return Response(answer.body, media_type=_with_charset(answer.media_type), headers=headers)


def check_update_allowed(request: Request, what: str = "SPARQL Update") -> None:
    """Refuse a write unless the server allows updates (403) and the request presents its bearer token (401)."""
    settings = request.app.state.settings
    if not settings.allow_update:
        raise ProtocolError(403, f"{what} is disabled on this server (start it with --allow-update --token)")
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(presented.strip().encode(), settings.token.encode()):
        raise ProtocolError(401, "updates need the header Authorization: Bearer <token>",
                            {"WWW-Authenticate": 'Bearer realm="innokg"'})


async def _answer_update(request: Request, params: list[tuple[str, str]]) -> Response:
    check_update_allowed(request)
    updates = _values(params, "update")
    if len(updates) != 1:
        raise ProtocolError(400, f"send one update, not {len(updates)}")
    if _values(params, "using-graph-uri") or _values(params, "using-named-graph-uri"):
        raise ProtocolError(400, "using-graph-uri and using-named-graph-uri are not supported: "
                                 "name graphs with USING or GRAPH in the update")
    if not updates[0].strip():
        raise ProtocolError(400, "the update is empty")
    await run_in_threadpool(request.app.state.runner.update, updates[0])
    return Response(status_code=204)


async def _describe_service(request: Request) -> Response:
    media_type = negotiate("graph", request.headers.get("accept"), request.query_params.get("format"))
    sizes = await request.app.state.runner.run_async("graph_sizes")
    endpoint = str(request.url.replace(query=None, fragment=None))
    body = service_description(endpoint, sizes, update=request.app.state.settings.allow_update,
                               format=RDF_FORMATS[media_type])
    return Response(body, media_type=_with_charset(media_type), headers={"Vary": "Accept"})


async def _read_body(request: Request) -> tuple[str, bytes]:
    content_type = request.headers.get("content-type")
    if not content_type:
        raise ProtocolError(415, f"a POST needs a Content-Type: {_QUERY}, {_FORM} or {_UPDATE}")
    media_type, *parameters = [part.strip() for part in content_type.split(";")]
    for parameter in parameters:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise ProtocolError(415, f"the body must be UTF-8, not {value.strip()}")
    return media_type.lower(), await request.body()


def _parse_form(body: bytes) -> list[tuple[str, str]]:
    """Read an ``application/x-www-form-urlencoded`` body (as :func:`urllib.parse.parse_qsl`, faster).

    Examples
    --------
    >>> _parse_form(b"query=SELECT+*+%7B%3Fs+%3Fp+%3Fo%7D&x&default-graph-uri=%E5%8C%97")
    [('query', 'SELECT * {?s ?p ?o}'), ('x', ''), ('default-graph-uri', '北')]
    >>> _parse_form(b"query=100%25+%zz+%4")
    [('query', '100% %zz %4')]
    """
    pairs = []
    for item in body.split(b"&"):
        if item:
            name, _, value = item.partition(b"=")
            pairs.append((_unquote(name), _unquote(value)))
    return pairs


def _unquote(data: bytes) -> str:
    data = data.replace(b"+", b" ")
    if b"%" in data:
        try:  # %XX -> \xXX, decoded by the C escape decoder: a long query has hundreds of escapes
            data = codecs.escape_decode(data.replace(b"\\", b"\\\\").replace(b"%", b"\\x"))[0]
        except ValueError:  # a % not followed by two hex digits stays as it is
            data = unquote_to_bytes(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the form body is not valid UTF-8 after percent-decoding") from None


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"the body is not valid UTF-8 (byte {error.start})") from None


def _values(params: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in params if key == name]


def _first(params: list[tuple[str, str]], name: str) -> str | None:
    values = _values(params, name)
    return values[0] if values else None


def _unsupported(media_type: str, accepted: tuple[str, ...]) -> ProtocolError:
    return ProtocolError(415, f"unsupported Content-Type {media_type}; use {', '.join(accepted)}")


def _with_charset(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type in _TEXT_TYPES else media_type
