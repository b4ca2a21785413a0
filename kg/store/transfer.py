"""Moving RDF in and out of a store: bulk loading a pyoxigraph store, and serializing a store or a graph.

:class:`~kg.store.embedded.OxigraphStore` loads and exports with these;
:func:`export_target` is what every store's ``export`` decides first (the
serialization, whether it keeps the named graphs, the prefixes it writes,
where it goes), so the embedded store and the endpoint store write alike.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.formats import DATASET_FORMATS, FORMAT_NAMES, format_for_path, iter_rdf, located_message, parse_rdf, rdf_format
from kg.namespaces import PREFIXES

__all__ = ["NATIVE_LOAD_BYTES", "ExportTarget", "export_target", "bulk_load_into", "export_store"]

#: Files this large are bulk-loaded by pyoxigraph's own parallel loader, without counting their quads.
NATIVE_LOAD_BYTES = 64 * 1024 * 1024
_PREFIXED_FORMATS = {"turtle", "trig", "rdfxml"}


@dataclass(frozen=True)
class ExportTarget:
    """How and where a store is serialized.

    Attributes
    ----------
    format : pyoxigraph.RdfFormat
    dataset : bool
        Whether the format keeps named graphs (TriG, N-Quads, JSON-LD); the
        others get the union of all graphs, each triple once.
    prefixes : dict or None
        The prefixes to declare (formats that have them).
    out : str, binary file or None
        Where to write; None returns the bytes.
    """

    format: ox.RdfFormat
    dataset: bool
    prefixes: dict[str, str] | None
    out: str | BinaryIO | None


def export_target(format: str = "trig", out: str | os.PathLike | BinaryIO | None = None) -> ExportTarget:
    """What an export in ``format`` to ``out`` writes.

    Examples
    --------
    >>> target = export_target("nquads")
    >>> target.dataset, target.prefixes, target.out
    (True, None, None)
    >>> export_target("turtle", Path("/tmp/g.ttl")).prefixes["ik"], export_target("turtle", Path("/tmp/g.ttl")).out
    ('https://w3id.org/innokg/ont#', '/tmp/g.ttl')
    """
    fmt = rdf_format(format)
    name = next(key for key, value in FORMAT_NAMES.items() if value == fmt)
    target = None if out is None else (str(out) if isinstance(out, (str, os.PathLike)) else out)
    return ExportTarget(fmt, name in DATASET_FORMATS, PREFIXES if name in _PREFIXED_FORMATS else None, target)


def bulk_load_into(store: ox.Store, source, format: str | None = None, graph: str | None = None) -> int | None:
    """Add a file (or bytes) to ``store`` with pyoxigraph's bulk loader; return the quads read.

    Bytes are parsed whole first; a file is parsed as it is loaded (memory
    stays flat at any size), so a syntax error leaves the quads before it. A
    file of :data:`NATIVE_LOAD_BYTES` or more goes to pyoxigraph's own
    parallel loader: its quads are not counted (None is returned) and its
    blank node labels are kept as written.

    Examples
    --------
    >>> store = ox.Store()
    >>> bulk_load_into(store, b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g"), len(store)
    (1, 1)
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        quads = parse_rdf(source, format, graph)
        store.bulk_extend(quads)
        return len(quads)
    path = Path(source)
    if path.is_file() and path.stat().st_size >= NATIVE_LOAD_BYTES:
        _native_bulk_load(store, path, format, graph)
        return None
    read = 0

    def counted():  # a file streams through: memory stays flat whatever its size
        nonlocal read
        for quad in iter_rdf(source, format, graph):
            read += 1
            yield quad

    store.bulk_extend(counted())
    return read


def _native_bulk_load(store: ox.Store, path: Path, format: str | None, graph: str | None) -> None:
    """Load a large file with pyoxigraph's own parallel parser and loader (no quad crosses into Python)."""
    fmt = rdf_format(format) if format is not None else format_for_path(path)
    try:
        store.bulk_load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph) if graph else None)
    except SyntaxError as error:
        raise InnokgError(located_message(str(path), error)) from None
    except OSError as error:
        raise InnokgError(f"{path}: cannot read: {error.strerror or error}") from None


def export_store(store: ox.Store, format: str = "trig", out=None, graph: str | None = None) -> bytes | None:
    """Serialize a pyoxigraph store, or its named graph ``graph`` (see :meth:`kg.store.embedded.OxigraphStore.export`).

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("1"), ox.NamedNode("http://e/g")))
    >>> export_store(store, "ntriples")
    b'<http://e/a> <http://e/p> "1" .\\n'
    >>> export_store(store, "ntriples", graph="http://e/h")
    Traceback (most recent call last):
    kg.errors.InnokgError: no graph <http://e/h> in the store
    """
    target = export_target(format, out)
    if graph is not None:
        node = ox.NamedNode(graph)
        if not store.contains_named_graph(node):
            raise InnokgError(f"no graph <{graph}> in the store")
        if target.dataset:
            quads = store.quads_for_pattern(None, None, None, node)
            return ox.serialize(quads, target.out, target.format, prefixes=target.prefixes)
        return store.dump(target.out, target.format, from_graph=node, prefixes=target.prefixes)
    if target.dataset:
        return store.dump(target.out, target.format, prefixes=target.prefixes)
    triples = dict.fromkeys(quad.triple for quad in store)
    return ox.serialize(triples, target.out, target.format, prefixes=target.prefixes)
