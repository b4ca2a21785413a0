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
from kg.web.term_labels import DATE_PROPERTIES, instant_date, term_label

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
    """A fact's value as the page shows it: a link with the label in ``lang``, an instant as its date, a literal."""
    if term["type"] == "uri":
        return {"text": term_label(term["value"], term.get("labels"), lang),
                "href": entity_link(term["value"]) + f"&lang={lang}", "iri": term["value"]}
    if term["type"] == "bnode":
        facts = term.get("facts", [])
        date = instant_date(facts)
        shown = [fact for fact in facts if fact["property"]["value"] != RDF + "type"
                 and (date is None or fact["property"]["value"] not in DATE_PROPERTIES)]
        parts = [f"{term_label(fact['property']['value'], fact['property'].get('labels'), lang)}: "
                 f"{_value(fact['value'], lang)['text']}" for fact in shown]
        if date is None:
            return {"text": "; ".join(parts) or "[]"}
        inferred = any(fact["property"]["value"] == IK + "inferred" for fact in facts)
        mark = ("（推断）" if lang == "zh" else " (inferred)") if inferred else ""
        return {"text": date + mark, "title": "; ".join(parts)}
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
            "property": {"text": term_label(prop["value"], prop.get("labels"), lang), "iri": prop["value"]},
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
                 "property": {"text": term_label(link["property"]["value"], link["property"].get("labels"), lang)},
                 "graph": _value(link["graph"], lang)} for link in described["inbound"]]
    view = ego_view(store, iri, radius, lang, max_nodes)
    title = pick_label(described["labels"], lang, iri)
    return render_page(
        "entity.html", title=title, lang=lang, path="/entity", query_args={"iri": iri, "radius": radius},
        iri=iri, labels=described["labels"], alt_labels=described["alt_labels"],
        types=[_value(t, lang) for t in described["types"]], facts=facts, links_out=links_out, links_in=links_in,
        inbound_truncated=described["inbound_truncated"], radius=radius, view=render_fragment(view), with_views=True,
    )
