"""What an import template is: its columns and the nodes each row describes (see :mod:`kg.importing.templates`).

A :class:`Template` lists its columns (name, kind, whether required, help
and an example) and the :class:`Node` s each row describes: an IRI pattern,
types, bilingual labels and properties whose values are columns (``{city}``),
other nodes of the row (``@edition``) or constants (``=id:qualifier/exact``).
:mod:`kg.importing.mapping` applies any template; nothing here is code per
column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kg.importing.cells import Value

__all__ = ["Column", "Prop", "Node", "Template", "name_columns", "SOURCE_HELP"]

#: What every template's description says of the source.
SOURCE_HELP = "The source is given once for the whole file: innokg import FILE --source \"...\""


@dataclass(frozen=True)
class Column:
    """One column of a template.

    Attributes
    ----------
    name : str
    kind : str
        How the cell is read (see the module docstring).
    required : bool
        A row must fill it (when there is no default).
    help : str
        What to write, for the template's documentation.
    example : str
        The cell of the example row.
    default : str, optional
        Used when the cell is empty.
    choices : tuple of str
        Allowed keys for a reconciled kind, when only some fit.
    multiple : bool
        The cell may list several names separated by ``;``.
    required_with : str
        Required on the rows that fill this other column (``measure_zh`` with ``measure``).
    """

    name: str
    kind: str
    required: bool = False
    help: str = ""
    example: str = ""
    default: str | None = None
    choices: tuple[str, ...] = ()
    multiple: bool = False
    required_with: str = ""


@dataclass(frozen=True)
class Prop:
    """A property of a node.

    Attributes
    ----------
    predicate : str
        A prefixed name, or ``{column}`` for a column whose value is a property.
    value : str
        ``{column}``, ``@node`` or ``=constant`` (prefixed name or IRI).
    when : tuple of (str, tuple of str), optional
        Only when the column's key is one of these.
    """

    predicate: str
    value: str
    when: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class Node:
    """A resource each row describes.

    Attributes
    ----------
    name : str
        How ``@name`` refers to it.
    iri : str
        A pattern under ``id:``, e.g. ``org/{key}``; ``{column}`` alone for an
        existing thing the row talks about; ``_`` for a blank node.
    types : tuple of str
        Prefixed names, or ``{column}`` for a class-valued column.
    label_zh, label_en : str
        Label patterns; empty for none.
    props : tuple of Prop
    key : str
        Pattern of its ``ik:key``; empty for none.
    cite : bool
        Whether it cites the import's source (``prov:wasDerivedFrom``; ``ik:statedIn``
        for activities and events, which are not ``prov:Entity``).
    only_if_new : bool
        Describe it only when the graph does not already.
    when : str
        Only when this column is filled.
    """

    name: str
    iri: str
    types: tuple[str, ...] = ()
    label_zh: str = ""
    label_en: str = ""
    props: tuple[Prop, ...] = ()
    key: str = ""
    cite: bool = False
    only_if_new: bool = False
    when: str = ""


@dataclass(frozen=True)
class Template:
    """A table template and its mapping to the ontology.

    Attributes
    ----------
    name, title, title_zh, description : str
    columns : tuple of Column
    nodes : tuple of Node
    unique : tuple of str
        Columns whose values together may occur on one row only.
    defines : tuple of (str, str)
        ``(node name, class column or prefixed class)`` of the things a row
        defines, so later rows (and reconciliation) can name them.
    computed : mapping of str to callable
        Extra values computed from a row's values (e.g. the rank change).
    measures : str
        The column naming an index, when a file may add one column per
        measure that index declares (:mod:`kg.importing.index_measures`;
        ``index`` in the rankings template).
    check : callable, optional
        A check of a row's values against the graph, called with the values and
        the :class:`kg.importing.reconcile.Reconciler`: the ``(column, message,
        hint)`` problems of the row (an alias that already names another thing).
    """

    name: str
    title: str
    title_zh: str
    description: str
    columns: tuple[Column, ...]
    nodes: tuple[Node, ...]
    unique: tuple[str, ...]
    defines: tuple[str, str] | None = None
    computed: Mapping[str, Callable[[dict], Value | None]] = field(default_factory=dict)
    measures: str = ""
    check: Callable[[dict, object], list[tuple[str, str, str]]] | None = None

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        return next(column for column in self.columns if column.name == name)

    @property
    def required(self) -> list[str]:
        """Names of the columns a file must have."""
        return [c.name for c in self.columns if c.required and c.default is None]


def name_columns(zh: str, en: str, whose: str = "") -> tuple[Column, Column]:
    """The columns that name what a row defines, in Chinese and in English (``zh`` and ``en`` their examples).

    >>> [column.help for column in name_columns("上海", "Shanghai", "city's ")]
    ["the city's name in Chinese", "the city's name in English"]
    """
    return (Column("name_zh", "text", True, f"the {whose}name in Chinese", zh),
            Column("name_en", "text", True, f"the {whose}name in English", en))
