"""A candidate fact found in a text, and what every pattern module shares while it looks.

A :class:`Candidate` has its ``kind``, the exact ``quote`` with ``start`` and
``end`` offsets (``text[start:end] == quote``), the ``sentence`` it stands in,
its ``fields``, a ``confidence`` in [0, 1], and ``matches``: for each field
that names a thing, the IRI it was matched to, ``"new"``, or the list of
candidate IRIs when the name is ambiguous.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.extract.gazetteer import Gazetteer, Mention
from kg.extract.sentences import Sentence, normalized, split_sentences

__all__ = ["CONTEXT_CHARS", "KINDS", "QUALIFIERS", "Candidate", "Context", "match_of", "read_sentence"]

#: The kinds of candidates, in the order the review lists them.
KINDS = ("rank", "bound", "change", "aggregate", "count", "amount", "date", "role", "affiliation", "organization",
         "person")
#: Value qualifiers (the keys of the ``qualifier`` concept scheme of the graph).
QUALIFIERS = ("exact", "lower-bound", "lower-bound-exclusive", "upper-bound", "approximate")
#: Characters of text before and after a quote kept as its prefix and suffix (oa:TextQuoteSelector).
CONTEXT_CHARS = 32


@dataclass
class Candidate:
    """One candidate fact; see the module docstring."""

    kind: str
    quote: str
    start: int
    end: int
    sentence: str
    fields: dict = field(default_factory=dict)
    confidence: float = 0.9
    matches: dict = field(default_factory=dict)
    prefix: str = ""
    suffix: str = ""

    def as_dict(self) -> dict:
        """The JSON form.

        >>> Candidate("count", "754家", 5, 9, "孵化754家。", {"value": 754}).as_dict()["fields"]
        {'value': 754}
        """
        return {"kind": self.kind, "quote": self.quote, "start": self.start, "end": self.end,
                "sentence": self.sentence, "fields": dict(self.fields), "confidence": round(self.confidence, 2),
                "matches": dict(self.matches), "prefix": self.prefix, "suffix": self.suffix}


def match_of(mention: Mention | None) -> str | list[str]:
    """What a name matched: its one IRI, the candidate IRIs when ambiguous, or ``"new"``.

    >>> match_of(None), match_of(Mention(0, 2, "北京", "city", ("http://e/bj",)))
    ('new', 'http://e/bj')
    """
    if mention is None or not mention.iris:
        return "new"
    return mention.iris[0] if len(mention.iris) == 1 else list(mention.iris)


@dataclass
class Context:
    """What the patterns share about one text: the text, its normalized copy, the gazetteer and the date.

    Attributes
    ----------
    text : str
        The text; offsets count its characters.
    norm : str
        :func:`kg.extract.sentences.normalized` of it (same length): patterns match this.
    gazetteer : Gazetteer
    date : datetime.date or None
        ``--date``: the day the text was published (relative dates count from it).
    edition : int or None
        The edition year the text reports (from its title or text, else ``date``).
    index : Mention or None
        The ranking index the text names first.
    publisher : str
        ``--publisher``: who ``本报`` (this paper) is.
    lang : str
        ``zh`` or ``en``.
    """

    text: str
    norm: str
    gazetteer: Gazetteer
    date: dt.date | None = None
    edition: int | None = None
    index: Mention | None = None
    publisher: str = ""
    lang: str = "zh"
    #: The candidates of the sentence being read.
    candidates: list[Candidate] = field(default_factory=list)
    #: The text just before and after ``text`` when it is one block of a longer text (for prefixes and suffixes).
    before: str = ""
    after: str = ""

    def add(self, kind: str, start: int, end: int, sentence: Sentence, fields: dict, confidence: float,
            matches: dict | None = None) -> Candidate:
        """Record a candidate quoting ``text[start:end]``; return it."""
        prefix = self.text[max(0, start - CONTEXT_CHARS):start]
        suffix = self.text[end:end + CONTEXT_CHARS]
        if len(prefix) < CONTEXT_CHARS and self.before:
            prefix = self.before[max(0, len(self.before) - CONTEXT_CHARS + len(prefix)):] + prefix
        if len(suffix) < CONTEXT_CHARS and self.after:
            suffix += self.after[:CONTEXT_CHARS - len(suffix)]
        candidate = Candidate(kind, self.text[start:end], start, end, sentence.text, fields,
                              max(0.05, min(1.0, confidence)), matches or {}, prefix, suffix)
        self.candidates.append(candidate)
        return candidate

    def edition_fields(self, sentence: Sentence) -> tuple[dict, dict]:
        """The index and edition of a rank or aggregate, and their matches."""
        fields, matches = {}, {}
        if self.index is not None:
            fields["index"] = self.index.text
            matches["index"] = match_of(self.index)
        if self.edition is not None:
            fields["edition"] = self.edition
            if self.index is not None and len(self.index.iris) == 1:
                key = self.index.iris[0].rsplit("/", 1)[-1]
                edition_iri = f"https://w3id.org/innokg/id/edition/{key}-{self.edition}"
                matches["edition"] = edition_iri if self.gazetteer.knows(edition_iri) else "new"
        return fields, matches


def read_sentence(text: str, find, *args, names: Iterable[tuple[str, str]] = (), **fields) -> list[Candidate]:
    """The candidates a pattern reader adds for the first sentence of ``text`` read alone.

    ``find`` is called as ``find(ctx, sentence, *args)`` (e.g.
    :func:`kg.extract.ranks.find_ranks`), with a :class:`Context` whose
    gazetteer knows ``names`` ((IRI, label) pairs) and whose other
    attributes are ``fields``: the way each reader's examples try it.

    Examples
    --------
    >>> def whole(ctx, sentence):
    ...     ctx.add("count", sentence.start, sentence.end, sentence, {}, 1.0)
    >>> [c.quote for c in read_sentence("一句。又一句。", whole)]
    ['一句。']
    """
    ctx = Context(text, normalized(text), Gazetteer.from_labels(names), **fields)
    find(ctx, split_sentences(text)[0], *args)
    return ctx.candidates
