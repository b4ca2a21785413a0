"""Validation of the whole store: SHACL shapes (pySHACL) and hygiene checks.

The SHACL data graph is the union of every graph in the store, ontology
included, so ``sh:targetClass`` sees subclasses. A hygiene check is a
SELECT query in ``ontology/hygiene/*.rq`` returning one ``?error`` row per
problem.

An import checks only what it adds (:func:`neighbourhood`,
:func:`shacl_results` with ``focus``): the new quads, the store's quads
about the nodes they touch, the types of the nodes those reach, and the
ontology; SHACL then runs over the focus nodes in chunks, each with its own
small data graph, so the time follows the import, not the store.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from kg.errors import InnokgError
from kg.formats import parse_rdf
from kg.importing.shape_queries import constraint_rows, fill_message
from kg.namespaces import IK, ONTOLOGY_GRAPH, shorten
from kg.paths import HYGIENE_DIR, SHAPES_FILE
from kg.results import term_text, text_table
from kg.store import GraphStore

__all__ = ["ShaclResult", "HygieneError", "Report", "shacl_results", "hygiene_errors", "validate", "neighbourhood"]

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: Links whose other ends a check compares (claim-conflicts: the claims on one city).
_SHARED = (IK + "city",)


@dataclass(frozen=True)
class ShaclResult:
    """One SHACL validation result.

    Attributes
    ----------
    severity : str
        ``Violation``, ``Warning`` or ``Info``.
    focus_node : str
    path : str
        The property path, empty when the shape has none.
    message : str
    shape : str
        The shape that produced it.
    value : str
        The offending value, when SHACL names one.
    """

    severity: str
    focus_node: str
    path: str
    message: str
    shape: str = ""
    value: str = ""


@dataclass(frozen=True)
class HygieneError:
    """One row of a hygiene check: the check's id and its ``?error`` text."""

    check: str
    error: str


@dataclass
class Report:
    """What :func:`validate` found.

    Attributes
    ----------
    shacl : list of ShaclResult
        Sorted by severity, focus node and path.
    hygiene : list of HygieneError
    triples : int
        How many quads were checked.
    """

    shacl: list[ShaclResult] = field(default_factory=list)
    hygiene: list[HygieneError] = field(default_factory=list)
    triples: int = 0

    @property
    def violations(self) -> list[ShaclResult]:
        """The SHACL results of severity Violation."""
        return [result for result in self.shacl if result.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        """True when there is no SHACL violation (warnings allowed) and no hygiene error."""
        return not self.violations and not self.hygiene

    def text(self) -> str:
        """Render the report for people.

        Examples
        --------
        >>> report = Report([ShaclResult("Violation", "id:city/x", "rdfs:label", "Missing label")], [], 10)
        >>> print(report.text())
        10 triples checked: does not conform
        SHACL: 1 result (1 violation)
        severity   focus node  path        message
        ---------  ----------  ----------  -------------
        Violation  id:city/x   rdfs:label  Missing label
        hygiene: 0 errors
        """
        verdict = "conforms" if self.conforms else "does not conform"
        lines = [f"{self.triples} triples checked: {verdict}"]
        count = len(self.shacl)
        lines.append(f"SHACL: {count} result{'' if count == 1 else 's'} ({len(self.violations)} "
                     f"violation{'' if len(self.violations) == 1 else 's'})")
        if self.shacl:
            rows = [[r.severity, r.focus_node, r.path, r.message] for r in self.shacl]
            lines.append(text_table(["severity", "focus node", "path", "message"], rows))
        count = len(self.hygiene)
        lines.append(f"hygiene: {count} error{'' if count == 1 else 's'}")
        if self.hygiene:
            lines.append(text_table(["check", "error"], [[e.check, e.error] for e in self.hygiene]))
        return "\n".join(lines)


def neighbourhood(store: GraphStore, quads: Iterable[ox.Quad], exclude_graph: str | None = None,
                  batch: int = 400) -> list[ox.Quad]:
    """The store's quads that the checks of ``quads`` need: the ontology and the neighbourhood of what they touch.

    That is: the ontology graph; every quad (outside ``exclude_graph``)
    about a node the new quads name as subject or object; the claims that
    share a city with a new claim (``ik:city``), with their quads; and the
    ``rdf:type`` of every node those quads reach (for ``sh:class``) and, for an index, the kind of unit it
    ranks (``ik:ranksUnitsOf``).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> store = build_memory()
    >>> new = ox.Quad(ox.NamedNode("https://w3id.org/innokg/id/city/beijing"),
    ...               ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"), ox.Literal("Peking"),
    ...               ox.NamedNode("http://e/g"))
    >>> context = neighbourhood(store, [new], "http://e/g")
    >>> len(context) < len(store), any(q.subject == new.subject for q in context)
    (True, True)
    """
    quads = list(quads)
    exclude = f"FILTER(?g != <{exclude_graph}>)" if exclude_graph else ""
    found: dict[ox.Quad, None] = dict.fromkeys(store.quads(ONTOLOGY_GRAPH))

    def about(nodes: set[ox.NamedNode], pattern: str) -> list[ox.Quad]:
        got = []
        ordered = sorted(nodes, key=lambda node: node.value)
        for start in range(0, len(ordered), batch):
            values = " ".join(f"<{node.value}>" for node in ordered[start:start + batch])
            rows = store.query(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?n {{ {values} }} GRAPH ?g {{ {pattern} }} "
                               f"{exclude} }}")
            got.extend(ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows)
        return got

    touched = {t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    shared = {q.object for q in quads if q.predicate.value in _SHARED and isinstance(q.object, ox.NamedNode)}
    context = about(touched, "?n ?p ?o . BIND(?n AS ?s)")
    if shared:
        claims = {q.subject for q in about(shared, f"?s <{_SHARED[0]}> ?n . BIND(<{_SHARED[0]}> AS ?p) BIND(?n AS ?o)")
                  if isinstance(q.subject, ox.NamedNode)}
        context += about(claims - touched, "?n ?p ?o . BIND(?n AS ?s)")
    found.update(dict.fromkeys(context))
    reached = {q.object for q in [*context, *quads] if isinstance(q.object, ox.NamedNode)} - touched
    # their types (for sh:class), and the kind of unit an index ranks (a rank claim's edition reaches its index)
    found.update(dict.fromkeys(about(reached, f"VALUES ?p {{ <{_RDF_TYPE.value}> <{IK}ranksUnitsOf> }} ?n ?p ?o . "
                                              "BIND(?n AS ?s)")))
    return list(found)


def shacl_results(
    store: GraphStore,
    shapes_file: str | os.PathLike = SHAPES_FILE,
    *,
    focus: Iterable[ox.NamedNode | ox.BlankNode] | None = None,
    chunk: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> list[ShaclResult]:
    """Validate the union of the store's graphs (or only ``focus`` nodes) against a SHACL shapes file.

    Runs pySHACL without inference and with SHACL Advanced Features (so
    SPARQL-based constraints work).

    Parameters
    ----------
    store : GraphStore
    shapes_file : str or os.PathLike, optional
    focus : iterable of nodes, optional
        Report only on these nodes: each chunk of ``chunk`` of them is
        validated with a data graph of their own quads (and those of the
        blank nodes they reach), the types of the nodes they reach and the
        ontology. Needs an in-memory :class:`~kg.store.OxigraphStore`
        (see :func:`neighbourhood`).
    progress : callable, optional
        Called with (nodes checked, nodes) after each chunk.

    Returns
    -------
    list of ShaclResult

    Raises
    ------
    InnokgError
        When the shapes file is missing or does not parse.
    """
    import pyshacl  # slow to import: only when validating

    shapes_file = Path(shapes_file)
    if not shapes_file.is_file():
        raise InnokgError(f"no SHACL shapes file at {shapes_file}")
    shapes = _rdflib_graph(ox.serialize(parse_rdf(shapes_file), format=ox.RdfFormat.N_QUADS))
    found = _sparql_constraints(store, shapes)  # natively: pySHACL parses them once per focus node
    if focus is None:
        found += _pyshacl(pyshacl, _rdflib_graph(store.export("ntriples")), shapes)
    else:
        wanted_all = {_node_text(rdflib.URIRef(n.value)) for n in focus if isinstance(n, ox.NamedNode)}
        found = [r for r in found if r.focus_node in wanted_all]
        nodes = sorted(set(focus), key=str)
        inner = store.inner
        ontology = [q.triple for q in inner.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH))]
        for start in range(0, len(nodes), chunk):
            part = nodes[start:start + chunk]
            triples = _focus_triples(inner, part)
            data = _rdflib_graph(ox.serialize([*ontology, *triples], format=ox.RdfFormat.N_TRIPLES))
            wanted = {_node_text(rdflib.BNode(n.value) if isinstance(n, ox.BlankNode) else rdflib.URIRef(n.value))
                      for n in part}
            found.extend(r for r in _pyshacl(pyshacl, data, shapes) if r.focus_node in wanted)
            if progress:
                progress(min(start + chunk, len(nodes)), len(nodes))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return sorted(found, key=lambda r: (order.get(r.severity, 3), r.focus_node, r.path, r.message))


def _focus_triples(store: ox.Store, nodes: list) -> list[ox.Triple]:
    """The triples of ``nodes`` and of the blank nodes they reach, and the types of the IRIs they reach."""
    triples: dict[ox.Triple, None] = {}
    seen, todo, reached = set(nodes), list(nodes), set()
    while todo:
        node = todo.pop()
        for quad in store.quads_for_pattern(node, None, None, None):
            triples[quad.triple] = None
            obj = quad.object
            if isinstance(obj, ox.BlankNode) and obj not in seen:
                seen.add(obj)
                todo.append(obj)
            elif isinstance(obj, ox.NamedNode) and obj not in seen:
                reached.add(obj)
    for obj in reached - seen:
        for quad in store.quads_for_pattern(obj, _RDF_TYPE, None, None):
            triples[quad.triple] = None
    return list(triples)


def _sparql_constraints(store: GraphStore, shapes: rdflib.Graph) -> list[ShaclResult]:
    """Evaluate (and take out of ``shapes``) the SPARQL constraints of node shapes with ``sh:targetClass``.

    Each SELECT runs once over the store with ``$this`` free; its rows are
    kept for instances of the shape's target classes. Messages fill in
    ``{$this}`` and ``{?var}`` as pySHACL does. The import's compiled
    checks run them the same way (:func:`kg.importing.shape_queries.constraint_rows`).
    """
    found = []
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        targets = list(shapes.objects(shape, SH.targetClass))
        select = shapes.value(constraint, SH.select)
        if not targets or select is None or (shape, SH.path, None) in shapes:
            continue
        shapes.remove((shape, SH.sparql, constraint))
        severity = shapes.value(constraint, SH.severity) or shapes.value(shape, SH.severity) or SH.Violation
        templates = sorted(str(m) for m in shapes.objects(constraint, SH.message)) or \
            sorted(str(m) for m in shapes.objects(shape, SH.message))
        members = " UNION ".join(f"{{ ?this a/rdfs:subClassOf* <{target}> }}" for target in targets)
        for values in constraint_rows(store, str(select).replace("$this", "?this"), lambda members=members: {
                row["this"] for row in store.query(f"SELECT DISTINCT ?this WHERE {{ {members} }}")}):
            found.append(ShaclResult(_local_name(severity), term_text(values["this"]), "",
                                     "; ".join(fill_message(t, values) for t in templates), _node_text(shape),
                                     term_text(values["value"]) if "value" in values else ""))
    return found



def _pyshacl(pyshacl, data: rdflib.Graph, shapes: rdflib.Graph) -> list[ShaclResult]:
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    found = []
    for node in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        messages = sorted(str(message) for message in results.objects(node, SH.resultMessage))
        found.append(ShaclResult(
            severity=_local_name(results.value(node, SH.resultSeverity)),
            focus_node=_node_text(results.value(node, SH.focusNode)),
            path=_node_text(results.value(node, SH.resultPath)),
            message="; ".join(messages),
            shape=_node_text(results.value(node, SH.sourceShape)),
            value=_node_text(results.value(node, SH.value)),
        ))
    return found


def hygiene_errors(store: GraphStore, hygiene_dir: str | os.PathLike = HYGIENE_DIR) -> list[HygieneError]:
    """Run every ``*.rq`` hygiene check in ``hygiene_dir``.

    Parameters
    ----------
    store : GraphStore
    hygiene_dir : str or os.PathLike, optional
        A missing folder means no checks.

    Returns
    -------
    list of HygieneError
        One per ``?error`` row, in check order; the check id is the file name
        without ``.rq``.

    Examples
    --------
    >>> import tempfile
    >>> from kg.store import OxigraphStore
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "no-label.rq").write_text(
    ...     'SELECT ?error WHERE { ?s a owl:Class FILTER NOT EXISTS { ?s rdfs:label ?l } '
    ...     'BIND(CONCAT("no label: ", STR(?s)) AS ?error) }')
    >>> store = OxigraphStore.memory()
    >>> _ = store.load(b"<http://e/A> a <http://www.w3.org/2002/07/owl#Class> .", "turtle", graph="http://e/g")
    >>> hygiene_errors(store, folder)
    [HygieneError(check='no-label', error='no label: http://e/A')]
    """
    errors = []
    for path in sorted(Path(hygiene_dir).glob("*.rq")):
        result = store.query(path.read_text(encoding="utf-8"))
        if not isinstance(result, ox.QuerySolutions) or "error" not in [v.value for v in result.variables]:
            raise InnokgError(f"{path}: a hygiene check must be a SELECT query returning ?error")
        errors.extend(HygieneError(path.stem, term_text(row["error"], None)) for row in result)
    return errors


def validate(
    store: GraphStore,
    *,
    shapes_file: str | os.PathLike = SHAPES_FILE,
    hygiene_dir: str | os.PathLike = HYGIENE_DIR,
) -> Report:
    """Check the store against the SHACL shapes and the hygiene checks.

    Parameters
    ----------
    store : GraphStore
    shapes_file : str or os.PathLike, optional
        ``ontology/shapes.ttl`` by default.
    hygiene_dir : str or os.PathLike, optional
        ``ontology/hygiene/`` by default.

    Returns
    -------
    Report
        ``report.conforms`` tells the verdict, ``report.text()`` the details.
    """
    return Report(shacl_results(store, shapes_file), hygiene_errors(store, hygiene_dir), len(store))


def _rdflib_graph(nquads: bytes) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=nquads.decode("utf-8"), format="nt")
    return graph


def _node_text(node) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        return shorten(str(node))
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    return str(node)


def _local_name(node) -> str:
    text = str(node or "")
    return text.rsplit("#", 1)[-1] or text
