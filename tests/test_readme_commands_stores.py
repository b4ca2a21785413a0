"""The README's data commands, run over the embedded store and over a real ``oxigraph serve``.

Every command goes through ``innokg --store STORE …`` (:func:`kg.cli.main.main`),
with STORE a folder or the query URL of an ``oxigraph serve`` process
started for the test (tests/remote_servers.py). Each test asserts the same
exact answers on both stores: the README says every command runs over
either.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import openpyxl
import pyoxigraph as ox
import pytest

from kg.cli.main import main
from remote_servers import start_oxigraph

BACKENDS = ("embedded", "oxigraph-server")
G = "https://w3id.org/innokg/graph/"
SEED_TRIPLES = 4131  # 3724 + 303 of issue 14 + the 6 of ontology/extract.ttl (issue 16) + 103 of issue 15 (clusters and aliases 19, index measures 84) - 5 of issue 20 (ik:metricRun)
BUILD_LINES = [
    "loading ontology/extract.ttl … 6 triples",
    "loading ontology/innokg.ttl … 1440 triples",
    "loading ontology/metrics.ttl … 183 triples",
    "loading ontology/schemes.ttl … 692 triples",
    "loading data/seed/gis100-2025.trig … 877 triples",
    "loading data/seed/huanshangda.trig … 309 triples",
    "loading data/seed/inferred.trig … 80 triples",
    "loading data/seed/reference.trig … 369 triples",
    "loading data/seed/sources.trig … 179 triples",
]
SEED_GRAPHS = [  # graph, triples, mode, derived from
    [G + "curation", "76", "reference", "id:source/qnb-gis100-2025, id:source/qnb-huanshangda"],
    [G + "gis100-2025-china", "215", "stated", "id:source/qnb-gis100-2025-china"],
    [G + "gis100-2025-global", "533", "stated", "id:source/qnb-gis100-2025-global"],
    [G + "gis100-2025-inferred", "37", "inferred", "id:source/qnb-gis100-2025-china"],
    [G + "gis100-2025-lead", "71", "stated", "id:source/qnb-gis100-2025-lead"],
    [G + "gis100-2025-recommendations", "58", "stated", "id:source/qnb-gis100-2025-recommendations"],
    [G + "huanshangda-inferred", "43", "inferred", "id:source/qnb-huanshangda-story"],
    [G + "huanshangda-story", "309", "stated", "id:source/qnb-huanshangda-story"],
    [G + "ontology", "2317"], [G + "reference", "369", "reference", "id:source/innokg-gazetteer"],
    [G + "sources", "103", "stated", "id:source/qnb-gis100-2025, id:source/qnb-huanshangda"],
]
TOP_HUBS = ["person/li-yuyang", "org/huanshangda-science-park", "org/shanghai-huanshangda-technology-development"]


def run(capsys, store: str, *argv) -> tuple[int, str, str]:
    """Run ``innokg --store STORE ARGV``; return the exit status, stdout and stderr."""
    capsys.readouterr()
    code = main(["--store", store, *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def _built(backend: str, folder: Path):
    """Start the backend and build the seed into it; return (store, build stderr lines, server or None)."""
    server = start_oxigraph() if backend == "oxigraph-server" else None
    store = server.query_url if server else str(folder / "store")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--store", store, "build"])
    assert code == 0, err.getvalue()
    return store, err.getvalue().splitlines(), server


@pytest.fixture(scope="module", params=BACKENDS)
def built(request, tmp_path_factory):
    """A store holding the ontology and the seed, left as built (tests here only read it)."""
    store, lines, server = _built(request.param, tmp_path_factory.mktemp(request.param))
    yield request.param, store, lines
    if server:
        server.stop()


@pytest.fixture(params=BACKENDS)
def fresh(request, tmp_path):
    """A store of its own for a test that writes: the seed, built a moment ago."""
    store, _, server = _built(request.param, tmp_path)
    yield store
    if server:
        server.stop()


def _table(out: str) -> list[list[str]]:
    """The rows of a text table (split on runs of two or more spaces), without the header and rule."""
    lines = [line for line in out.splitlines() if line.strip()]
    return [re.split(r"\s{2,}", line.strip()) for line in lines[2:] if not line.startswith("(")]


def test_build_loads_the_same_files_into_both_stores(built):
    backend, store, lines = built
    assert lines[:9] == BUILD_LINES
    if backend == "embedded":
        assert lines[9] == "compacting the store …"
    assert re.fullmatch(rf"built {re.escape(store)}: {SEED_TRIPLES} triples from 9 files in [0-9.]+ s", lines[-1])
    assert len(lines) == (11 if backend == "embedded" else 10)


def test_query_a_saved_query_inline_sparql_and_a_file_with_a_parameter(built, capsys):
    _, store, _ = built
    code, out, _ = run(capsys, store, "query", "top10-overall")
    assert code == 0
    assert [row[1] for row in _table(out)] == [
        "id:city/san-francisco-bay-area", "id:city/new-york", "id:city/beijing", "id:city/london", "id:city/boston",
        "id:city/paris", "id:city/tokyo", "id:city/los-angeles", "id:city/seoul", "id:city/shanghai"]
    assert out.splitlines()[-1] == "(10 rows)"
    code, out, _ = run(capsys, store, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "json")
    assert json.loads(out)["results"]["bindings"] == [
        {"n": {"type": "literal", "value": str(SEED_TRIPLES), "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    code, out, _ = run(capsys, store, "query", "queries/city-dimension-profile.rq",
                       "--param", "city=https://w3id.org/innokg/id/city/shanghai", "-f", "csv")
    assert code == 0
    assert [line.split(",")[:3] for line in out.splitlines()] == [
        ["dimension_zh", "dimension_en", "rank"], ["综合排名", "overall ranking", "10"],
        ["创新要素全球集聚力", "global agglomeration of innovation factors", ""],
        ["科学研究中心全球引领力", "global leadership as a scientific research centre", "6"],
        ["创新环境全球支撑力", "global support of the innovation environment", "41"]]


def test_validate_stats_and_graphs(built, capsys):
    _, store, _ = built
    assert run(capsys, store, "validate") == (
        0, f"{SEED_TRIPLES} triples checked: conforms\nSHACL: 0 results (0 violations)\nhygiene: 0 errors\n", "")
    code, out, _ = run(capsys, store, "stats")
    assert code == 0
    assert out.splitlines()[3:6] == ["ik:RankObservation                     46",
                                     "ik:City                                33",
                                     "ik:Finding                             20"]
    assert out.splitlines()[-1] == f"total: {SEED_TRIPLES} triples in 11 named graphs; 56 classes with instances"
    code, out, _ = run(capsys, store, "graphs")
    assert code == 0
    assert [row[:4] for row in _table(out)] == SEED_GRAPHS
    assert out.splitlines()[-1] == "(11 named graphs)"


def test_export_gives_the_same_quads(built, capsys, tmp_path):
    _, store, _ = built
    code, out, _ = run(capsys, store, "export", "--format", "nquads")
    assert code == 0
    quads = list(ox.parse(out.encode(), ox.RdfFormat.N_QUADS))
    assert len(quads) == SEED_TRIPLES
    assert len({quad.graph_name for quad in quads}) == 11
    code, _, _ = run(capsys, store, "export", "-f", "turtle", "-g", G + "gis100-2025-lead", "-o", tmp_path / "lead.ttl")
    assert code == 0
    assert len(list(ox.parse(path=str(tmp_path / "lead.ttl"), format=ox.RdfFormat.TURTLE))) == 71


def test_policy_commands(built, capsys):
    _, store, _ = built
    code, out, _ = run(capsys, store, "chains", "--from", "上海大学")
    assert code == 0
    assert out.splitlines()[:2] == [
        "chain 1: 5 steps, 2 inferred, latest 2025-01, reaches the firm by a grant",
        "  上海大学 —共建→ 环上大科技园 —由其运营→ 上海环上大科技发展有限公司 —总经理为→ 李宇阳 "
        "—对接→ 长三角国家技术创新中心 —经渠道（先投后股）资助→ 泮芯科技(上海)有限公司"]
    assert sum(line.startswith("chain ") for line in out.splitlines()) == 14
    assert out.splitlines()[-1] == "(14 chains)"
    code, out, _ = run(capsys, store, "coverage")
    assert code == 0
    assert [row[:5] for row in _table(out)][:3] == [
        ["环上大科技园", "park", "1", "概念验证", "yes"], ["环上大科技园", "park", "2", "中试熟化", "yes"],
        ["环上大科技园", "park", "3", "产业孵化", "yes"]]
    code, out, _ = run(capsys, store, "funding")
    assert (code, _table(out)) == (0, [["（未说明）", "长三角国家技术创新中心", "先投后股", "泮芯科技(上海)有限公司",
                                        "（未说明）", "1", "1", "1 flow of unknown amount"]])
    code, out, _ = run(capsys, store, "rankings", "profile", "北京")
    assert code == 0
    assert [row[-1] for row in _table(out.split("\n", 1)[1])] == ["3", "11", "1", "≤3 / ≤4", "2", "20"]
    assert run(capsys, store, "rankings", "changes", "--from-edition", "2024", "--to-edition", "2025") == (
        2, "", "innokg: error: no 2024 edition in the graph (editions: gis100 2025)\n")


def test_metrics_and_exports_for_other_tools(built, capsys, tmp_path):
    _, store, _ = built
    code, out, _ = run(capsys, store, "metrics", "--network", "actors", "--top", "3")
    assert code == 0
    assert [row[1] for row in _table(out.rsplit("\n", 2)[0])] == TOP_HUBS
    assert out.splitlines()[-1].startswith("network actors (directed): 17 nodes, 25 edges; ")
    assert run(capsys, store, "export-network", "actors", "-o", tmp_path / "actors.gexf") == (
        0, "", f"wrote {tmp_path / 'actors.gexf'}: 17 nodes, 25 edges\n")
    assert run(capsys, store, "export-ranking", "--edition", "2025", "-o", tmp_path / "gis100-2025.xlsx") == (
        0, "", f"wrote {tmp_path / 'gis100-2025.xlsx'}: 33 cities of gis100 2025\n")
    sheet = openpyxl.load_workbook(tmp_path / "gis100-2025.xlsx").active
    assert sheet.max_row == 34


def test_import_a_template_and_a_turtle_file_then_drop_them(fresh, capsys, tmp_path):
    store = fresh
    table = tmp_path / "gis100-2024.csv"
    assert run(capsys, store, "template", "rankings", "-o", table) == (
        0, "", f"wrote the rankings template to {table}\n")
    refused = run(capsys, store, "import", table, "--source", "GIS100 (2024) report, table 1")
    assert refused[0] == 2 and "the example row of the rankings template, unchanged" in refused[2]
    header = table.read_text(encoding="utf-8").splitlines()[0]  # the researcher writes their row over the example
    table.write_text(header + "\ngis100,2024,overall,北京,4,exact,5,82.1\n", encoding="utf-8")
    code, out, err = run(capsys, store, "import", table, "--source", "GIS100 (2024) report, table 1")
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        "gis100-2024.csv: 1 rows, template rankings",
        "gis100-2024.csv: 39 quads to check against the shapes and hygiene checks",
        f"gis100-2024.csv: checked; writing <{G}import/gis100-2024>",
        f"gis100-2024.csv: committed 39 quads into <{G}import/gis100-2024>",
        f"imported 1 rows (rankings) into <{G}import/gis100-2024>: 39 quads, "
        "citing <https://w3id.org/innokg/id/source/gis100-2024-report-table-1>"]
    code, out, err = run(capsys, store, "query", "rank-changes-between", "-f", "csv")
    assert (code, out.splitlines()[:3], err) == (0, [
        "dimension_en,city_zh,city_en,from_rank,to_rank,change,status", "overall ranking,北京,Beijing,4,3,1,in both",
        "overall ranking,旧金山湾区,San Francisco Bay Area,,1,,only in the later edition"], "")
    assert out.count("only in the later edition") == 37  # the 2024 table lists Beijing alone
    code, out, _ = run(capsys, store, "rankings", "changes", "--from-edition", "2024", "--to-edition", "2025")
    assert code == 0
    assert [row for row in _table(out) if row[1] == "北京"][0] == [
        "overall ranking", "北京", "Beijing", "4", "3", "+1", "in both", "rose", "agrees"]

    again = run(capsys, store, "import", table, "--source", "GIS100 (2024) report, table 1")
    assert again[0] == 0
    assert again[2].startswith(f"unchanged: <{G}import/gis100-2024> already holds this file (sha256 ")

    aliases = tmp_path / "aliases.ttl"
    aliases.write_text('<https://w3id.org/innokg/id/city/beijing> <http://www.w3.org/2004/02/skos/core#altLabel> '
                       '"Peking"@en .\n', encoding="utf-8")
    code, _, err = run(capsys, store, "import", aliases, "--source", "innokg curators")
    assert code == 0
    assert err.splitlines()[-2:] == [
        f"aliases.ttl: committed 22 quads into <{G}import/aliases>",
        f"imported 1 quads (rdf) into <{G}import/aliases>: 22 quads, "
        "citing <https://w3id.org/innokg/id/source/innokg-curators>"]
    code, out, _ = run(capsys, store, "graphs")
    rows = {row[0]: row for row in _table(out)}
    assert rows[G + "import/aliases"][1:5] == ["22", "stated", "id:source/innokg-curators", "aliases.ttl"]
    assert rows[G + "import/gis100-2024"][1:5] == ["39", "stated", "id:source/gis100-2024-report-table-1",
                                                    "gis100-2024.csv"]
    assert run(capsys, store, "query", 'SELECT ?city WHERE { ?city skos:altLabel "Peking"@en }', "-f", "csv") == (
        0, "city\r\nhttps://w3id.org/innokg/id/city/beijing\r\n", "")

    assert run(capsys, store, "drop", "gis100-2024") == (0, "", f"dropped <{G}import/gis100-2024> (39 triples)\n")
    assert run(capsys, store, "drop", G + "import/aliases") == (0, "", f"dropped <{G}import/aliases> (22 triples)\n")
    assert run(capsys, store, "drop", "aliases") == (
        2, "", "innokg: error: no graph 'aliases' in the store (see `innokg graphs`)\n")
    code, out, _ = run(capsys, store, "graphs")
    assert [row[:4] for row in _table(out)] == SEED_GRAPHS


def test_a_refused_import_changes_nothing(fresh, capsys, tmp_path):
    store = fresh
    bad = tmp_path / "bad.csv"
    bad.write_text("index,edition,city,rank\ngis100,2024,Atlantis,4\n", encoding="utf-8")
    code, out, err = run(capsys, store, "import", bad, "--source", "x")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "innokg: error: bad.csv: 1 problem, nothing imported"
    assert run(capsys, store, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv")[1] == (
        f"n\r\n{SEED_TRIPLES}\r\n")


def test_metrics_write_and_list_then_top_hubs(fresh, capsys):
    store = fresh
    code, out, err = run(capsys, store, "metrics", "--network", "actors", "--top", "3", "--write")
    assert code == 0
    # progress, how betweenness was computed, what was written (the graph's quads, in one line), then the
    # pages' data prepared from the store as written (issue 20: --write prepares them unless --no-prepare)
    lines = err.splitlines()
    written = lines.index(f"wrote 224 triples to <{G}metrics/actors>")
    assert lines[written - 1].startswith("innokg metrics actors: writing the scores: done in ")
    assert "innokg metrics actors: betweenness exact over all 17 sources (it fitted the time budget)" in lines[:written]
    assert re.fullmatch(rf"innokg metrics: preparing the pages' data for a store of {SEED_TRIPLES + 224:,} quads "
                        r"\(snapshot [0-9a-f]{16}\)", lines[written + 1])
    assert re.fullmatch(r"innokg metrics: prepared the pages' data in \d+\.\d s", lines[-1])
    assert [row[1] for row in _table(out.rsplit("\n", 2)[0])] == TOP_HUBS
    code, out, _ = run(capsys, store, "metrics", "--list")
    assert [row[0:1] + row[2:5] for row in _table(out)] == [
        ["actors", "17", "25", "fresh"], ["cities", "0", "0", "not written"], ["funding", "2", "1", "not written"],
        ["tech-transfer", "19", "31", "not written"]]
    code, out, _ = run(capsys, store, "query", "top-hubs", "-p", "network=actors", "-f", "csv")
    assert code == 0
    rows = out.splitlines()[1:]
    assert [row.split(",")[1].rsplit("/id/", 1)[1] for row in rows[:3]] == TOP_HUBS
    assert len(rows) == 17
    code, out, _ = run(capsys, store, "graphs")
    assert dict((row[0], row[1]) for row in _table(out))[G + "metrics/actors"] == "224"
