"""Big views are laid out on the server (kg.views.layout): positions sent, physics off, no pile of edge labels."""

import math

from kg.views.layout import NODE_GAP, positions
from kg.views.model import ViewEdge, ViewGraph, ViewNode
from kg.views.network import View, to_pyvis
from kg.views.render import EDGE_LABELS_UP_TO, view_data

HUB = "https://example.org/hub"


def _star(leaves: int, extra_links: int = 0) -> View:
    nodes = (ViewNode(HUB, {"zh": "枢纽", "en": "hub"}, "actor"),
             *(ViewNode(f"https://example.org/n{number}", {"zh": f"节点{number}", "en": f"node {number}"}, "actor")
               for number in range(leaves)))
    edges = [ViewEdge(HUB, f"https://example.org/n{number}", "https://example.org/p", {"zh": "连", "en": "links"})
             for number in range(leaves)]
    edges += [ViewEdge(f"https://example.org/n{number}", f"https://example.org/n{number + 1}",
                       "https://example.org/q", {"zh": "邻", "en": "next to"}) for number in range(extra_links)]
    graph = ViewGraph(nodes, tuple(edges))
    return View("ego", {"zh": "星", "en": "star"}, graph, to_pyvis(graph, "en"), "en")


def test_a_big_view_comes_laid_out_with_physics_off():
    data = view_data(_star(199))
    assert len(data["nodes"]) == 200 and data["options"]["physics"] == {"enabled": False}
    spots = {node["id"]: (node["x"], node["y"]) for node in data["nodes"]}
    assert spots == {node["id"]: (node["x"], node["y"]) for node in view_data(_star(199))["nodes"]}  # repeatable
    gaps = sorted(min(math.dist(spot, other) for key, other in spots.items() if key != node)
                  for node, spot in spots.items())
    assert gaps[len(gaps) // 2] >= NODE_GAP - 1  # the median node has room around it
    assert {edge["label"] for edge in data["edges"]} == {"links"}  # 199 edges: labels drawn


def test_a_small_view_is_left_to_the_browser():
    data = view_data(_star(20))
    assert "x" not in data["nodes"][0] and data["options"]["physics"]["enabled"] is True


def test_thousands_of_edges_are_drawn_without_labels_but_keep_their_titles():
    data = view_data(_star(300, extra_links=EDGE_LABELS_UP_TO))
    assert len(data["edges"]) == 300 + EDGE_LABELS_UP_TO
    assert not any("label" in edge or "label_zh" in edge or "label_en" in edge for edge in data["edges"])
    assert data["edges"][0]["title"].startswith("links")


def test_a_node_with_no_link_is_kept_near_the_others():
    nodes = [f"n{number}" for number in range(200)]
    links = [(f"n{number}", f"n{number + 1}") for number in range(198)]  # n199 has no link
    spots = positions(nodes, links)
    radius = max(math.hypot(*spots[node]) for node in nodes[:199])
    assert math.hypot(*spots["n199"]) <= radius * 1.01
