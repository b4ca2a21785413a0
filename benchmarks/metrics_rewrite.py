"""Benchmark: peak memory and time of writing a network's metrics graph: first, unchanged and changed rewrites (issue 20).

Run: ``python benchmarks/metrics_rewrite.py STORE [--network actors]`` on a
*copy* of a store that holds the network's metrics (``innokg metrics --write``):
the store is written. The report written is the stored run read back
(:func:`kg.network.writeback.read_metrics`, no projection, so the figures are
the write's), with new times. Each case runs in a child process of its own, so
its peak resident memory (``VmHWM``) is the write's plus the report's, which is
printed apart ("report"):

1. ``unchanged``: the same values (a rewrite after ``innokg metrics --write``
   over unchanged data: only the run's times differ);
2. ``changed``: every non-zero double but the weighted degree scaled by
   ``1 + 1e-9`` (as after an import, where each node's betweenness and
   pagerank shift slightly): nearly every record differs;
3. ``first``: the graph dropped, then written (the bulk loader's path).

Each case checks that :func:`read_metrics` gives back exactly the values written.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime

from kg.network.registry import METRICS
from kg.network.report import MetricsReport
from kg.network.writeback import metrics_graph, read_metrics, stored_runs, write_metrics
from kg.store import OxigraphStore

CASES = ("unchanged", "changed", "first")
_DOUBLES = [key for key, metric in METRICS.items() if metric.datatype == "double" and key != "weighted_degree"]


def peak_kib() -> int:
    """The peak resident memory of this process (``VmHWM``), in KiB."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def stored_report(store: OxigraphStore, network: str, changed: bool) -> MetricsReport:
    """The stored run of ``network`` as a report with new times (its doubles shifted when ``changed``)."""
    run = stored_runs(store)[network]
    rows = read_metrics(store, network)
    if changed:
        for row in rows:
            for key in _DOUBLES:
                if row[key]:
                    row[key] *= 1 + 1e-9
    facts = {row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: row["o"].value for row in store.query(
        f"SELECT ?p ?o WHERE {{ GRAPH <{metrics_graph(network)}> {{ ?run a ik:MetricRun ; ?p ?o }} }}")
        if not row["p"].value.endswith("algorithm")}
    algorithms = dict(row["o"].value.split(": ", 1) for row in store.query(
        f"SELECT ?o WHERE {{ GRAPH <{metrics_graph(network)}> {{ ?run a ik:MetricRun ; ik:algorithm ?o }} }}"))
    parameters = {key: value for key, value in json.loads(facts["parameters"]).items() if key != "data_key"}
    bound = facts.get("samplingErrorBound")
    now = datetime.now(UTC)
    return MetricsReport(network, False, run.nodes, run.edges, rows, parameters, algorithms,
                         None if bound is None else float(bound), run.fingerprint, now, now)


def one_case(path: str, network: str, case: str) -> dict:
    """Run one case in this process; return its figures."""
    with OxigraphStore.open(path) as store:
        key = stored_runs(store)[network].data_key
        report = stored_report(store, network, case == "changed")
    if case == "first":  # dropped by a process of its own: its memory is not the write's
        drop = ("from kg.store import OxigraphStore as S\n"
                f"with S.open({path!r}) as s: s.drop_graph({metrics_graph(network)!r})")
        subprocess.run([sys.executable, "-c", drop], check=True)
    with OxigraphStore.open(path) as store:
        before = peak_kib()
        start = time.perf_counter()
        written = write_metrics(store, report, key=key)
        seconds = time.perf_counter() - start
        peak = peak_kib()
        back = read_metrics(store, network)
        expected = sorted(report.rows, key=lambda row: (row["rank"], row["node"]))
        same = back == [{key: row[key] for key in back[0]} for row in expected]
        quads = store.graph_sizes()[metrics_graph(network)]
    return {"case": case, "seconds": seconds, "report_mib": before / 1024, "peak_mib": peak / 1024,
            "written": written, "quads": quads, "reads_back": same}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="a copy of a store holding the network's metrics (it is written)")
    parser.add_argument("--network", default="actors")
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)  # one case, in a child process
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(one_case(args.store, args.network, args.case)))
        return 0
    print(f"{'case':<10} {'seconds':>8} {'peak MiB':>9} {'report MiB':>11} {'quads':>9}  reads back")
    for case in args.cases:
        out = subprocess.run([sys.executable, __file__, args.store, "--network", args.network, "--case", case],
                             check=True, capture_output=True, text=True).stdout
        row = json.loads(out.splitlines()[-1])
        print(f"{case:<10} {row['seconds']:>8.1f} {row['peak_mib']:>9.0f} {row['report_mib']:>11.0f} "
              f"{row['quads']:>9,}  {row['reads_back']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
