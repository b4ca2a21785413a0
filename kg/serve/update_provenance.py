"""Record what a SPARQL update wrote: an ``ik:SparqlUpdate`` activity in ``graph/updates``.

A SPARQL update accepted by ``innokg serve --allow-update`` bypasses the
checks ``innokg import`` runs (SHACL, hygiene, a cited source). So that a
graph it wrote never passes for curated data, every accepted update is
recorded in the named graph :data:`UPDATES_GRAPH`: when it ended, the
SHA-256 of its text, and each named graph that the update left without a
description (no ``ik:FactGraph``), linked to it by ``prov:wasGeneratedBy``.
``innokg validate`` then names, for each such graph, the update that wrote it.

The record is a second transaction after the update's own: an update whose
process is killed between the two lands without its record, and validate
reports its graphs as having no provenance at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pyoxigraph as ox

from kg.namespaces import GRAPH, ID, IK, ONTOLOGY_GRAPH, PREFIXES, RDF, RDFS, XSD
from kg.serve.update_receipt import RECEIPT_GRAPH

__all__ = ["UPDATES_GRAPH", "undescribed_graphs", "record_update"]

#: The named graph that records every accepted SPARQL update.
UPDATES_GRAPH = GRAPH + "updates"
_SPDX = "http://spdx.org/rdf/terms#"
_PROV = PREFIXES["prov"]
_UNDESCRIBED = f"""
SELECT ?g WHERE {{
  FILTER NOT EXISTS {{ ?g a <{IK}FactGraph> }}
  FILTER NOT EXISTS {{ GRAPH ?record {{ ?g <{_PROV}wasGeneratedBy> ?earlier . ?earlier a <{IK}SparqlUpdate> }} }}
}} ORDER BY ?g
"""


def undescribed_graphs(store) -> list[str]:
    """The named graphs with data but no ``ik:FactGraph`` description and no recorded update, sorted.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> store.update("INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> 1 } }")
    >>> undescribed_graphs(store)
    ['http://e/g']
    """
    candidates = [ox.NamedNode(name) for name in store.named_graphs()  # the store's list, not a scan of every quad
                  if name not in (ONTOLOGY_GRAPH, UPDATES_GRAPH, RECEIPT_GRAPH) and not name.startswith(GRAPH + "metrics/")]
    if not candidates:
        return []
    values = " ".join(str(node) for node in candidates)
    query = _UNDESCRIBED.replace("SELECT ?g WHERE {", f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }}", 1)
    return [row["g"].value for row in store.query(query)]


def record_update(store, text: str, *, when: dt.datetime | None = None, before: str = "") -> str:
    """Record an accepted update in :data:`UPDATES_GRAPH`; return the activity's IRI.

    Parameters
    ----------
    store : kg.store.GraphStore
        The store the update ran on (it has run already).
    text : str
        The update as the client sent it.
    when : datetime.datetime, optional
        When it ended (now, in UTC, by default).
    before : str, optional
        SPARQL update operations, ending in ``;``, run in the same transaction as the record
        (``innokg serve`` drops the update's receipt there).

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> import datetime as dt
    >>> store = OxigraphStore.memory()
    >>> update = "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> 1 } }"
    >>> store.update(update)
    >>> record_update(store, update, when=dt.datetime(2026, 1, 2, 3, 4, 5))
    'https://w3id.org/innokg/id/update/20260102T030405-43fc0bbadc0c'
    >>> undescribed_graphs(store)
    []
    """
    when = when or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    activity = ox.NamedNode(f"{ID}update/{when.strftime('%Y%m%dT%H%M%S')}-{digest[:12]}")
    checksum = ox.BlankNode()
    graph = ox.NamedNode(UPDATES_GRAPH)
    stamp = ox.Literal(when.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    written = undescribed_graphs(store)
    triples = [
        (activity, RDF + "type", ox.NamedNode(IK + "SparqlUpdate")),
        (activity, RDFS + "label", ox.Literal(f"SPARQL 更新 {when.isoformat()}", language="zh-Hans")),
        (activity, RDFS + "label", ox.Literal(f"SPARQL update at {when.isoformat()}", language="en")),
        (activity, _PROV + "endedAtTime", stamp),
        (activity, _SPDX + "checksum", checksum),
        (checksum, RDF + "type", ox.NamedNode(_SPDX + "Checksum")),
        (checksum, _SPDX + "algorithm", ox.NamedNode(_SPDX + "checksumAlgorithm_sha256")),
        (checksum, _SPDX + "checksumValue", ox.Literal(digest)),
    ]
    triples += [(ox.NamedNode(name), _PROV + "wasGeneratedBy", activity) for name in written]
    data = " ".join(f"{s} <{p}> {o} ." for s, p, o in triples)
    store.update(f"{before} INSERT DATA {{ GRAPH {graph} {{ {data} }} }}")
    return activity.value
