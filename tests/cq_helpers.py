"""Helpers for asserting saved queries' exact answers on the seed graph (plus a fixture's facts)."""

from __future__ import annotations

import re
from pathlib import Path

from kg.build import build_memory
from kg.importing.loader import import_table
from kg.importing.rdf_in import import_rdf
from kg.results import collect
from kg.saved_queries import find_saved_query, run_saved_query

__all__ = ["seed_with", "seed_with_imports", "answer", "column", "short_answer"]

#: How the saved queries join GROUP_CONCAT lists.
_SEPARATORS = re.compile(r" \| | \+ |, |; | / |、")


def seed_with(trig: str | bytes):
    """The seed graph in an in-memory store plus the facts of ``trig`` (TriG text or bytes)."""
    store = build_memory()
    store.load(trig.encode("utf-8") if isinstance(trig, str) else trig, "trig")
    return store


#: The import fixtures (RDF files and ranking tables) under tests/fixtures/import.
IMPORT_FIXTURES = Path(__file__).parent / "fixtures" / "import"


def seed_with_imports(rdf: str, rdf_source: str, table: str, table_source: str):
    """The seed graph in memory plus one RDF file and then one ranking table of :data:`IMPORT_FIXTURES`,
    each imported with its source, as `innokg import` does."""
    store = build_memory()
    import_rdf(store, IMPORT_FIXTURES / rdf, source=rdf_source)
    import_table(store, IMPORT_FIXTURES / table, source=table_source)
    return store


def answer(store, query_id, columns, params=None, unordered=()):
    """Run saved query ``query_id`` and return the chosen columns of each row as text.

    Unbound values become None; columns named in ``unordered`` hold a
    separator-joined list (GROUP_CONCAT), returned as a frozenset of its parts.
    """
    result = collect(run_saved_query(store, find_saved_query(query_id), params or {}))
    index = {name: i for i, name in enumerate(result.variables)}
    missing = [name for name in columns if name not in index]
    assert not missing, f"{query_id} has no column(s) {missing}; it has {result.variables}"
    rows = []
    for row in result.rows:
        values = []
        for name in columns:
            term = row[index[name]]
            text = None if term is None else term.value
            if name in unordered and text is not None:
                text = frozenset(part.strip() for part in _SEPARATORS.split(text))
            values.append(text)
        rows.append(tuple(values))
    return rows


def column(store, query_id, name, params=None):
    """One column of a saved query's answer, as a list of text values."""
    return [row[0] for row in answer(store, query_id, [name], params)]


#: The innokg namespaces :func:`short_answer` drops from IRIs.
_INNOKG = ("https://w3id.org/innokg/id/", "https://w3id.org/innokg/ont#", "https://w3id.org/innokg/graph/")


def short_answer(store, query_id, columns, params=None):
    """Like :func:`answer`, with the innokg namespaces (``id/``, ``ont#``, ``graph/``) dropped from the values."""
    def short(text):
        if text is None:
            return None
        for namespace in _INNOKG:
            if text.startswith(namespace):
                return text[len(namespace):]
        return text
    return [tuple(short(value) for value in row) for row in answer(store, query_id, columns, params)]
