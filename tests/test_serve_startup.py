"""A server comes up over a store of any size: it answers from disk while each process copies the store into
memory in the background, says so in one line and how long the copy took, and no process is restarted."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest

from http_server import running_server
from kg.build import build
from kg.generate import generate_file
from kg.serve.memory_cap import resident_bytes
from kg.serve.memory_copy import MemoryCopy
from kg.serve.threads import ThreadRunner
from kg.store import OxigraphStore

#: Beijing's first three rows of city-dimension-profile (2025): seed facts, which the generated ones leave alone.
BEIJING = [["overall ranking", 3], ["global agglomeration of innovation factors", 11],
           ["global leadership as a scientific research centre", 1]]


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory) -> tuple[Path, int]:
    """The seed and a generated 100k-triple ecosystem (seed 42) in one compacted on-disk store, and its quads."""
    folder = tmp_path_factory.mktemp("generated")
    generate_file(folder / "eco.nq", 100_000, seed=42)
    build(folder / "store")
    with OxigraphStore.open(folder / "store") as store:
        store.bulk_load(folder / "eco.nq")
        store.optimize()
        quads = len(store)
    return folder / "store", quads


def _beijing(rows: list[dict]) -> list[list]:
    return [[row["dimension_en"], row["rank"]] for row in rows[:3]]


def _beijing_over_http(url: str) -> list[list]:
    answer = httpx.get(url + "/api/queries/city-dimension-profile.json", timeout=60)
    assert answer.status_code == 200, answer.text
    return _beijing(answer.json()["rows"])


def test_a_process_answers_from_disk_while_it_copies_the_store_then_from_memory(generated_store):
    path, quads = generated_store
    runner = ThreadRunner(path, memory_max_quads=2_000_000, on_runaway=lambda: None)
    runner.start()
    try:
        assert runner.store.path is not None  # up at once, on the disk store
        assert _beijing(runner.run("saved_query", query_id="city-dimension-profile")["rows"]) == BEIJING
        runner.wait_for_memory_copy(120)
        assert runner.store.path is None  # the copy is made: from memory now
        assert runner.triples() == quads
        assert _beijing(runner.run("saved_query", query_id="city-dimension-profile")["rows"]) == BEIJING
    finally:
        runner.close()


def test_the_server_comes_up_with_the_memory_copy_on_and_says_what_it_does(generated_store, tmp_path):
    path, quads = generated_store
    with running_server(path, "--workers", "2", "--memory-max-quads", "2000000", log_dir=tmp_path) as server:
        assert _beijing_over_http(server.url) == BEIJING  # answered as soon as the processes are up
        log = server.log
        for _ in range(1200):  # both copies done: at most 120 s
            if log.read_text().count("answering from memory") == 2:
                break
            time.sleep(0.1)
        assert _beijing_over_http(server.url) == BEIJING
        health = httpx.get(server.url + "/health", timeout=30).json()
        assert health == {"status": "ok", "triples": quads}
        text = log.read_text()
    started = re.findall(rf"server process \d+: answering from disk while {quads:,} quads are copied into memory",
                         text)
    done = re.findall(rf"server process \d+: answering from memory: {quads:,} quads counted and copied in "
                      r"[0-9.]+ s", text)
    assert (len(started), len(done)) == (2, 2), text
    assert "died" not in text and text.count("Started server process") == 2, text


def test_a_copy_that_would_pass_the_memory_cap_is_not_made(generated_store):
    path, quads = generated_store
    cap = resident_bytes()  # already past half of it
    lines, copied = [], []
    with OxigraphStore.open(path, read_only=True) as store:
        copy = MemoryCopy(store, 2_000_000, lambda count: None, copied.append, max_bytes=cap, say=lines.append)
        copy.start()
        copy.join(60)
    assert copied == []
    assert lines == [f"answering from disk: a copy of its {quads:,} quads in memory would take this process near "
                     f"half of --max-memory-mb {cap // 2**20} (raise it to serve from memory)"]


def test_the_search_index_sorts_its_labels_in_runs_so_a_process_answers_its_health_check(monkeypatch):
    """One ``sorted`` over a 10M-triple store's 3.1M labels held Python's lock 9-11 s, past the supervisor's
    5 s health check, which killed the process right after start-up; the labels are now sorted in runs."""
    import random

    from kg import search_index

    random.seed(20)
    rows = [(f"http://e/{i}", random.random() < 0.3, "".join(random.choices("abc上海", k=random.randint(1, 6))))
            for i in range(3000)]
    whole = search_index.LabelIndex(rows)
    runs = []
    sort = search_index._sorted
    monkeypatch.setattr(search_index, "_sorted", lambda items: runs.append(1) or sort(items, run=100))
    in_runs = search_index.LabelIndex(rows)
    assert runs == [1, 1]  # the IRIs, then the labels (issue 20)
    assert (in_runs._text, in_runs._iris, in_runs._labels) == (whole._text, whole._iris, whole._labels)
    assert [in_runs.find(text, 20) for text in ("a", "上海", "cab")] == [whole.find(text, 20) for text in ("a", "上海", "cab")]
    assert sort(list(range(1000, 0, -1)), run=7) == list(range(1, 1001))
