"""``innokg query`` starts without importing what it does not use: the heavy libraries (networkx, scipy, numpy,
pandas, pyshacl, rdflib, pyvis, igraph, the web stack) are imported by the commands that need them, when they
need them (issue 20: an ASK on the seed took 0.57 s before it asked anything)."""

from __future__ import annotations

import json
import subprocess
import sys

from kg.build import build

HEAVY = ("networkx", "scipy", "numpy", "pandas", "pyshacl", "rdflib", "pyvis", "igraph", "fastapi", "uvicorn",
         "httpx", "owlready2")

_RUN = """
import json, sys
from kg.cli.main import main
status = main(sys.argv[1:])
print(json.dumps([status, sorted(name for name in {heavy!r} if name in sys.modules)]))
"""


def _modules_after(*argv: str) -> tuple[int, list[str], str]:
    done = subprocess.run([sys.executable, "-c", _RUN.format(heavy=HEAVY), *argv], capture_output=True, text=True,
                          check=True)
    lines = done.stdout.strip().splitlines()
    status, imported = json.loads(lines[-1])
    return status, imported, "\n".join(lines[:-1])


def test_a_query_imports_none_of_the_heavy_libraries(tmp_path):
    store = tmp_path / "store"
    build(store)
    status, imported, output = _modules_after("--store", str(store), "query",
                                              "ASK { <https://w3id.org/innokg/id/city/beijing> ?p ?o }")
    assert (status, imported, output) == (0, [], "true")


def test_the_parser_and_help_of_every_command_import_none_of_them():
    status, imported, output = _modules_after("metrics", "--help")
    assert "--time-budget SECONDS" in output and "(default: 120)" in output
    assert imported == []
