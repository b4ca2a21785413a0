"""The store contract (:class:`GraphStore`) and its engines: the embedded pyoxigraph store
(:mod:`kg.store.embedded`), a SPARQL 1.1 endpoint (:mod:`kg.store.endpoint`), where the store is
(:mod:`kg.store.location`) and whether an engine answers as the embedded one does (:mod:`kg.store.engine_check`)."""

from kg.store.contract import GraphStore, QueryResult, Source, Term
from kg.store.embedded import OxigraphStore

__all__ = ["GraphStore", "OxigraphStore", "QueryResult", "Source", "Term"]
