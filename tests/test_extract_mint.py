"""A new name whose IRI already names another thing gets its own IRI; the same name is the same thing.

李宇阳, 李玉阳, 李雨阳 and 李语阳 are all *Li Yuyang* in pinyin, so all four make
``id:person/li-yuyang``. The first keeps it; each other one gets ``-2``, ``-3`` … (in the
order of the rows, skipping numbers the store gives to others), never merged into
someone else; a name the store already holds under that IRI (or a numbered one) is
that entity again. The texts are written for the tests; the stores are real.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from test_extract_import import fresh_store  # noqa: F401  (a store with the ontology only)

from kg.cli.main import main
from kg.extract.entities import mint_new_names, store_names
from kg.store import OxigraphStore

ID = "https://w3id.org/innokg/id/"
IK = "https://w3id.org/innokg/ont#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _rows(*names: tuple[str, str]) -> list[dict]:
    """Rows that name each (field, name) as new: a person's role, or an organization's name."""
    return [{"kind": "role" if field == "person" else "organization", "fields": {field: name},
             "matches": {field: "new"}} for field, name in names]


def test_numbers_skip_what_the_store_names_otherwise_and_reuse_what_it_names_alike():
    store = OxigraphStore.memory()
    store.update(f"""INSERT DATA {{
        <{ID}person/li-yuyang> <{RDFS_LABEL}> "李宇阳"@zh-Hans , "Li Yuyang"@en .
        <{ID}person/li-yuyang-2> <{SKOS}altLabel> "李玉阳"@zh .
        <{ID}org/xinghe-research-institute> a <{IK}ResearchInstitute> .
    }}""")
    rows = _rows(("person", "李雨阳"), ("person", "李玉阳"), ("person", "李宇阳"), ("person", "李语阳"),
                 ("person", "李雨阳"), ("name", "星河研究院"), ("name", "星禾研究院"))
    minted = mint_new_names(rows, store_names(store))
    assert [row["matches"][field] for row in rows for field in row["matches"]] == [
        ID + "person/li-yuyang-3", ID + "person/li-yuyang-2", ID + "person/li-yuyang", ID + "person/li-yuyang-4",
        ID + "person/li-yuyang-3", ID + "org/xinghe-research-institute-2", ID + "org/xinghe-research-institute-3"]
    assert {iri.removeprefix(ID): (entity.zh, entity.en, entity.key) for iri, entity in minted.items()} == {
        "person/li-yuyang-3": ("李雨阳", "Li Yuyang", "li-yuyang-3"),
        "person/li-yuyang-2": ("李玉阳", "Li Yuyang", "li-yuyang-2"),  # the store's: returned, not described again
        "person/li-yuyang": ("李宇阳", "Li Yuyang", "li-yuyang"),
        "person/li-yuyang-4": ("李语阳", "Li Yuyang", "li-yuyang-4"),
        "org/xinghe-research-institute-2": ("星河研究院", "Xinghe Research Institute", "xinghe-research-institute-2"),
        "org/xinghe-research-institute-3": ("星禾研究院", "Xinghe Research Institute", "xinghe-research-institute-3")}


def test_without_a_store_the_names_of_one_file_are_kept_apart():
    rows = _rows(("person", "李宇阳"), ("person", "李玉阳"), ("person", "李宇阳"), ("person", "王海涛"))
    minted = mint_new_names(rows)
    assert list(minted) == [ID + "person/li-yuyang", ID + "person/li-yuyang-2", ID + "person/wang-haitao"]
    assert [row["matches"]["person"] for row in rows] == [
        ID + "person/li-yuyang", ID + "person/li-yuyang-2", ID + "person/li-yuyang", ID + "person/wang-haitao"]


# --- end to end: innokg extract, accept, innokg import, into a store with the ontology only ------------------------

TEXTS = {"head": "星河研究院院长李宇阳表示满意。\n", "manager": "上海星河科技有限公司总经理李玉阳表示赞同。\n",
         "again": "上海云帆科技有限公司总经理李宇阳表示欢迎。\n"}


def _extract(tmp_path: Path, store: Path, name: str, capsys) -> Path:
    """Extract ``TEXTS[name]`` against the store as it is now, and accept every candidate."""
    text = tmp_path / f"{name}.txt"
    text.write_text(TEXTS[name], encoding="utf-8")
    reviewed = tmp_path / f"{name}.json"
    assert main(["--store", str(store), "extract", str(text), "--date", "2025-12-05", "-o", str(reviewed)]) == 0
    data = json.loads(reviewed.read_text(encoding="utf-8"))
    for candidate in data["candidates"]:
        candidate["accept"] = True
    reviewed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    return reviewed


def _import(store: Path, reviewed: Path, capsys) -> str:
    assert main(["--store", str(store), "import", str(reviewed), "--source", reviewed.stem]) == 0
    return capsys.readouterr().err.splitlines()[0]


def _people(store_path: Path) -> dict[str, tuple]:
    """Each person: its labels, and the (graph, organization) of each role it holds."""
    store = OxigraphStore.open(store_path, read_only=True)
    try:
        labels = store.query(f"SELECT ?p ?l WHERE {{ ?p a <{IK}Person> ; <{RDFS_LABEL}> ?l }}")
        roles = store.query(f"SELECT ?g ?p ?o WHERE {{ GRAPH ?g {{ ?a a <{IK}RoleAssignment> ; "
                            "<http://www.w3.org/ns/org#member> ?p ; <http://www.w3.org/ns/org#organization> ?o } }")
        people: dict[str, tuple] = {}
        for row in labels:
            people.setdefault(row["p"].value.removeprefix(ID), (set(), set()))[0].add(
                (row["l"].value, row["l"].language))
        for row in roles:
            people[row["p"].value.removeprefix(ID)][1].add((row["g"].value.rsplit("/", 1)[-1],
                                                            row["o"].value.removeprefix(ID)))
        return people
    finally:
        store.close()


def test_a_namesake_gets_its_own_iri_and_the_same_name_is_the_same_person(tmp_path, fresh_store, capsys):  # noqa: F811
    again = _extract(tmp_path, fresh_store, "again", capsys)  # before 李宇阳 is in the graph: new there too
    assert _import(fresh_store, _extract(tmp_path, fresh_store, "head", capsys), capsys) == (
        "head.json: 2 accepted candidates, 1 facts, 2 new entities; 1 not imported "
        "(names, and counts or amounts without subject_iri and indicator_iri)")
    assert _import(fresh_store, _extract(tmp_path, fresh_store, "manager", capsys), capsys) == (
        "manager.json: 2 accepted candidates, 1 facts, 2 new entities; 1 not imported "
        "(names, and counts or amounts without subject_iri and indicator_iri)")
    assert _import(fresh_store, again, capsys) == (  # 李宇阳 is the graph's: only the company is new
        "again.json: 2 accepted candidates, 1 facts, 1 new entities; 1 not imported "
        "(names, and counts or amounts without subject_iri and indicator_iri)")
    assert _people(fresh_store) == {
        "person/li-yuyang": ({("李宇阳", "zh-hans"), ("Li Yuyang", "en")},
                             {("head", "org/xinghe-research-institute"), ("again", "org/shanghai-yunfan-technology")}),
        "person/li-yuyang-2": ({("李玉阳", "zh-hans"), ("Li Yuyang", "en")},
                               {("manager", "org/shanghai-xinghe-technology")})}
    store = OxigraphStore.open(fresh_store, read_only=True)
    try:
        keys = store.query(f"SELECT ?p ?k WHERE {{ ?p a <{IK}Person> ; <{IK}key> ?k }}")
        assert sorted((row["p"].value.removeprefix(ID), row["k"].value) for row in keys) == [
            ("person/li-yuyang", "li-yuyang"), ("person/li-yuyang-2", "li-yuyang-2")]
        assert [q for q in store.quads("https://w3id.org/innokg/graph/import/again")  # not described again
                if q.subject == ox.NamedNode(ID + "person/li-yuyang")] == []
    finally:
        store.close()
