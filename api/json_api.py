"""The JSON API: health, entities, label search, saved queries, rankings and transfer chains.

Every route calls one operation of :mod:`kg` through the app's runner, so
each is bounded by the query timeout like a SPARQL query. Every value that
names an entity is checked first by :mod:`kg.user_input` (a malformed one
answers 400 ``{"detail": "PARAMETER: what is wrong"}``); each route documents
the statuses it answers.
"""

from __future__ import annotations

from typing import Optional, Union

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api import schemas
from api.errors import ProtocolError, error_responses
from kg.namespaces import PREFIXES
from kg.saved_queries import load_saved_queries, saved_query_by_id
from kg.user_input import check_name, entity_reference

__all__ = ["router"]

router = APIRouter()

#: A route that reads the store: a bad parameter, nothing found, stopped at the timeout, every worker busy.
_READS = error_responses(400, 404, 422, 503)


async def _run(request: Request, operation: str, **arguments):
    return await request.app.state.runner.run_async(operation, **arguments)


@router.get("/health", response_model=schemas.Health, tags=["service"], summary="Is the service up?")
async def health(request: Request) -> dict:
    """Tell that the app is up and how many quads it serves (never waits for a busy worker)."""
    triples = await run_in_threadpool(request.app.state.runner.triples)
    return {"status": "ok", "triples": triples}


@router.get("/api/entities/{entity_id:path}", response_model=schemas.Entity, tags=["entities"],
            summary="An entity by id", responses=_READS)
async def entity_by_id(request: Request, entity_id: str = schemas.entity_path()) -> dict:
    """Labels (zh, en), types, every fact with its named graph and that graph's source and
    assertion mode, and inbound links of ``https://w3id.org/innokg/id/{entity_id}``."""
    return await _run(request, "entity", iri=entity_reference(entity_id, "entity_id"))


@router.get("/api/entity", response_model=schemas.Entity, tags=["entities"],
            summary="An entity by IRI", responses=_READS)
async def entity_by_iri(request: Request, iri: str = schemas.entity_query(description="The entity's IRI (or id)")) -> dict:
    """Like ``/api/entities/{id}``, for any IRI (ontology terms, concepts, graphs…)."""
    return await _run(request, "entity", iri=entity_reference(iri, "iri"))


@router.get("/api/search", response_model=schemas.SearchResults, tags=["entities"],
            summary="Search labels in Chinese or English", responses=error_responses(400, 422, 503))
async def search(request: Request, q: str = Query(description="Text in any label, e.g. 北京, Beijing or beij",
                                                  json_schema_extra={"pattern": r"\S"}),
                 limit: int = Query(20, ge=1, le=200)) -> dict:
    """Entities whose ``rdfs:label``, ``skos:prefLabel`` or ``skos:altLabel`` contains ``q``, any case,
    ranked: exact label, then labels starting with ``q``, then labels containing it."""
    return await _run(request, "search", q=q, limit=limit)


@router.get("/api/prefixes", response_model=dict[str, str], tags=["service"],
            summary="The prefixes the SPARQL endpoint predeclares")
async def prefixes() -> dict:
    """Prefix name -> namespace IRI (``ik``, ``id``, ``rdfs``…): the query page's prefix completion reads them."""
    return dict(PREFIXES)


@router.get("/api/queries", response_model=schemas.SavedQueryList, tags=["saved queries"],
            summary="The saved queries")
async def saved_queries(request: Request) -> dict:
    """Every saved query with its header: title and question in English and Chinese, typed parameters."""
    return {"queries": [_info(query) for query in _saved(request)]}


@router.get("/api/queries/{query_id}.json", response_model=schemas.SavedQueryResult, tags=["saved queries"],
            summary="Run a saved query: JSON", responses=_READS)
async def run_saved_json(request: Request, query_id: str) -> dict:
    """Run the query; its parameters come from the query string (``?edition=2025``), bound as typed
    RDF terms. Rows are plain JSON values, numbers for numeric literals."""
    return await _run_saved(request, query_id, "json")


@router.get("/api/queries/{query_id}.csv", tags=["saved queries"], summary="Run a saved query: CSV",
            response_class=Response, responses={200: {"content": {"text/csv": {}}}, **_READS})
async def run_saved_csv(request: Request, query_id: str) -> Response:
    """Run the query and answer SPARQL 1.1 CSV (read it with ``pandas.read_csv(url)``)."""
    body = await _run_saved(request, query_id, "csv")
    return Response(body, media_type="text/csv; charset=utf-8")


@router.get("/api/queries/{query_id}", response_model=schemas.SavedQueryDetail, tags=["saved queries"],
            summary="A saved query's header and text", responses=error_responses(404))
async def saved_query(request: Request, query_id: str) -> dict:
    """The header and the SPARQL text of one saved query."""
    query = saved_query_by_id(query_id, request.app.state.settings.queries_dir)
    return {**_info(query), "sparql": query.text}


@router.get("/api/rankings", response_model=schemas.RankingCatalog, tags=["rankings"],
            summary="The rankings there are", responses=error_responses(422, 503))
async def rankings(request: Request) -> dict:
    """Each index, edition and dimension with ranks stated, and how many."""
    catalog = await _run(request, "ranking_catalog")
    for entry in catalog["rankings"]:
        entry["url"] = f"/api/rankings/{entry['index']}/{entry['edition']}/{entry['dimension']}"
    return catalog


@router.get("/api/rankings/{index}/{edition}/{dimension}", response_model=schemas.Ranking, tags=["rankings"],
            summary="One ranking, in order", responses=_READS)
async def ranking(request: Request, index: str = schemas.name_path(["gis100"]), edition: int = Path(examples=[2025]),
                  dimension: str = schemas.name_path(["overall"])) -> dict:
    """The cities ranked on ``dimension`` (``overall`` or one of the five) in an edition of an index:
    exact ranks, bounds ("top 4") and approximate ranks, with change, trend and sources."""
    return await _run(request, "ranking", index=check_name(index, "index"), edition=edition,
                      dimension=check_name(dimension, "dimension"))


@router.get("/api/chains", response_model=schemas.Chains, response_model_by_alias=True, tags=["policy"],
            summary="Technology-transfer chains from an actor", responses=_READS)
async def chains(
    request: Request,
    origin: str = schemas.name_query(alias="from", description="Where the chains start: a label in Chinese or English, "
                                     "an alias, a prefixed name or an IRI", examples=["上海大学"]),
    to: Optional[str] = schemas.name_query(None, description="Only chains ending here (default: any firm)",
                                           examples=["泮芯科技"]),
    limit: Optional[int] = Query(None, ge=1, le=1000, description="Only the best N chains"),
    max_steps: int = Query(6, ge=1, le=8, description="The longest chain searched"),
) -> dict:
    """The explicit paths from an actor to the firms it reached, as ``innokg chains`` finds them: every step
    with its relation, pipeline stage, date and sources (stated or inferred). Ranked: chains ending in a grant
    first, then full routes before shortcuts, then fewer inferred steps, then shorter, then most recent.
    An unknown name answers 404, a name of several entities 400."""
    return await _run(request, "chains", origin=check_name(origin, "from"), to=None if to is None else check_name(to, "to"),
                      limit=limit, max_steps=max_steps)


async def _run_saved(request: Request, query_id: str, format: str) -> Union[dict, bytes]:
    saved_query_by_id(query_id, request.app.state.settings.queries_dir)  # a 404 before the parameters are read
    params: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name in params:
            raise ProtocolError(400, f"parameter {name!r} is given more than once")
        params[name] = value
    settings = request.app.state.settings
    return await _run(request, "saved_query", query_id=query_id, params=params, format=format,
                      max_rows=settings.max_rows, queries_dir=settings.queries_dir)


def _saved(request: Request) -> list:
    cache = request.app.state.saved_queries
    if cache is None:
        cache = request.app.state.saved_queries = load_saved_queries(request.app.state.settings.queries_dir)
    return cache


def _info(query) -> dict:
    return {
        "id": query.id, "title": query.title, "title_zh": query.title_zh,
        "question": query.question, "question_zh": query.question_zh,
        "params": [{"name": p.name, "type": p.type, "default": p.default, "description": p.description}
                   for p in query.params],
        "json_url": f"/api/queries/{query.id}.json", "csv_url": f"/api/queries/{query.id}.csv",
    }
