"""Names a table uses for places: a unit joining several cities with dashes is answered with the cities it names."""

from __future__ import annotations

import pytest

from kg.build import build_memory
from kg.importing.mapping import map_table
from kg.importing.reconcile import Reconciler
from kg.importing.tabular import Table
from kg.importing.templates import get_template


@pytest.fixture(scope="module")
def reconciler():
    return Reconciler(build_memory())


@pytest.mark.parametrize("dash", ["-", "–", "—", "－"])
def test_a_dashed_unit_suggests_each_city_it_names(reconciler, dash):
    match = reconciler.match("city", f"Boston{dash}Cambridge")
    assert match.found is None and match.parts
    assert [known.key for known in match.candidates] == ["boston", "cambridge"]


def test_a_dashed_unit_in_chinese(reconciler):
    assert [k.key for k in reconciler.match("city", "波士顿—剑桥").candidates] == ["boston", "cambridge"]


def test_a_misspelt_single_name_still_gets_did_you_mean(reconciler):
    match = reconciler.match("city", "Cambrige")
    assert not match.parts and [known.key for known in match.candidates] == ["cambridge"]


def test_the_row_hint_names_the_cities_and_the_way_to_import_the_unit(reconciler):
    table = Table("r.csv", ["index", "edition", "city", "rank"],
                  [(2, {"index": "gis100", "edition": "2024", "city": "Boston–Cambridge", "rank": "5"})])
    problems = map_table(table, get_template("rankings"), reconciler, "http://e/g", "http://e/s").problems
    assert [str(problem) for problem in problems] == [
        'r.csv: row 2, column "city", value "Boston–Cambridge": unknown city; hint: the name joins several places '
        "(the graph knows boston = 波士顿 (Boston), cambridge = 剑桥 (Cambridge)): write one of them, or, for a "
        "unit spanning them (a metropolitan area or cluster), import it first as a place of its own with "
        "`innokg template places` (type cluster, contains the cities)"]
