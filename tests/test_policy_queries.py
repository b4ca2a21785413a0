"""Exact answers of the policy saved queries: chain-steps, pipeline-gaps, rank-changes-between, policy-same-as."""

from __future__ import annotations

import pytest

from cq_helpers import answer
from remote_servers import store_backends

from policy_helpers import policy_store_on

STORY = "Doers: Huanshangda Science Park and technology manager Li Yuyang"


#: Saved queries whose `(...)*` property paths Virtuoso 7.2 answers wrongly (as with the seed's
#: VIRTUOSO_DIFFERENCES in tests/remote_servers.py): strict xfails there, so a fix is noticed.
VIRTUOSO_PATHS = {"test_chain_steps_downstream_of_shanghai_university", "test_no_pipeline_gap_on_the_seed",
                  "test_the_example_park_misses_proof_of_concept",
                  # rank-changes-between's owl:sameAs unions: "Stack Overflow in cost model"
                  "test_rank_changes_between_editions", "test_rank_changes_between_on_the_seed_alone_is_empty"}


@pytest.fixture(autouse=True)
def _virtuoso_paths(request):
    if "[virtuoso" in request.node.nodeid and request.node.originalname in VIRTUOSO_PATHS:
        request.node.add_marker(pytest.mark.xfail(reason="Virtuoso: (...)* property paths", strict=True))


@pytest.fixture(scope="module", params=store_backends())
def store(request):
    with policy_store_on(request.param) as loaded:
        yield loaded


def test_chain_steps_downstream_of_shanghai_university(seed_store):
    rows = answer(seed_store, "chain-steps", ["from_zh", "relation", "to_zh", "mode", "source_en"])
    assert {row[4] for row in rows} == {STORY}
    assert [row[:4] for row in rows] == [
        ("上海大学", "co-builds", "上海环上大科技发展有限公司", "inferred"),
        ("上海大学", "co-builds", "环上大科技园", "stated"),
        ("上海大学", "hosts-affiliate", "上海大学国家大学科技园", "stated"),
        ("上海大学国家大学科技园", "has-role", "李宇阳", "stated"),
        ("上海环上大科技发展有限公司", "has-role", "李宇阳", "stated"),
        ("李宇阳", "brokers-with", "长三角国家技术创新中心", "stated"),
        ("李宇阳", "facilitates-grant", "泮芯科技(上海)有限公司", "stated"),
        ("李宇阳", "leads", "宝山区“先投后股”创新改革试点", "stated"),
        ("李宇阳", "leads", "环上大未来产业创新工程院", "stated"),
        ("李宇阳", "leads", "环上大概念验证中心", "stated"),
        ("李宇阳", "leads", "环上大模式（区校共建、市场运作）", "stated"),
        ("李宇阳", "leads", "环上大载体网络", "stated"),
        ("李宇阳", "serves", "泮芯科技(上海)有限公司", "stated"),
        ("泮芯科技(上海)有限公司", "has-role", "汪飞", "stated"),
        ("环上大科技园", "has-role", "李宇阳", "stated"),
        ("环上大科技园", "hosts-affiliate", "环上大未来产业创新工程院", "inferred"),
        ("环上大科技园", "hosts-affiliate", "环上大概念验证中心", "inferred"),
        ("环上大科技园", "hosts-affiliate", "环上大载体网络", "inferred"),
        ("环上大科技园", "hosts-founding", "泮芯科技(上海)有限公司", "stated"),
        ("环上大科技园", "incubates", "泮芯科技(上海)有限公司", "inferred"),
        ("环上大科技园", "operated-by", "上海环上大科技发展有限公司", "inferred"),
        ("长三角国家技术创新中心", "grant-through", "泮芯科技(上海)有限公司", "inferred"),  # the channel is inferred
    ]
    from_manager = answer(seed_store, "chain-steps", ["from_zh", "to_zh"],
                          {"actor": "https://w3id.org/innokg/id/person/li-yuyang"})
    assert {row[0] for row in from_manager} == {"李宇阳", "长三角国家技术创新中心", "泮芯科技(上海)有限公司"}


def test_no_pipeline_gap_on_the_seed(seed_store):
    assert answer(seed_store, "pipeline-gaps", ["place_en"]) == []


def test_the_example_park_misses_proof_of_concept(store):
    assert answer(store, "pipeline-gaps", ["place_zh", "place_en", "kind", "order", "missing_zh", "missing_en"]) == [
        ("示例科技园", "Example Science Park", "park", "1", "概念验证", "proof of concept")]


def test_rank_changes_between_editions(store):
    listed = answer(store, "rank-changes-between", ["dimension_en", "city_en", "from_rank", "to_rank", "change", "status"])
    rows = [r[:5] for r in listed if r[5] == "in both"]
    assert [r[:4] for r in listed if r[5] != "in both"][:2] == [  # cities entering the list, as `rankings changes` says
        ("overall ranking", "Munich", None, "12"), ("overall ranking", "Washington, D.C.", None, "14")]
    assert [r for r in rows if r[0] != "overall ranking"] == [
        ("global agglomeration of innovation factors", "Beijing", "18", "11", "7"),
        ("global leadership as a scientific research centre", "Beijing", "1", "1", "0"),
        ("global leadership as a scientific research centre", "Shanghai", "6", "6", "0"),
        ("global origination of technological innovation", "Shenzhen", "7", "7", "0"),
        ("global support of the innovation environment", "London", "1", "1", "0"),
        ("global support of the innovation environment", "Beijing", "25", "20", "5"),
    ]
    overall = [(r[1], r[4]) for r in rows if r[0] == "overall ranking"]
    assert overall == [("San Francisco Bay Area", "0"), ("New York", "0"), ("Beijing", "1"), ("London", "-1"),
                       ("Boston", "0"), ("Paris", "1"), ("Tokyo", "-1"), ("Los Angeles", "0"), ("Seoul", "0"),
                       ("Shanghai", "0"), ("Chicago", "1"), ("Seattle", "-2")]


def test_rank_changes_between_on_the_seed_alone_is_empty(seed_store):
    assert answer(seed_store, "rank-changes-between", ["city_en"]) == []


def test_policy_same_as_in_both_directions(store):
    """The seed declares no sameAs (tests/test_policy_competency_questions.py); the other index's fixture does."""
    fixture = "https://example.org/fixture-cii/shenzhen-guangdong"
    same = "http://www.w3.org/2002/07/owl#sameAs"
    assert answer(store, "policy-same-as", ["other", "p"], {"a": "https://w3id.org/innokg/id/city/shenzhen"}) == [
        (fixture, same)]
    assert answer(store, "policy-same-as", ["other", "p"], {"a": fixture}) == [
        ("https://w3id.org/innokg/id/city/shenzhen", same)]
