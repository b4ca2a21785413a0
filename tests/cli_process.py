"""The real ``innokg`` command in a process of its own, a fresh store built by it, and its import steps
(tests' shared helpers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import OxigraphStore

#: The command line that runs innokg with this interpreter (its package, not whatever is on PATH).
INNOKG = [sys.executable, "-m", "kg"]


def innokg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real ``innokg`` command with ``args``; its output as text."""
    return subprocess.run([*INNOKG, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture
def store_path(tmp_path) -> Path:
    """A store that ``innokg build`` made in the test's folder (ontology and seed)."""
    path = tmp_path / "store"
    built = innokg("--store", str(path), "build")
    assert built.returncode == 0, built.stderr
    return path


def import_ok(store_path: Path, table: Path, source: str) -> subprocess.CompletedProcess:
    """``innokg import TABLE --source SOURCE`` into the store at ``store_path``; it must succeed (exit 0)."""
    done = innokg("--store", str(store_path), "import", str(table), "--source", source)
    assert done.returncode == 0, done.stderr
    return done


def refused(store_path: Path, table: Path, text: str | None = None, source: str = "x") -> list[str]:
    """Write ``text`` (if given) to ``table``, import it (it must be refused: exit 2, nothing stored) and return
    its error lines (those starting ``innokg:``)."""
    if text is not None:
        table.write_text(text, encoding="utf-8")
    before = graph_sizes(store_path)
    done = innokg("--store", str(store_path), "import", str(table), "--source", source)
    assert done.returncode == 2, done.stderr
    assert graph_sizes(store_path) == before
    return [line for line in done.stderr.splitlines() if line.startswith("innokg:")]


def graph_sizes(store_path: Path) -> dict:
    """Graph -> quads of the store at ``store_path``, opened read-only."""
    with OxigraphStore.open(store_path, read_only=True) as store:
        return store.graph_sizes()
