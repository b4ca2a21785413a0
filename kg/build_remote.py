"""Build into a SPARQL engine: ``innokg build --store http://...``.

The same sources as :func:`kg.build.build` (the ontology graph from
``ontology/*.ttl``, the seed's own graphs from ``data/seed/*.trig``) are
parsed here first, all of them, so a file that does not parse changes
nothing on the server. Then each graph the build makes is replaced as a
whole, one Graph Store Protocol ``PUT`` each (atomic per graph), and every
other graph on the server (a user's imports, computed metrics) is kept,
unless ``keep_other_graphs`` is false.
"""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox

from kg.build import BuildSummary, LoadedFile, Progress, source_files
from kg.errors import InnokgError
from kg.formats import parse_rdf
from kg.paths import ONTOLOGY_DIR, SEED_DIR
from kg.store import GraphStore

__all__ = ["build_graphs", "build_remote"]


def build_graphs(
    ontology_dir: Path = ONTOLOGY_DIR, seed_dir: Path = SEED_DIR, progress: Progress | None = None
) -> tuple[dict[str, list[ox.Triple]], list[LoadedFile]]:
    """Parse every source of a build into its graphs.

    Returns
    -------
    graphs : dict of str to list of pyoxigraph.Triple
        Graph IRI -> its triples.
    files : list of LoadedFile

    Raises
    ------
    InnokgError
        When a file does not parse, or puts triples in the default graph.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.ttl").write_text("<http://e/A> a <http://www.w3.org/2002/07/owl#Class> .")
    >>> _ = (folder / "s.trig").write_text("<http://e/g> { <http://e/x> <http://e/p> 1 }")
    >>> graphs, files = build_graphs(folder, folder)
    >>> {graph: len(triples) for graph, triples in graphs.items()}
    {'https://w3id.org/innokg/graph/ontology': 1, 'http://e/g': 1}
    """
    graphs: dict[str, list[ox.Triple]] = {}
    files = []
    for path, graph in source_files(ontology_dir, seed_dir):
        quads = parse_rdf(path, graph=graph)
        for quad in quads:
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise InnokgError(f"{path}: a seed file must put every triple in a named graph")
            graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
        files.append(LoadedFile(path, graph, len(quads)))
        if progress is not None:
            progress(files[-1])
    return graphs, files


def build_remote(
    store: GraphStore,
    *,
    ontology_dir: Path = ONTOLOGY_DIR,
    seed_dir: Path = SEED_DIR,
    progress: Progress | None = None,
    keep_other_graphs: bool = True,
) -> BuildSummary:
    """Load the ontology and the seed into a SPARQL engine, replacing the graphs the build makes.

    Parameters
    ----------
    store : GraphStore
        Usually a :class:`~kg.store.endpoint.SparqlEndpointStore`.
    ontology_dir, seed_dir : pathlib.Path, optional
    progress : callable, optional
        Called with a :class:`~kg.build.LoadedFile` after each file is parsed.
    keep_other_graphs : bool, optional
        Keep the server's graphs that no source file makes (default True);
        when false they are dropped (the engine's own graphs always stay).

    Returns
    -------
    BuildSummary
        ``path`` is None; ``kept`` maps each kept graph to its size.

    Examples
    --------
    Every file is parsed before the server is contacted:

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "broken.trig").write_text("<http://e/g> { <http://e/x> <http://e/p> }")
    >>> from kg.store.endpoint import SparqlEndpointStore
    >>> build_remote(SparqlEndpointStore.from_url("http://127.0.0.1:9/query"), ontology_dir=folder, seed_dir=folder)
    Traceback (most recent call last):
    kg.errors.InnokgError: ...broken.trig:1:...

    ``tests/test_build_remote.py`` builds into ``oxigraph serve``.
    """
    started = time.perf_counter()
    graphs, files = build_graphs(ontology_dir, seed_dir, progress)
    others = {graph: size for graph, size in store.graph_sizes().items() if graph not in graphs}
    store.replace_graphs(graphs)
    if not keep_other_graphs:
        for graph in others:
            store.drop_graph(graph)
        others = {}
    return BuildSummary(None, files, len(store), time.perf_counter() - started, others)
