"""The metrics a reader should use now: the stored run when it is fresh, else computed on the spot.

Views and pages size and rank nodes by hub score (:mod:`kg.network.hubscore`)
and show every measure of :mod:`kg.network.report`. :func:`current_metrics`
is the one place they get them from: it projects the network, and when a
run written by ``innokg metrics --write`` (:mod:`kg.network.writeback`) has
the same fingerprint, it reads the stored values (cheap on a big graph);
otherwise it computes them, and keeps the last few computed reports in
memory by fingerprint, so a page asked twice over the same data computes
once. Either way the rows hold the same numbers.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from kg.network.projection import Network, find_network, fingerprint, project
from kg.network.registry import METRICS
from kg.network.report import compute_metrics
from kg.network.writeback import read_metrics, stored_runs
from kg.store import GraphStore

__all__ = ["CurrentMetrics", "current_metrics", "current_hub_scores"]

_CACHE_SIZE = 8
_COMPUTED: OrderedDict[str, list[dict]] = OrderedDict()


@dataclass(frozen=True)
class CurrentMetrics:
    """A network's metrics as they stand for the data now.

    Attributes
    ----------
    network : Network
    rows : list of dict
        One per node, ranked by hub score; the keys of :data:`kg.network.report.COLUMNS`.
    origin : str
        ``stored`` (read from the fresh metrics graph) or ``computed`` (now, in this process).
    status : str
        What the store holds for the network: ``fresh``, ``stale`` or ``not written``.
    computed : str
        When the stored run ended (ISO 8601), or ``""`` when computed now.
    node_count, edge_count : int
        The size of the projection.
    """

    network: Network
    rows: list[dict]
    origin: str
    status: str
    computed: str
    node_count: int
    edge_count: int

    def scores(self) -> dict[str, float]:
        """Node -> hub score."""
        return {row["node"]: row["hub_score"] for row in self.rows}


def current_metrics(store: GraphStore, network: Network | str) -> CurrentMetrics:
    """Return the metrics of ``network`` for the data in ``store`` now.

    Parameters
    ----------
    store : GraphStore
    network : Network or str
        A network or its name (``actors``, ``tech-transfer`` …).

    Returns
    -------
    CurrentMetrics
        Read from the stored run when its fingerprint matches the network as
        projected now, else computed with the defaults of
        :func:`kg.network.report.compute_metrics`.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.network.writeback import write_metrics
    >>> store = build_memory()
    >>> now = current_metrics(store, "funding")
    >>> now.origin, now.status, [row["label_en"][:7] for row in now.rows]
    ('computed', 'not written', ['Panxin ', 'Yangtze'])
    >>> _ = write_metrics(store, compute_metrics(project(store, "funding")))
    >>> stored = current_metrics(store, "funding")
    >>> stored.origin, stored.status, stored.rows == now.rows
    ('stored', 'fresh', True)
    """
    if isinstance(network, str):
        network = find_network(network)
    graph = project(store, network)
    current = fingerprint(graph, network.query.text)
    run = stored_runs(store).get(network.name)
    status = "not written" if run is None else "fresh" if run.fingerprint == current else "stale"
    size = dict(node_count=graph.number_of_nodes(), edge_count=graph.number_of_edges())
    if status == "fresh":
        rows = []
        for stored in read_metrics(store, network.name):
            data = graph.nodes[stored["node"]] if stored["node"] in graph else {}
            rows.append({"rank": stored["rank"], "node": stored["node"], "label_zh": data.get("label_zh", ""),
                         "label_en": data.get("label_en", ""), "element": data.get("element", "other"),
                         **{key: stored[key] for key in METRICS if key != "rank"}})
        if len(rows) == graph.number_of_nodes():
            return CurrentMetrics(network, rows, "stored", status, run.ended, **size)
    rows = _COMPUTED.get(current)
    if rows is None:
        rows = compute_metrics(graph, definition=network.query.text).rows
        _COMPUTED[current] = rows
        while len(_COMPUTED) > _CACHE_SIZE:
            _COMPUTED.popitem(last=False)
    else:
        _COMPUTED.move_to_end(current)
    return CurrentMetrics(network, [dict(row) for row in rows], "computed", status, "", **size)


def current_hub_scores(store: GraphStore, network: Network | str = "actors") -> dict[str, float]:
    """Return node -> hub score of ``network`` (``actors`` by default) for the data now.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> scores = current_hub_scores(build_memory())
    >>> max(scores, key=scores.get)
    'https://w3id.org/innokg/id/person/li-yuyang'
    """
    return current_metrics(store, network).scores()
