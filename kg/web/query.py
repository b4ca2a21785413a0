"""The query page (SPARQL editor, results as a table, CSV and JSON download) and saved-query pages.

The editor is YASQE from the vendored ``@zazuko/yasgui`` bundle, laid over a
plain ``<textarea>`` in a GET form, so the page also works without script.
The saved queries are offered as ready examples; each has its own page with
a form for its parameters, as datasette does for its stored queries.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pyoxigraph as ox

from kg.results import collect, render, term_text
from kg.saved_queries import find_saved_query, load_saved_queries, run_saved_query
from kg.views.network import entity_link
from kg.views.render import json_for_script
from kg.web.templating import check_lang, render_page

__all__ = ["MAX_ROWS", "result_table", "query_page", "queries_page", "saved_query_page", "saved_query_result",
           "download"]

#: A page shows at most this many rows; the downloads have them all.
MAX_ROWS = 1000
_MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/sparql-results+json"}


def _cell(term, lang: str) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"text": term_text(term), "href": entity_link(term.value) + f"&lang={lang}"}
    return {"text": term_text(term)}


def result_table(result, lang: str = "zh") -> dict:
    """Turn a query result into ``headers``, ``rows`` (cells with text and link), ``count`` and ``boolean``.

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
        rows = [[_cell(t.subject, lang), _cell(t.predicate, lang), _cell(t.object, lang)] for t in collected.triples]
    else:
        headers = list(collected.variables)
        rows = [[_cell(term, lang) for term in row] for row in collected.rows]
    return {"headers": headers, "rows": rows[:MAX_ROWS], "count": len(rows), "boolean": None}


def _examples(lang: str) -> list[dict]:
    return [{"id": saved.id, "title": (saved.title_zh if lang == "zh" else "") or saved.title or saved.id,
             "text": saved.text} for saved in load_saved_queries()]


def query_page(store, query: str | None = None, lang: str = "zh") -> str:
    """Render the query page; with ``query``, run it and show the results under the editor.

    A query that fails shows its error on the page.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = query_page(build_memory(), "SELECT ?l WHERE { <https://w3id.org/innokg/id/city/beijing> rdfs:label ?l }", "en")
    >>> "北京" in html, "/query.csv?" in html
    (True, True)
    """
    check_lang(lang)
    table, error = None, None
    if query and query.strip():
        try:
            table = result_table(store.query(query), lang)
        except (SyntaxError, ValueError, RuntimeError, Exception) as problem:  # shown on the page, one line
            error = " ".join(str(problem).split()) or type(problem).__name__
    examples = _examples(lang)
    title = "SPARQL 查询" if lang == "zh" else "SPARQL query"
    encoded = urlencode({"query": query or ""})
    return render_page(
        "query.html", title=title, lang=lang, path="/query", query_args={"query": query} if query else {},
        query=query or examples[0]["text"] if examples else query or "", table=table, error=error,
        examples=examples, examples_json=json_for_script({e["id"]: e["text"] for e in examples}),
        csv_url=f"/query.csv?{encoded}", json_url=f"/query.json?{encoded}", max_rows=MAX_ROWS,
    )


def download(store, query: str, format: str) -> tuple[str, str]:
    """Run ``query`` and return ``(body, media type)`` as ``csv`` or ``json``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> body, media = download(build_memory(), "SELECT ?x WHERE { VALUES ?x { 1 } }", "csv")
    >>> body.splitlines(), media
    (['x', '1'], 'text/csv; charset=utf-8')
    """
    return render(collect(store.query(query)), format), _MEDIA[format]


def queries_page(lang: str = "zh") -> str:
    """Render the list of saved queries.

    Examples
    --------
    >>> "top10-overall" in queries_page("en")
    True
    """
    check_lang(lang)
    saved = [{"id": q.id, "title": (q.title_zh if lang == "zh" else q.title) or q.title or q.id,
              "question": (q.question_zh if lang == "zh" else q.question) or q.question} for q in load_saved_queries()]
    title = "保存的问题" if lang == "zh" else "Saved queries"
    return render_page("queries.html", title=title, lang=lang, path="/queries", saved=saved)


def saved_query_result(store, query_id: str, params: dict[str, str], format: str) -> tuple[str, str]:
    """Run a saved query with ``params`` and return ``(body, media type)`` as ``csv`` or ``json``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> body, _ = saved_query_result(build_memory(), "top10-overall", {"edition": "2025"}, "csv")
    >>> body.splitlines()[1].split(",")[:3]
    ['1', 'https://w3id.org/innokg/id/city/san-francisco-bay-area', '旧金山湾区']
    """
    saved = find_saved_query(query_id)
    return render(collect(run_saved_query(store, saved, params)), format), _MEDIA[format]


def saved_query_page(store, query_id: str, params: dict[str, str] | None = None, lang: str = "zh") -> str:
    """Render a saved query's page: its question, a form for its parameters, its results.

    Raises
    ------
    kg.errors.InnokgError
        When there is no saved query ``query_id`` (a bad parameter value is shown on the page).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = saved_query_page(build_memory(), "top10-overall", {"edition": "2025"}, "en")
    >>> 'name="edition"' in html, "San Francisco Bay Area" in html
    (True, True)
    """
    check_lang(lang)
    saved = find_saved_query(query_id)
    params = {name: value for name, value in (params or {}).items() if value != ""}
    table, error = None, None
    try:
        table = result_table(run_saved_query(store, saved, params), lang)
    except Exception as problem:  # a bad parameter value: say so on the page
        error = " ".join(str(problem).split()) or type(problem).__name__
    fields = [{"name": p.name, "type": p.type, "description": p.description,
               "value": params.get(p.name, p.default or "")} for p in saved.params]
    encoded = urlencode(params)
    title = (saved.title_zh if lang == "zh" else saved.title) or saved.title or saved.id
    return render_page(
        "saved_query.html", title=title, lang=lang, path=f"/queries/{saved.id}", query_args=params, saved=saved,
        question=(saved.question_zh if lang == "zh" else saved.question) or saved.question, fields=fields,
        table=table, error=error, max_rows=MAX_ROWS,
        csv_url=f"/queries/{saved.id}.csv?{encoded}", json_url=f"/queries/{saved.id}.json?{encoded}",
    )
