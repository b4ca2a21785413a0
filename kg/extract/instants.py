"""Accepted date candidates as OWL-Time instants, attached to the facts they date (:mod:`kg.extract.to_rdf`).

A date row (``2025年12月14日``, ``2023年5月``, ``2014年``; ``12月14日`` and
``去年`` with their year inferred) becomes a ``time:Instant`` with one of
``time:inXSDDate``, ``time:inXSDgYearMonth`` or ``time:inXSDgYear``. A date
whose year (or day) was not printed carries ``ik:inferred true`` and an
``ik:inferenceNote`` saying where it came from (``--date`` or an earlier
year of the text), as the shapes require. Every fact imported from the
same sentence gets it as ``ik:date``; a date in a sentence that gave no
fact dates the source (``dcterms:temporal``: a time the text is about).

Examples
--------
>>> row = {"quote": "12月14日", "fields": {"date": "2025-12-14", "precision": "day", "inferred": True,
...        "year_from": "--date"}}
>>> triples = instant_triples(row, ox.NamedNode("https://w3id.org/innokg/id/extracted/x/date-0-6-1"))
>>> sorted((p.value.rsplit("#", 1)[-1], o.value) for _, p, o in triples if "label" not in p.value)
... # doctest: +NORMALIZE_WHITESPACE
[('inXSDDate', '2025-12-14'), ('inferenceNote', 'The year is not printed: taken from the day the text was published (--date).'),
 ('inferred', 'true'), ('type', 'http://www.w3.org/2006/time#Instant')]
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.namespaces import IK, PREFIXES, RDF, RDFS, XSD

__all__ = ["TIME", "date_problem", "dating_triples", "instant_triples"]

TIME = "http://www.w3.org/2006/time#"
_FORMS = {"day": ("inXSDDate", "date", r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
          "month": ("inXSDgYearMonth", "gYearMonth", r"[0-9]{4}-[0-9]{2}"),
          "year": ("inXSDgYear", "gYear", r"[0-9]{4}")}
_NOTES = {"--date": "The year is not printed: taken from the day the text was published (--date).",
          "text": "The year is not printed: taken from the year the text named before it.",
          "relative": "A relative date (yesterday, last year): counted from the day the text was published (--date)."}


def _precision(fields: dict) -> str:
    date = str(fields.get("date") or "")
    precision = str(fields.get("precision") or "")
    if precision in _FORMS:
        return precision
    return "day" if len(date) == 10 else "month" if len(date) == 7 else "year"


def date_problem(row: dict) -> str | None:
    """What is wrong with a date row (None when it can become an instant).

    >>> date_problem({"fields": {"date": "2025-13"}}), date_problem({"fields": {"date": "2025-12"}})
    ('date 2025-13 is not a day (YYYY-MM-DD), month (YYYY-MM) or year (YYYY)', None)
    """
    date = str(row["fields"].get("date") or "")
    _, _, pattern = _FORMS[_precision(row["fields"])]
    month = date[5:7]
    if not re.fullmatch(pattern, date) or (month and not "01" <= month <= "12"):
        return f"date {date or '(empty)'} is not a day (YYYY-MM-DD), month (YYYY-MM) or year (YYYY)"
    return None


def instant_triples(row: dict, instant: ox.NamedNode) -> list[tuple]:
    """The ``time:Instant`` of an accepted date row (check :func:`date_problem` first)."""
    fields = row["fields"]
    date = str(fields["date"])
    prop, datatype, _ = _FORMS[_precision(fields)]
    triples = [(instant, ox.NamedNode(RDF + "type"), ox.NamedNode(TIME + "Instant")),
               (instant, ox.NamedNode(TIME + prop), ox.Literal(date, datatype=ox.NamedNode(XSD + datatype))),
               (instant, ox.NamedNode(RDFS + "label"), ox.Literal(f"{row['quote']}（{date}，摘自文本）",
                                                                  language="zh-Hans")),
               (instant, ox.NamedNode(RDFS + "label"), ox.Literal(f"{date} (extracted)", language="en"))]
    if fields.get("inferred"):
        relative = re.search(r"[昨今明去前后]天|[去今明前]年|上个?月|本月", row["quote"])
        note = _NOTES["relative"] if relative else _NOTES.get(str(fields.get("year_from")), _NOTES["relative"])
        triples += [(instant, ox.NamedNode(IK + "inferred"), ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
                    (instant, ox.NamedNode(IK + "inferenceNote"), ox.Literal(note, language="en"))]
    return triples


def dating_triples(instant: ox.NamedNode, facts: list[ox.NamedNode], source: ox.NamedNode) -> list[tuple]:
    """``ik:date`` from each fact of the date's sentence to it, or ``dcterms:temporal`` from the source."""
    if facts:
        return [(fact, ox.NamedNode(IK + "date"), instant) for fact in facts]
    return [(source, ox.NamedNode(PREFIXES["dcterms"] + "temporal"), instant)]
