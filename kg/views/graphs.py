"""Read the graphs behind the views from the store: ecosystem, ego, transfer chains, ranking.

Structure first, labels later: :func:`ecosystem_graph` and :func:`ego_graph`
return nodes without labels, so a view of 100,000 nodes is reduced before a
single label is fetched; :func:`with_labels` then labels what is left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pyoxigraph as ox

from kg import labels as _labels
from kg.entities import EntityNotFound
from kg.namespaces import ID, IK
from kg.views.model import GROUPS, ViewEdge, ViewGraph, ViewNode
from kg.views.ranking import ranking_choices, ranking_graph  # one edition of one index; re-exported here

__all__ = [
    "node_groups", "labels_of", "with_labels", "ecosystem_graph", "ego_graph",
    "step_notes", "chains_graph", "chain_graph", "ranking_graph", "ranking_choices",
]

_CHUNK = 400
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUPPORTING = {IK + "Place": "place", IK + "Evaluation": "ranking", IK + "Source": "source",
               IK + "ProvenanceRecord": "source"}
_PRIORITY = list(GROUPS)

_GROUPS = """
SELECT DISTINCT ?s ?el ?top WHERE {
  ?s a ?c . ?c rdfs:subClassOf* ?top .
  { ?top ik:ecosystemElement ?el }
  UNION { VALUES ?top { ik:Place ik:Evaluation ik:Source ik:ProvenanceRecord } }
}"""
_ELEMENT_NODES = "SELECT DISTINCT ?s ?el WHERE { ?s a ?c . ?c rdfs:subClassOf*/ik:ecosystemElement ?el }"
_LINKS = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && ?p != rdf:type) }"
_TYPES = "SELECT DISTINCT ?s ?c WHERE { ?s a ?c FILTER(isIRI(?c)) }"
_NEIGHBOURS = """
SELECT DISTINCT ?s ?p ?o WHERE {
  { ?x ?p ?o BIND(?x AS ?s) } UNION { ?s ?p ?x BIND(?x AS ?o) }
  FILTER(isIRI(?s) && isIRI(?o) && ?p != rdf:type && ?s != ?o)
  FILTER NOT EXISTS { ?o a owl:Class } FILTER NOT EXISTS { ?s a owl:Class }
}"""


def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(str(ox.NamedNode(iri)) for iri in iris)} }}"


def _with_values(query: str, var: str, iris: list[str]) -> str:
    head, brace, body = query.partition("{")
    return f"{head}{brace} {_values(var, iris)} {body}"


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def node_groups(store, iris: Iterable[str] | None = None) -> dict[str, str]:
    """Return the group (a key of :data:`kg.views.model.GROUPS`) of each typed entity.

    An entity of several groups gets the first in legend order (talent before actor ...).

    Parameters
    ----------
    store : kg.store.GraphStore
    iris : iterable of str, optional
        Only these entities (all typed entities by default).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> groups = node_groups(build_memory(), [ID + "person/li-yuyang", ID + "city/beijing"])
    >>> groups[ID + "person/li-yuyang"], groups[ID + "city/beijing"]
    ('talent', 'place')
    """
    rows = []
    if iris is None:
        rows = list(store.query(_GROUPS))
    else:
        for chunk in _chunks(sorted(set(iris))):
            rows.extend(store.query(_with_values(_GROUPS, "s", chunk)))
    groups: dict[str, str] = {}
    for row in rows:
        if not isinstance(row["s"], ox.NamedNode):
            continue
        group = row["el"].value.rsplit("/", 1)[-1] if row["el"] is not None else _SUPPORTING.get(row["top"].value)
        if group not in GROUPS:
            group = "other"
        current = groups.get(row["s"].value)
        if current is None or _PRIORITY.index(group) < _PRIORITY.index(current):
            groups[row["s"].value] = group
    return groups


def labels_of(store, iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """Return ``{iri: {"en": ..., "zh": ...}}``: the labels of :func:`kg.labels.labels`.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> labels_of(build_memory(), [ID + "city/beijing"])[ID + "city/beijing"]
    {'en': 'Beijing', 'zh': '北京'}
    """
    return _labels.labels(store, iris)


def with_labels(store, graph: ViewGraph) -> ViewGraph:
    """Fill in the labels and type names of the nodes and edges of ``graph``.

    Labels a node already has are kept.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> g = with_labels(build_memory(), ViewGraph((ViewNode(ID + "city/beijing"),), ()))
    >>> g.nodes[0].labels["zh"], g.nodes[0].types
    ('北京', ('city',))
    """
    node_ids = sorted(graph.node_ids())
    types: dict[str, set[str]] = {}
    for chunk in _chunks(node_ids):
        for row in store.query(_with_values(_TYPES, "s", chunk)):
            types.setdefault(row["s"].value, set()).add(row["c"].value)
    wanted = set(node_ids) | {edge.relation for edge in graph.edges} | {c for cs in types.values() for c in cs}
    labels = labels_of(store, wanted)
    nodes = tuple(
        ViewNode(node.id, node.labels or labels.get(node.id, {}), node.group,
                 node.types or tuple(sorted(labels.get(c, {}).get("en", c.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
                                            for c in types.get(node.id, ()))),
                 node.notes, node.level)
        for node in graph.nodes
    )
    edges = tuple(
        ViewEdge(edge.source, edge.target, edge.relation, edge.labels or labels.get(edge.relation, {}), edge.notes,
                 edge.about)
        for edge in graph.edges
    )
    return ViewGraph(nodes, edges, graph.total_nodes, graph.focus)


def ecosystem_graph(store) -> ViewGraph:
    """Return every talent, actor and environment entity and the direct links between them.

    Nodes carry their group but no labels yet (see :func:`with_labels`).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> g = ecosystem_graph(build_memory())
    >>> park = ID + "org/huanshangda-science-park"
    >>> next(n.group for n in g.nodes if n.id == park)
    'environment'
    >>> ViewEdge(park, ID + "org/shanghai-university", IK + "coBuiltBy") in g.edges
    True
    """
    groups: dict[str, str] = {}
    for row in store.query(_ELEMENT_NODES):
        if isinstance(row["s"], ox.NamedNode):
            group = row["el"].value.rsplit("/", 1)[-1]
            current = groups.get(row["s"].value)
            if group in GROUPS and (current is None or _PRIORITY.index(group) < _PRIORITY.index(current)):
                groups[row["s"].value] = group
    edges = []
    for row in store.query(_LINKS):
        source, target = row["s"], row["o"]
        if source.value in groups and target.value in groups and source != target:
            edges.append(ViewEdge(source.value, target.value, row["p"].value))
    nodes = tuple(ViewNode(iri, group=group) for iri, group in sorted(groups.items()))
    return ViewGraph(nodes, tuple(sorted(edges, key=_edge_key)), len(nodes))


def ego_graph(store, center: str, radius: int = 1, max_frontier: int = 5000, max_rows: int = 1500,
              keep: int | None = None) -> ViewGraph:
    """Return the entities at most ``radius`` links from ``center`` (either way) and the links between them.

    Links to classes and ``rdf:type`` are left out. A level with more than
    ``max_frontier`` new nodes is not expanded further (the view is capped anyway),
    and at most ``max_rows`` links are read in all (the first ones the store
    gives, in its order), so a hub with 100,000 links costs no more than one
    with 1,500; ``total_nodes`` then counts the centre's neighbours in the store.
    With ``keep``, only the ``keep`` nodes nearest the centre (then of highest
    degree) are kept before their groups are read (:func:`kg.views.reduce.cap`).

    Raises
    ------
    InnokgError
        When the graph says nothing about ``center`` or the radius is not 1, 2 or 3.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> g = ego_graph(build_memory(), ID + "org/panxin-technology", 1)
    >>> g.focus == ID + "org/panxin-technology", ID + "person/wang-fei" in g.node_ids()
    (True, False)
    >>> ID + "org/huanshangda-science-park" in g.node_ids()
    True
    """
    from kg.views.reduce import check_radius

    check_radius(radius)
    seen = {center}
    frontier = [center]
    edges: set[ViewEdge] = set()
    budget = max_rows
    for _ in range(radius):
        found: set[str] = set()
        for chunk in _chunks(sorted(frontier)):
            if budget <= 0:
                break
            rows = list(store.query(f"{_with_values(_NEIGHBOURS, 'x', chunk)} LIMIT {budget}"))
            budget -= len(rows)
            for row in rows:
                edges.add(ViewEdge(row["s"].value, row["o"].value, row["p"].value))
                found.update((row["s"].value, row["o"].value))
        frontier = sorted(found - seen)
        seen |= found
        if not frontier or len(frontier) > max_frontier or budget <= 0:
            break
    if len(seen) == 1 and not _mentioned(store, center):
        raise EntityNotFound(f"the graph says nothing about <{center}>")
    total = len(seen) if budget > 0 else max(len(seen), _neighbour_count(store, center) + 1)
    inner = tuple(sorted((e for e in edges if e.source in seen and e.target in seen), key=_edge_key))
    if keep is not None and len(seen) > keep:
        from kg.views.reduce import cap

        kept = cap(ViewGraph(tuple(ViewNode(iri) for iri in sorted(seen)), inner, total, center), keep)
        seen, inner = kept.node_ids(), kept.edges
    groups = node_groups(store, seen)
    nodes = tuple(ViewNode(iri, group=groups.get(iri, "other")) for iri in sorted(seen))
    return ViewGraph(nodes, inner, total, center)


def _neighbour_count(store, iri: str) -> int:
    node = ox.NamedNode(iri)
    rows = list(store.query(f"SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE {{ {{ {node} ?p ?n }} UNION {{ ?n ?p {node} }} "
                            f"FILTER(isIRI(?n) && ?p != rdf:type) }}"))
    return int(rows[0]["c"].value) if rows else 0


def _mentioned(store, iri: str) -> bool:
    node = ox.NamedNode(iri)
    return bool(store.query(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}"))


def _edge_key(edge: ViewEdge) -> tuple[str, str, str]:
    return edge.source, edge.target, edge.relation


# --- technology-transfer chains ------------------------------------------------------

#: Assertion mode -> its name in Chinese, for the notes on chain steps.
_MODES_ZH = {"stated": "原文陈述", "inferred": "推断", "reference": "参考资料"}


def step_notes(step) -> dict[str, str]:
    """The note on a chain step, per language: its stages, its date and how it is sourced.

    Parameters
    ----------
    step : kg.policy.chains.Step

    Examples
    --------
    >>> from kg.policy.chains import Step
    >>> from kg.policy.lookup import Label, Source
    >>> step = Step(Label("a"), "incubates", Label("b"), stages=(Label("s", "产业孵化", "industrial incubation"),),
    ...             date="2023-05", sources=(Source("g", "stated", ()),))
    >>> step_notes(step)
    {'zh': '产业孵化 · 2023-05 · 原文陈述', 'en': 'industrial incubation · 2023-05 · stated'}
    """
    modes = sorted({source.mode for source in step.sources})
    notes = {}
    for lang in ("zh", "en"):
        stages = " → ".join(getattr(stage, lang) or stage.text for stage in step.stages)
        date = step.date + (("（推断）" if lang == "zh" else " (inferred)") if step.date_inferred else "")
        mode = "/".join(_MODES_ZH.get(m, m) for m in modes) if lang == "zh" else "/".join(modes)
        notes[lang] = " · ".join(part for part in (stages, date if step.date else "", mode) if part)
    return notes


def chains_graph(chains) -> ViewGraph:
    """Merge ranked chains into one graph, one column per position along the chains.

    Each node sits in the column of the furthest position it takes in any
    chain (so the firms end up on the right); each step is one edge labelled
    with its relation, with :func:`step_notes` after it and its sources in the
    tooltip. A step shared by several chains is one edge.

    Parameters
    ----------
    chains : list of kg.policy.chains.Chain
        From :func:`kg.policy.chains.find_chains`, all from the same actor.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.policy.chains import find_chains
    >>> g = chains_graph(find_chains(build_memory(), "上海大学"))
    >>> [(n.labels["en"], n.level) for n in g.nodes][:3]
    [('Shanghai University', 0), ('Huanshangda Science Park', 1), ('Shanghai University National University Science Park', 1)]
    >>> g.edges[-1].label("en")
    'grant through channel (invest first, convert to equity later) to · 2025-01 (inferred) · inferred'
    """
    if not chains:
        raise EntityNotFound("no chain to draw")
    origin = chains[0].source
    names = {origin.iri: origin}
    level = {origin.iri: 0}
    edges: dict[tuple[str, str, str], ViewEdge] = {}
    for chain in chains:
        for position, step in enumerate(chain.steps, 1):
            names.setdefault(step.target.iri, step.target)
            if step.target.iri != origin.iri:
                level[step.target.iri] = max(level.get(step.target.iri, 0), position)
            key = (step.source.iri, step.target.iri, step.relation)
            if key not in edges:
                sources = " | ".join(source.text() for source in step.sources)
                edges[key] = ViewEdge(step.source.iri, step.target.iri, IK + "chain/" + step.relation,
                                      {"zh": step.relation_zh, "en": step.relation_en}, step_notes(step),
                                      {"zh": sources, "en": sources} if sources else {})
    nodes = tuple(ViewNode(iri, {lang: text for lang, text in (("zh", names[iri].zh), ("en", names[iri].en)) if text},
                           level=column)
                  for iri, column in sorted(level.items(), key=lambda item: (item[1], item[0])))
    ordered = sorted(edges.values(), key=lambda edge: (level[edge.source], level[edge.target], _edge_key(edge)))
    return ViewGraph(nodes, tuple(ordered), len(nodes), origin.iri)


def chain_graph(store, origin: str = ID + "org/shanghai-university", to: str | None = None, *,
                max_steps: int = 6, limit: int | None = None, chains=None) -> ViewGraph:
    """Return the technology-transfer chains from ``origin`` as one graph, coloured by element.

    The chains are those of :func:`kg.policy.chains.find_chains` (every
    step with its relation, stage, date and sources), merged by
    :func:`chains_graph`.

    Parameters
    ----------
    store : kg.store.GraphStore
    origin : str
        The actor: a label (zh or en), an alias, a prefixed name or an IRI.
    to : str, optional
        Only chains ending here.
    max_steps, limit : int, optional
        As for :func:`~kg.policy.chains.find_chains`.
    chains : list of kg.policy.chains.Chain, optional
        Chains already found: draw these (the other arguments are then not used).

    Raises
    ------
    InnokgError
        When the actor is unknown, or reaches no firm.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> g = chain_graph(build_memory(), "上海大学", limit=1)
    >>> [(n.labels["zh"], n.group) for n in g.nodes][-2:]
    [('长三角国家技术创新中心', 'actor'), ('泮芯科技(上海)有限公司', 'actor')]
    """
    from kg.policy.chains import find_chains

    if chains is None:
        chains = find_chains(store, origin, to, max_steps=max_steps, limit=limit)
    if not chains:
        raise EntityNotFound(f"no chain from {origin} to {to or 'a firm'} in at most {max_steps} steps")
    graph = chains_graph(chains)
    groups = node_groups(store, graph.node_ids())
    nodes = tuple(replace(node, group=groups.get(node.id, "other")) for node in graph.nodes)
    return replace(graph, nodes=nodes)
