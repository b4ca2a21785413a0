"""Pipeline coverage: per park, zone, district or city, which stages are covered, by whom, and which are missing.

The stages are the concepts of the pipeline scheme, in ``ik:stageOrder``
(概念验证 proof of concept → 中试熟化 pilot-scale maturation → 产业孵化
industrial incubation).

* An **actor** covers a stage when it states so (``ik:coversStage``), or
  covers industrial incubation when a firm was incubated by it
  (``ik:incubatedBy``).
* An **instrument** covers a stage when it states so (``ik:coversStage``) or
  when a funding flow using it names the stage (``ik:stage``); an instrument
  whose stage the graph does not give is listed as *unstaged*, not dropped.
* An actor **belongs to** a place when it is the place, or reaches it through
  ``ik:affiliatedWith``, ``ik:partOfZone``, ``ik:locatedIn``,
  ``ik:establishedIn`` and ``ik:headquarteredAt`` links (the Huanshangda
  proof-of-concept centre is affiliated with the park, which lies in Baoshan,
  which lies in Shanghai). An instrument belongs to a place when a pilot
  programme implementing it has its pilot area there, or a funding flow using
  it reached a recipient that belongs there.

The places and coverers are read by the saved queries ``policy-coverage-actors``
and ``policy-coverage-instruments`` (``queries/policy/``). A stage no actor
and no instrument covers is *missing*. Every coverer keeps
the sources (graph, sections, stated/inferred) of the fact that makes it
cover the stage.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox

from kg.policy.lookup import Label, Source, graph_sources, labels, resolve
from kg.policy.sparql import run_policy_query
from kg.store import GraphStore
from kg.store.memo import once_per_snapshot

__all__ = ["Coverer", "StageCoverage", "PlaceCoverage", "pipeline_stages", "pipeline_coverage",
           "coverage_rows", "COVERAGE_COLUMNS"]

@dataclass(frozen=True)
class Coverer:
    """An actor or instrument covering a stage in a place, with why and where the graph says so."""

    who: Label
    kind: str
    basis: str
    sources: tuple[Source, ...]

    def to_dict(self) -> dict:
        return {**self.who.to_dict(), "kind": self.kind, "basis": self.basis,
                "sources": [source.to_dict() for source in self.sources]}


@dataclass(frozen=True)
class StageCoverage:
    """One stage in one place: who covers it (empty when missing)."""

    stage: Label
    order: int
    actors: tuple[Coverer, ...]
    instruments: tuple[Coverer, ...]

    @property
    def covered(self) -> bool:
        return bool(self.actors or self.instruments)


@dataclass(frozen=True)
class PlaceCoverage:
    """The pipeline of one place, stage by stage, plus the instruments whose stage is not stated."""

    place: Label
    kind: str
    stages: tuple[StageCoverage, ...]
    unstaged_instruments: tuple[Coverer, ...]

    @property
    def missing(self) -> tuple[Label, ...]:
        return tuple(stage.stage for stage in self.stages if not stage.covered)

    def to_dict(self) -> dict:
        return {
            "place": self.place.to_dict(),
            "kind": self.kind,
            "stages": [{"stage": s.stage.to_dict(), "order": s.order,
                        "covered": s.covered, "actors": [a.to_dict() for a in s.actors],
                        "instruments": [i.to_dict() for i in s.instruments]} for s in self.stages],
            "missing": [stage.iri for stage in self.missing],
            "unstaged_instruments": [i.to_dict() for i in self.unstaged_instruments],
        }


#: Columns of :func:`coverage_rows`: one row per place and stage.
COVERAGE_COLUMNS = ["place", "kind", "order", "stage", "covered", "actors", "instruments"]


def pipeline_stages(store: GraphStore) -> list[tuple[str, int]]:
    """The pipeline stages as (IRI, order), in order.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> [iri.rsplit("/", 1)[1] for iri, _ in pipeline_stages(build_memory())]
    ['proof-of-concept', 'pilot-scale-maturation', 'industrial-incubation']
    """
    return [(row["stage"].value, int(row["order"].value)) for row in run_policy_query(store, "policy-pipeline-stages")]


def pipeline_coverage(store: GraphStore, place: str | None = None) -> list[PlaceCoverage]:
    """Return the coverage of every place that has a coverer (or of ``place`` only).

    Parameters
    ----------
    store : GraphStore
    place : str, optional
        A park, zone, district or city: label, alias, prefixed name or IRI.

    Returns
    -------
    list of PlaceCoverage
        Parks first, then zones, districts and cities, each by label.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> park = pipeline_coverage(build_memory(), "环上大科技园")[0]
    >>> [(s.stage.en, [a.who.en for a in s.actors]) for s in park.stages][0]
    ('proof of concept', ['Huanshangda Future Industry Innovation Engineering Institute', 'Huanshangda Proof-of-Concept Centre'])
    >>> park.missing, [i.who.zh for i in park.unstaged_instruments]
    ((), ['先投后股'])
    """
    wanted = resolve(store, place, what="place") if place is not None else None
    stages = pipeline_stages(store)
    sources = graph_sources(store)
    kinds: dict[str, tuple[int, str]] = {}
    found: dict[tuple[str, str, str | None, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for kind, query_id in (("actor", "policy-coverage-actors"), ("instrument", "policy-coverage-instruments")):
        for row in run_policy_query(store, query_id):
            here = row["place"].value
            if wanted is not None and here != wanted:
                continue
            kinds[here] = min(kinds.get(here, (9, "")), (int(row["typeOrder"].value), row["placeType"].value))
            stage = row["stage"].value if row["stage"] is not None else None
            found[here, kind, stage, row["who"].value][row["basis"].value].add(row["g"].value)
    if wanted is not None and wanted not in kinds:
        kinds[wanted] = (9, "place")
    names = labels(store, set(kinds) | {key[3] for key in found} | {iri for iri, _ in stages})

    def coverers(here: str, kind: str, stage: str | None) -> tuple[Coverer, ...]:
        entries = []
        for (p, k, s, who), bases in found.items():
            if (p, k, s) != (here, kind, stage):
                continue
            if stage is None and any(key[:3] == (here, kind) and key[2] is not None and key[3] == who for key in found):
                continue  # a staged instrument is not also unstaged
            graphs = sorted({g for gs in bases.values() for g in gs})
            entries.append(Coverer(names[who], kind, "; ".join(sorted(bases)),
                                   tuple(sources.get(g, Source(g, "unknown", ())) for g in graphs)))
        return tuple(sorted(entries, key=lambda c: (c.who.en or c.who.text, c.who.iri)))

    result = []
    for here in sorted(kinds, key=lambda iri: (kinds[iri][0], names[iri].en or names[iri].text)):
        per_stage = tuple(StageCoverage(names[stage], order, coverers(here, "actor", stage),
                                        coverers(here, "instrument", stage)) for stage, order in stages)
        result.append(PlaceCoverage(names[here], kinds[here][1], per_stage, coverers(here, "instrument", None)))
    return result


def coverage_rows(places: list[PlaceCoverage]) -> list[list[str]]:
    """Flatten to rows of :data:`COVERAGE_COLUMNS`; unstaged instruments get a row with stage ``(not stated)``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> for row in coverage_rows(pipeline_coverage(build_memory(), "环上大科技园")):
    ...     print(row[2:5], row[5])
    ['1', '概念验证', 'yes'] 环上大未来产业创新工程院、环上大概念验证中心
    ['2', '中试熟化', 'yes'] 环上大未来产业创新工程院
    ['3', '产业孵化', 'yes'] 环上大未来产业创新工程院、环上大科技园
    ['', '(not stated)', ''] 
    """
    rows = []
    for place in places:
        for stage in place.stages:
            rows.append([place.place.text, place.kind, str(stage.order), stage.stage.text,
                         "yes" if stage.covered else "MISSING",
                         "、".join(c.who.text for c in stage.actors), "、".join(c.who.text for c in stage.instruments)])
        if place.unstaged_instruments:
            rows.append([place.place.text, place.kind, "", "(not stated)", "", "",
                         "、".join(c.who.text for c in place.unstaged_instruments)])
    return rows


# --- big graphs: one page of places at a time, counted by the store ----------------------

#: Threads counting a page's coverers at once (each question reads the page's places' neighbourhood).
_COUNTING_THREADS = 4
#: The places of each read-only store (a snapshot), counted once: the count reads every place of the graph.
_PLACE_COUNTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: The first page of places of each read-only store, read once: ordering every place takes 0.4 s at 10M.
_FIRST_PAGES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

#: Places on one page of the coverage of a big graph.
PAGE_PLACES = 12
_PATHS = "(ik:affiliatedWith|ik:partOfZone|ik:locatedIn|ik:establishedIn|ik:headquarteredAt)*"
_PLACE_TYPES = """VALUES (?placeClass ?placeType ?typeOrder) {
    (ik:SciencePark "park" 1) (ik:InnovationZone "zone" 2) (ik:District "district" 3) (ik:City "city" 4) }"""
_PLACES = f"SELECT ?place (MIN(?typeOrder) AS ?order) (SAMPLE(?placeType) AS ?kind) WHERE {{ {_PLACE_TYPES} " \
          "?place a/rdfs:subClassOf* ?placeClass . PLACE } GROUP BY ?place ORDER BY ?order ?place"
_HERE = f"SELECT DISTINCT ?place ?here WHERE {{ VALUES ?place {{ PLACES }} ?here {_PATHS} ?place }}"
_COUNTED = """SELECT ?place ?stage (COUNT(DISTINCT ?who) AS ?n) (GROUP_CONCAT(DISTINCT STR(?who); separator=" ") AS ?some)
WHERE { VALUES (?place ?here) { PAIRS } PATTERN } GROUP BY ?place ?stage"""
_INCUBATION = "<https://w3id.org/innokg/id/stage/industrial-incubation>"
#: kind -> the patterns that make ?who cover ?stage (unbound: an instrument whose stage the graph does not give)
#: from ?here, an actor or recipient or pilot area that belongs to ?place.
_COVERING = {
    "actor": ["?here ik:coversStage ?stage BIND (?here AS ?who) FILTER NOT EXISTS { ?here a/rdfs:subClassOf* ik:Policy }",
              f"FILTER EXISTS {{ ?firm ik:incubatedBy ?here }} BIND (?here AS ?who) BIND ({_INCUBATION} AS ?stage) "
              "FILTER NOT EXISTS { ?here a/rdfs:subClassOf* ik:Policy }"],
    "instrument": ["?flow ik:recipient ?here ; ik:instrument ?who ; ik:stage ?stage .",
                   "?flow ik:recipient ?here ; ik:instrument ?who . ?who ik:coversStage ?stage .",
                   "?flow ik:recipient ?here ; ik:instrument ?who . FILTER NOT EXISTS { ?flow ik:stage ?s } "
                   "FILTER NOT EXISTS { ?who ik:coversStage ?t }",
                   "?pilot ik:pilotArea ?here ; ik:implementsInstrument ?who . ?who ik:coversStage ?stage .",
                   "?pilot ik:pilotArea ?here ; ik:implementsInstrument ?who . FILTER NOT EXISTS { ?who ik:coversStage ?t }"],
}


@dataclass(frozen=True)
class CountedStage:
    """One stage in one place of a big graph: how many actors and instruments cover it, and the first few."""

    stage: Label
    order: int
    actors: int
    instruments: int
    examples: tuple[Label, ...]

    @property
    def covered(self) -> bool:
        return bool(self.actors or self.instruments)


def _place_count(store: GraphStore, text: str, whole: bool) -> int:
    """The number of places ``text`` lists; counted once per read-only store when ``whole`` (every place)."""
    def count() -> int:
        return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ {text} }} }}")))["n"].value)

    return once_per_snapshot(_PLACE_COUNTS, store, count) if whole else count()


def _chosen(store: GraphStore, text: str, offset: int, limit: int, first: bool) -> list[tuple[str, str]]:
    """The places of one page, ``(iri, kind)``; the first page of every place kept per read-only store when ``first``."""
    def choose() -> tuple[tuple[str, str], ...]:
        return tuple((row["place"].value, row["kind"].value)
                     for row in store.query(f"{text} LIMIT {limit} OFFSET {offset}"))

    return list(once_per_snapshot(_FIRST_PAGES, store, choose) if first else choose())


def coverage_page(store: GraphStore, place: str | None = None, offset: int = 0,
                  limit: int = PAGE_PLACES) -> tuple[int, list[tuple[Label, str, tuple[CountedStage, ...], int]]]:
    """Coverage counted by the store for one page of places (or ``place`` alone): ``(places in all, rows)``.

    Each row is ``(place, kind, stages, unstaged instruments)``: every place of
    the graph is listed (parks, zones, districts, cities, by IRI), with the
    number of actors and instruments covering each stage, so a gap shows as
    a stage no one covers. The questions name the page's places, so what
    the store reads does not grow with the graph.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> total, rows = coverage_page(build_memory(), "环上大科技园")
    >>> place, kind, stages, unstaged = rows[0]
    >>> total, place.en, kind, [(s.stage.en, s.actors, s.instruments) for s in stages][0], unstaged
    (1, 'Huanshangda Science Park', 'park', ('proof of concept', 2, 0), 1)
    """
    wanted = resolve(store, place, what="place") if place is not None else None
    where = f"VALUES ?place {{ <{wanted}> }}" if wanted else ""
    text = _PLACES.replace("PLACE", where)
    total = _place_count(store, text, whole=wanted is None)
    chosen = _chosen(store, text, offset, limit, first=wanted is None and offset == 0 and limit == PAGE_PLACES)
    if wanted and not chosen:
        chosen, total = [(wanted, "place")], 1
    stages = pipeline_stages(store)
    counts: dict[tuple[str, str | None, str], tuple[int, list[str]]] = {}
    if chosen:
        values = " ".join(f"<{iri}>" for iri, _ in chosen)
        pairs = " ".join(f"({row['place']} {row['here']})" for row in store.query(_HERE.replace("PLACES", values))
                         if isinstance(row["here"], ox.NamedNode))
        found: dict[tuple[str, str | None, str], tuple[int, set[str]]] = {}
        asked = [(kind, _COUNTED.replace("PAIRS", pairs).replace("PATTERN", pattern))
                 for kind, patterns in _COVERING.items() for pattern in patterns]
        with ThreadPoolExecutor(_COUNTING_THREADS) as pool:  # the store lets Python's lock go while it counts
            answers = pool.map(lambda question: [(row["place"].value, row["stage"], row["n"], row["some"])
                                                 for row in store.query(question[1])], asked)
            for (kind, _), rows in zip(asked, answers):
                for here, stage, counted, some_of in rows:
                    key = (here, stage.value if stage is not None else None, kind)
                    n, some = found.get(key, (0, set()))
                    found[key] = (n + int(counted.value), some | set(some_of.value.split()))
        for key, (n, some) in found.items():  # an actor covering a stage both ways is one actor
            counts[key] = (len(some) if len(some) < n else n, sorted(some)[:3])
    names = labels(store, {iri for iri, _ in chosen} | {iri for iri, _ in stages}
                   | {who for _, examples in counts.values() for who in examples})
    rows = []
    for iri, kind in chosen:
        per_stage = []
        for stage, order in stages:
            actors, some_actors = counts.get((iri, stage, "actor"), (0, []))
            instruments, some_instruments = counts.get((iri, stage, "instrument"), (0, []))
            per_stage.append(CountedStage(names[stage], order, actors, instruments,
                                          tuple(names[who] for who in (some_actors + some_instruments)[:3])))
        rows.append((names[iri], kind, tuple(per_stage), counts.get((iri, None, "instrument"), (0, []))[0]))
    return total, rows
