"""The search page: the entities whose label or alias holds the text, best first (``/search?q=``).

The results come from the search operation (:func:`kg.entities.search_labels`
through the service's runner: the label index of :mod:`kg.search_index`, or,
while it is built, the store, with the same answers, :mod:`kg.search_by_store`);
this module only renders them.

Examples
--------
>>> html = search_page("上海", [], "zh")
>>> "<title>搜索：上海" in html
True
"""

from __future__ import annotations

from kg.web.templating import check_lang, render_page

__all__ = ["search_page"]

_TITLE = ("搜索：", "Search: ")


def search_page(q: str, results: list[dict], lang: str = "zh") -> str:
    """The page listing ``results`` (as the search operation returns them) for the text ``q``."""
    check_lang(lang)
    return render_page("search.html", title=_TITLE[lang == "en"] + q, q=q, results=results, lang=lang,
                       path="/search", query_args={"q": q})
