"""Bounded reads of the metrics ``innokg metrics --write`` stored: a page of ranks, the scores of a few nodes.

Each question names the rows it wants (ranks ``first`` to ``first + count
- 1``, or a list of nodes) so the store answers it from its indexes, and the
number of rows read does not grow with the network. Whether the stored run
is still fresh comes from the snapshot's prepared data
(:mod:`kg.views.snapshot`), never from projecting the network while a page
waits.

Examples
--------
>>> from kg.build import build_memory
>>> from kg.network.projection import project
>>> from kg.network.report import compute_metrics
>>> from kg.network.writeback import write_metrics
>>> store = build_memory()
>>> _ = write_metrics(store, compute_metrics(project(store, "funding")))
>>> [(row["rank"], row["label_en"][:7], row["hub_score"]) for row in stored_rows(store, "funding", 1, 5)]
[(1, 'Panxin ', 0.75), (2, 'Yangtze', 0.75)]
>>> stored_scores(store, "funding", ["https://w3id.org/innokg/id/org/panxin-technology"])
{'https://w3id.org/innokg/id/org/panxin-technology': 0.75}
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.labels import labels as labels_of
from kg.network.registry import METRICS
from kg.network.writeback import (
    measure_patterns,
    measure_variables,
    metrics_graph,
    stored_row,
)

__all__ = ["stored_rows", "stored_scores"]

_CHUNK = 400


def stored_rows(store, network: str, first: int = 1, count: int = 100) -> list[dict]:
    """Return the stored rows of ranks ``first`` .. ``first + count - 1`` of ``network``, by rank.

    Each row has the keys of :data:`kg.network.report.COLUMNS` (labels from
    the graph, the element from the node's type).
    """
    from kg.views.graphs import node_groups

    ranks = " ".join(str(rank) for rank in range(max(first, 1), max(first, 1) + max(count, 0)))
    if not ranks:
        return []
    text = (f"SELECT ?node ?rank {measure_variables(skip=('rank',))} WHERE {{ VALUES ?rank {{ {ranks} }} "
            f"GRAPH <{metrics_graph(network)}> {{ ?score ik:{METRICS['rank'].prop} ?rank ; ik:scoreOf ?node . "
            f"{measure_patterns(skip=('rank',))} }} }}")
    rows = [stored_row(solution) for solution in store.query(text)]  # the implied measures filled in
    rows.sort(key=lambda row: (row["rank"], row["node"]))
    nodes = [row["node"] for row in rows]
    names = labels_of(store, nodes)
    groups = node_groups(store, nodes)
    for row in rows:
        row["label_zh"] = names.get(row["node"], {}).get("zh", "")
        row["label_en"] = names.get(row["node"], {}).get("en", "")
        row["element"] = groups.get(row["node"], "other")
    return rows


def stored_scores(store, network: str, iris: Iterable[str]) -> dict[str, float]:
    """Return node -> stored hub score in ``network`` for the nodes of ``iris`` that have one."""
    wanted = sorted({iri for iri in iris if "://" in iri})
    scores: dict[str, float] = {}
    for start in range(0, len(wanted), _CHUNK):
        values = " ".join(str(ox.NamedNode(iri)) for iri in wanted[start:start + _CHUNK])
        text = (f"SELECT ?node ?value WHERE {{ VALUES ?node {{ {values} }} GRAPH <{metrics_graph(network)}> "
                f"{{ ?score ik:scoreOf ?node ; ik:{METRICS['hub_score'].prop} ?value }} }}")
        for row in store.query(text):
            scores[row["node"].value] = float(row["value"].value)
    return scores
