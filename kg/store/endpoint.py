"""A :class:`~kg.store.embedded.GraphStore` over any SPARQL 1.1 endpoint (Oxigraph server, Virtuoso, QLever, Fuseki, GraphDB).

Queries and updates go over the SPARQL 1.1 Protocol; loading goes over the
Graph Store Protocol when the engine has an open one, else through SPARQL
Update (``INSERT DATA`` in chunks). The rest of innokg cannot tell the
difference from the embedded store:

* a query is checked by pyoxigraph first (against an empty store), so a
  syntax error reads exactly as with the embedded store and never reaches
  the server, and innokg knows the form of the query before asking;
* results come back as real pyoxigraph objects (``QuerySolutions``,
  ``QueryBoolean``, ``QueryTriples``), parsed from SPARQL JSON results or
  N-Triples, so :func:`kg.results.collect` and every caller work unchanged;
* the prefixes of :data:`kg.namespaces.PREFIXES` are declared for queries
  and updates, as the embedded store predeclares them;
* the default graph is the union of the named graphs, as in the embedded
  store: Oxigraph server is asked for it (``union-default-graph``), Virtuoso
  does it by itself, and its system graphs (``virtrdf#`` …) are excluded
  from every query (``define input:default-graph-exclude``) and from
  :meth:`~SparqlEndpointStore.named_graphs`, sizes and counts;
* Virtuoso answers ASK as a one-row SELECT and writes ``typed-literal``;
  both are read as the standard says;
* engine errors (Virtuoso answers ``500`` with a ``Virtuoso 37000 Error``
  text page where others answer ``400``) become one-line
  :class:`~kg.errors.InnokgError` messages.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox

from kg.errors import InnokgError, one_line
from kg.formats import parse_rdf
from kg.namespaces import PREFIXES
from kg.sparql_text import bind_values
from kg.store.contract import GraphStore, QueryResult, Term
from kg.store.embedded import query_syntax_error
from kg.store.transfer import export_target
from kg.store.wire import (ascii_separators, chunks, error_text, form_from_text, insert_data, parse_results,
                           parse_triples, with_prefixes)

__all__ = ["SparqlEndpointStore", "is_endpoint_url", "VIRTUOSO_SYSTEM_GRAPHS"]

#: Graphs a fresh Virtuoso holds for itself; never shown as innokg's.
VIRTUOSO_SYSTEM_GRAPHS = frozenset({
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
    "http://www.w3.org/2002/07/owl#",
})
_VIRTUOSO_EXCLUDES = "".join(f"define input:default-graph-exclude <{graph}>\n"
                             f"define input:named-graph-exclude <{graph}>\n"
                             for graph in sorted(VIRTUOSO_SYSTEM_GRAPHS))
_CONSTANT_GRAPH = re.compile(r"(?i)\bGRAPH\s*<")
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_CHUNK_QUADS = 5_000
#: Virtuoso 7.2 compiles an update into SQL and refuses one past 10,000 lines ("SP031"): the
#: ontology's 2,229 triples, blank nodes among them, in one update are refused.
_VIRTUOSO_CHUNK_QUADS = 1_000
_JSON_RESULTS = "application/sparql-results+json"
_FORM = "application/x-www-form-urlencoded; charset=UTF-8"
_GRAPH_TYPES = "application/n-triples, text/plain;q=0.5"


def is_endpoint_url(text: str | os.PathLike | None) -> bool:
    """Tell whether a ``--store`` value names a SPARQL endpoint rather than a folder.

    Examples
    --------
    >>> is_endpoint_url("http://localhost:7878/query"), is_endpoint_url("/var/lib/innokg")
    (True, False)
    """
    return isinstance(text, str) and text.lower().startswith(("http://", "https://"))


class SparqlEndpointStore(GraphStore):
    """A graph store kept by a SPARQL 1.1 server.

    Parameters
    ----------
    query_url : str
        The query endpoint (``http://host:7878/query``, ``http://host:8890/sparql`` …).
    update_url : str, optional
        The update endpoint; updates and loads fail without it.
    gsp_url : str, optional
        The Graph Store Protocol endpoint (``http://host:7878/store``); when
        omitted, loading goes through ``update_url``.
    engine : str, optional
        ``oxigraph``, ``virtuoso`` or ``generic``; found from the server's
        ``Server`` header on first contact when omitted.
    timeout : float, optional
        Seconds to wait for one answer.

    Examples
    --------
    Nothing is sent before the first query; a syntax error is caught before any request:

    >>> store = SparqlEndpointStore("http://127.0.0.1:9/query", "http://127.0.0.1:9/update")
    >>> store.query("SELECT ?x WHERE { ?x }")
    Traceback (most recent call last):
    kg.errors.QuerySyntaxError: SPARQL syntax error at line 1, column 23: ...

    ``tests/test_store_remote.py`` runs it against ``oxigraph serve`` and Virtuoso.
    """

    def __init__(self, query_url: str, update_url: str | None = None, gsp_url: str | None = None, *,
                 engine: str | None = None, timeout: float = 600.0):
        self.query_url = query_url
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.timeout = timeout
        self._engine = engine
        self._server = ""  # the engine's Server header
        self._syntax = ox.Store()  # empty: only checks syntax and tells the query form
        self._closed = False

    @classmethod
    def from_url(cls, url: str, **options) -> SparqlEndpointStore:
        """Make a store from one URL, guessing the other endpoints the usual way.

        ``…/query`` (Oxigraph server) gives ``…/update`` and ``…/store``;
        ``…/sparql`` (Virtuoso, GraphDB-style) answers updates itself; for
        anything else the same URL is used for both.

        Examples
        --------
        >>> store = SparqlEndpointStore.from_url("http://localhost:7878/query")
        >>> store.update_url, store.gsp_url
        ('http://localhost:7878/update', 'http://localhost:7878/store')
        >>> SparqlEndpointStore.from_url("http://localhost:8890/sparql").update_url
        'http://localhost:8890/sparql'
        """
        base, _, last = url.rstrip("/").rpartition("/")
        if last == "query":
            return cls(url, f"{base}/update", f"{base}/store", **options)
        return cls(url, url, None, **options)

    # --- protocol --------------------------------------------------------------------

    @property
    def engine(self) -> str:
        """``oxigraph``, ``virtuoso`` or ``generic``."""
        if self._engine is None:
            self._select("ASK {}", "ask")
        return self._engine or "generic"

    @property
    def _chunk_quads(self) -> int:
        """How many triples one update sends, about (without the Graph Store Protocol)."""
        return _VIRTUOSO_CHUNK_QUADS if self.engine == "virtuoso" else _CHUNK_QUADS

    def _http(self, url: str, data: bytes | None, content_type: str | None, accept: str,
              method: str = "POST") -> tuple[bytes, str]:
        if self._closed:
            raise InnokgError("the store is closed")
        headers = {"Accept": accept}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                self._note_engine(response.headers.get("Server", ""))
                return body, response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            self._note_engine(error.headers.get("Server", "") if error.headers else "")
            raise InnokgError(f"{self._engine or 'the SPARQL endpoint'} at {url} refused the request "
                              f"(HTTP {error.code}): {error_text(error.read())}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise InnokgError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    @property
    def caveat(self) -> str | None:
        """What innokg knows this engine answers wrongly, in one line; None when nothing.

        Virtuoso 7 drops rows of joins over property paths and ``SELECT
        DISTINCT`` subqueries in several saved queries (see the README).

        Examples
        --------
        >>> store = SparqlEndpointStore("http://127.0.0.1:9/sparql", engine="virtuoso")
        >>> store._server = "Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu"
        >>> print(store.caveat)
        Virtuoso 07.20.3229 answers some saved queries wrongly (it drops rows of joins over property paths): `innokg check-engine` lists which
        """
        if self.engine == "virtuoso" and self._server.lower().startswith("virtuoso/07."):
            version = self._server.split("/", 1)[1].split()[0]
            return (f"Virtuoso {version} answers some saved queries wrongly (it drops rows of joins over "
                    "property paths): `innokg check-engine` lists which")
        return None

    def _note_engine(self, server: str) -> None:
        if self._engine is None and server:
            self._server = server
            lowered = server.lower()
            self._engine = "oxigraph" if "oxigraph" in lowered else "virtuoso" if "virtuoso" in lowered else "generic"

    def _query_params(self, union_default_graph: bool) -> dict[str, str]:
        if union_default_graph and self._engine in (None, "oxigraph"):
            return {"union-default-graph": ""}
        return {}

    def _select(self, sparql: str, form: str, union_default_graph: bool = True,
                dataset: tuple[Sequence[str], Sequence[str]] | None = None):
        if self._engine is None and sparql != "ASK {}":
            self._select("ASK {}", "ask")  # learn the engine from its Server header
        stand_ins: dict[str, str] = {}
        if self._engine == "virtuoso":
            sparql, stand_ins = ascii_separators(sparql)
            if not _CONSTANT_GRAPH.search(_STRING.sub('""', sparql)):
                # the excludes also empty GRAPH <iri> patterns in Virtuoso 7.2, so such
                # queries go without them (a constant graph is never a system graph)
                sparql = _VIRTUOSO_EXCLUDES + sparql
        params = list(self._query_params(union_default_graph).items()) if dataset is None else (
            [("default-graph-uri", iri) for iri in dataset[0]] + [("named-graph-uri", iri) for iri in dataset[1]])
        url = self.query_url + ("?" + urllib.parse.urlencode(params) if params else "")
        accept = _JSON_RESULTS if form in ("select", "ask") else _GRAPH_TYPES
        body, content_type = self._http(url, urllib.parse.urlencode({"query": sparql}).encode(),
                                        _FORM, accept)
        if form in ("select", "ask"):
            return parse_results(body, form, stand_ins)
        return parse_triples(body, content_type)

    # --- GraphStore ----------------------------------------------------------------------

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              union_default_graph: bool = True) -> QueryResult:
        """Run a SPARQL query on the server; answers are pyoxigraph result objects.

        ``bindings`` are written into the query as a ``VALUES`` block (see
        :func:`kg.sparql_text.bind_values`).
        """
        if bindings:
            sparql = bind_values(sparql, dict(bindings))
        form = self._form(sparql)
        return self._select(with_prefixes(sparql), form, union_default_graph)

    def query_dataset(self, sparql: str, default_graphs: Sequence[str] = (),
                      named_graphs: Sequence[str] = ()) -> QueryResult:
        """Run a query on the dataset a SPARQL Protocol request names (``innokg serve`` over an endpoint).

        Parameters
        ----------
        sparql : str
        default_graphs, named_graphs : sequence of str
            Sent as ``default-graph-uri`` and ``named-graph-uri``; when both
            are empty the default graph is the union of the named graphs, as
            for :meth:`query`.

        Examples
        --------
        A query that does not parse never reaches the server:

        >>> SparqlEndpointStore("http://127.0.0.1:9/query").query_dataset("ASK { ?s }", ["http://e/g"])
        Traceback (most recent call last):
        kg.errors.QuerySyntaxError: SPARQL syntax error at line 1, column 11: ...
        """
        form = self._form(sparql)
        dataset = (tuple(default_graphs), tuple(named_graphs)) if default_graphs or named_graphs else None
        return self._select(with_prefixes(sparql), form, dataset=dataset)

    def _form(self, sparql: str) -> str:
        try:
            result = self._syntax.query(sparql, prefixes=PREFIXES)
        except SyntaxError as error:
            raise query_syntax_error(error) from None
        except (RuntimeError, OSError) as error:  # e.g. SERVICE: the syntax was fine
            if "SERVICE" not in str(error).upper():
                raise InnokgError(one_line(error)) from None
            return form_from_text(sparql)
        if isinstance(result, ox.QueryBoolean):
            return "ask"
        return "select" if isinstance(result, ox.QuerySolutions) else "graph"

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the server (checked by pyoxigraph first).

        Examples
        --------
        >>> SparqlEndpointStore("http://127.0.0.1:9/query", "http://127.0.0.1:9/update").update("CLEAR ALL")
        Traceback (most recent call last):
        kg.errors.InnokgError: the update failed: cannot reach the SPARQL endpoint http://127.0.0.1:9/update: ...
        """
        try:
            ox.Store().update(sparql, prefixes=PREFIXES)
        except SyntaxError as error:
            raise query_syntax_error(error) from None
        try:
            self._update(with_prefixes(sparql))
        except InnokgError as error:
            raise InnokgError(f"the update failed: {error}") from None

    def _update(self, sparql: str) -> None:
        if not self.update_url:
            raise InnokgError(f"the SPARQL endpoint {self.query_url} has no update endpoint configured")
        self._http(self.update_url, urllib.parse.urlencode({"update": sparql}).encode(),
                   _FORM, "*/*")

    def load(self, source, format=None, graph=None) -> int:
        """Parse a file (or bytes) locally, then send it to the server; return the number of quads.

        A file that does not parse sends nothing, and the error says where, as
        with the embedded store.
        """
        quads = parse_rdf(source, format, graph)
        self._send(quads)
        return len(quads)

    def bulk_load(self, source, format=None, graph=None) -> int:
        """The same as :meth:`load`: the server decides how fast it stores."""
        return self.load(source, format, graph)

    def _send(self, quads: list[ox.Quad]) -> None:
        by_graph: dict[object, list[ox.Triple]] = {}
        for quad in quads:
            by_graph.setdefault(quad.graph_name, []).append(quad.triple)
        for graph_name, triples in by_graph.items():
            if self.gsp_url:
                target = "default" if isinstance(graph_name, ox.DefaultGraph) else f"graph={urllib.parse.quote(graph_name.value, safe='')}"
                data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
                self._http(f"{self.gsp_url}?{target}", data, "application/n-triples", "*/*")
                continue
            for chunk in chunks(triples, self._chunk_quads):
                text = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES).decode()
                if not isinstance(graph_name, ox.DefaultGraph):
                    text = f"GRAPH <{graph_name.value}> {{\n{text}}}"
                # Virtuoso refuses blank nodes in INSERT DATA; a template with an empty
                # WHERE makes the same blank nodes, once, on every engine.
                if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in chunk):
                    self._update(f"INSERT {{\n{text}\n}} WHERE {{}}")
                else:
                    self._update(f"INSERT DATA {{\n{text}\n}}")

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> int:
        """Replace each named graph by its triples (made when missing); return how many were sent.

        Over the Graph Store Protocol each graph is one ``PUT``, which the
        engine applies atomically (Oxigraph server does): one graph is
        replaced all or nothing, several one after the other. Without it,
        graphs of 5,000 triples in all (1,000 on Virtuoso, whose SQL compiler
        refuses bigger updates) go in one SPARQL update (atomic);
        larger ones go graph by graph, each update dropping its graph and
        inserting the first 5,000 triples, further chunks one request each.
        """
        wanted = {iri: list(dict.fromkeys(triples)) for iri, triples in graphs.items()}
        written = sum(len(triples) for triples in wanted.values())
        if not self.gsp_url and written <= self._chunk_quads:
            operations = []
            for iri, triples in wanted.items():
                operations.append(f"DROP SILENT GRAPH <{iri}>")
                if triples:
                    operations.append(insert_data(iri, triples))
            if operations:
                self._update(" ;\n".join(operations))
            return written
        for iri, triples in wanted.items():
            self._replace_one(iri, triples)
        return written

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        """Yield the quads of every named graph innokg sees, or of the graph ``graph``."""
        for name in self.named_graphs() if graph is None else [graph]:
            node = ox.NamedNode(name)
            for triple in self._graph_triples(name):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, node)

    def _replace_one(self, iri: str, triples: list[ox.Triple]) -> None:
        if self.gsp_url:
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            self._http(f"{self.gsp_url}?graph={urllib.parse.quote(iri, safe='')}", data,
                       "application/n-triples", "*/*", method="PUT")
            return
        drop = f"DROP SILENT GRAPH <{iri}>"
        pieces = list(chunks(triples, self._chunk_quads)) or [[]]
        for number, chunk in enumerate(pieces):
            insert = insert_data(iri, chunk)
            self._update(f"{drop} ;\n{insert}" if number == 0 else insert)

    def export(self, format="trig", out=None, graph=None):
        """Serialize the server's graphs (or one graph) like :meth:`kg.store.embedded.OxigraphStore.export`."""
        target = export_target(format, out)
        if graph is not None:
            if graph not in self.named_graphs():
                raise InnokgError(f"no graph <{graph}> in the store")
            graphs = [graph]
        else:
            graphs = self.named_graphs()
        if target.dataset:
            items: list = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                           for g in graphs for t in self._graph_triples(g)]
        else:
            items = list(dict.fromkeys(t for g in graphs for t in self._graph_triples(g)))
        return ox.serialize(items, target.out, target.format, prefixes=target.prefixes)

    def _graph_triples(self, graph: str) -> list[ox.Triple]:
        return list(self._select(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", "graph"))

    def named_graphs(self) -> list[str]:
        """Return the names of the named graphs, sorted, without the engine's own."""
        return sorted(self.graph_sizes())

    def graph_sizes(self) -> dict[str | None, int]:
        """Return the number of triples in each named graph (the engine's own left out)."""
        rows = self._select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", "select")
        sizes = {row["g"].value: int(row["n"].value) for row in rows if isinstance(row["g"], ox.NamedNode)}
        return {graph: sizes[graph] for graph in sorted(sizes) if graph not in VIRTUOSO_SYSTEM_GRAPHS}

    def drop_graph(self, iri: str) -> None:
        """Remove a named graph and its triples."""
        self._update(f"DROP SILENT GRAPH <{iri}>")

    def __len__(self) -> int:
        return sum(self.graph_sizes().values())

    def close(self) -> None:
        """Forget the server; the store cannot be used afterwards."""
        self._closed = True

    def __repr__(self) -> str:
        return f"<SparqlEndpointStore {self.query_url}>"
