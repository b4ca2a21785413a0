"""The hub score: one number that combines the classic centralities.

    hub score = (degree / max degree + betweenness / max betweenness
                 + harmonic / max harmonic + eigenvector / max eigenvector) / 4

Each measure is divided by its largest value in the network, so each counts
from 0 to 1 and the score lies in [0, 1]; a node that is the most
connected, the most between, the closest and the best connected to other
well-connected nodes scores 1. The four are Freeman's three centralities
(degree, betweenness, closeness, in its harmonic form that works on
disconnected networks) and Bonacich's eigenvector centrality, all on the
undirected view, so the score does not depend on which way a network's
edges are drawn. A measure that is 0 everywhere counts 0.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["HUB_COMPONENTS", "hub_scores", "ranks"]

#: The measures the hub score averages, by their column names.
HUB_COMPONENTS = ("degree", "betweenness", "harmonic", "eigenvector")


def hub_scores(measures: Mapping[str, Mapping]) -> dict:
    """Combine the measures of :data:`HUB_COMPONENTS` into the hub score.

    Parameters
    ----------
    measures : mapping of str to mapping of node to float
        At least the four components, each node -> value.

    Returns
    -------
    dict
        node -> hub score in [0, 1].

    Examples
    --------
    >>> measures = {"degree": {"a": 2, "b": 1}, "betweenness": {"a": 1.0, "b": 0.0},
    ...             "harmonic": {"a": 1.0, "b": 0.5}, "eigenvector": {"a": 0.8, "b": 0.4}}
    >>> hub_scores(measures)
    {'a': 1.0, 'b': 0.375}
    """
    nodes = list(measures[HUB_COMPONENTS[0]])
    total = np.zeros(len(nodes))
    for name in HUB_COMPONENTS:
        values = np.array([float(measures[name][node]) for node in nodes])
        top = values.max() if len(values) else 0.0
        if top > 0:
            total += values / top
    return {node: float(score) for node, score in zip(nodes, total / len(HUB_COMPONENTS))}


def ranks(scores: Mapping, tie_break: Mapping | None = None) -> dict:
    """Rank nodes by score, highest first (1, 2, ...); ties broken by ``tie_break`` then by node.

    Examples
    --------
    >>> ranks({"a": 0.5, "b": 0.9, "c": 0.5})
    {'b': 1, 'a': 2, 'c': 3}
    """
    tie_break = tie_break or {}
    order = sorted(scores, key=lambda node: (-scores[node], -tie_break.get(node, 0), str(node)))
    return {node: position for position, node in enumerate(order, start=1)}
