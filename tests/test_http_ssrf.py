"""No request can make ``innokg serve`` fetch a URL: SERVICE and LOAD are refused from the parsed request.

A real HTTP listener stands where the SERVICE or LOAD would go; every test
fails if it received a single connection. The forms cover the escapes a
text scanner gets wrong (``\\#`` and ``\\'`` in prefixed names, codepoint
escapes, keywords in any case), comments, strings and nested groups.
"""

from __future__ import annotations

import html
import socket
import threading

import httpx
import pytest

from http_server import TOKEN, running_server, seed_store  # noqa: F401  (fixture)
from kg.build import build

SERVICE_REFUSED = "SERVICE (federated query) is disabled on this endpoint: the server fetches no URL\n"
LOAD_REFUSED = "LOAD is disabled on this endpoint: the server fetches no URL\n"
UNPARSED_REFUSED = ("SERVICE (federated query) and LOAD are disabled on this endpoint: this request contains "
                    "the word 'service' or 'load' in a form the check cannot parse, so it is refused\n")


class Listener:
    """A TCP listener on a free local port that records every connection it accepts."""

    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self):
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.received.append(connection.recv(65536) or b"(connected)")
                except OSError:
                    self.received.append(b"(connected)")
                body = b"s\r\nhttp://leak/\r\n"
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: "
                                   + str(len(body)).encode() + b"\r\n\r\n" + body)

    def close(self):
        self._stop.set()
        self._thread.join(2)
        self.socket.close()


@pytest.fixture
def listener():
    running = Listener()
    yield running
    running.close()
    assert running.received == [], f"the server fetched a URL: {running.received[:1]}"


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory):
    """A server over its own store that accepts updates with the bearer token."""
    folder = tmp_path_factory.mktemp("ssrf")
    build(folder / "store")
    with running_server(folder / "store", "--allow-update", "--token", TOKEN, log_dir=folder) as server:
        yield server


@pytest.fixture(scope="module")
def read_only_server(seed_store, tmp_path_factory):
    with running_server(seed_store, log_dir=tmp_path_factory.mktemp("logs")) as server:
        yield server


def _service_queries(url: str) -> dict[str, tuple[str, str]]:
    """Queries that call SERVICE on ``url``, each with the refusal expected."""
    call = f"SERVICE <{url}/x> {{ ?a ?b ?c }}"
    return {
        "plain": (f"SELECT * WHERE {{ {call} }}", SERVICE_REFUSED),
        "lower case, SILENT": (f"select * where {{ service silent <{url}/x> {{ ?a ?b ?c }} }}", SERVICE_REFUSED),
        "escaped hash in a prefixed name": (
            f"PREFIX e: <http://e/> SELECT * {{ OPTIONAL {{ ?s e:a\\# ?o }} {call} }}", UNPARSED_REFUSED),
        "escaped quote in a prefixed name": (
            f"PREFIX e: <http://e/> SELECT * {{ ?s e:a\\' ?o . {call} }}", SERVICE_REFUSED),
        "codepoint escape": (f"SELECT * WHERE {{ \\u0053ERVICE <{url}/x> {{ ?a ?b ?c }} }}", SERVICE_REFUSED),
        "after a comment and a string": (  # rdflib cannot read a "#" in a string before SERVICE: refused
            f'SELECT * WHERE {{ # not a "string\n ?s ?p "#" . {call} }}', UNPARSED_REFUSED),
        "after a string rdflib misreads": (  # the engine accepts it, the check cannot read it: refused
            f'SELECT * WHERE {{ ?s ?p "}}}}#" . {call} }}', UNPARSED_REFUSED),
        "after a long string holding a hash": (
            f"SELECT * WHERE {{ ?s ?p '''#''' . {call} ?q ?r '''\n''' }}", UNPARSED_REFUSED),
        "nested groups": (f"SELECT * WHERE {{ {{ {{ OPTIONAL {{ {call} }} }} UNION {{ ?s ?p ?o }} }} }}",
                          SERVICE_REFUSED),
        "in a subquery": (f"SELECT * WHERE {{ {{ SELECT ?a WHERE {{ {call} }} }} }}", SERVICE_REFUSED),
        "in EXISTS": (f"ASK {{ ?s ?p ?o FILTER EXISTS {{ {call} }} }}", SERVICE_REFUSED),
        "service IRI as a variable": (f"SELECT * WHERE {{ BIND(<{url}/x> AS ?e) SERVICE ?e {{ ?a ?b ?c }} }}",
                                      SERVICE_REFUSED),
        "in CONSTRUCT": (f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ {call} }}", SERVICE_REFUSED),
    }


@pytest.mark.parametrize("form", list(_service_queries("http://x")))
def test_no_service_form_reaches_the_listener(read_only_server, listener, form):
    query, refusal = _service_queries(listener.url)[form]
    for answer in (httpx.get(read_only_server.sparql, params={"query": query}),
                   httpx.post(read_only_server.sparql, content=query.encode(),
                              headers={"Content-Type": "application/sparql-query"}),
                   httpx.post(read_only_server.sparql, data={"query": query})):
        assert (answer.status_code, answer.text) == (400, refusal)
    json_answer = httpx.get(read_only_server.url + "/query.json", params={"query": query})
    assert json_answer.status_code == 400
    page = httpx.get(read_only_server.url + "/query", params={"query": query})  # the error shown on the page
    assert html.unescape(refusal.strip()) in html.unescape(page.text)


def test_words_in_names_strings_and_comments_still_run(read_only_server):
    query = ('PREFIX e: <http://e/service/> SELECT ?load WHERE { VALUES ?load { "SERVICE <http://x/> LOAD" } '
             "OPTIONAL { ?s e:service ?load } } # SERVICE <http://x/>")
    answer = httpx.get(read_only_server.sparql, params={"query": query}, headers={"Accept": "text/csv"})
    assert (answer.status_code, answer.text) == (200, "load\r\nSERVICE <http://x/> LOAD\r\n")


@pytest.mark.parametrize("update", [
    "LOAD <{url}/load.nt> INTO GRAPH <http://e/g>",
    "INSERT DATA {{ GRAPH <http://e/h> {{ <http://e/a> <http://e/p> 1 }} }} ; load silent <{url}/load.nt>",
    "PREFIX e: <http://e/> INSERT DATA {{ GRAPH <http://e/h> {{ e:a\\# e:p 1 }} }} ; LOAD <{url}/load.nt>",
    "\\u004cOAD <{url}/load.nt>",
    "INSERT {{ GRAPH <http://e/h> {{ ?a ?b ?c }} }} WHERE {{ SERVICE <{url}/x> {{ ?a ?b ?c }} }}",
])
def test_no_update_form_reaches_the_listener_and_nothing_is_written(writable_server, listener, update):
    text = update.format(url=listener.url)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    answer = httpx.post(writable_server.url + "/update", content=text.encode(),
                        headers={**auth, "Content-Type": "application/sparql-update"})
    assert answer.status_code == 400
    assert "disabled on this endpoint" in answer.text and answer.text.count("\n") == 1
    ask = httpx.get(writable_server.sparql, params={"query": "ASK { GRAPH ?g { ?s ?p ?o } FILTER (?g IN "
                                                    "(<http://e/g>, <http://e/h>)) }"})
    assert ask.json()["boolean"] is False


def test_an_update_is_recorded_and_validate_names_the_graph_it_wrote(tmp_path):
    """Updates bypass the import checks: each is recorded (time, SHA-256), and validate names the update."""
    import hashlib
    import subprocess
    import sys

    store = tmp_path / "store"
    build(store)
    update = "INSERT DATA { GRAPH <http://e/notes> { <http://e/a> <http://e/p> 1 } }"
    with running_server(store, "--allow-update", "--token", TOKEN, log_dir=tmp_path) as server:
        answer = httpx.post(server.url + "/update", content=update.encode(),
                            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"})
        assert answer.status_code == 204
        record = httpx.get(server.sparql, headers={"Accept": "text/csv"}, params={"query": """
            PREFIX spdx: <http://spdx.org/rdf/terms#>
            SELECT ?g ?sum WHERE { GRAPH <https://w3id.org/innokg/graph/updates> {
              ?g prov:wasGeneratedBy ?u . ?u a ik:SparqlUpdate ; spdx:checksum/spdx:checksumValue ?sum } }"""})
        assert record.text.splitlines() == ["g,sum", f"http://e/notes,{hashlib.sha256(update.encode()).hexdigest()}"]
    report = subprocess.run([sys.executable, "-m", "kg", "--store", str(store), "validate"],
                            capture_output=True, text=True, timeout=300)
    assert report.returncode == 1
    lines = [line for line in report.stdout.splitlines() if "http://e/notes" in line]
    assert len(lines) == 1 and "was written by the SPARQL update <https://w3id.org/innokg/id/update/" in lines[0]
    assert lines[0].endswith("and has no provenance (updates bypass the import checks: describe it as an "
                             "ik:FactGraph with source and assertion mode, or load it with innokg import)")
