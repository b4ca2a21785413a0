"""What every part of the generator shares: the random source, the writer, the plan.

Also the small text builders used everywhere: two labels, a date instant,
a fact graph's description.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from kg.generate.vocabulary import CONCEPT, T, graph
from kg.generate.writer import QuadWriter, lang, typed

__all__ = ["Plan", "Context", "labels", "SOURCES_GRAPH"]

#: The graph that describes the generated sources and fact graphs.
SOURCES_GRAPH = graph("generated-sources")

_LABEL = T.rdfs_label
_TYPE = T.rdf_type


@dataclass(frozen=True)
class Plan:
    """How big each part of a generated ecosystem is, derived from the target size.

    Rankings, places and policies grow slowly with the target; parks, their
    firms and the firms' funding make up the rest.

    Examples
    --------
    >>> Plan.for_scale(10_000)
    Plan(triples=10000, countries=8, cities=20, list_size=10, indexes=1, editions=3, funders=4, channels=3)
    """

    triples: int
    countries: int
    cities: int
    list_size: int
    indexes: int
    editions: int
    funders: int
    channels: int

    @classmethod
    def for_scale(cls, triples: int) -> Plan:
        """Return the plan for about ``triples`` triples."""
        def clamp(value, low, high):
            return max(low, min(high, value))

        return cls(
            triples=triples,
            countries=clamp(triples // 20_000, 8, 24),
            cities=clamp(triples // 1_000, 20, 2_000),
            list_size=clamp(triples // 2_500, 10, 100),
            indexes=clamp(1 + triples // 3_000_000, 1, 4),
            editions=3 if triples < 50_000 else 5,
            funders=clamp(triples // 100_000, 4, 60),
            channels=clamp(triples // 200_000, 3, 30),
        )


@dataclass
class Context:
    """The state of one run: plan, random source, writer and blank-node counter."""

    plan: Plan
    rng: random.Random
    out: QuadWriter
    seed: int = 0
    blank_nodes: int = 0
    #: Filled by the parts in order: the entities later parts refer to.
    registry: dict = field(default_factory=dict)

    def instant(self, value: str, datatype: str = "date") -> tuple[str, str]:
        """Return a new ``time:Instant`` blank node and its triples.

        ``datatype`` is ``date``, ``gYearMonth`` or ``gYear``.
        """
        self.blank_nodes += 1
        node = f"_:i{self.blank_nodes}"
        predicate = {"date": T.time_inXSDDate, "gYearMonth": T.time_inXSDgYearMonth,
                     "gYear": T.time_inXSDgYear}[datatype]
        return node, (f"{node} {_TYPE} {T.time_Instant} .\n"
                      f"{node} {predicate} {typed(value, datatype)} .\n")

    def fact_graph(self, graph_iri: str, zh: str, en: str, source: str, mode: str,
                   attributed_to: str | None = None) -> None:
        """Describe a named graph as an ``ik:FactGraph`` (in :data:`SOURCES_GRAPH`)."""
        body = (f"{graph_iri} {_TYPE} {T.ik_FactGraph} .\n{labels(graph_iri, zh, en)}"
                f"{graph_iri} {T.prov_wasDerivedFrom} {source} .\n"
                f"{graph_iri} {T.ik_assertionMode} {CONCEPT['mode'][mode]} .\n")
        if attributed_to:
            body += f"{graph_iri} {T.prov_wasAttributedTo} {attributed_to} .\n"
        self.out.emit(SOURCES_GRAPH, body)


def labels(subject: str, zh: str, en: str) -> str:
    """Return the two ``rdfs:label`` triples of a subject, in zh-Hans and en.

    Examples
    --------
    >>> print(labels("<http://e/a>", "甲", "A"), end="")
    <http://e/a> <http://www.w3.org/2000/01/rdf-schema#label> "甲"@zh-Hans .
    <http://e/a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en .
    """
    return f"{subject} {_LABEL} {lang(zh, 'zh-Hans')} .\n{subject} {_LABEL} {lang(en, 'en')} .\n"
