"""Network views of the graph: read, reduce, draw with pyvis, write as offline HTML.

Each name is imported from its module when first used, so importing the
package (or :mod:`kg.views.reduce`) does not import pyvis, networkx or scipy.

>>> from kg.build import build_memory
>>> from kg.views import ego_view, render_standalone
>>> view = ego_view(build_memory(), "org/huanshangda-science-park")
>>> "vis.Network" in render_standalone(view)
True
"""

from kg.lazy_exports import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(__name__, globals(), {
    "kg.views.graphs": ("chain_graph", "ecosystem_graph", "ego_graph", "ranking_graph", "with_labels"),
    "kg.views.model": ("GROUPS", "ViewEdge", "ViewGraph", "ViewNode", "shown_text"),
    "kg.views.network": ("View", "chain_view", "ecosystem_view", "ego_view", "node_sizes", "ranking_view",
                         "to_pyvis"),
    "kg.views.reduce": ("DEFAULT_MAX_NODES", "cap", "ego", "filter_relations", "filter_types", "top_k"),
    "kg.views.render": ("render_fragment", "render_standalone"),
})
