"""What a count or amount is about: the organization that has it, and the indicator it measures.

A number becomes a fact only with both (``ik:indicator`` of its subject,
``ik:measures`` an indicator concept), so each ``count`` and ``amount``
candidate gets a proposal for the reviewer, as ``subject`` and ``indicator``
fields with their matches:

- the **indicator** from what is counted, in the number's clause: ``企业…754家``
  → incubated firms, ``注册资本超39亿元`` → registered capital, ``技术转移金额``,
  ``成果转化项目``, ``13个基地``, ``30万平米`` (floor area), ``五年时间`` (years of
  operation); the concepts of the graph's ``indicator`` scheme
  (:data:`INDICATORS`). A number whose counted thing is none of them, or an
  upper bound (``近300家``: the shapes hold no upper bound of an indicator
  value), gets no proposal (nothing is imported from it unless the reviewer
  names both);
- the **subject**, in this order: an organization named in the number's clause
  before it; the one a word like 园区/公司 stands for (the last park or company
  named, :data:`kg.extract.people.ANAPHORA`); the nearest organization named
  before the number in the sentence; the paragraph's topic (the last
  organization of the paragraph that opens a clause, its grammatical subject,
  else the subject its earlier numbers had).

A name the graph does not know is proposed as ``new``; the import makes it
an entity (:mod:`kg.extract.entities`).

Examples
--------
>>> from kg.extract.pipeline import extract
>>> from kg.extract.gazetteer import Gazetteer
>>> found = extract("北辰科技园揭牌。园区累计孵化企业86家，注册资本超3亿元。", Gazetteer.from_labels([]))
>>> [(c.quote, c.fields["subject"], c.fields["indicator"], c.matches["indicator"].rsplit("/", 1)[-1])
...  for c in found if c.kind in ("count", "amount")]
[('86家', '北辰科技园', '累计孵化落地企业数', 'incubated-firms'), ('超3亿元', '北辰科技园', '注册资本', 'registered-capital')]
"""

from __future__ import annotations

import re

from kg.extract.candidates import Candidate, Context, match_of
from kg.extract.gazetteer import Mention
from kg.extract.people import ANAPHORA, anaphor
from kg.extract.sentences import Sentence, clauses
from kg.namespaces import ID

__all__ = ["INDICATORS", "indicator_of", "propose_subjects"]

#: (indicator key, units it measures, words of the number's clause that say so, zh label, en label); first match wins.
INDICATORS = (
    ("registered-capital", ("CNY", "USD"), r"注册资本|注册资金", "注册资本", "registered capital"),
    ("technology-transfer-amount", ("CNY", "USD"), r"技术转移|技术转让|技术交易|成果转化", "技术转移金额",
     "technology transfer amount"),
    ("funding-amount", ("CNY", "USD"), r"资助|拨款|资金|融资|投资", "资助金额", "funding amount"),
    ("key-transfer-projects", ("projects",), r"转化|转移", "重点成果转化项目数", "key technology transfer projects"),
    ("incubated-firms", ("firms",), r"", "累计孵化落地企业数", "incubated firms (cumulative)"),
    ("carrier-bases", ("bases",), r"", "载体基地数", "carrier bases"),
    ("carrier-floor-area", ("m²",), r"", "载体面积", "carrier floor area"),
    ("years-of-operation", ("years",), r"时间|历程|运营|成立|开园|创业|办园", "运营年数", "years of operation"),
)
#: Words that stand for the last park, company or school named (企业 is what a count counts, not who has it).
_STANDS_FOR = "|".join(word for word in ANAPHORA if ANAPHORA[word] and word != "企业")
_OPENING = re.compile(r"[\s“”\"'「『《（(]*")


def indicator_of(unit: str, clause: str) -> str | None:
    """The key of the indicator a number of ``unit`` measures, from the words of its clause.

    >>> indicator_of("CNY", "注册资本超39亿元"), indicator_of("firms", "孵化企业754家"), indicator_of("items", "五个维度")
    ('registered-capital', 'incubated-firms', None)
    """
    for key, units, words, _, _ in INDICATORS:
        if unit in units and (not words or re.search(words, clause)):
            return key
    return None


def _clause_of(ctx: Context, sentence: Sentence, at: int) -> tuple[int, int]:
    return next(((a, b) for a, b in clauses(ctx.norm, sentence.start, sentence.end) if a <= at <= b),
                (sentence.start, sentence.end))


def _subject(ctx: Context, sentence: Sentence, candidate: Candidate, orgs: list[Mention],
             topic: Mention | None) -> Mention | None:
    """The organization a count or amount belongs to (see the module docstring), or None."""
    clause_start, _ = _clause_of(ctx, sentence, candidate.start)
    in_sentence = [m for m in orgs if sentence.start <= m.start and m.end <= candidate.start]
    in_clause = [m for m in in_sentence if m.start >= clause_start]
    if in_clause:
        return in_clause[-1]
    words = [(found.start(), found.group(0)) for found in
             re.finditer(_STANDS_FOR, ctx.text[sentence.start:sentence.end])]
    for offset, word in sorted(words):
        meant = anaphor(ctx, word, orgs, before=sentence.start + offset)
        if meant is not None:
            return meant
    return in_sentence[-1] if in_sentence else topic


def propose_subjects(ctx: Context, sentence: Sentence, memory: dict, new_paragraph: bool) -> None:
    """Give the sentence's counts and amounts (in ``ctx.candidates``) their subject and indicator.

    Runs after :func:`kg.extract.people.find_people` has put the sentence's
    organizations in ``memory["orgs"]``; ``memory["topic"]`` keeps the
    paragraph's topic (``new_paragraph`` says a paragraph starts here).
    """
    if new_paragraph:
        memory["topic"] = None
    orgs: list[Mention] = memory.get("orgs", [])
    for candidate in ctx.candidates:
        if candidate.kind not in ("count", "amount") or "subject" in candidate.fields \
                or candidate.fields.get("qualifier") == "upper-bound":
            continue  # an upper bound (近300家) cannot be an indicator value: the shapes hold none
        clause_start, clause_end = _clause_of(ctx, sentence, candidate.start)
        key = indicator_of(candidate.fields.get("unit", ""), ctx.norm[clause_start:clause_end])
        if key is None:
            continue
        subject = _subject(ctx, sentence, candidate, orgs, memory.get("topic"))
        if subject is None:
            continue
        memory.setdefault("topic", None)
        memory["topic"] = memory["topic"] or subject  # 这家园区…；项目210项: the next sentences go on about it
        iri = f"{ID}indicator/{key}"
        zh = next(label for k, _, _, label, _ in INDICATORS if k == key)
        candidate.fields["subject"] = subject.text
        candidate.fields["indicator"] = zh
        candidate.matches["subject"] = match_of(subject)
        candidate.matches["indicator"] = iri  # a concept of the ontology every store holds
    for mention in orgs:  # the paragraph's topic: the last organization that opens a clause
        if sentence.start <= mention.start < sentence.end:
            clause_start, _ = _clause_of(ctx, sentence, mention.start)
            if _OPENING.fullmatch(ctx.text[clause_start:mention.start]):
                memory["topic"] = mention
