"""Each pattern of ``innokg extract`` on a sentence written for the test: exact kind, quote, offsets, fields, matches.

The gazetteer is a tiny explicit one (:func:`gazetteer`), so every IRI a
test expects is one it names.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import Gazetteer, extract
from kg.extract.numbers import parse_number
from kg.extract.sentences import split_sentences

ID = "https://w3id.org/innokg/id/"
NAMES = [
    ("city/tokyo", "东京"), ("city/london", "伦敦"), ("city/beijing", "北京"), ("city/new-york", "纽约"),
    ("city/paris", "巴黎"), ("city/shenzhen", "深圳"), ("city/guangzhou", "广州"), ("city/chengdu", "成都"),
    ("city/wuhan", "武汉"), ("city/xian", "西安"), ("city/suzhou", "苏州"), ("city/nanjing", "南京"),
    ("city/wuhan", "Wuhan"), ("city/singapore", "新加坡"), ("country/sg", "新加坡"),
    ("country/jp", "日本"), ("country/de", "德国"), ("region/asia-pacific", "亚太"),
    ("dimension/overall", "综合排名"), ("dimension/scientific-research-leadership", "科学研究引领"),
    ("index/gis100", "全球科技创新中心100强"), ("edition/gis100-2024", "GIS100 2024 edition"),
    ("role/general-manager", "总经理"), ("role/chairman", "董事长"), ("role/institute-head", "院长"),
    ("role/professor", "教授"), ("role/reporter", "记者"), ("role/co-founder", "联合创始人"),
    ("org/youth-daily", "晨光日报"), ("person/zhao-qing", "赵清"),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_labels((ID + iri, label) for iri, label in NAMES)


def found(text: str, gazetteer: Gazetteer, kinds=None, **options) -> list:
    candidates = extract(text, gazetteer, **options)
    for candidate in candidates:
        assert text[candidate.start:candidate.end] == candidate.quote
    return [c for c in candidates if kinds is None or c.kind in kinds]


def short(match):
    return match.removeprefix(ID) if isinstance(match, str) else [m.removeprefix(ID) for m in match]


# --- numbers and sentences --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("二十", 20), ("一百四十二", 142), ("39亿", 3_900_000_000), ("30万", 300_000), ("３６", 36), ("十五", 15),
    ("两", 2), ("1.5万", 15_000), ("三亿五千万", 350_000_000), ("2,000", 2000), ("二〇二五", 2025),
])
def test_numbers(text, value):
    assert parse_number(text) == value


def test_sentences_keep_offsets_and_join_broken_lines():
    text = "## 标题\n\n甲城跃居第3，乙城第4。丙城在\n第5！End. Next"
    spans = [(s.start, s.end, s.text) for s in split_sentences(text)]
    assert spans == [(0, 5, "## 标题"), (7, 19, "甲城跃居第3，乙城第4。"), (19, 26, "丙城在\n第5！"),
                     (26, 30, "End."), (31, 35, "Next")]


# --- ranks -------------------------------------------------------------------------------------------------


def test_ranked_list(gazetteer):
    text = "2024年全球科技创新中心100强综合排名前5强依次为：东京、伦敦、北京、纽约、巴黎。"
    ranks = found(text, gazetteer, {"rank"})
    assert [(c.quote, c.start, c.fields["rank"], short(c.matches["place"])) for c in ranks] == [
        ("东京", 28, 1, "city/tokyo"), ("伦敦", 31, 2, "city/london"), ("北京", 34, 3, "city/beijing"),
        ("纽约", 37, 4, "city/new-york"), ("巴黎", 40, 5, "city/paris")]
    assert ranks[0].fields == {"place": "东京", "rank": 1, "qualifier": "exact", "list_size": 5,
                               "dimension": "综合排名", "index": "全球科技创新中心100强", "edition": 2024}
    assert short(ranks[0].matches["dimension"]) == "dimension/overall"
    assert short(ranks[0].matches["edition"]) == "edition/gis100-2024"


def test_ranked_list_prefers_the_city_of_an_ambiguous_name_and_marks_new_ones(gazetteer):
    ranks = found("前2强依次为：新加坡、奥斯陆。", gazetteer, {"rank"})
    assert [(c.quote, short(c.matches["place"])) for c in ranks] == [("新加坡", "city/singapore"), ("奥斯陆", "new")]


@pytest.mark.parametrize("text, quote, fields", [
    ("深圳首次跃居全球第5。", "首次跃居全球第5",
     {"rank": 5, "qualifier": "exact", "trend": "rose", "first_time": True, "scope": "global"}),
    ("广州稳居全球第12。", "稳居全球第12", {"rank": 12, "qualifier": "exact", "trend": "held", "scope": "global"}),
    ("武汉连续两年位居全球第一。", "连续两年位居全球第一",
     {"rank": 1, "qualifier": "exact", "trend": "held", "consecutive_editions": 2, "scope": "global"}),
    ("苏州排名全球第41。", "排名全球第41", {"rank": 41, "qualifier": "exact", "scope": "global"}),
    ("南京位列第二。", "位列第二", {"rank": 2, "qualifier": "exact"}),
    ("西安连续三年位居榜首。", "连续三年位居榜首",
     {"rank": 1, "qualifier": "exact", "trend": "held", "consecutive_editions": 3}),
])
def test_single_rank(gazetteer, text, quote, fields):
    [rank] = found(text, gazetteer, {"rank"})
    assert (rank.kind, rank.quote, rank.start) == ("rank", quote, 2)
    assert {k: v for k, v in rank.fields.items() if k not in ("place", "dimension")} == fields
    assert rank.fields["dimension"] == "综合" and short(rank.matches["dimension"]) == "dimension/overall"


def test_dashes_in_names_are_one(gazetteer):
    names = Gazetteer.from_labels([(ID + "city/san-jose", "旧金山-圣何塞")])
    for text in ("旧金山—圣何塞稳居全球第9。", "旧金山－圣何塞稳居全球第9。", "旧金山-圣何塞稳居全球第9。"):
        [rank] = found(text, names, {"rank"})
        assert (rank.fields["place"], short(rank.matches["place"]), rank.fields["rank"]) == (
            text[:7], "city/san-jose", 9)


def test_english_rank_and_top(gazetteer):
    candidates = found("Wuhan ranked 3rd, and Chengdu is in the global top ten.", gazetteer, lang="en")
    assert [(c.kind, c.quote, c.fields.get("rank"), c.fields.get("rank_at_most")) for c in candidates] == [
        ("rank", "ranked 3rd", 3, None), ("bound", "in the global top ten", None, 10)]


def test_two_ranks_with_scopes(gazetteer):
    ranks = found("成都保持其全球第八、亚太第二。", gazetteer, {"rank"})
    assert [(c.quote, c.start, c.fields["rank"], c.fields["scope"], c.fields["place"]) for c in ranks] == [
        ("保持其全球第八", 2, 8, "global", "成都"), ("、亚太第二", 9, 2, "亚太", "成都")]
    assert short(ranks[1].matches["scope"]) == "region/asia-pacific"


def test_rank_subject_is_the_clause_subject_not_the_city_overtaken(gazetteer):
    [rank] = found("北京综合排名超越伦敦，首次跃居全球第3。", gazetteer, {"rank"})
    assert (rank.fields["place"], rank.fields["rank"], rank.quote, rank.start) == ("北京", 3, "首次跃居全球第3", 11)


@pytest.mark.parametrize("text, quote, fields", [
    ("武汉跃升至全球前五。", "跃升至全球前五",
     {"rank_at_most": 5, "qualifier": "upper-bound", "trend": "rose", "scope": "global"}),
    ("西安保持在前40左右。", "保持在前40左右", {"rank": 40, "qualifier": "approximate", "trend": "held"}),
    ("南京稳居前4。", "稳居前4", {"rank_at_most": 4, "qualifier": "upper-bound", "trend": "held"}),
    ("苏州位居第20左右。", "位居第20左右", {"rank": 20, "qualifier": "approximate"}),
])
def test_bounds(gazetteer, text, quote, fields):
    [bound] = found(text, gazetteer, {"bound"})
    assert (bound.quote, bound.start) == (quote, 2)
    assert {k: v for k, v in bound.fields.items() if k not in ("place", "dimension")} == fields


def test_bound_for_each_city_of_a_list(gazetteer):
    bounds = found("深圳、广州、成都均位列前30。", gazetteer, {"bound"})
    assert [(c.fields["place"], c.fields["rank_at_most"], c.quote) for c in bounds] == [
        ("深圳", 30, "均位列前30"), ("广州", 30, "均位列前30"), ("成都", 30, "均位列前30")]


def test_change_and_moves(gazetteer):
    [change] = found("苏州排名提升9位。", gazetteer, {"change"})
    assert (change.quote, change.start, change.fields["change"], change.fields["trend"]) == ("提升9位", 4, 9, "rose")
    [move] = found("在科学研究引领方面，南京从第30位升至第22位。", gazetteer, {"rank"})
    assert (move.quote, move.fields["rank"], move.fields["previous_rank"], move.fields["change"]) == (
        "从第30位升至第22位", 22, 30, 8)
    assert short(move.matches["dimension"]) == "dimension/scientific-research-leadership"
    [arrow] = found("成都（全球第25→20）。", gazetteer, {"rank"})
    assert (arrow.quote, arrow.fields["rank"], arrow.fields["previous_rank"]) == ("全球第25→20", 20, 25)
    [english] = found("Wuhan climbed from 25th to 19th.", gazetteer, {"rank"}, lang="en")
    assert (english.quote, english.start, english.fields["rank"], english.fields["previous_rank"],
            short(english.matches["place"])) == ("from 25th to 19th", 14, 19, 25, "city/wuhan")


# --- counts, amounts, aggregates -------------------------------------------------------------------------


@pytest.mark.parametrize("text, kind, quote, value, unit, qualifier", [
    ("该园区累计引进企业312家。", "count", "312家", 312, "firms", "exact"),
    ("基金规模超45亿元。", "amount", "超45亿元", 4_500_000_000, "CNY", "lower-bound-exclusive"),
    ("吸引投资逾3亿。", "amount", "逾3亿", 300_000_000, "CNY", "lower-bound-exclusive"),
    ("服务企业近150家。", "count", "近150家", 150, "firms", "upper-bound"),
    ("员工不足50人。", "count", "不足50人", 50, "people", "upper-bound"),
    ("建成载体约12万平方米。", "amount", "约12万平方米", 120_000, "m²", "approximate"),
    ("培育高新技术企业200家以上。", "count", "200家以上", 200, "firms", "lower-bound"),
    ("吸纳就业3000余人。", "count", "3000余人", 3000, "people", "lower-bound-exclusive"),
    ("面积控制在2万平方米以内。", "amount", "2万平方米以内", 20_000, "m²", "upper-bound"),
    ("新增二十家孵化器。", "count", "二十家", 20, "firms", "exact"),
    ("入驻企业３６家。", "count", "３６家", 36, "firms", "exact"),
    ("落地86个项目。", "count", "86个项目", 86, "projects", "exact"),
    ("共评估一百四十二个城市。", "count", "一百四十二个城市", 142, "cities", "exact"),
    ("运营已有3年多。", "amount", "3年多", 3, "years", "lower-bound-exclusive"),
    ("合同金额约5000万元左右。", "amount", "约5000万元左右", 50_000_000, "CNY", "approximate"),
])
def test_counts_and_amounts(gazetteer, text, kind, quote, value, unit, qualifier):
    [candidate] = found(text, gazetteer, {"count", "amount"})
    assert (candidate.kind, candidate.quote, candidate.start + len(quote)) == (kind, quote, candidate.end)
    assert text.index(quote) == candidate.start
    assert (candidate.fields["value"], candidate.fields["unit"], candidate.fields["qualifier"]) == (value, unit, qualifier)


def test_what_is_counted(gazetteer):
    [amount] = found("注册资本超8亿元。", gazetteer, {"amount"})
    assert amount.fields["counted"] == "注册资本"
    [count] = found("建成9个基地。", gazetteer, {"count"})
    assert (count.fields["counted"], count.fields["unit"]) == ("基地", "bases")


def test_years_and_ordinals_are_not_counts(gazetteer):
    assert found("2024年，深圳连续三年保持增长，是一家企业。", gazetteer, {"count", "amount"}) == []


@pytest.mark.parametrize("text, quote, count, top_n, group", [
    ("日本共有6个城市进入百强。", "日本共有6个城市", 6, 100, "country/jp"),
    ("在前20强中，德国独占4席。", "德国独占4席", 4, 20, "country/de"),
    ("亚太地区进入百强的城市达到35个。", "35个", 35, 100, "region/asia-pacific"),
    ("进入全球百强的12个日本城市。", "12个日本城市", 12, 100, "country/jp"),
])
def test_aggregates(gazetteer, text, quote, count, top_n, group):
    [aggregate] = found(text, gazetteer, {"aggregate"})
    assert (aggregate.quote, aggregate.start) == (quote, text.index(quote))
    assert (aggregate.fields["count"], aggregate.fields["top_n"], short(aggregate.matches["group"])) == (
        count, top_n, group)


def test_aggregate_with_change_and_members(gazetteer):
    text = "在科学研究引领前30强中，日本占据3席（东京、成都等），较上年增加1席。"
    candidates = found(text, gazetteer, {"aggregate", "bound"})
    aggregate = candidates[0]
    assert (aggregate.kind, aggregate.quote, aggregate.fields["count"], aggregate.fields["top_n"]) == (
        "aggregate", "日本占据3席", 3, 30)
    assert aggregate.fields["members"] == "东京、成都"
    assert short(aggregate.matches["dimension"]) == "dimension/scientific-research-leadership"
    assert [(c.kind, c.quote, c.fields["rank_at_most"]) for c in candidates[1:]] == [("bound", "东京", 30),
                                                                                      ("bound", "成都", 30)]


# --- dates -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, quote, date, precision, inferred", [
    ("2024年3月5日，论坛开幕。", "2024年3月5日", "2024-03-05", "day", False),
    ("公司于2023年8月成立。", "2023年8月", "2023-08", "month", False),
    ("该概念于2016年提出。", "2016年", "2016", "year", False),
    ("3月18日，报告发布。", "3月18日", "2024-03-18", "day", True),
    ("昨天，园区揭牌。", "昨天", "2024-05-31", "day", True),
    ("去年，园区揭牌。", "去年", "2023", "year", True),
    ("去年10月，园区开园。", "去年10月", "2023-10", "month", True),
    ("2024-02-29 发布。", "2024-02-29", "2024-02-29", "day", False),
])
def test_dates(gazetteer, text, quote, date, precision, inferred):
    [candidate] = found(text, gazetteer, {"date"}, date=dt.date(2024, 6, 1))
    assert (candidate.quote, candidate.start) == (quote, text.index(quote))
    assert (candidate.fields["date"], candidate.fields["precision"], candidate.fields["inferred"]) == (
        date, precision, inferred)


def test_partial_date_takes_the_year_of_the_text_before(gazetteer):
    dates = found("2019年4月2日揭牌，当年9月1日开园。", gazetteer, {"date"})
    assert [(c.quote, c.fields["date"], c.fields.get("year_from")) for c in dates] == [
        ("2019年4月2日", "2019-04-02", None), ("当年9月1日", "2019-09-01", "text")]


def test_relative_date_without_date_has_no_value(gazetteer):
    [candidate] = found("昨天，园区揭牌。", gazetteer, {"date"})
    assert candidate.fields["date"] is None and candidate.confidence < 0.5


# --- organizations, people, roles ------------------------------------------------------------------------


def test_role_chain_with_new_organization_and_person(gazetteer):
    text = "星海智能科技有限公司总经理王明远宣布扩产。"
    roles = found(text, gazetteer, {"role"})
    assert [(c.quote, c.start, c.fields, c.matches) for c in roles] == [(
        "星海智能科技有限公司总经理王明远", 0,
        {"person": "王明远", "role": "总经理", "organization": "星海智能科技有限公司"},
        {"person": "new", "role": ID + "role/general-manager", "organization": "new"})]
    [org] = found(text, gazetteer, {"organization"})
    assert (org.quote, org.matches["name"]) == ("星海智能科技有限公司", "new")


def test_role_before_and_after_the_name(gazetteer):
    roles = found("北方理工大学研究院院长陈立新教授指出，……", gazetteer, {"role"})
    assert [(c.fields["role"], c.fields["person"], c.fields["organization"], short(c.matches["role"]))
            for c in roles] == [("院长", "陈立新", "北方理工大学研究院", "role/institute-head"),
                                ("教授", "陈立新", "北方理工大学研究院", "role/professor")]


def test_company_stands_for_the_company_named_before(gazetteer):
    text = "云帆科技有限公司成立于2021年。公司董事长兼总经理、联合创始人赵清表示满意。"
    roles = found(text, gazetteer, {"role"})
    assert [(c.quote, c.fields["role"], c.fields["organization"], short(c.matches["person"])) for c in roles] == [
        ("公司董事长兼总经理、联合创始人赵清", "董事长", "云帆科技有限公司", "person/zhao-qing"),
        ("公司董事长兼总经理、联合创始人赵清", "总经理", "云帆科技有限公司", "person/zhao-qing"),
        ("公司董事长兼总经理、联合创始人赵清", "联合创始人", "云帆科技有限公司", "person/zhao-qing")]


def test_this_paper_is_the_publisher(gazetteer):
    [role] = found("本报讯 记者 孙悦 报道。", gazetteer, {"role"}, publisher="晨光日报")
    assert (role.quote, role.fields["person"], role.fields["organization"], short(role.matches["organization"])) == (
        "本报讯 记者 孙悦", "孙悦", "晨光日报", "org/youth-daily")
    [role] = found("东方晚报记者 孙悦 报道。", gazetteer, {"role"}, publisher="东方晚报")  # by its name, unknown
    assert (role.quote, role.fields["organization"], role.matches["organization"]) == ("记者 孙悦", "东方晚报", "new")


def test_no_facts(gazetteer):
    assert found("我们去公园散步吧，风景很好。", gazetteer) == []


def test_numbers_propose_their_subject_and_indicator(gazetteer):
    text = ("云帆科技有限公司成立于2021年。公司注册资本超5亿元，技术转移金额约800万元。"
            "北辰科技园累计孵化企业近300家，建成13个基地。\n\n新增就业1200人，载体面积约4万平方米。")
    numbers = found(text, gazetteer, {"count", "amount"})
    assert [(c.quote, c.fields.get("subject"), short(c.matches.get("indicator", ""))) for c in numbers] == [
        ("超5亿元", "云帆科技有限公司", "indicator/registered-capital"),      # 公司: the company named before
        ("约800万元", "云帆科技有限公司", "indicator/technology-transfer-amount"),
        ("近300家", None, ""),                                           # an upper bound: no proposal
        ("13个基地", "北辰科技园", "indicator/carrier-bases"),             # named in the sentence
        ("1200人", None, ""),                                            # people: no indicator of the scheme
        ("约4万平方米", None, "")]                                        # a new paragraph without a topic
