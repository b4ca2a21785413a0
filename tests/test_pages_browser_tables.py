"""Raw RDF no longer shows through, and every table downloads (issue 17), in Chromium: entity pages name
the ontology's and the reused vocabularies' properties in the page's language and show instants as dates;
the Chinese funding and coverage pages have Chinese headers and no English "(not stated)"; the hubs,
chains, coverage, funding and ranking tables download as CSV and JSON holding what the page shows."""

from __future__ import annotations

import csv
import io
import json

from test_pages_browser import SCREENSHOTS, XSS, browser, hostile_store_path, server, watched  # noqa: F401


def _download(page, fmt: str, nth: int = 0) -> tuple[str, str]:
    with page.expect_download() as download:
        page.click(f"p.downloads a.download-{fmt} >> nth={nth}")
    with open(download.value.path(), encoding="utf-8", newline="") as saved:
        return download.value.suggested_filename, saved.read()


def _facts(page) -> list[list[str]]:
    return page.eval_on_selector_all("table.facts tbody tr", "rows => rows.map(r => [r.cells[0].textContent, "
                                     "r.cells[1].textContent])")


def test_entity_pages_name_properties_in_the_page_language_and_show_dates(server, watched):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    watched.page.goto(server + "/entity?iri=source/qnb-huanshangda")
    assert _facts(watched.page) == [
        ["作者", "刘春霞"], ["出版者", "青年报"], ["标题", "孵化落地754家企业 他编织创新生态网 @zh-hans"], ["类型", "新闻报道"],
        ["名称", "Youth Daily profile: the park manager behind 754 incubated firms @en"],
        ["名称", "孵化落地754家企业 他编织创新生态网（青年报·奋勇争先实干家） @zh-hans"], ["发布日期", "2025（推断）"],
        ["段落", "奋勇争先实干家：环上大科技园与技术经理人李宇阳"]]
    assert watched.page.get_attribute("table.facts span.date", "title").startswith("推断依据: Printed on the same page")
    watched.page.screenshot(path=str(SCREENSHOTS / "entity-source-zh.png"), full_page=True)
    watched.page.goto(server + "/entity?iri=source/qnb-huanshangda&lang=en")
    assert [row[0] for row in _facts(watched.page)] == [
        "creator", "publisher", "title", "type", "label", "label", "release date", "section"]
    assert ["release date", "2025 (inferred)"] in _facts(watched.page)
    watched.page.goto(server + "/entity?iri=city/beijing&lang=en")
    text = watched.page.inner_text("table.facts")
    for raw in ("rdf:type", "skos:altLabel", "skos:prefLabel", "geo:lat", "prov:wasDerivedFrom", "time:", "rdfs:label"):
        assert raw not in text, raw
    names = {row[0] for row in _facts(watched.page)}
    assert {"type", "label", "latitude", "longitude"} <= names
    watched.page.goto(server + "/entity?iri=org/xss")
    assert watched.page.inner_text("h1") == XSS
    watched.check((server + "/", "data:"))


def test_chinese_funding_and_coverage_pages_are_chinese(server, watched):  # noqa: F811
    watched.page.goto(server + "/funding?lang=zh")
    assert watched.page.eval_on_selector_all("table.results th", "t => t.map(x => x.textContent)") == [
        "出资方", "渠道", "政策工具", "接收方", "阶段", "资金流笔数", "金额未知", "合计"]
    assert watched.page.eval_on_selector_all("table.results tbody td", "t => t.map(x => x.textContent)") == [
        "（未说明）", "长三角国家技术创新中心", "先投后股", "泮芯科技(上海)有限公司", "（未说明）", "1", "1", "1 笔金额未知"]
    assert "not stated" not in watched.page.inner_text("body")
    watched.page.screenshot(path=str(SCREENSHOTS / "funding-zh.png"), full_page=True)
    watched.page.goto(server + "/coverage?lang=zh")
    assert watched.page.eval_on_selector_all("table.results th", "t => t.map(x => x.textContent)") == [
        "地点", "类别", "顺序", "阶段", "是否覆盖", "覆盖主体", "政策工具"]
    body = watched.page.inner_text("body")
    assert "not stated" not in body and "park" not in body and "yes" not in body
    assert watched.page.eval_on_selector_all("table.results tbody tr:nth-child(4) td", "t => t.map(x => x.textContent)") \
        == ["环上大科技园", "科技园", "", "（未说明）", "", "", "先投后股"]
    watched.page.screenshot(path=str(SCREENSHOTS / "coverage-zh.png"), full_page=True)
    watched.check((server + "/", "data:"))


def test_every_table_downloads_as_csv_and_json(server, watched):  # noqa: F811
    watched.page.goto(server + "/hubs?lang=en")
    name, text = _download(watched.page, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert name == "hubs-actors.csv"
    assert rows[0] == ["#", "entity", "entity IRI", "element", "hub score", "degree", "betweenness", "PageRank",
                       "harmonic closeness", "eigenvector", "HITS hub", "HITS authority", "k-core", "brokerage role"]
    # the hostile store's park incubates one more firm than the seed's, so it tops the actors network
    assert rows[1][:5] == ["1", "Huanshangda Science Park", "https://w3id.org/innokg/id/org/huanshangda-science-park",
                           "innovation environment", "1.0000"]
    assert [row[1] for row in rows[1:]] == watched.page.eval_on_selector_all(
        "table.sortable tbody tr td:nth-child(2)", "t => t.map(x => x.textContent)")
    assert [XSS, "https://w3id.org/innokg/id/org/xss"] in [row[1:3] for row in rows]  # the hostile label, as text
    name, text = _download(watched.page, "json")
    assert name == "hubs-actors.json"
    assert json.loads(text)[0]["entity IRI"] == "https://w3id.org/innokg/id/org/huanshangda-science-park"

    watched.page.goto(server + "/chain?lang=en")
    name, text = _download(watched.page, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert name == "chains.csv"
    assert rows[0] == ["chain", "step", "from", "from IRI", "relation", "to", "to IRI", "stage", "date", "mode", "sources"]
    assert rows[1][:7] == ["1", "1", "Shanghai University", "https://w3id.org/innokg/id/org/shanghai-university",
                           "co-builds", "Huanshangda Science Park", "https://w3id.org/innokg/id/org/huanshangda-science-park"]
    assert len(rows) - 1 == watched.page.eval_on_selector_all("details.chain tbody tr", "t => t.length")
    assert [row[0] for row in rows[1:6]] == ["1"] * 5 and rows[6][0] == "2"
    name, text = _download(watched.page, "json")
    assert (name, json.loads(text)[4]["relation"]) == (
        "chains.json", "grant through channel (invest first, convert to equity later) to")

    watched.page.goto(server + "/coverage?lang=zh")
    name, text = _download(watched.page, "csv")
    assert name == "coverage.csv"
    assert text.splitlines()[:2] == ["地点,类别,顺序,阶段,是否覆盖,覆盖主体,政策工具",
                                     "环上大科技园,科技园,1,概念验证,是,环上大未来产业创新工程院、环上大概念验证中心,"]
    assert json.loads(_download(watched.page, "json")[1])[3] == {
        "地点": "环上大科技园", "类别": "科技园", "顺序": "", "阶段": "（未说明）", "是否覆盖": "", "覆盖主体": "", "政策工具": "先投后股"}

    watched.page.goto(server + "/funding?lang=zh")
    assert _download(watched.page, "csv") == ("funding.csv", "出资方,渠道,政策工具,接收方,阶段,资金流笔数,金额未知,合计\r\n"
                                              "（未说明）,长三角国家技术创新中心,先投后股,泮芯科技(上海)有限公司,（未说明）,1,1,1 笔金额未知\r\n")
    assert json.loads(_download(watched.page, "json")[1])[0]["合计"] == "1 笔金额未知"

    watched.page.goto(server + "/?lang=en")
    name, text = _download(watched.page, "csv")
    assert name == "ranking-2025-overall-top10.csv"
    assert text.splitlines()[:4] == ["rank,city,city IRI", "1,San Francisco Bay Area,https://w3id.org/innokg/id/city/san-francisco-bay-area",
                                     "2,New York,https://w3id.org/innokg/id/city/new-york", "3,Beijing,https://w3id.org/innokg/id/city/beijing"]
    assert len(json.loads(_download(watched.page, "json")[1])) == 10
    watched.page.screenshot(path=str(SCREENSHOTS / "home-downloads.png"), full_page=True)
    watched.check((server + "/", "data:", "blob:"))
