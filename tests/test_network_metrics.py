"""Exact values of the metric wrappers on textbook graphs, on both engines."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from kg.network import metrics
from kg.network.brokerage import brokerage, dominant_role
from kg.network.hubscore import hub_scores, ranks

ENGINES = ["networkx", pytest.param("igraph", marks=pytest.mark.skipif(not metrics.has_igraph(),
                                                                       reason="igraph not installed"))]


def rounded(values, digits=6):
    return {node: round(value, digits) for node, value in values.items()}


@pytest.mark.parametrize("engine", ENGINES)
def test_star_center_takes_every_path(engine):
    star = nx.star_graph(4)
    assert metrics.degree(star) == {0: 4, 1: 1, 2: 1, 3: 1, 4: 1}
    assert metrics.betweenness(star, engine=engine) == {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0, 4: 0.0}
    assert metrics.harmonic(star, engine=engine) == {0: 1.0, 1: 0.625, 2: 0.625, 3: 0.625, 4: 0.625}
    assert metrics.core_number(star, engine=engine) == {0: 1, 1: 1, 2: 1, 3: 1, 4: 1}
    assert rounded(metrics.eigenvector(star)) == {0: 0.707107, 1: 0.353553, 2: 0.353553, 3: 0.353553, 4: 0.353553}


@pytest.mark.parametrize("engine", ENGINES)
def test_path_of_five(engine):
    path = nx.path_graph(5)
    assert rounded(metrics.betweenness(path, engine=engine)) == {0: 0.0, 1: 0.5, 2: 0.666667, 3: 0.5, 4: 0.0}
    assert rounded(metrics.harmonic(path, engine=engine)) == {
        0: round((1 + 1 / 2 + 1 / 3 + 1 / 4) / 4, 6), 1: round((1 + 1 + 1 / 2 + 1 / 3) / 4, 6),
        2: 0.75, 3: round((1 + 1 + 1 / 2 + 1 / 3) / 4, 6), 4: round((1 + 1 / 2 + 1 / 3 + 1 / 4) / 4, 6)}


@pytest.mark.parametrize("engine", ENGINES)
def test_krackhardt_kite_matches_the_textbook(engine):
    kite = nx.krackhardt_kite_graph()  # Krackhardt (1990): Heather (7) is the broker, Diane (3) the most central
    between = rounded(metrics.betweenness(kite, engine=engine), 3)
    assert between == {0: 0.023, 1: 0.023, 2: 0.0, 3: 0.102, 4: 0.0, 5: 0.231, 6: 0.231, 7: 0.389, 8: 0.222, 9: 0.0}
    assert max(metrics.degree(kite).items(), key=lambda item: item[1]) == (3, 6)
    assert metrics.core_number(kite, engine=engine) == {0: 3, 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 2, 8: 1, 9: 1}
    expected = nx.eigenvector_centrality_numpy(kite)
    assert all(math.isclose(value, expected[node], abs_tol=1e-9) for node, value in metrics.eigenvector(kite).items())


def test_pagerank_and_hits_agree_with_networkx():
    graph = nx.DiGraph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 1), (5, 4)])
    graph.add_edge(1, 3, weight=2.5)
    ours, theirs = metrics.pagerank(graph), nx.pagerank(graph, tol=1e-13)
    assert all(math.isclose(ours[node], theirs[node], abs_tol=1e-9) for node in graph)
    hubs, authorities = metrics.hits(graph)
    their_hubs, their_authorities = nx.hits(graph, tol=1e-13)
    assert all(math.isclose(hubs[node], their_hubs[node], abs_tol=1e-9) for node in graph)
    assert all(math.isclose(authorities[node], their_authorities[node], abs_tol=1e-9) for node in graph)


def test_pagerank_of_a_cycle_is_uniform_and_a_sink_collects_rank():
    assert rounded(metrics.pagerank(nx.cycle_graph(4, create_using=nx.DiGraph))) == dict.fromkeys(range(4), 0.25)
    # a → c ← b, c dangling (its rank spread evenly): x = r_a = r_b = (0.15 + 0.85 (1 - 2x)) / 3, so x = 1 / 4.7
    source = 1 / 4.7
    assert rounded(metrics.pagerank(nx.DiGraph([("a", "c"), ("b", "c")]))) == rounded(
        {"a": source, "c": 1 - 2 * source, "b": source})


def test_weighted_degree_adds_weights_in_and_out():
    graph = nx.DiGraph()
    graph.add_edge("a", "b", weight=2.0)
    graph.add_edge("b", "c", weight=0.5)
    assert metrics.weighted_degree(graph) == {"a": 2.0, "b": 2.5, "c": 0.5}
    assert metrics.weighted_degree(nx.Graph([("a", "b", {"weight": 3})])) == {"a": 3.0, "b": 3.0}


def test_empty_and_tiny_graphs_do_not_fail():
    empty = nx.Graph()
    assert metrics.betweenness(empty) == {} and metrics.eigenvector(empty) == {} and metrics.hits(empty) == ({}, {})
    pair = nx.Graph([("a", "b")])
    assert metrics.betweenness(pair) == {"a": 0.0, "b": 0.0}
    assert metrics.harmonic(pair) == {"a": 1.0, "b": 1.0}


def test_disconnected_eigenvector_lives_on_the_strongest_component():
    graph = nx.disjoint_union(nx.complete_graph(4), nx.path_graph(2))
    values = metrics.eigenvector(graph)
    assert rounded(values) == {0: 0.5, 1: 0.5, 2: 0.5, 3: 0.5, 4: 0.0, 5: 0.0}


@pytest.mark.parametrize("engine", ENGINES)
def test_sampled_betweenness_stays_within_its_error_bound(engine):
    graph = nx.barabasi_albert_graph(400, 2, seed=7)
    exact = nx.betweenness_centrality(graph)
    sampled = metrics.betweenness(graph, exact_limit=100, samples=100, seed=1, engine=engine)
    bound = metrics.sampling_error(400, 100)
    assert round(bound, 4) == 0.2206
    assert max(abs(sampled[node] - exact[node]) for node in graph) < bound
    harmonic_exact = {node: value / 399 for node, value in nx.harmonic_centrality(graph).items()}
    harmonic_sampled = metrics.harmonic(graph, exact_limit=100, samples=100, seed=1, engine=engine)
    assert max(abs(harmonic_sampled[node] - harmonic_exact[node]) for node in graph) < bound


def test_sampling_error_is_zero_when_every_source_is_used():
    assert metrics.sampling_error(50, 50) == 0.0


def test_brokerage_roles_on_a_tiny_chain():
    chain = nx.DiGraph([("uni", "park"), ("district", "park"), ("park", "manager"), ("manager", "firm")])
    nx.set_node_attributes(chain, {"uni": "actor", "district": "actor", "park": "environment",
                                   "manager": "talent", "firm": "actor"}, "element")
    roles = brokerage(chain)
    assert roles["park"] == {"coordinator": 0, "itinerant": 0, "representative": 0, "gatekeeper": 0, "liaison": 2}
    assert roles["manager"] == {"coordinator": 0, "itinerant": 0, "representative": 0, "gatekeeper": 0, "liaison": 1}
    assert dominant_role(roles["uni"]) == "none"


def test_brokerage_skips_closed_and_reciprocal_paths():
    triangle = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "b")])
    nx.set_node_attributes(triangle, "actor", "element")
    assert brokerage(triangle)["b"]["coordinator"] == 0  # a → b → c is closed by a → c; c → b → c is no path
    undirected = nx.path_graph(3)
    nx.set_node_attributes(undirected, {0: "actor", 1: "actor", 2: "talent"}, "element")
    assert brokerage(undirected)[1] == {"coordinator": 0, "itinerant": 0, "representative": 1, "gatekeeper": 1,
                                        "liaison": 0}


def test_hub_score_is_the_mean_of_max_normalized_components_and_ranks_break_ties():
    star = nx.star_graph(3)
    measures = {"degree": metrics.degree(star), "betweenness": metrics.betweenness(star),
                "harmonic": metrics.harmonic(star), "eigenvector": metrics.eigenvector(star)}
    scores = hub_scores(measures)
    leaf = (1 / 3 + 0 + (2 / 3) / 1 + 1 / math.sqrt(3)) / 4  # eigenvector leaf/center = 1/sqrt(3)
    assert scores[0] == 1.0 and math.isclose(scores[1], leaf)
    assert ranks({"x": 1.0, "y": 0.5, "z": 0.5}, {"z": 1.0}) == {"x": 1, "z": 2, "y": 3}
