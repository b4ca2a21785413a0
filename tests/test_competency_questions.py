"""The exact answer of every competency question (queries/*.rq) on the seed graph.

Each expected answer was checked against the source article by hand; the seed
states the complete top 30 of the GIS100 (2025), so orders and counts are exact.
"""

from __future__ import annotations

from pathlib import Path


from cq_helpers import answer, column

TOP30_EN = [
    "San Francisco Bay Area", "New York", "Beijing", "London", "Boston", "Paris", "Tokyo",
    "Los Angeles", "Seoul", "Shanghai", "Chicago", "Munich", "Seattle", "Washington, D.C.",
    "Shenzhen", "Singapore", "Stockholm", "Hangzhou", "Austin", "Houston", "Philadelphia",
    "Toronto", "Amsterdam", "San Diego", "Cambridge", "Osaka", "Basel", "Hong Kong", "Berlin",
    "Zurich",
]
TOP30_ZH = [
    "旧金山湾区", "纽约", "北京", "伦敦", "波士顿", "巴黎", "东京", "洛杉矶", "首尔", "上海",
    "芝加哥", "慕尼黑", "西雅图", "华盛顿", "深圳", "新加坡", "斯德哥尔摩", "杭州", "奥斯汀",
    "休斯敦", "费城", "多伦多", "阿姆斯特丹", "圣迭戈", "剑桥", "大阪", "巴塞尔", "香港", "柏林",
    "苏黎世",
]
STORY = "Doers: Huanshangda Science Park and technology manager Li Yuyang"
GLOBAL = "Global view: the US–China bipolar pattern"
CHINA = "Focus on China: a historic leap of the leading cities"
LEAD = "Lead: China's top innovation cities move towards global leadership"
RECOMMENDATIONS = "Recommendations: a globally competitive innovation environment"


def test_top10_overall(seed_store):
    rows = answer(seed_store, "top10-overall", ["rank", "city_zh", "city_en", "country_en"])
    assert rows == [
        ("1", "旧金山湾区", "San Francisco Bay Area", "United States"),
        ("2", "纽约", "New York", "United States"),
        ("3", "北京", "Beijing", "China"),
        ("4", "伦敦", "London", "United Kingdom"),
        ("5", "波士顿", "Boston", "United States"),
        ("6", "巴黎", "Paris", "France"),
        ("7", "东京", "Tokyo", "Japan"),
        ("8", "洛杉矶", "Los Angeles", "United States"),
        ("9", "首尔", "Seoul", "South Korea"),
        ("10", "上海", "Shanghai", "China"),
    ]


def test_top10_of_an_edition_not_in_the_graph_is_empty(seed_store):
    assert answer(seed_store, "top10-overall", ["rank"], {"edition": "2024"}) == []


def test_top_n_overall_is_the_complete_top30(seed_store):
    rows = answer(seed_store, "top-n-overall", ["rank", "city_zh", "city_en"])
    assert rows == [(str(i), zh, en) for i, (zh, en) in enumerate(zip(TOP30_ZH, TOP30_EN), 1)]
    assert column(seed_store, "top-n-overall", "city_en", {"n": "5"}) == TOP30_EN[:5]


def test_chinese_cities_in_the_top30(seed_store):
    rows = answer(seed_store, "country-cities-top-n", ["rank", "city_zh", "city_en"])
    assert rows == [("3", "北京", "Beijing"), ("10", "上海", "Shanghai"), ("15", "深圳", "Shenzhen"),
                    ("18", "杭州", "Hangzhou"), ("28", "香港", "Hong Kong")]
    us = column(seed_store, "country-cities-top-n", "city_en",
                {"country": "https://w3id.org/innokg/id/country/us"})
    assert us == ["San Francisco Bay Area", "New York", "Boston", "Los Angeles", "Chicago", "Seattle",
                  "Washington, D.C.", "Austin", "Houston", "Philadelphia", "San Diego"]


def test_top10_by_country_is_counted(seed_store):
    rows = answer(seed_store, "top-n-by-country", ["country_en", "cities", "best_rank"])
    assert rows == [("United States", "4", "1"), ("China", "2", "3"), ("United Kingdom", "1", "4"),
                    ("France", "1", "6"), ("Japan", "1", "7"), ("South Korea", "1", "9")]
    # China and the US together hold 6 of the top 10: derived by counting ...
    assert sum(int(n) for country, n, _ in rows if country in {"United States", "China"}) == 6


def test_stated_vs_counted(seed_store):
    rows = answer(seed_store, "stated-vs-counted", ["aggregate", "stated", "counted", "known", "verdict"])
    agg = "https://w3id.org/innokg/id/aggregate/gis100-2025/"
    by_id = {r[0].removeprefix(agg): r[1:] for r in rows}
    # ... and the article states 6: they agree, with the whole top 10 known.
    assert by_id["top10-china-us"] == ("6", "6", "10", "agrees")
    assert by_id["science-top30-china"] == ("8", "8", "8", "agrees")
    assert by_id["environment-top30-china"] == ("1", "1", "2", "agrees")
    # The graph knows 30 of the top 100, so stated top-100 counts exceed what it can count.
    assert by_id["top100-us"] == ("27", "11", "30", "graph incomplete")
    assert by_id["top100-china"] == ("20", "5", "30", "graph incomplete")
    assert by_id["top100-north-america"] == ("32", "12", "30", "graph incomplete")
    assert by_id["top100-europe"] == ("34", "9", "30", "graph incomplete")
    assert by_id["top100-asia-pacific"] == ("33", "9", "30", "graph incomplete")
    assert by_id["top100-three-regions"] == ("99", "30", "30", "graph incomplete")
    assert by_id["top100-china-east-of-hu-line"] == ("20", "5", "30", "graph incomplete")
    assert by_id["top100-china-in-three-metros"] == ("10", "5", "30", "graph incomplete")
    assert by_id["factor-top30-us"] == ("13", "0", "1", "graph incomplete")
    assert by_id["science-top30-us"] == ("8", "0", "8", "graph incomplete")
    assert by_id["top30-china-in-three-metros"] == (None, "5", "30", "no number stated")
    assert by_id["environment-top30-asia"] == (None, "1", "2", "no number stated")
    assert len(rows) == 15


def test_beijing_on_every_dimension(seed_store):
    rows = answer(seed_store, "city-dimension-profile",
                  ["dimension_zh", "rank", "rank_at_most", "previous_rank", "rank_change", "trend",
                   "consecutive_editions", "first_time", "stated_as", "sources"], unordered=("sources",))
    assert rows == [
        ("综合排名", "3", None, None, None, "rose", None, "true", None, frozenset({LEAD, GLOBAL, CHINA})),
        # 18→11 and 25→20 are stated by the focus on China only; the change (7, 5) is the curators' (inferred.trig)
        ("创新要素全球集聚力", "11", None, "18", "7", "rose", None, None, None, frozenset({CHINA})),
        ("科学研究中心全球引领力", "1", None, None, None, "held", "3", None, None, frozenset({GLOBAL, CHINA})),
        # the curators' inferred tightest bound of the two compatible stated bounds below (inferred.trig)
        ("技术创新全球策源力", None, "3", None, None, None, None, None, None, frozenset({GLOBAL, CHINA})),
        ("技术创新全球策源力", None, "3", None, None, "held", None, None, "稳居前三", frozenset({CHINA})),
        ("技术创新全球策源力", None, "4", None, None, "held", None, None, "稳居前4", frozenset({GLOBAL})),
        ("产业变革全球驱动力", "2", None, None, None, None, None, None, None, frozenset({CHINA})),
        ("创新环境全球支撑力", "20", None, "25", "5", "rose", None, None, None, frozenset({CHINA})),
    ]


def test_shanghai_profile(seed_store):
    rows = answer(seed_store, "city-dimension-profile", ["dimension_en", "rank", "trend"],
                  {"city": "https://w3id.org/innokg/id/city/shanghai"})
    assert rows == [
        ("overall ranking", "10", "held"),
        ("global agglomeration of innovation factors", None, "rose"),
        ("global leadership as a scientific research centre", "6", "held"),
        ("global support of the innovation environment", "41", None),
    ]


def test_stated_aggregates(seed_store):
    rows = answer(seed_store, "stated-aggregates",
                  ["dimension_en", "topN", "places_en", "stated_count", "stated_change", "quantifier"],
                  unordered=("places_en",))
    f = frozenset
    assert rows == [
        ("overall ranking", "10", f({"United States", "China"}), "6", None, None),
        ("overall ranking", "30", f({"China"}), None, None, "all"),
        ("overall ranking", "100", f({"Asia-Pacific", "Europe", "North America"}), "99", None, None),
        ("overall ranking", "100", f({"Europe"}), "34", None, None),
        ("overall ranking", "100", f({"Asia-Pacific"}), "33", None, None),
        ("overall ranking", "100", f({"North America"}), "32", None, None),
        ("overall ranking", "100", f({"United States"}), "27", None, None),
        ("overall ranking", "100", f({"China"}), "20", None, None),
        ("overall ranking", "100", f({"China"}), "20", None, "all"),
        ("overall ranking", "100", f({"China"}), "10", None, "half"),
        ("global agglomeration of innovation factors", "30", f({"United States"}), "13", "2", None),
        ("global leadership as a scientific research centre", "30", f({"China"}), "8", None, None),
        ("global leadership as a scientific research centre", "30", f({"United States"}), "8", None, None),
        ("global support of the innovation environment", "30", f({"China"}), "1", None, "only one"),
        ("global support of the innovation environment", "30", f({"Asia"}), None, None, "a few"),
    ]


def test_region_counts_sum_to_the_stated_99(seed_store):
    rows = answer(seed_store, "region-counts-top100",
                  ["region_zh", "region_en", "stated", "sum_of_regions", "combined_stated"])
    assert rows == [("欧洲", "Europe", "34", "99", "99"), ("亚太", "Asia-Pacific", "33", "99", "99"),
                    ("北美", "North America", "32", "99", "99")]


def test_science_top30_china_names_the_eight(seed_store):
    rows = answer(seed_store, "science-top30-china", ["city_zh", "rank", "rank_at_most"])
    assert rows == [("北京", "1", None), ("上海", "6", None), ("广州", None, "30"), ("杭州", None, "30"),
                    ("香港", None, "30"), ("深圳", None, "30"), ("武汉", None, "30"), ("西安", None, "30")]


def test_dimension_leaders(seed_store):
    rows = answer(seed_store, "dimension-leaders", ["dimension_zh", "city_zh", "consecutive_editions"])
    assert rows == [("综合排名", "旧金山湾区", None), ("科学研究中心全球引领力", "北京", "3"),
                    ("创新环境全球支撑力", "伦敦", "4")]


def test_contradicting_claims_are_both_kept(seed_store):
    # the seed's only pair of claims on one rank, top 4 and top 3, is compatible (a rank <= 3
    # is also <= 4): a refinement, not a contradiction (see combined-bounds; two claims that
    # do exclude each other are in tests/test_reasoning.py)
    rows = answer(seed_store, "contradicting-claims",
                  ["claim_a", "stated_a", "source_a", "claim_b", "stated_b", "source_b"])
    assert rows == []


def test_combined_bounds(seed_store):
    rows = answer(seed_store, "combined-bounds", ["fact_en", "rank_at_most", "claims", "note"], unordered=("claims",))
    assert rows == [("Beijing: technology rank at most 3, the tightest of two stated bounds (2025)", "3",
                     frozenset({"稳居前4", "稳居前三"}),
                     "Inferred: the global view says top 4 (稳居前4), the focus on China says top 3 (稳居前三); "
                     "a rank of at most 3 satisfies both, so the claims refine rather than contradict each other "
                     "and the tightest bound, at most 3, holds.")]


def test_bounded_facts(seed_store):
    rows = answer(seed_store, "bounded-facts", ["fact_en", "qualifier", "reads", "bound", "unit", "stated_as"])
    # "超X" and "X多" are more than X (exclusive); "前N" is at most N
    assert rows == [
        ("Hangzhou: technology rank about 20 (2025)", "approximate", "about", "20", None, "保持在前20左右"),
        ("Huanshangda Science Park: about five years in operation", "approximate", "about", "5", "ANN", "短短五年时间"),
        ("The grant spares Panxin fundraising for nearly two years", "approximate", "about", "2", "ANN", "近两年"),
        ("Carrier floor area: over 300,000 m²", "exclusive lower bound", "more than", "300000", "MTK", "超30万平米"),
        ("Panxin Technology: over two years since founding", "exclusive lower bound", "more than", "2", "ANN", "2年多"),
        ("Registered capital of incubated firms: over 3.9 bn yuan", "exclusive lower bound", "more than", "3900000000",
         "CNY", "超39亿元"),
        ("Technology transfer: over 200 m yuan", "exclusive lower bound", "more than", "200000000", "CNY", "超2亿元"),
        ("Beijing: technology rank at most 3, the tightest of two stated bounds (2025)", "upper bound", "at most", "3",
         None, None),
        ("Beijing: technology rank in the top 3 (2025)", "upper bound", "at most", "3", None, "稳居前三"),
        ("Beijing: technology rank in the top 4 (2025)", "upper bound", "at most", "4", None, "稳居前4"),
        ("Guangzhou: science top 30 (2025)", "upper bound", "at most", "30", None, None),
        ("Hangzhou: science top 30 (2025)", "upper bound", "at most", "30", None, None),
        ("Hong Kong: science top 30 (2025)", "upper bound", "at most", "30", None, None),
        ("Shenzhen: science top 30 (2025)", "upper bound", "at most", "30", None, None),
        ("Wuhan: science top 30 (2025)", "upper bound", "at most", "30", None, None),
        ("Xi'an: science top 30 (2025)", "upper bound", "at most", "30", None, None),
    ]


def test_park_incubated_firms_and_their_funding(seed_store):
    rows = answer(seed_store, "park-incubated-firms",
                  ["firm_zh", "founded", "fields_en", "instrument_zh", "channel_zh", "status_en",
                   "funding_date", "amount"], unordered=("fields_en",))
    assert rows == [("泮芯科技(上海)有限公司", "2023-05", frozenset({"power electronics", "power semiconductors"}),
                     "先投后股", "长三角国家技术创新中心", "approved", "2025-01", None)]


def test_park_indicators_keep_their_bounds(seed_store):
    rows = answer(seed_store, "park-indicators",
                  ["holder_en", "indicator_en", "value", "min_value", "unit", "qualifier", "reads"])
    assert rows == [
        ("Huanshangda Science Park", "incubated firms (cumulative)", "754", None, "家企业", "exact", "exactly"),
        ("Huanshangda Science Park", "key technology transfer projects", "210", None, "项", "exact", "exactly"),
        ("Huanshangda Science Park", "registered capital", None, "3900000000", "CNY", "exclusive lower bound", "more than"),
        ("Huanshangda Science Park", "technology transfer amount", None, "200000000", "CNY", "exclusive lower bound",
         "more than"),
        ("Huanshangda Science Park", "years of operation", "5", None, "ANN", "approximate", "about"),
        ("Huanshangda carrier network", "carrier bases", "13", None, "个基地", "exact", "exactly"),
        ("Huanshangda carrier network", "carrier floor area", None, "300000", "MTK", "exclusive lower bound", "more than"),
    ]


def test_instrument_reach(seed_store):
    rows = answer(seed_store, "instrument-reach",
                  ["instrument_zh", "channel_zh", "recipient_zh", "facilitator_zh", "status_en", "date",
                   "date_inferred"])
    assert rows == [("先投后股", "长三角国家技术创新中心", "泮芯科技(上海)有限公司", "李宇阳", "approved",
                     "2025-01", "true")]


def test_funding_flows_keep_unknowns_visible(seed_store):
    rows = answer(seed_store, "funding-flows",
                  ["funder", "channel_en", "recipient_en", "instrument_en", "amount_value", "amount_min",
                   "status_en", "arrangement_status_en"])
    assert rows == [("(not stated)", "Yangtze River Delta National Technology Innovation Center",
                     "Panxin Technology (Shanghai) Co., Ltd.", "invest first, convert to equity later",
                     None, None, "approved", "grant approved, conversion not reported")]


def test_ecosystem_parts(seed_store):
    """The top of the model (issue 14): a global innovation centre is an ecosystem of talent, actors and environment."""
    rows = answer(seed_store, "ecosystem-parts", ["ecosystem_en", "place_en", "element", "part_en"])
    beijing = "Beijing global science and technology innovation centre"
    shanghai = "Shanghai global science and technology innovation centre"
    assert rows == [(beijing, "Beijing", None, None)] + [(shanghai, "Shanghai", element, part) for element, part in [
        ("talent", "Li Yuyang"), ("talent", "Wang Fei"),
        ("actor", "Baoshan District Government"), ("actor", "Huanshangda Future Industry Innovation Engineering Institute"),
        ("actor", "Huanshangda Proof-of-Concept Centre"), ("actor", "Panxin Technology (Shanghai) Co., Ltd."),
        ("actor", "Shanghai Huanshangda Technology Development Co., Ltd."), ("actor", "Shanghai University"),
        ("actor", "Yangtze River Delta National Technology Innovation Center"),
        ("environment", "Baoshan District invest-first-convert-later reform pilot"),
        ("environment", "Baoshan Huanshangda Science and Innovation Circle"),
        ("environment", "Huanshangda Science Park"), ("environment", "Huanshangda carrier network"),
        ("environment", "Huanshangda model (district–university co-building, market operation)"),
        ("environment", "Li Yuyang's team guided Panxin on investment agreements and equity structure"),
        ("environment", "Li Yuyang's team introduced Panxin to the YRD National Technology Innovation Center and filed the application"),
        ("environment", "Panxin Technology's invest-first-convert-later grant approved"),
        ("environment", "Shanghai University National University Science Park")]]


def test_funding_flows_say_how_an_amount_reads():
    """schema:minValue is inclusive: the policy fixture's lower bound of 3 m yuan reads "at least"; marked as
    the exclusive bound 超300万 would be, it reads "more than" (issue 14)."""
    from kg.build import build_memory

    fixture = (Path(__file__).parent / "fixtures" / "policy" / "example-park.trig").read_text(encoding="utf-8")
    readings = {}
    for qualifier in ("lower-bound", "lower-bound-exclusive"):
        store = build_memory()
        store.load(fixture.replace("ik:valueQualifier qual:lower-bound ]", f"ik:valueQualifier qual:{qualifier} ]")
                   .encode("utf-8"), "trig")
        readings[qualifier] = answer(store, "funding-flows", ["flow_en", "amount_value", "amount_min", "amount_reads"])
    assert readings["lower-bound"] == [
        ("Example Tech's 2024 voucher", "5000000", None, "exactly"),
        ("Example Tech's 2025 voucher", "2000000", None, "about"),
        ("Panxin Technology's invest-first-convert-later grant approved", None, None, None),
        ("Panxin follow-on grant", None, "3000000", "at least")]
    assert readings["lower-bound-exclusive"][3] == ("Panxin follow-on grant", None, "3000000", "more than")


def test_transfer_chain_from_shanghai_university(seed_store):
    rows = answer(seed_store, "transfer-chain", ["step", "from_zh", "to_zh", "mode", "source_en"])
    assert rows == [
        ("1", "上海大学", "环上大科技园", "stated", STORY),
        ("2", "环上大科技园", "上海环上大科技发展有限公司", "inferred", STORY),
        ("3", "上海环上大科技发展有限公司", "李宇阳", "stated", STORY),
        # each step starts where the previous one ended; the centre as the grant's channel is inferred
        ("4", "李宇阳", "长三角国家技术创新中心", "stated", STORY),
        ("5", "长三角国家技术创新中心", "泮芯科技(上海)有限公司", "inferred", STORY),
    ]
    assert answer(seed_store, "transfer-chain", ["step"],
                  {"university": "https://w3id.org/innokg/id/org/ecnu"}) == []


def test_claims_about_an_entity_with_sources(seed_store):
    rows = answer(seed_store, "claims-about-entity", ["property", "value", "mode"])
    ik = "https://w3id.org/innokg/ont#"
    facts = {(p.removeprefix(ik), v, m) for p, v, m in rows if not v.startswith(("http", "_")) or "/id/" in v}
    assert ("incubatedBy", "https://w3id.org/innokg/id/org/huanshangda-science-park", "inferred") in facts
    assert ("establishedIn", "https://w3id.org/innokg/id/org/huanshangda-science-park", "stated") in facts
    assert ("industryField", "https://w3id.org/innokg/id/field/power-semiconductors", "stated") in facts
    # the founding date, not the id of its time:Instant node
    assert ("founded", "2023-05", "stated") in facts
    assert not any(v.startswith("_:") or "genid" in v for _, v, _ in rows)
    assert len(rows) == 16
    assert {m for _, _, m in rows} == {"stated", "inferred"}


def test_hu_line_cities(seed_store):
    rows = answer(seed_store, "hu-line-cities", ["side_en", "stated_count", "quantifier", "city_zh", "overall_rank"])
    side = "southeast of the Hu line"
    assert rows == [(side, "20", "all", "北京", "3"), (side, "20", "all", "上海", "10"),
                    (side, "20", "all", "深圳", "15"), (side, "20", "all", "杭州", "18"),
                    (side, "20", "all", "香港", "28")]


def test_metro_areas_top30(seed_store):
    rows = answer(seed_store, "metro-areas-top30", ["metro_zh", "cities", "count"], unordered=("cities",))
    assert rows == [("粤港澳大湾区", frozenset({"Hong Kong", "Shenzhen"}), "2"),
                    ("长三角", frozenset({"Hangzhou", "Shanghai"}), "2"),
                    ("京津冀", frozenset({"Beijing"}), "1")]


def test_report_metadata(seed_store):
    rows = answer(seed_store, "report-metadata",
                  ["edition_zh", "publisher_zh", "head_zh", "edition_number", "released", "release_date_inferred",
                   "centres_evaluated", "dimensions", "concept_zh", "proposed_by_zh", "proposed_in"])
    assert rows == [("全球科技创新中心100强(2025)", "华东师范大学全球创新与发展研究院", "杜德斌", "4", "2025-12-14",
                     "true", "142", "5", "全球科技创新中心", "杜德斌", "2014")]


def test_ranking_dimensions(seed_store):
    rows = answer(seed_store, "ranking-dimensions", ["notation", "dimension_zh", "other_names"],
                  unordered=("other_names",))
    assert rows == [
        ("0", "综合排名", frozenset({"综合能级"})),
        ("1", "创新要素全球集聚力", frozenset({"创新要素集聚力"})),
        ("2", "科学研究中心全球引领力", frozenset({"科学全球引领力", "科学研究引领"})),
        ("3", "技术创新全球策源力", frozenset({"技术创新策源"})),
        ("4", "产业变革全球驱动力", frozenset({"产业变革驱动"})),
        ("5", "创新环境全球支撑力", frozenset({"创新环境支撑力", "创新环境支撑"})),
    ]


def test_rank_changes(seed_store):
    rows = answer(seed_store, "rank-changes", ["city_en", "dimension_en", "previous_rank", "rank", "rank_change",
                                               "first_time"])
    assert rows == [
        ("Beijing", "overall ranking", None, "3", None, "true"),
        ("Beijing", "global agglomeration of innovation factors", "18", "11", "7", None),
        ("Shanghai", "global agglomeration of innovation factors", None, None, None, None),
        ("Shenzhen", "global origination of technological innovation", None, "7", None, None),
        ("Beijing", "global support of the innovation environment", "25", "20", "5", None),
    ]


def test_rank_streaks(seed_store):
    rows = answer(seed_store, "rank-streaks", ["city_zh", "dimension_en", "rank", "consecutive_editions"])
    assert rows == [("伦敦", "global support of the innovation environment", "1", "4"),
                    ("北京", "global leadership as a scientific research centre", "1", "3")]


def test_people_and_roles(seed_store):
    rows = answer(seed_store, "people-roles", ["person_zh", "role_zh", "organization_zh"])
    assert rows == [
        ("杜德斌", "院长", "华东师范大学全球创新与发展研究院"),
        ("杜德斌", "教授", "华东师范大学全球创新与发展研究院"),
        ("李宇阳", "总经理", "上海大学国家大学科技园"),
        ("李宇阳", "总经理", "上海环上大科技发展有限公司"),
        ("李宇阳", "总经理", "环上大科技园"),
        ("李宇阳", "技术经理人", "环上大科技园"),
        ("刘春霞", "记者", "青年报"),
        ("刘昕璐", "记者", "青年报"),
        ("汪飞", "董事长", "泮芯科技(上海)有限公司"),
        ("汪飞", "联合创始人", "泮芯科技(上海)有限公司"),
        ("汪飞", "总经理", "泮芯科技(上海)有限公司"),
    ]


def test_pilot_designations(seed_store):
    rows = answer(seed_store, "pilot-designations",
                  ["pilot_zh", "level_en", "designated_by_zh", "instrument_zh", "area_zh", "led_by_zh"],
                  unordered=("designated_by_zh",))
    assert rows == [("宝山区“先投后股”创新改革试点", "national", frozenset({"国家发展改革委", "科技部"}),
                     "先投后股", "宝山区", "李宇阳")]


def test_pipeline_coverage(seed_store):
    rows = answer(seed_store, "pipeline-coverage", ["order", "stage_zh", "actors", "covered_by"],
                  unordered=("covered_by",))
    institute = "Huanshangda Future Industry Innovation Engineering Institute"
    assert rows == [("1", "概念验证", "2", frozenset({"Huanshangda Proof-of-Concept Centre", institute})),
                    ("2", "中试熟化", "1", frozenset({institute})),
                    ("3", "产业孵化", "1", frozenset({institute}))]


def test_inferred_facts(seed_store):
    noted = answer(seed_store, "inferred-facts", ["subject_en", "property", "object", "note"])
    rows = [row[:3] for row in noted]
    ik, org = "https://w3id.org/innokg/ont#", "https://w3id.org/innokg/id/org/"
    # 18 about the park and the Hu line, the grant's channel, 12 of Beijing's tightest technology
    # bound, Beijing's two computed rank changes, and 26 of the innovation ecosystems (issue 14:
    # Shanghai's and Beijing's global innovation centres, 4 facts each, and the 18 parts of
    # Shanghai's the story names: 2 talent, 7 actors, 9 environment); every one with a note saying why
    assert len(rows) == 59
    assert [row for row in noted if row[3] is None] == []
    assert ("Panxin Technology's invest-first-convert-later grant approved", ik + "channel",
            org + "yangtze-river-delta-ntic") in rows
    assert sorted(o for s, p, o in rows if p == ik + "rankChange") == ["5", "7"]
    assert ("Huanshangda Science Park", ik + "operatedBy", org + "shanghai-huanshangda-technology-development") in rows
    assert ("Panxin Technology (Shanghai) Co., Ltd.", ik + "incubatedBy", org + "huanshangda-science-park") in rows
    assert sum(1 for _, p, _ in rows if p == ik + "sideOfDivide") == 5
    shanghai = "Shanghai global science and technology innovation centre"
    assert [sum(1 for s, p, _ in rows if s == shanghai and p == ik + part) for part in
            ("hasTalent", "hasActor", "hasEnvironment", "ecosystemPlace")] == [2, 7, 9, 1]
    tightest = "Beijing: technology rank at most 3, the tightest of two stated bounds (2025)"
    assert sorted(o for s, p, o in rows if s == tightest and p == ik + "combinesClaim") == [
        "https://w3id.org/innokg/id/observation/gis100-2025/technology-beijing-top3",
        "https://w3id.org/innokg/id/observation/gis100-2025/technology-beijing-top4"]


def test_inferred_dates(seed_store):
    rows = answer(seed_store, "inferred-dates", ["subject_en", "date"])
    assert rows == [("GIS100 2025 edition", "2025-12-14"),
                    ("Panxin Technology's invest-first-convert-later grant approved", "2025-01"),
                    ("Youth Daily profile: the park manager behind 754 incubated firms", "2025"),
                    ("Youth Daily report on the release of the GIS100 (2025)", "2025")]


def test_report_findings(seed_store):
    rows = answer(seed_store, "report-findings", ["kind", "section_order"])
    assert len(rows) == 24
    assert [k for k, _ in rows].count("challenge") == 3
    assert [k for k, _ in rows].count("recommendation") == 1
    assert [o for _, o in rows] == ["0"] * 2 + ["1"] * 9 + ["2"] * 8 + ["3"] * 5
    challenges = answer(seed_store, "report-findings", ["kind", "finding_zh"])
    assert ("challenge", "区域与城市发展不平衡，顶尖城市与后续梯队之间存在断层") in challenges


def test_fact_graphs(seed_store):
    rows = answer(seed_store, "fact-graphs", ["graph", "mode", "triples"])
    g = "https://w3id.org/innokg/graph/"
    # the curators' records (graph descriptions, gazetteer, the Data Cube structure: issue 14) are no stated
    # graph: g:curation is reference data; the inferred graphs hold the innovation ecosystems (issue 14)
    assert rows == [
        (g + "curation", "reference", "76"),
        (g + "gis100-2025-china", "stated", "215"),
        (g + "gis100-2025-global", "stated", "533"),
        (g + "gis100-2025-inferred", "inferred", "37"),
        (g + "gis100-2025-lead", "stated", "71"),
        (g + "gis100-2025-recommendations", "stated", "58"),
        (g + "huanshangda-inferred", "inferred", "43"),
        (g + "huanshangda-story", "stated", "309"),
        (g + "reference", "reference", "369"),
        (g + "sources", "stated", "103"),
    ]
