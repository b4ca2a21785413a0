"""The metric registry: one entry per measure a hub score row holds, the one place that names them.

Each :class:`Metric` ties a row key of :func:`kg.network.report.compute_metrics`
to the ontology property that stores it, its datatype and how it is shown.
Its labels in Chinese and English and its definitions are the property's
``rdfs:label`` and ``skos:definition`` in ``ontology/metrics.ttl``, read once
when first asked for, so the ontology is their one source. The report, the
write-back, the stored-run reader, the hubs page, the GraphML/GEXF export and
``innokg metrics --help`` read the registry, so adding a metric is one entry
here, one property in the ontology and the code that computes it.

Examples
--------
>>> metric = METRICS["betweenness"]
>>> metric.prop, metric.label_zh, metric.label_en, metric.show(0.123456)
('betweenness', '介数中心性', 'betweenness', '0.1235')
>>> [metric.key for metric in page_metrics()][:3]
['hub_score', 'degree', 'betweenness']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import IK
from kg.paths import ONTOLOGY_DIR

__all__ = ["Metric", "METRICS", "METRICS_ONTOLOGY", "ROLE_LABELS", "REPORT_TABLE", "HUBS_PAGE", "page_metrics",
           "role_label"]

#: The ontology module whose ``ik:HubScore`` properties label and define the metrics.
METRICS_ONTOLOGY = ONTOLOGY_DIR / "metrics.ttl"

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"


@cache
def _ontology_texts() -> dict[tuple[str, str, str], str]:
    """(property IRI, ``label`` or ``definition``, ``zh`` or ``en``) -> text, from :data:`METRICS_ONTOLOGY`."""
    kinds = {_LABEL: "label", _DEFINITION: "definition"}
    texts = {}
    for triple in ox.parse(path=METRICS_ONTOLOGY, format=ox.RdfFormat.TURTLE):
        kind, value = kinds.get(triple.predicate.value), triple.object
        if kind and isinstance(value, ox.Literal) and value.language:
            texts[triple.subject.value, kind, value.language.split("-")[0]] = value.value
    return texts


@dataclass(frozen=True)
class Metric:
    """One measure of a hub score row.

    Attributes
    ----------
    key : str
        The row key (report column, CSV header, JSON field, GraphML/GEXF node attribute).
    prop : str
        The local name of its ``ik:`` property on an ``ik:HubScore``.
    datatype : {'integer', 'double', 'string'}
        The XSD datatype of the stored value.
    label_zh, label_en, description_zh, description : str
        The property's ``rdfs:label`` and ``skos:definition`` in ``zh-Hans`` and ``en``, read from the ontology.
    """

    key: str
    prop: str
    datatype: str

    @property
    def iri(self) -> str:
        """The full IRI of the ontology property.

        >>> METRICS["rank"].iri
        'https://w3id.org/innokg/ont#hubRank'
        """
        return IK + self.prop

    def _text(self, kind: str, lang: str) -> str:
        try:
            return _ontology_texts()[self.iri, kind, lang]
        except KeyError:
            raise InnokgError(f"{METRICS_ONTOLOGY.name}: ik:{self.prop} has no {kind} in {lang}") from None

    def label(self, lang: str) -> str:
        """The label in ``lang`` (``zh`` or ``en``).

        >>> METRICS["core"].label("zh"), METRICS["core"].label("en")
        ('k-核', 'k-core')
        """
        return self._text("label", "zh" if lang == "zh" else "en")

    def definition(self, lang: str) -> str:
        """The definition in ``lang`` (``zh`` or ``en``).

        >>> METRICS["degree"].definition("en")
        'The number of distinct neighbours of a node, either direction.'
        """
        return self._text("definition", "zh" if lang == "zh" else "en")

    label_zh = property(lambda self: self.label("zh"), doc="The Chinese label (page column header).")
    label_en = property(lambda self: self.label("en"), doc="The English label (page column header).")
    description_zh = property(lambda self: self.definition("zh"), doc="The Chinese definition.")
    description = property(lambda self: self.definition("en"), doc="The English definition.")

    def show(self, value) -> str:
        """The value as a table cell: doubles with four decimals, the rest as text.

        >>> METRICS["pagerank"].show(0.5), METRICS["degree"].show(7), METRICS["role"].show("liaison")
        ('0.5000', '7', 'liaison')
        """
        if self.datatype == "double" and isinstance(value, float):
            return f"{value:.4f}"
        return str(value)


#: Every measure of a hub score row, by key, in report column order (after node, labels and element):
#: key -> (``ik:`` property, datatype).
METRICS = {key: Metric(key, prop, datatype) for key, (prop, datatype) in {
    "rank": ("hubRank", "integer"),
    "hub_score": ("hubScore", "double"),
    "degree": ("degree", "integer"),
    "weighted_degree": ("weightedDegree", "double"),
    "pagerank": ("pageRank", "double"),
    "betweenness": ("betweenness", "double"),
    "harmonic": ("harmonicCloseness", "double"),
    "eigenvector": ("eigenvectorCentrality", "double"),
    "hits_hub": ("hitsHub", "double"),
    "hits_authority": ("hitsAuthority", "double"),
    "core": ("coreNumber", "integer"),
    "brokerage": ("brokerageCount", "integer"),
    "role": ("brokerageRole", "string"),
    "coordinator": ("coordinatorCount", "integer"),
    "itinerant": ("itinerantCount", "integer"),
    "representative": ("representativeCount", "integer"),
    "gatekeeper": ("gatekeeperCount", "integer"),
    "liaison": ("liaisonCount", "integer"),
}.items()}

#: Gould–Fernandez brokerage role -> (zh, en), the values of ``role``.
ROLE_LABELS = {
    "coordinator": ("协调者", "coordinator"), "itinerant": ("顾问", "itinerant"),
    "representative": ("代表", "representative"), "gatekeeper": ("守门人", "gatekeeper"),
    "liaison": ("联络者", "liaison"), "none": ("无", "none"),
}

#: The metrics ``innokg metrics`` prints as a table (CSV and JSON carry them all), in order.
REPORT_TABLE = ("rank", "hub_score", "degree", "pagerank", "betweenness", "harmonic", "eigenvector", "hits_hub",
                "hits_authority", "core", "brokerage", "role")

#: The metric columns of the hubs page, in order (after rank, entity and element).
HUBS_PAGE = ("hub_score", "degree", "betweenness", "pagerank", "harmonic", "eigenvector", "hits_hub",
             "hits_authority", "core", "role")


def page_metrics() -> list[Metric]:
    """The metrics of the hubs page, in column order.

    >>> [metric.label_en for metric in page_metrics()][-2:]
    ['k-core', 'brokerage role']
    """
    return [METRICS[key] for key in HUBS_PAGE]


def role_label(role: str, lang: str) -> str:
    """The name of a brokerage role in ``lang`` (``zh`` or ``en``); an unknown role as given.

    >>> role_label("gatekeeper", "zh"), role_label("liaison", "en"), role_label("other", "zh")
    ('守门人', 'liaison', 'other')
    """
    return ROLE_LABELS.get(role, (role, role))[0 if lang == "zh" else 1]
