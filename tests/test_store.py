"""OxigraphStore: loading, querying with bindings, exporting, errors."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import InnokgError, QuerySyntaxError
from kg.namespaces import ID, IK, ONTOLOGY_GRAPH, XSD
from kg.store import OxigraphStore

from conftest import ONTOLOGY_TTL, SEED_TRIG

CITIES = "https://w3id.org/innokg/graph/cities"
RANKING = "https://w3id.org/innokg/graph/ranking"


@pytest.fixture
def seeded(tmp_path):
    """An in-memory store holding SEED_TRIG (15 quads, 14 distinct triples)."""
    path = tmp_path / "cities.trig"
    path.write_text(SEED_TRIG, encoding="utf-8")
    store = OxigraphStore.memory()
    assert store.load(path) == 15
    return store


def test_load_trig_keeps_its_graphs(seeded):
    assert len(seeded) == 15
    assert seeded.named_graphs() == [CITIES, RANKING]
    assert seeded.graph_sizes() == {CITIES: 5, RANKING: 10}


def test_load_turtle_into_a_graph(tmp_path):
    path = tmp_path / "core.ttl"
    path.write_text(ONTOLOGY_TTL, encoding="utf-8")
    store = OxigraphStore.memory()
    assert store.load(path, graph=ONTOLOGY_GRAPH) == 4
    assert store.graph_sizes() == {ONTOLOGY_GRAPH: 4}


def test_default_graph_is_the_union(seeded):
    rows = seeded.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert [row["n"].value for row in rows] == ["15"]
    rows = seeded.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union_default_graph=False)
    assert [row["n"].value for row in rows] == ["0"]


def test_bindings_are_substituted_as_terms(seeded):
    edition = ox.Literal("2024", datatype=ox.NamedNode(XSD + "integer"))
    rows = seeded.query(
        "SELECT ?city ?edition WHERE { ?obs ik:city ?city ; ik:edition ?edition }",
        bindings={"edition": edition},
    )
    assert [(row["city"].value, row["edition"].value) for row in rows] == [(ID + "city/beijing", "2024")]


def test_a_string_binding_is_not_pasted_into_the_query(seeded):
    sneaky = ox.Literal('x" } ; DROP ALL ; SELECT * { "')
    rows = seeded.query("SELECT ?label WHERE { ?city rdfs:label ?label }", bindings={"label": sneaky})
    assert list(rows) == []
    assert len(seeded) == 15


def test_binding_must_be_a_term(seeded):
    with pytest.raises(InnokgError, match=r"binding for \?edition must be an RDF term, got int"):
        seeded.query("SELECT ?edition WHERE { ?s ik:edition ?edition }", bindings={"edition": 2024})


def test_binding_outside_the_projection_is_a_clear_error(seeded):
    edition = ox.Literal("2024", datatype=ox.NamedNode(XSD + "integer"))
    with pytest.raises(InnokgError, match=r"\?edition is bound but not in the SELECT clause"):
        seeded.query("SELECT ?s WHERE { ?s ik:edition ?edition }", bindings={"edition": edition})


def test_query_syntax_error_gives_the_position(seeded):
    with pytest.raises(QuerySyntaxError) as caught:
        seeded.query("SELECT ?s\nWHERE { ?s ?p }")
    error = caught.value
    assert error.line == 2 and error.column in (15, 16)  # pyoxigraph points at or just after the "}"
    assert str(error).startswith(f"SPARQL syntax error at line 2, column {error.column}: ")


def test_update_adds_in_one_transaction(seeded):
    seeded.update(f"INSERT DATA {{ GRAPH <{CITIES}> {{ <{ID}city/paris> a ik:City }} }}")
    assert seeded.graph_sizes()[CITIES] == 6


def test_drop_graph(seeded):
    seeded.drop_graph(RANKING)
    assert seeded.named_graphs() == [CITIES]
    assert len(seeded) == 5


@pytest.mark.parametrize(
    ("format", "suffix", "count"),
    [
        ("trig", ".trig", 15),
        ("nquads", ".nq", 15),
        ("jsonld", ".jsonld", 15),
        ("turtle", ".ttl", 14),
        ("ntriples", ".nt", 14),
        ("rdfxml", ".rdf", 14),
    ],
)
def test_export_round_trip(seeded, tmp_path, format, suffix, count):
    path = tmp_path / f"export{suffix}"
    seeded.export(format, path)
    again = OxigraphStore.memory()
    assert again.load(path) == count
    assert len(again) == count
    expected_graphs = [CITIES, RANKING] if count == 15 else []
    assert again.named_graphs() == expected_graphs


def test_nquads_keep_graph_names(seeded):
    lines = seeded.export("nquads").decode().splitlines()
    assert len(lines) == 15
    graphs = {line.rsplit(" ", 2)[-2] for line in lines}
    assert graphs == {f"<{CITIES}>", f"<{RANKING}>"}


def test_export_one_graph(seeded):
    turtle = seeded.export("turtle", graph=CITIES)
    again = OxigraphStore.memory()
    assert again.load(turtle, "turtle") == 5
    nquads = seeded.export("nquads", graph=CITIES).decode().splitlines()
    assert len(nquads) == 5 and all(line.endswith(f"<{CITIES}> .") for line in nquads)


def test_export_unknown_graph(seeded):
    with pytest.raises(InnokgError, match="no graph <http://e/nothing> in the store"):
        seeded.export("trig", graph="http://e/nothing")


def test_parse_error_names_file_line_column_and_changes_nothing(seeded, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ik: <https://w3id.org/innokg/ont#> .\nik:a ik:b ik:c .\nik:a ik:b "open .\n',
                   encoding="utf-8")
    with pytest.raises(InnokgError) as caught:
        seeded.load(bad)
    assert str(caught.value).startswith(f"{bad}:3:11: ")
    assert len(seeded) == 15


def test_unknown_suffix(seeded, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b\n")
    with pytest.raises(InnokgError, match=r"cannot tell the RDF format from the suffix '\.csv'"):
        seeded.load(path)


def test_missing_file(seeded, tmp_path):
    with pytest.raises(InnokgError, match="no such file"):
        seeded.load(tmp_path / "absent.ttl")


def test_on_disk_store_survives_reopening_read_only(tmp_path):
    path = tmp_path / "store"
    with OxigraphStore.open(path) as store:
        store.load(SEED_TRIG.encode(), "trig")
    assert OxigraphStore.exists(path)
    with OxigraphStore.open(path, read_only=True) as store:
        assert len(store) == 15
        with pytest.raises(InnokgError, match="read-only"):
            store.load(SEED_TRIG.encode(), "trig")
        with pytest.raises(InnokgError, match="read-only"):
            store.optimize()


def test_compaction_after_a_bulk_load_keeps_every_quad(tmp_path):
    path = tmp_path / "store"
    with OxigraphStore.open(path) as store:
        store.bulk_load(SEED_TRIG.encode(), "trig")
        store.bulk_load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
        store.optimize()
    with OxigraphStore.open(path, read_only=True) as store:
        assert len(store) == 16
        assert store.graph_sizes()["http://e/g"] == 1


def test_read_only_open_of_a_missing_store(tmp_path):
    with pytest.raises(InnokgError, match=r"no store at .*: run `innokg build` first"):
        OxigraphStore.open(tmp_path / "absent", read_only=True)


def test_closed_store_says_so():
    store = OxigraphStore.memory()
    store.close()
    with pytest.raises(InnokgError, match="the store is closed"):
        len(store)


def test_union_default_graph_repeats_a_triple_held_by_two_graphs(seeded):
    """pyoxigraph's union is a bag of quads: queries that count need DISTINCT."""
    rows = seeded.query("SELECT ?city WHERE { ?city a ik:City } ORDER BY ?city")
    assert [row["city"].value for row in rows] == [ID + "city/beijing"] * 2 + [ID + "city/london"]


def test_ik_namespace_is_declared_for_queries(seeded):
    rows = seeded.query("SELECT DISTINCT ?city WHERE { ?city a ik:City } ORDER BY ?city")
    assert [row["city"].value for row in rows] == [ID + "city/beijing", ID + "city/london"]
    assert IK == "https://w3id.org/innokg/ont#"


@pytest.mark.parametrize("native", [False, True], ids=["python-parser", "native-loader"])
def test_bulk_load_of_a_file_both_ways(tmp_path, monkeypatch, native):
    """Small files are parsed here and counted; large ones go to pyoxigraph's own loader (same quads, not counted)."""
    import kg.store.transfer

    monkeypatch.setattr(kg.store.transfer, "NATIVE_LOAD_BYTES", 0 if native else 1 << 40)
    data = tmp_path / "data.nt"
    data.write_text('<http://e/a> <http://e/p> "北京"@zh .\n_:b <http://e/p> <http://e/a> .\n', encoding="utf-8")
    store = OxigraphStore.open(tmp_path / "store")
    assert store.bulk_load(data, graph="http://e/g") == (None if native else 2)
    assert store.graph_sizes() == {"http://e/g": 2}
    assert [row["o"].value for row in store.query('SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }')] == ["北京"]
    broken = tmp_path / "broken.nt"
    broken.write_text('<http://e/a> <http://e/p> "1" .\n<http://e/b> <http://e/p> .\n', encoding="utf-8")
    with pytest.raises(InnokgError, match=r"broken\.nt:2:"):
        store.bulk_load(broken, graph="http://e/h")
