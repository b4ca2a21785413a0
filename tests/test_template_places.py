"""`innokg template places`: cities, metropolitan areas, clusters, districts and countries, imported by real CLI runs."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from cli_process import import_ok, innokg, refused, store_path  # noqa: F401  (fixture)
from kg.store import OxigraphStore

G = "https://w3id.org/innokg/graph/import/"
ID = "https://w3id.org/innokg/id/"
HEADER = "key,type,name_zh,name_en,country,metropolitan_area,within,contains,latitude,longitude"
PLACES = [
    "tokyo-yokohama,cluster,东京—横滨,Tokyo–Yokohama,日本,,,东京; yokohama,35.55,139.65",
    "yokohama,city,横滨,Yokohama,jp,,,,35.44,139.64",
    "naka-ward,district,中区,Naka Ward,日本,,横滨,,,",
    "italy,country,意大利,Italy,,,,,41.87,12.57",
    "milan,city,米兰,Milan,italy,,,,45.46,9.19",
    "greater-tokyo,metropolitan-area,首都圈,Greater Tokyo Area,jp,,,东京;横滨,,",
]
#: What the places above become, shortened: (subject, predicate, object) under id:, ik:, geo:. Each IRI follows
#: the seed's pattern for its type (id:city/…, id:metro/…, id:cluster/…, id:district/…, id:country/…).
PLACE_FACTS = {
    ("cluster/tokyo-yokohama", "type", "ik:Cluster"), ("cluster/tokyo-yokohama", "ik:country", "country/jp"),
    ("cluster/tokyo-yokohama", "ik:containsPlace", "city/tokyo"),
    ("cluster/tokyo-yokohama", "ik:containsPlace", "city/yokohama"),
    ("cluster/tokyo-yokohama", "geo:lat", "35.55"), ("cluster/tokyo-yokohama", "geo:long", "139.65"),
    ("city/yokohama", "type", "ik:City"), ("city/yokohama", "ik:country", "country/jp"),
    ("city/yokohama", "geo:lat", "35.44"), ("city/yokohama", "geo:long", "139.64"),
    ("district/naka-ward", "type", "ik:District"), ("district/naka-ward", "ik:country", "country/jp"),
    ("district/naka-ward", "ik:locatedIn", "city/yokohama"),
    ("country/italy", "type", "ik:Country"), ("country/italy", "geo:lat", "41.87"),
    ("country/italy", "geo:long", "12.57"),
    ("city/milan", "type", "ik:City"), ("city/milan", "ik:country", "country/italy"),
    ("city/milan", "geo:lat", "45.46"), ("city/milan", "geo:long", "9.19"),
    ("metro/greater-tokyo", "type", "ik:MetropolitanArea"), ("metro/greater-tokyo", "ik:country", "country/jp"),
    ("metro/greater-tokyo", "ik:containsPlace", "city/tokyo"),
    ("metro/greater-tokyo", "ik:containsPlace", "city/yokohama"),
}


def facts(path: Path, graph: str) -> set[tuple[str, str, str]]:
    """The facts about places (id:city/…, id:metro/…, id:cluster/…, …) in ``graph``, shortened; labels and keys
    left out."""
    short = {ID: "", "https://w3id.org/innokg/ont#": "ik:", "http://www.w3.org/2003/01/geo/wgs84_pos#": "geo:",
             "http://www.w3.org/1999/02/22-rdf-syntax-ns#": ""}

    def shorten(text: str) -> str:
        for namespace, prefix in short.items():
            if text.startswith(namespace):
                return prefix + text[len(namespace):]
        return text

    with OxigraphStore.open(path, read_only=True) as store:
        rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
                           f"FILTER(REGEX(STR(?s), \"^{ID}(city|metro|cluster|district|country)/\")) }}")
        found = {(shorten(r["s"].value), shorten(r["p"].value), shorten(r["o"].value)) for r in rows}
    return {fact for fact in found if not fact[1].endswith(("label", "ik:key"))}


def labels(path: Path, iri: str) -> set[tuple[str, str]]:
    with OxigraphStore.open(path, read_only=True) as store:
        return {(r["l"].value, r["l"].language) for r in store.query(f"SELECT ?l WHERE {{ <{iri}> rdfs:label ?l }}")}


def imported(store_path: Path, table: Path, source: str = "Made-up gazetteer 2026") -> tuple[str, set]:
    """Import ``table`` (it must succeed) and return its last output line and the place facts of its graph."""
    return import_ok(store_path, table, source).stderr.splitlines()[-1], facts(store_path, G + table.stem)


def test_the_template_lists_the_columns_and_a_cluster_as_example():
    done = innokg("template", "places")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (f"{HEADER}\nshenzhen-hong-kong-guangzhou,cluster,深圳—香港—广州,"
                           "Shenzhen–Hong Kong–Guangzhou,中国,,,深圳; 香港; 广州,22.54,114.06\n")


def test_places_import_from_csv_with_their_links_and_coordinates(tmp_path, store_path):
    table = tmp_path / "places.csv"
    table.write_text("\n".join([HEADER, *PLACES]) + "\n", encoding="utf-8")
    assert imported(store_path, table) == (
        f"imported 6 rows (places) into <{G}places>: 63 quads, citing <{ID}source/made-up-gazetteer-2026>",
        PLACE_FACTS)
    assert labels(store_path, ID + "cluster/tokyo-yokohama") == {("东京—横滨", "zh-hans"), ("Tokyo–Yokohama", "en")}


def test_places_import_from_xlsx(tmp_path, store_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["shenzhen-hong-kong-guangzhou", "科技集群", "深圳—香港—广州", "Shenzhen–Hong Kong–Guangzhou", "中国",
                  None, None, "深圳；香港；广州", 22.54, 114.06])
    workbook.save(tmp_path / "clusters.xlsx")
    assert imported(store_path, tmp_path / "clusters.xlsx", "Made-up list")[1] == {
        ("cluster/shenzhen-hong-kong-guangzhou", "type", "ik:Cluster"),
        ("cluster/shenzhen-hong-kong-guangzhou", "ik:country", "country/cn"),
        *{("cluster/shenzhen-hong-kong-guangzhou", "ik:containsPlace", f"city/{key}")
          for key in ("shenzhen", "hong-kong", "guangzhou")},
        ("cluster/shenzhen-hong-kong-guangzhou", "geo:lat", "22.54"),
        ("cluster/shenzhen-hong-kong-guangzhou", "geo:long", "114.06"),
    }


def test_a_row_naming_a_seed_city_by_type_key_and_names_adds_facts_to_it(tmp_path, store_path):
    """tokyo,city,东京,Tokyo is the seed's id:city/tokyo: the row adds its metropolitan area; its cluster contains it."""
    table = tmp_path / "tokyo.csv"
    table.write_text("key,type,name_zh,name_en,country,metropolitan_area,contains,latitude,longitude\n"
                     "greater-tokyo,metropolitan-area,首都圈,Greater Tokyo Area,jp,,东京,,\n"
                     "tokyo,city,东京,Tokyo,,greater-tokyo,,35.68,139.69\n"
                     "tokyo-kawasaki,cluster,东京—川崎,Tokyo–Kawasaki,jp,,tokyo,35.6,139.7\n", encoding="utf-8")
    assert imported(store_path, table)[1] == {
        ("metro/greater-tokyo", "type", "ik:MetropolitanArea"), ("metro/greater-tokyo", "ik:country", "country/jp"),
        ("metro/greater-tokyo", "ik:containsPlace", "city/tokyo"),
        ("city/tokyo", "type", "ik:City"), ("city/tokyo", "ik:inMetropolitanArea", "metro/greater-tokyo"),
        ("city/tokyo", "geo:lat", "35.68"), ("city/tokyo", "geo:long", "139.69"),
        ("cluster/tokyo-kawasaki", "type", "ik:Cluster"), ("cluster/tokyo-kawasaki", "ik:country", "country/jp"),
        ("cluster/tokyo-kawasaki", "ik:containsPlace", "city/tokyo"),
        ("cluster/tokyo-kawasaki", "geo:lat", "35.6"), ("cluster/tokyo-kawasaki", "geo:long", "139.7"),
    }
    assert labels(store_path, ID + "city/tokyo") == {("东京", "zh-hans"), ("Tokyo", "en")}  # still one name each
    with OxigraphStore.open(store_path, read_only=True) as store:
        countries = [r["c"].value for r in store.query(f"SELECT ?c WHERE {{ <{ID}city/tokyo> ik:country ?c }}")]
    assert countries == [ID + "country/jp"]  # the seed's, left as it was


def test_a_known_key_with_other_names_or_another_type_is_refused_in_one_line(tmp_path, store_path):
    assert refused(store_path, tmp_path / "clash.csv",
                   "key,type,name_zh,name_en,country,contains,latitude\n"
                   "osaka,city,大阪府,Osaka Prefecture,jp,,\n"
                   "tokyo,cluster,东京,Tokyo,jp,横滨,\n"
                   "yokohama,city,横滨,Yokohama,jp,,\n") == [
        'innokg: error: clash.csv: row 2, column "key", value "osaka": key already names 大阪 (Osaka) in the graph; '
        "hint: use another key, or write the same names to add facts to it",
        'innokg: error: clash.csv: row 3, column "name_zh", value "东京": already in the graph as 东京 (Tokyo) with '
        "key tokyo; hint: write the type of id:city/tokyo to add facts to it, or use another name",
        'innokg: error: clash.csv: row 3, column "name_en", value "Tokyo": already in the graph as 东京 (Tokyo) with '
        "key tokyo; hint: write the type of id:city/tokyo to add facts to it, or use another name",
        "innokg: error: clash.csv: 3 problems, nothing imported",
    ]
    assert refused(store_path, tmp_path / "moved.csv",
                   "key,type,name_zh,name_en,latitude\ntokyo,city,东京,Tokyo,36.2\n") == [
        'innokg: error: moved.csv: row 2, value "id:city/tokyo": does not conform to the shapes: A latitude is one '
        "decimal number between -90 and 90. (geo:lat); hint: the row maps to data the SHACL shapes of the graph "
        "reject",
        "innokg: error: moved.csv: 1 problem, nothing imported",
    ]


def test_bad_coordinates_and_types_are_one_line_each_and_nothing_is_stored(tmp_path, store_path):
    assert refused(store_path, tmp_path / "bad.csv",
                   "key,type,name_zh,name_en,country,latitude,longitude\n"
                   "osaka-kobe,city,大阪—神户,Osaka–Kobe,jp,95,135.2\n"
                   "kyoto,world-region,京都,Kyoto,jp,35,135.7\n"
                   "nagoya,city,名古屋,Nagoya,jp,35.18,east\n") == [
        'innokg: error: bad.csv: row 2, column "latitude", value "95": not a latitude; hint: write decimal degrees '
        "between -90 and 90, e.g. 35.68 (south and west are negative)",
        'innokg: error: bad.csv: row 3, column "type", value "world-region": not allowed here: world-region; '
        "hint: write one of city, metropolitan-area, cluster, district, country",
        'innokg: error: bad.csv: row 4, column "longitude", value "east": not a longitude; hint: write decimal '
        "degrees between -180 and 180, e.g. 139.69 (south and west are negative)",
        "innokg: error: bad.csv: 3 problems, nothing imported",
    ]


def test_a_city_needs_its_country_and_a_cluster_its_cities(tmp_path, store_path):
    assert refused(store_path, tmp_path / "incomplete.csv",
                   "key,type,name_zh,name_en,country,contains\n"
                   "nagoya,city,名古屋,Nagoya,,\n"
                   "kansai,cluster,关西,Kansai,jp,\n") == [
        'innokg: error: incomplete.csv: row 2, value "id:city/nagoya": does not conform to the shapes: A city '
        "belongs to exactly one country. (ik:country); hint: the row maps to data the SHACL shapes of the graph reject",
        'innokg: error: incomplete.csv: row 3, value "id:cluster/kansai": does not conform to the shapes: A cluster '
        "names the places it contains (ik:containsPlace). (ik:containsPlace); hint: the row maps to data the SHACL "
        "shapes of the graph reject",
        "innokg: error: incomplete.csv: 2 problems, nothing imported",
    ]


def test_an_unknown_city_and_a_dashed_unit_name_the_places_template(tmp_path, store_path):
    assert refused(store_path, tmp_path / "ranks.csv",
                   "index,edition,city,rank\ngis100,2024,Yokohama,12\ngis100,2024,东京—横滨,13\n")[:2] == [
        'innokg: error: ranks.csv: row 2, column "city", value "Yokohama": unknown city; hint: no city of the graph '
        "has this key or name; check the spelling, or import it first with `innokg template places`",
        'innokg: error: ranks.csv: row 3, column "city", value "东京—横滨": unknown city; hint: the name joins several '
        "places (the graph knows tokyo = 东京 (Tokyo)): write one of them, or, for a unit spanning them (a "
        "metropolitan area or cluster), import it first as a place of its own with `innokg template places` "
        "(type cluster, contains the cities)",
    ]


def test_the_example_row_is_refused_unchanged(tmp_path, store_path):
    assert innokg("template", "places", "-o", str(tmp_path / "p.csv")).returncode == 0
    assert refused(store_path, tmp_path / "p.csv") == [
        "innokg: error: p.csv: row 2: the example row of the places template, unchanged; hint: write your own data "
        "over it, or delete the row",
        "innokg: error: p.csv: 1 problem, nothing imported",
    ]
