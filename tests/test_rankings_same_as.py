"""owl:sameAs followed by the rankings: a place imported as its own node, declared the same as a known city, is that city."""

from __future__ import annotations

import pytest
from cq_helpers import seed_with_imports

from kg.policy.rankings import change_rows, city_profile, profile_rows, rank_changes, same_as
from kg.results import collect
from kg.saved_queries import find_saved_query, run_saved_query

BAY = "https://w3id.org/innokg/id/city/san-francisco-bay-area"
OTHER = "https://example.org/other-index/sf-san-jose"


@pytest.fixture(scope="module")
def store():
    return seed_with_imports("sj-bay-area-same-as.ttl", "another index's gazetteer",
                             "gis100-2024-same-as.csv", "GIS100 2024 report")


def test_same_as_groups_the_imported_node_under_the_graphs_iri(store):
    assert same_as(store, {OTHER, BAY}) == {OTHER: BAY, BAY: BAY}


def test_rank_changes_count_the_move_of_the_same_place(store):
    rows = [row[:7] for row in change_rows(rank_changes(store, 2024, 2025, dimension="overall"))
            if row[3] and row[4]]
    assert rows == [
        ["overall ranking", "旧金山湾区", "San Francisco Bay Area", "2", "1", "+1",
         "in both; 2024 matched via the alias 旧金山—圣何塞"],
        ["overall ranking", "北京", "Beijing", "4", "3", "+1", "in both"],
    ]


def test_the_profile_of_the_known_city_shows_the_rank_stated_for_its_same_as_node(store):
    city, shown, rows = city_profile(store, "旧金山湾区", years=[2024, 2025])
    assert city.iri == BAY
    assert [row[:1] + row[3:] for row in profile_rows(rows) if row[2] == "overall ranking"] == [["0", "2", "1"]]


def test_the_saved_query_follows_same_as_and_lists_the_city_that_left(store):
    result = collect(run_saved_query(store, find_saved_query("rank-changes-between"), {}))
    rows = [tuple(term.value if term else "" for term in row[1:]) for row in result.rows
            if row[0].value == "overall ranking" and row[6].value != "only in the later edition"]
    assert rows == [
        ("旧金山湾区", "San Francisco Bay Area", "2", "1", "1", "in both"),
        ("北京", "Beijing", "4", "3", "1", "in both"),
        ("广州", "Guangzhou", "30", "", "", "only in the earlier edition"),
    ]


def test_rankings_changes_says_the_same_of_the_city_that_left(store):
    left = [row for row in change_rows(rank_changes(store, 2024, 2025, dimension="overall")) if row[2] == "Guangzhou"]
    assert [row[:7] for row in left] == [
        ["overall ranking", "广州", "Guangzhou", "30", "", "", "only in the earlier edition"]]
