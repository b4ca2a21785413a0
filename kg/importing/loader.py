"""Import a table (CSV or Excel) into its own named graph: check everything, then write at once.

The steps: read the table; pick its template; read every cell and match
every name; build the quads with provenance; run the SHACL shapes and
hygiene checks on the store with the new graph in place; write the graph
in one transaction. Any problem at any step stops the import with all the
problems of that step, and nothing is written. Importing a file whose
checksum the graph already records changes nothing.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from typing import Unpack
from pathlib import Path

from kg.importing.commit import ImportOptions, commit_import, read_import_source
from kg.importing.mapping import map_table
from kg.importing.problems import ImportFailed, Problem
from kg.importing.progress import Ticker
from kg.importing.provenance import cited_source, import_record
from kg.importing.reconcile import Reconciler
from kg.importing.tabular import Table, read_table
from kg.importing.templates import TEMPLATES, Template, get_template
from kg.store import GraphStore

__all__ = ["ImportResult", "detect_template", "import_table"]


@dataclass(frozen=True)
class ImportResult:
    """What an import did.

    Attributes
    ----------
    graph : str
        The named graph the data went to.
    what : str
        The template name, or the RDF format.
    rows : int
        Data rows read (quads read, for RDF).
    quads : int
        Quads in the graph after the import.
    source : str
        IRI of the cited source.
    checksum : str
        SHA-256 of the file.
    unchanged : bool
        True when the graph already held this very file: nothing was written.
    """

    graph: str
    what: str
    rows: int
    quads: int
    source: str
    checksum: str
    unchanged: bool = False

    def text(self) -> str:
        """One line for people."""
        if self.unchanged:
            return f"unchanged: <{self.graph}> already holds this file (sha256 {self.checksum[:12]}…)"
        return f"imported {self.rows} {'rows' if self.what != 'rdf' else 'quads'} ({self.what}) into " \
               f"<{self.graph}>: {self.quads} quads, citing <{self.source}>"


def detect_template(table: Table) -> Template:
    """Pick the template whose columns a table has.

    Examples
    --------
    >>> detect_template(Table("a.csv", ["index", "edition", "city", "rank"], [])).name
    'rankings'
    >>> detect_template(Table("a.csv", ["key", "type", "name_zh", "name_en"], []))
    Traceback (most recent call last):
    kg.importing.problems.ImportFailed: a.csv: 1 problem, nothing imported
    """
    headers = set(table.headers)
    fits = [t for t in TEMPLATES.values()
            if headers <= {c.name for c in t.columns} and all(name in headers for name in t.required)]
    if len(fits) == 1:
        return fits[0]
    overlap = {t.name: len(headers & {c.name for c in t.columns}) for t in TEMPLATES.values()}
    best = max(overlap.values())
    leaders = [name for name, count in overlap.items() if count == best]
    if not fits and best and len(leaders) == 1:
        return TEMPLATES[leaders[0]]
    candidates = ", ".join(t.name for t in fits) if fits else ", ".join(TEMPLATES)
    raise ImportFailed([Problem(table.name, "cannot tell which template the columns follow", 1,
                                hint=f"pass --template NAME (one of {candidates})")])


def import_table(store: GraphStore, path: str | os.PathLike, *, source: str, template: str | None = None,
                 **options: Unpack[ImportOptions]) -> ImportResult:
    """Import a CSV or xlsx table into a named graph, all of it or nothing.

    Parameters
    ----------
    store : GraphStore
        Opened for writing.
    path : str or os.PathLike
        A ``.csv`` (UTF-8) or ``.xlsx`` (one sheet) file.
    source : str
        The cited source: a source of the graph (IRI, key or label) or a
        description of a new one.
    template : str, optional
        The template name; guessed from the columns when omitted.
    **options
        ``graph``, ``shapes_file``, ``hygiene_dir``, ``now`` and ``progress``
        (:class:`kg.importing.commit.ImportOptions`).

    Returns
    -------
    ImportResult

    Raises
    ------
    ImportFailed
        With every problem found (file, row, column, value, hint); nothing
        was written.
    InnokgError
        For a wrong template name, an empty source or a graph an import
        did not make.

    Examples
    --------
    >>> import tempfile
    >>> from kg.build import build_memory
    >>> store = build_memory()
    >>> path = Path(tempfile.mkdtemp()) / "gis100-2024.csv"
    >>> _ = path.write_text("index,edition,city,rank\\ngis100,2024,北京,4\\n", encoding="utf-8")
    >>> result = import_table(store, path, source="GIS100 2024 report")
    >>> result.graph, result.rows, result.quads
    ('https://w3id.org/innokg/graph/import/gis100-2024', 1, 36)
    >>> import_table(store, path, source="GIS100 2024 report").unchanged
    True
    """
    path = Path(path)
    progress = options.get("progress")
    name, _, checksum, target, table = read_import_source(path, store, options.pop("graph", None))  # read once
    table = table or read_table(path, name)  # not a table: read_table says so
    chosen = get_template(template) if template else detect_template(table)
    if import_record(store, target) == checksum:
        return ImportResult(target, chosen.name, len(table.rows), _size(store, target), "", checksum, True)
    reconciler = Reconciler(store, exclude_graph=target)
    cited = cited_source(reconciler, source, target)
    ticker = options["progress"] = Ticker(progress)  # one clock for every step
    ticker(f"{name}: {len(table.rows)} rows, template {chosen.name}")
    collecting = gc.isenabled()
    gc.disable()  # millions of new objects, few cycles: each full collection would hold every thread for seconds
    try:
        with ticker.beating(f"{name}: reading rows"):
            mapped = map_table(table, chosen, reconciler, target, cited.iri, ticker)
        if mapped.problems:
            raise ImportFailed(mapped.problems)
        if not mapped.quads:
            raise ImportFailed([Problem(name, "the table has no data rows", 2, hint="fill at least one row")])
        quads = commit_import(store, target, name, mapped.quads, cited=cited, checksum=checksum, what=chosen.name,
                              rows=mapped.rows, **options)
    finally:
        if collecting:
            gc.enable()
    return ImportResult(target, chosen.name, len(table.rows), len(quads), cited.iri, checksum)


def _size(store: GraphStore, graph: str) -> int:
    return store.graph_sizes().get(graph, 0)


