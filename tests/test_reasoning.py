"""The model is sound under the reused vocabularies' own axioms.

The ontology, every seed graph (merged into one) and the few W3C axioms innokg's
terms rest on (``tests/fixtures/reasoning/w3c-axioms.ttl``: PROV-O, ORG, SKOS,
OWL-Time, the RDF Data Cube, each block naming its source) go to two reasoners:

* HermiT (shipped with owlready2, run on the machine's Java): the whole is
  consistent and no class is unsatisfiable;
* an OWL 2 RL closure (owlrl over rdflib): no individual ends up typed both
  ``prov:Activity`` and ``prov:Entity``.

Each check is also shown to fail on a one-triple break (an activity "derived
from" a source, as the seed had it before ``ik:statedIn``; a journalist counted
as talent; a finding put into a Data Cube data set), so a green run means
something. The closure also shows the Data Cube as issue 14 wants it: only rank
observations are ``qb:Observation``, and the edition gets its index's structure
through the property chain ``ik:ofIndex``, ``ik:editionStructure``.

The last tests show the line between contradiction and refinement: two claims
that exclude each other (a fixture: rank 2 and rank 5) are linked by
``ik:contradicts`` and reported; the seed's compatible bounds (top 4, top 3)
are not, and the tightest bound is an inferred fact naming both claims.

HermiT accepts only the OWL 2 datatype map; the seed's ``xsd:date``,
``xsd:gYear`` and ``xsd:gYearMonth`` literals (OWL-Time's ``inXSD*``) are
outside it, so HermiT runs with ``--ignoreUnsupportedDatatypes``: those values
are opaque to it, which costs nothing here (no axiom constrains them).
"""

from __future__ import annotations

import io
from pathlib import Path

import owlrl
import pytest
import rdflib
from owlready2 import OwlReadyInconsistentOntologyError, World, sync_reasoner_hermit
from rdflib.namespace import RDF

from cq_helpers import answer, seed_with
from kg.paths import HYGIENE_DIR, ONTOLOGY_DIR, SEED_DIR
from kg.validate import hygiene_errors, validate

W3C_AXIOMS = Path(__file__).parent / "fixtures" / "reasoning" / "w3c-axioms.ttl"
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
ID = "https://w3id.org/innokg/id/"
ACTIVITY_DERIVED_FROM_A_SOURCE = (
    f"<{ID}service/li-yuyang-panxin-deal-advice> <http://www.w3.org/ns/prov#wasDerivedFrom> "
    f"<{ID}source/qnb-huanshangda-story> .")


def merged_graph(*extra_turtle: str) -> rdflib.Graph:
    """Ontology (without the SHACL shapes) + every seed graph + the W3C axioms + ``extra_turtle``."""
    graph = rdflib.Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        if path.name != "shapes.ttl":
            graph.parse(path)
    seed = rdflib.Dataset()
    for path in sorted(SEED_DIR.glob("*.trig")):
        seed.parse(path, format="trig")
    for s, p, o, _ in seed.quads():
        graph.add((s, p, o))
    graph.parse(W3C_AXIOMS)
    for text in extra_turtle:
        graph.parse(data=text, format="turtle")
    return graph


def hermit_unsatisfiable(graph: rdflib.Graph) -> list[str]:
    """Run HermiT over ``graph``; the IRIs of its unsatisfiable classes (raises when inconsistent)."""
    world = World()
    world.get_ontology("https://w3id.org/innokg/test/merged").load(
        fileobj=io.BytesIO(graph.serialize(format="nt").encode("utf-8")), format="ntriples")
    sync_reasoner_hermit(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
    return sorted(c.iri for c in world.inconsistent_classes() if c.iri != "http://www.w3.org/2002/07/owl#Nothing")


def rl_closure(graph: rdflib.Graph) -> rdflib.Graph:
    """``graph`` expanded with the OWL 2 RL rules (in place; returned for convenience)."""
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def activities_and_entities(closure: rdflib.Graph) -> list[str]:
    """Individuals the closure types both prov:Activity and prov:Entity."""
    return sorted(str(x) for x in set(closure.subjects(RDF.type, PROV.Activity))
                  & set(closure.subjects(RDF.type, PROV.Entity)))


@pytest.fixture(scope="module")
def seed_closure():
    return rl_closure(merged_graph())


def test_the_fixture_names_the_w3c_source_of_each_vocabulary():
    text = W3C_AXIOMS.read_text(encoding="utf-8")
    for source in ("https://www.w3.org/TR/prov-o/", "https://www.w3.org/TR/vocab-org/",
                   "https://www.w3.org/TR/skos-reference/", "https://www.w3.org/TR/owl-time/",
                   "https://www.w3.org/TR/vocab-data-cube/"):
        assert source in text


def test_hermit_finds_ontology_seed_and_w3c_axioms_consistent_with_no_unsatisfiable_class():
    assert hermit_unsatisfiable(merged_graph()) == []


def test_hermit_finds_an_activity_derived_from_a_source_inconsistent():
    with pytest.raises(OwlReadyInconsistentOntologyError):
        hermit_unsatisfiable(merged_graph(ACTIVITY_DERIVED_FROM_A_SOURCE))


def test_hermit_reports_an_unsatisfiable_class():
    both = ("<https://w3id.org/innokg/ont#ServiceAndSource> a <http://www.w3.org/2002/07/owl#Class> ; "
            "<http://www.w3.org/2000/01/rdf-schema#subClassOf> <https://w3id.org/innokg/ont#TransferService> , "
            "<https://w3id.org/innokg/ont#Source> .")
    assert hermit_unsatisfiable(merged_graph(both)) == ["https://w3id.org/innokg/ont#ServiceAndSource"]


# One triple each that the ontology's own disjointness, domain and range axioms make
# inconsistent: the consistency of the seed above means something.
IK_ = "https://w3id.org/innokg/ont#"
BREAKS = {
    "a city that is also an organization": f"<{ID}city/beijing> a <http://www.w3.org/ns/org#Organization> .",
    "a person who is also a concept": f"<{ID}person/du-debin> a <http://www.w3.org/2004/02/skos/core#Concept> .",
    "an article section that is also a place": f"<{ID}source/qnb-gis100-2025-global> a <{IK_}Place> .",
    "a university with a rank (domain: rank observation)": f"<{ID}org/shanghai-university> <{IK_}rank> 3 .",
    "an observation about a university (range: city)":
        f"<{ID}observation/gis100-2025/overall-beijing> <{IK_}city> <{ID}org/shanghai-university> .",
    "a government body governing a firm (range: place)":
        f"<{ID}org/baoshan-district-government> <{IK_}jurisdiction> <{ID}org/shanghai-university> .",
    # issue 14: the triad is the top, provenance agents are not part of the ecosystem they record,
    # and what is drawn from an edition is not a Data Cube observation
    "a journalist counted as talent": f"<{ID}person/liu-xinlu> a <{IK_}InnovationTalent> .",
    "a newspaper counted as an innovation actor": f"<{ID}org/qingnianbao> a <{IK_}InnovationActor> .",
    "a city taken for its innovation ecosystem": f"<{ID}city/shanghai> a <{IK_}InnovationEcosystem> .",
    "a finding put into a data set (ik:edition is a qb:dataSet)":
        f"<{ID}finding/beijing-top3-highlight> <{IK_}edition> <{ID}edition/gis100-2025> .",
    "a stated aggregate put into a data set":
        f"<{ID}aggregate/gis100-2025/top100-us> <http://purl.org/linked-data/cube#dataSet> <{ID}edition/gis100-2025> .",
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_hermit_finds_a_break_of_the_domain_axioms_inconsistent(case):
    with pytest.raises(OwlReadyInconsistentOntologyError):
        hermit_unsatisfiable(merged_graph(BREAKS[case]))


def test_owl_rl_closure_types_no_individual_both_activity_and_entity(seed_closure):
    assert activities_and_entities(seed_closure) == []
    # ... and it does type the seed's activities and entities, so the check has something to compare
    assert sorted(str(a) for a in seed_closure.subjects(RDF.type, PROV.Activity)) == [
        f"{ID}policy/baoshan-invest-first-national-pilot-designation",
        f"{ID}service/li-yuyang-panxin-deal-advice",
        f"{ID}service/li-yuyang-panxin-funding-referral"]
    assert (rdflib.URIRef("https://w3id.org/innokg/graph/huanshangda-story"), RDF.type, PROV.Entity) in seed_closure
    assert (rdflib.URIRef(f"{ID}observation/gis100-2025/technology-beijing-top4"), RDF.type, PROV.Entity) in seed_closure


QB = rdflib.Namespace("http://purl.org/linked-data/cube#")


def test_owl_rl_closure_makes_only_rank_observations_observations_each_with_its_structure(seed_closure):
    ik = rdflib.Namespace("https://w3id.org/innokg/ont#")
    observations = set(seed_closure.subjects(RDF.type, QB.Observation))
    assert observations == set(seed_closure.subjects(RDF.type, ik.RankObservation))
    assert len(observations) == 46  # no finding, aggregate or claim sharing a cell among them
    # the edition gets its index's structure through the property chain ik:ofIndex, ik:editionStructure
    assert set(seed_closure.objects(rdflib.URIRef(f"{ID}edition/gis100-2025"), QB.structure)) == {
        rdflib.URIRef(f"{ID}structure/gis100")}


def test_owl_rl_closure_catches_an_activity_derived_from_a_source():
    closure = rl_closure(merged_graph(ACTIVITY_DERIVED_FROM_A_SOURCE))
    assert activities_and_entities(closure) == [f"{ID}service/li-yuyang-panxin-deal-advice"]


# --- claims: contradiction vs refinement ---------------------------------------------
CONTRADICTING_CLAIMS = Path(__file__).parent / "fixtures" / "reasoning" / "contradicting-claims.trig"


@pytest.fixture(scope="module")
def store_with_contradicting_claims():
    return seed_with(CONTRADICTING_CLAIMS.read_bytes())


def test_two_claims_that_exclude_each_other_are_reported_as_contradicting(store_with_contradicting_claims):
    rows = answer(store_with_contradicting_claims, "contradicting-claims",
                  ["claim_a", "stated_a", "source_a", "claim_b", "stated_b", "source_b"])
    assert rows == [("Paris: industrial transformation rank 2 (fixture)", "第二", "Fixture article: part 1",
                     "Paris: industrial transformation rank 5 (fixture)", "第五", "Fixture article: part 2")]


def test_the_contradicting_claims_fixture_passes_validation(store_with_contradicting_claims):
    report = validate(store_with_contradicting_claims)
    assert report.conforms, report.text()
    assert report.hygiene == []


def test_unlinking_excluding_claims_is_caught(tmp_path):
    unlinked = CONTRADICTING_CLAIMS.read_text(encoding="utf-8").replace(
        "    ik:contradicts obs:industry-paris-5 ;", "   ").replace("    ik:contradicts obs:industry-paris-2 ;", "   ")
    store = seed_with(unlinked)
    (tmp_path / "claim-conflicts.rq").write_text((HYGIENE_DIR / "claim-conflicts.rq").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    assert [e.error for e in hygiene_errors(store, tmp_path)] == [
        "<https://w3id.org/innokg/id/observation/fixture/industry-paris-2> (ranks 2..2) and "
        "<https://w3id.org/innokg/id/observation/fixture/industry-paris-5> (ranks 5..5) "
        "exclude each other but are not linked by ik:contradicts"]


def test_the_seed_links_no_compatible_claims_and_infers_the_tightest_bound(seed_closure):
    ik = rdflib.Namespace("https://w3id.org/innokg/ont#")
    obs = rdflib.Namespace(f"{ID}observation/gis100-2025/")
    assert list(seed_closure.triples((None, ik.contradicts, None))) == []
    tightest = obs["technology-beijing-tightest-bound"]
    assert seed_closure.value(tightest, ik.rankAtMost).toPython() == 3
    assert sorted(seed_closure.objects(tightest, ik.combinesClaim)) == [obs["technology-beijing-top3"],
                                                                       obs["technology-beijing-top4"]]
    # ik:combinesClaim is a prov:wasDerivedFrom between entities (claim nodes)
    assert (tightest, PROV.wasDerivedFrom, obs["technology-beijing-top3"]) in seed_closure
