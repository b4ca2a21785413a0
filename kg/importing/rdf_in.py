"""Import an RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) into one named graph.

The same guarantees as a table import: provenance on the graph (file,
checksum, time, cited source), the SHACL shapes and hygiene checks before
anything is written, one transaction, and nothing changes when the graph
already holds the same file. Triples that a dataset file puts in its own
named graphs all land in the one target graph.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Unpack

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.formats import parse_rdf
from kg.importing.commit import ImportOptions, commit_import, read_import_file
from kg.importing.loader import ImportResult
from kg.importing.problems import ImportFailed, Problem
from kg.importing.provenance import cited_source, import_record
from kg.importing.reconcile import Reconciler
from kg.store import GraphStore

__all__ = ["import_rdf"]


def import_rdf(store: GraphStore, path: str | os.PathLike, *, source: str, format: str | None = None,
               **options: Unpack[ImportOptions]) -> ImportResult:
    """Import an RDF file into a named graph, all of it or nothing.

    Parameters
    ----------
    store : GraphStore
    path : str or os.PathLike
    source : str
        The cited source (see :func:`kg.importing.provenance.cited_source`).
    format : str, optional
        Guessed from the suffix when omitted.
    **options
        ``graph`` (named after the file when omitted), ``shapes_file``, ``hygiene_dir``, ``now``, ``progress``
        (:class:`kg.importing.commit.ImportOptions`).

    Returns
    -------
    ImportResult
        Its ``rows`` count the triples read.

    Raises
    ------
    ImportFailed
        When the file does not parse (``file:line:column``) or the result
        breaks the shapes or hygiene checks; nothing was written.

    Examples
    --------
    >>> import tempfile
    >>> from kg.build import build_memory
    >>> store = build_memory()
    >>> path = Path(tempfile.mkdtemp()) / "beijing.ttl"
    >>> _ = path.write_text('<https://w3id.org/innokg/id/city/beijing> '
    ...                     '<http://www.w3.org/2004/02/skos/core#altLabel> "Peking"@en .')
    >>> result = import_rdf(store, path, source="innokg gazetteer")
    >>> result.graph, result.rows
    ('https://w3id.org/innokg/graph/import/beijing', 1)
    """
    path = Path(path)
    progress = options.get("progress")
    name, _, checksum, target = read_import_file(path, store, options.pop("graph", None))
    try:
        parsed = parse_rdf(path, format)
    except InnokgError as error:
        raise ImportFailed([Problem(name, str(error).removeprefix(f"{path}:").lstrip(": "),
                                    hint="fix the syntax at that line and column")]) from None
    if import_record(store, target) == checksum:
        return ImportResult(target, "rdf", len(parsed), store.graph_sizes().get(target, 0), "", checksum, True)
    if progress:
        progress(f"{name}: {len(parsed)} triples parsed")
    g = ox.NamedNode(target)
    quads = [ox.Quad(q.subject, q.predicate, q.object, g) for q in parsed]
    cited = cited_source(Reconciler(store, exclude_graph=target), source, target)
    quads = commit_import(store, target, name, quads, cited=cited, checksum=checksum, what="RDF", **options)
    return ImportResult(target, "rdf", len(parsed), len(quads), cited.iri, checksum)
