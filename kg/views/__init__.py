"""Network views of the graph: read, reduce, draw with pyvis, write as offline HTML.

>>> from kg.build import build_memory
>>> from kg.views import ego_view, render_standalone
>>> view = ego_view(build_memory(), "org/huanshangda-science-park")
>>> "vis.Network" in render_standalone(view)
True
"""

from kg.views.graphs import chain_graph, ecosystem_graph, ego_graph, ranking_graph, with_labels
from kg.views.model import GROUPS, ViewEdge, ViewGraph, ViewNode, shown_text
from kg.views.network import View, chain_view, ecosystem_view, ego_view, node_sizes, ranking_view, to_pyvis
from kg.views.reduce import DEFAULT_MAX_NODES, cap, ego, filter_relations, filter_types, top_k
from kg.views.render import render_fragment, render_standalone

__all__ = [
    "GROUPS", "ViewNode", "ViewEdge", "ViewGraph", "shown_text",
    "ecosystem_graph", "ego_graph", "chain_graph", "ranking_graph", "with_labels",
    "DEFAULT_MAX_NODES", "cap", "ego", "filter_relations", "filter_types", "top_k",
    "View", "node_sizes", "to_pyvis", "ecosystem_view", "ego_view", "chain_view", "ranking_view",
    "render_fragment", "render_standalone",
]
