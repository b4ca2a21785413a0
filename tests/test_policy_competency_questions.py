"""The exact answer of every saved query of queries/policy/ on the seed graph.

These are the questions the policy analyses (kg/policy/) ask a store; each
test runs one with its default parameters (and, where it tells more, with
others), so a query an engine answers wrongly shows here as on the seed
tests of queries/*.rq (tests/test_competency_questions.py).
"""

from __future__ import annotations

from cq_helpers import answer, short_answer

from kg.saved_queries import find_saved_query, run_saved_query

STORY = "Doers: Huanshangda Science Park and technology manager Li Yuyang"
GLOBAL = "Global view: the US–China bipolar pattern"
CHINA = "Focus on China: a historic leap of the leading cities"
LEAD = "Lead: China's top innovation cities move towards global leadership"
RECOMMENDATIONS = "Recommendations: a globally competitive innovation environment"
PARK, INSTITUTE, CENTRE = ("org/huanshangda-science-park", "org/huanshangda-future-industry-engineering-institute",
                           "org/huanshangda-proof-of-concept-centre")
GRANT, POLICY = "funding/panxin-invest-first-grant", "policy/invest-first-equity-later"
POC, PILOT, INCUBATION = "stage/proof-of-concept", "stage/pilot-scale-maturation", "stage/industrial-incubation"
PLACES = [(PARK, "park", "1"), ("zone/baoshan-huanshangda-innovation-circle", "zone", "2"),
          ("district/baoshan", "district", "3"), ("city/shanghai", "city", "4")]


def _ask(store, query_id, params=None):
    return bool(run_saved_query(store, find_saved_query(query_id), params or {}))


def test_policy_entities_labelled(seed_store):
    assert short_answer(seed_store, "policy-entities-labelled", ["s", "preferred"]) == [("org/shanghai-university", "1")]
    assert short_answer(seed_store, "policy-entities-labelled", ["s", "preferred"], {"needle": "shu"}) == [
        ("org/shanghai-university", "0")]
    assert answer(seed_store, "policy-entities-labelled", ["s"], {"needle": "atlantis"}) == []


def test_policy_entity_mentioned(seed_store):
    assert _ask(seed_store, "policy-entity-mentioned") is True
    assert _ask(seed_store, "policy-entity-mentioned", {"e": "https://w3id.org/innokg/id/org/atlantis"}) is False


def test_policy_instances_of(seed_store):
    assert short_answer(seed_store, "policy-instances-of", ["s"]) == [("city/beijing",)]
    assert answer(seed_store, "policy-instances-of", ["s"], {"c": "https://w3id.org/innokg/ont#Organization"}) == []
    assert short_answer(seed_store, "policy-instances-of", ["s"], {
        "s": "https://w3id.org/innokg/id/org/panxin-technology",
        "c": "https://w3id.org/innokg/ont#Enterprise"}) == [("org/panxin-technology",)]


def test_policy_score_nodes(seed_store):
    from kg.build import build_memory
    from kg.network.projection import find_network, project
    from kg.network.report import compute_metrics
    from kg.network.writeback import write_metrics

    assert answer(seed_store, "policy-score-nodes", ["s", "n"]) == []  # the seed stores no hub scores
    store = build_memory()
    network = find_network("actors")
    write_metrics(store, compute_metrics(project(store, network)), network)
    assert short_answer(store, "policy-score-nodes", ["s", "n"]) == [("hub-score/actors/org/ecnu", "org/ecnu")]


def test_policy_typed_in_graphs(seed_store):
    from kg.namespaces import GRAPH, ID
    from kg.policy.sparql import run_policy_query

    assert short_answer(seed_store, "policy-typed-in-graphs", ["thing"]) == [("org/panxin-technology",)]
    assert answer(seed_store, "policy-typed-in-graphs", ["thing"], {"g": "http://example.org/no-such-graph"}) == []
    both = [GRAPH + "huanshangda-inferred", GRAPH + "gis100-2025-inferred"]  # bound as kg/importing/commit.py does
    assert sorted(row["thing"].value.removeprefix(ID) for row in run_policy_query(
        seed_store, "policy-typed-in-graphs", {"g": both})) == [
        "ecosystem/beijing", "ecosystem/shanghai", "observation/gis100-2025/technology-beijing-tightest-bound",
        "org/panxin-technology"]


def test_policy_labels(seed_store):
    assert short_answer(seed_store, "policy-labels", ["s", "l", "order"]) == [
        ("city/beijing", "Beijing", "0"), ("city/beijing", "北京", "0")]


def test_policy_graph_sources(seed_store):
    rows = short_answer(seed_store, "policy-graph-sources", ["g", "mode", "section", "section_en"])
    assert sorted(rows) == [
        # the curators' records about the graphs: reference data, not stated by the articles
        ("curation", "assertion-mode/reference", "source/qnb-gis100-2025",
         "Youth Daily report on the release of the GIS100 (2025)"),
        ("curation", "assertion-mode/reference", "source/qnb-huanshangda",
         "Youth Daily profile: the park manager behind 754 incubated firms"),
        ("gis100-2025-china", "assertion-mode/stated", "source/qnb-gis100-2025-china", CHINA),
        ("gis100-2025-global", "assertion-mode/stated", "source/qnb-gis100-2025-global", GLOBAL),
        ("gis100-2025-inferred", "assertion-mode/inferred", "source/qnb-gis100-2025-china", CHINA),
        ("gis100-2025-lead", "assertion-mode/stated", "source/qnb-gis100-2025-lead", LEAD),
        ("gis100-2025-recommendations", "assertion-mode/stated", "source/qnb-gis100-2025-recommendations",
         RECOMMENDATIONS),
        ("huanshangda-inferred", "assertion-mode/inferred", "source/qnb-huanshangda-story", STORY),
        ("huanshangda-story", "assertion-mode/stated", "source/qnb-huanshangda-story", STORY),
        ("reference", "assertion-mode/reference", "source/innokg-gazetteer", "innokg reference gazetteer"),
        ("sources", "assertion-mode/stated", "source/qnb-gis100-2025",
         "Youth Daily report on the release of the GIS100 (2025)"),
        ("sources", "assertion-mode/stated", "source/qnb-huanshangda",
         "Youth Daily profile: the park manager behind 754 incubated firms"),
    ]


def test_policy_derived_from(seed_store):
    assert short_answer(seed_store, "policy-derived-from", ["x", "section", "label"]) == [
        (GRANT, "source/qnb-huanshangda-story", STORY)]


def test_policy_subclass_pairs(seed_store):
    rows = short_answer(seed_store, "policy-subclass-pairs", ["sub", "super"])
    assert sorted(sub for sub, sup in rows if sup in ("FundingFlow", "Enterprise")) == [
        "GrantAward", "IncubatedFirm", "ParkOperatingCompany", "TechnologyFirm"]
    assert {("ArticleSection", "Source"), ("FactGraph", "ProvenanceRecord"), ("RankObservation", "RankClaim"),
            ("RankClaim", "Evaluation"), ("GlobalInnovationCentre", "InnovationEcosystem"),
            ("Journalist", "ProvenanceAgent")} <= set(rows)
    assert not {name for pair in rows for name in pair} & {"RankingOrIndicator", "SourceOrProvenance"}  # renamed
    # issue 14's top: journalists, media and curators are provenance agents, memberships no talent
    assert not {("Journalist", "Person"), ("MediaOrganization", "Organization"), ("RoleAssignment", "InnovationTalent")} & set(rows)
    assert len(rows) == len(set(rows)) == 104


def test_policy_transfer_edges(seed_store):
    rows = short_answer(seed_store, "policy-transfer-edges", ["relation", "source", "target", "g", "fact", "detail"])
    li, panxin, ntic, shu = "person/li-yuyang", "org/panxin-technology", "org/yangtze-river-delta-ntic", \
        "org/shanghai-university"
    operator, inferred, story = "org/shanghai-huanshangda-technology-development", "huanshangda-inferred", \
        "huanshangda-story"
    assert sorted(rows, key=lambda row: tuple(value or "" for value in row)) == [
        ("brokers-with", li, ntic, story, "service/li-yuyang-panxin-funding-referral", None),
        ("co-builds", "org/baoshan-district-government", PARK, story, None, None),
        ("co-builds", "org/baoshan-district-government", operator, inferred, None, None),
        ("co-builds", shu, PARK, story, None, None),
        ("co-builds", shu, operator, inferred, None, None),
        ("facilitates-grant", li, panxin, story, GRANT, POLICY),
        ("grant-through", ntic, panxin, inferred, GRANT, POLICY),  # the centre as channel is inferred
        ("has-role", "org/ecnu-igis", "person/du-debin", "gis100-2025-global",
         "membership/du-debin-head-ecnu-igis", "role/institute-head"),
        ("has-role", "org/ecnu-igis", "person/du-debin", "gis100-2025-global",
         "membership/du-debin-professor-ecnu-igis", "role/professor"),
        ("has-role", PARK, li, story, "membership/li-yuyang-gm-huanshangda-science-park", "role/general-manager"),
        ("has-role", PARK, li, story, "membership/li-yuyang-technology-manager-huanshangda-science-park",
         "role/technology-manager"),
        ("has-role", panxin, "person/wang-fei", story, "membership/wang-fei-chairman-panxin", "role/chairman"),
        ("has-role", panxin, "person/wang-fei", story, "membership/wang-fei-co-founder-panxin", "role/co-founder"),
        ("has-role", panxin, "person/wang-fei", story, "membership/wang-fei-gm-panxin", "role/general-manager"),
        ("has-role", operator, li, story, "membership/li-yuyang-gm-shanghai-huanshangda-technology-development",
         "role/general-manager"),
        ("has-role", "org/shu-national-university-science-park", li, story,
         "membership/li-yuyang-gm-shu-national-university-science-park", "role/general-manager"),
        ("has-unit", "org/ecnu", "org/ecnu-igis", "gis100-2025-lead", None, None),
        ("hosts-affiliate", PARK, "org/huanshangda-carrier-network", inferred, None, None),
        ("hosts-affiliate", PARK, INSTITUTE, inferred, None, None),
        ("hosts-affiliate", PARK, CENTRE, inferred, None, None),
        ("hosts-affiliate", shu, "org/shu-national-university-science-park", story, None, None),
        ("hosts-founding", PARK, panxin, story, None, None),
        ("incubates", PARK, panxin, inferred, None, None),
        ("leads", li, "org/huanshangda-carrier-network", story, None, None),
        ("leads", li, INSTITUTE, story, None, None),
        ("leads", li, CENTRE, story, None, None),
        ("leads", li, "policy/baoshan-invest-first-equity-later-pilot", story, None, None),
        ("leads", li, "policy/huanshangda-model", story, None, None),
        ("operated-by", PARK, operator, inferred, None, None),
        ("serves", li, panxin, story, "service/li-yuyang-panxin-deal-advice", None),
        ("serves", li, panxin, story, "service/li-yuyang-panxin-funding-referral", None),
    ]


def test_policy_instances(seed_store):
    assert short_answer(seed_store, "policy-instances", ["firm", "class"]) == [
        ("org/shanghai-huanshangda-technology-development", "ParkOperatingCompany")]
    assert short_answer(seed_store, "policy-instances", ["firm", "class"], {
        "class": "https://w3id.org/innokg/ont#TechnologyFirm"}) == [("org/panxin-technology", "TechnologyFirm")]


def test_policy_fact_dates(seed_store):
    assert short_answer(seed_store, "policy-fact-dates", ["x", "p", "value", "inferred"]) == [
        (GRANT, "date", "2025-01", "true")]


def test_policy_fact_stages(seed_store):
    assert short_answer(seed_store, "policy-fact-stages", ["x", "stage", "kind", "order"]) == [
        (INSTITUTE, POC, "covers", "1"), (INSTITUTE, PILOT, "covers", "2"), (INSTITUTE, INCUBATION, "covers", "3")]
    assert short_answer(seed_store, "policy-fact-stages", ["stage"], {"x": "https://w3id.org/innokg/id/" + GRANT}) == []


def test_policy_coverage_actors(seed_store):
    rows = short_answer(seed_store, "policy-coverage-actors", ["place", "placeType", "typeOrder", "who", "stage",
                                                               "basis", "g"])
    per_place = [(INSTITUTE, INCUBATION, "covers the stage", "huanshangda-story"),
                 (PARK, INCUBATION, "incubated a firm", "huanshangda-inferred"),
                 (INSTITUTE, PILOT, "covers the stage", "huanshangda-story"),
                 (INSTITUTE, POC, "covers the stage", "huanshangda-story"),
                 (CENTRE, POC, "covers the stage", "huanshangda-story")]
    assert sorted(rows) == sorted(place + coverer for place in PLACES for coverer in per_place)


def test_policy_coverage_instruments(seed_store):
    rows = short_answer(seed_store, "policy-coverage-instruments", ["place", "placeType", "typeOrder", "who", "stage",
                                                                    "basis", "g"])
    assert sorted(rows) == sorted(
        [place + (POLICY, None, "funded a recipient here", "huanshangda-story") for place in PLACES]
        + [place + (POLICY, None, "piloted here", "huanshangda-story") for place in PLACES[2:]])


def test_policy_pipeline_stages(seed_store):
    assert short_answer(seed_store, "policy-pipeline-stages", ["stage", "order"]) == [
        (POC, "1"), (PILOT, "2"), (INCUBATION, "3")]


def test_policy_funding_flows(seed_store):
    columns = ["flow", "g", "funder", "channel", "instrument", "recipient", "stage", "value", "min", "max", "currency",
               "qualifier", "date", "date_inferred"]
    assert short_answer(seed_store, "policy-funding-flows", columns) == [
        (GRANT, "huanshangda-story", None, "org/yangtze-river-delta-ntic", POLICY, "org/panxin-technology", None,
         None, None, None, None, None, "2025-01", "true")]
    assert answer(seed_store, "policy-funding-flows", ["flow"], {"class": "https://w3id.org/innokg/ont#FundingFlow"}) == []


def test_policy_ranking_catalog(seed_store):
    assert short_answer(seed_store, "policy-ranking-catalog", ["index_key", "year", "dimension", "notation",
                                                               "observations"]) == [
        ("gis100", "2025", "dimension/overall", "0", "30"),
        ("gis100", "2025", "dimension/innovation-factor-agglomeration", "1", "1"),
        ("gis100", "2025", "dimension/scientific-research-leadership", "2", "8"),
        ("gis100", "2025", "dimension/technology-innovation-origination", "3", "5"),
        ("gis100", "2025", "dimension/industrial-transformation-driving", "4", "1"),
        ("gis100", "2025", "dimension/innovation-environment-support", "5", "3"),
    ]


def test_policy_ranking(seed_store):
    rows = short_answer(seed_store, "policy-ranking", ["rank", "city", "country", "trend", "first_time", "stated_as",
                                                       "qualifier"])
    assert [row[1] for row in rows] == ["city/" + city for city in (
        "san-francisco-bay-area", "new-york", "beijing", "london", "boston", "paris", "tokyo", "los-angeles", "seoul",
        "shanghai", "chicago", "munich", "seattle", "washington", "shenzhen", "singapore", "stockholm", "hangzhou",
        "austin", "houston", "philadelphia", "toronto", "amsterdam", "san-diego", "cambridge", "osaka", "basel",
        "hong-kong", "berlin", "zurich")]
    assert [row[0] for row in rows] == [str(rank) for rank in range(1, 31)]
    assert rows[2] == ("3", "city/beijing", "country/cn", "trend/rose", "true", None, "qualifier/exact")
    assert rows[9] == ("10", "city/shanghai", "country/cn", "trend/held", None, "稳居全球第10", "qualifier/exact")
    assert {row[3:] for row in rows[:2] + rows[3:9] + rows[10:]} == {(None, None, None, "qualifier/exact")}
    science = short_answer(seed_store, "policy-ranking", ["rank", "rank_at_most", "city"], {
        "dimension": "https://w3id.org/innokg/id/dimension/scientific-research-leadership"})
    assert science == [("1", None, "city/beijing"), ("6", None, "city/shanghai")] + [
        (None, "30", "city/" + city) for city in ("guangzhou", "hangzhou", "hong-kong", "shenzhen", "wuhan", "xian")]
    assert answer(seed_store, "policy-ranking", ["city"], {"edition": "2024"}) == []


def test_policy_editions(seed_store):
    assert short_answer(seed_store, "policy-editions", ["edition", "year", "index", "key"]) == [
        ("edition/gis100-2025", "2025", "index/gis100", "gis100")]


def test_policy_edition_observations(seed_store):
    rows = short_answer(seed_store, "policy-edition-observations", [
        "obs", "g", "city", "dimension", "notation", "rank", "at_most", "approximate", "previous", "change", "trend"])
    obs = "observation/gis100-2025/"
    assert len(rows) == 49 and len({row[0] for row in rows}) == 49
    assert sum(row[3] == "dimension/overall" for row in rows) == 30
    beijing = sorted(row for row in rows if row[2] == "city/beijing")
    assert beijing == [
        (obs + "environment-beijing", "gis100-2025-china", "city/beijing", "dimension/innovation-environment-support",
         "5", "20", None, None, "25", "5", "trend/rose"),
        (obs + "factor-beijing", "gis100-2025-china", "city/beijing", "dimension/innovation-factor-agglomeration",
         "1", "11", None, None, "18", "7", "trend/rose"),
        (obs + "industry-beijing", "gis100-2025-china", "city/beijing", "dimension/industrial-transformation-driving",
         "4", "2", None, None, None, None, None),
        (obs + "overall-beijing", "gis100-2025-global", "city/beijing", "dimension/overall", "0", "3", None, None,
         None, None, "trend/rose"),
        (obs + "science-beijing", "gis100-2025-global", "city/beijing", "dimension/scientific-research-leadership",
         "2", "1", None, None, None, None, "trend/held"),
        (obs + "technology-beijing-tightest-bound", "gis100-2025-inferred", "city/beijing",
         "dimension/technology-innovation-origination", "3", None, "3", None, None, None, None),
        (obs + "technology-beijing-top3", "gis100-2025-china", "city/beijing",
         "dimension/technology-innovation-origination", "3", None, "3", None, None, None, "trend/held"),
        (obs + "technology-beijing-top4", "gis100-2025-global", "city/beijing",
         "dimension/technology-innovation-origination", "3", None, "4", None, None, None, "trend/held"),
    ]
    assert [row for row in rows if row[7] is not None] == [
        (obs + "technology-hangzhou", "gis100-2025-global", "city/hangzhou", "dimension/technology-innovation-origination",
         "3", None, None, "20", None, None, "trend/held")]


def test_policy_edition_aggregates(seed_store):
    rows = short_answer(seed_store, "policy-edition-aggregates", ["aggregate", "g"])
    agg = "aggregate/gis100-2025/"
    assert sorted(rows) == [(agg + name, "gis100-2025-" + graph) for name, graph in (
        ("environment-top30-asia", "global"), ("environment-top30-china", "recommendations"),
        ("factor-top30-us", "global"), ("science-top30-china", "china"), ("science-top30-us", "china"),
        ("top10-china-us", "global"), ("top100-asia-pacific", "global"), ("top100-china", "lead"),
        ("top100-china-east-of-hu-line", "china"), ("top100-china-in-three-metros", "china"),
        ("top100-europe", "global"), ("top100-north-america", "global"), ("top100-three-regions", "global"),
        ("top100-us", "lead"), ("top30-china-in-three-metros", "china"))]


def test_policy_city_labels(seed_store):
    rows = short_answer(seed_store, "policy-city-labels", ["city", "label"])
    assert len(rows) == 70 and len({city for city, _ in rows}) == 33
    assert sorted(row for row in rows if row[0] in ("city/beijing", "city/washington", "city/xian")) == [
        ("city/beijing", "Beijing"), ("city/beijing", "北京"), ("city/washington", "Washington"),
        ("city/washington", "Washington, D.C."), ("city/washington", "华盛顿"), ("city/xian", "Xi'an"),
        ("city/xian", "Xian"), ("city/xian", "西安")]


def test_policy_same_as(seed_store):
    # The seed declares no city the same as another; tests/test_policy_queries.py asks the policy fixtures.
    assert answer(seed_store, "policy-same-as", ["other", "p"]) == []


def test_policy_is_dimension(seed_store):
    assert _ask(seed_store, "policy-is-dimension") is True
    assert _ask(seed_store, "policy-is-dimension", {"dimension": "https://w3id.org/innokg/id/city/beijing"}) is False


def test_policy_notations(seed_store):
    assert short_answer(seed_store, "policy-notations", ["d", "n"]) == [("dimension/overall", "0")]
    assert short_answer(seed_store, "policy-notations", ["d", "n"], {
        "d": "https://w3id.org/innokg/id/dimension/innovation-environment-support"}) == [
        ("dimension/innovation-environment-support", "5")]


def test_policy_fact_parties(seed_store):
    rows = short_answer(seed_store, "policy-fact-parties", ["fact", "party"])
    assert rows == [("service/li-yuyang-panxin-funding-referral", party) for party in (
        "org/panxin-technology", "org/shanghai-huanshangda-technology-development", "org/yangtze-river-delta-ntic",
        "person/li-yuyang")]
