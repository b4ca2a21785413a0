"""The backbone of a big ecosystem: its top hubs and its communities, computed once per store snapshot.

A browser cannot draw 95,947 nodes, and the 500 best-scored of them alone
are a ring of unlinked dots. The backbone keeps the structure:

* the :data:`TOP_HUBS` top hubs (by hub score in the actors network when its
  stored metrics are fresh, else by degree in the ecosystem) with the links
  among them;
* the communities of the ecosystem (:func:`louvain`: igraph's multilevel
  method, else networkx's ``louvain_communities``, seeded, on the undirected
  projection), the :data:`MAX_COMMUNITIES` largest each
  drawn as one super-node sized by its members, linked to the hubs and to
  each other by the number of links between their members;
* for each of those communities, its :data:`TOP_MEMBERS` best-scored
  members and the links among them: what a click on the super-node opens.

:func:`compute_backbone` is run by :func:`kg.views.snapshot.prepare`; the
views (:mod:`kg.views.network`) only read what it kept.

Examples
--------
>>> from kg.build import build_memory
>>> from kg.views.snapshot import prepare
>>> backbone = prepare(build_memory(), lambda line: None)["backbone"]
>>> backbone["total_nodes"] > 20, backbone["score"], len(backbone["communities"]) > 1
(True, 'hub score', True)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from kg.namespaces import IK
from kg.views.model import GROUPS, ViewEdge, ViewGraph, ViewNode

__all__ = ["TOP_HUBS", "MAX_COMMUNITIES", "TOP_MEMBERS", "SEED", "metric_statuses", "compute_backbone", "louvain",
           "backbone_graph", "community_graph", "community_node", "backbone_summary"]

#: Hubs drawn one by one in the reduced ecosystem view.
TOP_HUBS = 300
#: Communities drawn as super-nodes (the largest; the others are counted).
MAX_COMMUNITIES = 40
#: Members kept for the view of one community.
TOP_MEMBERS = 300
#: The Louvain method's seed: the same graph gives the same communities.
SEED = 42

_HUB_SCORES = """
SELECT ?node ?score WHERE { GRAPH ?g { ?s ik:scoreOf ?node ; ik:hubScore ?score } }"""


def metric_statuses(store, progress: Callable[[str], None]) -> dict[str, dict]:
    """Tell for each network whether its stored metrics are ``fresh``, ``stale`` or ``not written``.

    A run that recorded the data key of the data as it is now
    (:func:`kg.network.writeback.fresh_by_key`) is fresh at once; any other
    run is checked by projecting its network and comparing fingerprints
    (a minute at 1M triples), which belongs in :func:`kg.views.snapshot.prepare`.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> metric_statuses(build_memory(), lambda line: None)["funding"]
    {'status': 'not written'}
    """
    from kg.network.projection import fingerprint, list_networks, project
    from kg.network.writeback import data_key, fresh_by_key, stored_runs
    from kg.network.progress import step

    runs = stored_runs(store)
    key = step("counting the data outside the metrics graphs", lambda: data_key(store), progress) if runs else ""
    statuses = {}
    for network in list_networks():
        run = runs.get(network.name)
        if run is None:
            statuses[network.name] = {"status": "not written"}
            continue
        if fresh_by_key(run, key):
            fresh = True
        else:
            current = step(f"checking the stored metrics of {network.name} (written before the data key was kept)"
                           if not run.data_key else f"checking the stored metrics of {network.name}",
                           lambda: fingerprint(project(store, network), network.query.text), progress)
            fresh = current == run.fingerprint
        statuses[network.name] = {"status": "fresh" if fresh else "stale", "ended": run.ended,
                                  "nodes": run.nodes, "edges": run.edges}
    return statuses


def _scores(store, graph: ViewGraph, statuses: dict, progress) -> tuple[dict[str, float], str]:
    from kg.views.snapshot import is_small

    if statuses.get("actors", {}).get("status") == "fresh":
        graph_iri = "https://w3id.org/innokg/graph/metrics/actors"
        rows = store.query(_HUB_SCORES.replace("GRAPH ?g", f"GRAPH <{graph_iri}>"))
        return {row["node"].value: float(row["score"].value) for row in rows}, "hub score"
    if is_small(store):
        from kg.network.current import current_hub_scores

        return current_hub_scores(store, "actors"), "hub score"
    progress("the actors network has no fresh stored metrics (`innokg metrics --write`): hubs are ranked by degree")
    from kg.views.reduce import degrees

    return {node: float(count) for node, count in degrees(graph).items()}, "degree"


def compute_backbone(store, statuses: dict, progress: Callable[[str], None]) -> tuple[dict, dict, int]:
    """Compute the backbone of the ecosystem; return it, the element counts and the number of links.

    The backbone is plain JSON data: ``total_nodes``, ``score`` (what ranks
    the hubs), ``hubs`` (``[iri, group, score]``), ``hub_edges``
    (``[source, target, relation]``), ``communities`` (the largest, each with
    ``number``, ``size``, ``groups``, ``members`` and ``edges``),
    ``community_count`` and ``links`` (``[end, end, weight]``, an end being a
    hub's IRI or ``community:N``).
    """
    from kg.views.graphs import ecosystem_graph
    from kg.network.progress import step

    graph = step("reading the ecosystem's nodes and links", lambda: ecosystem_graph(store), progress)
    groups = {node.id: node.group for node in graph.nodes}
    elements = {group: 0 for group in ("talent", "actor", "environment")}
    for group in groups.values():
        elements[group] = elements.get(group, 0) + 1
    scores, basis = _scores(store, graph, statuses, progress)
    pairs: Counter = Counter()
    for edge in graph.edges:
        pairs[(edge.source, edge.target) if edge.source < edge.target else (edge.target, edge.source)] += 1
    found = step(f"finding the communities of {len(groups):,} nodes (Louvain, seed {SEED})",
                 lambda: louvain(sorted(groups), pairs), progress)
    communities = sorted((sorted(members) for members in found), key=lambda members: (-len(members), members[0]))
    number_of = {node: number for number, members in enumerate(communities, 1) for node in members}

    def rank(node: str) -> tuple:
        return -scores.get(node, 0.0), node

    hubs = sorted(groups, key=rank)[:TOP_HUBS]
    hub_set = set(hubs)
    shown = {number for number in range(1, min(len(communities), MAX_COMMUNITIES) + 1)}

    def end(node: str) -> str | None:
        if node in hub_set:
            return node
        number = number_of[node]
        return f"community:{number}" if number in shown else None

    weights: Counter = Counter()
    hub_edges: list = []
    inner: dict[int, list] = {number: [] for number in shown}
    kept_members = {number: set(sorted(communities[number - 1], key=rank)[:TOP_MEMBERS]) for number in shown}
    for edge in graph.edges:
        a, b = end(edge.source), end(edge.target)
        if a in hub_set and b in hub_set:
            hub_edges.append([edge.source, edge.target, edge.relation])
        elif a is not None and b is not None and a != b:
            weights[tuple(sorted((a, b)))] += 1
        number = number_of[edge.source]
        if number in shown and number_of[edge.target] == number and \
                edge.source in kept_members[number] and edge.target in kept_members[number]:
            inner[number].append([edge.source, edge.target, edge.relation])
    backbone = {
        "total_nodes": len(groups), "score": basis,
        "hubs": [[node, groups[node], scores.get(node, 0.0)] for node in hubs],
        "hub_edges": hub_edges,
        "communities": [{
            "number": number, "size": len(communities[number - 1]),
            "groups": dict(Counter(groups[node] for node in communities[number - 1]).most_common()),
            "members": [[node, groups[node], scores.get(node, 0.0)]
                        for node in sorted(kept_members[number], key=rank)],
            "edges": inner[number],
        } for number in sorted(shown)],
        "community_count": len(communities),
        "links": [[a, b, weight] for (a, b), weight in sorted(weights.items())],
    }
    progress(f"backbone: {len(hubs)} hubs, {len(shown)} of {len(communities):,} communities, "
             f"{len(backbone['links']):,} weighted links")
    return backbone, elements, len(graph.edges)


def louvain(nodes: list[str], weights: dict[tuple[str, str], int]) -> list[set[str]]:
    """The communities of the undirected graph of ``nodes`` and weighted ``weights`` pairs (Louvain, seeded).

    With igraph installed its multilevel method does it (a second at 100k
    nodes); else networkx's ``louvain_communities`` (a minute). Both seeded
    with :data:`SEED`: the same graph gives the same communities.

    Examples
    --------
    >>> found = louvain(list("abcdef"), {("a", "b"): 1, ("b", "c"): 1, ("a", "c"): 1, ("d", "e"): 1, ("e", "f"): 1,
    ...                                  ("d", "f"): 1, ("c", "d"): 1})
    >>> sorted(sorted(members) for members in found)
    [['a', 'b', 'c'], ['d', 'e', 'f']]
    """
    from kg.network.metrics import has_igraph

    if has_igraph():
        import random

        import igraph

        index = {node: i for i, node in enumerate(nodes)}
        graph = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in weights])
        graph.es["weight"] = list(weights.values())
        igraph.set_random_number_generator(random.Random(SEED))
        try:
            membership = graph.community_multilevel(weights="weight").membership
        finally:
            igraph.set_random_number_generator(random)
        found: dict[int, set[str]] = {}
        for node, number in zip(nodes, membership):
            found.setdefault(number, set()).add(node)
        return list(found.values())
    import networkx as nx

    undirected = nx.Graph()
    undirected.add_nodes_from(nodes)
    undirected.add_weighted_edges_from((a, b, weight) for (a, b), weight in weights.items())
    return nx.community.louvain_communities(undirected, weight="weight", seed=SEED)


def community_node(number: int) -> str:
    """The id of a community's super-node.

    Examples
    --------
    >>> community_node(3)
    'community:3'
    """
    return f"community:{number}"


def backbone_summary(backbone: dict, hubs: int, communities: int) -> dict[str, str]:
    """Say what the reduced view shows, in zh and en.

    Examples
    --------
    >>> backbone_summary({"total_nodes": 95947, "community_count": 1203}, 300, 37)["en"]
    'showing the 300 top hubs and 37 communities of 95,947 nodes'
    """
    total = backbone["total_nodes"]
    return {"zh": f"显示 {total:,} 个节点中的前 {hubs:,} 个枢纽和 {communities:,} 个社区",
            "en": f"showing the {hubs:,} top hubs and {communities:,} communities of {total:,} nodes"}


def backbone_graph(backbone: dict, labels: dict[str, dict[str, str]], max_hubs: int = TOP_HUBS,
                   groups=None) -> tuple[ViewGraph, dict[str, float], dict[str, str], dict[tuple, int]]:
    """The reduced ecosystem view's graph: hubs, community super-nodes, weighted links.

    Returns the graph, each node's size (hub score, or members for a
    community), each community node's address and each aggregated link's weight. ``labels`` gives the
    labels of the hubs and of each community's best member. ``groups``
    keeps only hubs of those groups.
    """
    hubs = [hub for hub in backbone["hubs"] if not groups or hub[1] in groups][:max_hubs]
    kept = {hub[0] for hub in hubs}
    nodes = [ViewNode(iri, group=group) for iri, group, _ in hubs]
    sizes = {iri: score for iri, _, score in hubs}
    urls = {}
    top = max((community["size"] for community in backbone["communities"]), default=1)
    best = max((score for _, _, score in hubs), default=1.0) or 1.0
    for community in backbone["communities"]:
        node = community_node(community["number"])
        first = community["members"][0][0] if community["members"] else None
        name = labels.get(first, {}) if first else {}
        parts = ", ".join(f"{GROUPS[g][2]} {n:,}" for g, n in community["groups"].items() if g in GROUPS)
        parts_zh = "，".join(f"{GROUPS[g][1]} {n:,}" for g, n in community["groups"].items() if g in GROUPS)
        nodes.append(ViewNode(node, {
            "zh": f"社区 {community['number']}（{community['size']:,} 个节点）" + (f"：{name.get('zh') or name.get('en')}等" if name else ""),
            "en": f"community {community['number']} ({community['size']:,} nodes)" + (f": {name.get('en') or name.get('zh')} …" if name else ""),
        }, "community", notes={"zh": parts_zh, "en": parts}))
        sizes[node] = best * community["size"] / top
        urls[node] = f"/views/ecosystem?community={community['number']}"
        kept.add(node)
    edges = [ViewEdge(s, t, r) for s, t, r in backbone["hub_edges"] if s in kept and t in kept]
    weights = {}
    for a, b, weight in backbone["links"]:
        if a in kept and b in kept:
            text = {"zh": f"{weight:,} 条联系", "en": f"{weight:,} links"}
            edges.append(ViewEdge(a, b, IK + "linkedWith", text))
            weights[a, b] = weight
    return ViewGraph(tuple(nodes), tuple(edges), backbone["total_nodes"]), sizes, urls, weights


def community_graph(backbone: dict, number: int, max_nodes: int) -> tuple[ViewGraph, dict[str, float], dict]:
    """The view of one community: its best-scored members (at most ``max_nodes``) and the links among them.

    Raises
    ------
    kg.labels.NotFound
        When the backbone holds no community ``number``.
    """
    from kg.labels import NotFound

    community = next((c for c in backbone["communities"] if c["number"] == number), None)
    if community is None:
        shown = len(backbone["communities"])
        raise NotFound(f"no community {number}: the view shows communities 1 to {shown}")
    members = community["members"][:max_nodes]
    kept = {iri for iri, _, _ in members}
    nodes = tuple(ViewNode(iri, group=group) for iri, group, _ in members)
    edges = tuple(ViewEdge(s, t, r) for s, t, r in community["edges"] if s in kept and t in kept)
    return ViewGraph(nodes, edges, community["size"]), {iri: score for iri, _, score in members}, community
