"""The four views over the seed graph, the standalone HTML, and escaping of hostile labels."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.build import build_memory
from kg.cli import main
from kg.namespaces import ID
from kg.views.network import chain_view, ecosystem_view, ego_view, ranking_view
from kg.views.render import render_fragment, render_standalone

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
    store = build_memory()
    store.load(XSS_TRIG.encode(), "trig")
    return store


def test_chain_view_steps_with_their_stages(seed):
    view = chain_view(seed, lang="en")
    steps = [(e["from"].removeprefix(ID), e["label"], e["to"].removeprefix(ID)) for e in view.network.edges]
    assert steps == [
        ("org/shanghai-university", "co-builds the park · research", "org/huanshangda-science-park"),
        ("org/huanshangda-science-park", "is run by · operation", "org/shanghai-huanshangda-technology-development"),
        ("org/huanshangda-science-park",
         "hosts the platform · proof of concept → pilot-scale maturation → industrial incubation",
         "org/huanshangda-future-industry-engineering-institute"),
        ("org/huanshangda-science-park", "hosts the platform · proof of concept", "org/huanshangda-proof-of-concept-centre"),
        ("org/huanshangda-science-park", "incubates · industrial incubation", "org/panxin-technology"),
        ("org/panxin-technology", "is funded by · funding", "funding/panxin-invest-first-grant"),
        ("funding/panxin-invest-first-grant", "through the channel · funding", "org/yangtze-river-delta-ntic"),
        ("funding/panxin-invest-first-grant", "under the instrument · policy", "policy/invest-first-equity-later"),
    ]
    assert [n["level"] for n in view.network.nodes] == [0, 1, 2, 2, 2, 3, 4, 5, 5]


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


def test_ecosystem_view_is_coloured_by_element_and_capped(seed):
    view = ecosystem_view(seed, "en", max_nodes=3)
    assert [(n["label"], n["kind"], n["color"]) for n in view.network.nodes] == [
        ("Huanshangda Science Park", "environment", "#2ca02c"),
        ("Panxin Technology (Shanghai) Co., Ltd.", "actor", "#1f77b4"),
        ("Li Yuyang", "talent", "#e4572e"),
    ]
    assert view.shown() == "showing 3 of 43 nodes"
    assert [group for group, _, _ in view.legend()] == ["talent", "actor", "environment"]


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
    assert client.get("/views/pie").status_code == 404
    assert client.get("/static/../pyproject.toml").status_code == 404
    csv = client.get("/queries/top10-overall.csv?edition=2025")
    assert csv.text.splitlines()[1].startswith("1,https://w3id.org/innokg/id/city/san-francisco-bay-area,旧金山湾区")
    data = client.get("/query.json", params={"query": "SELECT ?x WHERE { VALUES ?x { 7 } }"}).json()
    assert data["results"]["bindings"] == [{"x": {"type": "literal", "value": "7",
                                                  "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    bad = client.get("/query", params={"query": "SELEC nothing"})
    assert bad.status_code == 200 and 'class="error"' in bad.text


def test_cli_viz_writes_a_standalone_file(tmp_path, store_path, capsys):
    out = tmp_path / "eco.html"
    assert main(["--store", str(store_path), "viz", "ecosystem", "-o", str(out), "--lang", "en"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["--store", str(store_path), "viz", "ego", "-o", str(out)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "innokg: error: viz ego needs an ENTITY, e.g. `innokg viz ego org/shanghai-university -o ego.html`")
