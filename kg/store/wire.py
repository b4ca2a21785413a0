"""What crosses the wire to a SPARQL endpoint: query text adjusted for the engine, results parsed back.

:class:`kg.store.endpoint.SparqlEndpointStore` sends queries and updates over
the SPARQL protocol; these functions write the text it sends (prefixes,
``INSERT DATA`` chunks, Virtuoso's ASCII stand-ins for separators) and read
the JSON results and N-Triples it gets back into pyoxigraph terms.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import PREFIXES
from kg.sparql_text import SEPARATOR

__all__ = ["with_prefixes", "insert_data", "form_from_text", "ascii_separators", "parse_results", "standard_term",
           "parse_triples", "chunks", "error_text"]

_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_BOOLEAN = PREFIXES["xsd"] + "boolean"
_BOOLEAN_CANONICAL = {"1": "true", "0": "false"}
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


def with_prefixes(sparql: str) -> str:
    """Declare the innokg prefixes that the text uses and does not declare itself.

    Examples
    --------
    >>> print(with_prefixes("PREFIX ik: <http://x#> SELECT * WHERE { ?s rdfs:label ?o ; ik:rank 1 }"))
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX ik: <http://x#> SELECT * WHERE { ?s rdfs:label ?o ; ik:rank 1 }
    >>> print(with_prefixes('SELECT * WHERE { ?s a/rdfs:subClassOf*/ik:element <http://e/skos:x> ; ?p "owl:no" }'))
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX ik: <https://w3id.org/innokg/ont#>
    SELECT * WHERE { ?s a/rdfs:subClassOf*/ik:element <http://e/skos:x> ; ?p "owl:no" }
    """
    declared = {match.lower() for match in re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", sparql)}
    code = _IRI.sub("<>", _STRING.sub('""', sparql))  # a prefix is used outside IRIs and strings (also after / ^ |)
    lines = [f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in PREFIXES.items()
             if prefix.lower() not in declared and re.search(rf"(?<![\w?$#.-]){re.escape(prefix)}:", code)]
    return "\n".join(lines + [sparql])


def insert_data(iri: str, triples: list[ox.Triple]) -> str:
    """A SPARQL update adding ``triples`` to the graph ``iri``.

    Virtuoso refuses blank nodes in ``INSERT DATA``; a template with an empty
    ``WHERE`` makes the same blank nodes, once, on every engine.

    Examples
    --------
    >>> a, p = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p")
    >>> print(insert_data("http://e/g", [ox.Triple(a, p, ox.Literal("1"))]))
    INSERT DATA { GRAPH <http://e/g> {
    <http://e/a> <http://e/p> "1" .
    } }
    >>> insert_data("http://e/g", [ox.Triple(a, p, ox.BlankNode("b"))]).endswith("WHERE {}")
    True
    """
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode() if triples else ""
    blank = any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)
    if blank:
        return f"INSERT {{ GRAPH <{iri}> {{\n{text}}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH <{iri}> {{\n{text}}} }}"


def form_from_text(sparql: str) -> str:
    match = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.sub(r"<[^>]*>|#[^\n]*", " ", sparql))
    word = match.group(1).upper() if match else "SELECT"
    return {"SELECT": "select", "ASK": "ask"}.get(word, "graph")


def ascii_separators(sparql: str) -> tuple[str, dict[str, str]]:
    """Give each non-ASCII ``GROUP_CONCAT`` separator an ASCII stand-in; return the query and the stand-ins.

    Virtuoso 7.2 writes a non-ASCII separator (``、``) as ``?``; the stand-in
    goes to the engine and is put back in the answers (:func:`parse_results`).

    Examples
    --------
    >>> ascii_separators('SELECT (GROUP_CONCAT(?x; separator="、") AS ?xs) (GROUP_CONCAT(?y; SEPARATOR=", ") AS ?ys)')
    ('SELECT (GROUP_CONCAT(?x; separator="~innokg-separator-0~") AS ?xs) (GROUP_CONCAT(?y; SEPARATOR=", ") AS ?ys)', {'~innokg-separator-0~': '、'})
    """
    stand_ins: dict[str, str] = {}

    def swap(match: re.Match) -> str:
        value = match.group(2)[1:-1]
        if value.isascii() or "\\" in value:
            return match.group(0)
        stand_in = f"~innokg-separator-{len(stand_ins)}~"
        stand_ins[stand_in] = value
        return f'{match.group(1)}"{stand_in}"'

    return SEPARATOR.sub(swap, sparql), stand_ins


def parse_results(body: bytes, form: str, stand_ins: dict[str, str] | None = None):
    """Read SPARQL JSON results into pyoxigraph objects, smoothing engine quirks.

    Virtuoso writes ``typed-literal`` (the 2008 draft's name) and adds keys
    of its own; both are mapped to the standard before pyoxigraph parses.
    """
    try:
        document = json.loads(body)
    except ValueError:
        raise InnokgError(f"the SPARQL endpoint did not answer JSON results: {error_text(body)}") from None
    if form == "ask":
        answer = document.get("boolean")
        if answer is None:  # Virtuoso: a one-row SELECT of ?__ASK_RETVAL, 1 or 0
            rows = document.get("results", {}).get("bindings", [])
            answer = bool(rows) and str(next(iter(rows[0].values()), {}).get("value")) in ("1", "true")
        return ox.parse_query_results(json.dumps({"head": {}, "boolean": bool(answer)}).encode(),
                                      format=ox.QueryResultsFormat.JSON)
    variables = document.get("head", {}).get("vars", [])
    bindings = []
    for row in document.get("results", {}).get("bindings", []):
        bindings.append({name: standard_term(term, stand_ins) for name, term in row.items()})
    clean = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return ox.parse_query_results(json.dumps(clean).encode(), format=ox.QueryResultsFormat.JSON)


def standard_term(term: dict, stand_ins: dict[str, str] | None = None) -> dict:
    """One SPARQL JSON term in the standard form, engine quirks smoothed, stand-ins put back.

    Examples
    --------
    >>> standard_term({"type": "typed-literal", "value": "1", "datatype": _BOOLEAN})["value"]
    'true'
    >>> standard_term({"type": "literal", "value": "a~innokg-separator-0~b"}, {"~innokg-separator-0~": "、"})
    {'type': 'literal', 'value': 'a、b'}
    """
    if stand_ins and term.get("type") in ("literal", "typed-literal"):
        value = str(term.get("value", ""))
        for stand_in, separator in stand_ins.items():
            value = value.replace(stand_in, separator)
        term = {**term, "value": value}
    if term.get("type") == "bnode":  # Virtuoso: "nodeID://b10001"
        return {"type": "bnode", "value": re.sub(r"[^A-Za-z0-9_]", "_", str(term.get("value", "")).removeprefix("nodeID://"))}
    if term.get("type") == "typed-literal":
        term = {**term, "type": "literal"}
    if term.get("type") == "literal" and term.get("datatype") == PREFIXES["rdf"] + "langString":
        term = {key: value for key, value in term.items() if key != "datatype"}
    if term.get("datatype") == _BOOLEAN and term.get("value") in _BOOLEAN_CANONICAL:
        term = {**term, "value": _BOOLEAN_CANONICAL[term["value"]]}  # Virtuoso writes true as "1"
    return term


def parse_triples(body: bytes, content_type: str):
    """Read a CONSTRUCT/DESCRIBE answer and return it as a real ``pyoxigraph.QueryTriples``."""
    mime = content_type.split(";")[0].strip().lower()
    fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML,
           "application/ld+json": ox.RdfFormat.JSON_LD}.get(mime, ox.RdfFormat.N_TRIPLES)
    try:
        triples = [quad.triple for quad in ox.parse(io.BytesIO(body), fmt)]
    except SyntaxError as error:
        raise InnokgError(f"the SPARQL endpoint answered RDF that does not parse: {error}") from None
    holder = ox.Store()
    holder.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return holder.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def chunks(triples: list[ox.Triple], size: int) -> Iterable[list[ox.Triple]]:
    """Cut a list of triples into chunks of about ``size``, never between two triples joined by blank nodes.

    An update that inserts blank nodes makes new ones each time, so the
    triples of one blank node (of an RDF list, of a restriction) travel in
    one chunk: each group of triples joined through blank nodes is kept whole.

    Examples
    --------
    >>> a, p = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p")
    >>> b, c = ox.BlankNode("b"), ox.BlankNode("c")
    >>> triples = [ox.Triple(a, p, b), ox.Triple(a, p, ox.Literal("1")), ox.Triple(b, p, c), ox.Triple(c, p, a)]
    >>> [len(chunk) for chunk in chunks(triples, 2)]
    [3, 1]
    """
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(node, node) != node:
            parent[node] = node = parent[parent[node]]
        return node

    for triple in triples:
        ends = [term for term in (triple.subject, triple.object) if isinstance(term, ox.BlankNode)]
        if len(ends) == 2:
            parent[root(ends[0])] = root(ends[1])
        elif ends:
            root(ends[0])
    groups: dict[object, list[ox.Triple]] = {}
    for index, triple in enumerate(triples):
        blank = next((term for term in (triple.subject, triple.object) if isinstance(term, ox.BlankNode)), None)
        groups.setdefault(index if blank is None else root(blank), []).append(triple)
    chunk: list[ox.Triple] = []
    for group in groups.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk:
        yield chunk


def error_text(body: bytes) -> str:
    """The first informative line of an engine's error page (Virtuoso's ``SP030: …`` included)."""
    text = body.decode("utf-8", errors="replace")
    text = re.sub(r"<[^>]+>", " ", text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if re.search(r"Error|error|SP\d{3}", line):
            return " ".join(line.split())[:500]
    return " ".join(lines[0].split())[:500] if lines else "(no message)"
