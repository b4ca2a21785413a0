"""The W3C Web Annotation that ties an imported fact to its quote in the text (:mod:`kg.extract.to_rdf`).

An ``oa:Annotation`` (motivated by ``oa:identifying``) whose body is the fact
and whose target is the source made from the text, selected by an
``oa:TextQuoteSelector`` (exact, prefix, suffix) and an
``oa:TextPositionSelector`` (start, end); the annotation keeps the sentence
(``ik:quotedSentence``, ``ontology/extract.ttl``).

Examples
--------
>>> row = {"quote": "第3", "prefix": "北京", "suffix": "。", "start": 2, "end": 4, "sentence": "北京第3。"}
>>> triples = annotation_triples(row, ox.NamedNode("http://e/x/t/rank-2-4-1"), ox.NamedNode("http://e/s"))
>>> sorted(p.value.rsplit("#", 1)[-1] for _, p, _ in triples)[:4], len(triples)
(['end', 'exact', 'hasBody', 'hasSelector'], 16)
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import IK, RDF, XSD

__all__ = ["OA", "annotation_triples"]

#: The W3C Web Annotation vocabulary.
OA = "http://www.w3.org/ns/oa#"


def annotation_triples(row: dict, fact: ox.NamedNode, source: ox.NamedNode) -> list:
    """The W3C Web Annotation that ties a fact to its quote in the text."""
    key = fact.value.rsplit("/", 2)[-2] + "-" + fact.value.rsplit("/", 1)[-1]
    annotation, target = ox.BlankNode(f"a{key}"), ox.BlankNode(f"t{key}")
    quote, position = ox.BlankNode(f"q{key}"), ox.BlankNode(f"p{key}")
    a = ox.NamedNode(RDF + "type")
    unsigned = lambda n: ox.Literal(str(int(n)), datatype=ox.NamedNode(XSD + "nonNegativeInteger"))
    triples = [
        (annotation, a, ox.NamedNode(OA + "Annotation")),
        (annotation, ox.NamedNode(OA + "motivatedBy"), ox.NamedNode(OA + "identifying")),
        (annotation, ox.NamedNode(OA + "hasBody"), fact),
        (annotation, ox.NamedNode(OA + "hasTarget"), target),
        (target, a, ox.NamedNode(OA + "SpecificResource")),
        (target, ox.NamedNode(OA + "hasSource"), source),
        (target, ox.NamedNode(OA + "hasSelector"), quote),
        (target, ox.NamedNode(OA + "hasSelector"), position),
        (quote, a, ox.NamedNode(OA + "TextQuoteSelector")),
        (quote, ox.NamedNode(OA + "exact"), ox.Literal(row["quote"])),
        (quote, ox.NamedNode(OA + "prefix"), ox.Literal(row.get("prefix") or "")),
        (quote, ox.NamedNode(OA + "suffix"), ox.Literal(row.get("suffix") or "")),
        (position, a, ox.NamedNode(OA + "TextPositionSelector")),
        (position, ox.NamedNode(OA + "start"), unsigned(row["start"])),
        (position, ox.NamedNode(OA + "end"), unsigned(row["end"])),
    ]
    if row.get("sentence"):
        triples.append((annotation, ox.NamedNode(IK + "quotedSentence"), ox.Literal(row["sentence"])))
    return triples
