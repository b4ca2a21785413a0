"""Match the names in a table to the entities and concepts already in the graph.

A cell may name a thing by its IRI (``id:city/beijing``), its key
(``beijing``) or any of its labels and aliases in Chinese or English
(``北京``, ``Beijing``); matching ignores case, width, spacing and dashes (:func:`kg.labels.fold`). A name
that fits two things is ambiguous and never guessed; an unknown name comes
with the closest known names as a hint.

Matching uses an index built once per kind and import: IRIs, keys and
folded labels are dictionary lookups; the "did you mean" suggestions
of an unknown name are scored with rapidfuzz over the few names that
share character n-grams with it (trigrams, and bigrams for Chinese), so a
name costs about the same on a store of a thousand things as of a million.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kg.labels import fold
from kg.namespaces import ID, IK, PREFIXES, expand, shorten
from kg.store import GraphStore, OxigraphStore

__all__ = ["KINDS", "LABELS", "Known", "Match", "NameIndex", "Reconciler", "best_label", "local_key", "ngrams"]

_ORG = PREFIXES["org"]
_SKOS = PREFIXES["skos"]

#: What each kind of cell may name: entities of classes, concepts of a scheme,
#: subclasses of a class, or a fixed list of properties.
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "city": ("instances", (IK + "City", IK + "Cluster", IK + "MetropolitanArea")),  # the units an index ranks
    "place": ("instances", (IK + "Place",)),
    "country": ("instances", (IK + "Country",)),
    "metropolitan-area": ("instances", (IK + "MetropolitanArea",)),
    "organization": ("instances", (_ORG + "Organization",)),
    "person": ("instances", (IK + "Person",)),
    "agent": ("instances", (_ORG + "Organization", IK + "Person")),
    "government-body": ("instances", (IK + "GovernmentBody",)),
    "index": ("instances", (IK + "RankingIndex",)),
    "instrument": ("instances", (IK + "PolicyInstrument",)),
    "programme": ("instances", (IK + "PilotProgramme",)),
    "source": ("instances", (IK + "Source",)),
    "entity": ("entities", ()),
    "dimension": ("concepts", (ID + "scheme/ranking-dimensions",)),
    "qualifier": ("concepts", (ID + "scheme/value-qualifiers",)),
    "status": ("concepts", (ID + "scheme/statuses",)),
    "role": ("concepts", (ID + "scheme/roles",)),
    "level": ("concepts", (ID + "scheme/levels",)),
    "instrument-type": ("concepts", (ID + "scheme/policy-instrument-types",)),
    "organization-type": ("classes", (_ORG + "Organization",)),
    "person-type": ("classes", (IK + "Person",)),
    "place-type": ("classes", (IK + "Place",)),
    "policy-type": ("classes", (IK + "PolicyInstrument", IK + "PilotProgramme")),
    "relation": ("properties", (
        IK + "incubatedBy", IK + "operatedBy", IK + "operates", IK + "affiliatedWith", IK + "locatedIn",
        IK + "headquarteredAt", IK + "establishedIn", IK + "coBuiltBy", IK + "partOfZone", IK + "ledBy",
        IK + "coversStage", IK + "industryField", _ORG + "subOrganizationOf",
    )),
}

#: Words for things the ontology does not label itself.
_ALIASES = {_ORG + "subOrganizationOf": ("sub-organization-of", "part of", "下属于", "上级机构")}

_CHINESE = re.compile("[\u3400-\u9fff]")

#: The local part of an ``id:`` IRI that :func:`kg.namespaces.shorten` writes as ``id:LOCAL`` (no longer namespace).
_ID_LOCAL = re.compile(r"(?:city|org|person|place|index|source|policy|programme|event)/[a-z0-9][a-z0-9-]*")

#: The predicates whose values are names a cell may use.
LABELS = (PREFIXES["rdfs"] + "label", _SKOS + "prefLabel", _SKOS + "altLabel")

#: What joins the names of a unit spanning several places once the name is folded (:func:`kg.labels.fold`):
#: ``-``, which every dash of :data:`kg.labels.DASHES` has become, and ``~`` (NFKC makes the fullwidth ～ one).
_DASHES = re.compile(r"\s*[-~]+\s*")


def _joined_names(name: str) -> list[str]:
    """The names that a folded ``name`` joins with dashes or tildes (a unit spanning several places).

    Examples
    --------
    >>> _joined_names(fold("北京－天津")), _joined_names(fold("北京～天津")), _joined_names(fold("Tokyo – Yokohama"))
    (['北京', '天津'], ['北京', '天津'], ['tokyo', 'yokohama'])
    >>> _joined_names(fold("上海"))
    ['上海']
    """
    return [part for part in _DASHES.split(name) if part]


def local_key(iri: str) -> str:
    """The key an IRI ends with: ``beijing`` for ``…/city/beijing``, ``technology-firm`` for ``ik:TechnologyFirm``.

    Examples
    --------
    >>> local_key("https://w3id.org/innokg/id/city/beijing"), local_key(IK + "TechnologyFirm")
    ('beijing', 'technology-firm')
    """
    tail = re.split(r"[/#]", iri)[-1]
    if "#" in iri and tail[:1].isalpha():
        tail = re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", tail).lower()
    return tail


def ngrams(name: str) -> set[str]:
    """The character n-grams that narrow fuzzy matching: bigrams of a name with Chinese characters, else trigrams.

    Examples
    --------
    >>> sorted(ngrams("上海市"))
    ['上海', '海市']
    >>> sorted(ngrams("pekin"))
    ['eki', 'kin', 'pek']
    >>> ngrams("a")
    {'a'}
    """
    size = 2 if _CHINESE.search(name) else 3
    if len(name) <= size:
        return {name}
    return {name[i:i + size] for i in range(len(name) - size + 1)}


class NameIndex:
    """Folded names to suggest from, indexed by their n-grams (see :func:`ngrams`).

    ``suggest`` returns the names rapidfuzz scores at least ``cutoff`` (0-1,
    like :func:`difflib.get_close_matches`), best first, among the
    ``pool`` names that share the most n-grams with the query.

    Examples
    --------
    >>> index = NameIndex()
    >>> for name in ("shanghai", "上海", "beijing", "北京"):
    ...     index.add(name)
    >>> index.add("申材新能源科技(上海)有限公司")
    >>> index.suggest("shanghia"), index.suggest("上海市"), index.suggest("tokyo"), index.suggest("申材新能源")
    (['shanghai'], ['上海'], [], ['申材新能源科技(上海)有限公司'])
    """

    def __init__(self, pool: int = 400):
        self.pool = pool
        self._grams: dict[str, set[str]] = {}
        self._names: set[str] = set()

    def add(self, name: str) -> None:
        """Make the folded ``name`` suggestible."""
        if name and name not in self._names:
            self._names.add(name)
            for gram in ngrams(name):
                self._grams.setdefault(gram, set()).add(name)

    def suggest(self, name: str, n: int = 6, cutoff: float = 0.6) -> list[str]:
        """Up to ``n`` known names close to ``name``, best first (ties by name).

        A known name that starts with ``name`` (or holds it), such as the
        full name of a firm for its first words, is close too, when ``name``
        has at least 3 Chinese characters or 4 other characters: it scores
        80-100 (70-90 when held further in), by how much of the known name it is.
        """
        shared: Counter[str] = Counter()
        for gram in ngrams(name):
            shared.update(self._grams.get(gram, ()))
        if not shared:
            return []
        pool = [candidate for candidate, _ in shared.most_common(self.pool)]
        scores = {found: score for found, score, _ in process.extract(name, pool, scorer=fuzz.ratio,
                                                                       score_cutoff=cutoff * 100, limit=None)}
        if len(name) >= (3 if _CHINESE.search(name) else 4):
            for candidate in pool:
                where = candidate.find(name)
                if where >= 0 and candidate != name:
                    part = (80 if where == 0 else 70) + 20 * len(name) / len(candidate)
                    scores[candidate] = max(scores.get(candidate, 0), part)
        return sorted(scores, key=lambda found: (-scores[found], found))[:n]


@dataclass(frozen=True)
class Known:
    """A thing a name can match: its IRI, key and labels."""

    iri: str
    key: str
    zh: str
    en: str

    def display(self) -> str:
        """``北京 (Beijing)``, or whatever names it has."""
        names = [name for name in (self.zh, self.en) if name]
        if len(names) == 2 and names[0] != names[1]:
            return f"{names[0]} ({names[1]})"
        return names[0] if names else shorten(self.iri)


@dataclass(frozen=True)
class Match:
    """The outcome of matching one name.

    Attributes
    ----------
    found : Known or None
        The one thing the name names.
    candidates : tuple of Known
        Several things when the name is ambiguous; close names when unknown.
    ambiguous : bool
        True when the name fits several things.
    parts : bool
        True when the unknown name joins several names with dashes
        (``Boston–Cambridge``) and ``candidates`` are the things its parts name.
    """

    found: Known | None
    candidates: tuple[Known, ...] = ()
    ambiguous: bool = False
    parts: bool = False


class Reconciler:
    """Match names to things in a store, per kind (see :data:`KINDS`).

    Things a table itself defines (a new organization that a later row names
    as a parent) are added with :meth:`add`.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> reconciler = Reconciler(build_memory())
    >>> reconciler.match("city", "北京").found.iri
    'https://w3id.org/innokg/id/city/beijing'
    >>> reconciler.match("city", "beijing").found.display()
    '北京 (Beijing)'
    >>> [known.display() for known in reconciler.match("city", "Pekin").candidates]
    []
    >>> reconciler.match("dimension", "综合排名").found.key
    'overall'
    """

    #: Things of a kind above which :meth:`lookup` asks the store about each name instead of loading the kind.
    LOOKUP_ABOVE = 5000

    def __init__(self, store: GraphStore, exclude_graph: str | None = None):
        self.store = store
        self.exclude_graph = exclude_graph
        self._lookups: dict[str, frozenset[str] | None] = {}
        self._store_names = None
        self._indexes: dict[str, tuple[dict[str, set[str]], dict[str, Known]]] = {}
        self._ids: dict[str, dict[str, set[str]]] = {}
        self._fuzzy: dict[str, NameIndex] = {}
        self._waiting: dict[str, list[tuple[Known, tuple[str, ...]]]] = {}

    def match(self, kind: str, text: str, suggest: bool = True) -> Match:
        """Match ``text`` against the things of ``kind`` (close names for an unknown one only when ``suggest``)."""
        names, known = self._index(kind)
        name = fold(text)
        ids = self._ids.get(kind, {})
        iris = ids.get(name) or (":" in text and ids.get(fold(expand(text.strip())))) or names.get(name)
        if iris and len(iris) == 1:
            return Match(known[next(iter(iris))])
        if iris:
            return Match(None, tuple(sorted((known[iri] for iri in iris), key=lambda k: k.iri)), ambiguous=True)
        if not suggest:
            return Match(None)
        parts = _joined_names(name)
        if len(parts) > 1:  # a unit spanning several places: suggest the places it names, not one of them alone
            named: dict[str, Known] = {}
            for part in parts:
                iris = names.get(part) or set(names.get(next(iter(self._fuzzy_index(kind).suggest(part, 1, 0.85)),
                                                             ""), ()))
                for iri in sorted(iris) if len(iris) == 1 else ():
                    named.setdefault(iri, known[iri])
            if named:
                return Match(None, tuple(named.values()), parts=True)
        close = self._fuzzy_index(kind).suggest(name, n=6, cutoff=0.6)
        suggestions: dict[str, Known] = {}
        for candidate in close:
            for iri in sorted(names[candidate]):
                suggestions.setdefault(iri, known[iri])
        return Match(None, tuple(list(suggestions.values())[:3]))

    def lookup(self, kind: str, text: str) -> Match:
        """:meth:`match` without suggestions, which on a big store asks the store instead of loading the kind.

        When the store is in this process and holds more than
        :attr:`LOOKUP_ABOVE` things of ``kind`` (and the kind is not loaded
        yet), the name or IRI is looked up in the store's indexes
        (:class:`kg.importing.store_names.StoreNames`: names as written,
        not folded for case), so checking the 100,000 firms a table
        defines costs the same on a store of ten million quads as on the seed.

        Examples
        --------
        >>> from kg.build import build_memory
        >>> Reconciler(build_memory()).lookup("organization", "上海大学").found.key
        'shanghai-university'
        """
        from kg.importing.store_names import StoreNames

        how, roots = KINDS[kind]
        if kind in self._indexes or self._waiting.get(kind) or how != "instances" \
                or not isinstance(self.store, OxigraphStore):
            return self.match(kind, text, suggest=False)
        if kind not in self._lookups:
            self._store_names = self._store_names or StoreNames(self.store, self.exclude_graph)
            classes = self._store_names.classes(roots)
            self._lookups[kind] = classes if self._store_names.count(classes) > self.LOOKUP_ABOVE else None
        classes = self._lookups[kind]
        if classes is None:
            return self.match(kind, text, suggest=False)
        found = self._store_names.find(text, classes)
        if len(found) == 1:
            return Match(found[0])
        return Match(None, tuple(found), ambiguous=True) if found else Match(None)

    def known(self, kind: str) -> list[Known]:
        """Every thing of ``kind``, sorted by key."""
        return sorted(self._index(kind)[1].values(), key=lambda k: k.key)

    def add(self, kinds: tuple[str, ...], thing: Known, names: tuple[str, ...] = ()) -> None:
        """Make ``thing`` matchable in ``kinds`` by its IRI, key, labels and ``names``."""
        local = thing.iri[len(ID):] if thing.iri.startswith(ID) else ""
        short = "id:" + local if _ID_LOCAL.fullmatch(local) else shorten(thing.iri)  # quicker for a table's things
        ids = {fold(name) for name in (thing.iri, short, thing.key)}
        every = ids | {fold(name) for name in (thing.zh, thing.en, *names) if name}
        every.discard("")
        iri = thing.iri
        for kind in kinds:
            if kind not in self._indexes:  # not loaded yet: added when (and if) a cell of this kind is matched
                self._waiting.setdefault(kind, []).append((thing, names))
                continue
            index, known = self._indexes[kind]
            known[iri] = thing
            for table, names_of in ((self._ids.setdefault(kind, {}), ids), (index, every)):
                for name in names_of:
                    found = table.get(name)
                    if found is None:
                        table[name] = {iri}
                    else:
                        found.add(iri)
            self._fuzzy.pop(kind, None)  # rebuilt with the new names when a name is next unknown

    def describes(self, iri: str) -> bool:
        """Tell whether the store says anything about ``iri`` outside the excluded graph."""
        excluded = self.exclude_graph or ID + "none"
        return bool(self.store.query(f"ASK {{ GRAPH ?g {{ <{_iri(iri)}> ?p ?o }} FILTER(?g != <{_iri(excluded)}>) }}"))

    def is_a(self, iri: str, cls: str) -> bool:
        """Tell whether ``iri`` is (a subclass of) ``cls`` in the ontology."""
        return bool(self.store.query(f"ASK {{ <{_iri(iri)}> rdfs:subClassOf* <{_iri(cls)}> }}"))

    def _index(self, kind: str) -> tuple[dict[str, set[str]], dict[str, Known]]:
        if kind not in self._indexes:
            self._indexes[kind] = self._load(kind)
            for thing, names in self._waiting.pop(kind, ()):
                self.add((kind,), thing, names)
        return self._indexes[kind]

    def _fuzzy_index(self, kind: str) -> NameIndex:
        """The n-gram index of the names of ``kind``, built the first time a name is unknown."""
        if kind not in self._fuzzy:
            fuzzy = self._fuzzy[kind] = NameIndex()
            for name in self._index(kind)[0]:
                fuzzy.add(name)
        return self._fuzzy[kind]

    def _load(self, kind: str) -> tuple[dict[str, set[str]], dict[str, Known]]:
        how, roots = KINDS[kind]
        values = " ".join(f"<{root}>" for root in roots)
        excluded = f"FILTER NOT EXISTS {{ GRAPH <{self.exclude_graph}> {{ ?s ?anyp ?anyo }} }}" if self.exclude_graph else ""
        if how == "instances":
            where = f"VALUES ?root {{ {values} }} ?s a/rdfs:subClassOf* ?root ."
        elif how == "concepts":
            where = f"VALUES ?root {{ {values} }} ?s skos:inScheme ?root ."
        elif how == "classes":
            where = f"VALUES ?root {{ {values} }} ?s rdfs:subClassOf* ?root . FILTER STRSTARTS(STR(?s), \"{IK}\")"
            excluded = ""
        elif how == "properties":
            where = f"VALUES ?s {{ {values} }}"
            excluded = ""
        else:
            where = f"?s a ?type . FILTER STRSTARTS(STR(?s), \"{ID}\")"
        rows = self.store.query(
            f"SELECT DISTINCT ?s ?p ?name ?key WHERE {{ {where} FILTER isIRI(?s) {excluded} "
            "OPTIONAL { ?s rdfs:label|skos:prefLabel|skos:altLabel ?name . ?s ?p ?name } "
            "OPTIONAL { ?s ik:key ?key } }"
        )
        labels: dict[str, dict[tuple[str, bool], list[str]]] = {}
        keys: dict[str, str] = {}
        names: dict[str, set[str]] = {}
        for row in rows:
            iri = row["s"].value
            found = labels.setdefault(iri, {})
            if row["key"] is not None:
                keys[iri] = row["key"].value
            name, predicate = row["name"], row["p"]
            if name is None or predicate is None or predicate.value not in LABELS:
                continue
            names.setdefault(iri, set()).add(name.value)
            language = (name.language or "").lower()
            slot = "zh" if language.startswith("zh") else "en" if language.startswith("en") else None
            if slot:
                found.setdefault((slot, predicate.value != _SKOS + "altLabel"), []).append(name.value)
        index: dict[str, set[str]] = {}
        known: dict[str, Known] = {}
        for iri, found in labels.items():
            thing = Known(iri, keys.get(iri, local_key(iri)), best_label(found, "zh"), best_label(found, "en"))
            known[iri] = thing
            for name in (iri, shorten(iri), thing.key, local_key(iri)):
                self._ids.setdefault(kind, {}).setdefault(fold(name), set()).add(iri)
            for name in (iri, shorten(iri), thing.key, local_key(iri), *names.get(iri, ()), *_ALIASES.get(iri, ())):
                index.setdefault(fold(name), set()).add(iri)
        return index, known


def best_label(labels: dict[tuple[str, bool], list[str]], slot: str) -> str:
    """The first preferred label of a language, else the first alternative one."""
    for preferred in (True, False):
        if labels.get((slot, preferred)):
            return min(labels[(slot, preferred)])
    return ""


def _iri(text: str) -> str:
    """Refuse characters that would break out of ``<…>`` in a query."""
    if any(c in text for c in '<>"{}|^`\\ '):
        raise ValueError(f"not an IRI: {text!r}")
    return text
