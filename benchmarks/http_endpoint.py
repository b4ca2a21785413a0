"""Benchmark: the saved queries over HTTP, ``innokg serve`` against ``oxigraph serve``.

Builds the seed store, loads the same quads into an Oxigraph store with the
``oxigraph`` CLI (``pip install oxigraph``), starts both servers on
127.0.0.1, and sends every saved query (parameters bound to their
defaults, the same text to both) with 1 and 16 concurrent clients. Prints
requests per second and median / 95th percentile latency side by side, for
innokg as it starts by default (a store this small copied into memory, and
an answer cache), without the cache (``--cache-mb 0``: every request
evaluated, as oxigraph serve does), and also from disk
(``--memory-max-quads 0``); oxigraph serve on disk (``--location``) and in
memory (no location, loaded over its Graph Store Protocol). Ratios compare
like with like, and innokg's default with oxigraph serve on disk.

    python benchmarks/http_endpoint.py                # 20 rounds of the saved queries per setting
    python benchmarks/http_endpoint.py --rounds 50 --workers 2 --max-query-ms 5000

Saved queries that take longer than ``--max-query-ms`` (100 ms by default)
in process are left out and named: they time the query engine, which both
servers share, not the HTTP service.

A script, not a test: every loop is bounded in count, and it only talks to
servers it started on this machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.namespaces import PREFIXES  # noqa: E402
from kg.saved_queries import load_saved_queries  # noqa: E402
from kg.sparql_text import bind_values  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(host: str, port: int, path: str, process: subprocess.Popen, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection(host, port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"server on port {port} did not answer within {limit} s")


def saved_query_texts() -> list[tuple[str, str]]:
    """Every saved query with its defaults bound, prefixes declared (oxigraph knows none)."""
    header = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
    texts = []
    for saved in load_saved_queries():
        if any(param.default is None for param in saved.params):
            continue
        bound = bind_values(saved.text, {param.name: param.to_term(param.default) for param in saved.params})
        texts.append((saved.id, header + bound))
    return texts


def run_clients(port: int, queries: list[tuple[str, str]], clients: int, rounds: int) -> dict:
    """Send ``rounds`` passes over ``queries``, split among ``clients`` threads with keep-alive connections."""
    jobs = [text for _ in range(rounds) for _, text in queries]
    shares = [jobs[index::clients] for index in range(clients)]
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(share: list[str]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        mine = []
        for text in share:
            body = urllib.parse.urlencode({"query": text})
            started = time.perf_counter()
            connection.request("POST", "/query" if port_is_oxigraph[port] else "/sparql", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
            answer = connection.getresponse()
            answer.read()
            mine.append(time.perf_counter() - started)
            if answer.status != 200:
                with lock:
                    failures.append(f"{answer.status}")
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "failures": failures,
    }


port_is_oxigraph: dict[int, bool] = {}
#: The innokg serve settings measured: as started by default, then without its speed-ups one by one.
INNOKG_SETTINGS = (
    ("innokg serve", ()),
    ("innokg serve, no cache", ("--cache-mb", "0")),
    ("innokg serve, no cache, from disk", ("--cache-mb", "0", "--memory-max-quads", "0")),
)
#: Ratios printed: (innokg setting, oxigraph setting) -- like with like, then the default against the issue's anchor.
RATIOS = (
    ("innokg serve", "oxigraph serve"),
    ("innokg serve, no cache", "oxigraph serve, in memory"),
    ("innokg serve, no cache, from disk", "oxigraph serve"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the saved queries per setting (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="innokg query workers (default 2)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16], help="concurrent clients (default: 1 16)")
    parser.add_argument("--max-query-ms", type=float, default=100.0,
                        help="leave out saved queries slower than this in process (default 100)")
    args = parser.parse_args(argv)

    oxigraph_cli = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(oxigraph_cli).exists():
        raise SystemExit("the oxigraph CLI is missing: pip install oxigraph")
    work = Path(tempfile.mkdtemp(prefix="innokg-bench-"))
    processes = []
    try:
        store = work / "innokg-store"
        build(store)
        dump = work / "seed.nq"
        with OxigraphStore.open(store, read_only=True) as opened:
            opened.export("nquads", dump)
        subprocess.run([oxigraph_cli, "load", "--location", str(work / "oxigraph-store"), "--file", str(dump)],
                       check=True, capture_output=True)

        log = open(work / "servers.log", "wb")
        servers = []  # (name, port, process)
        for name, options in INNOKG_SETTINGS:
            port = free_port()
            port_is_oxigraph[port] = False
            servers.append((name, port, subprocess.Popen(
                [sys.executable, "-m", "kg", "--store", str(store), "serve", "--port", str(port),
                 "--workers", str(args.workers), "--timeout", "600", "--log-level", "warning", *options],
                stdout=log, stderr=log, cwd=ROOT)))
        oxigraph_port = free_port()
        port_is_oxigraph[oxigraph_port] = True
        servers.append(("oxigraph serve", oxigraph_port, subprocess.Popen(
            [oxigraph_cli, "serve", "--location", str(work / "oxigraph-store"),
             "--bind", f"127.0.0.1:{oxigraph_port}", "--union-default-graph"], stdout=log, stderr=log)))
        memory_port = free_port()
        port_is_oxigraph[memory_port] = True
        servers.append(("oxigraph serve, in memory", memory_port, subprocess.Popen(
            [oxigraph_cli, "serve", "--bind", f"127.0.0.1:{memory_port}", "--union-default-graph"],
            stdout=log, stderr=log)))
        processes.extend(process for _, _, process in servers)
        for name, port, process in servers:
            wait_until_up("127.0.0.1", port, "/" if name.startswith("oxigraph") else "/health", process)
        load = http.client.HTTPConnection("127.0.0.1", memory_port, timeout=600)
        load.request("POST", "/store", body=dump.read_bytes(), headers={"Content-Type": "application/n-quads"})
        if load.getresponse().status >= 300:
            raise SystemExit("could not load the data into the in-memory oxigraph serve")

        queries, slow = [], []
        with OxigraphStore.open(store, read_only=True) as opened:
            for query_id, text in saved_query_texts():
                started = time.perf_counter()
                list(opened.query(text))
                took = (time.perf_counter() - started) * 1000
                (queries if took <= args.max_query_ms else slow).append((query_id, text, took))
        if slow:
            print("left out (slower than --max-query-ms in process): "
                  + ", ".join(f"{query_id} ({took:.0f} ms)" for query_id, _, took in slow))
        queries = [(query_id, text) for query_id, text, _ in queries]
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
              f"Python {platform.python_version()}")
        print(f"{len(queries)} saved queries x {args.rounds} rounds per setting; innokg serve with "
              f"{args.workers} server processes: as it starts by default (store copied to memory, answer "
              f"cache), without the cache, and from disk without the cache; oxigraph serve "
              f"--union-default-graph on disk and in memory\n")
        for _, port, _ in servers:  # warm up (and fill the cache)
            run_clients(port, queries, 1, 1)
        print(f"{'clients':>7}  {'server':<34}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
        for clients in args.clients:
            figures = {name: run_clients(port, queries, clients, args.rounds) for name, port, _ in servers}
            for name, measured in figures.items():
                print(f"{clients:>7}  {name:<34}{measured['rps']:>9.1f}{measured['p50']:>9.2f}{measured['p95']:>9.2f}"
                      + (f"   failures: {len(measured['failures'])}" if measured["failures"] else ""))
            for ours, reference in RATIOS:
                mine, theirs = figures[ours], figures[reference]
                print(f"{'':>7}  {ours + ' / ' + reference}:")
                print(f"{'':>7}  {'':<34}{mine['rps'] / theirs['rps']:>9.2f}{mine['p50'] / theirs['p50']:>9.2f}"
                      f"{mine['p95'] / theirs['p95']:>9.2f}   (targets: req/s >= 0.7, p50 <= 1.3)")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
