"""The shapes compiled into SPARQL (kg.importing.shape_queries) find exactly what pySHACL finds.

An import checks its new nodes with the compiled queries (pySHACL takes
about 2 ms a node); this test breaks every constraint of ontology/shapes.ttl
on purpose and compares the two verdicts node by node and message by message.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import build_memory
from kg.results import term_text as _text
from kg.importing.shape_queries import FOCUS_GRAPH, Unsupported, compile_shapes, mark_focus, run_checks
from kg.paths import SHAPES_FILE
from kg.store import OxigraphStore
from kg.validate import shacl_results

BROKEN = """
@prefix ik: <https://w3id.org/innokg/ont#> .
@base <https://w3id.org/innokg/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix org: <http://www.w3.org/ns/org#> .
<city/nowhere> a ik:City ; rdfs:label "无处"@zh-Hans ; geo:lat "north" ; geo:long 200.5 .
<city/twice> a ik:City ; rdfs:label "Twice"@en ; ik:country <country/china> , <city/beijing> .
<observation/bad> a ik:RankObservation ; rdfs:label "坏"@zh-Hans , "bad"@en ;
    ik:edition <edition/gis100-2025> , <city/beijing> ; ik:city <city/beijing> ; ik:rank 0 , 2 ;
    ik:previousRank 5 ; ik:rankChange 1 ; ik:valueQualifier <qualifier/exact> ;
    prov:wasDerivedFrom <city/beijing> .
<observation/empty> a ik:RankObservation ; rdfs:label "空"@zh-Hans , "empty"@en .
<indicator-value/both> a ik:IndicatorValue ; rdfs:label "两"@zh-Hans , "both"@en ; schema:value 3 ;
    schema:minValue 2 ; ik:valueQualifier <qualifier/lower-bound> .
<indicator-value/over> a ik:MonetaryValue ; rdfs:label "超"@zh-Hans , "over"@en ; schema:value 3 ;
    ik:valueQualifier <qualifier/lower-bound> ; ik:measures <indicator/funding-amount> ; schema:currency "rmb" .
<event/cited> a ik:Event ; rdfs:label "会"@zh-Hans , "meeting"@en ; prov:wasDerivedFrom <city/beijing> .
<membership/nobody> a ik:RoleAssignment ; rdfs:label "任"@zh-Hans , "role"@en ; org:organization <city/beijing> .
<thing/counted> ik:statedCount 4 ; ik:valueQualifier <qualifier/roughly> .
<claim/loose> a ik:RankClaim ; rdfs:label "松"@zh-Hans , "loose"@en ; ik:city <city/beijing> ; ik:rank 3 .
<hub-score/t/nowhere> a ik:HubScore ; ik:scoreOf <city/nowhere> ; ik:hubRank 1 .
_:instant a time:Instant ; time:inXSDgYear "2024"^^xsd:gYear ; time:inXSDDate "2024-01-01"^^xsd:date ;
    ik:inferred true .
"""


def _store() -> tuple[OxigraphStore, set]:
    store = OxigraphStore.memory()
    store.inner.bulk_extend(build_memory().quads())
    store.load(BROKEN.encode(), "turtle", graph="http://e/broken")
    focus = {quad.subject for quad in store.inner.quads_for_pattern(None, None, None, ox.NamedNode("http://e/broken"))}
    return store, focus


def test_compiled_shapes_find_what_pyshacl_finds():
    store, focus = _store()
    reference = {(r.focus_node, r.message) for r in shacl_results(store, SHAPES_FILE, focus=focus)
                 if r.severity == "Violation"}
    mark_focus(store, focus)
    compiled = {(node, message) for _, node, message in run_checks(store, compile_shapes(SHAPES_FILE))}
    store.inner.remove_graph(ox.NamedNode(FOCUS_GRAPH))
    named = {(node, message) for node, message in compiled if not node.startswith("_:")}
    assert named == reference  # kg.validate's focus mode drops blank nodes (rdflib renames them)
    assert sorted(message for node, message in compiled if node.startswith("_:")) == [
        "A date has exactly one of a day, a month or a year.",
        "An inferred date must say why it was inferred (ik:inferenceNote).",
    ]
    assert len(named) == 38
    # a hub score record is named by its node (ik:scoreOf): city/nowhere has a Chinese name, no English one
    assert {message for node, message in named if node == "id:hub-score/t/nowhere"} == {
        "Needs an English name (a label tagged @en)."}
    assert ("id:claim/loose", "A rank claim that is not its cell's observation names exactly one edition with "
            "ik:ofEdition.") in named
    assert {node for node, _ in compiled} == {_text(node) for node in focus}


def test_a_shapes_file_with_a_feature_not_compiled_is_refused(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "<http://e/S> a sh:NodeShape ; sh:targetClass <http://e/C> ; sh:closed true .\n")
    with pytest.raises(Unsupported, match="closed"):
        compile_shapes(shapes)
