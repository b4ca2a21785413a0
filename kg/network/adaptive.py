"""Hub betweenness: exact where it fits a time budget, else sampled until the top of the ranking holds.

Betweenness is what names the hubs, so its top must be right. Sampling a
fixed 200 sources put another node first than exact betweenness on both
1M-triple networks (issue 20), while exact betweenness took 29 s and 102 s.
:func:`hub_betweenness` therefore:

1. runs exact betweenness when it fits in ``budget`` seconds: **exact**
   (a big network is tried in one igraph call a core, each over part of
   the sources in a worker process, ended at the budget; a small one, or
   without igraph, is timed from a few sources first);
2. otherwise draws sources in random order, in rounds, into two halves
   that give two independent estimates; after each round it compares the
   top ``top_k`` nodes, in order, of the two; it stops when they agree for
   ``checks`` rounds in a row (**stable**: two independent samples name the
   same top in the same order), or when the budget is spent: **tied** when
   the tie groups of the top (below) held then, else **budget** (the order
   had not settled); or when every source was drawn (exact).

Nodes whose exact values differ by less than sampling can resolve cannot be
ordered by any affordable sample (on the 10M store's actors network the top
hubs differ in the fourth decimal), so after each pair of rounds the halves
also give an empirical error: the random-groups variance estimate with two
groups (Wolter, *Introduction to Variance Estimation*, 2nd ed., 2007, ch. 2),
per node ``(e1 - e2)² c1 c2 / c²`` for the variance of the combined estimate
(halves of ``c1`` and ``c2`` sources, ``c`` in all), pooled over the top
``2 top_k`` candidates with a non-zero value by the median absolute deviation
(``median |e1 - e2| sqrt(c1 c2) / c / 0.6745``; Rousseeuw & Croux, JASA 88,
1993). Two values differ by less than ``z sqrt(2) s`` (``z`` the two-sided
normal quantile of ``1 - delta``) with probability about ``1 - delta`` when
they are equal; consecutive candidates closer than that are one tie group.
The partition of the top ``top_k`` into tie groups (which nodes, the group
the ``top_k``-th one is in included, and the order between groups; not the
order within a group) that held the last ``checks`` rounds in a row, and
since at most half the sources now drawn (the error shrank by a factor
of at least √2 without splitting a group), makes a spent budget **tied**,
with the groups said. It is decided at the budget, not earlier: a pair
sampling could still order would be called tied (on a Barabási–Albert
graph of 3,000 nodes the third and fourth hubs, 0.1151 and 0.1068, are
tied within ±0.029 at 848 sources; the halves order them at 1,688).

A budget that ends with neither says what it can: the ranks each of the
top ``top_k`` by estimate can hold, counting only the nodes ahead of it (or
behind it) by more than the error of the difference, and so whether the
highest is known. That error comes from each node's spread over the
hundreds of rounds' sums (:func:`_errors`), far steadier than the two
halves' (two 10M runs drawing nearly the same sources pooled ±0.0010 and
±0.0019).
These are ranges, not groups: on a smooth slope (the 10M store's actors
network, 0.0346 down to 0.0313 over 20 candidates) every gap is under the
error and chaining gaps would tie the whole top, though its first and
twentieth differ by far more.

Sampling runs in rounds of about two seconds, so it can say how far it is;
on a big network the two halves' rounds run at once in two worker processes.
Exact betweenness of a big network runs in as few igraph calls as there are
cores, in worker processes (faster than rounds), while this one says how
long it has waited. The result says which way it went, how many sources it
used, the error bound that holds then
(:func:`kg.network.metrics.sampling_error`) and, when sampled, about how
long exact betweenness would take.

The estimate is the Brandes–Pich one: the dependencies of the sampled
sources, scaled by ``n / sources``, normalized as networkx does. A leaf
runs its neighbour's search, and what leaves add to their neighbours is
known exactly rather than sampled (:mod:`kg.network.leaves`), so exact
betweenness runs a search from each node that is not a leaf only.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist
from typing import Self

import numpy as np
import scipy.sparse as sp

from kg.network.leaves import fold_leaves, weighted
from kg.network.limits import BUDGET, SAMPLING_TIMES, TOP_K
from kg.network.metrics import Adjacency, adjacency, has_igraph, sampling_error
from kg.network.progress import EVERY, step

__all__ = ["BUDGET", "CHECKS", "SAMPLING_TIMES", "TOP_K", "BetweennessRun", "hub_betweenness"]

#: Rounds in a row the two halves must agree on the top.
CHECKS = 2
_PROBE = 8  # sources timed to estimate the cost of one
_ROUND_SECONDS = 2.0  # a check of the halves costs about 0.15 s at 358,153 nodes
_ONE_CALL_FROM = 2_000  # exact betweenness of more nodes runs in igraph calls in worker processes
_WORKERS = min(2, os.cpu_count() or 1)  # worker processes: each runs igraph on a core of its own
_TRYING = "2 worker processes" if _WORKERS > 1 else "a worker process"


@dataclass(frozen=True)
class BetweennessRun:
    """How hub betweenness was computed.

    Attributes
    ----------
    method : str
        ``exact``, ``stable`` (sampled until the top order held), ``tied`` (sampled until the top held up to
        ties) or ``budget`` (sampled until the budget was spent).
    sources : int
        Sources used (``n`` when exact).
    seconds : float
    error_bound : float or None
        Every value is within this of the exact one with probability 1 − delta (None when exact).
    top_k, checks : int
    groups : tuple of tuples
        When ``tied``: the tie groups of the top ``top_k`` in rank order (nodes within a group by estimate; the
        last group may reach past ``top_k``); else empty.
    tie_error : float or None
        When ``tied``: two values closer than this are tied (probability 1 − delta that equal ones are). When
        ``budget``: the widest error of a difference between two of the top ``top_k``.
    ranks : tuple of (node, first, last)
        When ``budget``: the top ``top_k`` by estimate, each with the ranks it can hold: ``first`` is one more
        than the nodes ahead of it by more than the error of the difference (``z`` times its standard error, each
        value's from the spread of the rounds' sums), ``last`` counts the nodes not behind it by more (itself
        included); else empty.
    exact_seconds : float or None
        When sampled: about how long exact betweenness would take at the rate sources were sampled.
    """

    method: str
    sources: int
    seconds: float
    error_bound: float | None
    top_k: int
    checks: int
    groups: tuple = ()
    tie_error: float | None = None
    ranks: tuple = ()
    exact_seconds: float | None = None

    def describe(self, delta: float = 0.05, name: Callable[[object], str] = str) -> str:
        """One line saying which way betweenness was computed (``name``: how a node is written).

        Examples
        --------
        >>> BetweennessRun("stable", 600, 12.5, 0.0912, 10, 2).describe()  # doctest: +NORMALIZE_WHITESPACE
        'sampled from 600 sources until two independent halves agreed on the top-10 order 2 rounds in a row
         (each value within ±0.0912 with probability 95%)'
        >>> BetweennessRun("tied", 6040, 600.0, 0.037, 10, 2, (("a", "b", "c", "d"), ("e",), ("f", "g"), ("h",),
        ...                 ("i", "j", "k")), 0.0004).describe()  # doctest: +NORMALIZE_WHITESPACE
        'sampled from 6,040 sources until the time budget ran out, the top 10 held up to ties while the sources
         doubled: ranks 1–4 tied, 6–7 tied, 9–11 tied (the top 10 ends inside them), within ±0.0004 with probability 95%
         (each value within ±0.0370 with probability 95%)'
        >>> BetweennessRun("budget", 8874, 600.0, 0.031, 3, 2, (), 0.0008, (("a", 1, 2), ("b", 1, 4), ("c", 3, 5)),
        ...                24_120.0).describe()  # doctest: +NORMALIZE_WHITESPACE
        'sampled from 8,874 sources until the time budget ran out, the top-3 order not yet settled: the highest is
         one of the first 2 by estimate; the ranks the top 3 by estimate can hold: a 1–2, b 1–4, c 3–5, two values
         ordered only when they differ by more than their error (at most ±0.0008) with probability 95% (each value
         within ±0.0310 with probability 95%); exact would take about 6.7 h'
        """
        if self.method == "exact":
            return f"exact over all {self.sources} sources (it fitted the time budget)"
        bound = f"(each value within ±{self.error_bound:.4f} with probability {1 - delta:.0%})"
        if self.method == "tied":
            ties, rank = [], 1
            for group in self.groups:
                if len(group) > 1:
                    last = rank + len(group) - 1
                    ties.append(f"{rank}–{last} tied" + (f" (the top {self.top_k} ends inside them)"
                                                         if last > self.top_k else ""))
                rank += len(group)
            said = f"ranks {', '.join(ties)}" if ties else "none tied"
            return (f"sampled from {self.sources:,} sources until the time budget ran out, the top {self.top_k} "
                    f"held up to ties while the sources doubled: {said}, within ±{self.tie_error:.4f} with probability "
                    f"{1 - delta:.0%} {bound}")
        if self.method == "stable":
            return (f"sampled from {self.sources} sources until two independent halves agreed on the top-{self.top_k} "
                    f"order {self.checks} rounds in a row {bound}")
        said = f"sampled from {self.sources:,} sources until the time budget ran out, the top-{self.top_k} order not yet settled"
        if not self.ranks:
            return f"{said} {bound}"
        first = self.ranks[0][2]  # the nodes not behind the first by more than the error can be first
        highest = (f"the highest is {name(self.ranks[0][0])}" if first == 1
                   else f"the highest is one of the first {first} by estimate")
        held = ", ".join(f"{name(node)} {low}–{high}" if high > low else f"{name(node)} {low}"
                         for node, low, high in self.ranks)
        return (f"{said}: {highest}; the ranks the top {self.top_k} by estimate can hold: {held}, two values ordered "
                f"only when they differ by more than their error (at most ±{self.tie_error:.4f}) with probability "
                f"{1 - delta:.0%} {bound}; exact would take about {_duration(self.exact_seconds)}")


def _duration(seconds: float | None) -> str:
    """
    >>> _duration(12_240.0), _duration(150.0), _duration(None)
    ('3.4 h', '2.5 min', 'an unknown time')
    """
    if seconds is None:
        return "an unknown time"
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.1f} min" if seconds >= 60 else f"{seconds:.0f} s"


def hub_betweenness(graph, *, budget: float = BUDGET, top_k: int = TOP_K, checks: int = CHECKS, seed: int = 0,
                    delta: float = 0.05, engine: str = "auto", sampling_budget: float | None = None,
                    progress: Callable[[str], None] | None = None) -> tuple[dict, BetweennessRun]:
    """Normalized betweenness on the undirected view, exact within ``budget`` seconds, else sampled adaptively.

    Sampling stops when the top ``top_k`` order held ``checks`` rounds in a
    row (``stable``), or after ``sampling_budget`` seconds of sampling
    (``tied`` when its tie groups held, else ``budget``; default:
    :data:`SAMPLING_TIMES` times ``budget``, counted from the first sampled
    source, not from the exact attempt before it; at least ``checks + 1``
    rounds are run). Returns node -> value (as
    :func:`kg.network.metrics.betweenness`) and a :class:`BetweennessRun`.

    Examples
    --------
    >>> import networkx as nx
    >>> values, run = hub_betweenness(nx.path_graph(4))
    >>> [round(values[node], 4) for node in range(4)], run.method, run.sources
    ([0.0, 0.6667, 0.6667, 0.0], 'exact', 4)
    >>> values, run = hub_betweenness(nx.barabasi_albert_graph(3000, 2, seed=1), budget=0, sampling_budget=60,
    ...                               top_k=3)
    >>> run.method, run.sources < 3000, sorted(values, key=values.get, reverse=True)[:3]
    ('stable', True, [3, 0, 5])
    """
    started = time.monotonic()
    adj = adjacency(graph)
    n = adj.n
    if n < 3:
        return adj.as_dict(np.zeros(n)), BetweennessRun("exact", n, 0.0, None, top_k, checks)
    with _Dependencies(adj, engine) as dependencies:
        order = np.random.default_rng(seed).permutation(n)
        probe = order[:min(_PROBE, n)]
        if dependencies.igraph and n > _ONE_CALL_FROM:  # try it: an estimate from a few sources is no guide
            if progress:
                progress(f"betweenness: {n:,} nodes: exact if it ends within the {budget:g} s budget, "
                         f"else sampled until the top-{top_k} order holds")
            whole = step(f"betweenness: trying exact in {_TRYING}", lambda: dependencies.exact(budget), progress)
            if whole is not None:
                return (adj.as_dict((whole + dependencies.leaf_sums) / ((n - 1) * (n - 2))),
                        BetweennessRun("exact", n, time.monotonic() - started, None, top_k, checks))
            exact = False
            if progress:
                progress(f"betweenness: not done within the {budget:g} s budget: sampling")
        dependencies.prepare()  # not part of a source's cost
        extra = dependencies.leaf_sums
        begin = time.monotonic()
        total = dependencies.of(probe)
        per_source = max((time.monotonic() - begin) / len(probe), 1e-6)
        if not (dependencies.igraph and n > _ONE_CALL_FROM):
            exact = per_source * n <= budget
            if progress:
                progress(f"betweenness: {n:,} nodes, about {per_source * n:.0f} s exact against a {budget:g} s budget: "
                         + ("exact" if exact else f"sampling until the top-{top_k} order holds"))
        used = len(probe)
        halves, counts = [total, np.zeros(n)], [used, 0]
        squares, pieces = total ** 2 / used, 1  # each round's sums squared over its sources: the spread (_errors)
        batch = max(8, min(int(_ROUND_SECONDS / per_source), n // 50))
        limit = SAMPLING_TIMES * budget if sampling_budget is None else sampling_budget
        sampling = time.monotonic()
        held, method, rounds, said = 0, "exact", 0, time.monotonic()
        kept, since, groups, tie_error = 0, 0, None, None
        while used < n:  # a round to each half, the two at once when there are workers
            chosen = order[used:used + batch], order[used + batch:used + 2 * batch]
            for side, sums in enumerate(dependencies.pair(*chosen)):
                halves[side] = halves[side] + sums
                counts[side] += len(chosen[side])
                if len(chosen[side]):
                    squares, pieces = squares + sums ** 2 / len(chosen[side]), pieces + 1
            used += len(chosen[0]) + len(chosen[1])
            rounds += 2
            if exact:
                if progress and time.monotonic() - said >= EVERY:  # a line every 2 s, not every round
                    said = time.monotonic()
                    progress(f"betweenness: {used:,} of {n:,} sources ({said - started:.0f} s)")
                continue
            first, second = (tuple(np.lexsort((np.arange(n), -(half * (n / count) + extra)))[:top_k])
                             for half, count in zip(halves, counts, strict=True))
            held = held + 1 if first == second else 0
            partition, tie_error = _tie_groups(halves, counts, n, top_k, delta, extra)
            if partition is None or groups is None or list(map(set, partition)) != list(map(set, groups)):
                kept, since = 0, used  # the order within a group may change
            kept, groups = kept + (partition is not None), partition
            if progress:
                progress(f"betweenness: {used:,} sources, the halves agree on the top {top_k} {held} of {checks} "
                         f"rounds, its tie groups held {kept} ({time.monotonic() - started:.0f} s)")
            if held >= checks:
                method = "stable"
                break
            if rounds > 2 * checks and time.monotonic() - sampling > limit:  # tied if they held while sources doubled
                method = "tied" if partition is not None and kept >= checks and used >= 2 * since else "budget"
                break
        if used >= n:
            method = "exact"
        rate = dependencies.computed / max(time.monotonic() - begin, 1e-6)  # sources computed a second
    scale = (n - 1) * (n - 2)  # normalized as networkx does
    values = ((halves[0] + halves[1]) * (n / used) + extra) / scale
    bound = None if method == "exact" else sampling_error(n, used, delta)
    tied, short = method == "tied", method == "budget" and pieces > 2
    nodes, error, ranks = adj.nodes, tie_error / scale if tied else None, []
    if short:
        errors = _errors(halves[0] + halves[1], squares, used, pieces) * n / scale
        z = NormalDist().inv_cdf(1 - delta / 2)
        ranks = _rank_ranges(values, errors, z, top_k)
        error = z * np.sqrt(2) * float(errors[[i for i, _, _ in ranks]].max())
    return adj.as_dict(values), BetweennessRun(
        method, used, time.monotonic() - started, bound, top_k, checks,
        tuple(tuple(nodes[i] for i in group) for group in groups) if tied else (), error,
        tuple((nodes[i], low, high) for i, low, high in ranks),
        None if method == "exact" or not rate else dependencies.distinct / rate)


def _errors(total: np.ndarray, squares: np.ndarray, used: int, pieces: int) -> np.ndarray:
    """Each node's standard error of the mean dependency of a source, from the rounds' sums.

    A round of ``b`` sources sums to ``S`` with mean ``b μ`` and variance
    ``b σ²``, so ``Σ (S - b μ)² / b = Σ S² / b - μ² Σ b`` (``squares`` holds
    ``Σ S² / b``) estimates ``(pieces - 1) σ²``; the mean of ``used`` sources
    has the variance ``σ² / used`` (with replacement; without, it is less). The
    error of the estimate ``n μ`` is ``n`` times this. Hundreds of rounds make
    it far steadier than two halves (at 10M the halves' pooled error of the
    top went from ±0.0010 to ±0.0019 between two runs that drew nearly the
    same sources).

    Three rounds of one source: one node's sums 1, 2 and 3, the other's 1, 1 and 1:

    >>> [round(float(e), 4) for e in _errors(np.array([6.0, 3.0]), np.array([1 + 4 + 9, 3.0]), 3, 3)]
    [0.5774, 0.0]
    """
    mean = total / used
    variance = np.maximum(squares - mean ** 2 * used, 0.0) / (pieces - 1)
    return np.sqrt(variance / used)


def _rank_ranges(values: np.ndarray, errors: np.ndarray, z: float, top_k: int) -> list[tuple[int, int, int]]:
    """The top ``top_k`` of ``values``, each with the ranks it can hold: ordered only against the values that
    differ from it by more than ``z`` times the standard error of the difference (``errors``: each value's).

    Not a chain of near-equal neighbours: on a smooth slope every gap is
    under the error, and chaining would tie the whole top (the 10M store's
    actors network, issue 20), while its first and twentieth differ by far more.

    >>> _rank_ranges(np.array([10., 9.5, 9., 8.5, 8., 1.]), np.full(6, 0.3), np.sqrt(2), 4)
    [(0, 1, 2), (1, 1, 3), (2, 2, 4), (3, 3, 5)]
    """
    ranges = []
    for i in np.lexsort((np.arange(len(values)), -values))[:top_k]:
        gap, bound = values - values[i], z * np.sqrt(errors ** 2 + errors[i] ** 2)
        ranges.append((int(i), 1 + int(np.count_nonzero(gap > bound)), int(np.count_nonzero(gap >= -bound))))
    return ranges


def _tie_groups(halves: list, counts: list, n: int, top_k: int, delta: float,
                extra: np.ndarray | float = 0.0) -> tuple[tuple | None, float]:
    """The tie groups of the top ``top_k`` by the combined estimate, and the tie error (unnormalized sums).

    None when the group of the ``top_k``-th node reaches the last of the ``2 top_k`` candidates (the cut is
    not resolved among them) or when no candidate has a value to pool over. See the module docstring.

    Two halves of one source each, six nodes: node 0 is alone, nodes 1 and 2 are tied, and the top 2 ends
    inside their group:

    >>> groups, error = _tie_groups([np.array([20., 9., 9.3, 2., 0., 0.]), np.array([19., 10., 8.7, 1., 0., 0.])],
    ...                             [1, 1], 6, 2, 0.05)
    >>> groups, round(error, 2)
    (((0,), (1, 2)), 12.33)
    """
    used = counts[0] + counts[1]
    if not counts[0] or not counts[1]:
        return None, 0.0
    combined = (halves[0] + halves[1]) * (n / used) + extra
    candidates = np.lexsort((np.arange(n), -combined))[:2 * top_k]
    difference = halves[0][candidates] * (n / counts[0]) - halves[1][candidates] * (n / counts[1])
    pooled = np.abs(difference[combined[candidates] > 0])
    if not len(pooled):
        return None, 0.0
    scale = np.median(pooled) * np.sqrt(counts[0] * counts[1]) / used / 0.6745
    error = float(NormalDist().inv_cdf(1 - delta / 2) * np.sqrt(2) * scale)
    groups, group = [], [int(candidates[0])]
    for before, node in itertools.pairwise(candidates):
        if combined[before] - combined[node] < error:
            group.append(int(node))
        else:
            groups.append(tuple(group))
            if sum(map(len, groups)) >= top_k:
                return tuple(groups), error
            group = [int(node)]
    return None, error


class _Dependencies:
    """Sums of Brandes dependencies from a set of sources, over ordered pairs (s, t), on the undirected view.

    A leaf runs its neighbour's search and the leaves' own term is
    :attr:`leaf_sums`, added by the caller (:mod:`kg.network.leaves`): the
    sums from sources ``S`` are ``of(S) + leaf_sums * len(S) / n`` in
    expectation, and ``of(all) + leaf_sums`` exactly. A context: it ends the
    worker processes it started.
    """

    def __init__(self, adj: Adjacency, engine: str):
        self.adj = adj
        self.igraph = engine == "igraph" or (engine == "auto" and has_igraph())
        self._networkx = None
        self._workers = None
        leaves = fold_leaves(adj.undirected)
        self._parent, self.leaf_sums, self.distinct = leaves.parent, leaves.sums, leaves.distinct
        self.computed = 0  # searches run

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        if self._workers is not None:
            self._workers.terminate()
            self._workers.join()
            self._workers = None

    @functools.cached_property
    def _edges(self) -> np.ndarray:
        """The undirected edges, each once (what a worker builds its graph from)."""
        return np.column_stack(np.nonzero(sp.triu(self.adj.undirected, k=1)))

    def exact(self, budget: float) -> np.ndarray | None:
        """The sums over every source, split between the worker processes; None past ``budget`` s.

        igraph holds Python's global lock while it runs, so each part runs in
        one igraph call in a process of its own (as many as there are cores,
        at most two): this process waits without the lock, can say how long it
        has waited, and ends them at the budget.
        """
        deadline = time.monotonic() + budget
        workers = self._start(_WORKERS)
        every = [(weight, node) for weight, nodes in weighted(self._parent, np.arange(self.adj.n)) for node in nodes]
        try:  # each node that is not a leaf searched once, by the workers in turn, a call for each weight
            parts = [workers.apply_async(_worker_sums, ([(weight, [node for _, node in searches]) for weight, searches
                                                         in itertools.groupby(every[first::_WORKERS], lambda s: s[0])],))
                     for first in range(_WORKERS)]
            return sum((part.get(timeout=max(0.0, deadline - time.monotonic())) for part in parts),
                       np.zeros(self.adj.n))
        except multiprocessing.TimeoutError:
            return None
        finally:
            workers.terminate()
            workers.join()

    def prepare(self) -> None:
        """Build the graph the engine runs on; a big one also in two worker processes, one for each half.

        igraph holds Python's global lock, so the two halves' rounds run at
        once only in processes of their own (about twice the sources in a
        budget on two cores, so an error about 1/√2 as wide).
        """
        if self.igraph:
            self.adj.igraph()
            if self.adj.n > _ONE_CALL_FROM and _WORKERS > 1:
                self._workers = self._start(2)

    def _start(self, processes: int):
        return multiprocessing.get_context("spawn").Pool(processes, initializer=_start_worker,
                                                         initargs=(self.adj.n, self._edges))

    def pair(self, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The sums from ``first`` and from ``second``, at once when there are workers."""
        if self._workers is None:
            return self.of(first), self.of(second)
        groups = [self._searches(sources) for sources in (first, second)]
        waiting = [self._workers.apply_async(_worker_sums, (group,)) for group in groups]
        return waiting[0].get(), waiting[1].get()

    def _searches(self, sources: np.ndarray) -> list[tuple[int, list[int]]]:
        groups = weighted(self._parent, sources)
        self.computed += sum(len(nodes) for _, nodes in groups)
        return groups

    def of(self, sources: np.ndarray) -> np.ndarray:
        """The sums from ``sources`` (a leaf by its neighbour's search), in this process."""
        if self.igraph:
            return _igraph_sums(self.adj.igraph(), self._searches(sources))
        total = np.zeros(self.adj.n)
        for weight, nodes in self._searches(sources):
            total += weight * self._networkx_sums(nodes)
        return total

    def _networkx_sums(self, sources: list[int]) -> np.ndarray:
        import networkx as nx
        from networkx.algorithms.centrality.betweenness import (
            _accumulate_basic,
            _single_source_shortest_path_basic,
        )

        if self._networkx is None:
            self._networkx = nx.from_scipy_sparse_array(self.adj.undirected)
        graph = self._networkx
        total = dict.fromkeys(graph, 0.0)
        for source in sources:
            stack, predecessors, sigma, _ = _single_source_shortest_path_basic(graph, source)
            total, _ = _accumulate_basic(total, stack, predecessors, sigma, source)
        return np.array([total[i] for i in range(self.adj.n)])


_WORKER_GRAPH = None  # a worker process's graph (:meth:`_Dependencies.prepare`)


def _start_worker(n: int, edges: np.ndarray) -> None:
    global _WORKER_GRAPH
    import igraph

    _WORKER_GRAPH = igraph.Graph(n=n, edges=edges.tolist(), directed=False)


def _worker_sums(groups: list[tuple[int, list[int]]]) -> np.ndarray:
    """:func:`_igraph_sums` on the worker's graph."""
    return _igraph_sums(_WORKER_GRAPH, groups)


def _igraph_sums(graph, groups: list[tuple[int, list[int]]]) -> np.ndarray:
    """Ordered-pair sums of dependencies from ``(weight, sources)`` groups (:func:`kg.network.leaves.weighted`).

    igraph counts each (s, t) of an undirected graph once over two: twice is the ordered sum.
    """
    total = np.zeros(graph.vcount())
    for weight, sources in groups:
        total += 2 * weight * np.asarray(graph.betweenness(directed=False, sources=sources, targets=None), dtype=float)
    return total
