"""Check new quads against the graph around them, then write them into their named graph at once.

The check runs the SHACL shapes and the hygiene checks on an in-memory
copy of the part of the store the new graph touches (the ontology, the
nodes it names and the nodes they reach), with the new graph in place; only
the problems the new data bring are reported. The write is one transaction
(:meth:`kg.store.GraphStore.replace_graph`; over a SPARQL endpoint one
Graph Store Protocol ``PUT``): the graph is written whole or not at all. A
process killed before the transaction commits leaves the store as it was;
one killed after it has left the whole graph, and the ``committed`` line
is reported the moment the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.importing.problems import ImportFailed, Problem
from kg.importing.provenance import check_replaceable, graph_for, graphs_holding, provenance_quads, sha256
from kg.importing.tabular import TABLE_SUFFIXES, read_table
from kg.importing.templates import example_rows
from kg.namespaces import shorten
from kg.paths import HYGIENE_DIR, SHAPES_FILE
from kg.store import GraphStore, OxigraphStore
from kg.store.lock import holding
from kg.validate import hygiene_errors, neighbourhood, shacl_results

__all__ = ["check_quads", "commit_import", "read_import_file", "write_graph"]


def check_quads(
    store: GraphStore,
    graph: str,
    quads: list[ox.Quad],
    file_name: str,
    rows: dict[str, int] | None = None,
    *,
    shapes_file: str | os.PathLike = SHAPES_FILE,
    hygiene_dir: str | os.PathLike = HYGIENE_DIR,
    progress: Callable[[str], None] | None = None,
    chunk: int = 500,
) -> list[Problem]:
    """Return the SHACL and hygiene problems that ``quads`` (replacing ``graph``) would bring.

    Only the neighbourhood of the new quads is read from the store
    (:func:`kg.validate.neighbourhood`) into memory: the SHACL shapes run on
    the nodes the quads describe, the hygiene checks on that neighbourhood
    before and after the quads are added.

    Parameters
    ----------
    store : GraphStore
        Left untouched (the quads the checks need are copied into memory).
    graph : str
        The graph the quads replace.
    quads : list of pyoxigraph.Quad
    file_name : str
        For the messages.
    rows : dict of str to int, optional
        Subject IRI -> row, so a problem names its row.
    shapes_file, hygiene_dir : path, optional
    progress : callable, optional
        Hears a ``checking FILE …`` line at least every 2 s (none when the check is quick).
    chunk : int, optional
        Nodes per SHACL run.

    Returns
    -------
    list of Problem

    Examples
    --------
    >>> from kg.build import build_memory
    >>> store = build_memory()
    >>> bad = ox.Quad(ox.NamedNode("https://w3id.org/innokg/id/city/x"), ox.NamedNode(RDF_TYPE),
    ...               ox.NamedNode("https://w3id.org/innokg/ont#City"), ox.NamedNode("http://e/g"))
    >>> [p.message for p in check_quads(store, "http://e/g", [bad], "x.ttl")][:2]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['does not conform to the shapes: A city belongs to exactly one country. (ik:country)',
     'does not conform to the shapes: Needs a Chinese name (a label tagged @zh-Hans).']
    """
    rows = rows or {}
    report = _quiet_for(1.0, progress or (lambda line: None))  # a line only when the check takes a while
    overlay = OxigraphStore.memory()
    overlay.inner.bulk_extend(neighbourhood(store, quads, graph))
    report(f"checking {file_name} … {len(overlay):,} quads of the store around the new ones")
    before = {(e.check, e.error) for e in hygiene_errors(overlay, hygiene_dir)}
    overlay.inner.bulk_extend(quads)
    focus = {q.subject for q in quads if isinstance(q.subject, ox.NamedNode)}
    new_subjects = {_text(q.subject) for q in quads}
    where = {shorten(iri): row for iri, row in rows.items()}
    problems = []
    shapes_progress = lambda done, total: report(f"checking {file_name} … shapes: {done:,} of {total:,} nodes")
    for result in shacl_results(overlay, shapes_file, focus=focus, chunk=chunk, progress=shapes_progress):
        if result.severity != "Violation" or result.focus_node not in new_subjects:
            continue
        path = f" ({result.path})" if result.path and not result.path.startswith("_:") else ""
        problems.append(Problem(file_name, f"does not conform to the shapes: {result.message}{path}",
                                where.get(result.focus_node), None, result.focus_node,
                                "the row maps to data the SHACL shapes of the graph reject"))
    report(f"checking {file_name} … hygiene checks")
    for error in hygiene_errors(overlay, hygiene_dir):
        if (error.check, error.error) not in before:
            problems.append(Problem(file_name, f"fails the {error.check} check: {error.error}",
                                    hint="see ontology/hygiene/" + error.check + ".rq"))
    return sorted(problems, key=lambda p: (p.row or 0, p.message))


def write_graph(store: GraphStore, graph: str, quads: Iterable[ox.Quad]) -> int:
    """Put ``quads`` in ``graph``, replacing what it held, in one transaction; return how many were written.

    Examples
    --------
    >>> store = OxigraphStore.memory()
    >>> quad = lambda o: ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal(o),
    ...                          ox.NamedNode("http://e/g"))
    >>> write_graph(store, "http://e/g", [quad("1")])
    1
    >>> write_graph(store, "http://e/g", [quad("2"), quad("3")])
    2
    >>> sorted(q.object.value for q in store.quads())
    ['2', '3']
    """
    with holding(store):  # one writer at a time (kg.store.lock); already held by `innokg import`
        return store.replace_graph(graph, (quad.triple for quad in quads))


def read_import_file(path: str | os.PathLike, store: GraphStore, graph: str | None) -> tuple[str, bytes, str, str]:
    """Read a file to import: its name, bytes, SHA-256 and the graph it goes to (checked replaceable).

    Raises
    ------
    ImportFailed
        When the file cannot be read; when another graph already holds this
        very file (same SHA-256: importing it again would state every fact
        twice); when a table still holds a template's example row unchanged.
    InnokgError
        When the target graph is one an import did not make.

    Examples
    --------
    >>> import tempfile
    >>> from kg.build import build_memory
    >>> from kg.importing.loader import import_table
    >>> store, folder = build_memory(), Path(tempfile.mkdtemp())
    >>> for name in ("a.csv", "b.csv"):
    ...     _ = (folder / name).write_text("index,edition,city,rank\\ngis100,2024,北京,4\\n", encoding="utf-8")
    >>> import_table(store, folder / "a.csv", source="GIS100 2024").graph
    'https://w3id.org/innokg/graph/import/a'
    >>> read_import_file(folder / "b.csv", store, None)
    Traceback (most recent call last):
    kg.importing.problems.ImportFailed: b.csv: 1 problem, nothing imported
    """
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailed([Problem(name, f"cannot read: {error.strerror or error}", hint="check the path")]) from None
    target = graph_for(name, graph)
    check_replaceable(store, target)
    checksum = sha256(data)
    holders = [holder for holder in graphs_holding(store, checksum) if holder != target]
    if holders:
        raise ImportFailed([Problem(
            name, f"the same file (sha256 {checksum[:12]}…) is already imported as <{holders[0]}>",
            hint="importing it again would state every fact twice: leave it, or pass --replace to import it "
                 f"into <{target}> in place of that graph")])
    if path.suffix.lower() in TABLE_SUFFIXES:
        examples = example_rows(read_table(path, name))
        if examples:
            raise ImportFailed(examples)
    return name, data, checksum, target


def commit_import(
    store: GraphStore,
    target: str,
    name: str,
    quads: list[ox.Quad],
    *,
    cited,
    checksum: str,
    what: str,
    rows: dict[str, int] | None = None,
    now: dt.datetime | None = None,
    shapes_file: str | os.PathLike = SHAPES_FILE,
    hygiene_dir: str | os.PathLike = HYGIENE_DIR,
    progress: Callable[[str], None] | None = None,
) -> list[ox.Quad]:
    """Add the source and provenance quads, check everything, and write the graph in one transaction.

    Returns the quads written; raises :class:`ImportFailed` with every problem, writing nothing.
    ``progress`` hears ``NAME: committed N quads into <GRAPH>`` the moment the
    transaction has committed (before that line, the store is as it was).
    """
    report = progress or (lambda line: None)
    quads = list(dict.fromkeys([*quads, *cited.quads,
                                *provenance_quads(target, name, checksum, cited.iri, when=now, what=what)]))
    report(f"{name}: {len(quads)} quads to check against the shapes and hygiene checks")
    problems = check_quads(store, target, quads, name, rows, shapes_file=shapes_file, hygiene_dir=hygiene_dir,
                           progress=progress)
    if problems:
        raise ImportFailed(problems)
    report(f"{name}: checked; writing <{target}>")
    written = write_graph(store, target, quads)
    report(f"{name}: committed {written} quads into <{target}>")
    return quads


def _quiet_for(seconds: float, report: Callable[[str], None]) -> Callable[[str], None]:
    """Pass a line to ``report`` only once ``seconds`` have gone by since the last one (or the start)."""
    last = [time.monotonic()]

    def call(line: str) -> None:
        if time.monotonic() - last[0] >= seconds:
            last[0] = time.monotonic()
            report(line)
    return call


def _text(term) -> str:
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
