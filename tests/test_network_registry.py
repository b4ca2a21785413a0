"""The metric registry and the ontology cannot drift: same properties, same labels, same definitions."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.build import build_memory
from kg.exporting.network import network_with_metrics
from kg.network.registry import HUBS_PAGE, METRICS, METRICS_ONTOLOGY, REPORT_TABLE
from kg.network.report import COLUMNS
from kg.web.hubs import HUB_COLUMNS, hubs_page

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "metrics.ttl"
IK = rdflib.Namespace("https://w3id.org/innokg/ont#")


@pytest.fixture(scope="module")
def ontology():
    return rdflib.Graph().parse(ONTOLOGY)


def _texts(graph, term, predicate):
    return {literal.language: str(literal) for literal in graph.objects(term, predicate)}


def test_every_metric_property_of_the_ontology_is_in_the_registry(ontology):
    properties = {str(term) for term in ontology.subjects(RDFS.domain, IK.HubScore)
                  if (term, RDF.type, OWL.DatatypeProperty) in ontology}
    assert properties == {metric.iri for metric in METRICS.values()}
    assert len(properties) == 18


@pytest.mark.parametrize("key", list(METRICS))
def test_registry_labels_and_definitions_are_read_from_the_ontology(ontology, key):
    metric = METRICS[key]
    term = rdflib.URIRef(metric.iri)
    assert METRICS_ONTOLOGY == ONTOLOGY
    assert _texts(ontology, term, RDFS.label) == {"zh-Hans": metric.label_zh, "en": metric.label_en}
    assert _texts(ontology, term, SKOS.definition) == {"zh-Hans": metric.description_zh, "en": metric.description}
    assert metric.datatype in ("integer", "double", "string")


def test_no_two_terms_of_the_metrics_module_share_a_label(ontology):
    by_label = {}
    for term, label in ontology.subject_objects(RDFS.label):
        by_label.setdefault((label.language, str(label)), []).append(str(term).removeprefix(str(IK)))
    assert {key: terms for key, terms in by_label.items() if len(terms) > 1} == {}
    assert _texts(ontology, IK.HubScore, RDFS.label) == {"zh-Hans": "枢纽得分记录", "en": "hub score record"}
    assert _texts(ontology, IK.hubScore, RDFS.label) == {"zh-Hans": "枢纽得分", "en": "hub score"}


def test_one_chinese_name_for_betweenness():
    text = ONTOLOGY.read_text(encoding="utf-8")
    assert "中介中心性" not in text and text.count("介数中心性") == 3
    assert METRICS["betweenness"].label_zh == "介数中心性"
    assert HUB_COLUMNS["betweenness"] == ("介数中心性", "betweenness")


def test_outputs_read_the_registry():
    assert COLUMNS[:5] == ("rank", "node", "label_zh", "label_en", "element")
    assert set(COLUMNS[5:]) | {"rank"} == set(METRICS)
    assert set(REPORT_TABLE) <= set(METRICS) and set(HUBS_PAGE) <= set(METRICS)
    assert list(HUB_COLUMNS) == list(HUBS_PAGE)
    graph = network_with_metrics(build_memory(), "funding")
    node = graph.nodes["https://w3id.org/innokg/id/org/panxin-technology"]
    assert set(METRICS) <= set(node) and node["rank"] == 1


def test_hubs_page_headers_and_definitions_come_from_the_registry():
    store = build_memory()
    zh = hubs_page(store, "zh", "funding")
    assert ("<th>介数中心性" in zh or ">介数中心性<" in zh) and "中介中心性" not in zh
    assert "<dt>介数中心性</dt><dd>其他节点之间的最短路径中经过该节点的比例（归一化）。</dd>" in zh
    en = hubs_page(store, "en", "funding")
    assert "<dt>k-core</dt><dd>The largest k such that the node is in the k-core of the undirected network.</dd>" in en
    assert en.count("<dt>") == len(HUBS_PAGE) == 10
