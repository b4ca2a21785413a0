"""The four views over the seed graph, the standalone HTML, and escaping of hostile labels."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from cq_helpers import seed_with
from kg.build import build_memory
from kg.cli.main import main
from kg.errors import InnokgError
from kg.namespaces import ID
from kg.network import compute_metrics, current_metrics, project, write_metrics
from kg.views.model import ViewGraph, ViewNode
from kg.views.network import chain_view, ecosystem_view, ego_view, node_sizes, ranking_view
from kg.views.render import render_standalone

XSS = "<img src=x onerror=alert(1)>"
XSS_TRIG = f"""\
@prefix ik: <https://w3id.org/innokg/ont#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/innokg/graph/xss-test> {{
  <https://w3id.org/innokg/id/org/xss> a ik:TechnologyFirm ; rdfs:label "{XSS}"@zh-Hans , "{XSS}"@en ;
    ik:incubatedBy <https://w3id.org/innokg/id/org/huanshangda-science-park> .
  <https://w3id.org/innokg/id/city/xss> a ik:City ; rdfs:label "{XSS}"@zh-Hans , "{XSS}"@en .
  <https://w3id.org/innokg/id/observation/xss> a ik:RankObservation ; ik:approximateRank 25 ;
    ik:edition <https://w3id.org/innokg/id/edition/gis100-2025> ;
    ik:dimension <https://w3id.org/innokg/id/dimension/overall> ; ik:city <https://w3id.org/innokg/id/city/xss> .
}}
"""
PARK = ID + "org/huanshangda-science-park"


@pytest.fixture(scope="module")
def seed():
    """The seed graph in the embedded store (the views read pyoxigraph terms)."""
    return build_memory()


@pytest.fixture(scope="module")
def hostile_store():
    """The seed graph plus a firm and a city labelled with an XSS payload."""
    return seed_with(XSS_TRIG)


def test_chain_view_draws_every_chain_step_with_stage_date_and_mode(seed):
    view = chain_view(seed, lang="en")
    assert view.title == "Technology-transfer chains from Shanghai University (14)"
    steps = [(e["from"].removeprefix(ID), e["label"], e["to"].removeprefix(ID)) for e in view.network.edges]
    assert steps == [
        ("org/shanghai-university", "co-builds · 2020-06-22 · stated", "org/huanshangda-science-park"),
        ("org/shanghai-university", "hosts the affiliated · stated", "org/shu-national-university-science-park"),
        ("org/shanghai-university", "co-builds · inferred", "org/shanghai-huanshangda-technology-development"),
        ("org/huanshangda-science-park", "is operated by · inferred", "org/shanghai-huanshangda-technology-development"),
        ("org/huanshangda-science-park", "has as general manager and technology manager · stated", "person/li-yuyang"),
        ("org/shu-national-university-science-park", "has as general manager · stated", "person/li-yuyang"),
        ("org/huanshangda-science-park", "hosts the founding of · industrial incubation · 2023-05 · stated",
         "org/panxin-technology"),
        ("org/huanshangda-science-park", "incubates · industrial incubation · inferred", "org/panxin-technology"),
        ("org/shanghai-huanshangda-technology-development", "has as general manager · stated", "person/li-yuyang"),
        ("person/li-yuyang", "brokers with · stated", "org/yangtze-river-delta-ntic"),
        ("person/li-yuyang",
         "facilitates a grant (invest first, convert to equity later) to · 2025-01 (inferred) · stated",
         "org/panxin-technology"),
        ("person/li-yuyang", "provides service to · stated", "org/panxin-technology"),
        ("org/yangtze-river-delta-ntic",
         "grant through channel (invest first, convert to equity later) to · 2025-01 (inferred) · inferred",
         "org/panxin-technology"),
    ]
    assert view.network.edges[-1]["title"] == (
        "grant through channel (invest first, convert to equity later) to · 2025-01 (inferred) · inferred\n"
        "Doers: Huanshangda Science Park and technology manager Li Yuyang (inferred)\n"
        "https://w3id.org/innokg/ont#chain/grant-through")
    # columns: the furthest position each node takes in a chain; sizes: hub scores in the tech-transfer network
    assert [(n["id"].removeprefix(ID), n["level"], n["value"]) for n in view.network.nodes] == [
        ("org/shanghai-university", 0, 0.349977362474), ("org/huanshangda-science-park", 1, 0.898234867652),
        ("org/shu-national-university-science-park", 1, 0.280893014448),
        ("org/shanghai-huanshangda-technology-development", 2, 0.58511046488),
        ("person/li-yuyang", 3, 0.998418142547), ("org/yangtze-river-delta-ntic", 4, 0.367245387394),
        ("org/panxin-technology", 5, 0.532572942646),
    ]
    zh = chain_view(seed, "上海大学", to="泮芯科技", limit=1)
    assert [e["label"] for e in zh.network.edges] == [
        "共建 · 2020-06-22 · 原文陈述", "由其运营 · 推断", "总经理为 · 原文陈述", "对接 · 原文陈述",
        "经渠道（先投后股）资助 · 2025-01（推断） · 推断"]
    with pytest.raises(InnokgError, match="no actor is labelled 'Atlantis'"):
        chain_view(seed, "Atlantis")


def test_ego_view_of_the_park_shows_its_neighbours_in_zh(seed):
    view = ego_view(seed, "org/huanshangda-science-park")
    labels = {node["label"] for node in view.network.nodes}
    assert {"环上大科技园", "上海大学", "宝山区政府", "上海环上大科技发展有限公司", "泮芯科技(上海)有限公司"} <= labels
    assert "李宇阳" not in labels  # two links away, through his role assignments
    focus = next(node for node in view.network.nodes if node["id"] == PARK)
    assert (focus["label_en"], focus["borderWidth"], focus["url"]) == (
        "Huanshangda Science Park", 3, "/entity?iri=https%3A%2F%2Fw3id.org%2Finnokg%2Fid%2Forg%2Fhuanshangda-science-park")
    co_built = [e for e in view.network.edges if e["to"] == ID + "org/shanghai-university" and e["from"] == PARK]
    assert ("共建方", "co-built by") in [(e["label_zh"], e["label_en"]) for e in co_built]


def test_ecosystem_view_is_coloured_by_element_and_capped_by_hub_score(seed):
    view = ecosystem_view(seed, "en", max_nodes=3)
    # the three best hub scores of the actors network (kg.network), which also size the nodes
    assert [(n["label"], n["kind"], n["color"], n["value"]) for n in view.network.nodes] == [
        ("Huanshangda Science Park", "environment", "#2ca02c", 0.979341587046),
        ("Shanghai Huanshangda Technology Development Co., Ltd.", "actor", "#1f77b4", 0.812116730709),
        ("Li Yuyang", "talent", "#e4572e", 1.0),
    ]
    # 27 of the ecosystem: memberships (11), journalists, media and curators (5) are no part of it (issue 14)
    assert view.shown() == "showing 3 of 27 nodes"
    assert [group for group, _, _ in view.legend()] == ["talent", "actor", "environment"]
    by_transfer = ecosystem_view(seed, "en", max_nodes=2, network="tech-transfer")
    assert [(n["label"], n["value"]) for n in by_transfer.network.nodes] == [
        ("Huanshangda Science Park", 0.898234867652), ("Li Yuyang", 0.998418142547)]


def test_ego_view_sizes_nodes_by_hub_score(seed):
    view = ego_view(seed, "org/panxin-technology", lang="en")
    sizes = {n["label"]: n["value"] for n in view.network.nodes}
    assert sizes["Panxin Technology (Shanghai) Co., Ltd."] == 0.792435571537
    assert sizes["Huanshangda Science Park"] == 0.979341587046
    assert sizes["power semiconductors"] == 0.0  # a technology field: not a node of the actors network


def test_node_sizes_read_fresh_stored_metrics_and_ignore_stale_ones():
    store = build_memory()
    graph = ViewGraph((ViewNode(PARK),), ())
    write_metrics(store, compute_metrics(project(store, "actors")))
    score = f"<{ID}hub-score/actors/org/huanshangda-science-park>"
    store.update(f"""DELETE {{ GRAPH ?g {{ {score} ik:hubScore ?old }} }}
                     INSERT {{ GRAPH ?g {{ {score} ik:hubScore 0.5e0 }} }}
                     WHERE {{ GRAPH ?g {{ {score} ik:hubScore ?old }} }}""")
    assert node_sizes(store, graph) == {PARK: 0.5}  # fresh: read from the graph, not recomputed
    store.load(XSS_TRIG.encode(), "trig")  # the park incubates one more firm: the stored run is stale
    assert node_sizes(store, graph) == {PARK: current_metrics(store, "actors").scores()[PARK]}
    assert current_metrics(store, "actors").status == "stale"
    assert node_sizes(store, graph)[PARK] != 0.5


def test_ranking_view_orders_cities_and_writes_bounds(seed):
    view = ranking_view(seed, top=4, lang="en")
    assert [(e["to"].removeprefix(ID), e["label"]) for e in view.network.edges] == [
        ("city/san-francisco-bay-area", "rank · 1"), ("city/new-york", "rank · 2"),
        ("city/beijing", "rank · 3"), ("city/london", "rank · 4"),
    ]
    beijing_technology = ranking_view(seed, "dimension/technology-innovation-origination", top=4, lang="en")
    assert ("city/beijing", "rank · ≤3") in [(e["to"].removeprefix(ID), e["label"]) for e in beijing_technology.network.edges]


def test_standalone_html_inlines_everything(seed):
    html = render_standalone(chain_view(seed))
    assert re.findall(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=(?!["']?data:)""", html) == []
    assert "vis-network" in html and "@version 10.1.5" in html


def test_hostile_label_is_escaped_in_views(hostile_store):
    for view in (ego_view(hostile_store, "org/xss"), chain_view(hostile_store), ecosystem_view(hostile_store),
                 ranking_view(hostile_store)):
        html = render_standalone(view)
        assert XSS not in html, view.kind
        data = re.search(r'<script type="application/json" class="ikv-data">(.*?)</script>', html, re.S).group(1)
        assert "<" not in data and ">" not in data
        assert XSS in {node["label"] for node in json.loads(data)["nodes"]}, view.kind


def test_hostile_label_is_escaped_in_pages(hostile_store):
    client = TestClient(create_app(hostile_store))
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    for url in ["/entity?iri=https://w3id.org/innokg/id/org/xss", "/entity?iri=" + PARK, "/chain", "/hubs",
                "/query?query=SELECT+%3Fl+WHERE+%7B+%3Fs+rdfs%3Alabel+%3Fl+%7D",
                "/views/ecosystem", "/views/ranking", "/entity?iri=" + XSS]:
        response = client.get(url)
        assert XSS not in response.text, url
        if response.status_code == 200:
            assert escaped in response.text or "\\u003cimg src=x" in response.text, url


def test_pages_answer(seed):
    client = TestClient(create_app(seed))
    assert client.get("/").status_code == 200
    assert client.get("/entity?iri=https://w3id.org/innokg/id/nothing").status_code == 404
    assert client.get("/queries/no-such-query").status_code == 404
    assert "no saved query &#39;no-such-query&#39; (`innokg queries`, /queries and /api/queries list them)" in \
        client.get("/queries/no-such-query").text
    download = client.get("/queries/no-such-query.csv")
    assert (download.status_code, download.text) == (
        404, "no saved query 'no-such-query' (`innokg queries`, /queries and /api/queries list them)\n")
    assert client.get("/views/pie").status_code == 404
    assert client.get("/static/../pyproject.toml").status_code == 404
    csv = client.get("/queries/top10-overall.csv?edition=2025")
    assert csv.text.splitlines()[1].startswith("1,https://w3id.org/innokg/id/city/san-francisco-bay-area,旧金山湾区")
    data = client.get("/query.json", params={"query": "SELECT ?x WHERE { VALUES ?x { 7 } }"}).json()
    assert data["results"]["bindings"] == [{"x": {"type": "literal", "value": "7",
                                                  "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    bad = client.get("/query", params={"query": "SELEC nothing"})
    assert bad.status_code == 400 and 'class="error"' in bad.text  # a syntax error answers 400 (issue 17)


def test_cli_viz_writes_a_standalone_file(tmp_path, store_path, capsys):
    out = tmp_path / "eco.html"
    assert main(["--store", str(store_path), "viz", "ecosystem", "-o", str(out), "--lang", "en"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["--store", str(store_path), "viz", "ego", "-o", str(out)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "innokg: error: viz ego needs an ENTITY, e.g. `innokg viz ego org/shanghai-university -o ego.html`")


def _rows(html: str) -> list[list[str]]:
    return [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "<td" in row]


def test_hubs_page_shows_every_metric_of_each_network(seed):
    client = TestClient(create_app(seed))
    page = client.get("/hubs", params={"network": "tech-transfer", "lang": "en"}).text
    headers = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th>(.*?)</th>", page)]
    assert headers == ["#", "entity", "element", "hub score", "degree", "betweenness", "PageRank", "harmonic closeness",
                       "eigenvector", "HITS hub", "HITS authority", "k-core", "brokerage role"]
    rows = _rows(page)
    assert len(rows) == 19
    assert rows[:2] == [
        ["1", "Li Yuyang", "innovation talent", "0.9984", "10", "0.3776", "0.0749", "0.7222", "0.4678", "0.3083",
         "0.1163", "3", "liaison"],
        ["2", "Huanshangda Science Park", "innovation environment", "0.8982", "10", "0.2336", "0.0432", "0.7037",
         "0.4708", "0.2874", "0.0071", "3", "itinerant"],
    ]
    assert 'data-sort="0.998418142547"' in page  # sorted on the full value, shown rounded
    assert "19 nodes, 31 edges. Metrics computed now;" in page
    actors = _rows(client.get("/hubs").text)  # the actors network, in Chinese
    assert [row[:4] + row[-1:] for row in actors[:3]] == [
        ["1", "李宇阳", "创新人才", "1.0000", "无"], ["2", "环上大科技园", "创新环境", "0.9793", "顾问"],
        ["3", "上海环上大科技发展有限公司", "创新主体", "0.8121", "协调者"]]
    assert client.get("/hubs", params={"network": "cities", "lang": "en"}).text.count("This network has no node") == 1
    missing = client.get("/hubs", params={"network": "nope", "lang": "en"})
    assert missing.status_code == 404 and "known networks: actors, cities, funding, tech-transfer" in missing.text


def test_hubs_page_reads_fresh_stored_metrics():
    store = build_memory()
    write_metrics(store, compute_metrics(project(store, "funding")))
    page = TestClient(create_app(store)).get("/hubs", params={"network": "funding", "lang": "en"}).text
    assert "Metrics read from the graph, as written on" in page and "(still fresh)" in page
    assert [row[:4] for row in _rows(page)] == [
        ["1", "Panxin Technology (Shanghai) Co., Ltd.", "innovation actor", "0.7500"],
        ["2", "Yangtze River Delta National Technology Innovation Center", "innovation actor", "0.7500"]]


def test_home_page_lists_the_top_hubs_by_hub_score(seed):
    home = TestClient(create_app(seed)).get("/?lang=en").text
    hubs = re.findall(r'<ol class="hubs">(.*?)</ol>', home, re.S)[0]
    assert re.findall(r">([^<>]+)</a> <span class=\"muted\">\(hub score ([0-9.]+)\)", hubs)[:4] == [
        ("Li Yuyang", "1.00"), ("Huanshangda Science Park", "0.98"),
        ("Shanghai Huanshangda Technology Development Co., Ltd.", "0.81"),
        ("Panxin Technology (Shanghai) Co., Ltd.", "0.79")]


def test_chain_page_lists_every_chain_step_by_step(seed):
    client = TestClient(create_app(seed))
    page = client.get("/chain", params={"from": "Shanghai University", "limit": 2, "lang": "en"}).text
    assert re.findall(r"<h2>(.*?)</h2>", page, re.S) == [
        "Chain 1: 5 steps, 2 inferred, latest 2025-01, reaches the firm by a grant",
        "Chain 2: 3 steps, 0 inferred, latest 2025-01, reaches the firm by a grant, a shortcut"]
    story = "Doers: Huanshangda Science Park and technology manager Li Yuyang"
    assert _rows(page)[:5] == [
        ["1", "Shanghai University", "co-builds", "Huanshangda Science Park", "", "2020-06-22", "stated",
         f"{story} (stated)"],
        ["2", "Huanshangda Science Park", "is operated by", "Shanghai Huanshangda Technology Development Co., Ltd.",
         "", "", "inferred", f"{story} (inferred)"],
        ["3", "Shanghai Huanshangda Technology Development Co., Ltd.", "has as general manager", "Li Yuyang", "", "",
         "stated", f"{story} (stated)"],
        ["4", "Li Yuyang", "brokers with", "Yangtze River Delta National Technology Innovation Center", "", "",
         "stated", f"{story} (stated)"],
        ["5", "Yangtze River Delta National Technology Innovation Center",
         "grant through channel (invest first, convert to equity later) to", "Panxin Technology (Shanghai) Co., Ltd.",
         "", "2025-01 (inferred)", "inferred", f"{story} (inferred)"],  # the grant's channel: a curator's inference
    ]
    assert 'href="/views/chain?from=Shanghai+University&amp;limit=2&amp;lang=en"' in page
    nothing = client.get("/chain", params={"from": "宝山区", "lang": "en"})
    assert nothing.status_code == 200 and "No chain from 宝山区 to a firm" in nothing.text
    unknown = client.get("/chain", params={"from": "Atlantis", "lang": "en"})
    assert unknown.status_code == 404 and "no actor is labelled &#39;Atlantis&#39;" in unknown.text
    view = client.get("/views/chain", params={"from": "上海大学", "to": "泮芯科技", "limit": 1, "lang": "en"})
    assert view.status_code == 200 and "Technology-transfer chains from Shanghai University (1)" in view.text


def test_site_navigation_links_every_page_in_both_languages(seed):
    client = TestClient(create_app(seed))
    for lang, names in {"zh": ["首页", "查询", "保存的问题", "枢纽", "转化链条", "资金流", "阶段覆盖", "生态网络", "地图"],
                        "en": ["Home", "Query", "Saved queries", "Hubs", "Chain explorer", "Funding flows",
                               "Pipeline coverage", "Ecosystem network", "Map"]}.items():
        for path in ("/", "/funding", "/coverage", "/hubs"):
            nav = re.search(r"<nav>(.*?)</nav>", client.get(path, params={"lang": lang}).text, re.S).group(1)
            links = re.findall(r'<a href="([^"?]+)\?lang=(\w+)">([^<]+)</a>', nav)
            assert [(href, text) for href, _, text in links] == list(zip(
                ["/", "/query", "/queries", "/hubs", "/chain", "/funding", "/coverage", "/views/ecosystem", "/map"], names))
            assert {link_lang for _, link_lang, _ in links} == {lang}


def test_chain_page_takes_the_form_as_sent(seed):
    client = TestClient(create_app(seed))
    sent = client.get("/chain", params={"from": "上海大学", "to": "", "limit": "", "lang": "en"})
    assert sent.status_code == 200 and len(re.findall(r"<h2>Chain \d+:", sent.text)) == 14
    bad = client.get("/chain", params={"from": "上海大学", "limit": "many", "lang": "en"})
    assert bad.status_code == 400 and "limit must be a positive whole number, not &#39;many&#39;" in bad.text
