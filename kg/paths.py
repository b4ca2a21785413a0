"""Where innokg finds its resources and keeps its store.

The ontology, seed data and saved queries live in the repository, next to
the ``kg`` package; the store lives in the user's data directory unless
``INNOKG_STORE`` says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "ROOT",
    "ONTOLOGY_DIR",
    "SHAPES_FILE",
    "HYGIENE_DIR",
    "SEED_DIR",
    "QUERIES_DIR",
    "default_store_path",
]

#: The repository root: the folder that holds the ``kg`` package.
ROOT = Path(__file__).resolve().parent.parent
#: OWL ontology modules in Turtle, one file each, plus the SHACL shapes.
ONTOLOGY_DIR = ROOT / "ontology"
#: SHACL shapes that every build must conform to.
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
#: Hygiene checks: SELECT queries returning one ``?error`` row per problem.
HYGIENE_DIR = ONTOLOGY_DIR / "hygiene"
#: Seed data, one TriG file each, naming its own graphs.
SEED_DIR = ROOT / "data" / "seed"
#: Saved queries, one ``.rq`` file each (``networks/`` for graph projections).
QUERIES_DIR = ROOT / "queries"


def default_store_path() -> Path:
    """Return where the on-disk store lives by default.

    ``$INNOKG_STORE`` if set, else ``${XDG_DATA_HOME:-~/.local/share}/innokg/store``.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import os
    >>> os.environ["INNOKG_STORE"] = "/tmp/innokg-example-store"
    >>> default_store_path()
    PosixPath('/tmp/innokg-example-store')
    >>> del os.environ["INNOKG_STORE"]
    """
    explicit = os.environ.get("INNOKG_STORE")
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home).expanduser() / "innokg" / "store"
