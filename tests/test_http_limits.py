"""Limits that protect a real server: query timeout, row cap, memory cap, body cap; updates only with the
token, and answered truthfully when stopped at their timeout."""

from __future__ import annotations

import html
import os
import re
import threading
import time
from pathlib import Path

import httpx
import pytest

from http_server import TOKEN, running_server, seed_store  # noqa: F401  (fixture)
from kg.build import build
from kg.generate import generate_file
from kg.store import OxigraphStore
from kg.serve.update_receipt import RECEIPT_GRAPH

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "ASK { <https://w3id.org/innokg/id/city/beijing> a <https://w3id.org/innokg/ont#City> }"
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def limited(seed_store, tmp_path_factory):
    """A server with a 2 s timeout, 5 rows and 2,000 body bytes at most."""
    with running_server(seed_store, "--timeout", str(TIMEOUT), "--max-rows", "5", "--max-body", "2000",
                        log_dir=tmp_path_factory.mktemp("logs")) as server:
        yield server


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory) -> Path:
    """The seed and a generated 100k-triple ecosystem (seed 42) in one on-disk store."""
    folder = tmp_path_factory.mktemp("generated")
    generate_file(folder / "eco.nq", 100_000, seed=42)
    build(folder / "store")
    with OxigraphStore.open(folder / "store") as store:
        store.bulk_load(folder / "eco.nq")
    return folder / "store"


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
    assert bad.status_code == 400 and "parameter &#39;edition&#39; expects xsd:integer, got &#39;soon&#39;" in bad.text
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


CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Holds every group. It grows slowly enough for the memory watch to stop it at half the cap; a sort of
#: the product grows so fast (and can panic inside Oxigraph) that on a loaded machine its process ended at 9/10.
GROUPED_CARTESIAN = "SELECT ?a ?d (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a ?d"
CAP_MB = 3000


class PeakMemory:
    """Reads VmHWM (peak resident memory) of every process ``innokg serve`` started, every 10 ms, in a thread."""

    def __init__(self, supervisor: int):
        self.supervisor = supervisor
        self.peaks: dict[int, int] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._done.set()
        self._thread.join(5)

    def _watch(self) -> None:
        while not self._done.wait(0.01):
            for pid in self._children():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:  # it ended meanwhile
                    continue
                peak = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
                if peak:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), int(peak.group(1)) // 1024)

    def _children(self) -> list[int]:
        pids = []
        for task in os.listdir(f"/proc/{self.supervisor}/task"):
            try:
                pids += [int(pid) for pid in Path(f"/proc/{self.supervisor}/task/{task}/children").read_text().split()]
            except OSError:
                pass
        return pids


def _at_once(server, query: str, count: int = 5) -> tuple[list, list[int]]:
    """Send ``query`` from ``count`` clients at once; meanwhile another client asks small queries.

    Returns the answers to ``query`` (status, text, headers) and the statuses of the small queries.
    """
    answers: list = []

    def ask() -> None:
        answer = httpx.get(server.sparql, params={"query": query}, timeout=330)
        answers.append((answer.status_code, answer.text, answer.headers))

    clients = [threading.Thread(target=ask) for _ in range(count)]
    for client in clients:
        client.start()
    small, pace = [], threading.Event()
    while any(client.is_alive() for client in clients):
        small.append(httpx.get(server.sparql, params={"query": QUICK}, timeout=60).status_code)
        pace.wait(0.05)  # a request every 50 ms, not a synchronization
    for client in clients:
        client.join()
    return answers, small


def test_runaway_queries_stay_under_the_memory_cap_while_other_clients_are_answered(generated_store, tmp_path):
    """Five cartesian products at once, with a long timeout: each server process stays under --max-memory-mb.

    A SELECT stops reading solutions after --max-rows (so five of them fit), and five grouped
    products, which hold every solution, make their process pass half of the cap: it answers
    them 422 and is replaced, while small queries keep being answered.
    """
    with running_server(generated_store, "--timeout", "300", "--max-memory-mb", str(CAP_MB), "--workers", "2",
                        log_dir=tmp_path) as server, PeakMemory(server.process.pid) as memory:
        answers, small = _at_once(server, CARTESIAN)
        assert [status for status, _, _ in answers] == [200] * 5
        for _, text, headers in answers:
            assert headers["x-innokg-truncated"] == "true" and headers["x-sparql-maxrows"] == "10000"
            assert text.count('"a":{') == 10_000
        assert small and set(small) == {200}
        assert "memory cap" not in server.log.read_text()  # five SELECTs fit: no process was replaced

        answers, small = _at_once(server, GROUPED_CARTESIAN)
        message = f"stopped when its server process passed half of the {CAP_MB} MB memory cap\n"
        assert [(status, text) for status, text, _ in answers] == [(422, message)] * 5
        assert small and set(small) == {200}
        assert httpx.get(server.sparql, params={"query": QUICK}, timeout=60).json() == {"head": {}, "boolean": True}
    log = server.log.read_text()
    assert re.search(rf"past half of its {CAP_MB} MB memory cap: this server process stops and is replaced", log)
    assert len(memory.peaks) >= 3  # the first two processes and at least one that replaced a stopped one
    assert max(memory.peaks.values()) < CAP_MB, memory.peaks


BIG_GRAPH = "https://w3id.org/innokg/graph/test-big"


def _insert(triples: int) -> bytes:
    lines = "".join(f"<https://w3id.org/innokg/id/test/s{index}> rdfs:label \"{index}\" .\n" for index in range(triples))
    return f"INSERT DATA {{ GRAPH <{BIG_GRAPH}> {{\n{lines}}} }}".encode()


def _count(server, graph: str) -> int:
    answer = httpx.get(server.sparql, params={"query": f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                                               "format": "csv"}, timeout=60)
    return int(answer.text.split()[1])


def test_an_update_stopped_at_its_timeout_says_truthfully_whether_it_was_written(tmp_path):
    """An update of 100,000 triples with a 0.5 s update timeout: stopped before its commit, and nothing written.

    Should this machine commit it within 0.5 s, the answer must be 204 and every triple in the store.
    """
    store = tmp_path / "store"
    build(store)
    with running_server(store, "--allow-update", "--token", TOKEN, "--update-timeout", "0.5",
                        "--max-body", "20000000", log_dir=tmp_path) as server:
        headers = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
        answer = httpx.post(f"{server.url}/update", content=_insert(100_000), headers=headers, timeout=300)
        if answer.status_code == 204:
            assert _count(server, BIG_GRAPH) == 100_000
        else:
            assert (answer.status_code, answer.text) == (
                422, "the update was stopped after the 0.5 s update timeout, before it was committed: "
                     "nothing was written\n")
            assert _count(server, BIG_GRAPH) == 0
        assert _count(server, RECEIPT_GRAPH) == 0  # no receipt is left behind
        # the writer that replaced the stopped one takes the next update
        small = httpx.post(f"{server.url}/update", content=_insert(3), headers=headers, timeout=60)
        assert small.status_code == 204 and _count(server, BIG_GRAPH) == (100_000 if answer.status_code == 204 else 3)


def test_an_update_under_its_timeout_is_written_whole(writable):
    headers = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
    done = httpx.post(f"{writable.url}/update", content=_insert(10_000), headers=headers, timeout=300)
    assert done.status_code == 204
    assert _count(writable, BIG_GRAPH) == 10_000 and _count(writable, RECEIPT_GRAPH) == 0
    broken = httpx.post(f"{writable.url}/update", headers=headers, timeout=60,
                        content=b"INSERT DATA {\n  GRAPH <https://w3id.org/innokg/graph/x> { <a> }\n}")
    assert broken.status_code == 400 and broken.text.startswith("SPARQL syntax error at line 2, column ")
