"""End to end on the real seed, through the installed ``innokg`` command.

This is what the README promises: build, the top-10 question, validate, export.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.paths import QUERIES_DIR, ROOT
from kg.saved_queries import load_saved_queries


def innokg(*args, store):
    env = {**os.environ, "INNOKG_STORE": str(store)}
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    store = tmp_path_factory.mktemp("seed") / "store"
    done = innokg("build", store=store)
    assert done.returncode == 0, done.stderr
    return store, done


def test_build_reports_progress_and_total(built):
    _, done = built
    assert "loading ontology/innokg.ttl" in done.stderr
    assert "loading data/seed/huanshangda.trig" in done.stderr
    assert re.search(r"built .*: 4\d{3} triples from 9 files in [\d.]+ s", done.stderr)


def test_build_twice_gives_the_same_graph(built):
    store, _ = built
    def quads():  # blank node labels differ between builds; everything else must not
        text = innokg("export", "--format", "nquads", store=store).stdout
        return sorted(re.sub(r"_:\w+", "_:b", text).splitlines())

    first = quads()
    assert innokg("build", store=store).returncode == 0
    assert quads() == first


def test_top10_file_prints_the_ten_cities_in_order(built):
    store, _ = built
    done = innokg("query", str(QUERIES_DIR / "top10-overall.rq"), "--format", "csv", store=store)
    assert done.returncode == 0, done.stderr
    cities = [line.split(",")[3] for line in done.stdout.splitlines()[1:]]
    assert cities == ["San Francisco Bay Area", "New York", "Beijing", "London", "Boston", "Paris",
                      "Tokyo", "Los Angeles", "Seoul", "Shanghai"]


def test_validate_exits_zero(built):
    store, _ = built
    done = innokg("validate", store=store)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "conforms" in done.stdout


def test_export_nquads_is_the_whole_graph_with_its_named_graphs(built):
    store, _ = built
    lines = innokg("export", "--format", "nquads", store=store).stdout.splitlines()
    stats = innokg("stats", store=store).stdout
    total = int(re.search(r"total: (\d+) triples in 11 named graphs", stats).group(1))
    assert len(lines) == total > 3000
    graphs = {line.rsplit(" ", 2)[-2] for line in lines}
    assert "<https://w3id.org/innokg/graph/huanshangda-story>" in graphs
    assert "<https://w3id.org/innokg/graph/ontology>" in graphs
    assert len(graphs) == 11


def test_query_syntax_error_is_one_line_with_its_position(built):
    """One error line, then the query's line with a caret under the column (issue 17)."""
    store, _ = built
    done = innokg("query", "SELECT ?x WHERE { ?x ?y }", store=store)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "innokg: error: SPARQL syntax error at line 1, column 26: expected one of LATERAL, SERVICE, [_]",
        "  SELECT ?x WHERE { ?x ?y }",
        "                           ^",
    ]


def test_every_saved_query_has_an_exact_answer_test():
    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    untested = [q.id for q in load_saved_queries() if f'"{q.id}"' not in tests]
    assert untested == []


def test_at_least_25_competency_questions():
    assert len([q for q in load_saved_queries() if "networks" not in q.path.parts]) >= 25
