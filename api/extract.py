"""The review page ``/extract`` and its two writes: a thin router over :mod:`kg.web.extract`.

``GET /extract`` is the page; ``POST /extract/candidates`` finds the
candidate facts of a text (JSON ``{"text", "title", "date", "publisher",
"lang"}``) or of a file (its bytes as ``application/octet-stream``, the
rest in the query string); ``POST /extract/import`` checks a review as
``innokg import`` does and writes its graph through the server's writer in
one update. All three are refused unless the server allows updates (403: a
read-only server answers the page with an error page saying so), and the
two writes need ``Authorization: Bearer <token>`` (401), as ``/update`` does.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.errors import ProtocolError, error_response, error_responses, printable
from api.schemas import lang_query
from api.sparql import check_update_allowed
from kg.errors import InnokgError
from kg.user_input import LANGUAGES, language
from kg.web import error_page

__all__ = ["router"]

router = APIRouter(tags=["extract"])

_WHAT = "The review page /extract (it imports facts)"
_JSON = "application/json"
_BYTES = "application/octet-stream"


@router.get("/extract", response_class=HTMLResponse, responses=error_responses(400, 403, media_type="text/html"))
def extract_page(request: Request, lang: str = lang_query()) -> HTMLResponse:
    """The review page: paste a text or upload a file, review its candidate facts, import the accepted ones."""
    from kg.web.extract import extract_page as page

    try:
        chosen = language(lang)
    except InnokgError as error:
        return HTMLResponse(error_page(printable(str(error)), LANGUAGES[0], 400), status_code=400)
    if not request.app.state.settings.allow_update:
        message = ("审阅页会写入图谱：只在以 --allow-update --token 启动的服务上提供，本服务只读。" if chosen == "zh" else
                   "The review page imports facts: it is served only by a server started with --allow-update "
                   "--token, and this one is read-only.")
        return HTMLResponse(error_page(message, chosen, 403), status_code=403)
    return HTMLResponse(page(chosen))


async def _json_body(request: Request) -> dict:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != _JSON:
        raise ProtocolError(415, f"send the review as {_JSON}")
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise ProtocolError(400, "the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ProtocolError(400, "the body must be a JSON object")
    return body


def _text_option(body: dict, name: str) -> str:
    value = body.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ProtocolError(400, f"{name} must be a text")
    return value


_TEXT_OPTIONS = {name: {"type": "string"} for name in ("title", "date", "publisher", "lang")}


@router.post("/extract/candidates", summary="Candidate facts of a text or a file",
             responses=error_responses(400, 401, 403, 413, 415, 422, 503),
             openapi_extra={"requestBody": {"required": True, "content": {
                 _JSON: {"schema": {"type": "object", "required": ["text"],
                                    "properties": {"text": {"type": "string"}, **_TEXT_OPTIONS}}},
                 _BYTES: {"schema": {"type": "string", "format": "binary"}}}}})
async def extract_candidates(request: Request) -> Response:
    """Find the candidate facts of a text (JSON) or a file (its bytes; ``name``, ``title``, ``date``,
    ``publisher``, ``lang`` in the query string): the text, its source and the candidates with their offsets."""
    try:
        check_update_allowed(request, _WHAT)
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == _BYTES:
            options = dict(request.query_params)
            arguments = {"data": await request.body(), "name": options.get("name") or "upload.txt"}
        else:
            options = await _json_body(request)
            arguments = {"text": _text_option(options, "text")}
            if not arguments["text"].strip():
                raise ProtocolError(400, "the text is empty: paste a text or choose a file")
        arguments.update({name: _text_option(options, name) for name in ("title", "date", "publisher")})
        arguments["lang"] = _text_option(options, "lang") or "zh"
        found = await request.app.state.runner.run_async("extract_candidates", **arguments)
    except (ProtocolError, InnokgError) as error:
        return error_response(error)
    return JSONResponse(found)


@router.post("/extract/import", summary="Import a reviewed text's accepted candidates",
             responses=error_responses(400, 401, 403, 413, 415, 422, 503),
             openapi_extra={"requestBody": {"required": True, "content": {_JSON: {"schema": {
                 "type": "object", "required": ["text", "candidates"],
                 "properties": {"text": {"type": "string"}, "source": {"type": "object"},
                                "candidates": {"type": "array", "items": {"type": "object"}}}}}}}})
async def extract_import(request: Request) -> Response:
    """Check the accepted candidates as ``innokg import`` does and write them into the text's named graph
    in one transaction (422 with ``problems`` when they do not pass: nothing is written)."""
    try:
        check_update_allowed(request, _WHAT)
        review = await _json_body(request)
        runner = request.app.state.runner
        plan = await runner.run_async("extract_plan", review=review)
        if plan["update"]:
            await run_in_threadpool(runner.update, plan["update"])
    except (ProtocolError, InnokgError) as error:
        return error_response(error)
    answer = {key: value for key, value in plan.items() if key != "update"}
    return JSONResponse(answer, status_code=422 if plan["problems"] else 200)
