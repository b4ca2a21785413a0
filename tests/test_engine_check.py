"""``innokg check-engine``: a SPARQL engine's answers against the embedded store's, on the seed."""

from __future__ import annotations

import pytest

from kg.cli.main import main
from kg.paths import QUERIES_DIR
from kg.store.engine_check import check_engine
from kg.saved_queries import load_saved_queries, parse_saved_query
from kg.store import OxigraphStore
from remote_servers import start_oxigraph, start_virtuoso, store_backends

EXTRA = "http://example.org/graph/not-the-seed"


@pytest.fixture(scope="module")
def engine():
    server = start_oxigraph()
    assert main(["--store", server.query_url, "build", "--fresh"]) == 0
    yield server
    server.stop()


def test_oxigraph_server_agrees_on_every_saved_query(engine, capsys):
    capsys.readouterr()
    assert main(["--store", engine.query_url, "check-engine"]) == 0
    out, err = capsys.readouterr()
    ids = [query.id for query in load_saved_queries()]
    rows = [line.split() for line in out.splitlines()[2:]]
    assert [row[0] for row in rows] == ids
    assert {row[-1] for row in rows} == {"agrees"}
    chain = next(row for row in rows if row[0] == "chain-steps")
    assert chain[1:3] == ["22", "22"]  # rows expected, rows from the engine
    # the policy analyses' queries (queries/policy/) are checked with the others
    policy = {row[0]: row[1:3] for row in rows if row[0].startswith("policy-")}
    assert len(policy) == len([i for i in ids if i.startswith("policy-")]) == len(list(QUERIES_DIR.glob("policy/*.rq")))
    assert policy["policy-transfer-edges"] == ["31", "31"] and policy["policy-ranking"] == ["30", "30"]
    assert f"[{len(ids)}/{len(ids)}] transfer-chain … agrees" in err
    assert err.rstrip().endswith(f"{len(ids)} of {len(ids)} saved queries agree with the embedded store")


def test_an_engine_holding_other_graphs_is_not_compared(engine, capsys):
    store = engine.store()
    store.update(f"INSERT DATA {{ GRAPH <{EXTRA}> {{ <http://e/a> <http://e/p> 1 }} }}")
    try:
        assert main(["--store", engine.query_url, "check-engine"]) == 2
    finally:
        store.drop_graph(EXTRA)
    err = capsys.readouterr().err.strip()
    assert err == (f"innokg: error: the engine holds a graph the seed build does not make, <{EXTRA}>: load the "
                   "ontology and the seed alone (`innokg --store URL build --fresh` on an empty dataset)")


def test_the_embedded_store_is_the_reference_not_a_candidate(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "store"), "check-engine"]) == 2
    assert capsys.readouterr().err.strip() == ("innokg: error: check-engine compares a SPARQL engine with the "
                                               "embedded store: pass the engine's query URL as --store")


def _store(turtle: str) -> OxigraphStore:
    store = OxigraphStore.memory()
    store.load(turtle.encode(), "turtle", graph="http://e/g")
    return store


def test_missing_and_extra_rows_are_counted_and_free_orders_are_not():
    reference = _store('<http://e/a> <http://e/p> 1, 2 ; <http://e/name> "x"@en, "y"@en .')
    engine = _store('<http://e/a> <http://e/p> 1, 3 ; <http://e/name> "y"@en, "x"@en .')
    values = parse_saved_query("# id: values\nSELECT ?o WHERE { ?s <http://e/p> ?o }")
    names = parse_saved_query('# id: names\nSELECT (GROUP_CONCAT(?n; separator=", ") AS ?all) '
                              "(COUNT(*) AS ?count) WHERE { ?s <http://e/name> ?n }")
    checks = check_engine(engine, reference, [values, names])
    assert [(c.id, c.expected, c.got, c.missing, c.extra, c.verdict) for c in checks] == [
        ("values", 2, 2, 1, 1, "1 missing, 1 extra"),
        ("names", 1, 1, 0, 0, "agrees"),
    ]


@pytest.mark.parametrize("backend", [name for name in store_backends() if name != "embedded"])
def test_build_over_each_engine_loads_the_whole_seed(backend, capsys):
    """``innokg --store URL build --fresh`` loads every seed triple, also where an update may not be large (Virtuoso)."""
    server = start_virtuoso() if backend == "virtuoso" else start_oxigraph()
    try:
        capsys.readouterr()
        assert main(["--store", server.query_url, "build", "--fresh"]) == 0
        _, err = capsys.readouterr()
        assert f"built {server.query_url}: 4131 triples from 9 files" in err
        assert main(["--store", server.query_url, "query", "top10-overall", "-f", "csv"]) == 0
        rows = capsys.readouterr().out.splitlines()
        assert len(rows) == 11 and rows[1].split(",")[0] == "1"
    finally:
        server.stop()
