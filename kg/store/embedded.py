"""The embedded graph store: the store contract (:mod:`kg.store.contract`) kept by pyoxigraph.

:class:`OxigraphStore` keeps the graph in pyoxigraph, on disk or in memory;
:class:`kg.store.endpoint.SparqlEndpointStore` keeps it in any SPARQL 1.1 engine
behind the same interface (:func:`kg.store.location.open_store` picks one).

Queries see the union of all named graphs as their default graph, and the
prefixes of :data:`kg.namespaces.PREFIXES` are declared for them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InnokgError, QuerySyntaxError, one_line
from kg.formats import parse_rdf
from kg.namespaces import PREFIXES
from kg.store.contract import GraphStore, Term
from kg.store.transfer import bulk_load_into, export_store

__all__ = ["OxigraphStore", "query_syntax_error"]

_TERM_TYPES = (ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple)


class OxigraphStore(GraphStore):
    """A :class:`GraphStore` kept by pyoxigraph, on disk or in memory.

    Use :meth:`open` or :meth:`memory` rather than the constructor.

    Examples
    --------
    >>> store = OxigraphStore.memory()
    >>> store.load('<http://e/a> <http://e/p> "北京"@zh .'.encode(), "turtle", graph="http://e/g")
    1
    >>> [row["o"].value for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")]
    ['北京']
    >>> store.named_graphs(), len(store)
    (['http://e/g'], 1)
    """

    def __init__(self, store: ox.Store, path: Path | None = None, read_only: bool = False):
        self._store: ox.Store | None = store
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | os.PathLike, *, read_only: bool = False) -> OxigraphStore:
        """Open the store at ``path``, creating it unless ``read_only``.

        Parameters
        ----------
        path : str or os.PathLike
            A directory.
        read_only : bool, optional
            Open for reading only: other processes may open it too.

        Raises
        ------
        InnokgError
            When ``read_only`` and there is no store there, or it cannot be opened.

        Examples
        --------
        >>> import tempfile
        >>> with OxigraphStore.open(tempfile.mkdtemp()) as store:
        ...     len(store)
        0
        """
        path = Path(path)
        if read_only and not cls.exists(path):
            raise InnokgError(f"no store at {path}: run `innokg build` first")
        try:
            store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as error:
            raise InnokgError(f"cannot open the store at {path}: {one_line(error)}") from None
        return cls(store, path, read_only)

    @classmethod
    def memory(cls) -> OxigraphStore:
        """Return a new empty store in memory."""
        return cls(ox.Store())

    def copy_to_memory(self) -> OxigraphStore:
        """A copy of every quad, held in memory: read several times faster than a store on disk.

        It costs memory (about 0.5 GB a million quads) and a few seconds a
        million quads to copy; ``innokg serve`` does it for stores up to a size.

        Examples
        --------
        >>> store = OxigraphStore.memory()
        >>> _ = store.load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
        >>> copy = store.copy_to_memory()
        >>> len(copy), copy.path, copy.read_only
        (1, None, True)
        """
        memory = ox.Store()
        memory.bulk_extend(self.inner.quads_for_pattern(None, None, None, None))
        return OxigraphStore(memory, None, read_only=True)

    @staticmethod
    def exists(path: str | os.PathLike) -> bool:
        """Tell whether ``path`` holds a store (``OxigraphStore.exists("/nowhere")`` is False)."""
        return (Path(path) / "CURRENT").is_file()

    @property
    def inner(self) -> ox.Store:
        """The pyoxigraph store itself."""
        if self._store is None:
            raise InnokgError("the store is closed")
        return self._store

    def query(self, sparql, *, bindings=None, union_default_graph=True):
        """Run a SPARQL query over the store.

        Parameters
        ----------
        sparql : str
            A SELECT, ASK, CONSTRUCT or DESCRIBE query; the prefixes of
            :data:`kg.namespaces.PREFIXES` are predeclared.
        bindings : mapping of str to RDF term, optional
            Values for variables, substituted as RDF terms (never pasted into
            the text). In a SELECT query a bound variable must be in the
            projection (``SELECT *`` will do): pyoxigraph substitutes only
            projected variables.
        union_default_graph : bool, optional
            Whether the default graph is the union of all graphs (the default).

        Returns
        -------
        pyoxigraph.QuerySolutions, pyoxigraph.QueryBoolean or pyoxigraph.QueryTriples

        Examples
        --------
        >>> store = OxigraphStore.memory()
        >>> _ = store.load(b"<http://e/a> <http://e/p> 1, 2 .", "turtle", graph="http://e/g")
        >>> two = ox.Literal("2", datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
        >>> [str(row["s"]) for row in store.query("SELECT ?s ?o WHERE { ?s ?p ?o }", bindings={"o": two})]
        ['<http://e/a>']
        >>> bool(store.query("ASK { ?s ?p 3 }"))
        False
        """
        substitutions = _substitutions(bindings)
        try:
            return self.inner.query(
                sparql,
                prefixes=PREFIXES,
                use_default_graph_as_union=union_default_graph,
                substitutions=substitutions or None,
            )
        except SyntaxError as error:
            raise query_syntax_error(error) from None
        except RuntimeError as error:
            message = one_line(error)
            match = re.search(r"variable (\?\w+) in its SELECT projection", message)
            if match:
                name = match.group(1)
                message = f"{name} is bound but not in the SELECT clause: add {name} to it (or use SELECT *)"
            raise InnokgError(message) from None

    def update(self, sparql):
        """Run a SPARQL update in one transaction.

        Examples
        --------
        >>> store = OxigraphStore.memory()
        >>> store.update("INSERT DATA { GRAPH <http://e/g> { <http://e/a> rdfs:label 'a' } }")
        >>> len(store)
        1
        """
        self._check_writable()
        try:
            self.inner.update(sparql, prefixes=PREFIXES)
        except SyntaxError as error:
            raise query_syntax_error(error) from None
        except (RuntimeError, OSError, ValueError) as error:
            raise InnokgError(f"the update failed, nothing was changed: {one_line(error)}") from None

    def load(self, source, format=None, graph=None):
        """Parse a whole file (or bytes) in memory, then add it in one transaction.

        A file that does not parse adds nothing, and the error says where.

        Parameters
        ----------
        source : str, os.PathLike or bytes
        format : str, optional
            ``turtle``, ``trig``, ``ntriples``, ``nquads``, ``jsonld``,
            ``rdfxml``; guessed from the file suffix when omitted.
        graph : str, optional
            Graph for the triples that do not name one.

        Returns
        -------
        int
            The number of quads read.

        Examples
        --------
        >>> store = OxigraphStore.memory()
        >>> store.load(b"<http://e/a> <http://e/p> .", "turtle")
        Traceback (most recent call last):
        kg.errors.InnokgError: <data>:1:27: ...
        >>> len(store)
        0
        """
        self._check_writable()
        quads = parse_rdf(source, format, graph)
        self.inner.extend(quads)
        return len(quads)

    def bulk_load(self, source, format=None, graph=None):
        """Like :meth:`load`, with pyoxigraph's bulk loader (not transactional).

        Meant for a fresh store that is thrown away when loading fails, as
        :func:`kg.build.build` does; call :meth:`optimize` when the loading is
        done. A file is parsed as it is loaded (memory stays flat at any
        size): a syntax error leaves the quads before it. A file of
        :data:`kg.store.transfer.NATIVE_LOAD_BYTES` or more goes to
        pyoxigraph's own parallel loader (see :func:`kg.store.transfer.bulk_load_into`).

        Examples
        --------
        >>> store = OxigraphStore.memory()
        >>> store.bulk_load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
        1
        """
        self._check_writable()
        return bulk_load_into(self.inner, source, format, graph)

    def export(self, format="trig", out=None, graph=None):
        """Serialize the whole store, or one named graph.

        Parameters
        ----------
        format : str, optional
            ``trig`` (default), ``nquads`` and ``jsonld`` keep every named
            graph; ``turtle``, ``ntriples`` and ``rdfxml`` write the union of
            all graphs (each triple once).
        out : str, os.PathLike or binary file, optional
            Where to write; when omitted the bytes are returned.
        graph : str, optional
            IRI of the only graph to write.

        Examples
        --------
        >>> store = OxigraphStore.memory()
        >>> _ = store.load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
        >>> print(store.export("nquads").decode(), end="")
        <http://e/a> <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <http://e/g> .
        >>> print(store.export("ntriples").decode(), end="")
        <http://e/a> <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
        """
        return export_store(self.inner, format, out, graph)

    def named_graphs(self):
        """Return the names of the named graphs, sorted (a blank node as ``_:id``)."""
        return sorted(_graph_key(graph) for graph in self.inner.named_graphs())

    def graph_sizes(self):
        """Return the number of quads in each graph, sorted by graph name.

        Examples
        --------
        >>> store = OxigraphStore.memory()
        >>> _ = store.load(b"<http://e/g> { <http://e/a> <http://e/p> 1, 2 }", "trig")
        >>> store.graph_sizes()
        {'http://e/g': 2}
        """
        sizes: dict[str | None, int] = {}
        default = sum(1 for _ in self.inner.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        if default:
            sizes[None] = default
        rows = self.inner.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        for row in sorted(rows, key=lambda row: _graph_key(row["g"])):
            sizes[_graph_key(row["g"])] = int(row["n"].value)
        return sizes

    def drop_graph(self, iri):
        """Remove the named graph ``iri`` and everything in it."""
        self._check_writable()
        self.inner.remove_graph(ox.NamedNode(iri))

    def clear(self):
        """Remove every quad.

        Examples
        --------
        >>> store = OxigraphStore.memory()
        >>> _ = store.load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
        >>> store.clear()
        >>> len(store), store.named_graphs()
        (0, [])
        """
        self._check_writable()
        self.inner.clear()

    @property
    def local(self):
        """True: the store lives in this process."""
        return True

    def query_dataset(self, sparql, default_graphs=(), named_graphs=()):
        """Run a query over the dataset a SPARQL Protocol request names.

        Examples
        --------
        >>> store = OxigraphStore.memory()
        >>> _ = store.load(b"<http://e/g> { <http://e/a> <http://e/p> 1 } <http://e/h> { <http://e/b> <http://e/p> 2 }",
        ...                "trig")
        >>> [row["s"].value for row in store.query_dataset("SELECT ?s WHERE { ?s ?p ?o }", ["http://e/h"])]
        ['http://e/b']
        >>> [row["s"].value for row in store.query_dataset("SELECT ?s WHERE { ?s ?p ?o }", [], ["http://e/h"])]
        []
        """
        options: dict[str, object] = {"prefixes": PREFIXES}
        if default_graphs:
            options["default_graph"] = [_graph_node(iri) for iri in default_graphs]
        elif named_graphs:  # the protocol: the dataset is what the request names
            options["default_graph"] = []
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [_graph_node(iri) for iri in named_graphs]
        try:
            return self.inner.query(sparql, **options)
        except SyntaxError as error:
            raise query_syntax_error(error) from None
        except (RuntimeError, OSError, ValueError) as error:
            raise InnokgError(f"the query failed: {one_line(error)}") from None

    def quads(self, graph=None):
        """Yield every quad (the default graph's too), or those of the named graph ``graph``.

        Examples
        --------
        >>> store = OxigraphStore.memory()
        >>> _ = store.load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
        >>> [quad.graph_name.value for quad in store.quads()], list(store.quads("http://e/h"))
        (['http://e/g'], [])
        """
        yield from self.inner.quads_for_pattern(None, None, None, None if graph is None else ox.NamedNode(graph))

    def replace_graphs(self, graphs):
        """Replace each named graph by its triples in one transaction: all of them are written, or none.

        Triples may also be quads of their graph (taken as they are: quicker). When none of the
        graphs exists the quads are added at once: in memory with one ``extend`` (a transaction); on
        disk with pyoxigraph's bulk loader (as N-Quads: blank nodes get new labels), which sorts them
        into RocksDB table files and ingests them all in one ``IngestExternalFiles`` call at the end,
        atomic across the indexes and 5-10x faster than a transaction of 800,000 quads: a process
        killed before that call leaves the store as it was, readers see all the quads or none.
        Otherwise one SPARQL update drops the graphs and inserts the triples.

        Examples
        --------
        >>> store = OxigraphStore.memory()
        >>> triple = lambda o: ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal(o))
        >>> store.replace_graphs({"http://e/g": [triple("1")], "http://e/h": [triple("2")]})
        2
        >>> store.replace_graphs({"http://e/g": [triple("3")], "http://e/h": []})
        1
        >>> store.graph_sizes()
        {'http://e/g': 1}
        """
        self._check_writable()
        nodes = {iri: ox.NamedNode(iri) for iri in graphs}
        wanted = {iri: _distinct(t if isinstance(t, ox.Quad) and t.graph_name == nodes[iri]
                                 else ox.Quad(t.subject, t.predicate, t.object, nodes[iri]) for t in triples)
                  for iri, triples in graphs.items()}  # quads of each graph, each once
        written = sum(len(quads) for quads in wanted.values())
        if not any(self.inner.contains_named_graph(node) for node in nodes.values()):
            quads = [quad for part in wanted.values() for quad in part]
            try:
                if self.path is None:
                    self.inner.extend(quads)
                else:  # as N-Quads: bulk_load lets other threads run (progress lines), bulk_extend does not
                    self.inner.bulk_load(b"".join(ox.serialize(part, format=ox.RdfFormat.N_QUADS)
                                                  for part in _parts(quads)), ox.RdfFormat.N_QUADS)
            except (RuntimeError, OSError, ValueError) as error:
                raise InnokgError(f"cannot write the graphs, nothing was changed: {one_line(error)}") from None
            return written
        operations = []
        for iri, triples in wanted.items():
            operations.append(f"DROP SILENT GRAPH <{iri}>")
            if triples:
                text = ox.serialize([quad.triple for quad in triples], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                operations.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{text}}} }}")
        try:
            self.inner.update(" ;\n".join(operations))
        except (RuntimeError, OSError, ValueError) as error:
            raise InnokgError(f"cannot write the graphs, nothing was changed: {one_line(error)}") from None
        return written

    def __len__(self):
        return len(self.inner)

    def optimize(self) -> None:
        """Compact the store on disk, as after a bulk load (:func:`kg.build.build` does it).

        The bulk loader writes many small files and leaves merging them to
        later; a store opened read-only never merges them, and each lookup
        then searches every file. The compaction costs about a fifth of the
        build's time and makes read-only queries 1.3–1.5x faster at 1M triples,
        2–6x at 10M (benchmarks/RESULTS.md). Nothing is done for a store in memory.

        Examples
        --------
        >>> import tempfile
        >>> with OxigraphStore.open(tempfile.mkdtemp()) as store:
        ...     store.bulk_load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
        ...     store.optimize()
        ...     len(store)
        1
        1
        """
        self._check_writable()
        if self.path is None:
            return
        try:
            self.inner.optimize()
        except OSError as error:
            raise InnokgError(f"cannot compact the store at {self.path}: {one_line(error)}") from None

    def flush(self):
        """Write buffered writes to disk (nothing for a store in memory or read-only)."""
        if self._store is not None and self.path is not None and not self.read_only:
            self._store.flush()

    def close(self):
        """Flush writes to disk and release the store (and its lock)."""
        if self._store is not None and self.path is not None and not self.read_only:
            self._store.flush()
        self._store = None

    def __repr__(self) -> str:
        return f"<OxigraphStore {self.path or 'memory'}{' read-only' if self.read_only else ''}>"

    def _check_writable(self) -> None:
        if self.read_only:
            raise InnokgError(f"the store at {self.path} is open read-only")


def _parts(items: list, size: int = 50_000) -> Iterator[list]:
    """``items`` in slices of ``size``: a long C call per slice, so other threads (progress lines) run between them."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _distinct(items: Iterable) -> list:
    """``items`` without repeats, in order, slice by slice (``_distinct([3, 1, 3, 2])`` is ``[3, 1, 2]``)."""
    seen: dict = {}
    for part in _parts(list(items)):
        seen.update(dict.fromkeys(part))
    return list(seen)


def _substitutions(bindings: Mapping[str, Term] | None) -> dict[ox.Variable, Term]:
    """Check bindings and key them by SPARQL variable."""
    substitutions = {}
    for name, term in (bindings or {}).items():
        if not isinstance(term, _TERM_TYPES):
            raise InnokgError(f"binding for ?{name} must be an RDF term, got {type(term).__name__}")
        substitutions[ox.Variable(name.lstrip("?$"))] = term
    return substitutions


def query_syntax_error(error: SyntaxError) -> QuerySyntaxError:
    """Turn pyoxigraph's ``error at 1:25: …`` into a :class:`QuerySyntaxError`."""
    message = one_line(error)
    match = re.match(r"error at (\d+):(\d+): (.*)", message)
    if match:
        return QuerySyntaxError(match.group(3), int(match.group(1)), int(match.group(2)))
    return QuerySyntaxError(message)


def _graph_node(iri: str) -> ox.NamedNode:
    """A graph IRI of a request as a node; a bad IRI is a one-line error."""
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise InnokgError(f"{iri!r} is not a valid graph IRI") from None


def _graph_key(graph: ox.NamedNode | ox.BlankNode) -> str:
    return graph.value if isinstance(graph, ox.NamedNode) else f"_:{graph.value}"

