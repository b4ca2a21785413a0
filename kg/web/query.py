"""The query page (SPARQL editor, results as a table, CSV and JSON download) and saved-query pages.

The editor is YASQE from the vendored ``@zazuko/yasgui`` bundle, laid over a
plain ``<textarea>`` in a GET form, so the page also works without script.
The saved queries are offered as ready examples; each has its own page with
a form for its parameters, as datasette does for its stored queries.

Every query a user writes or parameterizes runs through a *runner*
(:mod:`kg.serve.workers`): under ``innokg serve`` in a worker process that is
stopped at the service's timeout, in tests and doctests in this process
(:class:`~kg.serve.operations.InlineRunner`). The functions the workers call
are the operations ``page_query``, ``page_download``, ``page_saved_query``
and ``page_saved_download`` (:func:`query_table`, :func:`download`,
:func:`saved_query_table`, :func:`saved_query_result`); they return plain
data. A query that fails shows its error on the page; one stopped at the
timeout (or refused because every worker is busy) raises
:class:`~kg.web.templating.PageError`, which carries the page with the
error on it, for the router to answer with a 4xx (or 503) status.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

import pyoxigraph as ox

from kg.error_context import error_context
from kg.errors import InnokgError, one_line
from kg.namespaces import PREFIXES
from kg.paths import QUERIES_DIR
from kg.serve.operations import QueryTimeout, ServiceBusy
from kg.serve.remote_access import check_no_remote_access
from kg.results import Result, collect, render, term_text
from kg.saved_queries import load_saved_queries, run_saved_query, saved_query_by_id
from kg.views.network import entity_link
from kg.views.render import json_for_script
from kg.web.templating import PageError, check_lang, render_page

__all__ = ["MAX_ROWS", "result_table", "query_table", "download", "saved_query_table", "saved_query_result",
           "query_page", "queries_page", "saved_query_page"]

#: A page shows at most this many rows; the downloads have more (up to the service's row limit).
MAX_ROWS = 1000
_MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/sparql-results+json"}


def _cell(term, lang: str) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"text": term_text(term), "href": entity_link(term.value) + f"&lang={lang}"}
    return {"text": term_text(term)}


def result_table(result, lang: str = "zh") -> dict:
    """Turn a query result into ``headers``, ``rows`` (cells with text and link), ``count`` and ``boolean``.

    Only the first :data:`MAX_ROWS` rows are kept; ``count`` says how many there were.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> table = result_table(build_memory().query("SELECT ?c WHERE { VALUES ?c { <https://w3id.org/innokg/id/city/beijing> } }"), "en")
    >>> table["headers"], table["rows"][0][0]["text"]
    (['c'], 'id:city/beijing')
    """
    collected = collect(result)
    if collected.boolean is not None:
        return {"headers": [], "rows": [], "count": 0, "boolean": collected.boolean}
    if collected.triples is not None:
        headers = ["subject", "predicate", "object"]
        rows = [[_cell(t.subject, lang), _cell(t.predicate, lang), _cell(t.object, lang)]
                for t in collected.triples[:MAX_ROWS]]
        count = len(collected.triples)
    else:
        headers = list(collected.variables)
        rows = [[_cell(term, lang) for term in row] for row in collected.rows[:MAX_ROWS]]
        count = len(collected.rows)
    return {"headers": headers, "rows": rows, "count": count, "boolean": None}


def _run(store, query: str):
    """Run a user's query; any error of the query becomes an :class:`InnokgError` with its message on one line.

    A query that would make the server fetch a URL (``SERVICE``) is refused first.
    """
    check_no_remote_access(query)
    try:
        return collect(store.query(query))
    except (SyntaxError, ValueError, RuntimeError, OSError) as problem:
        raise InnokgError(one_line(problem)) from None


def query_table(store, query: str, lang: str = "zh") -> dict:
    """Run ``query`` and return its :func:`result_table` (the ``page_query`` operation).

    Raises
    ------
    InnokgError
        With the parser's or the engine's message, on one line.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> query_table(build_memory(), "SELECT ?x WHERE { VALUES ?x { 7 } }")["rows"]
    [[{'text': '7'}]]
    >>> query_table(build_memory(), "SELEC nothing")
    Traceback (most recent call last):
    kg.errors.QuerySyntaxError: SPARQL syntax error at line 1, column 10: expected CONSTRUCT
    """
    return result_table(_run(store, query), lang)


def download(store, query: str, format: str, max_rows: int | None = None) -> tuple[str, str]:
    """Run ``query`` and return ``(body, media type)`` as ``csv`` or ``json`` (the ``page_download`` operation).

    Parameters
    ----------
    max_rows : int, optional
        Rows (or triples) kept at most.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> body, media = download(build_memory(), "SELECT ?x WHERE { VALUES ?x { 1 2 } }", "csv", max_rows=1)
    >>> body.splitlines(), media
    (['x', '1'], 'text/csv; charset=utf-8')
    """
    return render(_capped(_run(store, query), max_rows), format), _MEDIA[format]


def _capped(result: Result, max_rows: int | None) -> Result:
    if max_rows is None:
        return result
    triples = None if result.triples is None else result.triples[:max_rows]
    return Result(result.variables, result.rows[:max_rows], result.boolean, triples)


def saved_query_table(store, query_id: str, params: dict[str, str] | None = None, lang: str = "zh",
                      queries_dir: str | os.PathLike = QUERIES_DIR) -> dict:
    """Run a saved query with ``params`` and return its :func:`result_table` (the ``page_saved_query`` operation).

    Raises
    ------
    InnokgError
        For an unknown query, a bad parameter value or a failing query.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> table = saved_query_table(build_memory(), "top10-overall", {"edition": "2025"}, "en")
    >>> table["count"], table["rows"][0][2]["text"]
    (10, '旧金山湾区')
    """
    saved = saved_query_by_id(query_id, queries_dir)
    try:
        return result_table(run_saved_query(store, saved, params), lang)
    except (SyntaxError, ValueError, RuntimeError, OSError) as problem:
        raise InnokgError(one_line(problem)) from None


def saved_query_result(store, query_id: str, params: dict[str, str], format: str,
                       queries_dir: str | os.PathLike = QUERIES_DIR, max_rows: int | None = None) -> tuple[str, str]:
    """Run a saved query with ``params`` and return ``(body, media type)`` as ``csv`` or ``json``.

    The ``page_saved_download`` operation.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> body, _ = saved_query_result(build_memory(), "top10-overall", {"edition": "2025"}, "csv")
    >>> body.splitlines()[1].split(",")[:3]
    ['1', 'https://w3id.org/innokg/id/city/san-francisco-bay-area', '旧金山湾区']
    """
    saved = saved_query_by_id(query_id, queries_dir)
    try:
        result = collect(run_saved_query(store, saved, params))
    except (SyntaxError, ValueError, RuntimeError, OSError) as problem:
        raise InnokgError(one_line(problem)) from None
    return render(_capped(result, max_rows), format), _MEDIA[format]


def _examples(lang: str, queries_dir) -> list[dict]:
    return [{"id": saved.id, "title": (saved.title_zh if lang == "zh" else "") or saved.title or saved.id,
             "text": saved.text} for saved in load_saved_queries(queries_dir)]


def _ask(runner, operation: str, **arguments) -> tuple[dict | None, str | None, Exception | None]:
    """Run a page's query: ``(table, None, None)``, or ``(None, message, error)`` when it failed, was stopped
    at the timeout or could not be taken (busy); the page is then answered with the error's status."""
    try:
        return runner.run(operation, **arguments), None, None
    except (QueryTimeout, ServiceBusy) as stopped:
        return None, str(stopped), stopped
    except InnokgError as problem:
        return None, one_line(problem), problem


def _stopped_message(message: str, lang: str) -> str:
    if lang == "zh":
        return f"查询未完成：{message}。服务对每个查询都有时间上限；请缩小查询范围（如加 LIMIT、减少模式）后重试。"
    return f"The query did not finish: {message}. The service stops every query at its time limit; " \
           "narrow the query (add a LIMIT, fewer patterns) and try again."


def query_page(runner, query: str | None = None, lang: str = "zh",
               queries_dir: str | os.PathLike = QUERIES_DIR) -> str:
    """Render the query page; with ``query``, run it through ``runner`` and show the results under the editor.

    Parameters
    ----------
    runner : kg.serve.workers.WorkerPool or kg.serve.operations.InlineRunner
        Runs the query (``page_query``), stopped at its timeout.
    query : str, optional
    lang : {'zh', 'en'}
    queries_dir : path, optional
        The saved queries offered as examples.

    The page carries the whole YASGUI (:file:`kg/static/innokg-query.js`), which
    runs queries against ``/sparql``; the form under it (and this function's
    results) serve a browser without script and links to ``/query?query=``.

    Raises
    ------
    PageError
        When the query failed (a syntax error: the page shows its line with a caret
        under the column), was stopped at its timeout, or every worker was busy;
        it carries this page with the error on it, for the router to answer with
        the error's status (400, 422, 503).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.serve.operations import InlineRunner
    >>> runner = InlineRunner(build_memory())
    >>> html = query_page(runner, "SELECT ?l WHERE { <https://w3id.org/innokg/id/city/beijing> rdfs:label ?l }", "en")
    >>> "北京" in html, "/query.csv?" in html
    (True, True)
    >>> try:
    ...     query_page(runner, "SELEC nothing", "en")
    ... except PageError as failed:
    ...     print(failed.cause.kind.__name__, 'class="error"' in failed.html, "SELEC nothing\\n         ^" in failed.html)
    QuerySyntaxError True True
    """
    check_lang(lang)
    table, error, failed = None, None, None
    if query and query.strip():
        table, error, failed = _ask(runner, "page_query", query=query, lang=lang)
    if isinstance(failed, (QueryTimeout, ServiceBusy)):
        error = _stopped_message(error, lang)
    examples = _examples(lang, queries_dir)
    title = "SPARQL 查询" if lang == "zh" else "SPARQL query"
    encoded = urlencode({"query": query or ""})
    shown = query or examples[0]["text"] if examples else query or ""
    config = {"lang": lang, "query": query if query and query.strip() else None, "prefixes": PREFIXES,
              "first": examples[0]["id"] if examples else None, "examples": {e["id"]: e["text"] for e in examples}}
    html = render_page(
        "query.html", title=title, lang=lang, path="/query", query_args={"query": query} if query else {},
        query=shown, table=table, error=error, caret=failed is not None and error_context(failed, query) or None,
        examples=examples, config_json=json_for_script(config),
        csv_url=f"/query.csv?{encoded}", json_url=f"/query.json?{encoded}", max_rows=MAX_ROWS,
    )
    if failed is not None:
        raise PageError(html, failed)
    return html


def queries_page(lang: str = "zh", queries_dir: str | os.PathLike = QUERIES_DIR) -> str:
    """Render the list of saved queries.

    Examples
    --------
    >>> "top10-overall" in queries_page("en")
    True
    """
    check_lang(lang)
    saved = [{"id": q.id, "title": (q.title_zh if lang == "zh" else q.title) or q.title or q.id,
              "question": (q.question_zh if lang == "zh" else q.question) or q.question}
             for q in load_saved_queries(queries_dir)]
    title = "保存的问题" if lang == "zh" else "Saved queries"
    return render_page("queries.html", title=title, lang=lang, path="/queries", saved=saved)


def saved_query_page(runner, query_id: str, params: dict[str, str] | None = None, lang: str = "zh",
                     queries_dir: str | os.PathLike = QUERIES_DIR) -> str:
    """Render a saved query's page: its question, a form for its parameters, its results (run through ``runner``).

    Raises
    ------
    kg.saved_queries.SavedQueryNotFound
        When there is no saved query ``query_id`` (a bad parameter value is shown on the page).
    PageError
        When the query failed (a bad parameter value: 400), the runner stopped it at
        its timeout (422) or every worker was busy (503); it carries the page with the error.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.serve.operations import InlineRunner
    >>> html = saved_query_page(InlineRunner(build_memory()), "top10-overall", {"edition": "2025"}, "en")
    >>> 'name="edition"' in html, "San Francisco Bay Area" in html
    (True, True)
    """
    check_lang(lang)
    saved = saved_query_by_id(query_id, queries_dir)
    params = {name: value for name, value in (params or {}).items() if value != ""}
    table, error, failed = _ask(runner, "page_saved_query", query_id=saved.id, params=params, lang=lang,
                                queries_dir=str(queries_dir))
    if isinstance(failed, (QueryTimeout, ServiceBusy)):
        error = _stopped_message(error, lang)
    fields = [{"name": p.name, "type": p.type, "description": p.description,
               "value": params.get(p.name, p.default or "")} for p in saved.params]
    encoded = urlencode(params)
    title = (saved.title_zh if lang == "zh" else saved.title) or saved.title or saved.id
    html = render_page(
        "saved_query.html", title=title, lang=lang, path=f"/queries/{saved.id}", query_args=params, saved=saved,
        question=(saved.question_zh if lang == "zh" else saved.question) or saved.question, fields=fields,
        table=table, error=error, max_rows=MAX_ROWS,
        csv_url=f"/queries/{saved.id}.csv?{encoded}", json_url=f"/queries/{saved.id}.json?{encoded}",
    )
    if failed is not None:
        raise PageError(html, failed)
    return html
