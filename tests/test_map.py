"""The map's data (issue 17): the exact answers of map-centres and geographic-divides on the seed, the side of
the Hu Huanyong line computed from coordinates, and the metropolitan areas the map rings."""

from __future__ import annotations

import pytest
from cq_helpers import answer

from kg.build import build_memory
from kg.errors import InnokgError
from kg.namespaces import ID
from kg.views.map import map_data, parse_linestring, side_of
from test_competency_questions import TOP30_EN

HU = [(127.50, 50.25), (98.49, 25.02)]


@pytest.fixture(scope="module")
def seed():
    return build_memory()


def test_map_centres_is_every_ranked_centre_with_coordinates(seed):
    rows = answer(seed, "map-centres", ["city_en", "index", "edition", "dimension", "rank", "rank_kind", "metro_en"])
    assert len(rows) == 46
    overall = [row for row in rows if row[3] == ID + "dimension/overall"]
    assert [row[0] for row in overall] == TOP30_EN
    assert {(row[1], row[2], row[5]) for row in overall} == {(ID + "index/gis100", "2025", "exact")}
    beijing = sorted((row[3].removeprefix(ID + "dimension/"), row[4], row[5]) for row in rows if row[0] == "Beijing")
    assert beijing == [("industrial-transformation-driving", "2", "exact"),
                       ("innovation-environment-support", "20", "exact"),
                       ("innovation-factor-agglomeration", "11", "exact"), ("overall", "3", "exact"),
                       ("scientific-research-leadership", "1", "exact"),
                       ("technology-innovation-origination", "3", "at most")]
    assert sorted((row[0], row[4], row[5]) for row in rows if row[5] != "exact") == [
        ("Beijing", "3", "at most"), ("Guangzhou", "30", "at most"), ("Hangzhou", "20", "approximate"),
        ("Hangzhou", "30", "at most"), ("Hong Kong", "30", "at most"), ("Shenzhen", "30", "at most"),
        ("Wuhan", "30", "at most"), ("Xi'an", "30", "at most")]
    assert sorted({(row[0], row[6]) for row in rows if row[6]}) == [
        ("Beijing", "Beijing–Tianjin–Hebei"), ("Guangzhou", "Guangdong–Hong Kong–Macao Greater Bay Area"),
        ("Hangzhou", "Yangtze River Delta"), ("Hong Kong", "Guangdong–Hong Kong–Macao Greater Bay Area"),
        ("Shanghai", "Yangtze River Delta"), ("Shenzhen", "Guangdong–Hong Kong–Macao Greater Bay Area")]


def test_geographic_divides_is_the_hu_line(seed):
    assert answer(seed, "geographic-divides", ["divide", "divide_zh", "divide_en", "country", "wkt"]) == [
        (ID + "place/hu-huanyong-line", "胡焕庸线", "Hu Huanyong line", ID + "country/cn",
         "LINESTRING(127.50 50.25, 98.49 25.02)")]


def test_the_side_of_the_line_comes_from_coordinates():
    assert parse_linestring("LINESTRING(127.50 50.25, 98.49 25.02)") == HU
    # Ürümqi, Lhasa and Lanzhou lie northwest of the line; Chengdu, Kunming and Harbin southeast
    assert [side_of(HU, lon, lat) for lon, lat in [(87.62, 43.83), (91.13, 29.65), (103.83, 36.06)]] == \
        ["northwest"] * 3
    assert [side_of(HU, lon, lat) for lon, lat in [(104.07, 30.67), (102.71, 25.04), (126.63, 45.75)]] == \
        ["southeast"] * 3
    with pytest.raises(InnokgError, match="must be a WKT LINESTRING"):
        parse_linestring("POLYGON((0 0, 1 1, 1 0, 0 0))")


def test_map_data_computes_each_chinese_city_side_and_the_metropolitan_areas(seed):
    data = map_data(seed, "zh")
    sides = {c["name"]: c["sides"] for c in data["centres"] if c["sides"]}
    hu = ID + "place/hu-huanyong-line"
    assert sides == {name: {hu: "southeast"} for name in ("北京", "上海", "深圳", "杭州", "香港", "广州", "武汉", "西安")}
    assert data["divides"][0]["sides"] == {"southeast": "东南", "northwest": "西北"}
    assert [(m["name"], sorted(c.removeprefix(ID + "city/") for c in m["cities"])) for m in data["metros"]] == [
        ("粤港澳大湾区", ["guangzhou", "hong-kong", "shenzhen"]), ("京津冀", ["beijing"]),
        ("长三角", ["hangzhou", "shanghai"])]
    assert data["editions"] == [2025] and data["default"]["dimension"] == ID + "dimension/overall"
    assert len(data["dimensions"]) == 6 and data["dimensions"][0]["name"] == "综合排名"
    beijing = next(c for c in data["centres"] if c["iri"] == ID + "city/beijing")
    assert beijing["ranks"][f"{ID}index/gis100|2025|{ID}dimension/technology-innovation-origination"] == [3, "at most"]
    assert (beijing["country_name"], beijing["lat"], beijing["long"]) == ("中国", 39.9, 116.41)
