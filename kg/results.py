"""Query results as rows, and as text: an aligned table, SPARQL CSV, SPARQL JSON, RDF.

:func:`collect` reads a pyoxigraph result once into a :class:`Result`;
:func:`render` writes it in one of :data:`FORMATS`.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import PREFIXES, RDF, XSD, shorten

__all__ = [
    "csv_value",
    "json_term",
    "FORMATS",
    "Result",
    "collect",
    "term_text",
    "display_width",
    "text_table",
    "to_table",
    "to_csv",
    "to_json",
    "to_rdf",
    "render",
]

#: Output formats: the first three for SELECT and ASK, the RDF ones for CONSTRUCT and DESCRIBE.
FORMATS = ("table", "csv", "json", "turtle", "ntriples")

_PLAIN_DATATYPES = {XSD + "string", RDF + "langString"}


@dataclass
class Result:
    """A query result read into memory.

    Attributes
    ----------
    variables : list of str
        The SELECT variables, without ``?``.
    rows : list of tuple
        One tuple of terms (None where unbound) per solution.
    boolean : bool or None
        The answer of an ASK query.
    triples : list of pyoxigraph.Triple or None
        The graph of a CONSTRUCT or DESCRIBE query.
    """

    variables: list[str]
    rows: list[tuple]
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None

    @property
    def kind(self) -> str:
        """``select``, ``ask`` or ``graph``."""
        if self.boolean is not None:
            return "ask"
        return "graph" if self.triples is not None else "select"

    def dicts(self) -> list[dict[str, object]]:
        """Return the rows as dicts of variable -> term, leaving out unbound ones."""
        return [{name: term for name, term in zip(self.variables, row) if term is not None} for row in self.rows]


def collect(result) -> Result:
    """Read a pyoxigraph query result (or an iterable of triples) into a :class:`Result`.

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("1")))
    >>> collect(store.query("SELECT ?s ?x WHERE { ?s ?p ?o }")).rows
    [(<NamedNode value=http://e/a>, None)]
    >>> collect(store.query("ASK { ?s ?p ?o }")).boolean
    True
    """
    if isinstance(result, Result):
        return result
    if isinstance(result, ox.QueryBoolean):
        return Result([], [], boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [variable.value for variable in result.variables]
        rows = [tuple(solution) for solution in result]  # values in the order of the variables, None if unbound
        return Result(variables, rows)
    return Result([], [], triples=list(result))


def term_text(term, prefixes: dict[str, str] | None = PREFIXES) -> str:
    """Write a term for people: IRIs shortened, literals as their value.

    Examples
    --------
    >>> term_text(ox.NamedNode("https://w3id.org/innokg/id/city/beijing"))
    'id:city/beijing'
    >>> term_text(ox.Literal("北京", language="zh"))
    '北京'
    >>> term_text(None)
    ''
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value, prefixes) if prefixes else term.value
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def display_width(text: str) -> int:
    """Return how many terminal columns ``text`` takes (wide CJK characters take two).

    Examples
    --------
    >>> display_width("Beijing"), display_width("北京"), display_width("北京 Beijing")
    (7, 4, 12)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def text_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Lay out strings as columns aligned for a terminal, CJK-aware.

    Examples
    --------
    >>> print(text_table(["city", "rank"], [["北京", "3"], ["Paris", "12"]]))
    city   rank
    -----  ----
    北京   3
    Paris  12
    """
    rows = [[" ".join(str(cell).split()) for cell in row] for row in rows]
    widths = [display_width(header) for header in headers]
    for row in rows:
        widths = [max(width, display_width(cell)) for width, cell in zip(widths, row)]

    def line(cells: Sequence[str]) -> str:
        padded = [cell + " " * (width - display_width(cell)) for cell, width in zip(cells, widths)]
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), line(["-" * width for width in widths]), *(line(row) for row in rows)])


def to_table(result, prefixes: dict[str, str] | None = PREFIXES) -> str:
    """Write a SELECT result as an aligned table followed by its row count.

    Examples
    --------
    >>> rows = [(ox.NamedNode("https://w3id.org/innokg/id/city/beijing"), ox.Literal("北京", language="zh"))]
    >>> print(to_table(Result(["city", "label"], rows)))
    city             label
    ---------------  -----
    id:city/beijing  北京
    (1 row)
    """
    result = collect(result)
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        return to_rdf(result, "turtle").rstrip("\n")
    cells = [[term_text(term, prefixes) for term in row] for row in result.rows]
    count = len(cells)
    return text_table(result.variables, cells) + f"\n({count} row{'' if count == 1 else 's'})"


def to_csv(result) -> str:
    """Write a SELECT result as SPARQL 1.1 CSV: plain values, CRLF line ends.

    Examples
    --------
    >>> rows = [(ox.NamedNode("http://e/bj"), ox.Literal("北京", language="zh"), None)]
    >>> to_csv(Result(["city", "label", "note"], rows))
    'city,label,note\\r\\nhttp://e/bj,北京,\\r\\n'
    """
    result = _tabular(collect(result), "csv")
    if result.kind == "ask":
        return "true\r\n" if result.boolean else "false\r\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([csv_value(term) for term in row])
    return buffer.getvalue()


def to_json(result) -> str:
    """Write a SELECT or ASK result in the SPARQL 1.1 Query Results JSON format.

    Examples
    --------
    >>> print(to_json(Result(["label"], [(ox.Literal("北京", language="zh"),)])))
    {"head": {"vars": ["label"]}, "results": {"bindings": [
      {"label": {"type": "literal", "value": "北京", "xml:lang": "zh"}}
    ]}}
    """
    result = _tabular(collect(result), "json")
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [
        json.dumps({name: json_term(term) for name, term in zip(result.variables, row) if term is not None},
                   ensure_ascii=False)
        for row in result.rows
    ]
    head = json.dumps({"vars": result.variables}, ensure_ascii=False)
    if not bindings:
        return f'{{"head": {head}, "results": {{"bindings": []}}}}'
    body = ",\n  ".join(bindings)
    return f'{{"head": {head}, "results": {{"bindings": [\n  {body}\n]}}}}'


def to_rdf(result, format: str = "turtle") -> str:
    """Write a CONSTRUCT or DESCRIBE result as Turtle or N-Triples.

    Only the prefixes that the triples use are declared.

    Examples
    --------
    >>> triple = ox.Triple(ox.NamedNode("https://w3id.org/innokg/id/city/beijing"),
    ...                    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("北京", language="zh"))
    >>> print(to_rdf([triple]), end="")
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix id: <https://w3id.org/innokg/id/> .
    id:city\\/beijing rdfs:label "北京"@zh .
    """
    result = collect(result)
    if result.kind != "graph":
        raise InnokgError(f"{format} output is for CONSTRUCT and DESCRIBE queries; use table, csv or json")
    if format == "ntriples":
        return ox.serialize(result.triples, format=ox.RdfFormat.N_TRIPLES).decode()
    if format != "turtle":
        raise InnokgError(f"unknown RDF output format {format!r}; use turtle or ntriples")
    used = {prefix: namespace for prefix, namespace in PREFIXES.items() if _uses(result.triples, namespace)}
    return ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=used).decode()


def render(result, format: str = "table") -> str:
    """Write a result in one of :data:`FORMATS`.

    Parameters
    ----------
    result : pyoxigraph result or Result
    format : str, optional
        ``table`` (CONSTRUCT results come out as Turtle), ``csv``, ``json``,
        ``turtle`` or ``ntriples``.

    Returns
    -------
    str

    Raises
    ------
    InnokgError
        When the format does not fit the kind of result.
    """
    writers = {"table": to_table, "csv": to_csv, "json": to_json}
    if format in writers:
        return writers[format](result)
    if format in ("turtle", "ntriples"):
        return to_rdf(result, format)
    raise InnokgError(f"unknown output format {format!r}; use one of {', '.join(FORMATS)}")


def _tabular(result: Result, format: str) -> Result:
    if result.kind == "graph":
        raise InnokgError(f"{format} output is for SELECT and ASK queries; use turtle or ntriples")
    return result


def csv_value(term) -> str:
    """The text of a term in a SPARQL CSV result: the IRI, the literal's value, ``_:label``; '' if unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def json_term(term) -> dict:
    """A term in the SPARQL 1.1 Query Results JSON format.

    Examples
    --------
    >>> json_term(ox.Literal("北京", language="zh"))
    {'type': 'literal', 'value': '北京', 'xml:lang': 'zh'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        encoded = {"type": "literal", "value": term.value}
        if term.language:
            encoded["xml:lang"] = term.language
        elif term.datatype.value not in _PLAIN_DATATYPES:
            encoded["datatype"] = term.datatype.value
        return encoded
    return {
        "type": "triple",
        "value": {part: json_term(getattr(term, part)) for part in ("subject", "predicate", "object")},
    }


def _uses(triples: Iterable[ox.Triple], namespace: str) -> bool:
    for triple in triples:
        terms = (triple.subject, triple.object)
        if triple.predicate.value != RDF + "type":  # written as "a"
            terms += (triple.predicate,)
        for term in terms:
            if isinstance(term, ox.NamedNode) and term.value.startswith(namespace):
                return True
            if isinstance(term, ox.Literal) and term.datatype.value.startswith(namespace) and not term.language:
                return True
    return False
