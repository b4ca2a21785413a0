"""Entities for the names a reviewer accepted as new: IRI, type and labels from the name's form.

``innokg extract`` marks a name the graph does not know ``new``; when a
reviewed row that names it is imported, the name becomes an entity:

- its **type** from the end of the name (:data:`FORMS`: ``…大学`` a university,
  ``…科技园`` a science park, ``…有限公司`` an enterprise, ``…研究院`` a research
  institute …; a person's name an ``ik:Person``);
- its **labels**: the name itself ``@zh-Hans``, and ``@en`` made of the English
  of the form and of common words (:data:`WORDS`: 科技 Technology, 发展
  Development …) and the pinyin of the rest (``环上大科技园`` → *Huanshangda
  Science Park*, ``李宇阳`` → *Li Yuyang*);
- its **IRI** from that English (``id:org/huanshangda-science-park``,
  ``id:person/li-yuyang``; a company's legal form is left out of the key, as
  the graph's own keys do); when that IRI already names another thing (李玉阳
  beside the graph's 李宇阳: both *Li Yuyang*), the first free of ``-2``,
  ``-3`` … (:func:`mint_new_names`), and when it names a thing of the same
  name, that thing.

pypinyin (it ships its dictionary) gives the pinyin; nothing is fetched.

Examples
--------
>>> entity = new_entity("上海环上大科技发展有限公司", "organization")
>>> entity.iri, entity.type, entity.en
('https://w3id.org/innokg/id/org/shanghai-huanshangda-technology-development', 'Enterprise', 'Shanghai Huanshangda Technology Development Co., Ltd.')
>>> new_entity("李宇阳", "person").iri
'https://w3id.org/innokg/id/person/li-yuyang'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import pyoxigraph as ox

from kg.labels import fold
from kg.namespaces import ID, IK, PREFIXES, RDF, RDFS

__all__ = ["FORMS", "MINTED", "WORDS", "NewEntity", "described", "entity_triples", "mint_new_names",
           "new_entity", "outside", "store_names"]

SKOS = PREFIXES["skos"]

#: Name endings, longest first: (ending, ik: class, English, whether the ending is kept in the key).
FORMS = (
    ("股份有限公司", "Enterprise", "Co., Ltd.", False), ("有限责任公司", "Enterprise", "Co., Ltd.", False),
    ("有限公司", "Enterprise", "Co., Ltd.", False), ("国家大学科技园", "NationalUniversitySciencePark",
                                                   "National University Science Park", True),
    ("概念验证中心", "ProofOfConceptCentre", "Proof of Concept Centre", True),
    ("技术创新中心", "NationalTechnologyInnovationCentre", "Technology Innovation Center", True),
    ("研究中心", "ResearchInstitute", "Research Center", True), ("研究院", "ResearchInstitute", "Research Institute", True),
    ("研究所", "ResearchInstitute", "Institute", True), ("实验室", "ResearchInstitute", "Laboratory", True),
    ("工程院", "EngineeringInstitute", "Engineering Institute", True), ("科技园", "SciencePark", "Science Park", True),
    ("大学", "University", "University", True), ("学院", "University", "College", True),
    ("集团", "Enterprise", "Group", True), ("孵化器", "Organization", "Incubator", True),
    ("基金会", "Organization", "Foundation", True), ("协会", "Organization", "Association", True),
    ("委员会", "GovernmentBody", "Committee", True), ("中心", "Organization", "Center", True),
    # things a text names by their kind (覆盖13个基地的载体网络, :mod:`kg.extract.subjects`): 环上大载体网络 is a
    # description, not a proper name, so its English is too (Huanshangda carrier network)
    ("载体网络", "CarrierNetwork", "carrier network", True), ("基地网络", "CarrierNetwork", "network of bases", True),
    ("孵化平台", "InnovationCarrier", "incubation platform", True),
    ("服务平台", "InnovationCarrier", "service platform", True), ("平台", "InnovationCarrier", "platform", True),
    ("载体", "InnovationCarrier", "carrier", True), ("基地", "InnovationCarrier", "base", True),
)
#: Common words of organization names and their English (the rest of a name is written in pinyin).
WORDS = {
    "科技": "Technology", "技术": "Technology", "发展": "Development", "创新": "Innovation", "产业": "Industry",
    "未来": "Future", "信息": "Information", "电子": "Electronics", "智能": "Intelligent", "生物": "Bio",
    "医药": "Pharmaceutical", "能源": "Energy", "新能源": "New Energy", "材料": "Materials", "国际": "International",
    "国家": "National", "投资": "Investment", "控股": "Holdings", "半导体": "Semiconductor", "集成电路": "Integrated Circuit",
    "数字": "Digital", "网络": "Network", "软件": "Software", "工业": "Industrial", "先进": "Advanced",
    "制造": "Manufacturing", "工程": "Engineering", "师范": "Normal", "理工": "Science and Technology",
    "交通": "Jiaotong", "医学": "Medical", "金融": "Finance", "数据": "Data", "大学": "University",
    "全球": "Global", "与": "and", "和": "and", "研究院": "Research Institute", "科技园": "Science Park",
}


@dataclass(frozen=True)
class NewEntity:
    """An entity made from a new name: its IRI, ``ik:`` class, key and labels."""

    iri: str
    type: str
    key: str
    zh: str
    en: str


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


def _words(stem: str) -> list[str]:
    """The stem in words: glossary words as they are, the rest as jieba cuts it, one-character words joined on."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    words: list[str] = []
    for piece in re.split(r"[\s()（）·・—–-]+", stem):
        if not piece:
            continue
        for word in _split_glossary(jieba.lcut(piece)):
            if words and len(word) == 1 and word not in WORDS and words[-1] not in WORDS:
                words[-1] += word  # 环上 + 大 → 环上大
            elif words and len(words[-1]) == 1 and words[-1] not in WORDS and word not in WORDS:
                words[-1] += word
            else:
                words.append(word)
    return words


def _split_glossary(words: list[str]) -> list[str]:
    """Words that end with a glossary word, cut before it (华东师范大学 → 华东师范, 大学)."""
    out = []
    for word in words:
        tail = next((w for w in WORDS if len(w) >= 2 and word.endswith(w) and len(word) > len(w)), "")
        out += [word[: len(word) - len(tail)], tail] if tail else [word]
    return out


def _english(word: str) -> str:
    if word in WORDS:
        return WORDS[word]
    if word.isascii():
        return word
    return _pinyin(word).capitalize()


def new_entity(name: str, kind: str) -> NewEntity:
    """The entity a new name becomes: ``kind`` is ``person`` or ``organization`` (any other name: an organization).

    >>> e = new_entity("环上大科技园", "organization")
    >>> e.iri.rsplit("/", 1)[-1], e.type, e.en
    ('huanshangda-science-park', 'SciencePark', 'Huanshangda Science Park')
    """
    name = " ".join(name.split())
    if kind == "person":
        syllables = [_pinyin(ch) for ch in name if not ch.isspace()]
        en = " ".join(part for part in (syllables[0].capitalize(), "".join(syllables[1:]).capitalize()) if part)
        key = _slug(en)
        return NewEntity(f"{ID}person/{key}", "Person", key, name, en)
    ending, type_, english, keep = next((form for form in FORMS if name.endswith(form[0]) and len(name) > len(form[0])),
                                        ("", "Organization", "", True))
    stem = name[: len(name) - len(ending)]
    en = " ".join(_english(word) for word in _words(stem))
    key = _slug(en + (" " + english if keep else ""))
    return NewEntity(f"{ID}org/{key}", type_, key, name, f"{en} {english}".strip())


def _slug(text: str) -> str:
    """``Huanshangda Science Park`` → ``huanshangda-science-park``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


def entity_triples(entity: NewEntity) -> list[tuple]:
    """The triples that describe a new entity: type, labels in zh-Hans and en, key."""
    node = ox.NamedNode(entity.iri)
    return [(node, ox.NamedNode(RDF + "type"), ox.NamedNode(IK + entity.type)),
            (node, ox.NamedNode(RDFS + "label"), ox.Literal(entity.zh, language="zh-Hans")),
            (node, ox.NamedNode(RDFS + "label"), ox.Literal(entity.en, language="en")),
            (node, ox.NamedNode(IK + "key"), ox.Literal(entity.key))]


#: The names of a row that a new name may fill: the import makes the name an entity.
MINTED = ("subject", "organization", "person", "name")


def mint_new_names(rows: list[dict], named: Callable[[set[str]], dict[str, set[str]]] | None = None) -> dict:
    """Make each accepted ``new`` person or organization name an entity; point the rows' matches at it.

    A name's IRI comes from its English (:func:`new_entity`). When that IRI
    already names another thing, the name takes the first free of ``-2``,
    ``-3`` …: another thing is one the store describes under other names
    (``named`` gives the names, folded by :func:`kg.labels.fold`, of the IRIs
    the store describes: :func:`store_names`), or another name of the same
    rows (李宇阳 and 李玉阳 are both *Li Yuyang*; the first in the rows keeps
    the plain IRI). An IRI the store describes with the same name (folded) is
    that name's entity: the rows point at it, and the caller does not
    describe it again (it is returned all the same).

    >>> rows = [{"kind": "organization", "fields": {"name": "环上大科技园"}, "matches": {"name": "new"}}]
    >>> list(mint_new_names(rows)), rows[0]["matches"]["name"].rsplit("/", 1)[-1]
    (['https://w3id.org/innokg/id/org/huanshangda-science-park'], 'huanshangda-science-park')
    >>> rows = [{"kind": "role", "fields": {"person": name}, "matches": {"person": "new"}}
    ...         for name in ("李宇阳", "李玉阳", "李宇阳")]
    >>> [iri.rsplit("/", 1)[-1] for iri in mint_new_names(rows, lambda iris: {ID + "person/li-yuyang": {"李雨阳"}})]
    ['li-yuyang-2', 'li-yuyang-3']
    >>> [row["matches"]["person"].rsplit("/", 1)[-1] for row in rows]
    ['li-yuyang-2', 'li-yuyang-3', 'li-yuyang-2']
    """
    first: dict[tuple[bool, str], NewEntity] = {}
    places = []
    for row in rows:
        for field in MINTED:
            text = str(row["fields"].get(field) or "").strip()
            if row["matches"].get(field) != "new" or not text:
                continue
            person = field == "person" or (field == "name" and row["kind"] == "person")
            key = (person, fold(text))
            if key not in first:
                first[key] = new_entity(text, "person" if person else "organization")
            places.append((row, field, key))
    entities = _apart(first, named or (lambda iris: {}))
    for row, field, key in places:
        row["matches"][field] = entities[key].iri
    return {entities[key].iri: entities[key] for key in first}


def _apart(first: dict[tuple[bool, str], NewEntity], named: Callable[[set[str]], dict[str, set[str]]]) -> dict:
    """Give each name (``(person, folded name)``) the first IRI of ``iri``, ``iri-2`` … that names nothing else."""
    settled: dict[tuple[bool, str], NewEntity] = {}
    given: set[str] = set()
    number = dict.fromkeys(first, 1)
    while pending := [key for key in first if key not in settled]:
        tried = {key: _numbered(first[key], number[key]) for key in pending}
        known = named({entity.iri for entity in tried.values()})  # one question to the store a round
        for key, entity in tried.items():
            if entity.iri in given or (entity.iri in known and key[1] not in known[entity.iri]):
                number[key] += 1  # another thing's IRI: try the next number
                continue
            settled[key] = entity
            given.add(entity.iri)
    return settled


def _numbered(entity: NewEntity, number: int) -> NewEntity:
    """``entity`` with ``-number`` after its key and IRI (the first keeps them as they are)."""
    if number == 1:
        return entity
    key = f"{entity.key}-{number}"
    return replace(entity, iri=entity.iri[: len(entity.iri) - len(entity.key)] + key, key=key)


def outside(replaced: Iterable[str] = ()) -> str:
    """The SPARQL pattern of the store's triples ``?s ?p ?o``, but those of the graphs ``replaced``.

    An import does not count what the graph it replaces (and that graph's
    companion) says: those triples go when it writes.

    >>> outside(), outside(["http://e/g", "http://e/g-inferred"])
    ('?s ?p ?o .', 'GRAPH ?g { ?s ?p ?o } FILTER (?g NOT IN (<http://e/g>, <http://e/g-inferred>))')
    """
    graphs = ", ".join(f"<{graph}>" for graph in replaced)
    return f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g NOT IN ({graphs}))" if graphs else "?s ?p ?o ."


def described(store, iris: set[str], replaced: Iterable[str] = ()) -> set[str]:
    """The IRIs of ``iris`` that the store says something about outside the graphs ``replaced`` (one query).

    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> store.update(f'INSERT DATA {{ GRAPH <http://e/g> {{ <{ID}person/li-yuyang> <{RDFS}label> "李宇阳" }} }}')
    >>> described(store, {ID + "person/li-yuyang", "new"}), described(store, {ID + "person/li-yuyang"}, ["http://e/g"])
    ({'https://w3id.org/innokg/id/person/li-yuyang'}, set())
    """
    wanted = sorted(iri for iri in iris if iri.startswith(("http://", "https://")) and ">" not in iri)
    if not wanted:
        return set()
    values = " ".join(f"<{iri}>" for iri in wanted)
    rows = store.query(f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} {outside(replaced)} }}")
    return {row["s"].value for row in rows}


def store_names(store, replaced: Iterable[str] = ()) -> Callable[[set[str]], dict[str, set[str]]]:
    """What :func:`mint_new_names` asks the store: for the IRIs it describes, their names (labels, preferred
    labels and aliases in any language, folded by :func:`kg.labels.fold`; none for a thing without a name).

    The graphs ``replaced`` (the import's target and its companion, which it
    replaces) describe nothing: a name they hold is minted again.

    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> store.update(f'INSERT DATA {{ GRAPH <http://e/g> {{ <{ID}person/li-yuyang> <{RDFS}label> "李宇阳"@zh-Hans , '
    ...              '"Li Yuyang"@en } }')
    >>> found = store_names(store)({ID + "person/li-yuyang", ID + "person/li-yuyang-2"})
    >>> {iri: sorted(names) for iri, names in found.items()}
    {'https://w3id.org/innokg/id/person/li-yuyang': ['li yuyang', '李宇阳']}
    >>> store_names(store, ["http://e/g"])({ID + "person/li-yuyang"})
    {}
    """
    where = outside(replaced)

    def named(iris: set[str]) -> dict[str, set[str]]:
        wanted = " ".join(f"<{iri}>" for iri in sorted(iris) if ">" not in iri)
        if not wanted:
            return {}
        rows = store.query(f"SELECT DISTINCT ?s ?name WHERE {{ VALUES ?s {{ {wanted} }} {where} BIND (IF(?p IN "
                           f"(<{RDFS}label>, <{SKOS}prefLabel>, <{SKOS}altLabel>), STR(?o), '') AS ?name) }}")
        found: dict[str, set[str]] = {}
        for row in rows:
            names = found.setdefault(row["s"].value, set())
            if row["name"].value:
                names.add(fold(row["name"].value))
        return found
    return named
