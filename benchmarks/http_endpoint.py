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
    python benchmarks/http_endpoint.py --store /tmp/innokg-1m/store --max-query-ms 10000 --rounds 3 --clients 16 \
        --only top10-overall city-dimension-profile ... bounded-facts fact-graphs pipeline-gaps

With ``--store`` an existing on-disk store (say a 1M-triple generated one) is
served as it is, read-only, by innokg serve and by ``oxigraph
serve-read-only`` over the same files (no in-memory oxigraph). The mix
then holds lookups (saved queries under ``--cheap-ms`` in process, 100 ms by
default) and listings (slower ones up to ``--max-query-ms``); besides the
totals, the median latency of the cheap lookups under that mix is printed
per server, top10-overall's on its own line: cheap questions must not wait
behind heavy ones (issue 20). innokg serve is measured once its processes
have copied the store into memory (it answers from disk until then).

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
    jobs = [(query_id, text) for _ in range(rounds) for query_id, text in queries]
    shares = [jobs[index::clients] for index in range(clients)]
    latencies: list[float] = []
    by_query: dict[str, list[float]] = {}
    failures: list[str] = []
    lock = threading.Lock()

    def client(share: list[tuple[str, str]]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        mine = []
        for query_id, text in share:
            body = urllib.parse.urlencode({"query": text})
            started = time.perf_counter()
            connection.request("POST", "/query" if port_is_oxigraph[port] else "/sparql", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
            answer = connection.getresponse()
            answer.read()
            mine.append((query_id, time.perf_counter() - started))
            if answer.status != 200:
                with lock:
                    failures.append(f"{answer.status}")
        connection.close()
        with lock:
            latencies.extend(took for _, took in mine)
            for query_id, took in mine:
                by_query.setdefault(query_id, []).append(took)

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
        "by_query": by_query,
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
    ("innokg serve, no cache", "oxigraph serve"),
    ("innokg serve, no cache, from disk", "oxigraph serve"),
)
#: The innokg serve settings measured over a store given with --store (oxigraph serves it from disk only).
STORE_SETTINGS = ("innokg serve", "innokg serve, no cache")


def wait_until_in_memory(log: Path, processes: int, limit: float = 600) -> float:
    """Wait until ``processes`` innokg server processes say they answer from memory; return the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        text = log.read_text(errors="replace")
        if text.count("answering from memory") >= processes or "answering from disk:" in text:
            return time.monotonic() - started
        time.sleep(0.5)
    raise SystemExit(f"innokg serve did not copy its store into memory within {limit:g} s (see {log})")


def start_servers(args, work: Path, oxigraph_cli: str) -> tuple[Path, list, bytes | None]:
    """Start the servers measured; return the innokg store, ``(name, port, process, log)`` and the seed dump."""
    servers = []
    if args.store:
        store, dump = Path(args.store), None
        settings = [setting for setting in INNOKG_SETTINGS if setting[0] in STORE_SETTINGS]
    else:
        store = work / "innokg-store"
        build(store)
        dump_path = work / "seed.nq"
        with OxigraphStore.open(store, read_only=True) as opened:
            opened.export("nquads", dump_path)
        subprocess.run([oxigraph_cli, "load", "--location", str(work / "oxigraph-store"), "--file", str(dump_path)],
                       check=True, capture_output=True)
        dump, settings = dump_path.read_bytes(), INNOKG_SETTINGS
    for name, options in settings:
        port = free_port()
        port_is_oxigraph[port] = False
        log = work / f"innokg-{port}.log"
        servers.append((name, port, subprocess.Popen(
            [sys.executable, "-m", "kg", "--store", str(store), "serve", "--port", str(port),
             "--workers", str(args.workers), "--timeout", str(args.timeout), "--log-level", "warning", *options],
            stdout=open(log, "wb"), stderr=subprocess.STDOUT, cwd=ROOT), log))
    oxigraph_log = open(work / "oxigraph.log", "wb")
    port = free_port()
    port_is_oxigraph[port] = True
    command = (["serve-read-only", "--location", str(store)] if args.store
               else ["serve", "--location", str(work / "oxigraph-store")])
    servers.append(("oxigraph serve", port, subprocess.Popen(
        [oxigraph_cli, *command, "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=oxigraph_log, stderr=oxigraph_log), None))
    if not args.store:
        port = free_port()
        port_is_oxigraph[port] = True
        servers.append(("oxigraph serve, in memory", port, subprocess.Popen(
            [oxigraph_cli, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=oxigraph_log, stderr=oxigraph_log), None))
    return store, servers, dump


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the saved queries per setting (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="innokg query workers (default 2)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16], help="concurrent clients (default: 1 16)")
    parser.add_argument("--max-query-ms", type=float, default=100.0,
                        help="leave out saved queries slower than this in process (default 100)")
    parser.add_argument("--store", metavar="PATH", help="serve this on-disk store (read-only) instead of the seed")
    parser.add_argument("--cheap-ms", type=float, default=100.0,
                        help="saved queries under this in process are the cheap lookups reported apart (default 100)")
    parser.add_argument("--timeout", type=float, default=600.0, help="innokg serve --timeout (default 600)")
    parser.add_argument("--only", nargs="+", metavar="ID", help="only these saved queries (the others are not timed)")
    args = parser.parse_args(argv)

    oxigraph_cli = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(oxigraph_cli).exists():
        raise SystemExit("the oxigraph CLI is missing: pip install oxigraph")
    work = Path(tempfile.mkdtemp(prefix="innokg-bench-"))
    servers = []
    try:
        store, servers, dump = start_servers(args, work, oxigraph_cli)
        for name, port, process, _ in servers:
            wait_until_up("127.0.0.1", port, "/" if name.startswith("oxigraph") else "/health", process)
        for name, port, process, log in servers:
            if log is not None and "from disk" not in name:
                print(f"{name}: up, then copied into memory {wait_until_in_memory(log, args.workers):.1f} s later")
        if dump is not None:
            memory_port = next(port for name, port, _, _ in servers if name == "oxigraph serve, in memory")
            load = http.client.HTTPConnection("127.0.0.1", memory_port, timeout=600)
            load.request("POST", "/store", body=dump, headers={"Content-Type": "application/n-quads"})
            if load.getresponse().status >= 300:
                raise SystemExit("could not load the data into the in-memory oxigraph serve")

        queries, slow, in_process = [], [], {}
        with OxigraphStore.open(store, read_only=True) as opened:
            for query_id, text in saved_query_texts():
                if args.only and query_id not in args.only:
                    continue
                started = time.perf_counter()
                list(opened.query(text))
                took = (time.perf_counter() - started) * 1000
                in_process[query_id] = took
                (queries if took <= args.max_query_ms else slow).append((query_id, text, took))
        if slow:
            print("left out (slower than --max-query-ms in process): "
                  + ", ".join(f"{query_id} ({took:.0f} ms)" for query_id, _, took in slow))
        queries = [(query_id, text) for query_id, text, _ in queries]
        cheap = [query_id for query_id, _ in queries if in_process[query_id] < args.cheap_ms]
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
              f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f}")
        print(f"{len(queries)} saved queries ({len(cheap)} cheap lookups under {args.cheap_ms:g} ms in process, "
              f"{len(queries) - len(cheap)} listings) x {args.rounds} rounds per setting over "
              f"{'the seed' if not args.store else store}; innokg serve with {args.workers} server processes, "
              f"--timeout {args.timeout:g}: " + ", ".join(name for name, *_ in servers) + "\n")
        for _, port, _, _ in servers:  # warm up (and fill the cache)
            run_clients(port, queries, 1, 1)
        print(f"{'clients':>7}  {'server':<34}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'cheap p50':>11}{'top10 p50':>11}")
        for clients in args.clients:
            figures = {name: run_clients(port, queries, clients, args.rounds) for name, port, _, _ in servers}
            for name, measured in figures.items():
                cheap_times = [took for query_id in cheap for took in measured["by_query"].get(query_id, [])]
                top10 = measured["by_query"].get("top10-overall", [])
                measured["cheap_p50"] = statistics.median(cheap_times) * 1000 if cheap_times else float("nan")
                measured["top10_p50"] = statistics.median(top10) * 1000 if top10 else float("nan")
                print(f"{clients:>7}  {name:<34}{measured['rps']:>9.1f}{measured['p50']:>9.2f}{measured['p95']:>9.2f}"
                      f"{measured['cheap_p50']:>11.2f}{measured['top10_p50']:>11.2f}"
                      + (f"   failures: {len(measured['failures'])} ({', '.join(sorted(set(measured['failures'])))})"
                         if measured["failures"] else ""))
            for ours, reference in RATIOS:
                if ours not in figures or reference not in figures:
                    continue
                mine, theirs = figures[ours], figures[reference]
                print(f"{'':>7}  {ours + ' / ' + reference}:")
                print(f"{'':>7}  {'':<34}{mine['rps'] / theirs['rps']:>9.2f}{mine['p50'] / theirs['p50']:>9.2f}"
                      f"{mine['p95'] / theirs['p95']:>9.2f}{mine['cheap_p50'] / theirs['cheap_p50']:>11.2f}"
                      f"{mine['top10_p50'] / theirs['top10_p50']:>11.2f}"
                      "   (targets: req/s >= 0.7, p50 <= 1.3; cheap lookups' p50 near oxigraph's)")
    finally:
        for _, _, process, _ in servers:
            process.terminate()
        for _, _, process, _ in servers:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
