"""Rewriting a network's metrics graph: only the difference, in bounded parts when it is big, never a half run read."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from itertools import islice

import networkx as nx
import pytest

from kg.namespaces import ID
from kg.network import rewrite
from kg.network.registry import METRICS
from kg.network.report import compute_metrics
from kg.network.rewrite import Rewrite, rewrite_graph
from kg.network.writeback import (
    _record_triples,
    _run_triples,
    metric_quads,
    metrics_graph,
    read_metrics,
    stored_runs,
    write_metrics,
)
from kg.store import OxigraphStore

NAME = "rewrite-test"
GRAPH = metrics_graph(NAME)
KEY = "data-key"


def make_report(nodes: int = 40, seed: int = 1):
    """The metrics of a small scale-free network of ``nodes`` organisations; one node's HITS hub score tiny."""
    graph = nx.barabasi_albert_graph(nodes, 2, seed=seed)
    graph = nx.relabel_nodes(graph, {i: f"{ID}org/n{i}" for i in graph})
    graph.graph["network"] = NAME
    report = compute_metrics(graph)
    report.rows[-1]["hits_hub"] = 5.441e-09  # written "5.441e-09", kept by Oxigraph as "0.000000005441"
    return report


def shifted(report, factor: float = 1.5):
    """``report`` after the data changed: every pagerank and hub score scaled (the ranks kept), new times."""
    rows = [{**row, "pagerank": row["pagerank"] * factor, "hub_score": row["hub_score"] * factor}
            for row in report.rows]
    now = datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)
    return dataclasses.replace(report, rows=rows, started=now, ended=now)


def stored(report) -> list[dict]:
    """The rows :func:`read_metrics` gives back for ``report`` written: its measures, by rank."""
    keys = ("node", *METRICS)
    return sorted(({key: row[key] for key in keys} for row in report.rows), key=lambda row: (row["rank"], row["node"]))


def runs_in_graph(store) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?run a ik:MetricRun }} }}")
    return int(next(iter(rows))["n"].value)


class Interrupted(list):
    """Rows whose iteration fails after ``after`` of them (a write interrupted half way)."""

    def __init__(self, rows, after: int):
        super().__init__(rows)
        self.after = after

    def __iter__(self):
        yield from islice(super().__iter__(), self.after)
        raise RuntimeError("interrupted")


@pytest.fixture(params=["one transaction", "in parts"])
def parts(request, monkeypatch):
    """Rewrites as they are (40 nodes: one transaction), or with a limit so small that they go in parts."""
    if request.param == "in parts":
        monkeypatch.setattr(rewrite, "SMALL", 30)
        monkeypatch.setattr(rewrite, "BATCH", 7)
    return request.param


def test_a_changed_rewrite_reads_back_exactly_the_new_values(tmp_path, parts):
    store = OxigraphStore.open(tmp_path / "store")
    old, new = make_report(), shifted(make_report())
    first = write_metrics(store, old, key=KEY)
    assert read_metrics(store, NAME) == stored(old)
    assert write_metrics(store, new, key=KEY) == first == len(metric_quads(new, key=KEY))
    assert read_metrics(store, NAME) == stored(new)
    assert stored_runs(store)[NAME].ended == "2027-01-02T03:04:05Z"
    assert runs_in_graph(store) == 1
    assert store.graph_sizes()[GRAPH] == len(metric_quads(new, key=KEY))


def test_an_unchanged_rewrite_changes_only_the_run_times():
    store = OxigraphStore.memory()
    report = make_report()
    write_metrics(store, report, key=KEY)
    again = shifted(report, factor=1.0)
    done = rewrite_graph(store, GRAPH, _record_triples(again), _run_triples(again, None, KEY))
    assert done == Rewrite(written=len(metric_quads(again, key=KEY)), removed=2, added=2, transactions=1)
    assert read_metrics(store, NAME) == stored(again)


def test_a_big_change_is_written_in_parts_the_run_removed_first_and_added_last():
    store = OxigraphStore.memory()
    old, new = make_report(), shifted(make_report())
    write_metrics(store, old, key=KEY)
    done = rewrite_graph(store, GRAPH, _record_triples(new), _run_triples(new, None, KEY), small=30, batch=7)
    # 40 records of 2 changed values each (pagerank, hub score) and the run's 25 triples, removed first (1);
    # 6 batches of 7 nodes (14 quads removed, 14 added) flushed past 30 quads, after the 2nd, 4th and 6th (3);
    # the new run last (1)
    assert len(_run_triples(new, None, KEY)) == 25
    assert done == Rewrite(written=len(metric_quads(new, key=KEY)), removed=80 + 25, added=80 + 25, transactions=5)
    assert read_metrics(store, NAME) == stored(new)


def test_a_rewrite_removes_the_records_of_nodes_no_longer_in_the_network(parts):
    store = OxigraphStore.memory()
    write_metrics(store, make_report(40), key=KEY)
    smaller = shifted(make_report(25))
    write_metrics(store, smaller, key=KEY)
    assert read_metrics(store, NAME) == stored(smaller)
    assert store.graph_sizes()[GRAPH] == len(metric_quads(smaller, key=KEY))


def test_an_interrupted_small_rewrite_leaves_the_old_run_and_records_whole():
    store = OxigraphStore.memory()
    old = make_report()
    write_metrics(store, old, key=KEY)
    before = stored_runs(store)
    broken = shifted(old)
    broken.rows = Interrupted(broken.rows, after=30)
    with pytest.raises(RuntimeError, match="interrupted"):
        write_metrics(store, broken, key=KEY)
    assert stored_runs(store) == before
    assert read_metrics(store, NAME) == stored(old)
    assert store.graph_sizes()[GRAPH] == len(metric_quads(old, key=KEY))


def test_an_interrupted_big_rewrite_leaves_no_run_and_the_next_write_completes(monkeypatch):
    monkeypatch.setattr(rewrite, "SMALL", 30)
    monkeypatch.setattr(rewrite, "BATCH", 7)
    store = OxigraphStore.memory()
    old, new = make_report(), shifted(make_report())
    write_metrics(store, old, key=KEY)
    broken = shifted(old)
    broken.rows = Interrupted(broken.rows, after=30)
    with pytest.raises(RuntimeError, match="interrupted"):
        write_metrics(store, broken, key=KEY)
    assert stored_runs(store) == {}  # "not written": no page reads the records half rewritten
    assert runs_in_graph(store) == 0
    assert write_metrics(store, new, key=KEY) == len(metric_quads(new, key=KEY))
    assert read_metrics(store, NAME) == stored(new)
    assert list(stored_runs(store)) == [NAME] and runs_in_graph(store) == 1
    assert store.graph_sizes()[GRAPH] == len(metric_quads(new, key=KEY))
