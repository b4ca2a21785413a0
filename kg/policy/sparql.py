"""The policy analyses' SPARQL: the saved queries in ``queries/policy/``, run with their parameters bound.

Every question the policy analyses ask a store is a saved query with the
usual header (see :mod:`kg.saved_queries`), so ``innokg queries`` lists it,
the query pages show it and ``innokg check-engine`` runs it on every engine.
The analyses run them by id with :func:`run_policy_query`, which binds each
parameter to one value, as a saved query is run, or to a list of IRIs (the
labels of many entities at once): a list becomes a multi-row ``VALUES``
block placed first in the query's WHERE group, like
:func:`kg.sparql_text.bind_values` places one row. Values are pyoxigraph
terms, written in N-Triples syntax: no text reaches the query unescaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.paths import QUERIES_DIR
from kg.saved_queries import SavedQuery, find_saved_query
from kg.sparql_text import bind_values, where_group_start
from kg.store import GraphStore

__all__ = ["POLICY_QUERIES_DIR", "policy_query", "run_policy_query", "with_values"]

#: Where the policy analyses' saved queries live.
POLICY_QUERIES_DIR = QUERIES_DIR / "policy"


@lru_cache(maxsize=None)
def policy_query(query_id: str) -> SavedQuery:
    """The saved query ``query_id`` of ``queries/policy/`` (read once).

    Examples
    --------
    >>> policy_query("policy-labels").params[0].name
    's'
    """
    return find_saved_query(query_id, POLICY_QUERIES_DIR)


def run_policy_query(store: GraphStore, query_id: str,
                     values: Mapping[str, str | ox.NamedNode | ox.Literal | Iterable[str]] | None = None):
    """Run the policy query ``query_id`` with its parameters bound.

    Parameters
    ----------
    store : GraphStore
    query_id : str
        A query of ``queries/policy/``.
    values : mapping, optional
        Parameter name -> a text value (checked against the declared type),
        an RDF term, or, for an ``iri`` parameter, an iterable of IRIs (text
        or terms; text that is not a valid IRI is left out). Parameters not
        given take their declared default.

    Returns
    -------
    pyoxigraph.QuerySolutions or pyoxigraph.QueryBoolean

    Raises
    ------
    InnokgError
        For a parameter the query does not declare, a list given to a
        parameter that is not an IRI, or a value that does not fit its type.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> store = build_memory()
    >>> beijing, shanghai = "https://w3id.org/innokg/id/city/beijing", "https://w3id.org/innokg/id/city/shanghai"
    >>> sorted(row["l"].value for row in run_policy_query(store, "policy-labels", {"s": [beijing, shanghai]})
    ...        if row["l"].language == "en")
    ['Beijing', 'Shanghai']
    >>> run_policy_query(store, "policy-labels", {"city": beijing})
    Traceback (most recent call last):
    kg.errors.InnokgError: query 'policy-labels' has no parameter 'city'; valid parameters: s
    """
    query = policy_query(query_id)
    given = dict(values or {})
    for name in given:
        query.param(name)
    single: dict[str, ox.NamedNode | ox.Literal] = {}
    rows: dict[str, list[ox.NamedNode]] = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            raise InnokgError(f"query {query.id!r} needs a value for parameter {param.name!r} ({param.type})")
        if isinstance(value, (ox.NamedNode, ox.Literal)):
            single[param.name] = value
        elif isinstance(value, str):
            single[param.name] = param.to_term(value)
        elif param.type != "iri":
            raise InnokgError(f"parameter {param.name!r} of query {query.id!r} takes one {param.type}, not a list")
        else:
            rows[param.name] = _iris(value)
    text = bind_values(query.text, single)
    for name, terms in rows.items():
        text = with_values(text, name, terms)
    return store.query(text)


def with_values(text: str, var: str, iris: Iterable[str | ox.NamedNode]) -> str:
    """``text`` with ``VALUES ?var { ... }`` of ``iris`` (text or terms) opening its WHERE group.

    Examples
    --------
    >>> with_values("SELECT ?s WHERE { ?s ?p ?o }", "s", ["http://e/a"])
    'SELECT ?s WHERE { VALUES ?s { <http://e/a> }\\n  ?s ?p ?o }'
    """
    at = where_group_start(text)
    values = " ".join(str(iri if isinstance(iri, ox.NamedNode) else ox.NamedNode(iri)) for iri in iris)
    return f"{text[:at]} VALUES ?{var} {{ {values} }}\n {text[at:]}"


def _iris(values: Iterable) -> list[ox.NamedNode]:
    """The distinct IRIs of ``values``, sorted; text that is not a valid IRI is left out."""
    found = set()
    for value in values:
        if isinstance(value, ox.NamedNode):
            found.add(value.value)
        elif isinstance(value, str) and not any(c in value for c in '<>"{}|^`\\ \n'):
            try:
                found.add(ox.NamedNode(value).value)
            except ValueError:
                continue
    return [ox.NamedNode(iri) for iri in sorted(found)]
