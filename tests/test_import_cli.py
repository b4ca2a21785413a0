"""The data commands end to end: template, import, graphs, drop, and imports killed before and after they commit."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from kg.build import build
from kg.cli.main import main
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
        ["gis100", "2024", "overall", "深圳", "8", "exact", "9", "80.5"],
    ]
    assert sheet["E1"].comment.text == "required: the rank, 1 being the best"
    assert sheet["A2"].comment.text == ("example row: write your own data over it, or delete it "
                                        "(an import refuses it unchanged)")
    assert (sheet["A2"].font.i, sheet["A2"].font.color.rgb) == (True, "00808080")
    assert capsys.readouterr().err == f"wrote the rankings template to {tmp_path / 'r.xlsx'}\n"
    assert main(["template", "nope"]) == 2
    assert capsys.readouterr().err.startswith("innokg: error: unknown template 'nope'; known templates: rankings,")


def test_the_checked_in_templates_are_the_generated_ones(capsys):
    from kg.importing.template_files import template_csv, templates_markdown
    from kg.importing.templates import TEMPLATES

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
    lines = capsys.readouterr().err.splitlines()
    assert [line for line in lines if not line.startswith("checking ")] == [  # progress, then the summary
        "gis100-2024.csv: 6 rows, template rankings",
        "gis100-2024.csv: 83 quads to check against the shapes and hygiene checks",
        f"gis100-2024.csv: checked; writing <{G}gis100-2024>",
        f"gis100-2024.csv: committed 83 quads into <{G}gis100-2024>",
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


def _big_table(path: Path) -> Path:
    """600 rankings rows: an import that takes seconds to check."""
    cities = ["beijing", "shanghai", "london", "new-york", "tokyo", "paris", "boston", "seoul", "shenzhen", "munich"]
    dimensions = ["overall", "innovation-factor-agglomeration", "scientific-research-leadership",
                  "technology-innovation-origination", "industrial-transformation-driving",
                  "innovation-environment-support"]
    lines = ["index,edition,dimension,city,rank"]
    lines += [f"gis100,{year},{dimension},{city},{rank}" for year in range(1991, 2001)
              for dimension in dimensions for rank, city in enumerate(cities, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import_killed_after(store: Path, table: Path, line_starts: str) -> list[str]:
    """Run an import, read its stderr until a line starts with ``line_starts``, kill it there; return the lines."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "--store", str(store), "import", str(table), "--source", "kill test"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines = []
    for line in process.stderr:
        lines.append(line.rstrip("\n"))
        if line.startswith(line_starts):
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL, f"the import ended by itself: {lines}"
    return lines


def test_an_import_is_all_or_nothing_when_killed(seed_path, tmp_path, capsys):
    table = _big_table(tmp_path / "big.csv")
    before = state(seed_path)
    stores = {name: tmp_path / name for name in ("done", "early", "writing", "committed")}
    for copy in stores.values():
        shutil.copytree(seed_path, copy)
    assert main(["--store", str(stores["done"]), "import", str(table), "--source", "kill test"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[-2:] == [f"big.csv: committed 5481 quads into <{G}big>",
                          f"imported 600 rows (rankings) into <{G}big>: 5481 quads, "
                          "citing <https://w3id.org/innokg/id/source/kill-test>"]
    after = state(stores["done"])
    assert after == (before[0] + 5481, {**before[1], G + "big": 5481})

    # killed while it checks (seconds before the write): the store is as it was
    assert _import_killed_after(stores["early"], table, "big.csv: 600 rows") == ["big.csv: 600 rows, template rankings"]
    assert state(stores["early"]) == before

    # killed once the write has begun: the graph is there whole or not at all
    lines = _import_killed_after(stores["writing"], table, "big.csv: checked; writing")
    assert lines[-1] == f"big.csv: checked; writing <{G}big>"
    assert state(stores["writing"]) in (before, after)

    # killed the moment it says "committed" (before its summary and before it closes the store): it landed
    lines = _import_killed_after(stores["committed"], table, "big.csv: committed")
    assert lines[-1] == f"big.csv: committed 5481 quads into <{G}big>"
    assert state(stores["committed"]) == after
    assert main(["--store", str(stores["committed"]), "graphs"]) == 0
    listing = capsys.readouterr().out
    assert next(line for line in listing.splitlines() if line.startswith(G + "big")).split()[:5] == [
        G + "big", "5481", "stated", "id:source/kill-test", "big.csv"]


def run_kg(store: Path, *args) -> subprocess.CompletedProcess:
    """``python -m kg --store STORE ARGS`` as a real process."""
    return subprocess.run([sys.executable, "-m", "kg", "--store", str(store), *map(str, args)],
                          capture_output=True, text=True, timeout=600)


def _rows(store: Path, sparql: str) -> list[str]:
    with OxigraphStore.open(store, read_only=True) as opened:
        return sorted(" ".join(term.value for term in row) for row in opened.query(sparql))


def test_the_same_file_under_another_name_is_refused_or_replaces_its_graph(seed_path, tmp_path):
    first, second = tmp_path / "ranking-2024.csv", tmp_path / "gis100-2024.csv"
    shutil.copy(FIXTURES / "gis100-2024.csv", first)
    shutil.copy(FIXTURES / "gis100-2024.csv", second)
    assert run_kg(seed_path, "import", first, "--source", "GIS100 2024").returncode == 0
    landed = state(seed_path)
    refused = run_kg(seed_path, "import", second, "--source", "GIS100 2024")
    checksum = __import__("hashlib").sha256(second.read_bytes()).hexdigest()
    assert (refused.returncode, refused.stderr) == (2, (
        f"innokg: error: gis100-2024.csv: the same file (sha256 {checksum[:12]}…) is already imported as "
        f"<{G}ranking-2024>; hint: importing it again would state every fact twice: leave it, or pass --replace "
        f"to import it into <{G}gis100-2024> in place of that graph\n"
        "innokg: error: gis100-2024.csv: 1 problem, nothing imported\n"))
    assert state(seed_path) == landed

    replaced = run_kg(seed_path, "import", second, "--source", "GIS100 2024", "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert replaced.stderr.splitlines()[-2:] == [
        f"replaced <{G}ranking-2024> (83 triples): it held the same file",
        f"imported 6 rows (rankings) into <{G}gis100-2024>: 83 quads, "
        "citing <https://w3id.org/innokg/id/source/gis100-2024>"]
    sizes = state(seed_path)[1]
    assert (G + "ranking-2024" in sizes, sizes[G + "gis100-2024"]) == (False, 83)
    assert len(_rows(seed_path, "SELECT ?o WHERE { ?o ik:edition <https://w3id.org/innokg/id/edition/gis100-2024> ; "
                                "ik:rank ?r }")) == 5

    # --replace with an import that fails after the set-aside: the graph comes back as it was
    failed = run_kg(seed_path, "import", first, "--source", " ", "--replace")
    assert (failed.returncode, failed.stderr) == (2, (
        'innokg: error: --source must say where the data come from, e.g. --source "GIS100 2024 report, table 2"\n'))
    assert state(seed_path)[1] == sizes


def test_the_template_example_row_is_refused_unchanged_in_csv_and_xlsx(seed_path, tmp_path):
    before = state(seed_path)
    for suffix in ("csv", "xlsx"):
        table = tmp_path / f"rankings.{suffix}"
        assert main(["template", "rankings", "-o", str(table)]) == 0
        refused = run_kg(seed_path, "import", table, "--source", "GIS100 2024")
        assert (refused.returncode, refused.stderr) == (2, (
            f"innokg: error: rankings.{suffix}: row 2: the example row of the rankings template, unchanged; "
            "hint: write your own data over it, or delete the row\n"
            f"innokg: error: rankings.{suffix}: 1 problem, nothing imported\n"))
    assert state(seed_path) == before

    # the example row among real rows, with some optional columns left out: still refused, by its row
    workbook = openpyxl.Workbook()
    workbook.active.append(["index", "edition", "city", "rank"])
    workbook.active.append(["gis100", "2024", "北京", "4"])
    workbook.active.append(["gis100", 2024, "深圳", 8])
    workbook.save(tmp_path / "mine.xlsx")
    refused = run_kg(seed_path, "import", tmp_path / "mine.xlsx", "--source", "GIS100 2024")
    assert refused.stderr.splitlines()[0] == ("innokg: error: mine.xlsx: row 3: the example row of the rankings "
                                              "template, unchanged; hint: write your own data over it, or delete "
                                              "the row")
    # written over, it imports
    (tmp_path / "mine.csv").write_text("index,edition,city,rank\ngis100,2024,深圳,9\n", encoding="utf-8")
    assert run_kg(seed_path, "import", tmp_path / "mine.csv", "--source", "GIS100 2024").returncode == 0


def test_a_rank_tie_is_imported_with_a_warning(seed_path, tmp_path):
    table = tmp_path / "ties.csv"
    table.write_text("index,edition,dimension,city,rank\ngis100,2023,overall,北京,5\ngis100,2023,overall,上海,5\n"
                     "gis100,2023,overall,深圳,6\n", encoding="utf-8")
    done = run_kg(seed_path, "import", table, "--source", "GIS100 2023")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == (
        "innokg: warning: ties.csv: rank 5 of Global Science and Technology Innovation Centres 100 2023 edition "
        "(overall ranking) is held by 2 cities: 上海, 北京; kept as stated: check the source")
    alone = tmp_path / "no-ties.csv"
    alone.write_text("index,edition,city,rank\ngis100,2022,北京,5\n", encoding="utf-8")
    done = run_kg(seed_path, "import", alone, "--source", "GIS100 2022")
    assert [line for line in done.stderr.splitlines() if "warning" in line] == []


def test_rmb_and_thousands_separators_are_normalized(seed_path, tmp_path):
    table = tmp_path / "funding.csv"
    table.write_text("key,recipient,amount,currency,status\npanxin-rmb-grant,泮芯科技,\"3,000,000\",RMB,approved\n",
                     encoding="utf-8")
    done = run_kg(seed_path, "import", table, "--source", "a test grant")
    assert done.returncode == 0, done.stderr
    assert _rows(seed_path, "SELECT ?v ?c ?label WHERE { <https://w3id.org/innokg/id/indicator-value/"
                            "funding-panxin-rmb-grant-amount> "
                            'schema:value ?v ; schema:currency ?c ; rdfs:label ?label FILTER (LANG(?label) = "en") }'
                 ) == ["3000000 CNY Funding to Panxin Technology (Shanghai) Co., Ltd.: 3000000 CNY"]
