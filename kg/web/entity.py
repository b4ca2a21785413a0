"""The entity page: labels, types, facts with provenance and bounds, links in and out, ego network.

The facts come from :func:`kg.entities.describe_entity` (the same description
the JSON API serves); this module only lays them out.
"""

from __future__ import annotations

from kg.entities import describe_entity
from kg.labels import resolve
from kg.namespaces import IK, RDF
from kg.views.network import ego_view, entity_link
from kg.views.reduce import DEFAULT_MAX_NODES, check_radius
from kg.views.render import render_fragment
from kg.web.templating import check_lang, pick_label, render_page

__all__ = ["BOUND_MARKS", "EXCLUSIVE_LOWER_MARK", "entity_page"]

#: Properties that state a bound, and the mark shown before their value (a lower bound the
#: entity qualifies as exclusive, "over X", shows EXCLUSIVE_LOWER_MARK: more than, not at least).
BOUND_MARKS = {
    "http://schema.org/minValue": "≥",
    "http://schema.org/maxValue": "≤",
    IK + "rankAtMost": "≤",
    IK + "rankAtLeast": "≥",
    IK + "approximateRank": "≈",
}
EXCLUSIVE_LOWER_MARK = ">"
_EXCLUSIVE_LOWER = "https://w3id.org/innokg/id/qualifier/lower-bound-exclusive"


def _value(term: dict, lang: str) -> dict:
    if term["type"] == "uri":
        return {"text": pick_label(term.get("labels"), lang, term["value"]), "href": entity_link(term["value"]) + f"&lang={lang}",
                "iri": term["value"]}
    if term["type"] == "bnode":
        parts = [f"{pick_label(fact['property'].get('labels'), lang, fact['property']['value'])}: "
                 f"{_value(fact['value'], lang)['text']}" for fact in term.get("facts", [])]
        return {"text": "; ".join(parts) or "[]"}
    suffix = f" @{term['xml:lang']}" if term.get("xml:lang") else ""
    return {"text": term["value"] + suffix}


def entity_page(store, entity: str, lang: str = "zh", radius: int = 1, max_nodes: int = DEFAULT_MAX_NODES) -> str:
    """Render the page of ``entity`` (an id such as ``org/huanshangda-science-park``, a label, an alias or an IRI).

    Raises
    ------
    kg.labels.NotFound
        When the graph says nothing about it (:class:`kg.labels.Ambiguous` when it names several entities).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = entity_page(build_memory(), "indicator-value/huanshangda-registered-capital", "en")
    >>> "over 3.9 bn yuan" in html, "超39亿元" in html, '<span class="bound">&gt;</span> 3900000000' in html
    (True, True, True)
    """
    check_lang(lang)
    check_radius(radius)
    iri = resolve(store, entity)
    described = describe_entity(store, iri)
    facts, links_out = [], []
    exclusive = any(fact["property"]["value"] == IK + "valueQualifier" and fact["value"]["value"] == _EXCLUSIVE_LOWER
                    for fact in described["facts"])
    for fact in described["facts"]:
        prop = fact["property"]
        graph = fact["graph"]
        row = {
            "property": {"text": pick_label(prop.get("labels"), lang, prop["value"]), "iri": prop["value"]},
            "value": _value(fact["value"], lang),
            "bound": EXCLUSIVE_LOWER_MARK if exclusive and prop["value"] == "http://schema.org/minValue"
            else BOUND_MARKS.get(prop["value"], ""),
            "graph": {"text": pick_label(graph.get("labels"), lang, graph["value"]), "href": entity_link(graph["value"]) + f"&lang={lang}"},
            "mode": graph.get("assertion_mode") or "",
            "sources": [_value(source, lang) for source in graph.get("sources", [])],
        }
        facts.append(row)
        if fact["value"]["type"] == "uri" and prop["value"] != RDF + "type":
            links_out.append(row)
    links_in = [{"subject": _value(link["subject"], lang),
                 "property": {"text": pick_label(link["property"].get("labels"), lang, link["property"]["value"])},
                 "graph": _value(link["graph"], lang)} for link in described["inbound"]]
    view = ego_view(store, iri, radius, lang, max_nodes)
    title = pick_label(described["labels"], lang, iri)
    return render_page(
        "entity.html", title=title, lang=lang, path="/entity", query_args={"iri": iri, "radius": radius},
        iri=iri, labels=described["labels"], alt_labels=described["alt_labels"],
        types=[_value(t, lang) for t in described["types"]], facts=facts, links_out=links_out, links_in=links_in,
        inbound_truncated=described["inbound_truncated"], radius=radius, view=render_fragment(view), with_views=True,
    )
