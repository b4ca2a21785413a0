"""`innokg drop` is safe: graphs no import made need --force, graphs others use need --cascade (real processes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from kg.build import build
from kg.store import OxigraphStore
from kg.validate import shacl_results

G = "https://w3id.org/innokg/graph/"
ORGS = G + "import/parks"
LINKS = G + "import/links"


def run_kg(store: Path, *args) -> subprocess.CompletedProcess:
    """``python -m kg --store STORE ARGS`` as a real process."""
    return subprocess.run([sys.executable, "-m", "kg", "--store", str(store), *map(str, args)],
                          capture_output=True, text=True, timeout=600)


def sizes(store: Path) -> dict:
    with OxigraphStore.open(store, read_only=True) as opened:
        return opened.graph_sizes()


def violations(store: Path) -> int:
    with OxigraphStore.open(store, read_only=True) as opened:
        return sum(result.severity == "Violation" for result in shacl_results(opened))


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """A seed store with an organizations workbook (xlsx) and a relations table (CSV) that uses it.

    The relations cite the same source, which the workbook's graph describes: the links graph uses two of its
    things (the park and the source).
    """
    folder = tmp_path_factory.mktemp("drop")
    store = folder / "store"
    build(store)
    workbook = openpyxl.Workbook()
    workbook.active.append(["key", "type", "name_zh", "name_en", "city"])
    workbook.active.append(["test-park", "science-park", "测试科技园", "Test Science Park", "上海"])
    workbook.save(folder / "parks.xlsx")
    (folder / "links.csv").write_text("subject,relation,object\n泮芯科技,incubated-by,测试科技园\n", encoding="utf-8")
    for name in ("parks.xlsx", "links.csv"):
        done = run_kg(store, "import", folder / name, "--source", "drop test")
        assert done.returncode == 0, done.stderr
    return store


@pytest.fixture
def store(imported, tmp_path) -> Path:
    """A fresh copy of the imported store for each test."""
    copy = tmp_path / "store"
    subprocess.run(["cp", "-r", str(imported), str(copy)], check=True)
    return copy


def test_the_ontology_seed_and_reference_graphs_need_force(store):
    before = sizes(store)
    for name in ("ontology", "reference", "gis100-2025-global"):
        refused = run_kg(store, "drop", name)
        assert (refused.returncode, refused.stderr) == (2, (
            f"innokg: error: <{G}{name}> was not made by an import (the ontology, the seed, reference data): "
            "dropping it would break the graphs that rely on it; pass --force to drop it anyway\n"))
    assert sizes(store) == before
    # --force alone is not enough when other graphs use its things: they are listed
    refused = run_kg(store, "drop", "gis100-2025-lead", "--force")
    assert (refused.returncode, refused.stderr) == (2, (
        f"innokg: error: <{G}gis100-2025-lead> is still used by 6 other graphs: "
        f"<{G}curation> (1 thing, e.g. id:index/gis100); "
        f"<{G}gis100-2025-china> (1 thing, e.g. id:edition/gis100-2025); "
        f"<{G}gis100-2025-global> (2 things, e.g. id:edition/gis100-2025); "
        f"<{G}gis100-2025-inferred> (1 thing, e.g. id:edition/gis100-2025); "
        f"<{G}gis100-2025-recommendations> (1 thing, e.g. id:edition/gis100-2025); "
        f"<{G}sources> (2 things, e.g. id:edition/gis100-2025); "
        "pass --cascade to drop them too (--dry-run lists what would go)\n"))
    assert sizes(store) == before
    # an unused graph no import made goes with --force
    done = run_kg(store, "drop", "gis100-2025-recommendations", "--force")
    assert (done.returncode, done.stderr) == (0, f"dropped <{G}gis100-2025-recommendations> (58 triples)\n")


def test_a_graph_whose_things_others_use_is_refused_listed_and_cascaded(store):
    before = sizes(store)
    assert violations(store) == 0
    refused = run_kg(store, "drop", "parks")
    assert (refused.returncode, refused.stderr) == (2, (
        f"innokg: error: <{ORGS}> is still used by 1 other graph: <{LINKS}> (2 things, e.g. id:org/test-park); "
        "pass --cascade to drop them too (--dry-run lists what would go)\n"))
    assert sizes(store) == before

    dry = run_kg(store, "drop", "parks", "--dry-run")
    assert (dry.returncode, dry.stdout, dry.stderr) == (0, (
        f"would drop <{ORGS}> ({before[ORGS]} triples)\n"
        f"would drop <{LINKS}> ({before[LINKS]} triples): it uses 2 things of <{ORGS}>\n"
        f"dry run: 2 graphs, {before[ORGS] + before[LINKS]} triples; nothing dropped (needs --cascade)\n"), "")
    assert sizes(store) == before

    done = run_kg(store, "drop", "parks", "--cascade")
    assert (done.returncode, done.stderr) == (0, (
        f"dropped <{ORGS}> ({before[ORGS]} triples)\ndropped <{LINKS}> ({before[LINKS]} triples)\n"))
    after = sizes(store)
    assert (ORGS in after, LINKS in after) == (False, False)
    assert violations(store) == 0


def test_a_graph_nothing_uses_drops_alone(store):
    before = sizes(store)
    dry = run_kg(store, "drop", "links", "--dry-run")
    assert (dry.returncode, dry.stdout) == (0, (
        f"would drop <{LINKS}> ({before[LINKS]} triples)\ndry run: 1 graph, {before[LINKS]} triples; nothing dropped\n"))
    done = run_kg(store, "drop", "links")
    assert (done.returncode, done.stderr) == (0, f"dropped <{LINKS}> ({before[LINKS]} triples)\n")
    assert sizes(store) == {graph: size for graph, size in before.items() if graph != LINKS}
    assert violations(store) == 0
