"""Entities for people: one entity described with the provenance of each fact, and label search.

:func:`describe_entity` gathers an entity's labels (zh and en), types, every
fact about it with the named graph that holds it and that graph's
provenance (source section, assertion mode: stated, inferred or reference),
and the links that point at it. :func:`search_labels` finds entities by
``rdfs:label``, ``skos:prefLabel`` or ``skos:altLabel`` in any language,
ranked exact > prefix > substring.

Labels are those of :mod:`kg.labels` (zh and en; ``rdfs:label`` before
``skos:prefLabel``); alternative labels keep their language's primary
subtag (``zh-Hans`` -> ``zh``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg import labels as _labels
from kg.errors import InnokgError
from kg.labels import NotFound
from kg.namespaces import ID, RDF
from kg.results import json_term
from kg.search_by_store import ranked_by_store
from kg.search_index import label_index
from kg.sparql_text import bind_values
from kg.user_input import entity_reference

__all__ = ["EntityNotFound", "MAX_FACTS", "LINKS_PER_KIND", "entity_iri", "labels_of", "describe_entity",
           "entity_neighbourhood", "search_labels", "term_json"]

_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_MODE_BASE = ID + "assertion-mode/"
_MAX_INBOUND = 1000

_FACTS = """
SELECT ?p ?o ?g ?mode ?source WHERE {
  GRAPH ?g { ?s ?p ?o }
  OPTIONAL { ?g ik:assertionMode ?mode }
  OPTIONAL { ?g prov:wasDerivedFrom ?source }
}"""
_BLANK_FACTS = "SELECT ?b ?p ?o WHERE { ?s ?x ?b FILTER isBlank(?b) ?b ?p ?o }"
_INBOUND = f"SELECT DISTINCT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(!isBlank(?s)) }} LIMIT {_MAX_INBOUND + 1}"
_INBOUND_KINDS = """
SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(!isBlank(?s)) } GROUP BY ?p ORDER BY ?p LIMIT 200"""
_INBOUND_PAGE = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(!isBlank(?s)) } ORDER BY ?s"
#: Seconds a search waits for the label index of a new snapshot before it asks the store itself.
INDEX_WAIT = 2.0
#: An entity page shows at most this many facts of the entity ...
MAX_FACTS = 500
#: ... and this many links of each kind pointing at it (then "and 2,431 more", a page at a time).
LINKS_PER_KIND = 20


class EntityNotFound(NotFound):
    """The graph says nothing about that entity (a :class:`kg.labels.NotFound`)."""


def entity_iri(id_or_iri: str) -> str:
    """Turn an entity id (``city/beijing``), prefixed name (``id:city/beijing``) or IRI into an IRI.

    The syntax alone (:func:`kg.user_input.entity_reference`); :func:`kg.labels.resolve`
    also takes labels and aliases, and checks that the graph knows the IRI.

    Examples
    --------
    >>> entity_iri("city/beijing")
    'https://w3id.org/innokg/id/city/beijing'
    >>> entity_iri("https://w3id.org/innokg/ont#City")
    'https://w3id.org/innokg/ont#City'
    >>> entity_iri("no spaces please")
    Traceback (most recent call last):
    kg.user_input.InvalidParameter: entity: 'no spaces please' is not an entity id or IRI: it holds ' '
    """
    return entity_reference(id_or_iri, "entity")


def labels_of(store, iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """Return ``{iri: {"en": ..., "zh": ...}}``: the labels of :func:`kg.labels.labels`.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> _ = store.load('<http://e/bj> <http://www.w3.org/2000/01/rdf-schema#label> "北京"@zh-Hans, "Beijing"@en .'.encode(), "turtle")
    >>> labels_of(store, ["http://e/bj", "http://e/none"])
    {'http://e/bj': {'en': 'Beijing', 'zh': '北京'}}
    """
    return _labels.labels(store, iris)


def term_json(term, labels: dict[str, dict[str, str]] | None = None) -> dict:
    """Write an RDF term as SPARQL 1.1 JSON results do (:func:`kg.results.json_term`), with an IRI's labels when known.

    Examples
    --------
    >>> term_json(ox.Literal("北京", language="zh-hans"))
    {'type': 'literal', 'value': '北京', 'xml:lang': 'zh-hans'}
    >>> term_json(ox.NamedNode("http://e/bj"), {"http://e/bj": {"en": "Beijing"}})
    {'type': 'uri', 'value': 'http://e/bj', 'labels': {'en': 'Beijing'}}
    """
    encoded = json_term(term)
    if labels and isinstance(term, ox.NamedNode) and term.value in labels:
        encoded["labels"] = labels[term.value]
    return encoded


def describe_entity(store, iri: str) -> dict:
    """Describe an entity: labels, alternative labels, types, facts with provenance, inbound links.

    Parameters
    ----------
    store : kg.store.GraphStore
    iri : str
        An IRI, or an id such as ``city/beijing`` (see :func:`entity_iri`).

    Returns
    -------
    dict
        ``iri``, ``id``, ``labels``, ``alt_labels``, ``types``, ``facts`` (each with
        ``property``, ``value`` and ``graph``: its IRI, labels, ``assertion_mode``
        and ``sources``), ``inbound`` (``subject``, ``property``, ``graph``) and
        ``inbound_truncated``.

    Raises
    ------
    EntityNotFound

    Examples
    --------
    >>> from kg.build import build_memory
    >>> beijing = describe_entity(build_memory(), "city/beijing")
    >>> beijing["labels"], [t["value"] for t in beijing["types"]]
    ({'en': 'Beijing', 'zh': '北京'}, ['https://w3id.org/innokg/ont#City'])
    >>> lat = next(f for f in beijing["facts"] if f["property"]["value"].endswith("wgs84_pos#lat"))
    >>> lat["value"]["value"], lat["graph"]["value"], lat["graph"]["assertion_mode"]
    ('39.9', 'https://w3id.org/innokg/graph/reference', 'reference')
    """
    iri = entity_iri(iri)
    subject = ox.NamedNode(iri)
    fact_rows = list(store.query(bind_values(_FACTS, {"s": subject})))
    blank_rows = list(store.query(bind_values(_BLANK_FACTS, {"s": subject})))
    inbound_rows = list(store.query(bind_values(_INBOUND, {"o": subject})))
    if not fact_rows and not inbound_rows:
        raise EntityNotFound(f"the graph says nothing about <{iri}>")

    named = _named(fact_rows, blank_rows)
    for row in inbound_rows[:_MAX_INBOUND]:
        named.update(term.value for term in (row["s"], row["p"], row["g"]))
    labels = labels_of(store, named | {iri})
    inbound = sorted(
        ({"subject": term_json(row["s"], labels), "property": term_json(row["p"], labels),
          "graph": term_json(row["g"], labels)} for row in inbound_rows[:_MAX_INBOUND]),
        key=lambda link: (link["property"]["value"], link["subject"]["value"], link["graph"]["value"]),
    )
    return _described(iri, labels, fact_rows, blank_rows,
                      inbound=inbound, inbound_truncated=len(inbound_rows) > _MAX_INBOUND)


def entity_neighbourhood(store, iri: str, per_kind: int = LINKS_PER_KIND, kind: str | None = None,
                         offset: int = 0) -> dict:
    """Describe an entity for its page with a bounded number of rows, whatever its number of links.

    Like :func:`describe_entity`, but reads at most :data:`MAX_FACTS` facts
    and, of the links that point at the entity, their number for each
    property and the first ``per_kind`` subjects of each (by IRI), the
    subjects of property ``kind`` from ``offset`` on: a page of links.

    Returns
    -------
    dict
        ``iri``, ``id``, ``labels``, ``alt_labels``, ``types``, ``facts``,
        ``facts_truncated`` and ``inbound_kinds``: one per property, in
        property order, with ``property``, ``count``, ``offset`` and
        ``subjects``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> beijing = entity_neighbourhood(build_memory(), "city/beijing", per_kind=2)
    >>> [(k["property"]["labels"]["en"], k["count"], len(k["subjects"])) for k in beijing["inbound_kinds"]][:2]
    [('about entity', 6, 2), ('city', 8, 2)]
    >>> later = entity_neighbourhood(build_memory(), "city/beijing", per_kind=2, kind="https://w3id.org/innokg/ont#city", offset=6)
    >>> [(k["offset"], len(k["subjects"])) for k in later["inbound_kinds"]][1]
    (6, 2)
    """
    if per_kind < 1 or offset < 0:
        raise InnokgError("per_kind must be at least 1 and offset at least 0")
    iri = entity_iri(iri)
    subject = ox.NamedNode(iri)
    fact_rows = list(store.query(bind_values(_FACTS, {"s": subject}) + f" LIMIT {MAX_FACTS + 1}"))
    blank_rows = list(store.query(bind_values(_BLANK_FACTS, {"s": subject}) + f" LIMIT {MAX_FACTS}"))
    truncated = len(fact_rows) > MAX_FACTS
    fact_rows = fact_rows[:MAX_FACTS]
    kinds = [(row["p"], int(row["n"].value)) for row in store.query(bind_values(_INBOUND_KINDS, {"o": subject}))]
    if not fact_rows and not kinds:
        raise EntityNotFound(f"the graph says nothing about <{iri}>")
    pages = []
    for prop, count in kinds:
        start = offset if kind == prop.value else 0
        query = bind_values(_INBOUND_PAGE, {"o": subject, "p": prop}) + f" LIMIT {per_kind} OFFSET {start}"
        pages.append((prop, count, start, [row["s"] for row in store.query(query)]))
    named = _named(fact_rows, blank_rows) | {iri} | {prop.value for prop, _ in kinds}
    named.update(s.value for _, _, _, subjects in pages for s in subjects)
    labels = labels_of(store, named)
    return _described(iri, labels, fact_rows, blank_rows, facts_truncated=truncated,
                      inbound_kinds=[{"property": term_json(prop, labels), "count": count, "offset": start,
                                      "subjects": [term_json(s, labels) for s in subjects]}
                                     for prop, count, start, subjects in pages])


def _described(iri: str, labels: dict, fact_rows, blank_rows, **links) -> dict:
    """The part of an entity's description both readers share: names, types and facts, then ``links``."""
    ordered = _shaped_facts(fact_rows, blank_rows, labels)
    return {
        "iri": iri,
        "id": iri.removeprefix(ID) if iri.startswith(ID) else None,
        "labels": labels.get(iri, {}),
        "alt_labels": _alt_labels(ordered),
        "types": _types(ordered),
        "facts": ordered,
        **links,
    }


def _named(fact_rows, blank_rows) -> set[str]:
    named = set()
    for row in fact_rows:
        named.update(term.value for term in (row["p"], row["o"], row["g"], row["mode"], row["source"])
                     if isinstance(term, ox.NamedNode))
    for row in blank_rows:
        named.update(term.value for term in (row["p"], row["o"]) if isinstance(term, ox.NamedNode))
    return named


def _types(ordered: list[dict]) -> list[dict]:
    return sorted({f["value"]["value"]: f["value"] for f in ordered if f["property"]["value"] == RDF + "type"}.values(),
                  key=lambda t: t["value"])


def _shaped_facts(fact_rows, blank_rows, labels) -> list[dict]:
    """The facts of the rows, each with its graph's provenance and its blank node's own facts, in order."""
    graphs: dict[str, dict] = {}
    facts: dict[tuple, dict] = {}
    for row in fact_rows:
        graph = graphs.setdefault(row["g"].value, {
            "type": "uri", "value": row["g"].value, "labels": labels.get(row["g"].value, {}),
            "assertion_mode": None, "sources": [],
        })
        if row["mode"] is not None:
            graph["assertion_mode"] = row["mode"].value.removeprefix(_MODE_BASE)
        source = row["source"]
        if source is not None and all(s["value"] != source.value for s in graph["sources"]):
            graph["sources"].append(term_json(source, labels))
        key = (row["p"].value, str(row["o"]), row["g"].value)
        if key not in facts:
            fact = {"property": term_json(row["p"], labels), "value": term_json(row["o"], labels), "graph": graph}
            facts[key] = fact
    blank_facts: dict[str, list] = {}
    for row in blank_rows:
        blank_facts.setdefault(row["b"].value, []).append(
            {"property": term_json(row["p"], labels), "value": term_json(row["o"], labels)})
    for fact in facts.values():
        if fact["value"]["type"] == "bnode":
            fact["value"]["facts"] = sorted(blank_facts.get(fact["value"]["value"], []),
                                            key=lambda f: (f["property"]["value"], f["value"]["value"]))
    for graph in graphs.values():
        graph["sources"].sort(key=lambda source: source["value"])
    return sorted(facts.values(), key=lambda f: (f["property"]["value"], f["value"]["value"], f["graph"]["value"]))


def search_labels(store, q: str, limit: int = 20) -> dict:
    """Find entities whose label contains ``q`` (any case, any language), best matches first.

    An exact label ranks before a label that starts with ``q``, which ranks
    before one that contains it; then preferred labels before alternative
    ones, shorter labels first, and IRIs in order. Labels are compared folded
    (:func:`kg.labels.fold`), in the index of :mod:`kg.search_index`, built
    once per store snapshot; until it is built (it waits :data:`INDEX_WAIT`
    seconds for it), the store is asked, with the same answers
    (:mod:`kg.search_by_store`).

    Parameters
    ----------
    store : kg.store.GraphStore
    q : str
    limit : int, optional
        At most this many entities (1 to 200).

    Returns
    -------
    dict
        ``{"q": q, "results": [{"iri", "id", "labels", "types", "matched_label", "match"}]}``

    Examples
    --------
    >>> from kg.build import build_memory
    >>> store = build_memory()
    >>> [(hit["id"], hit["match"]) for hit in search_labels(store, "beij", limit=2)["results"]]
    [('city/beijing', 'prefix'), ('metro/jing-jin-ji', 'prefix')]
    >>> search_labels(store, "北京", limit=1)["results"][0]["labels"]
    {'en': 'Beijing', 'zh': '北京'}
    """
    needle = _labels.fold(q)
    if not needle:
        raise InnokgError("give some text to search for: ?q=北京")
    if not 1 <= limit <= 200:
        raise InnokgError("limit must be between 1 and 200")
    index = label_index(store, wait=INDEX_WAIT)
    ranked = index.find(needle, limit) if index is not None else ranked_by_store(store, needle, limit)
    iris = [iri for iri, _label, _kind in ranked]
    labels = labels_of(store, iris)
    types: dict[str, list[str]] = {}
    if iris:
        values = " ".join(str(ox.NamedNode(iri)) for iri in iris)
        for row in store.query(f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }}"):
            types.setdefault(row["s"].value, []).append(row["t"].value)
    results = [
        {"iri": iri, "id": iri.removeprefix(ID) if iri.startswith(ID) else None, "labels": labels.get(iri, {}),
         "types": sorted(set(types.get(iri, []))), "matched_label": label, "match": kind}
        for iri, label, kind in ranked
    ]
    return {"q": q, "results": results}


def _alt_labels(facts: list[dict]) -> dict[str, list[str]]:
    alternatives: dict[str, set[str]] = {}
    for fact in facts:
        if fact["property"]["value"] == _ALT and fact["value"]["type"] == "literal":
            language = (fact["value"].get("xml:lang") or "").split("-")[0]
            alternatives.setdefault(language, set()).add(fact["value"]["value"])
    return {language: sorted(values) for language, values in sorted(alternatives.items())}
