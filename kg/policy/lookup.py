"""Look-ups the policy analyses share: resolve a name to an IRI, labels, and the sources of graphs.

:func:`resolve` turns what a researcher types (``上海大学``, ``Shanghai
University``, ``SHU``, ``org/shanghai-university``, ``id:org/shanghai-university``
or the full IRI) into one IRI and :func:`labels` fetches the zh and en labels
of many IRIs at once, both by the rules of :mod:`kg.labels`, which owns them
(:class:`NotFound` and :class:`Ambiguous` are its error classes);
:func:`graph_sources` reads, for every ``ik:FactGraph``, its assertion mode
(stated, inferred, reference) and the source sections it was derived from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg import labels as _labels
from kg.labels import Ambiguous, NotFound
from kg.namespaces import shorten
from kg.policy.sparql import run_policy_query
from kg.store import GraphStore

__all__ = ["NotFound", "Ambiguous", "Label", "Source", "resolve", "labels", "graph_sources", "local_name",
           "sources_in", "derived_from", "with_sections", "subclasses"]


@dataclass(frozen=True)
class Label:
    """The Chinese and English labels of an IRI (either may be empty)."""

    iri: str
    zh: str = ""
    en: str = ""

    @property
    def text(self) -> str:
        """The zh label, else the en label, else the short IRI."""
        return self.zh or self.en or shorten(self.iri)

    def to_dict(self) -> dict:
        """The label as JSON: a missing label is null.

        >>> Label("http://e/a", "甲").to_dict()
        {'iri': 'http://e/a', 'zh': '甲', 'en': None}
        """
        return {"iri": self.iri, "zh": self.zh or None, "en": self.en or None}


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: its named graph, how it is asserted and the source sections."""

    graph: str
    mode: str
    sections: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict:
        return {"graph": self.graph, "mode": self.mode,
                "sections": [{"iri": iri, "label": label} for iri, label in self.sections]}

    def text(self) -> str:
        """One line: the section labels and the mode.

        Examples
        --------
        >>> Source("g", "inferred", (("s", "Huanshangda story"),)).text()
        'Huanshangda story (inferred)'
        """
        names = "; ".join(label or shorten(iri) for iri, label in self.sections) or shorten(self.graph)
        return f"{names} ({self.mode})"


def local_name(iri: str) -> str:
    """The last path segment (or fragment) of an IRI.

    Examples
    --------
    >>> local_name("https://w3id.org/innokg/id/assertion-mode/stated")
    'stated'
    """
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def resolve(store: GraphStore, name: str, *, classes: Sequence[str] = (), what: str = "entity") -> str:
    """Return the IRI that ``name`` names: :func:`kg.labels.resolve`, with ``classes`` as its ``kind``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> resolve(build_memory(), "shu", classes=["https://w3id.org/innokg/ont#University"])
    'https://w3id.org/innokg/id/org/shanghai-university'
    """
    return _labels.resolve(store, name, classes, what=what)


def labels(store: GraphStore, iris: Iterable[str]) -> dict[str, Label]:
    """Return the zh and en label of each IRI as a :class:`Label` (the labels of :func:`kg.labels.labels`).

    Every IRI asked for is in the answer, with empty labels when it has none.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> found = labels(build_memory(), ["https://w3id.org/innokg/id/city/beijing"])
    >>> found["https://w3id.org/innokg/id/city/beijing"].zh, found["https://w3id.org/innokg/id/city/beijing"].en
    ('北京', 'Beijing')
    """
    wanted = {iri for iri in iris if iri}
    found = _labels.labels(store, wanted)
    return {iri: Label(iri, found.get(iri, {}).get("zh", ""), found.get(iri, {}).get("en", "")) for iri in wanted}


def graph_sources(store: GraphStore) -> dict[str, Source]:
    """Return, per fact graph IRI, its :class:`Source` (mode and sections, in IRI order).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> inferred = graph_sources(build_memory())["https://w3id.org/innokg/graph/huanshangda-inferred"]
    >>> inferred.mode, inferred.sections[0][1]
    ('inferred', 'Doers: Huanshangda Science Park and technology manager Li Yuyang')
    """
    return sources_in(run_policy_query(store, "policy-graph-sources"))


def sources_in(rows) -> dict[str, Source]:
    """The :class:`Source` of each graph in ``rows`` of ``queries/policy/policy-graph-sources.rq`` (``?g``,
    ``?mode``, ``?section``, ``?section_en``, ``?section_zh``), sections in IRI order."""
    modes: dict[str, str] = {}
    sections: dict[str, dict[str, str]] = {}
    for row in rows:
        graph = row["g"].value
        modes[graph] = local_name(row["mode"].value) if row["mode"] is not None else "unknown"
        bucket = sections.setdefault(graph, {})
        if row["section"] is not None:
            label = row["section_en"] or row["section_zh"]
            bucket[row["section"].value] = label.value if label is not None else ""
    return {graph: Source(graph, modes[graph], tuple(sorted(sections[graph].items()))) for graph in modes}



def derived_from(store: GraphStore, subjects: Iterable[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The source sections (IRI, en label) each subject cites: ``prov:wasDerivedFrom`` (claim nodes) or ``ik:statedIn`` (activities, events).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> derived_from(build_memory(), ["https://w3id.org/innokg/id/funding/panxin-invest-first-grant"])
    {'https://w3id.org/innokg/id/funding/panxin-invest-first-grant': (('https://w3id.org/innokg/id/source/qnb-huanshangda-story', 'Doers: Huanshangda Science Park and technology manager Li Yuyang'),)}
    """
    wanted = set(subjects)
    if not wanted:
        return {}
    found: dict[str, dict[str, str]] = {}
    for row in run_policy_query(store, "policy-derived-from", {"x": wanted}):
        found.setdefault(row["x"].value, {})[row["section"].value] = row["label"].value if row["label"] else ""
    return {x: tuple(sorted(sections.items())) for x, sections in found.items()}


def with_sections(known: dict[str, Source], graphs: Iterable[str],
                  sections: Iterable[tuple[str, str]] = ()) -> tuple[Source, ...]:
    """The :class:`Source` of each graph (in IRI order), with a fact's own ``sections`` added.

    Examples
    --------
    >>> with_sections({}, ["g"], [("s", "Section")])
    (Source(graph='g', mode='unknown', sections=(('s', 'Section'),)),)
    """
    extra = dict(sections)
    result = []
    for graph in sorted(set(graphs)):
        source = known.get(graph, Source(graph, "unknown", ()))
        result.append(Source(graph, source.mode, tuple(sorted((dict(source.sections) | extra).items()))))
    return tuple(result)


def subclasses(store: GraphStore, *classes: str) -> set[str]:
    """The classes and all their subclasses (``rdfs:subClassOf``, followed in Python).

    Used instead of ``a/rdfs:subClassOf*`` in queries: some SPARQL engines
    miss matches of that path.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> sorted(c.rsplit("#", 1)[1] for c in subclasses(build_memory(), "https://w3id.org/innokg/ont#FundingFlow"))
    ['FundingFlow', 'GrantAward']
    """
    children: dict[str, set[str]] = {}
    for row in run_policy_query(store, "policy-subclass-pairs"):
        children.setdefault(row["super"].value, set()).add(row["sub"].value)
    found, todo = set(classes), list(classes)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found
