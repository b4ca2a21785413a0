"""The home page: what is in the graph, the top hubs (by hub score in the actors network), the latest ranking."""

from __future__ import annotations

from kg.views.graphs import labels_of
from kg.views.model import GROUPS
from kg.views.network import entity_link
from kg.views.ranking import ranking_choices, ranking_edition, ranking_graph, shown_size
from kg.views.scaled import NOT_PREPARED
from kg.web.hubs import DEFAULT_NETWORK, hub_rows
from kg.web.templating import check_lang, pick_label, render_page

__all__ = ["home_page", "graph_summary"]

_OVERALL = "https://w3id.org/innokg/id/dimension/overall"


def graph_summary(store) -> dict | None:
    """Count triples, named graphs and the entities of each ecosystem element.

    The counts were made once for the store's snapshot (:func:`kg.views.snapshot.prepared`);
    None when a big store's snapshot was not prepared.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> summary = graph_summary(build_memory())
    >>> summary["elements"]["talent"] > 0, summary["graphs"] > 1
    (True, True)
    """
    from kg.views.snapshot import prepared

    data = prepared(store)
    return None if data is None else data["summary"]


def home_page(store, lang: str = "zh") -> str:
    """Render the home page.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = home_page(build_memory(), "en")
    >>> "San Francisco Bay Area" in html, "Li Yuyang" in html
    (True, True)
    """
    check_lang(lang)
    index = 0 if lang == "zh" else 1
    summary = graph_summary(store)
    if summary is None:  # a big store whose snapshot was not prepared: what costs nothing to count
        from kg.views.snapshot import store_size

        summary = {"triples": store_size(store), "graphs": len(store.named_graphs()), "elements": {}, "links": "?",
                   "unprepared": NOT_PREPARED}
    elements = [(GROUPS[group][0], GROUPS[group][1 + index], count) for group, count in summary["elements"].items()]
    hubs = [{"text": ((hub["label_zh"] or hub["label_en"]) if lang == "zh" else (hub["label_en"] or hub["label_zh"]))
             or str(hub["node"]), "href": entity_link(str(hub["node"])) + f"&lang={lang}",
             "score": f"{hub['hub_score']:.2f}"} for hub in hub_rows(store, DEFAULT_NETWORK, limit=10)]
    ranking, edition, edition_title, size, index_key = [], None, "", 0, ""
    years = [year for year, dimension in ranking_choices(store) if dimension == _OVERALL]
    if years:  # the seed's index's latest edition
        shown = ranking_edition(store, _OVERALL, years[0])
        edition, edition_title, index_key = shown.year, shown.title(lang), shown.index_key
        graph = ranking_graph(store, _OVERALL, edition, top=10, index=shown.index)
        size = shown_size(graph, 10)
        labels = labels_of(store, [edge.target for edge in graph.edges])
        ranking = [[{"text": edge.notes["en"]},
                    {"text": pick_label(labels.get(edge.target), lang, edge.target),
                     "href": entity_link(edge.target) + f"&lang={lang}"}] for edge in graph.edges]
    title = "创新生态知识图谱" if lang == "zh" else "A knowledge graph of innovation ecosystems"
    return render_page("home.html", title=title, lang=lang, path="/", summary=summary, elements=elements,
                       hubs=hubs, ranking=ranking, edition=edition, edition_title=edition_title, size=size,
                       index_key=index_key)
