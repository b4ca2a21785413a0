"""Benchmark: every page and view of ``innokg serve``, cold and warm, in Chromium: time to the load event (issue 20).

For each store given (default: the seed, built into a temporary folder):

1. the one-time precomputation of the store's snapshot (``innokg viz prepare``;
   skipped when already prepared, as ``innokg metrics --network all --write``
   does it), timed and reported apart;
2. ``innokg --store STORE serve --port P`` as a user starts it (default
   ``--timeout``), waited for on ``/health``, then (unless ``--no-settle``)
   until its processes have done their start-up work (the copy into memory,
   the warm-up, the search index), timed and reported apart;
3. each page and view opened in a fresh Chromium context (cold: the server
   never rendered it, the browser never cached it), then again in the same
   context (warm), timed from navigation start to the load event
   (``performance`` navigation timing) and printed beside the 2 s goal, with
   the HTTP status and the load average: a 422 (timeout) or 503 is a failure of the run.
   A page that draws after its load event (a network view, the map) is timed
   to the end of its drawing (its section's ``data-ready``), when a user can use it.

Run: ``python benchmarks/pages.py [--store PATH ...] [--json out.json]``. The
stores are only read (``innokg metrics --write`` is the user's step: without
it the hubs pages say the metrics are not written).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from http_endpoint import free_port  # this folder is on the path when run as a script
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

GOAL = 2.0
IK = "https://w3id.org/innokg/ont#"
ID = "https://w3id.org/innokg/id/"


def _sparql(base: str, query: str) -> list[dict]:
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.load(answer)["results"]["bindings"]


def _first(base: str, query: str, default: str) -> str:
    rows = _sparql(base, query)
    return rows[0]["x"]["value"] if rows else default


def _pages(base: str) -> list[tuple[str, str]]:
    """(name, path) of every page and view, with entities chosen from the store."""
    park = _first(base, f"SELECT ?x WHERE {{ ?x a <{IK}SciencePark> }} ORDER BY ?x LIMIT 1",
                  ID + "org/huanshangda-science-park")
    city = ID + "city/shanghai"
    hub = _first(base, f"SELECT ?x WHERE {{ GRAPH <https://w3id.org/innokg/graph/metrics/actors> "
                       f"{{ ?s <{IK}hubRank> 1 ; <{IK}scoreOf> ?x }} }}", ID + "person/li-yuyang")
    university = _first(base, f"SELECT ?x WHERE {{ ?p <{IK}coBuiltBy> ?x . ?x a <{IK}University> }} ORDER BY ?x "
                              "LIMIT 1", ID + "org/shanghai-university")

    def q(path: str, **args) -> str:
        return path + ("?" + urllib.parse.urlencode(args) if args else "")

    return [
        ("home", "/"), ("entity: a park", q("/entity", iri=park)), ("entity: a city", q("/entity", iri=city)),
        ("entity: the top hub", q("/entity", iri=hub)),
        ("hubs: actors", "/hubs"), ("hubs: cities", q("/hubs", network="cities")),
        ("hubs: funding", q("/hubs", network="funding")), ("hubs: tech-transfer", q("/hubs", network="tech-transfer")),
        ("chain explorer", q("/chain", **{"from": university})), ("funding", "/funding"), ("coverage", "/coverage"),
        ("view: ecosystem", "/views/ecosystem"), ("view: a community", q("/views/ecosystem", community=1)),
        ("view: ego of a park", q("/views/ego", entity=park)), ("view: chain", q("/views/chain", **{"from": university})),
        ("view: ranking", "/views/ranking"), ("saved queries", "/queries"), ("query editor", "/query"),
        ("saved query: top10-overall", "/queries/top10-overall"), ("map", "/map"),
        ("search: 上海", q("/search", q="上海")), ("API docs (Swagger UI)", "/docs"), ("API docs (ReDoc)", "/redoc"),
    ]


#: A page that draws after its load event (a network view, the map) marks its section ``data-ready`` when drawn.
DRAWN = "section.ikv, section.ikm"


def _load_seconds(page) -> float:
    """Seconds from navigation start to the load event, or to the drawing's end on a page that draws after it."""
    timing = page.evaluate("() => { const t = performance.getEntriesByType('navigation')[0]; "
                           "return [t.startTime, t.loadEventEnd]; }")
    if page.query_selector(DRAWN) is not None:
        page.wait_for_selector("section[data-ready=true]", timeout=180_000)
        return (page.evaluate("() => performance.now()") - timing[0]) / 1000
    return (timing[1] - timing[0]) / 1000


def _visit(context, url: str) -> tuple[int, float]:
    """(HTTP status, seconds to the load event); status 0 when no answer came (the time is then the wall time)."""
    page = context.new_page()
    started = time.perf_counter()
    try:
        response = page.goto(url, wait_until="load", timeout=180_000)
    except PlaywrightError as error:  # no answer at all: counted as a failure of the run
        print(f"    no answer for {url}: {str(error).splitlines()[0]}")
        page.close()
        return 0, time.perf_counter() - started
    wall = time.perf_counter() - started
    seconds = _load_seconds(page) or wall
    status = response.status if response else 0
    page.close()
    return status, seconds


def _prepared(store: Path) -> bool:
    from kg.store import OxigraphStore
    from kg.views.snapshot import is_small, prepared

    with OxigraphStore.open(store, read_only=True) as opened:
        return not is_small(opened) and prepared(opened) is not None


def _prepare(store: Path) -> float | None:
    if _prepared(store):
        print("  the store's snapshot is prepared already")
        return None
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kg", "--store", str(store), "viz", "prepare"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"  prepare failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    return time.perf_counter() - started


#: Lines a server process writes when a part of its start-up work is done (kg.serve.memory_copy, kg.serve.warm,
#: kg.search_index); one of each a process, the copy only when the store is copied into memory.
_DONE = {"copy": ("quads counted and copied in",), "warm": ("warmed up for the first page",),
         "search": ("search index: indexed", "the labels are not indexed", "could not index the labels")}


def _settled(log: Path, started: float, limit: float = 900.0) -> float:
    """Wait until each server process has done its start-up work (or ``limit`` s passed); the seconds since start."""
    while time.perf_counter() - started < limit:
        text = log.read_text(errors="replace")
        processes = text.count("Started server process")
        copying = text.count("quads are copied into memory")
        done = {part: sum(text.count(line) for line in lines) for part, lines in _DONE.items()}
        if processes and done["warm"] >= processes and done["search"] >= processes and done["copy"] >= copying:
            break
        time.sleep(0.5)
    return time.perf_counter() - started


def bench_store(label: str, store: Path, browser, prepare: bool = True, options: tuple[str, ...] = (),
                settle: bool = True) -> list[dict]:
    print(f"\n== {label}: {store}")
    if prepare:
        seconds = _prepare(store)
        if seconds is not None:
            print(f"  one-time precomputation (innokg viz prepare): {seconds:.1f} s")
    port = free_port()
    with tempfile.NamedTemporaryFile(prefix="serve-", suffix=".log", delete=False) as log:  # the server writes it
        server = subprocess.Popen([sys.executable, "-m", "kg", "--store", str(store), "serve", "--port", str(port),
                                   *options], stdout=log, stderr=subprocess.STDOUT)
    if options:
        print(f"  serve {' '.join(options)}")
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        started = time.perf_counter()
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"innokg serve exited: {Path(log.name).read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(base + "/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
            if time.perf_counter() - started > 300:
                raise RuntimeError("innokg serve did not answer /health within 300 s")
        print(f"  server up in {time.perf_counter() - started:.1f} s")
        if settle:
            print(f"  its processes' start-up work done in {_settled(Path(log.name), started):.1f} s "
                  "(copy into memory, warm-up, search index)")
        print(f"  {'page':<28} {'status':>6} {'cold s':>8} {'warm s':>8}  goal {GOAL:g} s, load average (1 min)")
        for name, path in _pages(base):
            context = browser.new_context()
            status, cold = _visit(context, base + path)
            warm_status, warm = _visit(context, base + path)
            context.close()
            met = "ok" if status == 200 and warm_status == 200 and cold <= GOAL and warm <= GOAL else "MISSED"
            load = os.getloadavg()[0]
            print(f"  {name:<28} {status:>6} {cold:>8.2f} {warm:>8.2f}  {met:<6} load {load:.1f}", flush=True)
            results.append({"store": label, "page": name, "path": path, "status": status, "warm_status": warm_status,
                            "cold": round(cold, 3), "warm": round(warm, 3), "load": round(load, 2)})
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    failed = [r for r in results if r["status"] in (422, 503) or r["warm_status"] in (422, 503)]
    print(f"  {sum(r['cold'] <= GOAL and r['status'] == 200 for r in results)}/{len(results)} pages under "
          f"{GOAL:g} s cold; 422/503 answers: {len(failed)}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", action="append", default=[], metavar="[LABEL=]PATH",
                        help="a store to serve (default: the seed, built in a temporary folder)")
    parser.add_argument("--no-prepare", action="store_true", help="do not run `innokg viz prepare` first")
    parser.add_argument("--no-settle", action="store_true",
                        help="time the pages as soon as the server answers, while its processes still copy the "
                             "store into memory, warm up and index the labels (default: after that, reported apart)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--serve-option", action="append", default=[], metavar="OPTION",
                        help="pass OPTION to `innokg serve` (e.g. --serve-option=--memory-max-quads=0)")
    args = parser.parse_args(argv)
    stores = []
    folder = tempfile.TemporaryDirectory()
    if not args.store:
        from kg.build import build

        seed = Path(folder.name) / "seed"
        build(seed)
        stores.append(("seed", seed))
    for item in args.store:
        label, _, path = item.rpartition("=")
        stores.append((label or Path(path).name, Path(path)))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--disable-background-networking"])
        for label, path in stores:
            results += bench_store(label, path, browser, not args.no_prepare, tuple(args.serve_option),
                                   not args.no_settle)
        browser.close()
    folder.cleanup()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0 if all(r["status"] == 200 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
