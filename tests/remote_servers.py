"""Real SPARQL engines for the tests and benchmarks: ``oxigraph serve`` and Virtuoso.

Each is started as a subprocess on a free port, with its data in a
temporary folder, polled until it answers a query, and stopped (and its
folder removed) by :meth:`Server.stop`. Nothing is mocked.

Usage: ``server = start_oxigraph()``; ``server.query_url`` is then e.g.
``http://127.0.0.1:40123/query``; ``server.stop()`` ends it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
from collections.abc import Iterator
from contextlib import contextmanager
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Server", "free_port", "oxigraph_binary", "virtuoso_binary", "start_oxigraph", "start_virtuoso",
           "BACKENDS", "store_backends", "seed_store_on", "VIRTUOSO_DIFFERENCES"]

_START_TIMEOUT = 60.0


def free_port() -> int:
    """Return a TCP port that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command from the PyPI package, next to this Python or on PATH."""
    candidate = Path(sys.executable).parent / "oxigraph"
    return str(candidate) if candidate.is_file() else shutil.which("oxigraph")


def virtuoso_binary() -> str | None:
    """Debian's ``virtuoso-t``, when installed."""
    return shutil.which("virtuoso-t")


@dataclass
class Server:
    """A running SPARQL engine.

    Attributes
    ----------
    engine : str
        ``oxigraph`` or ``virtuoso``.
    query_url, update_url : str
    gsp_url : str or None
        The Graph Store Protocol endpoint, when the engine has an open one.
    folder : pathlib.Path
        Its data and logs.
    """

    engine: str
    query_url: str
    update_url: str
    gsp_url: str | None
    folder: Path
    process: subprocess.Popen
    isql_port: int | None = None
    log: Path | None = None
    extra: dict = field(default_factory=dict)

    def store(self, **options):
        """Return a :class:`kg.store.endpoint.SparqlEndpointStore` over this server."""
        from kg.store.endpoint import SparqlEndpointStore

        return SparqlEndpointStore(self.query_url, self.update_url, self.gsp_url, **options)

    def isql(self, *statements: str) -> str:
        """Run SQL statements through Virtuoso's ``isql-vt`` (as dba); return its output."""
        if self.isql_port is None:
            raise RuntimeError(f"{self.engine} has no isql")
        script = "".join(statement.rstrip().rstrip(";") + ";\n" for statement in statements)
        done = subprocess.run([shutil.which("isql-vt") or "isql-vt", str(self.isql_port), "dba", "dba"],
                              input=script, capture_output=True, text=True, timeout=3600)
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")
        return done.stdout

    def stop(self, remove_folder: bool = True) -> None:
        """Stop the engine and remove its folder (unless ``remove_folder`` is false)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if remove_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _wait_until_answering(server: Server) -> None:
    """Poll with an ASK query until the server answers, failing with its log if it dies."""
    url = server.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log = server.log.read_text(errors="replace")[-3000:] if server.log and server.log.exists() else ""
            raise RuntimeError(f"{server.engine} exited with {server.process.returncode}: {log}")
        try:
            request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{server.engine} did not answer within {_START_TIMEOUT:.0f} s")


def start_oxigraph(data: list[str | os.PathLike] = (), folder: str | os.PathLike | None = None) -> Server:
    """Start ``oxigraph serve`` on a free port, after bulk-loading ``data`` files with ``oxigraph load``.

    Queries see the union of the graphs only when they ask for it
    (``union-default-graph``), as the embedded store does.
    """
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph command is not installed: pip install 'innokg[test]'")
    folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="innokg-oxigraph-"))
    location = folder / "data"
    log = folder / "server.log"
    if data:
        subprocess.run([binary, "load", "--location", str(location), "--file", *map(str, data)],
                       check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=open(log, "wb"))
    base = f"http://127.0.0.1:{port}"
    server = Server("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", folder, process, log=log)
    _wait_until_answering(server)
    return server


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
CheckpointInterval = 0
DirsAllowed = ., {folder}, {data_dirs}
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/
MaxQueryMem = 2G

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 16
MaxClientConnections = 16
MaxKeepAlives = 16

[SPARQL]
ResultSetMaxRows = 100000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
DefaultGraph =
"""


def start_virtuoso(folder: str | os.PathLike | None = None, *, memory_mb: int = 1024,
                   data_dirs: list[str | os.PathLike] = ()) -> Server:
    """Start Virtuoso Open Source (``virtuoso-t``) from a config file in a temporary folder.

    The anonymous SPARQL user may update (``GRANT SPARQL_UPDATE``), so
    loading goes through SPARQL 1.1 Update; ``data_dirs`` are folders the
    bulk loader (``ld_dir``) may read.
    """
    binary = virtuoso_binary()
    if binary is None:
        raise RuntimeError("virtuoso-t is not installed: apt-get install -y virtuoso-opensource")
    folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="innokg-virtuoso-"))
    http_port, isql_port = free_port(), free_port()
    buffers = max(10_000, memory_mb * 1024 // 8 * 2 // 3)  # 8 KB pages, two thirds of the memory
    (folder / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(
        folder=folder, http_port=http_port, isql_port=isql_port, buffers=buffers, dirty_buffers=buffers * 3 // 4,
        data_dirs=", ".join(str(Path(d).resolve()) for d in data_dirs) or "/tmp"))
    log = folder / "virtuoso.log"
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    server = Server("virtuoso", f"{base}/sparql", f"{base}/sparql", None, folder, process,
                    isql_port=isql_port, log=log)
    _wait_until_answering(server)
    server.isql('GRANT SPARQL_UPDATE TO "SPARQL"', "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7)")
    return server


#: The stores the seed-graph tests run on: the embedded one and real SPARQL engines.
BACKENDS = ("embedded", "oxigraph-server", "virtuoso")


def store_backends() -> list[str]:
    """The backends to test on: ``$INNOKG_TEST_STORE`` (comma-separated) if set.

    By default the embedded store and ``oxigraph serve`` always, and Virtuoso
    when ``virtuoso-t`` is installed (``.ci/run`` installs it) or when
    ``INNOKG_TEST_VIRTUOSO=1`` demands it (then a missing one fails).
    """
    chosen = os.environ.get("INNOKG_TEST_STORE", "").strip()
    if chosen:
        names = [name.strip() for name in chosen.split(",") if name.strip()]
        unknown = [name for name in names if name not in BACKENDS]
        if unknown:
            raise ValueError(f"INNOKG_TEST_STORE: unknown backend(s) {unknown}; use {', '.join(BACKENDS)}")
        return names
    names = ["embedded", "oxigraph-server"]
    if virtuoso_binary() or os.environ.get("INNOKG_TEST_VIRTUOSO") == "1":
        names.append("virtuoso")
    return names


@contextmanager
def seed_store_on(backend: str) -> Iterator:
    """Yield the seed graph (ontology + data/seed) in a store of the given backend, then stop its server."""
    from kg.build import build_memory, load_sources

    if backend == "embedded":
        yield build_memory()
        return
    server = start_oxigraph() if backend == "oxigraph-server" else start_virtuoso()
    try:
        store = server.store()
        load_sources(store)
        yield store
    finally:
        server.stop()


#: Seed tests whose exact answers Virtuoso 7.2 gets wrong, and why (checked by hand).
#: They run on Virtuoso as expected failures, not strict ones: Virtuoso's plans vary from
#: run to run, and the city-network case was seen both right and wrong on the same data
#: (an XPASS is reported, and does not fail the run). One that fails otherwise than by a
#: wrong answer (an error) fails the run.
VIRTUOSO_DIFFERENCES = {  # Virtuoso 7.2 answers that the adapter cannot put right (minimal cases checked by hand)
    "test_stated_vs_counted": "counts 0 where a subquery counts over a property path",
    "test_seed_graph_conforms_to_the_shapes": "FILTER NOT EXISTS { ?source a/rdfs:subClassOf* ik:Source } is true "
                                              "for every ?source bound outside (fact-sources)",
    "test_hygiene_check_is_clean_on_the_seed[virtuoso-fact-sources]": "FILTER NOT EXISTS over a property path "
                                                                      "ignores the outer binding",
    # Minimal case: `?c rdfs:subClassOf* org:Membership . ?m a ?c ; org:member ?s` gives 1 of the
    # seed's 11 role assignments (with `VALUES ?c { … }` instead of the path: all 11); upstream:
    # https://github.com/openlink/virtuoso-opensource/issues/704. The network queries also lose
    # edges where a `SELECT DISTINCT` subquery is joined, with the class hierarchy spelled out.
    "test_tech_transfer_network_edges": "drops the rows of `?m a ?class` joins (memberships, services)",
    "test_actor_network_edges": "drops the rows of `?m a ?class` joins (memberships, services) "
                                "and of joins with SELECT DISTINCT subqueries",
    "test_city_network_links_the_cities_of_the_two_parties": "drops the funding tie (a `?flow a ?class` join)",
}


def mark_virtuoso_differences(items) -> None:
    """Mark the seed tests of :data:`VIRTUOSO_DIFFERENCES` that run on Virtuoso as expected failures."""
    import pytest

    for item in items:
        if "[virtuoso" not in item.nodeid:
            continue
        reason = VIRTUOSO_DIFFERENCES.get(item.name) or VIRTUOSO_DIFFERENCES.get(item.originalname or "")
        if reason:
            # raises: a query Virtuoso refuses is a failure, not the known wrong answer
            item.add_marker(pytest.mark.xfail(reason=f"Virtuoso: {reason}", strict=False, raises=AssertionError))
