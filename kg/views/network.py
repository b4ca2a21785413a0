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

from pyvis.network import Network

from kg.errors import InnokgError
from kg.namespaces import ID, expand
from kg.views.graphs import chain_graph, ecosystem_graph, ego_graph, ranking_graph, with_labels
from kg.views.model import GROUPS, ViewGraph, shown_text
from kg.views.reduce import DEFAULT_MAX_NODES, cap, degrees, filter_relations, filter_types

__all__ = [
    "LANGS", "View", "resolve_iri", "entity_link", "node_sizes", "to_pyvis",
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
    """

    kind: str
    titles: dict[str, str]
    graph: ViewGraph
    network: Network
    lang: str = "zh"
    layout: str = "force"

    @property
    def title(self) -> str:
        """The title in the view's language."""
        return self.titles[self.lang]

    def shown(self, lang: str | None = None) -> str:
        """Say how many nodes are shown, e.g. ``showing 500 of 120,344 nodes``."""
        return shown_text(self.graph, lang or self.lang)

    def legend(self) -> list[tuple[str, str, str]]:
        """Return ``(group, colour, label)`` for each group that has a node, in legend order."""
        present = {node.group for node in self.graph.nodes}
        return [(group, colour, zh if self.lang == "zh" else en)
                for group, (colour, zh, en) in GROUPS.items() if group in present]


def resolve_iri(entity: str) -> str:
    """Turn an entity id (``city/beijing``), prefixed name or IRI into an IRI.

    Examples
    --------
    >>> resolve_iri("city/beijing")
    'https://w3id.org/innokg/id/city/beijing'
    >>> resolve_iri("ik:City")
    'https://w3id.org/innokg/ont#City'
    """
    entity = entity.strip()
    if not entity:
        raise InnokgError("name an entity: an id such as org/shanghai-university, or an IRI")
    if "://" in entity:
        return entity
    expanded = expand(entity)
    return expanded if expanded != entity else ID + entity.lstrip("/")


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


def node_sizes(store, graph: ViewGraph) -> dict[str, float]:
    """Return the score that sizes each node and picks the top-k: its degree in ``graph``.

    This is the one place to point at hub scores (issue 4) once they exist;
    ``store`` is passed for that.

    Examples
    --------
    >>> from kg.views.model import ViewNode, ViewEdge
    >>> node_sizes(None, ViewGraph((ViewNode("a"), ViewNode("b")), (ViewEdge("a", "b", "p"), ViewEdge("a", "b", "q"))))
    {'a': 2, 'b': 2}
    """
    return degrees(graph)


def to_pyvis(graph: ViewGraph, lang: str = "zh", sizes: dict[str, float] | None = None,
             link_base: str | None = "") -> Network:
    """Build the pyvis network of ``graph``: colour by group, size by score, labels in ``lang``.

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
    if lang not in LANGS:
        raise InnokgError(f"the language must be zh or en, not {lang!r}")
    sizes = sizes if sizes is not None else node_sizes(None, graph)
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
            "title": f"{edge.label('en')}\n{edge.relation}",
        })
    return net


def _view(kind: str, titles: dict[str, str], store, graph: ViewGraph, lang: str, link_base: str | None,
          sizes: dict[str, float] | None = None, layout: str = "force") -> View:
    graph = with_labels(store, graph)
    return View(kind, titles, graph, to_pyvis(graph, lang, sizes, link_base), lang, layout)


def ecosystem_view(store, lang: str = "zh", max_nodes: int = DEFAULT_MAX_NODES,
                   groups: Collection[str] | None = None, relations: Collection[str] | None = None,
                   link_base: str | None = "") -> View:
    """The ecosystem network: talent, actors and environment, coloured by element, top ``max_nodes`` by score.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> view = ecosystem_view(build_memory(), "en", max_nodes=5)
    >>> len(view.network.nodes), view.graph.reduced, view.shown().startswith("showing 5 of ")
    (5, True, True)
    """
    graph = filter_relations(filter_types(ecosystem_graph(store), groups), relations)
    sizes = node_sizes(store, graph)
    graph = cap(graph, max_nodes, sizes)
    titles = {"zh": "创新生态网络", "en": "The innovation ecosystem"}
    return _view("ecosystem", titles, store, graph, lang, link_base, sizes)


def ego_view(store, entity: str, radius: int = 1, lang: str = "zh", max_nodes: int = DEFAULT_MAX_NODES,
             groups: Collection[str] | None = None, relations: Collection[str] | None = None,
             link_base: str | None = "") -> View:
    """The network around ``entity``: everything at most ``radius`` (1–3) links away, nearest first.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> view = ego_view(build_memory(), "org/huanshangda-science-park", lang="en")
    >>> view.title
    'Around Huanshangda Science Park (radius 1)'
    >>> "Shanghai University" in [node["label"] for node in view.network.nodes]
    True
    """
    iri = resolve_iri(entity)
    graph = filter_relations(filter_types(ego_graph(store, iri, radius), groups), relations)
    graph = cap(graph, max_nodes)
    graph = with_labels(store, graph)
    focus = next(node for node in graph.nodes if node.id == iri)
    titles = {"zh": f"{focus.label('zh')}的关系网络（半径 {radius}）",
              "en": f"Around {focus.label('en')} (radius {radius})"}
    return _view("ego", titles, store, graph, lang, link_base)


def chain_view(store, university: str = "org/shanghai-university", lang: str = "zh",
               link_base: str | None = "") -> View:
    """The technology-transfer chain from a university, left to right, with the stage on each step.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> view = chain_view(build_memory(), lang="en")
    >>> view.network.edges[0]["label"]
    'co-builds the park · research'
    """
    graph = with_labels(store, chain_graph(store, resolve_iri(university)))
    start = next(node for node in graph.nodes if node.id == graph.focus)
    titles = {"zh": f"成果转化链条：从{start.label('zh')}出发", "en": f"Technology-transfer chain from {start.label('en')}"}
    return _view("chain", titles, store, graph, lang, link_base, layout="columns")


def ranking_view(store, dimension: str = "dimension/overall", year: int | None = None, top: int = 30,
                 lang: str = "zh", link_base: str | None = "") -> View:
    """Cities by rank on one dimension of one edition (the latest by default); higher ranks drawn larger.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> view = ranking_view(build_memory(), top=3, lang="en")
    >>> [node["label"] for node in view.network.nodes]
    ['overall ranking', 'San Francisco Bay Area', 'New York', 'Beijing']
    """
    graph = ranking_graph(store, resolve_iri(dimension), year, top)
    sizes = {edge.target: top + 1 - float(edge.notes["en"].lstrip("≤≈")) for edge in graph.edges}
    sizes[graph.focus] = top + 1
    graph = with_labels(store, graph)
    name = next(node for node in graph.nodes if node.id == graph.focus)
    titles = {"zh": f"排名：{name.label('zh')}（前 {top}）", "en": f"Ranking: {name.label('en')} (top {top})"}
    return _view("ranking", titles, store, graph, lang, link_base, sizes)
