"""Where imported facts come from: the graph they land in, the cited source, the import record.

An imported graph is an ``ik:FactGraph`` derived from the cited source, with
its assertion mode, and ``prov:wasGeneratedBy`` an import activity that
used the file (its name and SHA-256 checksum) and ended at a time.

An import may have a *companion*: its inferred graph (:func:`inferred_graph`,
assertion mode inferred, the same file and source), which holds what the
reviewer accepted as inferred rather than stated (:mod:`kg.extract.links`).
It belongs to its import: it goes when the import is dropped or replaced
(:func:`companion_graphs`), and it is not an import of the file of its own
(:func:`graphs_holding`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.importing.reconcile import Reconciler
from kg.namespaces import GRAPH, ID, IK, ONTOLOGY_GRAPH, PREFIXES, RDF, RDFS, XSD, expand
from kg.store import GraphStore

__all__ = ["SPDX", "CitedSource", "sha256", "graph_for", "cited_source", "provenance_quads", "import_record",
           "graphs_holding", "check_replaceable", "inferred_graph", "companion_graphs"]

#: The SPDX namespace, whose ``spdx:checksum`` DCAT uses for file checksums.
SPDX = "http://spdx.org/rdf/terms#"
_PROV = PREFIXES["prov"]
_DCTERMS = PREFIXES["dcterms"]
#: The path from an imported graph to the checksum of its file (SPARQL, with the ``spdx:`` prefix).
_FILE_SUM = "prov:wasGeneratedBy/prov:used/spdx:checksum/spdx:checksumValue"
#: The assertion mode of an import's inferred graph.
_INFERRED = f"<{IK}assertionMode> <{ID}assertion-mode/inferred>"


@dataclass(frozen=True)
class CitedSource:
    """The source an import cites: its IRI, and the quads describing it when it is new."""

    iri: str
    quads: tuple[ox.Quad, ...] = ()


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``.

    >>> sha256(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def _slug(text: str) -> str:
    """An IRI-safe slug of ``text``; a hash when it has no ASCII letters.

    >>> _slug("GIS100 2024 report, table 3"), _slug("排名2024")
    ('gis100-2024-report-table-3', 's-9b5b4cfce627')
    """
    if re.fullmatch(r"[\x20-\x7e]+", text) and re.search(r"[A-Za-z]", text):
        return "-".join(re.findall(r"[a-z0-9]+", text.lower()))
    return "s-" + sha256(text.encode("utf-8"))[:12]


def graph_for(file_name: str, graph: str | None = None) -> str:
    """The IRI of the graph an import goes to: ``--graph`` (an IRI or a name), else one named after the file.

    Examples
    --------
    >>> graph_for("ranking-2024.csv")
    'https://w3id.org/innokg/graph/import/ranking-2024'
    >>> graph_for("x.csv", "gis100-2024"), graph_for("x.csv", "http://e/g")
    ('https://w3id.org/innokg/graph/import/gis100-2024', 'http://e/g')
    """
    if graph:
        iri = expand(graph)
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
            return iri
        return GRAPH + "import/" + _slug(graph)
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return GRAPH + "import/" + _slug(stem)


def import_record(store: GraphStore, graph: str) -> str | None:
    """The checksum recorded for an imported graph; None when it holds no import record."""
    rows = list(store.query(
        f"PREFIX spdx: <{SPDX}> SELECT ?g ?sum WHERE {{ GRAPH ?g {{ ?g {_FILE_SUM} ?sum }} }}",
        bindings={"g": ox.NamedNode(graph)},
    ))
    return rows[0]["sum"].value if rows else None


def graphs_holding(store: GraphStore, checksum: str) -> list[str]:
    """The imported graphs whose import record holds a file with this SHA-256, sorted.

    An import's inferred graph (its companion, :func:`inferred_graph`) records the file too but
    states nothing: it is not one of them.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> store.inner.bulk_extend(provenance_quads("http://e/g", "r.csv", "ab12", "http://e/s"))
    >>> graphs_holding(store, "ab12"), graphs_holding(store, "cd34")
    (['http://e/g'], [])
    """
    rows = store.query(
        f"PREFIX spdx: <{SPDX}> SELECT DISTINCT ?g ?sum WHERE {{ GRAPH ?g {{ ?g {_FILE_SUM} ?sum "
        f"FILTER NOT EXISTS {{ ?g {_INFERRED} }} }} }}",
        bindings={"sum": ox.Literal(checksum)},
    )
    return sorted(row["g"].value for row in rows)


def inferred_graph(graph: str) -> str:
    """The graph an import's accepted inferences go to, beside its stated graph: its companion.

    >>> inferred_graph("https://w3id.org/innokg/graph/import/park")
    'https://w3id.org/innokg/graph/import/park-inferred'
    """
    return f"{graph}-inferred"


def companion_graphs(store: GraphStore, graphs: list[str]) -> dict[str, str]:
    """The companions the store holds of ``graphs``: graph -> its inferred graph, in the order of ``graphs``.

    A companion is the graph named :func:`inferred_graph` of an import, in assertion mode inferred,
    that the same import made (its record holds the same file); any other graph of that name (the
    curators', another mode, another file) is a graph of its own.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> made = lambda graph, checksum, mode: provenance_quads(graph, "r.json", checksum, "http://e/s", mode=mode)
    >>> store.inner.bulk_extend(made("http://e/g", "ab12", "stated") + made("http://e/g-inferred", "ab12", "inferred")
    ...                         + made("http://e/h", "cd34", "stated") + made("http://e/h-inferred", "cd34", "stated")
    ...                         + made("http://e/k", "ef56", "stated") + made("http://e/k-inferred", "0000", "inferred"))
    >>> companion_graphs(store, ["http://e/g", "http://e/h", "http://e/k", "http://e/g-inferred"])
    {'http://e/g': 'http://e/g-inferred'}
    """
    if not graphs:
        return {}
    pairs = " ".join(f"(<{graph}> <{inferred_graph(graph)}>)" for graph in graphs)
    rows = store.query(
        f"PREFIX spdx: <{SPDX}> SELECT ?g ?c WHERE {{ VALUES (?g ?c) {{ {pairs} }} "
        f"GRAPH ?c {{ ?c {_INFERRED} ; {_FILE_SUM} ?sum }} GRAPH ?g {{ ?g {_FILE_SUM} ?sum }} }}")
    found = {row["g"].value: row["c"].value for row in rows}
    return {graph: found[graph] for graph in graphs if graph in found}


def check_replaceable(store: GraphStore, graph: str) -> None:
    """Refuse to replace a graph that an import did not make (the ontology, the seed).

    Raises
    ------
    InnokgError
    """
    if graph == ONTOLOGY_GRAPH or (graph in store.named_graphs() and import_record(store, graph) is None):
        raise InnokgError(f"graph <{graph}> exists and was not made by an import: "
                          "choose another --graph (or `innokg drop` it first)")


def cited_source(reconciler: Reconciler, text: str, graph: str) -> CitedSource:
    """The source ``--source`` names: an ``ik:Source`` of the graph, or a new one described in ``graph``.

    A known source is matched by IRI, key or label; any other text becomes
    an ``ik:Source`` whose IRI is made from the text (so citing it again
    gives the same IRI) and whose label, in both languages, is the text.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> reconciler = Reconciler(build_memory())
    >>> cited_source(reconciler, "全球科技创新中心100强(2025)", "http://e/g").iri
    'https://w3id.org/innokg/id/source/gis100-2025-report'
    >>> new = cited_source(reconciler, "GIS100 2024, table 2", "http://e/g")
    >>> new.iri, len(new.quads)
    ('https://w3id.org/innokg/id/source/gis100-2024-table-2', 4)
    """
    text = " ".join(text.split())
    if not text:
        raise InnokgError("--source must say where the data come from, e.g. --source \"GIS100 2024 report, table 2\"")
    match = reconciler.lookup("source", text)  # no suggestions: an unknown text is a new source
    if match.found is not None:
        return CitedSource(match.found.iri)
    iri = ox.NamedNode(ID + "source/" + _slug(text))
    g = ox.NamedNode(graph)
    return CitedSource(iri.value, (
        ox.Quad(iri, ox.NamedNode(RDF + "type"), ox.NamedNode(IK + "Source"), g),
        ox.Quad(iri, ox.NamedNode(RDFS + "label"), ox.Literal(text, language="zh-Hans"), g),
        ox.Quad(iri, ox.NamedNode(RDFS + "label"), ox.Literal(text, language="en"), g),
        ox.Quad(iri, ox.NamedNode(_DCTERMS + "title"), ox.Literal(text), g),
    ))


def provenance_quads(graph: str, file_name: str, checksum: str, source: str, *,
                     when: dt.datetime | None = None, what: str = "table", mode: str = "stated") -> list[ox.Quad]:
    """Describe an imported graph: fact graph, source, assertion mode, and the import of the file.

    Parameters
    ----------
    graph : str
    file_name : str
    checksum : str
        Hex SHA-256 of the file.
    source : str
        IRI of the cited source.
    when : datetime.datetime, optional
        When the import ran (now, in UTC, by default).
    what : str, optional
        What was imported, for the labels (a template name, or ``RDF``).
    mode : str, optional
        ``stated``, ``inferred`` or ``reference``.

    Examples
    --------
    >>> import datetime as dt
    >>> quads = provenance_quads("http://e/g", "r.csv", "ab12", "http://e/s", when=dt.datetime(2025, 1, 2, 3, 4, 5))
    >>> sorted(q.predicate.value.rsplit("#", 1)[-1] for q in quads if q.subject.value == "http://e/g")
    ... # doctest: +NORMALIZE_WHITESPACE
    ['assertionMode', 'generatedAtTime', 'label', 'label', 'type', 'wasDerivedFrom', 'wasGeneratedBy']
    """
    when = when or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    stamp = ox.Literal(when.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    g = ox.NamedNode(graph)
    activity, file, digest = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    triples = [
        (g, RDF + "type", ox.NamedNode(IK + "FactGraph")),
        (g, RDFS + "label", ox.Literal(f"导入：{file_name}", language="zh-Hans")),
        (g, RDFS + "label", ox.Literal(f"Import of {file_name} ({what})", language="en")),
        (g, _PROV + "wasDerivedFrom", ox.NamedNode(source)),
        (g, IK + "assertionMode", ox.NamedNode(ID + "assertion-mode/" + mode)),
        (g, _PROV + "generatedAtTime", stamp),
        (g, _PROV + "wasGeneratedBy", activity),
        (activity, RDF + "type", ox.NamedNode(_PROV + "Activity")),
        (activity, RDFS + "label", ox.Literal(f"innokg import of {file_name} ({what})", language="en")),
        (activity, _PROV + "used", file),
        (activity, _PROV + "endedAtTime", stamp),
        (file, RDF + "type", ox.NamedNode(_PROV + "Entity")),
        (file, _DCTERMS + "title", ox.Literal(file_name)),
        (file, SPDX + "checksum", digest),
        (digest, RDF + "type", ox.NamedNode(SPDX + "Checksum")),
        (digest, SPDX + "algorithm", ox.NamedNode(SPDX + "checksumAlgorithm_sha256")),
        (digest, SPDX + "checksumValue", ox.Literal(checksum)),
    ]
    return [ox.Quad(s, ox.NamedNode(p), o, g) for s, p, o in triples]
