"""RDF serialization formats: their names, file suffixes, and parsing files of them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InnokgError

__all__ = ["FORMAT_NAMES", "DATASET_FORMATS", "rdf_format", "format_for_path", "parse_rdf", "iter_rdf",
           "located_message"]

#: Our format names -> pyoxigraph formats.
FORMAT_NAMES: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

#: Names of the formats that can hold named graphs.
DATASET_FORMATS = frozenset({"trig", "nquads", "jsonld"})

_SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
}

_ALIASES: dict[str, str] = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "n-quads": "nquads",
    "json-ld": "jsonld",
    "rdf/xml": "rdfxml",
    "xml": "rdfxml",
}


def rdf_format(name: str | ox.RdfFormat) -> ox.RdfFormat:
    """Return the pyoxigraph format for one of our format names.

    Parameters
    ----------
    name : str or pyoxigraph.RdfFormat
        ``turtle``, ``trig``, ``ntriples``, ``nquads``, ``jsonld`` or
        ``rdfxml`` (a few usual spellings such as ``ttl`` or ``n-quads`` too).

    Returns
    -------
    pyoxigraph.RdfFormat

    Raises
    ------
    InnokgError
        For an unknown name.

    Examples
    --------
    >>> rdf_format("n-quads")
    <RdfFormat N-Quads>
    """
    if isinstance(name, ox.RdfFormat):
        return name
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in FORMAT_NAMES:
        known = ", ".join(FORMAT_NAMES)
        raise InnokgError(f"unknown RDF format {name!r}; known formats: {known}")
    return FORMAT_NAMES[key]


def format_for_path(path: str | os.PathLike[str]) -> ox.RdfFormat:
    """Guess the RDF format of a file from its suffix (as :func:`rdf_format` gives it).

    An :class:`InnokgError` says so when the suffix is not one of
    ``.ttl .turtle .trig .nt .nq .jsonld .json .rdf .owl .xml``.

    Examples
    --------
    >>> format_for_path("ontology/innokg.ttl")
    <RdfFormat Turtle>
    >>> format_for_path("data/seed/cities.trig")
    <RdfFormat TriG>
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        known = " ".join(sorted(_SUFFIXES))
        raise InnokgError(f"{path}: cannot tell the RDF format from the suffix {suffix!r} (known: {known})")
    return FORMAT_NAMES[_SUFFIXES[suffix]]


def parse_rdf(
    source: str | os.PathLike[str] | bytes,
    format: str | ox.RdfFormat | None = None,
    graph: str | None = None,
) -> list[ox.Quad]:
    """Parse a whole RDF file (or bytes) into memory.

    Blank nodes get fresh identifiers, so two files never share one by
    accident.

    Parameters
    ----------
    source : str, os.PathLike or bytes
        A file path, or the serialization itself.
    format : str or pyoxigraph.RdfFormat, optional
        Guessed from the file suffix when omitted; required for bytes.
    graph : str, optional
        IRI of the graph that receives the triples of the default graph.
        Quads that name their own graph keep it.

    Returns
    -------
    list of pyoxigraph.Quad

    Raises
    ------
    InnokgError
        When the file cannot be read, or does not parse; the message starts
        with ``file:line:column:`` when the parser gives a position.

    Examples
    --------
    >>> quads = parse_rdf(b'<http://e/a> <http://e/p> "1" .', "ntriples", graph="http://e/g")
    >>> [(q.subject.value, q.graph_name.value) for q in quads]
    [('http://e/a', 'http://e/g')]
    >>> parse_rdf(b'<http://e/a> <http://e/p> .', "turtle")
    Traceback (most recent call last):
    kg.errors.InnokgError: <data>:1:27: ...
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        name, data = "<data>", bytes(source)
        if format is None:
            raise InnokgError("parsing bytes needs an explicit RDF format")
        fmt = rdf_format(format)
    else:
        path = Path(source)
        name = str(path)
        fmt = rdf_format(format) if format is not None else format_for_path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InnokgError(f"{path}: no such file") from None
        except OSError as error:
            raise InnokgError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        quads = list(ox.parse(data, format=fmt, rename_blank_nodes=True))
    except SyntaxError as error:
        raise InnokgError(located_message(name, error)) from None
    if graph is not None:
        target = ox.NamedNode(graph)
        quads = [
            ox.Quad(q.subject, q.predicate, q.object, target) if isinstance(q.graph_name, ox.DefaultGraph) else q
            for q in quads
        ]
    return quads


def iter_rdf(
    path: str | os.PathLike[str],
    format: str | ox.RdfFormat | None = None,
    graph: str | None = None,
) -> Iterator[ox.Quad]:
    """Parse an RDF file quad by quad, as :func:`parse_rdf` does, without holding it in memory.

    For loading files larger than memory (:meth:`kg.store.embedded.OxigraphStore.bulk_load`);
    a syntax error is raised when the parser reaches it, after the quads before it.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.nt"
    >>> _ = path.write_text('<http://e/a> <http://e/p> "1" .\\n<http://e/b> <http://e/p> .\\n')
    >>> quads = iter_rdf(path, graph="http://e/g")
    >>> next(quads).graph_name.value
    'http://e/g'
    >>> next(quads)
    Traceback (most recent call last):
    kg.errors.InnokgError: .../a.nt:2:...
    """
    path = Path(path)
    fmt = rdf_format(format) if format is not None else format_for_path(path)
    if not path.is_file():
        raise InnokgError(f"{path}: no such file")
    target = ox.NamedNode(graph) if graph is not None else None
    try:
        for quad in ox.parse(path=str(path), format=fmt, rename_blank_nodes=True):
            if target is not None and isinstance(quad.graph_name, ox.DefaultGraph):
                quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
            yield quad
    except SyntaxError as error:
        raise InnokgError(located_message(str(path), error)) from None
    except OSError as error:
        raise InnokgError(f"{path}: cannot read: {error.strerror or error}") from None


def located_message(name: str, error: SyntaxError) -> str:
    """Turn a pyoxigraph parse error into ``file:line:column: message``."""
    message = str(error.args[0]) if error.args else str(error)
    detail = message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
    if error.lineno is not None:
        column = error.offset if error.offset is not None else 1
        return f"{name}:{error.lineno}:{column}: {detail}"
    return f"{name}: {detail}"
