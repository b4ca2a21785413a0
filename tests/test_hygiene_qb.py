"""The RDF Data Cube as its spec intends: structures, one observation per cell, integrity checks.

Each ranking edition is a ``qb:DataSet`` whose structure is its index's
(``ik:ofIndex`` then ``ik:editionStructure``, a property chain of
``qb:structure``); findings, stated aggregates and claims that share a cell
point to their edition with ``ik:ofEdition``, which is no ``qb:dataSet``. The
integrity constraints of the spec that apply (``ontology/hygiene/qb-ic*.rq``)
return no row on the seed and on generated data, and each catches a tiny broken
example with the exact error it must report.
"""

from __future__ import annotations

import io

import pytest

from kg.build import build_memory
from kg.generate import generate
from kg.paths import HYGIENE_DIR
from kg.validate import hygiene_errors

QB_CHECKS = sorted(p.stem for p in HYGIENE_DIR.glob("qb-ic*.rq"))
ID = "https://w3id.org/innokg/id/"
OBS = ID + "observation/gis100-2025/"
PREFIXES = """@prefix ik: <https://w3id.org/innokg/ont#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix qb: <http://purl.org/linked-data/cube#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix t: <https://w3id.org/innokg/test/> . @prefix obs: <https://w3id.org/innokg/id/observation/gis100-2025/> .
@prefix edition: <https://w3id.org/innokg/id/edition/> . @prefix city: <https://w3id.org/innokg/id/city/> .
"""
# A tiny structure of a test data set t:ds: one dimension t:place, one measure t:value.
TEST_CUBE = ("t:place a qb:DimensionProperty ; rdfs:range ik:City . t:value a qb:MeasureProperty . "
             "t:dsd qb:component [ qb:dimension t:place ] , [ qb:measure t:value ] . t:ds qb:structure t:dsd . ")

# One tiny violation per check, with the exact errors it must report (on top of the seed).
BROKEN = {
    "qb-ic01-unique-data-set": (  # the seed's Beijing overall rank also put into a second data set
        "obs:overall-beijing qb:dataSet t:ds . t:ds a qb:DataSet ; qb:structure <https://w3id.org/innokg/id/structure/gis100> .",
        [f"observation <{OBS}overall-beijing> belongs to 2 data sets (qb:dataSet), not exactly one"]),
    "qb-ic02-unique-structure": (  # an edition of an index that has no structure, and one given a second structure
        "edition:other-2025 a ik:RankingEdition ; ik:ofIndex <https://w3id.org/innokg/id/index/other> . "
        "edition:gis100-2025 qb:structure t:dsd .", [
            f"data set <{ID}edition/gis100-2025> has 2 structures (qb:structure), not exactly one",
            f"data set <{ID}edition/other-2025> has 0 structures (qb:structure), not exactly one"]),
    "qb-ic03-dsd-includes-measure": (
        "t:dsd a qb:DataStructureDefinition ; qb:component [ qb:dimension ik:city ] .", [
            "data structure definition <https://w3id.org/innokg/test/dsd> includes no measure (qb:MeasureProperty)"]),
    "qb-ic04-dimensions-have-range": ("t:place a qb:DimensionProperty .", [
        "dimension <https://w3id.org/innokg/test/place> has no rdfs:range"]),
    "qb-ic05-concept-dimensions-have-code-lists": ("t:sector a qb:DimensionProperty ; rdfs:range ik:RankingDimension .", [
        "dimension <https://w3id.org/innokg/test/sector> ranges over concepts but has no qb:codeList"]),
    "qb-ic06-only-attributes-optional": (
        "t:dsd qb:component [ qb:dimension ik:city ; qb:componentRequired false ] , "
        "[ qb:attribute ik:valueQualifier ; qb:componentRequired false ] .", [
            "component <https://w3id.org/innokg/ont#city> of <https://w3id.org/innokg/test/dsd> "
            "is optional but is not an attribute"]),
    "qb-ic07-slice-keys-declared": ("t:key a qb:SliceKey .", [
        "slice key <https://w3id.org/innokg/test/key> belongs to no data structure definition (qb:sliceKey)"]),
    "qb-ic08-slice-keys-consistent": (
        "<https://w3id.org/innokg/id/structure/gis100> qb:sliceKey t:key . t:key a qb:SliceKey ; "
        "qb:componentProperty ik:city , t:place .", [
            "slice key <https://w3id.org/innokg/test/key> names <https://w3id.org/innokg/test/place>, which is not "
            "a component of <https://w3id.org/innokg/id/structure/gis100>"]),
    "qb-ic09-unique-slice-structure": ("t:slice a qb:Slice .", [
        "slice <https://w3id.org/innokg/test/slice> has 0 slice structures (qb:sliceStructure), not exactly one"]),
    "qb-ic10-slice-dimensions-complete": (
        "t:key qb:componentProperty ik:city . t:slice a qb:Slice ; qb:sliceStructure t:key .", [
            "slice <https://w3id.org/innokg/test/slice> has no value for its key dimension "
            "<https://w3id.org/innokg/ont#city>"]),
    "qb-ic11-all-dimensions-required": (  # a rank observation that forgets its city
        "obs:x a ik:RankObservation ; ik:edition edition:gis100-2025 ; "
        "ik:dimension <https://w3id.org/innokg/id/dimension/overall> ; ik:rank 40 ; "
        "ik:valueQualifier <https://w3id.org/innokg/id/qualifier/exact> .", [
            f"observation <{OBS}x> has no value for dimension <https://w3id.org/innokg/ont#city>"]),
    "qb-ic12-no-duplicate-observations": (  # the global view's "top 4" made an observation of its cell again
        "obs:technology-beijing-top4 a ik:RankObservation ; ik:edition edition:gis100-2025 .", [
            f"observations <{OBS}technology-beijing-tightest-bound> and <{OBS}technology-beijing-top4> "
            "have the same value for every dimension of their data set"]),
    "qb-ic13-required-attributes": (  # an observation that does not say how its rank reads
        "obs:x a ik:RankObservation ; ik:edition edition:gis100-2025 ; "
        "ik:dimension <https://w3id.org/innokg/id/dimension/overall> ; ik:city city:nowhere ; ik:rank 40 .", [
            f"observation <{OBS}x> has no value for the required attribute <https://w3id.org/innokg/ont#valueQualifier>"]),
    "qb-ic14-all-measures-present": (  # Shanghai's factor rank "rose", with no number, made an observation again
        "obs:factor-shanghai a ik:RankObservation ; ik:edition edition:gis100-2025 ; "
        "ik:valueQualifier <https://w3id.org/innokg/id/qualifier/approximate> .", [
            f"observation <{OBS}factor-shanghai> has no value for the measure <https://w3id.org/innokg/ont#rankValue>"]),
    "qb-ic19-codes-from-code-list": (  # a ranking dimension that is in no scheme of the index
        "obs:x a ik:RankObservation ; ik:edition edition:gis100-2025 ; ik:dimension t:talent ; ik:city city:paris ; "
        "ik:rank 6 ; ik:valueQualifier <https://w3id.org/innokg/id/qualifier/exact> .", [
            f"observation <{OBS}x> has <https://w3id.org/innokg/test/talent> for <https://w3id.org/innokg/ont#dimension>, "
            "which is not in its code list <https://w3id.org/innokg/id/scheme/ranking-dimensions>"]),
}


def only(check: str, tmp_path):
    """A folder holding just ``check``."""
    (tmp_path / f"{check}.rq").write_text((HYGIENE_DIR / f"{check}.rq").read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def seed_with(turtle: str):
    store = build_memory()
    store.load((PREFIXES + "<https://w3id.org/innokg/graph/sources> { %s }" % turtle).encode("utf-8"), "trig")
    return store


def test_every_data_cube_check_has_a_broken_example():
    assert sorted(BROKEN) == QB_CHECKS


@pytest.mark.parametrize("check", QB_CHECKS)
def test_data_cube_check_catches_its_violation(check, tmp_path):
    turtle, expected = BROKEN[check]
    assert [e.error for e in hygiene_errors(seed_with(turtle), only(check, tmp_path))] == expected


def test_the_checks_read_a_structure_given_by_a_class_restriction(tmp_path):
    # IC-12 with the structure an owl:hasValue restriction gives the data set's class
    turtle = (TEST_CUBE.replace("t:ds qb:structure t:dsd . ", "")
              + "t:Edition rdfs:subClassOf [ owl:onProperty qb:structure ; owl:hasValue t:dsd ] . t:ds a t:Edition . "
              "t:o1 qb:dataSet t:ds ; t:place city:paris ; t:value 1 . t:o2 qb:dataSet t:ds ; t:place city:paris ; t:value 2 . "
              "t:o3 qb:dataSet t:ds ; t:place city:tokyo ; t:value 3 .")
    assert [e.error for e in hygiene_errors(seed_with(turtle), only("qb-ic12-no-duplicate-observations", tmp_path))] == [
        "observations <https://w3id.org/innokg/test/o1> and <https://w3id.org/innokg/test/o2> "
        "have the same value for every dimension of their data set"]


def test_the_seed_edition_has_its_index_structure_and_only_rank_observations_are_observations(seed_store):
    structure = seed_store.query("""
        PREFIX ik: <https://w3id.org/innokg/ont#> PREFIX qb: <http://purl.org/linked-data/cube#>
        SELECT ?kind ?property WHERE {
          <https://w3id.org/innokg/id/edition/gis100-2025> ik:ofIndex/ik:editionStructure/qb:component ?spec .
          VALUES ?kind { qb:dimension qb:measure qb:attribute } ?spec ?kind ?property .
          OPTIONAL { ?spec qb:order ?order }
        } ORDER BY ?kind ?order""")
    q, ik = "http://purl.org/linked-data/cube#", "https://w3id.org/innokg/ont#"
    assert [(row["kind"].value[len(q):], row["property"].value[len(ik):]) for row in structure] == [
        ("attribute", "valueQualifier"), ("dimension", "edition"), ("dimension", "dimension"),
        ("dimension", "city"), ("measure", "rankValue")]
    # every subject of a qb:dataSet (ik:edition) is a rank observation: 39 findings, stated
    # aggregates, challenges and the recommendation, and the three claims, use ik:ofEdition
    counts = seed_store.query("""
        PREFIX ik: <https://w3id.org/innokg/ont#>
        SELECT (COUNT(DISTINCT ?obs) AS ?observations) (COUNT(DISTINCT ?other) AS ?others) (COUNT(DISTINCT ?drawn) AS ?drawn_from)
        WHERE { { ?obs ik:edition ?e . ?obs a ik:RankObservation }
                UNION { ?other ik:edition ?e . FILTER NOT EXISTS { ?other a ik:RankObservation } }
                UNION { ?drawn ik:ofEdition ?e } }""")
    row = next(iter(counts))
    assert (int(row["observations"].value), int(row["others"].value), int(row["drawn_from"].value)) == (46, 0, 42)


@pytest.fixture(scope="module")
def generated_20k():
    out = io.StringIO()
    generate(out, 20_000, seed=3)
    return out.getvalue()


def test_generated_data_passes_every_data_cube_check(generated_20k, tmp_path):
    store = build_memory(seed_dir=tmp_path)  # the ontology only
    store.load(generated_20k.encode("utf-8"), "nquads")
    folder = tmp_path / "checks"
    folder.mkdir()
    for check in QB_CHECKS:
        only(check, folder)
    assert hygiene_errors(store, folder) == []
    # ... and there are observations to check: 3 editions x 6 dimensions x 10 cities
    result = store.query("PREFIX ik: <https://w3id.org/innokg/ont#> "
                         "SELECT (COUNT(*) AS ?n) WHERE { ?o a ik:RankObservation ; ik:edition ?e . "
                         "?e ik:ofIndex/ik:editionStructure ?s }")
    assert int(next(iter(result))["n"].value) == 180
