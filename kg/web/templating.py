"""The Jinja2 environment of the pages: autoescaping on, labels in zh or en.

Examples
--------
>>> html = render_page("error.html", title="<b>", message="<img src=x onerror=alert(1)>", lang="en")
>>> "&lt;img src=x onerror=alert(1)&gt;" in html, "<img src=x" in html
(True, False)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.errors import InnokgError
from kg.namespaces import shorten
from kg.views.network import LANGS, entity_link

__all__ = ["PageError", "render_page", "error_page", "pick_label", "check_lang"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The views' templates (kg/views/templates): the header's search box both kinds of page include.
_VIEW_TEMPLATES = _TEMPLATES.parent.parent / "views" / "templates"


class PageError(InnokgError):
    """A page that could be rendered, but only with an error on it that the HTTP status must tell.

    Attributes
    ----------
    html : str
        The page, with the error shown.
    cause : Exception
        What went wrong (e.g. :class:`kg.serve.operations.QueryTimeout`); the router maps it to a status.
    """

    def __init__(self, html: str, cause: Exception):
        super().__init__(str(cause))
        self.html = html
        self.cause = cause


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is ``zh`` or ``en``, else raise :class:`InnokgError`.

    Examples
    --------
    >>> check_lang("en")
    'en'
    """
    if lang not in LANGS:
        raise InnokgError(f"lang must be zh or en, not {lang!r}")
    return lang


def pick_label(labels: dict[str, str] | None, lang: str, fallback: str = "") -> str:
    """Return the label in ``lang``, else in the other language, else ``fallback`` shortened.

    Examples
    --------
    >>> pick_label({"en": "Beijing", "zh": "北京"}, "zh"), pick_label({}, "en", "https://w3id.org/innokg/id/x")
    ('北京', 'id:x')
    """
    labels = labels or {}
    other = "en" if lang == "zh" else "zh"
    return labels.get(lang) or labels.get(other) or shorten(fallback)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader([_TEMPLATES, _VIEW_TEMPLATES]), autoescape=select_autoescape(default=True))
    env.filters["entity_url"] = entity_link
    env.filters["short"] = shorten
    env.globals["pick_label"] = pick_label
    env.globals["urlencode"] = urlencode
    return env


def render_page(template: str, **context) -> str:
    """Render ``template`` (a file of ``kg/web/templates``) with ``context``.

    ``lang`` defaults to ``zh`` and ``path`` (for the language switch) to ``/``.
    """
    context.setdefault("lang", "zh")
    context.setdefault("path", "/")
    context.setdefault("query_args", {})
    return _environment().get_template(template).render(**context)


def error_page(message: str, lang: str = "zh", status: int = 400) -> str:
    """Render a page that says what went wrong, in one line.

    Examples
    --------
    >>> "no such entity" in error_page("no such entity", "en", 404)
    True
    """
    title = {404: "Not found · 未找到"}.get(status, "Error · 出错")
    return render_page("error.html", title=title, message=message, lang=lang if lang in LANGS else "zh")
