"""The import templates: one declarative mapping from table columns to the ontology per table.

A :class:`Template` lists its columns (name, kind, whether required, help
and an example) and the :class:`Node` s each row describes: an IRI pattern,
types, bilingual labels and properties whose values are columns (``{city}``),
other nodes of the row (``@edition``) or constants (``=id:qualifier/exact``).
:mod:`kg.importing.mapping` applies any template; nothing here is code per
column.

Column kinds are the literal kinds of :mod:`kg.importing.cells` (``text``,
``key``, ``positive-integer``, ``year``, ``decimal``, ``currency``, ``date``)
and the reconciled kinds of :mod:`kg.importing.reconcile` (``city``,
``organization``, ``dimension``, ``status`` …). A ``date`` becomes an
OWL-Time instant of the right precision.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.importing.cells import Value, read_integer
from kg.importing.problems import Problem
from kg.importing.tabular import Table

__all__ = ["Column", "Prop", "Node", "Template", "TEMPLATES", "get_template", "template_csv",
           "write_template_xlsx", "templates_markdown", "example_rows"]


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
    """

    name: str
    kind: str
    required: bool = False
    help: str = ""
    example: str = ""
    default: str | None = None
    choices: tuple[str, ...] = ()
    multiple: bool = False


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

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        return next(column for column in self.columns if column.name == name)

    @property
    def required(self) -> list[str]:
        """Names of the columns a file must have."""
        return [c.name for c in self.columns if c.required and c.default is None]


def _rank_change(values: dict) -> Value | None:
    """previous rank − rank, for exact ranks with a previous rank."""
    rank, previous, bound = values.get("rank"), values.get("previous_rank"), values.get("bound")
    if rank is None or previous is None or bound is None or bound.key != "exact":
        return None
    return read_integer(int(previous.text) - int(rank.text))


def _rank_words(values: dict) -> Value | None:
    """How a label says the rank: 第3 / rank 3, 前4 / top 4, 约第20 / about rank 20."""
    rank, bound = values.get("rank"), values.get("bound")
    if rank is None or bound is None:
        return None
    zh = {"exact": "第{}", "upper-bound": "前{}", "approximate": "约第{}"}[bound.key].format(rank.text)
    en = {"exact": "rank {}", "upper-bound": "top {}", "approximate": "about rank {}"}[bound.key].format(rank.text)
    return Value(rank.term, rank.text, rank.text, zh, en, "words")


#: Currency names that are not ISO 4217 codes, with the code they stand for.
_CURRENCY_CODES = {"RMB": "CNY"}


def _iso_currency(values: dict) -> Value | None:
    """The ISO 4217 code for a currency written another way (RMB -> CNY); None when already a code.

    >>> _iso_currency({"currency": Value(ox.Literal("RMB"), "RMB", "RMB", "RMB", "RMB", "currency")}).text
    'CNY'
    """
    currency = values.get("currency")
    code = _CURRENCY_CODES.get(currency.text) if currency is not None else None
    return Value(ox.Literal(code), code, code, code, code, "currency") if code else None


_SOURCE_HELP = "The source is given once for the whole file: innokg import FILE --source \"...\""

RANKINGS = Template(
    name="rankings",
    title="Rank observations of a ranking edition",
    title_zh="榜单排名观测",
    description="One row per city, edition and dimension: the rank an index gives a city. "
                "The edition is created when the graph does not have it yet. Two cities with the same exact rank "
                "in one edition and dimension (a tie) are imported as stated, with a warning naming them. "
                + _SOURCE_HELP + ".",
    columns=(
        Column("index", "index", True, "the ranking index: its key, IRI or name", "gis100"),
        Column("edition", "year", True, "the edition's year", "2024"),
        Column("dimension", "dimension", False, "overall (default) or one of the five dimensions, "
               "by key or name", "overall", default="overall"),
        Column("city", "city", True, "the city: its key or its name in Chinese or English", "深圳"),
        Column("rank", "positive-integer", True, "the rank, 1 being the best", "8"),
        Column("bound", "qualifier", False, "exact (default), upper-bound for 'top N', approximate "
               "for 'about N'", "exact", default="exact", choices=("exact", "upper-bound", "approximate")),
        Column("previous_rank", "positive-integer", False, "the rank in the previous edition, "
               "when the source states it", "9"),
        Column("score", "decimal", False, "the score, when the source states it", "80.5"),
    ),
    nodes=(
        Node("edition", "edition/{index.key}-{edition}", ("ik:RankingEdition",),
             "{index.zh}({edition})", "{index.en} {edition} edition",
             (Prop("ik:ofIndex", "{index}"), Prop("ik:editionYear", "{edition}")),
             key="{index.key}-{edition}", only_if_new=True),
        Node("observation", "observation/{index.key}-{edition}/{dimension.key}-{city.key}",
             ("ik:RankObservation",),
             "{city.zh}·{edition}{dimension.zh}{words.zh}", "{city.en}: {dimension.en} {words.en} ({edition})",
             (Prop("ik:edition", "@edition"), Prop("ik:dimension", "{dimension}"), Prop("ik:city", "{city}"),
              Prop("ik:rank", "{rank}", ("bound", ("exact",))),
              Prop("ik:rankAtMost", "{rank}", ("bound", ("upper-bound",))),
              Prop("ik:approximateRank", "{rank}", ("bound", ("approximate",))),
              Prop("ik:valueQualifier", "{bound}"), Prop("ik:previousRank", "{previous_rank}"),
              Prop("ik:rankChange", "{rank_change}"), Prop("ik:score", "{score}")),
             cite=True),
    ),
    unique=("index", "edition", "dimension", "city"),
    computed={"rank_change": _rank_change, "words": _rank_words},
)

ORGANIZATIONS = Template(
    name="organizations",
    title="Organizations: universities, institutes, firms, parks, government bodies",
    title_zh="组织机构",
    description="One row per organization, with a stable key its IRI is made from (id:org/KEY).",
    columns=(
        Column("key", "key", True, "a stable key: lower-case letters, digits and hyphens", "shanghaitech-university"),
        Column("type", "organization-type", True, "university, research-institute, enterprise, "
               "technology-firm, science-park, government-body … (or the Chinese name, e.g. 高校)", "university"),
        Column("name_zh", "text", True, "the name in Chinese", "上海科技大学"),
        Column("name_en", "text", True, "the name in English", "ShanghaiTech University"),
        Column("city", "place", False, "where it is seated: a city or district of the graph", "上海"),
        Column("parent", "organization", False, "the organization it belongs to (in the graph or "
               "in this file)", ""),
        Column("founded", "date", False, "when it was founded: YYYY-MM-DD, YYYY-MM or YYYY", "2013"),
    ),
    nodes=(
        Node("organization", "org/{key}", ("{type}",), "{name_zh}", "{name_en}",
             (Prop("ik:headquarteredAt", "{city}"), Prop("org:subOrganizationOf", "{parent}"),
              Prop("ik:founded", "{founded}")),
             key="{key}"),
    ),
    unique=("key",),
    defines=("organization", "{type}"),
)

PEOPLE = Template(
    name="people",
    title="People and the roles they hold in organizations",
    title_zh="人员与任职",
    description="One row per person and role; a person with several roles takes several rows "
                "with the same key and names.",
    columns=(
        Column("key", "key", True, "a stable key of the person", "wang-wu"),
        Column("name_zh", "text", True, "the name in Chinese", "王五"),
        Column("name_en", "text", True, "the name in English", "Wang Wu"),
        Column("type", "person-type", False, "person (default), researcher, entrepreneur, "
               "technology-manager or journalist", "researcher", default="person"),
        Column("organization", "organization", True, "the organization of the role", "上海大学"),
        Column("role", "role", True, "founder, co-founder, chairman, general-manager, institute-head, "
               "professor, technology-manager … (or the Chinese name)", "professor"),
    ),
    nodes=(
        Node("person", "person/{key}", ("{type}",), "{name_zh}", "{name_en}", key="{key}"),
        Node("role_assignment", "membership/{key}-{role.key}-{organization.key}", ("ik:RoleAssignment",),
             "{name_zh}（{organization.zh}{role.zh}）", "{name_en}, {role.en}, {organization.en}",
             (Prop("org:member", "@person"), Prop("org:organization", "{organization}"),
              Prop("org:role", "{role}")),
             cite=True),
    ),
    unique=("key", "organization", "role"),
    defines=("person", "{type}"),
)

RELATIONS = Template(
    name="relations",
    title="Relations between things already in the graph",
    title_zh="关系",
    description="One row per link, read as 'subject relation object': the subject is incubated-by (孵化方) "
                "the object, operated-by (运营方) it, operates (运营) it, is affiliated-with (隶属于) it, i.e. "
                "belongs to it (the chain views draw this from the object: object 下设 subject), is located-in "
                "(位于), headquartered-at (所在地), established-in, co-built-by (共建方), part-of-zone, led-by "
                "(主导者) or a sub-organization-of it. Write the unit first and the body it belongs to second.",
    columns=(
        Column("subject", "entity", True, "the thing the relation is about", "泮芯科技"),
        Column("relation", "relation", True, "the relation, by key (incubated-by) or name (孵化方)",
               "incubated-by"),
        Column("object", "entity", True, "the thing it points to", "环上大科技园"),
    ),
    nodes=(Node("subject", "{subject}", (), props=(Prop("{relation}", "{object}"),)),),
    unique=("subject", "relation", "object"),
)

FUNDING = Template(
    name="funding",
    title="Funding flows: who funds whom, through whom, by which instrument, how much, when",
    title_zh="资金流",
    description="One row per flow of money. An amount stated as 'over X' is X with bound lower-bound.",
    columns=(
        Column("key", "key", True, "a stable key of the flow", "panxin-2025-grant"),
        Column("funder", "agent", False, "whose money it is", ""),
        Column("channel", "agent", False, "the intermediary that approves or pays it",
               "长三角国家技术创新中心"),
        Column("recipient", "agent", True, "who receives it", "泮芯科技"),
        Column("instrument", "instrument", False, "the policy instrument", "先投后股"),
        Column("amount", "decimal", False, "the amount in units of the currency, digits only; thousands "
               "separators are dropped (3,000,000 is read as 3000000)", "5000000"),
        Column("currency", "currency", False, "ISO 4217 code (default CNY); RMB is read as CNY",
               "CNY", default="CNY"),
        Column("bound", "qualifier", False, "exact (default), lower-bound for 'over X', approximate",
               "exact", default="exact", choices=("exact", "lower-bound", "approximate")),
        Column("date", "date", False, "when: YYYY-MM-DD, YYYY-MM or YYYY", "2025-01"),
        Column("status", "status", True, "applied, approved, disbursed or converted", "approved"),
    ),
    nodes=(
        Node("flow", "funding/{key}", ("ik:FundingFlow",),
             "资金流：{recipient.zh}（{key}）", "Funding flow to {recipient.en} ({key})",
             (Prop("ik:funder", "{funder}"), Prop("ik:channel", "{channel}"), Prop("ik:recipient", "{recipient}"),
              Prop("ik:instrument", "{instrument}"), Prop("ik:amount", "@amount"), Prop("ik:date", "{date}"),
              Prop("ik:status", "{status}")),
             key="{key}", cite=True),
        Node("amount", "indicator-value/funding-{key}-amount", ("ik:MonetaryValue",),
             "{recipient.zh}所获资金：{amount} {currency}", "Funding to {recipient.en}: {amount} {currency}",
             (Prop("ik:measures", "=id:indicator/funding-amount"),
              Prop("schema:value", "{amount}", ("bound", ("exact", "approximate"))),
              Prop("schema:minValue", "{amount}", ("bound", ("lower-bound",))),
              Prop("schema:currency", "{currency}"), Prop("ik:valueQualifier", "{bound}")),
             cite=True, when="amount"),
    ),
    unique=("key",),
    computed={"currency": _iso_currency},
)

POLICIES = Template(
    name="policies",
    title="Policy instruments and pilot programmes",
    title_zh="政策工具与试点",
    description="One row per policy instrument or pilot programme.",
    columns=(
        Column("key", "key", True, "a stable key", "minhang-grant-pilot"),
        Column("type", "policy-type", True, "policy-instrument or pilot-programme", "pilot-programme"),
        Column("name_zh", "text", True, "the name in Chinese", "闵行区“先投后股”试点"),
        Column("name_en", "text", True, "the name in English", "Minhang invest-first-convert-later pilot"),
        Column("instrument_type", "instrument-type", False, "for an instrument: convertible-grant, grant, "
               "equity-investment, loan, tax-incentive", ""),
        Column("implements", "instrument", False, "for a pilot: the instrument it puts into practice",
               "先投后股"),
        Column("area", "place", False, "for a pilot: where it runs", "上海"),
        Column("level", "level", False, "national, municipal or district", "district"),
    ),
    nodes=(
        Node("policy", "policy/{key}", ("{type}",), "{name_zh}", "{name_en}",
             (Prop("ik:instrumentType", "{instrument_type}"), Prop("ik:implementsInstrument", "{implements}"),
              Prop("ik:pilotArea", "{area}"), Prop("ik:designationLevel", "{level}")),
             key="{key}"),
    ),
    unique=("key",),
    defines=("policy", "{type}"),
)

PILOT_DESIGNATIONS = Template(
    name="pilot-designations",
    title="Pilot designations: a government body selects a pilot programme",
    title_zh="试点认定",
    description="One row per designation; several bodies are separated by ';'.",
    columns=(
        Column("key", "key", True, "a stable key", "baoshan-pilot-municipal-designation"),
        Column("name_zh", "text", True, "the name in Chinese", "宝山区“先投后股”试点入选市级试点"),
        Column("name_en", "text", True, "the name in English", "Baoshan pilot selected as a municipal pilot"),
        Column("programme", "programme", True, "the pilot programme selected", "宝山区“先投后股”创新改革试点"),
        Column("designated_by", "government-body", True, "the government bodies, separated by ';'",
               "国家发展改革委; 科技部", multiple=True),
        Column("level", "level", False, "national, municipal or district", "national"),
        Column("date", "date", False, "when: YYYY-MM-DD, YYYY-MM or YYYY", "2025"),
    ),
    nodes=(
        Node("designation", "policy/{key}", ("ik:PilotDesignation",), "{name_zh}", "{name_en}",
             (Prop("ik:designatedBy", "{designated_by}"), Prop("ik:designatedProgramme", "{programme}"),
              Prop("ik:designationLevel", "{level}"), Prop("ik:date", "{date}")),
             key="{key}", cite=True),
    ),
    unique=("key",),
)

#: Every template by name.
TEMPLATES: dict[str, Template] = {
    template.name: template
    for template in (RANKINGS, ORGANIZATIONS, PEOPLE, RELATIONS, FUNDING, POLICIES, PILOT_DESIGNATIONS)
}


def get_template(name: str) -> Template:
    """Return the template called ``name``.

    Examples
    --------
    >>> get_template("rankings").required
    ['index', 'edition', 'city', 'rank']
    >>> get_template("ranks")
    Traceback (most recent call last):
    kg.errors.InnokgError: unknown template 'ranks'; known templates: rankings, organizations, people, relations, funding, policies, pilot-designations
    """
    if name not in TEMPLATES:
        raise InnokgError(f"unknown template {name!r}; known templates: {', '.join(TEMPLATES)}")
    return TEMPLATES[name]


def template_csv(template: Template) -> str:
    """The CSV template: the header and one example row.

    Examples
    --------
    >>> print(template_csv(get_template("relations")), end="")
    subject,relation,object
    泮芯科技,incubated-by,环上大科技园
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in template.columns])
    writer.writerow([column.example for column in template.columns])
    return buffer.getvalue()


def example_rows(table: Table) -> list[Problem]:
    """Find the template example rows a table still holds unchanged: one problem per such row.

    A row is a template's example when the table's columns are columns of
    that template (with all its required ones) and every cell is the cell
    of the example row that ``innokg template`` writes. Such a row was never
    filled in; importing it would state the example as a fact.

    Examples
    --------
    >>> example = dict(zip(("index", "edition", "city", "rank"), ("gis100", "2024", "深圳", "8")))
    >>> table = Table("r.csv", list(example), [(2, {**example, "rank": "7"}), (3, example)])
    >>> [str(problem) for problem in example_rows(table)]  # doctest: +NORMALIZE_WHITESPACE
    ['r.csv: row 3: the example row of the rankings template, unchanged;
      hint: write your own data over it, or delete the row']
    """
    headers = set(table.headers)
    problems = []
    for template in TEMPLATES.values():
        names = {column.name for column in template.columns}
        if not headers or not headers <= names or not set(template.required) <= headers:
            continue
        example = {column.name: column.example for column in template.columns}
        problems += [Problem(table.name, f"the example row of the {template.name} template, unchanged", number,
                             hint="write your own data over it, or delete the row")
                     for number, cells in table.rows
                     if all(cells.get(name, "") == example[name] for name in table.headers)]
    return sorted(problems, key=lambda problem: problem.row or 0)


def write_template_xlsx(template: Template, path: str | os.PathLike) -> None:
    """Write the template as a one-sheet workbook: header (with help as comments) and example row.

    The example row is grey and italic, with a comment saying to write over
    it; an import refuses a file that still holds it unchanged.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> path = os.path.join(tempfile.mkdtemp(), "rankings.xlsx")
    >>> write_template_xlsx(get_template("rankings"), path)
    >>> sheet = openpyxl.load_workbook(path).active
    >>> [cell.value for cell in sheet[1]][:4], sheet["D2"].value, sheet["A2"].font.i
    (['index', 'edition', 'dimension', 'city'], '深圳', True)
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = template.name
    sheet.append([column.name for column in template.columns])
    sheet.append([column.example or None for column in template.columns])
    for cell, column in zip(sheet[1], template.columns):
        cell.font = Font(bold=True)
        required = "required" if column.required and column.default is None else "optional"
        cell.comment = Comment(f"{required}: {column.help}", "innokg")
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.example) * 2, len(column.name) + 2)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    sheet["A2"].comment = Comment("example row: write your own data over it, or delete it "
                                  "(an import refuses it unchanged)", "innokg")
    workbook.save(path)


def templates_markdown() -> str:
    """Document every template: its columns, what to write, and the example row (templates/README.md)."""
    lines = [
        "# Import templates",
        "",
        "Generated from `kg/importing/templates.py` (`innokg template --docs`); do not edit by hand.",
        "Write one with `innokg template NAME -o FILE.csv` (or `.xlsx`), fill it, and load it with",
        "`innokg import FILE --source \"where the numbers come from\"`. Names of cities, organizations,",
        "people and concepts may be written as keys, IRIs or labels in Chinese or English.",
        "Each template comes with one example row: write your own data over it, or delete it; an import",
        "refuses a file that still holds it unchanged (`FILE: row N: the example row of the T template,",
        "unchanged`).",
        "",
    ]
    for template in TEMPLATES.values():
        lines += [f"## {template.name}: {template.title} ({template.title_zh})", "", template.description, "",
                  "| column | required | what to write | example |", "| --- | --- | --- | --- |"]
        for column in template.columns:
            required = "yes" if column.required and column.default is None else (
                f"no (default {column.default})" if column.default else "no")
            lines.append(f"| `{column.name}` | {required} | {column.help} | {column.example} |")
        lines += ["", f"Template file: [`{template.name}.csv`]({template.name}.csv)", ""]
    return "\n".join(lines)
