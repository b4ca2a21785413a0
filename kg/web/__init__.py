"""Server-rendered pages: home, entity, query, saved queries, hubs, chain explorer, funding, coverage.

Each page is a function ``*_page(store, ...) -> str`` returning a whole HTML
document rendered by Jinja2 with autoescaping on; :mod:`api.pages` only
routes requests to them.
"""

from kg.web.chain import chain_page
from kg.web.entity import entity_page
from kg.web.home import home_page
from kg.web.hubs import hub_rows, hubs_page
from kg.web.query import query_page, saved_query_page, saved_query_result
from kg.web.templating import error_page, render_page

__all__ = [
    "render_page", "error_page", "home_page", "entity_page", "query_page", "saved_query_page",
    "saved_query_result", "hub_rows", "hubs_page", "chain_page",
]
