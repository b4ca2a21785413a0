"""Benchmark: label search (``/api/search``, the header's search box) answers in under 0.2 s on a big store.

Opens a store read-only, builds the label index of its snapshot once (:mod:`kg.search_index`, with its
progress lines) and times :func:`kg.entities.search_labels` for a few queries, each run three times (the
best is printed). Run: ``python benchmarks/search.py STORE`` (e.g. the 1M-triple store that
``innokg generate --scale 1M`` and ``innokg build`` make).
"""

from __future__ import annotations

import sys
import time

from kg.entities import search_labels
from kg.search_index import label_index
from kg.store import OxigraphStore

GOAL = 0.2
QUERIES = ("上海", "beijing", "科技园", "univ", "a")


def main(path: str) -> None:
    store = OxigraphStore.open(path, read_only=True)
    print(f"store: {len(store):,} quads")
    started = time.perf_counter()
    label_index(store, print)
    print(f"label index (once per snapshot): {time.perf_counter() - started:.2f} s")
    for q in QUERIES:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            hits = search_labels(store, q)["results"]
            times.append(time.perf_counter() - started)
        print(f"search {q!r}: {len(hits)} hits in {min(times):.3f} s (goal {GOAL} s)")


if __name__ == "__main__":
    main(sys.argv[1])
