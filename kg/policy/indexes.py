"""Cities across ranking indexes: reconciled by IRI, ``owl:sameAs`` or normalised label, ranks side by side.

Each index names its cities its own way. A city is reconciled across indexes
(:func:`reconcile_city`) by IRI, by ``owl:sameAs`` / ``skos:exactMatch``, or
by a shared label once normalised (NFKC, case-folded, spaces and punctuation
dropped, a trailing 市 or " city" removed), so "北京市" in one index meets
"北京" in another. :func:`compare_indexes` then lists its ranks in every
index and edition, the indexes kept apart; in an index of clusters (or
metropolitan areas), through the unit that contains the city, saying so
(``via cluster 东京—横滨 / Tokyo–Yokohama``, :mod:`kg.policy.units`). Asked
about a cluster or metropolitan area, it lists the unit's own ranks and
those of each city the unit contains (``in cluster 东京—横滨 / Tokyo–Yokohama``).
The labels and the ``sameAs`` links are read by the saved queries
``policy-city-labels`` and ``policy-same-as`` (``queries/policy/``).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from kg.labels import fold
from kg.policy.lookup import labels, resolve
from kg.policy.rankings import dimension_notations, editions, observations
from kg.policy.sparql import run_policy_query
from kg.policy.units import containing_units, unit_with_cities
from kg.store import GraphStore

__all__ = ["normalise_label", "reconcile_city", "compare_indexes", "INDEX_COLUMNS", "index_rows"]

_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)
_IK = "https://w3id.org/innokg/ont#"
#: What ``rankings indexes`` takes: a city, or a unit spanning several places.
_UNIT_CLASSES = [_IK + "City", _IK + "Cluster", _IK + "MetropolitanArea"]


def normalise_label(text: str) -> str:
    """The form labels are compared in when reconciling cities: :func:`kg.labels.fold`, then no 市/city and no punctuation.

    Examples
    --------
    >>> normalise_label("北京市"), normalise_label("Washington, D.C."), normalise_label("Peking City")
    ('北京', 'washingtondc', 'peking')
    """
    text = fold(text)
    text = re.sub(r"(市| city)$", "", text)
    return _PUNCTUATION.sub("", text)


def reconcile_city(store: GraphStore, city: str) -> dict[str, str]:
    """Every city IRI that names the same city as ``city``, with how it was matched.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> reconcile_city(build_memory(), "北京")
    {'https://w3id.org/innokg/id/city/beijing': 'same IRI'}
    """
    anchor = resolve(store, city, classes=[_IK + "City"], what="city")
    names: dict[str, set[str]] = defaultdict(set)
    for row in run_policy_query(store, "policy-city-labels"):
        names[row["city"].value].add(row["label"].value)
    matched = {anchor: "same IRI"}
    for row in run_policy_query(store, "policy-same-as", {"a": ox.NamedNode(anchor)}):
        matched.setdefault(row["other"].value, "owl:sameAs" if row["p"].value.endswith("sameAs") else "skos:exactMatch")
    anchor_keys = {normalise_label(label): label for label in names.get(anchor, ())}
    for other, other_labels in sorted(names.items()):
        if other in matched:
            continue
        for label in sorted(other_labels):
            key = normalise_label(label)
            if key and key in anchor_keys:
                matched[other] = f"label “{label}” ~ “{anchor_keys[key]}”"
                break
    return matched


#: Columns of :func:`index_rows`.
INDEX_COLUMNS = ["index", "edition", "dimension", "city_as_named", "rank", "matched_by", "sources"]


def compare_indexes(store: GraphStore, city: str) -> list[dict]:
    """A city's ranks in every index and edition, the indexes kept apart, the city reconciled across them.

    Where an index ranks a unit that contains the city (a cluster or
    metropolitan area) and not the city itself, the unit's rank is shown,
    ``matched_by`` saying ``via cluster 东京—横滨 / Tokyo–Yokohama``. ``city``
    may name a cluster or metropolitan area: then its own ranks are listed
    (``same IRI``) with those of every city it contains, each reconciled as a
    city is and saying ``in metropolitan area 长三角 / Yangtze River Delta``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> [(row["index"].en, row["year"], row["dimension"].en, row["rank"].text()) for row in compare_indexes(build_memory(), "Shanghai")][:2]
    [('Global Science and Technology Innovation Centres 100', 2025, 'overall ranking', '10'), ('Global Science and Technology Innovation Centres 100', 2025, 'global agglomeration of innovation factors', '')]
    """
    anchor = resolve(store, city, classes=_UNIT_CLASSES, what="city, cluster or metropolitan area")
    unit, cities = unit_with_cities(store, anchor)
    if unit is None:  # a city: its own ranks, and those of the units that contain it
        matched = reconcile_city(store, anchor)
        wanted = [(matched, {unit.iri: unit for unit in containing_units(store, set(matched))})]
    else:  # a unit: its own ranks, and those of each city it contains (each reconciled as a city is)
        wanted = [({anchor: "same IRI"}, {})]
        for contained in cities:
            wanted.append(({iri: unit.within if how == "same IRI" else f"{unit.within} ({how})"
                            for iri, how in reconcile_city(store, contained).items()}, {}))
    rows = []
    for edition in editions(store):
        ranks = observations(store, edition)
        for matched, units in wanted:
            own = {dimension for city_iri, dimension in ranks if city_iri in matched}
            for (city_iri, dimension), rank in ranks.items():
                how = matched.get(city_iri) or (units[city_iri].via if city_iri in units and dimension not in own
                                                else "")
                if how:
                    rows.append({"edition_iri": edition.iri, "index_iri": edition.index, "year": edition.year,
                                 "dimension_iri": dimension, "city_iri": city_iri, "rank": rank, "matched_by": how})
    names = labels(store, {row[k] for row in rows for k in ("index_iri", "dimension_iri", "city_iri")})
    notations = dimension_notations(store, {row["dimension_iri"] for row in rows})
    for row in rows:
        row["index"], row["dimension"], row["city"] = (names[row["index_iri"]], names[row["dimension_iri"]],
                                                       names[row["city_iri"]])
    rows.sort(key=lambda r: (r["index"].en, r["year"], notations.get(r["dimension_iri"], "~"), r["dimension"].en,
                             r["rank"].sort_key))
    return rows


def index_rows(rows: list[dict]) -> list[list[str]]:
    """Rows of :data:`INDEX_COLUMNS`."""
    return [[row["index"].en or row["index"].text, str(row["year"]), row["dimension"].en or row["dimension"].text,
             " / ".join(x for x in (row["city"].zh, row["city"].en) if x), row["rank"].text(), row["matched_by"],
             " | ".join(s.text() for s in row["rank"].sources)] for row in rows]
