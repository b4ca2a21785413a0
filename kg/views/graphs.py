"""Read the graphs behind the views from the store: ecosystem, ego, transfer chain, ranking.

Structure first, labels later: :func:`ecosystem_graph` and :func:`ego_graph`
return nodes without labels, so a view of 100,000 nodes is reduced before a
single label is fetched; :func:`with_labels` then labels what is left.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import ID, IK
from kg.sparql_text import bind_values
from kg.views.model import GROUPS, ViewEdge, ViewGraph, ViewNode

__all__ = [
    "node_groups", "labels_of", "with_labels", "ecosystem_graph", "ego_graph",
    "chain_graph", "ranking_graph", "ranking_choices",
]

_CHUNK = 400
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUPPORTING = {IK + "Place": "place", IK + "RankingOrIndicator": "ranking", IK + "SourceOrProvenance": "source"}
_PRIORITY = list(GROUPS)

_GROUPS = """
SELECT DISTINCT ?s ?el ?top WHERE {
  ?s a ?c . ?c rdfs:subClassOf* ?top .
  { ?top ik:ecosystemElement ?el }
  UNION { VALUES ?top { ik:Place ik:RankingOrIndicator ik:SourceOrProvenance } }
}"""
_ELEMENT_NODES = "SELECT DISTINCT ?s ?el WHERE { ?s a ?c . ?c rdfs:subClassOf*/ik:ecosystemElement ?el }"
_LINKS = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && ?p != rdf:type) }"
_LABELS = """
SELECT ?s ?p ?l WHERE {
  VALUES ?p { rdfs:label skos:prefLabel }
  ?s ?p ?l FILTER(LANGMATCHES(LANG(?l), "zh") || LANGMATCHES(LANG(?l), "en"))
}"""
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
    """Return ``{iri: {"zh": ..., "en": ...}}`` from ``rdfs:label`` (else ``skos:prefLabel``).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> labels_of(build_memory(), [ID + "city/beijing"])[ID + "city/beijing"]
    {'en': 'Beijing', 'zh': '北京'}
    """
    found: dict[str, dict[str, str]] = {}
    rank: dict[tuple[str, str], int] = {}
    for chunk in _chunks(sorted(set(iris))):
        for row in store.query(_with_values(_LABELS, "s", chunk)):
            literal = row["l"]
            lang = "zh" if (literal.language or "").lower().startswith("zh") else "en"
            order = 0 if row["p"].value.endswith("#label") else 1
            key = (row["s"].value, lang)
            labels = found.setdefault(row["s"].value, {})
            if key not in rank or (order, literal.value) < (rank[key], labels[lang]):
                rank[key] = order
                labels[lang] = literal.value
    return {iri: dict(sorted(labels.items())) for iri, labels in found.items()}


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
        ViewEdge(edge.source, edge.target, edge.relation, edge.labels or labels.get(edge.relation, {}), edge.notes)
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


def ego_graph(store, center: str, radius: int = 1, max_frontier: int = 5000) -> ViewGraph:
    """Return the entities at most ``radius`` links from ``center`` (either way) and the links between them.

    Links to classes and ``rdf:type`` are left out. A level with more than
    ``max_frontier`` new nodes is not expanded further (the view is capped anyway).

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
    for _ in range(radius):
        found: set[str] = set()
        for chunk in _chunks(sorted(frontier)):
            for row in store.query(_with_values(_NEIGHBOURS, "x", chunk)):
                edges.add(ViewEdge(row["s"].value, row["o"].value, row["p"].value))
                found.update((row["s"].value, row["o"].value))
        frontier = sorted(found - seen)
        seen |= found
        if not frontier or len(frontier) > max_frontier:
            break
    if len(seen) == 1 and not _mentioned(store, center):
        raise InnokgError(f"the graph says nothing about <{center}>")
    groups = node_groups(store, seen)
    nodes = tuple(ViewNode(iri, group=groups.get(iri, "other")) for iri in sorted(seen))
    inner = tuple(sorted((e for e in edges if e.source in seen and e.target in seen), key=_edge_key))
    return ViewGraph(nodes, inner, len(nodes), center)


def _mentioned(store, iri: str) -> bool:
    node = ox.NamedNode(iri)
    return bool(store.query(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}"))


def _edge_key(edge: ViewEdge) -> tuple[str, str, str]:
    return edge.source, edge.target, edge.relation


# --- the technology-transfer chain --------------------------------------------------

_CHAIN = """
SELECT DISTINCT ?step ?from ?to ?stage WHERE {
  {
    ?to ik:coBuiltBy ?from . ?to a/rdfs:subClassOf* ik:SciencePark . BIND(1 AS ?step)
  } UNION {
    ?park ik:coBuiltBy ?u ; ik:operatedBy ?to . BIND(?park AS ?from) BIND(2 AS ?step)
  } UNION {
    ?park ik:coBuiltBy ?u . ?to ik:affiliatedWith ?park ; ik:coversStage ?stage .
    BIND(?park AS ?from) BIND(3 AS ?step)
  } UNION {
    ?park ik:coBuiltBy ?u . ?to ik:incubatedBy ?park . BIND(?park AS ?from) BIND(4 AS ?step)
    BIND(<https://w3id.org/innokg/id/stage/industrial-incubation> AS ?stage)
  } UNION {
    ?park ik:coBuiltBy ?u . ?from ik:incubatedBy ?park . ?to ik:recipient ?from . BIND(5 AS ?step)
  } UNION {
    ?park ik:coBuiltBy ?u . ?firm ik:incubatedBy ?park . ?from ik:recipient ?firm ; ik:channel ?to . BIND(6 AS ?step)
  } UNION {
    ?park ik:coBuiltBy ?u . ?firm ik:incubatedBy ?park . ?from ik:recipient ?firm ; ik:instrument ?to . BIND(7 AS ?step)
  }
  FILTER(?step != 1 || ?from = ?u)
}
ORDER BY ?step ?from ?to ?stage"""

#: step -> (relation name, zh, en, zh note, en note, column of the target)
_STEPS: dict[int, tuple[str, str, str, str, str, int]] = {
    1: ("co-builds", "共建园区", "co-builds the park", "科研源头", "research", 1),
    2: ("operated-by", "由其运营", "is run by", "运营", "operation", 2),
    3: ("hosts-platform", "设立平台", "hosts the platform", "", "", 2),
    4: ("incubates", "孵化", "incubates", "", "", 3),
    5: ("funded-by", "获得资助", "is funded by", "资金", "funding", 4),
    6: ("through-channel", "经由渠道", "through the channel", "资金", "funding", 5),
    7: ("under-instrument", "依据政策工具", "under the instrument", "政策", "policy", 5),
}


def chain_graph(store, university: str = ID + "org/shanghai-university") -> ViewGraph:
    """Return the technology-transfer chain from a university, one column per step.

    university → the park it co-builds → the park's operator and its platforms
    (with the pipeline stages they cover) → the firms the park incubates
    (industrial incubation) → the grants they received → channel and instrument.

    Raises
    ------
    InnokgError
        When the university co-builds no science park.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> g = with_labels(build_memory(), chain_graph(build_memory()))
    >>> steps = [(e.labels["en"], e.notes.get("en", "")) for e in g.edges]
    >>> steps[0], ("incubates", "industrial incubation") in steps
    (('co-builds the park', 'research'), True)
    >>> ("hosts the platform", "proof of concept") in steps
    True
    """
    rows = list(store.query(bind_values(_CHAIN, {"u": ox.NamedNode(university)})))
    if not rows:
        raise InnokgError(f"<{university}> co-builds no science park in the graph")
    stage_iris = {row["stage"].value for row in rows if row["stage"] is not None}
    stage_labels = labels_of(store, stage_iris)
    stage_order = {row["c"].value: int(row["n"].value) for row in store.query(
        "SELECT ?c ?n WHERE { ?c ik:stageOrder ?n }")}
    level = {university: 0}
    stages: dict[tuple[int, str, str], list[str]] = {}
    for row in rows:
        step, source, target = int(row["step"].value), row["from"].value, row["to"].value
        level.setdefault(target, _STEPS[step][5])
        found = stages.setdefault((step, source, target), [])
        if row["stage"] is not None:
            found.append(row["stage"].value)
    edges = []
    for (step, source, target), stage_list in stages.items():
        name, zh, en, note_zh, note_en, _ = _STEPS[step]
        notes = {"zh": note_zh, "en": note_en} if note_en else {}
        if stage_list:
            ordered = sorted(stage_list, key=lambda iri: (stage_order.get(iri, 99), iri))
            notes = {lang: " → ".join(stage_labels.get(iri, {}).get(lang, iri) for iri in ordered)
                     for lang in ("zh", "en")}
        edges.append(ViewEdge(source, target, IK + "chain/" + name, {"zh": zh, "en": en}, notes))
    groups = node_groups(store, level)
    nodes = tuple(ViewNode(iri, group=groups.get(iri, "other"), level=column)
                  for iri, column in sorted(level.items(), key=lambda item: (item[1], item[0])))
    return ViewGraph(nodes, tuple(edges), len(nodes), university)


# --- rankings ---------------------------------------------------------------------

_RANKS = """
SELECT ?city ?rank ?atMost ?approx WHERE {
  ?edition a ik:RankingEdition ; ik:editionYear ?year .
  ?obs ik:edition ?edition ; ik:dimension ?dimension ; ik:city ?city .
  OPTIONAL { ?obs ik:rank ?rank } OPTIONAL { ?obs ik:rankAtMost ?atMost } OPTIONAL { ?obs ik:approximateRank ?approx }
}"""
_CHOICES = """
SELECT DISTINCT ?year ?dimension WHERE {
  ?edition a ik:RankingEdition ; ik:editionYear ?year . ?obs ik:edition ?edition ; ik:dimension ?dimension ; ik:city ?c .
} ORDER BY DESC(?year) ?dimension"""


def ranking_choices(store) -> list[tuple[int, str]]:
    """Return the (edition year, dimension IRI) pairs that have rank observations, latest first.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> (2025, ID + "dimension/overall") in ranking_choices(build_memory())
    True
    """
    return [(int(row["year"].value), row["dimension"].value) for row in store.query(_CHOICES)]


def ranking_graph(store, dimension: str = ID + "dimension/overall", year: int | None = None,
                  top: int = 30) -> ViewGraph:
    """Return the cities ranked on ``dimension`` in the edition of ``year`` (the latest by default).

    The dimension is the centre; each city is linked to it with its rank
    ("3", "≤4" for "top 4", "≈20" for "about 20"). Only ranks up to ``top`` are kept.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> g = ranking_graph(build_memory(), top=3)
    >>> [(e.target.rsplit("/", 1)[1], e.notes["en"]) for e in g.edges]
    [('san-francisco-bay-area', '1'), ('new-york', '2'), ('beijing', '3')]
    """
    choices = ranking_choices(store)
    if year is None:
        years = [y for y, d in choices if d == dimension]
        year = years[0] if years else 0
    if (year, dimension) not in choices:
        raise InnokgError(f"no ranks on <{dimension}> in edition {year}")
    rows = store.query(bind_values(_RANKS, {"dimension": ox.NamedNode(dimension),
                                            "year": ox.Literal(str(year), datatype=ox.NamedNode(_XSD_INT))}))
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


_XSD_INT = "http://www.w3.org/2001/XMLSchema#integer"
