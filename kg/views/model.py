"""What a network view holds: nodes, edges, and how many nodes the full graph had.

A :class:`ViewGraph` is plain data, built from the store by
:mod:`kg.views.graphs`, reduced by :mod:`kg.views.reduce`, turned into a
pyvis network by :mod:`kg.views.network` and written as HTML by
:mod:`kg.views.render`. Keeping it plain makes each step testable alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

__all__ = ["GROUPS", "ViewNode", "ViewEdge", "ViewGraph", "shown_text"]

#: Node groups in legend order: group -> (colour, label zh, label en).
#: The first three are the ecosystem's elements; the rest are supporting parts.
GROUPS: dict[str, tuple[str, str, str]] = {
    "talent": ("#e4572e", "创新人才", "innovation talent"),
    "actor": ("#1f77b4", "创新主体", "innovation actor"),
    "environment": ("#2ca02c", "创新环境", "innovation environment"),
    "place": ("#9467bd", "地点", "place"),
    "ranking": ("#ff9f1c", "排名与指标", "ranking or indicator"),
    "source": ("#8c8c8c", "来源与出处", "source or provenance"),
    "other": ("#bcbd22", "其他", "other"),
    "community": ("#7f7f7f", "社区（聚合节点）", "community (aggregated)"),
}


@dataclass(frozen=True)
class ViewNode:
    """One node: an entity with its labels and its group.

    Attributes
    ----------
    id : str
        The entity's IRI.
    labels : dict of str to str
        ``{"zh": ..., "en": ...}``; either may be missing.
    group : str
        A key of :data:`GROUPS`.
    types : tuple of str
        Type labels (in English) for the tooltip.
    notes : dict of str to str
        An extra line for the tooltip, per language (a rank, a stage), or empty.
    level : int or None
        The node's column in a left-to-right layout (the chain view), if any.
    """

    id: str
    labels: dict[str, str] = field(default_factory=dict, compare=False)
    group: str = "other"
    types: tuple[str, ...] = field(default=(), compare=False)
    notes: dict[str, str] = field(default_factory=dict, compare=False)
    level: int | None = field(default=None, compare=False)

    def label(self, lang: str = "zh") -> str:
        """Return the label in ``lang``, else in the other language, else the IRI's last segment.

        Examples
        --------
        >>> ViewNode("https://w3id.org/innokg/id/city/london", {"en": "London"}).label("zh")
        'London'
        >>> ViewNode("https://w3id.org/innokg/id/city/london").label("en")
        'london'
        """
        other = "en" if lang == "zh" else "zh"
        return self.labels.get(lang) or self.labels.get(other) or _last_segment(self.id)


@dataclass(frozen=True)
class ViewEdge:
    """A directed link ``source -> target`` labelled with its relation.

    Attributes
    ----------
    source, target : str
        Node ids.
    relation : str
        The relation's IRI, or a name for a derived link.
    labels : dict of str to str
        The relation's label in ``zh`` and ``en``.
    notes : dict of str to str
        Shown after the label (a pipeline stage), per language, or empty.
    about : dict of str to str
        One more line for the tooltip (the sources of a chain step), per language, or empty.
    """

    source: str
    target: str
    relation: str
    labels: dict[str, str] = field(default_factory=dict, compare=False)
    notes: dict[str, str] = field(default_factory=dict, compare=False)
    about: dict[str, str] = field(default_factory=dict, compare=False)

    def label(self, lang: str = "zh") -> str:
        """Return the relation's label in ``lang`` with the note after it.

        Examples
        --------
        >>> ViewEdge("a", "b", "x", {"en": "incubates"}, {"en": "industrial incubation"}).label("en")
        'incubates · industrial incubation'
        """
        other = "en" if lang == "zh" else "zh"
        text = self.labels.get(lang) or self.labels.get(other) or _last_segment(self.relation)
        note = self.notes.get(lang) or self.notes.get(other)
        return f"{text} · {note}" if note else text


@dataclass(frozen=True)
class ViewGraph:
    """Nodes and edges of a view, with the size of the graph it was cut from.

    Attributes
    ----------
    nodes : tuple of ViewNode
    edges : tuple of ViewEdge
        Only between nodes of ``nodes``.
    total_nodes : int
        How many nodes the unreduced graph had (at least ``len(nodes)``).
    focus : str or None
        The node the view is about (the ego), if any.
    """

    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    total_nodes: int = 0
    focus: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "total_nodes", max(self.total_nodes, len(self.nodes)))

    @property
    def reduced(self) -> bool:
        """Whether nodes were left out."""
        return self.total_nodes > len(self.nodes)

    def node_ids(self) -> set[str]:
        """Return the ids of the nodes."""
        return {node.id for node in self.nodes}

    def restricted(self, keep: set[str]) -> ViewGraph:
        """Return the graph with only the nodes in ``keep`` and the edges between them.

        ``total_nodes`` is kept, so the view can tell what it left out.

        Examples
        --------
        >>> g = ViewGraph((ViewNode("a"), ViewNode("b")), (ViewEdge("a", "b", "p"),))
        >>> small = g.restricted({"a"})
        >>> len(small.nodes), len(small.edges), small.total_nodes
        (1, 0, 2)
        """
        nodes = tuple(node for node in self.nodes if node.id in keep)
        edges = tuple(edge for edge in self.edges if edge.source in keep and edge.target in keep)
        focus = self.focus if self.focus in keep else None
        return replace(self, nodes=nodes, edges=edges, focus=focus)


def shown_text(graph: ViewGraph, lang: str = "en") -> str:
    """Say how much of the graph a view shows, e.g. ``showing 500 of 120,344 nodes``.

    Examples
    --------
    >>> g = ViewGraph((ViewNode("a"),), (), total_nodes=120344)
    >>> shown_text(g)
    'showing 1 of 120,344 nodes'
    >>> shown_text(g, "zh")
    '显示 120,344 个节点中的 1 个'
    >>> shown_text(ViewGraph((ViewNode("a"),), ()))
    'showing all 1 nodes'
    """
    shown, total = len(graph.nodes), graph.total_nodes
    if lang == "zh":
        return f"显示 {total:,} 个节点中的 {shown:,} 个" if graph.reduced else f"显示全部 {shown:,} 个节点"
    return f"showing {shown:,} of {total:,} nodes" if graph.reduced else f"showing all {shown:,} nodes"


def _last_segment(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[1]
    return iri
