"""Validation of the whole store: SHACL shapes (pySHACL) and hygiene checks.

The SHACL data graph is the union of every graph in the store, ontology
included, so ``sh:targetClass`` sees subclasses. A hygiene check is a
SELECT query in ``ontology/hygiene/*.rq`` returning one ``?error`` row per
problem.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from kg.errors import InnokgError
from kg.formats import parse_rdf
from kg.namespaces import shorten
from kg.paths import HYGIENE_DIR, SHAPES_FILE
from kg.results import term_text, text_table
from kg.store import GraphStore

__all__ = ["ShaclResult", "HygieneError", "Report", "shacl_results", "hygiene_errors", "validate"]


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


def shacl_results(store: GraphStore, shapes_file: str | os.PathLike = SHAPES_FILE) -> list[ShaclResult]:
    """Validate the union of the store's graphs against a SHACL shapes file.

    Runs pySHACL without inference and with SHACL Advanced Features (so
    SPARQL-based constraints work).

    Parameters
    ----------
    store : GraphStore
    shapes_file : str or os.PathLike, optional

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
    data = _rdflib_graph(store.export("ntriples"))
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
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return sorted(found, key=lambda r: (order.get(r.severity, 3), r.focus_node, r.path, r.message))


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
