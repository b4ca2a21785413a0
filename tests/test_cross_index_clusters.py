"""A made-up index of clusters, imported through the templates: a city's rank in it shows through its cluster.

Real CSV and xlsx files, a real store and real ``innokg`` processes: the
places template brings the clusters (东京—横滨 contains 东京 and a new city
横滨; 深圳—香港—广州 three cities of the seed), the indexes template an index
that ranks clusters, the rankings template its 2025 edition. ``rankings
indexes``, ``rankings profile`` and their report pages then show each
city's rank in that index through the cluster that contains it, saying so.
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import openpyxl
import pytest

from cq_helpers import answer
from cli_process import innokg
from kg.build import build_memory
from kg.store import OxigraphStore

ID = "https://w3id.org/innokg/id/"
GIS = "Global Science and Technology Innovation Centres 100"
STC = "Global S&T Clusters 20 (made up)"
TOKYO_YOKOHAMA = "via cluster 东京—横滨 / Tokyo–Yokohama"
PEARL_RIVER = "via cluster 深圳—香港—广州 / Shenzhen–Hong Kong–Guangzhou"


def rows_of(done: subprocess.CompletedProcess) -> list[list[str]]:
    assert done.returncode == 0, done.stderr
    return list(csv.reader(io.StringIO(done.stdout)))


@pytest.fixture(scope="module")
def seed_only(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "store"
    assert innokg("--store", str(path), "build").returncode == 0
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    """The seed, then places, an index of clusters and its 2025 edition, each imported with its template."""
    folder = tmp_path_factory.mktemp("clusters")
    path = folder / "store"
    assert innokg("--store", str(path), "build").returncode == 0
    (folder / "places.csv").write_text(
        "key,type,name_zh,name_en,country,contains,latitude,longitude\n"
        "tokyo-yokohama,cluster,东京—横滨,Tokyo–Yokohama,日本,东京; 横滨,35.55,139.65\n"
        "yokohama,city,横滨,Yokohama,日本,,35.44,139.64\n"
        "shenzhen-hong-kong-guangzhou,cluster,深圳—香港—广州,Shenzhen–Hong Kong–Guangzhou,中国,深圳; 香港; 广州,"
        "22.80,113.90\n", encoding="utf-8")
    (folder / "indexes.csv").write_text(
        "key,name_zh,name_en,publisher,ranks,list_size,dimensions\n"
        f"stc20,全球科技集群20强（虚构）,{STC},华东师范大学全球创新与发展研究院,cluster,20,overall\n", encoding="utf-8")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["index", "edition", "city", "rank"])
    sheet.append(["stc20", 2025, "深圳—香港—广州", 1])
    sheet.append(["stc20", 2025, "东京—横滨", 2])
    workbook.save(folder / "stc20-2025.xlsx")
    for name in ("places.csv", "indexes.csv", "stc20-2025.xlsx"):
        done = innokg("--store", str(path), "import", str(folder / name), "--source", "A made-up cluster list")
        assert done.returncode == 0, done.stderr
    return path


def test_the_containing_units_query_on_the_seed_and_after_the_import(store_path):
    assert answer(build_memory(), "policy-containing-units", ["place", "unit", "kind"]) == [
        (ID + "city/shanghai", ID + "metro/yangtze-river-delta", "https://w3id.org/innokg/ont#MetropolitanArea")]
    with OxigraphStore.open(store_path, read_only=True) as store:
        assert answer(store, "policy-containing-units", ["unit", "kind"], {"place": ID + "city/hong-kong"}) == [
            (ID + "cluster/shenzhen-hong-kong-guangzhou", "https://w3id.org/innokg/ont#Cluster"),
            (ID + "metro/greater-bay-area", "https://w3id.org/innokg/ont#MetropolitanArea")]


def test_rankings_indexes_shows_a_city_through_its_cluster(seed_only, store_path):
    before = rows_of(innokg("--store", str(seed_only), "rankings", "indexes", "东京", "-f", "csv"))
    after = rows_of(innokg("--store", str(store_path), "rankings", "indexes", "东京", "-f", "csv"))
    assert before[0] == after[0] == ["index", "edition", "dimension", "city_as_named", "rank", "matched_by", "sources"]
    assert [row[:6] for row in before[1:]][0] == [GIS, "2025", "overall ranking", "东京 / Tokyo", "7", "same IRI"]
    assert [row[:6] for row in after[1:]] == [
        [STC, "2025", "overall ranking", "东京—横滨 / Tokyo–Yokohama", "2", TOKYO_YOKOHAMA],
        *[row[:6] for row in before[1:]]]
    assert after[1][6] == "A made-up cluster list (stated)"


def test_a_city_new_to_the_graph_and_a_seed_city_in_a_three_city_cluster(store_path):
    store = ["--store", str(store_path)]
    assert [row[:6] for row in rows_of(innokg(*store, "rankings", "indexes", "Yokohama", "-f", "csv"))[1:]] == [
        [STC, "2025", "overall ranking", "东京—横滨 / Tokyo–Yokohama", "2", TOKYO_YOKOHAMA]]
    hong_kong = [row[:6] for row in rows_of(innokg(*store, "rankings", "indexes", "香港", "-f", "csv"))[1:]]
    assert hong_kong[0] == [STC, "2025", "overall ranking", "深圳—香港—广州 / Shenzhen–Hong Kong–Guangzhou", "1",
                            PEARL_RIVER]
    assert {row[0] for row in hong_kong[1:]} == {GIS}


def test_the_contained_places_query_on_the_seed_and_after_the_import(store_path):
    metro = "https://w3id.org/innokg/ont#MetropolitanArea"
    assert answer(build_memory(), "policy-contained-places", ["unit", "kind", "place"]) == [
        (ID + "metro/yangtze-river-delta", metro, ID + f"city/{key}") for key in ("hangzhou", "shanghai")]
    with OxigraphStore.open(store_path, read_only=True) as store:
        assert answer(store, "policy-contained-places", ["place"], {"unit": ID + "cluster/tokyo-yokohama"}) == [
            (ID + "city/tokyo",), (ID + "city/yokohama",)]


def test_rankings_indexes_of_a_cluster_shows_its_ranks_and_its_cities(store_path):
    """The cluster's own rank in the index of clusters, then its cities' ranks in the seed's index, by any dash."""
    store = ["--store", str(store_path)]
    for name in ("东京—横滨", "东京-横滨", "Tokyo–Yokohama", "cluster/tokyo-yokohama"):
        rows = rows_of(innokg(*store, "rankings", "indexes", name, "-f", "csv"))
        assert [row[:6] for row in rows] == [
            ["index", "edition", "dimension", "city_as_named", "rank", "matched_by"],
            [STC, "2025", "overall ranking", "东京—横滨 / Tokyo–Yokohama", "2", "same IRI"],
            [GIS, "2025", "overall ranking", "东京 / Tokyo", "7", "in cluster 东京—横滨 / Tokyo–Yokohama"],
        ], name  # 横滨 has no rank of its own
    pearl = [row[:6] for row in rows_of(innokg(*store, "rankings", "indexes", "深圳—香港—广州", "-f", "csv"))[1:]]
    assert pearl[0] == [STC, "2025", "overall ranking", "深圳—香港—广州 / Shenzhen–Hong Kong–Guangzhou", "1", "same IRI"]
    within = "in cluster 深圳—香港—广州 / Shenzhen–Hong Kong–Guangzhou"
    assert [row for row in pearl[1:] if row[2] == "overall ranking"] == [
        [GIS, "2025", "overall ranking", "深圳 / Shenzhen", "15", within],
        [GIS, "2025", "overall ranking", "香港 / Hong Kong", "28", within]]
    assert {row[5] for row in pearl[1:]} == {within} and {row[0] for row in pearl[1:]} == {GIS}


def test_rankings_indexes_of_a_metropolitan_area_lists_its_cities(seed_only):
    rows = rows_of(innokg("--store", str(seed_only), "rankings", "indexes", "粤港澳大湾区", "-f", "csv"))
    within = "in metropolitan area 粤港澳大湾区 / Guangdong–Hong Kong–Macao Greater Bay Area"
    assert [row[2:6] for row in rows[1:]] == [
        ["overall ranking", "深圳 / Shenzhen", "15", within], ["overall ranking", "香港 / Hong Kong", "28", within],
        ["global leadership as a scientific research centre", "广州 / Guangzhou", "≤30", within],
        ["global leadership as a scientific research centre", "香港 / Hong Kong", "≤30", within],
        ["global leadership as a scientific research centre", "深圳 / Shenzhen", "≤30", within],
        ["global origination of technological innovation", "深圳 / Shenzhen", "7", within]]
    done = innokg("--store", str(seed_only), "rankings", "indexes", "Atlantis")
    assert (done.returncode, done.stderr) == (2, "innokg: error: no city, cluster or metropolitan area is labelled "
                                                 "'Atlantis'\n")


def test_rankings_profile_in_the_cluster_index_says_via_which_cluster(store_path):
    store = ["--store", str(store_path)]
    assert rows_of(innokg(*store, "rankings", "profile", "Tokyo", "--index", "stc20", "-f", "csv")) == [
        ["notation", "dimension_zh", "dimension_en", "2025"],
        ["0", "综合排名", "overall ranking", f"2 ({TOKYO_YOKOHAMA})"]]
    assert rows_of(innokg(*store, "rankings", "profile", "广州", "--index", "stc20", "-f", "csv"))[1] == [
        "0", "综合排名", "overall ranking", f"1 ({PEARL_RIVER})"]
    own = rows_of(innokg(*store, "rankings", "profile", "Tokyo", "-f", "csv"))
    assert own[1] == ["0", "综合排名", "overall ranking", "7"]  # the seed's index ranks the city itself


def test_the_report_pages_say_via_which_cluster(store_path, tmp_path):
    store = ["--store", str(store_path)]
    done = innokg(*store, "report", "indexes", "东京", "-o", str(tmp_path / "indexes.html"))
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "indexes.html").read_text(encoding="utf-8")
    assert f"<td>{TOKYO_YOKOHAMA}</td>" in page
    assert "or shown through a cluster or metropolitan area that contains it (“via cluster X”)." in page
    done = innokg(*store, "report", "profile", "横滨", "--index", "stc20", "-o", str(tmp_path / "profile.html"))
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "profile.html").read_text(encoding="utf-8")
    assert f"<td>2 ({TOKYO_YOKOHAMA})</td>" in page
    assert "(via cluster X): the rank of a unit that contains the city, in an index that ranks such units." in page


def test_a_rank_names_the_kind_of_unit_its_index_ranks(store_path, tmp_path):
    """A city in the cluster index's existing edition, a metropolitan area and a cluster in the seed's city index."""
    table = tmp_path / "wrong-units.csv"
    table.write_text("index,edition,city,rank\nstc20,2025,北京,3\ngis100,2024,长三角,5\ngis100,2024,东京—横滨,6\n",
                     encoding="utf-8")
    with OxigraphStore.open(store_path, read_only=True) as store:
        before = store.graph_sizes()
    done = innokg("--store", str(store_path), "import", str(table), "--source", "x")
    assert done.returncode == 2
    kinds = "a city index ranks cities; an index of clusters or metropolitan areas declares it (ranks in the " \
            "indexes template).; hint: the row maps to data the SHACL shapes of the graph reject"
    assert [line for line in done.stderr.splitlines() if line.startswith("innokg:")] == [
        'innokg: error: wrong-units.csv: row 2, value "id:observation/stc20-2025/overall-beijing": does not conform '
        f"to the shapes: id:city/beijing is not of the kind of unit its index ranks (ik:Cluster): {kinds}",
        'innokg: error: wrong-units.csv: row 3, value "id:observation/gis100-2024/overall-yangtze-river-delta": does '
        "not conform to the shapes: id:metro/yangtze-river-delta is not of the kind of unit its index ranks "
        f"(ik:City): {kinds}",
        'innokg: error: wrong-units.csv: row 4, value "id:observation/gis100-2024/overall-tokyo-yokohama": does not '
        f"conform to the shapes: id:cluster/tokyo-yokohama is not of the kind of unit its index ranks (ik:City): {kinds}",
        "innokg: error: wrong-units.csv: 3 problems, nothing imported",
    ]
    with OxigraphStore.open(store_path, read_only=True) as store:
        assert store.graph_sizes() == before


def test_the_indexes_report_of_a_cluster_says_in_which_cluster(store_path, tmp_path):
    done = innokg("--store", str(store_path), "report", "indexes", "东京—横滨", "-o", str(tmp_path / "cluster.html"))
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "cluster.html").read_text(encoding="utf-8")
    assert "<td>in cluster 东京—横滨 / Tokyo–Yokohama</td>" in page and "<td>same IRI</td>" in page
    assert "Asked about a cluster or metropolitan area: its own ranks, and those of the cities it contains " \
           "(“in cluster X”)." in page
