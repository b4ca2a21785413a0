"""The innokg command line, in process with main([...]) and as a real subprocess; validation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli.main import main
from kg.validate import HygieneError, ShaclResult, validate

from conftest import CITY_SHAPES_TTL

ID = "https://w3id.org/innokg/id/"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_build_reports_each_file_then_a_summary(capsys, tmp_path, sources):
    ontology_dir, seed_dir = sources
    code, out, err = run(capsys, "--store", tmp_path / "store", "build", "--ontology", ontology_dir, "--seed", seed_dir)
    assert code == 0 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"loading {ontology_dir / 'core.ttl'} … 4 triples"
    assert lines[1] == f"loading {seed_dir / 'cities.trig'} … 15 triples"
    assert lines[2] == "compacting the store …"
    assert lines[3].startswith(f"built {tmp_path / 'store'}: 19 triples from 2 files in ")
    assert lines[3].endswith(" s")


def test_query_saved_by_path_as_csv(capsys, store_path, queries_dir):
    code, out, err = run(capsys, "--store", store_path, "query", queries_dir / "ranking.rq",
                         "--param", "edition=2024", "--format", "csv")
    assert (code, err) == (0, "")
    assert out == f"rank,city,label,edition\r\n4,{ID}city/beijing,北京,2024\r\n"


def test_query_saved_by_id_with_options_after_the_command(capsys, store_path, queries_dir):
    code, out, _ = run(capsys, "query", "ranking", "--store", store_path, "--queries", queries_dir)
    assert code == 0
    assert out == (
        "rank  city             label  edition\n"
        "----  ---------------  -----  -------\n"
        "2     id:city/london          2025\n"
        "3     id:city/beijing  北京   2025\n"
        "(2 rows)\n"
    )


def test_inline_sparql_as_json(capsys, store_path):
    code, out, _ = run(capsys, "--store", store_path, "query", "ASK { ?c a ik:City }", "-f", "json")
    assert (code, out) == (0, '{"head": {}, "boolean": true}\n')


def test_queries_lists_ids_and_titles(capsys, queries_dir):
    code, out, _ = run(capsys, "--queries", queries_dir, "queries")
    assert code == 0
    assert out.splitlines() == [
        "id       title                            parameters",
        "-------  -------------------------------  ------------",
        "pairs    City pairs",
        "ranking  Ranking of an edition, in order  edition=2025",
        "(2 saved queries)",
    ]


def test_export_nquads_to_stdout_and_turtle_to_a_file(capsys, tmp_path, store_path):
    code, out, _ = run(capsys, "--store", store_path, "export", "--format", "nquads")
    assert code == 0 and len(out.splitlines()) == 19
    target = tmp_path / "cities.ttl"
    code, out, _ = run(capsys, "--store", store_path, "export", "-f", "turtle",
                       "--graph", "https://w3id.org/innokg/graph/cities", "-o", target)
    assert (code, out) == (0, "")
    assert "id:city\\/london" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")) == []


def test_stats(capsys, store_path):
    code, out, _ = run(capsys, "--store", store_path, "stats")
    assert code == 0
    assert "ik:City  2" in out
    assert "https://w3id.org/innokg/graph/ranking   10" in out
    assert out.rstrip().endswith("total: 19 triples in 3 named graphs; 1 classes with instances")


def test_missing_store_is_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "--store", tmp_path / "absent", "query", "ASK {}")
    assert (code, out) == (2, "")
    assert err == f"innokg: error: no store at {tmp_path / 'absent'}: run `innokg build` first\n"


def test_bad_param_is_one_line(capsys, store_path, queries_dir):
    code, _, err = run(capsys, "--store", store_path, "--queries", queries_dir, "query", "ranking", "-p", "edition=abc")
    assert (code, err) == (2, "innokg: error: parameter 'edition' expects xsd:integer, got 'abc'\n")


# Validation: a tiny shapes file and one hygiene check.

@pytest.fixture
def shapes_file(tmp_path) -> Path:
    path = tmp_path / "shapes.ttl"
    path.write_text(CITY_SHAPES_TTL, encoding="utf-8")
    return path


def test_tiny_dataset_conforms(memory_store, shapes_file, hygiene_dir):
    report = validate(memory_store, shapes_file=shapes_file, hygiene_dir=hygiene_dir)
    assert (report.conforms, report.shacl, report.hygiene, report.triples) == (True, [], [], 19)


def test_tiny_violations_are_reported(memory_store, shapes_file, hygiene_dir):
    memory_store.update(
        "INSERT DATA { GRAPH <https://w3id.org/innokg/graph/cities> {"
        " <https://w3id.org/innokg/id/city/paris> a ik:City . <https://w3id.org/innokg/id/obs/x> ik:rank 0 ."
        " ik:Region a owl:Class } }"
    )
    report = validate(memory_store, shapes_file=shapes_file, hygiene_dir=hygiene_dir)
    assert not report.conforms
    assert [(r.severity, r.focus_node, r.path, r.message) for r in report.shacl] == [
        ("Violation", "id:city/paris", "rdfs:label", "a city needs a label"),
        ("Violation", "id:obs/x", "", "rank must be positive"),
    ]
    assert report.hygiene == [HygieneError("class-label", "class without label: https://w3id.org/innokg/ont#Region")]
    assert isinstance(report.shacl[0], ShaclResult)
    assert "does not conform" in report.text()


def test_validate_command_exit_codes(capsys, tmp_path, store_path, shapes_file, hygiene_dir):
    code, out, _ = run(capsys, "--store", store_path, "validate", "--shapes", shapes_file, "--hygiene", hygiene_dir)
    assert code == 0 and out.startswith("19 triples checked: conforms\n")
    bad_shapes = tmp_path / "strict.ttl"
    bad_shapes.write_text(CITY_SHAPES_TTL.replace("sh:minCount 1", "sh:minCount 3"), encoding="utf-8")
    code, out, _ = run(capsys, "--store", store_path, "validate", "--shapes", bad_shapes, "--hygiene", hygiene_dir)
    assert code == 1 and "SHACL: 2 results (2 violations)" in out


# A real subprocess: every error is one line on stderr, exit status 2, no traceback.

def innokg(*argv: str, env_store: Path | None = None) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("innokg")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kg"]
    env = dict(os.environ)
    if env_store is not None:
        env["INNOKG_STORE"] = str(env_store)
    return subprocess.run(command + [str(arg) for arg in argv], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("query", "SELECT ?s WHERE { ?s ?p }"), "innokg: error: SPARQL syntax error at line 1, column "),
        (("query", "nothing-saved"),
         "innokg: error: no saved query 'nothing-saved' (`innokg queries`, /queries and /api/queries list them)\n"),
        (("export", "--graph", "http://e/none"), "innokg: error: no graph <http://e/none> in the store"),
        (("query",), "innokg: error: the following arguments are required: TARGET"),
        (("stats", "--bogus"), "innokg: error: unrecognized arguments: --bogus"),
    ],
)
def test_subprocess_errors_are_one_line(store_path, argv, message):
    done = innokg(*argv, env_store=store_path)
    assert done.returncode == 2
    assert done.stderr.startswith(message)
    # a syntax error's one line is followed by the query's line and a caret under the column (issue 17)
    lines = 3 if "syntax error" in message else 1
    assert done.stderr.count("\n") == lines and "Traceback" not in done.stderr
    if lines == 3:
        assert done.stderr.splitlines()[1:] == ["  SELECT ?s WHERE { ?s ?p }", " " * 27 + "^"]  # column 26


def test_subprocess_parse_error_names_file_line_column(tmp_path, sources):
    ontology_dir, seed_dir = sources
    (seed_dir / "broken.trig").write_text("<http://e/g> {\n  <http://e/a> <http://e/p> .\n}\n", encoding="utf-8")
    done = innokg("--store", tmp_path / "store", "build", "--ontology", ontology_dir, "--seed", seed_dir)
    assert done.returncode == 2
    last = done.stderr.splitlines()[-1]
    assert last.startswith(f"innokg: error: {seed_dir / 'broken.trig'}:2:")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "store").exists()


def test_python_dash_m_kg_runs(store_path):
    done = subprocess.run([sys.executable, "-m", "kg", "--store", str(store_path), "query", "ASK { ?s ?p ?o }"],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "true\n", "")
