"""Network metrics over graph projections: hubs and brokers of an innovation ecosystem.

A network is a saved SPARQL edge query in ``queries/networks/``
(:mod:`kg.network.projection`); its metrics (:mod:`kg.network.metrics`,
:mod:`kg.network.brokerage`, :mod:`kg.network.hubscore`) are gathered in a
report (:mod:`kg.network.report`) and written back into the graph with
provenance (:mod:`kg.network.writeback`); views and pages read them through
:mod:`kg.network.current` (the stored run when fresh, else computed).

Importing the package costs nothing: each name is imported from its module
when first used, so a command that does not compute metrics never imports
networkx or scipy.

Examples
--------
>>> from kg.build import build_memory
>>> from kg.network import compute_metrics, project
>>> report = compute_metrics(project(build_memory(), "tech-transfer"))
>>> [row["label_en"] for row in report.top(2)]
['Li Yuyang', 'Huanshangda Science Park']
"""

from kg.lazy_exports import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(__name__, globals(), {
    "kg.network.brokerage": ("ROLES", "brokerage", "dominant_role"),
    "kg.network.hubscore": ("HUB_COMPONENTS", "hub_scores"),
    "kg.network.metrics": ("adjacency", "betweenness", "core_number", "degree", "eigenvector", "harmonic", "hits",
                           "pagerank", "sampling_error", "weighted_degree"),
    "kg.network.projection": ("Network", "find_network", "fingerprint", "list_networks", "project"),
    "kg.network.report": ("MetricsReport", "compute_metrics"),
    "kg.network.writeback": ("metrics_graph", "read_metrics", "staleness", "stored_runs", "write_metrics"),
    "kg.network.current": ("CurrentMetrics", "current_hub_scores", "current_metrics"),
})
