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

A number that describes a thing the text names only by its kind
(``搭建了覆盖13个基地、超30万平米的载体网络``: a network, not a named one) has
that thing as subject, not the paragraph's organization: it is named from the
organization it belongs to (the stem of its name and the kind,
``环上大科技园`` → ``环上大载体网络``, matched by the gazetteer or ``new``; the
import makes a new one of the kind's class: :data:`KIND_NOUNS` are the name
endings of :data:`kg.extract.entities.FORMS` whose class is a carrier that
is not a park, ``ik:CarrierNetwork`` or ``ik:InnovationCarrier``). Which organization is inferred, not stated: the one the
person who built it (``他`` is the last person named) holds a role at, as
the text said earlier (``作为园区总经理``), else the paragraph's topic. So the
link is a candidate of its own, an ``affiliation`` (``inferred``: true) that
the reviewer accepts or rejects; the import writes it into the import's
inferred graph with a note saying why (:mod:`kg.extract.to_rdf`).

Examples
--------
>>> from kg.extract.pipeline import extract
>>> from kg.extract.gazetteer import Gazetteer
>>> found = extract("北辰科技园揭牌。园区累计孵化企业86家，注册资本超3亿元。", Gazetteer.from_labels([]))
>>> [(c.quote, c.fields["subject"], c.fields["indicator"], c.matches["indicator"].rsplit("/", 1)[-1])
...  for c in found if c.kind in ("count", "amount")]
[('86家', '北辰科技园', '累计孵化落地企业数', 'incubated-firms'), ('超3亿元', '北辰科技园', '注册资本', 'registered-capital')]
>>> found = extract("北辰科技园总经理王海涛表示满意。他建成了覆盖5个基地的载体网络。", Gazetteer.from_labels([]))
>>> [(c.kind, c.quote, c.fields["subject"], c.fields.get("organization")) for c in found if "subject" in c.fields]
[('affiliation', '他建成了覆盖5个基地的载体网络', '北辰载体网络', '北辰科技园'), ('count', '5个基地', '北辰载体网络', None)]
"""

from __future__ import annotations

import re

from kg.extract.candidates import Candidate, Context, match_of
from kg.extract.entities import FORMS
from kg.extract.gazetteer import Mention
from kg.extract.people import ANAPHORA, anaphor
from kg.extract.sentences import Sentence, clauses
from kg.namespaces import ID

__all__ = ["INDICATORS", "KIND_NOUNS", "indicator_of", "kind_noun", "propose_subjects"]

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
#: Nouns that name a thing by its kind, longest first: the name endings whose entity is a carrier, not a park.
KIND_NOUNS = tuple(ending for ending, type_, _, _ in FORMS if type_ in ("CarrierNetwork", "InnovationCarrier"))
#: A number that describes a thing named by its kind: ``覆盖13个基地、超30万平米的载体网络`` (the number's
#: noun phrase ends in 的 and the kind noun, then the clause goes on or ends).
_OF_KIND = re.compile(rf"[^，,。；;！？!?的]{{0,16}}的(?P<kind>{'|'.join(KIND_NOUNS)})"
                      r"(?=[，,。；;、)）]|$|并|和|与|及)")
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
    _remember_roles(ctx, memory)
    links = []
    for candidate in ctx.candidates:
        if candidate.kind not in ("count", "amount") or "subject" in candidate.fields \
                or candidate.fields.get("qualifier") == "upper-bound":
            continue  # an upper bound (近300家) cannot be an indicator value: the shapes hold none
        clause_start, clause_end = _clause_of(ctx, sentence, candidate.start)
        key = indicator_of(candidate.fields.get("unit", ""), ctx.norm[clause_start:clause_end])
        if key is None:
            continue
        of_kind = _OF_KIND.match(ctx.norm, candidate.end, clause_end)
        owner = _owner(ctx, sentence, candidate.start, memory) if of_kind else None
        if owner is not None:  # 覆盖13个基地的载体网络: the network has the number; the park it belongs to is inferred
            subject = _kind_subject(ctx, of_kind, owner[0])
            links.append((subject, owner, of_kind.end("kind")))
        else:
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
    for subject, owner, end in links:
        _propose_link(ctx, sentence, subject, owner, end, memory)
    for mention in orgs:  # the paragraph's topic: the last organization that opens a clause
        if sentence.start <= mention.start < sentence.end:
            clause_start, _ = _clause_of(ctx, sentence, mention.start)
            if _OPENING.fullmatch(ctx.text[clause_start:mention.start]):
                memory["topic"] = mention


def _remember_roles(ctx: Context, memory: dict) -> None:
    """Keep, for each person, the organizations the sentence's role candidates say they hold a role at."""
    held: dict = memory.setdefault("held", {})
    for role in ctx.candidates:
        fields = role.fields
        if role.kind == "role" and fields.get("organization") and fields.get("person"):
            posts = held.pop(fields["person"], [])  # re-inserted: the dict keeps the people named last at its end
            posts.append((Mention(-1, -1, fields["organization"], "org", _iris(role.matches.get("organization"))),
                          fields["role"], role.matches.get("role", "new")))
            held[fields["person"]] = posts[-5:]
    while len(held) > 400:  # only recent people are meant by 他: keep memory flat
        del held[next(iter(held))]


def _iris(match) -> tuple[str, ...]:
    return tuple(match) if isinstance(match, list) else (match,) if match and match != "new" else ()


def _builder(ctx: Context, sentence: Sentence, at: int, memory: dict) -> Mention | None:
    """The person a clause before ``at`` names (by name, or 他/她: the person named last), or None."""
    people = {m.text: m for m in memory.get("people", [])}
    window = ctx.text[sentence.start:at]
    named = max(((window.rfind(name), name) for name in people if name in window), default=None)
    if named is not None:
        start = sentence.start + named[0]
        return Mention(start, start + len(named[1]), named[1], "person", people[named[1]].iris)
    pronoun = [found for found in re.finditer(r"[他她](?!们)", window)]
    if not pronoun or not people:
        return None
    order = {name: number for number, name in enumerate(people)}
    recent = max(0, sentence.start - 4000)  # 他 is someone named lately: look that far back, not through the block
    last = max(people, key=lambda name: (ctx.text.rfind(name, recent, sentence.start), order[name]))
    start = sentence.start + pronoun[-1].start()
    return Mention(start, start + 1, last, "person", people[last].iris)


def _owner(ctx: Context, sentence: Sentence, at: int, memory: dict) -> tuple | None:
    """The organization a thing named by its kind belongs to: (organization, builder, role word, role match).

    The builder's latest role's organization (``作为园区总经理``), else the paragraph's topic, else None.
    """
    builder = _builder(ctx, sentence, at, memory)
    posts = memory.get("held", {}).get(builder.text) if builder is not None else None
    if posts:
        organization, role, role_match = posts[-1]
        return organization, builder, role, role_match
    topic = memory.get("topic")
    return (topic, builder, "", "") if topic is not None else None


def _kind_subject(ctx: Context, of_kind: re.Match, organization: Mention) -> Mention:
    """The thing a number describes, named by its kind after the organization it belongs to (环上大 + 载体网络)."""
    name = organization.text
    ending = next((form[0] for form in FORMS if name.endswith(form[0]) and len(name) > len(form[0])), "")
    name = name[: len(name) - len(ending)] + of_kind.group("kind")
    return Mention(of_kind.start("kind"), of_kind.end("kind"), name, "org", ctx.gazetteer.lookup(name))


def _propose_link(ctx: Context, sentence: Sentence, subject: Mention, owner: tuple, end: int, memory: dict) -> None:
    """An inferred ``affiliation`` candidate: the thing named by its kind belongs to its owner's organization."""
    organization, builder, role, role_match = owner
    proposed = memory.setdefault("linked", set())
    if (subject.text, organization.text) in proposed or len(proposed) > 10000:
        return
    proposed.add((subject.text, organization.text))
    fields = {"subject": subject.text, "organization": organization.text, "inferred": True}
    matches = {"subject": match_of(subject), "organization": match_of(organization)}
    start = builder.start if builder is not None else _clause_of(ctx, sentence, subject.start)[0]
    if builder is not None:
        fields["person"] = builder.text
        matches["person"] = match_of(builder)
        if role:
            fields["role"], matches["role"] = role, role_match
    ctx.add("affiliation", start, end, sentence, fields, 0.75, matches)


def kind_noun(name: str) -> str | None:
    """The kind noun a name ends with (:data:`KIND_NOUNS`), or None.

    >>> kind_noun("环上大载体网络"), kind_noun("环上大科技园")
    ('载体网络', None)
    """
    return next((noun for noun in KIND_NOUNS if name.endswith(noun) and len(name) > len(noun)), None)
