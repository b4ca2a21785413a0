"""Labels and names: the one owner of "what is this IRI called" and "which IRI has this name".

:func:`labels` gives the zh and en label of many IRIs at once, by one rule:
a label tagged ``zh`` or ``zh-*`` is Chinese, ``en`` or ``en-*`` English
(other languages and untagged literals are not labels here); ``rdfs:label``
wins over ``skos:prefLabel``; of several, the smallest text wins.

:func:`resolve` turns what a person types into one IRI, by one set of rules:

1. an IRI or a prefixed name (``id:org/shanghai-university``) is taken as
   it is, once checked, if the graph says something about it;
2. an entity id (``org/shanghai-university``) is the IRI under ``id:`` when
   the graph says something about that;
3. else the text is a key (``ik:key``, compared exactly: ``gis100``), which
   wins over any label, or a label: ``rdfs:label``, ``skos:prefLabel`` or
   ``skos:altLabel`` in any language, compared whole and with Latin letters
   in any case; the typed text is taken as typed and in its NFKC form with
   runs of spaces as one (``ＳＨＵ`` finds ``SHU``), and every dash that
   joins the parts of a name is one (:data:`DASHES`: ``旧金山-圣何塞``,
   ``旧金山–圣何塞`` and ``旧金山－圣何塞`` find ``旧金山—圣何塞``); a label or
   preferred label wins over an alias.

Nothing found raises :class:`NotFound`; several entities found raise
:class:`Ambiguous` (a :class:`NotFound`) with the candidates. Ontology terms
(``ik:``) are never taken by label. The key and label queries are saved queries
(``queries/policy/policy-labels.rq``, ``policy-entities-keyed.rq``, ``policy-entities-labelled.rq``), so
``innokg check-engine`` runs them on every engine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import HUB_SCORE, NETWORK, expand, shorten
from kg.policy.sparql import run_policy_query
from kg.user_input import ENTITY_ID, entity_reference, iri_of, language

# ENTITY_ID is kg.user_input's (the syntax of an id), named here too for the callers of resolve.
__all__ = ["DASHES", "DASH_RUN", "ENTITY_ID", "Ambiguous", "NotFound", "fold", "fold_dashes", "labels", "resolve"]

_CHUNK = 400

#: The dashes that join the parts of a name (旧金山—圣何塞, Tokyo–Yokohama), compared as one: hyphen-minus,
#: hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign, two- and three-em
#: dashes, small em dash, small and fullwidth hyphen-minus.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"

#: A run of dashes with the spaces around it, as a regular expression that Python and SPARQL's REPLACE
#: (XPath) read alike; :func:`fold_dashes` writes it ``-``. The saved query ``policy-entities-labelled``
#: holds the same expression (tests/test_labels.py checks it does).
DASH_RUN = "\\s*[" + DASHES + "]+\\s*"

_DASH_RUN = re.compile(DASH_RUN)
_ANY_DASH = re.compile("[" + DASHES + "]")


class NotFound(InnokgError):
    """No entity, or more than one, answers to a name (the HTTP service answers 404).

    Attributes
    ----------
    candidates : tuple of str
        The IRIs that answer to the name (empty when none does).
    """

    def __init__(self, message: str, candidates: Sequence[str] = ()):
        super().__init__(message)
        self.candidates = tuple(candidates)


class Ambiguous(NotFound):
    """More than one entity answers to a name (the HTTP service answers 400, not 404)."""


def labels(store, iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """Return ``{iri: {"en": ..., "zh": ...}}`` for the IRIs that have a zh or en label.

    Parameters
    ----------
    store : kg.store.GraphStore
    iris : iterable of str
        Any number; they are asked for 400 at a time.

    Returns
    -------
    dict
        Only IRIs with a label appear; each maps only the languages it has. A
        hub score record (``id:hub-score/…``), which has no label of its own, is
        named by its node in its network, as the shapes name it.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> _ = store.load(('<http://e/bj> <http://www.w3.org/2000/01/rdf-schema#label> "北京"@zh-Hans, "Beijing"@en ; '
    ...                 '<http://www.w3.org/2004/02/skos/core#prefLabel> "Peking"@en, "Pékin"@fr .').encode(), "turtle")
    >>> labels(store, ["http://e/bj", "http://e/none"])
    {'http://e/bj': {'en': 'Beijing', 'zh': '北京'}}
    """
    wanted = sorted({iri for iri in iris if iri})
    best: dict[str, dict[str, tuple[int, str]]] = {}
    for start in range(0, len(wanted), _CHUNK):
        for row in run_policy_query(store, "policy-labels", {"s": wanted[start:start + _CHUNK]}):
            literal = row["l"]
            lang = language(literal.language)
            candidate = (int(row["order"].value), literal.value)
            slot = best.setdefault(row["s"].value, {})
            if lang not in slot or candidate < slot[lang]:
                slot[lang] = candidate
    found = {iri: {lang: slot[lang][1] for lang in sorted(slot)} for iri, slot in sorted(best.items())}
    scores = [iri for iri in wanted if iri not in found and iri.startswith(HUB_SCORE)]
    return dict(sorted({**found, **_score_labels(store, scores)}.items())) if scores else found


def _score_labels(store, records: list[str]) -> dict[str, dict[str, str]]:
    """Name hub score records, which carry no labels of their own, by their node and network (as the shapes do).

    "柏龙国家技术创新中心在“创新主体网络”中的枢纽得分" / "Hub score of … in 'Innovation actors network'".
    """
    nodes = {row["s"].value: row["n"].value for start in range(0, len(records), _CHUNK)
             for row in run_policy_query(store, "policy-score-nodes", {"s": records[start:start + _CHUNK]})}
    networks = {iri: NETWORK + iri.removeprefix(HUB_SCORE).split("/", 1)[0] for iri in nodes}
    named = labels(store, set(nodes.values()) | set(networks.values()))
    found = {}
    for iri, node in nodes.items():
        node_names, network_names = named.get(node, {}), named.get(networks[iri], {})
        zh_node, en_node = node_names.get("zh", node_names.get("en")), node_names.get("en", node_names.get("zh"))
        zh_net, en_net = network_names.get("zh", network_names.get("en")), network_names.get("en", network_names.get("zh"))
        if zh_node and zh_net:
            found[iri] = {"en": f"Hub score of {en_node} in '{en_net}'", "zh": f"{zh_node}在“{zh_net}”中的枢纽得分"}
    return found


def fold(text: str) -> str:
    """Write a name as names are compared: NFKC, spaces collapsed, lower case, each run of dashes ``-``.

    The one folding of a name: :func:`resolve`, the label search (:mod:`kg.search_index`) and the
    importer's matching (:mod:`kg.importing.reconcile`) all use it. Case is folded with ``str.lower``,
    not ``str.casefold``, because the store's side of a comparison is SPARQL's ``LCASE``, the Unicode
    lower-case mapping, which ``lower`` is: ``Straße`` stays ``straße`` (casefold would make it
    ``strasse``, which ``LCASE`` of the stored label never equals), so a name the importer matches is
    one :func:`resolve` and the search find too. ASCII text (half the labels) takes a quicker way:
    NFKC leaves it as it is, and a lone dash between letters (``bench-firm-1``) folds to itself.

    Examples
    --------
    >>> fold("  Ｓｈａｎｇｈａｉ   University "), fold("上海大学"), fold("Straße"), fold("ΟΔΟΣ")
    ('shanghai university', '上海大学', 'straße', 'οδος')
    >>> {fold(name) for name in ("旧金山—圣何塞", "旧金山-圣何塞", "旧金山–圣何塞", "旧金山－圣何塞", "旧金山——圣何塞")}
    {'旧金山-圣何塞'}
    >>> fold("Tokyo – Yokohama"), fold("Bench-Firm-1")
    ('tokyo-yokohama', 'bench-firm-1')
    """
    if text.isascii():
        folded = " ".join(text.lower().split())
        return fold_dashes(folded) if "-" in folded and (" " in folded or "--" in folded) else folded
    folded = " ".join(unicodedata.normalize("NFKC", text).split()).lower()
    return fold_dashes(folded) if _ANY_DASH.search(folded) else folded


def fold_dashes(text: str) -> str:
    """Write each run of :data:`DASHES` in ``text``, with the spaces around it, as one ``-``.

    Examples
    --------
    >>> fold_dashes("Shenzhen – Hong Kong—Guangzhou"), fold_dashes("no dash")
    ('Shenzhen-Hong Kong-Guangzhou', 'no dash')
    """
    return _DASH_RUN.sub("-", text)


def resolve(store, text: str, kind: str | Sequence[str] | None = None, *, what: str = "entity") -> str:
    """Return the one IRI that ``text`` names: an IRI, a prefixed name, an entity id, a key, a label or an alias.

    Parameters
    ----------
    store : kg.store.GraphStore
    text : str
        What a person typed (see the module's rules).
    kind : str or sequence of str, optional
        A class (IRI or prefixed name), or several: a name then only counts
        for instances of them or of their subclasses. IRIs and ids are taken
        as given.
    what : str
        What is looked for, for the messages (``actor``, ``index`` ...).

    Raises
    ------
    NotFound
        When nothing answers to ``text``.
    Ambiguous
        When more than one entity does; ``candidates`` lists them.
    kg.user_input.InvalidParameter
        When ``text`` is meant as an IRI but is not a valid one.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> store = build_memory()
    >>> resolve(store, "Shanghai University") == resolve(store, "上海大学") == resolve(store, "ＳＨＵ")
    True
    >>> resolve(store, "org/shanghai-university") == resolve(store, "id:org/shanghai-university")
    True
    >>> resolve(store, "gis100", "ik:RankingIndex")
    'https://w3id.org/innokg/id/index/gis100'
    >>> resolve(store, "Atlantis", what="actor")
    Traceback (most recent call last):
    kg.labels.NotFound: no actor is labelled 'Atlantis'
    """
    name = text.strip()
    if not name:
        raise NotFound(f"give the name or IRI of {'an' if what[:1] in 'aeiou' else 'a'} {what}")
    iri = iri_of(name, what)
    if iri is not None:
        if not _mentioned(store, iri):
            raise NotFound(f"the graph says nothing about <{iri}>")
        return iri
    as_id = entity_reference(name, what) if ENTITY_ID.fullmatch(name) else None
    if as_id is not None and _mentioned(store, as_id):
        return as_id
    ranks = _labelled(store, name, kind)
    if not ranks:
        if as_id is not None:
            raise NotFound(f"the graph says nothing about <{as_id}>")
        raise NotFound(f"no {what} is labelled {name!r}")
    best = max(ranks.values())
    found = sorted(iri for iri, rank in ranks.items() if rank == best)
    if len(found) > 1:
        raise Ambiguous(f"{name!r} names {len(found)} entities: {', '.join(shorten(i) for i in found)}; give an IRI",
                        found)
    return found[0]


def _mentioned(store, iri: str) -> bool:
    return bool(run_policy_query(store, "policy-entity-mentioned", {"e": ox.NamedNode(iri)}))


def _labelled(store, name: str, kind: str | Sequence[str] | None) -> dict[str, int]:
    """IRI -> 2 (key), 1 (label or preferred label) or 0 (alias) for the entities ``name`` names.

    A key wins, so the labels (a scan of every label: seconds on a big store)
    are only asked for when no entity of ``kind`` has ``name`` as its key.
    A function of its own, so that no query result is left in the frame of
    :func:`resolve` when it raises (pyoxigraph results must be dropped on the
    thread that made them, and a kept traceback may outlive it).
    """
    classes = [expand(c) for c in ([kind] if isinstance(kind, str) else kind or ())]
    keyed = {row["s"].value: 2 for row in run_policy_query(store, "policy-entities-keyed", {"key": ox.Literal(name)})}
    ranks = _of_classes(store, keyed, classes)
    if ranks:
        return ranks
    for needle in sorted({fold(name), " ".join(name.split()).lower()}):
        for row in run_policy_query(store, "policy-entities-labelled", {"needle": ox.Literal(needle)}):
            iri = row["s"].value
            ranks[iri] = max(ranks.get(iri, 0), int(row["preferred"].value))
    return _of_classes(store, ranks, classes)


def _of_classes(store, ranks: dict[str, int], classes: list[str]) -> dict[str, int]:
    """The entries of ``ranks`` whose IRI is an instance of one of ``classes`` (all of them when none is given)."""
    if not classes or not ranks:
        return ranks
    keep = {row["s"].value for row in run_policy_query(store, "policy-instances-of", {"s": ranks, "c": classes})}
    return {iri: rank for iri, rank in ranks.items() if iri in keep}
