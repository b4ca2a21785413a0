"""Plan the drop of a named graph: what an import made, and which other graphs still use its things.

A graph's *things* are the IRIs it gives a type (``rdf:type``) that no
other graph types. Another graph *uses* them when one of its triples has
such a thing as subject or object; dropping the graph alone would leave
those triples pointing at nothing (a firm incubated by a park that no
longer exists, a rank observation of an edition without an index), so the
drop is refused, or, with ``cascade``, the graphs that use it go too
(and the graphs that use those, until none is left).

An import's companion, its inferred graph (:func:`kg.importing.provenance.companion_graphs`),
is part of it, not another graph that uses it: it goes with its import, in
the same transaction, and never stays behind pointing at things no longer
stated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.importing.provenance import companion_graphs, import_record
from kg.namespaces import ONTOLOGY_GRAPH, shorten
from kg.store import GraphStore

__all__ = ["DropPlan", "Use", "graph_text", "plan_drop", "users_of"]


@dataclass(frozen=True)
class Use:
    """A graph that uses things of the graphs being dropped.

    Attributes
    ----------
    graph : str
        The graph that uses them.
    things : int
        How many distinct things it uses.
    example : str
        One of them (prefixed), for the messages.
    """

    graph: str
    things: int
    example: str

    def text(self) -> str:
        """``<graph> (3 things, e.g. id:org/x)``."""
        return f"<{self.graph}> ({self.things} thing{'' if self.things == 1 else 's'}, e.g. {self.example})"


@dataclass
class DropPlan:
    """What dropping a graph takes.

    Attributes
    ----------
    graph : str
        The graph asked for.
    sizes : dict of str to int
        Every graph that goes (the one asked for first, then those that use
        it, in the order found) and its size in triples.
    uses : dict of str to list of Use
        For each graph that goes, the graphs that use the things it alone types.
    not_imported : list of str
        The graphs that go and that no import made (they need ``force``).
    companions : dict of str to str
        For each graph that goes and has a companion, its companion (which goes too, in ``sizes``).
    """

    graph: str
    sizes: dict[str, int] = field(default_factory=dict)
    uses: dict[str, list[Use]] = field(default_factory=dict)
    not_imported: list[str] = field(default_factory=list)
    companions: dict[str, str] = field(default_factory=dict)

    @property
    def owners(self) -> list[str]:
        """The graphs that go, but the companions that go with their import."""
        gone_with = set(self.companions.values())
        return [name for name in self.sizes if name not in gone_with]

    def text(self, graph: str) -> str:
        """``<graph> (N triples)``, and its companion with its size when it has one."""
        return graph_text(graph, self.sizes, self.companions)

    @property
    def users(self) -> list[Use]:
        """The graphs that use the one asked for."""
        return self.uses.get(self.graph, [])


_USERS = """
SELECT ?other (COUNT(DISTINCT ?thing) AS ?things) (MIN(STR(?thing)) AS ?example) WHERE {
  %(typed)s
  FILTER isIRI(?thing)
  FILTER NOT EXISTS { GRAPH ?elsewhere { ?thing a ?anyType } FILTER (?elsewhere NOT IN (%(list)s)) }
  GRAPH ?other { { ?thing ?p ?o } UNION { ?s ?q ?thing } }
  FILTER (?other NOT IN (%(list)s))
}
GROUP BY ?other
ORDER BY ?other"""
#: The things the graphs type, every one of them.
_TYPED = "VALUES ?dropped { %(dropped)s } GRAPH ?dropped { ?thing a ?type }"
#: Given things, those the graphs type: the things first (joined after the graphs' types, each chunk
#: of things would read all of them: 8 s a chunk of 2,000 for a graph of 100,000 things).
_GIVEN = "VALUES ?thing { %(things)s } FILTER EXISTS { VALUES ?dropped { %(dropped)s } GRAPH ?dropped { ?thing a ?type } }"


def graph_text(graph: str, sizes: dict[str, int], companions: dict[str, str]) -> str:
    """A graph and its size, and its companion's (``companions``: graph -> companion).

    >>> graph_text("http://e/g", {"http://e/g": 40, "http://e/g-inferred": 19}, {"http://e/g": "http://e/g-inferred"})
    '<http://e/g> (40 triples) and its inferred graph <http://e/g-inferred> (19 triples)'
    >>> graph_text("http://e/h", {"http://e/h": 1}, {})
    '<http://e/h> (1 triple)'
    """
    def one(name: str) -> str:
        return f"<{name}> ({sizes.get(name, 0)} triple{'' if sizes.get(name, 0) == 1 else 's'})"
    companion = companions.get(graph)
    return one(graph) + (f" and its inferred graph {one(companion)}" if companion else "")


def users_of(store: GraphStore, graphs: list[str], things: Iterable[str] | None = None,
             chunk: int = 2_000) -> list[Use]:
    """The other graphs that use things only ``graphs`` type, sorted by IRI.

    ``things`` (IRIs) narrows the look-up to those of them (a replaced graph's things that its new
    quads no longer type, :func:`kg.importing.commit.commit_import`), ``chunk`` at a time: the cost
    follows them, not the size of ``graphs``. Empty, nobody uses them.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> _ = store.load(b"<http://e/park> a <http://e/Park> . <http://e/lab> a <http://e/Lab> .", "turtle",
    ...                graph="http://e/parks")
    >>> _ = store.load(b"<http://e/firm> <http://e/incubatedBy> <http://e/park> , <http://e/lab> .", "turtle",
    ...                graph="http://e/links")
    >>> [use.text() for use in users_of(store, ["http://e/parks"])]
    ['<http://e/links> (2 things, e.g. <http://e/lab>)']
    >>> [use.text() for use in users_of(store, ["http://e/parks"], ["http://e/park", "http://e/firm"], chunk=1)]
    ['<http://e/links> (1 thing, e.g. <http://e/park>)']
    >>> users_of(store, ["http://e/links"]), users_of(store, ["http://e/parks"], [])
    ([], [])
    """
    if not graphs:
        return []
    names = [f"<{graph}>" for graph in graphs]
    parts: list[str | None] = [None]
    if things is not None:
        things = sorted(set(things))
        parts = [" ".join(f"<{thing}>" for thing in things[start:start + chunk])
                 for start in range(0, len(things), chunk)]
    found: dict[str, tuple[int, str]] = {}  # graph -> things, the least of them (chunks hold distinct things)
    for part in parts:
        typed = (_TYPED if part is None else _GIVEN) % {"things": part, "dropped": " ".join(names)}
        query = _USERS % {"typed": typed, "list": ", ".join(names)}
        for row in store.query(query):
            count, example = found.get(row["other"].value, (0, row["example"].value))
            found[row["other"].value] = (count + int(row["things"].value), min(example, row["example"].value))
    return [Use(graph, count, _short(example)) for graph, (count, example) in sorted(found.items())]


def plan_drop(store: GraphStore, graph: str, *, cascade: bool = False) -> DropPlan:
    """Work out what dropping ``graph`` takes: the graphs that use it, and (with ``cascade``) theirs.

    Without ``cascade`` the plan holds ``graph`` alone and its users are
    only listed; with it, every graph that uses a graph of the plan joins
    the plan, until no graph outside it uses one inside.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> plan = plan_drop(build_memory(), ONTOLOGY_GRAPH)
    >>> list(plan.sizes) == [ONTOLOGY_GRAPH], plan.not_imported == [ONTOLOGY_GRAPH], len(plan.users) > 3
    (True, True, True)
    """
    sizes = store.graph_sizes()
    plan = DropPlan(graph)
    queue = _join(plan, store, sizes, [graph])
    while queue:
        for name in queue:  # a graph with its companion: the companion is not a graph that uses it
            plan.uses[name] = users_of(store, [name, *([plan.companions[name]] if name in plan.companions else [])])
        queue = []
        if cascade:
            # graph by graph first (to say which graph each one uses), then all of them together: a thing
            # typed in two graphs of the plan is gone only when both are
            found = [use.graph for uses in plan.uses.values() for use in uses]
            found += [use.graph for use in users_of(store, list(plan.sizes))]
            queue = _join(plan, store, sizes, [other for other in dict.fromkeys(found) if other not in plan.sizes])
    plan.not_imported = [name for name in plan.sizes
                         if name == ONTOLOGY_GRAPH or import_record(store, name) is None]
    return plan


def _join(plan: DropPlan, store: GraphStore, sizes: dict[str, int], graphs: list[str]) -> list[str]:
    """Put ``graphs`` in the plan, each followed by its companion; return them but the companions."""
    companions = companion_graphs(store, graphs)
    graphs = [name for name in graphs if name not in companions.values()]  # found with its import: goes with it
    for name in graphs:
        plan.sizes[name] = sizes.get(name, 0)
        if name in companions:
            plan.companions[name] = companions[name]
            plan.sizes[companions[name]] = sizes.get(companions[name], 0)
    return graphs


def _short(iri: str) -> str:
    short = shorten(iri)
    return short if short != iri else f"<{iri}>"
