"""Rank ties: two cities given the same exact rank in one edition and dimension.

A tie may be what the source says (some indexes share ranks) or a typing
slip; the import keeps it as stated and :func:`rank_ties` lets the command
warn about every tie an imported graph takes part in, with the cities.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.store import GraphStore

__all__ = ["Tie", "rank_ties"]


@dataclass(frozen=True)
class Tie:
    """One rank held by several cities in one edition and dimension.

    Attributes
    ----------
    edition, dimension : str
        Their English labels.
    rank : int
    cities : tuple of str
        The Chinese names of the cities holding it, sorted.
    """

    edition: str
    dimension: str
    rank: int
    cities: tuple[str, ...]

    def text(self) -> str:
        """``rank 5 of GIS100 2024 edition (overall ranking) is held by 2 cities: 上海, 北京``."""
        return (f"rank {self.rank} of {self.edition} ({self.dimension}) is held by {len(self.cities)} cities: "
                f"{', '.join(self.cities)}")


_TIES = """
SELECT ?edition ?dimension ?rank (GROUP_CONCAT(DISTINCT ?name; separator="|") AS ?names)
       (COUNT(DISTINCT ?city) AS ?cities) WHERE {
  { SELECT DISTINCT ?edition ?dimension ?rank WHERE {
      GRAPH <%s> { ?observation ik:edition ?edition ; ik:dimension ?dimension ; ik:rank ?rank } } }
  ?other ik:edition ?edition ; ik:dimension ?dimension ; ik:rank ?rank ; ik:city ?city .
  OPTIONAL { ?city rdfs:label ?zh FILTER LANGMATCHES(LANG(?zh), "zh") }
  BIND (COALESCE(?zh, STR(?city)) AS ?name)
}
GROUP BY ?edition ?dimension ?rank
HAVING (COUNT(DISTINCT ?city) > 1)
ORDER BY ?edition ?dimension ?rank"""


def rank_ties(store: GraphStore, graph: str) -> list[Tie]:
    """The ties that the rank observations of ``graph`` take part in (against any graph).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> store = build_memory()
    >>> rank_ties(store, "https://w3id.org/innokg/graph/gis100-2025-global")
    []
    """
    if any(c in graph for c in '<>"{}|^`\\ '):
        raise ValueError(f"not an IRI: {graph!r}")
    rows = store.query(_TIES % graph)
    ties = []
    for row in rows:
        names = sorted(set(row["names"].value.split("|")))
        ties.append(Tie(_label(store, row["edition"]), _label(store, row["dimension"]), int(row["rank"].value),
                        tuple(names)))
    return ties


def _label(store: GraphStore, node: ox.NamedNode) -> str:
    rows = list(store.query("SELECT ?x ?label WHERE { ?x rdfs:label|skos:prefLabel ?label "
                            'FILTER LANGMATCHES(LANG(?label), "en") } ORDER BY ?label LIMIT 1',
                            bindings={"x": node}))
    return rows[0]["label"].value if rows else node.value
