"""The graph as gazetteer: every label and alias of its entities, found in a text by longest match.

One query reads every ``rdfs:label``, ``skos:prefLabel`` and ``skos:altLabel``
(any language) of the IRIs under ``id:`` with the kind their IRI names
(``city``, ``org``, ``person``, ``role``, ``dimension`` …). Names are compared
as :func:`kg.labels.fold` writes them (NFKC, Latin lower case), so a
full-width ``ＳＨＵ`` finds ``SHU``. The same labels are the user dictionary
of the segmenter (:meth:`Gazetteer.segmenter`).

Examples
--------
>>> gazetteer = Gazetteer.from_labels([("https://w3id.org/innokg/id/city/beijing", "北京"),
...                                    ("https://w3id.org/innokg/id/city/beijing", "Beijing")])
>>> [(m.start, m.end, m.kind, m.iris) for m in gazetteer.find("北京与BEIJING")]
[(0, 2, 'city', ('https://w3id.org/innokg/id/city/beijing',)), (3, 10, 'city', ('https://w3id.org/innokg/id/city/beijing',))]
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from kg.labels import DASHES
from kg.namespaces import ID

__all__ = ["ORG_KINDS", "PLACE_KINDS", "Gazetteer", "Mention"]

#: Kinds of entities that are places (the subjects of ranks and the groups of aggregates).
PLACE_KINDS = ("city", "country", "region", "metro", "district", "place")
#: Kinds of entities that are organizations.
ORG_KINDS = ("org",)

_LABELS = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?l WHERE {{
  {{ ?s rdfs:label ?l }} UNION {{ ?s skos:prefLabel ?l }} UNION {{ ?s skos:altLabel ?l }}
  FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{ID}") && isLiteral(?l))
}}"""


@dataclass(frozen=True)
class Mention:
    """A name of the gazetteer found in a text: ``text[start:end]``, its kind and the IRIs it names."""

    start: int
    end: int
    text: str
    kind: str
    iris: tuple[str, ...]


#: Dashes that join the parts of a name (旧金山—圣何塞, 旧金山-圣何塞): compared as one, character for
#: character (offsets keep), the dashes :mod:`kg.labels` folds.
_DASHES = str.maketrans({ch: "-" for ch in DASHES if ch != "-"})


def _fold_char(ch: str) -> str:
    """One character as compared: NFKC and lower case when that keeps it one character; dashes as ``-``."""
    folded = unicodedata.normalize("NFKC", ch.translate(_DASHES)).lower()
    return folded if len(folded) == 1 else ch.lower()[:1] or ch


def _key(text: str) -> str:
    """A text as compared, character by character (so offsets keep): ``ＳＨＵ`` → ``shu``."""
    whole = unicodedata.normalize("NFKC", text.translate(_DASHES)).lower()
    if len(whole) == len(text):  # the usual case: no character grew or shrank
        return whole
    return "".join(_fold_char(ch) for ch in text)


def kind_of(iri: str) -> str:
    """The kind an entity IRI names: the first path segment under ``id:``.

    >>> kind_of("https://w3id.org/innokg/id/org/ecnu"), kind_of("http://e/x")
    ('org', '')
    """
    return iri[len(ID):].split("/", 1)[0] if iri.startswith(ID) else ""


class Gazetteer:
    """Labels of the graph's entities, looked up by longest match."""

    def __init__(self, names: dict[str, set[str]]):
        self._names = {key: tuple(sorted(iris)) for key, iris in names.items() if key}
        self._lengths: dict[str, list[int]] = {}
        for key in self._names:
            self._lengths.setdefault(key[0], []).append(len(key))
        for first, lengths in self._lengths.items():
            self._lengths[first] = sorted(set(lengths), reverse=True)
        self._tokenizer = None
        self._iris = {iri for iris in self._names.values() for iri in iris}

    @classmethod
    def from_labels(cls, pairs: Iterable[tuple[str, str]]) -> Gazetteer:
        """Build from ``(iri, label)`` pairs (labels of one or two characters of Latin script are left out)."""
        names: dict[str, set[str]] = {}
        for iri, label in pairs:
            key = _key(" ".join(label.split()))
            if len(key) < 2 or (len(key) < 3 and key.isascii()):
                continue
            names.setdefault(key, set()).add(iri)
        return cls(names)

    @classmethod
    def from_store(cls, store, progress=None) -> Gazetteer:
        """Read every label and alias of the store's entities (one query; ``progress`` hears a line every 2 s)."""
        def pairs():
            last = time.monotonic()
            for number, row in enumerate(store.query(_LABELS), 1):
                if progress and time.monotonic() - last >= 2:
                    last = time.monotonic()
                    progress(f"reading the graph's names … {number:,}")
                yield row["s"].value, row["l"].value
        return cls.from_labels(pairs())

    def __len__(self) -> int:
        return len(self._names)

    def lookup(self, name: str) -> tuple[str, ...]:
        """The IRIs a whole name names (empty when none).

        >>> Gazetteer.from_labels([("https://w3id.org/innokg/id/city/x", "X City")]).lookup("x city")
        ('https://w3id.org/innokg/id/city/x',)
        """
        return self._names.get(_key(" ".join(name.split())), ())

    def find(self, text: str, start: int = 0, end: int | None = None,
             kinds: Iterable[str] | None = None) -> list[Mention]:
        """Every name in ``text[start:end]``, longest first, not overlapping, left to right.

        ``kinds`` keeps only names whose IRIs are of these kinds (the longest such name wins).
        """
        end = len(text) if end is None else end
        wanted = set(kinds) if kinds is not None else None
        folded = _key(text[start:end])
        found, at = [], 0
        while at < len(folded):
            hit = None
            for length in self._lengths.get(folded[at], ()):
                if at + length > len(folded):
                    continue
                iris = self._names.get(folded[at:at + length])
                if iris and self._whole_word(folded, at, at + length):
                    if wanted is not None:
                        iris = tuple(iri for iri in iris if kind_of(iri) in wanted)
                    if iris:
                        hit = (length, iris)
                        break
            if hit is None:
                at += 1
                continue
            length, iris = hit
            kinds_found = sorted({kind_of(iri) for iri in iris})
            found.append(Mention(start + at, start + at + length, text[start + at:start + at + length],
                                 kinds_found[0] if len(kinds_found) == 1 else "/".join(kinds_found), iris))
            at += length
        return found

    @staticmethod
    def _whole_word(folded: str, start: int, end: int) -> bool:
        """Latin names must not sit inside a longer Latin word (``Beijing`` in ``Beijingers``)."""
        before = folded[start - 1] if start else " "
        after = folded[end] if end < len(folded) else " "
        latin = re.compile(r"[a-z0-9]")
        return not ((latin.match(folded[start]) and latin.match(before))
                    or (latin.match(folded[end - 1]) and latin.match(after)))

    def names_of_kind(self, kind: str) -> dict[str, tuple[str, ...]]:
        """Every name (as compared) of the IRIs of one kind, with those IRIs.

        >>> Gazetteer.from_labels([("https://w3id.org/innokg/id/role/gm", "总经理")]).names_of_kind("role")
        {'总经理': ('https://w3id.org/innokg/id/role/gm',)}
        """
        found = {}
        for key, iris in self._names.items():
            of_kind = tuple(iri for iri in iris if kind_of(iri) == kind)
            if of_kind:
                found[key] = of_kind
        return found

    def knows(self, iri: str) -> bool:
        """Whether some name names ``iri``."""
        return iri in self._iris

    def labels(self) -> list[str]:
        """Every name, as compared."""
        return list(self._names)

    def segmenter(self):
        """A jieba tokenizer with the graph's names as its user dictionary (loaded on first use)."""
        if self._tokenizer is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for name in self._names:
                if not name.isascii() and " " not in name:
                    tokenizer.add_word(name, freq=200000)
            self._tokenizer = tokenizer
        return self._tokenizer
