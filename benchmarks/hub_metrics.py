"""Benchmark: innokg's hub metrics against plain networkx and igraph on 10k, 100k and 1M edges.

Not a test: run it by hand (``python benchmarks/hub_metrics.py [EDGES ...]``). Each graph is a
Barabási–Albert graph (3 edges per new node, so a few hubs and a long tail, like an ecosystem),
given to innokg as the networkx graph a projection returns. Times are wall-clock seconds on this
machine; "ours" includes turning the networkx graph into matrices once (row "adjacency").
Above 10,000 nodes betweenness and harmonic closeness are sampled from the same number of
sources in all three, and plain networkx's time for them is extrapolated from 5 sources when
a full run would take minutes.
"""

from __future__ import annotations

import resource
import sys
import time

import networkx as nx
import numpy as np

from kg.network import metrics
from kg.network.report import compute_metrics


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def plain_networkx(graph, sources, budget_sources=5):
    """Times of the same measures with networkx alone."""
    times = {"pagerank": timed(nx.pagerank, graph, tol=1e-10)}
    n = graph.number_of_nodes()
    if sources is None and n <= 5_000:
        times["betweenness"] = timed(nx.betweenness_centrality, graph)
        times["harmonic"] = timed(nx.harmonic_centrality, graph)
    else:
        k = n if sources is None else len(sources)
        few = list(graph)[:budget_sources]
        per_source = timed(nx.betweenness_centrality_subset, graph, few, list(graph)) / budget_sources
        times["betweenness"] = f"~{per_source * k:.0f} (extrapolated)"
        per_source = timed(nx.harmonic_centrality, graph, sources=few) / budget_sources
        times["harmonic"] = f"~{per_source * k:.0f} (extrapolated)"
    times["eigenvector"] = timed(nx.eigenvector_centrality_numpy, graph)
    times["hits"] = timed(nx.hits, graph, tol=1e-10)
    times["core"] = timed(nx.core_number, graph)
    return times


def plain_igraph(graph, sources):
    """Times of the same measures with igraph alone (building its graph included in 'adjacency')."""
    import igraph

    times = {}
    start = time.perf_counter()
    edges = np.array(graph.edges(), dtype=np.int64)
    g = igraph.Graph(n=graph.number_of_nodes(), edges=edges, directed=False)
    times["adjacency"] = time.perf_counter() - start
    times["pagerank"] = timed(g.pagerank)
    if sources is None:
        times["betweenness"] = timed(g.betweenness)
        times["harmonic"] = timed(g.harmonic_centrality)
    else:
        times["betweenness"] = timed(g.betweenness, sources=sources.tolist())
        times["harmonic"] = timed(g.distances, source=sources.tolist())
    times["eigenvector"] = timed(g.eigenvector_centrality)
    times["hits"] = timed(lambda: (g.hub_score(), g.authority_score()))
    times["core"] = timed(g.coreness)
    return times


def run(edges: int) -> None:
    nodes = max(edges // 3, 10)
    graph = nx.barabasi_albert_graph(nodes, 3, seed=42)
    nx.set_node_attributes(graph, {node: ("talent", "actor", "environment")[node % 3] for node in graph}, "element")
    graph.graph["network"] = f"ba-{edges}"
    sampled = nodes > metrics.EXACT_LIMIT
    sources = (np.sort(np.random.default_rng(0).choice(nodes, metrics.SAMPLES, replace=False)) if sampled else None)
    report = compute_metrics(graph)
    ours = dict(report.timings)
    ours["total"] = (report.ended - report.started).total_seconds()
    theirs = plain_networkx(nx.Graph(graph), sources)
    ig = plain_igraph(graph, sources) if metrics.has_igraph() else {}
    print(f"\n## {graph.number_of_edges():,} edges, {nodes:,} nodes "
          f"({'sampled: ' + str(metrics.SAMPLES) + ' sources, bound ±' + format(report.error_bound, '.3f') if sampled else 'exact'})")
    print(f"{'measure':<16}{'ours':>10}{'networkx':>24}{'igraph':>10}")
    for name in ("adjacency", "degree", "weighted_degree", "pagerank", "betweenness", "harmonic", "eigenvector",
                 "hits", "core", "brokerage", "fingerprint", "total"):
        cell = theirs.get(name, "")
        cell = f"{cell:.2f}" if isinstance(cell, float) else cell
        other = ig.get(name, "")
        other = f"{other:.2f}" if isinstance(other, float) else other
        print(f"{name:<16}{ours.get(name, 0):>10.2f}{cell:>24}{other:>10}")
    print(f"peak memory so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    for size in [int(arg) for arg in sys.argv[1:]] or [10_000, 100_000, 1_000_000]:
        run(size)
