"""Centrality measures over a projection, with networkx's interface and faster engines.

Every function takes a networkx graph and returns ``{node: value}`` like its
networkx namesake. Under the hood the graph is turned once into a scipy CSR
matrix (:func:`adjacency`); PageRank, eigenvector and HITS run on it with
scipy; betweenness, harmonic closeness and k-core use igraph's C code when
the ``igraph`` package is installed (``pip install 'innokg[fast]'``) and
networkx / scipy otherwise.

Directed measures (PageRank, HITS) follow the edges' direction; the others
(degree, betweenness, harmonic closeness, eigenvector, k-core) are computed
on the undirected view, where two nodes are neighbours when an edge links
them either way. Only degree (weighted degree) and PageRank use weights.

Betweenness and harmonic closeness are exact up to ``exact_limit`` nodes
(10,000 by default); above it they are estimated from ``samples`` source
nodes drawn at random (Brandes–Pich pivots), and :func:`sampling_error`
gives the bound that holds for every node at once with probability
1 − ``delta`` (Hoeffding's inequality with a union bound over the nodes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse.linalg import eigsh, svds

from kg.network.limits import EXACT_LIMIT, SAMPLES

__all__ = [
    "EXACT_LIMIT",
    "SAMPLES",
    "Adjacency",
    "adjacency",
    "has_igraph",
    "degree",
    "weighted_degree",
    "pagerank",
    "betweenness",
    "harmonic",
    "eigenvector",
    "hits",
    "core_number",
    "sampling_error",
]

_DENSE_LIMIT = 400  # below this many nodes, dense linear algebra is simpler and exact


@dataclass
class Adjacency:
    """A projection as matrices: ``matrix[i, j]`` is the weight of edge i → j.

    Attributes
    ----------
    nodes : list
        Node ``i`` of the matrices is ``nodes[i]``.
    matrix : scipy.sparse.csr_array
        Weighted, directed (symmetric when the graph is undirected), no self-loops.
    undirected : scipy.sparse.csr_array
        0/1, symmetric: the undirected view.
    directed : bool
    """

    nodes: list
    matrix: sp.csr_array
    undirected: sp.csr_array
    directed: bool

    @property
    def n(self) -> int:
        """How many nodes."""
        return len(self.nodes)

    def as_dict(self, values) -> dict:
        """Map ``values[i]`` to ``nodes[i]`` as plain Python numbers."""
        return {node: value.item() if hasattr(value, "item") else value for node, value in zip(self.nodes, values)}

    def igraph(self, *, arcs: bool = False):
        """The undirected view as an ``igraph.Graph`` (made once, then cached).

        With ``arcs``, a directed graph with an arc each way per edge, so that
        igraph's subset betweenness counts ordered (source, target) pairs.
        """
        key = "_igraph_arcs" if arcs else "_igraph"
        if getattr(self, key, None) is None:
            import igraph

            edges = sp.coo_array(self.undirected) if arcs else sp.triu(self.undirected, k=1).tocoo()
            setattr(self, key, igraph.Graph(n=self.n, edges=np.column_stack([edges.row, edges.col]), directed=arcs))
        return getattr(self, key)


def adjacency(graph: nx.Graph | Adjacency, weight: str = "weight") -> Adjacency:
    """Turn a networkx graph into an :class:`Adjacency` (an Adjacency is returned as is).

    Examples
    --------
    >>> adj = adjacency(nx.DiGraph([("a", "b"), ("b", "c")]))
    >>> adj.nodes, adj.matrix.toarray().tolist(), int(adj.undirected.sum())
    (['a', 'b', 'c'], [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]], 4)
    """
    if isinstance(adjacency_cache := graph.graph.get("_adjacency") if hasattr(graph, "graph") else graph, Adjacency):
        return adjacency_cache
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    m = graph.number_of_edges()
    rows = np.empty(m, dtype=np.int64)
    cols = np.empty(m, dtype=np.int64)
    data = np.empty(m, dtype=np.float64)
    for k, (u, v, w) in enumerate(graph.edges(data=weight, default=1.0)):
        rows[k], cols[k], data[k] = index[u], index[v], 1.0 if w is None else w
    keep = rows != cols
    rows, cols, data = rows[keep], cols[keep], data[keep]
    n = len(nodes)
    directed = graph.is_directed()
    if not directed:
        rows, cols, data = np.concatenate([rows, cols]), np.concatenate([cols, rows]), np.concatenate([data, data])
    matrix = sp.csr_array((data, (rows, cols)), shape=(n, n))
    matrix.sum_duplicates()
    undirected = (matrix + matrix.T).tocsr()
    undirected.data[:] = 1.0
    result = Adjacency(nodes, matrix, undirected, directed)
    graph.graph["_adjacency"] = result
    return result


def has_igraph() -> bool:
    """Tell whether the optional igraph engine is installed."""
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def _engine(engine: str) -> str:
    if engine == "auto":
        return "igraph" if has_igraph() else "networkx"
    if engine not in ("igraph", "networkx"):
        raise ValueError(f"engine must be auto, igraph or networkx, got {engine!r}")
    return engine


def degree(graph) -> dict:
    """Number of distinct neighbours, ignoring direction.

    Examples
    --------
    >>> degree(nx.star_graph(3))
    {0: 3, 1: 1, 2: 1, 3: 1}
    """
    adj = adjacency(graph)
    return adj.as_dict(np.diff(adj.undirected.indptr).astype(int))


def weighted_degree(graph) -> dict:
    """Sum of the weights of the edges at a node, in and out (its strength).

    Examples
    --------
    >>> weighted_degree(nx.DiGraph([("a", "b", {"weight": 2.5}), ("c", "b", {"weight": 1})]))
    {'a': 2.5, 'b': 3.5, 'c': 1.0}
    """
    adj = adjacency(graph)
    strength = adj.matrix.sum(axis=1) + adj.matrix.sum(axis=0)
    if not adj.directed:
        strength = strength / 2
    return adj.as_dict(strength)


def pagerank(graph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 1000) -> dict:
    """PageRank by power iteration on the weighted, directed matrix (scipy).

    Same definition as :func:`networkx.pagerank`: uniform teleport, and a
    dangling node's rank spread uniformly.

    Examples
    --------
    >>> ranks = pagerank(nx.DiGraph([(1, 2), (2, 3), (3, 1)]))
    >>> [round(ranks[node], 6) for node in (1, 2, 3)]
    [0.333333, 0.333333, 0.333333]
    """
    adj = adjacency(graph)
    n = adj.n
    if n == 0:
        return {}
    out = np.asarray(adj.matrix.sum(axis=1)).ravel()
    scale = np.divide(1.0, out, out=np.zeros(n), where=out != 0)
    transition = (sp.diags_array(scale) @ adj.matrix).T.tocsr()
    dangling = out == 0
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = rank
        rank = alpha * (transition @ rank + rank[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(rank - previous).sum() < n * tol:
            break
    else:
        raise nx.PowerIterationFailedConvergence(max_iter)
    return adj.as_dict(rank / rank.sum())


def sampling_error(n: int, samples: int, delta: float = 0.05) -> float:
    """Bound on the error of a sampled normalized betweenness or harmonic closeness.

    With ``samples`` sources drawn without replacement, every node's estimate
    is within the returned value of the exact one with probability at least
    ``1 - delta``: each sampled source contributes a term in ``[0, n/(n-1)]``,
    so Hoeffding's inequality and a union bound over the ``n`` nodes give
    ``n/(n-1) * sqrt(ln(2n/delta) / (2 * samples))``.

    Examples
    --------
    >>> round(sampling_error(330_000, 200), 3)
    0.202
    """
    if samples >= n:
        return 0.0
    return n / (n - 1) * math.sqrt(math.log(2 * n / delta) / (2 * samples))


def _sources(n: int, exact_limit: int, samples: int, seed: int) -> np.ndarray | None:
    """None for exact; else the sampled source indices."""
    if n <= exact_limit or samples >= n:
        return None
    return np.sort(np.random.default_rng(seed).choice(n, size=samples, replace=False))


def betweenness(graph, *, exact_limit: int = EXACT_LIMIT, samples: int = SAMPLES, seed: int = 0,
                engine: str = "auto") -> dict:
    """Normalized shortest-path betweenness on the undirected view.

    Same values as :func:`networkx.betweenness_centrality` (``normalized=True``)
    on the undirected graph: the share of shortest paths between other pairs
    that pass through the node. Exact up to ``exact_limit`` nodes, else
    estimated from ``samples`` random sources (see :func:`sampling_error`).

    Examples
    --------
    >>> values = betweenness(nx.path_graph(4))
    >>> [round(values[node], 4) for node in range(4)]
    [0.0, 0.6667, 0.6667, 0.0]
    """
    adj = adjacency(graph)
    n = adj.n
    if n < 3:
        return adj.as_dict(np.zeros(n))
    sources = _sources(n, exact_limit, samples, seed)
    if _engine(engine) == "igraph":
        g = adj.igraph()
        if sources is None:
            raw = np.asarray(g.betweenness(directed=False), dtype=float)  # unordered pairs
            values = raw * 2 / ((n - 1) * (n - 2))
        else:
            arcs = adj.igraph(arcs=True)  # ordered pairs (s, t) for every sampled s
            raw = np.asarray(arcs.betweenness(directed=True, sources=sources.tolist(), targets=None), dtype=float)
            values = raw * n / len(sources) / ((n - 1) * (n - 2))
        return adj.as_dict(values)
    undirected = nx.from_scipy_sparse_array(adj.undirected)
    k = None if sources is None else len(sources)
    values = nx.betweenness_centrality(undirected, k=k, seed=seed, normalized=True)
    return adj.as_dict(np.array([values[i] for i in range(n)]))


def harmonic(graph, *, exact_limit: int = EXACT_LIMIT, samples: int = SAMPLES, seed: int = 0,
             engine: str = "auto") -> dict:
    """Harmonic closeness on the undirected view, normalized to [0, 1].

    ``sum(1 / d(u, v) for u != v) / (n - 1)``, unreachable nodes adding 0, so
    it is defined on disconnected graphs: :func:`networkx.harmonic_centrality`
    divided by ``n - 1``. Exact up to ``exact_limit`` nodes, else estimated
    from ``samples`` random sources (see :func:`sampling_error`).

    Examples
    --------
    >>> harmonic(nx.star_graph(4))
    {0: 1.0, 1: 0.625, 2: 0.625, 3: 0.625, 4: 0.625}
    """
    adj = adjacency(graph)
    n = adj.n
    if n < 2:
        return adj.as_dict(np.zeros(n))
    sources = _sources(n, exact_limit, samples, seed)
    if sources is None and _engine(engine) == "igraph":
        return adj.as_dict(np.asarray(adj.igraph().harmonic_centrality(normalized=True), dtype=float))
    chosen = np.arange(n) if sources is None else sources
    total = np.zeros(n)
    for start in range(0, len(chosen), 32):
        chunk = chosen[start:start + 32]
        if _engine(engine) == "igraph":
            distances = np.asarray(adj.igraph().distances(source=chunk.tolist()), dtype=float)
        else:
            distances = csgraph.shortest_path(adj.undirected, unweighted=True, directed=False, indices=chunk)
        with np.errstate(divide="ignore"):
            inverse = 1.0 / distances
        inverse[~np.isfinite(inverse)] = 0.0
        total += inverse.sum(axis=0)
    scale = 1.0 if sources is None else n / len(sources)
    return adj.as_dict(total * scale / (n - 1))


def eigenvector(graph) -> dict:
    """Eigenvector centrality on the undirected view, with unit Euclidean norm.

    The leading eigenvector of the 0/1 adjacency matrix, as
    :func:`networkx.eigenvector_centrality_numpy` gives it on a connected
    graph. On a disconnected graph it is the leading eigenvector of the
    whole matrix: nodes outside the component with the largest eigenvalue
    score 0.

    Examples
    --------
    >>> values = eigenvector(nx.star_graph(4))
    >>> round(values[0], 6), round(values[1], 6)
    (0.707107, 0.353553)
    """
    adj = adjacency(graph)
    n = adj.n
    if n == 0 or adj.undirected.nnz == 0:
        return adj.as_dict(np.zeros(n))
    if n <= _DENSE_LIMIT:
        _, vectors = np.linalg.eigh(adj.undirected.toarray())
        vector = vectors[:, -1]
    else:
        _, vectors = eigsh(adj.undirected.astype(float), k=1, which="LA", tol=1e-10)
        vector = vectors[:, 0]
    vector = vector * np.sign(vector.sum())
    vector[vector < 1e-12] = 0.0
    return adj.as_dict(vector / np.linalg.norm(vector))


def hits(graph) -> tuple[dict, dict]:
    """HITS hub and authority scores on the weighted, directed matrix, each summing to 1.

    The leading singular vectors of the adjacency matrix, as
    :func:`networkx.hits` computes them: a good hub points to good
    authorities. On an undirected, unweighted graph hubs and authorities
    coincide with the eigenvector centrality scaled to sum 1 (and are
    computed that way).

    Examples
    --------
    >>> hubs, authorities = hits(nx.DiGraph([("a", "c"), ("b", "c")]))
    >>> hubs, authorities
    ({'a': 0.5, 'c': 0.0, 'b': 0.5}, {'a': 0.0, 'c': 1.0, 'b': 0.0})
    """
    adj = adjacency(graph)
    n = adj.n
    if n == 0 or adj.matrix.nnz == 0:
        zeros = adj.as_dict(np.zeros(n))
        return zeros, dict(zeros)
    if not adj.directed and np.all(adj.matrix.data == 1.0):
        # symmetric 0/1 matrix: both singular vectors are the leading eigenvector
        vector = np.array(list(eigenvector(graph).values()))
        scores = adj.as_dict(vector / vector.sum())
        return scores, dict(scores)
    if n <= _DENSE_LIMIT:
        u, _, vt = np.linalg.svd(adj.matrix.toarray())
        hub, authority = u[:, 0], vt[0]
    else:
        u, _, vt = svds(adj.matrix.astype(float), k=1, tol=1e-10)
        hub, authority = u[:, 0], vt[0]
    hub, authority = np.abs(hub), np.abs(authority)
    hub[hub < 1e-12] = 0.0
    authority[authority < 1e-12] = 0.0
    return adj.as_dict(hub / hub.sum()), adj.as_dict(authority / authority.sum())


def core_number(graph, *, engine: str = "auto") -> dict:
    """k-core number on the undirected view: the largest k with the node in the k-core.

    Examples
    --------
    >>> core_number(nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4)]))
    {1: 2, 2: 2, 3: 2, 4: 1}
    """
    adj = adjacency(graph)
    if adj.n == 0:
        return {}
    if _engine(engine) == "igraph":
        return adj.as_dict(np.asarray(adj.igraph().coreness(), dtype=int))
    cores = nx.core_number(nx.from_scipy_sparse_array(adj.undirected))
    return adj.as_dict(np.array([cores[i] for i in range(adj.n)], dtype=int))
