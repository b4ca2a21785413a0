"""Where a big view's nodes start: a force-directed layout computed on the server, so the browser only draws.

A browser that lays out a few hundred nodes itself (vis-network's physics,
150 iterations) spends 0.3 s on a 200-node ego view and 1.1 s on the
340-node ecosystem backbone at a load average of 8, after the page has
loaded. Fruchterman–Reingold in igraph's C code takes 0.02–0.06 s for the
same graphs (networkx's, when igraph is not installed, 0.1–0.5 s), so a view
of :data:`FROM_NODES` nodes or more is sent with its positions and drawn
with physics off (a user can still drag its nodes).

The layout is repeatable: the same graph gives the same positions (a fixed
seed, nodes in id order), so a page looks the same on every visit and in both
server processes.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Sequence

import numpy as np
from scipy.spatial import cKDTree

try:  # imported with the module (a server process's warm-up imports it), not while a page waits
    import igraph
except ImportError:  # networkx's layout instead
    igraph = None

__all__ = ["EDGE_LENGTH", "FROM_NODES", "NODE_GAP", "positions"]

#: Views with at least this many nodes are sent with positions (smaller ones lay out well and fast in the browser).
FROM_NODES = 150
#: The median length of an edge on the canvas, in pixels (vis-network's spring length in the other views).
EDGE_LENGTH = 140.0
#: The distance, in pixels, from the median node to its nearest neighbour (so that dots and labels do not pile up).
NODE_GAP = 45.0
_SEED = 7
_IGRAPH_RANDOM = threading.Lock()


def positions(nodes: Sequence[str], edges: Iterable[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """Return a force-directed position, in pixels, for each node: ``{id: (x, y)}``, centred on (0, 0).

    Edges naming a node not in ``nodes`` are ignored; parallel edges and loops count once.

    Examples
    --------
    >>> layout = positions(["a", "b", "c", "d"], [("a", "b"), ("a", "c"), ("a", "d")])
    >>> sorted(layout) == ["a", "b", "c", "d"], layout == positions(["a", "b", "c", "d"], [("a", "b"), ("a", "c"), ("a", "d")])
    (True, True)
    >>> import math
    >>> min(math.dist(layout[a], layout[b]) for a, b in [("a", "b"), ("b", "c"), ("c", "d")]) >= NODE_GAP
    True
    >>> positions(["a"], []), positions([], [])
    ({'a': (0, 0)}, {})
    """
    order = sorted(set(nodes))
    if len(order) <= 1:
        return {node: (0, 0) for node in order}
    index = {node: number for number, node in enumerate(order)}
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b])) for a, b in edges
                    if a in index and b in index and a != b})
    coordinates = _igraph(len(order), pairs)
    if coordinates is None:
        coordinates = _networkx(len(order), pairs)
    return _scaled(order, coordinates, pairs)


def _igraph(count: int, pairs: list[tuple[int, int]]) -> list[tuple[float, float]] | None:
    if igraph is None:
        return None
    graph = igraph.Graph(n=count, edges=pairs)
    with _IGRAPH_RANDOM:  # igraph draws from one process-wide generator: give it a seeded one, then put it back
        igraph.set_random_number_generator(random.Random(_SEED))
        try:
            layout = graph.layout_fruchterman_reingold(seed=_start(count), niter=500)
        finally:
            igraph.set_random_number_generator(random)
    return [(float(x), float(y)) for x, y in layout.coords]


def _networkx(count: int, pairs: list[tuple[int, int]]) -> list[tuple[float, float]]:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    graph.add_edges_from(pairs)
    placed = nx.spring_layout(graph, pos=dict(enumerate(_start(count))), seed=_SEED, iterations=50)
    return [(float(placed[node][0]), float(placed[node][1])) for node in range(count)]


def _start(count: int) -> list[tuple[float, float]]:
    """Repeatable starting points (both libraries otherwise start from their own random state)."""
    generator = random.Random(_SEED)
    return [(generator.uniform(-1, 1), generator.uniform(-1, 1)) for _ in range(count)]


def _scaled(order: list[str], coordinates: list[tuple[float, float]],
            pairs: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Centre the layout and scale it: the median edge :data:`EDGE_LENGTH` pixels long, and nodes apart.

    A hub's hundred spokes all have one length, so the edges alone would put
    their ends on top of one another: the scale is also large enough that a
    node's nearest neighbour is :data:`NODE_GAP` pixels away (the median node's).
    A node far out (one with no link, which the layout pushes away) is brought
    in to the rim of the others, so that the drawing is not mostly empty.
    """
    points = np.asarray(coordinates, dtype=float)
    points -= points.mean(axis=0)
    scale = 1.0
    if pairs:
        ends = np.asarray(pairs)
        median_edge = float(np.median(np.linalg.norm(points[ends[:, 0]] - points[ends[:, 1]], axis=1)))
        if median_edge > 0:
            scale = EDGE_LENGTH / median_edge
    nearest = cKDTree(points).query(points, k=2)[0][:, 1]
    median_gap = float(np.median(nearest))
    if median_gap > 0:
        scale = max(scale, NODE_GAP / median_gap)
    radii = np.linalg.norm(points, axis=1)
    rim = float(np.quantile(radii, 0.98)) * 1.1  # FR pushes a node with no link far out: bring it to the rim
    if rim > 0:
        points[radii > rim] *= (rim / radii[radii > rim])[:, None]
    placed = np.rint(points * scale).astype(int)
    return {node: (int(x), int(y)) for node, (x, y) in zip(order, placed, strict=True)}
