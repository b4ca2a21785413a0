"""kg.build: what gets loaded where, idempotence, atomic replacement, speed."""

from __future__ import annotations

import pytest

from kg.build import build, build_memory, source_files
from kg.errors import InnokgError
from kg.namespaces import ONTOLOGY_GRAPH
from kg.store import OxigraphStore

CITIES = "https://w3id.org/innokg/graph/cities"
RANKING = "https://w3id.org/innokg/graph/ranking"
SIZES = {CITIES: 5, RANKING: 10, ONTOLOGY_GRAPH: 4}


def test_sources_skip_shapes(sources):
    ontology_dir, seed_dir = sources
    assert [(path.name, graph) for path, graph in source_files(ontology_dir, seed_dir)] == [
        ("core.ttl", ONTOLOGY_GRAPH),
        ("cities.trig", None),
    ]


def test_build_loads_ontology_and_seed_and_reports_each_file(tmp_path, sources):
    ontology_dir, seed_dir = sources
    reported = []
    summary = build(tmp_path / "store", ontology_dir=ontology_dir, seed_dir=seed_dir, progress=reported.append)
    assert [(loaded.path.name, loaded.triples) for loaded in reported] == [("core.ttl", 4), ("cities.trig", 15)]
    assert summary.files == reported
    assert summary.triples == 19
    with OxigraphStore.open(tmp_path / "store", read_only=True) as store:
        assert store.graph_sizes() == SIZES


def test_build_memory_loads_the_same(memory_store):
    assert memory_store.graph_sizes() == SIZES


def test_build_is_idempotent(tmp_path, sources):
    ontology_dir, seed_dir = sources
    exports = []
    for _ in range(2):
        build(tmp_path / "store", ontology_dir=ontology_dir, seed_dir=seed_dir)
        with OxigraphStore.open(tmp_path / "store", read_only=True) as store:
            exports.append(sorted(store.export("nquads").decode().splitlines()))
    assert exports[0] == exports[1]
    assert len(exports[0]) == 19


def test_failed_build_leaves_the_previous_store_intact(store_path, sources):
    ontology_dir, seed_dir = sources
    (seed_dir / "zz-broken.trig").write_text("<http://e/g> { <http://e/a> <http://e/p> }\n", encoding="utf-8")
    with pytest.raises(InnokgError) as caught:
        build(store_path, ontology_dir=ontology_dir, seed_dir=seed_dir)
    assert str(caught.value).startswith(f"{seed_dir / 'zz-broken.trig'}:1:")
    with OxigraphStore.open(store_path, read_only=True) as store:
        assert store.graph_sizes() == SIZES
    assert sorted(path.name for path in store_path.parent.iterdir() if path.name.startswith(".store")) == []


def test_build_refuses_to_replace_a_folder_that_is_not_a_store(tmp_path, sources):
    ontology_dir, seed_dir = sources
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    with pytest.raises(InnokgError, match="is a non-empty folder that is not a store: refusing to replace it"):
        build(precious, ontology_dir=ontology_dir, seed_dir=seed_dir)
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_build_of_a_few_thousand_triples_is_fast(tmp_path):
    ontology_dir, seed_dir = tmp_path / "ontology", tmp_path / "seed"
    ontology_dir.mkdir()
    seed_dir.mkdir()
    lines = [f'<http://e/s{i}> <http://e/p> "{i}" , {i} ; <http://e/q> <http://e/o{i % 50}> .' for i in range(1500)]
    (seed_dir / "many.trig").write_text("<http://e/g> {\n" + "\n".join(lines) + "\n}\n", encoding="utf-8")
    summary = build(tmp_path / "store", ontology_dir=ontology_dir, seed_dir=seed_dir)
    assert summary.triples == 4500
    assert summary.seconds < 2.0


def test_empty_sources_build_an_empty_store(tmp_path):
    summary = build(tmp_path / "store", ontology_dir=tmp_path / "none", seed_dir=tmp_path / "none")
    assert (summary.triples, summary.files) == (0, [])
    assert OxigraphStore.exists(tmp_path / "store")


def test_build_memory_reports_parse_errors(sources):
    ontology_dir, seed_dir = sources
    (ontology_dir / "broken.ttl").write_text("@prefix : <http://e/> .\n:a :b\n", encoding="utf-8")
    with pytest.raises(InnokgError, match=r"broken\.ttl:\d+:\d+: "):
        build_memory(ontology_dir=ontology_dir, seed_dir=seed_dir)


def test_rebuild_keeps_graphs_the_sources_do_not_make(tmp_path, sources):
    ontology_dir, seed_dir = sources
    target = tmp_path / "store"
    build(target, ontology_dir=ontology_dir, seed_dir=seed_dir)
    store = OxigraphStore.open(target)
    store.load(b"<http://e/a> <http://e/p> 1 . <http://e/b> <http://e/p> 2 .", "turtle",
               graph="https://w3id.org/innokg/graph/import/mine")
    before = store.graph_sizes()
    store.close()
    summary = build(target, ontology_dir=ontology_dir, seed_dir=seed_dir)
    assert summary.kept == {"https://w3id.org/innokg/graph/import/mine": 2}
    store = OxigraphStore.open(target, read_only=True)
    assert store.graph_sizes() == before
    store.close()
    fresh = build(target, ontology_dir=ontology_dir, seed_dir=seed_dir, keep_other_graphs=False)
    assert fresh.kept == {}
    store = OxigraphStore.open(target, read_only=True)
    assert "https://w3id.org/innokg/graph/import/mine" not in store.named_graphs()
    store.close()
