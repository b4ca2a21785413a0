"""Real clients against a real ``innokg serve`` process: SPARQLWrapper, rdflib, pandas, raw HTTP."""

from __future__ import annotations

import io
import subprocess
import sys
import urllib.parse

import httpx
import pandas as pd
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from http_server import TOP10_QUERY, seed_store, server  # noqa: F401  (fixtures)
from kg.paths import QUERIES_DIR

ID = "https://w3id.org/innokg/id/"
TOP10_EN = ["San Francisco Bay Area", "New York", "Beijing", "London", "Boston",
            "Paris", "Tokyo", "Los Angeles", "Seoul", "Shanghai"]


def test_sparqlwrapper_gets_the_top_10_in_order_by_get_and_post(server):
    client = SPARQLWrapper(server.sparql)
    client.setQuery(TOP10_QUERY)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert [b["city_en"]["value"] for b in bindings] == TOP10_EN
    assert [int(b["rank"]["value"]) for b in bindings] == list(range(1, 11))
    assert bindings[2]["city_zh"] == {"type": "literal", "value": "北京", "xml:lang": "zh-hans"}
    client.setMethod(POST)
    assert [b["city_en"]["value"] for b in client.query().convert()["results"]["bindings"]] == TOP10_EN


def test_sparqlwrapper_xml_csv_and_construct(server):
    client = SPARQLWrapper(server.sparql)
    client.setQuery(TOP10_QUERY)
    client.setReturnFormat(XML)
    document = client.query().convert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")
                if node.getAttribute("xml:lang") == "en"]
    assert literals == TOP10_EN
    client.setReturnFormat(CSV)
    lines = client.query().convert().decode().splitlines()
    assert lines[0] == "rank,city_en,city_zh" and lines[3] == "3,Beijing,北京"
    client.setQuery(f"CONSTRUCT {{ <{ID}city/beijing> rdfs:label ?label }} "
                    f"WHERE {{ <{ID}city/beijing> rdfs:label ?label }}")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert sorted(str(o) for o in graph.objects()) == ["Beijing", "北京"]


def test_rdflib_sparqlstore_reads_the_graph(server):
    graph = rdflib.Graph(store=SPARQLStore(server.sparql))
    beijing = rdflib.URIRef(ID + "city/beijing")
    assert sorted(str(label) for label in graph.objects(beijing, rdflib.RDFS.label)) == ["Beijing", "北京"]
    rows = graph.query(TOP10_QUERY)
    assert [str(row.city_en) for row in rows] == TOP10_EN
    assert graph.query(f"ASK {{ <{ID}city/beijing> a <https://w3id.org/innokg/ont#City> }}").askAnswer is True


def test_pandas_reads_the_saved_query_csv_and_sparql_csv(server):
    frame = pd.read_csv(f"{server.url}/api/queries/top10-overall.csv?edition=2025")
    assert list(frame.columns) == ["rank", "city", "city_zh", "city_en", "country_en"]
    assert frame["city_en"].tolist() == TOP10_EN
    assert frame["rank"].tolist() == list(range(1, 11))
    assert frame.loc[2, "city"] == ID + "city/beijing"
    url = f"{server.sparql}?{urllib.parse.urlencode({'query': TOP10_QUERY, 'format': 'csv'})}"
    assert pd.read_csv(url)["city_zh"].tolist()[:3] == ["旧金山湾区", "纽约", "北京"]


def test_post_direct_with_default_and_named_graphs(server):
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    answer = httpx.post(server.sparql, content=query.encode(),
                        params=[("named-graph-uri", "https://w3id.org/innokg/graph/gis100-2025-lead")],
                        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    lines = answer.text.splitlines()
    assert lines[0] == "g,n" and len(lines) == 2 and lines[1].startswith("https://w3id.org/innokg/graph/gis100-2025-lead,")
    only_reference = httpx.get(server.sparql, params={
        "query": f"ASK {{ <{ID}city/beijing> <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat }}",
        "default-graph-uri": "https://w3id.org/innokg/graph/gis100-2025-lead"})
    assert only_reference.json() == {"head": {}, "boolean": False}


def test_entity_page_of_beijing_has_labels_and_sourced_facts(server):
    answer = httpx.get(f"{server.url}/api/entities/city/beijing")
    assert answer.status_code == 200
    page = answer.json()
    assert page["labels"] == {"en": "Beijing", "zh": "北京"}
    assert [t["value"] for t in page["types"]] == ["https://w3id.org/innokg/ont#City"]
    country = next(f for f in page["facts"] if f["property"]["value"] == "https://w3id.org/innokg/ont#country")
    assert country["value"]["value"] == ID + "country/cn"
    assert country["graph"]["value"] == "https://w3id.org/innokg/graph/reference"
    assert country["graph"]["assertion_mode"] == "reference"
    assert [s["value"] for s in country["graph"]["sources"]] == [ID + "source/innokg-gazetteer"]
    assert any(link["subject"]["value"] == ID + "observation/gis100-2025/overall-beijing"
               and link["graph"]["value"] == "https://w3id.org/innokg/graph/gis100-2025-global"
               for link in page["inbound"])
    by_iri = httpx.get(f"{server.url}/api/entity", params={"iri": ID + "city/beijing"}).json()
    assert by_iri == page


def test_search_finds_beijing_first_in_both_languages(server):
    for q in ("北京", "Beijing", "beij", "BEIJING"):
        hits = httpx.get(f"{server.url}/api/search", params={"q": q}).json()["results"]
        assert hits[0]["iri"] == ID + "city/beijing", q
        assert hits[0]["labels"] == {"en": "Beijing", "zh": "北京"}
    assert httpx.get(f"{server.url}/api/search", params={"q": "beij"}).json()["results"][0]["match"] == "prefix"


def test_protocol_errors_are_4xx_with_a_message(server):
    sparql = server.sparql
    bad = httpx.get(sparql, params={"query": "SELECT * WHERE {\n  ?s ?p \n}"})
    assert bad.status_code == 400
    assert bad.text.startswith("SPARQL syntax error at line 3, column 2: expected ")
    assert httpx.get(sparql, params=[("query", "ASK {}"), ("query", "ASK {}")]).status_code == 400
    assert httpx.get(sparql, params={"update": "CLEAR ALL"}).status_code == 400
    assert httpx.put(sparql, content=b"ASK {}").status_code == 405
    assert httpx.post(sparql, content=b"ASK {}").status_code == 415
    assert httpx.post(sparql, content=b"ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    not_utf8 = httpx.post(sparql, content="ASK { ?s ?p '北京' }".encode("gb18030"),
                          headers={"Content-Type": "application/sparql-query"})
    assert not_utf8.status_code == 400 and "UTF-8" in not_utf8.text
    assert httpx.get(sparql, params={"query": "ASK {}"}, headers={"Accept": "image/png"}).status_code == 406
    assert httpx.post(f"{server.url}/update", content=b"CLEAR ALL",
                      headers={"Content-Type": "application/sparql-update"}).status_code == 403
    for answer in (bad, not_utf8):
        assert "Traceback" not in answer.text


def test_service_description_on_get_without_query(server):
    answer = httpx.get(server.sparql)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=answer.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert list(graph.objects(None, sd.endpoint)) == [rdflib.URIRef(server.sparql)]
    assert sd.UnionDefaultGraph in set(graph.objects(None, sd.feature))
    names = {str(name) for name in graph.objects(None, sd.name)}
    assert "https://w3id.org/innokg/graph/reference" in names


def test_cli_smoke_mode(seed_store):
    ok = subprocess.run([sys.executable, "-m", "kg", "--store", str(seed_store), "serve", "--get",
                         "/api/rankings/gis100/2025/overall"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert '"rank":3,"rank_at_most":null' in ok.stdout
    missing = subprocess.run([sys.executable, "-m", "kg", "--store", str(seed_store), "serve", "--get",
                              "/api/entities/city/atlantis"], capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "innokg: error: GET /api/entities/city/atlantis answered 404"


@pytest.mark.parametrize("query_id", sorted(path.stem for path in QUERIES_DIR.glob("*.rq"))[:3])
def test_saved_queries_run_by_name_as_json(server, query_id):
    answer = httpx.get(f"{server.url}/api/queries/{query_id}.json")
    assert answer.status_code == 200
    assert answer.json()["query"] == query_id


def test_large_results_come_whole_in_every_format(server, seed_store):
    """Answers larger than a pipe's buffer (64 KB) arrive whole, again and again, in each results format."""
    from kg.store import OxigraphStore

    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 3000"
    with OxigraphStore.open(seed_store, read_only=True) as store:
        expected = [(row["s"].value, row["p"].value) for row in store.query(query)]
    assert len(expected) == 3000
    with httpx.Client(timeout=30) as client:
        for _ in range(3):
            answer = client.get(server.sparql, params={"query": query})
            assert answer.status_code == 200 and len(answer.content) > 200_000
            assert [(b["s"]["value"], b["p"]["value"]) for b in answer.json()["results"]["bindings"]] == expected
            csv_answer = client.get(server.sparql, params={"query": query, "format": "csv"})
            assert len(pd.read_csv(io.StringIO(csv_answer.text))) == 3000
