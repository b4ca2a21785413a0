"""innokg: a knowledge graph of innovation ecosystems.

The package is split by concern: :mod:`kg.store.embedded` (the graph store),
:mod:`kg.build` (loading the ontology and seed data), :mod:`kg.saved_queries`
(the ``queries/*.rq`` files), :mod:`kg.results` (formatting answers),
:mod:`kg.validate` (SHACL and hygiene checks) and :mod:`kg.cli.main`.
"""

from kg.errors import InnokgError, QuerySyntaxError
from kg.store import GraphStore, OxigraphStore

__all__ = ["InnokgError", "QuerySyntaxError", "GraphStore", "OxigraphStore"]
__version__ = "0.1.0"
