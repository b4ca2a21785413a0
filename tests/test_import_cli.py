"""The data commands end to end: template, import, graphs, drop, and a kill in the middle of an import."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from kg.build import build
from kg.cli import main
from kg.store import OxigraphStore

FIXTURES = Path(__file__).parent / "fixtures" / "import"
G = "https://w3id.org/innokg/graph/import/"


@pytest.fixture
def seed_path(tmp_path) -> Path:
    path = tmp_path / "store"
    build(path)
    return path


def state(path: Path) -> tuple[int, dict]:
    with OxigraphStore.open(path, read_only=True) as store:
        return len(store), store.graph_sizes()


def test_template_to_stdout_csv_and_xlsx(tmp_path, capsys):
    assert main(["template", "relations"]) == 0
    assert capsys.readouterr().out == "subject,relation,object\n泮芯科技,incubated-by,环上大科技园\n"
    assert main(["template", "rankings", "-o", str(tmp_path / "r.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["index", "edition", "dimension", "city", "rank", "bound", "previous_rank", "score"],
        ["gis100", "2024", "overall", "北京", "4", "exact", "5", "87.5"],
    ]
    assert sheet["E1"].comment.text == "required: the rank, 1 being the best"
    assert capsys.readouterr().err == f"wrote the rankings template to {tmp_path / 'r.xlsx'}\n"
    assert main(["template", "nope"]) == 2
    assert capsys.readouterr().err.startswith("innokg: error: unknown template 'nope'; known templates: rankings,")


def test_the_checked_in_templates_are_the_generated_ones(capsys):
    from kg.importing.templates import TEMPLATES, template_csv, templates_markdown

    folder = Path(__file__).parent.parent / "templates"
    for template in TEMPLATES.values():
        assert (folder / f"{template.name}.csv").read_text(encoding="utf-8") == template_csv(template)
    assert (folder / "README.md").read_text(encoding="utf-8") == templates_markdown()
    assert main(["template", "--docs"]) == 0
    assert capsys.readouterr().out == templates_markdown()


def test_import_graphs_and_drop(seed_path, capsys):
    before = state(seed_path)
    store = ["--store", str(seed_path)]
    assert main([*store, "import", str(FIXTURES / "gis100-2024.csv"), "--source", "GIS100 2024 (test fixture)"]) == 0
    assert capsys.readouterr().err.splitlines() == [  # progress, then the summary
        "gis100-2024.csv: 6 rows, template rankings",
        "gis100-2024.csv: 83 quads to check against the shapes and hygiene checks",
        f"gis100-2024.csv: checked; writing <{G}gis100-2024>",
        f"imported 6 rows (rankings) into <{G}gis100-2024>: 83 quads, "
        "citing <https://w3id.org/innokg/id/source/gis100-2024-test-fixture>"]
    assert main([*store, "graphs"]) == 0
    listing = capsys.readouterr().out
    line = next(line for line in listing.splitlines() if line.startswith(G + "gis100-2024"))
    assert line.split()[:5] == [G + "gis100-2024", "83", "stated", "id:source/gis100-2024-test-fixture",
                                "gis100-2024.csv"]
    assert main([*store, "drop", "gis100-2024"]) == 0
    assert capsys.readouterr().err == f"dropped <{G}gis100-2024> (83 triples)\n"
    assert state(seed_path) == before
    assert main([*store, "drop", "gis100-2024"]) == 2
    assert capsys.readouterr().err == "innokg: error: no graph 'gis100-2024' in the store (see `innokg graphs`)\n"


def test_a_refused_import_prints_one_line_per_problem(seed_path, capsys):
    before = state(seed_path)
    assert main(["--store", str(seed_path), "import", str(FIXTURES / "bad-rank.csv"), "--source", "x"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "bad-rank.csv: 3 rows, template rankings"  # progress; then the errors, one line each
    err = [line for line in lines if line.startswith("innokg: error: ")]
    assert len(lines) == len(err) + 1
    assert err[0] == ('innokg: error: bad-rank.csv: row 2, column "rank", value "-2": not a positive integer; '
                      "hint: write a whole number, 1 or more; for 'top N' write N and set bound to upper-bound")
    assert err[3] == "innokg: error: bad-rank.csv: 3 problems, nothing imported"
    assert len(err) == 4
    assert state(seed_path) == before


def test_import_of_rdf_and_a_missing_source(seed_path, capsys):
    assert main(["--store", str(seed_path), "import", str(FIXTURES / "peking-alias.ttl"), "--source", "curators"]) == 0
    assert capsys.readouterr().err.splitlines()[-1].startswith(f"imported 2 quads (rdf) into <{G}peking-alias>:")
    assert main(["--store", str(seed_path), "import", str(FIXTURES / "peking-alias.ttl")]) == 2
    assert capsys.readouterr().err == (
        "innokg: error: the following arguments are required: --source (see `innokg --help`)\n")


def test_killing_an_import_leaves_the_store_as_it_was(seed_path, tmp_path):
    big = tmp_path / "big.csv"
    cities = ["beijing", "shanghai", "london", "new-york", "tokyo", "paris", "boston", "seoul", "shenzhen", "munich"]
    dimensions = ["overall", "innovation-factor-agglomeration", "scientific-research-leadership",
                  "technology-innovation-origination", "industrial-transformation-driving",
                  "innovation-environment-support"]
    lines = ["index,edition,dimension,city,rank"]
    lines += [f"gis100,{year},{dimension},{city},{rank}" for year in range(1901, 2001)
              for dimension in dimensions for rank, city in enumerate(cities, start=1)]
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = state(seed_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "--store", str(seed_path), "import", str(big), "--source", "kill test"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    time.sleep(1.5)
    assert process.poll() is None, "the import finished before it could be killed: make the file bigger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert state(seed_path) == before
