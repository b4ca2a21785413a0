"""Import reviewed candidates (``.csv``, ``.xlsx``, ``.json`` of ``innokg extract``) with their quotes.

The accepted rows become facts in one named graph, through the checks of
every import (:func:`kg.importing.commit.commit_import`: SHACL shapes and
hygiene checks, one transaction, nothing written on a problem; the same
file again changes nothing; a changed one replaces the graph, as a changed
table does, and what only the graph and its inferred graph describe counts
as gone: a new name there is made again):

- ``rank`` and ``bound`` → the ``ik:RankObservation`` (``ik:edition``) of the
  city, edition and dimension the row names by IRI; where the graph (or an
  earlier row) already holds that cell's observation, an ``ik:RankClaim``
  (``ik:ofEdition``) beside it;
- ``aggregate`` → an ``ik:StatedAggregate``; ``role`` → an ``ik:RoleAssignment``;
- ``affiliation`` (inferred) → ``ik:affiliatedWith`` with a note, in the import's
  inferred graph beside it (:mod:`kg.extract.links`);
- ``count`` and ``amount`` → an ``ik:IndicatorValue`` (``ik:MonetaryValue`` for
  money) of the ``subject_iri`` measuring the ``indicator_iri`` the reviewer
  filled in (a row without them is not imported).

Names are reconciled: every IRI column a fact needs must hold one IRI the
graph describes, or ``new`` for a person or organization (a subject, a
role's person or organization, a name row): the name then becomes an entity
with its type and labels (:mod:`kg.extract.entities`); ``new`` for anything
else, or several candidates, is a problem naming the row. Dates become
OWL-Time instants dating the facts of their sentence
(:mod:`kg.extract.instants`).

The graph cites a source made from the text (``ik:Source``: its title,
date, publisher when the graph knows it, and the SHA-256 of the text), and
every fact is the body of a W3C Web Annotation whose target is that source
with an ``oa:TextQuoteSelector`` (exact, prefix, suffix) and an
``oa:TextPositionSelector`` (start, end); the annotation keeps the sentence
(``ik:quotedSentence``, ``ontology/extract.ttl``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Unpack

import pyoxigraph as ox

from kg.extract.entities import described, entity_triples, mint_new_names, store_names
from kg.extract.instants import date_problem, dating_triples, instant_triples
from kg.extract.iri_columns import in_replaced, listed, one_iri
from kg.extract.links import affiliation_triples, inferred_graph, inferred_graph_quads
from kg.extract.outputs import is_candidates_file, read_candidates
from kg.extract.web_annotation import OA, annotation_triples
from kg.importing.commit import (
    ImportOptions,
    check_quads,
    commit_import,
    read_import_file,
)
from kg.importing.loader import ImportResult
from kg.importing.problems import ImportFailed, Problem
from kg.importing.provenance import (
    SPDX,
    CitedSource,
    companion_graphs,
    import_record,
    provenance_quads,
)
from kg.labels import labels
from kg.namespaces import ID, IK, PREFIXES, RDF, RDFS, XSD
from kg.paths import HYGIENE_DIR, SHAPES_FILE
from kg.store import GraphStore

__all__ = ["OA", "import_candidates", "is_candidates_file", "plan_candidates"]

_DCT = PREFIXES["dcterms"]
_PROV = PREFIXES["prov"]
_ORG = PREFIXES["org"]
_IMPORTED = ("rank", "bound", "aggregate", "role", "count", "amount", "affiliation")
_UNIT_CODES = {"m²": "MTK", "years": "ANN", "months": "MON", "km²": "KMK"}


def _iri(term: str) -> ox.NamedNode:
    return ox.NamedNode(term if "://" in term else IK + term)


def import_candidates(store: GraphStore, path: str | os.PathLike, *, source: str,
                      **options: Unpack[ImportOptions]) -> ImportResult:
    """Import the accepted candidates of a reviewed file into a named graph, all of them or nothing.

    Parameters
    ----------
    store : GraphStore
        Opened for writing.
    path : str or os.PathLike
        A ``.csv``, ``.xlsx`` or ``.json`` file that ``innokg extract`` wrote and a person reviewed.
    source : str
        The title the text's source is cited by (``--source``).
    **options
        ``graph``, ``shapes_file``, ``hygiene_dir``, ``now`` and ``progress``
        (:class:`kg.importing.commit.ImportOptions`), as for :func:`kg.importing.loader.import_table`.

    Raises
    ------
    ImportFailed
        With every problem (a name not reconciled, a row the shapes refuse); nothing was written.
    """
    graph = options.pop("graph", None)
    planned = _candidate_facts(store, path, source=source, graph=graph, progress=options.get("progress"),
                               now=options.get("now"))
    if isinstance(planned, ImportResult):
        return planned
    name, checksum, target, quads, cited, where, old_companions = planned
    inferred = inferred_graph(target)
    companion = list(dict.fromkeys(quad for quad in quads if quad.graph_name.value == inferred))
    quads = [quad for quad in quads if quad.graph_name.value != inferred]
    written = commit_import(store, target, name, quads, cited=cited, checksum=checksum, what="extract", rows=where,
                            companions={inferred: companion} if companion else None, old_companions=old_companions,
                            **options)
    return ImportResult(target, "extract", len(where), len(written) + len(companion), cited.iri, checksum)


def plan_candidates(store: GraphStore, path: str | os.PathLike, *, source: str,
                    **options: Unpack[ImportOptions]) -> tuple[ImportResult, dict[str, list[ox.Quad]] | None]:
    """What :func:`import_candidates` would write, checked the same way, without writing it.

    For a writer elsewhere (``innokg serve``'s review page checks in a
    read-only worker and writes the graphs in one update of its writer).
    Takes the options of :func:`import_candidates`; ``progress`` hears the
    reading and the checks.

    Returns
    -------
    tuple
        The :class:`~kg.importing.loader.ImportResult` it would report and
        the graphs to write in place of what they hold, graph -> its quads:
        the graph first, then the companion it has in the store (empty unless
        the review writes it anew, as :func:`import_candidates` removes it), then
        any other graph of the quads (None when the graph already holds this
        very file: nothing to write).

    Raises
    ------
    ImportFailed
        As :func:`import_candidates` does.
    """
    progress = options.get("progress")
    planned = _candidate_facts(store, path, source=source, graph=options.get("graph"), progress=progress,
                               now=options.get("now"))
    if isinstance(planned, ImportResult):
        return planned, None
    name, checksum, target, quads, cited, where, old_companions = planned
    quads = list(dict.fromkeys([*quads, *cited.quads, *provenance_quads(target, name, checksum, cited.iri,
                                                                        when=options.get("now"), what="extract")]))
    problems = check_quads(store, target, quads, name, where, shapes_file=options.get("shapes_file", SHAPES_FILE),
                           hygiene_dir=options.get("hygiene_dir", HYGIENE_DIR), progress=progress,
                           old_companions=old_companions)
    if problems:
        raise ImportFailed(problems)
    graphs: dict[str, list[ox.Quad]] = {graph: [] for graph in [target, *old_companions]}
    for quad in quads:
        graphs.setdefault(quad.graph_name.value, []).append(quad)
    return ImportResult(target, "extract", len(where), len(quads), cited.iri, checksum), graphs


def _candidate_facts(store: GraphStore, path: str | os.PathLike, *, source: str, graph: str | None,
                     progress: Callable[[str], None] | None = None, now: dt.datetime | None = None):
    """The facts of the accepted rows (name, checksum, graph, quads, cited source, rows, the graph's companion
    in the store), or the unchanged result."""
    path = Path(path)
    name, data, checksum, target = read_import_file(path, store, graph)
    text_source, rows = read_candidates(path, data)
    accepted = [row for row in rows if row["accept"]]
    if import_record(store, target) == checksum:
        return ImportResult(target, "extract", len(accepted), store.graph_sizes().get(target, 0), "", checksum, True)
    if not accepted:
        raise ImportFailed([Problem(name, "no candidate is accepted", hint="write yes in the accept column")])
    text_sha = str(text_source.get("sha256") or checksum)
    title = " ".join(source.split()) or str(text_source.get("title") or name)
    g = ox.NamedNode(target)
    source_iri = ox.NamedNode(f"{ID}source/text-{text_sha[:16]}")
    # the graph this import replaces, and its companion, describe nothing: what only they hold is made again
    old_companions = list(companion_graphs(store, [target]).values())  # asked once: the checks and the write take it
    replaced = [target, *old_companions]
    source_quads = _source_quads(store, source_iri, title, text_source, text_sha, g, replaced)
    minted = mint_new_names(accepted, store_names(store, replaced))  # another thing's IRI: -2
    wanted = {str(m) for row in accepted for m in row["matches"].values() if isinstance(m, str)}
    wanted |= {str(m) for row in accepted for m in listed(row["matches"].get("groups"))}
    store_iris = described(store, wanted, replaced)
    entities = [entity for iri, entity in minted.items() if iri not in store_iris]
    store_iris |= set(minted)
    claims = bool(store.query(f"ASK {{ <{IK}RankClaim> a <{PREFIXES['owl']}Class> }}"))
    observed = _observed_cells(store, accepted, target) if claims else set()
    of_edition = bool(store.query(f"ASK {{ <{IK}ofEdition> ?p ?o }}"))
    names = labels(store, store_iris) | {entity.iri: {"zh": entity.zh, "en": entity.en} for entity in minted.values()}
    problems: list[Problem] = []
    quads = [ox.Quad(s, p, o, g) for entity in entities for s, p, o in entity_triples(entity)]
    where: dict[str, int] = {}
    skipped = 0
    primary = _primary_rows(accepted)
    of_sentence: dict[str, list[ox.NamedNode]] = {}
    dates = []
    inferred = ox.NamedNode(inferred_graph(target))
    for number, row in enumerate(accepted, 1):
        if row["kind"] == "date":
            dates.append((number, row))
            continue
        if row["kind"] not in _IMPORTED or (row["kind"] in ("count", "amount")
                                             and not (row["matches"].get("subject") or row["matches"].get("indicator"))):
            skipped += 1  # a name (an entity now if it was new), or a count or amount that names no subject
            continue
        if row["kind"] == "affiliation":
            iris = {key: one_iri(row, key, store_iris, problems, name) for key in ("subject", "organization")}
            if None not in iris.values():
                quads += [ox.Quad(s, p, o, inferred) for s, p, o in affiliation_triples(row, iris, names)]
                where[iris["subject"]] = row["row"]
            continue
        fact = ox.NamedNode(f"{ID}extracted/{text_sha[:12]}/{row['kind']}-{row['start']}-{row['end']}-{number}")
        before = len(problems)
        cell = tuple(row["matches"].get(key) for key in ("edition", "dimension", "place"))
        claim = claims and row["kind"] in ("rank", "bound") and (cell in observed or primary.get(cell) != number)
        triples = _fact_triples(row, fact, store_iris, names, problems, name, claim, of_edition)
        if len(problems) > before or triples is None:
            continue
        triples.append((fact, ox.NamedNode(_PROV + "wasDerivedFrom"), source_iri))
        triples += annotation_triples(row, fact, source_iri)
        quads += [ox.Quad(s, p, o, g) for s, p, o in triples]
        where[fact.value] = row["row"]
        of_sentence.setdefault(row["sentence"], []).append(fact)
    for number, row in dates:
        if (problem := date_problem(row)) is not None:
            problems.append(Problem(name, problem, row["row"], "date", str(row["fields"].get("date") or ""),
                                    "write the date as YYYY-MM-DD, YYYY-MM or YYYY"))
            continue
        instant = ox.NamedNode(f"{ID}extracted/{text_sha[:12]}/date-{row['start']}-{row['end']}-{number}")
        triples = instant_triples(row, instant) + annotation_triples(row, instant, source_iri)
        triples += dating_triples(instant, of_sentence.get(row["sentence"], []) if row["sentence"] else [], source_iri)
        quads += [ox.Quad(s, p, o, g) for s, p, o in triples]
        where[instant.value] = row["row"]
    if any(quad.graph_name == inferred for quad in quads):  # no inferred link: no companion (the old one goes)
        if inferred.value in store.named_graphs() and inferred.value not in replaced:
            problems.append(Problem(name, f"the accepted inferred links go to <{inferred.value}>, a graph that "
                                          f"is not <{target}>'s inferred graph",
                                    hint="import into another --graph, or `innokg drop` that graph first"))
        quads += inferred_graph_quads(inferred.value, name, checksum, source_iri.value, now)
    if problems:
        raise ImportFailed(in_replaced(store, problems, store_iris, replaced))
    if not quads:
        raise ImportFailed([Problem(name, f"none of the {len(accepted)} accepted candidates is a rank, bound, "
                                          "aggregate, role, or count or amount with its subject and indicator",
                                    hint="accept at least one of those")])
    if progress:
        progress(f"{name}: {len(accepted)} accepted candidates, {len(where) - len(dates)} facts"
                 + (f", {len(dates)} dates" if dates else "") + (f", {len(entities)} new entities" if entities else "")
                 + (f"; {skipped} not imported (names, and counts or amounts without subject_iri and "
                    "indicator_iri)" if skipped else ""))
    return name, checksum, target, quads, CitedSource(source_iri.value, tuple(source_quads)), where, old_companions


def _primary_rows(rows: list[dict]) -> dict[tuple, int]:
    """For each (edition, dimension, city) cell, the row (numbered from 1) that becomes its rank observation.

    The first exact rank of the cell, else its first row: the other statements
    of the cell (bounds, a rank said again) are claims beside it.

    >>> rows = [{"kind": "bound", "fields": {"rank_at_most": 3}, "matches": {"place": "b"}},
    ...         {"kind": "rank", "fields": {"rank": 3}, "matches": {"place": "b"}}]
    >>> _primary_rows(rows)
    {(None, None, 'b'): 2}
    """
    primary: dict[tuple, int] = {}
    exact: set[tuple] = set()
    for number, row in enumerate(rows, 1):
        if row["kind"] not in ("rank", "bound"):
            continue
        cell = tuple(row["matches"].get(key) for key in ("edition", "dimension", "place"))
        fields = row["fields"]
        is_exact = (row["kind"] == "rank" and fields.get("rank") is not None and fields.get("rank_at_most") is None
                    and fields.get("qualifier") != "approximate")
        if cell not in primary or (is_exact and cell not in exact):
            primary[cell] = number
            if is_exact:
                exact.add(cell)
    return primary


def _observed_cells(store: GraphStore, rows: list[dict], target: str) -> set[tuple]:
    """The (edition, dimension, city) cells of the accepted rows that already hold a rank observation."""
    cells = {tuple(row["matches"].get(key) for key in ("edition", "dimension", "place"))
             for row in rows if row["kind"] in ("rank", "bound")}
    cells = {cell for cell in cells if all(isinstance(iri, str) and iri.startswith("http") and ">" not in iri
                                           for iri in cell)}
    if not cells:
        return set()
    values = " ".join(f"(<{e}> <{d}> <{c}>)" for e, d, c in sorted(cells))
    rows_found = store.query(f"""SELECT ?e ?d ?c WHERE {{ VALUES (?e ?d ?c) {{ {values} }}
        GRAPH ?g {{ ?o a <{IK}RankObservation> ; <{IK}edition> ?e ; <{IK}dimension> ?d ; <{IK}city> ?c }}
        FILTER (?g != <{target}>) }}""")
    return {(row["e"].value, row["d"].value, row["c"].value) for row in rows_found}


def _source_quads(store: GraphStore, iri: ox.NamedNode, title: str, text_source: dict, text_sha: str,
                  g: ox.NamedNode, replaced: list[str]) -> list[ox.Quad]:
    """The source made from the text: title, date, publisher (when the graph, but ``replaced``, knows it), SHA-256."""
    digest = ox.BlankNode(f"sha{text_sha[:16]}")
    file_name = str(text_source.get("file") or "")
    triples = [
        (iri, ox.NamedNode(RDF + "type"), ox.NamedNode(IK + "Source")),
        (iri, ox.NamedNode(RDFS + "label"), ox.Literal(title, language="zh-Hans")),
        (iri, ox.NamedNode(RDFS + "label"), ox.Literal(f"{title} (text{' ' + file_name if file_name else ''})",
                                                       language="en")),
        (iri, ox.NamedNode(_DCT + "title"), ox.Literal(title)),
        (iri, ox.NamedNode(SPDX + "checksum"), digest),
        (digest, ox.NamedNode(RDF + "type"), ox.NamedNode(SPDX + "Checksum")),
        (digest, ox.NamedNode(SPDX + "algorithm"), ox.NamedNode(SPDX + "checksumAlgorithm_sha256")),
        (digest, ox.NamedNode(SPDX + "checksumValue"), ox.Literal(text_sha)),
    ]
    day = str(text_source.get("date") or "")
    if day:
        try:
            dt.date.fromisoformat(day)
            triples.append((iri, ox.NamedNode(_DCT + "date"), ox.Literal(day, datatype=ox.NamedNode(XSD + "date"))))
        except ValueError:
            pass
    publisher = str(text_source.get("publisher") or "").strip()
    if publisher:
        from kg.extract.gazetteer import Gazetteer

        iris = [i for i in Gazetteer.from_store(store).lookup(publisher) if "/id/org/" in i]
        iris = sorted(described(store, set(iris), replaced)) if len(iris) == 1 else iris
        if len(iris) == 1:
            triples.append((iri, ox.NamedNode(_DCT + "publisher"), ox.NamedNode(iris[0])))
    return [ox.Quad(s, p, o, g) for s, p, o in triples]


def _integer(value) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))


def _label(names: dict, iri: str | None, language: str) -> str:
    found = names.get(iri or "", {})
    return found.get(language) or found.get("zh") or found.get("en") or (iri or "").rsplit("/", 1)[-1]


def _fact_triples(row: dict, fact: ox.NamedNode, store_iris: set[str], names: dict, problems: list[Problem],
                  file_name: str, claim: bool, of_edition: bool) -> list | None:
    fields, kind = row["fields"], row["kind"]
    a = ox.NamedNode(RDF + "type")
    need = {"rank": ("place", "dimension", "edition"), "bound": ("place", "dimension", "edition"),
            "aggregate": ("group", "dimension", "edition"), "role": ("person", "organization", "role"),
            "count": ("subject", "indicator"), "amount": ("subject", "indicator")}[kind]
    groups = listed(row["matches"].get("groups")) if kind == "aggregate" else []
    if groups:  # several groups together (三者合计): each one IRI the graph describes
        need = ("dimension", "edition")
        for iri in groups:
            if iri not in store_iris:
                problems.append(Problem(file_name, f"groups <{iri}> is not described in the graph", row["row"],
                                        "groups_iri", iri, "keep the IRIs of the places counted together"))
    iris = {name: one_iri(row, name, store_iris, problems, file_name) for name in need}
    if any(value is None for value in iris.values()) or any(iri not in store_iris for iri in groups):
        return None
    zh = lambda key: "、".join(_label(names, g, "zh") for g in groups) if key == "group" and groups \
        else _label(names, iris.get(key), "zh")
    en = lambda key: ", ".join(_label(names, g, "en") for g in groups) if key == "group" and groups \
        else _label(names, iris.get(key), "en")
    triples = []
    if kind in ("rank", "bound"):
        edition_property = "ofEdition" if claim else "edition"
        triples += [(fact, a, _iri("RankClaim" if claim else "RankObservation")),
                    (fact, _iri(edition_property), ox.NamedNode(iris["edition"])),
                    (fact, _iri("dimension"), ox.NamedNode(iris["dimension"])),
                    (fact, _iri("city"), ox.NamedNode(iris["place"]))]
        qualifier = fields.get("qualifier") or "exact"
        if fields.get("rank_at_most") is not None:
            number, measure, qualifier = fields["rank_at_most"], "rankAtMost", "upper-bound"
        elif qualifier == "approximate":
            number, measure = fields.get("rank"), "approximateRank"
        else:
            number, measure, qualifier = fields.get("rank"), "rank", "exact"
        if number is None:
            problems.append(Problem(file_name, "a rank row needs rank or rank_at_most", row["row"], "rank"))
            return None
        triples += [(fact, _iri(measure), _integer(number)),
                    (fact, _iri("valueQualifier"), ox.NamedNode(f"{ID}qualifier/{qualifier}"))]
        if fields.get("previous_rank") is not None and measure == "rank":
            triples.append((fact, _iri("previousRank"), _integer(fields["previous_rank"])))
            triples.append((fact, _iri("rankChange"), _integer(int(fields["previous_rank"]) - int(number))))
        if fields.get("trend") in ("rose", "held", "fell"):
            triples.append((fact, _iri("trend"), ox.NamedNode(f"{ID}trend/{fields['trend']}")))
        if fields.get("first_time"):
            triples.append((fact, _iri("firstTime"), ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))))
        if fields.get("consecutive_editions"):
            triples.append((fact, _iri("consecutiveEditions"), _integer(fields["consecutive_editions"])))
        sign = {"rank": "第", "rankAtMost": "前", "approximateRank": "约第"}[measure]
        word = {"rank": "rank", "rankAtMost": "top", "approximateRank": "about rank"}[measure]
        triples += [(fact, ox.NamedNode(RDFS + "label"),
                     ox.Literal(f"{zh('place')}·{zh('dimension')}{sign}{number}（摘自文本）", language="zh-Hans")),
                    (fact, ox.NamedNode(RDFS + "label"),
                     ox.Literal(f"{en('place')}: {en('dimension')} {word} {number} (extracted)", language="en"))]
    elif kind == "aggregate":
        if fields.get("count") is None or fields.get("top_n") is None:
            problems.append(Problem(file_name, "an aggregate row needs count and top_n", row["row"], "count"))
            return None
        triples += [(fact, a, _iri("StatedAggregate")),
                    (fact, _iri("ofEdition" if of_edition else "edition"), ox.NamedNode(iris["edition"])),
                    (fact, _iri("dimension"), ox.NamedNode(iris["dimension"])),
                    (fact, _iri("topN"), _integer(fields["top_n"])),
                    *[(fact, _iri("groupPlace"), ox.NamedNode(place)) for place in groups or [iris["group"]]],
                    (fact, _iri("statedCount"), _integer(fields["count"])),
                    (fact, _iri("valueQualifier"), ox.NamedNode(f"{ID}qualifier/exact")),
                    (fact, ox.NamedNode(RDFS + "label"), ox.Literal(
                        f"前{fields['top_n']}中{zh('group')}城市数：{fields['count']}（摘自文本）", language="zh-Hans")),
                    (fact, ox.NamedNode(RDFS + "label"), ox.Literal(
                        f"{en('group')} cities in the top {fields['top_n']}: {fields['count']} (extracted)",
                        language="en"))]
        if fields.get("change") is not None:
            triples.append((fact, _iri("statedChange"), _integer(fields["change"])))
    elif kind in ("count", "amount"):
        return _value_triples(row, fact, iris, zh, en, problems, file_name)
    else:
        triples += [(fact, a, _iri("RoleAssignment")),
                    (fact, ox.NamedNode(_ORG + "member"), ox.NamedNode(iris["person"])),
                    (fact, ox.NamedNode(_ORG + "organization"), ox.NamedNode(iris["organization"])),
                    (fact, ox.NamedNode(_ORG + "role"), ox.NamedNode(iris["role"])),
                    (fact, ox.NamedNode(RDFS + "label"), ox.Literal(
                        f"{zh('person')}（{zh('organization')}{zh('role')}，摘自文本）", language="zh-Hans")),
                    (fact, ox.NamedNode(RDFS + "label"), ox.Literal(
                        f"{en('person')}, {en('role')}, {en('organization')} (extracted)", language="en"))]
    return triples


def _value_triples(row: dict, fact: ox.NamedNode, iris: dict, zh, en, problems: list[Problem],
                   file_name: str) -> list | None:
    """A count or amount as the ``ik:IndicatorValue`` of its subject (``ik:MonetaryValue`` for money)."""
    fields = row["fields"]
    qualifier = fields.get("qualifier") or "exact"
    value = fields.get("value")
    if value is None or qualifier not in ("exact", "approximate", "lower-bound", "lower-bound-exclusive"):
        problems.append(Problem(file_name, f"an indicator value is exact, approximate or a lower bound, not {qualifier}",
                                row["row"], "qualifier", qualifier,
                                "write exact, approximate, lower-bound or lower-bound-exclusive"))
        return None
    schema = PREFIXES["schema"]
    number = ox.Literal(str(value), datatype=ox.NamedNode(XSD + ("integer" if isinstance(value, int) else "decimal")))
    unit = fields.get("unit") or ""
    money = len(unit) == 3 and unit.isupper()
    triples = [(fact, ox.NamedNode(RDF + "type"), _iri("MonetaryValue" if money else "IndicatorValue")),
               (ox.NamedNode(iris["subject"]), _iri("indicator"), fact),
               (fact, _iri("measures"), ox.NamedNode(iris["indicator"])),
               (fact, ox.NamedNode(schema + ("minValue" if qualifier.startswith("lower") else "value")), number),
               (fact, _iri("valueQualifier"), ox.NamedNode(f"{ID}qualifier/{qualifier}")),
               (fact, _iri("statedAs"), ox.Literal(row["quote"], language="zh-Hans")),
               (fact, ox.NamedNode(RDFS + "label"),
                ox.Literal(f"{zh('subject')}·{zh('indicator')}：{row['quote']}（摘自文本）", language="zh-Hans")),
               (fact, ox.NamedNode(RDFS + "label"),
                ox.Literal(f"{en('subject')}: {en('indicator')} {row['quote']} (extracted)", language="en"))]
    if money:
        triples.append((fact, ox.NamedNode(schema + "currency"), ox.Literal(unit)))
    elif unit in _UNIT_CODES:
        triples.append((fact, ox.NamedNode(schema + "unitCode"), ox.Literal(_UNIT_CODES[unit])))
    elif fields.get("unit_text"):
        triples.append((fact, ox.NamedNode(schema + "unitText"), ox.Literal(fields["unit_text"], language="zh-Hans")))
    return triples
