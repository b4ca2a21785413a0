"""The terms the generator writes, in N-Triples syntax, and its IRI patterns.

Entity IRIs follow the seed's patterns (``…/id/city/<key>``, ``…/id/org/<key>``,
``…/id/person/<key>`` …); named graphs are ``…/graph/<key>``.
"""

from __future__ import annotations

from kg.generate.writer import iri
from kg.namespaces import GRAPH, ID, PREFIXES

# ID and GRAPH (where entity and named-graph IRIs start) are kg.namespaces', named here for the generator.
__all__ = ["ID", "GRAPH", "entity", "graph", "T", "C", "CONCEPT", "DIMENSIONS"]


def entity(kind: str, key: str) -> str:
    """Return the IRI of an entity, written for N-Triples.

    Examples
    --------
    >>> entity("city", "tai-heng")
    '<https://w3id.org/innokg/id/city/tai-heng>'
    """
    return iri(f"{ID}{kind}/{key}")


def graph(key: str) -> str:
    """Return the IRI of a named graph, written for N-Triples (``graph("x")`` is ``<…/graph/x>``)."""
    return iri(GRAPH + key)


class _Terms:
    """Attribute access to IRIs written for N-Triples, each made once: ``prefix_local`` over several
    namespaces (``T.rdfs_label``), or ``local`` in one (``C.City``)."""

    def __init__(self, namespaces: dict[str, str] | str):
        self._namespaces = namespaces

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        if isinstance(self._namespaces, str):
            value = iri(self._namespaces + name)
        else:
            prefix, _, local = name.partition("_")
            if prefix not in self._namespaces:
                raise AttributeError(name)
            value = iri(self._namespaces[prefix] + local)
        setattr(self, name, value)
        return value


#: Predicates and types by prefix, e.g. ``T.ik_rank``, ``T.rdfs_label``, ``T.rdf_type``.
T = _Terms({prefix: PREFIXES[prefix] for prefix in (
    "ik", "rdf", "rdfs", "skos", "org", "schema", "prov", "time", "geo", "dcterms", "xsd")})

#: Classes of the innokg ontology, e.g. ``C.City``.
C = _Terms(PREFIXES["ik"])


def _concepts(kind: str, *keys: str) -> dict[str, str]:
    return {key: entity(kind, key) for key in keys}


#: The concepts of ontology/schemes.ttl the generator uses, by scheme and key.
CONCEPT = {
    "stage": _concepts("stage", "proof-of-concept", "pilot-scale-maturation", "industrial-incubation"),
    "role": _concepts("role", "technology-manager", "founder", "co-founder", "general-manager",
                      "institute-head"),
    "qualifier": _concepts("qualifier", "exact", "lower-bound", "approximate"),
    "status": _concepts("status", "applied", "approved", "disbursed", "converted",
                        "grant-approved-conversion-not-reported"),
    "trend": _concepts("trend", "rose", "held", "fell"),
    "mode": _concepts("assertion-mode", "stated", "inferred", "reference"),
    "level": _concepts("level", "national", "municipal", "district"),
    "itype": _concepts("instrument-type", "convertible-grant", "grant", "equity-investment", "loan",
                       "tax-incentive"),
    "stype": _concepts("service-type", "referral", "application-support", "investment-agreement",
                       "equity-structure", "risk-analysis"),
    "indicator": _concepts("indicator", "incubated-firms", "funding-amount", "key-transfer-projects"),
    "field": _concepts("field", "power-semiconductors", "power-electronics", "hard-tech"),
    "park-role": _concepts("park-role", "space-provider", "innovation-partner", "transfer-partner"),
    "profile": _concepts("team-profile", "research-background", "no-business-experience"),
}

#: Ranking dimensions: (key, short Chinese name, short English name).
DIMENSIONS = (
    ("overall", "综合", "overall"),
    ("innovation-factor-agglomeration", "创新要素集聚", "factor agglomeration"),
    ("scientific-research-leadership", "科学研究引领", "research leadership"),
    ("technology-innovation-origination", "技术创新策源", "technology origination"),
    ("industrial-transformation-driving", "产业变革驱动", "industrial transformation"),
    ("innovation-environment-support", "创新环境支撑", "environment support"),
)
