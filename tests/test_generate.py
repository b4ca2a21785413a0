"""The synthetic ecosystem generator: deterministic, streaming, and valid against the shapes."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build_memory
from kg.cli.main import main
from kg.generate import generate, generate_file
from kg.results import collect
from kg.saved_queries import find_saved_query, run_saved_query
from kg.validate import validate


@pytest.fixture(scope="module")
def generated_10k(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "eco.nq"
    generate_file(path, 10_000, seed=1)
    return path


def test_same_seed_same_bytes_and_exact_size():
    first, second, other = io.StringIO(), io.StringIO(), io.StringIO()
    summary = generate(first, 10_000, seed=1)
    generate(second, 10_000, seed=1)
    generate(other, 10_000, seed=2)
    assert first.getvalue() == second.getvalue() != other.getvalue()
    assert (summary.triples, summary.parks, summary.firms) == (10_203, 12, 102)
    assert first.getvalue().count("\n") == 10_203


def test_a_heavy_tailed_park_is_cut_to_what_is_left_of_the_size():
    # seed 42's fourth park draws 2,000 firms: 44,451 triples for --scale 10k before the cut
    summary = generate(io.StringIO(), 10_000, seed=42)
    assert (summary.triples, summary.parks) == (21_605, 4)


def test_trig_and_nquads_hold_the_same_quads():
    nquads, trig = io.StringIO(), io.StringIO()
    generate(nquads, 3_000, seed=5, format="nquads")
    generate(trig, 3_000, seed=5, format="trig")
    store_nq, store_trig = ox.Store(), ox.Store()
    store_nq.load(nquads.getvalue().encode(), ox.RdfFormat.N_QUADS)
    store_trig.load(trig.getvalue().encode(), ox.RdfFormat.TRIG)
    assert len(store_nq) == len(store_trig) == nquads.getvalue().count("\n")
    # blank nodes are renamed by parsing: compare the quads without them
    def named(store):
        return {str(q) for q in store if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}
    assert named(store_nq) == named(store_trig)


def test_10k_passes_validate_on_top_of_the_ontology(generated_10k, tmp_path):
    empty_seed = tmp_path / "no-seed"
    empty_seed.mkdir()
    store = build_memory(seed_dir=empty_seed)
    store.load(generated_10k)
    report = validate(store)
    assert report.conforms, report.text()
    assert report.shacl == [] and report.hygiene == []


def test_generated_data_answers_the_saved_queries(generated_10k, tmp_path):
    empty_seed = tmp_path / "no-seed"
    empty_seed.mkdir()
    store = build_memory(seed_dir=empty_seed)
    store.load(generated_10k)
    # the generated indexes are not the seed's (the default): ask the first of them, by its IRI
    index = next(iter(store.query("PREFIX ik: <https://w3id.org/innokg/ont#> "
                                  "SELECT ?i WHERE { ?i a ik:RankingIndex } ORDER BY ?i LIMIT 1")))["i"]
    assert collect(run_saved_query(store, find_saved_query("top10-overall"), {})).rows == []  # no seed, no GIS100
    top10 = collect(run_saved_query(store, find_saved_query("top10-overall"), {"index": index.value}))
    assert [row[0].value for row in top10.rows] == [str(rank) for rank in range(1, 11)]
    kinds = collect(store.query(
        "SELECT ?class (COUNT(?s) AS ?n) WHERE { VALUES ?class { ik:SciencePark ik:TechnologyFirm "
        "ik:ConvertibleGrantArrangement ik:EquityConversion ik:TransferService ik:RankObservation } "
        "?s a ?class } GROUP BY ?class ORDER BY ?class"))
    counts = {row[0].value.rpartition("#")[2]: int(row[1].value) for row in kinds.rows}
    assert counts["TechnologyFirm"] == 102 and counts["RankObservation"] == 3 * 6 * 10
    assert counts["ConvertibleGrantArrangement"] > counts["EquityConversion"] > 0
    assert counts["TransferService"] > 0


def test_every_graph_is_a_described_fact_graph(generated_10k):
    store = ox.Store()
    store.load(path=str(generated_10k), format=ox.RdfFormat.N_QUADS)
    graphs = {g.value for g in store.named_graphs()}
    described = {row["g"].value for row in store.query(
        "SELECT ?g WHERE { ?g a <https://w3id.org/innokg/ont#FactGraph> }", use_default_graph_as_union=True)}
    assert graphs == described
    assert len(graphs) == 2 * 12 + 3 + 3  # two per park, three editions, sources/reference/policy


def test_cli_generate(tmp_path, capsys):
    path = tmp_path / "eco.trig"
    assert main(["generate", "--scale", "10k", "--seed", "1", "-o", str(path)]) == 0
    err = capsys.readouterr().err
    assert "wrote" in err and "10,203 triples (12 parks, 102 firms)" in err
    assert path.read_text(encoding="utf-8").startswith("<https://w3id.org/innokg/graph/generated-sources> {")
    assert main(["generate", "--scale", "12", "-o", str(path)]) == 2
    assert "at least 1000 triples" in capsys.readouterr().err


def test_cli_generate_nt_writes_n_triples_that_parsers_read(tmp_path, capsys):
    import rdflib

    path = tmp_path / "g.nt"
    assert main(["generate", "--scale", "3k", "--seed", "5", "-o", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert f"wrote {path}: {lines:,} triples" in capsys.readouterr().err
    parsed = list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
    assert len(parsed) == lines
    assert {quad.graph_name for quad in parsed} == {ox.DefaultGraph()}
    graph = rdflib.Graph().parse(path, format="nt")
    assert len(graph) == len({quad.triple for quad in parsed})
    nquads = io.StringIO()
    generate(nquads, 3_000, seed=5)
    assert text == "".join(line.rsplit(" ", 2)[0] + " .\n" for line in nquads.getvalue().splitlines())
    assert main(["generate", "--scale", "3k", "-o", str(tmp_path / "g.ttl")]) == 2
    assert capsys.readouterr().err == (f"innokg: error: {tmp_path / 'g.ttl'}: generate writes .nq (N-Quads), "
                                       ".trig (TriG) or .nt (N-Triples), not .ttl\n")
    assert not (tmp_path / "g.ttl").exists()
