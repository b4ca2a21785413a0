"""Compute every metric of a projection into one report, and write it as a table, CSV or JSON.

:func:`compute_metrics` runs the measures of :mod:`kg.network.metrics`,
the brokerage roles of :mod:`kg.network.brokerage` and the hub score of
:mod:`kg.network.hubscore`, and records the algorithms, parameters, timing,
sampling error bound and data fingerprint that the write-back stores as
provenance.
"""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import networkx as nx

from kg.network import metrics as measures
from kg.network.adaptive import hub_betweenness
from kg.network.brokerage import ROLES, brokerage, dominant_role
from kg.network.hubscore import HUB_COMPONENTS, hub_scores, ranks
from kg.network.progress import step
from kg.network.projection import fingerprint, short_name
from kg.network.registry import METRICS, REPORT_TABLE
from kg.results import text_table

__all__ = ["COLUMNS", "MetricsReport", "compute_metrics"]

#: The columns of a report row, in output order: rank, the node, then the metrics of :data:`kg.network.registry.METRICS`.
COLUMNS = ("rank", "node", "label_zh", "label_en", "element", *(key for key in METRICS if key != "rank"))
_TABLE_COLUMNS = ("rank", "node", "label_zh", "element", *REPORT_TABLE[1:])


@dataclass
class MetricsReport:
    """Every metric of one network, one row per node, ranked by hub score.

    Attributes
    ----------
    network : str
    directed : bool
    node_count, edge_count : int
    rows : list of dict
        Keys are :data:`COLUMNS`; sorted by ``rank``.
    parameters : dict
        What the algorithms were run with (alpha, exact_limit, samples, seed, engine, delta).
    algorithms : dict of str to str
        Measure -> how it was computed.
    error_bound : float or None
        The sampling error bound of betweenness and harmonic closeness, or None when exact.
    fingerprint : str
        Of the projection, see :func:`kg.network.projection.fingerprint`.
    started, ended : datetime.datetime
    """

    network: str
    directed: bool
    node_count: int
    edge_count: int
    rows: list[dict]
    parameters: dict
    algorithms: dict
    error_bound: float | None
    fingerprint: str
    started: datetime
    ended: datetime
    timings: dict = field(default_factory=dict)

    def top(self, count: int | None) -> list[dict]:
        """The first ``count`` rows (all when None)."""
        return self.rows if count is None else self.rows[:count]

    def summary(self) -> str:
        """One line: the network, its size, and whether betweenness is exact or its error bound."""
        kind = "directed" if self.directed else "undirected"
        if "betweenness_run" in self.parameters:  # hub betweenness within a time budget
            harmonic = self.algorithms["harmonic"].split(", ")[-1]
            accuracy = f"betweenness {self.parameters['betweenness_run']}; harmonic closeness {harmonic}"
        elif self.error_bound is None:
            accuracy = "betweenness and harmonic closeness exact"
        else:
            accuracy = (f"betweenness and harmonic closeness sampled from {self.parameters['samples']} sources: "
                        f"every value within ±{self.error_bound:.4f} with probability "
                        f"{1 - self.parameters['delta']:.0%}")
        return (f"network {self.network} ({kind}): {self.node_count} nodes, {self.edge_count} edges; "
                f"{accuracy}; {(self.ended - self.started).total_seconds():.2f} s")

    def table(self, count: int | None = None) -> str:
        """An aligned table of the top rows followed by :meth:`summary`."""
        rows = [[_cell(name, row[name]) for name in _TABLE_COLUMNS] for row in self.top(count)]
        return text_table(_TABLE_COLUMNS, rows) + "\n" + self.summary()

    def csv(self, count: int | None = None) -> str:
        """CSV with a header row of :data:`COLUMNS`; node IRIs in full."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in self.top(count):
            writer.writerow([_plain(row[name]) for name in COLUMNS])
        return buffer.getvalue()

    def json(self, count: int | None = None) -> str:
        """JSON: the network, its size, parameters, algorithms, error bound, fingerprint and rows."""
        document = {
            "network": self.network, "directed": self.directed, "nodes": self.node_count,
            "edges": self.edge_count, "parameters": self.parameters, "algorithms": self.algorithms,
            "error_bound": self.error_bound, "fingerprint": self.fingerprint,
            "started": self.started.isoformat(), "ended": self.ended.isoformat(),
            "rows": self.top(count),
        }
        return json.dumps(document, ensure_ascii=False, indent=1)


def compute_metrics(
    graph: nx.Graph,
    *,
    alpha: float = 0.85,
    exact_limit: int = measures.EXACT_LIMIT,
    samples: int = measures.SAMPLES,
    seed: int = 0,
    engine: str = "auto",
    delta: float = 0.05,
    definition: str | None = None,
    budget: float | None = None,
    top_k: int = 10,
    progress=None,
) -> MetricsReport:
    """Compute every metric of a projection.

    Parameters
    ----------
    graph : networkx.Graph or networkx.DiGraph
        A projection (see :func:`kg.network.projection.project`); nodes may
        carry ``label_zh``, ``label_en`` and ``element``.
    alpha : float, optional
        PageRank's damping factor.
    exact_limit, samples, seed : int, optional
        Betweenness and harmonic closeness are exact up to ``exact_limit``
        nodes, else sampled from ``samples`` sources drawn with ``seed``.
    engine : {'auto', 'igraph', 'networkx'}, optional
    delta : float, optional
        The error bound holds with probability ``1 - delta``.
    definition : str, optional
        The network's query text, folded into the fingerprint (by default
        ``graph.graph["definition"]``, which :func:`~kg.network.projection.project` sets).
    budget : float, optional
        Seconds exact betweenness may take: within them it is exact, else
        sampled until the ``top_k`` order is stable
        (:func:`kg.network.adaptive.hub_betweenness`); by default it follows
        ``exact_limit`` and ``samples`` as harmonic closeness does.
    top_k : int, optional
        The top whose order adaptive sampling makes stable (default 10).
    progress : callable, optional
        Called with a line at least every 2 s while the measures are computed (:mod:`kg.network.progress`).

    Returns
    -------
    MetricsReport

    Examples
    --------
    >>> report = compute_metrics(nx.star_graph(3))
    >>> [(row["node"], row["rank"], row["hub_score"]) for row in report.rows][:2]
    [(0, 1, 1.0), (1, 2, 0.394337567297)]
    """
    started = datetime.now(timezone.utc)
    timings = {}

    def timed(name, function, *args, **kwargs):
        begin = time.perf_counter()
        value = step(name, lambda: function(*args, **kwargs), progress, quiet_under=1.0)
        timings[name] = time.perf_counter() - begin
        return value

    timed("adjacency", measures.adjacency, graph)
    n = graph.number_of_nodes()
    sampling = dict(exact_limit=exact_limit, samples=samples, seed=seed, engine=engine)
    run = None
    if budget is not None:
        begin = time.perf_counter()
        between, run = hub_betweenness(graph, budget=budget, top_k=top_k, seed=seed, delta=delta, engine=engine,
                                       progress=progress)
        timings["betweenness"] = time.perf_counter() - begin
    else:
        between = timed("betweenness", measures.betweenness, graph, **sampling)
    values = {
        "degree": timed("degree", measures.degree, graph),
        "weighted_degree": timed("weighted_degree", measures.weighted_degree, graph),
        "pagerank": timed("pagerank", measures.pagerank, graph, alpha=alpha),
        "betweenness": between,
        "harmonic": timed("harmonic", measures.harmonic, graph, **sampling),
        "eigenvector": timed("eigenvector", measures.eigenvector, graph),
        "core": timed("core", measures.core_number, graph, engine=engine),
    }
    values["hits_hub"], values["hits_authority"] = timed("hits", measures.hits, graph)
    roles = timed("brokerage", brokerage, graph)
    values["hub_score"] = hub_scores({name: values[name] for name in HUB_COMPONENTS})
    values["brokerage"] = {node: sum(counts.values()) for node, counts in roles.items()}
    values["role"] = {node: dominant_role(counts) for node, counts in roles.items()}
    values.update({role: {node: counts[role] for node, counts in roles.items()} for role in ROLES})
    order = ranks(values["hub_score"], values["betweenness"])
    sampled = n > exact_limit and samples < n
    chosen_engine = "igraph" if engine == "igraph" or (engine == "auto" and measures.has_igraph()) else "networkx"
    rows = []
    for node in sorted(graph, key=order.get):
        data = graph.nodes[node]
        row = {"rank": order[node], "node": node, "label_zh": data.get("label_zh", ""),
               "label_en": data.get("label_en", ""), "element": data.get("element", "other")}
        row.update({key: _number(values[key][node]) for key in COLUMNS[5:]})
        rows.append(row)
    how = f"sampled from {samples} random sources (seed {seed})" if sampled else "exact"
    algorithms = {
        "degree": "distinct neighbours, either direction",
        "weighted_degree": "sum of edge weights, in and out",
        "pagerank": f"power iteration on the weighted directed matrix (scipy), alpha {alpha}, tolerance 1e-10",
        "betweenness": f"Brandes, undirected view, normalized, "
                       f"{how if run is None else run.describe(delta, short_name)} ({chosen_engine})",
        "harmonic": f"harmonic closeness, undirected view, divided by n - 1, {how} ({chosen_engine})",
        "eigenvector": "leading eigenvector of the undirected 0/1 matrix (scipy), unit norm",
        "hits": "leading singular vectors of the weighted directed matrix (scipy), each summing to 1",
        "core": f"k-core number, undirected view ({chosen_engine})",
        "brokerage": "Gould-Fernandez roles across ecosystem elements, exact counts of open two-paths",
        "hub_score": "mean of degree, betweenness, harmonic and eigenvector, each divided by its maximum",
    }
    parameters = {"alpha": alpha, "exact_limit": exact_limit, "samples": samples, "seed": seed,
                  "engine": chosen_engine, "delta": delta}
    bound = measures.sampling_error(n, samples, delta) if sampled else None
    if run is not None:  # the bound of whichever of betweenness and harmonic closeness is sampled, the larger
        bound = max((value for value in (bound, run.error_bound) if value is not None), default=None)
        parameters.update(budget=budget, top_k=top_k, betweenness_run=run.describe(delta, short_name),
                          betweenness_sources=run.sources)
    return MetricsReport(
        network=graph.graph.get("network", ""), directed=graph.is_directed(), node_count=n,
        edge_count=graph.number_of_edges(), rows=rows, parameters=parameters, algorithms=algorithms,
        error_bound=bound, fingerprint=timed("fingerprint", fingerprint, graph,
                                                   graph.graph.get("definition", "") if definition is None else definition),
        started=started, ended=datetime.now(timezone.utc), timings=timings,
    )


def _number(value):
    if isinstance(value, float):
        return round(value, 12) if abs(value) > 1e-15 else 0.0
    return value


def _cell(name: str, value) -> str:
    if name in METRICS:
        return METRICS[name].show(value)
    if isinstance(value, str) and value.startswith("https://"):
        return short_name(value)
    return str(value)


def _plain(value) -> str:
    return repr(value) if isinstance(value, float) else str(value)
