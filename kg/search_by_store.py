"""Label search by the store, with the label index's answers: while the index is built, or where it is too big.

:func:`kg.entities.search_labels` finds the entities whose labels, folded
(:func:`kg.labels.fold`: NFKC, spaces collapsed, lower case, each run of
dashes ``-``), hold the folded text, in the index of :mod:`kg.search_index`.
Until the index of a store's snapshot is built (4 to 10 s at 1M triples,
a minute or more at 10M), or when it would not fit in the process's memory
budget, it asks the store. SPARQL cannot apply NFKC, and the store once
compared the labels only lower-cased: ``（`` (full width) is ``(`` folded,
``Ｅ`` is ``e``, a run of spaces one space, so a search for a label holding
them found nothing until the index was built, and found it afterwards.

Here the store is asked for a superset: the labels that match a regular
expression (:func:`pattern`) which takes, for each character of the folded
text, every character that folds to it (``[eEｅＥ…]``), the characters that
fold to several (``㎏`` is ``kg``) where the text holds what they fold to,
a base letter with combining marks where the text holds an accented letter,
a run of spaces for a space and of dashes for ``-``. Python then folds each
label found and keeps those whose folded text holds the text, ranked as the
index ranks them (:meth:`kg.search_index.LabelIndex.find`). The store still
reads every label, as it did (about 1 s at 1M triples); only the labels that
may match come to Python, each folded once. The expression takes the first
:data:`WINDOW` characters of the text, which keeps it small; a longer text
is checked whole in Python.

Examples
--------
>>> from kg.build import build_memory
>>> store = build_memory()
>>> [(iri.rsplit("/", 1)[-1], kind) for iri, label, kind in ranked_by_store(store, fold("ＢＥＩＪ"), 2)]
[('beijing', 'prefix'), ('jing-jin-ji', 'prefix')]
>>> ranked_by_store(store, fold("三大都市圈集聚的百强中国城市：10（半数）"), 1)[0][2]
'exact'
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.labels import DASHES, fold

__all__ = ["WINDOW", "pattern", "ranked_by_store"]

#: Characters of the text that the store's regular expression matches (the rest is compared in Python).
WINDOW = 32
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_KINDS = ("exact", "prefix", "substring")
#: Characters escaped in a class: the XPath escapes, which SPARQL engines' regular expressions (Rust, Java, PCRE, RE2)
#: read alike; no class holds a character twice, so none holds Java's or Rust's ``&&``, ``~~`` or ``--``.
_SPECIAL = frozenset("\\|.?*+(){}-[]^")
_SEARCH = """
SELECT ?s ?p ?label WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }
  ?s ?p ?label .
  FILTER(isIRI(?s) && REGEX(STR(?label), %s))
}"""  # the pattern written in the query, not bound: the store compiles a constant expression once, not per label


def ranked_by_store(store, needle: str, limit: int) -> list[tuple[str, str, str]]:
    """Up to ``limit`` ``(iri, matched label, kind)``, best first, as :meth:`kg.search_index.LabelIndex.find`.

    ``needle`` is folded text (:func:`kg.labels.fold`); an entity's best
    label ranks it: exact before prefix before substring, then preferred
    labels before alternative ones, shorter folded labels, IRIs, labels.
    """
    best: dict[str, tuple] = {}
    for row in store.query(_SEARCH % ox.Literal(_expression(store, needle))):
        label = row["label"].value
        folded = fold(label)
        if needle not in folded:  # the expression matches more than the fold does (module docstring)
            continue
        match = 0 if folded == needle else 1 if folded.startswith(needle) else 2
        score = (match, 1 if row["p"].value == _ALT else 0, len(folded), row["s"].value, label)
        if row["s"].value not in best or score < best[row["s"].value]:
            best[row["s"].value] = score
    return [(score[3], score[4], _KINDS[score[0]]) for score in sorted(best.values())[:limit]]


def _expression(store, needle: str) -> str:
    """:func:`pattern` of ``needle``, over half as many characters while the store cannot compile it.

    An engine gives up an expression past its size (Oxigraph: about 45
    accented letters), and a ``FILTER`` that fails matches nothing: the
    expression is first asked to match the text it was made from.
    """
    window = WINDOW
    while True:
        expression = pattern(needle, window)
        if store.query(f"ASK {{ FILTER(REGEX({ox.Literal(needle[:window])}, {ox.Literal(expression)})) }}"):
            return expression
        if window == 1:
            raise InnokgError(f"the store cannot run the regular expression that searches its labels for "
                              f"{needle[:1]!r}: {expression[:80]}")
        window //= 2


@dataclass(frozen=True)
class _Folds:
    """What every character folds to, the other way round (:func:`_folds`)."""

    #: A character -> the characters that fold to it alone (``e`` -> ``E``, ``ｅ``, ``Ｅ``, ``ℯ`` …).
    single: dict[str, frozenset[str]]
    #: A character that folds to two or more -> what it folds to (``㎏`` -> ``kg``, ``⑴`` -> ``(1)``).
    several: dict[str, str]
    #: A character -> the characters that fold to several, one of them it (to pick those a text may hold).
    several_holding: dict[str, frozenset[str]]
    #: A base character -> the characters whose fold, decomposed, starts with it and holds more (``e`` -> ``é`` …).
    composed: dict[str, frozenset[str]]
    #: Characters whose fold, decomposed, starts with a mark (or a Hangul vowel or final): they join the one before.
    marks: frozenset[str]
    #: Characters whose fold, decomposed, holds such a mark.
    holding_marks: frozenset[str]
    #: Characters that fold to spaces, and to one of :data:`kg.labels.DASHES`.
    spaces: frozenset[str]
    dashes: frozenset[str]


def _joins(character: str) -> bool:
    """Whether ``character`` joins the one before it in NFKC: a mark, or a Hangul vowel or final consonant."""
    return unicodedata.category(character)[0] == "M" or 0x1160 <= ord(character) <= 0x11FF \
        or 0xD7B0 <= ord(character) <= 0xD7FF


@functools.cache
def _folds() -> _Folds:
    """Fold every character once (under a second, at the first search that asks the store)."""
    single: dict[str, set[str]] = {}
    several: dict[str, str] = {}
    several_holding: dict[str, set[str]] = {}
    composed: dict[str, set[str]] = {}
    marks, holding_marks, spaces, dashes = set(), set(), set(), set()
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        character = chr(code)
        folded = unicodedata.normalize("NFKC", character).lower()
        if folded != character and len(folded) == 1:
            single.setdefault(folded, set()).add(character)
        elif len(folded) > 1:
            several[character] = folded
            for part in set(folded):
                several_holding.setdefault(part, set()).add(character)
        decomposed = unicodedata.normalize("NFD", folded)
        if len(decomposed) > 1:
            composed.setdefault(decomposed[0], set()).add(character)
        if _joins(decomposed[0]):
            marks.add(character)
        if any(_joins(part) for part in decomposed):
            holding_marks.add(character)
        if folded.isspace():
            spaces.add(character)
        if len(folded) == 1 and folded in DASHES:
            dashes.add(character)
    # Python lower-cases a capital sigma that ends a word as a final sigma
    single["ς"] = single.get("ς", set()) | single["σ"]
    return _Folds({key: frozenset(value) for key, value in single.items()}, several,
                  {key: frozenset(value) for key, value in several_holding.items()},
                  {key: frozenset(value) for key, value in composed.items()}, frozenset(marks),
                  frozenset(holding_marks), frozenset(spaces), frozenset(dashes))


def pattern(needle: str, window: int = WINDOW) -> str:
    """A regular expression (XPath, as the store reads it) that every label whose fold holds ``needle`` matches.

    ``needle`` is folded text (:func:`kg.labels.fold`); its first
    ``window`` characters are matched. A label that matches may not hold
    it folded: :func:`ranked_by_store` checks.

    Examples
    --------
    >>> import re
    >>> expression = re.compile(pattern(fold("ＥＣＮＵ（上海）")))
    >>> [bool(expression.search(label)) for label in ("East ECNU(上海)", "ｅｃｎｕ（上海）", "ECNU (上海)", "ECNU 上海")]
    [True, True, False, False]
    >>> bool(re.search(pattern("kg"), "5 ㎏")), bool(re.search(pattern("é"), "Cafe\u0301"))
    (True, True)
    """
    folds = _folds()
    needle = needle[:window]
    # where a character that folds to several stands for part of the text: at the first character it covers
    # (kept with that character's), the others optional (it covers them)
    starting: list[set[str]] = [set() for _ in needle]
    covered = [False] * len(needle)
    for character in set().union(*(folds.several_holding.get(part, ()) for part in set(needle))):
        folded = folds.several[character]
        for start in range(1 - len(folded), len(needle)):
            low, high = max(start, 0), min(start + len(folded), len(needle))
            if low < high and folded[low - start:high - start] == needle[low:high]:
                starting[low].add(character)
                covered[low + 1:high] = [True] * (high - low - 1)
    parts = []
    for at, character in enumerate(needle):
        alike = {character} | folds.single.get(character, frozenset()) | starting[at]
        if character == " ":
            part = _class(folds.spaces | alike) + "+"
        elif character == "-":
            spaces = _class(folds.spaces) + "*"
            part = spaces + _class(folds.dashes | alike) + "+" + spaces
        elif _joins(character) and at == 0:  # a mark at the start: in any character holding one
            part = _class(folds.holding_marks | alike)
        elif _joins(character):  # after a character: maybe joined with it (below), or on its own
            part, covered[at] = _class(alike), True
        else:
            decomposed = unicodedata.normalize("NFD", character)
            if len(decomposed) > 1 or (at + 1 < len(needle) and _joins(needle[at + 1])):
                base = decomposed[0]  # é: e, É, ｅ, é … and what the marks after it join
                alike |= {base} | folds.single.get(base, frozenset()) | folds.composed.get(base, frozenset())
                part = _class(alike) + _class(folds.marks) + "*"
            else:
                part = _class(alike)
        parts.append(f"({part})?" if covered[at] else part)  # XPath has no (?:
    return "".join(parts)


def _class(characters) -> str:
    """A character class of ``characters``, each run written as a range."""
    codes = sorted(ord(character) for character in characters)
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    written = "".join(_char(low) if low == high else f"{_char(low)}-{_char(high)}" for low, high in runs)
    return f"[{written}]"


def _char(code: int) -> str:
    """A character as a class holds it: itself, a backslash before those that mean something in a class (XPath)."""
    return "\\" + chr(code) if chr(code) in _SPECIAL else chr(code)
