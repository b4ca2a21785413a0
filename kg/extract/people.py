"""Organizations, people and their roles.

- every organization and person the graph knows, by any label or alias
  (``organization`` / ``person``, one candidate per name, at its first mention);
- new organizations by the form of their names (…有限公司, …大学, …研究院,
  …中心, …科技园 …), their start found with the segmenter (jieba, with the
  graph's names as user dictionary), marked ``new``;
- roles: ``ORG 总经理、ORG 总经理 NAME``, ``ORG 院长 NAME 教授``,
  ``公司董事长兼总经理、联合创始人 NAME`` (公司/园区 stand for the last company or
  park named), ``本报记者 NAME`` (本报 is ``--publisher``), ``作为园区总经理`` (the
  person the sentence names) → one ``role`` per (person, role, organization).

Role words are the labels of the graph's ``org:Role`` concepts plus a few
common titles (matched ``new``).
"""

from __future__ import annotations

import re

from kg.extract.candidates import Context, match_of
from kg.extract.gazetteer import Mention
from kg.extract.sentences import Sentence

__all__ = ["ANAPHORA", "EXTRA_ROLES", "ORG_SUFFIXES", "anaphor", "find_people"]

#: Endings of organization names.
ORG_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "大学", "学院", "研究院", "研究所", "研究中心",
                "实验室", "中心", "科技园", "工程院", "孵化器", "基金会", "协会", "委员会")
#: Titles that are roles although the graph has no concept for them yet.
EXTRA_ROLES = ("副总经理", "首席执行官", "首席科学家", "执行董事", "理事长", "副院长", "所长", "主任", "校长", "CEO",
               "创始合伙人", "合伙人", "负责人")
_SURNAMES = set("李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘"
                "杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
                "庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍韦申尤毕聂焦向柳邢骆岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜"
                "詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵解强柴华车冉房边")
ANAPHORA = {"公司": ("有限公司", "公司", "集团"), "企业": ("有限公司", "公司", "集团"), "园区": ("科技园", "园区", "园"),
             "学校": ("大学", "学院"), "研究院": ("研究院",), "本报": ()}
#: Characters that follow a two-character name rather than end a three-character one (王明表示, 孙悦在).
_AFTER_NAME = set("表说指称认强介透宣带在是的等和与及也都曾将已为对向从到说教院总董等")
_BREAK = set("，,。、；;：:！？!?“”\"()（）《》 \n\t—-")


def _role_words(ctx: Context) -> dict[str, str | list[str]]:
    """Role word -> the role concept it matches (or ``new``), longest words first."""
    words: dict[str, str | list[str]] = {}
    for label, iris in ctx.gazetteer.names_of_kind("role").items():
        if not label.isascii():
            words[label] = iris[0] if len(iris) == 1 else list(iris)
    for word in EXTRA_ROLES:
        words.setdefault(word, "new")
    return dict(sorted(words.items(), key=lambda item: -len(item[0])))


def find_people(ctx: Context, sentence: Sentence, memory: dict) -> None:
    """Add the organization, person and role candidates of one sentence.

    >>> from kg.extract.candidates import read_sentence
    >>> found = read_sentence("北方理工大学研究院院长陈立新教授指出。", find_people, {},
    ...                       names=[("https://w3id.org/innokg/id/role/head", "院长")])
    >>> [(c.kind, c.fields) for c in found]  # doctest: +NORMALIZE_WHITESPACE
    [('organization', {'name': '北方理工大学研究院'}),
     ('role', {'person': '陈立新', 'role': '院长', 'organization': '北方理工大学研究院'})]

    ``memory`` carries what earlier sentences named: ``seen`` (names already
    proposed), ``orgs`` (organization mentions in order), ``people``.
    """
    seen = memory.setdefault("seen", set())
    orgs: list[Mention] = memory.setdefault("orgs", [])
    people: list[Mention] = memory.setdefault("people", [])
    if "roles" not in memory:
        memory["roles"] = _role_words(ctx)
        memory["role_re"] = re.compile("|".join(re.escape(word) for word in memory["roles"]))
    roles, role_re = memory["roles"], memory["role_re"]
    every = ctx.gazetteer.find(ctx.text, sentence.start, sentence.end)
    known = [m for m in every if m.kind in ("org", "person")]
    mentions = known + _new_organizations(ctx, sentence, every)
    mentions.sort(key=lambda m: m.start)
    for mention in mentions:
        kind = "person" if mention.kind == "person" else "organization"
        (people if kind == "person" else orgs).append(mention)
        key = (kind, mention.text)
        if key in seen:
            continue
        seen.add(key)
        ctx.add(kind, mention.start, mention.end, sentence, {"name": mention.text},
                0.9 if mention.iris else 0.6, {"name": match_of(mention)})
    _roles(ctx, sentence, mentions, roles, role_re, memory)
    for recent in (orgs, people):  # only recent names stand behind 公司/园区 or 他: keep memory flat
        if len(recent) > 400:
            del recent[:-200]


def _new_organizations(ctx: Context, sentence: Sentence, known: list[Mention]) -> list[Mention]:
    """Names that end like an organization's and that the graph does not know."""
    found = []
    pattern = re.compile("|".join(ORG_SUFFIXES))
    for suffix in pattern.finditer(ctx.text, sentence.start, sentence.end):
        end = suffix.end()
        if any(m.start < end and suffix.start() < m.end for m in known + found):
            continue
        start = _name_start(ctx, sentence, suffix.start())
        if end - start - len(suffix.group(0)) < 2 or re.search(r"[0-9一二三四五六七八九十]个$|全球|国际",
                                                                 ctx.text[max(0, start - 4):end]):
            continue
        name = ctx.text[start:end]
        if re.search(r"则|作为|多数|少数|百强|前[0-9]|等|(?:科技创新|科创|创新)中心$", name):
            continue  # a clause or the generic 科技创新中心, not a name
        found = [m for m in found if not (start <= m.start and m.end <= end)]  # 北方理工大学 inside …大学研究院
        found.append(Mention(start, end, name, "org", ()))
    return found


def _name_start(ctx: Context, sentence: Sentence, at: int) -> int:
    """Where a name ending at ``at`` starts: words before it back to punctuation or a function word."""
    window_start = max(sentence.start, at - 20)
    window = ctx.text[window_start:at]
    cut = max((i for i, ch in enumerate(window) if ch in _BREAK), default=-1)
    window_start += cut + 1
    window = ctx.text[window_start:at]
    words = ctx.gazetteer.segmenter().lcut(window)
    keep = 0
    for word in reversed(words):
        if word in ("的", "在", "与", "和", "及", "是", "由", "为", "了", "于", "将", "把", "从", "对", "向", "到",
                    "一家", "这家", "该", "其", "等", "并", "也", "已", "年", "月", "日", "个", "家", "成立", "揭牌", "位于", "落户", "引荐", "了") or re.search(r"[0-9]", word):
            break
        keep += len(word)
    return at - keep


def _person_after(ctx: Context, at: int, end: int, people_known: list[Mention]) -> Mention | None:
    """A person's name right after ``at`` (spaces allowed): one the graph knows, else a surname and 1-2 characters."""
    while at < end and ctx.text[at] in " \u3000\t":
        at += 1
    for mention in people_known:
        if mention.start == at:
            return mention
    if at >= end or ctx.text[at] not in _SURNAMES:
        return None
    three = ctx.text[at:min(end, at + 3)]
    if re.fullmatch(r"[\u4e00-\u9fff]{3}", three) and three[2] not in _AFTER_NAME:
        name = three
    elif re.fullmatch(r"[\u4e00-\u9fff]{2}", three[:2]):
        name = three[:2]
    else:
        name = ""
    if not (2 <= len(name) <= 3):
        return None
    return Mention(at, at + len(name), name, "person", ctx.gazetteer.lookup(name))


def anaphor(ctx: Context, word: str, orgs: list[Mention], before: int | None = None) -> Mention | None:
    """The organization 公司/园区/本报 stands for: the last one named (before ``before``) that fits."""
    if word == "本报":
        if not ctx.publisher:
            return None
        iris = ctx.gazetteer.lookup(ctx.publisher)
        return Mention(-1, -1, ctx.publisher, "org", iris)
    endings = ANAPHORA.get(word, ())
    for mention in reversed(orgs[-200:]):
        if before is not None and mention.start >= before:
            continue
        if mention.text.endswith(endings) or (word == "公司" and "公司" in mention.text):
            return mention
    return None


def _roles(ctx: Context, sentence: Sentence, mentions: list[Mention], roles: dict, role_re: re.Pattern,
           memory: dict) -> None:
    orgs = memory["orgs"]
    people_known = [m for m in mentions if m.kind == "person"]
    role_hits = list(role_re.finditer(ctx.text, sentence.start, sentence.end))
    done: set = set()
    index = 0
    while index < len(role_hits):
        # a chain: (ORG? ROLE) joined by 、/兼/和, then a NAME, then maybe a trailing ROLE (教授)
        chain = [role_hits[index]]
        while index + 1 < len(role_hits) and _joins(ctx, chain[-1].end(), role_hits[index + 1].start(), mentions):
            index += 1
            chain.append(role_hits[index])
        index += 1
        person = _person_after(ctx, chain[-1].end(), sentence.end, people_known)
        trailing = None
        if person is not None:
            after = role_re.match(ctx.text, person.end)
            if after:
                trailing = after
        else:
            person = _subject_person(ctx, sentence, chain[0].start(), people_known, memory)
            if person is None:
                continue
        org = None
        pairs = []
        for hit in chain:
            org = _org_before(ctx, sentence, hit.start(), mentions, orgs) or org
            pairs.append((hit, org))
        first = chain[0].start()
        direct = pairs[0][1]
        if direct is not None and sentence.start <= direct.start and direct.end <= first and direct.end >= first - 1:
            first = direct.start
        else:  # 公司/园区/本报 before the role word: quote from it
            word = re.search(r"(?:公司|园区|学校|本报)\S{0,2}\s*$", ctx.text[max(sentence.start, first - 6):first])
            if word:
                first -= len(word.group(0))
        if trailing is not None:
            pairs.append((trailing, pairs[-1][1] if pairs else None))
        memory["people"].append(person)
        for hit, organization in pairs:
            key = (person.text, hit.group(0), organization.text if organization else "")
            if key in done:
                continue
            done.add(key)
            start = min(first, hit.start(), person.start)
            end = max(person.end, hit.end())
            fields = {"person": person.text, "role": hit.group(0), "organization": organization.text if organization else ""}
            matches = {"person": match_of(person), "role": roles.get(hit.group(0), "new"),
                       "organization": match_of(organization) if organization else "new"}
            confidence = 0.85 - 0.3 * (organization is None) - 0.1 * (person.start < hit.start())
            ctx.add("role", start, end, sentence, fields, confidence, matches)


def _joins(ctx: Context, end: int, start: int, mentions: list[Mention]) -> bool:
    """Two role words belong to one chain: only 、/兼/和 and organization names between them."""
    between = ctx.text[end:start]
    for mention in mentions:
        if end <= mention.start and mention.end <= start and mention.kind != "person":
            between = between.replace(mention.text, "")
    return bool(re.fullmatch(r"\s*(?:、|兼|和|及|并任|兼任|,|，)?\s*(?:公司|园区|学校)?\s*", between))


def _org_before(ctx: Context, sentence: Sentence, at: int, mentions: list[Mention], orgs: list[Mention]) -> Mention | None:
    """The organization a role word at ``at`` belongs to: a name ending right before it, or 公司/园区/本报."""
    for mention in mentions:
        if mention.kind != "person" and 0 <= at - mention.end <= 1:
            return mention
    if "本报" in ctx.text[max(sentence.start, at - 6):at] or (
            ctx.publisher and ctx.text[max(sentence.start, at - len(ctx.publisher)):at] == ctx.publisher):
        return anaphor(ctx, "本报", orgs)  # 本报记者, or the publisher by its name: 青年报记者
    for word in ANAPHORA:
        if ctx.text[max(sentence.start, at - len(word)):at] == word:
            return anaphor(ctx, word, orgs, before=at - len(word))
    return None


def _subject_person(ctx: Context, sentence: Sentence, at: int, people_known: list[Mention], memory: dict):
    """``在李宇阳看来，作为园区总经理``: the person the sentence names before the role."""
    if not re.search(r"作为|担任|出任|任$", ctx.text[max(sentence.start, at - 6):at]):
        return None
    before = [m for m in people_known if m.end <= at]
    if before:
        return before[-1]
    names = {m.text for m in memory["people"]}
    for name in sorted(names, key=len, reverse=True):
        where = ctx.text.find(name, sentence.start, at)
        if where >= 0:
            return Mention(where, where + len(name), name, "person", ctx.gazetteer.lookup(name))
    return None
