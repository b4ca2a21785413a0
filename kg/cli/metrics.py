"""The ``innokg metrics`` command: compute network metrics, print them, write them back.

::

    innokg metrics                                   # actors network, top 20, as a table
    innokg metrics --network tech-transfer --top 5 --format csv
    innokg metrics --network tech-transfer --write   # also store them in graph/metrics/tech-transfer
    innokg metrics --network all --write             # every network, then prepare the pages (once a snapshot)
    innokg metrics --list                            # networks, sizes, and whether stored metrics are stale
"""

from __future__ import annotations

import argparse
import sys

from kg.cli.support import positive_int as _positive, seconds as _seconds
from kg.errors import InnokgError
from kg.network.limits import BUDGET, EXACT_LIMIT, SAMPLES, SAMPLING_TIMES, TOP_K
from kg.network.registry import METRICS

__all__ = ["add_metrics_command", "measures_epilog", "run_metrics"]

_FORMATS = ("table", "csv", "json")


def add_metrics_command(commands, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Register ``metrics`` on the ``innokg`` sub-command parsers.

    Examples
    --------
    >>> from kg.cli.main import build_parser
    >>> args = build_parser().parse_args(["metrics", "--network", "funding", "--top", "3", "--write"])
    >>> args.network, args.top, args.write, args.format
    ('funding', 3, True, 'table')
    """
    metrics = commands.add_parser("metrics", parents=[common],
                                  help="centrality, brokerage and hub scores of a network projection",
                                  epilog=measures_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    metrics.add_argument("-n", "--network", default="actors", metavar="NAME",
                         help="a network of queries/networks/, or all (default: actors)")
    metrics.add_argument("--top", type=_positive, default=20, metavar="N", help="rows to print (default: 20)")
    metrics.add_argument("-f", "--format", choices=_FORMATS, default="table", help="output format (default: table)")
    metrics.add_argument("--write", action="store_true",
                         help="store the results with provenance in graph/metrics/NAME, then prepare what the "
                              "pages of this store's snapshot read (`innokg viz prepare`), with progress")
    metrics.add_argument("--no-prepare", action="store_true",
                         help="with --write: leave the pages' data unprepared (run `innokg viz prepare` later)")
    metrics.add_argument("--list", action="store_true", help="list the networks and whether stored metrics are stale")
    metrics.add_argument("--engine", choices=("auto", "igraph", "networkx"), default="auto",
                         help="betweenness, closeness and k-core engine (default: igraph when installed)")
    metrics.add_argument("--time-budget", type=_seconds, default=BUDGET, metavar="SECONDS",
                         help=f"betweenness is exact when it fits in SECONDS, else sampled until the top-{TOP_K} "
                              f"order is stable (for at most {SAMPLING_TIMES} times SECONDS more), and the output "
                              f"says which (default: {BUDGET:g})")
    metrics.add_argument("--exact-limit", type=_positive, default=EXACT_LIMIT, metavar="N",
                         help=f"harmonic closeness is exact up to N nodes (default: {EXACT_LIMIT})")
    metrics.add_argument("--samples", type=_positive, default=SAMPLES, metavar="K",
                         help=f"sources harmonic closeness samples above the exact limit (default: {SAMPLES})")
    metrics.add_argument("--seed", type=int, default=0, help="random seed of the sampling (default: 0)")
    metrics.set_defaults(handler=run_metrics)
    return metrics


def measures_epilog() -> str:
    """The measures of a row (CSV and JSON columns, ``--write`` properties), from the metric registry.

    Examples
    --------
    >>> print(measures_epilog().splitlines()[0])
    measures (column: ontology property, definition):
    >>> print(measures_epilog().splitlines()[6])
      betweenness: ik:betweenness, The normalized share of shortest paths between other nodes that pass through the node.
    """
    lines = ["measures (column: ontology property, definition):"]
    lines += [f"  {metric.key}: ik:{metric.prop}, {metric.description}" for metric in METRICS.values()]
    return "\n".join(lines)


def run_metrics(args: argparse.Namespace) -> int:
    """Handle ``innokg metrics``; return the exit status."""
    from kg.cli.support import open_store as _open_store, write as _write
    from kg.network.projection import find_network, list_networks, project
    from kg.network.report import compute_metrics
    from kg.network.writeback import data_key, metrics_graph, staleness, stored_runs, write_metrics
    from kg.results import text_table

    directory = _networks_dir(args)
    if args.list:
        with _open_store(args) as store:
            runs = stored_runs(store)
            rows = []
            for network in list_networks(directory):
                graph = project(store, network)
                run = runs.get(network.name)
                rows.append([network.name, network.title, str(graph.number_of_nodes()), str(graph.number_of_edges()),
                             staleness(store, network), run.ended if run else ""])
        _write(text_table(["network", "title", "nodes", "edges", "metrics", "computed"], rows)
               + f"\n({len(rows)} networks)")
        return 0
    if args.network == "all" and args.format == "csv":
        raise InnokgError("--network all prints a table or JSON for each network; CSV takes one network (-n NAME)")
    networks = list_networks(directory) if args.network == "all" else [find_network(args.network, directory)]
    if args.engine == "igraph":
        from kg.network.metrics import has_igraph

        if not has_igraph():
            raise InnokgError("--engine igraph needs the igraph package: pip install 'innokg[fast]'")
    from contextlib import nullcontext

    from kg.cli.support import store_target
    from kg.store.lock import hold_store

    holding = (hold_store(store_target(args), command="innokg metrics --write", wait=getattr(args, "wait", None))
               if args.write else nullcontext())
    from kg.network.progress import step, stderr_lines

    outputs = []
    with holding, _open_store(args, read_only=not args.write) as store:
        key = step("counting the data outside the metrics graphs", lambda: data_key(store),
                   stderr_lines("innokg metrics: ")) if args.write else None
        for network in networks:
            progress = stderr_lines(f"innokg metrics {network.name}: ")
            graph = step("projecting the network", lambda: project(store, network), progress)
            progress(f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges")
            report = compute_metrics(graph, exact_limit=args.exact_limit, samples=args.samples, seed=args.seed,
                                     engine=args.engine, budget=args.time_budget, top_k=TOP_K, progress=progress)
            progress(f"betweenness {report.parameters['betweenness_run']}")
            if args.write:
                written = step("writing the scores", lambda: write_metrics(store, report, network, key), progress)
                print(f"wrote {written} triples to <{metrics_graph(network.name)}>", file=sys.stderr)
            output = {"table": report.table, "csv": report.csv, "json": report.json}[args.format](args.top)
            outputs.append(f"{network.name}:\n{output}" if len(networks) > 1 and args.format == "table" else output)
        if args.write and not args.no_prepare:
            from kg.views.snapshot import prepare

            prepare(store, stderr_lines("innokg metrics: "))
    _write("[" + ",\n".join(outputs) + "]" if args.format == "json" and len(networks) > 1 else "\n\n".join(outputs))
    return 0


def _networks_dir(args: argparse.Namespace):
    from pathlib import Path

    if getattr(args, "queries", None):
        return Path(args.queries) / "networks"
    from kg.network.projection import NETWORKS_DIR

    return NETWORKS_DIR
