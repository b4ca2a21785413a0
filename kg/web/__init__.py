"""Server-rendered pages: home, entity, query, saved queries, hubs, chain explorer, funding, coverage.

Each page is a function ``*_page(store, ...) -> str`` returning a whole HTML
document rendered by Jinja2 with autoescaping on; :mod:`api.pages` only
routes requests to them. The names below are imported when first used, so a
server process that renders one page does not load every page's modules.

>>> from kg.web import error_page
>>> "no such entity" in error_page("no such entity", "en", 404)
True
"""

from importlib import import_module

__all__ = [
    "render_page", "error_page", "home_page", "entity_page", "query_page", "saved_query_page",
    "saved_query_result", "hub_rows", "hubs_page", "chain_page",
]

_WHERE = {
    "chain_page": "kg.web.chain", "entity_page": "kg.web.entity", "home_page": "kg.web.home",
    "hub_rows": "kg.web.hubs", "hubs_page": "kg.web.hubs", "query_page": "kg.web.query",
    "saved_query_page": "kg.web.query", "saved_query_result": "kg.web.query",
    "error_page": "kg.web.templating", "render_page": "kg.web.templating",
}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'kg.web' has no attribute {name!r}")
