"""Units that span several places (clusters, metropolitan areas): a city's rank in another index through them.

An index of science-and-technology clusters ranks 东京—横滨, not 东京; a
cluster is a place of its own that contains cities (``ik:containsPlace``),
never the same as one of them. The cross-index views (``rankings indexes``,
``rankings profile``) show a city's rank in such an index through the unit
that contains it, and say so: ``via cluster 东京—横滨 / Tokyo–Yokohama``. A
metropolitan area contains the cities linked to it by ``ik:containsPlace``
or their ``ik:inMetropolitanArea``. The question is the saved query
``policy-containing-units`` (``queries/policy/``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kg.namespaces import IK
from kg.policy.lookup import Label, labels
from kg.policy.sparql import run_policy_query
from kg.store import GraphStore

__all__ = ["Unit", "containing_units", "through_units"]

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
        names = " / ".join(dict.fromkeys(name for name in (self.label.zh, self.label.en) if name))
        return f"via {self.kind} {names or self.iri}"


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
