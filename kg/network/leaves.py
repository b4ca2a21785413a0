"""Degree-one folding for betweenness: a leaf's shortest paths are its neighbour's, one step longer.

A leaf ``s`` (one neighbour ``v``, which has others) reaches every other
node of its component through ``v``, by ``v``'s shortest paths. So its
dependencies (Brandes' ``δ_s``, summed over its targets) are ``v``'s, plus
``|C| - 2`` on ``v`` itself (every target but ``s`` and ``v``), ``C`` being
their component (Baglioni, Geraci, Pellegrini & Lastres, "Fast exact
computation of betweenness centrality in social networks", ASONAM 2012).
Betweenness over every source is then the dependencies of the nodes that
are not leaves, each weighted by one plus its leaves, and a term known
exactly: ``|C| - 2`` on a node for each of its leaves.

:func:`kg.network.adaptive.hub_betweenness` uses it twice. Exact betweenness
runs one search from each node that is not a leaf: the generated 10M store's
actors network has 185,886 leaves among 358,153 nodes, so exact costs 172,267
searches, not 358,153 (the 1M one's: 16 s instead of 66 s). Sampling still
draws sources uniformly, but a drawn leaf runs its neighbour's search (once a
round, however many of its leaves were drawn) and the leaves' term is added
exactly, not sampled (the top hubs of the generated stores have no leaves of
their own, so their sampling error is the same as before).

Examples
--------
A path 0-1-2-3: the leaves 0 and 3 stand for 1 and 2, each of which gets
2 (the pairs from its leaf to the two nodes beyond):

>>> import networkx as nx
>>> leaves = fold_leaves(sp.csr_array(nx.to_scipy_sparse_array(nx.path_graph(4))))
>>> leaves.parent.tolist(), leaves.sums.tolist(), leaves.distinct
([1, 1, 2, 2], [0.0, 2.0, 2.0, 0.0], 2)
>>> weighted(leaves.parent, np.array([0, 1, 3]))
[(1, [2]), (2, [1])]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

__all__ = ["Leaves", "fold_leaves", "weighted"]


@dataclass(frozen=True)
class Leaves:
    """How the leaves of an undirected graph fold into their neighbours.

    Attributes
    ----------
    parent : numpy.ndarray
        The node whose search stands for each node's: a leaf's neighbour, else the node itself.
    sums : numpy.ndarray
        What the leaves add to each node exactly, as ordered-pair sums of dependencies.
    distinct : int
        The nodes that are not leaves: the searches exact betweenness runs.
    """

    parent: np.ndarray
    sums: np.ndarray
    distinct: int


def fold_leaves(undirected: sp.csr_array) -> Leaves:
    """The leaves of a 0/1 symmetric matrix with no self-loops, folded into their neighbours.

    Two nodes joined to each other only are not leaves of each other (the
    rule needs a neighbour with other neighbours), so each stays its own source.

    >>> import networkx as nx
    >>> star = fold_leaves(sp.csr_array(nx.to_scipy_sparse_array(nx.star_graph(3))))
    >>> star.parent.tolist(), star.sums.tolist(), star.distinct
    ([0, 0, 0, 0], [6.0, 0.0, 0.0, 0.0], 1)
    >>> fold_leaves(sp.csr_array(nx.to_scipy_sparse_array(nx.Graph([(0, 1)])))).parent.tolist()
    [0, 1]
    """
    undirected = sp.csr_array(undirected)
    n = undirected.shape[0]
    degree = np.diff(undirected.indptr)
    neighbour = np.zeros(n, dtype=np.int64)  # a node's first neighbour: its only one when it is a leaf
    joined = degree > 0
    neighbour[joined] = undirected.indices[undirected.indptr[:-1][joined]]
    leaf = (degree == 1) & (degree[neighbour] > 1)
    parent = np.arange(n)
    parent[leaf] = neighbour[leaf]
    _, component = connected_components(undirected, directed=False)
    size = np.bincount(component)
    sums = np.bincount(parent[leaf], weights=size[component[leaf]] - 2, minlength=n).astype(float)
    return Leaves(parent, sums, int(n - leaf.sum()))


def weighted(parent: np.ndarray, sources: np.ndarray) -> list[tuple[int, list[int]]]:
    """The searches that stand for ``sources``: ``(weight, nodes)``, each node searched once, by weight."""
    nodes, counts = np.unique(parent[sources], return_counts=True)
    return [(int(count), nodes[counts == count].tolist()) for count in np.unique(counts)]
