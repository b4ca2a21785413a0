"""Ranks in a text: ranked lists, single ranks, bounds (前N), approximate ranks and changes.

- ``前30强依次为：A、B、C`` → one ``rank`` per item (rank = its place in the list);
- ``首次跃居全球第3``, ``稳居全球第10``, ``保持其全球第四、亚太第一``, ``位居榜首``,
  ``全球第18→11``, ``from 18th to 11th`` → ``rank`` (with scope, trend, previous rank);
- ``跃升至全球前三``, ``稳居前4`` → ``bound`` (upper bound); ``前20左右`` → ``bound`` (approximate);
- ``提升7位`` → ``change``.

Every rank has the places it is about (:func:`kg.extract.places.clause_subjects`),
the dimension, the index and edition of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.candidates import Context, match_of
from kg.extract.gazetteer import PLACE_KINDS
from kg.extract.numbers import parse_integer
from kg.extract.places import clause_subjects, dimension_before, scope_of
from kg.extract.sentences import Sentence

__all__ = ["TRENDS", "find_ranks"]

_N = r"[0-9]+|[一二三四五六七八九十百两]+"
_ORD = r"(?:st|nd|rd|th)"
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100}
_SCOPE = r"全球|世界|全国|国内|亚太|亚洲|欧洲|北美"
_PRE = r"(?P<pre>(?:首次|再次|继续|仍然|仍|一直|均|也|则|依然|连续(?P<years>[0-9]+|[一二三四五六七八九十两]+)年)*)"
_VERB = (r"(?P<verb>跃居|跃升至|跃升到|跃升为|升至|升到|上升至|上升到|提升至|攀升至|位居|稳居|位列|名列|排名|排在|排|居于|居|"
         r"保持在|保持了|保持|进入|跻身|位于|降至|下降至|下滑至|跌至|回落至|达到)?")
#: Verbs and the trend they say.
TRENDS = {"rose": ("跃", "升", "攀", "首次", "进入", "跻身"), "held": ("稳", "保持", "继续", "连续", "仍", "一直", "依然"),
          "fell": ("降", "下滑", "跌", "回落")}

_LIST = re.compile(rf"(?:排名)?前(?P<n>{_N})(?:强|名|位)?(?:城市|名单)?(?:依次|分别)(?:为|是)[:：]?\s*")
_RANK = re.compile(rf"{_PRE}{_VERB}其?(?P<scope>{_SCOPE})?(?:排名|排行)?第(?P<n>{_N})(?:位|名)?(?P<approx>左右)?")
_MOVE = re.compile(rf"(?P<scope>{_SCOPE})?(?:从|由)?第(?P<old>{_N})(?:位|名)?\s*(?:→|->|—>|-->|升至|上升至|升到|"
                   rf"跃升至|降至|下降至|跌至|到|至)\s*(?:第)?(?P<n>{_N})(?:位|名)?")
_TOP = re.compile(rf"{_PRE}{_VERB}(?:在)?(?P<scope>{_SCOPE})?前(?P<n>{_N})(?:强|名|位)?(?P<approx>左右)?")
_NEXT = re.compile(rf"、(?P<scope>{_SCOPE})?第(?P<n>{_N})(?:位|名)?")
_HEAD = re.compile(rf"{_PRE}{_VERB}(?:全球)?(?:榜首|首位|第一名)")
_CHANGE = re.compile(rf"(?P<dir>提升|上升|提高|前进|跃升|攀升|下降|下滑|后退|回落)了?(?P<n>{_N})(?:个)?(?:位|名)")
_EN_MOVE = re.compile(rf"from (?:the )?(?P<old>[0-9]+){_ORD}(?: place)? to (?:the )?(?P<n>[0-9]+){_ORD}", re.IGNORECASE)
_EN_RANK = re.compile(rf"(?P<verb>ranked|ranks|ranking|placed|came|is|was)(?: (?P<scope>global|world)ly)? "
                      rf"(?:the )?(?P<n>[0-9]+){_ORD}", re.IGNORECASE)
_EN_TOP = re.compile(r"(?P<verb>in|into|among|entered|joined) the (?P<scope>global |world )?top (?P<n>[0-9]+|"
                     + "|".join(_EN_NUMBERS) + ")", re.IGNORECASE)


def _number(text: str) -> int | None:
    return _EN_NUMBERS.get(text.lower()) or parse_integer(text)


def _trend(words: str) -> str | None:
    for trend, markers in TRENDS.items():
        if any(marker in words for marker in markers):
            return trend
    return None


def _stated(ctx: Context, sentence: Sentence, pattern: re.Pattern, taken: list[tuple[int, int]],
            ordinal: bool = False) -> Iterator[tuple[re.Match, int]]:
    """The matches of ``pattern`` in ``sentence`` that state a rank, with their number, each added to ``taken``.

    A match states one when it overlaps nothing taken, is no part of an
    aggregate, has a verb or a prefix and a number that reads. An
    ``ordinal`` pattern (第N) needs only a scope, and is no rank when a
    counter follows it (连续第四年, 第一方阵).
    """
    for found in pattern.finditer(ctx.norm, sentence.start, sentence.end):
        if _overlaps(found, taken) or _inside_aggregate(ctx, found.end()):
            continue
        if not (found.group("verb") or found.group("pre") or (ordinal and found.group("scope"))):
            continue
        if ordinal and re.match(r"[年届次批方阶大个期轮]", ctx.norm[found.end():found.end() + 1]):
            continue
        number = _number(found.group("n"))
        if number is not None:
            taken.append(found.span())
            yield found, number


def find_ranks(ctx: Context, sentence: Sentence) -> None:
    """Add the rank, bound and change candidates of one sentence to ``ctx``.

    Examples
    --------
    >>> from kg.extract.candidates import read_sentence
    >>> found = read_sentence("广州稳居前4，深圳排名提升7位。", find_ranks, names=[
    ...     ("https://w3id.org/innokg/id/city/gz", "广州"), ("https://w3id.org/innokg/id/city/sz", "深圳")])
    >>> [(c.kind, c.quote, c.fields["place"], c.fields.get("rank_at_most"), c.fields.get("change")) for c in found]
    [('bound', '稳居前4', '广州', 4, None), ('change', '提升7位', '深圳', None, 7)]
    """
    taken: list[tuple[int, int]] = []
    _lists(ctx, sentence, taken)
    for pattern in (_MOVE, _EN_MOVE):
        for found in pattern.finditer(ctx.norm, sentence.start, sentence.end):
            if _overlaps(found, taken):
                continue
            rank, old = _number(found.group("n")), _number(found.group("old"))
            if rank is None or old is None:
                continue
            taken.append(found.span())
            trend = "rose" if rank < old else "fell" if rank > old else "held"
            _emit(ctx, sentence, "rank", found, {"rank": rank, "previous_rank": old, "change": old - rank,
                                                 "qualifier": "exact", "trend": trend},
                  found.groupdict().get("scope"), 0.85)
    for found, rank in _stated(ctx, sentence, _RANK, taken, ordinal=True):
        approx = bool(found.group("approx"))
        fields = {"rank": rank, "qualifier": "approximate" if approx else "exact"}
        _emit(ctx, sentence, "bound" if approx else "rank", found, fields, found.group("scope"),
              0.9 if found.group("verb") else 0.75)
        at = found.end()
        while nxt := _NEXT.match(ctx.norm, at, sentence.end):  # 保持其全球第四、亚太第一
            value = _number(nxt.group("n"))
            if value is None:
                break
            taken.append(nxt.span())
            _emit(ctx, sentence, "rank", nxt, {"rank": value, "qualifier": "exact"}, nxt.group("scope"), 0.8,
                  verb_words=found.group("pre") + (found.group("verb") or ""), subject_at=found.start())
            at = nxt.end()
    for found in _HEAD.finditer(ctx.norm, sentence.start, sentence.end):
        if not _overlaps(found, taken) and (found.group("verb") or found.group("pre")):
            taken.append(found.span())
            _emit(ctx, sentence, "rank", found, {"rank": 1, "qualifier": "exact"}, None, 0.8)
    for found, bound in _stated(ctx, sentence, _TOP, taken):
        approx = bool(found.group("approx"))
        fields = {"rank": bound, "qualifier": "approximate"} if approx else {"rank_at_most": bound,
                                                                            "qualifier": "upper-bound"}
        _emit(ctx, sentence, "bound", found, fields, found.group("scope"), 0.85)
    for found in _CHANGE.finditer(ctx.norm, sentence.start, sentence.end):
        steps = _number(found.group("n"))
        if steps is None or _overlaps(found, taken):
            continue
        down = any(word in found.group("dir") for word in ("下", "后退", "回落"))
        _emit(ctx, sentence, "change", found, {"change": -steps if down else steps,
                                               "trend": "fell" if down else "rose"}, None, 0.8)
    if ctx.lang == "en" or re.search(r"[A-Za-z]{3}", ctx.text[sentence.start:sentence.end]):
        for pattern, kind in ((_EN_RANK, "rank"), (_EN_TOP, "bound")):
            for found in pattern.finditer(ctx.norm, sentence.start, sentence.end):
                if _overlaps(found, taken):
                    continue
                value = _number(found.group("n"))
                if value is None:
                    continue
                taken.append(found.span())
                fields = {"rank": value, "qualifier": "exact"} if kind == "rank" else {
                    "rank_at_most": value, "qualifier": "upper-bound"}
                scope = "global" if (found.group("scope") or "").strip() else None
                _emit(ctx, sentence, kind, found, fields, scope, 0.8)


def _overlaps(found: re.Match, taken: list[tuple[int, int]]) -> bool:
    start, end = found.span()
    return any(start < b and a < end for a, b in taken)


def _inside_aggregate(ctx: Context, at: int) -> bool:
    """``前30强中``: a top-N that counts members (an aggregate), not a rank."""
    return bool(re.match(r"(?:强)?(?:之中|中|里|的城市)", ctx.norm[at:at + 4]))


def _emit(ctx: Context, sentence: Sentence, kind: str, found: re.Match, fields: dict, scope_word: str | None,
          confidence: float, *, verb_words: str | None = None, subject_at: int | None = None) -> None:
    """Add one candidate per subject place of the match."""
    start, end = found.span()
    groups = found.groupdict()
    lead = re.match(r"(?:则|也|而)+", ctx.norm[start:end])
    if lead and lead.end() < end - start:
        start += lead.end()
    words = verb_words if verb_words is not None else (groups.get("pre") or "") + (groups.get("verb") or "")
    fields = dict(fields)
    if "trend" not in fields and _trend(words):
        fields["trend"] = _trend(words)
    if "首次" in words:
        fields["first_time"] = True
    if groups.get("years"):
        fields["consecutive_editions"] = _number(groups["years"])
    scope, scope_iri = scope_of(ctx, scope_word)
    subjects, inherited = clause_subjects(ctx, sentence, subject_at if subject_at is not None else start)
    dimension, dimension_match, defaulted = dimension_before(ctx, sentence, start)
    edition, edition_match = ctx.edition_fields(sentence)
    if subjects and re.search(r"少数|多数|部分|若干", ctx.text[subjects[-1].end:start]):
        return  # 亚洲仅少数城市能跻身前30: a count of members, not the rank of the place
    if not subjects:
        subjects = [None]
        confidence -= 0.3
    for subject in subjects:
        candidate_fields = {"place": subject.text if subject else "", **fields, **dimension, **edition}
        if scope:
            candidate_fields["scope"] = scope
        matches = {"place": match_of(subject) if subject else "new", **dimension_match, **edition_match}
        if scope_iri:
            matches["scope"] = scope_iri
        penalty = 0.1 * inherited + 0.1 * defaulted + (0.2 if subject and len(subject.iris) > 1 else 0)
        ctx.add(kind, start, end, sentence, candidate_fields, confidence - penalty, matches)


def _lists(ctx: Context, sentence: Sentence, taken: list[tuple[int, int]]) -> None:
    """``前30强依次为：A、B、C`` → one rank per item."""
    for found in _LIST.finditer(ctx.norm, sentence.start, sentence.end):
        size = _number(found.group("n"))
        stop = sentence.end
        items = []
        at = found.end()
        for part in re.finditer(r"[^、,，;；。.!！?？\n]+", ctx.norm[at:stop]):
            raw_start, raw_end = at + part.start(), at + part.end()
            name = ctx.text[raw_start:raw_end]
            lead = len(name) - len(name.lstrip())
            name = name.strip()
            if name.endswith("等"):
                name = name[:-1].rstrip()
            if not name:
                continue
            items.append((raw_start + lead, raw_start + lead + len(name), name))
        if not items:
            continue
        taken.append((found.start(), items[-1][1]))
        dimension, dimension_match, defaulted = dimension_before(ctx, sentence, found.end())
        edition, edition_match = ctx.edition_fields(sentence)
        year = re.search(r"([0-9]{4})年", ctx.norm[sentence.start:found.start()])
        if year:
            edition["edition"] = int(year.group(1))
        for position, (start, end, name) in enumerate(items, 1):
            iris = ctx.gazetteer.lookup(name)
            places = ([iri for iri in iris if "/id/city/" in iri]
                      or [iri for iri in iris if iri.split("/id/", 1)[-1].split("/", 1)[0] in PLACE_KINDS] or list(iris))
            match = places[0] if len(places) == 1 else (places if places else "new")
            confidence = 0.95 - (0.25 if match == "new" else 0) - (0.2 if isinstance(match, list) else 0)
            confidence -= 0.05 * defaulted + (0.3 if size and position > size else 0)
            ctx.add("rank", start, end, sentence,
                    {"place": name, "rank": position, "qualifier": "exact", "list_size": size, **dimension,
                     **edition}, confidence, {"place": match, **dimension_match, **edition_match})
