"""Write metrics back into the graph, with provenance, and tell when they are stale.

The metrics of network ``NAME`` go into the named graph
``https://w3id.org/innokg/graph/metrics/NAME`` (replaced whole on each
write, in one transaction: :meth:`kg.store.GraphStore.replace_graph`). It holds:

* the network, ``id:network/NAME``, an ``ik:NetworkProjection`` with its
  titles and ``dcterms:identifier "NAME"``;
* the run, ``id:metric-run/NAME``, an ``ik:MetricRun`` (a ``prov:Activity``):
  ``ik:network``, ``prov:startedAtTime``, ``prov:endedAtTime``, one
  ``ik:algorithm`` per measure, ``ik:parameters`` (JSON), ``ik:nodeCount``,
  ``ik:edgeCount``, ``ik:samplingErrorBound`` when sampled, and
  ``ik:dataFingerprint``; the graph itself is ``prov:wasGeneratedBy`` the run;
* one ``ik:HubScore`` per node, ``id:hub-score/NAME/KEY``: ``ik:scoreOf`` the
  node, ``ik:metricRun``, its labels, ``ik:hubRank``, ``ik:hubScore`` and
  every measure, compactly: a measure is left out where its value follows
  (:data:`IMPLIED`): the brokerage counts when 0, the weighted degree when
  it equals the degree.
  :func:`read_metrics` gives them back.

A run is stale when the fingerprint of the network as projected now differs
from the stored one: the data (or the network's query) changed since.
Telling that projects the network (a minute at 1M triples), so a run also
records the :func:`data_key` of the data it was computed from (in its
``ik:parameters``): when the key is unchanged the run is fresh without
projecting anything (:func:`fresh_by_key`); an edit that keeps every count
the same is then not noticed, as by :func:`kg.views.snapshot.snapshot_key`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import GRAPH, ID, IK, PREFIXES, RDF, RDFS, XSD
from kg.network.projection import Network, fingerprint, project, short_name
from kg.network.registry import METRICS
from kg.network.report import MetricsReport
from kg.results import collect
from kg.store import GraphStore
from kg.store.lock import holding

__all__ = ["METRICS_GRAPH", "IMPLIED", "StoredRun", "metrics_graph", "metric_quads", "write_metrics", "stored_runs",
           "read_metrics", "implied_value", "staleness", "data_key", "fresh_by_key"]

#: A new metrics graph of this many quads or more is written by the bulk loader, its run last (:func:`write_metrics`).
BULK_FROM = 200_000
#: Named graphs of computed metrics start with this (the hygiene checks skip them).
METRICS_GRAPH = GRAPH + "metrics/"
_PROV = PREFIXES["prov"]
_DCTERMS = PREFIXES["dcterms"]
#: The numeric metrics of :data:`kg.network.registry.METRICS` (the role is a plain literal, required on read).
_MEASURES = {key: metric for key, metric in METRICS.items() if metric.datatype != "string"}
#: Measures not stored where their value follows from the row: key -> the value it then has.
IMPLIED = {
    **{key: (lambda row: 0) for key in ("brokerage", "coordinator", "itinerant", "representative", "gatekeeper",
                                        "liaison")},
    "weighted_degree": lambda row: float(row["degree"]),
}


def implied_value(key: str, row: dict):
    """The value of a measure that is not stored (:data:`IMPLIED`), from the rest of its row; None when not implied.

    Examples
    --------
    >>> implied_value("liaison", {"degree": 3}), implied_value("weighted_degree", {"degree": 3})
    (0, 3.0)
    >>> implied_value("pagerank", {"degree": 3}) is None
    True
    """
    rule = IMPLIED.get(key)
    return None if rule is None else rule(row)


@dataclass(frozen=True)
class StoredRun:
    """What the store says about the last run of a network's metrics."""

    network: str
    fingerprint: str
    ended: str
    nodes: int
    edges: int
    #: The :func:`data_key` of the data the run was computed from ("" for a run written before it was recorded).
    data_key: str = ""


def data_key(store: GraphStore) -> str:
    """A digest of the data outside the metrics graphs: their quad count and named graphs.

    Writing metrics does not change it; a build, an import or a drop does.
    Costs a count of the store and of each metrics graph (seconds at 10M triples).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.network.report import compute_metrics
    >>> store = build_memory()
    >>> before = data_key(store)
    >>> _ = write_metrics(store, compute_metrics(project(store, "funding")))
    >>> data_key(store) == before, stored_runs(store)["funding"].data_key == before
    (True, True)
    """
    graphs = store.named_graphs()
    metrics = sorted(graph for graph in graphs if graph.startswith(METRICS_GRAPH))
    inside = 0
    for graph in metrics:
        rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        inside += sum(int(row["n"].value) for row in rows)
    text = json.dumps([len(store) - inside, sorted(graph for graph in graphs if graph not in metrics)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fresh_by_key(run: StoredRun | None, key: str) -> bool:
    """True when ``run`` recorded the data key ``key``: it is fresh, no projection needed.

    Examples
    --------
    >>> fresh_by_key(StoredRun("actors", "sha256:…", "2026-01-01", 3, 2, "abc"), "abc")
    True
    >>> fresh_by_key(StoredRun("actors", "sha256:…", "2026-01-01", 3, 2), "")
    False
    """
    return run is not None and bool(run.data_key) and run.data_key == key


def metrics_graph(network: str) -> str:
    """Return the IRI of the named graph that holds a network's metrics.

    Examples
    --------
    >>> metrics_graph("actors")
    'https://w3id.org/innokg/graph/metrics/actors'
    """
    return METRICS_GRAPH + network


def _score_key(node: str) -> str:
    short = short_name(node)
    if short != node and all(c.isalnum() or c in "-_./" for c in short):
        return short
    return "iri-" + hashlib.sha1(node.encode("utf-8")).hexdigest()[:16]


def metric_quads(report: MetricsReport, network: Network | None = None, key: str = "") -> list[ox.Quad]:
    """Return the quads that record ``report`` in its metrics graph (``key``: the data key, kept in its parameters).

    Examples
    --------
    >>> import networkx as nx
    >>> from kg.network.report import compute_metrics
    >>> graph = nx.DiGraph([("https://w3id.org/innokg/id/org/a", "https://w3id.org/innokg/id/org/b")])
    >>> graph.graph["network"] = "pair"
    >>> quads = metric_quads(compute_metrics(graph))
    >>> sorted({quad.subject.value for quad in quads})[:3]  # doctest: +NORMALIZE_WHITESPACE
    ['https://w3id.org/innokg/graph/metrics/pair', 'https://w3id.org/innokg/id/hub-score/pair/org/a',
     'https://w3id.org/innokg/id/hub-score/pair/org/b']
    """
    name = report.network
    graph = ox.NamedNode(metrics_graph(name))
    run = ox.NamedNode(f"{ID}metric-run/{name}")
    net = ox.NamedNode(f"{ID}network/{name}")
    title = network.title if network is not None else name
    title_zh = network.title_zh if network is not None else name
    quads = []

    def add(subject, predicate, obj):
        quads.append(ox.Quad(subject, ox.NamedNode(predicate), obj, graph))

    def typed(value, kind):
        return ox.Literal(str(value) if kind != "double" else repr(float(value)), datatype=ox.NamedNode(XSD + kind))

    add(net, RDF + "type", ox.NamedNode(IK + "NetworkProjection"))
    add(net, RDFS + "label", ox.Literal(title_zh, language="zh-Hans"))
    add(net, RDFS + "label", ox.Literal(title, language="en"))
    add(net, _DCTERMS + "identifier", ox.Literal(name))
    add(run, RDF + "type", ox.NamedNode(IK + "MetricRun"))
    add(run, RDFS + "label", ox.Literal(f"网络指标计算：{title_zh}", language="zh-Hans"))
    add(run, RDFS + "label", ox.Literal(f"Network metrics run: {title}", language="en"))
    add(run, IK + "network", net)
    add(run, _PROV + "startedAtTime", typed(report.started.isoformat(), "dateTime"))
    add(run, _PROV + "endedAtTime", typed(report.ended.isoformat(), "dateTime"))
    for measure, how in sorted(report.algorithms.items()):
        add(run, IK + "algorithm", ox.Literal(f"{measure}: {how}"))
    parameters = {**report.parameters, **({"data_key": key} if key else {})}
    add(run, IK + "parameters", ox.Literal(json.dumps(parameters, sort_keys=True)))
    add(run, IK + "nodeCount", typed(report.node_count, "integer"))
    add(run, IK + "edgeCount", typed(report.edge_count, "integer"))
    if report.error_bound is not None:
        add(run, IK + "samplingErrorBound", typed(report.error_bound, "double"))
    add(run, IK + "dataFingerprint", ox.Literal(report.fingerprint))
    add(graph, _PROV + "wasGeneratedBy", run)
    for row in report.rows:
        node = str(row["node"])
        score = ox.NamedNode(f"{ID}hub-score/{name}/{_score_key(node)}")
        label_zh = row["label_zh"] or short_name(node)
        label_en = row["label_en"] or short_name(node)
        add(score, RDF + "type", ox.NamedNode(IK + "HubScore"))
        add(score, RDFS + "label", ox.Literal(f"{label_zh}在“{title_zh}”中的枢纽得分", language="zh-Hans"))
        add(score, RDFS + "label", ox.Literal(f"Hub score of {label_en} in '{title}'", language="en"))
        add(score, IK + "scoreOf", ox.NamedNode(node) if "://" in node else ox.Literal(node))
        add(score, IK + "metricRun", run)
        add(score, METRICS["role"].iri, ox.Literal(row["role"]))
        for column, metric in _MEASURES.items():
            if column in IMPLIED and row[column] == implied_value(column, row):
                continue
            add(score, metric.iri, typed(row[column], metric.datatype))
    return quads


def write_metrics(store: GraphStore, report: MetricsReport, network: Network | None = None,
                  key: str | None = None) -> int:
    """Replace the network's metrics graph with ``report``, in one transaction; return the quads written.

    When the graph is new its quads are added in one go (in one transaction,
    or from :data:`BULK_FROM` quads by the bulk loader, the run last, so an
    interrupted write leaves no run that a page would read); when it exists, one
    update deletes the quads the new run no longer holds and inserts those
    it adds, so rewriting a run over unchanged data touches a few quads (its
    times), not the whole graph (which cost 384 s and 4 GB at 1M triples
    when the graph was dropped and written again in one update). ``key``: the
    :func:`data_key` when the caller counted it already (writing metrics does not change it).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.network.report import compute_metrics
    >>> store = build_memory()
    >>> write_metrics(store, compute_metrics(project(store, "funding"))) > 0
    True
    >>> [run.network for run in stored_runs(store).values()]
    ['funding']
    >>> before = len(store)
    >>> write_metrics(store, compute_metrics(project(store, "funding"))) > 0, len(store) == before
    (True, True)
    """
    quads = metric_quads(report, network, data_key(store) if key is None else key)
    graph = metrics_graph(report.network)
    with holding(store):  # one writer at a time (kg.store.lock); already held by `innokg metrics --write`
        if graph not in store.named_graphs():
            if len(quads) < BULK_FROM:
                return store.replace_graph(graph, (quad.triple for quad in quads))
            return _first_write(store, graph, quads)
        new = {quad.triple for quad in quads}
        old = {quad.triple for quad in store.quads(graph)}
        removed, added = old - new, new - old
        operations = [f"{verb} DATA {{ GRAPH <{graph}> {{\n{_ntriples(triples)}}} }}"
                      for verb, triples in (("DELETE", removed), ("INSERT", added)) if triples]
        if operations:
            store.update(" ;\n".join(operations))
        return len(new)


def _first_write(store: GraphStore, graph: str, quads: list[ox.Quad]) -> int:
    """Write a new metrics graph of many quads: the scores by the bulk loader (memory stays flat), the run last.

    The scores of 358,153 nodes (6M quads, at 10M triples) in one transaction
    took more than 8 GB; the bulk loader is not transactional, so the run
    (what :func:`stored_runs` finds) goes in after them, in a transaction of
    its own: an interrupted write leaves scores without a run, which no page
    reads ("not written"), and the next write replaces them.
    """
    import os
    import tempfile

    scores = [quad.triple for quad in quads if quad.subject.value.startswith(f"{ID}hub-score/")]
    run = [quad.triple for quad in quads if not quad.subject.value.startswith(f"{ID}hub-score/")]
    handle, path = tempfile.mkstemp(suffix=".nt", prefix="innokg-metrics-")
    try:
        with os.fdopen(handle, "wb") as out:
            ox.serialize(scores, out, format=ox.RdfFormat.N_TRIPLES)
        store.bulk_load(path, "ntriples", graph=graph)
    finally:
        os.unlink(path)
    store.load(_ntriples(run).encode("utf-8"), "ntriples", graph=graph)
    return len(set(scores)) + len(set(run))


def _ntriples(triples) -> str:
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def stored_runs(store: GraphStore) -> dict[str, StoredRun]:
    """Return the stored metric runs, by network name."""
    result = collect(store.query("""
        SELECT ?name ?fingerprint ?ended ?nodes ?edges ?parameters WHERE {
          GRAPH ?g { ?run a ik:MetricRun ; ik:network/dcterms:identifier ?name ; ik:dataFingerprint ?fingerprint ;
                          prov:endedAtTime ?ended ; ik:nodeCount ?nodes ; ik:edgeCount ?edges
                     OPTIONAL { ?run ik:parameters ?parameters } }
          FILTER STRSTARTS(STR(?g), "https://w3id.org/innokg/graph/metrics/")
        } ORDER BY ?name"""))
    return {row[0].value: StoredRun(row[0].value, row[1].value, row[2].value, int(row[3].value), int(row[4].value),
                                    _recorded_key(row[5]))
            for row in result.rows}


def _recorded_key(parameters) -> str:
    try:
        return str(json.loads(parameters.value).get("data_key", "")) if parameters is not None else ""
    except (ValueError, AttributeError):
        return ""


def read_metrics(store: GraphStore, network: str) -> list[dict]:
    """Read back the rows a network's stored run wrote, ranked: every measure, the rank and the role.

    The inverse of :func:`metric_quads` for the values: each row has the keys
    of :data:`kg.network.report.COLUMNS` except the labels and the element
    (which the projection gives), with the same numbers the report held.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.network.report import compute_metrics
    >>> store = build_memory()
    >>> report = compute_metrics(project(store, "funding"))
    >>> _ = write_metrics(store, report)
    >>> stored = read_metrics(store, "funding")
    >>> [(row["rank"], row["hub_score"], row["role"]) for row in stored]
    [(1, 0.75, 'none'), (2, 0.75, 'none')]
    >>> all(row == {key: full[key] for key in row} for row, full in zip(stored, report.rows))
    True
    >>> read_metrics(store, "actors")
    []
    """
    columns = list(_MEASURES)
    select = " ".join(f"?{column}" for column in columns)
    patterns = " ".join(f"OPTIONAL {{ ?score ik:{metric.prop} ?{column} }}" for column, metric in _MEASURES.items())
    text = (f"SELECT ?node ?role {select} WHERE {{ GRAPH <{metrics_graph(network)}> {{ "
            f"?score a ik:HubScore ; ik:scoreOf ?node ; ik:{METRICS['role'].prop} ?role . {patterns} }} }}")
    rows = []
    for solution in store.query(text):
        row = {"node": solution["node"].value}
        for column, metric in _MEASURES.items():
            term = solution[column]
            row[column] = (None if term is None
                           else int(term.value) if metric.datatype == "integer" else float(term.value))
        row["role"] = solution["role"].value
        for column in IMPLIED:
            if row[column] is None:
                row[column] = implied_value(column, row)
        rows.append(row)
    rows.sort(key=lambda row: (row["rank"] is None, row["rank"] or 0, row["node"]))
    return rows


def staleness(store: GraphStore, network: Network) -> str:
    """Tell whether a network's stored metrics are ``fresh``, ``stale`` or ``not written``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.network.projection import find_network
    >>> store = build_memory()
    >>> staleness(store, find_network("funding"))
    'not written'
    """
    run = stored_runs(store).get(network.name)
    if run is None:
        return "not written"
    current = fingerprint(project(store, network), network.query.text)
    return "fresh" if current == run.fingerprint else "stale"
