"""The ecosystem view of a big store: its backbone (top hubs and communities), and one community opened.

Both read the backbone :func:`kg.views.snapshot.prepare` computed for the
store's snapshot (:mod:`kg.views.backbone`); a request only labels the few
hundred nodes it shows.

Examples
--------
>>> from kg.build import build_memory
>>> from kg.views.snapshot import prepare
>>> store = build_memory()
>>> view = backbone_view(store, prepare(store, lambda line: None), "en", max_hubs=5)
>>> view.shown().startswith("showing the 5 top hubs and "), view.kind
(True, 'ecosystem')
>>> community = community_view(store, prepare(store, lambda line: None), 1, "en")
>>> community.title.startswith("Community 1 of the ecosystem")
True
"""

from __future__ import annotations

from kg.errors import InnokgError
from kg.views.backbone import TOP_HUBS, backbone_graph, backbone_summary, community_graph
from kg.views.graphs import labels_of, with_labels
from kg.views.network import View, to_pyvis

__all__ = ["NOT_PREPARED", "backbone_view", "community_view", "metrics_status"]

#: What a page says when the store's snapshot was not prepared.
NOT_PREPARED = ("this store is too big to reduce while a page waits, and its snapshot was not prepared: "
                "run `innokg viz prepare` once (after each build, import or `innokg metrics --write`)")


def metrics_status(store, network: str) -> dict | None:
    """What the prepared data say of ``network``'s stored metrics (``status``: fresh, stale, not written), or None.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> metrics_status(build_memory(), "actors")
    {'status': 'not written'}
    """
    from kg.views.snapshot import prepared

    data = prepared(store)
    return None if data is None else data["metrics"].get(network, {"status": "not written"})


def _weighted(view_network, urls: dict[str, str], weights: dict[tuple, int]) -> None:
    for node in view_network.nodes:
        if node["id"] in urls:
            node["url"] = urls[node["id"]]
            node["shape"] = "hexagon"
    for edge in view_network.edges:
        if (edge["from"], edge["to"]) in weights:
            edge["value"] = weights[edge["from"], edge["to"]]
            edge["arrows"] = ""


def backbone_view(store, data: dict, lang: str = "zh", max_hubs: int = TOP_HUBS, groups=None,
                  link_base: str | None = "") -> View:
    """The reduced ecosystem view: the top hubs and the largest communities as super-nodes, with weighted links."""
    backbone = data["backbone"]
    firsts = [c["members"][0][0] for c in backbone["communities"] if c["members"]]
    graph, sizes, urls, weights = backbone_graph(backbone, labels_of(store, firsts), max_hubs, groups)
    graph = with_labels(store, graph)
    hubs = sum(1 for node in graph.nodes if node.group != "community")
    summary = backbone_summary(backbone, hubs, len(backbone["communities"]))
    basis = backbone["score"]
    titles = {"zh": "创新生态网络（骨干：枢纽与社区）", "en": "The innovation ecosystem (backbone: hubs and communities)"}
    if basis != "hub score":
        summary = {"zh": summary["zh"] + "（按度数排序：参与者网络的指标未写入）",
                   "en": summary["en"] + " (hubs by degree: the actors network's metrics are not written)"}
    network = to_pyvis(graph, lang, sizes, link_base)
    _weighted(network, urls, weights)
    return View("ecosystem", titles, graph, network, lang, "force", summary)


def community_view(store, data: dict, number: int, lang: str = "zh", max_nodes: int = 300,
                   link_base: str | None = "") -> View:
    """One community of the backbone: its best-scored members and the links among them."""
    if max_nodes < 1:
        raise InnokgError(f"the number of nodes to show must be at least 1, not {max_nodes}")
    graph, sizes, community = community_graph(data["backbone"], number, max_nodes)
    graph = with_labels(store, graph)
    titles = {"zh": f"生态网络的社区 {number}（{community['size']:,} 个节点）",
              "en": f"Community {number} of the ecosystem ({community['size']:,} nodes)"}
    return View("ecosystem", titles, graph, to_pyvis(graph, lang, sizes, link_base), lang)
