"""The ranking graph behind ``innokg viz ranking``, ``/views/ranking`` and the home page: one edition of one index.

Two indexes may both have a 2025 edition: a ranking is always read from one
edition of one index, by default the seed's index (the GIS100) when it ranks
the dimension, else the one index that does. The edition is the latest that
ranks the dimension unless a year is given.
"""

from __future__ import annotations

import weakref

import pyoxigraph as ox

from kg.entities import EntityNotFound
from kg.namespaces import ID, IK
from kg.sparql_text import bind_values
from kg.store.memo import once_per_snapshot
from kg.views.model import ViewEdge, ViewGraph, ViewNode

__all__ = ["ranking_choices", "ranking_edition", "ranking_graph", "shown_size"]

_OVERALL = ID + "dimension/overall"
_RANKS = """
SELECT ?city ?rank ?atMost ?approx WHERE {
  ?obs ik:edition ?edition ; ik:dimension ?dimension ; ik:city ?city .
  OPTIONAL { ?obs ik:rank ?rank } OPTIONAL { ?obs ik:rankAtMost ?atMost } OPTIONAL { ?obs ik:approximateRank ?approx }
}"""
_RANKED = """
SELECT DISTINCT ?edition ?dimension WHERE {
  ?edition a ik:RankingEdition . ?obs ik:edition ?edition ; ik:dimension ?dimension ; ik:city ?c .
}"""


_RANKED_OF: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _ranked(store) -> list[tuple[object, str]]:
    """(:class:`kg.policy.editions.Edition`, dimension IRI) for every edition and dimension with ranks, latest first.

    Asking reads every rank observation (0.23 s at 10M triples, three times a home page): a read-only store, which
    cannot change, is asked once.
    """
    from kg.policy.editions import editions

    def read() -> tuple:
        ranked = {(row["edition"].value, row["dimension"].value) for row in store.query(_RANKED)}
        every = sorted(editions(store), key=lambda e: (-e.year, e.index_key, e.iri))
        return tuple((edition, dimension) for edition in every
                     for dimension in sorted({d for e, d in ranked if e == edition.iri}))

    return list(once_per_snapshot(_RANKED_OF, store, read))


def ranking_choices(store, index: str | None = None) -> list[tuple[int, str]]:
    """Return the (edition year, dimension IRI) pairs that have rank observations in ``index`` (an IRI, key or
    name; by default the seed's index), latest first.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> (2025, ID + "dimension/overall") in ranking_choices(build_memory())
    True
    """
    ranked = _ranked(store)
    wanted = _index(store, ranked, index, None)
    return [(edition.year, dimension) for edition, dimension in ranked if edition.index == wanted]


def ranking_edition(store, dimension: str = _OVERALL, year: int | None = None, index: str | None = None):
    """The edition a ranking on ``dimension`` is read from: of ``index`` (an IRI, key or name; by default the
    seed's index when it ranks the dimension, else the one index that does), of ``year`` (by default the latest).

    Returns
    -------
    kg.policy.editions.Edition

    Raises
    ------
    kg.entities.EntityNotFound
        When no such edition ranks the dimension, or several indexes do and none is the seed's.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> ranking_edition(build_memory()).title()
    'Global Science and Technology Innovation Centres 100, 2025 edition'
    """
    ranked = _ranked(store)
    wanted = _index(store, ranked, index, dimension)
    found = [e for e, d in ranked if d == dimension and e.index == wanted and (year is None or e.year == year)]
    if not found:
        where = f"edition {year}" if year is not None else "any edition"
        raise EntityNotFound(f"no ranks on <{dimension}> in {where}{f' of {index}' if index else ''}")
    return found[0]


def _index(store, ranked, index: str | None, dimension: str | None) -> str:
    """The IRI of ``index`` as given, else of the seed's index when it ranks ``dimension``, else of the only one."""
    from kg.policy.editions import DEFAULT_INDEX, index_iri

    if index is not None:
        return index_iri(store, index)
    ranking = sorted({e.index for e, d in ranked if dimension is None or d == dimension})
    if DEFAULT_INDEX in ranking or not ranking:
        return DEFAULT_INDEX
    if len(ranking) == 1:
        return ranking[0]
    keys = sorted({e.index_key or e.index for e, d in ranked if e.index in ranking})
    raise EntityNotFound(f"{len(ranking)} indexes rank <{dimension}> ({', '.join(keys)}): name the index")


def ranking_graph(store, dimension: str = _OVERALL, year: int | None = None,
                  top: int = 30, index: str | None = None) -> ViewGraph:
    """Return the cities ranked on ``dimension`` in one edition of one index (:func:`ranking_edition`).

    The dimension is the centre; each city is linked to it with its rank
    ("3", "≤4" for "top 4", "≈20" for "about 20"). Only ranks up to ``top`` are kept.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> g = ranking_graph(build_memory(), top=3)
    >>> [(e.target.rsplit("/", 1)[1], e.notes["en"]) for e in g.edges]
    [('san-francisco-bay-area', '1'), ('new-york', '2'), ('beijing', '3')]
    """
    edition = ranking_edition(store, dimension, year, index)
    rows = store.query(bind_values(_RANKS, {"dimension": ox.NamedNode(dimension),
                                            "edition": ox.NamedNode(edition.iri)}))
    ranks: dict[str, tuple[float, str]] = {}
    for row in rows:
        if row["rank"] is not None:
            value, text = int(row["rank"].value), row["rank"].value
        elif row["atMost"] is not None:
            value, text = int(row["atMost"].value), "≤" + row["atMost"].value
        elif row["approx"] is not None:
            value, text = int(row["approx"].value), "≈" + row["approx"].value
        else:
            continue
        city = row["city"].value
        if value <= top and (city not in ranks or (value, text) < ranks[city]):
            ranks[city] = (value, text)
    ordered = sorted(ranks.items(), key=lambda item: (item[1][0], item[0]))
    nodes = [ViewNode(dimension, group="ranking", level=0)]
    nodes += [ViewNode(city, group="place", notes={"zh": f"第{text}名", "en": f"rank {text}"}, level=1)
              for city, (_, text) in ordered]
    edges = tuple(ViewEdge(dimension, city, IK + "rank", {"zh": "排名", "en": "rank"}, {"zh": text, "en": text})
                  for city, (_, text) in ordered)
    return ViewGraph(tuple(nodes), edges, len(nodes), dimension)


def shown_size(graph: ViewGraph, top: int) -> int:
    """How many places the drawn ranking covers, for its title: the largest rank drawn (a bound counts as its
    number), at most ``top``; a list of 20 drawn with ``top`` 30 is a top 20.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> shown_size(ranking_graph(build_memory(), top=30), 30), shown_size(ranking_graph(build_memory(), top=3), 3)
    (30, 3)
    """
    values = [int(float(edge.notes["en"].lstrip("≤≈"))) for edge in graph.edges]
    return min(top, max(values, default=0))
