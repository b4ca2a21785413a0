"""A server process that stops after a runaway query drains first: a client whose connection it had just
accepted is answered, never reset (the processes share one socket; uvicorn closes a connection that carries
no request yet at once when its process shuts down)."""

from __future__ import annotations

import threading

import httpx

from http_server import running_server, seed_store  # noqa: F401  (fixture)

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "ASK { <https://w3id.org/innokg/id/city/beijing> a <https://w3id.org/innokg/ont#City> }"


def test_quick_requests_on_fresh_connections_are_answered_while_processes_stop_and_are_replaced(seed_store, tmp_path):
    with running_server(seed_store, "--timeout", "1", "--workers", "2", log_dir=tmp_path) as server:
        statuses: list = []
        stop = threading.Event()

        def ask_quickly() -> None:
            while not stop.is_set():
                try:  # a fresh connection each time, as a browser opening pages in new tabs may
                    statuses.append(httpx.get(server.sparql, params={"query": QUICK}, timeout=60).status_code)
                except httpx.TransportError as error:
                    statuses.append(type(error).__name__)

        askers = [threading.Thread(target=ask_quickly) for _ in range(3)]
        for asker in askers:
            asker.start()
        try:
            runaways = [httpx.get(server.sparql, params={"query": RUNAWAY}, timeout=60).status_code for _ in range(4)]
        finally:
            stop.set()
            for asker in askers:
                asker.join()
        log = server.log.read_text()
    assert runaways == [422] * 4
    assert log.count("this server process stops and is replaced") >= 2  # runaways stopped processes
    assert len(statuses) > 20 and set(statuses) == {200}, [s for s in statuses if s != 200]
