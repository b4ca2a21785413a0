"""The map (/map and `innokg viz map`) in Chromium (issue 17): every ranked centre on the world-atlas base map,
sized by rank for the chosen index, edition and dimension; an edition comparison; the Hu Huanyong line and each
Chinese city's computed side; metropolitan areas ringed; zoom to China; hover shows the (escaped) name and rank;
a click opens the entity page; the standalone file opens offline. Screenshots go to SCREENSHOTS."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli.main import main
from kg.namespaces import ID
from test_pages_browser import SCREENSHOTS, XSS, browser, build_hostile_store, serve, watched  # noqa: F401  (fixtures)

#: The hostile city placed where Changsha is, and a 2024 edition to compare with.
MAP_TRIG = """\
@prefix ik: <https://w3id.org/innokg/ont#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/innokg/id/> .
<https://w3id.org/innokg/graph/map-test> {
  id:city\\/xss geo:lat "28.20"^^xsd:decimal ; geo:long "112.94"^^xsd:decimal ; ik:country id:country\\/cn .
  id:edition\\/gis100-2024 a ik:RankingEdition ; ik:editionYear 2024 ; ik:ofIndex id:index\\/gis100 .
  id:observation\\/map-beijing-2024 a ik:RankObservation ; ik:rank 8 ; ik:city id:city\\/beijing ;
    ik:edition id:edition\\/gis100-2024 ; ik:dimension id:dimension\\/overall .
  id:observation\\/map-shanghai-2024 a ik:RankObservation ; ik:rank 10 ; ik:city id:city\\/shanghai ;
    ik:edition id:edition\\/gis100-2024 ; ik:dimension id:dimension\\/overall .
  id:observation\\/map-new-york-2024 a ik:RankObservation ; ik:rank 1 ; ik:city id:city\\/new-york ;
    ik:edition id:edition\\/gis100-2024 ; ik:dimension id:dimension\\/overall .
}
"""
ROWS = "table.ikm-table tbody tr"


@pytest.fixture(scope="module")
def map_store(tmp_path_factory) -> Path:
    return build_hostile_store(tmp_path_factory.mktemp("map"), MAP_TRIG)


@pytest.fixture(scope="module")
def server(map_store):
    yield from serve(map_store)


def _ready(page) -> None:
    page.wait_for_selector("section.ikm[data-ready=true]", timeout=15000)


def _rows(page, count: int | None = None) -> list[list[str]]:
    return page.eval_on_selector_all(ROWS, f"rows => rows.slice(0, {count or 1000}).map(r => "
                                     "Array.from(r.cells).map(c => c.textContent))")


def _hover(page, iri: str) -> str:
    page.hover(f"g.ikm-centre[data-iri='{iri}'] circle", force=True)
    page.wait_for_selector(".ikm-tip:not([hidden])")
    return page.inner_text(".ikm-tip")


def test_the_map_page_ranks_compares_and_opens_entities(server, watched):
    SCREENSHOTS.mkdir(exist_ok=True)
    watched.page.goto(server + "/map?lang=en")
    _ready(watched.page)
    assert watched.page.get_attribute("section.ikm", "data-shown") == "31"
    assert watched.page.eval_on_selector_all("svg .ikm-countries path", "p => p.length") == 177
    assert watched.page.inner_text(".ikm-shown") == \
        "showing 31 ranked centres: Global Science and Technology Innovation Centres 100 2025, overall ranking"
    assert _rows(watched.page, 4) == [
        ["1", "San Francisco Bay Area", "United States", "", "", ""], ["2", "New York", "United States", "", "", ""],
        ["3", "Beijing", "China", "Beijing–Tianjin–Hebei", "southeast of the Hu Huanyong line", ""],
        ["4", "London", "United Kingdom", "", "", ""]]
    assert [XSS, "China", "", "southeast of the Hu Huanyong line"] in [r[1:5] for r in _rows(watched.page)]
    # biggest circle for rank 1, smallest for the last
    radii = watched.page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll('g.ikm-centre'))
        .map(g => [g.getAttribute('data-iri').split('/').pop(), Number(g.querySelector('circle').getAttribute('r'))]))""")
    assert radii["san-francisco-bay-area"] == 13 and radii["zurich"] < radii["beijing"] < radii["san-francisco-bay-area"]
    assert watched.page.eval_on_selector_all("g.ikm-metro text", "t => t.map(x => x.textContent)") == [
        "Guangdong–Hong Kong–Macao Greater Bay Area", "Beijing–Tianjin–Hebei", "Yangtze River Delta"]
    assert watched.page.text_content("g.ikm-divide text") == "Hu Huanyong line"
    assert _hover(watched.page, ID + "city/beijing") == "Beijing\n北京\nrank 3\nsoutheast of the Hu Huanyong line"
    assert _hover(watched.page, ID + "city/xss") == f"{XSS}\n{XSS}\nrank ≈ 25\nsoutheast of the Hu Huanyong line"
    assert watched.page.query_selector("section.ikm img") is None
    watched.page.screenshot(path=str(SCREENSHOTS / "map-world.png"))

    watched.page.click(".ikm-zoom-china")
    assert float(watched.page.get_attribute("section.ikm", "data-zoom")) > 3
    watched.page.screenshot(path=str(SCREENSHOTS / "map-china.png"))
    watched.page.select_option("select[name=compare]", "2024")
    changes = {row[1]: row[5] for row in _rows(watched.page)}
    assert (changes["Beijing"], changes["Shanghai"], changes["New York"], changes["London"]) == ("▲ 5", "=", "▼ 1", "new")
    assert watched.page.text_content(f"g.ikm-centre[data-iri='{ID}city/beijing'] text") == "▲5"
    watched.page.screenshot(path=str(SCREENSHOTS / "map-compare.png"))
    watched.page.select_option("select[name=compare]", "")
    watched.page.select_option("select[name=dimension]", ID + "dimension/technology-innovation-origination")
    side = "southeast of the Hu Huanyong line"
    assert _rows(watched.page) == [["≤ 3", "Beijing", "China", "Beijing–Tianjin–Hebei", side, ""],
                                   ["7", "Shenzhen", "China", "Guangdong–Hong Kong–Macao Greater Bay Area", side, ""],
                                   ["≈ 20", "Hangzhou", "China", "Yangtze River Delta", side, ""]]
    watched.page.select_option("select[name=dimension]", ID + "dimension/overall")
    with watched.page.expect_navigation():
        watched.page.click(f"g.ikm-centre[data-iri='{ID}city/beijing'] circle", force=True)
    assert watched.page.url == server + "/entity?iri=https%3A%2F%2Fw3id.org%2Finnokg%2Fid%2Fcity%2Fbeijing&lang=en"
    watched.check((server + "/", "data:"))


def test_the_chinese_map_names_sides_in_chinese(server, watched):
    watched.page.goto(server + "/map")
    _ready(watched.page)
    assert _rows(watched.page, 3)[2] == ["3", "北京", "中国", "京津冀", "胡焕庸线东南侧", ""]
    assert watched.page.inner_text(".ikm-shown").startswith("显示 31 个上榜中心：")
    watched.check((server + "/", "data:"))


def test_the_standalone_map_opens_offline(map_store, tmp_path, watched, capsys):
    out = tmp_path / "map.html"
    assert main(["--store", str(map_store), "viz", "map", "-o", str(out), "--lang", "en"]) == 0
    assert capsys.readouterr().err == f"wrote {out}: 34 centres on the map, 1 divides, 3 metropolitan areas\n"
    assert XSS not in out.read_text(encoding="utf-8")
    watched.page.goto(out.as_uri())
    _ready(watched.page)
    assert watched.page.get_attribute("section.ikm", "data-shown") == "31"
    assert watched.page.get_attribute(f"{ROWS}:nth-child(3) a", "href") == ID + "city/beijing"  # no app: the IRI
    assert _hover(watched.page, ID + "city/xss").startswith(XSS + "\n")
    watched.page.screenshot(path=str(SCREENSHOTS / "viz-map.png"))
    watched.check(("file://",))
    linked = tmp_path / "linked.html"
    assert main(["--store", str(map_store), "viz", "map", "-o", str(linked), "--link-base", "http://127.0.0.1:8000"]) == 0
    watched.page.goto(linked.as_uri())
    _ready(watched.page)
    assert watched.page.get_attribute(f"{ROWS}:nth-child(3) a", "href") == \
        "http://127.0.0.1:8000/entity?iri=https%3A%2F%2Fw3id.org%2Finnokg%2Fid%2Fcity%2Fbeijing&lang=zh"
    watched.check(("file://",))
