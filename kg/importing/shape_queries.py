"""The SHACL shapes an import can violate, compiled into SPARQL queries run on the nodes it adds.

pySHACL takes about 2 ms a node; an import of 100k rows adds more than
100k nodes. So :func:`compile_shapes` turns each constraint of the shapes
file into one SPARQL SELECT whose ``?this`` ranges over the *focus* nodes
only (the subjects of the new quads, marked in a graph of their own in the
in-memory store the import is checked on), and oxigraph runs it natively.
The compiled checks cover what ``ontology/shapes.ttl`` uses: targets
``sh:targetClass`` (with subclasses) and ``sh:targetSubjectsOf``; property
shapes on a predicate or an ``sh:alternativePath`` (of predicates and
sequences of them) with ``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:minInclusive``,
``sh:maxInclusive``, ``sh:minExclusive``, ``sh:maxExclusive``,
``sh:pattern``, ``sh:languageIn``, ``sh:or`` of ``[ sh:class C ]`` members, and a qualified value shape of
``sh:languageIn`` with ``sh:qualifiedMinCount``; ``sh:or`` and ``sh:xone``
of property shapes with ``sh:minCount 1``; and SPARQL-based constraints
(``sh:sparql`` SELECT with ``$this``); ``sh:in``. A node shape using
anything else is left to pySHACL (:func:`shapes_left`).

Examples
--------
>>> from kg.paths import SHAPES_FILE
>>> checks = compile_shapes(SHAPES_FILE)
>>> sorted({check.component for check in checks})  # doctest: +NORMALIZE_WHITESPACE
['class', 'datatype', 'in', 'maxCount', 'maxInclusive', 'minCount', 'minInclusive', 'or', 'pattern',
 'qualifiedMinCount', 'sparql', 'xone']
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from kg.namespaces import shorten
from kg.results import term_text
from kg.store import OxigraphStore

__all__ = ["Unsupported", "Check", "compile_shapes", "shapes_left", "FOCUS_GRAPH", "focus_quads", "mark_focus",
           "run_checks", "targeted_focus", "constraint_rows", "fill_message"]

#: The graph (and predicate) marking the focus nodes in the store the checks run on.
FOCUS_GRAPH = "urn:innokg:import-focus"
_FOCUS = ox.NamedNode(FOCUS_GRAPH)

_NODE_KEYS = {RDF.type, SH.targetClass, SH.targetSubjectsOf, SH.property, SH["or"], SH.xone, SH.message,
              SH.sparql, SH.severity, SH.deactivated, RDFS.label, RDFS.comment, SH.name, SH.description}
_PROPERTY_KEYS = {RDF.type, SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.minInclusive,
                  SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.pattern, SH.flags, SH.languageIn, SH["in"],
                  SH.qualifiedValueShape, SH.qualifiedMinCount, SH.message, SH.severity, SH.deactivated, SH["or"],
                  SH.name, SH.description, RDFS.label, RDFS.comment}
_COMPARE = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}


class Unsupported(Exception):
    """The shapes use a SHACL feature :func:`compile_shapes` does not compile."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint.

    Attributes
    ----------
    shape : str
        The node shape it comes from.
    component : str
        The constraint component (``minCount``, ``class`` … ``sparql``).
    query : str
        A SELECT with ``?this`` (and ``?value`` when a value is at fault);
        ``{targets}`` stands for the focus nodes the shape targets.
    targets : tuple of (str, str)
        ``("class", IRI)`` or ``("subjectsOf", IRI)``.
    path : str
        The predicate of a property shape on one predicate, else empty.
    message : str
        ``{$this}`` and ``{?var}`` are filled from the row.
    severity : str
    """

    shape: str
    component: str
    query: str
    targets: tuple[tuple[str, str], ...]
    path: str
    message: str
    severity: str = "Violation"


@lru_cache(maxsize=8)
def _compiled(path: str, mtime: float) -> tuple[tuple[Check, ...], str]:
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    checks: list[Check] = []
    left = rdflib.Graph()
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(SH.targetClass, None)) | \
        set(graph.subjects(SH.targetSubjectsOf, None))
    for shape in sorted(shapes, key=str):
        try:
            checks += _node_shape(graph, shape)
        except Unsupported:
            for triple in graph.cbd(shape):
                left.add(triple)
    return tuple(checks), left.serialize(format="turtle") if len(left) else ""


def compile_shapes(shapes_file: str | os.PathLike, strict: bool = True) -> list[Check]:
    """Compile every node shape of a Turtle shapes file (cached while the file is unchanged).

    Raises
    ------
    Unsupported
        When a shape uses a feature that is not compiled (see the module
        docstring) and ``strict``; see :func:`shapes_left` for those shapes.
    """
    path = Path(shapes_file)
    checks, left = _compiled(str(path), path.stat().st_mtime)
    if left and strict:
        raise Unsupported(f"{path.name}: shapes with a feature that is not compiled:\n{left}")
    return list(checks)


def shapes_left(shapes_file: str | os.PathLike) -> str:
    """The node shapes (as Turtle) :func:`compile_shapes` does not compile; empty when it compiles them all.

    Examples
    --------
    >>> from kg.paths import SHAPES_FILE
    >>> shapes_left(SHAPES_FILE)
    ''
    """
    path = Path(shapes_file)
    return _compiled(str(path), path.stat().st_mtime)[1]


def _node_shape(graph: rdflib.Graph, shape) -> list[Check]:
    if graph.value(shape, SH.deactivated) == rdflib.Literal(True):
        return []
    unknown = {p for p in graph.predicates(shape, None)} - _NODE_KEYS
    if unknown:
        raise Unsupported(f"{shape}: {', '.join(sorted(map(str, unknown)))}")
    targets = tuple(sorted([("class", str(c)) for c in graph.objects(shape, SH.targetClass)] +
                           [("subjectsOf", str(p)) for p in graph.objects(shape, SH.targetSubjectsOf)]))
    if not targets:
        return []  # no target: the shape is only used from another one (not compiled: none are)
    name = shorten(str(shape)) if isinstance(shape, rdflib.URIRef) else ""
    message = _message(graph, shape)
    severity = _severity(graph, shape, None)
    checks = []
    for prop in graph.objects(shape, SH.property):
        checks += _property_shape(graph, prop, name, targets, severity)
    for key, component in ((SH["or"], "or"), (SH.xone, "xone")):
        for members in graph.objects(shape, key):
            holds = [_holds(graph, member) for member in Collection(graph, members)]
            count = " + ".join(f"IF({exists}, 1, 0)" for exists in holds)
            condition = f"({count}) = 0" if component == "or" else f"({count}) != 1"
            checks.append(Check(name, component, f"SELECT ?this WHERE {{ {{targets}} FILTER({condition}) }}",
                                targets, "", message or f"the node does not satisfy sh:{component}", severity))
    for constraint in graph.objects(shape, SH.sparql):
        select = graph.value(constraint, SH.select)
        if select is None or graph.value(constraint, SH.deactivated) == rdflib.Literal(True):
            continue
        text = _message(graph, constraint) or message or "a SPARQL constraint is violated"
        checks.append(Check(name, "sparql", str(select).replace("$this", "?this"), targets, "", text,
                            _severity(graph, constraint, shape)))
    return checks


def _property_shape(graph, prop, shape_name, targets, node_severity) -> list[Check]:
    if graph.value(prop, SH.deactivated) == rdflib.Literal(True):
        return []
    unknown = {p for p in graph.predicates(prop, None)} - _PROPERTY_KEYS
    if unknown:
        raise Unsupported(f"{shape_name} property shape: {', '.join(sorted(map(str, unknown)))}")
    path, predicate = _path(graph, graph.value(prop, SH.path))
    message = _message(graph, prop)
    severity = _severity(graph, prop, None) if graph.value(prop, SH.severity) else node_severity

    def check(component: str, query: str, default: str) -> Check:
        return Check(shape_name, component, query, targets, predicate, message or default, severity)

    checks = []
    least = graph.value(prop, SH.minCount)
    if least is not None and int(least) > 0:
        checks.append(check("minCount", _count_query(path, "", "<", int(least)),
                            f"fewer than {int(least)} values"))
    most = graph.value(prop, SH.maxCount)
    if most is not None:
        checks.append(check("maxCount", _count_query(path, "", ">", int(most)), f"more than {int(most)} values"))
    for cls in graph.objects(prop, SH["class"]):
        checks.append(check("class", _value_query(path, f"FILTER NOT EXISTS {{ ?value a ?type . "
                                                        f"VALUES ?type {{ {{subclasses:{cls}}} }} }}"),
                            f"a value is not a {shorten(str(cls))}"))
    for datatype in graph.objects(prop, SH.datatype):
        checks.append(check("datatype", _value_query(path, f"FILTER(!isLiteral(?value) || "
                                                           f"DATATYPE(?value) != <{datatype}>)"),
                            f"a value is not of datatype {shorten(str(datatype))}"))
    for key, operator in _COMPARE.items():
        for bound in graph.objects(prop, key):
            checks.append(check(key.rsplit("#", 1)[-1], _value_query(
                path, f"FILTER(!COALESCE(?value {operator} {bound.n3()}, false))"), f"a value is not {operator} {bound}"))
    for pattern in graph.objects(prop, SH.pattern):
        flags = graph.value(prop, SH.flags)
        regex = f"REGEX(STR(?value), {json.dumps(str(pattern))}{', ' + json.dumps(str(flags)) if flags else ''})"
        checks.append(check("pattern", _value_query(path, f"FILTER(isBlank(?value) || !COALESCE({regex}, false))"),
                            f"a value does not match {pattern}"))
    for members in graph.objects(prop, SH["in"]):
        listed = ", ".join(member.n3() for member in Collection(graph, members))
        checks.append(check("in", _value_query(path, f"FILTER(?value NOT IN ({listed}))"),
                            "a value is not one of those allowed"))
    for languages in graph.objects(prop, SH.languageIn):
        condition = _language_condition(graph, languages)
        checks.append(check("languageIn", _value_query(path, f"FILTER(!({condition}))"),
                            "a value is not in one of the languages allowed"))
    for members in graph.objects(prop, SH["or"]):
        classes = [graph.value(member, SH["class"]) for member in Collection(graph, members)]
        if any(cls is None or {p for p in graph.predicates(member, None)} - {RDF.type} != {SH["class"]}
               for member, cls in zip(Collection(graph, members), classes)):
            raise Unsupported(f"{shape_name}: an sh:or of a property shape with members other than [ sh:class C ]")
        union = " ".join(f"{{subclasses:{cls}}}" for cls in classes)
        none_of = f"FILTER NOT EXISTS {{ ?value a ?type . VALUES ?type {{ {union} }} }}"
        checks.append(check("or", _value_query(path, none_of),
                            "a value is none of " + ", ".join(shorten(str(cls)) for cls in classes)))
    qualified = graph.value(prop, SH.qualifiedValueShape)
    if qualified is not None:
        inner = {p for p in graph.predicates(qualified, None)} - {RDF.type}
        least = graph.value(prop, SH.qualifiedMinCount)
        if inner != {SH.languageIn} or least is None:
            raise Unsupported(f"{shape_name}: a qualified value shape other than sh:languageIn with a minimum")
        condition = _language_condition(graph, graph.value(qualified, SH.languageIn))
        checks.append(check("qualifiedMinCount", _count_query(path, f"FILTER({condition})", "<", int(least)),
                            f"fewer than {int(least)} values in the languages named"))
    return checks


def _path(graph: rdflib.Graph, path) -> tuple[str, str]:
    """The SPARQL property path of ``sh:path``, and the predicate when it is one IRI."""
    if isinstance(path, rdflib.URIRef):
        return f"<{path}>", shorten(str(path))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        steps = [_sequence(graph, p) for p in Collection(graph, alternatives)]
        if all(steps):
            return "(" + "|".join(steps) + ")", ""
    raise Unsupported(f"sh:path {path}: only a predicate or an sh:alternativePath of predicates and sequences of them")


def _sequence(graph: rdflib.Graph, path) -> str:
    """A predicate, or a sequence path ``( P Q )`` of predicates, as SPARQL; "" for anything else."""
    if isinstance(path, rdflib.URIRef):
        return f"<{path}>"
    steps = list(Collection(graph, path)) if (path, RDF.first, None) in graph else []
    return "/".join(f"<{p}>" for p in steps) if steps and all(isinstance(p, rdflib.URIRef) for p in steps) else ""


def _holds(graph: rdflib.Graph, member) -> str:
    """A SPARQL condition on ``?this`` for a member of sh:or / sh:xone.

    A member is ``[ sh:class C ]`` (the node is a C) or a property shape
    ``[ sh:path P ; sh:minCount 0|1 ; sh:maxCount 0|1 ]``.
    """
    keys = {p for p in graph.predicates(member, None)} - {RDF.type}
    if keys == {SH["class"]}:
        return f"EXISTS {{ ?this a ?_member . VALUES ?_member {{ {{subclasses:{graph.value(member, SH['class'])}}} }} }}"
    if SH.path not in keys or not keys <= {SH.path, SH.minCount, SH.maxCount}:
        raise Unsupported("sh:or/sh:xone members other than [ sh:class C ] or [ sh:path P ; sh:minCount ; sh:maxCount ]")
    path = _path(graph, graph.value(member, SH.path))[0]
    least, most = graph.value(member, SH.minCount), graph.value(member, SH.maxCount)
    conditions = []
    if least is not None and int(least) > 1 or most is not None and int(most) > 1:
        raise Unsupported("sh:or/sh:xone members counting more than one value")
    if least is not None and int(least) == 1:
        conditions.append(f"EXISTS {{ ?this {path} ?_value }}")
    if most is not None:
        conditions.append(f"NOT EXISTS {{ ?this {path} ?_value }}" if int(most) == 0 else
                          f"NOT EXISTS {{ ?this {path} ?_one , ?_two FILTER(?_one != ?_two) }}")
    return "(" + " && ".join(conditions or ["true"]) + ")"


def _language_condition(graph: rdflib.Graph, languages) -> str:
    tags = [str(tag) for tag in Collection(graph, languages)]
    return "isLiteral(?value) && (" + " || ".join(f"LANGMATCHES(LANG(?value), {json.dumps(t)})" for t in tags) + ")"


def _count_query(path: str, condition: str, operator: str, bound: int) -> str:
    if operator == "<" and bound == 1:
        return f"SELECT ?this WHERE {{ {{targets}} FILTER NOT EXISTS {{ ?this {path} ?value {condition} }} }}"
    if operator == ">" and bound == 0:
        return f"SELECT DISTINCT ?this WHERE {{ {{targets}} ?this {path} ?value {condition} }}"
    return (f"SELECT ?this WHERE {{ {{targets}} OPTIONAL {{ ?this {path} ?value {condition} }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {operator} {bound})")


def _value_query(path: str, condition: str) -> str:
    return f"SELECT DISTINCT ?this ?value WHERE {{ {{targets}} ?this {path} ?value . {condition} }}"


def _message(graph: rdflib.Graph, node) -> str:
    return "; ".join(sorted(str(m) for m in graph.objects(node, SH.message)))


def _severity(graph: rdflib.Graph, node, fallback) -> str:
    value = graph.value(node, SH.severity) or (graph.value(fallback, SH.severity) if fallback is not None else None)
    return str(value or SH.Violation).rsplit("#", 1)[-1]


def focus_quads(nodes) -> list[ox.Quad]:
    """The quads marking ``nodes`` (IRIs and blank nodes) as the focus of the checks, in :data:`FOCUS_GRAPH`."""
    return [ox.Quad(node, _FOCUS, _FOCUS, _FOCUS) for node in nodes]


def mark_focus(store: OxigraphStore, nodes) -> None:
    """Mark ``nodes`` (IRIs and blank nodes of the store) as the focus of the checks."""
    store.inner.bulk_extend(focus_quads(nodes))


def targeted_focus(store: OxigraphStore, shapes_turtle: str) -> set:
    """The focus nodes marked in ``store`` that a node shape of ``shapes_turtle`` targets (class or subjects-of).

    The shapes left to pySHACL (:func:`shapes_left`) then run on those nodes only.
    """
    graph = rdflib.Graph().parse(data=shapes_turtle, format="turtle")
    options = [f"{{ ?this a/rdfs:subClassOf* <{cls}> }}" for cls in sorted(set(graph.objects(None, SH.targetClass)))]
    options += [f"{{ ?this <{p}> ?_any }}" for p in sorted(set(graph.objects(None, SH.targetSubjectsOf)))]
    options += [f"{{ VALUES ?this {{ {node.n3()} }} }}" for node in sorted(set(graph.objects(None, SH.targetNode)))]
    if not options:
        return set()
    rows = store.query(f"SELECT DISTINCT ?this WHERE {{ GRAPH <{FOCUS_GRAPH}> {{ ?this <{FOCUS_GRAPH}> ?_mark }} "
                       f"{' UNION '.join(options)} }}")
    return {row["this"] for row in rows}


def constraint_rows(store, select: str, members: Callable[[], set]) -> list[dict]:
    """Run a SPARQL constraint's SELECT (``?this`` free) over the whole store; the rows of its target nodes.

    Each row is a dict of the bound variables. ``members()`` gives the
    target nodes (terms); it is called only when the query finds rows, as
    most constraints find none. :func:`run_checks` and
    :func:`kg.validate.shacl_results` run the constraints with it.
    """
    result = store.query(select)
    names = [variable.value for variable in result.variables]
    rows = [{name: row[name] for name in names if row[name] is not None} for row in result]
    if not rows:
        return []
    wanted = members()
    return [row for row in rows if row.get("this") in wanted]


def fill_message(template: str, values: dict) -> str:
    """Fill ``{?var}`` and ``{$var}`` of a SHACL message with the row's terms, as pySHACL does.

    Examples
    --------
    >>> fill_message("{$this}: {?rank} is not {?change}", {"this": ox.NamedNode("https://w3id.org/innokg/id/x"),
    ...                                                   "rank": ox.Literal("3"), "change": ox.Literal("1")})
    'id:x: 3 is not 1'
    """
    for name, term in values.items():
        text = term_text(term)
        template = template.replace("{?" + name + "}", text).replace("{$" + name + "}", text)
    return template


def run_checks(
    store: OxigraphStore,
    checks: list[Check],
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[Check, str, str]]:
    """Run ``checks`` over the focus nodes marked in ``store``: ``(check, focus node, message)`` per failure.

    Terms are written as :func:`kg.results.term_text` writes them (``id:city/x``, ``_:b0``, literal values).
    """
    text = term_text
    subclasses: dict[str, str] = {}

    def classes(cls: str) -> str:
        if cls not in subclasses:
            rows = store.query(f"SELECT DISTINCT ?c WHERE {{ ?c rdfs:subClassOf* <{cls}> }}")
            subclasses[cls] = " ".join(sorted({f"<{row['c'].value}>" for row in rows} | {f"<{cls}>"}))
        return subclasses[cls]

    def targets(check: Check) -> str:
        options = []
        for how, iri in check.targets:
            options.append(f"{{ ?this a ?_target . VALUES ?_target {{ {classes(iri)} }} }}" if how == "class"
                           else f"{{ ?this <{iri}> ?_any }}")
        return (f"{{ SELECT DISTINCT ?this WHERE {{ GRAPH <{FOCUS_GRAPH}> {{ ?this <{FOCUS_GRAPH}> ?_mark }} "
                f"{' UNION '.join(options)} }} }}")

    failures = []
    for done, check in enumerate(checks, start=1):
        if check.component == "sparql":  # over the whole store: its rows are kept for the focus nodes it targets
            rows = constraint_rows(store, check.query, lambda check=check: {
                row["this"] for row in store.query(f"SELECT ?this WHERE {{ {targets(check)} }}")})
        else:
            query = check.query.replace("{targets}", targets(check))
            while "{subclasses:" in query:
                start = query.index("{subclasses:")
                end = query.index("}", start)
                query = query[:start] + classes(query[start + len("{subclasses:"):end]) + query[end + 1:]
            result = store.query(query)
            names = [variable.value for variable in result.variables]
            rows = [{name: row[name] for name in names if row[name] is not None} for row in result]
        failures.extend((check, text(row["this"]), fill_message(check.message, row)) for row in rows)
        if progress:
            progress(done, len(checks))
    return failures
