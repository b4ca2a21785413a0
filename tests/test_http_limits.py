"""Limits that protect a real server: query timeout, row cap, body cap; updates only with the token."""

from __future__ import annotations

import html
import re
import threading
import time

import httpx
import pytest

from http_server import TOKEN, running_server, seed_store  # noqa: F401  (fixture)
from kg.build import build

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "ASK { <https://w3id.org/innokg/id/city/beijing> a <https://w3id.org/innokg/ont#City> }"
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def limited(seed_store, tmp_path_factory):
    """A server with a 2 s timeout, 5 rows and 2,000 body bytes at most."""
    with running_server(seed_store, "--timeout", str(TIMEOUT), "--max-rows", "5", "--max-body", "2000",
                        log_dir=tmp_path_factory.mktemp("logs")) as server:
        yield server


@pytest.fixture
def writable(tmp_path):
    """A server over its own store that accepts updates with the bearer token."""
    store = tmp_path / "store"
    build(store)
    with running_server(store, "--allow-update", "--token", TOKEN, log_dir=tmp_path) as server:
        yield server


def test_a_runaway_query_is_stopped_while_other_requests_are_answered(limited):
    outcome = {}

    def runaway() -> None:
        started = time.monotonic()
        answer = httpx.get(limited.sparql, params={"query": RUNAWAY}, timeout=60)
        outcome.update(status=answer.status_code, text=answer.text, seconds=time.monotonic() - started)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.2)  # let the runaway query reach its worker
    quick_seconds = []
    with httpx.Client(base_url=limited.url, timeout=30) as client:
        while thread.is_alive() and len(quick_seconds) < 10:
            started = time.monotonic()
            asked = client.get("/sparql", params={"query": QUICK})
            entity = client.get("/api/entities/city/beijing")
            quick_seconds.append(time.monotonic() - started)
            assert asked.json() == {"head": {}, "boolean": True}
            assert entity.json()["labels"] == {"en": "Beijing", "zh": "北京"}
    thread.join(60)
    assert outcome["status"] == 422
    assert outcome["text"] == f"stopped after the {TIMEOUT:g} s timeout\n"
    assert TIMEOUT - 0.1 <= outcome["seconds"] < TIMEOUT + 8
    assert len(quick_seconds) >= 3 and max(quick_seconds) < 1.5  # generous: they take milliseconds
    with httpx.Client(base_url=limited.url, timeout=30) as client:  # the pool is whole again
        for _ in range(4):
            assert client.get("/sparql", params={"query": QUICK}).status_code == 200


def test_a_runaway_query_on_the_query_page_is_stopped_with_a_readable_page(limited):
    started = time.monotonic()
    page = httpx.get(f"{limited.url}/query", params={"query": RUNAWAY, "lang": "en"}, timeout=60)
    seconds = time.monotonic() - started
    assert page.status_code == 422
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert TIMEOUT - 0.1 <= seconds < TIMEOUT + 8
    error = re.search(r'<p class="error">(.*?)</p>', page.text, re.S).group(1)
    assert error == (f"The query did not finish: stopped after the {TIMEOUT:g} s timeout. The service stops every "
                     "query at its time limit; narrow the query (add a LIMIT, fewer patterns) and try again.")
    assert html.escape(RUNAWAY, quote=False) in page.text  # still in the editor, to be narrowed
    download = httpx.get(f"{limited.url}/query.csv", params={"query": RUNAWAY}, timeout=60)
    assert (download.status_code, download.text) == (422, f"stopped after the {TIMEOUT:g} s timeout\n")
    # the query page answers again, through a fresh worker, and the saved-query pages go through the runner too
    quick = httpx.get(f"{limited.url}/query", params={"query": QUICK, "lang": "en"}, timeout=30)
    assert quick.status_code == 200 and "true" in quick.text
    saved = httpx.get(f"{limited.url}/queries/top10-overall", params={"edition": "2025", "lang": "en"}, timeout=30)
    assert saved.status_code == 200 and "San Francisco Bay Area" in saved.text
    bad = httpx.get(f"{limited.url}/queries/top10-overall", params={"edition": "soon", "lang": "en"}, timeout=30)
    assert bad.status_code == 200 and "parameter &#39;edition&#39; expects xsd:integer, got &#39;soon&#39;" in bad.text
    csv = httpx.get(f"{limited.url}/queries/top10-overall.csv", params={"edition": "2025"}, timeout=30)
    assert len(csv.text.splitlines()) == 1 + 5  # the service's --max-rows


def test_results_are_cut_at_max_rows_and_flagged(limited):
    answer = httpx.get(limited.sparql, params={"query": "SELECT ?s WHERE { ?s ?p ?o }", "format": "csv"})
    assert answer.status_code == 200
    assert len(answer.text.splitlines()) == 1 + 5
    assert answer.headers["x-sparql-maxrows"] == "5" and answer.headers["x-innokg-truncated"] == "true"
    whole = httpx.get(limited.sparql, params={"query": "SELECT ?n WHERE { VALUES ?n { 1 2 } }"})
    assert "x-innokg-truncated" not in whole.headers
    saved = httpx.get(f"{limited.url}/api/queries/top10-overall.json").json()
    assert [row["rank"] for row in saved["rows"]] == [1, 2, 3, 4, 5] and saved["truncated"] is True


def test_a_body_over_the_cap_is_refused(limited):
    query = "ASK { ?s ?p ?o }" + " " * 3000
    answer = httpx.post(limited.sparql, content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert answer.status_code == 413
    assert answer.text == "the request body is larger than the 2000 bytes this server accepts\n"

    def chunks():
        yield b"ASK { ?s ?p ?o }"
        yield b" " * 3000

    chunked = httpx.post(limited.sparql, content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert chunked.status_code == 413


def test_updates_need_the_token_and_are_atomic(writable):
    insert = 'INSERT DATA { GRAPH <https://w3id.org/innokg/graph/test> { <https://w3id.org/innokg/id/city/x> rdfs:label "X"@en } }'
    ask = {"query": 'ASK { <https://w3id.org/innokg/id/city/x> rdfs:label "X"@en }'}
    direct = {"Content-Type": "application/sparql-update"}
    assert httpx.post(f"{writable.url}/update", content=insert.encode(), headers=direct).status_code == 401
    wrong = httpx.post(f"{writable.url}/update", content=insert.encode(),
                       headers={**direct, "Authorization": "Bearer nope-nope-nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == 'Bearer realm="innokg"'
    assert httpx.get(writable.sparql, params=ask).json()["boolean"] is False

    failing = insert.replace("city/x", "city/y") + " ; CREATE GRAPH <https://w3id.org/innokg/graph/reference>"
    refused = httpx.post(f"{writable.url}/update", content=failing.encode(),
                         headers={**direct, "Authorization": f"Bearer {TOKEN}"})
    assert refused.status_code == 400 and "nothing was changed" in refused.text
    ask_y = {"query": "ASK { <https://w3id.org/innokg/id/city/y> ?p ?o }"}
    assert httpx.get(writable.sparql, params=ask_y).json()["boolean"] is False

    done = httpx.post(writable.sparql, data={"update": insert}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 204
    assert httpx.get(writable.sparql, params=ask).json()["boolean"] is True
    assert httpx.get(f"{writable.url}/api/search", params={"q": "X"}).json()["results"][0]["id"] == "city/x"
    assert httpx.post(writable.sparql, data={"update": "LOAD <http://127.0.0.1:9/x.ttl>"},
                      headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 400


def test_server_processes_end_with_the_supervisor(seed_store, tmp_path):
    """Killing ``innokg serve`` outright leaves no server process holding the port or a query."""
    import os
    import signal
    import socket

    with running_server(seed_store, "--workers", "2", log_dir=tmp_path) as server:
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(10)
        port = int(server.url.rsplit(":", 1)[1])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) != 0:
                    break
            time.sleep(0.1)
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0
