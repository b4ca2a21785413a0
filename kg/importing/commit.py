"""Check new quads against the graph around them, then write them into their named graph at once.

The check runs the SHACL shapes and the hygiene checks on an in-memory
copy of the part of the store the new graph touches (the ontology, the
nodes it names and the nodes they reach), with the new graph in place; only
the problems the new data bring are reported. A replaced graph must not take
with it what other graphs still use (:func:`still_used`, as ``innokg drop``
refuses). The write is one transaction
(:meth:`kg.store.GraphStore.replace_graph`; over a SPARQL endpoint one
Graph Store Protocol ``PUT``): the graph is written whole or not at all. A
process killed before the transaction commits leaves the store as it was;
one killed after it has left the whole graph, and the ``committed`` line
is reported the moment the transaction commits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypedDict

import pyoxigraph as ox

from kg.importing.dropping import users_of
from kg.importing.problems import ImportFailed, Problem
from kg.importing.progress import Ticker
from kg.importing.provenance import (
    check_replaceable,
    companion_graphs,
    graph_for,
    graphs_holding,
    provenance_quads,
    sha256,
)
from kg.importing.shape_queries import (
    FOCUS_GRAPH,
    compile_shapes,
    focus_quads,
    run_checks,
    shapes_left,
    targeted_focus,
)
from kg.importing.tabular import TABLE_SUFFIXES, Table, read_table
from kg.importing.template_files import example_rows
from kg.namespaces import expand
from kg.paths import HYGIENE_DIR, SHAPES_FILE
from kg.policy.sparql import run_policy_query
from kg.store import GraphStore, OxigraphStore
from kg.store.lock import holding
from kg.validate import hygiene_errors, neighbourhood, shacl_results

__all__ = ["ImportOptions", "check_quads", "commit_import", "read_import_file", "read_import_source", "still_used",
           "write_graph"]


class ImportOptions(TypedDict, total=False):
    """The options every import takes besides its file and source (see :func:`kg.importing.loader.import_table`).

    Attributes
    ----------
    graph : str or None
        The graph IRI (or a name under ``graph:import/``); named after the file when omitted.
    shapes_file, hygiene_dir : path
        The checks the result must pass (``ontology/shapes.ttl``, ``ontology/hygiene/``).
    now : datetime.datetime or None
        The import time to record.
    progress : callable or None
        Hears a line of text as the import goes: at least one every 2 s while it reads, checks and writes.
    """

    graph: str | None
    shapes_file: str | os.PathLike
    hygiene_dir: str | os.PathLike
    now: dt.datetime | None
    progress: Callable[[str], None] | None


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
    old_companions: list[str] | None = None,
) -> list[Problem]:
    """Return the SHACL and hygiene problems that ``quads`` (replacing ``graph``) would bring.

    And the problem of the other graphs left using things that ``graph``, its companion and the
    other graphs of ``quads`` (all replaced with it) alone described and ``quads`` no longer do
    (:func:`still_used`). Only the neighbourhood of the new quads is read from the store
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
    old_companions : list of str, optional
        The companion ``graph`` has in the store (:func:`kg.importing.provenance.companion_graphs`),
        when the caller has asked already; asked of the store when None.

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
    ticker = Ticker(progress)  # a line only when the check takes a while, then at least every 2 s
    report = ticker.say
    with ticker.beating(f"checking {file_name} … other graphs that use what <{graph}> alone describes"):
        if old_companions is None:
            old_companions = list(companion_graphs(store, [graph]).values())
        replaced = dict.fromkeys([graph, *old_companions])
        replaced.update(dict.fromkeys(quad.graph_name.value for quad in quads
                                      if isinstance(quad.graph_name, ox.NamedNode)))
        gone = still_used(store, list(replaced), quads, file_name)
    overlay = OxigraphStore.memory()
    with ticker.beating(f"checking {file_name} … reading the store around the new quads"):
        around = neighbourhood(store, quads, graph)
    overlay.inner.extend(around)  # in memory a transaction is quicker than the bulk loader
    report(f"checking {file_name} … {len(overlay):,} quads of the store around the new ones")
    with ticker.beating(f"checking {file_name} … hygiene checks before"):
        before = {(e.check, e.error) for e in hygiene_errors(overlay, hygiene_dir)}
    focus = {q.subject for q in quads}
    loading = [*quads, *focus_quads(focus)]  # the new quads, and the marks of the nodes the shapes check
    for start in range(0, len(loading), 20_000):
        overlay.inner.extend(loading[start:start + 20_000])
        report(f"checking {file_name} … loading: {min(start + 20_000, len(loading)):,} of {len(loading):,} quads")
    problems = []
    for severity, focus_node, path, message in _shape_failures(overlay, shapes_file, focus, file_name, ticker, chunk):
        if severity != "Violation" or _term(focus_node) not in focus:
            continue
        path = f" ({path})" if path and not path.startswith("_:") else ""
        problems.append(Problem(file_name, f"does not conform to the shapes: {message}{path}",
                                rows.get(expand(focus_node)), None, focus_node,
                                "the row maps to data the SHACL shapes of the graph reject"))
    with ticker.beating(f"checking {file_name} … hygiene checks"):
        after = hygiene_errors(overlay, hygiene_dir)
    for error in after:
        if (error.check, error.error) not in before:
            problems.append(Problem(file_name, f"fails the {error.check} check: {error.error}",
                                    hint="see ontology/hygiene/" + error.check + ".rq"))
    report(f"checking {file_name} … done; letting go of {len(overlay):,} quads in memory")
    return gone + sorted(problems, key=lambda p: (p.row or 0, p.message))


def _shape_failures(overlay: OxigraphStore, shapes_file, focus: set, file_name: str,
                    ticker: Ticker, chunk: int) -> list[tuple[str, str, str, str]]:
    """(severity, focus node, path, message) of every shape the focus nodes (marked in the overlay) fail.

    The shapes compiled into SPARQL (:mod:`kg.importing.shape_queries`) run
    natively over the focus nodes; node shapes using a feature that is not
    compiled run through pySHACL, node chunk by node chunk, on the focus nodes they target.
    """
    checks, left = compile_shapes(shapes_file, strict=False), shapes_left(shapes_file)
    try:
        with ticker.beating(f"checking {file_name} … shapes"):
            failures = run_checks(overlay, checks, lambda done, total: ticker.say(
                f"checking {file_name} … shapes: {done} of {total} constraints"))
            focus = targeted_focus(overlay, left) if left else set()  # pySHACL only where its shapes apply
    finally:
        overlay.inner.remove_graph(ox.NamedNode(FOCUS_GRAPH))
    found = [(check.severity, focus_node, check.path, message) for check, focus_node, message in failures]
    if focus:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "shapes.ttl"
            path.write_text(left, encoding="utf-8")
            found += [(r.severity, r.focus_node, r.path, r.message) for r in shacl_results(
                overlay, path, focus=focus, chunk=chunk,
                progress=lambda done, total: ticker.say(f"checking {file_name} … shapes: {done:,} of {total:,} nodes"))]
    return found


def write_graph(store: GraphStore, graph: str, quads: Iterable[ox.Quad], ticker: Ticker | None = None,
                companions: Mapping[str, list[ox.Quad]] | None = None) -> int:
    """Put ``quads`` in ``graph``, replacing what it held, in one transaction; return how many were written.

    ``companions`` (graph -> its quads) are replaced in the same transaction (an extract's inferred graph).

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
    quads = list(quads)
    with holding(store), ticker.beating(f"{graph.rsplit('/', 1)[-1]}: writing {len(quads):,} quads") \
            if ticker is not None else contextlib.nullcontext():  # oxigraph lets the heartbeat run while it writes
        # an embedded store takes the quads of the graph as they are: 800,000 copies as triples cost seconds
        as_is = isinstance(store, OxigraphStore)
        if companions:
            return store.replace_graphs({name: part if as_is else [q.triple for q in part]
                                         for name, part in {graph: quads, **companions}.items()})
        return store.replace_graph(graph, quads if as_is else [q.triple for q in quads])


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
    name, data, checksum, target, _ = read_import_source(path, store, graph)
    return name, data, checksum, target


def read_import_source(path: str | os.PathLike, store: GraphStore, graph: str | None
                       ) -> tuple[str, bytes, str, str, Table | None]:
    """:func:`read_import_file`, and the table read once (None for an RDF file) for the import to map."""
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
    table = None
    if path.suffix.lower() in TABLE_SUFFIXES:
        table = read_table(path, name)
        examples = example_rows(table)
        if examples:
            raise ImportFailed(examples)
    return name, data, checksum, target, table


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
    companions: Mapping[str, list[ox.Quad]] | None = None,
    old_companions: list[str] | None = None,
) -> list[ox.Quad]:
    """Add the source and provenance quads, check everything, and write the graph in one transaction.

    Returns the quads written; raises :class:`ImportFailed` with every problem, writing nothing.
    ``companions`` (graph -> its quads, described by themselves) are checked with them and written in
    the same transaction (an extract's inferred graph, :mod:`kg.extract.links`); a companion the
    target has in the store (:func:`kg.importing.provenance.companion_graphs`) and that this import
    does not write is removed in that transaction: replacing an import replaces its companion (asked of
    the store once, here, unless the caller has asked already and passes ``old_companions``). What
    the graph and its companion alone describe and this import no longer does must not be used by
    any other graph (:func:`still_used`, run by :func:`check_quads`).
    ``progress`` hears ``NAME: committed N quads into <GRAPH>`` the moment the
    transaction has committed (before that line, the store is as it was).
    """
    ticker = report = Ticker(progress)
    if old_companions is None:
        old_companions = list(companion_graphs(store, [target]).values())
    with ticker.beating(f"{name}: gathering the quads"):
        every = [*quads, *cited.quads, *provenance_quads(target, name, checksum, cited.iri, when=now, what=what),
                 *[quad for part in (companions or {}).values() for quad in part]]
        distinct: dict[ox.Quad, None] = {}
        for start in range(0, len(every), 50_000):  # slice by slice, so that the progress thread runs between them
            distinct.update(dict.fromkeys(every[start:start + 50_000]))
        quads = list(distinct)
    report(f"{name}: {len(quads)} quads to check against the shapes and hygiene checks")
    problems = check_quads(store, target, quads, name, rows, shapes_file=shapes_file, hygiene_dir=hygiene_dir,
                           progress=ticker, old_companions=old_companions)
    if problems:
        raise ImportFailed(problems)
    report(f"{name}: checked; writing <{target}>")
    # the companion the graph has now goes with what it held, unless this import writes it anew
    stale = {graph: [] for graph in old_companions if graph not in (companions or {})}
    companions = {**(companions or {}), **stale}
    if companions:
        quads = [quad for quad in quads if quad.graph_name.value not in companions]
    written = write_graph(store, target, quads, ticker, companions)
    report(f"{name}: committed {written} quads into <{target}>")
    return quads


def still_used(store: GraphStore, replaced: list[str], quads: Iterable[ox.Quad], file_name: str) -> list[Problem]:
    """The problem of replacing ``replaced`` by ``quads`` when other graphs use what would be gone, or none.

    What would be gone: the IRIs that ``replaced`` (a graph and its companion) alone type and that
    ``quads`` type no more. Another graph that uses one of them (as subject or object,
    :func:`kg.importing.dropping.users_of`, as ``innokg drop`` refuses) would be left pointing at
    nothing. Only those IRIs are looked up, so a replace that keeps its things costs one read of
    what the replaced graphs type (the saved query ``policy-typed-in-graphs``).

    Examples
    --------
    >>> store = OxigraphStore.memory()
    >>> _ = store.load(b"<http://e/park> a <http://e/Park> . <http://e/lab> a <http://e/Lab> .", "turtle",
    ...                graph="http://e/parks")
    >>> _ = store.load(b"<http://e/firm> <http://e/incubatedBy> <http://e/park> .", "turtle", graph="http://e/links")
    >>> park = ox.Quad(ox.NamedNode("http://e/park"), ox.NamedNode(RDF_TYPE), ox.NamedNode("http://e/Park"))
    >>> still_used(store, ["http://e/parks"], [park], "parks.ttl")  # the lab goes: nobody uses it
    []
    >>> print(*still_used(store, ["http://e/parks"], [], "parks.ttl"))  # doctest: +NORMALIZE_WHITESPACE
    parks.ttl: replacing <http://e/parks> leaves things that only it describes, and this import does not,
    in use by 1 other graph: <http://e/links> (1 thing, e.g. <http://e/park>); hint: describe them in this
    import, or drop those graphs (or import them again without those things) first
    """
    described = {row["thing"].value for row in run_policy_query(store, "policy-typed-in-graphs", {"g": replaced})}
    if described:
        described -= {quad.subject.value for quad in quads
                      if quad.predicate.value == RDF_TYPE and isinstance(quad.subject, ox.NamedNode)}
    users = users_of(store, replaced, described) if described else []
    if not users:
        return []
    return [Problem(file_name, f"replacing <{replaced[0]}> leaves things that only it describes, and this import "
                    f"does not, in use by {len(users)} other graph{'' if len(users) == 1 else 's'}: "
                    + "; ".join(use.text() for use in users),
                    hint="describe them in this import, or drop those graphs (or import them again without "
                         "those things) first")]


def _term(text: str) -> ox.NamedNode | ox.BlankNode | None:
    """The node a check writes as ``id:city/x`` or ``_:b0`` (:func:`kg.results.term_text`); None for a literal."""
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    try:
        return ox.NamedNode(expand(text))
    except ValueError:
        return None


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
