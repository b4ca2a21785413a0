"""Write a network projection as GraphML or GEXF, for Gephi and Cytoscape, with its metrics on the nodes.

The projection is :func:`kg.network.projection.project`; the metrics are
:func:`kg.network.report.compute_metrics` (hub score, rank, degree,
PageRank, betweenness …), one node attribute per key of
:data:`kg.network.registry.METRICS`. Labels go in ``label`` (Chinese, else English),
``label_zh`` and ``label_en``; an edge's relations and times are joined
with ``; `` because both formats hold only plain values.
"""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from kg.errors import InnokgError
from kg.store import GraphStore

__all__ = ["NETWORK_FORMATS", "network_with_metrics", "write_network"]

#: The network file formats, by name.
NETWORK_FORMATS = ("graphml", "gexf")


def network_with_metrics(store: GraphStore, network: str, params: dict[str, str] | None = None,
                         *, metrics: bool = True) -> nx.Graph:
    """Project ``network`` and put its metrics and labels on the nodes, as plain values.

    Parameters
    ----------
    store : GraphStore
    network : str
        A network name (``actors``, ``funding`` …) or a ``.rq`` edge query.
    params : dict of str to str, optional
        Parameters of the edge query.
    metrics : bool, optional
        Whether to compute the metrics (they are the slow part).

    Returns
    -------
    networkx.DiGraph or networkx.Graph

    Examples
    --------
    >>> from kg.build import build_memory
    >>> graph = network_with_metrics(build_memory(), "tech-transfer")
    >>> node = graph.nodes["https://w3id.org/innokg/id/person/li-yuyang"]
    >>> node["label"], node["element"], node["rank"] >= 1
    ('李宇阳', 'talent', True)
    """
    from kg.network.projection import project
    from kg.network.registry import METRICS

    graph = project(store, network, params)
    rows = {}
    if metrics and graph.number_of_nodes():
        from kg.network.report import compute_metrics

        rows = {row["node"]: row for row in compute_metrics(graph).rows}
    plain = nx.DiGraph() if graph.is_directed() else nx.Graph()
    plain.graph.update({key: _plain(value) for key, value in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        attributes = {key: _plain(value) for key, value in data.items()}
        attributes["label"] = data.get("label_zh") or data.get("label_en") or node
        row = rows.get(node)
        if row is not None:
            attributes.update({key: _plain(row[key]) for key in METRICS})
        plain.add_node(node, **attributes)
    for source, target, data in graph.edges(data=True):
        plain.add_edge(source, target, **{key: _plain(value) for key, value in data.items()})
    return plain


def write_network(store: GraphStore, network: str, path: str | os.PathLike, format: str | None = None,
                  params: dict[str, str] | None = None, *, metrics: bool = True) -> nx.Graph:
    """Write the projection of ``network`` with its metrics to ``path`` as GraphML or GEXF.

    Parameters
    ----------
    store : GraphStore
    network : str
    path : str or os.PathLike
    format : {'graphml', 'gexf'}, optional
        Taken from the suffix when omitted.
    params : dict of str to str, optional
    metrics : bool, optional

    Returns
    -------
    networkx.Graph
        What was written.

    Examples
    --------
    >>> import tempfile
    >>> from kg.build import build_memory
    >>> path = Path(tempfile.mkdtemp()) / "transfer.gexf"
    >>> written = write_network(build_memory(), "tech-transfer", path)
    >>> read = nx.read_gexf(path)
    >>> sorted(read.nodes) == sorted(written.nodes), "hub_score" in read.nodes["https://w3id.org/innokg/id/person/li-yuyang"]
    (True, True)
    """
    path = Path(path)
    format = (format or path.suffix.lstrip(".")).lower()
    if format not in NETWORK_FORMATS:
        raise InnokgError(f"unknown network format {format!r}; known formats: {', '.join(NETWORK_FORMATS)}")
    graph = network_with_metrics(store, network, params, metrics=metrics)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if format == "graphml":
            nx.write_graphml(graph, partial)
        else:
            nx.write_gexf(graph, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return graph


def _plain(value):
    """A value both formats can hold: tuples joined, None as empty text.

    >>> _plain(("funds", "advises")), _plain(None), _plain(2)
    ('funds; advises', '', 2)
    """
    if value is None:
        return ""
    if isinstance(value, (tuple, list, set, frozenset)):
        return "; ".join(str(item) for item in value)
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
