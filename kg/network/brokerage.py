"""Gould–Fernandez brokerage roles across the ecosystem's elements.

A node ``b`` brokers when it sits on a two-step path ``a → b → c`` whose ends
are not tied directly (``a → c`` absent, ``a != c``). The path's role
depends on the groups of the three nodes; here the groups are the
ecosystem elements (talent, actor, environment, and ``other`` for places):

============== ===================================== ==========================
role           groups                                example
============== ===================================== ==========================
coordinator    a, b, c all in one group              actor → actor → actor
itinerant      a and c alike, b from another group   actor → talent → actor
representative b like a, c in another group          talent → talent → actor
gatekeeper     b like c, a in another group          actor → talent → talent
liaison        all three in different groups         actor → talent → environment
============== ===================================== ==========================

Counts are exact and vectorized with scipy sparse products (in row chunks,
so memory stays bounded on hubs). On an undirected network each path is
counted in both directions, so representative and gatekeeper counts equal
each other there.

Reference: R. V. Gould and R. M. Fernandez, "Structures of mediation: a
formal approach to brokerage in transaction networks", Sociological
Methodology 19 (1989) 89–126.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from kg.network.metrics import adjacency

__all__ = ["ROLES", "brokerage", "dominant_role"]

#: The five roles, in the order of the columns :func:`brokerage` returns.
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
_CHUNK_ENTRIES = 20_000_000


def brokerage(graph, group: str = "element") -> dict:
    """Count each node's brokerage paths per Gould–Fernandez role.

    Parameters
    ----------
    graph : networkx.Graph or networkx.DiGraph
    group : str, optional
        The node attribute that gives its group (nodes without it form one
        group of their own).

    Returns
    -------
    dict
        node -> dict of role -> int (every role of :data:`ROLES`).

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph([("uni", "park"), ("park", "manager"), ("manager", "firm")])
    >>> nx.set_node_attributes(graph, {"uni": "actor", "park": "environment", "manager": "talent",
    ...                                "firm": "actor"}, "element")
    >>> brokerage(graph)["park"]
    {'coordinator': 0, 'itinerant': 0, 'representative': 0, 'gatekeeper': 0, 'liaison': 1}
    >>> brokerage(graph)["manager"]["liaison"]
    1
    """
    adj = adjacency(graph)
    n = adj.n
    if n == 0:
        return {}
    arcs = adj.matrix.copy()
    arcs.data[:] = 1.0
    labels = [graph.nodes[node].get(group) for node in adj.nodes]
    names = sorted({str(label) for label in labels})
    codes = np.array([names.index(str(label)) for label in labels])
    k = len(names)
    onehot = sp.csr_array((np.ones(n), (np.arange(n), codes)), shape=(n, k))
    arcs_in = arcs.T.tocsr()  # arcs_in[b, a] = 1 when a → b
    into = (arcs_in @ onehot).toarray()  # into[b, x]: predecessors of b in group x
    out = (arcs @ onehot).toarray()  # out[b, z]: successors of b in group z
    paths = into[:, :, None] * out[:, None, :]  # paths[b, x, z], a == c included
    mutual = (arcs.multiply(arcs_in) @ onehot).toarray()  # a → b → a
    paths[:, np.arange(k), np.arange(k)] -= mutual
    paths -= _closed(arcs, arcs_in, onehot, codes)
    roles = np.zeros((n, len(ROLES)), dtype=np.int64)
    for x in range(k):
        for z in range(k):
            counts = np.rint(paths[:, x, z]).astype(np.int64)
            same_a, same_c, ends_alike = codes == x, codes == z, x == z
            role = np.where(same_a & same_c, 0,
                   np.where(ends_alike, 1, np.where(same_a, 2, np.where(same_c, 3, 4))))
            np.add.at(roles, (np.arange(n), role), counts)
    return {node: dict(zip(ROLES, map(int, roles[i]))) for i, node in enumerate(adj.nodes)}


def _closed(arcs, arcs_in, onehot, codes) -> np.ndarray:
    """closed[b, x, z]: paths a → b → c with a → c too, a in group x, c in group z."""
    n, k = onehot.shape
    closed = np.zeros((n, k, k))
    in_degree = np.asarray(arcs_in.sum(axis=1)).ravel()
    work = arcs @ in_degree  # entries of (arcs @ arcs.T) per row, an upper bound
    start = 0
    while start < n:
        stop, budget = start, 0.0
        while stop < n and (budget + work[stop] <= _CHUNK_ENTRIES or stop == start):
            budget += work[stop]
            stop += 1
        rows = arcs[start:stop]
        mask = arcs_in[start:stop]  # (b, a) with a → b
        for z in range(k):
            to_z = rows @ sp.diags_array((codes == z).astype(float))
            common = (to_z @ arcs.T).multiply(mask)  # (b, a): |succ_z(b) ∩ succ(a)|
            closed[start:stop, :, z] = (common @ onehot).toarray()
        start = stop
    return closed


def dominant_role(counts: dict) -> str:
    """Return the role with the most paths (``none`` when there are none).

    Ties go to the role that spans more groups: liaison, gatekeeper,
    representative, itinerant, coordinator.

    Examples
    --------
    >>> dominant_role({"coordinator": 2, "itinerant": 0, "representative": 2, "gatekeeper": 0, "liaison": 0})
    'representative'
    >>> dominant_role(dict.fromkeys(ROLES, 0))
    'none'
    """
    best = max(reversed(ROLES), key=lambda role: counts.get(role, 0))
    return best if counts.get(best, 0) > 0 else "none"
