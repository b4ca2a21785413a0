"""Hub betweenness within a time budget (kg.network.adaptive), progress lines (kg.network.progress), and the
compact write-back (kg.network.writeback.IMPLIED): exact answers, no timing asserted."""

from __future__ import annotations

import networkx as nx

from kg.build import build_memory
from kg.network.adaptive import _TRYING, _duration, hub_betweenness
from kg.network.metrics import betweenness
from kg.network.projection import project
from kg.network.report import compute_metrics
from kg.network.writeback import IMPLIED, implied_value, read_metrics, write_metrics


def _top(values: dict, count: int) -> list:
    return sorted(values, key=lambda node: (-values[node], node))[:count]


def test_within_the_budget_betweenness_is_exact_and_equals_networkx():
    graph = nx.barabasi_albert_graph(400, 2, seed=3)
    values, run = hub_betweenness(graph, budget=600)
    exact = nx.betweenness_centrality(graph, normalized=True)
    assert (run.method, run.sources, run.error_bound) == ("exact", 400, None)
    assert max(abs(values[node] - exact[node]) for node in graph) < 1e-12


def test_past_the_budget_sampling_stops_when_the_top_is_stable_and_names_the_exact_top():
    graph = nx.barabasi_albert_graph(3000, 2, seed=1)
    values, run = hub_betweenness(graph, budget=0, sampling_budget=600, top_k=3)
    exact = nx.betweenness_centrality(graph, normalized=True)
    assert run.method == "stable" and run.sources < 3000 and 0 < run.error_bound < 1
    assert _top(values, 3) == _top(exact, 3) == [3, 0, 5]
    assert run.describe().startswith(f"sampled from {run.sources} sources until two independent halves agreed on "
                                     "the top-3 order 2 rounds in a row (each value within ±")


def _leafy(n: int, seed: int) -> nx.Graph:
    """A tree (half its nodes or more are leaves), a component of two, an isolated node and a path of four."""
    graph = nx.barabasi_albert_graph(n, 1, seed=seed)
    graph.add_edge(n, n + 1)
    graph.add_node(n + 2)
    nx.add_path(graph, [n + 3, n + 4, n + 5, n + 6])
    return graph


def test_leaves_run_their_neighbours_searches_and_betweenness_stays_exact():
    for n in (500, 2600):  # in this process, then in the worker processes
        graph = _leafy(n, 3)
        values, run = hub_betweenness(graph, budget=600)
        exact = nx.betweenness_centrality(graph, normalized=True)
        assert (run.method, run.sources) == ("exact", n + 7)
        assert max(abs(values[node] - exact[node]) for node in graph) < 1e-12
    values, run = hub_betweenness(_leafy(3000, 4), budget=0, sampling_budget=600, top_k=5)
    exact = nx.betweenness_centrality(_leafy(3000, 4), normalized=True)
    assert run.method == "stable" and _top(values, 5) == _top(exact, 5) == [0, 1, 9, 4, 6]


def _hubs(leaves: list[int]) -> nx.Graph:
    """Hubs joined in a clique, hub ``h`` with ``leaves[h]`` leaves of its own: equal counts, equal betweenness."""
    graph = nx.complete_graph(len(leaves))
    graph.add_edges_from((hub, f"{hub}.{leaf}") for hub, count in enumerate(leaves) for leaf in range(count))
    return graph


def test_planted_ties_end_tied_and_name_the_tied_hubs():
    graph = _hubs([900, 600, 600, 600, 600, 300])  # hubs 1-4 are structurally identical: their order is chance
    exact = nx.betweenness_centrality(graph, normalized=True)
    assert len({round(exact[hub], 12) for hub in (1, 2, 3, 4)}) == 1 and exact[0] > exact[1] > exact[5]
    _, run = hub_betweenness(graph, budget=0, sampling_budget=0, top_k=6)
    assert (run.method, run.sources) == ("tied", 440)
    assert [set(group) for group in run.groups] == [{0}, {1, 2, 3, 4}, {5}]
    assert run.describe() == (
        "sampled from 440 sources until the time budget ran out, the top 6 held up to ties while the sources "
        f"doubled: ranks 2–5 tied, within ±{run.tie_error:.4f} with probability 95% (each value within "
        f"±{run.error_bound:.4f} with probability 95%)")
    _, run = hub_betweenness(graph, budget=0, sampling_budget=0, top_k=3)  # the top 3 ends inside the tie
    assert run.method == "tied" and [set(group) for group in run.groups] == [{0}, {1, 2, 3, 4}]
    assert "ranks 2–5 tied (the top 3 ends inside them), within ±" in run.describe()


def test_clearly_separated_hubs_still_end_stable_in_the_exact_order():
    values, run = hub_betweenness(_hubs([1200, 900, 600, 300]), budget=0, sampling_budget=0, top_k=4)
    assert (run.method, run.groups, run.tie_error) == ("stable", (), None)
    assert _top(values, 4) == [0, 1, 2, 3]


def test_a_budget_too_short_for_the_order_to_settle_says_so_and_what_ranks_each_can_hold():
    graph = nx.barabasi_albert_graph(3000, 2, seed=1)
    lines = []
    _, run = hub_betweenness(graph, budget=0, sampling_budget=0, top_k=50, progress=lines.append)
    assert (run.method, run.sources, run.groups) == ("budget", 368, ())  # its tie groups had not held either
    assert run.describe().startswith("sampled from 368 sources until the time budget ran out, the top-50 order not "
                                     "yet settled: the highest is 3; the ranks the top 50 by estimate can hold: "
                                     "3 1, 0 2, 25 3–4, 5 3–4, 8 5–6, 12 5–6, 27 7–9, 34 7–15, ")
    exact = _top(nx.betweenness_centrality(graph, normalized=True), 3000)
    assert len(run.ranks) == 50 and all(first <= exact.index(node) + 1 <= last for node, first, last in run.ranks)
    assert run.exact_seconds > 0 and run.describe().endswith(" with probability 95%); exact would take about "
                                                             f"{_duration(run.exact_seconds)}")
    assert lines[0] == ("betweenness: 3,000 nodes: exact if it ends within the 0 s budget, else sampled "
                        "until the top-50 order holds")
    assert lines[1].startswith(f"betweenness: trying exact in {_TRYING}: done in ")
    assert lines[2] == "betweenness: not done within the 0 s budget: sampling"
    assert len(lines) == 3 + 3  # then a line every two rounds (one to each half), at least 2 * checks rounds


def test_the_report_says_how_betweenness_was_computed_and_progress_comes_through():
    graph = project(build_memory(), "tech-transfer")
    lines = []
    report = compute_metrics(graph, budget=60, progress=lines.append)
    assert report.parameters["betweenness_run"] == "exact over all 19 sources (it fitted the time budget)"
    assert report.algorithms["betweenness"] == ("Brandes, undirected view, normalized, exact over all 19 sources "
                                                "(it fitted the time budget) (igraph)")
    assert lines[0].startswith("betweenness: 19 nodes, about ") and lines[0].endswith("budget: exact")
    assert not [line for line in lines if " of 19 sources (" in line]  # a line every 2 s, not one a round


def test_the_compact_write_back_reads_back_every_value():
    store = build_memory()
    report = compute_metrics(project(store, "actors"))
    written = write_metrics(store, report)
    # a record: its type, ik:scoreOf and the 18 measures, less those that follow (a zero, role none, a weighted
    # degree equal to the degree); no labels, no link to the run; then the network and the run (25)
    left_out = sum(1 for row in report.rows for key in IMPLIED if row[key] == implied_value(key, row))
    assert (len(report.rows), left_out, written) == (17, 141, 25 + 20 * 17 - 141)
    assert {key for row in report.rows for key in IMPLIED if row[key] == implied_value(key, row)} == {
        "weighted_degree", "betweenness", "eigenvector", "hits_hub", "hits_authority", "brokerage", "role",
        "coordinator", "itinerant", "representative", "gatekeeper", "liaison"}
    stored = read_metrics(store, "actors")
    assert [{key: row[key] for key in stored[0]} for row in report.rows] == stored
    assert [type(stored[-1][key]) for key in ("betweenness", "liaison", "role")] == [float, int, str]


def test_exact_betweenness_of_a_big_network_runs_in_worker_processes_and_says_how_long_it_waited():
    graph = nx.barabasi_albert_graph(2500, 2, seed=5)
    lines = []
    values, run = hub_betweenness(graph, budget=600, progress=lines.append)
    reference = betweenness(graph)  # igraph in this process, exact up to 10,000 nodes
    assert (run.method, run.sources, run.error_bound) == ("exact", 2500, None)
    assert max(abs(values[node] - reference[node]) for node in graph) < 1e-12
    assert lines[-1].startswith(f"betweenness: trying exact in {_TRYING}: done in ")


def test_the_halves_of_a_big_network_run_in_two_workers_and_sum_as_in_this_process():
    import numpy as np

    from kg.network.adaptive import _Dependencies
    from kg.network.metrics import adjacency

    adj = adjacency(nx.barabasi_albert_graph(2500, 2, seed=5))
    first, second = np.arange(0, 40), np.arange(40, 75)
    with _Dependencies(adj, "igraph") as dependencies:
        dependencies.prepare()
        together = dependencies.pair(first, second)
        assert dependencies._workers is not None
        apart = dependencies.of(first), dependencies.of(second)
    assert dependencies._workers is None  # ended with the context
    assert [np.array_equal(a, b) for a, b in zip(together, apart, strict=True)] == [True, True]
    assert round(together[0].sum() + together[1].sum()) == round(dependencies.of(np.arange(75)).sum())
