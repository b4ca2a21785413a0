"""kg.labels: the one rule for labels and the one set of rules for names -> IRIs."""

import pytest

from kg.entities import EntityNotFound, labels_of as entity_labels
from kg.importing.reconcile import Reconciler
from kg.labels import DASH_RUN, Ambiguous, NotFound, fold, labels, resolve
from kg.paths import QUERIES_DIR
from kg.namespaces import ID
from kg.policy.lookup import labels as policy_labels, resolve as policy_resolve
from kg.store import OxigraphStore
from kg.user_input import InvalidParameter
from kg.views.graphs import labels_of as view_labels
from kg.views.network import ego_view

_TINY = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ik: <https://w3id.org/innokg/ont#> .
<https://w3id.org/innokg/id/org/a> a ik:University ; rdfs:label "甲大学"@zh-Hans, "Alpha University"@en ;
    skos:prefLabel "Alpha U"@en-GB ; skos:altLabel "AU"@en, "Twin"@en .
<https://w3id.org/innokg/id/org/b> a ik:Firm ; skos:prefLabel "乙公司"@zh-CN, "Beta Ltd"@en, "Beta GmbH"@de ; skos:altLabel "Twin"@en .
<https://w3id.org/innokg/id/org/c> a ik:Firm ; rdfs:label "Gamma"@en, "Gamma Corp"@en, "untagged" ; skos:altLabel "AU"@zh-Hans .
<https://w3id.org/innokg/id/city/sf> a ik:City ; rdfs:label "旧金山湾区"@zh-Hans ; skos:altLabel "旧金山—圣何塞"@zh-Hans,
    "SF – San Jose"@en .
ik:University rdfs:label "Alpha University"@en .
<https://w3id.org/innokg/id/org/b> ik:key "gamma" .
<https://w3id.org/innokg/id/org/a> ik:key "shared" . <https://w3id.org/innokg/id/org/c> ik:key "shared" .
"""


@pytest.fixture(scope="module")
def tiny():
    store = OxigraphStore.memory()
    store.load(_TINY.encode(), "turtle")
    return store


def test_one_label_rule_for_every_caller(tiny):
    iris = [ID + "org/a", ID + "org/b", ID + "org/c", ID + "org/none"]
    expected = {ID + "org/a": {"en": "Alpha University", "zh": "甲大学"},
                ID + "org/b": {"en": "Beta Ltd", "zh": "乙公司"},
                ID + "org/c": {"en": "Gamma"}}
    assert labels(tiny, iris) == entity_labels(tiny, iris) == view_labels(tiny, iris) == expected
    found = policy_labels(tiny, iris)
    assert [(found[i].zh, found[i].en) for i in iris] == [
        ("甲大学", "Alpha University"), ("乙公司", "Beta Ltd"), ("", "Gamma"), ("", "")]
    assert labels(tiny, []) == {}


@pytest.mark.parametrize("name", [
    "Alpha University", "alpha university", "  ALPHA   University ", "Ａｌｐｈａ Ｕｎｉｖｅｒｓｉｔｙ", "甲大学",
    "Alpha U", "org/a", "id:org/a", ID + "org/a",
])
def test_names_resolve_to_one_iri(tiny, name):
    assert resolve(tiny, name) == ID + "org/a"
    assert policy_resolve(tiny, name) == ID + "org/a"


def test_a_label_wins_over_an_alias_and_kind_narrows(tiny):
    assert resolve(tiny, "Beta GmbH") == ID + "org/b"  # a name in any language, though only zh and en are shown
    assert resolve(tiny, "untagged") == ID + "org/c"
    with pytest.raises(Ambiguous) as raised:
        resolve(tiny, "AU")
    assert str(raised.value) == "'AU' names 2 entities: id:org/a, id:org/c; give an IRI"
    assert raised.value.candidates == (ID + "org/a", ID + "org/c")
    assert isinstance(raised.value, NotFound)
    assert resolve(tiny, "au", "ik:Firm") == ID + "org/c"
    assert resolve(tiny, "twin", ["https://w3id.org/innokg/ont#University"]) == ID + "org/a"


def test_a_key_wins_over_a_label_and_kind_narrows(tiny):
    assert resolve(tiny, "gamma") == resolve(tiny, " gamma ", "ik:Firm") == ID + "org/b"  # org/c's label folds to it
    assert resolve(tiny, "Gamma") == ID + "org/c"  # a key is compared exactly
    with pytest.raises(NotFound, match="^no entity is labelled 'gamma'$"):
        resolve(tiny, "gamma", "ik:University")
    with pytest.raises(Ambiguous, match="^'shared' names 2 entities: id:org/a, id:org/c; give an IRI$"):
        resolve(tiny, "shared")
    assert resolve(tiny, "shared", "ik:University") == ID + "org/a"


def test_what_is_not_found_says_what_and_where(tiny):
    cases = {
        "Atlantis": "no entity is labelled 'Atlantis'",
        "org/atlantis": "the graph says nothing about <https://w3id.org/innokg/id/org/atlantis>",
        "id:org/atlantis": "the graph says nothing about <https://w3id.org/innokg/id/org/atlantis>",
        "   ": "give the name or IRI of an entity",
    }
    for name, message in cases.items():
        with pytest.raises(NotFound) as raised:
            resolve(tiny, name)
        assert (type(raised.value), str(raised.value), raised.value.candidates) == (NotFound, message, ())
    with pytest.raises(NotFound, match="^no actor is labelled 'Gamma'$"):
        resolve(tiny, "Gamma", "ik:University", what="actor")
    with pytest.raises(InvalidParameter, match=r"^entity: 'org/x>' is not an entity id or IRI: it holds '>'$"):
        resolve(tiny, "org/x>")
    assert issubclass(EntityNotFound, NotFound)


def test_ontology_terms_are_not_taken_by_label(tiny):
    # ik:University is also labelled "Alpha University"; only the entity answers
    assert resolve(tiny, "Alpha University") == ID + "org/a"
    assert resolve(tiny, "ik:University") == "https://w3id.org/innokg/ont#University"


def test_ego_view_takes_a_label(seed_store):
    assert ego_view(seed_store, "上海大学", lang="en").title == ego_view(seed_store, "org/shanghai-university", lang="en").title \
        == "Around Shanghai University (radius 1)"


@pytest.mark.parametrize("name", [
    "旧金山—圣何塞", "旧金山-圣何塞", "旧金山–圣何塞", "旧金山－圣何塞", "旧金山——圣何塞", "旧金山 — 圣何塞", "旧金山‐圣何塞",
    "SF – San Jose", "sf-san jose", "SF—San Jose", "ＳＦ－Ｓａｎ Ｊｏｓｅ",
])
def test_every_dash_joining_a_name_is_one(tiny, name):
    """An alias stored with an em dash (or an en dash between spaces) answers to any dash, through every lookup."""
    assert resolve(tiny, name) == ID + "city/sf"
    assert policy_resolve(tiny, name) == ID + "city/sf"
    assert fold(name) in ("旧金山-圣何塞", "sf-san jose")
    assert Reconciler(tiny).match("city", name).found.iri == ID + "city/sf"  # the importer folds names alike


@pytest.mark.parametrize("label", ["Straße", "ẞ", "ΟΔΟΣ ΑΘΗΝΑΣ", "İstanbul", "Ꭰ", "ꭰ"])
def test_fold_lower_cases_as_sparql_does(label):
    """fold's case is SPARQL's LCASE, the stored side of resolve's and the search's comparisons (casefold is not)."""
    found = OxigraphStore.memory().query(f'SELECT (LCASE("{label}") AS ?l) WHERE {{}}')
    assert fold(label) == next(iter(found))["l"].value


def test_the_labelled_query_folds_dashes_as_fold_does():
    """policy-entities-labelled holds DASH_RUN (escaped for a SPARQL string): one rule in Python and SPARQL."""
    query = (QUERIES_DIR / "policy" / "policy-entities-labelled.rq").read_text(encoding="utf-8")
    assert f'REPLACE(LCASE(STR(?l)), "{DASH_RUN.replace(chr(92), chr(92) * 2)}", "-")' in query


def test_the_label_search_folds_dashes_with_and_without_its_index(tiny):
    from kg.entities import search_labels
    from kg.search_by_store import ranked_by_store

    assert ranked_by_store(tiny, fold("旧金山-圣何"), 5) == [(ID + "city/sf", "旧金山—圣何塞", "prefix")]
    assert [(hit["id"], hit["matched_label"], hit["match"]) for hit in search_labels(tiny, "旧金山－圣何塞")["results"]] \
        == [("city/sf", "旧金山—圣何塞", "exact")]


def test_a_hub_score_record_is_named_by_its_node_and_network():
    from kg.build import build_memory
    from kg.network.projection import find_network, project
    from kg.network.report import compute_metrics
    from kg.network.writeback import write_metrics

    store = build_memory()
    network = find_network("actors")
    write_metrics(store, compute_metrics(project(store, network)), network)
    record = ID + "hub-score/actors/org/ecnu"
    assert labels(store, [record, ID + "hub-score/actors/org/none", ID + "city/beijing"]) == {
        ID + "city/beijing": {"en": "Beijing", "zh": "北京"},
        record: {"en": "Hub score of East China Normal University in "
                       "'Network: organizations and people and the ties between them'",
                 "zh": "华东师范大学在“网络：组织机构与人员及其联系”中的枢纽得分"}}
