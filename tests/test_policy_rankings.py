"""Rankings across editions and indexes, on the seed plus a made-up 2024 edition and a second index."""

from __future__ import annotations

import pytest

from kg.policy.lookup import NotFound
from kg.policy.indexes import compare_indexes, index_rows, normalise_label, reconcile_city
from kg.policy.rankings import change_rows, city_profile, find_edition, profile_rows, rank_changes, stated_vs_counted
from remote_servers import store_backends

from policy_helpers import policy_store_on

FIXTURE_TABLE = "Test fixture: the 2024 ranking table (stated)"


@pytest.fixture(scope="module", params=store_backends())
def store(request):
    with policy_store_on(request.param) as loaded:
        yield loaded


def _known_virtuoso_difference(request) -> None:
    """The saved query stated-vs-counted meets the Virtuoso difference listed in tests/remote_servers.py."""
    if "[virtuoso" in request.node.nodeid:
        request.node.add_marker(pytest.mark.xfail(
            reason="Virtuoso: counts 0 where a subquery counts over a property path", strict=True))


def test_overall_rank_changes_2024_to_2025(store):
    rows = [row[1:] for row in change_rows(rank_changes(store, 2024, 2025, dimension="overall")) if row[6] == "in both"]
    assert rows == [
        # city_zh, city_en, from, to, change, status, stated (2025), check
        ["旧金山湾区", "San Francisco Bay Area", "1", "1", "0", "in both", "", ""],
        ["纽约", "New York", "2", "2", "0", "in both", "", ""],
        ["北京", "Beijing", "4", "3", "+1", "in both", "rose", "agrees"],
        ["伦敦", "London", "3", "4", "-1", "in both", "", ""],
        ["波士顿", "Boston", "5", "5", "0", "in both", "", ""],
        ["巴黎", "Paris", "7", "6", "+1", "in both", "", ""],
        ["东京", "Tokyo", "6", "7", "-1", "in both", "", ""],
        ["洛杉矶", "Los Angeles", "8", "8", "0", "in both", "", ""],
        ["首尔", "Seoul", "9", "9", "0", "in both", "", ""],
        ["上海", "Shanghai", "10", "10", "0", "in both", "held", "agrees"],
        ["芝加哥", "Chicago", "12", "11", "+1", "in both", "", ""],
        ["西雅图", "Seattle", "11", "13", "-2", "in both", "", ""],
    ]
    later_only = [row[2] for row in change_rows(rank_changes(store, 2024, 2025, dimension="overall"))
                  if row[6] == "only in the later edition"]
    assert later_only[:3] == ["Munich", "Washington, D.C.", "Shenzhen"] and len(later_only) == 18


def test_dimension_changes_are_checked_against_what_2025_states(store):
    rows = [[row[0], row[2], row[3], row[4], row[5], row[7], row[8]]
            for row in change_rows(rank_changes(store, 2024, 2025)) if row[0] != "overall ranking" and row[3]]
    assert rows == [
        ["global agglomeration of innovation factors", "Beijing", "18", "11", "+7", "previous 18, +7, rose", "agrees"],
        ["global leadership as a scientific research centre", "Beijing", "1", "1", "0", "held", "agrees"],
        ["global leadership as a scientific research centre", "Shanghai", "6", "6", "0", "held", "agrees"],
        ["global origination of technological innovation", "Shenzhen", "7", "7", "0", "rose", "disagrees"],
        ["global support of the innovation environment", "London", "1", "1", "0", "held", "agrees"],
        ["global support of the innovation environment", "Beijing", "25", "20", "+5", "previous 25, +5, rose", "agrees"],
    ]


def test_bounds_and_contradictions_are_kept_and_not_counted(store):
    beijing_tech = [c for c in rank_changes(store, 2024, 2025, dimension="technology-innovation-origination")
                    if c.city.en == "Beijing"][0]
    assert (beijing_tech.before.text(), beijing_tech.after.text(), beijing_tech.change, beijing_tech.status) == (
        "", "≤3 / ≤4", None, "only in the later edition")
    assert beijing_tech.after.stated_as == ("稳居前4", "稳居前三")


def test_stated_vs_counted_2024_with_coverage_explained(store, request):
    _known_virtuoso_difference(request)
    rows = [(r["label_en"], r["topN"], r["stated"], r["counted"], r["known"], r["verdict"], r["explanation"])
            for r in stated_vs_counted(store, 2024)]
    assert rows == [
        ("Chinese cities in the 2024 top 10: 3", "10", "3", "2", "10", "disagrees",
         "the graph knows all 10 places and counts 1 fewer: the sources disagree"),
        ("US cities in the 2024 top 10: 4", "10", "4", "4", "10", "agrees", "agrees; the graph knows all 10 places"),
        ("Chinese cities in the 2024 top 100: 19", "100", "19", "2", "12", "graph incomplete",
         "the graph knows 12 of the top 100; the 88 unknown places could hold the 17 missing"),
    ]
    assert {s.text() for r in stated_vs_counted(store, 2024) for s in r["sources"]} == {FIXTURE_TABLE}


def test_stated_vs_counted_2025_is_unchanged_by_the_other_editions(store, request):
    _known_virtuoso_difference(request)
    assert stated_vs_counted(store, 2025) == stated_vs_counted(store, 2025, "gis100")  # the seed's index by default
    rows = {r["label_en"]: (r["counted"], r["known"], r["verdict"]) for r in stated_vs_counted(store, 2025, "gis100")}
    assert len(rows) == 15
    assert rows["US cities in the top 100: 27"] == ("11", "30", "graph incomplete")
    assert rows["US and Chinese cities in the top 10: 6"] == ("6", "10", "agrees")


def test_beijing_profile_across_two_editions(store):
    city, editions, rows = city_profile(store, "Beijing")
    assert (city.zh, [e.year for e in editions]) == ("北京", [2024, 2025])
    assert profile_rows(rows) == [
        ["0", "综合排名", "overall ranking", "4", "3"],
        ["1", "创新要素全球集聚力", "global agglomeration of innovation factors", "18", "11"],
        ["2", "科学研究中心全球引领力", "global leadership as a scientific research centre", "1", "1"],
        ["3", "技术创新全球策源力", "global origination of technological innovation", "", "≤3 / ≤4"],
        ["4", "产业变革全球驱动力", "global driving force of industrial transformation", "", "2"],
        ["5", "创新环境全球支撑力", "global support of the innovation environment", "25", "20"],
    ]


def test_cities_are_reconciled_across_indexes():
    assert normalise_label("北京市") == normalise_label("北京") == "北京"
    assert normalise_label("Peking") != normalise_label("Beijing")


def test_reconcile_by_iri_label_and_same_as(store):
    fx = "https://example.org/fixture-cii/"
    assert reconcile_city(store, "北京") == {"https://w3id.org/innokg/id/city/beijing": "same IRI",
                                            fx + "peking": "label “北京市” ~ “北京”"}
    assert reconcile_city(store, "Shenzhen") == {"https://w3id.org/innokg/id/city/shenzhen": "same IRI",
                                                fx + "shenzhen-guangdong": "owl:sameAs"}
    # "Hong Kong SAR" shares no label with 香港 / Hong Kong: left apart, not guessed
    assert reconcile_city(store, "香港") == {"https://w3id.org/innokg/id/city/hong-kong": "same IRI"}


def test_indexes_side_by_side_for_beijing(store):
    rows = [row[:6] for row in index_rows(compare_indexes(store, "Beijing"))]
    assert rows[0] == ["Fixture City Innovation Index", "2025", "total score", "Peking", "2", "label “北京市” ~ “北京”"]
    gis = [(r[1], r[2], r[4]) for r in rows[1:]]
    assert gis == [
        ("2024", "overall ranking", "4"), ("2024", "global agglomeration of innovation factors", "18"),
        ("2024", "global leadership as a scientific research centre", "1"),
        ("2024", "global support of the innovation environment", "25"),
        ("2025", "overall ranking", "3"), ("2025", "global agglomeration of innovation factors", "11"),
        ("2025", "global leadership as a scientific research centre", "1"),
        ("2025", "global origination of technological innovation", "≤3 / ≤4"),
        ("2025", "global driving force of industrial transformation", "2"),
        ("2025", "global support of the innovation environment", "20"),
    ]


def test_editions_are_named_by_year_and_index(store):
    assert find_edition(store, 2024).iri == "https://w3id.org/innokg/id/edition/gis100-2024"
    assert find_edition(store, 2025, "fixture-cii").iri == "https://example.org/fixture-cii/edition-2025"
    with pytest.raises(NotFound, match="no 2023 edition"):
        rank_changes(store, 2023, 2025)
