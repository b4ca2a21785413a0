"""A real ``innokg serve`` process for end-to-end tests, and the store it serves.

:func:`running_server` starts ``python -m kg serve`` on a free port, polls
``/health`` until it answers (no fixed sleeps), and on exit stops it and
checks its access log: no request of a test may have been answered 5xx.
"""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kg.build import build

__all__ = ["free_port", "running_server", "Server", "seed_store", "server"]

TOKEN = "test-token-0123456789"

#: The overall top 10 of the 2025 edition, ranks with English and Chinese names.
TOP10_QUERY = """
PREFIX ik: <https://w3id.org/innokg/ont#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?rank ?city_en ?city_zh WHERE {
  ?obs ik:dimension <https://w3id.org/innokg/id/dimension/overall> ; ik:city ?city ; ik:rank ?rank ;
       ik:edition/ik:editionYear 2025 .
  FILTER (?rank <= 10)
  ?city rdfs:label ?city_en , ?city_zh .
  FILTER (LANGMATCHES(LANG(?city_en), "en") && LANGMATCHES(LANG(?city_zh), "zh-Hans"))
}
ORDER BY ?rank
"""


class Server:
    """A running server: its base URL, process and log file."""

    def __init__(self, url: str, process: subprocess.Popen, log: Path):
        self.url = url
        self.process = process
        self.log = log

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def statuses(self) -> list[int]:
        """The statuses of the requests answered so far, from the access log."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [int(code) for code in re.findall(r'" (\d{3}) ', text)]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(store: Path, *options: str, log_dir: Path):
    """Run ``innokg --store STORE serve --port PORT OPTIONS…`` until the block ends."""
    port = free_port()
    log = log_dir / f"serve-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "--store", str(store), "serve", "--port", str(port), *options],
            stdout=out, stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
    failures = [code for code in server.statuses() if code >= 500]
    assert not failures, f"the server answered {failures}:\n{log.read_text(errors='replace')[-3000:]}"


def _wait_until_up(server: Server, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"innokg serve exited with {server.process.returncode}:\n{server.log.read_text()}")
        try:
            with urllib.request.urlopen(server.url + "/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise RuntimeError(f"innokg serve did not answer within {limit:g} s:\n{server.log.read_text()}")


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """The repository's ontology and seed, built into an on-disk store once per session."""
    path = tmp_path_factory.mktemp("http") / "store"
    build(path)
    return path


@pytest.fixture(scope="session")
def server(seed_store, tmp_path_factory):
    """``innokg serve`` with default settings over the seed store, shared by the session."""
    with running_server(seed_store, log_dir=tmp_path_factory.mktemp("logs")) as running:
        yield running
