"""Server-side reduction: filters, ego radius, top-k, the node cap and what the page says about it."""

from __future__ import annotations

import pytest

from kg.errors import InnokgError
from kg.views.model import ViewEdge, ViewGraph, ViewNode, shown_text
from kg.views.reduce import cap, ego, filter_relations, filter_types, top_k


def star(leaves: int) -> ViewGraph:
    """A hub ``h`` linked to ``leaves`` leaves ``n0000`` …, plus one link ``n0000 -> n0001``."""
    nodes = (ViewNode("h", group="actor"),) + tuple(ViewNode(f"n{i:04d}", group="talent") for i in range(leaves))
    edges = tuple(ViewEdge("h", f"n{i:04d}", "p") for i in range(leaves)) + (ViewEdge("n0000", "n0001", "q"),)
    return ViewGraph(nodes, edges, len(nodes))


def test_cap_keeps_the_highest_degree_nodes_and_counts_the_rest():
    reduced = cap(star(2000), 500)
    assert len(reduced.nodes) == 500
    assert reduced.total_nodes == 2001
    assert [n.id for n in reduced.nodes[:4]] == ["h", "n0000", "n0001", "n0002"]
    assert all(e.source in reduced.node_ids() and e.target in reduced.node_ids() for e in reduced.edges)
    assert shown_text(reduced) == "showing 500 of 2,001 nodes"
    assert shown_text(reduced, "zh") == "显示 2,001 个节点中的 500 个"


def test_cap_leaves_a_small_graph_alone():
    graph = star(3)
    assert cap(graph, 500) is graph
    assert shown_text(graph) == "showing all 4 nodes"


def test_top_k_by_score_breaks_ties_by_id_and_keeps_the_focus():
    graph = ViewGraph(star(5).nodes, star(5).edges, focus="n0004")
    kept = top_k(graph, {"n0002": 3, "n0003": 3, "h": 1}, 3)
    assert sorted(kept.node_ids()) == ["n0002", "n0003", "n0004"]
    assert kept.focus == "n0004"


def test_ego_follows_links_both_ways_up_to_the_radius():
    assert sorted(ego(star(5), "n0003", 1).node_ids()) == ["h", "n0003"]
    assert len(ego(star(5), "n0003", 2).nodes) == 6
    with pytest.raises(InnokgError, match="radius must be 1, 2 or 3"):
        ego(star(5), "h", 4)
    with pytest.raises(InnokgError, match="not in the view"):
        ego(star(5), "nobody", 1)


def test_cap_of_an_ego_view_keeps_the_nearest_nodes_first():
    graph = ego(star(50), "n0000", 2)
    kept = cap(graph, 3)
    assert sorted(kept.node_ids()) == ["h", "n0000", "n0001"]
    assert kept.total_nodes == 51


def test_type_and_relation_filters():
    assert filter_types(star(3), ["actor"]).node_ids() == {"h"}
    only_q = filter_relations(star(3), ["q"])
    assert sorted(only_q.node_ids()) == ["n0000", "n0001"]
    assert [e.relation for e in only_q.edges] == ["q"]
    assert only_q.total_nodes == 4
