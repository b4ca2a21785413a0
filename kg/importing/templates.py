"""The import templates: one declarative mapping from table columns to the ontology per table.

What a template is (:class:`Column`, :class:`Node`, :class:`Template`) is
:mod:`kg.importing.template_model`; the files written from a template and
the example-row check are :mod:`kg.importing.template_files`.

Column kinds are the literal kinds of :mod:`kg.importing.cells` (``text``,
``key``, ``positive-integer``, ``year``, ``decimal``, ``currency``, ``date``)
and the reconciled kinds of :mod:`kg.importing.reconcile` (``city``,
``organization``, ``dimension``, ``status`` …). A ``date`` becomes an
OWL-Time instant of the right precision.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.importing.cells import Value, read_integer
from kg.importing.index_templates import INDEXES
from kg.importing.place_templates import ALIASES, PLACES
from kg.importing.template_model import SOURCE_HELP, Column, Node, Prop, Template, name_columns

__all__ = ["Column", "Prop", "Node", "Template", "TEMPLATES", "get_template"]


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



RANKINGS = Template(
    name="rankings",
    title="Rank observations of a ranking edition",
    title_zh="榜单排名观测",
    description="One row per city, edition and dimension: the rank an index gives a city. "
                "The edition is created when the graph does not have it yet. Two cities with the same exact rank "
                "in one edition and dimension (a tie) are imported as stated, with a warning naming them. "
                "A file may add one column per measure of its own that the index declares (indexes template), "
                "headed by the measure key (patent_applications): each filled cell becomes a measure observation; "
                "any other column is refused. "
                + SOURCE_HELP + ".",
    columns=(
        Column("index", "index", True, "the ranking index: its key, IRI or name", "gis100"),
        Column("edition", "year", True, "the edition's year", "2024"),
        Column("dimension", "dimension", False, "overall (default) or one of the five dimensions, "
               "by key or name", "overall", default="overall"),
        Column("city", "city", True, "the city: its key or its name in Chinese or English (for an index of "
               "clusters or metropolitan areas, the unit: see the places template)", "深圳"),
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
    measures="index",
)

def _date(example: str, name: str = "date", what: str = "when") -> Column:
    """An optional date column (``what``, then the forms a date is read in)."""
    return Column(name, "date", False, f"{what}: YYYY-MM-DD, YYYY-MM or YYYY", example)


def _level(example: str) -> Column:
    """The optional designation level column."""
    return Column("level", "level", False, "national, municipal or district", example)


def _named_things(name: str, title: str, title_zh: str, description: str, node: str, iri: str,
                  key: Column, kind: Column, names: tuple[str, str], columns: tuple[Column, ...],
                  props: tuple[Prop, ...]) -> Template:
    """A template of things a row defines: key, type, Chinese and English name, then ``columns`` and ``props``."""
    return Template(
        name=name, title=title, title_zh=title_zh, description=description,
        columns=(key, kind, *name_columns(*names), *columns),
        nodes=(Node(node, iri, ("{type}",), "{name_zh}", "{name_en}", props, key="{key}"),),
        unique=("key",),
        defines=(node, "{type}"),
    )


ORGANIZATIONS = _named_things(
    "organizations", "Organizations: universities, institutes, firms, parks, government bodies", "组织机构",
    "One row per organization, with a stable key its IRI is made from (id:org/KEY).", "organization", "org/{key}",
    Column("key", "key", True, "a stable key: lower-case letters, digits and hyphens", "shanghaitech-university"),
    Column("type", "organization-type", True, "university, research-institute, enterprise, "
           "technology-firm, science-park, government-body … (or the Chinese name, e.g. 高校)", "university"),
    ("上海科技大学", "ShanghaiTech University"),
    (Column("city", "place", False, "where it is seated: a city or district of the graph", "上海"),
     Column("parent", "organization", False, "the organization it belongs to (in the graph or in this file)", ""),
     _date("2013", "founded", "when it was founded")),
    (Prop("ik:headquarteredAt", "{city}"), Prop("org:subOrganizationOf", "{parent}"), Prop("ik:founded", "{founded}")),
)

PEOPLE = Template(
    name="people",
    title="People and the roles they hold in organizations",
    title_zh="人员与任职",
    description="One row per person and role; a person with several roles takes several rows "
                "with the same key and names.",
    columns=(
        Column("key", "key", True, "a stable key of the person", "wang-wu"),
        *name_columns("王五", "Wang Wu"),
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
        _date("2025-01"),
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

POLICIES = _named_things(
    "policies", "Policy instruments and pilot programmes", "政策工具与试点",
    "One row per policy instrument or pilot programme.", "policy", "policy/{key}",
    Column("key", "key", True, "a stable key", "minhang-grant-pilot"),
    Column("type", "policy-type", True, "policy-instrument or pilot-programme", "pilot-programme"),
    ("闵行区“先投后股”试点", "Minhang invest-first-convert-later pilot"),
    (Column("instrument_type", "instrument-type", False, "for an instrument: convertible-grant, grant, "
            "equity-investment, loan, tax-incentive", ""),
     Column("implements", "instrument", False, "for a pilot: the instrument it puts into practice", "先投后股"),
     Column("area", "place", False, "for a pilot: where it runs", "上海"),
     _level("district")),
    (Prop("ik:instrumentType", "{instrument_type}"), Prop("ik:implementsInstrument", "{implements}"),
     Prop("ik:pilotArea", "{area}"), Prop("ik:designationLevel", "{level}")),
)

PILOT_DESIGNATIONS = Template(
    name="pilot-designations",
    title="Pilot designations: a government body selects a pilot programme",
    title_zh="试点认定",
    description="One row per designation; several bodies are separated by ';'.",
    columns=(
        Column("key", "key", True, "a stable key", "baoshan-pilot-municipal-designation"),
        *name_columns("宝山区“先投后股”试点入选市级试点", "Baoshan pilot selected as a municipal pilot"),
        Column("programme", "programme", True, "the pilot programme selected", "宝山区“先投后股”创新改革试点"),
        Column("designated_by", "government-body", True, "the government bodies, separated by ';'",
               "国家发展改革委; 科技部", multiple=True),
        _level("national"),
        _date("2025"),
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
    template.name: template for template in (RANKINGS, ORGANIZATIONS, PEOPLE, RELATIONS, FUNDING, POLICIES,
                                             PILOT_DESIGNATIONS, INDEXES, PLACES, ALIASES)
}


def get_template(name: str) -> Template:
    """Return the template called ``name``.

    Examples
    --------
    >>> get_template("rankings").required
    ['index', 'edition', 'city', 'rank']
    >>> get_template("ranks")
    Traceback (most recent call last):
    kg.errors.InnokgError: unknown template 'ranks'; known templates: rankings, organizations, people, relations, funding, policies, pilot-designations, indexes, places, aliases
    """
    if name not in TEMPLATES:
        raise InnokgError(f"unknown template {name!r}; known templates: {', '.join(TEMPLATES)}")
    return TEMPLATES[name]
