"""One writer at a time, with real processes: writers started at once, a writer that gives up, a killed holder, readers.

Every process here is a real ``python -m kg`` (or a helper that holds the
store through :mod:`kg.store.lock` until its stdin closes); the tests
synchronize on their output lines, never on sleeps.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from http_server import TOKEN, free_port, running_server
from kg.build import build
from kg.store.lock import Holder, lock_path, store_holder

ROOT = Path(__file__).parent.parent
G = "https://w3id.org/innokg/graph/import/"

#: Holds the store given as argv[1] as the command argv[2], says "held", and keeps it until stdin closes.
HOLDER = """
import sys
from kg.store.lock import hold_store
with hold_store(sys.argv[1], command=sys.argv[2], wait=0):
    print("held", flush=True)
    sys.stdin.read()
"""

#: Runs kg.build.build on argv[1] as ``innokg build``, stopping after its first file until it is killed.
BUILDER = """
import sys
from kg.build import build
from kg.store.lock import hold_store

def stop(loaded):
    print("loaded", loaded.display_path, flush=True)
    sys.stdin.read()

with hold_store(sys.argv[1], command="innokg build", wait=0):
    build(sys.argv[1], progress=stop)
"""


def _env() -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("INNOKG_WAIT", "INNOKG_STORE")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def innokg(store: Path, *args: str, **popen) -> subprocess.Popen:
    """Start ``python -m kg --store STORE ARGS`` with its output captured."""
    return subprocess.Popen([sys.executable, "-m", "kg", "--store", str(store), *args], cwd=ROOT, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def run(store: Path, *args: str) -> subprocess.CompletedProcess:
    process = innokg(store, *args)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def hold(store: Path, command: str) -> subprocess.Popen:
    """Start a helper holding the store; return once it holds it."""
    helper = subprocess.Popen([sys.executable, "-c", HOLDER, str(store), command], cwd=ROOT, env=_env(),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert helper.stdout.readline() == "held\n"
    return helper


def release(helper: subprocess.Popen) -> None:
    helper.stdin.close()
    assert helper.wait(timeout=60) == 0


def alias_file(folder: Path, n: int) -> Path:
    path = folder / f"alias-{n}.ttl"
    path.write_text('<https://w3id.org/innokg/id/city/beijing> '
                    f'<http://www.w3.org/2004/02/skos/core#altLabel> "Peking {n}"@en .\n', encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path) -> Path:
    path = tmp_path / "store"
    build(path)
    return path


def _waits(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("innokg: waiting for the store: ")]


def test_build_and_import_started_at_once_both_land(store, tmp_path):
    rounds = 5
    helper = hold(store, "lock-holder (test)")
    holder = store_holder(store)
    for n in range(rounds):
        building = innokg(store, "build")
        importing = innokg(store, "import", str(alias_file(tmp_path, n)), "--source", "innokg curators")
        if n == 0:  # the first round: both wait behind the helper, then race for the store when it lets go
            assert building.stderr.readline() == f"innokg: waiting for the store: {holder}\n"
            assert importing.stderr.readline() == f"innokg: waiting for the store: {holder}\n"
            release(helper)
        build_out, build_err = building.communicate(timeout=300)
        import_out, import_err = importing.communicate(timeout=300)
        assert (building.returncode, importing.returncode) == (0, 0), build_err + import_err
        assert build_err.splitlines()[-1].startswith(f"built {store}: ")
        quads = 22 if n == 0 else 18  # the first import adds the source it cites too
        assert import_err.splitlines()[-1] == (f"imported 1 quads (rdf) into <{G}alias-{n}>: {quads} quads, "
                                               "citing <https://w3id.org/innokg/id/source/innokg-curators>")
        # whoever waited names the helper (first round) or the other writer, with its pid
        for line in _waits(build_err):
            assert line.split(": ", 2)[2].startswith((f"innokg import, pid {importing.pid}, since ",
                                                      f"lock-holder (test), pid {helper.pid}, since "))
        for line in _waits(import_err):
            assert line.split(": ", 2)[2].startswith((f"innokg build, pid {building.pid}, since ",
                                                      f"lock-holder (test), pid {helper.pid}, since "))
    assert store_holder(store) is None and lock_path(store).read_text() == ""
    graphs = run(store, "graphs")
    assert graphs.returncode == 0, graphs.stderr
    assert sorted(line.split()[0] for line in graphs.stdout.splitlines() if line.startswith(G)) == \
        sorted(f"{G}alias-{n}" for n in range(rounds))
    stats = run(store, "stats")
    assert stats.returncode == 0 and stats.stderr == "", stats.stderr
    query = run(store, "query", "SELECT ?name WHERE { <https://w3id.org/innokg/id/city/beijing> "
                                "<http://www.w3.org/2004/02/skos/core#altLabel> ?name "
                                'FILTER STRSTARTS(?name, "Peking ") } ORDER BY ?name', "-f", "csv")
    assert query.returncode == 0, query.stderr
    assert query.stdout.splitlines() == ["name", *(f"Peking {n}" for n in range(rounds))]
    assert not list(store.parent.glob(".store.*"))  # no build folder left behind


def test_a_writer_gives_up_naming_the_holder(store, tmp_path):
    helper = hold(store, "innokg build")
    try:
        holder = store_holder(store)
        assert (holder.command, holder.pid) == ("innokg build", helper.pid)
        since = holder.describe()
        assert since == f"innokg build, pid {helper.pid}, since {holder.since.astimezone():%H:%M:%S}"
        waited = run(store, "--wait", "1", "import", str(alias_file(tmp_path, 1)), "--source", "innokg curators")
        assert waited.returncode == 2
        assert waited.stderr.splitlines() == [
            f"innokg: waiting for the store: {since}",
            f"innokg: error: the store at {store} is in use by {since}; gave up after waiting 1 s "
            "(--wait SECONDS to wait longer)"]
        for command in (["build"], ["drop", "alias-1"], ["metrics", "--network", "funding", "--write"],
                        ["import", str(alias_file(tmp_path, 2)), "--source", "innokg curators"]):
            at_once = run(store, *command, "--wait", "0")
            assert (at_once.returncode, at_once.stderr) == (
                2, f"innokg: error: the store at {store} is in use by {since} (--wait 0: not waiting)\n"), command
    finally:
        release(helper)
    assert run(store, "--wait", "-1", "drop", "x").stderr == \
        "innokg: error: argument --wait: expected seconds (0 or more), got '-1' (see `innokg --help`)\n"
    landed = run(store, "--wait", "0", "import", str(alias_file(tmp_path, 1)), "--source", "innokg curators")
    assert landed.returncode == 0, landed.stderr
    assert _waits(landed.stderr) == []


def test_a_killed_holder_is_taken_over(store, tmp_path):
    helper = hold(store, "lock-holder (test)")
    left = store_holder(store)
    helper.kill()  # kill -9: the kernel releases the lock, the record stays
    helper.wait(timeout=60)
    assert store_holder(store) is None and Holder.from_json(lock_path(store).read_text()) == left
    taken = run(store, "import", str(alias_file(tmp_path, 1)), "--source", "innokg curators")
    assert taken.returncode == 0, taken.stderr
    assert taken.stderr.splitlines()[0] == \
        f"innokg: taking over the store from {left}: it ended without releasing it"
    assert lock_path(store).read_text() == ""


def test_a_killed_build_is_taken_over_and_its_folder_removed(store, tmp_path):
    building = subprocess.Popen([sys.executable, "-c", BUILDER, str(store)], cwd=ROOT, env=_env(),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert building.stdout.readline() == "loaded ontology/extract.ttl\n"  # mid-build: the store held, its folder made
    left = store_holder(store)
    assert (left.command, left.pid) == ("innokg build", building.pid)
    assert len(list(store.parent.glob(".store.building-*"))) == 1
    building.kill()
    building.wait(timeout=60)
    taken = run(store, "import", str(alias_file(tmp_path, 1)), "--source", "innokg curators")
    assert taken.returncode == 0, taken.stderr
    assert taken.stderr.splitlines()[0] == \
        f"innokg: taking over the store from {left}: it ended without releasing it"
    rebuilt = run(store, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"kept {G}alias-1 … 22 triples" in rebuilt.stderr.splitlines()
    assert not list(store.parent.glob(".store.*"))


def test_readers_read_while_a_writer_holds_the_store(store):
    before = run(store, "stats")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    counted = run(store, "query", count, "-f", "csv")
    helper = hold(store, "innokg import")
    try:
        during = run(store, "stats")
        assert (during.returncode, during.stdout, during.stderr) == (0, before.stdout, "")
        queried = run(store, "query", count, "-f", "csv")
        assert (queried.returncode, queried.stdout, queried.stderr) == (0, counted.stdout, "")
        assert queried.stdout.splitlines()[0] == "n" and int(queried.stdout.splitlines()[1]) > 3000
    finally:
        release(helper)


def test_serve_with_updates_holds_the_store(store, tmp_path):
    helper = hold(store, "innokg build")
    try:
        holder = store_holder(store)
        refused = run(store, "--wait", "1", "serve", "--allow-update", "--token", TOKEN, "--port", str(free_port()))
        assert (refused.returncode, refused.stderr.splitlines()) == (2, [
            f"innokg: waiting for the store: {holder}",
            f"innokg: error: the store at {store} is in use by {holder}; gave up after waiting 1 s "
            "(--wait SECONDS to wait longer)"])
    finally:
        release(helper)
    with running_server(store, "--allow-update", "--token", TOKEN, log_dir=tmp_path) as server:
        holder = store_holder(store)
        assert (holder.command, holder.pid) == ("innokg serve --allow-update", server.process.pid)
        refused = run(store, "--wait", "0", "drop", "x")
        assert (refused.returncode, refused.stderr) == (
            2, f"innokg: error: the store at {store} is in use by {holder} (--wait 0: not waiting)\n")
        read = run(store, "graphs")
        assert read.returncode == 0 and read.stdout.endswith(" named graphs)\n"), read.stderr
    assert store_holder(store) is None
    dropped = run(store, "--wait", "0", "drop", "x")
    assert (dropped.returncode, dropped.stderr) == (
        2, "innokg: error: no graph 'x' in the store (see `innokg graphs`)\n")


def test_a_library_write_holds_the_store_too(store, monkeypatch):
    from kg.importing.commit import write_graph
    from kg.store import OxigraphStore
    from kg.store.lock import StoreBusy

    helper = hold(store, "innokg build")
    monkeypatch.setenv("INNOKG_WAIT", "0")
    try:
        holder = store_holder(store)
        with OxigraphStore.open(store) as opened:
            with pytest.raises(StoreBusy) as refused:
                write_graph(opened, G + "x", [])
        assert str(refused.value) == f"the store at {store} is in use by {holder} (--wait 0: not waiting)"
        assert refused.value.holder == holder
    finally:
        release(helper)
