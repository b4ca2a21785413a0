"""The SPARQL-endpoint store against real engines: the same answers as the embedded store.

``oxigraph serve`` runs in every session; Virtuoso too when installed (see
tests/remote_servers.py). The competency questions and hygiene checks run
over them through the parametrized ``seed_store`` fixture (tests/conftest.py).
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.cli.main import main
from kg.errors import InnokgError, QuerySyntaxError
from kg.results import collect, render
from kg.store import OxigraphStore
from kg.store.endpoint import SparqlEndpointStore
from remote_servers import start_oxigraph, start_virtuoso, store_backends

REMOTE = [name for name in store_backends() if name != "embedded"]

TINY = """\
@prefix ik: <https://w3id.org/innokg/ont#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://e/cities> {
  <http://e/beijing> a ik:City ; rdfs:label "北京"@zh-Hans , "Beijing"@en ; ik:rank 3 .
  <http://e/london> a ik:City ; rdfs:label "London"@en ; ik:rank 4 ; ik:founded [ ik:year 47 ] .
}
<http://e/other> { <http://e/beijing> ik:rank 3 . }
"""


@pytest.fixture(scope="module", params=REMOTE)
def server(request):
    started = start_oxigraph() if request.param == "oxigraph-server" else start_virtuoso()
    yield started
    started.stop()


@pytest.fixture
def remote(server):
    """A remote store holding TINY (emptied again afterwards)."""
    store = server.store()
    store.load(TINY.encode(), "trig")
    yield store
    store.clear()


@pytest.fixture
def embedded():
    store = OxigraphStore.memory()
    store.load(TINY.encode(), "trig")
    return store


QUERIES = [
    "SELECT ?city ?label WHERE { ?city rdfs:label ?label } ORDER BY ?city STR(?label)",
    "SELECT ?city (COUNT(*) AS ?n) WHERE { ?city ik:rank ?r } GROUP BY ?city ORDER BY ?city",
    "SELECT ?g ?s WHERE { GRAPH ?g { ?s ik:rank 3 } } ORDER BY ?g",
    "SELECT ?y WHERE { ?c ik:founded ?f . ?f ik:year ?y }",
    "ASK { <http://e/london> ik:rank 4 }",
    "ASK { <http://e/london> ik:rank 5 }",
]


@pytest.mark.parametrize("sparql", QUERIES)
def test_answers_are_the_embedded_answers(remote, embedded, sparql):
    assert render(remote.query(sparql), "json") == render(embedded.query(sparql), "json")


def test_results_are_pyoxigraph_objects(remote):
    assert isinstance(remote.query("SELECT * WHERE { ?s ?p ?o }"), ox.QuerySolutions)
    assert isinstance(remote.query("ASK { ?s ?p ?o }"), ox.QueryBoolean)
    triples = remote.query("CONSTRUCT { ?s rdfs:label ?o } WHERE { ?s rdfs:label ?o }")
    assert isinstance(triples, ox.QueryTriples)
    assert sorted(t.object.value for t in collect(triples).triples) == ["Beijing", "London", "北京"]


def test_bindings_are_terms(remote):
    rows = remote.query("SELECT ?city ?r WHERE { ?city ik:rank ?r }",
                        bindings={"city": ox.NamedNode("http://e/london")})
    assert [row["r"].value for row in rows] == ["4"]


def test_graphs_sizes_and_count(remote, embedded):
    assert remote.named_graphs() == ["http://e/cities", "http://e/other"]
    assert remote.graph_sizes() == {"http://e/cities": 9, "http://e/other": 1} == embedded.graph_sizes()
    assert len(remote) == len(embedded) == 10


def test_drop_graph_and_update(remote):
    remote.drop_graph("http://e/other")
    remote.update("INSERT DATA { GRAPH <http://e/new> { <http://e/x> rdfs:label 'x' } }")
    assert remote.graph_sizes() == {"http://e/cities": 9, "http://e/new": 1}


def test_export_round_trips(remote, embedded):
    exported = remote.export("nquads")
    again = OxigraphStore.memory()
    again.load(exported, "nquads")
    assert again.graph_sizes() == embedded.graph_sizes()
    assert sorted(remote.export("ntriples", graph="http://e/other").decode().splitlines()) == [
        '<http://e/beijing> <https://w3id.org/innokg/ont#rank> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .']


def test_syntax_errors_read_as_with_the_embedded_store(remote, embedded):
    with pytest.raises(QuerySyntaxError) as far:
        remote.query("SELECT ?x WHERE { ?x }")
    with pytest.raises(QuerySyntaxError) as near:
        embedded.query("SELECT ?x WHERE { ?x }")
    assert str(far.value) == str(near.value)


def test_a_file_that_does_not_parse_sends_nothing(remote):
    with pytest.raises(InnokgError, match=r"<data>:1:"):
        remote.load(b"<http://e/a> <http://e/p> .", "turtle", graph="http://e/bad")
    assert "http://e/bad" not in remote.named_graphs()


def test_unreachable_endpoint_is_one_line_error():
    store = SparqlEndpointStore("http://127.0.0.1:9/query")
    with pytest.raises(InnokgError, match="cannot reach the SPARQL endpoint http://127.0.0.1:9/query"):
        store.query("ASK {}")


@pytest.mark.usefixtures("remote")  # the data the commands read
def test_cli_over_an_endpoint(server, capsys, monkeypatch):
    assert main(["--store", server.query_url, "query", "SELECT ?l WHERE { <http://e/london> rdfs:label ?l }",
                 "-f", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out == "l\r\nLondon\r\n"
    if server.engine == "virtuoso":  # known to answer some saved queries wrongly: said once, on stderr
        assert re.fullmatch(r"innokg: warning: Virtuoso 07\.\d+\.\d+ answers some saved queries wrongly \(it "
                            r"drops rows of joins over property paths\): `innokg check-engine` lists which\n", err)
    else:
        assert err == ""
    monkeypatch.setenv("INNOKG_STORE", server.query_url)
    assert main(["query", "ASK { ?s ik:rank 4 }"]) == 0
    assert capsys.readouterr().out == "true\n"


def _named(store, graph=None) -> set[str]:
    """The quads (of one graph) as text, blank nodes left out (each store names them its own way)."""
    return {str(quad) for quad in store.quads(graph)
            if not any(isinstance(term, ox.BlankNode) for term in (quad.subject, quad.object))}


def test_the_graph_store_contract_is_kept_by_both(remote, embedded):
    assert _named(remote) == _named(embedded) and len(_named(remote)) == 8
    for store, local in ((remote, False), (embedded, True)):
        _replace_query_and_clear(store, local)


def _replace_query_and_clear(store, local: bool):
    assert sorted(str(quad.object) for quad in store.quads("http://e/other")) == [
        '"3"^^<http://www.w3.org/2001/XMLSchema#integer>']
    a, p = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p")
    written = store.replace_graphs({"http://e/other": [ox.Triple(a, p, ox.Literal("x"))] * 2,
                                    "http://e/new": [ox.Triple(a, p, ox.Literal("y")), ox.Triple(a, p, ox.BlankNode())]})
    assert written == 3
    assert store.graph_sizes() == {"http://e/cities": 9, "http://e/new": 2, "http://e/other": 1}
    assert store.replace_graph("http://e/new", []) == 0
    assert store.named_graphs() == ["http://e/cities", "http://e/other"]
    rows = store.query_dataset("SELECT ?o WHERE { ?s <http://e/p> ?o }", ["http://e/other"])
    assert [row["o"].value for row in rows] == ["x"]
    rows = store.query_dataset("SELECT ?g WHERE { GRAPH ?g { ?s <http://e/p> ?o } }", [], ["http://e/other"])
    assert [row["g"].value for row in rows] == ["http://e/other"]
    assert store.local is local
    assert (store.caveat is None) is (getattr(store, "engine", None) != "virtuoso")  # Virtuoso 7 has one
    store.clear()
    assert (store.named_graphs(), len(store)) == ([], 0)
