"""The entity page: labels, types, facts with provenance and bounds, links in and out, ego network.

The facts come from :func:`kg.entities.entity_neighbourhood` (the facts the
JSON API serves, and a bounded page of the links pointing at the entity);
this module only lays them out.
"""

from __future__ import annotations

from urllib.parse import urlencode

from kg.entities import LINKS_PER_KIND, entity_neighbourhood
from kg.labels import resolve
from kg.namespaces import IK, QUALIFIER, RDF
from kg.views.network import ego_view, entity_link
from kg.views.reduce import DEFAULT_MAX_NODES, check_radius
from kg.views.render import render_fragment
from kg.web.quotes import fact_quotes
from kg.web.templating import check_lang, pick_label, render_page
from kg.web.term_labels import DATE_PROPERTIES, instant_date, term_label

__all__ = ["BOUND_MARKS", "EXCLUSIVE_LOWER_MARK", "EMBEDDED_VIEW_NODES", "entity_page"]

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
#: The ego network drawn in the page shows at most this many nodes ("open on its own" shows more).
EMBEDDED_VIEW_NODES = 200
_EXCLUSIVE_LOWER = QUALIFIER + "lower-bound-exclusive"


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


def entity_page(store, entity: str, lang: str = "zh", radius: int = 1, max_nodes: int = DEFAULT_MAX_NODES,
                kind: str | None = None, offset: int = 0) -> str:
    """Render the page of ``entity`` (an id such as ``org/huanshangda-science-park``, a label, an alias or an IRI).

    The page reads a bounded neighbourhood (:func:`kg.entities.entity_neighbourhood`):
    the entity's facts, and of the links pointing at it the first
    :data:`~kg.entities.LINKS_PER_KIND` of each property with how many more
    there are; ``kind`` (a property IRI) and ``offset`` page through one property's links.

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
    described = entity_neighbourhood(store, iri, LINKS_PER_KIND, kind, offset)
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
    links_in, kinds_in = [], []
    for group in described["inbound_kinds"]:
        prop = group["property"]
        text = term_label(prop["value"], prop.get("labels"), lang)
        links_in += [{"subject": _value(subject, lang), "property": {"text": text}} for subject in group["subjects"]]
        shown_to = group["offset"] + len(group["subjects"])
        page = {"iri": iri, "radius": radius, "lang": lang, "kind": prop["value"]}
        kinds_in.append({
            "property": text, "count": group["count"], "first": group["offset"] + 1, "last": shown_to,
            "more": group["count"] - shown_to,
            "next": "/entity?" + urlencode({**page, "offset": shown_to}) if shown_to < group["count"] else None,
            "previous": "/entity?" + urlencode({**page, "offset": max(group["offset"] - LINKS_PER_KIND, 0)})
            if group["offset"] > 0 else None,
        })
    view = ego_view(store, iri, radius, lang, min(max_nodes, EMBEDDED_VIEW_NODES))
    title = pick_label(described["labels"], lang, iri)
    return render_page(
        "entity.html", title=title, lang=lang, path="/entity", query_args={"iri": iri, "radius": radius},
        iri=iri, labels=described["labels"], alt_labels=described["alt_labels"],
        types=[_value(t, lang) for t in described["types"]], facts=facts, links_out=links_out, links_in=links_in,
        kinds_in=kinds_in, facts_truncated=described["facts_truncated"], quotes=fact_quotes(store, iri),
        inbound_truncated=any(group["more"] > 0 for group in kinds_in), radius=radius, view=render_fragment(view), with_views=True,
    )
