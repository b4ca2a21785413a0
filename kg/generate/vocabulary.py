"""The terms the generator writes, in N-Triples syntax, and its IRI patterns.

Entity IRIs follow the seed's patterns (``…/id/city/<key>``, ``…/id/org/<key>``,
``…/id/person/<key>`` …); named graphs are ``…/graph/<key>``.
"""

from __future__ import annotations

from kg.namespaces import PREFIXES

__all__ = ["ID", "GRAPH", "entity", "graph", "T", "C", "CONCEPT", "DIMENSIONS"]

#: Where entity IRIs start.
ID = "https://w3id.org/innokg/id/"
#: Where named-graph IRIs start.
GRAPH = "https://w3id.org/innokg/graph/"


def entity(kind: str, key: str) -> str:
    """Return the IRI of an entity, written for N-Triples.

    Examples
    --------
    >>> entity("city", "tai-heng")
    '<https://w3id.org/innokg/id/city/tai-heng>'
    """
    return f"<{ID}{kind}/{key}>"


def graph(key: str) -> str:
    """Return the IRI of a named graph, written for N-Triples (``graph("x")`` is ``<…/graph/x>``)."""
    return f"<{GRAPH}{key}>"


class _Namespace:
    """Attribute access to ``<namespace + name>``."""

    def __init__(self, **namespaces: str):
        self._namespaces = namespaces

    def __getattr__(self, name: str) -> str:
        prefix, _, local = name.partition("_")
        if name.startswith("_") or prefix not in self._namespaces:
            raise AttributeError(name)
        value = f"<{self._namespaces[prefix]}{local}>"
        setattr(self, name, value)
        return value


#: Predicates and types by prefix, e.g. ``T.ik_rank``, ``T.rdfs_label``, ``T.rdf_type``.
T = _Namespace(**{prefix: PREFIXES[prefix] for prefix in (
    "ik", "rdf", "rdfs", "skos", "org", "schema", "prov", "time", "geo", "dcterms", "xsd")})


class _Classes:
    """Attribute access to ``<ik: + name>``."""

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        value = f"<{PREFIXES['ik']}{name}>"
        setattr(self, name, value)
        return value


#: Classes of the innokg ontology, e.g. ``C.City``.
C = _Classes()


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
