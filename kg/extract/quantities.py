"""Counts, amounts and stated aggregates, with their bounds and units.

- ``754家``, ``210项``, ``13个基地`` → ``count`` (unit: firms, projects, …);
- ``超39亿元``, ``逾2亿``, ``约30万平方米``, ``2年多`` → ``amount`` (CNY, m², years …); a span of
  years with no bound word (``短短五年时间``) is approximate;
- ``美国共有27个城市进入百强``, ``在前30强中独占12席``, ``北美32席`` → ``aggregate``
  (a count of members of a top N, for a group of places).

The qualifier says how the number reads: ``exact``; ``lower-bound-exclusive`` for
超/逾/多/余 (more than); ``lower-bound`` for 以上/至少; ``upper-bound`` for
近/不足/不到/以内; ``approximate`` for 约/左右.
"""

from __future__ import annotations

import re

from kg.extract.candidates import Context, match_of
from kg.extract.gazetteer import PLACE_KINDS
from kg.extract.numbers import parse_number
from kg.extract.places import clause_subjects, dimension_before
from kg.extract.sentences import Sentence, clauses

__all__ = ["QUALIFIER_WORDS", "UNITS", "find_quantities"]

_NUM = r"[0-9]+(?:\.[0-9]+)?|[一二三四五六七八九十百千两]+"
#: Qualifier words before a number, and the qualifier they give.
QUALIFIER_WORDS = {
    "超过": "lower-bound-exclusive", "超": "lower-bound-exclusive", "逾": "lower-bound-exclusive",
    "多于": "lower-bound-exclusive", "高于": "lower-bound-exclusive", "大于": "lower-bound-exclusive",
    "至少": "lower-bound", "不少于": "lower-bound", "不低于": "lower-bound",
    "将近": "upper-bound", "接近": "upper-bound", "近": "upper-bound", "不足": "upper-bound",
    "不到": "upper-bound", "少于": "upper-bound", "低于": "upper-bound",
    "大约": "approximate", "约为": "approximate", "约": "approximate", "大概": "approximate",
}
_AFTER = {"多": "lower-bound-exclusive", "余": "lower-bound-exclusive", "以上": "lower-bound",
          "以内": "upper-bound", "以下": "upper-bound", "左右": "approximate"}
#: Units: the words after a number, the unit they give and whether the number is an amount (else a count).
UNITS = (
    ("亿美元", "USD", 10 ** 8, True), ("万美元", "USD", 10 ** 4, True), ("美元", "USD", 1, True),
    ("亿元", "CNY", 10 ** 8, True), ("万元", "CNY", 10 ** 4, True), ("元", "CNY", 1, True),
    ("万平方米", "m²", 10 ** 4, True), ("万平米", "m²", 10 ** 4, True), ("平方米", "m²", 1, True),
    ("平米", "m²", 1, True), ("㎡", "m²", 1, True), ("平方公里", "km²", 1, True), ("亩", "mu", 1, True),
    ("个月", "months", 1, True), ("年", "years", 1, True),
    ("家", "firms", 1, False), ("项", "projects", 1, False), ("座", "items", 1, False),
    ("件", "items", 1, False), ("篇", "papers", 1, False), ("人", "people", 1, False), ("个", "items", 1, False),
)
_NOUN_UNITS = {"城市": "cities", "企业": "firms", "公司": "firms", "项目": "projects", "基地": "bases",
               "园区": "parks", "人才": "people"}
_QUANTITY = re.compile(
    rf"(?P<q>{'|'.join(sorted(QUALIFIER_WORDS, key=len, reverse=True))})?(?P<n>{_NUM})(?P<scale>万亿|亿|万)?"
    rf"(?P<mid>余|多)?(?P<unit>{'|'.join(re.escape(u[0]) for u in UNITS)})?(?P<after>多|以上|以内|以下|左右)?")
_TOP_N = re.compile(rf"百强|十强|前(?P<n>{_NUM})(?:强|名|位)?|top ?(?P<en>[0-9]+)", re.IGNORECASE)
_AGGREGATE = re.compile(
    rf"(?P<q>共有|共|独占|占据|占|合计占据|合计|达到|达|仅)?(?P<place>[\u4e00-\u9fff]{{0,4}}?)(?P<n>{_NUM})\s*"
    rf"(?:(?:个|座)(?P<grp>[\u4e00-\u9fff]{{0,4}}?)(?P<what>城市|科创中心|科技创新中心|中心)|(?P<seat>席)|(?P<city>城)|个(?=[)）。，,；;]|$))")
_CHANGE = re.compile(rf"较上年(?P<dir>增加|增长|多|减少|少)了?(?P<n>{_NUM})(?:席|个)")
_STOP = re.compile(r"的|了|已|累计|共|达到|达|为|是|覆盖|搭建|孵化落地企业|、")
_MONEY_WORDS = re.compile(r"金额|资本|资金|投资|融资|营收|收入|产值|经费|拨款|规模")


def find_quantities(ctx: Context, sentence: Sentence) -> None:
    """Add the aggregate, count and amount candidates of one sentence to ``ctx``.

    Examples
    --------
    >>> from kg.extract.candidates import read_sentence
    >>> found = read_sentence("技术转移金额逾2亿元，孵化企业近300家。", find_quantities)
    >>> [(c.kind, c.quote, c.fields["value"], c.fields["unit"], c.fields["qualifier"]) for c in found]
    [('amount', '逾2亿元', 200000000, 'CNY', 'lower-bound-exclusive'), ('count', '近300家', 300, 'firms', 'upper-bound')]
    """
    taken = [(c.start, c.end) for c in ctx.candidates if c.kind in ("date", "rank", "bound", "change")]
    _aggregates(ctx, sentence, taken)
    for found in _QUANTITY.finditer(ctx.norm, sentence.start, sentence.end):
        start, end = found.span()
        if not (found.group("unit") or found.group("scale")) or _overlaps(start, end, taken):
            continue
        before = ctx.norm[max(sentence.start, start - 2):start]
        if before.endswith(("第", "前")) or re.match(r"[0-9]", ctx.norm[end:end + 1]):
            continue
        unit_text = found.group("unit") or ""
        unit = next((u for u in UNITS if u[0] == unit_text), None)
        try:
            value = parse_number(found.group("n") + (found.group("scale") or ""))
        except ValueError:
            continue
        if unit and unit[1] in ("years", "months") and (
                value >= 200 or before.endswith(("连续", "续")) or re.match(r"[月度级代版前后来底初末]", ctx.norm[end:end + 1])):
            continue
        if unit is None:  # a bare 亿 or 万: money when the clause says so
            clause_text = ctx.norm[max(sentence.start, start - 12):start]
            unit = ("", "CNY", 1, True) if _MONEY_WORDS.search(clause_text) else ("", "", 1, True)
        if found.group("n") == "一" and not found.group("q"):
            continue  # 一家企业, 一个: an article, not a count
        if unit[0] == "个" and not re.match(r"[\u4e00-\u9fff]", ctx.norm[end:end + 1]):
            continue
        value = value * unit[2]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        qualifier = (QUALIFIER_WORDS.get(found.group("q") or "") or _AFTER.get(found.group("mid") or "")
                     or _AFTER.get(found.group("after") or "") or "exact")
        noun = re.match(r"[\u4e00-\u9fff]{1,6}?(?=[，,。、;；的和进与\s(（]|$)|[\u4e00-\u9fff]{2,4}",
                        ctx.norm[end:min(sentence.end, end + 8)])
        measure_word = unit[0] in ("个", "家", "项", "座", "件", "篇")
        counted_after = noun.group(0) if noun and measure_word else ""
        unit_code = _NOUN_UNITS.get(counted_after[:2], unit[1]) if counted_after else unit[1]
        counted = counted_after or _counted_before(ctx, sentence, start)
        if measure_word:
            unit_text = _measure_and_noun(unit_text, counted_after, ctx.norm[max(sentence.start, start - 2):start])
            if unit_text.startswith("个") and ctx.norm.startswith(unit_text[1:], end) and len(unit_text) > 1:
                end += len(unit_text) - 1  # 13个基地: 个 alone says nothing of what is counted; quote the noun too
        if unit_code in ("years", "months") and qualifier == "exact":
            # a span of years in prose is rounded (短短五年时间: five years and a month); quote the words around it
            qualifier = "approximate"
            start -= 2 if ctx.norm[max(sentence.start, start - 2):start] == "短短" else 0
            end += 2 if ctx.norm[end:min(sentence.end, end + 2)] == "时间" else 0
        fields = {"value": value, "unit": unit_code, "unit_text": unit_text, "qualifier": qualifier,
                  "counted": counted}
        kind = "amount" if unit[3] else "count"
        ctx.add(kind, start, end, sentence, fields, 0.85 if counted else 0.7)
        taken.append((start, end))


def _measure_and_noun(measure: str, after: str, before: str) -> str:
    """The unit as written: the measure word and the noun it counts (个基地, 家企业), unless the noun repeats it (项目).

    >>> _measure_and_noun("个", "基地", "覆盖"), _measure_and_noun("家", "", "企业"), _measure_and_noun("项", "", "项目")
    ('个基地', '家企业', '项')
    """
    noun = after[:2] if after[:2] in _NOUN_UNITS else before if before in _NOUN_UNITS else ""
    return measure + noun if noun and not noun.startswith(measure) else measure


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in taken)


def _counted_before(ctx: Context, sentence: Sentence, at: int) -> str:
    """What a number counts, from the words before it in its clause (``注册资本超39亿元`` → 注册资本)."""
    clause_start = next((a for a, b in clauses(ctx.norm, sentence.start, sentence.end) if a <= at <= b),
                        sentence.start)
    before = ctx.text[clause_start:at]
    for word in QUALIFIER_WORDS:
        if before.endswith(word):
            before = before[: -len(word)]
            break
    pieces = [piece for piece in _STOP.split(before) if piece.strip()]
    return pieces[-1].strip()[-10:] if pieces else ""


def _top_n(ctx: Context, sentence: Sentence, start: int, end: int) -> tuple[int | None, int]:
    """The nearest top-N phrase (百强, 前30强, 十强) in the sentence: its N and position."""
    best = None
    for found in _TOP_N.finditer(ctx.norm, sentence.start, sentence.end):
        text = found.group(0)
        value = 100 if text == "百强" else 10 if text == "十强" else None
        if value is None:
            try:
                value = int(parse_number(found.group("n") or found.group("en")))
            except (ValueError, TypeError):
                continue
        distance = start - found.end() if found.end() <= start else found.start() - end + 0.5
        if best is None or abs(distance) < abs(best[0]):
            best = (distance, value, found.start())
    return (best[1], best[2]) if best else (None, -1)


def _group(ctx: Context, sentence: Sentence, start: int, found: re.Match) -> tuple:
    """The group of places an aggregate counts: named in the count, just before it, or the clause's subject."""
    for group_name in ("grp", "place"):
        if found.group(group_name):
            offset = found.start(group_name)
            mentions = [m for m in ctx.gazetteer.find(ctx.text, offset, found.end(group_name), kinds=PLACE_KINDS)
                        if m.kind != "city"]
            if mentions:
                return mentions[-1]
    clause_start = next((a for a, b in clauses(ctx.norm, sentence.start, sentence.end) if a <= start <= b),
                        sentence.start)
    mentions = [m for m in ctx.gazetteer.find(ctx.text, clause_start, start, kinds=PLACE_KINDS)
                if m.kind != "city"]
    if mentions:
        return mentions[-1]
    subjects, _ = clause_subjects(ctx, sentence, start)
    return subjects[0] if subjects else None


def _aggregates(ctx: Context, sentence: Sentence, taken: list[tuple[int, int]]) -> None:
    for found in _AGGREGATE.finditer(ctx.norm, sentence.start, sentence.end):
        n_start = found.start("n")
        if _overlaps(n_start, found.end(), taken) or re.search(r"(?:增加|增长|减少|多|少)$", ctx.norm[n_start - 2:n_start]):
            continue
        top_n, top_at = _top_n(ctx, sentence, n_start, found.end())
        if top_n is None:
            continue
        try:
            count = parse_number(found.group("n"))
        except ValueError:
            continue
        group = _group(ctx, sentence, n_start, found)
        start = group.start if group is not None and found.start() <= group.start < n_start else n_start
        if found.group("q") and found.start("q") >= 0 and (group is None or found.start("q") < start):
            start = min(start, found.start("q")) if found.group("q") in ("共有", "独占", "占据", "合计占据") else start
        dimension, dimension_match, defaulted = dimension_before(ctx, sentence, min(top_at, n_start))
        edition, edition_match = ctx.edition_fields(sentence)
        what = found.group("what") or ("城市" if found.group("city") else "席" if found.group("seat") else "个")
        fields = {"count": count, "counted": what, "top_n": top_n, "group": group.text if group else "",
                  "qualifier": "only" if found.group("q") == "仅" else "exact", **dimension, **edition}
        if fields["qualifier"] == "only":
            fields["qualifier"] = "exact"
        change = _CHANGE.search(ctx.norm, found.end(), min(sentence.end, found.end() + 12))
        end = found.end()
        if change:
            steps = parse_number(change.group("n"))
            fields["change"] = -steps if change.group("dir") in ("减少", "少") else steps
            end = change.end()
        members = _members(ctx, end, sentence)
        if members:
            fields["members"] = "、".join(m.text for m in members)
        matches = {"group": match_of(group) if group else "new", **dimension_match, **edition_match}
        listed = _listed_groups(ctx, end, sentence) if group is None and not members else []
        if listed:  # 三者合计占据99席(北美32席、欧洲34席、亚太33席): the places the bracket names, together
            del fields["group"], matches["group"]
            fields["groups"] = "、".join(m.text for m in listed)
            matches["groups"] = [match_of(m) for m in listed]
        ctx.add("aggregate", start, end, sentence, fields,
                0.85 - 0.1 * defaulted - 0.2 * (group is None and not listed), matches)
        taken.append((start, end))
        for member in members:
            ctx.add("bound", member.start, member.end, sentence,
                    {"place": member.text, "rank_at_most": top_n, "qualifier": "upper-bound", **dimension,
                     **edition}, 0.75, {"place": match_of(member), **dimension_match, **edition_match})


def _listed_groups(ctx: Context, at: int, sentence: Sentence) -> list:
    """Two or more groups of places (not cities) each matched to one IRI, listed in brackets right after a count.

    >>> from kg.extract.gazetteer import Gazetteer
    >>> from kg.extract.sentences import normalized, split_sentences
    >>> text = "三者合计占据99席(北美32席、欧洲34席)。"
    >>> region = "https://w3id.org/innokg/id/region/"
    >>> g = Gazetteer.from_labels([(region + "north-america", "北美"), (region + "europe", "欧洲")])
    >>> [m.text for m in _listed_groups(Context(text, normalized(text), g), 9, split_sentences(text)[0])]
    ['北美', '欧洲']
    """
    opened = re.match(r"\s*[(（]([^)）]*)[)）]", ctx.norm[at:sentence.end])
    if not opened:
        return []
    found = [m for m in ctx.gazetteer.find(ctx.text, at + opened.start(1), at + opened.end(1), kinds=PLACE_KINDS)
             if m.kind != "city"]
    return found if len(found) >= 2 and all(len(m.iris) == 1 for m in found) else []


def _members(ctx: Context, at: int, sentence: Sentence) -> list:
    """The cities listed in brackets right after an aggregate: ``8席(北京、上海…等)``."""
    opened = re.match(r"\s*[(（]([^)）]*)[)）]", ctx.norm[at:sentence.end])
    if not opened:
        return []
    start = at + opened.start(1)
    return [m for m in ctx.gazetteer.find(ctx.text, start, at + opened.end(1), kinds=PLACE_KINDS)
            if m.kind == "city"]
