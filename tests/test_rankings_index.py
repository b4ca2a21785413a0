"""Editions belong to an index: two indexes with a 2025 edition are not merged by rank-changes."""

from __future__ import annotations

import pytest
from cq_helpers import seed_with_imports

from kg.build import build_memory
from kg.results import collect
from kg.saved_queries import find_saved_query, run_saved_query


@pytest.fixture(scope="module")
def store():
    return seed_with_imports("cii-index.ttl", "City Innovation Index report",
                             "cii-2025.csv", "City Innovation Index 2025 report")


def _moves(store, values):
    result = collect(run_saved_query(store, find_saved_query("rank-changes"), values))
    names = result.variables
    return [tuple(row[names.index(n)].value if row[names.index(n)] else None
                  for n in ("city_en", "dimension_en", "previous_rank", "rank")) for row in result.rows]


def test_the_other_index_answers_alone(store):
    assert _moves(store, {"index": "https://w3id.org/innokg/id/index/cii"}) == [
        ("Beijing", "overall ranking", "3", "1"), ("Shanghai", "overall ranking", "2", "2")]


def test_the_seeds_index_is_the_default_and_leaves_the_other_out(store):
    assert ("Beijing", "overall ranking", "3", "1") not in _moves(store, {})
    assert _moves(store, {}) == _moves(build_memory(), {})
