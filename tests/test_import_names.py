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


def test_the_first_words_of_a_firm_name_get_did_you_mean(tmp_path):
    from kg.importing.loader import import_table
    from kg.importing.problems import ImportFailed

    store = build_memory()
    firms = tmp_path / "firms.csv"
    firms.write_text("key,type,name_zh,name_en,city\n"
                     "shencai-new-energy,technology-firm,申材新能源科技(上海)有限公司,"
                     "Shencai New Energy Technology (Shanghai) Co. Ltd.,上海\n", encoding="utf-8")
    import_table(store, firms, source="firm register")
    units = tmp_path / "units.csv"
    units.write_text("key,type,name_zh,name_en,parent\n"
                     "shencai-lab,technology-firm,申材实验室,Shencai Lab,申材新能源\n"
                     "shencai-lab-2,technology-firm,申材二号实验室,Shencai Lab 2,Shencai New Energy\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_table(store, units, source="firm register")
    assert [str(problem) for problem in failed.value.problems] == [
        'units.csv: row 2, column "parent", value "申材新能源": unknown organization; hint: did you mean '
        "shencai-new-energy = 申材新能源科技(上海)有限公司 (Shencai New Energy Technology (Shanghai) Co. Ltd.)?",
        'units.csv: row 3, column "parent", value "Shencai New Energy": unknown organization; hint: did you mean '
        "shencai-new-energy = 申材新能源科技(上海)有限公司 (Shencai New Energy Technology (Shanghai) Co. Ltd.)?"]


def test_a_big_store_looks_the_defined_keys_and_names_up_with_the_same_answers(tmp_path):
    """Above Reconciler.LOOKUP_ABOVE things of a kind, a table's new keys and names are looked up, not loaded."""
    table = Table("orgs.csv", ["key", "type", "name_zh", "name_en"], [
        (2, {"key": "shanghai-university", "type": "university", "name_zh": "上大", "name_en": "SHU"}),
        (3, {"key": "shu-2", "type": "university", "name_zh": "上海大学", "name_en": "Shanghai University 2"}),
        (4, {"key": "new-lab", "type": "university", "name_zh": "新实验室", "name_en": "New Lab"})])
    answers = []
    for above in (Reconciler.LOOKUP_ABOVE, 0):
        reconciler = Reconciler(build_memory(), exclude_graph="http://e/g")
        reconciler.LOOKUP_ABOVE = above
        mapped = map_table(table, get_template("organizations"), reconciler, "http://e/g", "http://e/s")
        answers.append([str(problem) for problem in mapped.problems])
        assert ("organization" in reconciler._indexes) == (above != 0)  # looked up: the kind was never loaded
    assert answers[0] == answers[1] == [
        'orgs.csv: row 2, column "key", value "shanghai-university": key already names 上海大学 (Shanghai University) '
        "in the graph; hint: use another key, or write the same names to add facts to it",
        'orgs.csv: row 3, column "name_zh", value "上海大学": already in the graph as 上海大学 (Shanghai University) '
        "with key shanghai-university; hint: write key shanghai-university to add facts to it, or use another name"]
