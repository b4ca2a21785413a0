"""Ranking editions and the index each belongs to: listing them, finding one by year and index, naming it.

Two indexes may both have a 2025 edition; an edition is therefore named by
its year and its index (``ik:key`` such as ``gis100``, a label or an IRI).
When no index is given and several have an edition that year, the seed's
index (:data:`DEFAULT_INDEX`, the GIS100) is meant, as in the saved queries,
whose ``index`` parameter defaults to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.namespaces import ID
from kg.policy.lookup import NotFound, resolve
from kg.policy.sparql import run_policy_query
from kg.store import GraphStore

__all__ = ["DEFAULT_INDEX", "Edition", "editions", "find_edition", "index_iri"]

#: The seed's index: what an edition's year names when several indexes have an edition that year.
DEFAULT_INDEX = ID + "index/gis100"


@dataclass(frozen=True)
class Edition:
    """One edition of one index, with the index's names and the size of its list (0 when not stated)."""

    iri: str
    year: int
    index: str
    index_key: str
    index_zh: str = ""
    index_en: str = ""
    list_size: int = 0

    def title(self, lang: str = "en") -> str:
        """The index and the year, for titles: ``全球科技创新中心100强（2025）`` or ``… 100, 2025 edition``.

        Examples
        --------
        >>> edition = Edition("e", 2025, "i", "gis100", "全球科技创新中心100强", "Global Science and Technology Innovation Centres 100")
        >>> edition.title("zh"), edition.title("en")
        ('全球科技创新中心100强（2025）', 'Global Science and Technology Innovation Centres 100, 2025 edition')
        """
        if lang == "zh":
            return f"{self.index_zh or self.index_en or self.index_key}（{self.year}）"
        return f"{self.index_en or self.index_zh or self.index_key}, {self.year} edition"


def editions(store: GraphStore) -> list[Edition]:
    """Every ranking edition in the graph, by index key and year.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> [(e.index_key, e.year, e.list_size) for e in editions(build_memory())]
    [('gis100', 2025, 100)]
    """
    def text(term) -> str:
        return term.value if term is not None else ""

    return [Edition(row["edition"].value, int(row["year"].value), text(row["index"]), text(row["key"]),
                    text(row["index_zh"]), text(row["index_en"]),
                    int(row["list_size"].value) if row["list_size"] is not None else 0)
            for row in run_policy_query(store, "policy-editions")]


def find_edition(store: GraphStore, year: int, index: str | None = None) -> Edition:
    """The edition of ``year`` of ``index`` (key, label or IRI); without ``index``, the one edition that year,
    else the seed's index's (:data:`DEFAULT_INDEX`).

    Raises
    ------
    kg.labels.NotFound
        When the index has no edition that year, or several indexes but not the seed's have one.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> find_edition(build_memory(), 2025).iri
    'https://w3id.org/innokg/id/edition/gis100-2025'
    >>> find_edition(build_memory(), 1999)
    Traceback (most recent call last):
    kg.labels.NotFound: no 1999 edition in the graph (editions: gis100 2025)
    """
    every = editions(store)
    found = [e for e in every if e.year == year]
    if index is not None:
        wanted = index_iri(store, index)
        found = [e for e in found if e.index == wanted]
    elif len(found) > 1:
        found = [e for e in found if e.index == DEFAULT_INDEX] or found
    if not found:
        known = ", ".join(f"{e.index_key or e.index} {e.year}" for e in every) or "none"
        raise NotFound(f"no {year} edition{f' of {index}' if index else ''} in the graph (editions: {known})")
    if len(found) > 1:
        raise NotFound(f"{len(found)} indexes have a {year} edition ({', '.join(e.index_key for e in found)}): "
                       "name the index")
    return found[0]


def index_iri(store: GraphStore, index: str) -> str:
    """The IRI of the index named ``index`` (:func:`kg.labels.resolve`): its key (``gis100``), a label, an alias
    or its IRI.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> index_iri(build_memory(), "gis100") == index_iri(build_memory(), "全球科技创新中心100强") == DEFAULT_INDEX
    True
    """
    return resolve(store, index, classes=["https://w3id.org/innokg/ont#RankingIndex"], what="index")
