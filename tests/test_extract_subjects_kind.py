"""A number about a thing the text names only by its kind: its own subject, and an inferred link to its organization.

Sentences written for these tests (not the seed article's): ``他搭建了覆盖6个基地、超5万平方米的载体网络``
gives the network (named from the park its builder manages) the numbers, and proposes, as an inferred
candidate the reviewer accepts or rejects, that it belongs to the park; the import writes the link into
the import's inferred graph with a note.
"""

from __future__ import annotations

import csv
import json

import pytest

from kg.build import build_memory
from kg.extract import Gazetteer, extract
from kg.extract.outputs import write_candidates
from kg.extract.to_rdf import import_candidates
from kg.namespaces import ID, IK
from kg.saved_query_results import run_saved_query_rows

TEXT = ("北辰科技园于2021年3月8日揭牌。北辰科技园总经理王海涛表示满意。\n\n"
        "在完善服务体系方面，他搭建了覆盖6个基地、超5万平方米的载体网络。\n")
PARK = ID + "org/beichen-science-park"
NETWORK = ID + "org/beichen-carrier-network"
GM = ID + "role/general-manager"
GRAPH = "https://w3id.org/innokg/graph/import/beichen"
NOTE = ("Inferred: the text names it only by its kind (载体网络); Wang Haitao, who built it, is general manager "
        "of Beichen Science Park.")


def _numbers_and_links(text: str, names: list[tuple[str, str]]) -> list[tuple]:
    found = extract(text, Gazetteer.from_labels(names))
    return [(c.kind, c.quote, c.fields, c.matches) for c in found if c.kind in ("count", "amount", "affiliation")]


def test_a_network_named_by_its_kind_has_the_numbers_and_an_inferred_link_to_its_builders_park():
    assert _numbers_and_links(TEXT, [(GM, "总经理")]) == [
        ("affiliation", "他搭建了覆盖6个基地、超5万平方米的载体网络",
         {"subject": "北辰载体网络", "organization": "北辰科技园", "inferred": True, "person": "王海涛", "role": "总经理"},
         {"subject": "new", "organization": "new", "person": "new", "role": GM}),
        ("count", "6个基地",
         {"value": 6, "unit": "bases", "unit_text": "个基地", "qualifier": "exact", "counted": "基地",
          "subject": "北辰载体网络", "indicator": "载体基地数"},
         {"subject": "new", "indicator": ID + "indicator/carrier-bases"}),
        ("amount", "超5万平方米",
         {"value": 50000, "unit": "m²", "unit_text": "平方米", "qualifier": "lower-bound-exclusive", "counted": "6个基地",
          "subject": "北辰载体网络", "indicator": "载体面积"},
         {"subject": "new", "indicator": ID + "indicator/carrier-floor-area"})]


def test_the_gazetteer_matches_a_network_it_knows_and_the_link_stays_a_proposal():
    found = _numbers_and_links(TEXT, [(GM, "总经理"), (PARK, "北辰科技园"), (NETWORK, "北辰载体网络")])
    assert [(kind, quote, matches["subject"], matches.get("organization")) for kind, quote, _, matches in found] == [
        ("affiliation", "他搭建了覆盖6个基地、超5万平方米的载体网络", NETWORK, PARK),
        ("count", "6个基地", NETWORK, None), ("amount", "超5万平方米", NETWORK, None)]
    confidence = {c.kind: c.confidence for c in extract(TEXT, Gazetteer.from_labels([(GM, "总经理")]))}
    assert confidence["affiliation"] == 0.75  # below 0.8: not pre-accepted, the reviewer decides


def test_without_a_builder_the_paragraph_topic_owns_the_thing():
    found = _numbers_and_links("北辰科技园累计孵化企业86家，并建成了面积约2万平方米的孵化平台。", [(PARK, "北辰科技园")])
    assert [(kind, quote, fields["subject"], fields.get("organization"), fields.get("person"))
            for kind, quote, fields, _ in found] == [
        ("count", "86家", "北辰科技园", None, None),
        ("affiliation", "并建成了面积约2万平方米的孵化平台", "北辰孵化平台", "北辰科技园", None),
        ("amount", "约2万平方米", "北辰孵化平台", None, None)]


def test_a_number_of_a_named_park_keeps_the_park_and_proposes_no_link():
    assert [(kind, quote, fields["subject"]) for kind, quote, fields, _ in
            _numbers_and_links("南湖科技园总经理赵敏说，园区有3个基地。", [(GM, "总经理")])] == [
        ("count", "3个基地", "南湖科技园")]


@pytest.fixture()
def fresh(tmp_path):
    """A store with the ontology only (every name of TEXT is new to it) and TEXT's candidates in a JSON file."""
    (tmp_path / "no-seed").mkdir()
    store = build_memory(seed_dir=tmp_path / "no-seed")
    path = tmp_path / "beichen.json"
    write_candidates(path, extract(TEXT, Gazetteer.from_store(store)), {"sha256": "b" * 64}, TEXT)
    return store, path


def _review(path, accept) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for row in data["candidates"]:
        row["accept"] = accept(row)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_an_accepted_link_goes_to_the_inferred_graph_with_its_note(fresh):
    store, path = fresh
    _review(path, lambda row: True)
    result = import_candidates(store, path, source="北辰科技园报道")
    rows = run_saved_query_rows(store, "park-indicators", {"park": PARK})["rows"]
    assert [(r["holder_en"], r["indicator_en"], r["value"], r["min_value"], r["unit"], r["reads"], r["stated_as"])
            for r in rows] == [
        ("Beichen carrier network", "carrier bases", 6, None, "个基地", "exactly", "6个基地"),
        ("Beichen carrier network", "carrier floor area", None, 50000, "MTK", "more than", "超5万平方米")]
    inferred = store.query(f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{GRAPH}-inferred> {{ ?s ?p ?o }}
        FILTER (?s != <{GRAPH}-inferred> && !ISBLANK(?s)) }} ORDER BY ?p""")
    assert [(r["s"].value, r["p"].value, r["o"].value) for r in inferred] == [
        (NETWORK, "http://www.w3.org/2004/02/skos/core#scopeNote", NOTE), (NETWORK, IK + "affiliatedWith", PARK)]
    modes = store.query(f"SELECT ?g ?mode WHERE {{ GRAPH ?g {{ ?g <{IK}assertionMode> ?mode }} }} ORDER BY ?g")
    assert [(r["g"].value, r["mode"].value.rsplit("/", 1)[-1]) for r in modes] == [
        (GRAPH, "stated"), (GRAPH + "-inferred", "inferred")]
    network = store.query(f"""SELECT ?type ?label WHERE {{ GRAPH <{GRAPH}> {{ <{NETWORK}> a ?type ;
        <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }} ORDER BY ?label""")
    assert [(r["type"].value, r["label"].value) for r in network] == [
        (IK + "CarrierNetwork", "Beichen carrier network"), (IK + "CarrierNetwork", "北辰载体网络")]
    assert [(r["subject_en"], r["object"], r["note"]) for r in run_saved_query_rows(store, "inferred-facts")["rows"]] \
        == [("Beichen carrier network", PARK, NOTE)]
    again = import_candidates(store, path, source="北辰科技园报道")  # the inferred graph records the file too
    assert (again.unchanged, again.graph, result.graph) == (True, GRAPH, GRAPH)


def test_a_rejected_link_leaves_the_numbers_stated_and_no_inferred_graph(fresh):
    store, path = fresh
    _review(path, lambda row: row["kind"] != "affiliation")
    import_candidates(store, path, source="北辰科技园报道")
    assert GRAPH + "-inferred" not in store.named_graphs()
    assert run_saved_query_rows(store, "park-indicators", {"park": PARK})["rows"] == []
    assert [(r["holder_en"], r["stated_as"]) for r in
            run_saved_query_rows(store, "park-indicators", {"park": NETWORK})["rows"]] == [
        ("Beichen carrier network", "6个基地"), ("Beichen carrier network", "超5万平方米")]


def test_a_reviewers_note_in_the_table_is_the_links_note(tmp_path):
    (tmp_path / "no-seed").mkdir()
    store = build_memory(seed_dir=tmp_path / "no-seed")
    path = tmp_path / "beichen.csv"
    write_candidates(path, extract(TEXT, Gazetteer.from_store(store)), {"sha256": "c" * 64}, TEXT)
    with path.open(encoding="utf-8-sig") as table:
        rows = list(csv.reader(table))
    header = rows[0]
    for row in rows[1:]:
        row[header.index("accept")] = "yes"
        if row[header.index("kind")] == "affiliation":
            row[header.index("note")] = "Checked by the reviewer:  the park's annual report lists the network."
    with path.open("w", encoding="utf-8-sig", newline="") as table:
        csv.writer(table).writerows(rows)
    import_candidates(store, path, source="北辰科技园报道")
    notes = store.query("SELECT ?s ?note WHERE { GRAPH <https://w3id.org/innokg/graph/import/beichen-inferred> "
                        "{ ?s <http://www.w3.org/2004/02/skos/core#scopeNote> ?note } }")
    assert [(r["s"].value, r["note"].value) for r in notes] == [
        (NETWORK, "Checked by the reviewer: the park's annual report lists the network.")]


def test_a_new_network_whose_iri_names_another_thing_gets_the_next_free_one(fresh):
    store, path = fresh
    store.update(f'INSERT DATA {{ GRAPH <https://w3id.org/innokg/graph/import/other> {{ <{NETWORK}> '
                 f'<http://www.w3.org/2000/01/rdf-schema#label> "北辰物流网络"@zh-Hans }} }}')
    _review(path, lambda row: True)
    import_candidates(store, path, source="北辰科技园报道")
    links = store.query(f"SELECT ?s ?o WHERE {{ GRAPH <{GRAPH}-inferred> {{ ?s <{IK}affiliatedWith> ?o }} }}")
    assert [(r["s"].value, r["o"].value) for r in links] == [(NETWORK + "-2", PARK)]
