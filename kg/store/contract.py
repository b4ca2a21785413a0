"""The store contract: :class:`GraphStore`, what innokg needs from a graph store, and the types it speaks.

:class:`kg.store.embedded.OxigraphStore` keeps the graph in pyoxigraph, on disk
or in memory; :class:`kg.store.endpoint.SparqlEndpointStore` in any SPARQL 1.1
engine; :func:`kg.store.location.open_store` picks one. Callers use only these
methods, never an engine's own objects.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import BinaryIO, Union

import pyoxigraph as ox

__all__ = ["GraphStore", "Term", "QueryResult", "Source"]

#: An RDF term that a variable can be bound to.
Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]
#: What a query returns: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).
QueryResult = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]
#: Something to load: a file path, or the serialization itself as bytes.
Source = Union[str, os.PathLike, bytes]


class GraphStore(ABC):
    """What innokg needs from a graph store.

    Every method raises :class:`~kg.errors.InnokgError` for problems a user
    can cause; a SPARQL text that does not parse raises
    :class:`~kg.errors.QuerySyntaxError`.
    """

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        union_default_graph: bool = True,
    ) -> QueryResult:
        """Run a SPARQL query; ``bindings`` (variable name -> RDF term) are substituted as terms."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update, all of it or nothing."""

    @abstractmethod
    def load(self, source: Source, format: str | None = None, graph: str | None = None) -> int:
        """Load a file or bytes, all of it or nothing; return the number of quads read."""

    @abstractmethod
    def bulk_load(self, source: Source, format: str | None = None, graph: str | None = None) -> int | None:
        """Load fast, for builds; return the number of quads read (None: a large file, not counted)."""

    @abstractmethod
    def export(self, format: str = "trig", out: str | os.PathLike | BinaryIO | None = None,
               graph: str | None = None) -> bytes | None:
        """Serialize the store, or one graph; return bytes when ``out`` is None."""

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """Return the names of the named graphs, sorted."""

    @abstractmethod
    def graph_sizes(self) -> dict[str | None, int]:
        """Return quads per graph; the key ``None`` is the default graph (only when not empty)."""

    @abstractmethod
    def drop_graph(self, iri: str) -> None:
        """Remove a named graph and its quads."""

    @abstractmethod
    def query_dataset(self, sparql: str, default_graphs: Sequence[str] = (),
                      named_graphs: Sequence[str] = ()) -> QueryResult:
        """Run a query over the dataset a SPARQL Protocol request names.

        ``default_graphs`` make the default graph (the union of every graph
        when both lists are empty); ``named_graphs`` are the graphs ``GRAPH``
        sees (when only they are given, the default graph is empty).
        """

    @abstractmethod
    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Yield every quad, or those of the named graph ``graph``."""

    @abstractmethod
    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> int:
        """Replace each named graph by its triples (made when missing), in one transaction where the engine allows.

        Returns the number of distinct triples written.
        """

    def replace_graph(self, iri: str, triples: Iterable[ox.Triple]) -> int:
        """Replace the named graph ``iri`` by ``triples`` (made when missing); return how many were written.

        Examples
        --------
        >>> from kg.store import OxigraphStore
        >>> store = OxigraphStore.memory()
        >>> one = ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("1"))
        >>> two = ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("2"))
        >>> store.replace_graph("http://e/g", [one]), store.replace_graph("http://e/g", [two, two])
        (1, 1)
        >>> [quad.object.value for quad in store.quads("http://e/g")]
        ['2']
        """
        return self.replace_graphs({iri: triples})

    def clear(self) -> None:
        """Remove every named graph (an endpoint keeps the engine's own graphs)."""
        for graph in self.named_graphs():
            self.drop_graph(graph)

    @property
    def caveat(self) -> str | None:
        """What innokg knows this store answers wrongly, in one line; None when nothing."""
        return None

    @property
    def local(self) -> bool:
        """True when the store lives in this process (a read-only one is then a snapshot)."""
        return False

    def copy_to_memory(self) -> GraphStore:
        """A read-only copy of every quad held in this process's memory; a store elsewhere returns itself.

        Examples
        --------
        >>> from kg.store.endpoint import SparqlEndpointStore
        >>> remote = SparqlEndpointStore("http://127.0.0.1:9/query")
        >>> remote.copy_to_memory() is remote
        True
        """
        return self

    def flush(self) -> None:
        """Write what the store keeps in buffers to disk (nothing to do for most stores)."""

    @abstractmethod
    def __len__(self) -> int:
        """Return the number of quads."""

    def close(self) -> None:
        """Release the store; it cannot be used afterwards."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
