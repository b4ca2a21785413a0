"""Benchmark: building the seed graph, next to its anchors.

Prints the time ``kg.build.build`` takes to build the on-disk store from
ontology/ + data/seed/ (median of several runs), next to raw pyoxigraph
``bulk_load`` of the same files into a fresh store and rdflib parsing them, and
the target the foundation issue names (under 2 s).

Run: ``.venv/bin/python benchmarks/build_seed.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.build import build, source_files
from kg.formats import format_for_path

TARGET_SECONDS = 2.0


def timed(action, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def innokg_build(folder: Path):
    counter = iter(range(10**6))
    return lambda: build(folder / f"store-{next(counter)}")


def raw_bulk_load(folder: Path):
    files = source_files()
    counter = iter(range(10**6))

    def load():
        store = ox.Store(str(folder / f"raw-{next(counter)}"))
        for path, graph in files:
            store.bulk_load(path=str(path), format=format_for_path(path),
                            to_graph=ox.NamedNode(graph) if graph else None)
        store.flush()
    return load


def rdflib_parse():
    files = source_files()

    def parse():
        dataset = rdflib.Dataset()
        for path, _ in files:
            dataset.parse(path, format="trig" if path.suffix == ".trig" else "turtle")
    return parse


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [
            ("innokg build (atomic, on disk)", timed(innokg_build(folder), args.runs)),
            ("raw pyoxigraph bulk_load (on disk)", timed(raw_bulk_load(folder), args.runs)),
            ("rdflib parse (in memory)", timed(rdflib_parse(), args.runs)),
        ]
    triples = build(Path(tempfile.mkdtemp()) / "count").triples
    print(f"seed graph: {triples} triples, median of {args.runs} runs")
    print(f"{'what':40} {'seconds':>8} {'triples/s':>12}  vs target < {TARGET_SECONDS} s")
    for name, seconds in rows:
        verdict = "" if not name.startswith("innokg") else ("meets" if seconds < TARGET_SECONDS else "MISSES")
        print(f"{name:40} {seconds:8.3f} {triples / seconds:12,.0f}  {verdict}")


if __name__ == "__main__":
    main()
