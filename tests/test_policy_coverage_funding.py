"""Pipeline coverage and funding flows on the seed plus the example-park fixture."""

from __future__ import annotations

import pytest

from kg.errors import InnokgError
from kg.policy.coverage import coverage_rows, pipeline_coverage
from kg.policy.funding import aggregate_funding, funding_rows
from remote_servers import store_backends

from policy_helpers import policy_store_on

HUANSHANGDA = [
    ["1", "概念验证", "yes", "环上大未来产业创新工程院、环上大概念验证中心", ""],
    ["2", "中试熟化", "yes", "环上大未来产业创新工程院", ""],
    ["3", "产业孵化", "yes", "环上大未来产业创新工程院、环上大科技园", ""],
    ["", "(not stated)", "", "", "先投后股"],
]


@pytest.fixture(scope="module", params=store_backends())
def store(request):
    with policy_store_on(request.param) as loaded:
        yield loaded


def test_every_place_on_the_seed_covers_every_stage(seed_store):
    places = pipeline_coverage(seed_store)
    assert [(p.place.zh, p.kind, p.missing) for p in places] == [
        ("环上大科技园", "park", ()), ("宝山环上大科技创新圈", "zone", ()), ("宝山区", "district", ()), ("上海", "city", ())]
    assert [row[2:] for row in coverage_rows(places[:1])] == HUANSHANGDA


def test_coverage_says_why_and_from_where(seed_store):
    park = pipeline_coverage(seed_store, "Huanshangda Science Park")[0]
    incubation = park.stages[2]
    assert [(c.who.en, c.basis, [s.mode for s in c.sources]) for c in incubation.actors] == [
        ("Huanshangda Future Industry Innovation Engineering Institute", "covers the stage", ["stated"]),
        ("Huanshangda Science Park", "incubated a firm", ["inferred"]),
    ]
    assert [(c.who.en, c.basis) for c in park.unstaged_instruments] == [
        ("invest first, convert to equity later", "funded a recipient here")]
    district = pipeline_coverage(seed_store, "宝山区")[0]
    assert [(c.who.zh, c.basis) for c in district.unstaged_instruments] == [
        ("先投后股", "funded a recipient here; piloted here")]


def test_a_park_without_proof_of_concept_has_a_gap(store):
    places = {p.place.en: p for p in pipeline_coverage(store)}
    park = places["Example Science Park"]
    assert [s.text for s in park.missing] == ["概念验证"]
    assert [row[2:] for row in coverage_rows([park])] == [
        ["1", "概念验证", "MISSING", "", ""],
        ["2", "中试熟化", "yes", "示例中试基地", ""],
        ["3", "产业孵化", "yes", "示例科技园", ""],
    ]
    # the district's voucher pilot covers proof of concept there, and so in Hangzhou
    assert [row[2:] for row in coverage_rows([places["Example District"]])][0] == ["1", "概念验证", "yes", "", "概念验证券"]
    assert places["Hangzhou"].missing == ()
    assert places["Huanshangda Science Park"].missing == ()


def test_funding_on_the_seed_counts_the_unknown_amount(seed_store):
    summary = aggregate_funding(seed_store)
    assert funding_rows(summary) == [
        ["（未说明）", "长三角国家技术创新中心", "先投后股", "泮芯科技(上海)有限公司", "（未说明）", "1", "1",
         "1 flow of unknown amount"]]
    flow = summary.flows[0]
    assert (flow.date, flow.date_inferred, [s.mode for s in flow.sources]) == ("2025-01", True, ["stated"])


def test_funding_totals_keep_their_bounds(store):
    rows = funding_rows(aggregate_funding(store))
    assert rows == [
        ["（未说明）", "长三角国家技术创新中心", "先投后股", "泮芯科技(上海)有限公司", "（未说明）", "2", "1",
         "at least 3,000,000 CNY; 1 flow of unknown amount"],
        ["示例区政府", "示例科技园", "概念验证券", "示例科技公司", "概念验证", "2", "0", "about 7,000,000 CNY"],
    ]
    by_recipient = funding_rows(aggregate_funding(store, levels=("funder",)))
    assert by_recipient == [["（未说明）", "2", "1", "at least 3,000,000 CNY; 1 flow of unknown amount"],
                            ["示例区政府", "2", "0", "about 7,000,000 CNY"]]


def test_funding_over_a_time_window(store):
    in_2025 = aggregate_funding(store, "2025", "2025", levels=("instrument",))
    assert funding_rows(in_2025) == [["先投后股", "2", "1", "at least 3,000,000 CNY; 1 flow of unknown amount"],
                                     ["概念验证券", "1", "0", "about 2,000,000 CNY"]]
    assert (in_2025.outside_window, in_2025.undated_excluded) == (1, 0)
    first_half = aggregate_funding(store, "2024-01", "2025-02", levels=("instrument",))
    # 2025 (a year) overlaps the window; 2025-03 does not
    assert funding_rows(first_half) == [["先投后股", "1", "1", "1 flow of unknown amount"],
                                        ["概念验证券", "2", "0", "about 7,000,000 CNY"]]
    links = [(a, s.text, b, t.text, total.flows) for a, s, b, t, total in aggregate_funding(store).links]
    assert ("instrument", "概念验证券", "recipient", "示例科技公司", 2) in links and len(links) == 8


def test_funding_rejects_a_bad_window_or_level(seed_store):
    with pytest.raises(InnokgError, match="starts \\(2025\\) after it ends \\(2024\\)"):
        aggregate_funding(seed_store, "2025", "2024")
    with pytest.raises(InnokgError, match="got donor"):
        aggregate_funding(seed_store, levels=("donor",))


def test_funding_totals_say_more_than_for_an_exclusive_lower_bound():
    """超300万 is "more than 3,000,000" (exclusive), not "at least" (schema:minValue is inclusive): issue 14."""
    from pathlib import Path

    from kg.build import build_memory

    fixture = (Path(__file__).parent / "fixtures" / "policy" / "example-park.trig").read_text(encoding="utf-8")
    store = build_memory()
    store.load(fixture.replace("ik:valueQualifier qual:lower-bound ]", "ik:valueQualifier qual:lower-bound-exclusive ]")
               .encode("utf-8"), "trig")
    assert funding_rows(aggregate_funding(store, levels=("funder",))) == [
        ["（未说明）", "2", "1", "more than 3,000,000 CNY; 1 flow of unknown amount"],
        ["示例区政府", "2", "0", "about 7,000,000 CNY"]]
