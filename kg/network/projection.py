"""Networks as saved SPARQL edge queries, and their projection into networkx graphs.

A network is a ``.rq`` file in ``queries/networks/`` whose SELECT returns one
row per edge: ``?source ?target ?relation ?weight`` and optionally ``?time``
and ``?weightQualifier``. Its header is a saved-query header (id, titles,
question) plus ``# directed: true|false``. The network's name is the file
name without ``.rq``: ``queries/networks/actors.rq`` is ``actors``.

Projecting a network runs its query and builds a :class:`networkx.DiGraph`
(or :class:`networkx.Graph` when not directed). Parallel edges are merged:
weights add up, relations are kept as a sorted tuple. Only IRIs become
nodes: a literal, a blank node, or a schema term (a class, a property, a
SKOS concept or scheme) at either end drops the edge, and the drop is
counted in ``graph.graph["dropped_edges"]``. Each node carries ``label_zh``,
``label_en`` and ``element`` (``talent``, ``actor``, ``environment``, or
``other`` for places and the rest).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import ID
from kg.paths import QUERIES_DIR
from kg.results import collect
from kg.saved_queries import SavedQuery, read_saved_query, run_saved_query
from kg.store import GraphStore

__all__ = [
    "NETWORKS_DIR", "ELEMENTS", "Network", "NetworkNotFound", "list_networks", "find_network", "project", "edges_to_graph",
    "fingerprint", "short_name",
]

class NetworkNotFound(InnokgError):
    """No network has that name (the HTTP service answers 404)."""


#: Where network definitions live.
NETWORKS_DIR = QUERIES_DIR / "networks"
#: The ecosystem elements a node can belong to, in the order used for brokerage groups.
ELEMENTS = ("talent", "actor", "environment", "other")

_SCHEMA_KINDS = """
SELECT DISTINCT ?term WHERE {
  VALUES ?kind { owl:Class rdfs:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty
                 rdf:Property skos:Concept skos:ConceptScheme owl:Ontology }
  ?term a ?kind . FILTER isIRI(?term)
}"""

#: Each ecosystem element's concept and the classes it is stated on.
_ELEMENT_ROOTS = "SELECT ?root ?concept WHERE { ?root ik:ecosystemElement ?concept }"
_SUBCLASSES = "SELECT DISTINCT ?class WHERE { ?class rdfs:subClassOf* ?root }"
#: The types and the labels of a chunk of nodes (VALUES go in first).
_TYPES_OF = "SELECT ?node ?class WHERE { NODES ?node a ?class }"
_LABELS_OF = "SELECT ?node ?label WHERE { NODES ?node rdfs:label|skos:prefLabel ?label }"
#: Nodes asked about in one query.
_CHUNK = 2000


@dataclass(frozen=True)
class Network:
    """A network definition: a saved edge query.

    Attributes
    ----------
    name : str
        The file name without ``.rq``.
    query : SavedQuery
    directed : bool
        From ``# directed:`` (true by default).
    """

    name: str
    query: SavedQuery
    directed: bool = True

    @property
    def title(self) -> str:
        """The English title, or the name."""
        return self.query.title or self.name

    @property
    def title_zh(self) -> str:
        """The Chinese title, or the name."""
        return self.query.title_zh or self.name


def _network(path: Path) -> Network:
    query = read_saved_query(path)
    flag = query.extra.get("directed", "true").strip().lower()
    if flag not in ("true", "false"):
        raise InnokgError(f"{path}: '# directed:' must be true or false, got {flag!r}")
    return Network(path.stem, query, flag == "true")


def list_networks(directory: str | os.PathLike = NETWORKS_DIR) -> list[Network]:
    """Return every network defined in ``directory``, sorted by name.

    Examples
    --------
    >>> [network.name for network in list_networks()]
    ['actors', 'cities', 'funding', 'tech-transfer']
    """
    return [_network(path) for path in sorted(Path(directory).glob("*.rq"))]


def find_network(name: str, directory: str | os.PathLike = NETWORKS_DIR) -> Network:
    """Return the network called ``name`` (its file name or its query id), or a ``.rq`` file.

    Raises
    ------
    NetworkNotFound
        Naming the known networks when there is no such one.

    Examples
    --------
    >>> find_network("network-actors").name
    'actors'
    """
    if name.endswith(".rq"):
        return _network(Path(name))
    networks = list_networks(directory)
    for network in networks:
        if name in (network.name, network.query.id):
            return network
    known = ", ".join(network.name for network in networks) or "none"
    raise NetworkNotFound(f"no network {name!r} in {directory}; known networks: {known}")


def edges_to_graph(rows, directed: bool = True, nodes: dict | None = None) -> nx.Graph:
    """Build the projection graph from edge rows ``(source, target, relation, weight, time, qualifier)``.

    Ends are strings (IRIs); ``weight`` defaults to 1 and adds up over parallel
    edges; ``relation`` and ``time`` values are collected into sorted tuples.

    Parameters
    ----------
    rows : iterable of tuple
        Missing trailing fields may be left out or None.
    directed : bool, optional
    nodes : dict of str to dict, optional
        Node attributes (``label_zh``, ``label_en``, ``element``).

    Returns
    -------
    networkx.DiGraph or networkx.Graph

    Examples
    --------
    >>> graph = edges_to_graph([("a", "b", "funds", 2.0), ("a", "b", "advises", None), ("b", "c", "funds")])
    >>> graph.edges["a", "b"]
    {'weight': 3.0, 'relations': ('advises', 'funds'), 'times': (), 'lower_bound': False}
    """
    graph = nx.DiGraph() if directed else nx.Graph()
    nodes = nodes or {}
    for row in rows:
        source, target, relation, weight, time, qualifier = (tuple(row) + (None,) * 6)[:6]
        weight = 1.0 if weight is None else float(weight)
        for node in (source, target):
            if node not in graph:
                info = nodes.get(node, {})
                graph.add_node(node, label_zh=info.get("label_zh") or "", label_en=info.get("label_en") or "",
                               element=info.get("element") or "other")
        lower = qualifier is not None and str(qualifier).endswith("lower-bound")
        if graph.has_edge(source, target):
            data = graph.edges[source, target]
            data["weight"] += weight
            if relation is not None and relation not in data["relations"]:
                data["relations"] = tuple(sorted(data["relations"] + (relation,)))
            if time is not None and time not in data["times"]:
                data["times"] = tuple(sorted(data["times"] + (time,)))
            data["lower_bound"] = data["lower_bound"] or lower
        else:
            graph.add_edge(source, target, weight=weight,
                           relations=() if relation is None else (relation,),
                           times=() if time is None else (time,), lower_bound=lower)
    return graph


def project(store: GraphStore, network: Network | str, params: dict[str, str] | None = None) -> nx.Graph:
    """Run a network's edge query on ``store`` and return its graph.

    Parameters
    ----------
    store : GraphStore
    network : Network or str
        A network or its name.
    params : dict of str to str, optional
        Values for the query's parameters, if it declares any.

    Returns
    -------
    networkx.DiGraph or networkx.Graph
        ``graph.graph`` holds ``network`` (the name), ``directed``,
        ``dropped_edges`` (rows dropped because an end was not an entity) and
        ``definition`` (the query text).

    Raises
    ------
    InnokgError
        When the query does not return ``?source`` and ``?target``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> graph = project(build_memory(), "tech-transfer")
    >>> graph.nodes["https://w3id.org/innokg/id/person/li-yuyang"]["element"]
    'talent'
    """
    if isinstance(network, str):
        network = find_network(network)
    result = collect(run_saved_query(store, network.query, params))
    missing = {"source", "target"} - set(result.variables)
    if missing:
        raise InnokgError(f"network {network.name!r} must return ?source and ?target; missing "
                          + ", ".join(f"?{name}" for name in sorted(missing)))
    position = {name: i for i, name in enumerate(result.variables)}
    schema_terms = {row[0].value for row in collect(store.query(_SCHEMA_KINDS)).rows}

    def field(row, name):
        i = position.get(name)
        return None if i is None else row[i]

    edges, dropped = [], 0
    for row in result.rows:
        source, target = field(row, "source"), field(row, "target")
        if not (isinstance(source, ox.NamedNode) and isinstance(target, ox.NamedNode)) \
                or source.value in schema_terms or target.value in schema_terms or source == target:
            dropped += 1
            continue
        weight = field(row, "weight")
        try:
            weight = None if weight is None else float(weight.value)
        except (AttributeError, ValueError):
            raise InnokgError(f"network {network.name!r}: weight {weight} is not a number") from None
        relation, time, qualifier = (field(row, name) for name in ("relation", "time", "weightQualifier"))
        edges.append((source.value, target.value, _text(relation), weight, _text(time), _text(qualifier)))
    # Network queries return edges unordered; nodes and edges enter the graph in one order.
    edges.sort(key=lambda edge: (edge[0], edge[1], edge[2] or "", edge[4] or ""))
    graph = edges_to_graph(edges, network.directed, _node_info(store, {e[0] for e in edges} | {e[1] for e in edges}))
    graph.graph.update(network=network.name, directed=network.directed, dropped_edges=dropped,
                       definition=network.query.text)
    return graph


def _text(term) -> str | None:
    if term is None:
        return None
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


def _node_info(store: GraphStore, nodes: set[str]) -> dict[str, dict]:
    """Each node's labels (zh, en) and element, asked about the nodes only, in chunks (bounded by the network).

    A node of several elements gets the first of :data:`ELEMENTS`; a node
    with no type gets no labels and the element ``other``.
    """
    if not nodes:
        return {}
    element_of: dict[str, str] = {}
    for root, concept in collect(store.query(_ELEMENT_ROOTS)).rows:
        element = concept.value.rsplit("/element/", 1)[-1]
        if element not in ELEMENTS:
            continue
        for (cls,) in collect(store.query(_SUBCLASSES.replace("?root", str(root)))).rows:
            current = element_of.get(cls.value)
            if current is None or ELEMENTS.index(element) < ELEMENTS.index(current):
                element_of[cls.value] = element
    info = {}
    ordered = sorted(nodes)
    for start in range(0, len(ordered), _CHUNK):
        values = "VALUES ?node { " + " ".join(str(ox.NamedNode(node)) for node in ordered[start:start + _CHUNK]) + " }"
        for node, cls in collect(store.query(_TYPES_OF.replace("NODES", values))).rows:
            entry = info.setdefault(node.value, {"label_zh": "", "label_en": "", "element": "other"})
            element = element_of.get(cls.value, "other")
            if ELEMENTS.index(element) < ELEMENTS.index(entry["element"]):
                entry["element"] = element
        for node, label in collect(store.query(_LABELS_OF.replace("NODES", values))).rows:
            entry = info.get(node.value)
            if entry is None or not isinstance(label, ox.Literal) or not label.language:
                continue
            language = label.language.lower()
            key = ("label_zh" if language.split("-")[:2] == ["zh", "hans"]
                   else "label_en" if language.split("-")[0] == "en" else None)
            if key and not entry[key]:
                entry[key] = label.value
    for node in nodes - info.keys():  # untyped nodes: name them by their IRI
        info[node] = {"label_zh": "", "label_en": "", "element": "other"}
    return info


def short_name(iri: str) -> str:
    """Return an entity IRI without the ``id:`` base (``org/ecnu``), else the IRI."""
    return iri[len(ID):] if iri.startswith(ID) else iri


def fingerprint(graph: nx.Graph, definition: str = "") -> str:
    """Return a SHA-256 fingerprint of a projection (and its defining query text).

    It covers every node with its element and every edge with its weight,
    relations, times and bound flag, in a fixed order, so it changes exactly
    when what the metrics are computed from changes: recomputed metrics whose
    stored fingerprint differs from the current one are stale.

    Examples
    --------
    >>> one = edges_to_graph([("a", "b", "funds", 2.0)])
    >>> fingerprint(one) == fingerprint(edges_to_graph([("a", "b", "funds", 2.0)]))
    True
    >>> fingerprint(one) == fingerprint(edges_to_graph([("a", "b", "funds", 3.0)]))
    False
    """
    import hashlib

    digest = hashlib.sha256()
    digest.update(definition.encode("utf-8"))
    digest.update(b"\x00directed\n" if graph.is_directed() else b"\x00undirected\n")
    nodes = sorted(f"n\t{node}\t{graph.nodes[node].get('element')}" for node in graph)
    digest.update("\n".join(nodes).encode("utf-8"))
    records = []
    for source, target, data in graph.edges(data=True):
        source, target = str(source), str(target)
        if not graph.is_directed() and target < source:
            source, target = target, source
        records.append(f"e\t{source}\t{target}\t{float(data.get('weight', 1.0))!r}\t"
                       f"{chr(31).join(data.get('relations', ()))}\t{chr(31).join(data.get('times', ()))}\t"
                       f"{int(bool(data.get('lower_bound')))}")
    records.sort()
    digest.update(b"\n")
    digest.update("\n".join(records).encode("utf-8"))
    return "sha256:" + digest.hexdigest()
