"""The SPARQL 1.1 Protocol's work that is not HTTP: negotiate, run, serialize.

:func:`run_query` runs one query against a store and writes its result in
the media type the client asked for; :func:`run_update` runs one update.
Both are what a query worker (:mod:`kg.serve.workers`) executes; the HTTP
layer (:mod:`api.sparql`) only reads requests and writes responses.

Result formats (``Accept`` header, or a ``format`` parameter that wins):

* SELECT and ASK: ``application/sparql-results+json`` (the default),
  ``application/sparql-results+xml``, ``text/csv``, ``text/tab-separated-values``;
* CONSTRUCT and DESCRIBE: ``text/turtle`` (the default), ``application/n-triples``,
  ``application/rdf+xml``, ``application/ld+json``.

Without ``default-graph-uri`` the default graph is the union of all named
graphs (as for the CLI); the prefixes of :data:`kg.namespaces.PREFIXES` are
predeclared. Federated queries (``SERVICE``) and ``LOAD`` are refused: a
public endpoint must not fetch URLs a caller names.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import InnokgError, QuerySyntaxError, one_line
from kg.namespaces import PREFIXES, RDF, XSD
from kg.serve.remote_access import check_no_remote_access
from kg.serve.update_provenance import record_update
from kg.results import csv_value, json_term
from kg.serve.solution_stream import serialize_solutions
from kg.serve.update_receipt import RECEIPT_GRAPH, receipt_operations

__all__ = [
    "RESULTS_TYPES",
    "RDF_FORMATS",
    "GRAPH_TYPES",
    "FORMAT_IRIS",
    "NotAcceptable",
    "QueryRequest",
    "QueryResponse",
    "negotiate",
    "check_no_remote_access",
    "run_query",
    "run_update",
    "write_solutions",
]

class _Served(NamedTuple):
    kind: str  # "results" (SELECT, ASK) or "graph" (CONSTRUCT, DESCRIBE)
    media_type: str
    w3c_name: str  # its name under http://www.w3.org/ns/formats/
    aliases: tuple[str, ...] = ()  # other media types clients ask for it by
    short_names: tuple[str, ...] = ()  # names for the ``format`` (or ``output``) parameter
    rdf_format: ox.RdfFormat | None = None


#: Every media type served, the one table the lists and maps below are read from; the default of a kind first.
_SERVED = (
    _Served("results", "application/sparql-results+json", "SPARQL_Results_JSON", ("application/json",), ("json",)),
    _Served("results", "application/sparql-results+xml", "SPARQL_Results_XML", ("application/xml", "text/xml"),
            ("xml",)),
    _Served("results", "text/csv", "SPARQL_Results_CSV", (), ("csv",)),
    _Served("results", "text/tab-separated-values", "SPARQL_Results_TSV", (), ("tsv",)),
    _Served("graph", "text/turtle", "Turtle", ("application/x-turtle",), ("turtle", "ttl", "n3"), ox.RdfFormat.TURTLE),
    _Served("graph", "application/n-triples", "N-Triples", ("text/plain", "text/n-triples"), ("ntriples", "nt"),
            ox.RdfFormat.N_TRIPLES),
    _Served("graph", "application/rdf+xml", "RDF_XML", ("application/xml", "text/xml"),
            ("xml", "rdf", "rdf+xml", "rdfxml"), ox.RdfFormat.RDF_XML),
    _Served("graph", "application/ld+json", "JSON-LD", ("application/json", "application/x-json+ld"),
            ("json", "jsonld", "json-ld"), ox.RdfFormat.JSON_LD),
)
#: Media types for SELECT and ASK results, the default first.
RESULTS_TYPES = tuple(served.media_type for served in _SERVED if served.kind == "results")
#: Media types for CONSTRUCT and DESCRIBE results, the default first.
GRAPH_TYPES = tuple(served.media_type for served in _SERVED if served.kind == "graph")
#: CONSTRUCT and DESCRIBE media types -> pyoxigraph formats.
RDF_FORMATS = {served.media_type: served.rdf_format for served in _SERVED if served.rdf_format is not None}
#: Every media type served -> the IRI that names its format (for the service description).
FORMAT_IRIS = {served.media_type: "http://www.w3.org/ns/formats/" + served.w3c_name for served in _SERVED}


def _names(field: str) -> dict[str, dict[str, str]]:
    """Another name (``aliases`` or ``short_names``) -> {kind: the media type served}."""
    names: dict[str, dict[str, str]] = {}
    for served in _SERVED:
        for name in getattr(served, field):
            names.setdefault(name, {})[served.kind] = served.media_type
    return names


#: Other names clients use, mapped to the media type served.
_ALIASES = _names("aliases")
#: Short names for the ``format`` (or ``output``) parameter.
_SHORT_NAMES = _names("short_names")
_PLAIN = {XSD + "string", RDF + "langString"}


@dataclass(frozen=True)
class QueryRequest:
    """One SPARQL query as the protocol delivers it.

    Attributes
    ----------
    query : str
    default_graphs, named_graphs : tuple of str
        From ``default-graph-uri`` and ``named-graph-uri``; they replace the
        query's own ``FROM`` and ``FROM NAMED``.
    accept : str or None
        The ``Accept`` header.
    format : str or None
        A ``format`` parameter (``json``, ``csv``, ``turtle``… or a media type); wins over ``accept``.
    max_rows : int or None
        Solutions (or triples) written at most; the rest are cut off.
    """

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str | None = None
    format: str | None = None
    max_rows: int | None = None


@dataclass
class QueryResponse:
    """A serialized result: its media type, bytes, and whether rows were cut off."""

    media_type: str
    body: bytes
    truncated: bool = False


class NotAcceptable(InnokgError):
    """No result format the client accepts fits the query's kind of result."""


def negotiate(kind: str, accept: str | None = None, format: str | None = None) -> str:
    """Choose the media type of a ``results`` (SELECT, ASK) or ``graph`` (CONSTRUCT, DESCRIBE) answer.

    Parameters
    ----------
    kind : {"results", "graph"}
    accept : str, optional
        An HTTP ``Accept`` header; q-values and wildcards count.
    format : str, optional
        A short name (``csv``) or media type that overrides ``accept``.

    Returns
    -------
    str

    Raises
    ------
    NotAcceptable
        When nothing acceptable fits, naming what would.

    Examples
    --------
    >>> negotiate("results", "text/csv;q=0.5, application/sparql-results+xml")
    'application/sparql-results+xml'
    >>> negotiate("graph", "*/*"), negotiate("results", None, format="tsv")
    ('text/turtle', 'text/tab-separated-values')
    >>> negotiate("graph", "text/csv")
    Traceback (most recent call last):
    kg.serve.protocol.NotAcceptable: cannot answer a CONSTRUCT or DESCRIBE query as text/csv; use one of ...
    """
    served = RESULTS_TYPES if kind == "results" else GRAPH_TYPES
    what = "a SELECT or ASK query" if kind == "results" else "a CONSTRUCT or DESCRIBE query"
    if format:
        name = format.strip().lower()
        chosen = _SHORT_NAMES.get(name, {}).get(kind) or _resolve(name.split(";")[0].strip(), kind)
        if chosen is None:
            raise NotAcceptable(f"cannot answer {what} as {format}; use one of {', '.join(served)}")
        return chosen
    if not accept or not accept.strip():
        return served[0]
    ranges = _parse_accept(accept)
    best, best_q = None, 0.0
    for media_type in served:
        q = _quality(media_type, kind, ranges)
        if q > best_q:
            best, best_q = media_type, q
    if best is None:
        raise NotAcceptable(f"cannot answer {what} as {accept}; use one of {', '.join(served)}")
    return best


def run_query(store, request: QueryRequest) -> QueryResponse:
    """Run a query and serialize its result as the client asked.

    Parameters
    ----------
    store : kg.store.GraphStore
        It runs the query over the request's dataset (``default-graph-uri``,
        ``named-graph-uri``) with :meth:`~kg.store.GraphStore.query_dataset`.
    request : QueryRequest

    Returns
    -------
    QueryResponse

    Raises
    ------
    QuerySyntaxError
        With the parser's line and column.
    NotAcceptable
        When no acceptable format fits the kind of result.
    InnokgError
        For a refused ``SERVICE`` or an error while evaluating.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> _ = store.load('<http://e/bj> <http://e/label> "北京"@zh .'.encode(), "turtle", graph="http://e/g")
    >>> print(run_query(store, QueryRequest("SELECT ?l WHERE { ?s ?p ?l }", format="csv")).body.decode())
    l
    北京
    <BLANKLINE>
    >>> run_query(store, QueryRequest("SELECT ?l WHERE { ?s ?p }")).body
    Traceback (most recent call last):
    kg.errors.QuerySyntaxError: SPARQL syntax error at line 1, column 26: ...
    """
    check_no_remote_access(request.query)
    result = None
    try:
        result = store.query_dataset(request.query, request.default_graphs, request.named_graphs)
        return _serialize(result, request)
    finally:
        del result  # pyoxigraph results must be dropped on the thread that made them


def _serialize(result, request: QueryRequest) -> QueryResponse:
    """Write a query result as ``request`` asks (pyoxigraph evaluates lazily: errors can surface here)."""
    try:
        if isinstance(result, ox.QueryBoolean):
            media_type = negotiate("results", request.accept, request.format)
            return QueryResponse(media_type, write_boolean(bool(result), media_type))
        if isinstance(result, ox.QuerySolutions):
            media_type = negotiate("results", request.accept, request.format)
            body, truncated = serialize_solutions(result, media_type, request.max_rows)  # reads max_rows + 1 at most
            return QueryResponse(media_type, body, truncated)
        media_type = negotiate("graph", request.accept, request.format)
        triples, truncated = _take(result, request.max_rows)
        prefixes = _used_prefixes(triples) if media_type in ("text/turtle", "application/rdf+xml") else None
        body = ox.serialize(triples, format=RDF_FORMATS[media_type], prefixes=prefixes)
        return QueryResponse(media_type, body, truncated)
    except (RuntimeError, OSError, ValueError) as error:
        raise InnokgError(f"the query failed: {one_line(error)}") from None
    finally:
        del result  # not kept alive by a traceback that another thread drops


def run_update(store, update: str, receipt: str | None = None, on_commit=None) -> None:
    """Run a SPARQL update in one transaction: all of it or nothing.

    Parameters
    ----------
    store : kg.store.GraphStore
    update : str
    receipt : str, optional
        A ``uuid4().hex`` committed with the update and dropped after it, so
        that :func:`kg.serve.update_receipt.update_landed` can tell whether a writer
        killed meanwhile had committed it (a local store; an endpoint ignores it).
    on_commit : callable, optional
        Called once the update is committed, before its record and flush.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> run_update(store, "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> 1 } }")
    >>> run_update(store, "INSERT DATA { GRAPH <http://e/h> { <http://e/b> <http://e/p> 2 } } ; CREATE GRAPH <http://e/g>")
    Traceback (most recent call last):
    kg.errors.InnokgError: the update failed, nothing was changed: The graph <http://e/g> already exists
    >>> store.named_graphs()  # the update, and its record (kg.serve.update_provenance)
    ['http://e/g', 'https://w3id.org/innokg/graph/updates']
    """
    check_no_remote_access(update, update=True)
    receipted = receipt is not None and store.local  # a writer of this process may be stopped mid-update
    try:
        store.update(receipt_operations(receipt) + update if receipted else update)
    except QuerySyntaxError as error:
        if receipted and error.line is not None:  # the receipt's operations are its first line
            raise QuerySyntaxError(error.detail, max(1, error.line - 1), error.column) from None
        raise
    if on_commit is not None:
        on_commit()
    record_update(store, update, before=f"DROP SILENT GRAPH <{RECEIPT_GRAPH}> ;" if receipted else "")
    store.flush()


def write_solutions(variables: Sequence[str], rows: Sequence[tuple], media_type: str) -> bytes:
    """Write SELECT solutions in one of :data:`RESULTS_TYPES`.

    Parameters
    ----------
    variables : sequence of str
    rows : sequence of tuple
        One term (or None where unbound) per variable.
    media_type : str

    Examples
    --------
    >>> row = (ox.NamedNode("http://e/bj"), ox.Literal("北京", language="zh"), None)
    >>> print(write_solutions(["city", "label", "x"], [row], "text/tab-separated-values").decode(), end="")
    ?city	?label	?x
    <http://e/bj>	"北京"@zh	
    >>> write_solutions(["n"], [(ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")),)],
    ...                 "application/sparql-results+json").decode()
    '{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"3","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}'
    """
    if media_type == "application/sparql-results+json":
        bindings = [
            {name: json_term(term) for name, term in zip(variables, row) if term is not None} for row in rows
        ]
        document = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    if media_type == "application/sparql-results+xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(name)}/>" for name in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                    for name, term in zip(variables, row) if term is not None]
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode()
    if media_type == "text/csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([csv_value(term) for term in row] for row in rows)
        return buffer.getvalue().encode()
    if media_type == "text/tab-separated-values":
        lines = ["\t".join(f"?{name}" for name in variables)]
        lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise NotAcceptable(f"cannot write SELECT results as {media_type}")


def write_boolean(value: bool, media_type: str) -> bytes:
    """Write an ASK answer in one of :data:`RESULTS_TYPES`.

    Examples
    --------
    >>> write_boolean(True, "application/sparql-results+json")
    b'{"head":{},"boolean":true}'
    """
    text = "true" if value else "false"
    if media_type == "application/sparql-results+json":
        return f'{{"head":{{}},"boolean":{text}}}'.encode()
    if media_type == "application/sparql-results+xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
                f"<head/>\n<boolean>{text}</boolean>\n</sparql>\n").encode()
    return f"{text}\n".encode() if media_type == "text/tab-separated-values" else f"{text}\r\n".encode()


def _take(iterator, limit: int | None) -> tuple[list, bool]:
    if limit is None:
        return list(iterator), False
    taken = []
    for item in iterator:
        if len(taken) == limit:
            return taken, True
        taken.append(item)
    return taken, False


def _parse_accept(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        pieces = [piece.strip() for piece in part.split(";")]
        if not pieces[0]:
            continue
        q = 1.0
        for parameter in pieces[1:]:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((pieces[0].lower(), q))
    return ranges


def _quality(media_type: str, kind: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range that matches ``media_type`` (0 when none does)."""
    names = {media_type} | {alias for alias, kinds in _ALIASES.items() if kinds.get(kind) == media_type}
    major = media_type.split("/")[0]
    best_specificity, q = -1, 0.0
    for range_, range_q in ranges:
        if range_ in names:
            specificity = 3 if range_ == media_type else 2
        elif range_ == f"{major}/*":
            specificity = 1
        elif range_ == "*/*" or range_ == "*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity or (specificity == best_specificity and range_q > q):
            best_specificity, q = specificity, range_q
    return q


def _resolve(media_type: str, kind: str) -> str | None:
    served = RESULTS_TYPES if kind == "results" else GRAPH_TYPES
    if media_type in served:
        return media_type
    return _ALIASES.get(media_type, {}).get(kind)



def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value in _PLAIN:
            return f"<literal>{escape(term.value)}</literal>"
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    parts = "".join(f"<{part}>{_xml_term(getattr(term, part))}</{part}>" for part in ("subject", "predicate", "object"))
    return f"<triple>{parts}</triple>"


def _used_prefixes(triples: list) -> dict[str, str]:
    namespaces = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                namespaces.add(term.value)
    return {prefix: namespace for prefix, namespace in PREFIXES.items()
            if any(iri.startswith(namespace) for iri in namespaces)}
