"""Funding flows aggregated funder → channel → instrument → recipient (→ recipient stage) over a time window.

Every ``ik:FundingFlow`` (grants included) is read, by the saved query
``policy-funding-flows`` (``queries/policy/``), with its parties, its
pipeline stage (``ik:stage``), its amount and its date. Parties the graph
does not give are ``(not stated)``, never dropped.

Amounts keep their bounds when summed, per currency:

* an exact ``schema:value`` adds to both the lower and the upper total;
  an approximate one (``ik:valueQualifier qualifier:approximate``) makes the
  total approximate;
* a lower bound (``schema:minValue``) adds to the lower total only, so the
  total reads "at least" (an inclusive bound, ``qualifier:lower-bound``) or
  "more than" (an exclusive one, ``qualifier:lower-bound-exclusive``: the
  source says 超X, 逾X or X多; a sum with one exclusive part is exclusive);
* an upper bound (``schema:maxValue``) adds to the upper total only;
* a flow without an amount is *counted* (``unknown``), and leaves the upper
  total open.

Dates (``ik:date``: a day, a month or a year) are intervals: a flow is in the
window ``[start, end]`` when its interval overlaps it. With a window, flows
without a date are left out and counted in ``undated_excluded``.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from kg.errors import InnokgError
from kg.namespaces import IK, QUALIFIER
from kg.policy.lookup import Label, Source, derived_from, graph_sources, labels, subclasses, with_sections
from kg.policy.sparql import run_policy_query
from kg.store import GraphStore

__all__ = ["LEVELS", "Flow", "Total", "FlowGroup", "FundingSummary", "funding_flows", "aggregate_funding",
           "parse_date_bound", "funding_columns", "funding_rows"]

#: The levels of a flow, in Sankey order.
LEVELS = ("funder", "channel", "instrument", "recipient", "stage")
NOT_STATED = Label("", "（未说明）", "(not stated)")

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

@dataclass(frozen=True)
class Flow:
    """One funding flow: its parties (each a tuple, empty when not stated), amount, date and sources."""

    iri: str
    parties: dict[str, tuple[Label, ...]]
    value: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    currency: str
    approximate: bool
    date: str
    date_inferred: bool
    sources: tuple[Source, ...]
    #: The lower bound (``minimum``) excludes itself: "more than X" (超X), not "at least X".
    minimum_exclusive: bool = False

    def party(self, level: str) -> Label:
        """The party at ``level``, several joined with `` + ``, or :data:`NOT_STATED`."""
        found = self.parties.get(level, ())
        if not found:
            return NOT_STATED
        if len(found) == 1:
            return found[0]
        return Label(" ".join(label.iri for label in found), " + ".join(label.zh for label in found),
                     " + ".join(label.en for label in found))


@dataclass
class Total:
    """Amounts summed with their bounds, per currency, and the flows whose amount is unknown.

    Examples
    --------
    >>> total = Total()
    >>> total.add(Decimal(5000000), None, None, "CNY", False)
    >>> total.add(None, Decimal(3000000), None, "CNY", False)
    >>> total.add(None, None, None, "", False)
    >>> total.text()
    'at least 8,000,000 CNY; 1 flow of unknown amount'
    >>> over = Total()
    >>> over.add(None, Decimal(3900000000), None, "CNY", False, exclusive=True)
    >>> over.text(), over.to_dict()["by_currency"]["CNY"]["lower_exclusive"]
    ('more than 3,900,000,000 CNY', True)
    """

    flows: int = 0
    unknown: int = 0
    lower: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    upper: dict[str, Decimal | None] = field(default_factory=dict)
    approximate: set[str] = field(default_factory=set)
    #: Currencies whose lower total excludes itself (a part was "more than X").
    exclusive: set[str] = field(default_factory=set)

    def add(self, value, minimum, maximum, currency, approximate, exclusive: bool = False) -> None:
        self.flows += 1
        if value is None and minimum is None and maximum is None:
            self.unknown += 1
            return
        currency = currency or "(currency not stated)"
        self.lower[currency] += value if value is not None else (minimum or Decimal(0))
        top = value if value is not None else maximum
        if currency not in self.upper:
            self.upper[currency] = Decimal(0)
        self.upper[currency] = None if top is None or self.upper[currency] is None else self.upper[currency] + top
        if approximate:
            self.approximate.add(currency)
        if exclusive and value is None and minimum is not None:
            self.exclusive.add(currency)

    def bounds(self, currency: str) -> tuple[Decimal, Decimal | None]:
        """(lower, upper) total in ``currency``; upper is None when open (a lower bound or an unknown amount)."""
        upper = self.upper.get(currency)
        return self.lower[currency], (None if self.unknown else upper)

    def text(self) -> str:
        parts = []
        for currency in sorted(self.lower):
            low, high = self.bounds(currency)
            about = "about " if currency in self.approximate else ""
            more = "more than" if currency in self.exclusive else "at least"
            if high is None:
                parts.append(f"{more} {_number(low)} {currency}")
            elif low == high and currency not in self.exclusive:
                parts.append(f"{about}{_number(low)} {currency}")
            elif currency in self.exclusive:
                parts.append(f"more than {_number(low)} and at most {_number(high)} {currency}")
            else:
                parts.append(f"between {_number(low)} and {_number(high)} {currency}")
        if self.unknown:
            parts.append(f"{self.unknown} flow{'s' if self.unknown > 1 else ''} of unknown amount")
        return "; ".join(parts)

    def to_dict(self) -> dict:
        return {"flows": self.flows, "unknown_amounts": self.unknown, "text": self.text(),
                "by_currency": {c: {"at_least": str(self.bounds(c)[0]), "lower_exclusive": c in self.exclusive,
                                    "at_most": None if self.bounds(c)[1] is None else str(self.bounds(c)[1]),
                                    "approximate": c in self.approximate} for c in sorted(self.lower)}}


@dataclass
class FlowGroup:
    """Flows sharing the same parties at the grouped levels."""

    key: tuple[Label, ...]
    total: Total
    flows: list[Flow]


@dataclass
class FundingSummary:
    """The groups, the Sankey links between consecutive levels, and what the window left out."""

    levels: tuple[str, ...]
    groups: list[FlowGroup]
    links: list[tuple[str, Label, str, Label, Total]]
    flows: list[Flow]
    start: str | None
    end: str | None
    undated_excluded: int
    outside_window: int

    def to_dict(self) -> dict:
        def party(label: Label) -> dict:
            return {"iri": label.iri or None, "zh": label.zh or None, "en": label.en or None}
        return {
            "window": {"from": self.start, "to": self.end}, "levels": list(self.levels),
            "undated_excluded": self.undated_excluded, "outside_window": self.outside_window,
            "groups": [{**{level: party(label) for level, label in zip(self.levels, g.key)},
                        "total": g.total.to_dict(), "flows": [f.iri for f in g.flows]} for g in self.groups],
            "links": [{"source_level": a, "source": party(s), "target_level": b, "target": party(t),
                       "total": total.to_dict()} for a, s, b, t, total in self.links],
            "flows": [{"iri": f.iri, "date": f.date or None, "date_inferred": f.date_inferred,
                       "sources": [s.to_dict() for s in f.sources]} for f in self.flows],
        }


def funding_columns(summary: FundingSummary) -> list[str]:
    """The column names of :func:`funding_rows`: the grouped levels, then the counts and the total."""
    return [*summary.levels, "flows", "unknown_amounts", "total"]


def parse_date_bound(text: str | None, *, end: bool = False) -> str | None:
    """Turn ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into the first (or, with ``end``, last) day it covers.

    Examples
    --------
    >>> parse_date_bound("2025"), parse_date_bound("2024-02", end=True)
    ('2025-01-01', '2024-02-29')
    >>> parse_date_bound("last year")
    Traceback (most recent call last):
    kg.errors.InnokgError: a date is YYYY, YYYY-MM or YYYY-MM-DD, got 'last year'
    """
    if text is None:
        return None
    match = _DATE.match(text.strip())
    if not match:
        raise InnokgError(f"a date is YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = match.groups()
    if month is None:
        month = "12" if end else "01"
    if day is None:
        day = f"{calendar.monthrange(int(year), int(month))[1]:02d}" if end else "01"
    return f"{year}-{month}-{day}"


def funding_flows(store: GraphStore) -> list[Flow]:
    """Read every funding flow with its parties, amount, date and sources, in IRI order.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> [(f.party("channel").zh, f.party("funder").en, f.date, f.date_inferred) for f in funding_flows(build_memory())]
    [('长三角国家技术创新中心', '(not stated)', '2025-01', True)]
    """
    # the classes listed, not a/rdfs:subClassOf*: some engines drop such rows
    rows = list(run_policy_query(store, "policy-funding-flows", {"class": subclasses(store, IK + "FundingFlow")}))
    parties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    facts: dict[str, dict] = {}
    graphs: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        iri = row["flow"].value
        graphs[iri].add(row["g"].value)
        for level in LEVELS:
            if row[level] is not None:
                parties[iri][level].add(row[level].value)
        fact = facts.setdefault(iri, {"value": None, "min": None, "max": None, "currency": "", "approximate": False,
                                      "exclusive": False, "date": "", "date_inferred": False})
        for key in ("value", "min", "max"):
            if row[key] is not None:
                fact[key] = Decimal(row[key].value)
        if row["currency"] is not None:
            fact["currency"] = row["currency"].value
        if row["qualifier"] is not None and row["qualifier"].value == QUALIFIER + "approximate":
            fact["approximate"] = True
        if row["qualifier"] is not None and row["qualifier"].value == QUALIFIER + "lower-bound-exclusive":
            fact["exclusive"] = True
        if row["date"] is not None and (not fact["date"] or row["date"].value < fact["date"]):
            fact["date"] = row["date"].value
            fact["date_inferred"] = row["date_inferred"] is not None and row["date_inferred"].value in ("true", "1")
    names = labels(store, {iri for per in parties.values() for iris in per.values() for iri in iris})
    sections = derived_from(store, facts)
    known = graph_sources(store)
    flows = []
    for iri in sorted(facts):
        fact = facts[iri]
        flows.append(Flow(
            iri=iri,
            parties={level: tuple(sorted((names[p] for p in parties[iri][level]), key=lambda l: l.iri))
                     for level in LEVELS},
            value=fact["value"], minimum=fact["min"], maximum=fact["max"], currency=fact["currency"],
            approximate=fact["approximate"], date=fact["date"], date_inferred=fact["date_inferred"],
            sources=with_sections(known, graphs[iri], sections.get(iri, ())),
            minimum_exclusive=fact["exclusive"],
        ))
    return flows


def aggregate_funding(store: GraphStore, start: str | None = None, end: str | None = None,
                      levels: tuple[str, ...] = LEVELS) -> FundingSummary:
    """Aggregate the funding flows in a time window by the parties at ``levels``.

    Parameters
    ----------
    store : GraphStore
    start, end : str, optional
        The window (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, inclusive).
    levels : tuple of str, optional
        Which of :data:`LEVELS` to group by, in order (default: all).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> summary = aggregate_funding(build_memory(), levels=("channel", "instrument"))
    >>> [(g.key[0].en, g.key[1].zh, g.total.text()) for g in summary.groups]
    [('Yangtze River Delta National Technology Innovation Center', '先投后股', '1 flow of unknown amount')]
    >>> aggregate_funding(build_memory(), "2024", "2024").groups
    []
    """
    unknown_levels = [level for level in levels if level not in LEVELS]
    if unknown_levels or not levels:
        raise InnokgError(f"group funding by some of {', '.join(LEVELS)}, got {', '.join(unknown_levels) or 'nothing'}")
    low, high = parse_date_bound(start), parse_date_bound(end, end=True)
    if low and high and low > high:
        raise InnokgError(f"the window starts ({start}) after it ends ({end})")
    kept, undated, outside = [], 0, 0
    for flow in funding_flows(store):
        if low or high:
            if not flow.date:
                undated += 1
                continue
            first, last = parse_date_bound(flow.date[:10]), parse_date_bound(flow.date[:10], end=True)
            if (high and first > high) or (low and last < low):
                outside += 1
                continue
        kept.append(flow)
    groups: dict[tuple[str, ...], FlowGroup] = {}
    links: dict[tuple, list] = {}
    for flow in kept:
        key = tuple(flow.party(level) for level in levels)
        group = groups.setdefault(tuple(label.iri or f"?{level}" for label, level in zip(key, levels)),
                                  FlowGroup(key, Total(), []))
        group.flows.append(flow)
        _add(group.total, flow)
        for (a, source), (b, target) in zip(zip(levels, key), zip(levels[1:], key[1:])):
            link = links.setdefault((a, source.iri or f"?{a}", b, target.iri or f"?{b}"), [a, source, b, target, Total()])
            _add(link[4], flow)
    ordered = sorted(groups.values(), key=lambda g: tuple(label.en or label.text for label in g.key))
    return FundingSummary(tuple(levels), ordered, [tuple(link) for link in links.values()], kept,
                          start, end, undated, outside)


def funding_rows(summary: FundingSummary) -> list[list[str]]:
    """Flatten groups to rows: the party labels, flow count, unknown amounts and the bounded total.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> funding_rows(aggregate_funding(build_memory(), levels=("recipient",)))
    [['泮芯科技(上海)有限公司', '1', '1', '1 flow of unknown amount']]
    """
    return [[label.text for label in group.key] + [str(group.total.flows), str(group.total.unknown),
                                                   group.total.text()] for group in summary.groups]


def _add(total: Total, flow: Flow) -> None:
    total.add(flow.value, flow.minimum, flow.maximum, flow.currency, flow.approximate, exclusive=flow.minimum_exclusive)


def _number(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,}"

