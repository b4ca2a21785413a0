"""The hubs of the ecosystem network: a table of metrics per node, sortable on the page.

The metrics are computed here with networkx on the ecosystem projection
(:func:`kg.views.graphs.ecosystem_graph`) until the hub-metrics module of
issue 4 is wired in: degree, in- and out-degree, betweenness and PageRank.
"""

from __future__ import annotations

import networkx as nx

from kg.views.graphs import ecosystem_graph, labels_of
from kg.views.model import GROUPS
from kg.views.network import entity_link
from kg.web.templating import check_lang, pick_label, render_page

__all__ = ["HUB_METRICS", "hub_rows", "hubs_page"]

#: Metric name -> (zh, en) column headers, in table order.
HUB_METRICS = {
    "degree": ("度", "degree"),
    "in_degree": ("入度", "in-degree"),
    "out_degree": ("出度", "out-degree"),
    "betweenness": ("介数中心性", "betweenness"),
    "pagerank": ("PageRank", "PageRank"),
}


def hub_rows(store, limit: int | None = None) -> list[dict]:
    """Return one dict per node of the ecosystem network, highest degree first (ties by IRI).

    Each has ``iri``, ``labels``, ``group`` and the metrics of :data:`HUB_METRICS`
    (betweenness and PageRank rounded to 4 places).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> top = hub_rows(build_memory(), limit=1)[0]
    >>> top["labels"]["en"], top["group"], top["degree"]
    ('Huanshangda Science Park', 'environment', 14)
    """
    graph = ecosystem_graph(store)
    directed = nx.MultiDiGraph()
    directed.add_nodes_from(node.id for node in graph.nodes)
    directed.add_edges_from((edge.source, edge.target) for edge in graph.edges)
    simple = nx.DiGraph(directed)
    betweenness = nx.betweenness_centrality(simple) if len(simple) <= 5000 else {}
    pagerank = nx.pagerank(simple) if len(simple) else {}
    groups = {node.id: node.group for node in graph.nodes}
    ranked = sorted(groups, key=lambda iri: (-directed.degree(iri), iri))[:limit]
    labels = labels_of(store, ranked)
    return [{
        "iri": iri, "labels": labels.get(iri, {}), "group": groups[iri],
        "degree": directed.degree(iri), "in_degree": directed.in_degree(iri), "out_degree": directed.out_degree(iri),
        "betweenness": round(betweenness.get(iri, 0.0), 4), "pagerank": round(pagerank.get(iri, 0.0), 4),
    } for iri in ranked]


def hubs_page(store, lang: str = "zh") -> str:
    """Render the hubs page: a sortable table of the metrics of every node.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = hubs_page(build_memory(), "en")
    >>> "Huanshangda Science Park" in html, 'class="sortable"' in html
    (True, True)
    """
    check_lang(lang)
    index = 0 if lang == "zh" else 1
    headers = ["#", "实体" if lang == "zh" else "entity", "要素" if lang == "zh" else "element"]
    headers += [names[index] for names in HUB_METRICS.values()]
    rows = []
    for number, hub in enumerate(hub_rows(store), start=1):
        rows.append([{"text": number}, {"text": pick_label(hub["labels"], lang, hub["iri"]),
                                        "href": entity_link(hub["iri"]) + f"&lang={lang}"},
                     {"text": GROUPS[hub["group"]][1 + index]}]
                    + [{"text": hub[metric]} for metric in HUB_METRICS])
    title = "生态网络的枢纽" if lang == "zh" else "Hubs of the ecosystem network"
    return render_page("hubs.html", title=title, lang=lang, path="/hubs", headers=headers, rows=rows)
