"""Build the pyvis networks of the four views: ecosystem, ego, transfer chain, ranking.

Each ``*_view`` function reads its graph from the store, reduces it on the
server (see :mod:`kg.views.reduce`), labels what is left and returns a
:class:`View`: the pyvis network plus what the page needs around it (title,
legend, "showing N of M nodes"). :mod:`kg.views.render` writes it as HTML
with its own template; pyvis's template is never used.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import quote

from typing import TYPE_CHECKING

from kg.errors import InnokgError
from kg.labels import ENTITY_ID, resolve
from kg.user_input import entity_reference
from kg.views.graphs import chain_graph, ecosystem_graph, ego_graph, ranking_graph, with_labels
from kg.views.model import GROUPS, ViewGraph, shown_text
from kg.views.ranking import ranking_edition, shown_size
from kg.views.reduce import DEFAULT_MAX_NODES, cap, degrees, filter_relations, filter_types

if TYPE_CHECKING:  # pyvis and the network measures are loaded when a view is built, not with the pages
    from pyvis.network import Network

__all__ = [
    "LANGS", "View", "resolve_iri", "as_actor", "entity_link", "node_sizes", "to_pyvis",
    "ecosystem_view", "ego_view", "chain_view", "ranking_view",
]

#: The label languages a view can show.
LANGS = ("zh", "en")


@dataclass(frozen=True)
class View:
    """A network ready to render.

    Attributes
    ----------
    kind : str
        ``ecosystem``, ``ego``, ``chain`` or ``ranking``.
    titles : dict of str to str
        The title in ``zh`` and ``en``.
    graph : ViewGraph
        The reduced, labelled graph.
    network : pyvis.network.Network
        Its nodes carry ``label_zh``, ``label_en`` and ``url``; its edges ``label_zh`` and ``label_en``.
    lang : str
        The language the labels start in.
    layout : str
        ``force`` (physics, stopped once stable) or ``columns`` (left to right by ``level``).
    summary : dict of str to str, optional
        What the view shows, per language, when "showing N of M nodes" does not say it (a reduced view:
        "showing the 300 top hubs and 37 communities of 95,947 nodes").
    """

    kind: str
    titles: dict[str, str]
    graph: ViewGraph
    network: "Network"
    lang: str = "zh"
    layout: str = "force"
    summary: dict[str, str] | None = None

    @property
    def title(self) -> str:
        """The title in the view's language."""
        return self.titles[self.lang]

    def shown(self, lang: str | None = None) -> str:
        """Say how many nodes are shown, e.g. ``showing 500 of 120,344 nodes``."""
        if self.summary:
            return self.summary[lang or self.lang]
        return shown_text(self.graph, lang or self.lang)

    def legend(self) -> list[tuple[str, str, str]]:
        """Return ``(group, colour, label)`` for each group that has a node, in legend order."""
        present = {node.group for node in self.graph.nodes}
        return [(group, colour, zh if self.lang == "zh" else en)
                for group, (colour, zh, en) in GROUPS.items() if group in present]


def resolve_iri(entity: str) -> str:
    """Turn an entity id (``city/beijing``), prefixed name or IRI into an IRI (see :func:`kg.user_input.entity_reference`).

    By its syntax alone, without a store; the views themselves resolve names
    with :func:`kg.labels.resolve`, which also takes labels and aliases.

    Raises
    ------
    kg.user_input.InvalidParameter
        When no valid IRI can be made of ``entity``.

    Examples
    --------
    >>> resolve_iri("city/beijing")
    'https://w3id.org/innokg/id/city/beijing'
    >>> resolve_iri("ik:City")
    'https://w3id.org/innokg/ont#City'
    """
    return entity_reference(entity, "entity")


def entity_link(iri: str, base: str | None = "") -> str:
    """Return the address of the entity page of ``iri``.

    Parameters
    ----------
    iri : str
    base : str or None
        The app's address (``""`` for a link within the app); ``None`` links to the IRI itself.

    Examples
    --------
    >>> entity_link("https://w3id.org/innokg/id/city/beijing")
    '/entity?iri=https%3A%2F%2Fw3id.org%2Finnokg%2Fid%2Fcity%2Fbeijing'
    >>> entity_link("https://w3id.org/innokg/id/city/beijing", None)
    'https://w3id.org/innokg/id/city/beijing'
    """
    if base is None:
        return iri
    return f"{base.rstrip('/')}/entity?iri={quote(iri, safe='')}"


def node_sizes(store, graph: ViewGraph, network: str = "actors") -> dict[str, float]:
    """Return the score that sizes each node and picks the top-k: its hub score in ``network``.

    The hub score is the one of :mod:`kg.network.hubscore`, read through
    :func:`kg.network.current.current_metrics` (the stored metrics when they
    are fresh, else computed now) on a small store; on a big one
    (:func:`kg.views.snapshot.is_small`), the stored scores of the graph's
    nodes only, as ``innokg metrics --write`` left them. A node outside the
    network scores 0.

    Parameters
    ----------
    store : kg.store.GraphStore
    graph : ViewGraph
    network : str, optional
        A network of ``queries/networks/`` (``actors`` by default).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.views.model import ViewNode
    >>> from kg.namespaces import ID
    >>> park, city = ID + "org/huanshangda-science-park", ID + "city/beijing"
    >>> node_sizes(build_memory(), ViewGraph((ViewNode(park), ViewNode(city)), ()))
    {'https://w3id.org/innokg/id/org/huanshangda-science-park': 0.979341587046, 'https://w3id.org/innokg/id/city/beijing': 0.0}
    """
    from kg.views.snapshot import is_small

    if is_small(store):
        from kg.network.current import current_hub_scores

        scores = current_hub_scores(store, network)
    else:  # never project a big network while a page waits: the stored scores of these nodes only
        from kg.views.stored import stored_scores

        scores = stored_scores(store, network, graph.node_ids())
    return {node.id: scores.get(node.id, 0.0) for node in graph.nodes}


def to_pyvis(graph: ViewGraph, lang: str = "zh", sizes: dict[str, float] | None = None,
             link_base: str | None = "") -> "Network":
    """Build the pyvis network of ``graph``: colour by group, size by score, labels in ``lang``.

    ``sizes`` maps node ids to the value vis-network scales node sizes by
    (see :func:`node_sizes`); without it, each node's degree in ``graph``.
    Node and edge titles are plain text: the page shows them with ``textContent``.

    Examples
    --------
    >>> from kg.views.model import ViewNode, ViewEdge
    >>> g = ViewGraph((ViewNode("http://e/a", {"en": "A"}, "actor"), ViewNode("http://e/b")),
    ...               (ViewEdge("http://e/a", "http://e/b", "http://e/p", {"en": "knows"}),))
    >>> net = to_pyvis(g, "en")
    >>> net.nodes[0]["label"], net.nodes[0]["color"], net.edges[0]["label"]
    ('A', '#1f77b4', 'knows')
    """
    from pyvis.network import Network

    if lang not in LANGS:
        raise InnokgError(f"the language must be zh or en, not {lang!r}")
    sizes = sizes if sizes is not None else degrees(graph)
    net = Network(height="100%", width="100%", directed=True)
    for node in graph.nodes:
        colour = GROUPS[node.group][0]
        lines = [node.label("zh"), node.label("en"), ", ".join(node.types), node.notes.get(lang, ""), node.id]
        extra = {"level": node.level} if node.level is not None else {}
        net.add_node(
            node.id, label=node.label(lang), shape="dot", color=colour,
            title="\n".join(dict.fromkeys(line for line in lines if line)),
            value=sizes.get(node.id, 1), label_zh=node.label("zh"), label_en=node.label("en"),
            url=entity_link(node.id, link_base), kind=node.group,
            borderWidth=3 if node.id == graph.focus else 1, **extra,
        )
    # pyvis's add_edge drops a second relation between the same two nodes and is
    # quadratic; its edge list is plain dicts, so the edges are added directly.
    for edge in graph.edges:
        net.edges.append({
            "from": edge.source, "to": edge.target, "arrows": "to",
            "label": edge.label(lang), "label_zh": edge.label("zh"), "label_en": edge.label("en"),
            "title": "\n".join(line for line in (edge.label(lang), edge.about.get(lang, ""), edge.relation) if line),
        })
    return net


def _view(kind: str, titles: dict[str, str], store, graph: ViewGraph, lang: str, link_base: str | None,
          sizes: dict[str, float] | None = None, layout: str = "force") -> View:
    graph = with_labels(store, graph)
    return View(kind, titles, graph, to_pyvis(graph, lang, sizes, link_base), lang, layout)


def ecosystem_view(store, lang: str = "zh", max_nodes: int = DEFAULT_MAX_NODES,
                   groups: Collection[str] | None = None, relations: Collection[str] | None = None,
                   link_base: str | None = "", network: str = "actors", community: int | None = None) -> View:
    """The ecosystem network: talent, actors and environment, coloured by element, top ``max_nodes`` by hub score.

    Nodes are sized and picked by their hub score in ``network`` (see :func:`node_sizes`).
    On a big store (:func:`kg.views.snapshot.is_small`) the view is the
    backbone prepared for the store's snapshot (:mod:`kg.views.scaled`): the
    top hubs and the communities as super-nodes; ``community`` opens one of them.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> view = ecosystem_view(build_memory(), "en", max_nodes=5)
    >>> len(view.network.nodes), view.graph.reduced, view.shown().startswith("showing 5 of ")
    (5, True, True)
    """
    from kg.views.snapshot import is_small, prepared

    if community is not None or not is_small(store):
        from kg.views.scaled import NOT_PREPARED, backbone_view, community_view, hubs_only_view

        data = prepared(store)
        if data is None and community is None:  # not prepared: the stored top hubs, and say what is missing
            return hubs_only_view(store, lang, min(max_nodes, 300), groups, link_base)
        if data is None:
            raise InnokgError(NOT_PREPARED)
        if community is not None:
            return community_view(store, data, community, lang, max_nodes, link_base)
        return backbone_view(store, data, lang, min(max_nodes, 300), groups, link_base)
    graph = filter_relations(filter_types(ecosystem_graph(store), groups), relations)
    sizes = node_sizes(store, graph, network)
    graph = cap(graph, max_nodes, sizes)
    titles = {"zh": "创新生态网络", "en": "The innovation ecosystem"}
    return _view("ecosystem", titles, store, graph, lang, link_base, sizes)


def ego_view(store, entity: str, radius: int = 1, lang: str = "zh", max_nodes: int = DEFAULT_MAX_NODES,
             groups: Collection[str] | None = None, relations: Collection[str] | None = None,
             link_base: str | None = "") -> View:
    """The network around ``entity``: everything at most ``radius`` (1–3) links away, nearest first.

    ``entity`` is an id, a label or alias in zh or en, a prefixed name or an
    IRI (see :func:`kg.labels.resolve`). Capped by distance from ``entity``; nodes are sized by their hub score in the actors network.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> view = ego_view(build_memory(), "org/huanshangda-science-park", lang="en")
    >>> view.title
    'Around Huanshangda Science Park (radius 1)'
    >>> "Shanghai University" in [node["label"] for node in view.network.nodes]
    True
    """
    iri = resolve(store, entity)
    keep = None if groups or relations else max_nodes  # cut before reading groups, unless filtering by them
    graph = filter_relations(filter_types(ego_graph(store, iri, radius, keep=keep), groups), relations)
    graph = cap(graph, max_nodes)
    graph = with_labels(store, graph)
    focus = next(node for node in graph.nodes if node.id == iri)
    titles = {"zh": f"{focus.label('zh')}的关系网络（半径 {radius}）",
              "en": f"Around {focus.label('en')} (radius {radius})"}
    return _view("ego", titles, store, graph, lang, link_base, node_sizes(store, graph))


def chain_view(store, origin: str = "org/shanghai-university", lang: str = "zh", link_base: str | None = "",
               to: str | None = None, max_steps: int = 6, limit: int | None = None, chains=None) -> View:
    """The technology-transfer chains from an actor to the firms it reached, left to right.

    The chains are those of :func:`kg.policy.chains.find_chains`; each step is
    labelled with its relation, then its pipeline stage, date and whether it is
    stated or inferred; its sources are in the tooltip. Nodes are sized by
    their hub score in the tech-transfer network.

    Parameters
    ----------
    origin : str
        The actor: an id (``org/shanghai-university``), a label in zh or en, an alias or an IRI.
    to, max_steps, limit : optional
        As for :func:`~kg.policy.chains.find_chains`.
    chains : list of kg.policy.chains.Chain, optional
        The chains, when already found (``to``, ``max_steps`` and ``limit`` are then not used).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> view = chain_view(build_memory(), lang="en")
    >>> view.title, view.network.edges[0]["label"]
    ('Technology-transfer chains from Shanghai University (14)', 'co-builds · 2020-06-22 · stated')
    """
    from kg.policy.chains import find_chains

    if chains is None:
        chains = find_chains(store, origin, to, max_steps=max_steps, limit=limit)
    graph = with_labels(store, chain_graph(store, origin, to, max_steps=max_steps, chains=chains))
    start = next(node for node in graph.nodes if node.id == graph.focus)
    titles = {"zh": f"成果转化链条：从{start.label('zh')}出发（{len(chains)} 条）",
              "en": f"Technology-transfer chains from {start.label('en')} ({len(chains)})"}
    return _view("chain", titles, store, graph, lang, link_base, node_sizes(store, graph, "tech-transfer"),
                 layout="columns")


def as_actor(name: str) -> str:
    """Turn an entity id such as ``org/shanghai-university`` into its IRI; leave any other name as it is.

    Labels, aliases, prefixed names and IRIs are resolved later, by :func:`kg.labels.resolve`
    among the actors (see :func:`kg.policy.chains.find_chains`).

    Examples
    --------
    >>> as_actor("org/shanghai-university"), as_actor("上海大学"), as_actor("id:org/x")
    ('https://w3id.org/innokg/id/org/shanghai-university', '上海大学', 'id:org/x')
    """
    return resolve_iri(name) if ENTITY_ID.fullmatch(name.strip()) else name


def ranking_view(store, dimension: str = "dimension/overall", year: int | None = None, top: int = 30,
                 lang: str = "zh", link_base: str | None = "", index: str | None = None) -> View:
    """Cities by rank on one dimension of one edition of one index (by default the seed's index and its latest
    edition ranking the dimension); higher ranks drawn larger. The title names the index, the edition and how
    many places are drawn (a list of 20 is a top 20, whatever ``top``).

    ``dimension`` is named as :func:`kg.labels.resolve` takes names (``dimension/overall``, ``overall ranking``);
    ``index`` by its key (``gis100``), a name or its IRI.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> view = ranking_view(build_memory(), top=3, lang="en")
    >>> [node["label"] for node in view.network.nodes]
    ['overall ranking', 'San Francisco Bay Area', 'New York', 'Beijing']
    >>> view.title
    'Ranking: overall ranking, Global Science and Technology Innovation Centres 100, 2025 edition (top 3)'
    """
    dimension_iri = resolve(store, dimension, what="dimension")
    edition = ranking_edition(store, dimension_iri, year, index)
    graph = ranking_graph(store, dimension_iri, edition.year, top, edition.index)
    size = shown_size(graph, top)
    sizes = {edge.target: top + 1 - float(edge.notes["en"].lstrip("≤≈")) for edge in graph.edges}
    sizes[graph.focus] = top + 1
    graph = with_labels(store, graph)
    name = next(node for node in graph.nodes if node.id == graph.focus)
    titles = {"zh": f"排名：{name.label('zh')}，{edition.title('zh')}（前 {size}）",
              "en": f"Ranking: {name.label('en')}, {edition.title('en')} (top {size})"}
    return _view("ranking", titles, store, graph, lang, link_base, sizes)
