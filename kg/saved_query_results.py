"""Saved queries run by name for the JSON API: plain JSON rows or SPARQL CSV.

Parameters are bound by :func:`kg.saved_queries.run_saved_query` as typed
RDF terms; this module only shapes the answer: each row a dict of plain JSON
values (numbers for numeric literals, strings for IRIs and text, null where
unbound), or CSV as the SPARQL 1.1 CSV format writes it.
"""

from __future__ import annotations

import os

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import XSD
from kg.paths import QUERIES_DIR
from kg.results import collect
from kg.saved_queries import run_saved_query, saved_query_by_id
from kg.serve.protocol import write_solutions

__all__ = ["plain_value", "run_saved_query_rows"]

_INTEGERS = {XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}


def plain_value(term):
    """Turn an RDF term into a plain JSON value.

    Examples
    --------
    >>> plain_value(ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")))
    3
    >>> plain_value(ox.Literal("北京", language="zh-hans")), plain_value(ox.NamedNode("http://e/a")), plain_value(None)
    ('北京', 'http://e/a', None)
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def run_saved_query_rows(store, query_id: str, params: dict[str, str] | None = None, *,
                         format: str = "json", max_rows: int | None = None,
                         queries_dir: str | os.PathLike = QUERIES_DIR):
    """Run the saved query ``query_id`` with text ``params``.

    Parameters
    ----------
    store : kg.store.GraphStore
    query_id : str
    params : dict of str to str, optional
        Values for declared parameters; defaults fill the others.
    format : {"json", "csv"}, optional
    max_rows : int, optional
        Rows returned at most (``truncated`` tells whether more were cut).
    queries_dir : path, optional

    Returns
    -------
    dict or bytes
        For ``json``: ``{"query", "params", "variables", "rows", "truncated"}``
        (``boolean`` instead of rows for an ASK query); for ``csv``: the bytes.

    Raises
    ------
    kg.saved_queries.SavedQueryNotFound
    InnokgError
        For an unknown parameter or a value that does not fit its type.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> answer = run_saved_query_rows(build_memory(), "top10-overall", {"edition": "2025"}, max_rows=3)
    >>> [(row["rank"], row["city_en"]) for row in answer["rows"]], answer["truncated"]
    ([(1, 'San Francisco Bay Area'), (2, 'New York'), (3, 'Beijing')], True)
    """
    saved = saved_query_by_id(query_id, queries_dir)
    params = dict(params or {})
    result = collect(run_saved_query(store, saved, params))
    if result.kind == "graph":
        raise InnokgError(f"query {query_id!r} is a CONSTRUCT or DESCRIBE query: run it at /sparql")
    rows = result.rows
    truncated = max_rows is not None and len(rows) > max_rows
    if truncated:
        rows = rows[:max_rows]
    if format == "csv":
        if result.kind == "ask":
            return b"true\r\n" if result.boolean else b"false\r\n"
        return write_solutions(result.variables, rows, "text/csv")
    bound = {param.name: params.get(param.name, param.default) for param in saved.params}
    answer = {"query": saved.id, "params": bound}
    if result.kind == "ask":
        answer["boolean"] = result.boolean
        return answer
    answer["variables"] = result.variables
    answer["rows"] = [{name: plain_value(term) for name, term in zip(result.variables, row)} for row in rows]
    answer["truncated"] = truncated
    return answer
