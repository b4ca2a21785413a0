"""Check a SPARQL engine's answers against the embedded store's, saved query by saved query.

innokg runs unchanged over any SPARQL 1.1 engine, but an engine may answer
wrongly (Virtuoso 7.2 drops rows of some joins over the class hierarchy; see
the README). :func:`check_engine` runs every saved query, with its default
parameters, on the engine and on a reference store built in memory from this
checkout's ontology and seed, and compares the rows as multisets: a row the
engine lacks is *missing*, one it adds is *extra*. Row order is not compared.
Terms are compared as RDF terms, except where SPARQL leaves engines free:
numbers compare by value (an engine may type ``COUNT`` as ``xsd:int`` rather
than ``xsd:integer``), blank nodes match any blank node, and a
``GROUP_CONCAT`` compares as the set of its parts, without language tag
(their order is the engine's; pyoxigraph keeps a common language tag).

The engine must hold what the reference holds, the ontology and the seed and
nothing else (``innokg --store URL build --fresh`` on an empty dataset):
answers over other data cannot be checked against a reference.

``innokg --store URL check-engine`` prints the comparison.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import PREFIXES
from kg.results import collect
from kg.saved_queries import SavedQuery, load_saved_queries, run_saved_query
from kg.sparql_text import SEPARATOR
from kg.store.embedded import GraphStore

__all__ = ["QueryCheck", "check_engine", "check_same_graphs", "concatenations", "row_key"]

_XSD = PREFIXES["xsd"]
_NUMBERS = {_XSD + name for name in (
    "integer", "int", "long", "short", "byte", "decimal", "double", "float", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte")}


@dataclass(frozen=True)
class QueryCheck:
    """How one saved query's answer on the engine compares with the reference's.

    Attributes
    ----------
    id : str
        The saved query.
    expected : int
        Rows (or triples; 1 for an ASK) in the reference's answer.
    got : int or None
        The same on the engine; None when it failed.
    missing, extra : int
        Rows of the reference the engine lacks, and rows the engine adds.
    error : str
        The engine's error, one line; empty when it answered.
    """

    id: str
    expected: int
    got: int | None
    missing: int = 0
    extra: int = 0
    error: str = ""

    @property
    def agrees(self) -> bool:
        """True when the engine answered with exactly the reference's rows."""
        return not self.error and self.missing == 0 and self.extra == 0

    @property
    def verdict(self) -> str:
        """``agrees``, ``N missing, M extra`` or ``error: …``.

        >>> QueryCheck("q", 32, 11, missing=21).verdict
        '21 missing'
        """
        if self.error:
            return f"error: {self.error}"
        if self.agrees:
            return "agrees"
        return ", ".join(text for count, text in ((self.missing, f"{self.missing} missing"),
                                                  (self.extra, f"{self.extra} extra")) if count)


def _term_key(term) -> tuple | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _NUMBERS:
            try:
                return ("number", Decimal(term.value).normalize())
            except InvalidOperation:
                pass
        return ("literal", term.value, (term.language or "").lower(), datatype)
    if isinstance(term, ox.Triple):
        return ("triple", _term_key(term.subject), _term_key(term.predicate), _term_key(term.object))
    return ("iri", term.value)


#: ``GROUP_CONCAT(…) AS ?var``: the arguments and the variable.
_GROUP_CONCAT = re.compile(r"(?is)GROUP_CONCAT\s*\(((?:[^()]|\([^()]*\))*)\)\s*AS\s*\?(\w+)")


def concatenations(sparql: str) -> dict[str, str]:
    """The variables a query binds with ``GROUP_CONCAT``, with their separators.

    >>> concatenations('SELECT (GROUP_CONCAT(DISTINCT STR(?x); separator=", ") AS ?xs) '
    ...                '(GROUP_CONCAT(?y) AS ?ys) WHERE { ?s ?p ?x , ?y }')
    {'xs': ', ', 'ys': ' '}
    """
    found = {}
    for match in _GROUP_CONCAT.finditer(sparql):
        separator = SEPARATOR.search(match.group(1))
        found[match.group(2)] = " " if separator is None else _unescape(separator.group(2)[1:-1])
    return found


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), text)


def row_key(row: Iterable, concatenated: dict[int, str] | None = None) -> tuple:
    """The comparable form of a result row (or a triple).

    ``concatenated`` maps the positions of ``GROUP_CONCAT`` columns to their
    separators: those compare as the set of their parts.

    Examples
    --------
    >>> row_key([ox.Literal("3", datatype=ox.NamedNode(_XSD + "int"))]) == row_key([ox.Literal("3.0",
    ...     datatype=ox.NamedNode(_XSD + "decimal"))])
    True
    >>> row_key([ox.Literal("北京", language="zh-Hans")]) == row_key([ox.Literal("北京", language="zh-hans")])
    True
    >>> row_key([ox.BlankNode("a"), None]) == row_key([ox.BlankNode("b"), None])
    True
    >>> row_key([ox.Literal("b, a", language="en")], {0: ", "}) == row_key([ox.Literal("a, b")], {0: ", "})
    True
    """
    concatenated = concatenated or {}
    return tuple(("concatenation", tuple(sorted(term.value.split(concatenated[position]))))
                 if position in concatenated and isinstance(term, ox.Literal) else _term_key(term)
                 for position, term in enumerate(row))


def _answer(store: GraphStore, query: SavedQuery) -> Counter:
    result = collect(run_saved_query(store, query))
    if result.boolean is not None:
        return Counter({("ask", result.boolean): 1})
    if result.triples is not None:
        return Counter(row_key((t.subject, t.predicate, t.object)) for t in result.triples)
    separators = concatenations(query.text)
    concatenated = {position: separators[name] for position, name in enumerate(result.variables)
                    if name in separators}
    return Counter(row_key(row, concatenated) for row in result.rows)


def check_same_graphs(engine: GraphStore, reference: GraphStore) -> None:
    """Refuse to compare unless the engine holds the reference's named graphs, no more, at the same sizes.

    Raises
    ------
    InnokgError
        Naming the first graph that differs.
    """
    expected = {graph: size for graph, size in reference.graph_sizes().items() if graph is not None}
    found = {graph: size for graph, size in engine.graph_sizes().items() if graph is not None}
    hint = "load the ontology and the seed alone (`innokg --store URL build --fresh` on an empty dataset)"
    for graph in sorted(set(expected) | set(found)):
        if graph not in found:
            raise InnokgError(f"the engine lacks the graph <{graph}>: {hint}")
        if graph not in expected:
            raise InnokgError(f"the engine holds a graph the seed build does not make, <{graph}>: {hint}")
        if found[graph] != expected[graph]:
            raise InnokgError(f"the engine's graph <{graph}> has {found[graph]} triples, this checkout's "
                              f"{expected[graph]}: {hint}")


def check_engine(
    engine: GraphStore,
    reference: GraphStore | None = None,
    queries: list[SavedQuery] | None = None,
    progress: Callable[[int, int, QueryCheck], None] | None = None,
) -> list[QueryCheck]:
    """Run each saved query on ``engine`` and on ``reference``; return how the answers compare.

    Parameters
    ----------
    engine : GraphStore
        The store to check, usually a :class:`kg.store.endpoint.SparqlEndpointStore`.
    reference : GraphStore, optional
        The store whose answers are right; by default the ontology and seed
        of this checkout, built in memory.
    queries : list of SavedQuery, optional
        Every saved query (``queries/`` and ``queries/networks/``) by default.
    progress : callable, optional
        Called with (position, total, check) after each query.

    Raises
    ------
    InnokgError
        When the engine's graphs are not the reference's (:func:`check_same_graphs`).

    Examples
    --------
    The embedded store agrees with itself:

    >>> from kg.build import build_memory
    >>> checks = check_engine(build_memory())
    >>> len(checks) > 30, all(check.agrees for check in checks)
    (True, True)
    """
    if reference is None:
        from kg.build import build_memory

        reference = build_memory()
    check_same_graphs(engine, reference)
    queries = load_saved_queries() if queries is None else queries
    checks = []
    for position, query in enumerate(queries, 1):
        expected = _answer(reference, query)
        try:
            got = _answer(engine, query)
        except InnokgError as error:
            check = QueryCheck(query.id, sum(expected.values()), None, error=" ".join(str(error).split()))
        else:
            check = QueryCheck(query.id, sum(expected.values()), sum(got.values()),
                               missing=sum((expected - got).values()), extra=sum((got - expected).values()))
        checks.append(check)
        if progress is not None:
            progress(position, len(queries), check)
    return checks
