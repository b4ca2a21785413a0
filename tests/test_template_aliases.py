"""`innokg template aliases`: another source's name for a known thing, then matched by later imports (real CLI runs)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from cli_process import import_ok, innokg, refused, store_path  # noqa: F401  (fixture)
from kg.store import OxigraphStore

G = "https://w3id.org/innokg/graph/import/"
ID = "https://w3id.org/innokg/id/"
XL = "http://www.w3.org/2008/05/skos-xl#"
GLOBAL = ID + "source/qnb-gis100-2025-global"
EDITION_2024 = ID + "source/gis100-2024-made-up"


def aliases(path: Path, graph: str) -> set[tuple]:
    """(entity, alias, language, sources of its SKOS-XL label) of the aliases ``graph`` records."""
    with OxigraphStore.open(path, read_only=True) as store:
        rows = list(store.query(
            f"SELECT ?e ?alias ?form (GROUP_CONCAT(STR(?source); separator=' ') AS ?sources) WHERE {{ GRAPH <{graph}> {{ "
            f"?e skos:altLabel ?alias ; <{XL}altLabel> ?label . ?label a <{XL}Label> ; <{XL}literalForm> ?form ; "
            "prov:wasDerivedFrom ?source } FILTER(?form = ?alias) } GROUP BY ?e ?alias ?form"))
    return {(r["e"].value.removeprefix(ID), r["alias"].value, r["alias"].language,
             frozenset(s.removeprefix(ID) for s in r["sources"].value.split())) for r in rows}


def ranks(path: Path, graph: str) -> set[tuple[str, int]]:
    """(city, rank) of the rank observations ``graph`` holds."""
    with OxigraphStore.open(path, read_only=True) as store:
        return {(r["city"].value.removeprefix(ID), int(r["rank"].value)) for r in store.query(
            f"SELECT ?city ?rank WHERE {{ GRAPH <{graph}> {{ ?o ik:city ?city ; ik:rank ?rank }} }}")}


def profile(path: Path, city: str, edition: str) -> list[str]:
    """The header and overall-ranking lines of ``innokg rankings profile CITY --edition EDITION -f csv``."""
    done = innokg("--store", str(path), "rankings", "profile", city, "--edition", edition, "-f", "csv")
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[:2]


def test_the_template_lists_the_columns_and_an_example():
    done = innokg("template", "aliases")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "entity,alias,language,source\n旧金山湾区,旧金山—圣何塞,zh-Hans,\n"


def test_an_alias_lets_a_later_rankings_row_find_the_city(tmp_path, store_path):
    table = tmp_path / "gis100-2024.csv"
    table.write_text("index,edition,city,rank\ngis100,2024,旧金山—圣何塞,2\ngis100,2024,Peking,4\n", encoding="utf-8")
    assert refused(store_path, table, source="GIS100 2024 (made up)")[1] == (
        'innokg: error: gis100-2024.csv: row 3, column "city", value "Peking": unknown city; '
        "hint: did you mean beijing = 北京 (Beijing)?")

    names = tmp_path / "aliases.csv"
    names.write_text("entity,alias,language,source\n"
                     "旧金山湾区,旧金山—圣何塞,,\n"
                     f"id:city/beijing,Peking,EN,{GLOBAL}\n", encoding="utf-8")
    import_ok(store_path, names, "GIS100 2024 (made up)")
    assert aliases(store_path, G + "aliases") == {
        ("city/san-francisco-bay-area", "旧金山—圣何塞", "zh-hans", frozenset({"source/gis100-2024-made-up"})),
        ("city/beijing", "Peking", "en", frozenset({"source/gis100-2024-made-up", "source/qnb-gis100-2025-global"})),
    }

    import_ok(store_path, table, "GIS100 2024 (made up)")
    assert ranks(store_path, G + "gis100-2024") == {("city/san-francisco-bay-area", 2), ("city/beijing", 4)}
    assert profile(store_path, "旧金山—圣何塞", "2024") == [
        "notation,dimension_zh,dimension_en,2024", "0,综合排名,overall ranking,2"]


def test_aliases_from_xlsx(tmp_path, store_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["entity", "alias"])
    sheet.append(["Xi'an", "长安"])
    sheet.append(["hong-kong", "Hong Kong SAR"])
    workbook.save(tmp_path / "names.xlsx")
    import_ok(store_path, tmp_path / "names.xlsx", "Made-up atlas")
    assert aliases(store_path, G + "names") == {
        ("city/xian", "长安", "zh-hans", frozenset({"source/made-up-atlas"})),
        ("city/hong-kong", "Hong Kong SAR", "en", frozenset({"source/made-up-atlas"})),
    }


def test_bad_rows_are_one_line_each_and_nothing_is_stored(tmp_path, store_path):
    assert refused(store_path, tmp_path / "bad-aliases.csv", "entity,alias,language,source\n"
                                                             "Atlantis,亚特兰蒂斯,,\n"
                                                             "上海,Hu,fr,\n"
                                                             "上海,申城,,a report nobody imported\n") == [
        'innokg: error: bad-aliases.csv: row 2, column "entity", value "Atlantis": unknown entity; hint: no entity '
        "of the graph has this key or name; check the spelling, or import it first with its template "
        "(`innokg template` lists them)",
        'innokg: error: bad-aliases.csv: row 3, column "language", value "fr": not a language tag; '
        "hint: write zh-Hans (Chinese) or en (English)",
        'innokg: error: bad-aliases.csv: row 4, column "source", value "a report nobody imported": unknown source; '
        'hint: no source of the graph has this key or name; check the spelling, or import it first as the source '
        'of an import (`innokg import FILE --source "TITLE"`)',
        "innokg: error: bad-aliases.csv: 3 problems, nothing imported",
    ]


def test_an_alias_with_an_em_dash_answers_to_every_dash(tmp_path, store_path):
    """旧金山—圣何塞 stored once: rankings rows writing -, – or － find the Bay Area, and so do the CLI's look-ups."""
    table = tmp_path / "aliases.csv"
    table.write_text("entity,alias\nsan-francisco-bay-area,旧金山—圣何塞\n", encoding="utf-8")
    import_ok(store_path, table, "GIS100 2024 (made up)")
    dashes = tmp_path / "dashes.csv"
    dashes.write_text("index,edition,city,rank\ngis100,2021,旧金山-圣何塞,3\ngis100,2022,旧金山–圣何塞,2\n"
                      "gis100,2023,旧金山－圣何塞,1\n", encoding="utf-8")
    import_ok(store_path, dashes, "GIS100 2021-2023 (made up)")
    assert ranks(store_path, G + "dashes") == {("city/san-francisco-bay-area", 3), ("city/san-francisco-bay-area", 2),
                                               ("city/san-francisco-bay-area", 1)}
    assert profile(store_path, "旧金山－圣何塞", "2023") == [
        "notation,dimension_zh,dimension_en,2023", "0,综合排名,overall ranking,1"]


def test_an_alias_naming_another_thing_is_refused_naming_it(tmp_path, store_path):
    """A label, an alias (in the graph or on an earlier row, any dash) or a key of another thing: one line each."""
    first = tmp_path / "bay-area.csv"
    first.write_text("entity,alias\nsan-francisco-bay-area,旧金山—圣何塞\nsan-francisco-bay-area,硅谷\n", encoding="utf-8")
    import_ok(store_path, first, "GIS100 2024 (made up)")
    table = tmp_path / "clashes.csv"
    table.write_text("entity,alias\n"
                     "上海,北京\n"              # the label of another city
                     "洛杉矶,硅谷\n"            # an alias the graph holds for another city
                     "洛杉矶,旧金山-圣何塞\n"   # the same alias with another dash
                     "上海,申城\n"              # new: fine
                     "杭州,申城\n"              # ... but not for a second thing on a later row
                     "北京,Peking\n"
                     "北京,北京\n"              # the thing's own name: not a clash
                     "上海,beijing\n", encoding="utf-8")  # the key of another city (and of its ecosystem)
    hint = "hint: a name of two things is ambiguous: leave the row out, or write that thing as the entity if the " \
           "source means it"
    assert refused(store_path, table) == [
        f'innokg: error: clashes.csv: row 2, column "alias", value "北京": the alias already names 北京 (Beijing) = '
        f"id:city/beijing in the graph; {hint}",
        f'innokg: error: clashes.csv: row 3, column "alias", value "硅谷": the alias already names 旧金山湾区 (San '
        f"Francisco Bay Area) = id:city/san-francisco-bay-area in the graph; {hint}",
        f'innokg: error: clashes.csv: row 4, column "alias", value "旧金山-圣何塞": the alias already names 旧金山湾区 '
        f"(San Francisco Bay Area) = id:city/san-francisco-bay-area in the graph; {hint}",
        f'innokg: error: clashes.csv: row 6, column "alias", value "申城": the alias already names 上海 (Shanghai) = '
        f"id:city/shanghai in the graph; {hint}",
        f'innokg: error: clashes.csv: row 9, column "alias", value "beijing": the alias already names 北京 (Beijing) = '
        "id:city/beijing and 北京全球科技创新中心 (Beijing global science and technology innovation centre) = "
        f"id:ecosystem/beijing in the graph; {hint}",
        "innokg: error: clashes.csv: 5 problems, nothing imported",
    ]
    import_ok(store_path, first, "GIS100 2024 (made up)")  # the same file: unchanged
