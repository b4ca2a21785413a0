"""Accepted ``affiliation`` candidates as inferred facts: their own graph beside the import's, a note for each.

The extractor proposes that a thing the text names only by its kind (``载体网络``)
belongs to an organization (:mod:`kg.extract.subjects`): the text does not say
so, the reader infers it from who built the thing. An accepted ``affiliation``
row becomes ``SUBJECT ik:affiliatedWith ORGANIZATION`` with a ``skos:scopeNote``
saying why, as the curators' inferred links are (``data/seed/inferred.trig``),
in the import's *inferred graph* (:func:`inferred_graph`): an ``ik:FactGraph``
with assertion mode ``inferred``, derived from the same source, written in the
same transaction as the import's stated graph. A query that wants stated facts
only leaves out the graphs whose mode is inferred (``queries/inferred-facts.rq``
lists them with their notes).

Examples
--------
>>> row = {"fields": {"subject": "北辰载体网络", "person": "王海涛", "role": "总经理", "organization": "北辰科技园"},
...        "matches": {"person": "http://e/p", "role": "http://e/r"}}
>>> names = {"http://e/p": {"en": "Wang Haitao"}, "http://e/r": {"en": "general manager"},
...          "http://e/o": {"en": "Beichen Science Park"}}
>>> note(row, "http://e/o", names)
'Inferred: the text names it only by its kind (载体网络); Wang Haitao, who built it, is general manager of Beichen Science Park.'
"""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox

from kg.extract.subjects import kind_noun
from kg.importing.provenance import inferred_graph, provenance_quads
from kg.namespaces import IK, PREFIXES

__all__ = ["affiliation_triples", "inferred_graph", "inferred_graph_quads", "note"]


def _english(names: dict, iri: str | None, fallback: str) -> str:
    found = names.get(iri or "", {})
    return found.get("en") or found.get("zh") or fallback


def note(row: dict, organization: str, names: dict) -> str:
    """Why the row's link was inferred (the reviewer's ``note`` field when it has one), in English."""
    fields, matches = row["fields"], row["matches"]
    if str(fields.get("note") or "").strip():
        return " ".join(str(fields["note"]).split())
    kind = kind_noun(str(fields.get("subject") or ""))
    what = f"the text names it only by its kind ({kind})" if kind else "the text does not name what it belongs to"
    owner = _english(names, organization, str(fields.get("organization") or ""))
    person = _english(names, matches.get("person") if isinstance(matches.get("person"), str) else None,
                      str(fields.get("person") or ""))
    if person and fields.get("role"):
        role = _english(names, matches.get("role") if isinstance(matches.get("role"), str) else None,
                        str(fields["role"]))
        return f"Inferred: {what}; {person}, who built it, is {role} of {owner}."
    if person:
        return f"Inferred: {what}; {person} built it, in a paragraph about {owner}."
    return f"Inferred: {what}; the paragraph is about {owner}."


def affiliation_triples(row: dict, iris: dict, names: dict) -> list[tuple]:
    """``SUBJECT ik:affiliatedWith ORGANIZATION`` and its note, for the inferred graph."""
    subject = ox.NamedNode(iris["subject"])
    return [(subject, ox.NamedNode(IK + "affiliatedWith"), ox.NamedNode(iris["organization"])),
            (subject, ox.NamedNode(PREFIXES["skos"] + "scopeNote"),
             ox.Literal(note(row, iris["organization"], names), language="en"))]


def inferred_graph_quads(graph: str, file_name: str, checksum: str, source: str,
                         when: dt.datetime | None = None) -> list[ox.Quad]:
    """The description of an import's inferred graph: a fact graph, mode inferred, the same source and file.

    >>> quads = inferred_graph_quads("http://e/g-inferred", "c.json", "ab12", "http://e/s")
    >>> [q.object.value for q in quads if q.predicate.value.endswith("assertionMode")]
    ['https://w3id.org/innokg/id/assertion-mode/inferred']
    """
    return provenance_quads(graph, file_name, checksum, source, when=when, what="extract, inferred", mode="inferred")
