"""A changed review imported again into its graph replaces it, as a changed table does, companion and all.

``innokg import beichen.json`` wrote ``graph:import/beichen`` and its companion ``beichen-inferred``
(``tests/test_extract_inferred_companion.py``, whose store and sentences these tests reuse). A reviewer
then changes a value, rejects the inferred link, or imports another text under the same name: the
import replaces the graph with no flag and says so in the one line of every import, as a changed
table does (``tests/test_import_tables.py::test_a_changed_file_replaces_its_graph``). What only the
replaced graph (or its companion) describes does not count as described: a new name in it is made
again, and an IRI that only it describes is refused by its row. The companion is written when the
review accepts an inferred link and removed when it accepts none.

The names a text names by their kind (北辰载体网络) are minted like every new name
(:func:`kg.extract.entities.mint_new_names`): a different thing under their IRI gives them ``-2``,
the same name is the same thing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import test_extract_inferred_companion as companion
from test_extract_inferred_companion import (
    INFERRED,
    MORE,
    NETWORK,
    NOTE,
    PARK,
    SCOPE_NOTE,
    STATED,
    TEXT,
    G,
    candidates,
    facts,
    innokg,
    sizes,
)

from kg.extract.entities import mint_new_names, store_names
from kg.namespaces import ID, IK
from kg.store import OxigraphStore

imported, store = companion.imported, companion.store  # the fixtures: the imported store, a copy for each test
PERSON = ID + "person/wang-haitao"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SOURCE = f"{ID}source/text-{hashlib.sha256(TEXT.encode()).hexdigest()[:16]}"
#: A third text: other names, no inferred link.
OTHER = "南湖科技园于2022年5月10日揭牌。南湖科技园总经理李明表示满意。\n"


def review(path: Path, change) -> Path:
    """``path`` with ``change(row)`` applied to each candidate (it edits the row in place)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for row in data["candidates"]:
        change(row)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def typed(store: Path, graph: str) -> list[tuple[str, str]]:
    """The organizations and people ``graph`` gives a type, with it."""
    return [(s, o.removeprefix(IK)) for s, p, o in facts(store, graph) if p == RDF_TYPE
            and s.startswith((ID + "org/", ID + "person/"))]


def test_a_changed_value_replaces_the_graph_and_its_companion_with_no_flag(store, tmp_path, capsys):
    path = review(tmp_path / "beichen.json",
                  lambda row: row["fields"].update(value=7) if row["kind"] == "count" else None)
    code, out, said = innokg(store, capsys, "import", path, "--source", "北辰科技园报道")
    assert (code, out, said.splitlines()[-1]) == (
        0, "", f"imported 5 rows (extract) into <{G}beichen>: {STATED + INFERRED} quads, citing <{SOURCE}>")
    assert sizes(store) == {G + "beichen": STATED, G + "beichen-inferred": INFERRED}
    values = [o for s, p, o in facts(store, G + "beichen") if p == "http://schema.org/value"]
    assert values == ["7"]
    assert typed(store, G + "beichen") == [  # made again: the old graph that described them is gone
        (NETWORK, "CarrierNetwork"), (PARK, "SciencePark"), (PERSON, "Person")]
    assert facts(store, G + "beichen-inferred") == [(NETWORK, SCOPE_NOTE, NOTE), (NETWORK, IK + "affiliatedWith", PARK)]
    assert innokg(store, capsys, "drop", "beichen", "--dry-run")[1].splitlines()[0] == (  # still its companion
        f"would drop <{G}beichen> ({STATED} triples) and its inferred graph <{G}beichen-inferred> ({INFERRED} triples)")


def test_a_changed_review_that_rejects_the_inferred_link_removes_the_companion(store, tmp_path, capsys):
    path = review(tmp_path / "beichen.json", lambda row: row.update(accept=row["kind"] != "affiliation"))
    code, _, said = innokg(store, capsys, "import", path, "--source", "北辰科技园报道")
    assert (code, said.splitlines()[-1]) == (
        0, f"imported 4 rows (extract) into <{G}beichen>: {STATED} quads, citing <{SOURCE}>")
    assert sizes(store) == {G + "beichen": STATED}


def test_another_text_under_the_same_name_replaces_the_graph_and_removes_the_companion(store, tmp_path, capsys):
    path = candidates(store, tmp_path / "other.json", OTHER)
    code, _, said = innokg(store, capsys, "import", path, "--source", "南湖科技园报道", "--graph", "beichen")
    source = f"{ID}source/text-{hashlib.sha256(OTHER.encode()).hexdigest()[:16]}"
    assert (code, said.splitlines()[-1]) == (
        0, f"imported 2 rows (extract) into <{G}beichen>: 77 quads, citing <{source}>")
    assert sizes(store) == {G + "beichen": 77}
    assert typed(store, G + "beichen") == [(ID + "org/nanhu-science-park", "SciencePark"),
                                          (ID + "person/li-ming", "Person")]


def test_what_only_the_replaced_graph_describes_is_refused_by_its_row_until_it_is_new(store, tmp_path, capsys):
    path = review(candidates(store, tmp_path / "more.json", MORE),  # 北辰科技园 and 王海涛: graph beichen's IRIs
                  lambda row: row.update(accept=row["kind"] != "affiliation"))
    before = sizes(store)
    code, _, said = innokg(store, capsys, "import", path, "--source", "北辰科技园续报", "--graph", "beichen")
    hint = "hint: write new in the column (the import describes it again), or import into another --graph"
    assert (code, said.splitlines()[-3:]) == (2, [
        f'innokg: error: more.json: row 1, column "{column}_iri", value "{iri}": <{iri}> is described only in '
        f"<{G}beichen>, which this import replaces; {hint}" for column, iri in (("person", PERSON), ("organization", PARK))
    ] + ["innokg: error: more.json: 2 problems, nothing imported"])
    assert sizes(store) == before
    review(path, lambda row: row["matches"].update(person="new", organization="new") if row["kind"] == "role" else None)
    code, _, said = innokg(store, capsys, "import", path, "--source", "北辰科技园续报", "--graph", "beichen")
    assert (code, said.splitlines()[-1].split(": ", 1)[0]) == (0, f"imported 2 rows (extract) into <{G}beichen>")
    assert list(sizes(store)) == [G + "beichen"]
    assert typed(store, G + "beichen") == [(ID + "org/beichen-incubation-platform", "InnovationCarrier"),
                                          (PARK, "SciencePark"), (PERSON, "Person")]


def test_inferred_links_are_not_written_into_a_graph_of_that_name_that_is_not_the_companion(store, tmp_path, capsys):
    assert innokg(store, capsys, "drop", "beichen")[0] == 0
    curated = tmp_path / "curated.ttl"
    curated.write_text(f'<{ID}org/nanhu-science-park> <{IK}key> "nanhu-science-park" .\n', encoding="utf-8")
    assert innokg(store, capsys, "import", curated, "--source", "innokg curators", "--graph", "beichen-inferred")[0] == 0
    before = sizes(store)
    code, _, said = innokg(store, capsys, "import", tmp_path / "beichen.json", "--source", "北辰科技园报道")
    assert (code, said.splitlines()[-2:]) == (2, [
        (f"innokg: error: beichen.json: the accepted inferred links go to <{G}beichen-inferred>, a graph that is not "
         f"<{G}beichen>'s inferred graph; hint: import into another --graph, or `innokg drop` that graph first"),
        "innokg: error: beichen.json: 1 problem, nothing imported"])
    assert sizes(store) == before


def _kind_rows(*names: str) -> list[dict]:
    """Rows that name each thing named by its kind as a new subject (a count of it)."""
    return [{"kind": "count", "fields": {"subject": name}, "matches": {"subject": "new"}} for name in names]


def test_things_named_by_their_kind_get_the_next_free_iri_and_the_same_name_is_the_same_thing():
    store = OxigraphStore.memory()
    store.update(f"""INSERT DATA {{ GRAPH <{G}curated> {{
        <{NETWORK}> <http://www.w3.org/2000/01/rdf-schema#label> "北辰物流网络"@zh-Hans .
        <{ID}org/nanhu-carrier-network> <http://www.w3.org/2000/01/rdf-schema#label> "南湖载体网络"@zh-Hans . }} }}""")
    rows = _kind_rows("北辰载体网络", "北晨载体网络", "南湖载体网络", "北辰载体网络")  # 北辰 and 北晨: both Beichen
    minted = mint_new_names(rows, store_names(store))
    assert [row["matches"]["subject"] for row in rows] == [
        NETWORK + "-2", NETWORK + "-3", ID + "org/nanhu-carrier-network", NETWORK + "-2"]
    assert {iri.removeprefix(ID): (entity.type, entity.zh, entity.en) for iri, entity in minted.items()} == {
        "org/beichen-carrier-network-2": ("CarrierNetwork", "北辰载体网络", "Beichen carrier network"),
        "org/beichen-carrier-network-3": ("CarrierNetwork", "北晨载体网络", "Beichen carrier network"),
        "org/nanhu-carrier-network": ("CarrierNetwork", "南湖载体网络", "Nanhu carrier network")}  # the store's
    rows = _kind_rows("北辰载体网络", "北晨载体网络")
    mint_new_names(rows, store_names(store, [G + "curated"]))  # the graph an import replaces names nothing
    assert [row["matches"]["subject"] for row in rows] == [NETWORK, NETWORK + "-2"]


def test_an_import_reuses_a_network_the_store_holds_under_the_same_name_and_does_not_describe_it_again(
        store, tmp_path, capsys):
    path = tmp_path / "beichen.json"
    code, _, said = innokg(store, capsys, "import", path, "--source", "北辰科技园报道", "--graph", "again", "--replace")
    assert code == 0, said
    assert typed(store, G + "again") == [(NETWORK, "CarrierNetwork"), (PARK, "SciencePark"), (PERSON, "Person")]
    changed = review(path, lambda row: row["fields"].update(value=7) if row["kind"] == "count" else None)
    code, _, said = innokg(store, capsys, "import", changed, "--source", "北辰科技园报道")  # beichen: not the store's
    assert code == 0, said
    assert typed(store, G + "beichen") == []  # graph again describes them: the new graph:import/beichen names them
    assert sorted(s for s, p, o in facts(store, G + "beichen-inferred") if p == IK + "affiliatedWith") == [NETWORK]


def test_the_review_page_replaces_the_graph_and_removes_the_companion_the_same_way(tmp_path):
    from kg.build import build_memory
    from kg.web.extract import extract_candidates, plan_import

    (tmp_path / "no-seed").mkdir()
    memory = build_memory(seed_dir=tmp_path / "no-seed")
    found = extract_candidates(memory, text=TEXT, title="北辰科技园报道")

    def reviewed(accept) -> dict:
        return {"text": found["text"], "source": found["source"],
                "candidates": [dict(row, accept=accept(row)) for row in found["candidates"]]}

    graph = f"{G}text-{found['source']['sha256'][:16]}"
    first = plan_import(memory, reviewed(lambda row: True))
    memory.update(first["update"])
    assert (first["graph"], first["quads"], first["problems"]) == (graph, STATED + INFERRED, [])
    assert {g: n for g, n in memory.graph_sizes().items() if g.startswith(G)} == {graph: STATED,
                                                                               graph + "-inferred": INFERRED}
    again = plan_import(memory, reviewed(lambda row: row["kind"] != "affiliation"))
    memory.update(again["update"])
    assert (again["graph"], again["quads"], again["problems"]) == (graph, STATED, [])
    assert {g: n for g, n in memory.graph_sizes().items() if g.startswith(G)} == {graph: STATED}
