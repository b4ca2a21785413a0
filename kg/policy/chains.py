"""Technology-transfer chains: the explicit paths from an actor to the firms it reached.

The path graph is built from a fixed set of *transfer relations*
(:data:`TRANSFER_RELATIONS`), read from every named graph by the saved query
``policy-transfer-edges`` (``queries/policy/``), each
edge pointing the way knowledge, people, money and support move towards a
firm:

=====================  ==========================================================  =======================
relation               read from                                                   edge
=====================  ==========================================================  =======================
``co-builds``          ``?carrier ik:coBuiltBy ?partner``                          partner → carrier
``operated-by``        ``?carrier ik:operatedBy ?op`` / ``?op ik:operates ?carrier``  carrier → operator
``has-role``           ``org:Membership`` (organization, member, role)             organization → person
``hosts-affiliate``    ``?unit ik:affiliatedWith ?host``                           host → unit
``has-unit``           ``?unit org:subOrganizationOf ?parent``                     parent → unit
``leads``              ``?platform ik:ledBy ?person``                              person → platform
``incubates``          ``?firm ik:incubatedBy ?park``                              park → firm
``hosts-founding``     ``?firm ik:establishedIn ?park``                            park → firm
``serves``             transfer service ``ik:provider`` / ``ik:beneficiary``       provider → beneficiary
``brokers-with``       transfer service ``ik:provider`` / ``ik:counterpart``       provider → counterpart
``funds-through``      funding flow ``ik:funder`` / ``ik:channel``                 funder → channel
``grant-through``      funding flow ``ik:channel`` / ``ik:recipient``              channel → recipient
``funds``              funding flow without channel: ``ik:funder`` / ``ik:recipient``  funder → recipient
``facilitates-grant``  funding flow ``ik:facilitatedBy`` / ``ik:recipient``        facilitator → recipient
=====================  ==========================================================  =======================

Each step carries its relation (with the role or the policy instrument as
detail), its pipeline stage, its date and its sources. The *stage* is the
fact's own ``ik:stage``, else the stages the step's target covers
(``ik:coversStage``), else the one the relation implies (incubation
relations: industrial incubation); ``stage_basis`` says which. The *date* is
the fact's ``ik:date`` (funding flows, services), the firm's ``ik:founded``
for ``hosts-founding`` and the carrier's ``ik:unveiled`` for ``co-builds``;
``date_inferred`` flags dates the curators inferred. The *sources* are the
named graphs holding the fact, each with its assertion mode and source
sections (n-ary facts add their own ``prov:wasDerivedFrom`` or ``ik:statedIn``); a step is
*inferred* when no stated or reference graph holds it. The same link held
by two graphs is one step with two sources.

The firms are enterprises other than park operating companies. The search
is bounded, so it costs the same on a graph of a million triples as on the
seed: it reads the transfer edges outward from the actor, level by level, at
most :data:`MAX_BREADTH` new nodes a level and :data:`MAX_EDGES` edges in
all; then it enumerates simple paths shortest first, at most
:data:`MAX_PATHS` of them (``innokg chains`` and the pages say when a bound
was reached). Paths are the simple paths up to ``max_steps``, ranked so that the routes by
which research reaches a *funded* firm, naming every intermediary the graph
knows on the way, come first:

1. chains whose last step is a grant (``funds``, ``grant-through``,
   ``facilitates-grant``) before the others: the question is how research
   reaches a funded firm;
2. chains whose steps the text links before *role bridges*: a chain
   crosses a role bridge where it reaches a person through their role at
   an organization (``has-role``) and leaves them by an act that
   organization takes no part in: the organization is none of the parties
   of the act (provider, beneficiary, counterpart, funder, channel,
   recipient, facilitator, read by ``policy-fact-parties``) and is linked
   by no transfer relation to one of them or to the step's target. Such a
   chain exists only because the person holds another role elsewhere
   (:attr:`Chain.role_bridges` counts them);
3. full routes before shortcuts: a chain is a *shortcut* when its nodes
   appear, in the same order, inside a longer chain found with it (the
   park → firm step skips the operator, the manager and the channel that
   the full chain names);
4. best sourced (fewer inferred steps), then shortest, then most recent
   (latest step date), then by IRIs.

On the seed the full chain university → park → operator → general manager
→ channel → firm (the 先投后股 grant) is first; the route through the
university's national science park, whose general manager is also the
park's, comes after every chain the story links.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from kg.namespaces import ID, IK
from kg.policy.lookup import Label, Source, derived_from, labels, resolve, with_sections
from kg.policy.chain_search import (MAX_BREADTH, MAX_EDGES, MAX_PATHS, firms, simple_paths, sources_of,
                                    transfer_graph)
from kg.policy.sparql import run_policy_query
from kg.store import GraphStore

__all__ = ["TRANSFER_RELATIONS", "FUNDING_RELATIONS", "MAX_BREADTH", "MAX_EDGES", "MAX_PATHS", "Step", "Chain",
           "transfer_graph", "firms", "find_chains", "chain_rows", "chains_payload", "CHAIN_COLUMNS"]


#: relation id -> (English text, Chinese text); ``{detail}`` is the role or instrument.
TRANSFER_RELATIONS: dict[str, tuple[str, str]] = {
    "co-builds": ("co-builds", "共建"),
    "operated-by": ("is operated by", "由其运营"),
    "has-role": ("has as {detail}", "{detail}为"),
    "hosts-affiliate": ("hosts the affiliated", "下设"),
    "has-unit": ("has the unit", "下属"),
    "leads": ("leads", "牵头"),
    "incubates": ("incubates", "孵化"),
    "hosts-founding": ("hosts the founding of", "落地企业"),
    "serves": ("provides service to", "服务"),
    "brokers-with": ("brokers with", "对接"),
    "funds-through": ("funds through channel", "经渠道出资"),
    "grant-through": ("grant through channel ({detail}) to", "经渠道（{detail}）资助"),
    "funds": ("funds ({detail})", "资助（{detail}）"),
    "facilitates-grant": ("facilitates a grant ({detail}) to", "促成（{detail}）资助"),
}

_INCUBATION = ID + "stage/industrial-incubation"
_STAGE_BY_RELATION = {"incubates": _INCUBATION, "hosts-founding": _INCUBATION}
_DATE_PROPERTY = {"hosts-founding": IK + "founded", "co-builds": IK + "unveiled"}
_FUNDING = ("funds-through", "grant-through", "funds", "facilitates-grant")
#: The relations by which a step hands a grant to its recipient: a chain ending in one reaches a funded firm.
FUNDING_RELATIONS = ("grant-through", "funds", "facilitates-grant")


@dataclass(frozen=True)
class Step:
    """One link of a chain: ``source`` —relation→ ``target``, with stage, date and sources."""

    source: Label
    relation: str
    target: Label
    details: tuple[Label, ...] = ()
    fact: str | None = None
    stages: tuple[Label, ...] = ()
    stage_basis: str = ""
    date: str = ""
    date_inferred: bool = False
    sources: tuple[Source, ...] = ()

    @property
    def relation_en(self) -> str:
        detail = " and ".join(label.en or label.text for label in self.details)
        return TRANSFER_RELATIONS[self.relation][0].format(detail=detail).replace(" ()", "")

    @property
    def relation_zh(self) -> str:
        detail = "、".join(label.zh or label.text for label in self.details)
        return TRANSFER_RELATIONS[self.relation][1].format(detail=detail).replace("（）", "")

    @property
    def inferred(self) -> bool:
        """True when only inferred graphs hold this step."""
        return bool(self.sources) and all(source.mode == "inferred" for source in self.sources)

    @property
    def date_text(self) -> str:
        return f"{self.date} (inferred)" if self.date and self.date_inferred else self.date

    def to_dict(self) -> dict:
        return {
            "from": _label_dict(self.source), "relation": self.relation,
            "relation_en": self.relation_en, "relation_zh": self.relation_zh,
            "details": [_label_dict(label) for label in self.details], "fact": self.fact,
            "to": _label_dict(self.target),
            "stages": [_label_dict(stage) for stage in self.stages], "stage_basis": self.stage_basis,
            "date": self.date or None, "date_inferred": self.date_inferred, "inferred": self.inferred,
            "sources": [source.to_dict() for source in self.sources],
        }


@dataclass(frozen=True)
class Chain:
    """A path from an actor to a firm, step by step, with its rank among the chains found.

    ``shortcut`` is true when the chain's nodes appear, in order, inside a
    longer chain found with it; ``role_bridges`` counts the places where it
    reaches a person through one organization and leaves them by an act
    that organization takes no part in (see the module's notes).
    """

    rank: int
    steps: tuple[Step, ...] = field(default_factory=tuple)
    shortcut: bool = False
    role_bridges: int = 0

    @property
    def funded(self) -> bool:
        """True when the last step hands a grant to the firm (see :data:`FUNDING_RELATIONS`)."""
        return bool(self.steps) and self.steps[-1].relation in FUNDING_RELATIONS

    @property
    def source(self) -> Label:
        return self.steps[0].source

    @property
    def target(self) -> Label:
        return self.steps[-1].target

    @property
    def length(self) -> int:
        return len(self.steps)

    @property
    def inferred_steps(self) -> int:
        return sum(step.inferred for step in self.steps)

    @property
    def latest_date(self) -> str:
        return max((step.date for step in self.steps if step.date), default="")

    @property
    def intermediaries(self) -> tuple[Label, ...]:
        return tuple(step.target for step in self.steps[:-1])

    def text(self) -> str:
        """The chain on one line, in Chinese labels.

        Examples
        --------
        >>> a, b = Label("a", "甲"), Label("b", "乙")
        >>> Chain(1, (Step(a, "incubates", b),)).text()
        '甲 —孵化→ 乙'
        """
        parts = [self.source.text]
        for step in self.steps:
            parts.append(f" —{step.relation_zh}→ {step.target.text}")
        return "".join(parts)

    def to_dict(self) -> dict:
        return {
            "rank": self.rank, "from": _label_dict(self.source), "to": _label_dict(self.target),
            "length": self.length, "inferred_steps": self.inferred_steps, "latest_date": self.latest_date or None,
            "funded": self.funded, "shortcut": self.shortcut, "role_bridges": self.role_bridges,
            "intermediaries": [_label_dict(label) for label in self.intermediaries],
            "steps": [step.to_dict() for step in self.steps],
        }


#: Columns of :func:`chain_rows`, one row per step.
CHAIN_COLUMNS = ["chain", "step", "from", "relation", "to", "stage", "date", "mode", "sources"]


def find_chains(store: GraphStore, origin: str, to: str | None = None, *, max_steps: int = 6,
                limit: int | None = None, bounds: dict | None = None) -> list[Chain]:
    """Find the ranked chains from ``origin`` to the firms it reached (or to ``to``).

    Parameters
    ----------
    store : GraphStore
    origin : str
        The actor the chains start from: a label (zh or en), an alias, a prefixed name or an IRI.
    to : str, optional
        Only chains ending here (any entity, firm or not).
    max_steps : int, optional
        The longest chain searched (default 6).
    limit : int, optional
        Keep only the best ``limit`` chains.
    bounds : dict, optional
        Told ``{"edges": True}`` or ``{"paths": True}`` when the search
        reached :data:`MAX_EDGES`, :data:`MAX_BREADTH` or :data:`MAX_PATHS`
        (the chains are then the best of those found).

    Returns
    -------
    list of Chain
        Those ending in a grant first, then those without role bridges,
        then full routes before shortcuts, then fewer inferred steps, then
        shorter, then the most recent (see the module's notes).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> full = find_chains(build_memory(), "上海大学", "泮芯科技")[0]
    >>> full.text()  # doctest: +NORMALIZE_WHITESPACE
    '上海大学 —共建→ 环上大科技园 —由其运营→ 上海环上大科技发展有限公司 —总经理为→ 李宇阳
     —对接→ 长三角国家技术创新中心 —经渠道（先投后股）资助→ 泮芯科技(上海)有限公司'
    >>> full.funded, full.shortcut, full.role_bridges, [source.mode for source in full.steps[1].sources]
    (True, False, 0, ['inferred'])
    """
    if max_steps < 1:
        raise ValueError("max_steps must be at least 1")
    start = resolve(store, origin, what="actor")
    bounds = bounds if bounds is not None else {}
    graph = transfer_graph(store, around=start, max_steps=max_steps, bounds=bounds)
    targets = {resolve(store, to, what="entity")} if to is not None else firms(store, among=graph.nodes)
    targets.discard(start)
    if start not in graph:
        return []
    paths = simple_paths(graph, start, targets & set(graph.nodes), max_steps, bounds)
    if not paths:
        return []
    steps_of = _Steps(store, graph, paths)
    chains = [tuple(steps_of(edge) for edge in path) for path in paths]
    shortcuts = _shortcuts(chains)
    bridges = _RoleBridges(store, graph, paths)
    chains.sort(key=lambda steps: tuple((s.source.iri, s.relation, s.target.iri) for s in steps))
    chains.sort(key=lambda steps: max((s.date for s in steps if s.date), default=""), reverse=True)
    chains.sort(key=lambda steps: (steps[-1].relation not in FUNDING_RELATIONS, bridges(steps),
                                   _route(steps) in shortcuts, sum(s.inferred for s in steps), len(steps)))
    if limit is not None:
        chains = chains[:limit]
    return [Chain(rank, steps, _route(steps) in shortcuts, bridges(steps)) for rank, steps in enumerate(chains, 1)]


def chains_payload(store: GraphStore, origin: str, to: str | None = None, *, max_steps: int = 6,
                   limit: int | None = None) -> dict:
    """Find the chains (see :func:`find_chains`) and return them as plain JSON-ready data.

    Returns
    -------
    dict
        ``{"from": label, "to": label or None, "count": int, "chains": [...]}``,
        each chain as :meth:`Chain.to_dict` gives it.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> payload = chains_payload(build_memory(), "Shanghai University", limit=2)
    >>> payload["from"]["zh"], payload["count"], [c["length"] for c in payload["chains"]]
    ('上海大学', 2, [5, 3])
    """
    if max_steps < 1:
        raise ValueError("max_steps must be at least 1")
    start = resolve(store, origin, what="actor")
    end = resolve(store, to, what="entity") if to is not None else None
    found = find_chains(store, start, end, max_steps=max_steps, limit=limit)
    names = labels(store, [iri for iri in (start, end) if iri])
    return {"from": _label_dict(names[start]), "to": _label_dict(names[end]) if end else None,
            "count": len(found), "chains": [chain.to_dict() for chain in found]}


def _route(steps: tuple[Step, ...]) -> tuple[str, ...]:
    return (steps[0].source.iri, *(step.target.iri for step in steps))


def _shortcuts(chains: list[tuple[Step, ...]]) -> set[tuple[str, ...]]:
    """The routes (node sequences) that lie, in order, inside a longer route with the same ends."""
    routes = {_route(steps) for steps in chains}
    inside: set[tuple[str, ...]] = set()
    for route in routes:
        inner = route[1:-1]
        for size in range(len(inner)):
            inside.update((route[0], *kept, route[-1]) for kept in combinations(inner, size))
    return routes & inside


class _RoleBridges:
    """Counts a chain's role bridges: a ``has-role`` step from an organization to a person,
    followed by an act of that person the organization takes no part in (see the module's notes)."""

    def __init__(self, store: GraphStore, graph: nx.MultiDiGraph, paths: list[list[tuple]]):
        self.graph = graph
        facts = {fact for path in paths for edge in path for fact in graph.edges[edge]["facts"]}
        self.parties: dict[str, set[str]] = defaultdict(set)
        for row in run_policy_query(store, "policy-fact-parties", {"fact": facts}):
            self.parties[row["fact"].value].add(row["party"].value)

    def __call__(self, steps: tuple[Step, ...]) -> int:
        return sum(self._bridge(before, after) for before, after in zip(steps, steps[1:]))

    def _bridge(self, before: Step, after: Step) -> bool:
        if before.relation != "has-role":
            return False
        organization, person = before.source.iri, before.target.iri
        facts = self.graph.edges[person, after.target.iri, after.relation]["facts"]
        parties = {after.target.iri}.union(*(self.parties[fact] for fact in facts)) - {person}
        if organization in parties:
            return False
        return not any(self.graph.has_edge(organization, party) or self.graph.has_edge(party, organization)
                       for party in parties)


def chain_rows(chains: list[Chain]) -> list[list[str]]:
    """Flatten chains to rows of :data:`CHAIN_COLUMNS` (one per step), for tables and CSV.

    Examples
    --------
    >>> a, b = Label("a", "甲"), Label("b", "乙")
    >>> chain_rows([Chain(1, (Step(a, "incubates", b, date="2024"),))])
    [['1', '1', '甲', '孵化', '乙', '', '2024', '', '']]
    """
    rows = []
    for chain in chains:
        for number, step in enumerate(chain.steps, 1):
            rows.append([
                str(chain.rank), str(number), step.source.text, step.relation_zh, step.target.text,
                " / ".join(stage.text for stage in step.stages), step.date_text,
                "/".join(sorted({source.mode for source in step.sources})),
                " | ".join(source.text() for source in step.sources),
            ])
    return rows


class _Steps:
    """Turns edges into :class:`Step` objects, with the labels, dates, stages and sources read once."""

    def __init__(self, store: GraphStore, graph: nx.MultiDiGraph, paths: list[list[tuple]]):
        edges = {edge for path in paths for edge in path}
        self.graph = graph
        self.sources = sources_of(store, {g for edge in edges for g in graph.edges[edge]["graphs"]})
        nodes = {node for source, target, _ in edges for node in (source, target)}
        facts = {fact for edge in edges for fact in graph.edges[edge]["facts"]}
        details = {detail for edge in edges for detail in graph.edges[edge]["details"]}
        self.fact_sections = derived_from(store, facts)
        self.dates = _dates(store, nodes | facts)
        self.stages = _stages(store, nodes | facts)
        self.labels = labels(store, nodes | details | {stage for pairs in self.stages.values() for stage, _ in pairs}
                             | {_INCUBATION})

    def __call__(self, edge: tuple[str, str, str]) -> Step:
        source, target, relation = edge
        data = self.graph.edges[edge]
        fact = min(data["facts"]) if data["facts"] else None
        details = tuple(self.labels[detail] for detail in sorted(data["details"]))
        date, inferred = "", False
        dated = fact if relation in _FUNDING or relation in ("serves", "brokers-with") else target
        prop = IK + "date" if dated == fact else _DATE_PROPERTY.get(relation)
        if dated and prop and (dated, prop) in self.dates:
            date, inferred = self.dates[dated, prop]
        stages, basis = (), ""
        own = [stage for stage, kind in self.stages.get(fact, ()) if kind == "fact"]
        covered = [stage for stage, kind in self.stages.get(target, ()) if kind == "covers"]
        if own:
            stages, basis = own, "stated on the fact"
        elif covered:
            stages, basis = covered, "covered by the target"
        elif relation in _STAGE_BY_RELATION:
            stages, basis = [_STAGE_BY_RELATION[relation]], "implied by the relation"
        sources = tuple(source for graph in sorted(data["graphs"]) for source in with_sections(
            self.sources, [graph], [pair for g, f in sorted(data["fact_graphs"]) if g == graph
                                    for pair in self.fact_sections.get(f, ())]))
        return Step(
            source=self.labels[source], relation=relation, target=self.labels[target], details=details, fact=fact,
            stages=tuple(self.labels[stage] for stage in stages), stage_basis=basis,
            date=date, date_inferred=inferred, sources=sources,
        )


def _dates(store: GraphStore, subjects: set[str]) -> dict[tuple[str, str], tuple[str, bool]]:
    """(subject, property) -> (earliest date text, inferred) for ik:date, ik:founded, ik:unveiled."""
    found: dict[tuple[str, str], tuple[str, bool]] = {}
    for row in run_policy_query(store, "policy-fact-dates", {"x": subjects}):
        key = (row["x"].value, row["p"].value)
        value = (row["value"].value, row["inferred"] is not None and row["inferred"].value in ("true", "1"))
        if key not in found or value < found[key]:
            found[key] = value
    return found


def _stages(store: GraphStore, subjects: set[str]) -> dict[str, list[tuple[str, str]]]:
    """subject -> [(stage IRI, "fact" | "covers")], in pipeline order."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in run_policy_query(store, "policy-fact-stages", {"x": subjects}):
        found[row["x"].value].append((row["stage"].value, row["kind"].value))
    return found


def _label_dict(label: Label) -> dict:
    return {"iri": label.iri, "zh": label.zh or None, "en": label.en or None}

