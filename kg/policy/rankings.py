"""Rankings over time: editions, rank observations, rank changes, city profiles, stated vs counted.

An edition is named by its year (``2025``) and, when several indexes have
an edition that year, by its index (``ik:key`` such as ``gis100``, a label or
an IRI). A rank is written ``3`` (exact), ``≤4`` (``ik:rankAtMost``: "top 4")
or ``~20`` (``ik:approximateRank``); when sources give several values for the
same city, dimension and edition (contradicting claims), all are kept,
joined with `` / ``. A *change* is counted only between two exact ranks;
it is positive when the city moved up.

The questions asked of the store are saved queries in ``queries/policy/``
(``policy-editions``, ``policy-edition-observations`` …). The comparison of
indexes, with cities reconciled across them, is :mod:`kg.policy.indexes`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import ID
from kg.policy.editions import DEFAULT_INDEX, Edition, editions, find_edition, index_iri
from kg.policy.lookup import Label, Source, derived_from, graph_sources, labels, resolve, with_sections
from kg.policy.sparql import run_policy_query
from kg.policy.units import containing_units, through_units
from kg.results import collect
from kg.saved_queries import find_saved_query, run_saved_query
from kg.store import GraphStore

__all__ = ["Edition", "Rank", "RankChange", "find_edition", "edition_pair", "editions", "observations", "same_as", "rank_changes",
           "city_profile", "stated_vs_counted", "dimension_notations", "CHANGE_COLUMNS", "change_rows",
           "PROFILE_COLUMNS", "profile_rows", "AGGREGATE_COLUMNS", "aggregate_rows"]

_TREND = ID + "trend/"


@dataclass(frozen=True)
class Rank:
    """What the sources say of one city on one dimension in one edition."""

    exact: tuple[int, ...] = ()
    at_most: tuple[int, ...] = ()
    approximate: tuple[int, ...] = ()
    previous: tuple[int, ...] = ()
    stated_change: tuple[int, ...] = ()
    trends: tuple[str, ...] = ()
    stated_as: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    via: tuple[str, ...] = ()  # the IRIs other than the city's own that the edition names it by (owl:sameAs)
    through: str = ""  # 'via cluster 东京—横滨 / Tokyo–Yokohama': the rank is of a unit that contains the city
    aliases: tuple[str, ...] = ()  # the city's aliases (skos:altLabel) the edition's own sources use

    @property
    def value(self) -> int | None:
        """The exact rank, when the sources agree on exactly one."""
        return self.exact[0] if len(self.exact) == 1 else None

    @property
    def sort_key(self) -> int:
        return min(self.exact or self.at_most or self.approximate or (10**6,))

    def text(self) -> str:
        """The rank as ``3``, ``≤4`` or ``~20``; several claims joined with `` / ``.

        Examples
        --------
        >>> Rank(at_most=(3, 4)).text(), Rank(exact=(11,)).text(), Rank().text()
        ('≤3 / ≤4', '11', '')
        """
        parts = [str(r) for r in self.exact] + [f"≤{r}" for r in self.at_most] + [f"~{r}" for r in self.approximate]
        return " / ".join(parts)


@dataclass(frozen=True)
class RankChange:
    """One city on one dimension between two editions, with the change counted and what the sources state."""

    city: Label
    dimension: Label
    notation: str
    before: Rank
    after: Rank
    from_year: int | None = None
    to_year: int | None = None

    @property
    def change(self) -> int | None:
        if self.before.value is None or self.after.value is None:
            return None
        return self.before.value - self.after.value

    @property
    def status(self) -> str:
        """``in both``, ``only in the later edition`` or ``only in the earlier edition``; and, when an edition
        names the city by another IRI declared the same, or by an alias (``skos:altLabel``) its sources use and
        the other edition's do not, ``; 2024 matched via the alias 旧金山—圣何塞``.

        Examples
        --------
        >>> city = Label("c", "旧金山湾区", "San Francisco Bay Area")
        >>> RankChange(city, city, "0", Rank(exact=(2,), sources=(None,), aliases=("旧金山—圣何塞",)),
        ...            Rank(exact=(1,), sources=(None,)), 2024, 2025).status
        'in both; 2024 matched via the alias 旧金山—圣何塞'
        """
        if self.before.sources and self.after.sources:
            status = "in both"
        else:
            status = "only in the later edition" if self.after.sources else "only in the earlier edition"
        for year, rank, other in ((self.from_year, self.before, self.after), (self.to_year, self.after, self.before)):
            names = list(rank.via) + [a for a in rank.aliases if a not in other.aliases and a not in rank.via]
            if names:
                status += f"; {year or 'an edition'} matched via the alias {' / '.join(names)}"
        return status

    @property
    def stated(self) -> str:
        """What the later edition states about the move (previous rank, change, trend)."""
        parts = [f"previous {p}" for p in self.after.previous]
        parts += [f"{c:+d}" for c in self.after.stated_change]
        parts += list(self.after.trends)
        return ", ".join(parts)

    @property
    def check(self) -> str:
        """``agrees`` / ``disagrees`` when the counted move can be checked against what is stated, else empty."""
        verdicts = []
        before = self.before.value
        for previous in self.after.previous:
            if before is not None:
                verdicts.append(previous == before)
        change = self.change
        if change is not None:
            verdicts += [stated == change for stated in self.after.stated_change]
            for trend in self.after.trends:
                expected = {"rose": change > 0, "held": change == 0, "fell": change < 0}.get(trend)
                if expected is not None:
                    verdicts.append(expected)
        if not verdicts:
            return ""
        return "agrees" if all(verdicts) else "disagrees"


_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def same_as(store: GraphStore, cities: set[str]) -> dict[str, str]:
    """The one IRI each city stands under, following ``owl:sameAs`` both ways (``skos:exactMatch`` is not followed).

    A place imported as its own node with ``owl:sameAs`` to a known city is
    the same place: every IRI of a group answers with the group's IRI in the
    graph's own namespace (``id:``), the first in IRI order; a city without
    ``owl:sameAs`` answers with itself.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> same_as(build_memory(), {"https://w3id.org/innokg/id/city/beijing"})
    {'https://w3id.org/innokg/id/city/beijing': 'https://w3id.org/innokg/id/city/beijing'}
    """
    group_of: dict[str, set[str]] = {}
    for city in sorted(cities):
        if city in group_of:
            continue
        group, todo = {city}, [city]
        while todo:  # the IRIs declared the same, and theirs in turn
            for row in run_policy_query(store, "policy-same-as", {"a": ox.NamedNode(todo.pop())}):
                other = row["other"].value
                if row["p"].value == _SAME_AS and other not in group:
                    group.add(other)
                    todo.append(other)
        for member in group:
            group_of[member] = group
    return {city: min(group_of[city], key=lambda iri: (not iri.startswith(ID), iri)) for city in cities}


def observations(store: GraphStore, edition: Edition) -> dict[tuple[str, str], Rank]:
    """(city IRI, dimension IRI) -> :class:`Rank` in one edition, with the sources of every observation.

    A city named by several IRIs declared ``owl:sameAs`` is one city, under the IRI :func:`same_as` gives.
    The aliases the edition's sources use for a city (``policy-edition-aliases``: its Chinese ones, else the
    others) are kept with its rank, so that a rename between editions can be shown.
    """
    known = graph_sources(store)
    parts: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: defaultdict(set))
    obs_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    rows = list(run_policy_query(store, "policy-edition-observations", {"edition": ox.NamedNode(edition.iri)}))
    same = same_as(store, {row["city"].value for row in rows})
    for row in rows:
        key = (same.get(row["city"].value, row["city"].value), row["dimension"].value)
        slot = parts[key]
        if key[0] != row["city"].value:
            slot["via"].add(row["city"].value)
        obs_of[key].add(row["obs"].value)
        slot["graphs"].add((row["g"].value, row["obs"].value))
        for name in ("rank", "at_most", "approximate", "previous", "change"):
            if row[name] is not None:
                slot[name].add(int(row[name].value))
        if row["trend"] is not None:
            slot["trend"].add(row["trend"].value.removeprefix(_TREND))
        if row["stated_as"] is not None:
            slot["stated_as"].add(row["stated_as"].value)
    for row in run_policy_query(store, "policy-edition-aliases", {"edition": ox.NamedNode(edition.iri)}):
        key = (same.get(row["city"].value, row["city"].value), row["dimension"].value)
        if key in parts:
            chinese = row["alias"].language is not None and row["alias"].language.startswith("zh")
            parts[key]["aliases_zh" if chinese else "aliases_other"].add(row["alias"].value)
    sections = derived_from(store, {o for obs in obs_of.values() for o in obs})
    ranks = {}
    for key, slot in parts.items():
        sources = tuple(source for graph in sorted({g for g, _ in slot["graphs"]}) for source in with_sections(
            known, [graph], [pair for g, obs in sorted(slot["graphs"]) if g == graph for pair in sections.get(obs, ())]))
        ranks[key] = Rank(tuple(sorted(slot["rank"])), tuple(sorted(slot["at_most"])),
                          tuple(sorted(slot["approximate"])), tuple(sorted(slot["previous"])),
                          tuple(sorted(slot["change"])), tuple(sorted(slot["trend"])),
                          tuple(sorted(slot["stated_as"])), sources, via=_names(store, slot["via"]),
                          aliases=tuple(sorted(slot["aliases_zh"] or slot["aliases_other"])))
    return ranks


def _names(store: GraphStore, iris: set[str]) -> tuple[str, ...]:
    """The Chinese (else English) names of ``iris``, sorted."""
    found = labels(store, iris) if iris else {}
    return tuple(sorted(found[iri].zh or found[iri].en or iri for iri in iris))


def edition_pair(store: GraphStore, from_year: int, to_year: int, index: str | None = None) -> tuple[Edition, Edition]:
    """The two editions :func:`rank_changes` compares: those of ``index``, by default of the one index that has
    both, else of the seed's index.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> [e.title() for e in edition_pair(build_memory(), 2025, 2025)][1]
    'Global Science and Technology Innovation Centres 100, 2025 edition'
    """
    if index is None:
        every = editions(store)
        with_both = {e.index for e in every if e.year == from_year} & {e.index for e in every if e.year == to_year}
        if len(with_both) == 1:
            index = with_both.pop()
    before, after = find_edition(store, from_year, index), find_edition(store, to_year, index)
    if before.index != after.index:
        raise InnokgError(f"the {from_year} and {to_year} editions belong to different indexes: compare them "
                          "with `rankings indexes` instead")
    return before, after


def rank_changes(store: GraphStore, from_year: int, to_year: int, *, index: str | None = None,
                 dimension: str | None = None) -> list[RankChange]:
    """Rank changes per city and dimension between two editions of the same index.

    Parameters
    ----------
    store : GraphStore
    from_year, to_year : int
        The earlier and the later edition.
    index : str, optional
        The index (key, label or IRI); by default the one index that has both editions, else the seed's.
    dimension : str, optional
        Only this dimension (last IRI segment such as ``overall``, a label or an IRI).

    Returns
    -------
    list of RankChange
        By dimension (notation order), then by the later rank, then the earlier rank.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> [c.status for c in rank_changes(build_memory(), 2025, 2025, dimension="overall")][:2]
    ['in both', 'in both']
    """
    before_edition, after_edition = edition_pair(store, from_year, to_year, index)
    before, after = observations(store, before_edition), observations(store, after_edition)
    wanted = _dimension_iri(store, dimension) if dimension else None
    keys = {key for key in before.keys() | after.keys() if wanted is None or key[1] == wanted}
    notations = dimension_notations(store, {d for _, d in keys})
    names = labels(store, {iri for key in keys for iri in key})
    changes = [RankChange(names[city], names[dim], notations.get(dim, ""), before.get((city, dim), Rank()),
                          after.get((city, dim), Rank()), from_year, to_year) for city, dim in keys]
    changes.sort(key=lambda c: (c.notation, c.dimension.iri, c.after.sort_key, c.before.sort_key, c.city.en))
    return changes


#: Columns of :func:`change_rows`.
CHANGE_COLUMNS = ["dimension", "city_zh", "city_en", "from_rank", "to_rank", "change", "status", "stated", "check"]


def change_rows(changes: list[RankChange]) -> list[list[str]]:
    """Rows of :data:`CHANGE_COLUMNS`; ``change`` is signed (``+1`` moved up one place)."""
    return [[c.dimension.en or c.dimension.text, c.city.zh, c.city.en, c.before.text(), c.after.text(),
             "" if c.change is None else (f"{c.change:+d}" if c.change else "0"), c.status, c.stated, c.check] for c in changes]


def city_profile(store: GraphStore, city: str, years: list[int] | None = None,
                 index: str | None = None) -> tuple[Label, list[Edition], list[tuple[Label, str, list[Rank]]]]:
    """A city's rank on the overall ranking and each dimension, one column per edition.

    Returns
    -------
    (city label, editions, rows)
        Each row is (dimension label, notation, one :class:`Rank` per edition).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> city, shown, rows = city_profile(build_memory(), "Beijing")
    >>> [(dimension.en, ranks[0].text()) for dimension, _, ranks in rows][:4]
    [('overall ranking', '3'), ('global agglomeration of innovation factors', '11'), ('global leadership as a scientific research centre', '1'), ('global origination of technological innovation', '≤3 / ≤4')]
    """
    city_iri = resolve(store, city, classes=["https://w3id.org/innokg/ont#City"], what="city")
    city_iri = same_as(store, {city_iri})[city_iri]
    every = editions(store)
    if index is not None:
        wanted = index_iri(store, index)
        every = [e for e in every if e.index == wanted]
    elif years is None:
        every = [e for e in every if e.index == DEFAULT_INDEX] or every
    if years is not None:
        every = [find_edition(store, year, index) for year in years]
    shown = sorted(every, key=lambda e: (e.year, e.index_key))
    units = containing_units(store, {city_iri})
    per_edition = [through_units(observations(store, edition), city_iri, units) for edition in shown]
    dimensions = sorted({d for ranks in per_edition for c, d in ranks if c == city_iri})
    notations = dimension_notations(store, set(dimensions))
    names = labels(store, set(dimensions) | {city_iri})
    rows = [(names[d], notations.get(d, ""), [ranks.get((city_iri, d), Rank()) for ranks in per_edition])
            for d in dimensions]
    rows.sort(key=lambda row: (row[1], row[0].iri))
    return names[city_iri], shown, rows


#: Columns of :func:`profile_rows` before the one column per edition.
PROFILE_COLUMNS = ["notation", "dimension_zh", "dimension_en"]


def profile_rows(rows: list[tuple[Label, str, list[Rank]]]) -> list[list[str]]:
    """Rows of :data:`PROFILE_COLUMNS` followed by the rank in each edition."""
    return [[notation, dimension.zh, dimension.en,
             *[rank.text() + (f" ({rank.through})" if rank.through else "") for rank in ranks]]
            for dimension, notation, ranks in rows]


#: Columns of :func:`aggregate_rows`.
AGGREGATE_COLUMNS = ["aggregate", "dimension", "top_n", "stated", "counted", "known", "verdict", "explanation"]


def stated_vs_counted(store: GraphStore, year: int, index: str | None = None) -> list[dict]:
    """The aggregates an edition states beside what the graph counts, with the difference explained by coverage.

    Runs the saved query ``stated-vs-counted`` and adds, for each aggregate,
    an explanation: how many of the top N the graph knows, and whether the
    unknown places could account for the difference.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> rows = {r["label_en"]: r for r in stated_vs_counted(build_memory(), 2025)}
    >>> rows["US cities in the top 100: 27"]["explanation"]
    'the graph knows 30 of the top 100; the 70 unknown places could hold the 16 missing'
    """
    edition = find_edition(store, year, index)
    result = collect(run_saved_query(store, find_saved_query("stated-vs-counted"), {"edition": str(year), "index": edition.index}))
    graphs_of: dict[str, set[str]] = defaultdict(set)
    for found in run_policy_query(store, "policy-edition-aggregates", {"edition": ox.NamedNode(edition.iri)}):
        graphs_of[found["aggregate"].value].add(found["g"].value)
    mine = set(graphs_of)
    dimension_names = labels(store, {row[result.variables.index("dimension")].value for row in result.rows})
    known_graphs, sections = graph_sources(store), derived_from(store, mine)
    rows = []
    for values in result.rows:
        row = {name: (None if term is None else term.value) for name, term in zip(result.variables, values)}
        if row["aggregate"] not in mine:
            continue
        top_n, counted, known = int(row["topN"]), int(row["counted"]), int(row["known"])
        stated = None if row["stated"] is None else int(row["stated"])
        row["dimension_label"] = dimension_names[row["dimension"]]
        row["explanation"] = _explain(stated, counted, known, top_n)
        row["sources"] = with_sections(known_graphs, graphs_of[row["aggregate"]], sections.get(row["aggregate"], ()))
        rows.append(row)
    return rows


def aggregate_rows(rows: list[dict]) -> list[list[str]]:
    """Rows of :data:`AGGREGATE_COLUMNS`."""
    return [[row["label_en"], row["dimension_label"].en or row["dimension_label"].text, row["topN"],
             row["stated"] or "", row["counted"], row["known"], row["verdict"], row["explanation"]] for row in rows]


def _explain(stated: int | None, counted: int, known: int, top_n: int) -> str:
    """Why the graph's count differs from the stated one.

    Examples
    --------
    >>> _explain(27, 11, 30, 100)
    'the graph knows 30 of the top 100; the 70 unknown places could hold the 16 missing'
    >>> _explain(3, 2, 10, 10)
    'the graph knows all 10 places and counts 1 fewer: the sources disagree'
    """
    unknown = top_n - known
    knows = f"all {top_n} places" if unknown <= 0 else f"{known} of the top {top_n}"
    if stated is None:
        return f"no number stated; the graph knows {knows} and counts {counted}"
    if counted == stated:
        return f"agrees; the graph knows {knows}"
    if counted > stated:
        return f"the graph knows {knows} and counts {counted - stated} more than stated: the sources disagree"
    missing = stated - counted
    if unknown <= 0:
        return f"the graph knows {knows} and counts {missing} fewer: the sources disagree"
    if missing <= unknown:
        return f"the graph knows {knows}; the {unknown} unknown places could hold the {missing} missing"
    return (f"the graph knows {knows}; even if all {unknown} unknown places held one, "
            f"{missing - unknown} would still be missing: the sources disagree")


def _dimension_iri(store: GraphStore, dimension: str) -> str:
    candidate = ID + "dimension/" + dimension
    if re.fullmatch(r"[a-z0-9-]+", dimension) and bool(
            run_policy_query(store, "policy-is-dimension", {"dimension": ox.NamedNode(candidate)})):
        return candidate
    return resolve(store, dimension, what="dimension")


def dimension_notations(store: GraphStore, dimensions: set[str]) -> dict[str, str]:
    """Dimension IRI -> its ``skos:notation`` (the order dimensions are listed in).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> dimension_notations(build_memory(), {"https://w3id.org/innokg/id/dimension/overall"})
    {'https://w3id.org/innokg/id/dimension/overall': '0'}
    """
    if not dimensions:
        return {}
    return {row["d"].value: row["n"].value for row in run_policy_query(store, "policy-notations", {"d": dimensions})}

