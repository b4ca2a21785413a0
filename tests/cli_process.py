"""The real ``innokg`` command in a process of its own, and a fresh store built by it (tests' shared helpers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
