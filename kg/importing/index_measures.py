"""An index's own measures as columns of a rankings file: one column per measure the index declares.

An index declares its measures with the indexes template
(:mod:`kg.importing.index_templates`): ``id:measure/INDEX/KEY``, a
``qb:MeasureProperty`` named by ``ik:indexMeasure``, and a measure data set
(``ik:measureDataSet``). A rankings file of that index may add a column per
measure, headed by its key (``patent_applications`` or
``patent-applications``); each filled cell becomes an
``ik:MeasureObservation`` of the data set: the unit (``ik:measuredUnit``),
the edition (``ik:measureEdition``), the measure (``qb:measureType``) and
its value. A column that is neither a column of the template nor a measure
of an index the file names is refused, never dropped.

Examples
--------
>>> measure_key("Patent_Applications ")
'patent-applications'
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.importing.cells import CellError, read_cell
from kg.importing.problems import Problem
from kg.importing.tabular import Table
from kg.importing.template_model import Template
from kg.namespaces import ID, IK, PREFIXES, RDF, RDFS

__all__ = ["Measure", "MeasureColumns", "measure_key"]

_QB = PREFIXES["qb"]
_PROV = PREFIXES["prov"]


def measure_key(header: str) -> str:
    """The measure key a column header names: lower case, ``_`` read as ``-``."""
    return header.strip().lower().replace("_", "-")


@dataclass(frozen=True)
class Measure:
    """A measure an index declares: its property IRI, key, names and unit."""

    iri: str
    key: str
    zh: str
    en: str
    unit: str


class MeasureColumns:
    """The columns of a table beyond its template's that are measures of an index the table names.

    The indexes the table's ``template.measures`` column names are matched
    first, so a column is known to be a measure before any row is read;
    :func:`kg.importing.mapping.map_table` refuses every other column.

    Parameters
    ----------
    table : Table
    template : Template
        Only a template with ``measures`` (the column naming the index) takes such columns.
    reconciler : Reconciler
        Matches the index names; its store holds the indexes' declarations.
    """

    def __init__(self, table: Table, template: Template, reconciler):
        self.table = table
        self.store = reconciler.store
        self._declared: dict[str, dict[str, Measure]] = {}
        self._data_sets: dict[str, str] = {}
        self._given: dict[str, tuple[str, int]] = {}  # observation IRI -> (value, row)
        known = {column.name for column in template.columns}
        extra = [header for header in table.headers if header not in known]
        #: Index key -> its IRI, for every index the table names.
        self.indexes: dict[str, str] = {}
        if template.measures and extra and template.measures in table.headers:
            for text in sorted({cells.get(template.measures, "") for _, cells in table.rows} - {""}):
                found = reconciler.match("index", text, suggest=False).found
                if found is not None:
                    self.indexes[found.key] = found.iri
        #: Header -> position, for the columns that are a measure of an index the table names.
        self.columns = {header: position for position, header in enumerate(table.headers, start=1)
                        if header in extra and any(measure_key(header) in self.declared(iri)
                                                   for iri in self.indexes.values())}

    def declared(self, index: str) -> dict[str, Measure]:
        """The measures ``index`` (an IRI) declares, by key (read once)."""
        if index not in self._declared:
            rows = self.store.query(f"""
                SELECT ?m ?set (SAMPLE(?z) AS ?zh) (SAMPLE(?e) AS ?en) (SAMPLE(?u) AS ?unit) WHERE {{
                  <{index}> <{IK}indexMeasure> ?m . OPTIONAL {{ <{index}> <{IK}measureDataSet> ?set }}
                  OPTIONAL {{ ?m <{RDFS}label> ?z FILTER LANGMATCHES(LANG(?z), "zh") }}
                  OPTIONAL {{ ?m <{RDFS}label> ?e FILTER LANGMATCHES(LANG(?e), "en") }}
                  OPTIONAL {{ ?m <{IK}measureUnit> ?u }} }} GROUP BY ?m ?set""")
            found = self._declared[index] = {}
            for row in rows:
                iri = row["m"].value
                key = iri.rsplit("/", 1)[1]
                found[key] = Measure(iri, key, *(row[name].value if row[name] is not None else ""
                                                 for name in ("zh", "en", "unit")))
                if row["set"] is not None:
                    self._data_sets[index] = row["set"].value
        return self._declared[index]

    def hint(self) -> str:
        """What the indexes of the table declare, for the hint of an unknown column ("" when none declares any)."""
        declared = {key: sorted(self.declared(iri)) for key, iri in sorted(self.indexes.items())}
        said = [f"{key} declares {', '.join(keys)}" for key, keys in declared.items() if keys]
        if not said:
            return ""
        return ("; a column may also be a measure of the index (" + "; ".join(said) + "), or declare it with "
                "`innokg template indexes`")

    def row(self, values: dict, number: int, cells: dict[str, str], add, source: ox.NamedNode,
            problems: list[Problem]) -> None:
        """Turn the filled measure cells of a row into measure observations (``add(s, p, o)``)."""
        index = values.get("index")
        if index is None:
            return
        declared = self.declared(index.term.value)
        for header in self.columns:
            cell = cells.get(header, "")
            if not cell:
                continue
            measure = declared.get(measure_key(header))
            if measure is None:
                problems.append(Problem(self.table.name, f"the index {index.key} declares no measure "
                                        f"{measure_key(header)}", number, header, cell,
                                        _declare_hint(index.key, declared)))
                continue
            try:
                value = read_cell("decimal", cell)
            except CellError as error:
                problems.append(Problem(self.table.name, error.message, number, header, cell, error.hint))
                continue
            self._observation(values, number, header, cell, measure, value, add, source, problems)

    def _observation(self, values, number, header, cell, measure, value, add, source, problems) -> None:
        index, edition, unit = values["index"], values["edition"], values["city"]
        iri = f"{ID}observation/{index.key}-{edition.text}/measure-{measure.key}-{unit.key}"
        first = self._given.setdefault(iri, (value.text, number))
        if first[0] != value.text:
            problems.append(Problem(self.table.name, f"another value of {measure.key} for {unit.key} in "
                                    f"{edition.text} is on row {first[1]} ({first[0]})", number, header, cell,
                                    "give a unit's measure once an edition"))
            return
        data_set = self._data_sets.get(index.term.value, f"{ID}dataset/{index.key}-measures")
        subject = ox.NamedNode(iri)
        unit_text = f" {measure.unit}" if measure.unit else ""
        for predicate, obj in (
                (RDF + "type", ox.NamedNode(IK + "MeasureObservation")),
                (RDFS + "label", ox.Literal(f"{unit.zh}·{edition.text}{measure.zh}：{value.text}{unit_text}",
                                            language="zh-Hans")),
                (RDFS + "label", ox.Literal(f"{unit.en}: {measure.en} {value.text}{unit_text} ({edition.text})",
                                            language="en")),
                (_QB + "dataSet", ox.NamedNode(data_set)),
                (IK + "measureEdition", ox.NamedNode(f"{ID}edition/{index.key}-{edition.text}")),
                (IK + "measuredUnit", unit.term),
                (_QB + "measureType", ox.NamedNode(measure.iri)),
                (measure.iri, value.term),
                (_PROV + "wasDerivedFrom", source)):
            add(subject, predicate, obj)


def _declare_hint(index: str, declared: dict[str, Measure]) -> str:
    if declared:
        return f"its measures are {', '.join(sorted(declared))}; leave the cell empty on its rows"
    return f"{index} declares no measures: leave the cell empty on its rows, or declare it with `innokg template indexes`"
