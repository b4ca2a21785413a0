"""One entry point for every page and view that reads the store: the ``page`` operation of the runners.

``innokg serve`` runs it like a query (:mod:`kg.serve.workers`,
:mod:`kg.serve.threads`): under the service's timeout, and over whatever
store the service reads, on disk or a SPARQL endpoint. It returns the page's
HTML, so its result crosses a process boundary as a string.
"""

from __future__ import annotations

from kg.entities import EntityNotFound
from kg.errors import InnokgError
from kg.views.reduce import DEFAULT_MAX_NODES

__all__ = ["PAGES", "page_html"]

#: The chains the chain view draws unless asked for a number (the best ones; the explorer pages through the rest).
CHAINS_DRAWN = 20

#: The pages :func:`page_html` renders.
PAGES = ("home", "entity", "hubs", "chain", "funding", "coverage", "view", "map")


def page_html(store, page: str, lang: str = "zh", **arguments) -> str:
    """Render ``page`` (one of :data:`PAGES`) in ``lang`` with its ``arguments``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = page_html(build_memory(), "entity", lang="en", entity="city/beijing")
    >>> "Beijing" in html and "北京" in html
    True
    >>> page_html(build_memory(), "view", kind="galaxy")
    Traceback (most recent call last):
    kg.entities.EntityNotFound: no view 'galaxy': use ecosystem, ego, chain or ranking
    """
    if page == "home":
        from kg.web.home import home_page

        return home_page(store, lang)
    if page == "entity":
        from kg.web.entity import entity_page

        return entity_page(store, arguments["entity"], lang, arguments.get("radius", 1),
                           arguments.get("max_nodes", DEFAULT_MAX_NODES), arguments.get("kind"),
                           arguments.get("offset", 0))
    if page == "hubs":
        from kg.web.hubs import hubs_page

        return hubs_page(store, lang, arguments["network"], arguments.get("page_number", 1))
    if page == "chain":
        from kg.web.chain import chain_page

        return chain_page(store, arguments["origin"], lang, arguments.get("to"), arguments.get("limit"),
                          arguments.get("page_number", 1))
    if page == "funding":
        from kg.web.policy import funding_page

        return funding_page(store, arguments.get("start"), arguments.get("end"), lang)
    if page == "coverage":
        from kg.web.policy import coverage_page

        return coverage_page(store, arguments.get("place"), lang, arguments.get("page_number", 1))
    if page == "map":
        from kg.web.map import map_page

        return map_page(store, lang)
    if page == "view":
        return _view_html(store, lang, **arguments)
    raise InnokgError(f"no page {page!r}: use one of {', '.join(PAGES)}")


def _view_html(store, lang: str, kind: str, max_nodes: int = DEFAULT_MAX_NODES, entity: str | None = None,
               radius: int = 1, origin: str = "org/shanghai-university", to: str | None = None,
               limit: int | None = None, dimension: str = "dimension/overall", year: int | None = None,
               top: int = 30, groups: list[str] | None = None, relations: list[str] | None = None,
               community: int | None = None, index: str | None = None) -> str:
    from kg.views.network import chain_view, ecosystem_view, ego_view, ranking_view
    from kg.views.render import render_standalone

    if kind == "ecosystem":
        built = ecosystem_view(store, lang, max_nodes, groups, relations, community=community)
    elif kind == "ego":
        if not entity:
            raise InnokgError("the ego view needs ?entity=ID or IRI")
        built = ego_view(store, entity, radius, lang, max_nodes, groups, relations)
    elif kind == "chain":
        built = chain_view(store, origin, lang, to=to or None, limit=limit or CHAINS_DRAWN)
    elif kind == "ranking":
        built = ranking_view(store, dimension, year, top, lang, index=index)
    else:
        raise EntityNotFound(f"no view {kind!r}: use ecosystem, ego, chain or ranking")
    return render_standalone(built, static_url="/static")
