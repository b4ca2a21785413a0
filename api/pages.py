"""The HTML pages and network views: a thin router over :mod:`kg.web` and :mod:`kg.views`.

Pages: ``/`` (home), ``/entity?iri=``, ``/query`` (+ ``.csv``/``.json``),
``/queries`` and ``/queries/{id}`` (+ ``.csv``/``.json``), ``/hubs?network=``,
``/chain?from=&to=&limit=``, ``/funding``, ``/coverage``, ``/search?q=``, ``/map``; views:
``/views/ecosystem``, ``/views/ego?entity=``, ``/views/chain?from=``,
``/views/ranking``; files: ``/static/...`` (vis-network, YASGUI, d3 and
innokg's own scripts, all served from the package). Every page takes
``lang=`` (a BCP 47 tag: ``zh``, ``zh-Hans``, ``en-US``…; shown in Chinese
or English, whichever is nearer, Chinese by default).

Every value that names an entity (``iri=``, ``entity=``, ``from=``, ``to=``,
``place=``, ``dimension=``…) is checked by :mod:`kg.user_input` before the
store is read: a malformed one answers 400, one that names nothing 404, each
with a one-line error page saying which parameter and what was wrong.

Every page that reads the store runs through the app's runner, like
``/sparql`` (the ``page`` operation, :mod:`kg.web.dispatch`): under
``innokg serve`` it is stopped at the timeout (the page then answers 422
with its error; 503 when the service is busy), and it reads whatever store
the service reads, on disk or a SPARQL endpoint.
"""

from __future__ import annotations

import mimetypes

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from api.errors import error_responses, printable, status_of
from api.schemas import entity_query, enum_path, lang_query, name_query
from kg.errors import InnokgError
from kg.user_input import LANGUAGES, check_name, entity_reference, language
from kg.views.reduce import DEFAULT_MAX_NODES
from kg.views.render import STATIC_DIR
from kg.web import error_page
from kg.web.query import queries_page, query_page, saved_query_page
from kg.web.search import search_page
from kg.web.templating import PageError

__all__ = ["router"]

router = APIRouter(tags=["pages"])

_MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
_RESERVED = {"lang"}
_LANG = lang_query()
_FORMAT = enum_path("csv", "json", description="csv or json (others answer 404)")
_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"

#: What a page that reads the store may answer besides 200 (an error page).
_STORED = error_responses(400, 404, 422, 503, media_type="text/html")
#: What a page that only checks its parameters may answer besides 200.
_CHECKED = error_responses(400, media_type="text/html")
#: What a download may answer besides 200 (one line of text).
_DOWNLOAD = error_responses(400, 404, 422, 503, media_type="text/plain")


def _stored_page(request: Request, page: str, lang: str, arguments=dict) -> HTMLResponse:
    """A page that reads the store, rendered by the app's runner (under the timeout, over any store).

    ``arguments`` returns the page's keyword arguments; it is called inside
    the error handling, so a bad form value becomes an error page.
    """
    return _page(lambda chosen: request.app.state.runner.run("page", page=page, lang=chosen, **arguments()), lang)


def _page(render, lang: str) -> HTMLResponse:
    """Run ``render(language)`` and wrap its HTML; a one-line error page on failure.

    ``lang`` is the tag the client asked for; ``render`` gets the nearest
    supported language (a malformed tag is a 400 error page, in Chinese).
    """
    try:
        chosen = language(lang)
    except InnokgError as error:
        return HTMLResponse(error_page(printable(str(error)), LANGUAGES[0], 400), status_code=400)
    lang = chosen
    try:
        return HTMLResponse(render(chosen))
    except PageError as error:
        status = status_of(error.cause)
        headers = {"Retry-After": "1"} if status == 503 else {}
        return HTMLResponse(error.html, status_code=status, headers=headers)
    except InnokgError as error:  # OperationFailed from the runner names the error's class
        status = status_of(error)
        headers = {"Retry-After": "1"} if status == 503 else {}
        message = printable(str(error)) if status != 500 else "internal error (see the server log)"
        return HTMLResponse(error_page(message, lang, status), status_code=status, headers=headers)


def _groups(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


@router.get("/", response_class=HTMLResponse, responses=error_responses(400, 422, 503, media_type="text/html"))
def home(request: Request, lang: str = _LANG) -> HTMLResponse:
    """The home page: what is in the graph, the top hubs, the latest ranking."""
    return _stored_page(request, "home", lang)


@router.get("/entity", response_class=HTMLResponse, responses=_STORED)
def entity(request: Request, iri: str = entity_query(),
           lang: str = _LANG, radius: int = Query(1, ge=1, le=3),
           max_nodes: int = Query(DEFAULT_MAX_NODES, ge=1),
           kind: str | None = entity_query(None, description="Page through the links of this property pointing at the entity"),
           offset: int = Query(0, ge=0, le=10_000_000, description="The first link of ``kind`` shown")) -> HTMLResponse:
    """An entity's page: labels, types, facts with sources, links (a page of each kind), ego network."""
    return _stored_page(request, "entity", lang, lambda: dict(
        entity=entity_reference(iri, "iri"), radius=radius, max_nodes=max_nodes,
        kind=kind and entity_reference(kind, "kind"), offset=offset))


@router.get("/query", response_class=HTMLResponse, responses=error_responses(400, 422, 503, media_type="text/html"))
def query(request: Request, query: str | None = None, lang: str = _LANG) -> HTMLResponse:
    """The SPARQL editor, and the results of ``query`` when given (run by the app's runner, under its timeout)."""
    settings = request.app.state.settings
    return _page(lambda chosen: query_page(request.app.state.runner, query, chosen, settings.queries_dir), lang)


@router.get("/query.{format}", response_class=Response, responses={
    200: {"description": "The results", "content": {"text/csv": {}, "application/sparql-results+json": {}}},
    **_DOWNLOAD})
async def query_download(request: Request, format: str = _FORMAT,
                         query: str = Query(description="A SPARQL SELECT or ASK query",
                                            json_schema_extra={"pattern": r"\S"})) -> Response:
    """The results of ``query`` as CSV or SPARQL JSON (up to the service's row limit, under its timeout)."""
    if format not in ("csv", "json"):
        return Response(f"no format {format!r}: use csv or json\n", status_code=404, media_type="text/plain")
    return await _download(request, "page_download", "results", query=query, format=format,
                           max_rows=request.app.state.settings.max_rows)


@router.get("/queries", response_class=HTMLResponse, responses=_CHECKED)
def saved_queries(request: Request, lang: str = _LANG) -> HTMLResponse:
    """The list of saved queries."""
    return _page(lambda chosen: queries_page(chosen, request.app.state.settings.queries_dir), lang)


@router.get("/queries/{query_id}.{format}", response_class=Response, responses={
    200: {"description": "The results", "content": {"text/csv": {}, "application/sparql-results+json": {}}},
    **_DOWNLOAD})
async def saved_query_download(request: Request, query_id: str, format: str = _FORMAT) -> Response:
    """A saved query's results as CSV or SPARQL JSON; its parameters come from the query string."""
    if format not in ("csv", "json"):
        return Response(f"no format {format!r}: use csv or json\n", status_code=404, media_type="text/plain")
    params = {k: v for k, v in request.query_params.items() if k not in _RESERVED and v != ""}
    settings = request.app.state.settings
    return await _download(request, "page_saved_download", query_id, query_id=query_id, params=params,
                           format=format, queries_dir=str(settings.queries_dir), max_rows=settings.max_rows)


@router.get("/queries/{query_id}", response_class=HTMLResponse, responses=_STORED)
def saved_query(request: Request, query_id: str, lang: str = _LANG) -> HTMLResponse:
    """A saved query's page with a form for its parameters and its results (run by the app's runner)."""
    params = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
    settings = request.app.state.settings
    return _page(lambda chosen: saved_query_page(request.app.state.runner, query_id, params, chosen,
                                                 settings.queries_dir), lang)


async def _download(request: Request, operation: str, name: str, **arguments) -> Response:
    try:
        body, media = await request.app.state.runner.run_async(operation, **arguments)
    except InnokgError as error:
        status = status_of(error)
        headers = {"Retry-After": "1"} if status == 503 else {}
        return Response(f"{printable(str(error))}\n", status_code=status, media_type="text/plain", headers=headers)
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{arguments["format"]}"'})


@router.get("/map", response_class=HTMLResponse, responses=error_responses(400, 422, 503, media_type="text/html"))
def centres_map(request: Request, lang: str = _LANG) -> HTMLResponse:
    """Every ranked centre on a world map: sized and coloured by rank for a chosen index, edition and
    dimension, an edition comparison, the Hu Huanyong line with each Chinese city's side, metropolitan areas."""
    return _stored_page(request, "map", lang)


@router.get("/search", response_class=HTMLResponse, responses=error_responses(400, 422, 503, media_type="text/html"))
def search(request: Request, q: str = Query(description="Text in any label or alias, Chinese or English (北京, beij)",
                                            json_schema_extra={"pattern": r"\S"}),
           lang: str = _LANG) -> HTMLResponse:
    """The entities whose label or alias holds ``q``, best first (what the header's search box opens on Enter)."""
    def render(chosen: str) -> str:
        return search_page(q, request.app.state.runner.run("search", q=q, limit=50)["results"], chosen)
    return _page(render, lang)


@router.get("/hubs", response_class=HTMLResponse, responses=_STORED)
def hubs(request: Request, network: str = name_query("actors", description="A network's name (listed on the page)"),
         lang: str = _LANG, page: int = Query(1, ge=1, le=1_000_000, description="A page of ranks")) -> HTMLResponse:
    """The sortable table of every metric of a network (``actors`` by default), as ``innokg metrics`` computes them."""
    return _stored_page(request, "hubs", lang, lambda: dict(network=check_name(network, "network"), page_number=page))


@router.get("/chain", response_class=HTMLResponse, responses=_STORED)
def chain(request: Request, origin: str = name_query("org/shanghai-university", alias="from"),
          to: str | None = name_query(None), limit: str | None = Query(None, description="Only the best N chains (may be left empty)", json_schema_extra={"pattern": r"^\s*([1-9][0-9]{0,8})?\s*$"}),
          lang: str = _LANG, page: int = Query(1, ge=1, le=1_000_000, description="A page of chains")) -> HTMLResponse:
    """The chain explorer: the chains from an actor (id, label in zh or en, alias or IRI), step by step.

    ``limit`` may be left empty (the form sends it so).
    """
    return _stored_page(request, "chain", lang, lambda: dict(
        origin=check_name(origin, "from"), to=_optional_name(to, "to"), limit=_count(limit), page_number=page))


def _optional_name(text: str | None, parameter: str) -> str | None:
    """A form's optional name, checked: None when left empty."""
    return check_name(text, parameter) or None if text is not None else None


def _count(text: str | None) -> int | None:
    """A form's optional positive whole number: None when left empty."""
    if text is None or not text.strip():
        return None
    if not text.strip().isdigit() or int(text) < 1:
        raise InnokgError(f"limit must be a positive whole number, not {text!r}")
    return int(text)


@router.get("/funding", response_class=HTMLResponse, responses=_STORED)
def funding(request: Request, lang: str = _LANG,
            start: str | None = Query(None, alias="from", description="YYYY, YYYY-MM or YYYY-MM-DD",
                                      json_schema_extra={"pattern": _DATE}),
            end: str | None = Query(None, alias="to", description="YYYY, YYYY-MM or YYYY-MM-DD",
                                    json_schema_extra={"pattern": _DATE})) -> HTMLResponse:
    """Funding flows as a Sankey diagram (vendored d3-sankey) and a table, over an optional window."""
    return _stored_page(request, "funding", lang, lambda: dict(start=start, end=end))


@router.get("/coverage", response_class=HTMLResponse, responses=_STORED)
def coverage(request: Request, place: str | None = name_query(None, description="A park, zone, district or city"),
             lang: str = _LANG, page: int = Query(1, ge=1, le=1_000_000, description="A page of places (big graphs)")) -> HTMLResponse:
    """Pipeline coverage per park, zone, district and city: chart, gaps and table."""
    return _stored_page(request, "coverage", lang, lambda: dict(place=_optional_name(place, "place"), page_number=page))


@router.get("/views/{kind}", response_class=HTMLResponse, responses=_STORED)
def view(request: Request, kind: str = enum_path("ecosystem", "ego", "chain", "ranking"), lang: str = _LANG,
         max_nodes: int = Query(DEFAULT_MAX_NODES, ge=1), entity: str | None = entity_query(None),
         radius: int = Query(1, ge=1, le=3), origin: str = name_query("org/shanghai-university", alias="from"),
         to: str | None = name_query(None), limit: str | None = Query(None, description="Only the best N chains (may be left empty)", json_schema_extra={"pattern": r"^\s*([1-9][0-9]{0,8})?\s*$"}),
         dimension: str = entity_query("dimension/overall", examples=("dimension/overall",)),
         year: int | None = None, top: int = Query(30, ge=1),
         index: str | None = name_query(None, description="ranking: the index (key, name or IRI; default: the seed's)"),
         groups: str | None = name_query(None), relations: str | None = name_query(None),
         community: int | None = Query(None, ge=1, le=1_000_000, description="ecosystem: open this community")) -> HTMLResponse:
    """A network view on its own page: ecosystem, ego (``entity=``), chain (``from=``, ``to=``, ``limit=``) or ranking
    (``dimension=``, ``year=``, ``top=``, ``index=``: one edition of one index, the seed's by default)."""
    return _stored_page(request, "view", lang, lambda: dict(
        kind=check_name(kind, "kind"), max_nodes=max_nodes, entity=entity and entity_reference(entity, "entity"),
        radius=radius, origin=check_name(origin, "from"), to=_optional_name(to, "to"), limit=_count(limit),
        dimension=entity_reference(dimension, "dimension"), year=year, top=top, index=_optional_name(index, "index"),
        groups=_groups(groups),
        relations=_groups(relations), community=community))


@router.get("/static/{path:path}", include_in_schema=False)
def static(path: str) -> Response:
    """A file of ``kg/static`` (vendored vis-network and YASGUI, innokg's scripts and styles)."""
    if not path.isprintable():  # a NUL or other control character names no file
        return Response("not found\n", status_code=404, media_type="text/plain")
    root = STATIC_DIR.resolve()
    try:
        target = (root / path).resolve()
        found = target.is_relative_to(root) and target.is_file()
    except OSError:  # a name too long for the file system
        found = False
    if not found:
        return Response("not found\n", status_code=404, media_type="text/plain")
    media = _MEDIA.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return FileResponse(target, media_type=media, headers={"Cache-Control": "public, max-age=3600"})
