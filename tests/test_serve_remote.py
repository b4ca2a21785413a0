"""``innokg serve --store http://...``: the HTTP API over a real ``oxigraph serve``, end to end."""

from __future__ import annotations

import httpx
import pytest

from http_server import TOP10_QUERY, running_server
from kg.build import build_memory, load_sources
from remote_servers import start_oxigraph

ID = "https://w3id.org/innokg/id/"
TOP10 = [("1", "San Francisco Bay Area", "旧金山湾区"), ("2", "New York", "纽约"), ("3", "Beijing", "北京"),
         ("4", "London", "伦敦"), ("5", "Boston", "波士顿"), ("6", "Paris", "巴黎"), ("7", "Tokyo", "东京"),
         ("8", "Los Angeles", "洛杉矶"), ("9", "Seoul", "首尔"), ("10", "Shanghai", "上海")]


@pytest.fixture(scope="module")
def remote_api(tmp_path_factory):
    """``oxigraph serve`` loaded with the ontology and seed, and ``innokg serve`` in front of it."""
    engine = start_oxigraph()
    try:
        load_sources(engine.store())
        with running_server(engine.query_url, "--workers", "1", "--timeout", "20",
                            log_dir=tmp_path_factory.mktemp("logs")) as api:
            yield api
    finally:
        engine.stop()


def test_sparql_endpoint_answers_the_top_10_from_the_remote_engine(remote_api):
    answer = httpx.get(remote_api.sparql, params={"query": TOP10_QUERY},
                       headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    rows = [(b["rank"]["value"], b["city_en"]["value"], b["city_zh"]["value"])
            for b in answer.json()["results"]["bindings"]]
    assert rows == TOP10
    csv = httpx.get(remote_api.sparql, params={"query": "ASK { ?c ik:rank 1 }", "format": "csv"}, timeout=30)
    assert (csv.status_code, csv.text) == (200, "true\r\n")


def test_saved_query_runs_over_the_remote_engine(remote_api):
    answer = httpx.get(f"{remote_api.url}/api/queries/top10-overall.json", timeout=30).json()
    assert [(str(row["rank"]), row["city_en"], row["city_zh"]) for row in answer["rows"]] == TOP10
    assert [row["country_en"] for row in answer["rows"]][:3] == ["United States", "United States", "China"]
    assert httpx.get(f"{remote_api.url}/api/queries/top10-overall.json", params={"edition": "2024"},
                     timeout=30).json()["rows"] == []


def test_dataset_and_errors_are_the_embedded_ones(remote_api):
    ontology_only = httpx.get(remote_api.sparql, params={
        "query": "ASK { ?c ik:rank 1 }", "default-graph-uri": "https://w3id.org/innokg/graph/ontology"},
        headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert ontology_only.json() == {"head": {}, "boolean": False}
    bad = httpx.get(remote_api.sparql, params={"query": "SELECT ?x WHERE { ?x }"}, timeout=30)
    assert bad.status_code == 400 and "line 1, column 23" in bad.text
    health = httpx.get(f"{remote_api.url}/health", timeout=30).json()
    assert health == {"status": "ok", "triples": len(build_memory())}


def test_pages_and_views_read_the_remote_engine(remote_api):
    """The HTML pages run over the endpoint too (through the service's runner, under its timeout)."""
    with httpx.Client(base_url=remote_api.url, timeout=60) as client:
        entity = client.get("/entity", params={"iri": ID + "city/beijing", "lang": "en"})
        assert entity.status_code == 200 and "北京" in entity.text and "Beijing" in entity.text
        hubs = client.get("/hubs", params={"network": "tech-transfer", "lang": "en"})
        assert hubs.status_code == 200
        assert hubs.text.index("Li Yuyang") < hubs.text.index("Huanshangda Science Park")
        chain = client.get("/chain", params={"from": "上海大学", "lang": "en"})
        assert chain.status_code == 200 and "Panxin" in chain.text
        view = client.get("/views/ranking", params={"lang": "en"})
        assert view.status_code == 200 and "San Francisco Bay Area" in view.text
        missing = client.get("/entity", params={"iri": ID + "city/atlantis", "lang": "en"})
        assert missing.status_code == 404
