"""Editions belong to an index: a second, made-up index with a 2025 edition does not mix with the seed's.

The second index (Science Cities 20, a top-20 list) comes in through ``innokg import`` of real files into a real
store on disk: an RDF file naming the index, then a rankings CSV of its 2025 edition. Every saved query that
takes an edition answers on it exactly as on the seed alone by default (the seed's index), and answers for the
other index when given its IRI, key or name.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cq_helpers import answer

from kg.build import build, build_memory
from kg.cli.main import main
from kg.store import OxigraphStore

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SCI20 = "https://w3id.org/innokg/id/index/sci20"

#: The saved queries that take an edition, hence the index too.
EDITION_QUERIES = ("city-dimension-profile", "country-cities-top-n", "dimension-leaders", "hu-line-cities",
                   "metro-areas-top30", "rank-streaks", "region-counts-top100", "report-findings", "report-metadata",
                   "science-top30-china", "stated-aggregates", "stated-vs-counted", "top-n-by-country",
                   "top-n-overall", "top10-overall", "rank-changes", "rank-changes-between")


def import_files(path: Path, *files: tuple[str, str]) -> None:
    """``innokg import FILE --source SOURCE`` for each (file under tests/fixtures/import, source)."""
    for name, source in files:
        assert main(["--store", str(path), "import", str(FIXTURES / name), "--source", source]) == 0


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("editions-per-index") / "store"
    build(path)
    import_files(path, ("sci20-index.ttl", "Science Cities 20 report"),
                 ("sci20-2025.csv", "Science Cities 20 (2025) report"))
    return path


@pytest.fixture(scope="module")
def store(store_path):
    opened = OxigraphStore.open(store_path, read_only=True)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def seed():
    return build_memory()


def _rows(store, query_id, params=None):
    from kg.results import collect
    from kg.saved_queries import find_saved_query, run_saved_query

    result = collect(run_saved_query(store, find_saved_query(query_id), params or {}))
    # a GROUP_CONCAT list is compared as a set: engines and stores join its parts in their own order
    return [tuple(None if term is None else " | ".join(sorted(term.value.split(" | "))) for term in row)
            for row in result.rows]


@pytest.mark.parametrize("query_id", EDITION_QUERIES)
def test_every_edition_query_takes_the_index_and_defaults_to_the_seeds(query_id, store, seed):
    from kg.saved_queries import find_saved_query

    params = {param.name: param for param in find_saved_query(query_id).params}
    assert params["index"].type == "iri" and params["index"].default == "https://w3id.org/innokg/id/index/gis100"
    assert _rows(store, query_id) == _rows(seed, query_id)


def test_top10_overall_has_one_first_per_index(store):
    default = answer(store, "top10-overall", ["rank", "city_en"])
    assert [rank for rank, _ in default] == [str(r) for r in range(1, 11)]
    assert default[0] == ("1", "San Francisco Bay Area")
    assert answer(store, "top10-overall", ["rank", "city_en"], {"index": SCI20}) == [
        ("1", "Beijing"), ("2", "Shanghai"), ("3", "Shenzhen"), ("4", "Tokyo"), ("5", "New York"),
        ("6", "San Francisco Bay Area"), ("7", "London"), ("8", "Seoul"), ("9", "Hangzhou"), ("10", "Singapore")]


def test_country_cities_list_beijing_once_per_index(store):
    assert answer(store, "country-cities-top-n", ["rank", "city_en"]) == answer(build_memory(), "country-cities-top-n",
                                                                               ["rank", "city_en"])
    assert [city for _, city in answer(store, "country-cities-top-n", ["rank", "city_en"])].count("Beijing") == 1
    assert answer(store, "country-cities-top-n", ["rank", "city_en"], {"index": SCI20}) == [
        ("1", "Beijing"), ("2", "Shanghai"), ("3", "Shenzhen"), ("9", "Hangzhou"), ("13", "Guangzhou"),
        ("14", "Hong Kong"), ("15", "Wuhan"), ("18", "Xi'an")]


def test_counts_and_leaders_of_the_other_index(store):
    assert answer(store, "top-n-by-country", ["country_en", "cities", "best_rank"], {"index": SCI20}) == [
        ("China", "4", "1"), ("United States", "2", "5"), ("Japan", "1", "4"), ("United Kingdom", "1", "7"),
        ("South Korea", "1", "8"), ("Singapore", "1", "10")]
    assert answer(store, "dimension-leaders", ["dimension_en", "city_en"], {"index": SCI20}) == [
        ("overall ranking", "Beijing"), ("global leadership as a scientific research centre", "Shanghai")]
    assert answer(store, "top-n-overall", ["rank", "city_en"], {"index": SCI20, "n": "30"})[-1] == ("20", "Berlin")
    assert answer(store, "metro-areas-top30", ["metro_en", "count"], {"index": SCI20, "n": "10"}) == [
        ("Yangtze River Delta", "2"), ("Beijing–Tianjin–Hebei", "1"), ("Guangdong–Hong Kong–Macao Greater Bay Area", "1")]


def test_the_other_index_states_nothing_the_seed_states(store):
    for query_id in ("region-counts-top100", "stated-aggregates", "stated-vs-counted", "report-findings",
                     "report-metadata", "hu-line-cities", "rank-streaks"):
        assert _rows(store, query_id, {"index": SCI20}) == [], query_id


@pytest.mark.parametrize("index", ["sci20", "Science Cities 20", "科学城市20强", "index/sci20", SCI20])
def test_the_index_parameter_takes_a_key_name_id_or_iri(index, store_path, capsys):
    assert main(["--store", str(store_path), "query", "top10-overall", "-p", f"index={index}", "-f", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(row["rank"], row["city_en"]) for row in rows][:3] == [("1", "Beijing"), ("2", "Shanghai"),
                                                                   ("3", "Shenzhen")]


@pytest.mark.parametrize("index", ["gis100", "GIS100", "全球科技创新中心100强"])
def test_the_seeds_index_by_name(index, store_path, capsys):
    assert main(["--store", str(store_path), "query", "top10-overall", "-p", f"index={index}", "-f", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(row["rank"], row["city_en"]) for row in rows][:3] == [("1", "San Francisco Bay Area"),
                                                                   ("2", "New York"), ("3", "Beijing")]


def test_a_key_names_one_entity(store):
    assert answer(store, "policy-entities-keyed", ["s"], {"key": "sci20"}) == [(SCI20,)]
    assert answer(store, "policy-entities-keyed", ["s"], {"key": "no-such-key"}) == []


def test_viz_ranking_draws_one_edition_of_one_index(store_path, tmp_path, capsys):
    out = tmp_path / "ranking.html"
    assert main(["--store", str(store_path), "viz", "ranking", "--lang", "en", "-o", str(out)]) == 0
    assert capsys.readouterr().err == (f"wrote {out}: Ranking: overall ranking, Global Science and Technology "
                                       "Innovation Centres 100, 2025 edition (top 30) (showing all 31 nodes)\n")  # as on the seed alone
    assert main(["--store", str(store_path), "viz", "ranking", "--index", "sci20", "--lang", "en", "-o", str(out)]) == 0
    assert capsys.readouterr().err == (f"wrote {out}: Ranking: overall ranking, Science Cities 20, 2025 edition "
                                       "(top 20) (showing all 21 nodes)\n")
    assert main(["--store", str(store_path), "viz", "ranking", "--index", "sci20", "--year", "2024",
                 "-o", str(out)]) == 2
    assert capsys.readouterr().err == ("innokg: error: no ranks on <https://w3id.org/innokg/id/dimension/overall> "
                                       "in edition 2024 of sci20\n")


def test_the_reports_name_the_index(store_path, tmp_path, capsys):
    page = tmp_path / "aggregates.html"
    assert main(["--store", str(store_path), "report", "stated-vs-counted", "--index", "sci20", "-o", str(page)]) == 0
    assert "<title>Stated vs counted aggregates: Science Cities 20, 2025 edition</title>" in page.read_text("utf-8")
    assert main(["--store", str(store_path), "report", "profile", "北京", "--index", "sci20", "-o", str(page)]) == 0
    html = page.read_text("utf-8")
    assert "<title>北京 Beijing: rank on every dimension in Science Cities 20 (2025)</title>" in html
    assert main(["--store", str(store_path), "report", "stated-vs-counted", "-o", str(page)]) == 0
    assert ("<title>Stated vs counted aggregates: Global Science and Technology Innovation Centres 100, 2025 "
            "edition</title>") in page.read_text("utf-8")


def test_the_ranking_export_takes_the_index(store_path, tmp_path, capsys):
    import openpyxl

    out = tmp_path / "ranking.xlsx"
    assert main(["--store", str(store_path), "export-ranking", "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {out}: 33 cities of gis100 2025\n"  # as on the seed alone
    assert main(["--store", str(store_path), "export-ranking", "--index", "sci20", "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {out}: 20 cities of sci20 2025\n"
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "sci20-2025"
    assert [[cell.value for cell in row][:3] for row in sheet.iter_rows(min_row=2, max_row=3)] == [
        [1, "北京", "Beijing"], [2, "上海", "Shanghai"]]


def test_the_map_shows_the_seeds_index_first(store):
    from kg.views.map import map_data

    data = map_data(store, "en")
    assert data["default"] == {"index": "https://w3id.org/innokg/id/index/gis100", "edition": 2025,
                               "dimension": "https://w3id.org/innokg/id/dimension/overall"}
    assert [index["name"] for index in data["indexes"]] == ["Global Science and Technology Innovation Centres 100",
                                                             "Science Cities 20"]
