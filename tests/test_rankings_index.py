"""Editions belong to an index: two indexes with a 2025 edition are not merged by rank-changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build_memory
from kg.importing.loader import import_table
from kg.importing.rdf_in import import_rdf
from kg.results import collect
from kg.saved_queries import find_saved_query, run_saved_query

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture(scope="module")
def store():
    store = build_memory()
    import_rdf(store, FIXTURES / "cii-index.ttl", source="City Innovation Index report")
    import_table(store, FIXTURES / "cii-2025.csv", source="City Innovation Index 2025 report")
    return store


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
