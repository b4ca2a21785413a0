"""The FastAPI app factory: it only wires routers over :mod:`kg`.

Run it with ``innokg serve`` (or ``uvicorn --factory api.app:create_app``).
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware

from api import docs, extract, json_api, pages, sparql
from api.config import Settings
from api.errors import install_handlers
from api.middleware import BodySizeLimit, SecurityHeaders
from kg.serve.operations import InlineRunner
from kg.serve.workers import WorkerPool, die_with_parent
from kg.serve.threads import ThreadRunner
from kg.store import GraphStore

__all__ = ["create_app", "create_serving_app"]

_DESCRIPTION = """\
A knowledge graph of innovation ecosystems.

* `/sparql`: a SPARQL 1.1 Protocol endpoint (GET, POST form, POST `application/sparql-query`;
  results in SPARQL JSON, XML, CSV, TSV, or Turtle, N-Triples, RDF/XML, JSON-LD). The default
  graph is the union of all named graphs; GET without a query gives the service description.
* `/api/…`: entities with the provenance of every fact, label search in Chinese and English,
  the saved queries (JSON and CSV), rankings.

Read-only unless started with `--allow-update --token`; every query is stopped at the timeout.
"""


def create_app(store: GraphStore | None = None, settings: Settings | None = None, runner=None) -> FastAPI:
    """Build the HTTP app.

    Parameters
    ----------
    store : GraphStore, optional
        Serve this store object in this process (tests, doctests): no timeout
        can be enforced. When omitted, queries run in worker processes over
        the on-disk store ``settings.store``, stopped at ``settings.timeout``.
    settings : api.config.Settings, optional
        Defaults: read-only, no CORS, 10 s timeout, 10,000 rows, 1 MB bodies.
    runner : optional
        What runs store operations: by default a :class:`~kg.serve.operations.InlineRunner`
        over ``store``, else a :class:`~kg.serve.workers.WorkerPool` (``innokg serve``
        passes a :class:`~kg.serve.threads.ThreadRunner` to each of its read-only
        server processes).

    Returns
    -------
    fastapi.FastAPI

    Examples
    --------
    >>> from fastapi.testclient import TestClient
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> _ = store.load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
    >>> TestClient(create_app(store)).get("/health").json()
    {'status': 'ok', 'triples': 1}
    """
    settings = settings or Settings()
    if runner is None:
        runner = InlineRunner(store) if store is not None else WorkerPool(
            settings.store, workers=settings.workers, timeout=settings.timeout, allow_update=settings.allow_update,
            update_timeout=settings.update_timeout, max_memory_bytes=settings.max_memory_mb * 2**20)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await run_in_threadpool(runner.start)
        try:
            yield
        finally:
            await run_in_threadpool(runner.close)

    app = FastAPI(title="innokg", description=_DESCRIPTION, version="0.1.0", lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # served offline by api.docs
    app.state.settings = settings
    app.state.runner = runner
    app.state.saved_queries = None
    app.add_middleware(sparql.DirectSparql)  # innermost: the body cap and CORS still apply
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Accept", "Content-Type", "Authorization"])
    app.add_middleware(SecurityHeaders)  # outermost: every answer carries the headers, a 413 and a CORS one too
    install_handlers(app)
    app.include_router(sparql.router)
    app.include_router(json_api.router)
    app.include_router(pages.router)
    app.include_router(extract.router)
    app.include_router(docs.router)
    return app


def create_serving_app() -> FastAPI:
    """The app of one read-only ``innokg serve`` process: settings from the environment, queries in threads.

    ``innokg serve`` starts several such processes on one socket (see
    :mod:`api.serving`); uvicorn calls this factory in each.
    """
    die_with_parent()  # a server process must not outlive the supervisor (nor keep its port)
    settings = Settings.from_environment()
    runner = ThreadRunner(settings.store, timeout=settings.timeout, cache_bytes=settings.cache_mb * 1_000_000,
                          memory_max_quads=settings.memory_max_quads, max_memory_bytes=settings.max_memory_mb * 2**20)
    return create_app(settings=settings, runner=runner)
