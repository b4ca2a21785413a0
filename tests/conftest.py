"""Tiny explicit fixtures: a two-city dataset written to tmp_path as TriG and Turtle.

Counts used by the tests:

* ``ONTOLOGY_TTL``: 4 triples, loaded into the ontology graph;
* ``SEED_TRIG``: 15 quads: 5 in the cities graph, 10 in the ranking graph,
  one of which (``id:city/beijing a ik:City``) is also in the cities graph,
  so the union of all graphs holds 18 distinct triples out of 19 quads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build, build_memory
from remote_servers import mark_virtuoso_differences, seed_store_on, store_backends

ONTOLOGY_TTL = """\
@prefix ik: <https://w3id.org/innokg/ont#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ik:City a owl:Class ; rdfs:label "City"@en , "城市"@zh-Hans .
ik:rank a owl:DatatypeProperty .
"""

SEED_TRIG = """\
@prefix ik: <https://w3id.org/innokg/ont#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<https://w3id.org/innokg/graph/cities> {
  <https://w3id.org/innokg/id/city/beijing> a ik:City ; rdfs:label "北京"@zh , "Beijing"@en .
  <https://w3id.org/innokg/id/city/london> a ik:City ; rdfs:label "London"@en .
}

<https://w3id.org/innokg/graph/ranking> {
  <https://w3id.org/innokg/id/city/beijing> a ik:City .
  <https://w3id.org/innokg/id/obs/2025-beijing> ik:city <https://w3id.org/innokg/id/city/beijing> ;
      ik:edition 2025 ; ik:rank 3 .
  <https://w3id.org/innokg/id/obs/2025-london> ik:city <https://w3id.org/innokg/id/city/london> ;
      ik:edition 2025 ; ik:rank 2 .
  <https://w3id.org/innokg/id/obs/2024-beijing> ik:city <https://w3id.org/innokg/id/city/beijing> ;
      ik:edition 2024 ; ik:rank 4 .
}
"""

#: A saved query over the fixture, with a typed parameter and a default.
RANKING_RQ = """\
# id: ranking
# title: Ranking of an edition, in order
# title@zh: 某一版的排名（按名次）
# question: Which cities rank in an edition, in order?
# question@zh: 某一版榜单的城市依次是哪些？
# param: edition xsd:integer = 2025 | Edition year of the ranking
SELECT ?rank ?city ?label ?edition WHERE {
  ?obs ik:city ?city ; ik:edition ?edition ; ik:rank ?rank .
  OPTIONAL { ?city rdfs:label ?label FILTER(lang(?label) = "zh") }
}
ORDER BY ?rank
"""

CITY_SHAPES_TTL = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ik: <https://w3id.org/innokg/ont#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ik:CityShape a sh:NodeShape ;
  sh:targetClass ik:City ;
  sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "a city needs a label" ] .

ik:RankShape a sh:NodeShape ;
  sh:targetSubjectsOf ik:rank ;
  sh:sparql [
    a sh:SPARQLConstraint ;
    sh:message "rank must be positive" ;
    sh:select "SELECT $this ?value WHERE { $this <https://w3id.org/innokg/ont#rank> ?value FILTER(?value < 1) }"
  ] .
"""

CLASS_LABEL_RQ = """\
# A class without an rdfs:label.
SELECT ?error WHERE {
  ?class a owl:Class .
  FILTER NOT EXISTS { ?class rdfs:label ?label }
  BIND(CONCAT("class without label: ", STR(?class)) AS ?error)
}
"""


@pytest.fixture(autouse=True)
def _default_store_in_tmp(tmp_path, monkeypatch):
    """Keep every test away from the user's real store."""
    monkeypatch.setenv("INNOKG_STORE", str(tmp_path / "default-store"))


@pytest.fixture
def sources(tmp_path) -> tuple[Path, Path]:
    """An ontology folder (with a shapes.ttl that builds skip) and a seed folder."""
    ontology_dir, seed_dir = tmp_path / "ontology", tmp_path / "seed"
    ontology_dir.mkdir()
    seed_dir.mkdir()
    (ontology_dir / "core.ttl").write_text(ONTOLOGY_TTL, encoding="utf-8")
    (ontology_dir / "shapes.ttl").write_text(CITY_SHAPES_TTL, encoding="utf-8")
    (seed_dir / "cities.trig").write_text(SEED_TRIG, encoding="utf-8")
    return ontology_dir, seed_dir


@pytest.fixture
def memory_store(sources):
    """The fixture dataset in an in-memory store."""
    ontology_dir, seed_dir = sources
    return build_memory(ontology_dir=ontology_dir, seed_dir=seed_dir)


@pytest.fixture
def store_path(tmp_path, sources) -> Path:
    """The fixture dataset built into an on-disk store."""
    ontology_dir, seed_dir = sources
    path = tmp_path / "store"
    build(path, ontology_dir=ontology_dir, seed_dir=seed_dir)
    return path


@pytest.fixture
def queries_dir(tmp_path) -> Path:
    """A saved queries folder holding ranking.rq and networks/pairs.rq."""
    folder = tmp_path / "queries"
    (folder / "networks").mkdir(parents=True)
    (folder / "ranking.rq").write_text(RANKING_RQ, encoding="utf-8")
    (folder / "networks" / "pairs.rq").write_text(
        "# id: pairs\n# title: City pairs\nSELECT ?a ?b WHERE { ?a ik:city ?b }\n", encoding="utf-8"
    )
    return folder


@pytest.fixture
def hygiene_dir(tmp_path) -> Path:
    """A hygiene folder holding one check: classes need a label."""
    folder = tmp_path / "hygiene"
    folder.mkdir()
    (folder / "class-label.rq").write_text(CLASS_LABEL_RQ, encoding="utf-8")
    return folder


@pytest.fixture(scope="session", params=store_backends())
def seed_store(request):
    """The real seed graph (ontology + data/seed), loaded once per session into each store backend.

    ``embedded`` is the in-memory pyoxigraph store; ``oxigraph-server`` and
    ``virtuoso`` are real SPARQL engines behind :class:`kg.store.endpoint.SparqlEndpointStore`
    (see ``tests/remote_servers.py``; ``INNOKG_TEST_STORE=embedded`` picks one).
    """
    with seed_store_on(request.param) as store:
        yield store


def pytest_collection_modifyitems(config, items):
    """Known Virtuoso differences run as non-strict xfails: its plans vary from run to run (see tests/remote_servers.py)."""
    mark_virtuoso_differences(items)
