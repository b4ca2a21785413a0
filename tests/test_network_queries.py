"""The exact edges the network projection queries (queries/networks/*.rq) return on the seed."""

from __future__ import annotations

from cq_helpers import answer

ID = "https://w3id.org/innokg/id/"
PARK, OPERATOR = ID + "org/huanshangda-science-park", ID + "org/shanghai-huanshangda-technology-development"
MANAGER, FIRM, NTIC = ID + "person/li-yuyang", ID + "org/panxin-technology", ID + "org/yangtze-river-delta-ntic"
UNIVERSITY = ID + "org/shanghai-university"


def test_funding_network_is_the_one_grant(seed_store):
    assert answer(seed_store, "network-funding", ["source", "target", "relation", "weight", "weightQualifier", "time"]) == [
        (NTIC, FIRM, "disburses to", "1", None, "2025-01")]


def test_city_network_is_empty_on_the_seed(seed_store):
    # every actor of the seed sits in Shanghai: no tie links two cities
    assert answer(seed_store, "network-cities", ["source", "target"]) == []


#: Two cities and the ties between parties placed in them, in a graph of its own.
CITY_TIES_TTL = """\
@prefix ik: <https://w3id.org/innokg/ont#> .
@prefix t: <https://w3id.org/innokg/id/test/> .
t:city-a a ik:City . t:city-b a ik:City .
t:district ik:locatedIn t:city-a .
t:park ik:locatedIn t:district .
t:firm ik:establishedIn t:city-b ; ik:incubatedBy t:park .
t:local-firm ik:locatedIn t:district ; ik:incubatedBy t:park .
t:fund ik:headquarteredAt t:city-a .
t:grant a ik:FundingFlow ; ik:funder t:fund ; ik:recipient t:firm .
"""


def test_city_network_links_the_cities_of_the_two_parties(seed_store):
    graph = "https://w3id.org/innokg/graph/test-city-ties"
    seed_store.load(CITY_TIES_TTL.encode(), "turtle", graph=graph)
    try:
        rows = answer(seed_store, "network-cities", ["source", "target", "relation", "weight"])
    finally:
        seed_store.drop_graph(graph)
    # the park (district → city A) incubates a firm of city B, a fund of city A funds it;
    # the firm incubated in its own city makes no tie between two cities
    city_a, city_b = ID + "test/city-a", ID + "test/city-b"
    assert sorted(rows) == [(city_a, city_b, "funding", "1"), (city_a, city_b, "incubation", "1")]


def test_tech_transfer_network_edges(seed_store):
    rows = answer(seed_store, "network-tech-transfer", ["source", "target", "relation"])
    assert len(rows) == 37
    for edge in [(UNIVERSITY, PARK, "co-builds"), (PARK, OPERATOR, "is run by"),
                 (OPERATOR, MANAGER, "has general manager"), (MANAGER, FIRM, "serves"),
                 (OPERATOR, FIRM, "serves"), (NTIC, FIRM, "disburses to"), (MANAGER, NTIC, "brokers with")]:
        assert edge in rows, edge
    # no source and no end of an edge is a place, a class, a concept or a newspaper
    ends = {node for source, target, _ in rows for node in (source, target)}
    assert all(node.startswith((ID + "org/", ID + "person/", ID + "policy/", ID + "zone/")) for node in ends)
    assert ID + "org/qingnianbao" not in ends
    assert not any(source == FIRM and relation.startswith("has ") for source, _, relation in rows)


def test_actor_network_edges(seed_store):
    rows = answer(seed_store, "network-actors", ["source", "target", "relation"])
    assert len(rows) == 32
    assert (PARK, FIRM, "incubates") in rows and (OPERATOR, PARK, "operates") in rows
    assert (ID + "person/wang-fei", FIRM, "role: chairman") in rows
