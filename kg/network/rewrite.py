"""Rewrite a big named graph in bounded memory: old and new compared a batch of subjects at a time.

:func:`kg.network.writeback.write_metrics` replaces a network's metrics graph
(a run and a record per node, 4.5M quads for the 10M-triple actors network)
with :func:`rewrite_graph`. The graph has a *head* (the run: what a reader
finds the graph by, :func:`kg.network.writeback.stored_runs`) and *records*.
The records are read back by subject, :data:`BATCH` subjects at a time, and
compared with the new ones, numbers by value (:func:`_key`: Oxigraph keeps
``"5.441e-09"^^xsd:double`` as ``"0.000000005441"``, so comparing the text
rewrote 28% of the 1M actors graph when nothing had changed); only the
difference is written, so rewriting a run over unchanged data touches a few
quads (its times). Then:

* a difference of at most :data:`SMALL` quads (the unchanged case, a few nodes
  changed) is written in one transaction, the head's with it: an interrupted
  rewrite leaves the old run and records as they were;
* a bigger one (after an import every node's betweenness and pagerank shift,
  and nearly every record changes) is written in transactions of about
  :data:`SMALL` quads each, the store's write buffers flushed after each: the
  old head is removed first, in a small transaction of its own (readers then
  say "not written"), the new head is added last. An interrupted rewrite
  leaves records but no head, which no reader takes for a run; the next
  rewrite compares with what is there and completes them.

The trade-off: a big rewrite is not atomic (for its duration the network has no
run, as during a first write by the bulk loader), and it is slower than a first
write; in exchange its memory stays flat (one batch, one transaction of
:data:`SMALL` quads) instead of holding the old and new graphs as Python sets and
the difference as one update. For the actors network (benchmarks/metrics_rewrite.py):
at 1M triples (446,504 quads) 446 MiB and 21 s, against 1,516 MiB and 23 s for
the one update; at 10M (4.5M quads) 851 MiB and 328 s, a first write 2,198 MiB
and 50 s (each with the report's 0.2 and 0.6 GB). Dropping the graph and loading
it again would be simpler, but the drop is one transaction too (2.2 GB and 3.5
minutes for the 4.5M quads) and would rewrite the unchanged quads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

import pyoxigraph as ox

from kg.saved_query_results import plain_value
from kg.store import GraphStore

__all__ = ["BATCH", "SMALL", "Rewrite", "ntriples", "rewrite_graph"]

#: A rewrite that changes at most this many quads is one transaction; a bigger one is written in parts of this size.
SMALL = 50_000
#: Subjects whose old triples are read and compared at once.
BATCH = 2_000


@dataclass(frozen=True)
class Rewrite:
    """What :func:`rewrite_graph` did: the triples of the new graph, those removed and added, in how many transactions."""

    written: int
    removed: int
    added: int
    transactions: int


def rewrite_graph(store: GraphStore, graph: str, records: Iterable[ox.Triple], head: list[ox.Triple],
                  small: int | None = None, batch: int | None = None) -> Rewrite:
    """Make the named graph ``graph`` hold exactly ``records`` and ``head``, writing only the difference.

    ``records`` are the triples of the graph but the head, a subject's
    together (as they come, never held all at once); ``head`` (a few triples)
    is what readers find the graph by: it goes in last, and when the
    difference is more than ``small`` quads it is removed first (see the module).
    Subjects of the old graph found in neither are removed. ``small`` and
    ``batch`` default to :data:`SMALL` and :data:`BATCH`. The caller holds the
    store's write lock (:func:`kg.store.lock.holding`).

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> t = lambda s, o: ox.Triple(ox.NamedNode(f"http://e/{s}"), ox.NamedNode("http://e/p"), ox.Literal(o))
    >>> rewrite_graph(store, "http://e/g", [t("a", "1"), t("b", "2")], [t("run", "1")])
    Rewrite(written=3, removed=0, added=3, transactions=1)
    >>> rewrite_graph(store, "http://e/g", [t("a", "1"), t("c", "3")], [t("run", "2")], small=1, batch=1)
    Rewrite(written=3, removed=2, added=2, transactions=3)
    >>> sorted(quad.object.value for quad in store.quads("http://e/g"))
    ['1', '2', '3']
    """
    small = SMALL if small is None else small
    batch = BATCH if batch is None else batch
    node = ox.NamedNode(graph)
    removed: list[ox.Triple] = []
    added: list[ox.Triple] = []
    counts = {"written": 0, "removed": 0, "added": 0, "transactions": 0}
    headless = False  # the old head removed: the rest is written in parts
    head_subjects = {triple.subject for triple in head}

    def write(final: bool = False) -> None:
        nonlocal headless
        if not final and len(removed) + len(added) <= small:
            return
        if not final and not headless:
            old_head = _triples_of(store, node, head_subjects)
            if old_head:
                _apply(store, graph, old_head, [])
                counts["transactions"] += 1
                counts["removed"] += len(old_head)
            headless = True
        if removed or added:
            _apply(store, graph, removed, added)
            counts["transactions"] += 1
            counts["removed"] += len(removed)
            counts["added"] += len(added)
            removed.clear()
            added.clear()
            if headless:  # else the store's write buffers grow with each part (1.8 GB more for 4.5M quads)
                store.flush()

    def compare(subjects: set, new: list[ox.Triple]) -> None:
        old = {_key(triple): triple for triple in _triples_of(store, node, subjects)}
        wanted = {_key(triple): triple for triple in new}
        removed.extend(triple for key, triple in old.items() if key not in wanted)
        added.extend(triple for key, triple in wanted.items() if key not in old)
        write()

    seen: set[str] = set()
    for part in _batches(records, batch):
        subjects = {triple.subject for triple in part}
        seen.update(subject.value for subject in subjects)
        counts["written"] += len(set(part))
        compare(subjects, part)
    gone = [subject for subject in _subjects(store, node)
            if subject.value not in seen and subject not in head_subjects]
    for start in range(0, len(gone), batch):
        compare(set(gone[start:start + batch]), [])
    counts["written"] += len(set(head))
    compare(head_subjects, head)
    write(final=True)
    return Rewrite(**counts)


def _key(triple: ox.Triple):
    """``triple``, its number as a number: a store may keep ``"1e-09"^^xsd:double`` as ``"0.000000001"`` (Oxigraph does).

    >>> double = ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")
    >>> t = lambda o: ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal(o, datatype=double))
    >>> _key(t("1e-09")) == _key(t("0.000000001")), _key(t("1.0")) == _key(t("1.5"))
    (True, False)
    """
    term = triple.object
    value = plain_value(term) if isinstance(term, ox.Literal) else None
    if isinstance(value, int | float) and not isinstance(value, bool):  # a number, read as saved queries read one
        return triple.subject, triple.predicate, term.datatype, value
    return triple


def _batches(records: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """The records in lists of the triples of ``size`` subjects (a subject's triples come together)."""
    part: list[ox.Triple] = []
    subjects = 0
    for _, triples in groupby(records, key=lambda triple: triple.subject):
        part.extend(triples)
        subjects += 1
        if subjects >= size:
            yield part
            part, subjects = [], 0
    if part:
        yield part


def _triples_of(store: GraphStore, graph: ox.NamedNode, subjects: Iterable) -> list[ox.Triple]:
    """The triples of ``subjects`` (IRIs) in ``graph``."""
    values = " ".join(str(subject) for subject in subjects if isinstance(subject, ox.NamedNode))
    if not values:
        return []
    return list(store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} GRAPH {graph} {{ ?s ?p ?o }} }}"))


def _subjects(store: GraphStore, graph: ox.NamedNode) -> Iterator[ox.NamedNode]:
    """The IRI subjects of ``graph``, as the store gives them."""
    for row in store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} FILTER ISIRI(?s) }}"):
        yield row["s"]


def _apply(store: GraphStore, graph: str, removed: list[ox.Triple], added: list[ox.Triple]) -> None:
    """Remove ``removed`` and add ``added`` to ``graph`` in one update (one transaction)."""
    operations = [f"{verb} DATA {{ GRAPH <{graph}> {{\n{ntriples(triples)}}} }}"
                  for verb, triples in (("DELETE", removed), ("INSERT", added)) if triples]
    if operations:
        store.update(" ;\n".join(operations))


def ntriples(triples: Iterable[ox.Triple]) -> str:
    """The triples as N-Triples text (for an update's DATA block or a load)."""
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
