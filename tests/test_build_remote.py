"""``innokg build --store http://...`` against a real ``oxigraph serve``."""

from __future__ import annotations

import pytest

from kg.build import build_memory
from kg.cli.main import main
from kg.namespaces import ONTOLOGY_GRAPH
from remote_servers import start_oxigraph

IMPORTS = "http://example.org/graph/my-import"


@pytest.fixture
def engine():
    server = start_oxigraph()
    yield server
    server.stop()


def test_build_replaces_its_graphs_and_keeps_the_others(engine, capsys):
    store = engine.store()
    store.update(f"INSERT DATA {{ GRAPH <{IMPORTS}> {{ <http://e/a> <http://e/p> 1 }}"
                 f" GRAPH <{ONTOLOGY_GRAPH}> {{ <http://e/stale> <http://e/p> 2 }} }}")
    expected = build_memory().graph_sizes()
    assert main(["--store", engine.query_url, "build"]) == 0
    assert store.graph_sizes() == {**expected, IMPORTS: 1}
    assert not bool(store.query("ASK { <http://e/stale> ?p ?o }"))
    assert f"kept {IMPORTS} … 1 triples" in capsys.readouterr().err
    assert main(["--store", engine.query_url, "build"]) == 0  # twice: the same graphs
    assert store.graph_sizes() == {**expected, IMPORTS: 1}
    assert main(["--store", engine.query_url, "build", "--fresh"]) == 0
    assert store.graph_sizes() == expected


def test_a_source_that_does_not_parse_changes_nothing(engine, tmp_path, capsys):
    store = engine.store()
    store.update(f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <http://e/a> <http://e/p> 1 }} }}")
    (tmp_path / "good.trig").write_text("<http://e/g> { <http://e/x> <http://e/p> 1 }")
    (tmp_path / "z-broken.trig").write_text("<http://e/h> { <http://e/x> <http://e/p> }")
    assert main(["--store", engine.query_url, "build", "--ontology", str(tmp_path), "--seed", str(tmp_path)]) == 2
    assert "z-broken.trig:1:" in capsys.readouterr().err
    assert store.graph_sizes() == {ONTOLOGY_GRAPH: 1}
