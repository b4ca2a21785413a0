"""The FastAPI app factory: it only wires routers over :mod:`kg`.

Run it with ``uvicorn --factory api.app:create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI

from kg.paths import default_store_path
from kg.store import GraphStore, OxigraphStore

__all__ = ["create_app"]


def create_app(store: GraphStore | None = None) -> FastAPI:
    """Build the HTTP app over ``store``.

    Parameters
    ----------
    store : GraphStore, optional
        Opened read-only from :func:`kg.paths.default_store_path` when omitted.

    Returns
    -------
    fastapi.FastAPI

    Examples
    --------
    >>> from fastapi.testclient import TestClient
    >>> store = OxigraphStore.memory()
    >>> _ = store.load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
    >>> TestClient(create_app(store)).get("/health").json()
    {'status': 'ok', 'triples': 1}
    """
    if store is None:
        store = OxigraphStore.open(default_store_path(), read_only=True)
    app = FastAPI(title="innokg", description="A knowledge graph of innovation ecosystems")
    app.state.store = store

    @app.get("/health")
    def health() -> dict:
        """Tell that the app is up and how many triples it serves."""
        return {"status": "ok", "triples": len(store)}

    return app
