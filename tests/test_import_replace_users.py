"""Replacing an import's graph never leaves other graphs pointing at what it alone described.

An import into a graph that exists replaces it (a changed table, a changed review, another text under
the same ``--graph``). What the old graph (and its companion, ``NAME-inferred``, which goes with it)
alone typed and the new quads no longer type is gone after the write; when another graph still uses
one of those things (as ``innokg drop`` refuses, :func:`kg.importing.dropping.users_of`), the import is
refused in one line naming them and the graphs that use them, and the store is left as it was. A
replace that drops things nobody else uses goes through as before. The review imports run ``innokg``
on the store of ``tests/test_extract_inferred_companion.py`` (its first text imported as ``beichen``);
the table imports run :func:`kg.importing.loader.import_table` on the seed in memory.
"""

from __future__ import annotations

import hashlib
import json

import pytest
import test_extract_inferred_companion as companion
from test_extract_inferred_companion import MORE, PARK, G, candidates, innokg, sizes
from test_extract_reimport import OTHER

from kg.build import build_memory
from kg.importing.loader import import_table
from kg.importing.problems import ImportFailed
from kg.namespaces import ID
from kg.store import OxigraphStore

imported, store = companion.imported, companion.store  # the fixtures: the imported store, a copy for each test
HINT = "hint: describe them in this import, or drop those graphs (or import them again without those things) first"
ORGANIZATIONS = "key,type,name_zh,name_en,city,parent,founded\n"
LINGANG = "lingang-lab,research-institute,临港实验室,Lingang Laboratory,上海,,2021\n"
ZHANGJIANG = "zhangjiang-lab,research-institute,张江实验室,Zhangjiang Laboratory,上海,,2017\n"
SOURCE = "test fixture"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_another_text_replacing_the_graph_whose_park_another_import_uses_is_refused(store, tmp_path, capsys):
    more = candidates(store, tmp_path / "more.json", MORE)  # its role assignment: beichen's park and manager
    assert innokg(store, capsys, "import", more, "--source", "北辰科技园续报")[0] == 0
    before = sizes(store)
    other = candidates(store, tmp_path / "other.json", OTHER)  # 南湖科技园 and 李明 only
    code, out, said = innokg(store, capsys, "import", other, "--source", "南湖科技园报道", "--graph", "beichen")
    assert (code, out, said.splitlines()[-2:]) == (2, "", [
        (f"innokg: error: other.json: replacing <{G}beichen> leaves things that only it describes, and this import "
         f"does not, in use by 2 other graphs: <{G}more> (2 things, e.g. id:org/beichen-science-park); "
         f"<{G}more-inferred> (1 thing, e.g. id:org/beichen-science-park); {HINT}"),
        "innokg: error: other.json: 1 problem, nothing imported"])
    assert sizes(store) == before
    assert innokg(store, capsys, "drop", "more")[0] == 0  # nobody uses them now: the same import goes through
    code, _, said = innokg(store, capsys, "import", other, "--source", "南湖科技园报道", "--graph", "beichen")
    source = f"{ID}source/text-{hashlib.sha256(OTHER.encode()).hexdigest()[:16]}"
    assert (code, said.splitlines()[-1]) == (
        0, f"imported 2 rows (extract) into <{G}beichen>: 77 quads, citing <{source}>")
    assert sizes(store) == {G + "beichen": 77}


def test_a_changed_review_that_keeps_the_park_others_use_is_not_refused(store, tmp_path, capsys):
    assert innokg(store, capsys, "import", candidates(store, tmp_path / "more.json", MORE),
                  "--source", "北辰科技园续报")[0] == 0
    path = tmp_path / "beichen.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["candidates"] = [dict(row, accept=row["kind"] != "affiliation") for row in data["candidates"]]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # the companion goes, the park stays
    code, _, said = innokg(store, capsys, "import", path, "--source", "北辰科技园报道")
    assert (code, said.splitlines()[-1].split(": ", 1)[0]) == (0, f"imported 4 rows (extract) into <{G}beichen>")
    assert list(sizes(store)) == [G + "beichen", G + "more", G + "more-inferred"]
    assert PARK in typed_in(store, G + "beichen")


def typed_in(path, graph: str) -> list[str]:
    with OxigraphStore.open(path, read_only=True) as opened:
        return typed(opened, graph)


@pytest.fixture
def seed():
    """The seed in memory."""
    return build_memory()


def _import(memory, path, text: str):
    """Write ``text`` to the table ``path`` and import it."""
    path.write_text(text, encoding="utf-8")
    return import_table(memory, path, source=SOURCE)


def test_a_changed_table_that_drops_an_organization_another_import_uses_is_refused(seed, tmp_path):
    labs = tmp_path / "labs.csv"
    _import(seed, labs, ORGANIZATIONS + LINGANG + ZHANGJIANG)
    _import(seed, tmp_path / "staff.csv", "key,name_zh,name_en,type,organization,role\n"
            "li-si,李四,Li Si,researcher,临港实验室,professor\n")
    before = (len(seed), seed.graph_sizes())
    with pytest.raises(ImportFailed) as refused:
        _import(seed, labs, ORGANIZATIONS + ZHANGJIANG)
    assert refused.value.lines() == [
        (f"labs.csv: replacing <{G}labs> leaves things that only it describes, and this import does not, in use by "
         f"1 other graph: <{G}staff> (1 thing, e.g. id:org/lingang-lab); {HINT}")]
    assert (len(seed), seed.graph_sizes()) == before
    result = _import(seed, labs, ORGANIZATIONS + LINGANG)  # the other laboratory: nobody else uses it
    assert result.text() == (f"imported 1 rows (organizations) into <{G}labs>: {result.quads} quads, "
                             f"citing <{ID}source/test-fixture>")
    assert typed(seed, G + "labs") == [ID + "org/lingang-lab"]
    assert typed(seed, G + "staff") == [ID + "membership/li-si-professor-lingang-lab", ID + "person/li-si"]


def typed(memory, graph: str) -> list[str]:
    """The IRIs ``graph`` gives a type."""
    return sorted({q.subject.value for q in memory.quads(graph) if q.predicate.value == RDF_TYPE
                   and q.subject.value.startswith(ID)} - {ID + "source/test-fixture"})


def test_the_review_page_refuses_a_review_that_drops_the_park_another_review_uses(tmp_path):
    from kg.web.extract import extract_candidates, plan_import

    (tmp_path / "no-seed").mkdir()
    memory = build_memory(seed_dir=tmp_path / "no-seed")

    def write(found: dict, accept) -> dict:
        planned = plan_import(memory, {"text": found["text"], "source": found["source"], "candidates": [
            dict(row, accept=accept(row)) for row in found["candidates"]]})
        if planned["update"]:
            memory.update(planned["update"])
        return planned

    text = extract_candidates(memory, text=companion.TEXT, title="北辰科技园报道")
    first = write(text, lambda row: True)
    more = write(extract_candidates(memory, text=MORE, title="北辰科技园续报"), lambda row: True)
    assert (first["problems"], more["problems"]) == ([], [])
    before = (len(memory), memory.graph_sizes())
    again = write(text, lambda row: row["kind"] == "count")  # the same text reviewed again: the park goes
    assert (again["update"], again["problems"]) == (None, [
        (f"replacing <{first['graph']}> leaves things that only it describes, and this import does not, in use by "
         f"2 other graphs: <{more['graph']}> (2 things, e.g. id:org/beichen-science-park); <{more['graph']}-inferred> "
         f"(1 thing, e.g. id:org/beichen-science-park); {HINT}")])
    assert (len(memory), memory.graph_sizes()) == before
