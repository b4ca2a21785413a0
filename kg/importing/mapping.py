"""Apply a template to a table: read every cell, match every name, build the quads.

All problems of the table are collected (never only the first); the quads
are built only when there are none. Each subject remembers the row it came
from, so later checks (SHACL) can point at the row.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from kg.importing.cells import LITERAL_KINDS, CellError, Value, read_cell
from kg.importing.index_measures import MeasureColumns
from kg.importing.problems import Problem
from kg.importing.progress import Ticker
from kg.importing.reconcile import KINDS, Known, Reconciler
from kg.importing.tabular import Table
from kg.importing.template_model import Column, Node, Template
from kg.namespaces import ID, IK, PREFIXES, RDF, RDFS, expand, shorten

__all__ = ["Mapped", "map_table"]

_TIME = PREFIXES["time"]
_INSTANT_PREDICATES = {"date": "inXSDDate", "gYearMonth": "inXSDgYearMonth", "gYear": "inXSDgYear"}
_SPLIT = re.compile(r"\s*[;；]\s*")
# Activities and events are not prov:Entities (PROV-O keeps the two disjoint and gives
# prov:wasDerivedFrom an Entity domain): they name their source with ik:statedIn.
_STATED_IN_TYPES = {"ik:PilotDesignation", "ik:TransferService", "ik:EquityConversion", "ik:Event"}
_PLACEHOLDER = re.compile(r"\{\w+\}")
_expand = lru_cache(maxsize=4096)(expand)  # a template's few prefixed names, expanded once a table


@dataclass
class Mapped:
    """What a table maps to.

    Attributes
    ----------
    quads : list of pyoxigraph.Quad
        Empty when there are problems.
    rows : dict of str to int
        Subject IRI -> the first row that describes it.
    problems : list of Problem
    """

    quads: list[ox.Quad] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def map_table(table: Table, template: Template, reconciler: Reconciler, graph: str, source: str,
              progress: Callable[[str], None] | None = None) -> Mapped:
    """Map the rows of ``table`` with ``template`` into quads of ``graph`` citing ``source``.

    Parameters
    ----------
    table : Table
    template : Template
    reconciler : Reconciler
        Matches names against the store (and the things the table defines).
    graph : str
        The named graph the quads go to.
    source : str
        IRI of the cited source.
    progress : callable, optional
        Hears ``FILE: reading rows: N of M`` about every second.

    Returns
    -------
    Mapped

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.importing.templates import get_template
    >>> table = Table("r.csv", ["index", "edition", "city", "rank"],
    ...               [(2, {"index": "gis100", "edition": "2024", "city": "Pekin", "rank": "x"})])
    >>> mapped = map_table(table, get_template("rankings"), Reconciler(build_memory()), "http://e/g", "http://e/s")
    >>> [(p.row, p.column, p.message) for p in mapped.problems]
    [(2, 'city', 'unknown city'), (2, 'rank', 'not a positive integer')]
    """
    mapped = Mapped()
    problems = mapped.problems
    measures = MeasureColumns(table, template, reconciler)  # an index's own measures as columns
    present = _check_headers(table, template, problems, measures)
    header_ok = not problems
    ticker = Ticker(progress)
    defined = _define(table, template, reconciler, present, problems, ticker) if template.defines else {}
    seen: dict[tuple[str, ...], int] = {}
    labels: dict[str, tuple[str, str, int]] = {}
    builder = _Builder(ox.NamedNode(graph), ox.NamedNode(source), reconciler)
    matched: dict[tuple[str, str], Value] = {}  # (column, cell) -> the thing it names: cities and types repeat
    for done, (number, cells) in enumerate(table.rows, start=1):
        if done % 1000 == 0:
            ticker.say(f"{table.name}: reading rows: {done:,} of {len(table.rows):,}")
        values = _read_row(template, reconciler, number, cells, present, table.name, problems, matched)
        if values is None:
            continue
        key = tuple(values[name].text if name in values else "" for name in template.unique)
        if key in seen:
            column = template.unique[0] if len(template.unique) == 1 else template.unique[-1]
            what = "duplicate key" if len(template.unique) == 1 else f"duplicate row (same {', '.join(template.unique)})"
            problems.append(Problem(table.name, f"{what}: also on row {seen[key]}", number, column,
                                    cells.get(column, ""), "keep one row, or give each its own key"))
            continue
        seen[key] = number
        for name, compute in template.computed.items():
            value = compute(values)
            if value is not None:
                values[name] = value
        for column, message, hint in template.check(values, reconciler) if template.check else ():
            problems.append(Problem(table.name, message, number, column, cells.get(column, ""), hint))
        if header_ok:
            builder.row(template, values, number, labels, defined, table.name, problems, mapped.rows)
        if measures.columns:
            measures.row(values, number, cells, builder.add, builder.source, problems)
    if not problems:
        mapped.quads = builder.quads  # may repeat a quad: the import keeps each once
    return mapped


def _check_headers(table: Table, template: Template, problems: list[Problem], measures: MeasureColumns) -> set[str]:
    known = [column.name for column in template.columns]
    for position, header in enumerate(table.headers, start=1):
        if header not in known and header not in measures.columns:
            close = difflib.get_close_matches(header.lower(), [k for k in known if k not in table.headers], n=1)
            guess = f'did you mean "{close[0]}"? ' if close else ""
            problems.append(Problem(table.name, f"unknown column (number {position})", 1, header or "(empty)",
                                    None, f"{guess}the {template.name} template has the columns {', '.join(known)}"
                                    + measures.hint()))
    for name in template.required:
        if name not in table.headers:
            problems.append(Problem(table.name, "missing required column", 1, name, None,
                                    f"add a column \"{name}\": {template.column(name).help}"))
    return {header for header in table.headers if header in known}


def _read_row(template, reconciler, number, cells, present, name, problems,
              matched: dict[tuple[str, str], Value] | None = None) -> dict[str, Value] | None:
    """Read the cells of a row; None when one of them has a problem.

    ``matched`` keeps the names matched so far (no thing may be added to the reconciler meanwhile).
    """
    values: dict[str, Value] = {}
    ok = True
    for column in template.columns:
        if column.name not in present and column.default is None and not (
                column.required_with and cells.get(column.required_with, "")):
            continue
        cell = cells.get(column.name, "") if column.name in present else ""
        text = cell or column.default or ""
        if not text:
            if column.required or (column.required_with and cells.get(column.required_with, "")):
                needed = f" (needed with {column.required_with})" if column.required_with else ""
                problems.append(Problem(name, "required cell is empty", number, column.name, "", column.help + needed))
                ok = False
            continue
        try:
            if matched is None or column.kind in LITERAL_KINDS:
                values[column.name] = _read(column, text, reconciler)
            else:
                key = (column.name, text)
                found = matched.get(key)
                values[column.name] = found if found is not None else matched.setdefault(
                    key, _read(column, text, reconciler))
        except CellError as error:
            problems.append(Problem(name, error.message, number, column.name, cell, error.hint))
            ok = False
    return values if ok else None


def _read(column: Column, text: str, reconciler: Reconciler) -> Value:
    if column.kind in LITERAL_KINDS:
        return read_cell(column.kind, text)
    parts = [part for part in _SPLIT.split(text) if part] if column.multiple else [text]
    found = [_match(column, part, reconciler) for part in parts]
    if len(found) == 1:
        return found[0]
    return Value(found[0].term, ";".join(v.text for v in found), found[0].key,
                 "、".join(v.zh for v in found), ", ".join(v.en for v in found), column.kind + "+" +
                 "|".join(v.term.value for v in found))


def _match(column: Column, text: str, reconciler: Reconciler) -> Value:
    match = reconciler.match(column.kind, text)
    what = column.kind.replace("-", " ")
    if match.found is not None and (not column.choices or match.found.key in column.choices):
        thing = match.found
        return Value(ox.NamedNode(thing.iri), thing.key, thing.key, thing.zh or thing.en, thing.en or thing.zh,
                     column.kind)
    if match.found is not None:
        raise CellError(f"not allowed here: {match.found.key}", f"write one of {', '.join(column.choices)}")
    if match.ambiguous:
        names = "; ".join(f"{shorten(known.iri)} = {known.display()}" for known in match.candidates)
        raise CellError(f"ambiguous {what}: it names {len(match.candidates)} things ({names})",
                        "write the key or IRI of the one you mean")
    if match.parts:
        named = ", ".join(f"{known.key} = {known.display()}" for known in match.candidates)
        hint = (f"the name joins several places (the graph knows {named}): write one of them, or, for a unit "
                "spanning them (a metropolitan area or cluster), import it first as a place of its own "
                "with `innokg template places` (type cluster, contains the cities)")
    elif match.candidates:
        hint = "did you mean " + " or ".join(f"{known.key} = {known.display()}" for known in match.candidates) + "?"
    else:
        hint = _unknown_hint(column, reconciler)
    raise CellError(f"unknown {what}", hint)


def _unknown_hint(column: Column, reconciler: Reconciler) -> str:
    if column.choices:
        return f"write one of {', '.join(column.choices)}"
    how = KINDS[column.kind][0]
    if how in ("concepts", "classes", "properties"):
        return f"write one of {', '.join(known.key for known in reconciler.known(column.kind))}"
    how = _IMPORT_FIRST.get(column.kind, "with its template (`innokg template` lists them)")
    return (f"no {column.kind.replace('-', ' ')} of the graph has this key or name; "
            f"check the spelling, or import it first {how}")


def _with(*templates: str) -> str:
    return "with " + " or ".join(f"`innokg template {name}`" for name in templates)


#: How to import a thing of each reconciled kind, for the "import it first" hints.
_IMPORT_FIRST = {
    **dict.fromkeys(("city", "place", "country", "metropolitan-area"), _with("places")),
    **dict.fromkeys(("organization", "government-body"), _with("organizations")),
    "agent": _with("organizations", "people"), "person": _with("people"), "index": _with("indexes"),
    **dict.fromkeys(("instrument", "programme"), _with("policies")),
    "source": "as the source of an import (`innokg import FILE --source \"TITLE\"`)",
}


def _define(table, template, reconciler, present, problems, ticker: Ticker) -> dict[str, Known]:
    """Make the things the table defines matchable, checking them against the store first."""
    node_name, class_pattern = template.defines
    node = next(n for n in template.nodes if n.name == node_name)
    defined: dict[str, Known] = {}
    pending = []
    kinds_of: dict[str, tuple[str, ...]] = {}
    for done, (number, cells) in enumerate(table.rows, start=1):
        if done % 1000 == 0:
            ticker.say(f"{table.name}: reading the things it defines: {done:,} of {len(table.rows):,} rows")
        key, name_zh, name_en = (cells.get(c, "") if c in present else "" for c in ("key", "name_zh", "name_en"))
        if not key or not (name_zh or name_en):
            continue
        try:
            key_value = read_cell("key", key)
            cls = _class_of(template, class_pattern, cells, present, reconciler)
        except CellError:
            continue  # reported with the row
        iri = _defined_iri(template, node, class_pattern, key_value, cls)
        kinds = kinds_of[cls] if cls in kinds_of else kinds_of.setdefault(cls, _kinds_of(cls, reconciler))
        existing = reconciler.lookup(kinds[0], iri).found if kinds else None
        if existing is not None and (existing.zh, existing.en) != (name_zh, name_en):
            problems.append(Problem(table.name, f"key already names {existing.display()} in the graph", number, "key",
                                    key, "use another key, or write the same names to add facts to it"))
        for column, name in (("name_zh", name_zh), ("name_en", name_en)):
            match = reconciler.lookup(kinds[0], name) if kinds and name else None
            if match and match.found is not None and match.found.iri != iri:
                same_key = match.found.key == key_value.text  # an IRI by type (id:city/KEY): the type differs
                problems.append(Problem(table.name, f"already in the graph as {match.found.display()} "
                                        f"with key {match.found.key}", number, column, name,
                                        f"write the type of {shorten(match.found.iri)} to add facts to it, or use "
                                        "another name" if same_key else
                                        f"write key {match.found.key} to add facts to it, or use another name"))
        pending.append((kinds, Known(iri, key_value.text, name_zh, name_en)))
    for done, (kinds, thing) in enumerate(pending, start=1):
        if done % 1000 == 0:
            ticker.say(f"{table.name}: making the things it defines matchable: {done:,} of {len(pending):,}")
        if thing.iri not in defined:
            defined[thing.iri] = thing
            reconciler.add(kinds, thing)
    return defined


def _defined_iri(template, node, class_pattern, key: Value, cls: str) -> str:
    """The IRI a row defines: its node's pattern with the key, the class and what is computed from them
    (the places template's folder by type: id:city/KEY, id:metro/KEY)."""
    values = {"key": key}
    if class_pattern.startswith("{"):
        values[class_pattern.strip("{}")] = Value(ox.NamedNode(cls), cls)
    for name, compute in template.computed.items():
        if "{" + name + "}" in node.iri:
            values[name] = compute(values)
    return ID + node.iri.format_map(values)


def _class_of(template, pattern, cells, present, reconciler) -> str:
    if not pattern.startswith("{"):
        return _expand(pattern)
    column = template.column(pattern.strip("{}"))
    text = (cells.get(column.name, "") if column.name in present else "") or column.default or ""
    return _match(column, text, reconciler).term.value


def _kinds_of(cls: str, reconciler: Reconciler) -> tuple[str, ...]:
    kinds = [kind for kind, (how, roots) in KINDS.items()
             if how == "instances" and any(reconciler.is_a(cls, root) for root in roots)]
    kinds.sort(key=lambda kind: kind not in ("organization", "person", "instrument", "programme"))
    return (*kinds, "entity") if kinds else ("entity",)


class _Builder:
    """Turns the values of rows into quads, node by node."""

    def __init__(self, graph: ox.NamedNode, source: ox.NamedNode, reconciler: Reconciler):
        self.graph = graph
        self.source = source
        self.reconciler = reconciler
        self.quads: list[ox.Quad] = []
        self._new: dict[str, bool] = {}
        self._predicates: dict[str, ox.NamedNode] = {}

    def add(self, s, p: str, o) -> None:
        predicate = self._predicates.get(p)
        if predicate is None:
            predicate = self._predicates[p] = ox.NamedNode(p)
        self.quads.append(ox.Quad(s, predicate, o, self.graph))

    def row(self, template, values, number, labels, defined, name, problems, rows) -> None:
        nodes: dict[str, ox.NamedNode | ox.BlankNode] = {}
        for node in template.nodes:
            if node.when and node.when not in values:
                continue
            nodes[node.name] = self._iri(node, values)
        for node in template.nodes:
            if node.name not in nodes:
                continue
            subject = nodes[node.name]
            if node.only_if_new and self._described(subject.value):
                continue
            rows.setdefault(subject.value, number)
            self._node(node, subject, values, nodes, number, labels, name, problems)

    def _iri(self, node: Node, values) -> ox.NamedNode | ox.BlankNode:
        if node.iri == "_":
            return ox.BlankNode()
        if _PLACEHOLDER.fullmatch(node.iri):
            return values[node.iri.strip("{}")].term
        return ox.NamedNode(ID + node.iri.format_map(values))

    def _described(self, iri: str) -> bool:
        if iri not in self._new:
            self._new[iri] = self.reconciler.describes(iri)
        return self._new[iri]

    def _node(self, node, subject, values, nodes, number, labels, name, problems) -> None:
        for pattern in node.types:
            cls = values[pattern.strip("{}")].term.value if pattern.startswith("{") else _expand(pattern)
            self.add(subject, RDF + "type", ox.NamedNode(cls))
        if node.label_zh or node.label_en:
            zh, en = node.label_zh.format_map(values), node.label_en.format_map(values)
            first = labels.setdefault(subject.value, (zh, en, number))
            if first[:2] != (zh, en):
                column = "key" if "key" in values else None
                problems.append(Problem(name, f"the key names something else on row {first[2]} "
                                        f"({first[0]} / {first[1]})", number, column,
                                        values["key"].text if column else None,
                                        "give each its own key, or write the same names on every row"))
            self.add(subject, RDFS + "label", ox.Literal(zh, language="zh-Hans"))
            self.add(subject, RDFS + "label", ox.Literal(en, language="en"))
        if node.key:
            self.add(subject, IK + "key", ox.Literal(node.key.format_map(values)))
        for prop in node.props:
            if prop.when and (prop.when[0] not in values or values[prop.when[0]].key not in prop.when[1]):
                continue
            predicate = values[prop.predicate.strip("{}")].term.value if prop.predicate.startswith("{") \
                else _expand(prop.predicate)
            for obj in self._objects(prop.value, values, nodes):
                self.add(subject, predicate, obj)
        if node.cite:
            cites = IK + "statedIn" if _STATED_IN_TYPES & set(node.types) else PREFIXES["prov"] + "wasDerivedFrom"
            self.add(subject, cites, self.source)

    def _objects(self, pattern: str, values, nodes) -> list:
        if pattern.startswith("@"):
            return [nodes[pattern[1:]]] if pattern[1:] in nodes else []
        if pattern.startswith("="):
            return [ox.NamedNode(_expand(pattern[1:]))]
        value = values.get(pattern.strip("{}"))
        if value is None:
            return []
        if "+" in value.kind:
            return [ox.NamedNode(iri) for iri in value.kind.split("+", 1)[1].split("|")]
        if value.kind == "date":
            instant = ox.BlankNode()
            self.add(instant, RDF + "type", ox.NamedNode(_TIME + "Instant"))
            datatype = value.term.datatype.value.rsplit("#", 1)[1]
            self.add(instant, _TIME + _INSTANT_PREDICATES[datatype], value.term)
            return [instant]
        return [value.term]
