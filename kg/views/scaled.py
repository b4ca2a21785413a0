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

__all__ = ["NOT_PREPARED", "backbone_view", "community_view", "hubs_only_view", "metrics_status"]

#: What a page says when the store's snapshot was not prepared.
NOT_PREPARED = ("this store is too big to reduce while a page waits, and its snapshot (after the last build, import "
                "or change) was not prepared: run `innokg metrics --network all --write` once, which prepares it "
                "(or `innokg viz prepare` alone)")


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


def hubs_only_view(store, lang: str = "zh", max_hubs: int = TOP_HUBS, groups=None,
                   link_base: str | None = "") -> View:
    """The ecosystem view of a big store whose snapshot was not prepared: what it can show without the backbone.

    The ``max_hubs`` top hubs of the actors network's stored metrics (read
    by rank, freshness unchecked) and the links among them, in a bounded
    question; the summary says that the communities need the preparation.

    Raises
    ------
    InnokgError
        :data:`NOT_PREPARED`, when the actors network has no stored metrics either.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> hubs_only_view(build_memory())
    Traceback (most recent call last):
    ...
    kg.errors.InnokgError: this store is too big to reduce while a page waits, ...
    """
    import pyoxigraph as ox

    from kg.network.writeback import metrics_graph
    from kg.views.model import ViewEdge, ViewGraph, ViewNode
    from kg.views.stored import stored_rows

    if metrics_graph("actors") not in store.named_graphs():
        raise InnokgError(NOT_PREPARED)
    rows = [row for row in stored_rows(store, "actors", 1, max_hubs)
            if not groups or row["element"] in groups]
    iris = [row["node"] for row in rows]
    values = " ".join(str(ox.NamedNode(iri)) for iri in iris)
    edges = set()
    if iris:
        text = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o . VALUES ?o {{ {values} }} "
                f"FILTER(?s != ?o) }}")
        edges = {ViewEdge(row["s"].value, row["o"].value, row["p"].value) for row in store.query(text)}
    nodes = tuple(ViewNode(row["node"], {"zh": row["label_zh"], "en": row["label_en"]}, row["element"])
                  for row in rows)
    graph = with_labels(store, ViewGraph(nodes, tuple(sorted(edges, key=lambda e: (e.source, e.target, e.relation))),
                                         len(nodes)))
    sizes = {row["node"]: row["hub_score"] for row in rows}
    summary = {"zh": f"显示参与者网络已存指标中的前 {len(nodes):,} 个枢纽；社区未计算：" + NOT_PREPARED,
               "en": f"showing the {len(nodes):,} top hubs of the actors network's stored metrics; "
                     f"no communities: " + NOT_PREPARED}
    titles = {"zh": "创新生态网络（枢纽）", "en": "The innovation ecosystem (hubs)"}
    return View("ecosystem", titles, graph, to_pyvis(graph, lang, sizes, link_base), lang, "force", summary)

