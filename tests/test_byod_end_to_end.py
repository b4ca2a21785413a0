"""Bring your own data, end to end, with real ``innokg`` processes on a fresh store (the README walkthrough).

A researcher brings a second edition of the GIS100 (2024, top 30, made up here;
its source calls the San Francisco Bay Area 旧金山—硅谷, imported first as an
alias) and a second index: a top-20 list of science-and-technology clusters
(made up too), with the clusters as places of their own and two measures of
the index's own (patent applications, publications). Tables come as CSV and as
xlsx; nothing is written in RDF by hand. Then the answers are exact: rank
changes between the two GIS100 editions (with the rename), the saved query
rank-changes-between, the 2025 top 10 still 10 rows with one #1, and the new
index's own top list and measures.
"""

from __future__ import annotations

import csv
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

INNOKG = Path(sys.executable).parent / "innokg"
ID = "https://w3id.org/innokg/id/"
SOURCE_2024 = "GIS100 (2024) report, table 1 (made up)"
SOURCE_CLUSTERS = "Science and technology clusters 20 (2025) (made up)"
#: The README's walkthrough: its commands are the ones this test runs.
WALKTHROUGH = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").split(
    "### A second edition and a second index, end to end", 1)[1].split("\n## ", 1)[0]
#: Every command this test ran, as the README writes it: no --store, files by name, tables not CSV.
RAN: set[str] = set()

#: The made-up 2024 overall top 30 of the GIS100; 旧金山—硅谷 is the 2024 source's name of 旧金山湾区.
GIS100_2024 = ["纽约", "旧金山—硅谷", "伦敦", "北京", "波士顿", "东京", "巴黎", "首尔", "洛杉矶", "上海",
               "芝加哥", "西雅图", "慕尼黑", "深圳", "华盛顿", "新加坡", "斯德哥尔摩", "奥斯汀", "杭州", "休斯敦",
               "多伦多", "费城", "阿姆斯特丹", "剑桥", "圣迭戈", "大阪", "巴塞尔", "柏林", "广州", "香港"]

#: Beijing's 2024 ranks on three of the five dimensions (the xlsx part of the 2024 edition), as the 2025
#: report's previous ranks and streaks have them.
BEIJING_2024_DIMENSIONS = [("创新要素全球集聚力", 18), ("科学研究中心全球引领力", 1), ("创新环境全球支撑力", 25)]

#: Twenty made-up clusters: key, Chinese and English name, country, the seed's cities each contains.
CLUSTERS = [
    ("tokyo-yokohama-cluster", "东京—横滨集群", "Tokyo–Yokohama cluster", "日本", "东京"),
    ("shenzhen-hong-kong-guangzhou-cluster", "深圳—香港—广州集群", "Shenzhen–Hong Kong–Guangzhou cluster", "中国",
     "深圳; 香港; 广州"),
    ("beijing-cluster", "北京科技集群", "Beijing cluster", "中国", "北京"),
    ("seoul-cluster", "首尔科技集群", "Seoul cluster", "韩国", "首尔"),
    ("shanghai-suzhou-cluster", "上海—苏州集群", "Shanghai–Suzhou cluster", "中国", "上海"),
    ("san-jose-san-francisco-cluster", "圣何塞—旧金山集群", "San Jose–San Francisco cluster", "美国", "旧金山湾区"),
    ("osaka-kobe-kyoto-cluster", "大阪—神户—京都集群", "Osaka–Kobe–Kyoto cluster", "日本", "大阪"),
    ("boston-cambridge-cluster", "波士顿—坎布里奇集群", "Boston–Cambridge cluster", "美国", "波士顿"),
    ("new-york-cluster", "纽约科技集群", "New York cluster", "美国", "纽约"),
    ("paris-cluster", "巴黎科技集群", "Paris cluster", "法国", "巴黎"),
    ("london-cluster", "伦敦科技集群", "London cluster", "英国", "伦敦"),
    ("los-angeles-cluster", "洛杉矶科技集群", "Los Angeles cluster", "美国", "洛杉矶"),
    ("hangzhou-cluster", "杭州科技集群", "Hangzhou cluster", "中国", "杭州"),
    ("wuhan-cluster", "武汉科技集群", "Wuhan cluster", "中国", "武汉"),
    ("xian-cluster", "西安科技集群", "Xi'an cluster", "中国", "西安"),
    ("munich-cluster", "慕尼黑科技集群", "Munich cluster", "德国", "慕尼黑"),
    ("stockholm-cluster", "斯德哥尔摩科技集群", "Stockholm cluster", "瑞典", "斯德哥尔摩"),
    ("seattle-cluster", "西雅图科技集群", "Seattle cluster", "美国", "西雅图"),
    ("chicago-cluster", "芝加哥科技集群", "Chicago cluster", "美国", "芝加哥"),
    ("amsterdam-rotterdam-cluster", "阿姆斯特丹—鹿特丹集群", "Amsterdam–Rotterdam cluster", "荷兰", "阿姆斯特丹"),
]

#: The clusters index's 2025 edition: rank = position + 1; patent applications and publications (made up;
#: the 20th cluster's publications are not stated).
PATENTS = [121000, 113500, 87200, 66100, 60400, 52300, 48800, 30100, 29500, 25600,
           19800, 18700, 17600, 16300, 15200, 14100, 12900, 11800, 10700, 9600]
PUBLICATIONS = [152000, 171000, 188000, 98000, 141000, 93000, 61000, 129000, 118000, 84000,
                102000, 76000, 58000, 69000, 73000, 47000, 39000, 45000, 52000, None]


def innokg(store: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the ``innokg`` command on ``store``; it must succeed."""
    shown = " ".join(Path(arg).name if arg.startswith(str(store.parent)) else
                     f'"{arg}"' if " " in arg else arg for arg in args)
    RAN.add("innokg " + shown.replace(" -f csv", ""))
    done = subprocess.run([str(INNOKG), "--store", str(store), *args], capture_output=True, text=True,
                          timeout=600, env={"PATH": str(INNOKG.parent) + ":/usr/bin:/bin", "INNOKG_WAIT": "60"})
    assert done.returncode == 0, done.stderr
    return done


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def csv_rows(done: subprocess.CompletedProcess) -> list[dict]:
    return list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A fresh store with both editions of the GIS100 and the clusters index, imported as the README shows."""
    folder = tmp_path_factory.mktemp("byod")
    store = folder / "store"
    innokg(store, "build")
    # 1. The 2024 source's name of the Bay Area, then the 2024 edition: overall as CSV, Beijing's dimensions as xlsx.
    write_csv(folder / "aliases-2024.csv", ["entity", "alias"], [["旧金山湾区", "旧金山—硅谷"]])
    innokg(store, "import", str(folder / "aliases-2024.csv"), "--source", SOURCE_2024)
    write_csv(folder / "gis100-2024.csv", ["index", "edition", "city", "rank"],
              [["gis100", 2024, city, rank] for rank, city in enumerate(GIS100_2024, start=1)])
    innokg(store, "import", str(folder / "gis100-2024.csv"), "--source", SOURCE_2024)
    write_xlsx(folder / "gis100-2024-beijing.xlsx", ["index", "edition", "dimension", "city", "rank"],
               [["gis100", 2024, dimension, "北京", rank] for dimension, rank in BEIJING_2024_DIMENSIONS])
    innokg(store, "import", str(folder / "gis100-2024-beijing.xlsx"), "--source", SOURCE_2024)
    # 2. The clusters as places (CSV), the index with its measures (xlsx), its 2025 edition with the measures (CSV).
    write_csv(folder / "clusters.csv", ["key", "type", "name_zh", "name_en", "country", "contains"],
              [[key, "cluster", zh, en, country, contains] for key, zh, en, country, contains in CLUSTERS])
    innokg(store, "import", str(folder / "clusters.csv"), "--source", SOURCE_CLUSTERS)
    index = ["sti-clusters", "全球科技集群20强", "Global Science and Technology Clusters 20", "", "cluster", 20, "overall"]
    write_xlsx(folder / "sti-clusters-index.xlsx",
               ["key", "name_zh", "name_en", "publisher", "ranks", "list_size", "dimensions", "measure", "measure_zh",
                "measure_en", "measure_unit", "publisher_key", "publisher_zh", "publisher_en"],
               [[*index, "patent-applications", "专利申请量", "patent applications", "applications",
                 "cluster-observatory", "集群观察研究所", "Cluster Observatory"],
                [*index, "publications", "论文发表量", "publications", "papers",
                 "cluster-observatory", "集群观察研究所", "Cluster Observatory"]])
    innokg(store, "import", str(folder / "sti-clusters-index.xlsx"), "--source", SOURCE_CLUSTERS)
    write_csv(folder / "sti-clusters-2025.csv", ["index", "edition", "city", "rank", "patent_applications", "publications"],
              [["sti-clusters", 2025, cluster[1], rank, patents, publications] for rank, (cluster, patents, publications)
               in enumerate(zip(CLUSTERS, PATENTS, PUBLICATIONS), start=1)])
    innokg(store, "import", str(folder / "sti-clusters-2025.csv"), "--source", SOURCE_CLUSTERS)
    return store


#: The seed's 2025 overall top 30 (data/seed/gis100-2025.trig), in English as the answers name the cities.
SEED_2025 = ["San Francisco Bay Area", "New York", "Beijing", "London", "Boston", "Paris", "Tokyo", "Los Angeles",
             "Seoul", "Shanghai", "Chicago", "Munich", "Seattle", "Washington, D.C.", "Shenzhen", "Singapore",
             "Stockholm", "Hangzhou", "Austin", "Houston", "Philadelphia", "Toronto", "Amsterdam", "San Diego",
             "Cambridge", "Osaka", "Basel", "Hong Kong", "Berlin", "Zurich"]
#: GIS100_2024 in English: the same cities, 旧金山—硅谷 being the San Francisco Bay Area and 广州 Guangzhou.
ENGLISH = dict(zip(GIS100_2024, ["New York", "San Francisco Bay Area", "London", "Beijing", "Boston", "Tokyo",
                                 "Paris", "Seoul", "Los Angeles", "Shanghai", "Chicago", "Seattle", "Munich",
                                 "Shenzhen", "Washington, D.C.", "Singapore", "Stockholm", "Austin", "Hangzhou",
                                 "Houston", "Toronto", "Philadelphia", "Amsterdam", "Cambridge", "San Diego", "Osaka",
                                 "Basel", "Berlin", "Guangzhou", "Hong Kong"]))
RANK_2024 = {ENGLISH[city]: rank for rank, city in enumerate(GIS100_2024, start=1)}
RANK_2025 = {city: rank for rank, city in enumerate(SEED_2025, start=1)}



def test_every_import_landed_in_its_own_graph_and_the_store_conforms(store):
    query = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
             'FILTER STRSTARTS(STR(?g), "https://w3id.org/innokg/graph/import/") } ORDER BY ?g')
    assert [row["g"].rsplit("/", 1)[1] for row in csv_rows(innokg(store, "query", query, "-f", "csv"))] == [
        "aliases-2024", "clusters", "gis100-2024", "gis100-2024-beijing", "sti-clusters-2025", "sti-clusters-index"]
    assert innokg(store, "validate").stdout.splitlines()[1:] == ["SHACL: 0 results (0 violations)", "hygiene: 0 errors"]


def test_rank_changes_between_the_two_gis100_editions_name_the_rename(store):
    rows = csv_rows(innokg(store, "rankings", "changes", "--from-edition", "2024", "--to-edition", "2025", "-f", "csv"))
    overall = [(row["city_en"], row["from_rank"], row["to_rank"], row["change"], row["status"])
               for row in rows if row["dimension"] == "overall ranking"]
    # every city of both lists, by its 2025 rank, then the one that left; each change is the 2024 rank minus the 2025 one
    expected = [(city, str(RANK_2024[city]) if city in RANK_2024 else "", str(rank),
                 f"{RANK_2024[city] - rank:+d}".replace("+0", "0") if city in RANK_2024 else "",
                 "in both" if city in RANK_2024 else "only in the later edition") for city, rank in RANK_2025.items()]
    expected += [("Guangzhou", "29", "", "", "only in the earlier edition")]
    expected[0] = ("San Francisco Bay Area", "2", "1", "+1", "in both; 2024 matched via the alias 旧金山—硅谷")
    assert overall == expected
    assert len(overall) == 31 and overall[27] == ("Hong Kong", "30", "28", "+2", "in both")
    beijing = [(row["dimension"], row["from_rank"], row["to_rank"], row["change"], row["check"])
               for row in rows if row["city_en"] == "Beijing" and row["from_rank"]]
    assert beijing == [
        ("overall ranking", "4", "3", "+1", "agrees"),
        ("global agglomeration of innovation factors", "18", "11", "+7", "agrees"),
        ("global leadership as a scientific research centre", "1", "1", "0", "agrees"),
        ("global support of the innovation environment", "25", "20", "+5", "agrees")]


def test_the_saved_query_rank_changes_between_agrees(store):
    rows = csv_rows(innokg(store, "query", "rank-changes-between", "-f", "csv"))
    overall = [(row["city_en"], row["from_rank"], row["to_rank"], row["change"], row["status"])
               for row in rows if row["dimension_en"] == "overall ranking"]
    both = [(city, str(RANK_2024[city]), str(rank), str(RANK_2024[city] - rank), "in both")
            for city, rank in RANK_2025.items() if city in RANK_2024]
    assert overall == both + [("Guangzhou", "29", "", "", "only in the earlier edition"),
                              ("Zurich", "", "30", "", "only in the later edition")]
    assert [(row["dimension_en"], row["from_rank"], row["to_rank"], row["change"])
            for row in rows if row["city_en"] == "Beijing" and row["status"] == "in both"] == [
        ("overall ranking", "4", "3", "1"), ("global agglomeration of innovation factors", "18", "11", "7"),
        ("global leadership as a scientific research centre", "1", "1", "0"),
        ("global support of the innovation environment", "25", "20", "5")]


def test_the_2025_top10_of_the_gis100_is_still_ten_rows_with_one_first(store):
    rows = csv_rows(innokg(store, "query", "top10-overall", "-p", "edition=2025", "-f", "csv"))
    assert [(row["rank"], row["city_en"]) for row in rows] == [
        (str(rank), city) for rank, city in enumerate(SEED_2025[:10], start=1)]


def test_the_clusters_index_has_its_own_top_list(store):
    rows = csv_rows(innokg(store, "query", "top-n-overall", "-p", "index=sti-clusters", "-p", "edition=2025",
                           "-p", "n=20", "-f", "csv"))
    countries = {"日本": "Japan", "中国": "China", "韩国": "South Korea", "美国": "United States", "法国": "France",
                 "英国": "United Kingdom", "德国": "Germany", "瑞典": "Sweden", "荷兰": "Netherlands"}
    assert [(row["rank"], row["city_zh"], row["city_en"], row["country_en"]) for row in rows] == [
        (str(rank), zh, en, countries[country]) for rank, (_, zh, en, country, _) in enumerate(CLUSTERS, start=1)]


def test_the_clusters_index_is_described_as_the_seed_index_is(store):
    query = """PREFIX ik: <https://w3id.org/innokg/ont#>
    PREFIX qb: <http://purl.org/linked-data/cube#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?key ?publisher_en ?unit ?size (COUNT(DISTINCT ?component) AS ?components) WHERE {
      ?index a ik:RankingIndex ; ik:key ?key ; ik:editionStructure ?structure ; dcterms:publisher ?publisher .
      ?structure qb:component ?component . ?publisher rdfs:label ?publisher_en FILTER LANGMATCHES(LANG(?publisher_en), "en")
      OPTIONAL { ?index ik:ranksUnitsOf ?unit } OPTIONAL { ?index ik:listSize ?size }
    } GROUP BY ?key ?publisher_en ?unit ?size ORDER BY ?key"""
    assert [tuple(row.values()) for row in csv_rows(innokg(store, "query", query, "-f", "csv"))] == [
        ("gis100", "Institute for Global Innovation and Development, ECNU", "", "100", "5"),
        ("sti-clusters", "Cluster Observatory", "https://w3id.org/innokg/ont#Cluster", "20", "5")]


def test_the_clusters_index_has_its_own_measures(store):
    rows = csv_rows(innokg(store, "query", "index-measures", "-p", "index=sti-clusters", "-p", "edition=2025",
                           "-f", "csv"))
    expected = []
    for rank, (cluster, patents, publications) in enumerate(zip(CLUSTERS, PATENTS, PUBLICATIONS), start=1):
        expected.append((str(rank), cluster[1], cluster[2], "patent applications", str(patents), "applications"))
        if publications is not None:
            expected.append((str(rank), cluster[1], cluster[2], "publications", str(publications), "papers"))
    assert [tuple(row.values()) for row in rows] == expected
    assert len(rows) == 39


def test_a_column_that_is_no_measure_is_refused_in_one_line_and_nothing_is_written(store, tmp_path):
    before = innokg(store, "query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv").stdout
    path = write_csv(tmp_path / "sti-clusters-2024.csv", ["index", "edition", "city", "rank", "patent_applications",
                                                          "citations"], [["sti-clusters", 2024, "北京科技集群", 2, 80100, 5]])
    done = subprocess.run([str(INNOKG), "--store", str(store), "import", str(path), "--source", SOURCE_CLUSTERS],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode != 0
    assert [line for line in done.stderr.splitlines() if line.startswith("innokg: error:")] == [
        'innokg: error: sti-clusters-2024.csv: row 1, column "citations": unknown column (number 6); hint: the '
        "rankings template has the columns index, edition, dimension, city, rank, bound, previous_rank, score; a "
        "column may also be a measure of the index (sti-clusters declares patent-applications, publications), or "
        "declare it with `innokg template indexes`",
        "innokg: error: sti-clusters-2024.csv: 1 problem, nothing imported"]
    assert innokg(store, "query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv").stdout == before


def test_the_readme_walkthrough_is_what_this_test_runs(store):
    """Every command of the README's walkthrough is one this test runs (those the other tests run are run here
    when they were deselected), and succeeds on the walkthrough's store."""
    shown = {re.sub(r"\s+#\s.*$", "", line).strip() for block in WALKTHROUGH.split("```sh\n")[1:]
             for line in block.split("```", 1)[0].splitlines() if line.startswith("innokg ")}
    assert len(shown) == 13
    for command in sorted(shown - RAN):
        args = [str(store.parent / arg) if (store.parent / arg).is_file() else arg for arg in shlex.split(command)[1:]]
        innokg(store, *args)
    assert sorted(shown - RAN) == []
