"""The map page, ``/map``: the ranked centres on a world map (:mod:`kg.views.map`) under the site's header.

Examples
--------
>>> from kg.build import build_memory
>>> html = map_page(build_memory(), "en")
>>> "innokg-map.js" in html, "Map of the innovation centres" in html, "Hu Huanyong line" in html
(True, True, True)
"""

from __future__ import annotations

from kg.views.map import map_data, render_map_fragment
from kg.web.templating import check_lang, render_page

__all__ = ["map_page"]


def map_page(store, lang: str = "zh") -> str:
    """Render ``/map`` in ``lang``; a click on a centre opens its page on this site."""
    check_lang(lang)
    title = "创新中心地图" if lang == "zh" else "Map of the innovation centres"
    return render_page("map.html", title=title, lang=lang, path="/map",
                       fragment=render_map_fragment(map_data(store, lang), link_base=""))
