"""Network views of the graph: read, reduce, draw with pyvis, write as offline HTML.

Each name is imported from its module when first used, so importing the
package (or :mod:`kg.views.reduce`) does not import pyvis, networkx or scipy.

>>> from kg.build import build_memory
>>> from kg.views import ego_view, render_standalone
>>> view = ego_view(build_memory(), "org/huanshangda-science-park")
>>> "vis.Network" in render_standalone(view)
True
"""

from importlib import import_module

#: Each exported name -> the module that defines it.
_WHERE = {
    **dict.fromkeys(("chain_graph", "ecosystem_graph", "ego_graph", "ranking_graph", "with_labels"),
                    "kg.views.graphs"),
    **dict.fromkeys(("GROUPS", "ViewEdge", "ViewGraph", "ViewNode", "shown_text"), "kg.views.model"),
    **dict.fromkeys(("View", "chain_view", "ecosystem_view", "ego_view", "node_sizes", "ranking_view", "to_pyvis"),
                    "kg.views.network"),
    **dict.fromkeys(("DEFAULT_MAX_NODES", "cap", "ego", "filter_relations", "filter_types", "top_k"),
                    "kg.views.reduce"),
    **dict.fromkeys(("render_fragment", "render_standalone"), "kg.views.render"),
}

__all__ = list(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'kg.views' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_WHERE))
