"""Units that span several places (clusters, metropolitan areas): a city's rank in another index through them.

An index of science-and-technology clusters ranks 东京—横滨, not 东京; a
cluster is a place of its own that contains cities (``ik:containsPlace``),
never the same as one of them. The cross-index views (``rankings indexes``,
``rankings profile``) show a city's rank in such an index through the unit
that contains it, and say so: ``via cluster 东京—横滨 / Tokyo–Yokohama``. A
metropolitan area contains the cities linked to it by ``ik:containsPlace``
or their ``ik:inMetropolitanArea``. The other way round, ``rankings indexes``
of a cluster or metropolitan area lists its own ranks and those of the cities
it contains (:func:`unit_with_cities`), each saying so (``in cluster
东京—横滨 / Tokyo–Yokohama``). The questions are the saved queries
``policy-containing-units`` and ``policy-contained-places`` (``queries/policy/``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import IK
from kg.policy.lookup import Label, labels
from kg.policy.sparql import run_policy_query
from kg.store import GraphStore

__all__ = ["Unit", "containing_units", "through_units", "unit_with_cities"]

#: How a unit's kind is said, by its class.
_KIND_WORDS = {IK + "Cluster": "cluster", IK + "MetropolitanArea": "metropolitan area"}


@dataclass(frozen=True)
class Unit:
    """A unit that contains a place: its IRI, kind (``cluster`` or ``metropolitan area``) and names."""

    iri: str
    kind: str
    label: Label

    @property
    def via(self) -> str:
        """``via cluster 东京—横滨 / Tokyo–Yokohama``: how a view says a rank came through the unit."""
        return f"via {self.kind} {self.names}"

    @property
    def within(self) -> str:
        """``in cluster 东京—横滨 / Tokyo–Yokohama``: how a view says a city's rank is that of a city the unit contains."""
        return f"in {self.kind} {self.names}"

    @property
    def names(self) -> str:
        """``东京—横滨 / Tokyo–Yokohama``: its names, or its IRI when it has none."""
        return " / ".join(dict.fromkeys(name for name in (self.label.zh, self.label.en) if name)) or self.iri


def containing_units(store: GraphStore, places: set[str]) -> list[Unit]:
    """The clusters and metropolitan areas that contain any of ``places`` (the IRIs of one city), by kind and IRI.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> [unit.via for unit in containing_units(build_memory(), {"https://w3id.org/innokg/id/city/shanghai"})]
    ['via metropolitan area 长三角 / Yangtze River Delta']
    """
    if not places:
        return []
    rows = run_policy_query(store, "policy-containing-units", {"place": sorted(places)})
    found = {row["unit"].value: row["kind"].value for row in rows}
    names = labels(store, set(found))
    units = [Unit(iri, _KIND_WORDS[kind], names[iri]) for iri, kind in found.items()]
    return sorted(units, key=lambda unit: (unit.kind, unit.iri))


def unit_with_cities(store: GraphStore, iri: str) -> tuple[Unit | None, list[str]]:
    """The cluster or metropolitan area ``iri`` and the cities it contains (sorted IRIs); (None, []) for another place.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> unit, cities = unit_with_cities(build_memory(), "https://w3id.org/innokg/id/metro/yangtze-river-delta")
    >>> unit.within, [city.rsplit("/", 1)[1] for city in cities]
    ('in metropolitan area 长三角 / Yangtze River Delta', ['hangzhou', 'shanghai'])
    >>> unit_with_cities(build_memory(), "https://w3id.org/innokg/id/city/shanghai")
    (None, [])
    """
    kind = next((kind for kind in _KIND_WORDS
                 if list(run_policy_query(store, "policy-instances-of", {"s": [iri], "c": [kind]}))), None)
    if kind is None:
        return None, []
    cities = sorted({row["place"].value for row in run_policy_query(store, "policy-contained-places",
                                                                      {"unit": ox.NamedNode(iri)})})
    return Unit(iri, _KIND_WORDS[kind], labels(store, {iri})[iri]), cities


def through_units(ranks: dict, city: str, units: list[Unit]) -> dict:
    """``ranks`` (:class:`kg.policy.rankings.Rank` s keyed by (place IRI, dimension IRI)) with, for each dimension
    ``city`` has no rank on, the rank of the first of ``units`` that has one, its ``through`` saying so.

    Examples
    --------
    >>> from kg.policy.rankings import Rank
    >>> unit = Unit("u", "cluster", Label("u", "东京—横滨", "Tokyo–Yokohama"))
    >>> through_units({("u", "overall"): Rank(exact=(2,))}, "tokyo", [unit])[("tokyo", "overall")].through
    'via cluster 东京—横滨 / Tokyo–Yokohama'
    """
    added = dict(ranks)
    for unit in units:
        for (place, dimension), rank in ranks.items():
            if place == unit.iri and (city, dimension) not in added:
                added[(city, dimension)] = dataclasses.replace(rank, through=unit.via)
    return added
