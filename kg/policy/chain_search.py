"""The bounded search behind the technology-transfer chains (:mod:`kg.policy.chains`).

The chains are found in a small graph read outward from the actor, not in
the whole store: :func:`transfer_graph` reads the transfer edges level by
level from ``around`` (at most :data:`MAX_BREADTH` new nodes a level and
:data:`MAX_EDGES` edges in all), :func:`firms` tells which of the nodes
reached are firms, and :func:`simple_paths` enumerates the simple paths
shortest first, at most :data:`MAX_PATHS`. Each says in ``bounds`` when it
stopped at a bound, so the pages can say the chains are the best of those found.

Examples
--------
>>> from kg.build import build_memory
>>> store = build_memory()
>>> shu = "https://w3id.org/innokg/id/org/shanghai-university"
>>> bounds = {}
>>> graph = transfer_graph(store, around=shu, max_steps=2, bounds=bounds)
>>> sorted(data["relation"] for _, _, data in graph.out_edges(shu, data=True)), bounds
(['co-builds', 'co-builds', 'hosts-affiliate'], {})
"""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from kg.namespaces import IK
from kg.policy.lookup import subclasses
from kg.policy.sparql import policy_query, run_policy_query, with_values
from kg.store import GraphStore

__all__ = ["MAX_BREADTH", "MAX_EDGES", "MAX_PATHS", "transfer_graph", "firms", "simple_paths", "sources_of"]

#: The search reads at most this many new nodes' edges at each level ...
MAX_BREADTH = 300
#: ... this many transfer edges in all ...
MAX_EDGES = 800
#: ... and ranks at most this many paths (found shortest first).
MAX_PATHS = 120
_CHUNK = 300


def transfer_graph(store: GraphStore, around: str | None = None, max_steps: int = 6,
                   bounds: dict | None = None) -> nx.MultiDiGraph:
    """Read the transfer relations into a directed multigraph, one edge per (source, target, relation).

    With ``around``, only what lies at most ``max_steps`` edges downstream of
    it, within :data:`MAX_BREADTH` and :data:`MAX_EDGES` (``bounds`` is then
    told ``{"edges": True}`` when a bound cut the search).

    Edge attributes: ``relation``, ``graphs`` (the named graphs holding it),
    ``facts`` (n-ary fact IRIs, e.g. the grant), ``fact_graphs`` ((graph,
    fact) pairs) and ``details`` (role or instrument IRIs).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> graph = transfer_graph(build_memory())
    >>> shu = "https://w3id.org/innokg/id/org/shanghai-university"
    >>> sorted(data["relation"] for _, _, data in graph.out_edges(shu, data=True))
    ['co-builds', 'co-builds', 'hosts-affiliate']
    """
    graph = nx.MultiDiGraph()
    rows = run_policy_query(store, "policy-transfer-edges") if around is None else \
        _edges_around(store, around, max_steps, bounds if bounds is not None else {})
    for row in rows:
        source, target, relation = row["source"].value, row["target"].value, row["relation"].value
        if not graph.has_edge(source, target, key=relation):
            graph.add_edge(source, target, key=relation, relation=relation, graphs=set(), facts=set(),
                           fact_graphs=set(), details=set())
        data = graph.edges[source, target, relation]
        data["graphs"].add(row["g"].value)
        if row["fact"] is not None:
            data["facts"].add(row["fact"].value)
            data["fact_graphs"].add((row["g"].value, row["fact"].value))
        if row["detail"] is not None:
            data["details"].add(row["detail"].value)
    return graph


def sources_of(store: GraphStore, graphs) -> dict:
    """The :class:`~kg.policy.lookup.Source` of each of ``graphs`` (as :func:`kg.policy.lookup.graph_sources` gives
    every graph's), read for these graphs only."""
    from kg.policy.lookup import sources_in

    text = policy_query("policy-graph-sources").text
    wanted = sorted(graphs)
    return sources_in(row for start in range(0, len(wanted), _CHUNK)
                      for row in store.query(with_values(text, "g", wanted[start:start + _CHUNK])))


def _edges_around(store: GraphStore, start: str, max_steps: int, bounds: dict) -> list:
    """The transfer edges downstream of ``start``, level by level, within the search's bounds."""
    text = policy_query("policy-transfer-edges").text
    rows: list = []
    seen, frontier = {start}, [start]
    for _ in range(max_steps):
        found: set[str] = set()
        for at in range(0, len(frontier), _CHUNK):
            budget = MAX_EDGES - len(rows)
            if budget <= 0:
                bounds["edges"] = True
                break
            level = list(store.query(f"{with_values(text, 'source', frontier[at:at + _CHUNK])} LIMIT {budget}"))
            rows.extend(level)
            found.update(row["target"].value for row in level)
        new = sorted(found - seen)
        seen.update(new)
        if len(new) > MAX_BREADTH:
            bounds["edges"] = True
        frontier = new[:MAX_BREADTH]
        if not frontier or len(rows) >= MAX_EDGES:
            bounds["edges"] = bounds.get("edges", False) or len(rows) >= MAX_EDGES
            break
    return rows


def simple_paths(graph: nx.MultiDiGraph, start: str, targets: set[str], max_steps: int, bounds: dict) -> list:
    """The simple edge paths from ``start`` to ``targets``, shortest first, at most :data:`MAX_PATHS`."""
    paths: list = []
    level = [((start,), ())]
    for _ in range(max_steps):
        following = []
        for nodes, edges in level:
            for _, target, key in sorted(graph.out_edges(nodes[-1], keys=True)):
                if target in nodes:
                    continue
                path = (*edges, (nodes[-1], target, key))
                if target in targets:
                    paths.append(list(path))
                    if len(paths) >= MAX_PATHS:
                        bounds["paths"] = True
                        return paths
                following.append(((*nodes, target), path))
                if len(following) > MAX_PATHS * 50:
                    bounds["paths"] = True
                    return paths
        level = following
        if not level:
            break
    return paths


def firms(store: GraphStore, among=None) -> set[str]:
    """The IRIs of the firms (enterprises other than park operating companies).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> sorted(firms(build_memory()))
    ['https://w3id.org/innokg/id/org/panxin-technology']
    """
    enterprises = subclasses(store, IK + "Enterprise")
    operators = subclasses(store, IK + "ParkOperatingCompany")
    found: dict[str, set[str]] = {}
    if among is not None:  # only these nodes, a chunk at a time: one row per firm
        nodes = sorted(iri for iri in among if "://" in iri)
        # FILTER IN, not VALUES: with the nodes bound, oxigraph then looks each node's types up
        listed = ", ".join(str(ox.NamedNode(iri)) for iri in sorted(enterprises))
        others = ", ".join(str(ox.NamedNode(iri)) for iri in sorted(operators)) or "<urn:none>"
        text = (f"SELECT DISTINCT ?firm WHERE {{ ?firm a ?class FILTER (?class IN ({listed})) "
                f"FILTER NOT EXISTS {{ ?firm a ?other FILTER (?other IN ({others})) }} }}")
        return {row["firm"].value for start in range(0, len(nodes), _CHUNK)
                for row in store.query(with_values(text, "firm", nodes[start:start + _CHUNK]))}
    rows = list(run_policy_query(store, "policy-instances", {"class": enterprises}))
    for row in rows:
        found.setdefault(row["firm"].value, set()).add(row["class"].value)
    return {firm for firm, classes in found.items() if not classes & operators}
