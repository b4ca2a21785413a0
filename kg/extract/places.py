"""Who and where a fact is about: the places a clause names first, the ranking dimension and the scope.

The subject of a rank is the run of places that opens its clause
(``深圳、杭州、香港均位列前30`` → three cities); a clause that names none
inherits the subject of the clause before it in the same sentence
(``北京综合排名超越伦敦，首次跃居全球第3`` → Beijing). The dimension is the
nearest dimension word before the fact in its sentence (the graph's labels
of ranking dimensions, then the words 综合, 创新要素, 科学, 技术创新, 产业变革,
创新环境), else the overall ranking, marked as a default.
"""

from __future__ import annotations

import re

from kg.extract.candidates import Context, match_of
from kg.extract.gazetteer import PLACE_KINDS, Mention
from kg.extract.sentences import Sentence, clauses
from kg.namespaces import ID

__all__ = ["DIMENSION_WORDS", "SCOPES", "clause_subjects", "dimension_before", "scope_of"]

#: Words that name a ranking dimension, and the key of its concept (``id:dimension/KEY``).
DIMENSION_WORDS = (
    ("综合", "overall"), ("overall", "overall"),
    ("创新要素", "innovation-factor-agglomeration"), ("innovation factor", "innovation-factor-agglomeration"),
    ("科学", "scientific-research-leadership"), ("科研", "scientific-research-leadership"),
    ("science", "scientific-research-leadership"),
    ("技术创新", "technology-innovation-origination"), ("technolog", "technology-innovation-origination"),
    ("产业变革", "industrial-transformation-driving"), ("industr", "industrial-transformation-driving"),
    ("创新环境", "innovation-environment-support"), ("environment", "innovation-environment-support"),
)
_DIMENSION = re.compile("|".join(re.escape(word) for word, _ in DIMENSION_WORDS), re.IGNORECASE)
_DIMENSION_KEYS = {word.lower(): key for word, key in DIMENSION_WORDS}
#: Scope words before a rank, and the scope they give (``global`` or a region's label).
SCOPES = {"全球": "global", "世界": "global", "global": "global", "world": "global", "全国": "national",
          "国内": "national"}
_JOINERS = re.compile(r"\s*(?:、|,|和|与|及|以及|and)\s*")


def dimension_before(ctx: Context, sentence: Sentence, at: int) -> tuple[dict, dict, bool]:
    """The dimension of a fact at ``at``: ``({"dimension": word}, {"dimension": IRI}, defaulted)``."""
    best: tuple[int, str, str] | None = None
    for mention in ctx.gazetteer.find(ctx.text, sentence.start, at, kinds=("dimension",)):
        best = (mention.start, mention.text, mention.iris[0])
    for found in _DIMENSION.finditer(ctx.norm, sentence.start, at):
        if best is None or found.start() > best[0]:
            key = _DIMENSION_KEYS[found.group(0).lower()]
            best = (found.start(), ctx.text[found.start():found.end()], ID + "dimension/" + key)
    if best is None:
        return {"dimension": "综合"}, {"dimension": ID + "dimension/overall"}, True
    return {"dimension": best[1]}, {"dimension": best[2]}, False


def _leading_places(ctx: Context, start: int, end: int) -> list[Mention]:
    """The run of places that opens ``text[start:end]`` (cities first), joined by 、 和 与 及."""
    mentions = ctx.gazetteer.find(ctx.text, start, end, kinds=PLACE_KINDS)
    if not mentions:
        return []
    cities = [m for m in mentions if m.kind == "city"]
    first = mentions[0]
    if first.kind != "city" and cities and _only_filler(ctx.text[first.end:cities[0].start]):
        first = cities[0]  # 中国仅北京一城 → Beijing
    run = [first]
    for mention in mentions[mentions.index(first) + 1:]:
        if _JOINERS.fullmatch(ctx.text[run[-1].end:mention.start]):
            run.append(mention)
        else:
            break
    return run


def _only_filler(between: str) -> bool:
    return len(between) <= 3 and not re.search(r"[第前0-9,，。]", between)


def clause_subjects(ctx: Context, sentence: Sentence, at: int) -> tuple[list[Mention], bool]:
    """The places a fact at ``at`` is about, and whether they were inherited from an earlier clause."""
    spans = clauses(ctx.norm, sentence.start, sentence.end)
    inherited = False
    subjects: list[Mention] = []
    for start, end in spans:
        if start > at:
            break
        run = _leading_places(ctx, start, min(end, at))
        if start <= at <= end:
            if run:
                return run, False
            return subjects, bool(subjects)
        if run:
            subjects = run
    return subjects, inherited


def scope_of(ctx: Context, word: str | None) -> tuple[str | None, str | None]:
    """The scope a word before a rank gives: ``("global", None)``, or a region's label and IRI.

    >>> from kg.extract.gazetteer import Gazetteer
    >>> ctx = Context("", "", Gazetteer.from_labels([("https://w3id.org/innokg/id/region/asia-pacific", "亚太")]))
    >>> scope_of(ctx, "全球"), scope_of(ctx, "亚太"), scope_of(ctx, None)
    (('global', None), ('亚太', 'https://w3id.org/innokg/id/region/asia-pacific'), (None, None))
    """
    if not word:
        return None, None
    if word.lower() in SCOPES:
        return SCOPES[word.lower()], None
    iris = ctx.gazetteer.lookup(word)
    return word, (match_of(Mention(0, 0, word, "region", iris)) if iris else "new")
