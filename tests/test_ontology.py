"""The ontology parses as OWL, is fully labelled, and the seed graph conforms to it.

Each hygiene check and the key SHACL shapes are also shown to catch a tiny,
deliberately broken dataset, so a green run means something.
"""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.build import build_memory
from kg.paths import HYGIENE_DIR, ONTOLOGY_DIR
from kg.validate import hygiene_errors, validate

IK = rdflib.Namespace("https://w3id.org/innokg/ont#")
ROOTS = {IK.InnovationEcosystem, IK.InnovationTalent, IK.InnovationActor, IK.InnovationEnvironment,
         IK.Place, IK.Evaluation, IK.Source, IK.ProvenanceAgent, IK.ProvenanceRecord, IK.RoleAssignment}
HYGIENE_CHECKS = sorted(p.stem for p in HYGIENE_DIR.glob("*.rq"))


@pytest.fixture(scope="module")
def ontology():
    graph = rdflib.Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        if path.name != "shapes.ttl":
            graph.parse(path)
    return graph


def test_ontology_header(ontology):
    onto = rdflib.URIRef("https://w3id.org/innokg/ont")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionIRI) == rdflib.URIRef("https://w3id.org/innokg/ont/0.1.0")


def ik_terms(ontology):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return sorted({s for k in kinds for s in ontology.subjects(RDF.type, k) if str(s).startswith(str(IK))})


def test_every_term_has_labels_and_definitions_in_chinese_and_english(ontology):
    terms = ik_terms(ontology)
    assert len(terms) > 150
    for term in terms:
        langs = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"zh-Hans", "en"} <= langs, f"{term} lacks a label in {({'zh-Hans', 'en'} - langs)}"
        definitions = {d.language for d in ontology.objects(term, SKOS.definition)}
        assert {"zh-Hans", "en"} <= definitions, f"{term} lacks a definition in {({'zh-Hans', 'en'} - definitions)}"


def test_every_concept_and_scheme_has_a_definition_in_chinese_and_english(ontology):
    """Issue 14: the schemes' concepts were defined in English only."""
    terms = sorted({s for kind in (SKOS.Concept, SKOS.ConceptScheme) for s in ontology.subjects(RDF.type, kind)})
    assert len(terms) > 90
    for term in terms:
        definitions = {d.language for d in ontology.objects(term, SKOS.definition)}
        assert {"zh-Hans", "en"} <= definitions, f"{term} lacks a definition in {({'zh-Hans', 'en'} - definitions)}"


def test_the_innovation_ecosystem_is_the_top_made_of_the_three_elements(ontology):
    parts = {p: ontology.value(p, RDFS.range) for p in (IK.hasTalent, IK.hasActor, IK.hasEnvironment)}
    assert parts == {IK.hasTalent: IK.InnovationTalent, IK.hasActor: IK.InnovationActor,
                     IK.hasEnvironment: IK.InnovationEnvironment}
    assert all(ontology.value(p, RDFS.domain) == IK.InnovationEcosystem for p in parts)
    assert (IK.GlobalInnovationCentre, RDFS.subClassOf, IK.InnovationEcosystem) in ontology
    # provenance agents record the ecosystem: no journalist is talent, no newspaper an actor, no membership talent
    for cls in (IK.Journalist, IK.MediaOrganization, IK.Curator, IK.RoleAssignment):
        assert not set(ontology.transitive_objects(cls, RDFS.subClassOf)) & {IK.InnovationTalent, IK.InnovationActor}


def test_every_domain_class_sits_under_an_element_or_a_supporting_part(ontology):
    classes = [t for t in ik_terms(ontology) if (t, RDF.type, OWL.Class) in ontology and t not in ROOTS]
    for cls in classes:
        ancestors = set(ontology.transitive_objects(cls, RDFS.subClassOf))
        assert ancestors & ROOTS, f"{cls} is under none of the three elements or supporting parts"


def test_the_three_elements_are_the_top(ontology):
    elements = {o for s, o in ontology.subject_objects(IK.ecosystemElement)}
    assert sorted(str(e).rsplit("/", 1)[1] for e in elements) == ["actor", "environment", "talent"]


def test_seed_graph_conforms_to_the_shapes(seed_store):
    report = validate(seed_store)
    assert report.conforms, report.text()
    assert report.violations == []


@pytest.mark.parametrize("check", HYGIENE_CHECKS)
def test_hygiene_check_is_clean_on_the_seed(seed_store, check, tmp_path):
    (tmp_path / f"{check}.rq").write_text((HYGIENE_DIR / f"{check}.rq").read_text(encoding="utf-8"), encoding="utf-8")
    assert hygiene_errors(seed_store, tmp_path) == []


# One tiny violation per hygiene check, with the exact error it must report.
BROKEN = {
    "term-labels": ("ik:Orphan a owl:Class .", [
        "ontology term <https://w3id.org/innokg/ont#Orphan> has no en label",
        "ontology term <https://w3id.org/innokg/ont#Orphan> has no en skos:definition",
        "ontology term <https://w3id.org/innokg/ont#Orphan> has no zh-Hans label",
        "ontology term <https://w3id.org/innokg/ont#Orphan> has no zh-Hans skos:definition"]),
    "term-undeclared": ("<https://w3id.org/innokg/id/city/beijing> ik:nickname \"帝都\"@zh-Hans .", [
        "term <https://w3id.org/innokg/ont#nickname> is used but not declared in the ontology"]),
    "entity-labels": ("<https://w3id.org/innokg/id/city/nowhere> a ik:City ; rdfs:label \"Nowhere\"@en .", [
        "entity <https://w3id.org/innokg/id/city/nowhere> has no label in zh-Hans"]),
    "dangling-references": ("<https://w3id.org/innokg/id/city/beijing> ik:locatedIn <https://w3id.org/innokg/id/country/cnn> .", [
        "<https://w3id.org/innokg/id/city/beijing> points to <https://w3id.org/innokg/id/country/cnn>, which is not described"]),
    "fact-sources": ("<https://w3id.org/innokg/id/finding/x> a ik:Finding ; rdfs:label \"x\"@en , \"x\"@zh-Hans . "
                     "<https://w3id.org/innokg/id/service/y> a ik:TransferService ; rdfs:label \"y\"@en , \"y\"@zh-Hans ; "
                     "<http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/innokg/id/source/qnb-huanshangda-story> .", [
        "<https://w3id.org/innokg/id/finding/x> cites no described source",
        "<https://w3id.org/innokg/id/service/y> is an activity or event, not a prov:Entity: cite "
        "<https://w3id.org/innokg/id/source/qnb-huanshangda-story> with ik:statedIn, not prov:wasDerivedFrom",
        "<https://w3id.org/innokg/id/service/y> names no described source it is stated in (ik:statedIn)"]),
    "graph-provenance": None,  # the broken fact goes into an undescribed graph: see below
    "claim-conflicts": (
        "<https://w3id.org/innokg/id/observation/gis100-2025/technology-beijing-top3> ik:contradicts "
        "<https://w3id.org/innokg/id/observation/gis100-2025/technology-beijing-top4> . "
        "<https://w3id.org/innokg/id/observation/x> ik:edition <https://w3id.org/innokg/id/edition/gis100-2025> ; "
        "ik:dimension <https://w3id.org/innokg/id/dimension/overall> ; ik:city <https://w3id.org/innokg/id/city/paris> ; "
        "ik:rank 2 .", [
        "<https://w3id.org/innokg/id/observation/gis100-2025/overall-paris> (ranks 6..6) and "
        "<https://w3id.org/innokg/id/observation/x> (ranks 2..2) exclude each other but are not linked by ik:contradicts",
        "<https://w3id.org/innokg/id/observation/gis100-2025/technology-beijing-top3> (ranks 1..3) and "
        "<https://w3id.org/innokg/id/observation/gis100-2025/technology-beijing-top4> (ranks 1..4) can both hold "
        "but are linked by ik:contradicts (a refinement: infer the tightest bound instead)"]),
    "concepts-in-scheme": ("<https://w3id.org/innokg/id/role/mascot> a skos:Concept ; skos:prefLabel \"吉祥物\"@zh-Hans , \"mascot\"@en .", [
        "concept <https://w3id.org/innokg/id/role/mascot> has no skos:definition",
        "concept <https://w3id.org/innokg/id/role/mascot> is in no concept scheme"]),
}
PREFIXES = """@prefix ik: <https://w3id.org/innokg/ont#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
"""


def store_with(extra_trig: str):
    store = build_memory()
    store.load((PREFIXES + extra_trig).encode("utf-8"), "trig")
    return store


def test_every_hygiene_check_has_a_broken_example():
    # the Data Cube integrity checks (qb-ic*) have theirs in tests/test_hygiene_qb.py
    assert sorted(BROKEN) == [c for c in HYGIENE_CHECKS if not c.startswith("qb-ic")]


@pytest.mark.parametrize("check", sorted(c for c, case in BROKEN.items() if case))
def test_hygiene_check_catches_its_violation(check, tmp_path):
    triples, expected = BROKEN[check]
    store = store_with("<https://w3id.org/innokg/graph/sources> { %s }" % triples)
    (tmp_path / f"{check}.rq").write_text((HYGIENE_DIR / f"{check}.rq").read_text(encoding="utf-8"), encoding="utf-8")
    assert [e.error for e in hygiene_errors(store, tmp_path)] == expected


def test_graph_provenance_catches_an_undescribed_graph(tmp_path):
    store = store_with("<https://w3id.org/innokg/graph/notes> { <https://w3id.org/innokg/id/city/beijing> rdfs:comment \"x\" }")
    (tmp_path / "g.rq").write_text((HYGIENE_DIR / "graph-provenance.rq").read_text(encoding="utf-8"), encoding="utf-8")
    assert [e.error for e in hygiene_errors(store, tmp_path)] == [
        "named graph <https://w3id.org/innokg/graph/notes> has no provenance "
        "(ik:FactGraph with source and assertion mode)"]


def test_concepts_in_scheme_catches_a_concept_typed_through_a_subclass_of_skos_concept(tmp_path):
    store = store_with("<https://w3id.org/innokg/graph/sources> { <https://w3id.org/innokg/id/concept/x> "
                       "a ik:AnalyticalConcept ; skos:definition \"x\"@en . }")
    (tmp_path / "c.rq").write_text((HYGIENE_DIR / "concepts-in-scheme.rq").read_text(encoding="utf-8"), encoding="utf-8")
    assert [e.error for e in hygiene_errors(store, tmp_path)] == [
        "concept <https://w3id.org/innokg/id/concept/x> is in no concept scheme"]


def test_the_class_hierarchy_picture_is_current():
    """docs/class-hierarchy.svg is what docs/class_hierarchy.py draws from the ontology today."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("class_hierarchy", ONTOLOGY_DIR.parent / "docs" / "class_hierarchy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tops = module.top_of_hierarchy(module.ontology_graph())
    assert [t["iri"].rsplit("#", 1)[1] for t in tops] == [
        "InnovationEcosystem", "InnovationTalent", "InnovationActor", "InnovationEnvironment",
        "Evaluation", "Place", "ProvenanceAgent", "ProvenanceRecord", "RoleAssignment", "Source"]
    assert module.OUTPUT.read_text(encoding="utf-8") == module.render_svg(tops), (
        "docs/class-hierarchy.svg is out of date: run python docs/class_hierarchy.py")


SHACL_BROKEN = {
    "rank change must match": (
        "<https://w3id.org/innokg/id/observation/gis100-2025/factor-beijing> ik:rankChange 6 .",
        "The rank change must equal the previous rank minus the rank"),
    "over X is a lower bound": (
        "<https://w3id.org/innokg/id/indicator-value/huanshangda-registered-capital> <http://schema.org/value> 3900000000 .",
        "An indicator value has either a value or a lower bound"),
    "money needs a currency": (
        "<https://w3id.org/innokg/id/indicator-value/huanshangda-technology-transfer-amount> <http://schema.org/currency> \"yuan\" .",
        "An amount of money needs its ISO 4217 currency code, e.g. CNY."),
    "inferred dates need a reason": (
        "<https://w3id.org/innokg/id/org/panxin-technology> ik:founded [ a <http://www.w3.org/2006/time#Instant> ; "
        "<http://www.w3.org/2006/time#inXSDgYear> \"2023\"^^<http://www.w3.org/2001/XMLSchema#gYear> ; ik:inferred true ] .",
        "An inferred date must say why it was inferred (ik:inferenceNote)."),
    "a rank is a positive integer": (
        "<https://w3id.org/innokg/id/observation/x> a ik:RankObservation ; rdfs:label \"x\"@en , \"x\"@zh-Hans ; "
        "ik:edition <https://w3id.org/innokg/id/edition/gis100-2025> ; ik:city <https://w3id.org/innokg/id/city/paris> ; "
        "ik:dimension <https://w3id.org/innokg/id/dimension/overall> ; ik:rank 0 ; "
        "ik:valueQualifier <https://w3id.org/innokg/id/qualifier/exact> ; "
        "<http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/innokg/id/source/qnb-gis100-2025-global> .",
        "A rank is one whole number, 1 or more."),
    "an activity is stated in a source, not derived from it": (
        "<https://w3id.org/innokg/id/service/li-yuyang-panxin-deal-advice> "
        "<http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/innokg/id/source/qnb-huanshangda-story> .",
        "An activity or event is not a prov:Entity: cite it with ik:statedIn, not prov:wasDerivedFrom."),
}


@pytest.mark.parametrize("case", sorted(SHACL_BROKEN))
def test_shapes_catch_broken_facts(case):
    triples, message = SHACL_BROKEN[case]
    report = validate(store_with("<https://w3id.org/innokg/graph/sources> { %s }" % triples))
    assert not report.conforms
    assert any(v.message.startswith(message) for v in report.violations), report.text()


# Rule: every triple of an inferred graph carries a note saying why, on its subject in that
# graph (skos:scopeNote, rdfs:comment or, on an inferred date, ik:inferenceNote). Blank-node
# subjects (a date's time:Instant) are part of their parent's description.
INFERRED_WITHOUT_NOTE = """
PREFIX ik: <https://w3id.org/innokg/ont#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?error WHERE {
  ?g ik:assertionMode <https://w3id.org/innokg/id/assertion-mode/inferred> .
  GRAPH ?g { ?s ?p ?o }
  FILTER (!isBlank(?s))
  FILTER NOT EXISTS { GRAPH ?g { ?s skos:scopeNote|rdfs:comment|ik:inferenceNote ?note } }
  BIND (CONCAT("inferred triple <", STR(?s), "> <", STR(?p), "> in <", STR(?g), "> has no note saying why") AS ?error)
}
ORDER BY ?error
"""


def test_every_inferred_triple_has_a_note(seed_store):
    assert [row["error"].value for row in seed_store.query(INFERRED_WITHOUT_NOTE)] == []
    broken = store_with("<https://w3id.org/innokg/graph/huanshangda-inferred> { "
                        "<https://w3id.org/innokg/id/org/ecnu> ik:locatedIn <https://w3id.org/innokg/id/city/shanghai> }")
    assert [row["error"].value for row in broken.query(INFERRED_WITHOUT_NOTE)] == [
        "inferred triple <https://w3id.org/innokg/id/org/ecnu> <https://w3id.org/innokg/ont#locatedIn> in "
        "<https://w3id.org/innokg/graph/huanshangda-inferred> has no note saying why"]
