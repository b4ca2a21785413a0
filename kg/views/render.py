"""Write a view as HTML with innokg's own template, never pyvis's.

pyvis 0.3.2's template loads bootstrap from a CDN even with
``cdn_resources="in_line"``, and once any node title holds ``href`` it sets
``innerHTML`` from every title, so a script in the data runs on hover. Here:

* every label and title goes through Jinja2 autoescaping, or into a
  ``<script type="application/json">`` block with ``<``, ``>`` and ``&``
  written as ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no ``</script>`` can
  end the block); the page's script shows titles with ``textContent``;
* vis-network comes from ``kg/static/vendor`` (inlined in a standalone file),
  so nothing is fetched from another host;
* physics runs until the layout is stable, then is switched off.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from kg.views.layout import FROM_NODES, positions
from kg.views.model import GROUPS
from kg.views.network import View

__all__ = ["STATIC_DIR", "EDGE_LABELS_UP_TO", "view_data", "json_for_script", "render_fragment", "render_standalone"]

#: Where the vendored and own static files are (served by the app at ``/static``).
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
_TEMPLATES = Path(__file__).resolve().parent / "templates"
_NODE_KEYS = ("id", "label", "label_zh", "label_en", "title", "color", "value", "url", "kind", "level", "borderWidth",
              "shape")
#: Edges drawn with their labels up to this many (the ecosystem backbone at 1M triples has 2,677).
EDGE_LABELS_UP_TO = 400
_LABELS = ("label", "label_zh", "label_en")
_EDGE_KEYS = ("from", "to", "label", "label_zh", "label_en", "title", "arrows", "value")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(default=True),
                       trim_blocks=False, lstrip_blocks=False)


def json_for_script(value) -> str:
    """Serialise ``value`` as JSON that is safe inside a ``<script>`` element.

    Examples
    --------
    >>> json_for_script({"label": "</script><img src=x onerror=alert(1)>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _placed(view: View) -> bool:
    """Whether the view's nodes come with positions (:mod:`kg.views.layout`): a force layout of many nodes."""
    return view.layout != "columns" and len(view.graph.nodes) >= FROM_NODES


def _options(view: View) -> dict:
    """vis-network's options: physics only for a force layout of a few nodes (many come placed, :func:`_placed`)."""
    many = len(view.graph.nodes) >= FROM_NODES
    options = {
        "autoResize": True,
        "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40, "label": {"enabled": False}},
                  "font": {"size": 14, "face": "Noto Sans CJK SC, Noto Sans SC, sans-serif"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "color": {"inherit": "from"},
                  "font": {"size": 10, "align": "middle"}, "smooth": {"enabled": not many, "type": "continuous"}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": many},
    }
    if view.layout == "columns":
        options["layout"] = {"hierarchical": {"enabled": True, "direction": "LR", "sortMethod": "directed",
                                              "levelSeparation": 260, "nodeSpacing": 90}}
        options["physics"] = {"enabled": False}
    elif _placed(view):
        options["layout"] = {"improvedLayout": False}
        options["physics"] = {"enabled": False}
    else:
        options["layout"] = {"improvedLayout": True, "randomSeed": 7}
        options["physics"] = {
            "enabled": True, "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50, "fit": True},
        }
    return options


def view_data(view: View) -> dict:
    """Return what the page script draws: nodes, edges and vis-network options.

    A force-directed view of :data:`kg.views.layout.FROM_NODES` nodes or more
    comes with each node's ``x`` and ``y`` (laid out here, not in the browser);
    a view of more than :data:`EDGE_LABELS_UP_TO` edges draws no edge labels
    (each edge's title, shown on hover, still names its relation).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.views.network import chain_view
    >>> data = view_data(chain_view(build_memory(), lang="en"))
    >>> data["nodes"][0]["label"], data["options"]["physics"]
    ('Shanghai University', {'enabled': False})
    """
    nodes = [{key: node[key] for key in _NODE_KEYS if key in node} for node in view.network.nodes]
    edges = [{key: edge[key] for key in _EDGE_KEYS if key in edge} for edge in view.network.edges]
    if len(edges) > EDGE_LABELS_UP_TO:  # thousands of labels drawn on one another say nothing and cost the drawing
        edges = [{key: value for key, value in edge.items() if key not in _LABELS} for edge in edges]
    if _placed(view):
        layout = positions([node["id"] for node in nodes], ((edge["from"], edge["to"]) for edge in edges))
        for node in nodes:
            node["x"], node["y"] = layout[node["id"]]
    return {"nodes": nodes, "edges": edges, "options": _options(view), "lang": view.lang}


def render_fragment(view: View) -> Markup:
    """Return the view's ``<section>``: title, "showing N of M nodes", zh/en switch, legend, canvas, data.

    A page that embeds it loads ``vendor/vis-network.min.js`` and ``innokg-view.js``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.views.network import ranking_view
    >>> html = render_fragment(ranking_view(build_memory(), top=3, lang="en"))
    >>> "showing all 4 nodes" in html, "ikv-data" in html
    (True, True)
    """
    legend = [(group, GROUPS[group][0], GROUPS[group][1], GROUPS[group][2]) for group, _, _ in view.legend()]
    html = _environment().get_template("fragment.html").render(
        view=view, legend=legend, data_json=Markup(json_for_script(view_data(view))))
    return Markup(html)


@lru_cache(maxsize=8)
def _asset(name: str, closing: str) -> Markup:
    text = (STATIC_DIR / name).read_text(encoding="utf-8")
    # a vendored file is trusted code, but it must not end its own <script>/<style> element
    return Markup(text.replace(closing, closing.replace("</", "<\\/")))


def render_standalone(view: View, static_url: str | None = None) -> str:
    """Return a whole HTML document of the view.

    Parameters
    ----------
    view : View
    static_url : str, optional
        Where the app serves ``kg/static`` (e.g. ``/static``). Without it
        vis-network, the styles and the script are inlined, and the file
        opens offline from disk.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.views.network import ego_view
    >>> html = render_standalone(ego_view(build_memory(), "org/panxin-technology"))
    >>> html.startswith("<!DOCTYPE html>"), "<script src=" in html, 'rel="stylesheet"' in html
    (True, False, False)
    """
    return _environment().get_template("standalone.html").render(
        view=view, fragment=render_fragment(view), static_url=static_url,
        vis_js=_asset("vendor/vis-network.min.js", "</script") if static_url is None else "",
        vis_css=_asset("vendor/vis-network.min.css", "</style") if static_url is None else "",
        site_css=_asset("innokg.css", "</style") if static_url is None else "",
        view_js=_asset("innokg-view.js", "</script") if static_url is None else "",
    )
