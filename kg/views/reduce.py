"""Server-side reduction of a view: filters, ego radius, top-k by score, a cap on nodes.

A browser draws a few hundred nodes well and a hundred thousand not at all,
so every view is cut down here before it is sent. Every function keeps
``total_nodes``, so the page can say what it left out ("showing 500 of
120,344 nodes"). Ties are broken by node id, so a reduction is repeatable.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping

from kg.errors import InnokgError
from kg.views.model import ViewGraph

__all__ = ["DEFAULT_MAX_NODES", "degrees", "filter_types", "filter_relations", "ego", "top_k", "cap"]

#: No view ships more nodes than this unless asked to.
DEFAULT_MAX_NODES = 500


def degrees(graph: ViewGraph) -> dict[str, int]:
    """Count the edges at each node (in and out, parallel edges once per relation).

    Examples
    --------
    >>> from kg.views.model import ViewNode, ViewEdge
    >>> g = ViewGraph((ViewNode("a"), ViewNode("b"), ViewNode("c")), (ViewEdge("a", "b", "p"), ViewEdge("a", "c", "p")))
    >>> degrees(g)
    {'a': 2, 'b': 1, 'c': 1}
    """
    counts = {node.id: 0 for node in graph.nodes}
    for edge in graph.edges:
        counts[edge.source] = counts.get(edge.source, 0) + 1
        counts[edge.target] = counts.get(edge.target, 0) + 1
    return counts


def filter_types(graph: ViewGraph, groups: Collection[str] | None) -> ViewGraph:
    """Keep the nodes whose group is in ``groups`` (all of them when ``groups`` is empty or None).

    Examples
    --------
    >>> from kg.views.model import ViewNode
    >>> g = ViewGraph((ViewNode("a", group="talent"), ViewNode("b", group="place")), ())
    >>> [n.id for n in filter_types(g, ["talent"]).nodes]
    ['a']
    """
    if not groups:
        return graph
    return graph.restricted({node.id for node in graph.nodes if node.group in groups} | _focus(graph))


def filter_relations(graph: ViewGraph, relations: Collection[str] | None) -> ViewGraph:
    """Keep the edges whose relation IRI is in ``relations``, and the nodes they touch.

    The focus node stays even when no kept edge touches it.

    Examples
    --------
    >>> from kg.views.model import ViewNode, ViewEdge
    >>> g = ViewGraph((ViewNode("a"), ViewNode("b"), ViewNode("c")), (ViewEdge("a", "b", "p"), ViewEdge("a", "c", "q")))
    >>> kept = filter_relations(g, {"q"})
    >>> [n.id for n in kept.nodes], [e.relation for e in kept.edges]
    (['a', 'c'], ['q'])
    """
    if not relations:
        return graph
    edges = tuple(edge for edge in graph.edges if edge.relation in relations)
    keep = {end for edge in edges for end in (edge.source, edge.target)} | _focus(graph)
    reduced = graph.restricted(keep)
    return ViewGraph(reduced.nodes, tuple(e for e in reduced.edges if e.relation in relations),
                     reduced.total_nodes, reduced.focus)


def ego(graph: ViewGraph, center: str, radius: int = 1) -> ViewGraph:
    """Keep the nodes at most ``radius`` links from ``center``, following links either way.

    Parameters
    ----------
    graph : ViewGraph
    center : str
        A node id of ``graph``.
    radius : int
        1, 2 or 3.

    Raises
    ------
    InnokgError
        When ``radius`` is out of range or ``center`` is not in the graph.

    Examples
    --------
    >>> from kg.views.model import ViewNode, ViewEdge
    >>> g = ViewGraph(tuple(ViewNode(i) for i in "abcd"), (ViewEdge("a", "b", "p"), ViewEdge("c", "b", "p"), ViewEdge("c", "d", "p")))
    >>> sorted(n.id for n in ego(g, "a", 2).nodes), ego(g, "a", 2).focus
    (['a', 'b', 'c'], 'a')
    """
    check_radius(radius)
    if center not in graph.node_ids():
        raise InnokgError(f"<{center}> is not in the view")
    distance = distances(graph, center, radius)
    reduced = graph.restricted(set(distance))
    return ViewGraph(reduced.nodes, reduced.edges, reduced.total_nodes, center)


def check_radius(radius: int) -> int:
    """Return ``radius`` if it is 1, 2 or 3, else raise :class:`InnokgError`.

    Examples
    --------
    >>> check_radius(2)
    2
    """
    if radius not in (1, 2, 3):
        raise InnokgError(f"the ego radius must be 1, 2 or 3, not {radius}")
    return radius


def distances(graph: ViewGraph, center: str, radius: int) -> dict[str, int]:
    """Return the number of links from ``center`` to each node within ``radius`` (breadth first).

    Examples
    --------
    >>> from kg.views.model import ViewNode, ViewEdge
    >>> g = ViewGraph(tuple(ViewNode(i) for i in "abc"), (ViewEdge("a", "b", "p"), ViewEdge("b", "c", "p")))
    >>> distances(g, "c", 3)
    {'c': 0, 'b': 1, 'a': 2}
    """
    neighbours: dict[str, set[str]] = {}
    for edge in graph.edges:
        neighbours.setdefault(edge.source, set()).add(edge.target)
        neighbours.setdefault(edge.target, set()).add(edge.source)
    distance = {center: 0}
    queue = deque([center])
    while queue:
        node = queue.popleft()
        if distance[node] == radius:
            continue
        for other in sorted(neighbours.get(node, ())):
            if other not in distance:
                distance[other] = distance[node] + 1
                queue.append(other)
    return distance


def top_k(graph: ViewGraph, scores: Mapping[str, float], k: int, keep: Iterable[str] = ()) -> ViewGraph:
    """Keep the ``k`` nodes with the highest score (ties by id), always including ``keep`` and the focus.

    Examples
    --------
    >>> from kg.views.model import ViewNode, ViewEdge
    >>> g = ViewGraph(tuple(ViewNode(i) for i in "abc"), (ViewEdge("a", "b", "p"),))
    >>> small = top_k(g, {"a": 1, "b": 5, "c": 5}, 2)
    >>> [n.id for n in small.nodes], small.total_nodes
    (['b', 'c'], 3)
    """
    if k < 1:
        raise InnokgError(f"the number of nodes to show must be at least 1, not {k}")
    chosen = [node_id for node_id in (*keep, *_focus(graph)) if node_id in graph.node_ids()]
    chosen = list(dict.fromkeys(chosen))[:k]
    ranked = sorted(graph.nodes, key=lambda node: (-scores.get(node.id, 0), node.id))
    for node in ranked:
        if len(chosen) >= k:
            break
        if node.id not in chosen:
            chosen.append(node.id)
    return graph.restricted(set(chosen))


def cap(graph: ViewGraph, max_nodes: int = DEFAULT_MAX_NODES, scores: Mapping[str, float] | None = None,
        keep: Iterable[str] = ()) -> ViewGraph:
    """Cut the graph to at most ``max_nodes`` nodes, keeping the highest-scoring ones.

    Without ``scores`` nodes are ranked by degree; in an ego view, by distance
    from the focus first.

    Examples
    --------
    >>> from kg.views.model import ViewNode, ViewEdge
    >>> g = ViewGraph(tuple(ViewNode(i) for i in "abc"), (ViewEdge("a", "b", "p"), ViewEdge("a", "c", "p")))
    >>> [n.id for n in cap(g, 1).nodes], cap(g, 1).total_nodes
    (['a'], 3)
    >>> cap(g, 5) is g
    True
    """
    if max_nodes < 1:
        raise InnokgError(f"--max-nodes must be at least 1, not {max_nodes}")
    if len(graph.nodes) <= max_nodes:
        return graph
    if scores is None:
        scores = dict(degrees(graph))
        if graph.focus is not None:
            far = distances(graph, graph.focus, len(graph.nodes))
            top = max(scores.values(), default=0) + 1
            scores = {node: (len(graph.nodes) - far.get(node, len(graph.nodes))) * top + score
                      for node, score in scores.items()}
    return top_k(graph, scores, max_nodes, keep)


def _focus(graph: ViewGraph) -> set[str]:
    return {graph.focus} if graph.focus is not None else set()
