"""Benchmark: label search (``/api/search``, the header's search box) on a big store, uncached.

Opens a store read-only, builds the label index of its snapshot once (:mod:`kg.search_index`, with its
progress lines) and reports its build time, its size, the process's peak resident memory, then times
:func:`kg.entities.search_labels` (what ``/api/search`` answers) and the index's ``find`` alone on a fixed set of
queries and on a sample of substrings of the store's own labels (1 to 12 characters, with a few that match
nothing), each query run once: nothing caches a search's answer, so each timing is an uncached search.
Prints p50, p95 and the slowest. With ``--max-memory-mb``, the index has the budget ``innokg serve`` gives it
(:data:`kg.serve.threads.SEARCH_INDEX_SHARE` of it) and may be given up. Run:
``python benchmarks/search.py STORE [--sample N] [--max-memory-mb MB]`` (``seed``: the seed graph in memory; else e.g. the 1M-triple store
that ``innokg generate --scale 1M`` and ``innokg build`` make).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from array import array

from kg.entities import search_labels
from kg.labels import fold
from kg.search_index import label_index, limit_memory
from kg.serve.memory_cap import resident_bytes
from kg.store import OxigraphStore

GOAL = 0.2
QUERIES = ("上海", "beijing", "科技园", "univ", "a", "上", "中国科技", "shanghai university", "park", "-", "2025",
           "大学 university", "zzzq", "北京大学（", "gis")
MISSES = ("zzzq", "qxqx", "鑫鑫鑫", "xyz 中")


def index_bytes(value, seen=None) -> int:
    """The bytes an index holds in its ``bytes``, ``array`` and numpy arrays, however it nests them."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, array):
        return value.itemsize * len(value)
    if hasattr(value, "nbytes") and hasattr(value, "dtype"):
        return int(value.nbytes)
    if isinstance(value, (list, tuple)):
        return sum(index_bytes(item, seen) for item in value)
    if hasattr(value, "__dict__"):
        return sum(index_bytes(item, seen) for item in vars(value).values())
    return 0


def sample_queries(index, count: int, seed: int = 42) -> list[str]:
    """``count`` substrings of the index's folded labels (1 to 12 characters, at any place), and a few misses."""
    pick = random.Random(seed)
    text, starts = index._text, index._starts
    queries: list[str] = []
    while len(queries) < count - len(MISSES):
        entry = pick.randrange(len(starts))
        end = starts[entry + 1] - 1 if entry + 1 < len(starts) else len(text) - 1
        label = text[starts[entry]:end].decode("utf-8")
        size = pick.choice((1, 2, 3, 4, 6, 8, 12))
        start = pick.randrange(max(1, len(label) - size + 1))
        query = fold(label[start:start + size])
        if query and query not in queries:
            queries.append(query)
    return queries + list(MISSES)


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, max {ordered[-1] * 1000:.2f} ms"


def main(path: str, sample: int, max_memory_mb: int = 0) -> None:
    if path == "seed":
        from kg.build import build_memory

        store = build_memory()
    else:
        store = OxigraphStore.open(path, read_only=True)
    print(f"store: {len(store):,} quads; resident {resident_bytes() // 2**20:,} MB")
    if max_memory_mb:
        from kg.serve.threads import SEARCH_INDEX_SHARE

        limit_memory(int(SEARCH_INDEX_SHARE * max_memory_mb * 2**20))
    started = time.perf_counter()
    index = label_index(store, print)
    if index is None:
        print(f"no label index after {time.perf_counter() - started:.2f} s: peak resident "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:,} MB, now {resident_bytes() // 2**20:,} MB")
        return
    print(f"label index (once per snapshot, with the snapshot key): {time.perf_counter() - started:.2f} s, "
          f"{len(index):,} labels, {index_bytes(index) / 2**20:,.1f} MB "
          f"(labels folded {len(index._text) / 2**20:,.1f} MB); "
          f"peak resident {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:,} MB, "
          f"now {resident_bytes() // 2**20:,} MB")
    queries = list(QUERIES) + sample_queries(index, sample)
    whole, finds = [], []
    for number, q in enumerate(queries):
        started = time.perf_counter()
        hits = search_labels(store, q)["results"]
        whole.append(time.perf_counter() - started)
        started = time.perf_counter()
        index.find(fold(q), 20)
        finds.append(time.perf_counter() - started)
        if number < len(QUERIES):
            print(f"search {q!r}: {len(hits)} hits in {whole[-1]:.4f} s (find {finds[-1]:.4f} s; goal {GOAL} s)")
    print(f"{len(queries)} searches, each once: search_labels {percentiles(whole)}; index.find {percentiles(finds)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store")
    parser.add_argument("--sample", type=int, default=200, help="substrings of the store's labels to search for")
    parser.add_argument("--max-memory-mb", type=int, default=0, help="as innokg serve's (0: no budget)")
    arguments = parser.parse_args()
    main(arguments.store, arguments.sample, arguments.max_memory_mb)
