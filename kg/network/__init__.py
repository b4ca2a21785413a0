"""Network metrics over graph projections: hubs and brokers of an innovation ecosystem.

A network is a saved SPARQL edge query in ``queries/networks/``
(:mod:`kg.network.projection`); its metrics (:mod:`kg.network.metrics`,
:mod:`kg.network.brokerage`, :mod:`kg.network.hubscore`) are gathered in a
report (:mod:`kg.network.report`) and written back into the graph with
provenance (:mod:`kg.network.writeback`); views and pages read them through
:mod:`kg.network.current` (the stored run when fresh, else computed).

Examples
--------
>>> from kg.build import build_memory
>>> report = compute_metrics(project(build_memory(), "tech-transfer"))
>>> [row["label_en"] for row in report.top(2)]
['Li Yuyang', 'Huanshangda Science Park']
"""

from kg.network.brokerage import ROLES, brokerage, dominant_role
from kg.network.hubscore import HUB_COMPONENTS, hub_scores
from kg.network.metrics import (
    adjacency,
    betweenness,
    core_number,
    degree,
    eigenvector,
    harmonic,
    hits,
    pagerank,
    sampling_error,
    weighted_degree,
)
from kg.network.projection import Network, find_network, fingerprint, list_networks, project
from kg.network.report import MetricsReport, compute_metrics
from kg.network.writeback import metrics_graph, read_metrics, staleness, stored_runs, write_metrics
from kg.network.current import CurrentMetrics, current_hub_scores, current_metrics

__all__ = [
    "ROLES", "brokerage", "dominant_role", "HUB_COMPONENTS", "hub_scores", "adjacency", "betweenness",
    "core_number", "degree", "eigenvector", "harmonic", "hits", "pagerank", "sampling_error", "weighted_degree",
    "Network", "find_network", "fingerprint", "list_networks", "project", "MetricsReport", "compute_metrics",
    "metrics_graph", "read_metrics", "staleness", "stored_runs", "write_metrics",
    "CurrentMetrics", "current_hub_scores", "current_metrics",
]
