"""Streaming quad output for the generator: N-Quads, TriG or N-Triples, written as text.

The generator never builds a graph in memory: it formats each entity's
triples as N-Triples lines and hands them to :class:`QuadWriter` with the
named graph they belong to. The writer adds the graph (N-Quads), wraps the
lines in a graph block (TriG) or writes them as they are, every triple in
the default graph (N-Triples); it counts the triples and writes in large chunks.

The term helpers return N-Triples syntax for the few kinds of terms the
generator writes; their text comes from the generator's own tables, so
escaping is limited to what those can hold (quotes and backslashes):

>>> iri("https://w3id.org/innokg/id/city/anning-1"), lang('岚丰 "new" park', "zh-Hans")
('<https://w3id.org/innokg/id/city/anning-1>', '"岚丰 \\\\"new\\\\" park"@zh-Hans')
>>> typed("2024-05", "gYearMonth")
'"2024-05"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
>>> integer(3), decimal(-71.0562), boolean(True)  # doctest: +NORMALIZE_WHITESPACE
('"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"-71.06"^^<http://www.w3.org/2001/XMLSchema#decimal>',
 '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>')
"""

from __future__ import annotations

from typing import TextIO

from kg.namespaces import PREFIXES

__all__ = ["QuadWriter", "OUTPUT_FORMATS", "iri", "lang", "integer", "decimal", "typed", "boolean"]

#: What :class:`QuadWriter` writes (``ntriples`` drops the named graphs).
OUTPUT_FORMATS = ("nquads", "trig", "ntriples")

_XSD = PREFIXES["xsd"]
_INTEGER = f"<{_XSD}integer>"
_DECIMAL = f"<{_XSD}decimal>"
_BOOLEAN = f"<{_XSD}boolean>"
_FLUSH_AT = 1 << 20


def iri(value: str) -> str:
    """Write an IRI."""
    return f"<{value}>"


def _quoted(text: str) -> str:
    if '"' in text or "\\" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def lang(text: str, tag: str) -> str:
    """Write a string tagged ``tag`` (quotes and backslashes escaped)."""
    return f"{_quoted(text)}@{tag}"


def typed(text: str, datatype: str) -> str:
    """Write a literal of an XSD datatype given by local name (``date``, ``gYear`` …)."""
    return f'{_quoted(text)}^^<{_XSD}{datatype}>'


def integer(value: int) -> str:
    """Write an ``xsd:integer``."""
    return f'"{value}"^^{_INTEGER}'


def decimal(value: float, places: int = 2) -> str:
    """Write an ``xsd:decimal`` with a fixed number of places."""
    return f'"{value:.{places}f}"^^{_DECIMAL}'


def boolean(value: bool) -> str:
    """Write an ``xsd:boolean``."""
    return f'"{"true" if value else "false"}"^^{_BOOLEAN}'


class QuadWriter:
    """Write triples into named graphs as N-Quads or TriG (or, without the graphs, N-Triples), counting them.

    Parameters
    ----------
    out : text file
        Opened for writing, UTF-8.
    format : {"nquads", "trig", "ntriples"}

    Examples
    --------
    >>> import io
    >>> for format in OUTPUT_FORMATS:
    ...     buffer = io.StringIO()
    ...     writer = QuadWriter(buffer, format)
    ...     writer.emit("<http://e/g>", "<http://e/a> <http://e/p> <http://e/b> .\\n")
    ...     writer.close()
    ...     print(format, writer.triples, repr(buffer.getvalue()))
    nquads 1 '<http://e/a> <http://e/p> <http://e/b> <http://e/g> .\\n'
    trig 1 '<http://e/g> {\\n<http://e/a> <http://e/p> <http://e/b> .\\n}\\n'
    ntriples 1 '<http://e/a> <http://e/p> <http://e/b> .\\n'
    """

    def __init__(self, out: TextIO, format: str = "nquads"):
        if format not in OUTPUT_FORMATS:
            raise ValueError(f"unknown output format {format!r}; use one of {', '.join(OUTPUT_FORMATS)}")
        self.out = out
        self.format = format
        self.triples = 0
        self._parts: list[str] = []
        self._size = 0

    def emit(self, graph: str, body: str) -> None:
        """Add ``body`` (N-Triples lines, each ending in `` .\\n``) to the named graph ``graph`` (``<iri>``)."""
        self.triples += body.count("\n")
        if self.format == "nquads":
            # A literal cannot hold a raw newline, so " .\n" only ends lines.
            text = body.replace(" .\n", f" {graph} .\n")
        elif self.format == "ntriples":
            text = body
        else:
            text = f"{graph} {{\n{body}}}\n"
        self._parts.append(text)
        self._size += len(text)
        if self._size >= _FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        """Write what is buffered."""
        if self._parts:
            self.out.write("".join(self._parts))
            self._parts.clear()
            self._size = 0

    def close(self) -> None:
        """Write what is buffered and flush the file (it is not closed)."""
        self.flush()
        self.out.flush()
