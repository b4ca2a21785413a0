"""Importing RDF files: into one named graph, with provenance, checked first, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build_memory
from kg.importing.problems import ImportFailed
from kg.importing.rdf_in import import_rdf
from kg.importing.reconcile import Reconciler
from kg.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "import"
G = "https://w3id.org/innokg/graph/import/"
ID = "https://w3id.org/innokg/id/"


@pytest.fixture
def store():
    return build_memory()


def test_turtle_adds_aliases_that_reconciliation_then_uses(store):
    result = import_rdf(store, FIXTURES / "peking-alias.ttl", source="innokg curators (test fixture)")
    assert (result.graph, result.what, result.rows) == (G + "peking-alias", "rdf", 2)
    assert validate(store).conforms
    assert Reconciler(store).match("city", "北平").found.iri == ID + "city/beijing"


def test_json_ld_into_a_graph_of_our_choosing(store):
    result = import_rdf(store, FIXTURES / "city.jsonld", source="innokg curators (test fixture)", graph="cities-extra")
    assert result.graph == G + "cities-extra"
    assert [row["l"].value for row in store.query(
        f"SELECT ?l WHERE {{ GRAPH <{result.graph}> {{ <{ID}city/nanjing> rdfs:label ?l }} }} ORDER BY ?l")] \
        == ["Nanjing", "南京"]
    assert validate(store).conforms


def test_a_syntax_error_says_where_and_writes_nothing(store):
    before = (len(store), store.graph_sizes())
    with pytest.raises(ImportFailed) as failure:
        import_rdf(store, FIXTURES / "bad-syntax.trig", source="x")
    [line] = failure.value.lines()
    assert line.startswith("bad-syntax.trig: 3:")
    assert line.endswith("; hint: fix the syntax at that line and column")
    assert (len(store), store.graph_sizes()) == before


def test_shapes_reject_the_file_before_anything_is_written(store):
    before = (len(store), store.graph_sizes())
    with pytest.raises(ImportFailed) as failure:
        import_rdf(store, FIXTURES / "observation-without-edition.ttl", source="x")
    assert failure.value.lines() == [
        'observation-without-edition.ttl: value "id:observation/gis100-2023/overall-beijing": does not conform to '
        "the shapes: A rank observation belongs to exactly one ranking edition. (ik:edition); "
        "hint: the row maps to data the SHACL shapes of the graph reject",
        # the Data Cube's IC-1 (issue 14) says so too
        "observation-without-edition.ttl: fails the qb-ic01-unique-data-set check: observation "
        "<https://w3id.org/innokg/id/observation/gis100-2023/overall-beijing> belongs to 0 data sets (qb:dataSet), "
        "not exactly one; hint: see ontology/hygiene/qb-ic01-unique-data-set.rq",
    ]
    assert (len(store), store.graph_sizes()) == before


def test_the_same_rdf_file_twice_changes_nothing(store):
    import_rdf(store, FIXTURES / "peking-alias.ttl", source="innokg curators (test fixture)")
    before = (len(store), store.graph_sizes())
    assert import_rdf(store, FIXTURES / "peking-alias.ttl", source="innokg curators (test fixture)").unchanged
    assert (len(store), store.graph_sizes()) == before
