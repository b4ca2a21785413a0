"""The app in process (TestClient over the seed graph in memory): JSON API, negotiation, protocol details."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import Settings
from kg.build import build_memory

ID = "https://w3id.org/innokg/id/"
TOP3 = ["San Francisco Bay Area", "New York", "Beijing"]
TOP3_QUERY = ("SELECT ?rank ?city WHERE { ?obs ik:dimension <https://w3id.org/innokg/id/dimension/overall> ; "
              "ik:rank ?rank ; ik:city/rdfs:label ?city FILTER(?rank <= 3 && LANGMATCHES(LANG(?city), 'en')) } "
              "ORDER BY ?rank")


def _no_5xx(response):
    assert response.status_code < 500, response.read()


@pytest.fixture(scope="module")
def seed():
    return build_memory()


@pytest.fixture(scope="module")
def client(seed):
    with TestClient(create_app(seed, Settings(max_rows=1000)), raise_server_exceptions=False) as test_client:
        test_client.event_hooks = {"request": [], "response": [_no_5xx]}
        yield test_client


def test_select_in_every_results_format(client):
    def ask(accept):
        answer = client.get("/sparql", params={"query": TOP3_QUERY}, headers={"Accept": accept})
        assert answer.status_code == 200
        return answer

    as_json = ask("application/sparql-results+json").json()
    assert [b["city"]["value"] for b in as_json["results"]["bindings"]] == TOP3
    assert as_json["results"]["bindings"][0]["rank"] == {
        "type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    xml = ET.fromstring(ask("application/sparql-results+xml").content)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [e.text for e in xml.findall(".//r:binding[@name='city']/r:literal", ns)] == TOP3
    csv = ask("text/csv")
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv.text == "rank,city\r\n1,San Francisco Bay Area\r\n2,New York\r\n3,Beijing\r\n"
    tsv = ask("text/tab-separated-values").text
    assert tsv.splitlines()[0] == "?rank\t?city"
    assert tsv.splitlines()[3] == '3\t"Beijing"@en'  # SPARQL TSV: numbers in Turtle's short form
    assert ask("text/csv;q=0.5, application/sparql-results+xml;q=0.9").headers["content-type"] == \
        "application/sparql-results+xml"
    assert ask("text/html,application/xhtml+xml,*/*;q=0.8").headers["content-type"] == "application/sparql-results+json"


def test_ask_and_construct_formats(client):
    asked = client.get("/sparql", params={"query": f"ASK {{ <{ID}city/beijing> a ik:City }}"},
                       headers={"Accept": "application/sparql-results+xml"})
    assert "<boolean>true</boolean>" in asked.text
    construct = f"CONSTRUCT {{ <{ID}city/beijing> rdfs:label ?l }} WHERE {{ <{ID}city/beijing> rdfs:label ?l }}"
    expected = {("Beijing", "en"), ("北京", "zh-hans")}
    for accept, check in [
        ("text/turtle", lambda text: '"北京"@zh-hans' in text and "@prefix rdfs:" in text),
        ("application/n-triples", lambda text: text.count("\n") == 2),
        ("application/rdf+xml", lambda text: text.startswith("<?xml")),
    ]:
        answer = client.get("/sparql", params={"query": construct}, headers={"Accept": accept})
        assert answer.headers["content-type"].split(";")[0] == accept and check(answer.text), accept
    jsonld = client.get("/sparql", params={"query": construct}, headers={"Accept": "application/ld+json"}).json()
    labels = jsonld[0]["http://www.w3.org/2000/01/rdf-schema#label"]
    assert {(label["@value"], label["@language"]) for label in labels} == expected
    assert client.get("/sparql", params={"query": construct, "format": "csv"}).status_code == 400
    assert client.get("/sparql", params={"query": construct}, headers={"Accept": "text/csv"}).status_code == 406


def test_post_form_and_direct(client):
    form = client.post("/sparql", data={"query": TOP3_QUERY}, headers={"Accept": "text/csv"})
    assert form.text.splitlines()[3] == "3,Beijing"
    direct = client.post("/sparql", content=TOP3_QUERY.encode(),
                         headers={"Content-Type": "application/sparql-query; charset=UTF-8", "Accept": "text/csv"})
    assert direct.text == form.text
    both = client.post("/sparql", data={"query": TOP3_QUERY, "update": "CLEAR ALL"})
    assert both.status_code == 400
    assert client.post("/sparql", data={"default-graph-uri": "http://e/g"}).text == "missing the query= parameter\n"
    latin = client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "application/sparql-query; charset=latin1"})
    assert latin.status_code == 415


def test_service_and_load_are_refused(client):
    federated = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"})
    assert (federated.status_code, federated.text) == (
        400, "SERVICE (federated query) is disabled on this endpoint: the server fetches no URL\n")


def test_updates_are_off_by_default(client):
    answer = client.post("/update", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert answer.status_code == 403
    assert client.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 403
    assert client.get("/update").status_code == 405


def test_entity_not_found_and_bad_iri(client):
    assert client.get("/api/entities/city/atlantis").json() == {
        "detail": f"the graph says nothing about <{ID}city/atlantis>"}
    assert client.get("/api/entities/city/atlantis").status_code == 404
    assert client.get("/api/entity", params={"iri": "not an iri"}).status_code == 400
    assert client.get("/api/entity").status_code == 400


def test_entity_facts_carry_provenance(client):
    page = client.get("/api/entities/observation/gis100-2025/technology-beijing-top4").json()
    by_property = {fact["property"]["value"].rsplit("#", 1)[-1]: fact for fact in page["facts"]}
    assert by_property["rankAtMost"]["value"]["value"] == "4"
    graph = by_property["rankAtMost"]["graph"]
    assert graph["value"] == "https://w3id.org/innokg/graph/gis100-2025-global"
    assert graph["assertion_mode"] == "stated"
    assert [source["labels"]["en"] for source in graph["sources"]] == ["Global view: the US–China bipolar pattern"]
    assert "contradicts" not in by_property  # "top 4" and "top 3" are compatible bounds, not a contradiction
    combined = [(link["subject"]["value"], link["graph"]["value"]) for link in page["inbound"]
                if link["property"]["value"].endswith("#combinesClaim")]
    assert combined == [(ID + "observation/gis100-2025/technology-beijing-tightest-bound",
                         "https://w3id.org/innokg/graph/gis100-2025-inferred")]


def test_entity_terms_are_written_as_sparql_json_results_write_them(client):
    facts = client.get("/api/entity", params={"iri": ID + "city/beijing"}).json()["facts"]
    labels = sorted((fact["value"]["value"], fact["value"]["xml:lang"]) for fact in facts
                    if fact["property"]["value"] == "http://www.w3.org/2000/01/rdf-schema#label")
    assert labels == [("Beijing", "en"), ("北京", "zh-hans")]
    assert all("lang" not in fact["value"] for fact in facts)
    as_sparql = client.get("/sparql", params={"query": f"SELECT ?l WHERE {{ <{ID}city/beijing> rdfs:label ?l }}"},
                           headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert sorted((binding["l"]["value"], binding["l"]["xml:lang"]) for binding in as_sparql) == labels


def test_search_ranks_exact_before_prefix_before_substring(client):
    hits = client.get("/api/search", params={"q": "beijing", "limit": 3}).json()["results"]
    assert [(hit["id"], hit["match"]) for hit in hits] == [
        ("city/beijing", "exact"), ("metro/jing-jin-ji", "prefix"),
        ("observation/gis100-2025/overall-beijing", "prefix")]
    assert client.get("/api/search", params={"q": "北京"}).json()["results"][0]["matched_label"] == "北京"
    alt = client.get("/api/search", params={"q": "San Francisco"}).json()["results"][0]
    assert (alt["id"], alt["match"], alt["labels"]["en"]) == ("city/san-francisco-bay-area", "exact", "San Francisco Bay Area")
    assert client.get("/api/search", params={"q": "  "}).status_code == 400
    assert client.get("/api/search", params={"q": "x", "limit": 0}).status_code == 400


def test_saved_queries_listed_and_run_with_typed_params(client):
    listing = client.get("/api/queries").json()["queries"]
    top10 = next(query for query in listing if query["id"] == "top10-overall")
    assert top10["title_zh"] == "全球科技创新中心前10强（按名次）"
    assert top10["params"] == [{"name": "index", "type": "iri", "default": "https://w3id.org/innokg/id/index/gis100",
                                "description": "The index (two indexes may have an edition the same year)"},
                               {"name": "edition", "type": "xsd:integer", "default": "2025",
                                "description": "Edition year of the ranking"}]
    assert top10["csv_url"] == "/api/queries/top10-overall.csv"
    answer = client.get("/api/queries/top10-overall.json", params={"edition": "2025"}).json()
    assert [row["city_en"] for row in answer["rows"]][:3] == TOP3 and answer["rows"][0]["rank"] == 1
    assert client.get("/api/queries/top10-overall.json", params={"edition": "2024"}).json()["rows"] == []
    profile = client.get("/api/queries/city-dimension-profile.json", params={"city": ID + "city/shanghai"}).json()
    assert profile["params"]["city"] == ID + "city/shanghai" and profile["rows"]
    bad = client.get("/api/queries/top10-overall.json", params={"edition": "2025 } ; DROP ALL"})
    assert (bad.status_code, bad.json()) == (400, {"detail": "parameter 'edition' expects xsd:integer, got '2025 } ; DROP ALL'"})
    unknown = client.get("/api/queries/top10-overall.json", params={"year": "2025"})
    assert unknown.json() == {"detail": "query 'top10-overall' has no parameter 'year'; valid parameters: index, edition"}
    missing = {"detail": "no saved query 'nope' (`innokg queries`, /queries and /api/queries list them)"}
    for path in ("/api/queries/nope.json", "/api/queries/nope.csv", "/api/queries/nope"):
        assert (client.get(path).status_code, client.get(path).json()) == (404, missing)
    assert client.get("/api/queries/top10-overall").json()["sparql"].startswith("# id: top10-overall")


def test_rankings_by_index_edition_and_dimension(client):
    catalog = client.get("/api/rankings").json()["rankings"]
    assert catalog[0]["url"] == "/api/rankings/gis100/2025/overall" and catalog[0]["observations"] == 30
    science = client.get("/api/rankings/gis100/2025/scientific-research-leadership").json()
    assert science["dimension_labels"]["en"] and science["rows"][0]["city"]["id"] == "city/beijing"
    assert science["rows"][0]["rank"] == 1 and science["rows"][0]["consecutive_editions"] == 3
    tech = client.get("/api/rankings/gis100/2025/technology-innovation-origination").json()["rows"]
    assert [(r["rank"], r["rank_at_most"], r["approximate_rank"], r["city"]["id"], r["observation"].rsplit("/", 1)[1])
            for r in tech] == [  # both stated claims stay, beside the tightest bound the curators inferred from them
        (None, 3, None, "city/beijing", "technology-beijing-tightest-bound"),
        (None, 3, None, "city/beijing", "technology-beijing-top3"),
        (None, 4, None, "city/beijing", "technology-beijing-top4"),
        (7, None, None, "city/shenzhen", "technology-shenzhen"), (None, None, 20, "city/hangzhou", "technology-hangzhou")]
    assert client.get("/api/rankings/gis100/1999/overall").status_code == 404
    assert client.get("/api/rankings/gis100/twenty/overall").status_code == 400


def test_chains_from_an_actor_by_label_alias_or_iri(client):
    answer = client.get("/api/chains", params={"from": "上海大学", "limit": 2})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["from"], body["to"], body["count"]) == (
        {"iri": ID + "org/shanghai-university", "zh": "上海大学", "en": "Shanghai University"}, None, 2)
    full = body["chains"][0]  # the full route the story links first; the channel of the grant is a curator's inference
    assert (full["rank"], full["length"], full["inferred_steps"], full["funded"], full["shortcut"]) == (1, 5, 2, True, False)
    assert [(s["from"]["zh"], s["relation"], s["to"]["zh"], s["date"], [x["mode"] for x in s["sources"]])
            for s in full["steps"]] == [
        ("上海大学", "co-builds", "环上大科技园", "2020-06-22", ["stated"]),
        ("环上大科技园", "operated-by", "上海环上大科技发展有限公司", None, ["inferred"]),
        ("上海环上大科技发展有限公司", "has-role", "李宇阳", None, ["stated"]),
        ("李宇阳", "brokers-with", "长三角国家技术创新中心", None, ["stated"]),
        ("长三角国家技术创新中心", "grant-through", "泮芯科技(上海)有限公司", "2025-01", ["inferred"]),
    ]
    assert full["steps"][-1]["details"] == [{"iri": ID + "policy/invest-first-equity-later", "zh": "先投后股",
                                              "en": "invest first, convert to equity later"}]
    same = [client.get("/api/chains", params={"from": name, "to": "Panxin Technology (Shanghai) Co., Ltd."}).json()
            for name in ("Shanghai University", "SHU", ID + "org/shanghai-university")]
    assert {json.dumps(answer, sort_keys=True) for answer in same} == {
        json.dumps({**client.get("/api/chains", params={"from": "上海大学"}).json(),
                    "to": {"iri": ID + "org/panxin-technology", "zh": "泮芯科技(上海)有限公司",
                           "en": "Panxin Technology (Shanghai) Co., Ltd."}}, sort_keys=True)}
    assert client.get("/api/chains", params={"from": "宝山区"}).json()["chains"] == []


def test_chains_answer_404_for_an_unknown_actor_and_400_for_bad_parameters(client):
    unknown = client.get("/api/chains", params={"from": "Atlantis"})
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "no actor is labelled 'Atlantis'"})
    nowhere = client.get("/api/chains", params={"from": "上海大学", "to": "Atlantis"})
    assert (nowhere.status_code, nowhere.json()) == (404, {"detail": "no entity is labelled 'Atlantis'"})
    assert client.get("/api/chains", params={"from": "https://example.org/nobody"}).json() == {
        "detail": "the graph says nothing about <https://example.org/nobody>"}
    assert client.get("/api/chains").json() == {"detail": "from: Field required"}
    assert client.get("/api/chains", params={"from": "SHU", "limit": 0}).status_code == 400


def test_openapi_documents_the_json_api(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/entities/{entity_id}", "/api/entity", "/api/search", "/api/queries",
                 "/api/queries/{query_id}.json", "/api/queries/{query_id}.csv", "/api/rankings/{index}/{edition}/{dimension}",
                 "/api/chains", "/sparql", "/update", "/health"):
        assert path in schema["paths"], path
    assert "facts" in schema["components"]["schemas"]["Entity"]["properties"]
    chains = schema["paths"]["/api/chains"]["get"]
    assert [p["name"] for p in chains["parameters"]] == ["from", "to", "limit", "max_steps"]
    assert set(chains["responses"]) == {"200", "400", "404", "422", "503"}
    assert chains["responses"]["422"]["content"]["application/json"]["schema"]["properties"] == {
        "detail": {"type": "string"}}  # a query stopped at the timeout, not FastAPI's validation error
    assert {"from", "relation", "stages", "date", "sources", "inferred"} <= set(
        schema["components"]["schemas"]["ChainStep"]["properties"])


def test_secure_defaults(seed):
    settings = Settings()
    assert (settings.allow_update, settings.cors_origins, settings.token) == (False, (), None)
    with TestClient(create_app(seed)) as plain:
        answer = plain.get("/health", headers={"Origin": "https://example.org"})
        assert "access-control-allow-origin" not in answer.headers
    with TestClient(create_app(seed, Settings(cors_origins=("https://yasgui.example",)))) as open_client:
        answer = open_client.get("/health", headers={"Origin": "https://yasgui.example"})
        assert answer.headers["access-control-allow-origin"] == "https://yasgui.example"
    with TestClient(create_app(seed, Settings(max_body=10))) as small:
        assert small.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}).status_code == 413


def test_unexpected_errors_show_no_stack_trace(seed):
    app = create_app(seed)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        answer = test_client.get("/boom")
    assert (answer.status_code, answer.text) == (500, "internal error\n")
