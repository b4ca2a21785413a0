"""Rankings by index, edition and dimension, as the rank observations state them.

An index is named by its ``ik:key`` (``gis100``), an edition by its year and
a dimension by the last segment of its IRI (``overall``,
``scientific-research-leadership`` …). A rank may be exact (``rank``), a
bound (``rank_at_most``: "top 4") or approximate (``approximate_rank``:
"about 20"); rows are ordered by whichever is given. The saved queries
``policy-ranking-catalog`` and ``policy-ranking`` (``queries/policy/``) read them.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.entities import labels_of
from kg.errors import InnokgError
from kg.namespaces import ID, XSD
from kg.policy.sparql import run_policy_query
from kg.saved_query_results import plain_value

__all__ = ["RankingNotFound", "ranking_catalog", "ranking"]

_DIMENSIONS = ID + "dimension/"
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")

#: The fields of a ranking row, in order, each the ``policy-ranking`` variable of the same name ...
_ROW_FIELDS = ("rank", "rank_at_most", "approximate_rank", "city", "country", "previous_rank", "rank_change", "trend",
               "consecutive_editions", "first_time", "stated_as", "value_qualifier")
#: ... but for these, entities (IRI, id and labels), read from these variables.
_ENTITY_FIELDS = {"city": "city", "country": "country", "trend": "trend", "value_qualifier": "qualifier"}


class RankingNotFound(InnokgError):
    """No rank observation has that index, edition and dimension."""


def ranking_catalog(store) -> dict:
    """List the rankings there are: per index, edition and dimension, how many ranks are stated.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> catalog = ranking_catalog(build_memory())
    >>> [(r["index"], r["edition"], r["dimension"], r["observations"]) for r in catalog["rankings"]][:2]
    [('gis100', 2025, 'overall', 30), ('gis100', 2025, 'innovation-factor-agglomeration', 1)]
    """
    rows = list(run_policy_query(store, "policy-ranking-catalog"))
    labels = labels_of(store, {row[name].value for row in rows for name in ("index", "edition", "dimension")})
    rankings = []
    for row in rows:
        dimension = row["dimension"].value
        rankings.append({
            "index": row["index_key"].value,
            "index_labels": labels.get(row["index"].value, {}),
            "edition": plain_value(row["year"]),
            "edition_labels": labels.get(row["edition"].value, {}),
            "dimension": dimension.removeprefix(_DIMENSIONS),
            "dimension_labels": labels.get(dimension, {}),
            "observations": plain_value(row["observations"]),
        })
    return {"rankings": rankings}


def ranking(store, index: str, edition: int, dimension: str) -> dict:
    """Return one ranking: each ranked city with its rank (or bound), change, trend and sources.

    Parameters
    ----------
    store : kg.store.GraphStore
    index : str
        The index's ``ik:key``, e.g. ``gis100``.
    edition : int
        The edition year.
    dimension : str
        ``overall`` or a dimension such as ``scientific-research-leadership``.

    Returns
    -------
    dict
        ``index``, ``edition``, ``dimension``, ``dimension_labels`` and ``rows``.

    Raises
    ------
    RankingNotFound
        When no rank is stated for that index, edition and dimension, or the dimension is not a slug.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> top = ranking(build_memory(), "gis100", 2025, "overall")["rows"]
    >>> [(row["rank"], row["city"]["labels"]["en"]) for row in top[:3]]
    [(1, 'San Francisco Bay Area'), (2, 'New York'), (3, 'Beijing')]
    """
    if not _SLUG.fullmatch(dimension):
        raise RankingNotFound(f"no dimension {dimension!r}")
    bindings = {
        "index_key": ox.Literal(index),
        "edition": ox.Literal(str(int(edition)), datatype=ox.NamedNode(XSD + "integer")),
        "dimension": ox.NamedNode(_DIMENSIONS + dimension),
    }
    rows = list(run_policy_query(store, "policy-ranking", bindings))
    if not rows:
        raise RankingNotFound(f"no ranks stated for index {index!r}, edition {edition}, dimension {dimension!r}")
    named = {_DIMENSIONS + dimension}
    for row in rows:
        named.update(row[name].value for name in _ENTITY_FIELDS.values() if row[name] is not None)
    labels = labels_of(store, named)

    def entity(term):
        if term is None:
            return None
        return {"iri": term.value, "id": term.value.removeprefix(ID), "labels": labels.get(term.value, {})}

    ranked = [{
        **{key: entity(row[_ENTITY_FIELDS[key]]) if key in _ENTITY_FIELDS else plain_value(row[key])
           for key in _ROW_FIELDS},
        "observation": row["obs"].value,
        "sources": sorted(row["sources"].value.split()) if row["sources"] is not None else [],
    } for row in rows]
    return {
        "index": index,
        "edition": int(edition),
        "dimension": dimension,
        "dimension_labels": labels.get(_DIMENSIONS + dimension, {}),
        "rows": ranked,
    }
