"""The networks on the seed graph: projections, the brokers a policy researcher would name, write-back."""

from __future__ import annotations

import json

import pytest

from kg.build import build_memory
from kg.cli.main import main
from kg.namespaces import ID
from kg.network.projection import edges_to_graph, find_network, list_networks, project
from kg.network.report import compute_metrics
from kg.network.writeback import data_key, metrics_graph, staleness, stored_runs, write_metrics
from kg.results import collect
from kg.saved_queries import find_saved_query, load_saved_queries, run_saved_query

PARK = ID + "org/huanshangda-science-park"
OPERATOR = ID + "org/shanghai-huanshangda-technology-development"
MANAGER = ID + "person/li-yuyang"
UNIVERSITY = ID + "org/shanghai-university"
DISTRICT = ID + "org/baoshan-district-government"
FUNDERS = (ID + "org/yangtze-river-delta-ntic", ID + "policy/invest-first-equity-later")
FIRM = ID + "org/panxin-technology"


@pytest.fixture(scope="module")
def seed():
    return build_memory()


@pytest.fixture(scope="module")
def tech_transfer(seed):
    return compute_metrics(project(seed, "tech-transfer"))


def test_every_network_query_is_a_saved_query_with_a_full_header():
    ids = {query.id: query for query in load_saved_queries()}
    for network in list_networks():
        query = ids[network.query.id]
        assert query.title and query.title_zh and query.question and query.question_zh, network.name
        assert network.query.id == f"network-{network.name}"
    assert [network.name for network in list_networks()] == ["actors", "cities", "funding", "tech-transfer"]


@pytest.mark.parametrize("name", ["actors", "cities", "funding", "tech-transfer"])
def test_no_class_concept_or_literal_becomes_a_node(seed, name):
    graph = project(seed, name)
    schema = {row[0].value for row in collect(seed.query(
        "SELECT ?t WHERE { VALUES ?k { owl:Class skos:Concept owl:ObjectProperty owl:DatatypeProperty } ?t a ?k }"
    )).rows}
    assert all(node.startswith(ID) for node in graph), name
    assert not schema & set(graph), name
    assert graph.graph["dropped_edges"] == 0


def test_projection_sizes_on_the_seed(seed):
    sizes = {name: (project(seed, name).number_of_nodes(), project(seed, name).number_of_edges())
             for name in ("actors", "cities", "funding", "tech-transfer")}
    assert sizes == {"actors": (17, 25), "cities": (0, 0), "funding": (2, 1), "tech-transfer": (19, 31)}


def test_projection_merges_parallel_facts_and_labels_nodes(seed):
    graph = project(seed, "tech-transfer")
    assert graph.edges[PARK, FIRM]["relations"] == ("hosts founding", "incubates")
    assert graph.edges[PARK, FIRM]["weight"] == 2.0
    assert graph.edges[PARK, OPERATOR]["relations"] == ("is run by",)
    assert graph.edges[OPERATOR, MANAGER]["relations"] == ("has general manager",)
    assert graph.nodes[PARK] == {"label_zh": "环上大科技园", "label_en": "Huanshangda Science Park",
                                 "element": "environment"}
    assert {graph.nodes[node]["element"] for node in (MANAGER, OPERATOR, PARK)} == {"talent", "actor", "environment"}


def test_funding_network_keeps_the_unstated_amount_as_weight_one(seed):
    graph = project(seed, "funding")
    assert list(graph.edges(data=True)) == [(FUNDERS[0], FIRM, {
        "weight": 1.0, "relations": ("disburses to",), "times": ("2025-01",), "lower_bound": False})]


def test_top_brokers_of_the_tech_transfer_chain(tech_transfer):
    """The general manager, the park and its operator are the top three hubs; the first two lead on
    betweenness too, and both broker across elements."""
    rows = {row["node"]: row for row in tech_transfer.rows}
    by_betweenness = sorted(rows, key=lambda node: -rows[node]["betweenness"])
    assert by_betweenness[:2] == [MANAGER, PARK]
    assert [row["node"] for row in tech_transfer.top(3)] == [MANAGER, PARK, OPERATOR]
    assert rows[MANAGER]["role"] == "liaison" and rows[PARK]["role"] == "itinerant"
    # the operator ranks above the university, the district and the funders it sits between ...
    for other in (UNIVERSITY, DISTRICT, *FUNDERS):
        assert rows[OPERATOR]["hub_score"] > rows[other]["hub_score"], other
        assert rows[OPERATOR]["betweenness"] > rows[other]["betweenness"], other
    # ... and is, with the park and its manager, in the innermost core and the top three by eigenvector
    assert {node for node in rows if rows[node]["core"] == 3} >= {MANAGER, PARK, OPERATOR}
    assert sorted(rows, key=lambda node: -rows[node]["eigenvector"])[:3] == [PARK, MANAGER, OPERATOR]
    assert [rows[node]["rank"] for node in (MANAGER, PARK, OPERATOR, FIRM)] == [1, 2, 3, 4]


def test_exact_values_on_the_seed(tech_transfer):
    rows = {row["node"]: row for row in tech_transfer.rows}
    assert (rows[MANAGER]["degree"], rows[PARK]["degree"], rows[OPERATOR]["degree"]) == (10, 10, 6)
    assert round(rows[MANAGER]["betweenness"], 4) == 0.3776
    assert round(rows[PARK]["betweenness"], 4) == 0.2336
    assert rows[MANAGER]["liaison"] == 8 and rows[MANAGER]["brokerage"] == 14
    assert tech_transfer.error_bound is None


def test_write_back_with_provenance_and_the_saved_query_ranks_hubs():
    store = build_memory()
    network = find_network("tech-transfer")
    report = compute_metrics(project(store, network))
    written = write_metrics(store, report, network)
    assert written == len(store.export("nquads", graph=metrics_graph("tech-transfer")).splitlines())
    rows = collect(run_saved_query(store, find_saved_query("top-hubs"), {"network": "tech-transfer"})).dicts()
    assert [row["node"].value for row in rows[:2]] == [MANAGER, PARK]
    assert [int(row["rank"].value) for row in rows] == list(range(1, 20))
    assert rows[0]["fingerprint"].value == report.fingerprint
    prov = collect(store.query("""
        SELECT ?started ?ended ?parameters (COUNT(?algorithm) AS ?algorithms) WHERE {
          <https://w3id.org/innokg/graph/metrics/tech-transfer> prov:wasGeneratedBy ?run .
          ?run ik:network/dcterms:identifier "tech-transfer" ; prov:startedAtTime ?started ;
               prov:endedAtTime ?ended ; ik:parameters ?parameters ; ik:algorithm ?algorithm .
        } GROUP BY ?started ?ended ?parameters""")).rows
    assert len(prov) == 1 and int(prov[0][3].value) == 10
    assert json.loads(prov[0][2].value) == {"alpha": 0.85, "delta": 0.05, "engine": report.parameters["engine"],
                                            "exact_limit": 10000, "samples": 200, "seed": 0,
                                            "data_key": data_key(store)}  # the data as it was: freshness at a glance
    assert collect(run_saved_query(store, find_saved_query("top-hubs"), {"network": "actors"})).rows == []


def test_metrics_turn_stale_when_the_data_changes_and_fresh_when_rewritten():
    store = build_memory()
    network = find_network("tech-transfer")
    assert staleness(store, network) == "not written"
    write_metrics(store, compute_metrics(project(store, network)), network)
    assert staleness(store, network) == "fresh"
    store.update("INSERT DATA { GRAPH <https://w3id.org/innokg/graph/huanshangda-story> { "
                 f"<{FIRM}> ik:incubatedBy <{OPERATOR}> }} }}")
    assert staleness(store, network) == "stale"
    assert staleness(store, find_network("funding")) == "not written"
    write_metrics(store, compute_metrics(project(store, network)), network)
    assert staleness(store, network) == "fresh"
    assert list(stored_runs(store)) == ["tech-transfer"]


def test_rewriting_replaces_the_metrics_graph():
    store = build_memory()
    network = find_network("tech-transfer")
    first = write_metrics(store, compute_metrics(project(store, network)), network)
    second = write_metrics(store, compute_metrics(project(store, network)), network)
    assert first == second == store.graph_sizes()[metrics_graph("tech-transfer")]


def test_metrics_are_valid_rdf_for_the_shapes_and_hygiene_checks():
    from kg.validate import validate

    store = build_memory()
    for name in ("actors", "tech-transfer"):
        network = find_network(name)
        write_metrics(store, compute_metrics(project(store, network)), network)
    report = validate(store)
    assert report.conforms, report.text()


def test_a_user_network_from_a_new_rq_file(tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text("# id: mine\n# title: Mine\n# directed: false\n"
                  "SELECT ?source ?target WHERE { ?source ik:coBuiltBy ?target }\n", encoding="utf-8")
    graph = project(build_memory(), find_network(str(rq)))
    assert not graph.is_directed()
    assert sorted(graph.neighbors(PARK)) == [DISTRICT, UNIVERSITY]


def test_edges_to_graph_keeps_lower_bounds():
    graph = edges_to_graph([("a", "b", "funds", 5.0, None, "https://w3id.org/innokg/id/qualifier/lower-bound"),
                            ("a", "b", "funds", 1.0)])
    assert graph.edges["a", "b"]["lower_bound"] is True and graph.edges["a", "b"]["weight"] == 6.0


def test_cli_metrics_table_csv_json_write_and_list(tmp_path, capsys):
    store = str(tmp_path / "store")
    assert main(["--store", store, "build"]) == 0
    capsys.readouterr()
    assert main(["--store", store, "metrics", "--network", "tech-transfer", "--top", "2"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["rank", "node", "label_zh"]
    assert [line.split()[1] for line in table[2:4]] == ["person/li-yuyang", "org/huanshangda-science-park"]
    assert table[4].startswith("network tech-transfer (directed): 19 nodes, 31 edges; betweenness exact over all 19 "
                               "sources (it fitted the time budget); harmonic closeness exact (igraph); ")
    assert main(["--store", store, "metrics", "-n", "tech-transfer", "--top", "1", "-f", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"1,{MANAGER},李宇阳,Li Yuyang,talent,")
    assert main(["--store", store, "metrics", "-n", "tech-transfer", "--top", "3", "-f", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["nodes"], document["edges"], len(document["rows"]), document["error_bound"]) == (19, 31, 3, None)
    assert main(["--store", store, "metrics", "-n", "tech-transfer", "--write"]) == 0
    # 19 records of a type, a node and 18 measures, less the zeros, the roles "none" and the weighted degrees
    # equal to the degree (150 left out: kg.network.writeback.IMPLIED), and the network and the run (25)
    assert "wrote 255 triples" in capsys.readouterr().err
    assert main(["--store", store, "metrics", "--list"]) == 0
    listing = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[2:-1]}
    assert " fresh " in listing["tech-transfer"] and "not written" in listing["actors"]
    assert main(["--store", store, "query", "top-hubs", "-p", "network=tech-transfer", "-f", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith(f"1,{MANAGER},李宇阳,Li Yuyang,")
    assert main(["--store", store, "validate"]) == 0


def test_cli_metrics_errors_are_one_line(tmp_path, capsys):
    store = str(tmp_path / "store")
    main(["--store", store, "build"])
    capsys.readouterr()
    assert main(["--store", store, "metrics", "--network", "nope"]) == 2
    assert capsys.readouterr().err == ("innokg: error: no network 'nope' in "
                                       f"{find_network('actors').query.path.parent}; known networks: "
                                       "actors, cities, funding, tech-transfer\n")
    assert main(["--store", store, "metrics", "--top", "0"]) == 2
    assert "--top: expected a positive whole number" in capsys.readouterr().err
    assert main(["--store", str(tmp_path / "none"), "metrics", "--write"]) == 2
    assert capsys.readouterr().err.startswith("innokg: error: no store at ")
