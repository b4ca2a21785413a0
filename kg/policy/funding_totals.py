"""Funding flows of a big graph, aggregated in SPARQL: the top parties of each level, the rest as "others".

:func:`kg.policy.funding.aggregate_funding` reads every flow into Python,
which is right for a few hundred flows and far too slow for tens of
thousands (233 s for 20,000 flows on a 1M-triple graph). Here the store does
the work, in bounded answers:

1. for each level (funder, channel, instrument, recipient, stage), the
   :data:`TOP_PARTIES` parties with the most flows (one ``GROUP BY`` each);
2. one pass over the flows (one row per flow: the first party of each level,
   its amount and date) grouped by the parties, each outside the top shown
   as *others*, and by currency: number of flows, of unknown amounts and of
   open upper bounds, and the sums of the lower and upper bounds.

The answer (:func:`funding_buckets`, also grouped by the month of the
flow's date) does not grow with the number of flows, only with the parties
shown and the months; it is computed once per store snapshot
(:func:`kg.views.snapshot.prepare`) and :func:`summary_from_buckets` turns
it into a :class:`kg.policy.funding.FundingSummary` for a window (Sankey
links between consecutive levels, and the :data:`TOP_GROUPS` largest
groups), so the funding page draws it as it draws a small graph's. A flow
with two funders counts under one of them (small graphs list both).

Examples
--------
>>> from kg.build import build_memory
>>> summary = aggregate_funding_sparql(build_memory())
>>> [(g.key[1].en[:7], g.key[2].zh, g.total.text()) for g in summary.groups]
[('Yangtze', '先投后股', '1 flow of unknown amount')]
>>> len(summary.flows), [(a, b, total.flows) for a, _, b, _, total in summary.links][:2]
(1, [('funder', 'channel', 1), ('channel', 'instrument', 1)])
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import IK, QUALIFIER
from kg.policy.funding import LEVELS, NOT_STATED, FlowGroup, FundingSummary, Total, parse_date_bound
from kg.policy.lookup import Label, labels, subclasses
from kg.store import GraphStore

__all__ = ["TOP_PARTIES", "TOP_GROUPS", "OTHERS", "funding_buckets", "summary_from_buckets",
           "aggregate_funding_sparql"]

#: Parties shown by name at each level; the others are one node, "others".
TOP_PARTIES = 12
#: Groups listed in the table, the largest first.
TOP_GROUPS = 60
OTHERS = Label("others", "（其他）", "(others)")

_PROPERTY = {"funder": "ik:funder", "channel": "ik:channel", "instrument": "ik:instrument",
             "recipient": "ik:recipient", "stage": "ik:stage"}
_APPROXIMATE = QUALIFIER + "approximate"
_EXCLUSIVE = QUALIFIER + "lower-bound-exclusive"

_TOP = """SELECT ?x (COUNT(DISTINCT ?flow) AS ?n) WHERE { VALUES ?class { CLASSES } ?flow a ?class ; ik:recipient ?r ;
  PROPERTY ?x . } GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT TOP"""

_PER_FLOW = """
SELECT ?flow (SAMPLE(?f) AS ?funder) (SAMPLE(?c) AS ?channel) (SAMPLE(?i) AS ?instrument) (SAMPLE(?r) AS ?recipient)
       (SAMPLE(?s) AS ?stage) (SAMPLE(?v) AS ?value) (SAMPLE(?mn) AS ?min) (SAMPLE(?mx) AS ?max)
       (SAMPLE(?cu) AS ?currency) (MAX(?q) AS ?approx) (MAX(?xq) AS ?excl) (MIN(?d) AS ?date) WHERE {
  VALUES ?class { CLASSES } ?flow a ?class ; ik:recipient ?r .
  OPTIONAL { ?flow ik:funder ?f } OPTIONAL { ?flow ik:channel ?c } OPTIONAL { ?flow ik:instrument ?i }
  OPTIONAL { ?flow ik:stage ?s }
  OPTIONAL { ?flow ik:amount ?amount .
             OPTIONAL { ?amount schema:value ?v } OPTIONAL { ?amount schema:minValue ?mn }
             OPTIONAL { ?amount schema:maxValue ?mx } OPTIONAL { ?amount schema:currency ?cu }
             OPTIONAL { ?amount ik:valueQualifier ?qualifier } }
  BIND (IF(BOUND(?qualifier) && ?qualifier = <APPROXIMATE>, 1, 0) AS ?q)
  BIND (IF(BOUND(?qualifier) && ?qualifier = <EXCLUSIVE>, 1, 0) AS ?xq)
  OPTIONAL { ?flow ik:date ?instant .
             OPTIONAL { ?instant time:inXSDDate ?day } OPTIONAL { ?instant time:inXSDgYearMonth ?month }
             OPTIONAL { ?instant time:inXSDgYear ?year } }
  BIND (COALESCE(STR(?day), STR(?month), STR(?year)) AS ?d)
} GROUP BY ?flow"""

_GROUPS = """
PREFIX schema: <http://schema.org/>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT KEYS ?cur ?bucket (COUNT(?flow) AS ?flows) (SUM(?unknown) AS ?unknowns) (SUM(?low) AS ?lower)
       (SUM(?high) AS ?upper) (SUM(?open) AS ?opens) (MAX(?approx) AS ?approximate) (MAX(?ex) AS ?exclusive) WHERE {
  { PER_FLOW }
  BIND (IF(!BOUND(?value) && !BOUND(?min) && !BOUND(?max), 1, 0) AS ?unknown)
  BIND (COALESCE(?value, ?min, 0) AS ?low)
  BIND (COALESCE(?value, ?max, 0) AS ?high)
  BIND (IF(?unknown = 0 && !BOUND(?value) && !BOUND(?max), 1, 0) AS ?open)
  BIND (IF(!BOUND(?value) && BOUND(?min) && ?excl = 1, 1, 0) AS ?ex)  # "more than" (超X), not "at least"
  BIND (IF(?unknown = 1, "", COALESCE(STR(?currency), "(currency not stated)")) AS ?cur)
  BIND (IF(BOUND(?date), SUBSTR(?date, 1, 7), "") AS ?bucket)
  MAPPINGS
} GROUP BY KEYS ?cur ?bucket"""


def _iri_list(iris) -> str:
    return " ".join(str(ox.NamedNode(iri)) for iri in sorted(iris))


def _overlaps(bucket: str, low: str | None, high: str | None) -> bool:
    first, last = parse_date_bound(bucket), parse_date_bound(bucket, end=True)
    return not ((high and first > high) or (low and last < low))


def funding_buckets(store: GraphStore) -> dict:
    """Aggregate every flow in SPARQL by its parties (the top ones by name), currency and month: plain JSON data.

    Computed once per store snapshot (:func:`kg.views.snapshot.prepare`);
    :func:`summary_from_buckets` turns it into a window's summary.
    """
    classes = _iri_list(subclasses(store, IK + "FundingFlow"))
    top: dict[str, list[str]] = {}
    for level in LEVELS:
        text = (_TOP.replace("CLASSES", classes).replace("PROPERTY", _PROPERTY[level])
                .replace("TOP", str(TOP_PARTIES)))
        top[level] = [row["x"].value for row in store.query(text) if isinstance(row["x"], ox.NamedNode)]
    mappings = []
    for level in LEVELS:
        named = ", ".join(str(ox.NamedNode(iri)) for iri in top[level])
        test = f"?{level} IN ({named})" if named else "false"
        mappings.append(f'BIND (IF(!BOUND(?{level}), "", IF({test}, STR(?{level}), "others")) AS ?{level}_key)')
    keys = " ".join(f"?{level}_key" for level in LEVELS)
    per_flow = (_PER_FLOW.replace("CLASSES", classes).replace("APPROXIMATE", _APPROXIMATE)
                .replace("EXCLUSIVE", _EXCLUSIVE))
    text = _GROUPS.replace("PER_FLOW", per_flow).replace("MAPPINGS", "\n  ".join(mappings)).replace("KEYS", keys)
    rows = [[*(row[f"{level}_key"].value for level in LEVELS), row["cur"].value, row["bucket"].value,
             int(row["flows"].value), int(row["unknowns"].value), row["lower"].value, row["upper"].value,
             int(row["opens"].value), int(row["approximate"].value), int(row["exclusive"].value)]
            for row in store.query(text)]
    names = labels(store, {iri for iris in top.values() for iri in iris})
    return {"top": top, "labels": {iri: [label.zh, label.en] for iri, label in names.items()},
            "rows": sorted(rows)}


def summary_from_buckets(buckets: dict, start: str | None = None, end: str | None = None) -> FundingSummary:
    """The :class:`~kg.policy.funding.FundingSummary` of the flows of ``buckets`` dated in the window.

    The window is read at the precision of a month: a flow dated in a month
    that overlaps the window counts.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> buckets = funding_buckets(build_memory())
    >>> summary_from_buckets(buckets, "2025", "2025").groups[0].total.flows
    1
    >>> summary = summary_from_buckets(buckets, "2024", "2024")
    >>> summary.groups, summary.outside_window
    ([], 1)
    """
    low, high = parse_date_bound(start), parse_date_bound(end, end=True)
    if low and high and low > high:
        raise InnokgError(f"the window starts ({start}) after it ends ({end})")
    names = {iri: Label(iri, zh, en) for iri, (zh, en) in buckets["labels"].items()}

    def label(key: str) -> Label:
        return NOT_STATED if key == "" else OTHERS if key == "others" else names.get(key, Label(key))

    groups: dict[tuple[str, ...], FlowGroup] = {}
    links: dict[tuple, list] = {}
    counted = undated = outside = 0
    for row in buckets["rows"]:
        key, bucket, flows = tuple(row[:5]), row[6], row[7]
        if low or high:
            if not bucket:
                undated += flows
                continue
            if not _overlaps(bucket, low, high):
                outside += flows
                continue
        counted += flows
        group = groups.setdefault(key, FlowGroup(tuple(label(part) for part in key), Total(), []))
        for total in [group.total] + [
                links.setdefault((a, key[i], b, key[i + 1]), [a, label(key[i]), b, label(key[i + 1]), Total()])[4]
                for i, (a, b) in enumerate(zip(LEVELS, LEVELS[1:]))]:
            _add_aggregate(total, row, flows)
    ordered = sorted(groups.values(), key=lambda g: (-g.total.flows, tuple(part.en or part.text for part in g.key)))
    # ``flows`` only needs a length here: the flows' details are not read at this size
    return FundingSummary(LEVELS, ordered[:TOP_GROUPS], [tuple(link) for link in links.values()], range(counted),
                          start, end, undated, outside)


def aggregate_funding_sparql(store: GraphStore, start: str | None = None, end: str | None = None) -> FundingSummary:
    """Aggregate the funding flows in a window by all five levels, in SPARQL, the top parties of each by name.

    :func:`funding_buckets` then :func:`summary_from_buckets`: ``flows`` is
    a ``range`` as long as the number of flows counted (their details are
    not read), ``links`` join consecutive levels and ``groups`` are the
    :data:`TOP_GROUPS` largest.
    """
    return summary_from_buckets(funding_buckets(store), start, end)


def _add_aggregate(total: Total, row: list, flows: int) -> None:
    total.flows += flows
    total.unknown += row[8]
    currency = row[5]
    if not currency:
        return
    total.lower[currency] += Decimal(row[9])
    previous = total.upper.get(currency, Decimal(0))
    total.upper[currency] = None if row[11] > 0 or previous is None else previous + Decimal(row[10])
    if row[12]:
        total.approximate.add(currency)
    if row[13:] and row[13]:  # a lower bound that excludes itself: the total reads "more than"
        total.exclusive.add(currency)
