"""Build the store from the ontology and the seed data, atomically.

Every ``ontology/*.ttl`` except ``shapes.ttl`` goes into the ontology
graph; every ``data/seed/*.trig`` is loaded as is, naming its own graphs.
The on-disk store is built in a fresh folder next to the target and swapped
in with renames, so a failed build leaves the previous store untouched. The
build holds the store (:func:`kg.store.lock.hold_store`) from start to swap:
no other writer works on it, or on the folders beside it, meanwhile.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InnokgError
from kg.namespaces import ONTOLOGY_GRAPH
from kg.paths import ONTOLOGY_DIR, ROOT, SEED_DIR, SHAPES_FILE, default_store_path
from kg.store import GraphStore, OxigraphStore
from kg.store.lock import hold_store

__all__ = ["LoadedFile", "BuildSummary", "source_files", "load_sources", "build", "build_memory"]


@dataclass(frozen=True)
class LoadedFile:
    """One source file, loaded.

    Attributes
    ----------
    path : pathlib.Path
    graph : str or None
        The graph its triples went to; None when the file names its own.
    triples : int or None
        How many triples (quads) it held; None for a large file loaded without counting.
    """

    path: Path
    graph: str | None
    triples: int | None

    @property
    def display_path(self) -> str:
        """The path relative to the repository when it is inside it."""
        try:
            return str(self.path.resolve().relative_to(ROOT))
        except ValueError:
            return str(self.path)


@dataclass
class BuildSummary:
    """What a build did: the store, the files loaded, the size and the time taken."""

    path: Path | None
    files: list[LoadedFile] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0
    kept: dict[str, int] = field(default_factory=dict)


Progress = Callable[[LoadedFile], None]


def source_files(ontology_dir: Path = ONTOLOGY_DIR, seed_dir: Path = SEED_DIR) -> list[tuple[Path, str | None]]:
    """List the files a build loads, in order, with their target graph.

    Parameters
    ----------
    ontology_dir : pathlib.Path, optional
        Its ``*.ttl`` files except ``shapes.ttl`` go to the ontology graph.
    seed_dir : pathlib.Path, optional
        Its ``*.trig`` files name their own graphs.

    Returns
    -------
    list of (pathlib.Path, str or None)

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("b.ttl", "a.ttl", "shapes.ttl", "x.trig"):
    ...     _ = (folder / name).write_text("")
    >>> [(path.name, graph) for path, graph in source_files(folder, folder)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('a.ttl', 'https://w3id.org/innokg/graph/ontology'),
     ('b.ttl', 'https://w3id.org/innokg/graph/ontology'), ('x.trig', None)]
    """
    ontology_dir, seed_dir = Path(ontology_dir), Path(seed_dir)
    ontology = [
        (path, ONTOLOGY_GRAPH)
        for path in sorted(ontology_dir.glob("*.ttl"))
        if path.name != SHAPES_FILE.name
    ]
    seed = [(path, None) for path in sorted(seed_dir.glob("*.trig"))]
    return ontology + seed


def load_sources(
    store: GraphStore,
    ontology_dir: Path = ONTOLOGY_DIR,
    seed_dir: Path = SEED_DIR,
    progress: Progress | None = None,
) -> list[LoadedFile]:
    """Bulk-load the ontology and seed files into ``store``.

    Parameters
    ----------
    store : GraphStore
        A fresh store; it is left half-loaded when a file fails.
    ontology_dir, seed_dir : pathlib.Path, optional
    progress : callable, optional
        Called with a :class:`LoadedFile` after each file.

    Returns
    -------
    list of LoadedFile
    """
    loaded = []
    for path, graph in source_files(ontology_dir, seed_dir):
        triples = store.bulk_load(path, graph=graph)
        loaded.append(LoadedFile(path, graph, triples))
        if progress is not None:
            progress(loaded[-1])
    return loaded


def build_memory(
    *, ontology_dir: Path = ONTOLOGY_DIR, seed_dir: Path = SEED_DIR, progress: Progress | None = None
) -> OxigraphStore:
    """Return an in-memory store loaded as :func:`build` loads the disk one.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "tiny.ttl").write_text("<http://e/A> a <http://www.w3.org/2002/07/owl#Class> .")
    >>> store = build_memory(ontology_dir=folder, seed_dir=folder)
    >>> store.graph_sizes()
    {'https://w3id.org/innokg/graph/ontology': 1}
    """
    store = OxigraphStore.memory()
    load_sources(store, ontology_dir, seed_dir, progress)
    return store


def build(
    path: str | os.PathLike | None = None,
    *,
    ontology_dir: Path = ONTOLOGY_DIR,
    seed_dir: Path = SEED_DIR,
    progress: Progress | None = None,
    keep_other_graphs: bool = True,
    stage: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Build the on-disk store from scratch, replacing the old one only on success.

    The new store is loaded into a fresh folder beside ``path``; then the old
    store is renamed away, the new one renamed into place, and the old one
    removed, all while holding the store (:func:`kg.store.lock.hold_store`,
    waiting up to ``$INNOKG_WAIT`` seconds for another writer). The folders a
    killed build left beside the store are removed first (and a store it had
    renamed away, put back). Running it twice gives the same store. Named graphs of the old
    store that the build does not make (a user's imports, computed metrics)
    are carried over unless ``keep_other_graphs`` is false.

    Parameters
    ----------
    path : str or os.PathLike, optional
        The store folder; :func:`kg.paths.default_store_path` when omitted.
    ontology_dir, seed_dir : pathlib.Path, optional
        Where the sources are (the repository's by default).
    progress : callable, optional
        Called with a :class:`LoadedFile` after each file.
    keep_other_graphs : bool, optional
        Carry over the old store's graphs that no source file makes (default True).
    stage : callable, optional
        Called with ``"compacting"`` when the loading is done and the store
        is compacted (seconds a million triples).

    Returns
    -------
    BuildSummary
        ``kept`` maps each carried-over graph to its size.

    Raises
    ------
    InnokgError
        When a source does not parse (``file:line:column: message``), or
        ``path`` exists and is not a store.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "tiny.ttl").write_text("<http://e/A> a <http://www.w3.org/2002/07/owl#Class> .")
    >>> summary = build(folder / "store", ontology_dir=folder, seed_dir=folder)
    >>> summary.triples, [loaded.path.name for loaded in summary.files]
    (1, ['tiny.ttl'])
    """
    started = time.perf_counter()
    target = Path(path) if path is not None else default_store_path()
    with hold_store(target, create_folder=True):
        _clear_leftovers(target)
        _check_replaceable(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
        try:
            store = OxigraphStore.open(staging)
            try:
                files = load_sources(store, ontology_dir, seed_dir, progress)
                kept = _carry_over(target, store) if keep_other_graphs else {}
                if stage is not None:
                    stage("compacting")
                store.optimize()  # read-only opens (`innokg query`, `serve`) never compact it themselves
                triples = len(store)  # counted after compaction: 3x faster
            finally:
                store.close()
                del store
            _swap_in(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return BuildSummary(target, files, triples, time.perf_counter() - started, kept)


def _clear_leftovers(target: Path) -> None:
    """Remove the folders a killed build left beside ``target``; put back a store it had renamed away.

    Called while holding the store, so no build is running there now.
    """
    retired = sorted(target.parent.glob(f".{target.name}.old-*/store"), key=lambda path: path.stat().st_mtime)
    if retired and not target.exists():  # killed between the two renames of _swap_in
        os.rename(retired[-1], target)
    for leftover in [*target.parent.glob(f".{target.name}.building-*"), *target.parent.glob(f".{target.name}.old-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _carry_over(old_path: Path, new: OxigraphStore) -> dict[str, int]:
    """Copy the graphs of the store at ``old_path`` that ``new`` lacks (imports, metrics)."""
    if not OxigraphStore.exists(old_path):
        return {}
    built = set(new.named_graphs())
    old = OxigraphStore.open(old_path, read_only=True)
    try:
        kept = {}
        for graph in old.named_graphs():
            if graph in built:
                continue
            kept[graph] = new.replace_graph(graph, [quad.triple for quad in old.quads(graph)])
        return kept
    finally:
        old.close()


def _check_replaceable(target: Path) -> None:
    """Refuse to replace anything but a store or an empty folder."""
    if not target.exists():
        return
    if not target.is_dir():
        raise InnokgError(f"{target} is a file, not a store: refusing to replace it")
    if not OxigraphStore.exists(target) and any(target.iterdir()):
        raise InnokgError(f"{target} is a non-empty folder that is not a store: refusing to replace it")


def _swap_in(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is, removing the old target only at the end."""
    if not target.exists():
        os.rename(staging, target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rename(target, retired / "store")
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(retired / "store", target)
        raise
    shutil.rmtree(retired, ignore_errors=True)
