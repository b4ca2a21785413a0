"""The API's own documentation pages, ``/docs`` (Swagger UI) and ``/redoc`` (ReDoc), served offline.

FastAPI's built-in pages load Swagger UI and ReDoc from a CDN and ReDoc's
fonts from Google Fonts, so they are blank on a machine without Internet.
These are the same pages (:func:`fastapi.openapi.docs.get_swagger_ui_html`,
:func:`~fastapi.openapi.docs.get_redoc_html`) pointing at the copies vendored
in ``kg/static/vendor`` (see its README), with no font from another host and
no validator badge. The app is built with ``docs_url=None, redoc_url=None``.

Examples
--------
>>> from fastapi import FastAPI
>>> from fastapi.testclient import TestClient
>>> app = FastAPI(docs_url=None, redoc_url=None)
>>> app.include_router(router)
>>> page = TestClient(app).get("/docs").text
>>> "/static/vendor/swagger-ui-bundle.js" in page, "cdn.jsdelivr.net" in page
(True, False)
>>> "fonts.googleapis.com" in TestClient(app).get("/redoc").text
False
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_oauth2_redirect_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

__all__ = ["router", "DOCS_PATH", "REDOC_PATH", "OAUTH2_REDIRECT_PATH"]

DOCS_PATH = "/docs"
REDOC_PATH = "/redoc"
OAUTH2_REDIRECT_PATH = "/docs/oauth2-redirect"
_VENDOR = "/static/vendor/"
#: No favicon request (the pages' icon would otherwise come from fastapi.tiangolo.com).
_NO_ICON = "data:,"

router = APIRouter(include_in_schema=False)


@router.get(DOCS_PATH, response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over the app's OpenAPI document, from the vendored swagger-ui-dist."""
    app = request.app
    return get_swagger_ui_html(
        openapi_url=app.openapi_url, title=f"{app.title} · Swagger UI",
        swagger_js_url=_VENDOR + "swagger-ui-bundle.js", swagger_css_url=_VENDOR + "swagger-ui.css",
        swagger_favicon_url=_NO_ICON, oauth2_redirect_url=OAUTH2_REDIRECT_PATH,
        swagger_ui_parameters={"validatorUrl": None})


@router.get(OAUTH2_REDIRECT_PATH, response_class=HTMLResponse)
def swagger_ui_redirect() -> HTMLResponse:
    """The page Swagger UI's OAuth2 flow returns to."""
    return get_swagger_ui_oauth2_redirect_html()


@router.get(REDOC_PATH, response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    """ReDoc over the app's OpenAPI document, from the vendored redoc bundle, without Google Fonts."""
    app = request.app
    return get_redoc_html(openapi_url=app.openapi_url, title=f"{app.title} · ReDoc",
                          redoc_js_url=_VENDOR + "redoc.standalone.js", redoc_favicon_url=_NO_ICON,
                          with_google_fonts=False)
