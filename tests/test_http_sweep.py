"""Every route x every parameter x hostile values, against a real ``innokg serve``: never a 5xx.

The routes are read from the app itself (:func:`api.errors.app_routes`), so a
new route is swept without editing this file; their parameters from FastAPI's
dependencies and the OpenAPI schema (``/sparql``'s are declared there), and a
saved query's from its header. Each parameter in turn gets each hostile value
(the others keep a valid one). The server fixture also fails the test if its
access log shows any 5xx. A representative set of answers is then checked
exactly: status and the one-line message.
"""

from __future__ import annotations

import html
import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, unquote, urlencode

import httpx
import pytest

from api.app import create_app
from api.errors import app_routes
from http_server import running_server, seed_store  # noqa: F401  (fixture)
from kg.saved_queries import load_saved_queries
from kg.store import OxigraphStore

#: Values that broke parameters once (issue 19), and their kin.
HOSTILE = [
    "<", " ", '"', "\\", "{}", "%", "\x00", "org/x>", "http://e/x y", "http%3A%2F%2Fe%2Fx y", "|",
    "", "   ", "\r\n", "a\r\nb", "x" * 5000, "http://e/" + "y" * 3000, "北京\u202e", "😀", "%zz", "%00",
    "http://", "urn:", "id:city/<x>", "../../../etc/passwd", "-1", "99999999999999999999", "NaN", "zh hans",
    "<script>alert(1)</script>", "\u2028", "\x7f",
]

#: A valid value for each parameter that needs one (the others are left out when not swept).
VALID = {
    "entity_id": "city/beijing", "iri": "city/beijing", "entity": "city/beijing", "q": "beijing",
    "query_id": "city-dimension-profile", "index": "gis100", "edition": "2025", "dimension": "overall",
    "from": "宝山区", "format": "json", "kind": "ego", "path": "innokg.css", "query": "ASK {}",
    "network": "actors", "place": "Atlantis", "city": "city/beijing", "lang": "en",
}
# The valid values are the cheap ones: 宝山区 starts no chain and Atlantis is no place (so that the other
# parameters of /chain and /coverage are swept without drawing every chain or charting every place).

#: Each kind of /views/{kind}: its valid parameters, and the parameters it reads, swept with it. ``kind`` and
#: ``lang`` are swept with the cheapest view; ``groups`` and ``relations`` (the same filters) with ego.
VIEW_KINDS = {
    "ranking": ({}, {"kind", "lang", "dimension", "year", "top", "index"}),
    "ego": ({"entity": "city/beijing", "max_nodes": "5"}, {"entity", "radius", "max_nodes", "groups", "relations"}),
    "chain": ({"from": "上海大学", "limit": "1"}, {"from", "to", "limit"}),
    "ecosystem": ({"max_nodes": "5"}, {"max_nodes", "community"}),
}

_NAME = re.compile(r"\{(\w+)(?::path)?\}")


def _routes() -> list[tuple[str, str, list[str]]]:
    """(method, path template, parameter names) of every route of the app."""
    app = create_app(OxigraphStore.memory())
    schema = app.openapi()
    saved = {query.id: [param.name for param in query.params] for query in load_saved_queries()}
    found = []
    for route in app_routes(app):
        for method in sorted(set(getattr(route, "methods", None) or ()) - {"HEAD"}):
            names = _NAME.findall(route.path)
            dependant = getattr(route, "dependant", None)
            if dependant is not None:
                names += [param.alias for param in dependant.query_params]
            operation = schema["paths"].get(_NAME.sub(r"{\1}", route.path), {}).get(method.lower(), {})
            names += [param["name"] for param in operation.get("parameters", []) if param["in"] == "query"]
            if "query_id" in names:
                names += saved[VALID["query_id"]]
            found.append((method, route.path, list(dict.fromkeys(names))))
    return found


ROUTES = _routes()


def _url(path: str, values: dict[str, str]) -> str:
    """The path with its parameters filled in (percent-encoded), and the rest as the query string."""
    rest = dict(values)

    def fill(match: re.Match) -> str:
        value = rest.pop(match.group(1), VALID.get(match.group(1), "x"))
        return quote(value, safe="/" if match.group(0).endswith(":path}") and value.isprintable() else "")

    filled = _NAME.sub(fill, path)
    return filled + ("?" + urlencode(rest) if rest else "")


def _cases() -> list[tuple[str, str, dict[str, str] | None]]:
    """(method, URL, form body) of every request of the sweep."""
    cases = []
    for method, path, names in ROUTES:
        if path.startswith("/views/"):
            assert set(names) == set().union(*(read for _, read in VIEW_KINDS.values())), "a view parameter is not swept"
            bases = [({"kind": kind, **valid}, read) for kind, (valid, read) in VIEW_KINDS.items()]
        else:
            bases = [({}, set(names))]
        for base, read in bases:
            for name in names:
                if name not in read:
                    continue
                for value in HOSTILE:
                    # /entity's optional ``kind`` (a property to page through) is left out unless swept
                    values = {key: VALID[key] for key in names
                              if key in VALID and key not in ("lang", "query") and (key != "kind" or "kind" in base)}
                    values.update(base)
                    values[name] = value
                    if method == "POST":
                        cases.append((method, _url(path, {}), values))
                    else:
                        cases.append((method, _url(path, values), None))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def server(seed_store, tmp_path_factory):  # noqa: F811
    with running_server(seed_store, "--timeout", "60", log_dir=tmp_path_factory.mktemp("sweep")) as running:
        yield running


def _message(answer: httpx.Response) -> str:
    """The error's one line, whatever the media type of the answer."""
    media = answer.headers.get("content-type", "")
    if media.startswith("application/json"):
        return answer.json()["detail"]
    if media.startswith("text/html"):
        found = re.search(r'<p class="error">(.*?)</p>', answer.text, re.S)
        return html.unescape(found.group(1)) if found else ""
    return answer.text.removesuffix("\n")


def test_the_sweep_covers_every_route_and_parameter():
    swept = {(method, path) for method, path, _ in ROUTES}
    assert {("GET", "/views/{kind}"), ("GET", "/static/{path:path}"), ("POST", "/sparql"), ("POST", "/update"),
            ("GET", "/api/entities/{entity_id:path}"), ("GET", "/query.{format}")} <= swept
    parameters = {name for _, _, names in ROUTES for name in names}
    assert {"entity", "iri", "from", "to", "place", "network", "dimension", "lang", "query", "default-graph-uri",
            "named-graph-uri", "format", "city", "edition", "path", "kind", "entity_id"} <= parameters
    assert len(CASES) > 1800


def test_no_route_answers_5xx_to_hostile_values(server):
    def send(case):
        method, url, form = case
        with httpx.Client(base_url=server.url, timeout=60) as client:
            answer = client.request(method, url, data=form)
        return method, url, form, answer.status_code, answer

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(send, CASES))
    failures = [(method, url, form, status) for method, url, form, status, _ in answers if status >= 500]
    assert failures == []
    statuses = {status for *_, status, _ in answers}
    assert statuses <= {200, 307, 400, 403, 404, 406}, statuses
    redirected = [url for _, url, _, status, _ in answers if status == 307]
    assert all(unquote(url.split("?")[0]).endswith("/") for url in redirected), redirected  # a trailing slash
    multi_line = [(url, _message(answer)) for _, url, _, status, answer in answers
                  if status >= 400 and ("\n" in _message(answer) or "\r" in _message(answer))]
    assert multi_line == []


@pytest.mark.parametrize("path, status, message", [
    ("/views/ego?entity=%3C", 400, "entity: '<' is not an entity id or IRI: it holds '<'"),
    ("/views/ego?entity=a+b", 400, "entity: 'a b' is not an entity id or IRI: it holds ' '"),
    ("/views/ego?entity=%22", 400, "entity: '\"' is not an entity id or IRI: it holds '\"'"),
    ("/views/ego?entity=%5C", 400, "entity: '\\\\' is not an entity id or IRI: it holds '\\\\'"),
    ("/views/ego?entity=%7B%7D", 400, "entity: '{}' is not an entity id or IRI: it holds '{'"),
    ("/views/ego?entity=%25", 400, "entity: '%' is not an entity id or IRI: invalid IRI percent encoding '%'"),
    ("/views/ego?entity=%00", 400, "entity: '\\x00' is not an entity id or IRI: it holds '\\x00'"),
    ("/views/ego?entity=org/x%3E", 400, "entity: 'org/x>' is not an entity id or IRI: it holds '>'"),
    ("/views/ego?entity=http://e/nothing", 404, "the graph says nothing about <http://e/nothing>"),
    ("/views/chain?from=%7C", 404, "no actor is labelled '|'"),
    ("/views/chain?to=http://e/x+y", 400, "to: 'http://e/x y' is not an IRI: it holds ' '"),
    ("/chain?from=%7C", 404, "no actor is labelled '|'"),
    ("/chain?from=http://e/x+y", 400, "from: 'http://e/x y' is not an IRI: it holds ' '"),
    ("/chain?from=SHU&to=a%00b", 400, "to: 'a\\x00b' holds a control character ('\\x00')"),
    ("/api/chains?from=http%3A%2F%2Fe%2Fx+y", 400, "from: 'http://e/x y' is not an IRI: it holds ' '"),
    ("/coverage?place=http://e/x+y", 400, "place: 'http://e/x y' is not an IRI: it holds ' '"),
    ("/coverage?place=Atlantis", 404, "no place is labelled 'Atlantis'"),
    ("/entity?iri=id:city/%3Cx%3E", 400, "iri: 'id:city/<x>' is not an entity id or IRI: it holds '<'"),
    ("/api/entity?iri=http://e/a%20b", 400, "iri: 'http://e/a b' is not an entity id or IRI: it holds ' '"),
    ("/api/entities/a%20b", 400, "entity_id: 'a b' is not an entity id or IRI: it holds ' '"),
    ("/api/entities/city/atlantis", 404, "the graph says nothing about <https://w3id.org/innokg/id/city/atlantis>"),
    ("/views/ranking?dimension=%3C", 400, "dimension: '<' is not an entity id or IRI: it holds '<'"),
    ("/entity?iri=x&radius=9", 400, "radius: Input should be less than or equal to 3"),
    ("/static/innokg.css%00.py", 404, "not found"),
    ("/query.json", 400, "query: Field required"),
    ("/api/entity", 400, "iri: Field required"),
    ("/?lang=zh+hans", 400, "lang: 'zh hans' is not a language tag (BCP 47, e.g. zh, zh-Hans or en-US)"),
    ("/sparql?query=ASK%7B%7D&format=a%0D%0Ab", 400, "format: cannot answer a SELECT or ASK query as a\\r\\nb; use one of "
     "application/sparql-results+json, application/sparql-results+xml, text/csv, text/tab-separated-values"),
    ("/query.csv%0D%0AX-Injected:%201?query=ASK%7B%7D", 404, "no format 'csv\\r\\nX-Injected: 1': use csv or json"),
])
def test_representative_answers_are_exact(server, path, status, message):
    answer = httpx.get(server.url + path, timeout=30)
    assert (answer.status_code, _message(answer)) == (status, message)
    assert "x-injected" not in answer.headers


@pytest.mark.parametrize("tag, language", [
    ("zh", "zh"), ("zh-Hans", "zh"), ("zh-hans", "zh"), ("zh-CN", "zh"), ("ZH_hant_TW", "zh"),
    ("en", "en"), ("en-US", "en"), ("en-gb", "en"), ("", "zh"), ("fr", "zh"), ("de-CH", "zh"),
])
def test_lang_takes_bcp47_tags_and_falls_back(server, tag, language):
    for path in ("/", "/queries", "/views/ranking"):
        answer = httpx.get(server.url + path, params={"lang": tag}, timeout=30)
        assert answer.status_code == 200, (path, tag)
        assert f'<html lang="{language}' in answer.text, (path, tag)
    missing = httpx.get(server.url + "/coverage", params={"lang": tag, "place": "Atlantis"}, timeout=30)
    assert (missing.status_code, _message(missing)) == (404, "no place is labelled 'Atlantis'")
    assert f'<html lang="{language}' in missing.text  # the error page too


def test_options_and_405_tell_what_the_path_allows(server):
    options = httpx.request("OPTIONS", server.sparql)
    assert (options.status_code, options.headers["allow"]) == (204, "GET, POST, OPTIONS")
    put = httpx.put(server.sparql, content=b"ASK {}")
    assert (put.status_code, put.headers["allow"]) == (405, "GET, POST, OPTIONS")
    update = httpx.get(server.url + "/update")
    assert (update.status_code, update.headers["allow"]) == (405, "POST, OPTIONS")
    page = httpx.delete(server.url + "/entity")
    assert (page.status_code, page.headers["allow"]) == (405, "GET, OPTIONS")
    assert httpx.request("OPTIONS", server.url + "/no/such/path").status_code == 404
